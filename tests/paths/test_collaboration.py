"""協働化: each lever on a small case calculated by hand, the ロ tier's routes by service, the add-on paid
out as wages, each member's view, and the comparison with a merger on the same baseline.

Reference values (simulator/reference, each cited or marked as an assumption there), read in the tests
through ``reference.get`` so that a data change shows here:
- 事務職員 月給 300,000 円 (wage.monthly office, assumption); 法定福利費率 0.16 (assumption);
- 紹介手数料 551,000 円/人 (厚労省 R5, verified); 紹介採用者の6か月以内離職 0.502 × 0.568 = 0.285 (老施協);
- ケアプランデータ連携: 利用料 21,000 円/事業所・年, 2025-06〜2026-05 無料; 削減 816,000 円/事業所・年 (厚労省試算);
- 処遇改善加算 通所介護 Ⅰイ 11.1 % / Ⅰロ 12.0 % from 2026-06 (コミミ, 第253回分科会の表);
- 生産性向上推進体制加算 Ⅰ 100 単位/月; 滋賀 協働化補助 1法人 120万円, 上限 320万円.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from simulator import reference
from simulator.collaboration_view import member_view
from simulator.engine import project
from simulator.engine.projection import base_context
from simulator.paths.collaboration import ledgers
from simulator.scenario import Scenario

START = dt.date(2026, 4, 1)
FLAT = {"start_date": START, "horizon_months": 36, "wage_growth_per_year": 0.0, "inflation_per_year": 0.0,
        "agency_hire_share": 0.3}
OWN = {"services": [{"service": "day_service", "capacity": 30, "occupancy": 0.7}]}
PARTNER = {"name": "B", "services": [{"service": "home_help", "capacity": 30}]}


def get(pid: str, on: dt.date = START):
    return reference.get(pid, on)


def scenario(levers: dict, own: dict = OWN, members: list | None = None, **assumptions) -> Scenario:
    path = {"kind": "collaboration", "members": members or [PARTNER], "start_month": 0, "phase_in_months": 0,
            "sharing": "equal", "claim_tier_b": False, "wage_support": False, **levers}
    return Scenario.model_validate({"organisation": own, "paths": [path], "assumptions": {**FLAT, **assumptions}})


def own_lines(s: Scenario) -> dict[str, np.ndarray]:
    ctx = base_context(s)
    return {k: np.broadcast_to(v, (1, ctx.tl.months))[0] for k, v in ledgers(ctx, s.paths[0], 0)[0].lines.items()}


def test_shared_back_office_by_hand():
    s = scenario({"backoffice": {"enabled": True, "office_fte_saved": 1.5, "coordinator_fte": 1.0}})
    lines = own_lines(s)
    pay = get("wage.monthly")["office"] * (1 + get("wage.social_insurance_rate"))  # 300,000 × 1.16
    assert lines["backoffice_saving"][5] == pytest.approx(0.5 * 1.5 * pay)  # equal share of two members
    assert lines["coordinator"][5] == pytest.approx(0.5 * 1.0 * pay)
    systems = get("collaboration.backoffice.systems_yen_per_member_year")  # 240,000 (assumption)
    assert lines["systems"][5] == pytest.approx(0.5 * 2 * systems / 12)
    setup = get("collaboration.backoffice.setup_yen_per_member")
    assert lines["systems_setup"][0] == pytest.approx(0.5 * 2 * setup) and lines["systems_setup"][1:].sum() == 0
    # the plan's personnel cost falls by exactly the net of the two pay lines
    p = project(s)
    delta = p.arrays["personnel_yen"][0, 5] - p.baseline["personnel_yen"][0, 5]
    assert delta == pytest.approx(-0.5 * 0.5 * pay)


def test_joint_recruiting_by_hand_and_early_leavers_only_when_given():
    s = scenario({"recruiting": {"enabled": True, "agency_hire_share": 0.15}})
    hires = project(s).baseline["hires"][0]
    fee = get("labour.agency_fee_yen")  # 551,000
    lines = own_lines(s)
    assert lines["recruiting_saving"] == pytest.approx(hires * (0.3 - 0.15) * fee)
    ads = get("collaboration.recruiting.shared_advertising_yen_per_year")
    assert lines["advertising"][3] == pytest.approx(0.5 * ads / 12)
    s2 = scenario({"recruiting": {"enabled": True, "agency_hire_share": 0.15, "direct_early_leave_share": 0.1}})
    early = get("collaboration.recruiting.agency_early_leave_share")  # 0.285
    per_hire = 0.15 * fee + get("labour.ad_cost_per_hire_yen")
    extra = hires * 0.15 * (early - 0.1) * per_hire
    assert own_lines(s2)["recruiting_saving"] == pytest.approx(hires * 0.15 * fee + extra)
    assert extra.sum() > 0


def test_training_procurement_and_transport_by_hand():
    s = scenario({"training": {"enabled": True}, "procurement": {"enabled": True},
                  "transport": {"enabled": True, "vehicles_saved": 2}, "realisation": 0.5})
    lines = own_lines(s)
    other = project(s).baseline["other_costs_yen"][0]
    assert lines["training_saving"][7] == pytest.approx(0.5 * get("collaboration.training.saving_yen_per_member_year") / 12)
    assert lines["procurement_saving"] == pytest.approx(0.5 * get("collaboration.procurement.saving_share") * other)
    vehicle = get("collaboration.transport.cost_per_vehicle_yen_year")
    fee = get("collaboration.transport.operator_fee_share")
    assert lines["transport_saving"][7] == pytest.approx(0.5 * 0.5 * 2 * vehicle / 12 * (1 - fee))


def test_data_link_licence_waiver_saving_and_subsidised_setup_by_hand():
    s = scenario({"data_link": {"enabled": True, "setup_yen_per_office": 100_000}})
    lines = own_lines(s)
    saving = get("collaboration.ict.careplan_saving_yen_per_office_year")  # 816,000, one day-service office
    assert lines["data_link_saving"][0] == pytest.approx(saving / 12)
    licence = get("collaboration.ict.careplan_licence_yen_per_office_year")  # 21,000
    assert lines["data_link_licence"][:2].sum() == 0  # 2026-04 and -05: free-pass campaign
    assert lines["data_link_licence"][2] == pytest.approx(licence / 12)  # 2026-06 on: paid
    rate = get("collaboration.ict.technology_subsidy_rate")  # 4/5 (FY2026)
    assert lines["ict_setup"][0] == pytest.approx(100_000 * (1 - rate))


def test_link_corporation_costs_from_certification():
    s = scenario({"start_month": 2, "link_corporation": {"enabled": True, "months_to_certify": 6}})
    lines = own_lines(s)
    annual = get("collaboration.corporation.annual_yen")
    assert lines["corporation"][:8].sum() == 0 and lines["corporation"][8] == pytest.approx(0.5 * annual / 12)
    assert lines["corporation_setup"][2] == pytest.approx(0.5 * get("collaboration.corporation.setup_yen"))


def test_productivity_add_on_units_for_facilities_only():
    gh = {"services": [{"service": "group_home", "capacity": 18, "occupancy": 1.0}], "region_grade": 8}
    s = scenario({"productivity": {"tier": "I", "technology_yen_per_facility": 1_000_000}}, own=gh)
    lines = own_lines(s)
    units = get("collaboration.productivity_add_on.units")["I"]  # 100 per user-month
    assert lines["productivity_add_on"][4] == pytest.approx(18 * units * 10.0, abs=1)  # その他: 10.00 円/単位
    assert lines["technology"][0] == pytest.approx(1_000_000 * (1 - get("collaboration.ict.technology_subsidy_rate")))
    day = scenario({"productivity": {"tier": "I"}})  # a day service has no 生産性向上推進体制加算
    assert "productivity_add_on" not in own_lines(day)


def test_grant_rate_cap_and_amount_per_member():
    levers = {"backoffice": {"enabled": True, "setup_yen_per_member": 2_000_000},
              "link_corporation": {"enabled": True, "setup_yen": 1_000_000}, "grant": {"scheme": "shiga"}}
    lines = own_lines(scenario(levers))
    # eligible 2 × 2.0 M + 1.0 M = 5.0 M; 滋賀: rate 1.0, min(5.0 M, cap 3.2 M, 1.2 M × 2 members = 2.4 M)
    per_member, cap = get("collaboration.grant.per_member_yen")["shiga"], get("collaboration.grant.cap_yen_per_group")["shiga"]
    assert lines["grant"][0] == pytest.approx(0.5 * min(5_000_000, cap, per_member * 2))
    gifu = own_lines(scenario({**levers, "grant": {"scheme": "gifu"}}))
    assert gifu["grant"][0] == pytest.approx(0.5 * min(0.8 * 5_000_000, 12_000_000))


def test_sharing_key_by_staff_and_by_revenue_adds_up_to_one():
    for key in ("equal", "revenue", "staff"):
        s = scenario({"sharing": key, "backoffice": {"enabled": True, "office_fte_saved": 1}})
        ctx = base_context(s)
        shares = [float(ledger.share[0, 0]) for ledger in ledgers(ctx, s.paths[0], 0)]
        assert sum(shares) == pytest.approx(1.0)
        assert (shares[0] == pytest.approx(0.5)) == (key == "equal")


@pytest.mark.parametrize(("service", "route", "qualifies"), [
    ("day_service", "data_link", True), ("day_service", "link_corporation", True),
    ("day_service", "productivity", False), ("group_home", "productivity", True),
    ("group_home", "data_link", False), ("group_home", "link_corporation", True),
    ("home_help", "data_link", True), ("small_multi", "productivity", True),
])
def test_tier_b_eligibility_by_service_and_route(service, route, qualifies):
    """The ロ tier needs one route of the reference data for the service (wage_improvement.tier_b_routes)."""
    lever = {"data_link": {"enabled": True}, "link_corporation": {"enabled": True, "months_to_certify": 0},
             "productivity": {"tier": "II"}}[route]
    own = {"services": [{"service": service, "capacity": 20}]}
    lines = own_lines(scenario({route: lever, "claim_tier_b": True}, own=own))
    gained = lines.get("tier_b_add_on", np.zeros(36))[3:].sum()  # from 2026-06
    assert (gained > 0) == qualifies


def test_tier_b_add_on_by_hand_and_paid_out_as_wages():
    s = scenario({"data_link": {"enabled": True}, "claim_tier_b": True})
    p = project(s)
    fee = p.baseline["revenue_fee_yen"][0]
    table = get("wage_improvement.day_service.rate", dt.date(2026, 6, 1))
    a, b = table["I_a"], table["I_b"]  # 11.1 % and 12.0 %
    lines = own_lines(s)
    assert lines["tier_b_add_on"][:2].sum() == 0  # before 2026-06 there is no ロ tier
    assert lines["tier_b_add_on"][2:] == pytest.approx(np.floor(fee[2:] * (b - a) / (1 + a)), abs=1)
    # the whole add-on goes to wages (the engine's payout rule; within the 1-yen truncation of the fee)
    assert lines["tier_b_wages"] == pytest.approx(lines["tier_b_add_on"], abs=1)
    # the plan's personnel cost rises by the add-on: staff gain, the margin does not
    extra_pay = p.arrays["personnel_yen"][0] - p.baseline["personnel_yen"][0]
    licence = lines["data_link_licence"]
    assert extra_pay[2:] == pytest.approx(lines["tier_b_add_on"][2:], abs=1)
    profit = p.arrays["operating_profit_yen"][0] - p.baseline["operating_profit_yen"][0]
    assert profit[5] == pytest.approx(lines["data_link_saving"][5] - licence[5], abs=1)


def test_wage_support_top_up_only_while_in_force():
    s = scenario({"data_link": {"enabled": True}, "wage_support": True}, start_date=dt.date(2025, 12, 1))
    lines = own_lines(s)
    workers = project(s).roles["care_worker"][0]
    assert lines["wage_support"][:6] == pytest.approx(workers[:6] * 5000)  # 2025-12 … 2026-05
    assert lines["wage_support"][6:].sum() == 0
    assert lines["wage_support_wages"] == pytest.approx(lines["wage_support"])


# --- the shipped example: four small corporations in one town ------------------------------------------

EXAMPLE = "scenarios/collaboration_town_group.toml"


def test_example_annual_saving_per_member_by_hand():
    """Plan year 3 (FY2028, phase-in done): each member's net = its staff share of the pooled lines + its own
    lines, every yen from the reference data by hand; the staff shares and the hires are the engine's."""
    from simulator.files import load_scenario
    from simulator.paths.collaboration import members

    s = load_scenario(EXAMPLE)
    view = member_view(s).xs(3, level="year")
    ctx = base_context(s)
    group = members(ctx, s.paths[0], 0)
    g = 1.015 ** 2  # wage growth and inflation 1.5 % a year, two Aprils after the start
    real = 0.8  # realisation
    pay = get("wage.monthly")["office"] * 12 * (1 + get("wage.social_insurance_rate")) * g
    pooled = (1.5 * pay * real - 1.0 * pay - 4 * get("collaboration.backoffice.systems_yen_per_member_year") * g
              - get("collaboration.recruiting.shared_advertising_yen_per_year") * g
              - get("collaboration.corporation.annual_yen") * g)
    offices = [3, 0, 0, 2]  # デイ・訪問・居宅 / GH / 小多機 / 地密デイ・訪問 (the data link is for visit and day)
    saving = get("collaboration.ict.careplan_saving_yen_per_office_year") * real
    licence = get("collaboration.ict.careplan_licence_yen_per_office_year")  # paid again from 2026-06
    fee = get("labour.agency_fee_yen")
    hand = []
    for number, member in enumerate(group):
        hires = member.total("hires", ctx.zeros())[0, 24:36].sum()
        own = (get("collaboration.training.saving_yen_per_member_year") * g * real
               + offices[number] * (saving - licence) + hires * (0.30 - 0.15) * fee * real)
        hand.append(view.loc[number, "share"] * pooled + own)
    assert list(view["net_yen"]) == pytest.approx(hand, rel=1e-9)
    # the staff's gain is the ロ add-on, the members keep none of it
    assert (view["staff_gain_yen"] > 0).all()
    assert view["share"].sum() == pytest.approx(1.0)


