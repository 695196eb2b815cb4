"""The numbers documents of the pack: 収支計画 (社会福祉法人会計 or company accounts), the 公募-style 5-year
収支見込, 資金計画 (sources = uses), 借入金償還計画表 per loan, 償還財源内訳 and 職員配置計画.

Every figure is read from the engine's result (annual table, monthly table, staffing, projection extras) or,
for the loans' full terms, from the engine's own loan schedule (:func:`simulator.engine.financing.loan_schedule`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from simulator.engine.financing import loan_schedule
from simulator.engine.lender import fiscal_of
from simulator.engine.timeline import Timeline
from simulator.i18n import t
from simulator.report.documents import Document, Line, Table, fiscal_year_label, total
from simulator.report.labels import role_label, service_label
from simulator.scenario import BusinessTransfer, CapacityIncrease, CorpType, Loan, Merger, NewService

if TYPE_CHECKING:
    from simulator.report.data import ReportData

YEARS_SHOWN = 10  # fiscal years in the 収支計画 and the other year tables (or the horizon when shorter)
KOUBO_YEARS = 5  # years of the 公募-style 収支見込 from the opening year


def _column(annual: pd.DataFrame, name: str, years: Sequence[int]) -> tuple[float, ...]:
    if name not in annual.columns:
        return tuple(0.0 for _ in years)
    column = annual[name]
    return tuple(float(column[y]) for y in years)


def _add(*columns: tuple[float, ...]) -> tuple[float, ...]:
    return tuple(float(sum(values)) for values in zip(*columns, strict=True))


def _neg(values: tuple[float, ...]) -> tuple[float, ...]:
    return tuple(-v for v in values)


def shown_years(data: ReportData) -> list[int]:
    return [int(y) for y in data.annual.index[:YEARS_SHOWN]]


def year_heads(data: ReportData, years: Sequence[int]) -> tuple[str, ...]:
    return tuple(fiscal_year_label(y, data.lang) for y in years)


def revenue_by_service(data: ReportData, years: Sequence[int]) -> list[tuple[str, tuple[float, ...]]]:
    """(service label, 介護報酬 + 食費・居住費 per fiscal year) for each service the plan runs, from the
    engine's per-service revenue; one line of the two revenue columns when the engine kept none."""
    proj = data.result.projection
    found = proj.extras.get("revenue_by_service") if proj is not None else None
    if proj is None or not found:
        return [(t("report.col.revenue_fee_yen", data.lang), _column(data.annual, "revenue_fee_yen", years)),
                (t("report.col.revenue_hotel_yen", data.lang), _column(data.annual, "revenue_hotel_yen", years))]
    fiscal = np.where(proj.dates.month >= 4, proj.dates.year, proj.dates.year - 1)
    rows = []
    for service, monthly in found.items():
        values = np.round(np.asarray(monthly, dtype=float)[0])
        per_year = pd.Series(values).groupby(fiscal).sum()
        amounts = tuple(float(per_year.get(y, 0.0)) for y in years)
        if any(abs(a) > 0.5 for a in amounts):
            rows.append((service_label(service, data.lang), amounts))
    return rows


# ---- 収支計画 -----------------------------------------------------------------------------------------


