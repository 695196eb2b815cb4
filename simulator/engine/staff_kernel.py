"""The staff of one block in one compiled pass over its trials (issue 18): the standard's FTE, FTE in post, the
shortfall and the 人員基準欠如減算, hires and personnel at the base wage.

Trial by trial, the rule sets (``reference/staffing_rules.py``) are evaluated on the trial's months, into
buffers that stay in cache, and everything after them is computed from those buffers: nothing by role is
materialised over all trials unless asked for. Roles are the standard's, then the posts' others. For trial i,
month t and role p (:mod:`simulator.engine.staffing` says why):

    required(p) = standard(p; counted users) × night factor(p) × open          (人員基準 on the users it counts)
    planned(p)  = max(posts(p; capacity, users) × scale, standard(p; need users) × night factor(p) × target_open)
                  × target_open                                                 (never below the standard)
    gap         = max over the standard's roles of (required − planned) ÷ required where short by more than
                  1e-6 FTE (care workers and night staff as one pool where night posts are within the ratio) × open
    shortfall   = 1 where gap > 0;  reduced = the 減算's months (:func:`reduced_cut`) × open
    hires(p)    = max(planned_t − planned_{t−1}, 0) + planned_t × turnover ÷ 12
                  (planned_{−1} = the base plan's month 0, else planned_0; ``no_onset``: no increases at all)
    personnel   = Σ_p planned(p) × cost per FTE(p)
    base plan   (``has_base``, a block that adds places: the operation as it was) planned(p) on its own places,
                users and open months; its personnel Σ planned × cost, its hires Σ max(rise, 0) + planned × turnover ÷ 12

Every operation runs in the order the numpy engine ran it (maxima as numpy's: NaN propagates, of two equal values
the second; sums over roles in role order from 0), so the results are the bits it gave.

A rule set is evaluated once per run of months with the same basis (a ramp's months while it climbs, then one
run; a running service's ``(T, 1)`` levels, read in place, are one run), and a basis that does not vary by trial
(a ``(1, ·)`` basis) on the first trial only. A month whose inputs (open states and the run of each basis) equal
those of the two months before is the month before again (the same inputs and no increase), so it is copied, not
recomputed.
"""

from __future__ import annotations

import numpy as np

from simulator.engine.jit import READ_MATRIX, helper, kernel
from simulator.reference.staffing_rules import TABLE, _maximum, evaluate_into

SHORTFALL_TOLERANCE_FTE = 1e-6  # numerical noise, not a staffing assumption

# rows of the columns the kernel returns
PERSONNEL, REQUIRED_TOTAL, PLANNED_TOTAL, HIRES_TOTAL, SHORTFALL, REDUCED, BASE_PERSONNEL, BASE_HIRES = range(8)
# rows of its output by role
REQUIRED, PLANNED, HIRES, BASE_PLANNED = range(4)


@helper
def reduced_cut(gap, tolerance):
    """One trial's months: its gap (share short, 0 where none) replaced in place by 1.0 in the months the
    人員基準欠如減算 applies (``staffing.reduced_months``): cut(t) = short(t − 1) and (severe(t − 1) or short(t − 2)),
    before month 0 the first month's state. From the last month back, so each month reads the gaps before it."""
    for t in range(gap.shape[0] - 1, -1, -1):
        last, before = gap[max(t - 1, 0)], gap[max(t - 2, 0)]
        # short last month, and by more than the 1割 or short the month before too
        gap[t] = 1.0 if last > 0.0 and (last > tolerance or before > 0.0) else 0.0


@kernel(f"float64[:, ::1]({READ_MATRIX}, float64)")
def reduced_rows(gap, tolerance):
    """:func:`reduced_cut` of each trial's row (a new matrix)."""
    out = np.empty((gap.shape[0], gap.shape[1]))
    for i in range(gap.shape[0]):
        out[i] = gap[i]
        reduced_cut(out[i], tolerance)
    return out


@helper
def short_share(have, need):
    """The share by which ``have`` falls below ``need`` (0 unless short by more than the tolerance or need is 0)."""
    short = need - have
    share = short / need if need > 0.0 else 0.0
    return share if short > SHORTFALL_TOLERANCE_FTE else 0.0


@helper
def _row(out, basis, i):
    """Trial ``i``'s months of ``basis`` (as many as ``out`` holds) into ``out``; False if one is negative or not
    finite."""
    ok = True
    for t in range(out.shape[0]):
        x = basis[i, t]
        out[t] = x
        ok = ok and x >= 0.0 and x < np.inf
    return ok


