"""Default uncertainty: ranges per path and correlations, each marked with where it comes from.

``uncertain_inputs(scenario)`` returns the distributions and rank correlations a Monte Carlo or a
tornado uses: the user's own ``uncertainty.inputs`` first, then (if ``use_path_defaults``) a default
range for every input the user did not list, then the default correlations (if
``use_default_correlations``) overridden pair by pair by the user's. A range is centred on the
scenario's own value (its mode), so the base case stays the most likely case. Where a published
figure sets the width it is named in ``source``; everything else says "assumption".
"""

from __future__ import annotations

from collections.abc import Callable

from simulator.scenario import (
    BusinessTransfer,
    CapacityIncrease,
    Collaboration,
    Distribution,
    Merger,
    NewService,
    Scenario,
)

ASSUMPTION = "assumption (仮定): editable in [[uncertainty.inputs]]"

# WAM 認知症高齢者グループホームの経営状況: 開設2年目の利用率 黒字施設 ≈ 88 % vs 赤字施設 ≈ 66 %
# (22 points apart), 開設3年目で ≈ 96 %. Quoted in domain-facts §4 from
# https://expydoc.com/doc/7916882/ and https://deploy.paperzz.com/doc/5456685/ (old survey, single source).
OCCUPANCY_SPREAD_PROFIT_VS_LOSS = 0.88 - 0.66
OCCUPANCY_SOURCE = (
    "WAM グループホームの経営状況: 開設2年目の利用率 黒字施設88% vs 赤字施設66% "
    "(https://expydoc.com/doc/7916882/); downside = ceiling − 22 points, upside +3 points (assumption)"
)
# The occupancy-ceiling range by service: only GH has a cited spread (above). 特養-type homes keep waiting lists
# (WAM 2023 ユニット型 図表5: 利用率 92.4–94.4 % in every size class, https://wic-net.com/material/document/19342/5),
# so their downside is narrower; the other services' spreads are assumptions. A 特養 range must not cite a GH figure.
RESIDENTIAL_SOURCE = (
    "WAM 2023年度 ユニット型特養 図表5: 利用率 92.4〜94.4% in every size class (待機者がいる) "
    "(https://wic-net.com/material/document/19342/5); downside = ceiling − 8 points, upside +3 points (assumption)"
)
CEILING_DOWNSIDE: dict[str, tuple[float, str]] = {
    "group_home": (OCCUPANCY_SPREAD_PROFIT_VS_LOSS, OCCUPANCY_SOURCE),
    "tokuyo": (0.08, RESIDENTIAL_SOURCE),
    "community_tokuyo": (0.08, RESIDENTIAL_SOURCE),
    "roken": (0.08, RESIDENTIAL_SOURCE),
}
DEFAULT_CEILING_DOWNSIDE = (0.15, "assumption (仮定): ceiling − 15 points, +3 points; editable in [[uncertainty.inputs]]")
# 令和6年度介護従事者処遇状況等調査: 介護職員 平均給与額 338,200円, +13,960円 on the year (+4.3 %).
WAGE_RISE_HIGH = 13_960 / (338_200 - 13_960)
WAGE_SOURCE = (
    "令和6年度介護従事者処遇状況等調査 (MHLW): 介護職員 平均給与額 +13,960円 (+4.3%) is the high end; "
    "low end base − 1 point (assumption)"
)
# WAM 福祉・医療施設の建設費: ユニット型特養 平米単価 342千円 (2023) → 387千円 (2024), +13 % in a year.
CONSTRUCTION_SOURCE = (
    "WAM 2024年度 福祉・医療施設の建設費について: 平米単価 342千円 (2023) → 387千円 (2024), +13%/year "
    "(https://www.wam.go.jp/hp/keiei-report-r7/); range −5% … +20% (assumption)"
)
# 介護労働実態調査: 介護職員 離職率 13.6 % (R5) and 12.8 % (R6).
TURNOVER_SOURCE = "介護労働実態調査 (介護労働安定センター): 介護職員 離職率 R5 13.6%, R6 12.8%; range ±3 points"

