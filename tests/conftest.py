"""Shared fixtures for the app tests (AppTest and browser), and the hypothesis profile for CI."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

# CI runs the same examples on every run (a red CI blocks everything), while runs on a developer's
# machine draw new ones and keep what fails in .hypothesis/ to replay: that is where new edge cases
# are found. Each property test sets its own example count.
settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI"):
    settings.load_profile("ci")

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "app.py"
PAGES = {
    "home": "simulator/ui/page_home.py",
    "step1": "simulator/ui/page_step1.py",
    "step2": "simulator/ui/page_step2.py",
    "step3": "simulator/ui/page_step3.py",
    "library": "simulator/ui/page_library.py",
}


@pytest.fixture
def library_dir(tmp_path, monkeypatch):
    """A private, empty scenario library for the test (never the user's data folder)."""
    monkeypatch.setenv("KAIGO_SIM_DATA", str(tmp_path / "library"))
    return tmp_path / "library"
