"""What a lender reads, per fiscal year and per trial (vectorised): 償還財源, DSCR, 債務償還年数.

Definitions (the reference data cites them: ``finance.toml`` ``lender.*``):

- 償還財源 (repayment source) of a fiscal year = 経常増減差額 + 減価償却費 − 国庫補助金等特別積立金取崩額 − 法人税等,
  i.e. net income (after interest and tax) + depreciation − subsidy release, **before** the plan's one-off
  costs (開設準備, due diligence, integration, broker fee): those are shown on their own
  (``one_off_costs_yen``), as a lender reads a deal year.
- 債務償還年数 = (有利子負債 − 現預金) at the fiscal year's end / 償還財源 of the year: the banks' usual
  definition (要償還債務 ÷ キャッシュフロー; 正常運転資金 is not deducted, which is the conservative side).
  0 when cash covers the debt; undefined (返済原資なし) when the source is ≤ 0 while net debt remains.
- DSCR = (償還財源 + 支払利息) / (元金返済 + 支払利息), the cash available for debt service before interest over
  the debt service of the year; a year without debt service has none (返済なし); a year whose source
  before interest is ≤ 0 is labelled 返済原資なし instead of showing a negative ratio.
- operating years: full fiscal years that start at or after the plan is in operation (the latest
  opening, merger effective month or start of an acquired P&L: ``extras["operating_from_month"]``);
  the stable year: the first full fiscal year that starts once every ramp has reached its ceiling
  (``extras["stable_from_month"]``), the year a lender reads 債務償還年数 in. Without a path every full
  year is an operating year and the first is the stable one. :func:`year_phases` is the one place these are
  decided: the verdict's metrics, the annual table's ``operating_year`` and the lender page read it.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from simulator.engine.inputs import Inputs
from simulator.engine.metric_sums import fiscal_sums
from simulator.scenario import BusinessTransfer, CapacityIncrease, Merger, NewService

MONTHS_PER_YEAR = 12

# Status of a fiscal year's DSCR / 債務償還年数 (annual column ``lender_status``; locale
# ``engine.lender_status.<name>``)
STATUSES: tuple[str, ...] = (
    "ratio",  # 0: a ratio is shown
    "no_debt_service",  # 1: no principal or interest due (返済なし)
    "no_repayment_source",  # 2: the repayment source is ≤ 0 (返済原資なし)
)


def plan_months(inp: Inputs) -> tuple[np.ndarray, np.ndarray]:
    """(operating from, stable from) month per trial ``(T, 1)``: the latest month a path's operation starts,
    and the latest month its occupancy reaches the ramp's ceiling (the operation start for a deal)."""
    operating = inp.const(0.0)
    stable = inp.const(0.0)
    for i, path in enumerate(inp.scenario.paths):
        p = f"paths.{i}"
        if isinstance(path, CapacityIncrease | NewService):
            start = inp.num(f"{p}.opening_month")
            ready = start + inp.num(f"{p}.ramp.months_to_ceiling")
        elif isinstance(path, Merger):
            start = ready = inp.num(f"{p}.approval_lead_months")
        elif isinstance(path, BusinessTransfer):
            start = inp.num(f"{p}.transfer_month")
            if path.role == "buyer":
                start = start + inp.num(f"{p}.designation_lead_months")
            ready = start
        else:
            continue
        operating = np.maximum(operating, start)
        stable = np.maximum(stable, ready)
    return operating, stable


def fiscal_of(dates) -> np.ndarray:
    """The fiscal year (4月〜3月) of each date of a DatetimeIndex: 2027-03 is FY2026."""
    return np.where(dates.month >= 4, dates.year, dates.year - 1)


def by_fiscal_year(x: np.ndarray, fiscal: np.ndarray, years: list[int], how: str = "sum") -> np.ndarray:
    """``(T, len(years))`` sums (or last values) of monthly ``x`` per fiscal year."""
    cols = []
    for year in years:
        mask = fiscal == year
        cols.append(x[:, mask].sum(axis=1) if how == "sum" else x[:, mask][:, -1])
    return np.stack(cols, axis=1) if cols else np.zeros((x.shape[0], 0))


