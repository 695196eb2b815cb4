"""What every report says, independent of the file format: formatted figures, labels and sections.

PDF, HTML and Excel all read :class:`ReportData`, so the three cannot disagree. Money in tables is
shown in thousand yen (千円), rounded half away from zero; key figures carry their unit.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from simulator import pdca
from simulator.decision import Decision, decide
from simulator.engine.result import Result
from simulator.format import finite, fmt_fte, fmt_metric, fmt_number, fmt_pct, fmt_yen, thousands
from simulator.i18n import Lang, t
from simulator.scenario import (
    BusinessTransfer,
    CapacityIncrease,
    Merger,
    NewService,
    Scenario,
)

# Rows of the P&L and cash tables (annual columns of the Result, in this order).
PNL_ROWS: tuple[str, ...] = (
    "revenue_fee_yen",
    "revenue_hotel_yen",
    "revenue_other_yen",
    "revenue_yen",
    "personnel_yen",
    "recruiting_yen",
    "other_costs_yen",
    "rent_yen",
    "one_off_costs_yen",
    "depreciation_yen",
    "subsidy_release_yen",
    "operating_profit_yen",
    "interest_yen",
    "tax_yen",
    "net_income_yen",
)
CASH_ROWS: tuple[str, ...] = (
    "net_income_yen",
    "depreciation_yen",
    "capex_yen",
    "subsidy_received_yen",
    "loan_drawn_yen",
    "principal_repaid_yen",
    "receivable_change_yen",
    "cash_flow_yen",
    "cash_yen",
    "baseline_cash_yen",
)
KEY_METRICS: tuple[str, ...] = (
    "npv_yen",
    "irr",
    "payback_month",
    "lowest_cash_yen",
    "lowest_cash_month",
    "dscr_min",
    "debt_repayment_years",
    "break_even_occupancy",
    "margin_final_year",
    "personnel_ratio_final_year",
    "initial_investment_yen",
    "subsidies_yen",
    "fte_added",
    "hires_total",
    "months_below_staffing_standard",
)
YEARS_PER_TABLE = 10


# ---- font -----------------------------------------------------------------------------------------


@cache
def font_path() -> Path:
    """IPAexGothic from the matplotlib-fontja package (found without importing matplotlib)."""
    spec = importlib.util.find_spec("matplotlib_fontja")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("matplotlib-fontja is not installed: pip install matplotlib-fontja")
    path = Path(next(iter(spec.submodule_search_locations))) / "fonts" / "ipaexg.ttf"
    if not path.is_file():
        raise RuntimeError(f"IPAexGothic font not found at {path}")
    return path


# ---- risk (duck-typed: the risk module may return an object or a mapping) -------------------------


@dataclass(frozen=True)
class RiskView:
    """What the reports need from a risk run; every part is optional."""

    percentiles: pd.DataFrame | None = None  # index: metric key; columns e.g. p5 p10 p50 p90 p95 mean
    probabilities: Mapping[str, float] = field(default_factory=dict)  # e.g. shortfall_probability
    fan: pd.DataFrame | None = None  # index: dates; columns p5/p10/p50/p90/p95 of cash_yen
    npv_samples: np.ndarray | None = None
    tornado: pd.DataFrame | None = None  # columns: input, low, high (NPV at P10 / P90 input), base
    stress: pd.DataFrame | None = None  # index: case name; columns: metric keys
    trials: int | None = None
    seed: int | None = None

    @property
    def shortfall_probability(self) -> float | None:
        return finite(self.probabilities.get("shortfall_probability"))

    @property
    def empty(self) -> bool:
        return all(
            x is None for x in (self.percentiles, self.fan, self.npv_samples, self.tornado, self.stress)
        ) and not self.probabilities


def _get(obj: Any, name: str) -> Any:
    if obj is None:
        return None
    if isinstance(obj, Mapping):
        return obj.get(name)
    return getattr(obj, name, None)


def _fan(bands: Any) -> pd.DataFrame | None:
    """``RiskResult.bands`` (cash_p10 … columns, optional date column) → p10/p50/p90 indexed by date."""
    if not isinstance(bands, pd.DataFrame) or bands.empty:
        return None
    cash = {c.removeprefix("cash_"): bands[c].to_numpy() for c in bands.columns if str(c).startswith("cash_p")}
    if not cash:
        return None
    index = pd.DatetimeIndex(pd.to_datetime(bands["date"])) if "date" in bands.columns else bands.index
    return pd.DataFrame(cash, index=index)


def _tornado(frame: Any) -> pd.DataFrame | None:
    """``risk.tornado`` output → columns input, low, high, base (metric at P10 / P90 input, at base)."""
    if not isinstance(frame, pd.DataFrame) or frame.empty:
        return None
    if {"metric_at_low", "metric_at_high"} <= set(frame.columns):
        return pd.DataFrame({
            "input": frame.get("name", frame.get("label", frame.get("target"))).astype(str).to_numpy(),
            "low": frame["metric_at_low"].to_numpy(dtype=float),
            "high": frame["metric_at_high"].to_numpy(dtype=float),
            "base": frame["metric_base"].to_numpy(dtype=float) if "metric_base" in frame else 0.0,
            **{c: frame[c].to_numpy(dtype=float) for c in ("low_value", "high_value") if c in frame},
        })
    return frame if {"input", "low", "high"} <= set(frame.columns) else None


def _stress(frame: Any) -> pd.DataFrame | None:
    """``risk.stress`` output (index metric, one column per case) → index case label, columns metrics."""
    if not isinstance(frame, pd.DataFrame) or frame.empty:
        return None
    labels = frame.attrs.get("labels", {})
    table = frame.T
    table.index = [str(labels.get(c, c)) for c in table.index]
    return table


def risk_view(risk: Any) -> RiskView | None:
    """Normalise a risk run into a RiskView.

    Accepts a ``simulator.risk.RiskResult`` (Monte Carlo), or a mapping with any of ``monte_carlo``
    (a RiskResult), ``tornado`` and ``stress`` (the DataFrames of ``simulator.risk.tornado`` / ``stress``).
    """
    if risk is None or isinstance(risk, RiskView):
        return risk
    mc = _get(risk, "monte_carlo") if isinstance(risk, Mapping) else risk
    probabilities = {k: float(v) for k, v in dict(_get(mc, "probabilities") or {}).items() if finite(v) is not None}
    if "cash_below_floor" in probabilities:
        probabilities["shortfall_probability"] = probabilities["cash_below_floor"]
    per_trial = _get(mc, "metrics")
    samples = per_trial.get("npv_yen") if isinstance(per_trial, Mapping) else None
    percentiles = _get(mc, "percentiles")
    view = RiskView(
        percentiles=percentiles if isinstance(percentiles, pd.DataFrame) and not percentiles.empty else None,
        probabilities=probabilities,
        fan=_fan(_get(mc, "bands")),
        npv_samples=None if samples is None else np.asarray(samples, dtype=float).ravel(),
        tornado=_tornado(_get(risk, "tornado") if isinstance(risk, Mapping) else None),
        stress=_stress(_get(risk, "stress") if isinstance(risk, Mapping) else None),
        trials=_get(mc, "trials"),
        seed=_get(mc, "seed"),
    )
    return None if view.empty else view


def run_risk(scenario: Scenario, trials: int = 1000, seed: int = 1, lang: Lang = "ja",
             tornado: bool = True, stress: bool = True) -> dict[str, Any]:
    """Monte Carlo (+ tornado and stress cases) with the risk module, in the form ``build(risk=...)`` takes."""
    from simulator import risk

    bundle: dict[str, Any] = {"monte_carlo": risk.monte_carlo(scenario, trials=trials, seed=seed)}
    if tornado:
        bundle["tornado"] = risk.tornado(scenario, lang=lang)
    if stress:
        bundle["stress"] = risk.stress(scenario, lang=lang)
    return bundle


# ---- text helpers ---------------------------------------------------------------------------------


def percentile_heading(column: object, lang: Lang) -> str:
    """A column of the Monte Carlo percentiles: P5 … P95, or 平均 / Mean."""
    return t("risk.col.mean", lang) if str(column).lower() == "mean" else str(column).upper()


def distribution_parameters(d: Any) -> str:
    """low / mode / high, mean ± sd (with bounds) or the values with their probabilities, in the field's unit."""
    def num(x: float) -> str:
        return f"{x:,.4g}"

    if d.kind == "discrete":
        return ", ".join(f"{num(v)} ({num(p)})" for v, p in zip(d.values, d.probabilities, strict=True))
    if d.kind in ("normal", "lognormal"):
        bounds = f" [{num(d.low) if d.low is not None else '−∞'}, {num(d.high) if d.high is not None else '∞'}]"
        return f"{num(d.mean)} ± {num(d.sd)}" + (bounds if d.low is not None or d.high is not None else "")
    return " / ".join(num(x) for x in (d.low, d.mode, d.high) if x is not None)


