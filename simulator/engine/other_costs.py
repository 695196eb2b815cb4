"""Other operating costs (経費) of one block, per month: a fixed part and a variable part.

    fixed    = (水道光熱費 + fixed yen per place) × places / 12 + fixed yen per site / 12 while open
    rent     = the survey's average 地代家賃 in ``fixed`` (per place × places / 12 + per site / 12 while open),
               taken out in the months the block pays a rent of its own (rent line > 0): the user's rent
               replaces the average rent the survey's 経費 contain, it never adds to it
    variable = (給食費 + 介護用品等) × user-days + yen per visit × visits + yen per user-month × users
    other    = (fixed − rent + variable) × scale × inflation index

from the service's cost structure (reference ``other_costs.<service>``: one consistent survey set per service,
each item cited there; the rent part ``other_costs.rent.<service>``, 0 where the survey's homes own their
buildings). ``scale`` = the scenario's ``other_cost_ratio`` ÷ the survey's 経費率 (1 when the scenario leaves it
empty): a stated ratio scales the survey's structure, it does not make costs follow revenue. Inflation moves
these costs; fee revisions and the 報酬 stress do not (they move fee revenue only), and an empty place saves
only its variable part. The rent line itself (:func:`block_rent`) is the scenario's, flat in yen.
"""

from __future__ import annotations

import numpy as np

from simulator.engine.blocks import Block
from simulator.engine.changes import Context
from simulator.engine.inputs import Inputs
from simulator.engine.jit import READ_MATRIX, as_matrix, kernel, per_trial, same_in_every_trial
from simulator.engine.revenue import volume_rates

MONTHS_PER_YEAR = 12.0


def block_rent(inp: Inputs, block: Block) -> np.ndarray:
    """地代家賃 of ``block`` in yen per month, ``(T, M)``: the block's own rent array (a new site: its path's
    ``rent_yen_per_month`` while open), else its operation's ``rent_yen_per_month`` while it has places."""
    if block.rent is not None:
        return block.rent
    return inp.num(f"{block.prefix}.rent_yen_per_month") * (block.capacity > 0)


def other_costs(ctx: Context, block: Block, inflation_index: np.ndarray | float) -> np.ndarray:
    """Other costs of ``block`` in yen per month, ``(T, M)``, before calibration and the block's sign (one compiled
    pass, :func:`_other_costs`)."""
    inp, ref = ctx.inp, ctx.ref
    service = block.op.service.value
    cs = ref.at_start("other_cost_structure", service)
    survey = cs["survey_ratio"]
    scale = inp.num(f"{block.prefix}.other_cost_ratio", lambda: survey) / survey
    rent = ref.at_start("survey_rent", service)  # within the fixed parts (checked by the reference)
    survey_rent = any(rent.values())
    days, visits_per_user, registered = volume_rates(inp, ref, block)
    settings = np.array([(cs["utilities_yen_per_place_year"] + cs["fixed_yen_per_place_year"]) / MONTHS_PER_YEAR,
                         cs["fixed_yen_per_site_year"] / MONTHS_PER_YEAR,
                         rent["yen_per_place_year"] / MONTHS_PER_YEAR, rent["yen_per_site_year"] / MONTHS_PER_YEAR,
                         cs["food_yen_per_user_day"] + cs["supplies_yen_per_user_day"], cs["yen_per_visit"],
                         cs["yen_per_user_month"], registered])
    own_rent = block_rent(inp, block) if survey_rent else 0.0  # only whether the block pays one is read
    matrices, numbers = (block.capacity, block.users, own_rent, inflation_index), (days, visits_per_user, scale)
    # inputs no trial changes: one row for every trial (the same numbers in, the same out)
    shape = (1 if same_in_every_trial(matrices, numbers) else inp.trials, block.capacity.shape[1])
    return _other_costs(*(as_matrix(x, shape) for x in matrices), *(per_trial(x, shape[0]) for x in numbers), settings,
                        survey_rent)


@kernel(f"float64[:, ::1]({READ_MATRIX}, {READ_MATRIX}, {READ_MATRIX}, {READ_MATRIX}, float64[::1], float64[::1], "
        "float64[::1], float64[::1], boolean)")
def _other_costs(capacity, users, rent, inflation, days, visits_per_user, scale, settings, survey_rent):
    """The module's equations cell by cell, in the order the numpy passes ran them (the same bits): the
    ``settings`` are (fixed yen a month per place, per site, the survey's rent per place and per site, yen per
    user-day, per visit, per user-month, registered users per daily user)."""
    per_place, per_site, rent_per_place, rent_per_site = settings[0], settings[1], settings[2], settings[3]
    per_user_day, per_visit, per_user_month, registered = settings[4], settings[5], settings[6], settings[7]
    out = np.empty((capacity.shape[0], capacity.shape[1]))
    for i in range(capacity.shape[0]):
        days_i, visits_i, scale_i = days[i], visits_per_user[i], scale[i]
        for t in range(capacity.shape[1]):
            places, served = capacity[i, t], users[i, t]
            site = 1.0 if places > 0.0 else 0.0
            cost = places * per_place
            if per_site != 0.0:
                cost = cost + site * per_site
            if survey_rent:  # the survey's average rent (reference.survey_rent_a_month), replaced where it pays one
                cost = cost - (1.0 if rent[i, t] > 0.0 else 0.0) * (places * rent_per_place + site * rent_per_site)
            if per_user_day != 0.0:
                cost = cost + served * days_i * per_user_day
            if per_visit != 0.0:
                cost = cost + served * visits_i * per_visit
            if per_user_month != 0.0:
                cost = cost + (served if registered == 1.0 else served * registered) * per_user_month
            cost = cost * scale_i
            out[i, t] = cost * inflation[i, t]
    return out