def _pnl_lines(data: ReportData, years: Sequence[int]) -> list[Line]:
    """The 事業活動計算書 lines (社会福祉法人) or the company P&L lines, with their totals."""
    a, lang = data.annual, data.lang
    welfare = data.scenario.organisation.corp_type == CorpType.social_welfare
    k = "pack.pnl.welfare." if welfare else "pack.pnl.company."
    lines: list[Line] = [Line(t(f"{k}revenue_head", lang), kind="heading")]
    for name, values in revenue_by_service(data, years):
        lines.append(Line(t(f"{k}service_revenue", lang, service=name), values))
    other = _column(a, "revenue_other_yen", years)
    if any(abs(v) > 0.5 for v in other):
        lines.append(Line(t(f"{k}other_revenue", lang), other))
    revenue_parts = [(i, 1) for i in range(1, len(lines))]
    lines.append(total(lines, revenue_parts, t(f"{k}revenue_total", lang)))
    revenue_at = len(lines) - 1
    lines.append(Line(t(f"{k}cost_head", lang), kind="heading"))
    first_cost = len(lines)
    lines.append(Line(t(f"{k}personnel", lang), _column(a, "personnel_yen", years)))
    lines.append(Line(t(f"{k}operations", lang), _column(a, "other_costs_yen", years)))
    lines.append(Line(t(f"{k}office", lang), _add(_column(a, "recruiting_yen", years), _column(a, "rent_yen", years),
                                                _column(a, "one_off_costs_yen", years))))
    lines.append(Line(t(f"{k}depreciation", lang), _column(a, "depreciation_yen", years)))
    lines.append(Line(t(f"{k}subsidy_release", lang), _neg(_column(a, "subsidy_release_yen", years))))
    lines.append(total(lines, [(i, 1) for i in range(first_cost, len(lines))], t(f"{k}cost_total", lang)))
    cost_at = len(lines) - 1
    lines.append(total(lines, [(revenue_at, 1), (cost_at, -1)], t(f"{k}operating", lang)))
    operating_at = len(lines) - 1
    lines.append(Line(t(f"{k}interest", lang), _column(a, "interest_yen", years)))
    interest_at = len(lines) - 1
    lines.append(total(lines, [(operating_at, 1), (interest_at, -1)], t(f"{k}ordinary", lang)))
    ordinary_at = len(lines) - 1
    lines.append(Line(t(f"{k}tax", lang), _column(a, "tax_yen", years)))
    lines.append(total(lines, [(ordinary_at, 1), (len(lines) - 1, -1)], t(f"{k}net", lang)))
    lines.append(Line(t("pack.pnl.places", lang), _column(a, "capacity", years), kind="memo", unit="number"))
    lines.append(Line(t("pack.pnl.users", lang), _column(a, "users", years), kind="memo", unit="number"))
    lines.append(Line(t("pack.pnl.margin", lang), _column(a, "margin", years), kind="memo", unit="ratio"))
    return lines


def pnl_document(data: ReportData, number: int) -> Document:
    years = shown_years(data)
    lang = data.lang
    welfare = data.scenario.organisation.corp_type == CorpType.social_welfare
    head = t("pack.pnl.welfare.head" if welfare else "pack.pnl.company.head", lang)
    table = Table(head=head, columns=year_heads(data, years), lines=tuple(_pnl_lines(data, years)), wide=True,
                  title=t("pack.unit_note", lang, unit=data.money.label))
    notes = [t("pack.pnl.note_lines", lang), t("pack.rounding_note", lang)]
    if len(data.annual) > len(years):
        notes.append(t("pack.years_note", lang, shown=len(years), total=len(data.annual)))
    return Document("pnl", t("pack.doc.pnl", lang, n=number), t("pack.sheet.pnl", lang),
                    intro=(t("pack.pnl.intro_welfare" if welfare else "pack.pnl.intro_company", lang),),
                    tables=(table,), notes=tuple(notes))


def opening_month(data: ReportData) -> int:
    """The first month a path opens or takes effect (0 without a path)."""
    months = []
    for path in data.scenario.paths:
        if isinstance(path, CapacityIncrease | NewService):
            months.append(path.opening_month)
        elif isinstance(path, Merger):
            months.append(path.approval_lead_months)
        elif isinstance(path, BusinessTransfer):
            months.append(path.transfer_month)
    return min(months) if months else 0


def opening_year(data: ReportData) -> int:
    """The fiscal year in which the plan opens."""
    date = data.result.monthly["date"].iloc[min(opening_month(data), len(data.result.monthly) - 1)]
    date = pd.Timestamp(date)
    return date.year if date.month >= 4 else date.year - 1