# Default rank (Spearman) correlations, all assumptions: a tight labour market means later hires and
# faster wage growth; strong local demand means a higher occupancy ceiling reached sooner.
LABOUR_CORRELATIONS: tuple[tuple[str, str, float], ...] = (
    ("market.labour_tightness", "market.hiring_delay_months", 0.6),
    ("market.labour_tightness", "assumptions.wage_growth_per_year", 0.5),
    ("market.hiring_delay_months", "assumptions.wage_growth_per_year", 0.3),
)
# Sampled only to drive the inputs correlated with them: the engine reads neither (they raise market
# warnings), so alone they move no result, and a tornado leaves them out unless the user listed them.
DRIVERS = frozenset({"market.labour_tightness", "market.demand_growth_per_year"})
DEMAND_TO_CEILING = 0.5
DEMAND_TO_RAMP_MONTHS = -0.4
CEILING_TO_RAMP_MONTHS = -0.3


def _tri(target: str, low: float, mode: float, high: float, source: str, floor: float | None = 0.0,
         cap: float | None = None) -> Distribution | None:
    low = max(low, floor) if floor is not None else low
    high = min(high, cap) if cap is not None else high
    mode = min(max(mode, low), high)
    if not low < high:
        return None
    return Distribution(target=target, kind="triangular", low=low, mode=mode, high=high, source=source)


def path_defaults(scenario: Scenario) -> list[Distribution]:
    """Default ranges for the market, the assumptions, the financing and each path (fields with a value)."""
    a, m = scenario.assumptions, scenario.market
    out: list[Distribution | None] = [
        _tri("market.labour_tightness", m.labour_tightness - 0.2, m.labour_tightness,
             m.labour_tightness + 0.2, ASSUMPTION, cap=1.0),
        _tri("market.hiring_delay_months", m.hiring_delay_months - 1, m.hiring_delay_months,
             m.hiring_delay_months + 6, ASSUMPTION, cap=24.0),
        _tri("assumptions.wage_growth_per_year", a.wage_growth_per_year - 0.01, a.wage_growth_per_year,
             max(WAGE_RISE_HIGH, a.wage_growth_per_year + 0.01), WAGE_SOURCE, floor=-0.5),
        _tri("market.demand_growth_per_year", m.demand_growth_per_year - 0.01, m.demand_growth_per_year,
             m.demand_growth_per_year + 0.01, ASSUMPTION, floor=-0.5),
    ]
    if a.turnover_rate_per_year is not None:
        r = a.turnover_rate_per_year
        out.append(_tri("assumptions.turnover_rate_per_year", r - 0.03, r, r + 0.03, TURNOVER_SOURCE, cap=1.0))
    for j, revision in enumerate(a.fee_revisions):
        c = revision.change
        out.append(_tri(f"assumptions.fee_revisions.{j}.change", c - 0.02, c, c + 0.02, ASSUMPTION,
                        floor=-0.5, cap=0.5))
    for j, loan in enumerate(scenario.financing.loans):
        r = loan.annual_rate
        out.append(_tri(f"financing.loans.{j}.annual_rate", r - 0.0025, r, r + 0.01, ASSUMPTION, cap=0.3))
    for i, path in enumerate(scenario.paths):
        out += _one_path(i, path, _path_service(scenario, path))
    return [d for d in out if d is not None]


def _path_service(scenario: Scenario, path: object) -> str:
    """The service a capacity increase or new service opens places of ("" for other paths)."""
    if isinstance(path, NewService):
        return path.operation.service.value
    if isinstance(path, CapacityIncrease) and path.service_index < len(scenario.organisation.services):
        return scenario.organisation.services[path.service_index].service.value
    return ""


