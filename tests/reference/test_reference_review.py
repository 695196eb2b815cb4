"""The 2027-04 介護報酬改定 cannot pass unnoticed: every parameter a revision changes has review_by ≤ 2027-04-01,
so tests/reference/test_reference_meta.py::test_no_reference_data_is_stale_today fails from 2027-04-02 until the
new tables are entered (the next regular revision is 令和9年度, 2027-04-01; 地域区分 令和6〜8年度 end 2027-03-31).
"""

from __future__ import annotations

import datetime as dt

from simulator.reference import catalogue
from simulator.reference.review import stale_parameters

NEXT_REVISION = dt.date(2027, 4, 1)
REVISED_FAMILIES = ("fee.", "add_on.", "wage_improvement.", "region.", "loan.", "subsidy.", "staffing.")


def test_every_revised_parameter_is_due_for_review_by_the_2027_revision():
    missing = [p.id for p in catalogue().values()
               if p.id.startswith(REVISED_FAMILIES) and (p.review_by is None or p.review_by > NEXT_REVISION)]
    assert missing == []


def test_the_staleness_check_fails_the_day_after_the_revision():
    stale = stale_parameters(NEXT_REVISION + dt.timedelta(days=1))
    for pid in ("fee.tokuyo.base_units", "wage_improvement.tokuyo.rate", "region.municipality.grades_3_7",
                "region.uplift", "loan.wam_fixed_rate.welfare"):
        assert pid in stale
    assert stale_parameters(NEXT_REVISION) == []  # still fine on the day itself