def koubo_document(data: ReportData, number: int) -> Document:
    """開設後5年間の収支見込 in the layout of a municipal 公募 form (収入・支出・差引, 借入金償還を含む)."""
    lang, a = data.lang, data.annual
    first = opening_year(data)
    years = [y for y in a.index if first <= y < first + KOUBO_YEARS]
    heads = tuple(t("pack.koubo.year_n", lang, n=i + 1, year=fiscal_year_label(y, lang)) for i, y in enumerate(years))
    lines: list[Line] = [Line(t("pack.koubo.income_head", lang), kind="heading")]
    lines.append(Line(t("pack.koubo.fee", lang), _column(a, "revenue_fee_yen", years)))
    lines.append(Line(t("pack.koubo.hotel", lang), _column(a, "revenue_hotel_yen", years)))
    lines.append(Line(t("pack.koubo.other", lang), _add(_column(a, "revenue_other_yen", years),
                                                      _column(a, "subsidy_received_yen", years))))
    lines.append(Line(t("pack.koubo.loans", lang), _column(a, "loan_drawn_yen", years)))
    lines.append(total(lines, [(1, 1), (2, 1), (3, 1), (4, 1)], t("pack.koubo.income_total", lang)))
    income_at = len(lines) - 1
    lines.append(Line(t("pack.koubo.spending_head", lang), kind="heading"))
    first_cost = len(lines)
    lines.append(Line(t("pack.koubo.personnel", lang), _column(a, "personnel_yen", years)))
    lines.append(Line(t("pack.koubo.operations", lang), _column(a, "other_costs_yen", years)))
    lines.append(Line(t("pack.koubo.office", lang), _add(_column(a, "recruiting_yen", years),
                                                       _column(a, "rent_yen", years),
                                                       _column(a, "one_off_costs_yen", years),
                                                       _column(a, "tax_yen", years))))
    lines.append(Line(t("pack.koubo.capex", lang), _column(a, "capex_yen", years)))
    lines.append(Line(t("pack.koubo.principal", lang), _column(a, "principal_repaid_yen", years)))
    lines.append(Line(t("pack.koubo.interest", lang), _column(a, "interest_yen", years)))
    lines.append(total(lines, [(i, 1) for i in range(first_cost, len(lines))], t("pack.koubo.spending_total", lang)))
    spending_at = len(lines) - 1
    lines.append(total(lines, [(income_at, 1), (spending_at, -1)], t("pack.koubo.balance", lang)))
    table = Table(head=t("pack.koubo.head", lang), columns=heads, lines=tuple(lines), wide=True,
                  title=t("pack.unit_note", lang, unit=data.money.label))
    return Document("koubo", t("pack.doc.koubo", lang, n=number), t("pack.sheet.koubo", lang),
                    intro=(t("pack.koubo.intro", lang, years=KOUBO_YEARS, first=fiscal_year_label(first, lang)),),
                    tables=(table,), notes=(t("pack.koubo.form", lang), t("pack.koubo.note", lang),
                                            t("pack.rounding_note", lang)))


# ---- 資金計画 -----------------------------------------------------------------------------------------


def uses_of_funds(data: ReportData) -> list[tuple[str, float]]:
    """(label, yen) of what the plan pays for before it runs on its own: construction, equipment, opening
    preparation, acquisitions and deal costs (from the engine's record of them), and the working capital."""
    proj, lang = data.result.projection, data.lang
    uses = dict(proj.extras.get("uses", {})) if proj is not None else {}
    order = ("construction", "equipment", "opening_prep", "acquisition", "deal_costs")
    rows = []
    for key in sorted(uses, key=lambda k: order.index(k) if k in order else len(order)):
        amount = float(np.asarray(uses[key], dtype=float).reshape(-1)[0])
        if abs(amount) > 0.5:
            rows.append((t(f"pack.funding.use.{key}", lang), amount))
    rows.append((t("pack.funding.use.working_capital", lang), working_capital(data)))
    return rows


def working_capital(data: ReportData) -> float:
    """The deepest cumulative operating cash shortfall of the plan against doing nothing (losses while it
    fills up and the 介護報酬 paid two months late), before investment, loans and subsidies: yen ≥ 0."""
    m = data.result.monthly
    investing = (-m["capex_yen"] + m["subsidy_received_yen"] + m["loan_drawn_yen"] - m["principal_repaid_yen"]
                 + m["other_cash_flow_yen"] - m["one_off_costs_yen"])
    operating = m["incremental_cash_flow_yen"] - investing
    proj = data.result.projection
    if proj is not None:  # the baseline's own investing flows are not the plan's
        b = proj.baseline
        base = (-b["capex_yen"][0] + b["subsidy_received_yen"][0] + b["loan_drawn_yen"][0]
                - b["principal_repaid_yen"][0] + b["other_cash_flow_yen"][0] - b["one_off_costs_yen"][0])
        operating = operating + base
    lowest = float(np.min(np.cumsum(operating.to_numpy(dtype=float)))) if len(m) else 0.0
    return max(0.0, -lowest)


