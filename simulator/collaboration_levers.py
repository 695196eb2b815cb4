"""The levers of a 協働化 (collaboration) path: what the member corporations agree to share.

Each lever is switched on with ``enabled``; a setting left empty (None) takes its cited default or
its marked assumption from ``simulator/reference/collaboration.toml`` (the app shows which). Plan
quantities (how many 事務 FTE the group no longer needs, how many vehicles it saves) are the user's.
Amounts are for the whole group where the name says ``group`` or nothing, per member or per office
where it says so. See :mod:`simulator.paths.collaboration` for how each becomes money.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from simulator.schema_types import Month, NonNegative, Share, Strict, Yen, cited


class SharedBackOffice(Strict):
    """共通の事務部門: pooled 事務 work, a dedicated coordinator (事務局), shared systems."""

    enabled: bool = False
    office_fte_saved: NonNegative = 0  # 事務 FTE the whole group no longer needs once pooled (plan)
    coordinator_fte: NonNegative = cited("collaboration.backoffice.coordinator_fte")  # 専任の事務局
    office_wage_yen_per_month: Yen | None = None  # None = wage.monthly (office)
    systems_yen_per_member_year: Yen | None = None
    setup_yen_per_member: Yen | None = None


class JointRecruiting(Strict):
    """共同求人: shared advertising, fewer hires through agencies (and their placement fee)."""

    enabled: bool = False
    shared_advertising_yen_per_year: Yen | None = None  # for the group
    # share of hires still through agencies with joint recruiting (plan)
    agency_hire_share: Share = cited("collaboration.recruiting.agency_hire_share")
    # share of direct hires who leave within 6 months; None = no early-leaver effect (no cited figure)
    direct_early_leave_share: Share | None = None


class JointTraining(Strict):
    """合同研修: statutory training run together."""

    enabled: bool = False
    saving_yen_per_member_year: Yen | None = None


class SharedProcurement(Strict):
    """共同購入: a purchasing group for supplies, food and utilities."""

    enabled: bool = False
    saving_share: Share | None = None  # of each member's non-personnel costs


class SharedTransport(Strict):
    """共同送迎: one operator drives the day services' users."""

    enabled: bool = False
    vehicles_saved: NonNegative = 0  # vehicles the group no longer runs (plan)
    cost_per_vehicle_yen_year: Yen | None = None
    operator_fee_share: Share | None = None  # of the vehicle cost saved


class CareplanDataLink(Strict):
    """ケアプランデータ連携 and ICT: a licence per office, a saving per office, set-up subsidised."""

    enabled: bool = False
    licence_yen_per_office_year: Yen | None = None
    saving_yen_per_office_year: Yen | None = None
    setup_yen_per_office: Yen | None = None
    technology_subsidy_rate: Share | None = None  # 介護テクノロジー導入支援 on the set-up


class LinkCorporation(Strict):
    """社会福祉連携推進法人: the members form (or join) one; a route to the 処遇改善加算 ロ tier."""

    enabled: bool = False
    # 設立・所轄庁の認定, months after the start
    months_to_certify: Annotated[int, Field(ge=0, le=60)] = cited("collaboration.corporation.months_to_certify", whole=True)
    setup_yen: Yen | None = None  # for the group
    annual_yen: Yen | None = None  # for the group


class ProductivityAddOn(Strict):
    """生産性向上推進体制加算 at the members' facilities (a route to the ロ tier for facilities)."""

    tier: Literal["none", "I", "II"] = "none"
    technology_yen_per_facility: Yen = 0  # 見守り機器 etc. (plan), subsidised at the technology rate


class CollaborationGrant(Strict):
    """都道府県の 協働化・大規模化 補助 on the set-up costs: rate, cap per group, amount per member."""

    scheme: Literal["none", "gifu", "shiga"] = "none"
    rate: Share | None = None
    cap_yen_per_group: Yen | None = None
    per_member_yen: Yen | None = None  # 0 = no limit per member
    month: Month | None = None  # received; None = the collaboration's start


SHARING_KEYS = ("equal", "revenue", "staff")
