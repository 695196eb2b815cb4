"""The staff pass (simulator/engine/staff_kernel.py) against a hand calculation on a small rule set.

One care role under a standard of 1 FTE per 3 users (not rounded) and posts of 2 care workers and 1 nurse
whatever the occupancy, calibrated × 1.2; turnover 12 % a year; a care worker costs 300,000 yen a month, a nurse
400,000. The standard counts 6, 6, 12 and 6 users in months 0–3, the plan staffs for 6 in every month:

    care planned = max(2 × 1.2, 6 ÷ 3) = 2.4 in every month;  nurse planned = 1 × 1.2 = 1.2
    care required = 2, 2, 4, 2:  short in month 2 by (4 − 2.4) ÷ 4 = 40 % (more than the 1割)
    → the 減算 from month 3 (the next month), where the shortfall is already resolved (the month it is resolved)
    hires = leavers only (no increase after month 0) = 3.6 × 0.12 ÷ 12 = 0.036 FTE a month
    personnel = 2.4 × 300,000 + 1.2 × 400,000 = 1,200,000 yen a month
"""

from __future__ import annotations

import numpy as np
import pytest

from simulator.engine.staff_kernel import (
    HIRES,
    HIRES_TOTAL,
    PERSONNEL,
    PLANNED,
    PLANNED_TOTAL,
    REDUCED,
    REQUIRED,
    REQUIRED_TOTAL,
    SHORTFALL,
    staff_pass,
)
from simulator.reference.staffing_rules import compile_rules, table_arrays

STANDARD = compile_rules([{"kind": "per", "role": "care_worker", "per": 3.0, "rounding": "none"}], posts=False)
POSTS = compile_rules([{"kind": "fixed", "role": "care_worker", "on": "capacity", "fte": 2.0},
                       {"kind": "fixed", "role": "nurse", "on": "capacity", "fte": 1.0}], posts=True,
                      weekly_hours=40.0)


def _run(counted: list[float], plan_users: list[float], open_now: list[float], roles_out: bool = True,
         no_onset: bool = False, wanted: np.ndarray | None = None):
    months = len(counted)

    def matrix(values: list[float]) -> np.ndarray:
        return np.broadcast_to(np.array([values], dtype=float), (1, months))

    places, users, opened = matrix([30.0] * months), matrix(plan_users), matrix(open_now)
    standard_users = matrix(counted)
    return staff_pass(
        table_arrays(STANDARD), table_arrays(POSTS), len(POSTS.roles), np.array([10.0, 0.0, 40.0, 40.0 * 52 / 12]),
        standard_users, users, places, users, users, places, users, np.zeros(1), opened, opened, opened,
        np.array([1.0]), np.array([0, 1], dtype=np.int64), np.array([1.2]),
        np.broadcast_to(np.array([[300_000.0], [400_000.0]]), (2, 1)), np.array([0.12]), -1, -1, 0.1, False,
        False, no_onset, wanted if wanted is not None else np.arange(len(POSTS.roles)) if roles_out
        else np.zeros(0, dtype=np.int64))


def test_the_pass_equals_the_hand_calculation():
    columns, by_role, ok = _run([6.0, 6.0, 12.0, 6.0], [6.0] * 4, [1.0] * 4)
    assert ok
    care, nurse = 0, 1
    np.testing.assert_allclose(by_role[PLANNED, care, 0], [2.4] * 4)
    np.testing.assert_allclose(by_role[PLANNED, nurse, 0], [1.2] * 4)
    np.testing.assert_allclose(by_role[REQUIRED, care, 0], [2.0, 2.0, 4.0, 2.0])
    np.testing.assert_array_equal(by_role[REQUIRED, nurse, 0], [0.0] * 4)  # a role of the posts only
    np.testing.assert_allclose(columns[SHORTFALL, 0], [0, 0, 1, 0])
    np.testing.assert_allclose(columns[REDUCED, 0], [0, 0, 0, 1])
    np.testing.assert_allclose(columns[PLANNED_TOTAL, 0], [3.6] * 4)
    np.testing.assert_allclose(columns[REQUIRED_TOTAL, 0], [2.0, 2.0, 4.0, 2.0])
    np.testing.assert_allclose(columns[HIRES_TOTAL, 0], [0.036] * 4)
    np.testing.assert_allclose(by_role[HIRES, care, 0], [2.4 * 0.01] * 4)
    np.testing.assert_allclose(columns[PERSONNEL, 0], [1_200_000.0] * 4)


def test_a_service_that_opens_hires_its_staff_in_the_opening_month():
    # closed in months 0–1, open from month 2: its 3.6 FTE are hired in month 2, on top of that month's leavers
    columns, _, _ = _run([6.0] * 4, [6.0] * 4, [0.0, 0.0, 1.0, 1.0])
    np.testing.assert_allclose(columns[HIRES_TOTAL, 0], [0.0, 0.0, 3.636, 0.036])
    np.testing.assert_allclose(columns[PERSONNEL, 0], [0.0, 0.0, 1_200_000.0, 1_200_000.0])
    arrived, _, _ = _run([6.0] * 4, [6.0] * 4, [0.0, 0.0, 1.0, 1.0], no_onset=True)  # staff who come with it
    np.testing.assert_allclose(arrived[HIRES_TOTAL, 0], [0.0, 0.0, 0.036, 0.036])