def funding_document(data: ReportData, number: int) -> Document:
    lang, f = data.lang, data.scenario.financing
    uses = uses_of_funds(data)
    lines: list[Line] = [Line(t("pack.funding.uses_head", lang), kind="heading")]
    lines += [Line(label, (value,)) for label, value in uses]
    lines.append(total(lines, [(i, 1) for i in range(1, len(lines))], t("pack.funding.uses_total", lang)))
    uses_at = len(lines) - 1
    needed = float(lines[uses_at].values[0] or 0.0)
    loans = [(loan.name or t("pack.funding.loan_n", lang, n=i + 1), float(loan.amount_yen))
             for i, loan in enumerate(f.loans)]
    subsidies = [(s.name or t("pack.funding.subsidy_n", lang, n=i + 1), float(s.amount_yen))
                 for i, s in enumerate(f.subsidies)]
    external = sum(v for _, v in loans) + sum(v for _, v in subsidies)
    own = needed - external
    lines.append(Line(t("pack.funding.sources_head", lang), kind="heading"))
    first_source = len(lines)
    lines.append(Line(t("pack.funding.own", lang), (own,)))
    lines += [Line(t("pack.funding.loan", lang, name=name), (value,)) for name, value in loans]
    lines += [Line(t("pack.funding.subsidy", lang, name=name), (value,)) for name, value in subsidies]
    lines.append(total(lines, [(i, 1) for i in range(first_source, len(lines))], t("pack.funding.sources_total", lang)))
    table = Table(head=t("pack.funding.head", lang), columns=(t("pack.amount_in", lang, unit=data.money.label),),
                  lines=tuple(lines))
    intro = [t("pack.funding.intro", lang)]
    stated = float(f.own_funds_yen)
    if abs(stated - own) > 0.5:
        intro.append(t("pack.funding.own_stated", lang, stated=data.money.text(stated),
                       needed=data.money.text(own)))
    if own < -0.5:
        intro.append(t("pack.funding.surplus", lang, surplus=data.money.text(-own)))
    base = sum(v for _, v in uses[:-1]) - sum(v for _, v in subsidies)
    loan_total = sum(v for _, v in loans)
    ratio = loan_total / base if base > 0.5 else None
    rows = [Line(t("pack.funding.loan_ratio", lang), (ratio,), unit="ratio")]
    ratios = Table(head=t("pack.head.measure", lang), columns=(t("pack.head.value", lang),), lines=tuple(rows),
                   title=t("pack.funding.loan_ratio_title", lang))
    cash = _cash_table(data)
    return Document("funding", t("pack.doc.funding", lang, n=number), t("pack.sheet.funding", lang),
                    intro=tuple(intro), tables=(table, ratios, cash),
                    notes=(t("pack.funding.note", lang), t("pack.funding.loan_ratio_note", lang)))


def _cash_table(data: ReportData) -> Table:
    """資金収支 by fiscal year: where the cash balance goes."""
    a, lang = data.annual, data.lang
    years = shown_years(data)
    rows = [("net_income_yen", 1), ("depreciation_yen", 1), ("subsidy_release_yen", -1), ("receivable_change_yen", -1),
            ("capex_yen", -1), ("subsidy_received_yen", 1), ("loan_drawn_yen", 1), ("principal_repaid_yen", -1),
            ("other_cash_flow_yen", 1)]
    lines = [Line(t(f"pack.cash.{name}", lang), tuple(sign * v for v in _column(a, name, years))) for name, sign in rows]
    lines.append(total(lines, [(i, 1) for i in range(len(lines))], t("pack.cash.flow", lang)))
    lines.append(Line(t("report.col.cash_yen", lang), _column(a, "cash_yen", years), kind="memo"))
    lines.append(Line(t("report.col.baseline_cash_yen", lang), _column(a, "baseline_cash_yen", years), kind="memo"))
    return Table(head=t("pack.cash.head", lang), columns=year_heads(data, years), lines=tuple(lines), wide=True,
                 title=t("pack.cash.title", lang, unit=data.money.label))


# ---- 借入金償還計画表 ---------------------------------------------------------------------------------


def loan_years(data: ReportData, loan: Loan) -> pd.DataFrame:
    """The loan's whole term by fiscal year from the engine's schedule: opening balance, principal,
    interest, closing balance and the months of 据置 (interest only) in the year."""
    start = data.scenario.assumptions.start_date
    months = int(loan.drawdown_month + loan.years * 12 + 1)
    tl = Timeline.build(start, months)
    one = np.ones((1, 1))
    flows = loan_schedule(tl, one * loan.amount_yen, one * loan.annual_rate, loan.years, one * loan.grace_months,
                          loan.method, one * loan.drawdown_month)
    j = tl.t[0] - loan.drawdown_month
    grace = ((j >= 1) & (j <= loan.grace_months)).astype(float)
    frame = pd.DataFrame({"fiscal_year": tl.fiscal_year, "principal": flows.principal[0],
                          "interest": flows.interest[0], "closing": flows.balance[0], "drawn": flows.drawn[0],
                          "grace": grace})
    grouped = frame.groupby("fiscal_year")
    out = pd.DataFrame({"principal": grouped["principal"].sum(), "interest": grouped["interest"].sum(),
                        "drawn": grouped["drawn"].sum(), "closing": grouped["closing"].last(),
                        "grace_months": grouped["grace"].sum()})
    out["opening"] = out["closing"] + out["principal"] - out["drawn"]
    active = (out["drawn"] > 0) | (out["principal"] > 0.005) | (out["interest"] > 0.005)
    return out[active]


