"""Tests live in feature folders (tests/engine, tests/paths, tests/risk …): none at the top of tests/.

Only shared support stays there: conftest.py (its folder is on sys.path), expected_results.py (the
stored results' writer, imported by tests/examples) and the hostile/ and data/ folders.
"""

from __future__ import annotations

from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
SUPPORT = {"conftest.py", "expected_results.py"}


def test_no_test_module_at_the_top_of_tests():
    loose = sorted(p.name for p in TESTS.glob("*.py") if p.name not in SUPPORT)
    assert not loose, f"move these into a feature folder of tests/ (engine, paths, risk, report …): {loose}"


def test_every_feature_folder_holds_tests():
    folders = [p for p in TESTS.iterdir() if p.is_dir() and p.name not in {"hostile", "data", "__pycache__"}]
    assert len(folders) >= 8
    assert all(list(p.glob("test_*.py")) for p in folders), [p.name for p in folders if not list(p.glob("test_*.py"))]