def test_roles_are_written_only_when_asked_and_change_nothing_else():
    with_roles, by_role, _ = _run([6.0, 6.0, 12.0, 6.0], [6.0] * 4, [1.0] * 4)
    without, none, _ = _run([6.0, 6.0, 12.0, 6.0], [6.0] * 4, [1.0] * 4, roles_out=False)
    assert none.size == 0 and by_role.size > 0
    np.testing.assert_array_equal(with_roles, without)


def test_one_role_asked_for_is_that_role_of_all_roles():
    _, every, _ = _run([6.0, 6.0, 12.0, 6.0], [6.0] * 4, [1.0] * 4)
    nurse = 1
    _, alone, _ = _run([6.0, 6.0, 12.0, 6.0], [6.0] * 4, [1.0] * 4, wanted=np.array([nurse]))
    assert alone.shape == (3, 1, 1, 4)  # required, planned, hires of the nurse only
    np.testing.assert_array_equal(alone[:, 0], every[:, nurse])


@pytest.mark.parametrize("bad", [-1.0, np.nan, np.inf])
def test_a_user_count_the_standard_cannot_read_is_reported(bad):
    _, _, ok = _run([6.0, bad, 6.0, 6.0], [6.0] * 4, [1.0] * 4)
    assert not ok


VISIT_POSTS = compile_rules([{"kind": "per", "role": "care_worker", "on": "visit_hours", "per": 1.0,
                              "rounding": "none"}], posts=True, weekly_hours=40.0)


def _visits_pass(users: np.ndarray, visits: np.ndarray, opened: np.ndarray):
    """Trials of a visiting service whose posts follow visit hours (users × visits × 30 minutes ÷ full time)."""
    return staff_pass(
        table_arrays(STANDARD), table_arrays(VISIT_POSTS), 1, np.array([10.0, 30.0, 40.0, 40.0 * 52 / 12]),
        users, users, users, users, users, users, users, visits, opened, opened, opened, np.array([1.0]),
        np.array([0], dtype=np.int64), np.ones(len(visits)), np.broadcast_to(np.array([[300_000.0]]), (1, len(visits))),
        np.zeros(len(visits)), -1, -1, 0.1, False, True, False, np.arange(1))


def test_a_basis_shared_by_every_trial_gives_each_trial_its_own_result():
    # the users are one row for all trials (read in place, evaluated once); the visits differ from trial 1 on,
    # so the posts must be evaluated again there: each trial equals the pass on its own copy of the inputs
    months, visits = 5, np.array([120.0, 120.0, 240.0, 240.0, 120.0])
    row = np.array([[10.0, 10.0, 20.0, 20.0, 20.0]])
    opened = np.array([[1.0] * months, [0.0, 1.0, 1.0, 1.0, 1.0], [1.0] * months, [1.0] * months,
                       [1.0] * months])
    columns, by_role, _ = _visits_pass(np.broadcast_to(row, (len(visits), months)), visits, opened)
    for i in range(len(visits)):
        alone, alone_roles, _ = _visits_pass(row.copy(), visits[i:i + 1], opened[i:i + 1].copy())
        np.testing.assert_array_equal(columns[:, i:i + 1], alone, err_msg=f"trial {i}")
        np.testing.assert_array_equal(by_role[:, :, i:i + 1], alone_roles, err_msg=f"trial {i}")
    # month 2: 20 users × 240 visits × 0.5 h ÷ (40 × 52 ÷ 12 h) in trial 2, twice trial 1's 120 visits (both
    # above the standard's 20 ÷ 3)
    hours = 40.0 * 52 / 12
    np.testing.assert_allclose(by_role[PLANNED, 0, 2, 2], 20 * 240 * 0.5 / hours)
    np.testing.assert_allclose(by_role[PLANNED, 0, 1, 2], 20 * 120 * 0.5 / hours)


def test_a_role_read_alone_is_built_alone_and_kept():
    from simulator.engine.evaluate import RoleSums
    from simulator.engine.staffing import LazyRoles

    built: list[str] = []

    def maker(tag: str, value: float):
        return lambda: built.append(tag) or np.full((1, 2), value)

    lazy = LazyRoles({"care_worker": maker("all", 2.0), "nurse": maker("all", 1.0)},
                     {"care_worker": maker("care_worker alone", 2.0), "nurse": maker("nurse alone", 1.0)})
    sums = RoleSums()
    sums.add(1.0, lazy)
    sums.add(-1.0, {"care_worker": np.full((1, 2), 0.5)})  # a plain mapping is read as it is
    np.testing.assert_array_equal(sums.single("care_worker"), [[1.5, 1.5]])
    assert built == ["care_worker alone"]
    assert lazy["care_worker"] is lazy.single("care_worker") and built == ["care_worker alone"]  # kept
    np.testing.assert_array_equal(lazy["nurse"], [[1.0, 1.0]])
    assert built == ["care_worker alone", "all"]
