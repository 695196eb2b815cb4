"""The scenario: a file a person can read (TOML) or a machine can write (JSON).

A scenario is the organisation as it is today, the market around it, one or more expansion
paths (capacity increase, new service, merger, business transfer) in sequence, their financing,
the user's assumptions, uncertainty ranges, and the guideline's STEP 1-3 working state.
Regulation (fee units, 地域区分, 人員基準) is not in the scenario: it comes from the cited
reference data for the scenario's dates. Every business assumption is here and can be changed.
Units (yen, shares of 1, months) as in simulator/schema_types.py.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Final, Literal

from pydantic import Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from simulator import fieldpath, location
from simulator.collaboration_levers import (  # the 協働化 path's levers
    CareplanDataLink,
    CollaborationGrant,
    JointRecruiting,
    JointTraining,
    LinkCorporation,
    ProductivityAddOn,
    SharedBackOffice,
    SharedProcurement,
    SharedTransport,
)
from simulator.criteria import Criteria  # the 判定's criteria (STEP 2), re-exported here
from simulator.schema_types import (
    CorpType,
    Finite,
    Month,
    Name,
    NonNegative,
    OtherParty,
    Rate,
    Share,
    SignedYen,
    Strict,
    Text,
    Yen,
    cited,
    places_per_unit_applies,
)

SCHEMA_VERSION: Final = 2  # history and migrations: simulator/migrations.py
# Fields that fix the shape of the projection or identify things: they cannot vary by trial.
STRUCTURAL_FIELDS = frozenset({"schema_version", "horizon_months", "years", "service_index"})


class ServiceId(StrEnum):
    tokuyo = "tokuyo"  # 介護老人福祉施設 (特養)
    community_tokuyo = "community_tokuyo"  # 地域密着型介護老人福祉施設
    group_home = "group_home"  # 認知症対応型共同生活介護
    day_service = "day_service"  # 通所介護
    community_day_service = "community_day_service"  # 地域密着型通所介護
    home_help = "home_help"  # 訪問介護
    care_management = "care_management"  # 居宅介護支援
    small_multi = "small_multi"  # 小規模多機能型居宅介護
    short_stay = "short_stay"  # 短期入所生活介護
    day_rehab = "day_rehab"  # 通所リハビリテーション
    roken = "roken"  # 介護老人保健施設


CareLevel = Literal["support_1", "support_2", "care_1", "care_2", "care_3", "care_4", "care_5"]
WageTier = Literal["none", "I", "II", "III", "IV", "I_a", "I_b", "II_a", "II_b"]


class ServiceOperation(Strict):
    """One service as it runs (or will run): capacity, use, care-level mix and costs.

    ``capacity`` is places (beds, day places, 登録定員) for facility and day services and the
    number of users served per month for home-based services (訪問介護, 居宅介護支援).
    Anything left empty is taken from the reference benchmarks for the service, and the
    app shows which. ``add_ons`` defaults to ``["typical"]`` (the service's typical 加算 set from the
    reference data); an explicit empty list means no 加算.
    """

    service: ServiceId
    name: Name = ""
    variant: dict[str, str] = Field(default_factory=dict)  # e.g. {room_type = "unit"}, {hours = "7-8"}
    capacity: Annotated[int, Field(ge=1, le=2000)]
    occupancy: Share | None = None  # 稼働率 / 利用率; None = benchmark
    care_mix: dict[CareLevel, Share] | None = None  # shares by 要介護度; None = benchmark mix
    service_days_per_month: Annotated[float, Field(ge=0, le=31, allow_inf_nan=False)] | None = None
    visits_per_user_month: Annotated[float, Field(ge=0, le=200, allow_inf_nan=False)] | None = None
    # 加算 ids from the reference data; the marker "typical" adds the service's typical set (reference
    # typical.add_ons.<service>: Σ share earning it × units). Default ["typical"] (a service that earns
    # no 加算 is rare); an explicit empty list [] means no 加算 at all.
    add_ons: list[Name] = Field(default_factory=lambda: ["typical"])
    wage_improvement_tier: WageTier = "I"  # 介護職員等処遇改善加算 tier
    staff_per_10_users: NonNegative | None = None  # staffed ratio; None = benchmark (WAM)
    places_per_unit: Annotated[int, Field(ge=1, le=15)] | None = None  # ユニット・住居の定員; None = reference
    other_cost_ratio: Share | None = None  # 人件費以外の経費 / 収益; None = benchmark
    rent_yen_per_month: Yen = 0  # 地代家賃 for a rented site
    hotel_yen_per_user_day: Yen | None = None  # 食費・居住費 per user-day (residential/day)
    actual_revenue_yen_per_year: Yen | None = None  # to calibrate a running service
    # 事業費用 a year EXCLUDING 減価償却費 (depreciation is organisation.annual_depreciation_yen) and
    # interest; including personnel, recruiting, other costs and rent. Calibrates the service's costs.
    actual_costs_yen_per_year: Yen | None = None

    _unit_size_applies = field_validator("places_per_unit")(places_per_unit_applies)

    @model_validator(mode="after")
    def _variant_and_add_ons_are_known(self) -> ServiceOperation:
        """The variant and the 加算 exist in the reference data for this service (else the engine could not
        price it): an unknown one is named here, with the ones that exist."""
        from simulator.reference import TYPICAL_MARKER, catalogue, service_info

        options = service_info(self.service.value).variant_options
        for key, value in self.variant.items():
            if key not in options:
                raise PydanticCustomError("variant_unknown_key", "variant {key} is not known for this service "
                                          "(known: {known})", {"key": key, "known": ", ".join(options) or "—"})
            if value not in options[key]:
                raise PydanticCustomError("variant_unknown_value", "variant {key} = {value} is not known "
                                          "(options: {known})",
                                          {"key": key, "value": value, "known": ", ".join(options[key])})
        prefix = f"add_on.{self.service.value}."
        known = sorted(p.removeprefix(prefix) for p in catalogue() if p.startswith(prefix))
        for add_on in self.add_ons:
            if add_on != TYPICAL_MARKER and add_on not in known:
                raise PydanticCustomError("add_on_unknown", "add-on {add_on} is not known for this service "
                                          "(known: {known})",
                                          {"add_on": add_on, "known": ", ".join([TYPICAL_MARKER, *known])})
        return self

    @model_validator(mode="after")
    def _mix_sums_to_one(self) -> ServiceOperation:
        if self.care_mix is not None and abs(sum(self.care_mix.values()) - 1.0) > 1e-6:
            raise PydanticCustomError("care_mix_sum", "care_mix shares must add up to 1 (total {total})",
                                      {"total": round(sum(self.care_mix.values()), 6)})
        return self


class Organisation(Strict):
    """The corporation today (the do-nothing baseline)."""

    name: Name = ""
    corp_type: CorpType = CorpType.social_welfare
    region_grade: Annotated[int, Field(ge=1, le=8)] = 8  # 1級地 … 7級地, 8 = その他
    municipality: Name = ""
    region_grade_override: bool = False  # a region_grade other than the municipality's, on purpose (location.py)
    services: list[ServiceOperation] = Field(default_factory=list)
    cash_yen: SignedYen = 0  # 現預金 at the start
    existing_debt_yen: Yen = 0
    existing_debt_service_yen_per_year: Yen = 0
    fixed_assets_yen: Yen = 0
    annual_depreciation_yen: Yen = 0
    management_policy: Text = ""  # 経営理念・事業計画


class Market(Strict):
    """Demand and labour around the organisation (STEP 1)."""

    demand_growth_per_year: Rate = cited("market.demand_growth_per_year")  # local users of the service
    competing_places_planned: Annotated[int, Field(ge=0, le=100_000)] = 0
    labour_tightness: Share = cited("market.labour_tightness")  # 0 = easy to hire, 1 = very hard
    hiring_delay_months: Annotated[float, Field(ge=0, le=24, allow_inf_nan=False)] = 0
    municipal_plan_volume: NonNegative | None = None  # 介護保険事業計画 見込量 (places or users)
    public_call_windows: list[Name] = Field(default_factory=list)  # 公募 windows, free text


class Construction(Strict):
    """Building work for a path. None = take the reference cost per m² or per place."""

    kind: Literal["new_build", "extension", "renovation", "none"] = "new_build"
    floor_area_m2: NonNegative | None = None  # None = places × reference m² per place
    cost_per_m2_yen: Yen | None = None  # None = WAM 平米単価 of the year
    fit_out_yen: Yen = 0
    equipment_yen: Yen | None = None  # 設備備品; None = reference assumption per place
    opening_prep_yen: Yen | None = None  # 開設準備経費; None = reference assumption
    building_life_years: Annotated[int, Field(ge=1, le=60)] = cited("construction.building_life_years", whole=True)
    equipment_life_years: Annotated[int, Field(ge=1, le=20)] = cited("construction.equipment_life_years", whole=True)
    months_to_build: Annotated[int, Field(ge=0, le=60)] = cited("construction.months_to_build", whole=True)


class Ramp(Strict):
    """Occupancy after opening: from ``start`` toward ``ceiling`` over ``months_to_ceiling``."""

    start: Share = cited("ramp.start")
    ceiling: Share = cited("ramp.ceiling")
    months_to_ceiling: Annotated[float, Field(ge=0, le=120, allow_inf_nan=False)] = cited("ramp.months_to_ceiling")


class CapacityIncrease(Strict):
    """定員増・事業所増設: more places at an existing service, or a new site of the same service."""

    kind: Literal["capacity_increase"] = "capacity_increase"
    label: Name = ""
    service_index: Annotated[int, Field(ge=0)] = 0  # which organisation service grows
    added_capacity: Annotated[int, Field(ge=1, le=2000)]
    new_site: bool = False
    opening_month: Month = cited("plan.opening_month", whole=True)
    ramp: Ramp = Field(default_factory=Ramp)
    construction: Construction = Field(default_factory=Construction)
    hiring_lead_months: Annotated[int, Field(ge=0, le=24)] = cited("labour.hiring_lead_months", whole=True)
    shared_management_saving_yen_per_year: Yen = 0  # 管理者・事務の兼務 etc.
    rent_yen_per_month: Yen = 0  # 地代家賃 of a rented new site (new_site only); 0 = no rent entered


class NewService(Strict):
    """新たなサービス展開: a service the organisation does not run yet."""

    kind: Literal["new_service"] = "new_service"
    label: Name = ""
    operation: ServiceOperation
    opening_month: Month = cited("plan.opening_month", whole=True)
    ramp: Ramp = Field(default_factory=Ramp)
    construction: Construction = Field(default_factory=Construction)
    hiring_lead_months: Annotated[int, Field(ge=0, le=24)] = cited("labour.hiring_lead_months", whole=True)
    referrals_per_month_from_own_services: NonNegative = 0  # explicit, visible assumption
    startup_marketing_yen: Yen = 0


class PartnerProfile(OtherParty):
    """The other corporation (merger) or the business being transferred, at its own location."""

    services: list[ServiceOperation] = Field(default_factory=list)
    revenue_yen_per_year: Yen | None = None  # None = modelled from its services
    costs_yen_per_year: Yen | None = None
    cash_yen: SignedYen = 0
    fixed_assets_fair_value_yen: Yen = 0
    other_assets_yen: Yen = 0
    debt_yen: Yen = 0
    debt_service_yen_per_year: Yen = 0
    annual_depreciation_yen: Yen = 0
    staff_headcount: Annotated[int, Field(ge=0, le=100_000)] = 0
    wage_level_vs_own: Annotated[float, Field(ge=0.5, le=1.5, allow_inf_nan=False)] = 1.0


class Synergies(Strict):
    backoffice_fte_removed: NonNegative = 0
    backoffice_wage_yen_per_year: Yen | None = None  # None = reference labour.backoffice_wage_yen_per_year
    procurement_saving_share: Share = 0.0  # of the combined non-personnel costs
    shared_recruiting_saving_yen_per_year: Yen = 0
    phase_in_months: Annotated[float, Field(ge=0, le=120, allow_inf_nan=False)] = cited("merger.synergy_phase_in_months")
    realisation: Share = 1.0  # stress: 0.5 = synergies at 50 %


class IntegrationCosts(Strict):
    systems_yen: Yen = 0
    legal_and_registration_yen: Yen = 0
    due_diligence_yen: Yen = 0
    other_yen: Yen = 0


class Merger(Strict):
    """合併: the partner's P&L and balance sheet combined from the effective date."""

    kind: Literal["merger"] = "merger"
    label: Name = ""
    partner: PartnerProfile
    approval_lead_months: Annotated[int, Field(ge=0, le=36)] = cited("merger.approval_lead_months", whole=True)  # 所轄庁認可 etc.
    synergies: Synergies = Field(default_factory=Synergies)
    integration: IntegrationCosts = Field(default_factory=IntegrationCosts)
    harmonise_wages_to_higher: bool = True
    extra_attrition_first_year: Share = cited("labour.merger_extra_attrition")  # staff leaving because of it
    staff_sessions_planned: Annotated[int, Field(ge=0, le=100)] = cited("merger.staff_sessions_planned", whole=True)