@helper
def _runs(rows, compared, runs, run_of):
    """The runs of months with the same values in the first ``compared`` rows of ``rows`` (``(k, n)``): each run's
    values into the columns of ``runs``, month t's run into ``run_of[t]``; returns the number of runs. A rule set
    gives each month the FTE of its run (the same numbers in, the same numbers out; NaN is a run of its own)."""
    n_runs = 0
    for t in range(rows.shape[1]):
        same = t > 0
        for j in range(compared):
            same = same and rows[j, t] == rows[j, t - 1]
        if not same:
            for j in range(rows.shape[0]):
                runs[j, n_runs] = rows[j, t]
            n_runs += 1
        run_of[t] = n_runs - 1
    return n_runs


@helper
def _standard_on(fte, rows, runs, run_of, users, i, rules, scratch, no_visits):
    """The standard's FTE on trial ``i``'s users, run by run (``rows``, ``runs``: ``(1, n)`` buffers, ``run_of``: the
    run of each month) into ``fte``; False if a count is negative or not finite. (A standard's table counts users
    only: no floor after each rule, no hours.)"""
    ok = _row(rows[0], users, i)
    n = _runs(rows, 1, runs, run_of)
    evaluate_into(fte[:, :n], scratch, runs[0, :n], runs[0, :n], no_visits[:n], 1.0, 0.0, rules, False, 0.0, 0.0)
    return ok


@helper
def _posts_on(fte, rows, runs, run_of, capacity, users, visits, i, rules, settings, scratch):
    """The posts' FTE on trial ``i``'s places and users, run by run (``rows``, ``runs``: ``(3, n)`` buffers: places,
    users, visits) into ``fte``; ``settings`` = (places per unit, minutes per visit, full-time hours a week, a
    month)."""
    _row(rows[0], capacity, i)
    _row(rows[1], users, i)
    rows[2, :] = visits
    n = _runs(rows, 2, runs, run_of)
    evaluate_into(fte[:, :n], scratch, runs[0, :n], runs[1, :n], runs[2, :n], settings[0], settings[1], rules, True,
                  settings[2], settings[3])


@helper
def _steady(steady, i, open_now, target_open, base_open, run_of, by_month):
    """``steady[t]``: month t has the inputs of month t − 1 (open states, and the run of each basis that varies by
    month, ``by_month[b]``, ``run_of[b]``)."""
    steady[0] = False
    for t in range(1, steady.shape[0]):
        steady[t] = (open_now[i, t] == open_now[i, t - 1] and target_open[i, t] == target_open[i, t - 1]
                     and base_open[i, t] == base_open[i, t - 1])
    for b in range(by_month.shape[0]):
        if by_month[b]:
            for t in range(1, steady.shape[0]):
                steady[t] = steady[t] and run_of[b, t] == run_of[b, t - 1]


@helper
def at_pay(personnel, pay, wage_factor, growth, level):
    """One cell's personnel at the base wage × the 級地's pay level × the block's wage factor × yearly growth × the
    wage level, in that order (a factor of 1 changes nothing: × 1 is exact)."""
    return personnel * pay * wage_factor * growth * level


@kernel(f"float64[:, ::1]({READ_MATRIX}, float64[::1], {READ_MATRIX}, {READ_MATRIX}, float64[::1])")
def priced(personnel, region, wage_factor, growth, wage_level):
    """:func:`at_pay` of every cell, in one pass (``staffing.priced_at``)."""
    out = np.empty((personnel.shape[0], personnel.shape[1]))
    for i in range(personnel.shape[0]):
        pay, level = region[i], wage_level[i]
        for t in range(personnel.shape[1]):
            out[i, t] = at_pay(personnel[i, t], pay, wage_factor[i, t], growth[i, t], level)
    return out


_SIGNATURE = (f"Tuple((float64[:, :, ::1], float64[:, :, :, ::1], boolean))({TABLE}, {TABLE}, int64, float64[::1], "
              f"{READ_MATRIX}, {READ_MATRIX}, {READ_MATRIX}, {READ_MATRIX}, {READ_MATRIX}, {READ_MATRIX}, "
              f"{READ_MATRIX}, float64[::1], {READ_MATRIX}, {READ_MATRIX}, {READ_MATRIX}, float64[::1], int64[::1], "
              f"float64[::1], {READ_MATRIX}, float64[::1], int64, int64, float64, boolean, boolean, boolean, int64[::1])")