def repayment_document(data: ReportData, number: int) -> Document:
    lang = data.lang
    tables = []
    for i, loan in enumerate(data.scenario.financing.loans):
        frame = loan_years(data, loan)
        lines = []
        for year, row in zip(frame.index.to_list(), frame.to_dict("records"), strict=True):
            mark = t("pack.repay.grace", lang, months=int(row["grace_months"])) if row["grace_months"] > 0 else ""
            if row["drawn"] > 0:
                mark = (t("pack.repay.drawn", lang) + (" " + mark if mark else "")).strip()
            lines.append(Line(fiscal_year_label(int(year), lang),
                              (float(row["opening"]), float(row["drawn"]), float(row["principal"]),
                               float(row["interest"]), float(row["closing"]))))
            lines[-1] = Line(lines[-1].label, lines[-1].values, texts=(mark,))
        parts = [(k, 1) for k in range(len(lines))]
        summed = total(lines, parts, t("pack.repay.total", lang))
        lines.append(Line(summed.label, (None, summed.values[1], summed.values[2], summed.values[3], None),
                          kind="total", sums=summed.sums))
        name = loan.name or t("pack.funding.loan_n", lang, n=i + 1)
        title = t("pack.repay.title", lang, name=name, amount=data.money.text(loan.amount_yen),
                  rate=f"{loan.annual_rate * 100:.2f}%", years=loan.years, grace=loan.grace_months,
                  method=t(f"report.loan.{loan.method}", lang))
        heads = tuple(t(f"pack.repay.col.{c}", lang) for c in ("opening", "drawn", "principal", "interest", "closing"))
        tables.append(Table(head=t("pack.repay.head", lang), columns=heads + (t("pack.repay.col.note", lang),),
                            lines=tuple(lines), title=title))
    intro = (t("pack.repay.intro", lang, unit=data.money.label),) if tables else (t("pack.repay.none", lang),)
    return Document("repayment", t("pack.doc.repayment", lang, n=number), t("pack.sheet.repayment", lang),
                    intro=intro, tables=tuple(tables), notes=(t("pack.repay.note", lang),))


def new_loan_principal(data: ReportData, years: Sequence[int]) -> tuple[float, ...]:
    """Principal of the plan's loans due in each fiscal year (from their schedules)."""
    totals = dict.fromkeys(years, 0.0)
    for loan in data.scenario.financing.loans:
        frame = loan_years(data, loan)
        for year in years:
            if year in frame.index:
                totals[year] += float(frame["principal"][year])
    return tuple(totals[y] for y in years)


def repayment_source_document(data: ReportData, number: int) -> Document:
    a, lang = data.annual, data.lang
    years = shown_years(data)
    lines: list[Line] = [Line(t("pack.source.net", lang), _column(a, "net_income_yen", years)),
                         Line(t("pack.source.depreciation", lang), _column(a, "depreciation_yen", years)),
                         Line(t("pack.source.release", lang), _neg(_column(a, "subsidy_release_yen", years))),
                         # added back: a lender reads the deal year's one-offs apart (engine/lender.py 償還財源)
                         Line(t("pack.source.one_off", lang), _column(a, "one_off_costs_yen", years))]
    lines.append(total(lines, [(0, 1), (1, 1), (2, 1), (3, 1)], t("pack.source.total", lang)))
    source_at = len(lines) - 1
    new = new_loan_principal(data, years)
    all_principal = _column(a, "principal_repaid_yen", years)
    lines.append(Line(t("pack.source.principal_new", lang), new))
    lines.append(Line(t("pack.source.principal_existing", lang), tuple(p - n for p, n in zip(all_principal, new,
                                                                                               strict=True))))
    lines.append(total(lines, [(source_at + 1, 1), (source_at + 2, 1)], t("pack.source.principal_total", lang)))
    due_at = len(lines) - 1
    lines.append(total(lines, [(source_at, 1), (due_at, -1)], t("pack.source.margin", lang)))
    cover = tuple((s / d) if s is not None and d and d > 0.5 else None
                  for s, d in zip(lines[source_at].values, lines[due_at].values, strict=True))
    lines.append(Line(t("pack.source.cover", lang), cover, kind="memo", unit="number"))
    table = Table(head=t("pack.source.head", lang), columns=year_heads(data, years), lines=tuple(lines), wide=True,
                  title=t("pack.unit_note", lang, unit=data.money.label))
    return Document("repayment_source", t("pack.doc.repayment_source", lang, n=number),
                    t("pack.sheet.repayment_source", lang), intro=(t("pack.source.intro", lang),),
                    tables=(table,), notes=(t("pack.source.note", lang), t("pack.rounding_note", lang)))