class Valuation(Strict):
    method: Literal["net_assets_plus_earnings", "dcf", "fixed_price"] = "net_assets_plus_earnings"
    earnings_years: Annotated[float, Field(ge=0, le=20, allow_inf_nan=False)] = cited("deal.valuation_earnings_years")  # 営業利益 × N 年
    price_yen: Yen | None = None  # for fixed_price, or to override

    @model_validator(mode="after")
    def _agreed_price_is_given(self) -> Valuation:
        if self.method == "fixed_price" and self.price_yen is None:
            raise PydanticCustomError("fixed_price_without_price", "method fixed_price needs price_yen", {})
        return self


class BusinessTransfer(Strict):
    """事業譲渡: buying (or selling) one business with its staff, users and assets."""

    kind: Literal["business_transfer"] = "business_transfer"
    label: Name = ""
    role: Literal["buyer", "seller"] = "buyer"
    business: PartnerProfile
    valuation: Valuation = Field(default_factory=Valuation)
    transfer_month: Month = cited("deal.transfer_month", whole=True)
    designation_lead_months: Annotated[int, Field(ge=0, le=24)] = cited("deal.designation_lead_months", whole=True)  # new 指定 for the buyer
    due_diligence_yen: Yen = 0
    broker_fee_share: Share = cited("deal.broker_fee_share")
    broker_fee_minimum_yen: Yen | None = None  # None = reference deal.broker_fee_minimum_yen (最低報酬)
    integration: IntegrationCosts = Field(default_factory=IntegrationCosts)
    subsidised_property_approval_risk: Share = 0.0  # chance the 補助金財産 approval fails
    staff_retention: Share = cited("labour.transfer_staff_retention")