SHOWN_ITEMS = 8  # a reference table with more entries (or nested ones) is summarised by its size


def _plain_number(value: float) -> str:
    """1,234,567 or 0.637: grouped digits, never 4.59e+06."""
    return f"{value:,.10g}"


def reference_value(value: Any, lang: Lang) -> str:
    """A reference value as the sources table shows it: a number, a short table as ``key: value`` pairs,
    a longer or nested one as its size."""
    if isinstance(value, bool) or not isinstance(value, int | float | Mapping | list | tuple):
        return str(value)
    if isinstance(value, int | float):
        return _plain_number(value)
    items = list(value.items()) if isinstance(value, Mapping) else list(enumerate(value))
    flat = all(isinstance(v, int | float | str) and not isinstance(v, bool) for _, v in items)
    if not flat or len(items) > SHOWN_ITEMS:
        return t("report.reference.table", lang, count=len(items))
    shown = [_plain_number(v) if isinstance(v, int | float) else str(v) for _, v in items]
    if isinstance(value, Mapping):
        shown = [f"{k}: {v}" for (k, _), v in zip(items, shown, strict=True)]
    return " / ".join(shown)  # not ", ": numbers have commas


def service_label(service: Any, lang: Lang) -> str:
    return t(f"report.service.{getattr(service, 'value', service)}", lang)