# ---- 職員配置計画 -------------------------------------------------------------------------------------


ROUNDING_YEN = 1_000.0  # a rest of the engine's cost not split by role below this is the months' rounding


def _fiscal_of(data: ReportData) -> np.ndarray:
    return fiscal_of(pd.DatetimeIndex(pd.to_datetime(data.result.monthly["date"])))


def role_costs(data: ReportData, name: str) -> dict[str, np.ndarray]:
    """role -> monthly cost (``name``: "personnel_by_role" or "recruiting_by_role", the engine's split of
    人件費 and 採用費 by role); empty when the engine kept none."""
    proj = data.result.projection
    if proj is None:
        return {}
    found: Mapping[str, np.ndarray] = (proj.extras.get("personnel_by_role", {}) if name == "personnel_by_role"
                                       else proj.extras.get("recruiting_by_role", {}))
    return {role: np.asarray(found[role], dtype=float)[0] for role in found}


def _by_year(monthly: np.ndarray, fiscal: np.ndarray, years: Sequence[int]) -> tuple[float, ...]:
    per_year = pd.Series(monthly).groupby(fiscal).sum()
    return tuple(float(per_year.get(y, 0.0)) for y in years)


def _cost_lines(data: ReportData, years: Sequence[int], split: str, column: str, line_key: str,
                rest_key: str, total_key: str) -> list[Line]:
    """One line per role of ``split`` by fiscal year, the rest of the engine's ``column`` not split by role
    (連携・統合の増減など) when there is any, and their total (= the engine's column)."""
    lang, fiscal = data.lang, _fiscal_of(data)
    lines = []
    for role, monthly in role_costs(data, split).items():
        values = _by_year(monthly, fiscal, years)
        if any(abs(v) > 0.5 for v in values):
            lines.append(Line(t(line_key, lang, role=role_label(role, lang)), values))
    engine = _column(data.annual, column, years)
    rest = tuple(e - sum(line.values[j] or 0.0 for line in lines) for j, e in enumerate(engine))
    if not lines:
        return [Line(t(total_key, lang), engine)]
    if any(abs(v) >= ROUNDING_YEN for v in rest):
        lines.append(Line(t(rest_key, lang), rest))
    lines.append(total(lines, [(i, 1) for i in range(len(lines))], t(total_key, lang)))
    return lines