def yearly(a: Mapping[str, np.ndarray], fiscal: np.ndarray, years: list[int]) -> dict[str, np.ndarray]:
    """Per fiscal year ``(T, Y)``: repayment source, debt service, DSCR, net debt, 債務償還年数 and status."""
    sums = fiscal_sums(a, fiscal, years)
    one_off = sums["one_off_costs_yen"]
    source = sums["source_before_one_off_yen"] + one_off
    interest = sums["interest_yen"]
    service = sums["principal_repaid_yen"] + interest
    before_interest = source + interest
    net_debt = sums["net_debt_yen"]
    has_service = service > 0.5
    has_source = before_interest > 0.5
    dscr = np.full(service.shape, np.nan)
    ok = has_service & has_source
    dscr[ok] = before_interest[ok] / service[ok]
    years_ = np.full(source.shape, np.nan)
    no_net_debt = net_debt <= 0.5
    years_[no_net_debt] = 0.0
    payable = ~no_net_debt & (source > 0.5)
    years_[payable] = net_debt[payable] / source[payable]
    status = np.where(~has_service, 1.0, np.where(has_source, 0.0, 2.0))
    status = np.where(~no_net_debt & ~(source > 0.5), 2.0, status)
    return {"repayment_source_yen": source, "debt_service_yen": service, "dscr": dscr, "net_debt_yen": net_debt,
            "debt_repayment_years": years_, "lender_status": status, "one_off_costs_yen": one_off}


def _first(mask: np.ndarray) -> np.ndarray:
    """Index of the first True per row, −1 where none."""
    return np.where(mask.any(axis=1), np.argmax(mask, axis=1), -1)


# Phase of a fiscal year for the lender tests (``year_phases``; locale ``pack.lender.phase.<name>``). Operating
# years (the ones DSCR is tested in, by the verdict and the lender page alike) are fill_up and stable.
PHASES: tuple[str, ...] = (
    "before",  # 0: ends before the plan operates (construction, preparation, before the merger or transfer)
    "opening",  # 1: the plan starts operating inside the year (not a full operating year)
    "fill_up",  # 2: a full operating year that starts before every ramp reaches its ceiling (立ち上がり期)
    "stable",  # 3: a full operating year at the ceiling
    "part_year",  # 4: fewer than 12 months in the horizon
)
OPERATING_PHASES = (PHASES.index("fill_up"), PHASES.index("stable"))


def year_phases(fiscal: np.ndarray, operating_from: np.ndarray, stable_from: np.ndarray
                ) -> tuple[list[int], np.ndarray]:
    """Every fiscal year of the months' ``fiscal`` years (:func:`fiscal_of`) and its phase (index into PHASES) per trial ``(T, Y)``: the one definition
    of the operating years (full fiscal years starting at or after ``operating_from``; when the plan operates
    no full year, the last full year) and of the stable year, used by the verdict's metrics
    (:func:`lender_metrics`), the annual table's ``operating_year`` and the lender page."""
    years = [int(y) for y in dict.fromkeys(fiscal.tolist())]
    first = np.array([int(np.flatnonzero(fiscal == y)[0]) for y in years], dtype=float)[None, :]
    last = np.array([int(np.flatnonzero(fiscal == y)[-1]) for y in years], dtype=float)[None, :]
    full = np.array([(fiscal == y).sum() == MONTHS_PER_YEAR for y in years])[None, :]
    start = np.floor(np.asarray(operating_from, dtype=float).reshape(-1, 1))
    ready = np.floor(np.asarray(stable_from, dtype=float).reshape(-1, 1))
    last_full = first == (first[full].max() if full.any() else -1.0)
    operating = full & (first >= start)
    operating = np.where(operating.any(axis=1, keepdims=True), operating, last_full)
    stable = full & (first >= ready)
    stable = np.where(stable.any(axis=1, keepdims=True), stable, last_full)
    phase = np.where(last < start, PHASES.index("before"), PHASES.index("opening"))
    phase = np.where(operating, np.where(stable, PHASES.index("stable"), PHASES.index("fill_up")), phase)
    phase = np.where(full, phase, PHASES.index("part_year"))
    return years, phase.astype(int)