class CollaborationMember(OtherParty):
    """A partner corporation of a 協働化 group: it stays independent (its accounts are not combined with
    yours); its services, priced at its own location's 級地, set its share of the gains and what the levers save it."""

    services: list[ServiceOperation] = Field(default_factory=list)
    revenue_yen_per_year: Yen | None = None  # None = modelled from its services
    staff_fte: NonNegative | None = None  # None = modelled from its services


class Collaboration(Strict):
    """協働化: the organisation and partner corporations share back office, recruiting, training, ICT,
    procurement and transport, often through a 社会福祉連携推進法人, from ``start_month`` (to ``end_month``,
    e.g. a later merger). Pooled costs and savings are shared by ``sharing``; the rest stay with the member."""

    kind: Literal["collaboration"] = "collaboration"
    label: Name = ""
    members: list[CollaborationMember] = Field(min_length=1, max_length=20)
    start_month: Month = cited("collaboration.start_month", whole=True)
    end_month: Month | None = None  # None = to the horizon
    phase_in_months: Annotated[float, Field(ge=0, le=120, allow_inf_nan=False)] = cited("collaboration.phase_in_months")
    realisation: Share = 1.0  # stress: 0.5 = savings at 50 %
    sharing: Literal["equal", "revenue", "staff"] = "equal"
    claim_tier_b: bool = True  # claim 処遇改善加算 Ⅰロ/Ⅱロ where a route is held (paid out as wages)
    wage_support: bool = True  # the wage-support top-up for collaborating providers, while in force
    backoffice: SharedBackOffice = Field(default_factory=SharedBackOffice)
    recruiting: JointRecruiting = Field(default_factory=JointRecruiting)
    training: JointTraining = Field(default_factory=JointTraining)
    procurement: SharedProcurement = Field(default_factory=SharedProcurement)
    transport: SharedTransport = Field(default_factory=SharedTransport)
    data_link: CareplanDataLink = Field(default_factory=CareplanDataLink)
    link_corporation: LinkCorporation = Field(default_factory=LinkCorporation)
    productivity: ProductivityAddOn = Field(default_factory=ProductivityAddOn)
    grant: CollaborationGrant = Field(default_factory=CollaborationGrant)

    @model_validator(mode="after")
    def _ends_after_it_starts(self) -> Collaboration:
        if self.end_month is not None and self.end_month <= self.start_month:
            raise PydanticCustomError("collaboration_end", "end_month {end} must be after start_month {start}",
                                      {"end": self.end_month, "start": self.start_month})
        return self