def staffing_document(data: ReportData, number: int) -> Document:
    lang, a = data.lang, data.annual
    years = shown_years(data)
    staffing = data.result.staffing
    fiscal = _fiscal_of(data)
    last = pd.Series(np.arange(len(fiscal))).groupby(fiscal).last()
    lines: list[Line] = []
    roles = [c.removesuffix("_required") for c in staffing.columns if c.endswith("_required")]
    hire_lines: list[Line] = []
    for role in roles:
        name = role_label(role, lang)
        at_end = [last.get(y) for y in years]
        planned = tuple(float(staffing[f"{role}_planned"].iloc[i]) if i is not None else None for i in at_end)
        required = tuple(float(staffing[f"{role}_required"].iloc[i]) if i is not None else None for i in at_end)
        if not any((p or 0) > 0 or (r or 0) > 0 for p, r in zip(planned, required, strict=True)):
            continue
        lines.append(Line(t("pack.staff.planned", lang, role=name), planned, unit="people"))
        lines.append(Line(t("pack.staff.required", lang, role=name), required, unit="people"))
        if f"{role}_hires" in staffing.columns:
            hires = _by_year(staffing[f"{role}_hires"].to_numpy(dtype=float), fiscal, years)
            if any(h > 0.05 for h in hires):
                hire_lines.append(Line(t("pack.staff.role_hires", lang, role=name), hires, unit="people"))
    lines.append(Line(t("pack.staff.total_planned", lang), _column(a, "fte_planned", years), kind="memo", unit="people"))
    lines.append(Line(t("pack.staff.total_required", lang), _column(a, "fte_required", years), kind="memo",
                      unit="people"))
    lines += hire_lines
    lines.append(Line(t("pack.staff.hires", lang), _column(a, "hires", years), kind="memo", unit="people"))
    people = Table(head=t("pack.staff.head", lang), columns=year_heads(data, years), lines=tuple(lines), wide=True,
                   title=t("pack.staff.people_title", lang))
    money = _cost_lines(data, years, "personnel_by_role", "personnel_yen", "pack.staff.role_personnel",
                        "pack.staff.personnel_rest", "pack.staff.personnel")
    personnel_at = len(money) - 1
    recruiting = _cost_lines(data, years, "recruiting_by_role", "recruiting_yen", "pack.staff.role_recruiting",
                             "pack.staff.recruiting_rest", "pack.staff.recruiting")
    offset = len(money)
    money += [Line(line.label, line.values, kind=line.kind,
                   sums=tuple((i + offset, sign) for i, sign in line.sums)) for line in recruiting]
    money.append(total(money, [(personnel_at, 1), (len(money) - 1, 1)], t("pack.staff.cost_total", lang)))
    money.append(Line(t("pack.staff.ratio", lang), _column(a, "personnel_ratio", years), kind="memo", unit="ratio"))
    cost = Table(head=t("pack.staff.head", lang), columns=year_heads(data, years), lines=tuple(money), wide=True,
                 title=t("pack.staff.cost_title", lang, unit=data.money.label))
    tables = [people, cost]
    intro = [t("pack.staff.intro", lang)]
    monthly = data.result.monthly
    plan_known = data.scenario.paths and data.result.projection is not None  # plan − do nothing needs both
    if plan_known:
        opening = opening_month(data)
        when = pd.Timestamp(monthly["date"].iloc[min(opening, len(monthly) - 1)])
        plan, existing = hires_before_opening(data)
        intro.append(t("pack.staff.opening", lang, date=f"{when:%Y-%m}", hires=f"{plan:,.1f}",
                       existing=f"{existing:,.1f}"))
        tables.append(_opening_table(data, opening, f"{when:%Y-%m}"))
    short = int(data.result.metrics.get("months_below_staffing_standard") or 0)
    intro.append(t("pack.staff.short", lang, months=short) if short else t("pack.staff.ok", lang))
    return Document("staffing", t("pack.doc.staffing", lang, n=number), t("pack.sheet.staffing", lang),
                    intro=tuple(intro), tables=tuple(tables),
                    notes=(t("pack.staff.note", lang), t("pack.staff.cost_note", lang),
                           *((t("pack.staff.opening_note", lang),) if plan_known else ())))


OPENING_WINDOW = 12  # months after opening shown beside the months before it
PLAN_SPLITS = {"hires_by_role": "baseline_hires_by_role", "personnel_by_role": "baseline_personnel_by_role",
               "recruiting_by_role": "baseline_recruiting_by_role"}


def plan_part(data: ReportData, split: str) -> dict[str, np.ndarray]:
    """role -> the plan's own part of a monthly by-role quantity (``split``: a key of PLAN_SPLITS): the plan's
    minus the do-nothing organisation's, so the existing operation's staff, their replacement hires and pay
    (in both) cancel and what is left is the plan's new posts. Empty without the engine's projection."""
    proj = data.result.projection
    if proj is None:
        return {}
    extras: Mapping[str, Mapping[str, np.ndarray]] = proj.extras  # type: ignore[assignment]
    plan, base = extras.get(split, {}), extras.get(PLAN_SPLITS[split], {})
    return {role: np.asarray(plan[role], dtype=float)[0]
            - (np.asarray(base[role], dtype=float)[0] if role in base else 0.0) for role in plan}


def plan_column(data: ReportData, column: str) -> np.ndarray:
    """The plan's own part of a monthly column (plan − do nothing); the column itself without a projection."""
    proj = data.result.projection
    whole = data.result.monthly[column].to_numpy(dtype=float)
    if proj is None or column not in proj.baseline:
        return whole
    return np.asarray(proj.arrays[column], dtype=float)[0] - np.asarray(proj.baseline[column], dtype=float)[0]


