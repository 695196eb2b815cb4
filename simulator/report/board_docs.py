"""The decision documents of the pack: 事業計画の概要 (one page), the lender tests (DSCR and 債務償還年数 per
fiscal year against their thresholds, break-even occupancy, fill-up months, the stress pack) and the
理事会資料 with its 議案 text (社会福祉法 第45条の13第4項: 多額の借財 and 重要な財産の処分・譲受け are decided by
the 理事会 and cannot be delegated)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from simulator.decision import format_check
from simulator.engine.lender import OPERATING_PHASES, PHASES, STATUSES, base_phases
from simulator.format import finite
from simulator.i18n import t
from simulator.report.documents import Document, Line, Table
from simulator.report.labels import fmt_metric, fmt_pct, metric_label
from simulator.report.plan_docs import opening_year, shown_years, year_heads
from simulator.scenario import BusinessTransfer, CapacityIncrease, CorpType, Merger, NewService

if TYPE_CHECKING:
    from simulator.report.data import ReportData

OVERVIEW_METRICS = ("npv_yen", "irr", "payback_month", "lowest_cash_yen", "dscr_min", "break_even_occupancy",
                    "initial_investment_yen", "fte_added")
STRESS_METRICS = ("npv_yen", "lowest_cash_yen", "dscr_min")
OPERATING = tuple(PHASES[i] for i in OPERATING_PHASES)  # the years the verdict tests DSCR in


def _metric_text(data: ReportData, key: str) -> str:
    value = data.result.metrics.get(key)
    if key.endswith("_yen"):
        return data.money.text(finite(value))
    return fmt_metric(key, value, data.lang)


def amounts(data: ReportData) -> dict[str, float]:
    """Investment, loans, subsidies and own funds of the 資金計画 (yen)."""
    funding = data.document("funding").tables[0]
    uses = funding.lines[[i for i, line in enumerate(funding.lines) if line.kind == "total"][0]].values[0] or 0.0
    f = data.scenario.financing
    loans = float(sum(loan.amount_yen for loan in f.loans))
    subsidies = float(sum(s.amount_yen for s in f.subsidies))
    return {"uses": float(uses), "loans": loans, "subsidies": subsidies, "own": float(uses) - loans - subsidies}


def overview_document(data: ReportData, number: int) -> Document:
    lang, s = data.lang, data.scenario
    money = data.money
    purpose = s.organisation.management_policy or s.meta.notes or t("pack.overview.no_purpose", lang)
    found = amounts(data)
    intro = [t("pack.overview.purpose", lang, purpose=purpose)]
    intro += ["・" + text for text in data.path_texts()]
    intro.append(t("pack.overview.amounts", lang, uses=money.text(found["uses"]), loans=money.text(found["loans"]),
                   subsidies=money.text(found["subsidies"]), own=money.text(found["own"])))
    intro.append(t("pack.overview.verdict", lang, verdict=data.decision.label(lang)))
    lines = [Line(metric_label(k, lang), texts=(_metric_text(data, k),), unit="text")
             for k in OVERVIEW_METRICS if k in data.result.metrics]
    if data.risk is not None and data.risk.shortfall_probability is not None:
        lines.append(Line(metric_label("shortfall_probability", lang),
                          texts=(fmt_pct(data.risk.shortfall_probability, lang),), unit="text"))
    table = Table(head=t("report.head.item", lang), columns=(t("report.head.value", lang),), lines=tuple(lines),
                  title=t("report.section.key_figures", lang))
    notes = [t("pack.overview.asked", lang, items=t("pack.list_sep", lang).join(resolutions(data)))]
    return Document("overview", t("pack.doc.overview", lang, n=number), t("pack.sheet.overview", lang),
                    intro=tuple(intro), tables=(table,), notes=tuple(notes),
                    extra={"reasons": data.decision_lines()})


def resolutions(data: ReportData) -> list[str]:
    """What the 理事会 is asked to decide, one short item each."""
    lang, s = data.lang, data.scenario
    items = []
    for path in s.paths:
        label = path.label or t(f"pack.path_kind.{path.kind}", lang)
        if isinstance(path, CapacityIncrease | NewService):
            items.append(t("pack.resolve.build", lang, label=label))
        elif isinstance(path, Merger):
            items.append(t("pack.resolve.merger", lang, label=label, partner=path.partner.name or "—"))
        elif isinstance(path, BusinessTransfer):
            key = "pack.resolve.acquire" if path.role == "buyer" else "pack.resolve.dispose"
            items.append(t(key, lang, label=label, business=path.business.name or "—"))
    for loan in s.financing.loans:
        items.append(t("pack.resolve.loan", lang, name=loan.name or "—", amount=data.money.text(loan.amount_yen)))
    return items or [t("pack.resolve.none", lang)]


# ---- lender tests -------------------------------------------------------------------------------------


def _phase_names(data: ReportData, years: list[int]) -> list[str]:
    """Phase of each fiscal year (engine/lender.py PHASES) as the verdict reads it: DSCR is tested in the
    fill-up and stable years, 債務償還年数 in the first stable year. A result without its projection falls back
    on the annual table's ``operating_year`` (the same definition; fill-up years then read as stable)."""
    proj, a = data.result.projection, data.annual
    if proj is not None:
        found = dict(zip(a.index, base_phases(proj), strict=True))
        return [PHASES[int(found[y])] for y in years]
    flags = a["operating_year"] if "operating_year" in a.columns else None
    return ["stable" if flags is None or flags[y] else "opening" for y in years]