ExpansionPath = Annotated[
    CapacityIncrease | NewService | Merger | BusinessTransfer | Collaboration, Field(discriminator="kind")
]


class Loan(Strict):
    name: Name = ""
    amount_yen: Yen
    annual_rate: Annotated[float, Field(ge=0, le=0.3, allow_inf_nan=False)]
    years: Annotated[int, Field(ge=1, le=40)]
    grace_months: Annotated[int, Field(ge=0, le=60)] = 0  # interest only
    method: Literal["equal_principal", "equal_payment"] = "equal_principal"
    drawdown_month: Month = 0


class Subsidy(Strict):
    name: Name = ""
    amount_yen: Yen
    month: Month = 0
    kind: Literal["capital", "opening", "operating"] = "capital"
    note: Text = ""


class Financing(Strict):
    own_funds_yen: Yen = 0  # own cash put into the plan (already in organisation.cash_yen)
    loans: list[Loan] = Field(default_factory=list)
    subsidies: list[Subsidy] = Field(default_factory=list)


class FeeRevision(Strict):
    """A future 報酬改定 applied to all base units from ``date`` (e.g. -0.02 from 2027-04-01)."""

    date: dt.date
    change: Annotated[float, Field(ge=-0.5, le=0.5, allow_inf_nan=False)]