def _one_path(i: int, path: object, service: str = "") -> list[Distribution | None]:
    p = f"paths.{i}"
    out: list[Distribution | None] = []
    if isinstance(path, CapacityIncrease | NewService):
        c = path.ramp.ceiling
        downside, source = CEILING_DOWNSIDE.get(service, DEFAULT_CEILING_DOWNSIDE)
        out.append(_tri(f"{p}.ramp.ceiling", c - downside, c, c + 0.03, source, cap=1.0))
        months = path.ramp.months_to_ceiling
        out.append(_tri(f"{p}.ramp.months_to_ceiling", months * 0.5, months, months * 2 + 1, ASSUMPTION,
                        cap=120.0))
        cost = path.construction.cost_per_m2_yen
        if cost is not None and path.construction.kind != "none":
            out.append(_tri(f"{p}.construction.cost_per_m2_yen", cost * 0.95, cost, cost * 1.2,
                            CONSTRUCTION_SOURCE))
    elif isinstance(path, Merger):
        r = path.synergies.realisation
        out.append(_tri(f"{p}.synergies.realisation", r * 0.4, r, r, ASSUMPTION, cap=1.0))
        x = path.extra_attrition_first_year
        out.append(_tri(f"{p}.extra_attrition_first_year", x * 0.5, x, x * 2 + 0.05, ASSUMPTION, cap=1.0))
    elif isinstance(path, BusinessTransfer):
        r = path.staff_retention
        out.append(_tri(f"{p}.staff_retention", r - 0.15, r, r + 0.05, ASSUMPTION, cap=1.0))
    elif isinstance(path, Collaboration):  # savings realised (as a merger's synergies) and how fast
        r = path.realisation
        out.append(_tri(f"{p}.realisation", r * 0.4, r, r, ASSUMPTION, cap=1.0))
        months = path.phase_in_months
        out.append(_tri(f"{p}.phase_in_months", months * 0.5, months, months * 2 + 1, ASSUMPTION, cap=120.0))
    return out


def default_correlations(scenario: Scenario) -> list[tuple[str, str, float]]:
    """Labour-market tightness ↔ hiring delay ↔ wage growth; local demand ↔ occupancy ceiling and ramp."""
    pairs = list(LABOUR_CORRELATIONS)
    for i, path in enumerate(scenario.paths):
        if isinstance(path, CapacityIncrease | NewService):
            ceiling, months = f"paths.{i}.ramp.ceiling", f"paths.{i}.ramp.months_to_ceiling"
            pairs += [
                ("market.demand_growth_per_year", ceiling, DEMAND_TO_CEILING),
                ("market.demand_growth_per_year", months, DEMAND_TO_RAMP_MONTHS),
                (ceiling, months, CEILING_TO_RAMP_MONTHS),
            ]
    return pairs


def uncertain_inputs(
    scenario: Scenario, extra_defaults: Callable[[Scenario], list[Distribution]] | None = None
) -> tuple[list[Distribution], list[tuple[str, str, float]]]:
    """(distributions, rank correlations) for this scenario: the user's, then the defaults not overridden."""
    u = scenario.uncertainty
    inputs = list(u.inputs)
    listed = {d.target for d in inputs}
    if u.use_path_defaults:
        defaults = path_defaults(scenario) + (extra_defaults(scenario) if extra_defaults else [])
        for d in defaults:
            if d.target not in listed:
                inputs.append(d)
                listed.add(d.target)
    pairs: dict[frozenset[str], tuple[str, str, float]] = {}
    if u.use_default_correlations:
        pairs |= {frozenset((a, b)): (a, b, r) for a, b, r in default_correlations(scenario)}
    pairs |= {frozenset((a, b)): (a, b, float(r)) for a, b, r in u.correlations}
    return inputs, [pair for pair in pairs.values() if pair[0] in listed and pair[1] in listed]


def user_pairs(scenario: Scenario) -> set[frozenset[str]]:
    """The correlations the user set in the file (kept exactly when they contradict the defaults)."""
    return {frozenset((a, b)) for a, b, _ in scenario.uncertainty.correlations}
