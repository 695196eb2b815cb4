"""wage.monthly: the pay by role matches the 令和6年度介護従事者処遇状況等調査 figures it cites, and what was not
read in the survey says so (ASSUMPTION / proxy in the entry's note).

Figures read (R6.9, 月給・常勤, 介護職員等処遇改善加算を取得している事業所):
- 介護職員 338,200 円; 介護福祉士 (保有資格別, 統計表第89表) 350,050 円 — 概要 p.18,
  https://wic-net.com/material/document/19262/18
- 介護支援専門員 375,410 円 (統計表第70表) — みらいケア, https://www.miraicare.jp/column/care-manager
- 生活相談員・支援相談員 353,950 円 (R5.9 340,150 円) — 介護研修, https://kaigokensyu.com/kaigokyujin/soudanin.html
"""

from __future__ import annotations

import datetime as dt

from simulator.reference import lookup, wage

ON = dt.date(2026, 4, 1)  # the entry valid from 2024-10-01 (R6.9 survey)


def test_the_surveyed_roles_have_the_surveys_figures():
    assert wage("care_worker", on=ON) == 338_200  # 介護職員 (概要 p.18)
    assert wage("care_manager", on=ON) == 375_410  # 介護支援専門員 by role, not 388,080 (care workers who hold it)
    assert wage("counsellor", on=ON) == 353_950  # 生活相談員・支援相談員 by role, not 397,620 (社会福祉士 care workers)
    assert wage("service_lead", on=ON) == 350_050  # proxy: 介護福祉士 care workers (no サ責 row)
    assert wage("night_staff", on=ON) == wage("care_worker", on=ON)  # night posts are care workers


def test_the_roles_not_read_stay_marked_as_assumptions():
    found = lookup("wage.monthly", ON)
    assert found.valid_from == dt.date(2024, 10, 1)
    assert {wage(r, on=ON) for r in ("nurse", "therapist", "nutritionist", "manager", "office")} == {
        400_000, 380_000, 320_000, 450_000, 300_000}
    note = found.note or ""
    assert "stay ASSUMPTIONS" in note and "manager 450,000 stays an ASSUMPTION" in note
    assert "no 管理者 row" in note
    urls = {str(s.url) for s in (found.source, *found.sources)}
    assert {"https://wic-net.com/material/document/19262/18", "https://www.miraicare.jp/column/care-manager",
            "https://kaigokensyu.com/kaigokyujin/soudanin.html"} <= urls
