"""The 人員基準 and 勤務ポスト rules, compiled into tables and evaluated by one kernel (issue 18 item 1), give
the same bits as the numpy interpreter they replaced.

PINNED holds, per service, the SHA-256 of every output of ``required_staff`` and ``staffed_posts`` over every
variant option, users and places on a grid 0…150 step 0.5 plus random floats and edge values (−0.0, values a
hair off a multiple, negative, NaN and inf places and users where posts take them unchecked), a few visits per
user and, where posts count units, a few places per unit; scalars, 1-D and 2-D. They were computed with the numpy
implementation (``_rule_fte`` / ``_ceil_div``) on main at 578ca71, before the rule tables. A change to
staffing.toml or posts.toml moves them: recompute with ``python tests/reference/test_staffing_rules.py`` and say
in the commit which rules changed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import sys
from collections.abc import Mapping
from typing import Any

import numpy as np
import pytest

from simulator import reference
from simulator.reference._common import SERVICES
from simulator.reference.loader import recording
from simulator.reference.staffing_rules import _maximum, compile_rules, evaluate

ON = dt.date(2026, 4, 1)
GRID = np.arange(0.0, 150.25, 0.5)  # 0, 0.5, …, 150
RANDOM = np.random.default_rng(18).uniform(0.0, 200.0, 400)
EDGES = np.array([-0.0, 1e-12, 80.0 / 3.0 * 3.0, 2.9999999999, 3.0000000001, 39.0, 44.0 + 1e-10, 1e6])
USERS = np.concatenate([GRID, RANDOM, EDGES])
UNCHECKED = np.array([-3.5, np.nan, np.inf])  # posts do not check their inputs: pinned as numpy gave them
PLACES = np.concatenate([GRID, RANDOM[:20], EDGES, UNCHECKED])[:, None]
POST_USERS = np.concatenate([GRID, RANDOM[20:60], EDGES, UNCHECKED])[None, :]
VISITS: tuple[Any, ...] = (0.0, 8.5, 20.0, np.random.default_rng(7).uniform(0.0, 40.0, (PLACES.shape[0], 1)))
UNIT_SIZES = (None, 5.0, 7.5, 9.0, 10.0, 12.0, 15.0)

PINNED = {  # (required_staff, staffed_posts), computed on main at 578ca71 with the numpy rules
    "tokuyo": ("7beced2036d60081e2c3311c6ffc35cdf682b08d4cbdf1e08e3edf2b342e0f58",
               "5d40383fe10363304bfa8035afac4f87b625ddc3e474555cf39fdabd8dfba70c"),
    "community_tokuyo": ("cfa083b2235dd36a194b2216ea6fba3a101cfcbbb788b01a20d2e2e285c2a7f6",
                         "a5b633b2ee0d22deeda99a627a8292cf24aa402c16312c1edbdac224b239eafc"),
    "group_home": ("f824fc39a41291b9ad1d89f4303351178d6ac3f36b69ac65fa5f282d6130fd30",
                   "972b39ce49734e1882f35fc673a1a24c5a8a5278bfa9ff77b0ecc5571ca8249f"),
    "day_service": ("5d7815c870a77b63c0efced421bb02eb8adf5b6d14f4ec1806218e120967b53e",
                    "ea0c87a6986c58f3160e16770b22a3be9a2b5285e27e5cd844b22b7c03ce669e"),
    "community_day_service": ("42098b06994e1155a4dcb3059c841aa0b9f8f9206b5fea968b9cb2b81a846efc",
                              "3ebde91cdc54d7725704c4a8b87bcab3c9805cd48e8c2dc780eaddba8fd42ad2"),
    "home_help": ("c0c19af9ec6aa0af8514941ed2f7c5e74ad46b1dbfdc80e092da8496a01022b2",
                  "9f485e0663739f8e53048a187dcf8f54759568d2fa3068fd39ccfec7ada98f1c"),
    "care_management": ("cfada1f52a4927f08be7e6feb4b6d34bdcedf3991cc5e974f0b2b96ad32704e4",
                        "d65c3fabd4288e1ff90f79bdf2f5b00c02aae06fd7f7d351f352a9b1e3e0f97b"),
    "small_multi": ("6ae6eb3b1ee9b339d6278a490a53c5e53cf15c118ae84a78c5f6683488ec037c",
                    "25051184a2e4f589029a5ec6734f7a9929e746777aef09d2376e84f8786bff46"),
    "short_stay": ("ecfc13c79292421bc59a2841b38c234a8e0930153bff54bd22b4026cc194e280",
                   "435b9d2a2969e7a9883efa03132b1a18aab545893b36425ad57e5acc22fa0e5a"),
    "day_rehab": ("e9b6ae999375e4f5e3be4c0daa150fa440417c04780941a54cdbeb26b6c5432f",
                  "8a2920716428c2451a63258bb47efb41291d80079feb068db24f376c4d21dd02"),
    "roken": ("71f18e9dc0c0c003eeaa80be9f5cdf5506d7475cee9565f122cf515f9b453f9a",
              "d2dd6e3a23c8374cc5172bcf9f302968bffb6ada69b20f4c4b587ce742d6fedf"),
}


def _feed(digest: Any, out: Mapping[str, Any]) -> None:
    for role, value in out.items():
        array = np.ascontiguousarray(value)
        digest.update(f"{role}|{type(value).__name__}|{array.shape}|{array.dtype}|".encode())
        digest.update(array.tobytes())


def _variants(service: str) -> list[dict[str, str]]:
    options = reference.service_info(service, on=ON).variant_options
    return [{}] + [{key: option} for key, values in options.items() for option in values]


def digests(service: str) -> tuple[str, str]:
    """(SHA-256 of the required_staff outputs, of the staffed_posts outputs) of ``service`` on the grids."""
    staff, posts = hashlib.sha256(), hashlib.sha256()
    for variant in _variants(service):
        _feed(staff, reference.required_staff(service, USERS, on=ON, **variant))
        _feed(staff, reference.required_staff(service, USERS[:600].reshape(20, 30), on=ON, **variant))
        for users in (0.0, 0.5, 3.0, 29.0, 80.0, 100.5, 150.0):
            _feed(staff, reference.required_staff(service, users, on=ON, **variant))
        sizes = UNIT_SIZES if reference.unit_sizes(service, variant, on=ON) is not None else (None,)
        for size in sizes:
            for visits in VISITS:
                _feed(posts, reference.staffed_posts(service, PLACES, POST_USERS, on=ON, visits_per_user=visits,
                                                     places_per_unit=size, **variant))
            _feed(posts, reference.staffed_posts(service, 29.0, 23.5, on=ON, visits_per_user=12.0,
                                                 places_per_unit=size, **variant))
    return staff.hexdigest(), posts.hexdigest()


@pytest.mark.parametrize("service", SERVICES)
def test_rules_give_the_pinned_bits(service: str) -> None:
    with np.errstate(all="ignore"):
        assert digests(service) == PINNED[service]



def _standard(rules: list[dict[str, Any]], users: list[float]) -> dict[str, list[float]]:
    table = compile_rules(rules, posts=False)
    fte = evaluate(table, np.array(users))
    return {role: fte[k].tolist() for k, role in enumerate(table.roles)}


def _posts(rules: list[dict[str, Any]], places: list[float], users: list[float],
           unit_size: float = 10.0) -> dict[str, list[float]]:
    table = compile_rules(rules, posts=True, weekly_hours=40.0)
    fte = evaluate(table, np.array(users), np.array(places), unit_size=unit_size)
    return {role: fte[k].tolist() for k, role in enumerate(table.roles)}


def test_per_rule_rounds_up_with_the_guard_and_floors_at_min() -> None:
    # 3:1 (特養 介護・看護): ⌈users ÷ 3⌉; 0.1 × 3 × 10 = 3.0000000000000004 is 3 users, so 1, not 2 (the 1e-9 guard)
    rule = {"role": "care_worker", "kind": "per", "per": 3, "rounding": "ceil", "min": 1}
    assert _standard([rule], [0.0, 0.1 * 3 * 10, 3.5, 80.0])["care_worker"] == [1.0, 1.0, 2.0, 27.0]


def test_per_rule_without_rounding_is_the_ratio() -> None:
    # 通所介護 介護職員: 1 + max(users − 15, 0) ÷ 5, not rounded: 25 → 1 + 10/5 = 3, 27 → 1 + 12/5 = 3.4, 10 → 1
    rule = {"role": "care_worker", "kind": "per", "base": 1, "offset": 15, "per": 5, "rounding": "none"}
    assert _standard([rule], [25.0, 27.0, 10.0])["care_worker"] == [3.0, 1.0 + 12.0 / 5.0, 1.0]


def test_tiers_take_the_first_bound_and_step_beyond_the_last() -> None:
    # 夜勤 tiers: ≤25 → 1, ≤60 → 2, beyond 2 + ⌈(users − 60) ÷ 25⌉: 61 → 3, 85 → 3, 85.5 → 4; without a step 2
    rule = {"role": "night_staff", "kind": "tiers", "upper": [25, 60], "values": [1, 2], "beyond_base": 2,
            "beyond_step": 25}
    assert _standard([rule], [0.0, 25.0, 25.5, 60.0, 61.0, 85.0, 85.5])["night_staff"] == [1, 1, 2, 2, 3, 3, 4]
    flat = {**rule, "beyond_step": 0}
    assert _standard([flat], [61.0, 1000.0])["night_staff"] == [2.0, 2.0]


def test_the_standard_subtracts_in_order_then_floors_and_a_later_rule_replaces() -> None:
    rules = [{"role": "nurse", "kind": "fixed", "fte": 1}, {"role": "manager", "kind": "fixed", "fte": 2},
             {"role": "care_worker", "kind": "per", "per": 3, "subtract": ["nurse", "manager"]},
             {"role": "nurse", "kind": "fixed", "fte": 4}]
    staff = _standard(rules, [3.0, 15.0])
    assert list(staff) == ["nurse", "manager", "care_worker"]  # the order each role first appears
    assert staff["care_worker"] == [0.0, 2.0]  # max(1 − 1 − 2, 0), 5 − 1 − 2
    assert staff["nurse"] == [4.0, 4.0]  # replaced by the later rule


def test_posts_add_up_a_repeated_role_convert_hours_and_count_units() -> None:
    # 小多機 night: 1 post × 16 h × 7 days ÷ 40 h = 2.8 FTE plus 0.5 × 16 × 7 ÷ 40 = 1.4; GH care 3 per unit of 9
    rules = [{"role": "night_staff", "on": "capacity", "kind": "fixed", "fte": 1, "hours_per_day": 16},
             {"role": "night_staff", "on": "capacity", "kind": "fixed", "fte": 0.5, "hours_per_day": 16},
             {"role": "care_worker", "on": "units", "kind": "per", "per": 1, "each": 3, "rounding": "none"},
             {"role": "nurse", "on": "users", "kind": "fixed", "fte": 1, "hours_per_day": 8, "days_per_week": 5}]
    posts = _posts(rules, [9.0, 18.0, 19.0], [5.0, 5.0, 5.0], unit_size=9.0)
    assert posts["night_staff"] == [16 * 7 / 40 + 0.5 * 16 * 7 / 40] * 3
    assert posts["care_worker"] == [3.0, 6.0, 9.0]  # ⌈9/9⌉, ⌈18/9⌉, ⌈19/9⌉ units × 3
    assert posts["nurse"] == [1.0] * 3  # 8 h × 5 days ÷ 40 h


def test_posts_floor_after_each_subtraction() -> None:
    rules = [{"role": "nurse", "on": "capacity", "kind": "fixed", "fte": 3},
             {"role": "care_worker", "on": "users", "kind": "per", "per": 3, "subtract": ["nurse"]}]
    assert _posts(rules, [0.0, 0.0], [3.0, 30.0])["care_worker"] == [0.0, 7.0]  # max(1 − 3, 0), 10 − 3


def test_an_empty_rule_set_has_no_roles() -> None:
    table = compile_rules([], posts=True, weekly_hours=40.0)
    assert table.roles == () and evaluate(table, np.ones(4)).shape == (0, 4)


def test_bad_rules_are_refused_when_compiled() -> None:
    with pytest.raises(ValueError, match="unknown staffing rule kind"):
        compile_rules([{"role": "nurse", "kind": "ratio"}], posts=False)
    with pytest.raises(KeyError):
        compile_rules([{"role": "care_worker", "kind": "fixed", "fte": 1, "subtract": ["nurse"]}], posts=False)


def test_maximum_is_numpys() -> None:
    """NaN propagates from either side; of 0.0 and −0.0 the second (np.maximum's bits, which the pins hold)."""
    for a, b in ((-0.0, 0.0), (0.0, -0.0), (np.nan, 1.0), (1.0, np.nan), (2.0, 1.0), (1.0, 2.0)):
        expected = np.maximum(a, b)
        assert np.array_equal(_maximum(a, b), expected, equal_nan=True)
        assert np.signbit(_maximum(a, b)) == np.signbit(expected)


@pytest.mark.parametrize("users", [np.nan, np.inf, -0.5, np.array([1.0, np.nan])])
def test_required_staff_refuses_users_not_finite_and_at_least_zero(users: Any) -> None:
    with pytest.raises(ValueError, match="finite"):
        reference.required_staff("tokuyo", users, on=ON)


def test_a_cached_rule_set_notes_the_ids_it_read_on_every_use() -> None:
    for _ in range(2):
        with recording() as used:
            reference.required_staff("group_home", 18.0, on=ON)
            reference.staffed_posts("group_home", 18.0, 17.0, on=ON)
        assert {"staffing.group_home", "posts.group_home", "posts.full_time_hours_per_week"} <= used


if __name__ == "__main__":
    with np.errstate(all="ignore"):
        for name in SERVICES:
            print(f"    {name!r}: {digests(name)!r},", file=sys.stdout)