def _not_tested(data: ReportData, phase: str) -> str:
    """The cell of a year the verdict does not test: 建設・準備期間 (a plan that builds) or 準備期間 before
    the plan operates, the opening year, a part year."""
    if phase == "before" and not any(isinstance(p, CapacityIncrease | NewService) for p in data.scenario.paths):
        phase = "preparation"
    return t(f"pack.lender.phase.{phase}", data.lang)


def _outcome(data: ReportData, passed: bool, phase: str) -> str:
    text = t("report.check.pass" if passed else "report.check.fail", data.lang)
    return t("pack.lender.fill_up_cell", data.lang, outcome=text) if phase == "fill_up" else text


def _dscr_test(data: ReportData, years: list[int], phases: list[str], min_dscr: float) -> tuple[str, ...]:
    """合否 of each year's DSCR in exactly the years the verdict tests (dscr_min over the operating years:
    fill-up and stable); an operating year without a repayment source fails as the verdict fails it; a year
    without debt service shows "—"; a year before the plan operates a full year is marked not tested."""
    a, out = data.annual, []
    for year, phase in zip(years, phases, strict=True):
        value = finite(a.at[year, "dscr"]) if "dscr" in a.columns else None
        status = finite(a.at[year, "lender_status"]) if "lender_status" in a.columns else None
        if phase not in OPERATING:
            out.append(_not_tested(data, phase))
        elif status == STATUSES.index("no_repayment_source"):
            out.append(_outcome(data, False, phase))
        elif value is None:
            out.append("—")
        else:
            out.append(_outcome(data, value >= min_dscr, phase))
    return tuple(out)


def _debt_years_test(data: ReportData, years: list[int], phases: list[str], values: tuple[float | None, ...],
                     max_years: float) -> tuple[str, ...]:
    """合否 of 債務償還年数 as the verdict tests it: in the first stable year against ``max_years``, and in any
    operating year without a repayment source while net debt remains (fails); the other operating years are
    shown for reference (参考), the years before the plan operates a full year are marked not tested."""
    a, lang = data.annual, data.lang
    stable = next((y for y, phase in zip(years, phases, strict=True) if phase == "stable"), None)
    out = []
    for year, phase, value in zip(years, phases, values, strict=True):
        net_debt = finite(a.at[year, "net_debt_yen"]) if "net_debt_yen" in a.columns else None
        if phase not in OPERATING:
            out.append(_not_tested(data, phase))
        elif value is None and (net_debt or 0.0) > 0.5:
            out.append(_outcome(data, False, phase))
        elif year != stable:
            out.append(t("pack.lender.reference_cell", lang))
        elif value is None:
            out.append("—")
        else:
            out.append(t("report.check.pass" if value <= max_years else "report.check.fail", lang))
    return tuple(out)