def base_phases(proj) -> np.ndarray:
    """Phase (index into PHASES) of each fiscal year of a projection's base case (its first trial), from the
    months the engine recorded (``extras["lender_months"]``; a projection without them: every full year is an
    operating year)."""
    zero = np.zeros((1, 1))
    operating, stable = proj.extras.get("lender_months", (zero, zero))
    first = np.asarray(operating, dtype=float).reshape(-1)[:1], np.asarray(stable, dtype=float).reshape(-1)[:1]
    return year_phases(proj.fiscal_year, first[0], first[1])[1][0]


def lender_metrics(a: Mapping[str, np.ndarray], fiscal: np.ndarray, operating_from: np.ndarray,
                   stable_from: np.ndarray) -> dict[str, np.ndarray]:
    """Scalar lender metrics per trial (see METRIC_KEYS) from monthly ``a`` in fiscal years ``fiscal``
    (``(months,)``): DSCR over operating years, 債務償還年数 in the stable and the worst operating year (and which
    fiscal years those are), years without a repayment source."""
    all_years, phases = year_phases(fiscal, operating_from, stable_from)
    keep = [i for i in range(len(all_years)) if (phases[:, i] != PHASES.index("part_year")).all()]
    full = [all_years[i] for i in keep]
    trials = next(iter(a.values())).shape[0]
    nan = np.full(trials, np.nan)
    if not full:
        return {k: nan.copy() for k in ("dscr_min", "dscr_mean", "debt_repayment_years", "debt_repayment_years_worst",
                                        "debt_repayment_stable_year", "debt_repayment_worst_year",
                                        "years_without_repayment_source")}
    y = yearly(a, fiscal, full)
    phase = np.broadcast_to(phases[:, keep], (trials, len(keep)))
    operating = np.isin(phase, OPERATING_PHASES)
    stable_mask = phase == PHASES.index("stable")
    rows = np.arange(trials)
    out: dict[str, np.ndarray] = {}

    dscr = np.where(operating, y["dscr"], np.nan)
    has = np.isfinite(dscr).any(axis=1)
    out["dscr_min"] = np.where(has, np.where(np.isfinite(dscr), dscr, np.inf).min(axis=1), np.nan)
    out["dscr_mean"] = np.where(has, np.where(np.isfinite(dscr), dscr, 0.0).sum(axis=1)
                                / np.maximum(np.isfinite(dscr).sum(axis=1), 1), np.nan)
    no_source = operating & (y["lender_status"] == 2)
    out["years_without_repayment_source"] = no_source.sum(axis=1).astype(float)

    years_arr = np.asarray(full, dtype=float)
    stable_index = _first(stable_mask)
    out["debt_repayment_years"] = y["debt_repayment_years"][rows, stable_index]
    out["debt_repayment_stable_year"] = years_arr[stable_index]
    # worst: an operating year without a source is the worst (its 債務償還年数 is undefined)
    ranked = np.where(operating, np.where(no_source, np.inf, np.nan_to_num(y["debt_repayment_years"], nan=-1.0)),
                      -np.inf)
    worst_index = np.argmax(ranked, axis=1)
    out["debt_repayment_years_worst"] = y["debt_repayment_years"][rows, worst_index]
    out["debt_repayment_worst_year"] = years_arr[worst_index]
    return out


def dscr_label_key(status: float) -> str | None:
    """Locale key of a year's label where no ratio is shown (返済なし / 返済原資なし), else None."""
    name = STATUSES[int(status)] if np.isfinite(status) else "ratio"
    return None if name == "ratio" else f"engine.lender_status.{name}"
