"""Architecture rules that keep the model free of the UI and of code execution."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MODEL_FILES = [p for p in (ROOT / "simulator").rglob("*.py") if "ui" not in p.relative_to(ROOT / "simulator").parts]


def test_model_never_imports_streamlit():
    offenders = [p.name for p in MODEL_FILES if re.search(r"^\s*(import|from)\s+streamlit", p.read_text(), re.M)]
    assert offenders == []


def test_no_code_execution_from_input():
    pattern = re.compile(r"\bpickle\b|\beval\(|\bexec\(|yaml\.load\(|marshal\.loads")
    files = list((ROOT / "simulator").rglob("*.py")) + [ROOT / "app.py"]
    offenders = [str(p) for p in files if p.exists() and pattern.search(p.read_text())]
    assert offenders == []
