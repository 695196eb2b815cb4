"""docs/parameters.md is generated from the reference data and must be current."""

from simulator.reference import catalogue
from simulator.reference.docgen import DOC_PATH, render


def test_parameters_page_is_up_to_date():
    assert DOC_PATH.read_text(encoding="utf-8") == render(), "run: python -m simulator.reference.docgen"


def test_every_parameter_is_on_the_page():
    page = render()
    missing = [pid for pid in catalogue() if f"### `{pid}`" not in page]
    assert missing == []