def test_example_own_result_is_the_members_first_ledger():
    """The organisation's plan moves by exactly its own ledger (member 0 of the view)."""
    from simulator.engine import simulate
    from simulator.files import load_scenario

    s = load_scenario(EXAMPLE)
    view = member_view(s)
    r = simulate(s)
    own = view.xs(0, level="member")
    incremental = r.monthly["incremental_cash_flow_yen"]
    # without tax (社会福祉法人) and receivable effects (no fee change), the first-year cash change is the net
    # of the ledger; the ロ add-on is fee revenue paid out as wages (net zero)
    assert incremental.iloc[:12].sum() == pytest.approx(own.loc[1, "net_yen"], abs=12)  # monthly table in whole yen


def test_comparison_with_growing_alone_and_a_merger_on_the_same_baseline():
    """協働化, a capacity increase, a merger with one member, and 協働化 then that merger: one do-nothing
    baseline for all; in the sequence the collaboration stops when the merger takes effect."""
    from simulator.alternatives import member_as_partner, side_by_side
    from simulator.compare import compare
    from simulator.files import load_scenario
    from simulator.scenario import CapacityIncrease, Merger

    s = load_scenario(EXAMPLE)
    collab = s.paths[0]
    merger = Merger(partner=member_as_partner(collab.members[0]), approval_lead_months=36)
    grow = CapacityIncrease(service_index=0, added_capacity=10, construction={"kind": "extension"})
    variants = side_by_side(s, collab, merger=merger, growing_alone=[grow], names={"alone_0": "定員増"})
    result = compare(variants)
    assert list(result.metrics.columns) == ["協働化", "定員増", "合併", "協働化 → 合併"]
    baselines = result.metrics.loc["npv_baseline_yen"]
    assert baselines.nunique() == 1  # the same do-nothing baseline
    npv = result.metrics.loc["npv_yen"]
    assert npv.notna().all() and npv["協働化"] > 0
    # a merger takes the partner's whole P&L (its GH's revenue joins from month 36); 協働化 keeps it outside
    from simulator.paths.collaboration import members

    ctx = base_context(s)
    gh = members(ctx, collab, 0)[1]
    gh_revenue = (gh.total("revenue_fee_yen", ctx.zeros()) + gh.total("revenue_hotel_yen", ctx.zeros()))[0, -12:].sum()
    revenue = {name: r.monthly["revenue_yen"].iloc[-12:].sum() for name, r in result.results.items()}
    assert revenue["合併"] - revenue["協働化"] == pytest.approx(gh_revenue, rel=0.05)
    assert revenue["協働化 → 合併"] == pytest.approx(revenue["合併"], rel=0.01)
    sequence = variants[3]
    assert sequence.paths[0].end_month == 36
    ctx = base_context(sequence)
    own = ledgers(ctx, sequence.paths[0], 0)[0]
    assert all(np.broadcast_to(v, (1, ctx.tl.months))[0, 36:].sum() == 0 for v in own.lines.values())
    assert any(np.broadcast_to(v, (1, ctx.tl.months))[0, :36].sum() != 0 for v in own.lines.values())