def role_label(role: str, lang: Lang) -> str:
    key = f"report.staff_role.{role}"
    text = t(key, lang)
    return role if text == key else text


def col_label(column: str, lang: Lang) -> str:
    """Label of a monthly/annual column; per-role columns (fte_<role>, hires_<role>, <role>_required …)."""
    key = f"report.col.{column}"
    text = t(key, lang)
    if text != key:
        return text
    for prefix, template in (("fte_", "report.col.fte_role"), ("hires_", "report.col.hires_role")):
        if column.startswith(prefix):
            return t(template, lang, role=role_label(column.removeprefix(prefix), lang))
    for suffix, head in (("_required", "report.head.required"), ("_planned", "report.head.planned"),
                         ("_hires", "report.col.hires")):
        if column.endswith(suffix):
            return f"{role_label(column.removesuffix(suffix), lang)} {t(head, lang)}"
    return column


def metric_label(key: str, lang: Lang) -> str:
    return t(f"report.metric.{key}", lang)


def _share(value: float | None, lang: Lang) -> str:
    return t("report.input.benchmark", lang) if value is None else fmt_pct(value, lang, 0)


def _construction(path: Any, lang: Lang) -> str:
    return t(f"report.construction.{path.construction.kind}", lang)


def describe_path(path: Any, lang: Lang, scenario: Scenario) -> str:
    """One paragraph in words for each expansion path."""
    if isinstance(path, CapacityIncrease):
        services = scenario.organisation.services
        service = services[path.service_index] if path.service_index < len(services) else None
        name = (service.name or service_label(service.service, lang)) if service else "?"
        site = "report.path.new_site" if path.new_site else "report.path.same_site"
        return t(
            "report.path.capacity_increase", lang, label=path.label or name, service=name,
            added=path.added_capacity, site=t(site, lang), opening=path.opening_month,
            ramp_start=fmt_pct(path.ramp.start, lang, 0), ceiling=fmt_pct(path.ramp.ceiling, lang, 0),
            months=f"{path.ramp.months_to_ceiling:g}", construction=_construction(path, lang),
            build=path.construction.months_to_build,
        )
    if isinstance(path, NewService):
        op = path.operation
        return t(
            "report.path.new_service", lang, label=path.label or op.name or service_label(op.service, lang),
            service=service_label(op.service, lang), capacity=op.capacity, opening=path.opening_month,
            ramp_start=fmt_pct(path.ramp.start, lang, 0), ceiling=fmt_pct(path.ramp.ceiling, lang, 0),
            months=f"{path.ramp.months_to_ceiling:g}", referrals=f"{path.referrals_per_month_from_own_services:g}",
            construction=_construction(path, lang),
        )
    if isinstance(path, Merger):
        integ = path.integration
        total = integ.systems_yen + integ.legal_and_registration_yen + integ.due_diligence_yen + integ.other_yen
        return t(
            "report.path.merger", lang, label=path.label or path.partner.name, partner=path.partner.name or "—",
            staff=path.partner.staff_headcount, lead=path.approval_lead_months,
            backoffice=f"{path.synergies.backoffice_fte_removed:g}",
            procurement=fmt_pct(path.synergies.procurement_saving_share, lang),
            realisation=fmt_pct(path.synergies.realisation, lang, 0), integration=fmt_yen(total, lang),
            attrition=fmt_pct(path.extra_attrition_first_year, lang), sessions=path.staff_sessions_planned,
        )
    if isinstance(path, BusinessTransfer):
        valuation = path.valuation
        method = t(
            f"report.valuation.{valuation.method}", lang, years=f"{valuation.earnings_years:g}",
            price=fmt_yen(valuation.price_yen, lang),
        )
        return t(
            "report.path.business_transfer", lang, label=path.label or path.business.name,
            role=t(f"report.role.{path.role}", lang), business=path.business.name or "—",
            month=path.transfer_month, method=method, lead=path.designation_lead_months,
            retention=fmt_pct(path.staff_retention, lang, 0), broker=fmt_pct(path.broker_fee_share, lang),
            dd=fmt_yen(path.due_diligence_yen, lang),
        )
    return str(getattr(path, "label", "")) or str(getattr(path, "kind", ""))


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