def _fte_added(data: ReportData, at: int) -> tuple[float, float]:
    """(planned, 人員基準) FTE the plan adds over the do-nothing organisation in month ``at``."""
    proj = data.result.projection
    assert proj is not None  # the table is drawn only with the engine's projection
    base_planned = proj.extras.get("baseline_roles", {})
    base_required = proj.extras.get("baseline_required_roles", {})

    def added(plan: Mapping[str, np.ndarray], base: Mapping[str, np.ndarray]) -> float:
        return float(sum(np.asarray(plan[r], dtype=float)[0, at]
                         - (np.asarray(base[r], dtype=float)[0, at] if r in base else 0.0) for r in plan))

    return added(proj.roles, base_planned), added(proj.required_roles, base_required)


def _opening_table(data: ReportData, opening: int, when: str) -> Table:
    """The plan's own staff before the opening month and in its first 12 months: the posts it adds against the
    人員基準 it adds (at each window's last month), its hires by role, their recruiting and personnel cost
    (plan − do nothing); the existing operation's replacement hires as a memo line, not counted."""
    lang = data.lang
    months = len(data.result.monthly)
    windows = ((0, min(opening, months)), (min(opening, months), min(opening + OPENING_WINDOW, months)))

    def two(values: np.ndarray) -> tuple[float, ...]:
        return tuple(float(np.sum(values[lo:hi])) for lo, hi in windows)

    ends = [max(hi - 1, 0) for _, hi in windows]
    fte = [_fte_added(data, at) for at in ends]
    lines: list[Line] = [Line(t("pack.staff.opening_posts", lang), kind="heading"),
                         Line(t("pack.staff.opening_fte_added", lang), tuple(f[0] for f in fte), unit="people"),
                         Line(t("pack.staff.opening_standard_added", lang), tuple(f[1] for f in fte),
                              unit="people"),
                         Line(t("pack.staff.opening_hires", lang), kind="heading")]
    first = len(lines)
    for role, monthly in plan_part(data, "hires_by_role").items():
        values = two(monthly)
        if any(abs(v) > 0.05 for v in values):
            lines.append(Line(role_label(role, lang), values, unit="people"))
    hires = two(plan_column(data, "hires"))
    lines.append(Line(t("pack.staff.opening_total", lang), hires, kind="total", unit="people",
                      sums=tuple((i, 1) for i in range(first, len(lines)))))
    whole = two(data.result.monthly["hires"].to_numpy(dtype=float))
    lines.append(Line(t("pack.staff.opening_existing_hires", lang), tuple(w - h for w, h in zip(whole, hires,
                                                                                               strict=True)),
                      kind="memo", unit="people"))
    for split, column, head, rest_key in (("recruiting_by_role", "recruiting_yen", "pack.staff.opening_recruiting",
                                           "pack.staff.recruiting_rest"),
                                          ("personnel_by_role", "personnel_yen", "pack.staff.opening_personnel",
                                           "pack.staff.personnel_rest")):
        lines.append(Line(t(head, lang), kind="heading"))
        first = len(lines)
        for role, monthly in plan_part(data, split).items():
            values = two(monthly)
            if any(abs(v) > 0.5 for v in values):
                lines.append(Line(role_label(role, lang), values))
        engine = two(plan_column(data, column))
        rest = tuple(e - sum(line.values[j] or 0.0 for line in lines[first:]) for j, e in enumerate(engine))
        if any(abs(v) >= ROUNDING_YEN for v in rest):
            lines.append(Line(t(rest_key, lang), rest))
        lines.append(total(lines, [(i, 1) for i in range(first, len(lines))], t("pack.staff.opening_total", lang)))
    columns = (t("pack.staff.before_opening", lang, date=when),
               t("pack.staff.after_opening", lang, months=OPENING_WINDOW))
    return Table(head=t("pack.staff.head", lang), columns=columns, lines=tuple(lines),
                 title=t("pack.staff.opening_title", lang, unit=data.money.label))


def hires_before_opening(data: ReportData) -> tuple[float, float]:
    """(the plan's hires, the existing operation's replacement hires) before the opening month."""
    opening = opening_month(data)
    m = data.result.monthly
    whole = float(m["hires"].iloc[:opening].sum()) if "hires" in m.columns else 0.0
    plan = float(plan_column(data, "hires")[:opening].sum()) if "hires" in m.columns else 0.0
    return plan, whole - plan
