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


if __name__ == "__main__":
    with np.errstate(all="ignore"):
        for name in SERVICES:
            print(f"    {name!r}: {digests(name)!r},", file=sys.stdout)