def lender_document(data: ReportData, number: int) -> Document:
    lang, a = data.lang, data.annual
    years = shown_years(data)
    phases = _phase_names(data, years)
    criteria = data.scenario.workflow.criteria
    min_dscr = float(criteria.min_dscr)
    max_years = finite(getattr(criteria, "max_debt_repayment_years", None))
    dscr = tuple(finite(a.at[y, "dscr"]) if "dscr" in a.columns else None for y in years)
    # the engine's per-year 債務償還年数 (engine/lender.py, its definition cited in reference/finance.toml);
    # a table without it (a Result from an older contract) shows n/a rather than a second definition
    has_years = "debt_repayment_years" in a.columns
    years_values = tuple(finite(a.at[y, "debt_repayment_years"]) if has_years else None for y in years)
    lines = [Line(t("pack.lender.dscr", lang), dscr, unit="number"),
             Line(t("pack.lender.dscr_min", lang, threshold=f"{min_dscr:.2f}"),
                  tuple(min_dscr if v is not None else None for v in dscr), kind="memo", unit="number"),
             Line(t("pack.lender.dscr_test", lang), texts=_dscr_test(data, years, phases, min_dscr), unit="text"),
             Line(t("pack.lender.debt_years", lang), years_values, unit="years")]
    if max_years is not None:
        lines.append(Line(t("pack.lender.debt_years_max", lang, threshold=f"{max_years:g}"),
                          tuple(max_years for _ in years), kind="memo", unit="years"))
        lines.append(Line(t("pack.lender.debt_years_test", lang), texts=_debt_years_test(data, years, phases,
                                                                                   years_values, max_years),
                          unit="text"))
    lines.append(Line(t("pack.lender.debt", lang), tuple(float(a["debt_yen"][y]) for y in years), kind="memo"))
    per_year = Table(head=t("pack.head.measure", lang), columns=year_heads(data, years), lines=tuple(lines),
                     wide=True, title=t("pack.lender.per_year", lang, unit=data.money.label))
    key = [Line(metric_label("break_even_occupancy", lang),
                texts=(fmt_metric("break_even_occupancy", data.result.metrics.get("break_even_occupancy"), lang),),
                unit="text"),
           Line(t("pack.lender.fill_up", lang), texts=(_fill_up(data),), unit="text"),
           Line(metric_label("lowest_cash_yen", lang), texts=(_metric_text(data, "lowest_cash_yen"),), unit="text"),
           Line(t("pack.lender.opening_year", lang), texts=(t("pack.fiscal_year", lang, year=opening_year(data)),),
                unit="text")]
    tables = [per_year, Table(head=t("report.head.item", lang), columns=(t("report.head.value", lang),),
                              lines=tuple(key), title=t("pack.lender.key", lang))]
    stress = _stress_table(data)
    notes = [t("pack.lender.dscr_note", lang), t("pack.lender.debt_years_note", lang), _tested_note(data)]
    if max_years is None:
        notes.append(t("pack.lender.debt_years_no_threshold", lang))
    if stress is not None:
        tables.append(stress)
    else:
        notes.append(t("pack.lender.no_stress", lang))
    return Document("lender", t("pack.doc.lender", lang, n=number), t("pack.sheet.lender", lang),
                    intro=(t("pack.lender.intro", lang),), tables=tuple(tables), notes=tuple(notes))


def _tested_note(data: ReportData) -> str:
    """Which years the 合否 rows test (the verdict's years), with the year 債務償還年数 is read in."""
    stable = finite(data.result.metrics.get("debt_repayment_stable_year"))
    year = t("pack.fiscal_year", data.lang, year=int(stable)) if stable is not None else "—"
    return t("pack.lender.tested_note", data.lang, year=year)


def _fill_up(data: ReportData) -> str:
    parts = []
    for path in data.scenario.paths:
        if isinstance(path, CapacityIncrease | NewService):
            parts.append(t("pack.lender.fill_up_path", data.lang, label=path.label or "—",
                           start=fmt_pct(path.ramp.start, data.lang, 0), ceiling=fmt_pct(path.ramp.ceiling, data.lang, 0),
                           months=f"{path.ramp.months_to_ceiling:g}"))
    return t("pack.list_sep", data.lang).join(parts) or "—"


def _stress_table(data: ReportData) -> Table | None:
    risk = data.risk
    if risk is None or risk.stress is None:
        return None
    frame, lang = risk.stress, data.lang
    keys = [k for k in STRESS_METRICS if k in frame.columns]
    lines = []
    for case in frame.index:
        cells = []
        for k in keys:
            value = finite(frame.at[case, k])
            cells.append(data.money.text(value) if k.endswith("_yen") else fmt_metric(k, value, lang))
        lines.append(Line(str(case), texts=tuple(cells), unit="text"))
    return Table(head=t("report.head.case", lang), columns=tuple(metric_label(k, lang) for k in keys),
                 lines=tuple(lines), title=t("pack.lender.stress", lang))


