"""Every user-facing string of the app comes from locales/ui.toml (ja and en), and English pages show English."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from simulator.i18n import catalogue, t
from tests.app.test_app import start
from tests.conftest import APP, ROOT

JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
ENGLISH_WORD = re.compile(r"[A-Za-z]{3,}")
# Unit glyphs and language names chosen by language inside these helpers (each has its English twin there).
BILINGUAL_HELPERS = {"fmt.py", "defaults.py", "errors.py", "sidebar.py"}
# Labels that are deliberately in both languages (the language switch, the money-unit switch).
BILINGUAL_LABELS = {t("ui.side.language", "ja")}


def _literals(path: Path) -> list[tuple[int, str]]:
    """String constants of a module that are not docstrings."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs = {id(n.body[0].value) for n in ast.walk(tree)
            if isinstance(n, ast.Module | ast.FunctionDef | ast.ClassDef) and n.body
            and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}
    return [(n.lineno, n.value) for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docs]


def test_no_japanese_text_hard_coded_in_the_pages():
    found = [f"{p.name}:{line}: {text!r}"
             for p in [APP, *(ROOT / "simulator" / "ui").glob("*.py")] if p.name not in BILINGUAL_HELPERS
             for line, text in _literals(p) if JAPANESE.search(text)]
    assert found == [], "put these in simulator/locales/ui.toml"


def test_every_ui_message_has_both_languages():
    for key, message in catalogue().items():
        if key.startswith("ui."):
            assert message["ja"].strip() and message["en"].strip(), key


@pytest.mark.parametrize("page", ["step1", "step2", "step3"])
def test_english_pages_label_their_inputs_and_metrics_in_english(page):
    at = start("en", page)
    labels = [w.label for kind in ("number_input", "text_input", "selectbox", "checkbox", "radio", "text_area")
              for w in getattr(at, kind)]
    labels += [m.label for m in at.metric] + [tab.label for tab in at.tabs]
    # an English label may quote the Japanese term, e.g. "Municipal plan volume (見込量)"
    japanese = [x for x in labels if JAPANESE.search(x) and not ENGLISH_WORD.search(x) and x not in BILINGUAL_LABELS]
    assert japanese == []


def test_number_inputs_name_their_unit():
    """Every number input says its unit in its label (万円, %, 人・床, か月 …) or is a plain count or ratio."""
    unitless_ok = {t(k, "ja") for k in ("ui.risk.trials",)}
    for page in ("step1", "step2"):
        at = start("ja", page)
        missing = [w.label for w in at.number_input if not w.label.endswith("）") and w.label not in unitless_ok
                   and not any(m in w.label for m in ("要支援", "要介護"))]  # care mix: % in the form title
        assert missing == [], page