class Assumptions(Strict):
    # bounds a calendar (and pandas) can hold; the reference data price a start from EARLIEST_START (below)
    start_date: Annotated[dt.date, Field(ge=dt.date(2000, 1, 1), le=dt.date(2100, 12, 1))] = dt.date(2026, 4, 1)
    horizon_months: Annotated[int, Field(ge=12, le=480)] = cited("plan.horizon_months", whole=True)
    discount_rate: Annotated[float, Field(ge=0, le=0.3, allow_inf_nan=False)] = cited("finance.discount_rate")
    wage_growth_per_year: Rate = cited("labour.wage_growth_per_year")
    # multiplier on every wage (personnel cost) from month 0: 1.05 = wages 5 % above the reference pay
    # (e.g. the 採用難 stress case, or a local pay scale above the survey's); 1.0 = as the reference data
    wage_level: Annotated[float, Field(ge=0.5, le=2.0, allow_inf_nan=False)] = 1.0
    inflation_per_year: Rate = cited("economy.inflation_per_year")
    receivable_lag_months: Annotated[int, Field(ge=0, le=6)] = cited("finance.receivable_lag_months", whole=True)  # 介護報酬 paid ~2 months later
    turnover_rate_per_year: Share | None = None  # None = 介護労働実態調査
    agency_hire_share: Share = cited("labour.agency_hire_share")  # share of hires through 有料職業紹介
    cash_floor_yen: SignedYen = 0  # a shortfall is cash below this
    # value at the horizon end added to NPV (engine/metrics.py): "tangible_book" = tangible book value of
    # the fixed assets − debt, goodwill excluded; "going_concern" = the last full year's net income (less
    # subsidy release) as a perpetuity at the discount rate (an assumption, shown with the result)
    terminal_value: Literal["tangible_book", "going_concern"] = "tangible_book"
    fee_revisions: list[FeeRevision] = Field(default_factory=list)

    @field_validator("start_date")
    @classmethod
    def _priced_by_the_reference_data(cls, value: dt.date) -> dt.date:
        from simulator.reference import EARLIEST_START

        if value < EARLIEST_START:
            raise PydanticCustomError("start_before_reference", "start_date must be on or after {earliest}",
                                      {"earliest": EARLIEST_START.isoformat()})
        return value