def year_chunks(years: Sequence[Any], size: int = YEARS_PER_TABLE) -> list[list[Any]]:
    years = list(years)
    return [years[i : i + size] for i in range(0, len(years), size)] or [[]]


@dataclass(frozen=True)
class Row:
    cells: tuple[str, ...]


PDCA_MONTHS_SHOWN = 12  # months of plan vs actual in the report's table (the latest ones)


@dataclass
class ReportData:
    """Everything the reports show, computed once."""

    scenario: Scenario
    result: Result
    lang: Lang
    risk: RiskView | None
    decision: Decision
    today: dt.date
    annual: pd.DataFrame = field(init=False)

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
            (t("report.cover.vintage", lang), self.vintage_text()),
        ]

    def vintage_text(self) -> str:
        return "; ".join(f"{k}: {v}" for k, v in self.result.vintage.items()) or "—"

    # -- summary
    def key_figures(self) -> list[tuple[str, str]]:
        m, lang = self.result.metrics, self.lang
        rows = [(metric_label(k, lang), fmt_metric(k, m.get(k), lang)) for k in KEY_METRICS if k in m]
        if self.risk is not None and self.risk.shortfall_probability is not None:
            rows.insert(4, (metric_label("shortfall_probability", lang),
                            fmt_pct(self.risk.shortfall_probability, lang)))
        return rows

    def decision_lines(self) -> list[str]:
        return self.decision.reasons(self.lang)

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
            (t("report.input.turnover_rate_per_year", lang), _share(a.turnover_rate_per_year, lang), user, conf),
            (t("report.input.agency_hire_share", lang), fmt_pct(a.agency_hire_share, lang), user, conf),
            (t("report.input.cash_floor_yen", lang), fmt_yen(a.cash_floor_yen, lang), user, conf),
            (t("report.input.cash_yen", lang), fmt_yen(org.cash_yen, lang), user, conf),
            (t("report.input.existing_debt_yen", lang), fmt_yen(org.existing_debt_yen, lang), user, conf),
            (t("report.input.region_grade", lang), str(org.region_grade), user, conf),
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
                  capacity=service.capacity, occupancy=_share(service.occupancy, lang)),
                "", user, conf,
            ))
        rows.extend(self.reference_rows())
        return rows

    def reference_rows(self) -> list[tuple[str, str, str, str]]:
        """Reference data the engine used, with source title, URL and locator."""
        lang = self.lang
        rows = []
        for param_id, entry in used_references(self.result, self.scenario):
            shown = reference_value(entry.value, lang)
            source = entry.source
            text = f"{source.title} {source.locator} {source.url}".strip()
            rows.append((param_id, shown, text, t(f"report.confidence.{entry.confidence}", lang)))
        for key, value in self.result.vintage.items():
            rows.append((t("report.vintage.item", lang, key=key), "", str(value), t("report.source.reference", lang)))
        return rows

    # -- paths
    def path_texts(self) -> list[str]:
        if not self.scenario.paths:
            return [t("report.path.none", self.lang)]
        return [describe_path(p, self.lang, self.scenario) for p in self.scenario.paths]

    # -- financial tables: (title, header, rows) per chunk of years
    def financial_tables(self, rows: Sequence[str]) -> list[tuple[list[str], list[list[str]]]]:
        annual, lang = self.annual, self.lang
        present = [r for r in rows if r in annual.columns]
        tables = []
        for years in year_chunks(list(annual.index)):
            header = [t("report.unit.thousand_yen", lang)] + [str(y) for y in years]
            body = [[col_label(r, lang)] + [thousands(annual.at[y, r]) for y in years] for r in present]
            tables.append((header, body))
        return tables

    # -- staffing
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

    def staffing_rows(self) -> list[tuple[str, str, str]]:
        """(role, required, planned) in the final month, from Result.staffing."""
        staffing = self.result.staffing
        if staffing is None or staffing.empty:
            return []
        last = staffing.iloc[-1]
        roles = sorted({c.rsplit("_", 1)[0] for c in staffing.columns if c.endswith("_required")})
        return [
            (role_label(role, self.lang), fmt_number(last.get(f"{role}_required"), self.lang, 1),
             fmt_number(last.get(f"{role}_planned"), self.lang, 1))
            for role in roles
        ]

    # -- investment and financing
    def financing_summary(self) -> str:
        m, f, lang = self.result.metrics, self.scenario.financing, self.lang
        loans = sum(loan.amount_yen for loan in f.loans)
        return t("report.financing.initial", lang, investment=fmt_yen(m.get("initial_investment_yen"), lang),
                 subsidies=fmt_yen(m.get("subsidies_yen"), lang), own=fmt_yen(f.own_funds_yen, lang),
                 loans=fmt_yen(loans, lang))

    def loan_rows(self) -> list[tuple[str, str, str, str, str]]:
        lang = self.lang
        return [
            (loan.name or "—", fmt_yen(loan.amount_yen, lang), fmt_pct(loan.annual_rate, lang, 2),
             str(loan.years), t(f"report.loan.{loan.method}", lang))
            for loan in self.scenario.financing.loans
        ]

    def subsidy_rows(self) -> list[tuple[str, str, str, str]]:
        lang = self.lang
        return [
            (s.name or "—", fmt_yen(s.amount_yen, lang), str(s.month), t(f"report.subsidy.{s.kind}", lang))
            for s in self.scenario.financing.subsidies
        ]

    # -- risk
    def percentile_table(self) -> tuple[list[str], list[list[str]]] | None:
        if self.risk is None or self.risk.percentiles is None:
            return None
        frame, lang = self.risk.percentiles, self.lang
        header = [t("report.head.metric", lang)] + [percentile_heading(c, lang) for c in frame.columns]
        body = [[metric_label(str(k), lang)] + [fmt_metric(str(k), v, lang) for v in frame.loc[k]]
                for k in frame.index]
        return header, body

    def stress_table(self) -> tuple[list[str], list[list[str]]] | None:
        if self.risk is None or self.risk.stress is None:
            return None
        frame, lang = self.risk.stress, self.lang
        keys = [k for k in ("npv_yen", "lowest_cash_yen", "dscr_min", "payback_month") if k in frame.columns]
        header = [t("report.head.case", lang)] + [metric_label(k, lang) for k in keys]
        body = [[str(case)] + [fmt_metric(k, frame.at[case, k], lang) for k in keys] for case in frame.index]
        return header, body

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
                 distribution_parameters(d), d.source or "—"] for d in inputs]
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
                t("report.pdca.profit", lang, plan=fmt_yen(before, lang), forecast=fmt_yen(after, lang),
                  change=fmt_yen(after - before, lang))]

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
        """:meth:`pdca_variance` as text: month, KPI, plan, actual, difference (yen in thousands), difference %."""
        lang = self.lang

        def amount(kpi: str, value: float) -> str:
            return thousands(value) if kpi.endswith("_yen") else fmt_number(value, lang, 1)

        return [(f"{r.date:%Y-%m}", t(f"report.pdca.kpi.{r.kpi}", lang), amount(r.kpi, r.plan),
                 amount(r.kpi, r.actual), amount(r.kpi, r.difference), fmt_pct(r.difference_share, lang))
                for r in self.pdca_variance().itertuples()]

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
        paragraphs.append(t("report.staff.money", lang, lowest=fmt_yen(m.get("lowest_cash_yen"), lang)))
        sessions = [p.staff_sessions_planned for p in s.paths if isinstance(p, Merger)]
        if sessions or any(isinstance(p, BusinessTransfer) for p in s.paths):
            paragraphs.append(t("report.staff.merger", lang, sessions=sum(sessions)))
        paragraphs.append(t("report.staff.next", lang))
        return paragraphs


def used_references(result: Result, scenario: Scenario) -> list[tuple[str, Any]]:
    """(id, entry in force on the start date) of exactly the reference parameters the engine read for
    ``result`` (``Result.references``, recorded by the reference lookup)."""
    from simulator.reference.loader import catalogue

    params, on = catalogue(), scenario.assumptions.start_date
    rows = []
    for param_id in result.references:
        try:
            rows.append((param_id, params[param_id].entry(on)))
        except LookupError:  # read for a later month only: shown with the value of that month elsewhere
            continue
    return rows


def build_data(
    scenario: Scenario, result: Result, lang: Lang = "ja", risk: Any = None, today: dt.date | None = None
) -> ReportData:
    view = risk_view(risk)
    decision = decide(scenario, result.metrics, view.shortfall_probability if view else None)
    return ReportData(scenario, result, lang, view, decision, today or dt.date.today())