def test_risk_varies_the_collaborations_realisation_and_phase_in():
    """The Monte Carlo and the tornado vary how much of the savings comes and how fast (as a merger's
    synergies); a lower realisation lowers the organisation's NPV."""
    from simulator.engine import simulate
    from simulator.files import load_scenario
    from simulator.risk.defaults import path_defaults

    s = load_scenario(EXAMPLE)
    targets = {d.target: d for d in path_defaults(s)}
    assert {"paths.0.realisation", "paths.0.phase_in_months"} <= set(targets)
    assert targets["paths.0.realisation"].low == pytest.approx(0.8 * 0.4)
    low = s.model_copy(update={"paths": [s.paths[0].model_copy(update={"realisation": 0.32})]})
    assert simulate(low).metrics["npv_yen"] < simulate(s).metrics["npv_yen"]


@pytest.mark.parametrize(("where", "yen"), [
    ({}, 10.00),  # neither given: the organisation's その他
    ({"region_grade": 1}, 10.90),  # 1級地 GH: 10 × (1 + 0.20 × 45 %) (告示 地域区分, 人件費割合 45 %)
    ({"municipality": "東京都世田谷区"}, 10.90),  # 特別区 = 1級地
])
def test_a_member_is_priced_at_its_own_grade(where, yen):
    """The member's 生産性向上推進体制加算: 18 users × 100 単位 × its own 1単位の単価 (issue 14: a partner at its 級地)."""
    assert reference.yen_per_unit("group_home", 1, on=START) == 10.90
    gh = {"name": "B", "services": [{"service": "group_home", "capacity": 18, "occupancy": 1.0}], **where}
    s = scenario({"productivity": {"tier": "I"}}, members=[gh])
    ctx = base_context(s)
    member = ledgers(ctx, s.paths[0], 0)[1].lines["productivity_add_on"]
    units = get("collaboration.productivity_add_on.units")["I"]
    assert np.broadcast_to(member, (1, ctx.tl.months))[0][4] == pytest.approx(18 * units * yen, abs=1)