class Distribution(Strict):
    """An uncertain input: ``target`` is a dotted path into the scenario (e.g. ``paths.0.ramp.ceiling``).

    Parameters by ``kind`` (in the target's own unit):
    triangular / pert: ``low`` ≤ ``mode`` ≤ ``high``; uniform: ``low`` < ``high``;
    normal: ``mean``, ``sd`` (optional ``low`` / ``high`` bounds, the tails are cut off);
    lognormal: ``mean`` and ``sd`` of the value itself (not of its log), optional bounds;
    discrete: ``values`` with ``probabilities`` adding up to 1 (e.g. the next 報酬改定 −3 % … +2 %).
    """

    target: Name
    kind: Literal["triangular", "pert", "uniform", "normal", "lognormal", "discrete"]
    low: Finite | None = None
    mode: Finite | None = None
    high: Finite | None = None
    mean: Finite | None = None
    sd: Finite | None = None
    values: list[Finite] = Field(default_factory=list)
    probabilities: list[Finite] = Field(default_factory=list)
    label: Name = ""  # shown in tornado and reports; "" = the target's label
    source: Text = ""  # where the range comes from ("assumption" if nobody published it)

    @model_validator(mode="after")
    def _parameters_fit_kind(self) -> Distribution:
        def need(*names: str) -> list[float]:
            values = [getattr(self, n) for n in names]
            missing = [n for n, value in zip(names, values, strict=True) if value is None]
            if missing:
                raise ValueError(f"{self.kind} distribution of {self.target} needs {', '.join(missing)}")
            return values

        if self.kind in ("triangular", "pert"):
            low, mode, high = need("low", "mode", "high")
            if not low <= mode <= high or low == high:
                raise ValueError(f"{self.target}: need low ≤ mode ≤ high and low < high")
        elif self.kind == "uniform":
            low, high = need("low", "high")
            if not low < high:
                raise ValueError(f"{self.target}: need low < high")
        elif self.kind in ("normal", "lognormal"):
            mean, sd = need("mean", "sd")
            if sd <= 0 or (self.kind == "lognormal" and mean <= 0):
                raise ValueError(f"{self.target}: need sd > 0 (and mean > 0 for lognormal)")
            if self.low is not None and self.high is not None and not self.low < self.high:
                raise ValueError(f"{self.target}: need low < high")
        else:
            if not self.values or len(self.values) != len(self.probabilities):
                raise ValueError(f"{self.target}: discrete needs values and as many probabilities")
            if min(self.probabilities) < 0 or abs(sum(self.probabilities) - 1.0) > 1e-6:
                raise ValueError(f"{self.target}: probabilities must be ≥ 0 and add up to 1")
        return self


class StressEdit(Strict):
    """One change to the scenario: ``target`` is a dotted path; ``*`` matches every list item.

    ``op``: "add" / "multiply" / "set" a number (fields left empty or missing are skipped),
    "append" ``item`` to a list (e.g. a 報酬改定 to ``assumptions.fee_revisions``), or
    "at_least_reference": raise the field to the reference value in force plus ``value`` (e.g. a loan's
    rate to the WAM table's rate for its term on the start date), leaving a higher value as it is.
    """

    target: Name
    op: Literal["add", "multiply", "set", "append", "at_least_reference"] = "add"
    value: Finite | None = None
    item: dict[Name, Finite | str] = Field(default_factory=dict)


class StressCase(Strict):
    """A named deterministic variant of the scenario (a bad year), shown side by side with the base."""

    name: Name
    label_ja: Name = ""
    label_en: Name = ""
    edits: list[StressEdit] = Field(default_factory=list)
    source: Text = ""


class Uncertainty(Strict):
    inputs: list[Distribution] = Field(default_factory=list)
    # (target, target, Spearman rank correlation); targets as in ``inputs``
    correlations: list[tuple[Name, Name, Annotated[float, Field(ge=-1, le=1, allow_inf_nan=False)]]] = Field(default_factory=list)
    use_path_defaults: bool = True  # add the default ranges of each path for inputs not listed here
    use_default_correlations: bool = True  # labour tightness ↔ hiring delay ↔ wages; demand ↔ occupancy
    stress_cases: list[StressCase] = Field(default_factory=list)  # user cases (same name replaces a default)
    use_default_stress_cases: bool = True


class ReviewEntry(Strict):
    date: dt.date
    findings: Text = ""
    actions: Text = ""


