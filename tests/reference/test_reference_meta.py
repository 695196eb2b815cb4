"""Metadata lint over every reference value, the strict loader, and staleness via review_by."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from simulator.reference import KNOWN_UNITS, catalogue
from simulator.reference.loader import Parameter, ReferenceDataError, load_file
from simulator.reference.loader import catalogue as load_catalogue
from simulator.reference.review import stale_parameters

PARAMS = list(catalogue().values())


def test_catalogue_is_not_empty():
    assert len(PARAMS) > 150


@pytest.mark.parametrize("param", PARAMS, ids=lambda p: p.id)
def test_every_value_is_cited_and_dated(param: Parameter):
    assert param.unit in KNOWN_UNITS
    assert len(param.description) >= 3 and param.description_en, "descriptions ja and en"
    for value in param.values:
        for source in (value.source, *value.sources):
            assert str(source.url).startswith(("http://", "https://"))
            assert len(source.title) >= 3
        assert value.confidence in {"verified", "single_source", "assumption"}
        assert value.valid_until is None or value.valid_until >= value.valid_from
        if value.confidence == "assumption":
            assert value.note, f"{param.id}: an assumption must say why in its note"
    starts = [v.valid_from for v in param.values]
    assert starts == sorted(starts)


@pytest.mark.parametrize("param", PARAMS, ids=lambda p: p.id)
def test_tables_have_their_breakdown_named(param: Parameter):
    # a table value must say what its keys are (breakdown), except labels (rule sets, profiles)
    for value in param.values:
        if isinstance(value.value, dict) and param.unit != "label":
            assert param.breakdown, f"{param.id}: table value without breakdown"


def test_no_reference_data_is_stale_today():
    """Fails once a review_by date passes without a newer value: add the new 改定/survey then."""
    assert stale_parameters(dt.date.today()) == []


def _param(review_by: str, starts: list[str]) -> Parameter:
    return Parameter.model_validate(
        {
            "id": "x.y",
            "description": "テスト値",
            "unit": "ratio",
            "review_by": review_by,
            "values": [
                {
                    "valid_from": s,
                    "value": 1,
                    "confidence": "verified",
                    "source": {"title": "a source", "url": "https://example.org"},
                }
                for s in starts
            ],
        }
    )


def test_staleness_with_a_fixed_today():
    old = _param("2027-04-01", ["2024-04-01"])
    renewed = _param("2027-04-01", ["2024-04-01", "2027-04-01"])
    assert stale_parameters(dt.date(2027, 3, 31), [old]) == []
    assert stale_parameters(dt.date(2027, 4, 2), [old]) == ["x.y"]
    assert stale_parameters(dt.date(2027, 4, 2), [renewed]) == []


GOOD = """title = "t"
[[param]]
id = "a.b"
description = "説明です"
unit = "ratio"
[[param.values]]
valid_from = 2024-04-01
value = 0.5
confidence = "verified"
source = { title = "src title", url = "https://example.org", locator = "p.1" }
"""


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "x.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_loader_accepts_a_good_file(tmp_path):
    assert load_file(_write(tmp_path, GOOD)).param[0].id == "a.b"


@pytest.mark.parametrize(
    "bad",
    [
        GOOD.replace('unit = "ratio"', 'unit = "ratio"\ncolour = "red"'),  # unknown key
        GOOD.replace('source = { title = "src title", url = "https://example.org", locator = "p.1" }\n', ""),
        GOOD.replace('unit = "ratio"', 'unit = "furlongs"'),  # unknown unit
        GOOD.replace('url = "https://example.org"', 'url = "not a url"'),
        GOOD.replace('confidence = "verified"', 'confidence = "sure"'),
        GOOD.replace("valid_from = 2024-04-01", "valid_from = 2024-04-01\nvalid_until = 2024-01-01"),
        GOOD + GOOD[GOOD.index("[[param.values]]"):].replace("2024-04-01", "2024-03-01"),  # out of order
    ],
    ids=["unknown_key", "missing_source", "unknown_unit", "bad_url", "bad_confidence", "until_before_from",
         "out_of_order"],
)
def test_loader_rejects_bad_files(tmp_path, bad):
    with pytest.raises(ReferenceDataError):
        load_file(_write(tmp_path, bad))


def test_loader_rejects_overlapping_dates(tmp_path):
    overlapping = GOOD.replace("valid_from = 2024-04-01", "valid_from = 2024-04-01\nvalid_until = 2025-12-31") + (
        GOOD[GOOD.index("[[param.values]]"):].replace("2024-04-01", "2025-04-01")
    )
    with pytest.raises(ReferenceDataError, match="overlaps"):
        load_file(_write(tmp_path, overlapping))


def test_loader_rejects_an_id_defined_twice(tmp_path):
    (tmp_path / "a.toml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "b.toml").write_text(GOOD, encoding="utf-8")
    with pytest.raises(ReferenceDataError, match="defined twice"):
        load_catalogue(tmp_path)


@pytest.mark.parametrize("tier", ["I", "none"])
def test_every_service_is_priced_from_the_earliest_start_and_not_a_day_before(tier: str):
    """EARLIEST_START is the first start date the reference data price every service on (the schema refuses
    an earlier one with that date in the message): each service simulates on it, with its typical 加算; on
    the day before, the wage survey the staff are priced at is not yet in force."""
    from simulator.engine import simulate
    from simulator.reference import EARLIEST_START, wage
    from simulator.reference.loader import ParameterNotInForce
    from simulator.scenario import Scenario, ServiceId

    for service in ServiceId:
        s = Scenario.model_validate({
            "assumptions": {"start_date": EARLIEST_START, "horizon_months": 12},
            "organisation": {"services": [{"service": service.value, "capacity": 20, "add_ons": ["typical"],
                                           "wage_improvement_tier": tier}]}})
        assert simulate(s).monthly["revenue_yen"].sum() > 0, service
    with pytest.raises(ParameterNotInForce):
        wage("care_worker", on=EARLIEST_START - dt.timedelta(days=1))
