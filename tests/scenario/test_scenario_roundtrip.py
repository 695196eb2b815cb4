"""Saving and loading loses nothing: ``load(save(s)) == s`` for TOML and JSON, over generated scenarios."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulator import scenario as sc
from simulator.files import dumps, load_scenario, loads, save_scenario
from simulator.reference import EARLIEST_START

CARE_LEVELS = ["support_1", "support_2", "care_1", "care_2", "care_3", "care_4", "care_5"]
VARIANTS = {
    "tokuyo": [{"room_type": "unit"}, {"room_type": "conventional"}],
    "group_home": [{"units": "single"}, {"units": "multi"}],
    "day_service": [{"hours": "3-4"}, {"hours": "7-8"}],
    "home_help": [{"visit": "physical_20_30"}, {"visit": "living_45plus"}],
    "care_management": [{"tier": "i"}, {"tier": "iii"}],
    "small_multi": [{"residence": "other"}, {"residence": "same_building"}],
}

text = st.text(max_size=30)
names = st.text(max_size=20)


def floats(lo: float, hi: float) -> st.SearchStrategy[float]:
    return st.floats(lo, hi, allow_nan=False, allow_infinity=False)


yen = floats(0, 1e11)
share = floats(0, 1)
month = st.integers(0, 480)
dates = st.dates(dt.date(2000, 1, 1), dt.date(2080, 12, 31))
start_dates = st.dates(EARLIEST_START, dt.date(2080, 12, 31))  # the reference data price a start from then
datetimes = st.datetimes(dt.datetime(2000, 1, 1), dt.datetime(2080, 1, 1)) | st.datetimes(
    dt.datetime(2000, 1, 1), dt.datetime(2080, 1, 1), timezones=st.just(dt.UTC)
)


@st.composite
def care_mixes(draw: st.DrawFn) -> dict[str, float] | None:
    levels = draw(st.lists(st.sampled_from(CARE_LEVELS), min_size=1, max_size=7, unique=True))
    weights = [draw(floats(0.01, 1)) for _ in levels]
    total = sum(weights)
    mix = {lvl: w / total for lvl, w in zip(levels, weights, strict=True)}
    mix[levels[-1]] = max(0.0, 1.0 - sum(mix[lvl] for lvl in levels[:-1]))
    return mix


def known_add_ons(service: str) -> list[str]:
    """The 加算 ids the reference knows for ``service``, and the typical-set marker (the schema checks them)."""
    from simulator.reference import TYPICAL_MARKER, catalogue

    return [TYPICAL_MARKER, *sorted(p.rsplit(".", 1)[1] for p in catalogue() if p.startswith(f"add_on.{service}."))]


@st.composite
def operations(draw: st.DrawFn) -> sc.ServiceOperation:
    service = draw(st.sampled_from(list(sc.ServiceId)))
    return sc.ServiceOperation(
        service=service,
        name=draw(names),
        variant=draw(st.sampled_from(VARIANTS.get(service.value, [{}]))),
        capacity=draw(st.integers(1, 2000)),
        occupancy=draw(st.none() | share),
        care_mix=draw(st.none() | care_mixes()),
        service_days_per_month=draw(st.none() | floats(0, 31)),
        visits_per_user_month=draw(st.none() | floats(0, 200)),
        add_ons=draw(st.lists(st.sampled_from(known_add_ons(service.value)), max_size=3)),
        wage_improvement_tier=draw(st.sampled_from(["none", "I", "II", "III", "IV", "I_a", "I_b"])),
        staff_per_10_users=draw(st.none() | floats(0, 30)),
        other_cost_ratio=draw(st.none() | share),
        rent_yen_per_month=draw(yen),
        hotel_yen_per_user_day=draw(st.none() | floats(0, 10_000)),
        actual_revenue_yen_per_year=draw(st.none() | yen),
        actual_costs_yen_per_year=draw(st.none() | yen),
    )


constructions = st.builds(
    sc.Construction,
    kind=st.sampled_from(["new_build", "extension", "renovation", "none"]),
    floor_area_m2=st.none() | floats(0, 50_000),
    cost_per_m2_yen=st.none() | floats(0, 1e6),
    fit_out_yen=yen,
    months_to_build=st.integers(0, 60),
)
ramps = st.builds(sc.Ramp, start=share, ceiling=share, months_to_ceiling=floats(0, 120))
partners = st.builds(
    sc.PartnerProfile,
    name=names,
    corp_type=st.sampled_from(list(sc.CorpType)),
    services=st.lists(operations(), max_size=2),
    revenue_yen_per_year=st.none() | yen,
    cash_yen=floats(-1e10, 1e10),
    staff_headcount=st.integers(0, 500),
    wage_level_vs_own=floats(0.5, 1.5),
)
new_services = st.builds(
    sc.NewService, label=names, operation=operations(), opening_month=month, ramp=ramps, construction=constructions
)
mergers = st.builds(
    sc.Merger,
    partner=partners,
    synergies=st.builds(sc.Synergies, backoffice_fte_removed=floats(0, 10), realisation=share),
    integration=st.builds(sc.IntegrationCosts, systems_yen=yen),
)
transfers = st.builds(
    sc.BusinessTransfer,
    role=st.sampled_from(["buyer", "seller"]),
    business=partners,
    valuation=st.builds(sc.Valuation, method=st.just("dcf"), price_yen=st.none() | yen)
    | st.builds(sc.Valuation, method=st.just("fixed_price"), price_yen=yen),  # an agreed price needs the price
    staff_retention=share,
)
loans = st.builds(
    sc.Loan,
    name=names,
    amount_yen=yen,
    annual_rate=floats(0, 0.3),
    years=st.integers(1, 40),
    grace_months=st.integers(0, 60),
    method=st.sampled_from(["equal_principal", "equal_payment"]),
)
distributions = st.builds(
    sc.Distribution,
    # numbers every generated scenario has (the schema checks that a target exists)
    target=st.sampled_from(["organisation.services.0.occupancy", "market.labour_tightness"]),
    kind=st.just("triangular"),
    low=st.just(0.8),
    mode=st.just(0.9),
    high=floats(0.91, 1.0),
    source=text,
)


def one_site_each(paths: list) -> list:
    """A later capacity increase at a site that already grows becomes a new site (the schema refuses two); a rent
    stays with a new site (the schema refuses one at the same site)."""
    grown = set()
    for path in paths:
        if isinstance(path, sc.CapacityIncrease) and not path.new_site:
            path.new_site = path.service_index in grown
            grown.add(path.service_index)
        if isinstance(path, sc.CapacityIncrease) and not path.new_site:
            path.rent_yen_per_month = 0
    return paths


@st.composite
def scenarios(draw: st.DrawFn) -> sc.Scenario:
    services = draw(st.lists(operations(), min_size=1, max_size=3))
    capacity_paths = st.builds(
        sc.CapacityIncrease,
        service_index=st.integers(0, len(services) - 1),
        added_capacity=st.integers(1, 200),
        new_site=st.booleans(),
        rent_yen_per_month=yen,
        ramp=ramps,
        construction=constructions,
    )
    return sc.Scenario(
        meta=sc.Meta(title=draw(names), author=draw(names), notes=draw(text), created=draw(st.none() | datetimes)),
        organisation=sc.Organisation(
            name=draw(names),
            corp_type=draw(st.sampled_from(list(sc.CorpType))),
            region_grade=draw(st.integers(1, 8)),
            services=services,
            cash_yen=draw(floats(-1e12, 1e12)),
        ),
        market=sc.Market(demand_growth_per_year=draw(floats(-0.5, 1)), public_call_windows=draw(st.lists(names, max_size=2))),
        paths=one_site_each(draw(st.lists(capacity_paths | new_services | mergers | transfers, max_size=3))),
        financing=sc.Financing(
            own_funds_yen=draw(yen),
            loans=draw(st.lists(loans, max_size=2)),
            subsidies=draw(st.lists(st.builds(sc.Subsidy, amount_yen=yen, month=month, note=text), max_size=2)),
        ),
        assumptions=sc.Assumptions(
            start_date=draw(start_dates),
            horizon_months=draw(st.integers(12, 480)),
            fee_revisions=draw(st.lists(st.builds(sc.FeeRevision, date=dates, change=floats(-0.5, 0.5)), max_size=2)),
        ),
        uncertainty=sc.Uncertainty(inputs=draw(st.lists(distributions, max_size=2))),
        workflow=sc.Workflow(
            step1=draw(st.dictionaries(names, st.booleans(), max_size=3)),
            milestones=draw(st.lists(st.builds(sc.Milestone, month=month, title=names), max_size=2)),
            reviews=draw(st.lists(st.builds(sc.ReviewEntry, date=dates, findings=text), max_size=2)),
        ),
    )


SETTINGS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(scenarios())
def test_toml_round_trip(scenario: sc.Scenario) -> None:
    assert loads(dumps(scenario, "toml"), "toml") == scenario


@SETTINGS
@given(scenarios())
def test_json_round_trip(scenario: sc.Scenario) -> None:
    assert loads(dumps(scenario, "json"), "json") == scenario


def test_round_trip_through_files(tmp_path) -> None:
    scenario = sc.Scenario(
        meta=sc.Meta(title="往復テスト", created=dt.datetime(2026, 4, 1, 9, 30)),
        organisation=sc.Organisation(services=[sc.ServiceOperation(service="tokuyo", capacity=50, occupancy=0.93)]),
        paths=[sc.CapacityIncrease(added_capacity=30)],
    )
    for suffix in ("toml", "json"):
        path = save_scenario(scenario, tmp_path / f"s.{suffix}")
        assert load_scenario(path) == scenario


def test_toml_is_readable_sections_in_schema_order() -> None:
    text = dumps(sc.Scenario(paths=[sc.Merger(partner=sc.PartnerProfile(name="B会"))]), "toml")
    order = [text.index(f"[{name}]") for name in ("meta", "organisation", "market", "financing", "assumptions")]
    assert order == sorted(order)
    assert "[[paths]]" in text and "B会" in text  # Japanese kept as is, not escaped
    assert "start_date = 2026-04-01" in text  # a real TOML date, not a quoted string