class Milestone(Strict):
    month: Month
    title: Name
    done: bool = False


class Actual(Strict):
    """One month of actuals entered in STEP 3 (PDCA)."""

    month: Month
    users: NonNegative | None = None
    revenue_yen: Yen | None = None
    costs_yen: Yen | None = None
    staff_fte: NonNegative | None = None


class Workflow(Strict):
    """The guideline's STEP 1-3 working state, saved with the scenario."""

    step1: dict[Name, bool] = Field(default_factory=dict)
    step2: dict[Name, bool] = Field(default_factory=dict)
    step3: dict[Name, bool] = Field(default_factory=dict)
    criteria: Criteria = Field(default_factory=Criteria)
    milestones: list[Milestone] = Field(default_factory=list)
    actuals: list[Actual] = Field(default_factory=list)
    reviews: list[ReviewEntry] = Field(default_factory=list)


class Meta(Strict):
    title: Name = "無題のシナリオ"
    author: Name = ""
    notes: Text = ""
    created: dt.datetime | None = None
    updated: dt.datetime | None = None


class Scenario(Strict):
    """A whole scenario file."""

    schema_version: Literal[2] = SCHEMA_VERSION
    meta: Meta = Field(default_factory=Meta)
    organisation: Organisation = Field(default_factory=Organisation)
    market: Market = Field(default_factory=Market)
    paths: list[ExpansionPath] = Field(default_factory=list, max_length=10)
    financing: Financing = Field(default_factory=Financing)
    assumptions: Assumptions = Field(default_factory=Assumptions)
    uncertainty: Uncertainty = Field(default_factory=Uncertainty)
    workflow: Workflow = Field(default_factory=Workflow)

    def without_plan(self) -> Scenario:
        """Doing nothing: the organisation as it is, without the paths and without the plan's new loans and
        subsidies (its existing debt stays). Its projection is the baseline every plan is measured against."""
        return self.model_copy(update={"paths": [], "financing": Financing()})

    @model_validator(mode="after")
    def _uncertain_inputs_name_numeric_fields(self) -> Scenario:
        """Each uncertain input names a number of this scenario (else a Monte Carlo could not vary it)."""
        for i, distribution in enumerate(self.uncertainty.inputs):
            try:
                fieldpath.check(self, distribution.target, STRUCTURAL_FIELDS)
            except fieldpath.FieldPathError:
                raise PydanticCustomError(
                    "uncertain_target_unknown", "{path}: {target} is not a number of this scenario",
                    {"path": f"uncertainty.inputs[{i}].target", "target": distribution.target}) from None
        return self

    @model_validator(mode="after")
    def _one_path_per_existing_site(self) -> Scenario:
        """Two capacity increases at the same site of a service would replace it twice: the second must
        be a new site (the engine cannot combine them)."""
        seen: dict[int, int] = {}
        for i, path in enumerate(self.paths):
            if isinstance(path, CapacityIncrease) and not path.new_site:
                if path.service_index in seen:
                    raise PydanticCustomError(
                        "same_site_twice", "{path}: service {index} already grows at its site in path {first}",
                        {"path": f"paths[{i}].new_site", "index": path.service_index,
                         "number": path.service_index + 1, "first": seen[path.service_index] + 1})
                seen[path.service_index] = i
        return self

    @model_validator(mode="after")
    def _paths_refer_to_services(self) -> Scenario:
        for i, path in enumerate(self.paths):
            if isinstance(path, CapacityIncrease) and path.service_index >= len(self.organisation.services):
                raise PydanticCustomError("service_index_missing", "{path}: there is no organisation service number "
                                          "{index}", {"path": f"paths[{i}].service_index", "index": path.service_index,
                                                      "count": len(self.organisation.services)})
            if isinstance(path, CapacityIncrease) and path.rent_yen_per_month > 0 and not path.new_site:
                # the same site keeps the service's own rent (organisation.services[n].rent_yen_per_month)
                raise PydanticCustomError("site_rent_without_new_site", "{path}: a rent is only for a new site",
                                          {"path": f"paths[{i}].rent_yen_per_month", "number": path.service_index + 1})
        return self

    @model_validator(mode="after")
    def _grades_agree_with_municipalities(self) -> Scenario:  # else region_grade_override (simulator/location.py)
        location.check_grades(self)
        return self