# ---- 理事会資料 ---------------------------------------------------------------------------------------


def board_document(data: ReportData, number: int) -> Document:
    """The 議案 for the 理事会 of a 社会福祉法人 (社会福祉法 第45条の13第4項), or for a company's 取締役会
    (会社法 第362条第4項: the same two matters)."""
    lang, s = data.lang, data.scenario
    welfare = s.organisation.corp_type == CorpType.social_welfare
    org = s.organisation.name or t("pack.board.the_corporation", lang)
    intro = [t("pack.board.motion_title", lang, title=s.meta.title),
             t("pack.board.motion" if welfare else "pack.board.motion_company", lang, org=org, title=s.meta.title)]
    intro += [f"{i}. {item}" for i, item in enumerate(resolutions(data), 1)]
    intro.append(t("pack.board.law" if welfare else "pack.board.law_company", lang))
    lines = []
    for loan in s.financing.loans:
        lines.append(Line(loan.name or "—", texts=(
            data.money.text(loan.amount_yen), f"{loan.annual_rate * 100:.2f}%",
            t("pack.board.term", lang, years=loan.years, grace=loan.grace_months),
            t(f"report.loan.{loan.method}", lang)), unit="text"))
    tables = []
    if lines:
        heads = tuple(t(f"pack.board.col.{c}", lang) for c in ("amount", "rate", "term", "method"))
        tables.append(Table(head=t("pack.board.col.lender", lang), columns=heads, lines=tuple(lines),
                            title=t("pack.board.loans", lang)))
    found = amounts(data)
    notes = [t("pack.board.funding", lang, uses=data.money.text(found["uses"]), own=data.money.text(found["own"]),
               loans=data.money.text(found["loans"]), subsidies=data.money.text(found["subsidies"]))]
    notes.append(t("pack.board.verdict", lang, verdict=data.decision.label(lang)))
    conditions = data.decision.conditions(lang)
    if conditions:  # the levers that meet the failing criteria, with their amounts, then those criteria
        notes.append(t("pack.board.conditions", lang))
        failed = [c for c in data.decision.checks if c.passed is False]
        notes += ["・" + line for line in conditions]
        notes += ["・" + format_check(c, lang, data.money.text) for c in failed]
    notes.append(t("pack.board.risks", lang))
    notes += ["・" + text for text in risk_lines(data)]
    heading = "pack.doc.board" if welfare else "pack.doc.board_company"
    return Document("board", t(heading, lang, n=number), t("pack.sheet.board", lang),
                    intro=tuple(intro), tables=tuple(tables), notes=tuple(notes))


def risk_lines(data: ReportData) -> list[str]:
    """The main risks in words: the stress cases that fail the DSCR or the cash floor, the largest tornado
    swings; the base case's own weak points when no risk analysis ran."""
    lang, risk = data.lang, data.risk
    out = []
    floor = data.scenario.assumptions.cash_floor_yen
    min_dscr = data.scenario.workflow.criteria.min_dscr
    if risk is not None and risk.stress_without_base is not None:
        for case, row in risk.stress_without_base.iterrows():
            dscr, cash = finite(row.get("dscr_min")), finite(row.get("lowest_cash_yen"))
            if (dscr is not None and dscr < min_dscr) or (cash is not None and cash < floor):
                out.append(t("pack.board.risk_stress", lang, case=case,
                             dscr=fmt_metric("dscr_min", dscr, lang), cash=data.money.text(cash)))
    if risk is not None and risk.tornado is not None and len(risk.tornado):
        top = risk.tornado.assign(swing=(risk.tornado["high"] - risk.tornado["low"]).abs()).nlargest(3, "swing")
        out.append(t("pack.board.risk_tornado", lang, inputs=t("pack.list_sep", lang).join(top["input"])))
    if risk is not None and risk.shortfall_probability is not None:
        out.append(t("pack.board.risk_shortfall", lang, share=fmt_pct(risk.shortfall_probability, lang)))
    if not out:
        out.append(t("pack.board.risk_none", lang))
    return out
