"""What every report shows, independent of the file format: :class:`ReportData`, computed once from a
scenario, its result and an optional risk run, read by the PDF, the workbook and the HTML alike (so the
three cannot disagree). The documents of the submission pack are built here in their order; money is
shown in the report's unit (:class:`simulator.report.documents.Money`), stated on the cover.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd

from simulator import pdca
from simulator.decision import Decision, decide
from simulator.engine.result import Result
from simulator.format import MoneyUnit
from simulator.i18n import Lang, t
from simulator.metric_text import metric_text as deal_text  # why a number is missing (no IRR, 返済原資なし …)
from simulator.report.documents import DEFAULT_UNIT, Document, Money
from simulator.report.labels import (
    describe_path,
    distribution_parameters,
    finite,
    fmt_fte,
    fmt_metric,
    fmt_number,
    fmt_pct,
    is_share_field,
    metric_label,
    percentile_heading,
    readable_source,
    service_label,
    share_or_benchmark,
)
from simulator.report.references import reference_rows, vintage_sentence
from simulator.risk.breakeven import BreakEven, break_even_lines, break_evens
from simulator.risk.run import RiskRun
from simulator.risk.text import payback_cell, payback_note
from simulator.scenario import BusinessTransfer, Merger, Scenario

KEY_METRICS: tuple[str, ...] = (
    "npv_yen", "npv_without_residual_yen", "residual_share_of_npv", "irr", "mirr", "payback_month",
    "lowest_cash_yen", "lowest_cash_month", "dscr_min", "debt_repayment_years", "debt_repayment_years_worst",
    "break_even_occupancy", "one_off_costs_yen", "margin_final_year", "personnel_ratio_final_year", "initial_investment_yen",
    "subsidies_yen", "fte_added", "hires_total", "months_below_staffing_standard",
)
# The documents of the pack, in the order a reader gets them (key, builder module and function).
DOCUMENTS: tuple[tuple[str, str, str], ...] = (
    ("overview", "board_docs", "overview_document"),
    ("collaboration", "collab_doc", "collaboration_document"),  # only with a 協働化 path
    ("pnl", "plan_docs", "pnl_document"),
    ("koubo", "plan_docs", "koubo_document"),
    ("funding", "plan_docs", "funding_document"),
    ("repayment", "plan_docs", "repayment_document"),
    ("repayment_source", "plan_docs", "repayment_source_document"),
    ("staffing", "plan_docs", "staffing_document"),
    ("lender", "board_docs", "lender_document"),
    ("board", "board_docs", "board_document"),
)

# ---- tables ---------------------------------------------------------------------------------------


def annual_table(result: Result) -> pd.DataFrame:
    """Result.annual, with stock columns (cash) taken at the fiscal year's end if the engine left them out."""
    annual = result.annual.copy()
    monthly = result.monthly
    if "date" in monthly.columns and len(monthly):
        dates = pd.to_datetime(monthly["date"])
        fiscal = np.where(dates.dt.month >= 4, dates.dt.year, dates.dt.year - 1)
        for column in ("cash_yen", "baseline_cash_yen"):
            if column not in annual.columns and column in monthly.columns:
                annual[column] = monthly[column].groupby(fiscal).last().reindex(annual.index)
    return annual


PDCA_MONTHS_SHOWN = 12  # months of plan vs actual in the report's table (the latest ones)