@kernel(_SIGNATURE)
def staff_pass(standard_rules, post_rules, n_posts, post_settings, counted, need_users, capacity, users,
               base_need_users, base_capacity, base_users, visits, open_now, target_open, base_open, factor, post_row,
               scale, costs, turnover, care, night, tolerance, has_base, need_is_counted, no_onset, wanted):
    """(columns ``(8 or 6, T, M)``, FTE by role ``(4 or 3, W, T, M)`` of the ``wanted`` roles (their indices, in
    the order asked; none: nothing by role is written), whether every user count the standard reads is finite and
    ≥ 0): see the module's equations. ``post_settings`` = (places per unit, minutes
    per visit, full-time hours a week, a month) of the posts; ``need_is_counted``: ``need_users`` is ``counted``.

    Per trial, month by month; sums over roles are taken in role order, as the numpy engine took them."""
    roles, trials, months = post_row.shape[0], open_now.shape[0], open_now.shape[1]
    n_std = factor.shape[0]
    columns = np.empty((8 if has_base else 6, trials, months))
    by_role = np.empty((4 if has_base else 3, wanted.shape[0], trials, months))
    slot = np.full(roles, -1)  # each role's place in by_role (−1: not wanted)
    for w in range(wanted.shape[0]):
        slot[wanted[w]] = w
    # the months each basis is evaluated on: 1 where it does not vary by month (once per trial)
    n_counted = months if counted.strides[1] != 0 else 1
    n_need = months if need_users.strides[1] != 0 else 1
    n_plan = months if capacity.strides[1] != 0 or users.strides[1] != 0 else 1
    n_base_need = months if base_need_users.strides[1] != 0 else 1
    n_base = months if base_capacity.strides[1] != 0 or base_users.strides[1] != 0 else 1
    # each basis's months (``rows``), its runs of equal months (``runs``) and the run of each month (``run_of``),
    # in the order counted, need, plan, base need, base; a rule set is evaluated once a run
    sizes = np.array([n_counted, n_need, n_plan, n_base_need, n_base])
    by_month_basis = sizes > 1
    rows, runs = np.empty((5, 3, months)), np.empty((5, 3, months))
    run_of = np.zeros((5, months), dtype=np.int64)
    steady = np.empty(months, dtype=np.bool_)
    no_visits, scratch = np.zeros(months), np.empty(3 * months)
    standard_fte, need_fte = np.empty((n_std, n_counted)), np.empty((n_std, n_need))
    post_fte, base_need_fte = np.empty((n_posts, n_plan)), np.empty((n_std, n_base_need))
    base_post_fte = np.empty((n_posts, n_base))
    ok = True
    previous, base_previous = np.empty(roles), np.empty(roles)  # each role's FTE the month before
    required, planned = np.empty(roles), np.empty(roles)  # this month's, by role
    # a basis the same for every trial (read in place from a ``(1, ·)`` array) is evaluated on the first trial only:
    # its buffer keeps the FTE, and the posts' too while the trial's visits are the previous trial's
    every_counted, every_need = counted.strides[0] != 0, need_users.strides[0] != 0
    every_plan = capacity.strides[0] != 0 or users.strides[0] != 0
    every_base_need = base_need_users.strides[0] != 0
    every_base = base_capacity.strides[0] != 0 or base_users.strides[0] != 0
    for i in range(trials):
        turnover_i, scale_i, short = turnover[i], scale[i], False
        first, new_visits = i == 0, i == 0 or visits[i] != visits[i - 1]
        # the rule sets on this trial's months (the standard's tables count users only)
        if first or every_counted:
            ok = _standard_on(standard_fte, rows[0, :1, :n_counted], runs[0, :1, :n_counted], run_of[0, :n_counted],
                              counted, i, standard_rules, scratch, no_visits) and ok
        if need_is_counted:
            need_fte = standard_fte
            run_of[1] = run_of[0]
        elif first or every_need:
            ok = _standard_on(need_fte, rows[1, :1, :n_need], runs[1, :1, :n_need], run_of[1, :n_need], need_users,
                              i, standard_rules, scratch, no_visits) and ok
        if new_visits or every_plan:
            _posts_on(post_fte, rows[2, :, :n_plan], runs[2, :, :n_plan], run_of[2, :n_plan], capacity, users,
                      visits[i], i, post_rules, post_settings, scratch)
        if has_base:
            if first or every_base_need:
                ok = _standard_on(base_need_fte, rows[3, :1, :n_base_need], runs[3, :1, :n_base_need],
                                  run_of[3, :n_base_need], base_need_users, i, standard_rules, scratch,
                                  no_visits) and ok
            if new_visits or every_base:
                _posts_on(base_post_fte, rows[4, :, :n_base], runs[4, :, :n_base], run_of[4, :n_base], base_capacity,
                          base_users, visits[i], i, post_rules, post_settings, scratch)
        _steady(steady, i, open_now, target_open, base_open, run_of, by_month_basis)
        t = 0
        while t < months:
            on, target_on, base_on = open_now[i, t], target_open[i, t], base_open[i, t]
            if t >= 2 and steady[t] and steady[t - 1]:
                # the month before again (the same inputs as the two months before, so no increase), while they stay
                end = t + 1
                while end < months and steady[end]:
                    end += 1
                for k in range(columns.shape[0]):
                    last = columns[k, i, t - 1]
                    for c in range(t, end):
                        columns[k, i, c] = last
                for k in range(by_role.shape[0]):
                    for w in range(by_role.shape[1]):
                        last = by_role[k, w, i, t - 1]
                        for c in range(t, end):
                            by_role[k, w, i, c] = last
                t = end
                continue
            # the month's run in each evaluation (0 where it does not vary by month)
            t_counted, t_need = run_of[0, min(t, n_counted - 1)], run_of[1, min(t, n_need - 1)]
            t_plan, t_base_need = run_of[2, min(t, n_plan - 1)], run_of[3, min(t, n_base_need - 1)]
            t_base = run_of[4, min(t, n_base - 1)]
            if has_base:  # the operation as it was: its plan, personnel and hires
                base_paid, base_hired = 0.0, 0.0
                for p in range(roles):
                    q = post_row[p]
                    staffed = base_post_fte[q, t_base] * scale_i if q >= 0 else 0.0
                    least = base_need_fte[p, t_base_need] * factor[p] * base_on if p < n_std else 0.0
                    fte = _maximum(staffed, least) * base_on
                    base_paid = base_paid + fte * costs[p, i]
                    rise = _maximum(fte - (base_previous[p] if t > 0 else fte), 0.0)
                    base_hired = base_hired + rise + fte * turnover_i / 12.0
                    if t == 0:
                        previous[p] = fte  # the base plan's month 0 starts the plan's increases
                    base_previous[p] = fte
                    if slot[p] >= 0:
                        by_role[BASE_PLANNED, slot[p], i, t] = fte
                columns[BASE_PERSONNEL, i, t], columns[BASE_HIRES, i, t] = base_paid, base_hired
            paid, required_total, planned_total, hired = 0.0, 0.0, 0.0, 0.0
            for p in range(roles):
                q = post_row[p]
                staffed = post_fte[q, t_plan] * scale_i if q >= 0 else 0.0
                least = need_fte[p, t_need] * factor[p] * target_on if p < n_std else 0.0
                fte = _maximum(staffed, least) * target_on
                need_now = standard_fte[p, t_counted] * factor[p] * on if p < n_std else 0.0
                start = previous[p] if (t > 0 or has_base) else fte  # month 0: no increase (or from the base plan)
                increase = 0.0 if no_onset else _maximum(fte - start, 0.0)
                leavers = fte * turnover_i
                leavers = leavers / 12.0
                hires = increase + leavers
                previous[p] = fte
                required[p], planned[p] = need_now, fte
                paid = paid + fte * costs[p, i]
                required_total = required_total + need_now
                planned_total = planned_total + fte
                hired = hired + hires
                w = slot[p]
                if w >= 0:
                    by_role[REQUIRED, w, i, t], by_role[PLANNED, w, i, t], by_role[HIRES, w, i, t] = need_now, fte, hires
            gap = 0.0
            for s in range(n_std):
                if s != care and s != night:
                    gap = _maximum(gap, short_share(planned[s], required[s]))
            if care >= 0:  # night posts worked by the care pool: checked together
                gap = _maximum(gap, short_share(planned[care] + planned[night], required[care] + required[night]))
            columns[PERSONNEL, i, t], columns[REQUIRED_TOTAL, i, t] = paid, required_total
            columns[PLANNED_TOTAL, i, t], columns[HIRES_TOTAL, i, t] = planned_total, hired
            columns[REDUCED, i, t] = gap * on  # the gap, until the 減算 replaces it
            columns[SHORTFALL, i, t] = 1.0 if gap * on > 0.0 else 0.0
            short = short or gap * on > 0.0
            t += 1
        if short:  # else the gaps are 0 and so is the 減算
            gaps = columns[REDUCED, i]
            reduced_cut(gaps, tolerance)
            for t in range(months):
                gaps[t] = gaps[t] * open_now[i, t]
    return columns, by_role, ok