@dataclass
class ReportData:
    """Everything the reports show, computed once."""

    scenario: Scenario
    result: Result
    lang: Lang
    risk: RiskRun | None
    decision: Decision
    today: dt.date
    unit: MoneyUnit = DEFAULT_UNIT
    koubo: bool = False  # the 公募-style 5-year 収支見込 as a document of its own
    annual: pd.DataFrame = field(init=False)

    _built: dict[str, Document] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        self.annual = annual_table(self.result)

    # -- cover
    @property
    def title(self) -> str:
        return self.scenario.meta.title

    def cover_rows(self) -> list[tuple[str, str]]:
        s, lang = self.scenario, self.lang
        return [
            (t("report.cover.organisation", lang), s.organisation.name or "—"),
            (t("report.cover.author", lang), s.meta.author or "—"),
            (t("report.cover.date", lang), self.today.isoformat()),
            (
                t("report.cover.start", lang),
                t("report.cover.horizon", lang, start=s.assumptions.start_date.isoformat(),
                  months=s.assumptions.horizon_months),
            ),
            (t("pack.cover.unit", lang), t("pack.cover.unit_text", lang, unit=self.money.label)),
            (t("report.cover.vintage", lang), self.vintage_text()),
        ]

    def vintage_text(self) -> str:
        return vintage_sentence(self.result.vintage, self.lang) if self.result.vintage else "—"

    @property
    def money(self) -> Money:
        """The report's money unit (the app's choice; 千円 by default)."""
        return Money(self.unit, self.lang)

    # -- the documents of the pack
    @cached_property
    def documents(self) -> list[Document]:
        """The pack's documents in order, numbered (the 公募 form only when asked for)."""
        from importlib import import_module

        out: list[Document] = []
        for key, module, name in DOCUMENTS:
            if key == "koubo" and not self.koubo:
                continue
            if key == "collaboration" and not any(p.kind == "collaboration" for p in self.scenario.paths):
                continue
            build = getattr(import_module(f"simulator.report.{module}"), name)
            out.append(build(self, len(out) + 1))
            self._built[key] = out[-1]
        return out

    def document(self, key: str) -> Document:
        """One document by key (built on its own when asked for before the whole pack)."""
        if key not in self._built:
            from importlib import import_module

            module, name = next((m, n) for k, m, n in DOCUMENTS if k == key)
            self._built[key] = getattr(import_module(f"simulator.report.{module}"), name)(self, 0)
        return self._built[key]

    def section(self, key: str) -> str:
        """The numbered heading of a section after the documents (risk, checklist, staff page, appendix)."""
        order = ("risk", "checklist", "staff_explainer", "appendix")
        return t(f"pack.section.{key}", self.lang, n=len(self.documents) + 1 + order.index(key))

    # -- summary
    def key_figures(self) -> list[tuple[str, str]]:
        m, lang = self.result.metrics, self.lang
        rows = [(metric_label(k, lang), deal_text(k, m, lang) or self.metric_text(k, m.get(k)))
                for k in KEY_METRICS if k in m]
        if self.risk is not None and self.risk.shortfall_probability is not None:
            rows.insert(4, (metric_label("shortfall_probability", lang),
                            fmt_pct(self.risk.shortfall_probability, lang)))
        return rows

    def metric_text(self, key: str, value: Any) -> str:
        """A metric as the reports show it, money in the report's unit."""
        return self.money.text(value) if key.endswith("_yen") else fmt_metric(key, value, self.lang)

    def decision_lines(self) -> list[str]:
        return self.decision.reasons(self.lang, money=self.money.text)

    # -- assumptions
    def assumption_rows(self) -> list[tuple[str, str, str, str]]:
        """(item, value, source, confidence): the scenario's own inputs, then the reference data used."""
        s, lang = self.scenario, self.lang
        user = t("report.source.scenario", lang)
        conf = t("report.confidence.user", lang)
        a, m, org = s.assumptions, s.market, s.organisation
        rows: list[tuple[str, str, str, str]] = [
            (t("report.input.start_date", lang), a.start_date.isoformat(), user, conf),
            (t("report.input.horizon_months", lang), str(a.horizon_months), user, conf),
            (t("report.input.discount_rate", lang), fmt_pct(a.discount_rate, lang), user, conf),
            (t("report.input.wage_growth_per_year", lang), fmt_pct(a.wage_growth_per_year, lang), user, conf),
            (t("report.input.inflation_per_year", lang), fmt_pct(a.inflation_per_year, lang), user, conf),
            (t("report.input.receivable_lag_months", lang), str(a.receivable_lag_months), user, conf),
            (t("report.input.turnover_rate_per_year", lang), share_or_benchmark(a.turnover_rate_per_year, lang), user, conf),
            (t("report.input.agency_hire_share", lang), fmt_pct(a.agency_hire_share, lang), user, conf),
            (t("report.input.cash_floor_yen", lang), self.money.text(a.cash_floor_yen), user, conf),
            (t("report.input.cash_yen", lang), self.money.text(org.cash_yen), user, conf),
            (t("report.input.existing_debt_yen", lang), self.money.text(org.existing_debt_yen), user, conf),
            (t("report.input.region_grade", lang), str(org.region_grade)
             + (t("report.input.region_grade_overridden", lang) if org.region_grade_override else ""), user, conf),
            (t("report.input.demand_growth_per_year", lang), fmt_pct(m.demand_growth_per_year, lang), user, conf),
            (t("report.input.labour_tightness", lang), f"{m.labour_tightness:g}", user, conf),
            (t("report.input.hiring_delay_months", lang), f"{m.hiring_delay_months:g}", user, conf),
        ]
        for revision in a.fee_revisions:
            rows.append((t("report.input.fee_revision", lang, date=revision.date.isoformat()),
                         fmt_pct(revision.change, lang), user, conf))
        for service in org.services:
            rows.append((
                t("report.input.service", lang, name=service.name or service_label(service.service, lang),
                  capacity=service.capacity, occupancy=share_or_benchmark(service.occupancy, lang)),
                "", user, conf,
            ))
        rows.extend(self.reference_rows())
        return rows

    def reference_rows(self) -> list[tuple[str, str, str, str]]:
        """The reference data the engine read, in words, with source title, page and address."""
        return reference_rows(self.result, self.scenario, self.lang, self.money.text)

    # -- paths
    def path_texts(self) -> list[str]:
        if not self.scenario.paths:
            return [t("report.path.none", self.lang)]
        return [describe_path(p, self.lang, self.scenario, self.money.text) for p in self.scenario.paths]

    def staffing_summary(self) -> list[str]:
        m, lang = self.result.metrics, self.lang
        monthly = self.result.monthly
        last = monthly.iloc[-1] if len(monthly) else None
        planned = fmt_fte(last["fte_planned"] if last is not None else None, lang)
        required = fmt_fte(last["fte_required"] if last is not None else None, lang)
        below = finite(m.get("months_below_staffing_standard")) or 0
        check = (t("report.staffing.short", lang, months=int(below)) if below > 0
                 else t("report.staffing.ok", lang))
        return [
            t("report.staffing.summary", lang, planned=planned, required=required,
              added=fmt_fte(m.get("fte_added"), lang), hires=fmt_metric("hires_total", m.get("hires_total"), lang)),
            check,
        ]

    def percentile_table(self) -> tuple[list[str], list[list[str]]] | None:
        if self.risk is None or self.risk.percentiles is None:
            return None
        frame, lang = self.risk.percentiles, self.lang
        header = [t("report.head.metric", lang)] + [percentile_heading(c, lang) for c in frame.columns]
        body = [[metric_label(str(k), lang)] + [payback_cell(c, v, lang) if k == "payback_month"
                                                else self.metric_text(str(k), v) for c, v in frame.loc[k].items()]
                for k in frame.index]
        return header, body

    def percentile_note(self) -> str | None:
        """How to read the payback row (percentiles from the earliest; 回収なし where the no-payback share starts)."""
        if self.risk is None or self.risk.percentiles is None or "payback_month" not in self.risk.percentiles.index:
            return None
        share = self.risk.probabilities.get("no_payback")
        return None if share is None else payback_note(share, self.lang)

    def stress_table(self) -> tuple[list[str], list[list[str]]] | None:
        if self.risk is None or self.risk.stress is None:
            return None
        frame, lang = self.risk.stress, self.lang
        keys = [k for k in ("npv_yen", "lowest_cash_yen", "dscr_min", "payback_month") if k in frame.columns]
        header = [t("report.head.case", lang)] + [metric_label(k, lang) for k in keys]
        body = [[str(case)] + [self.metric_text(k, frame.at[case, k]) for k in keys] for case in frame.index]
        return header, body

    @cached_property
    def break_even(self) -> tuple[BreakEven, ...]:
        """Break-even occupancy, fee level and wage level: the risk run's (what the app showed), else the
        same search on the scenario (it needs no sampling, so a report without a risk run has it too)."""
        if self.risk is not None and self.risk.break_even is not None:
            return self.risk.break_even
        return break_evens(self.scenario)

    def break_even_table(self) -> tuple[str, list[str], list[list[str]], str]:
        """(title, header, one row per target: label and value or reason, note), in the app's wording."""
        lang = self.lang
        rows = [[label, text] for label, text in break_even_lines(self.break_even, lang)]
        return (t("risk.title.break_even", lang), [t("risk.col.metric", lang), t("risk.col.break_even", lang)],
                rows, t("risk.note.break_even", lang))

    def uncertainty_table(self) -> tuple[list[str], list[list[str]]] | None:
        """The ranges the Monte Carlo drew from (each input, its distribution and source), when it ran:
        what a reader needs to judge the percentiles."""
        if self.risk is None or not self.risk.trials:
            return None
        from simulator.risk.defaults import uncertain_inputs
        from simulator.risk.tornado import input_name

        lang = self.lang
        header = [t(f"report.head.{k}", lang) for k in ("input", "distribution", "parameters", "source")]
        inputs, _ = uncertain_inputs(self.scenario)
        body = [[input_name(d, lang, self.scenario), t(f"report.distribution.{d.kind}", lang),
                 distribution_parameters(d, percent=is_share_field(d.target)), readable_source(d.source, lang)]
                for d in inputs]
        return header, body

    def probability_lines(self) -> list[str]:
        if self.risk is None:
            return [t("report.risk.not_run", self.lang)]
        lines = []
        if self.risk.trials:
            lines.append(t("report.risk.trials", self.lang, trials=self.risk.trials, seed=self.risk.seed))
        for key, value in self.risk.probabilities.items():
            if key == "shortfall_probability":
                continue
            label = t(f"report.metric.{key}", self.lang)
            lines.append(f"{label}: {fmt_pct(value, self.lang)}")
        return lines

    # -- checklist
    def checklist(self) -> list[tuple[str, list[tuple[str, str]]]]:
        w, lang = self.scenario.workflow, self.lang
        out = []
        for step in ("step1", "step2", "step3"):
            items = getattr(w, step)
            out.append((t(f"report.checklist.{step}", lang),
                        [(name, t("report.done" if done else "report.open", lang)) for name, done in items.items()]))
        return out

    # -- STEP 3 plan vs actual (PDCA)
    @property
    def has_actuals(self) -> bool:
        return bool(self.scenario.workflow.actuals)

    @cached_property
    def pdca_frames(self) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
        """(plan, actuals, re-forecast) monthly tables, as the app's STEP 3 shows them."""
        plan = pdca.plan_table(self.result)
        actuals = pdca.actuals_table(self.scenario)
        return plan, actuals, pdca.reforecast(plan, actuals)

    def pdca_lines(self) -> list[str]:
        """Actual ÷ plan over the last months with actuals, and the plan period's profit re-forecast."""
        plan, actuals, forecast = self.pdca_frames
        lang, ratios = self.lang, pdca.ratios(plan, actuals)
        shares = ", ".join(f"{t(f'report.pdca.kpi.{k}', lang)} {fmt_pct(v, lang)}" for k, v in ratios.items())
        before, after = pdca.profit_over_horizon(plan), pdca.profit_over_horizon(forecast)
        return [t("report.pdca.ratios", lang, months=pdca.REFORECAST_WINDOW, shares=shares),
                t("report.pdca.profit", lang, plan=self.money.text(before), forecast=self.money.text(after),
                  change=self.money.text(after - before))]

    def pdca_variance(self, latest: int | None = PDCA_MONTHS_SHOWN) -> pd.DataFrame:
        """The ``latest`` months with actuals (None: all), KPI by KPI: ``date`` (the month's first day),
        ``kpi``, ``plan``, ``actual``, ``difference``, ``difference_share`` (numbers, yen in yen)."""
        plan, actuals, _ = self.pdca_frames
        variance = pdca.variance(plan, actuals)
        months = sorted(set(variance["month"]))[-latest if latest else None:]
        order = {kpi: i for i, kpi in enumerate(pdca.KPIS)}
        variance = variance[variance["month"].isin(months)].assign(order=variance["kpi"].map(order))
        variance = variance.sort_values(["month", "order"], kind="stable").drop(columns="order")
        return variance.assign(date=plan["date"].reindex(variance["month"]).to_numpy()).reset_index(drop=True)

    def pdca_variance_rows(self) -> list[tuple[str, str, str, str, str, str]]:
        """:meth:`pdca_variance` as text: month, KPI, plan, actual, difference (yen in the report's unit), %."""
        lang = self.lang

        def amount(kpi: str, value: float) -> str:
            return self.money.text(value, with_unit=False) if kpi.endswith("_yen") else fmt_number(value, lang, 1)

        return [(f"{r['date']:%Y-%m}", t(f"report.pdca.kpi.{r['kpi']}", lang), amount(r["kpi"], r["plan"]),
                 amount(r["kpi"], r["actual"]), amount(r["kpi"], r["difference"]),
                 fmt_pct(r["difference_share"], lang))
                for r in self.pdca_variance().to_dict("records")]

    def pdca_header(self) -> list[str]:
        return [t("report.col.date", self.lang)] + [t(f"report.head.{key}", self.lang) for key in
                                                   ("metric", "plan", "actual", "difference", "difference_share")]

    def review_rows(self) -> list[tuple[str, str, str]]:
        return [(r.date.isoformat(), r.findings or "—", r.actions or "—")
                for r in sorted(self.scenario.workflow.reviews, key=lambda r: r.date)]

    def milestone_rows(self) -> list[tuple[str, str, str]]:
        lang = self.lang
        return [(str(m.month), m.title, t("report.done" if m.done else "report.open", lang))
                for m in self.scenario.workflow.milestones]

    # -- staff explainer (STEP 3)
    def staff_paragraphs(self) -> list[str]:
        s, m, lang = self.scenario, self.result.metrics, self.lang
        paragraphs = [t("report.staff.intro", lang, title=s.meta.title), t("report.staff.what", lang)]
        paragraphs += ["・" + text for text in self.path_texts()]
        paragraphs.append(t("report.staff.why", lang))
        paragraphs.append(t("report.staff.people", lang, added=fmt_fte(m.get("fte_added"), lang),
                            hires=fmt_metric("hires_total", m.get("hires_total"), lang)))
        paragraphs.append(t("report.staff.money", lang, lowest=self.money.text(m.get("lowest_cash_yen"))))
        sessions = [p.staff_sessions_planned for p in s.paths if isinstance(p, Merger)]
        if sessions or any(isinstance(p, BusinessTransfer) for p in s.paths):
            paragraphs.append(t("report.staff.merger", lang, sessions=sum(sessions)))
        paragraphs.append(t("report.staff.next", lang))
        return paragraphs




def build_data(
    scenario: Scenario, result: Result, lang: Lang = "ja", risk: RiskRun | None = None,
    today: dt.date | None = None, unit: MoneyUnit = DEFAULT_UNIT, koubo: bool = False,
) -> ReportData:
    """The report data of one scenario; the verdict reads the risk run's probability of a shortfall."""
    if risk is not None and not isinstance(risk, RiskRun):
        raise TypeError(f"risk must be a simulator.risk.run.RiskRun, not {type(risk).__name__}")
    decision = decide(scenario, result.metrics, risk.shortfall_probability if risk is not None else None)
    return ReportData(scenario, result, lang, risk, decision, today or dt.date.today(), unit, koubo)
