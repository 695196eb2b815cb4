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
from simulator.engine.revenue import volume
from simulator.reference.other_costs import survey_rent_a_month

MONTHS_PER_YEAR = 12.0


def block_rent(inp: Inputs, block: Block) -> np.ndarray:
    """地代家賃 of ``block`` in yen per month, ``(T, M)``: the block's own rent array (a new site: its path's
    ``rent_yen_per_month`` while open), else its operation's ``rent_yen_per_month`` while it has places."""
    if block.rent is not None:
        return block.rent
    return inp.num(f"{block.prefix}.rent_yen_per_month") * (block.capacity > 0)


def other_costs(ctx: Context, block: Block, inflation_index: np.ndarray | float) -> np.ndarray:
    """Other costs of ``block`` in yen per month, ``(T, M)``, before calibration and the block's sign."""
    inp, ref = ctx.inp, ctx.ref
    service = block.op.service.value
    cs = ref.at_start("other_cost_structure", service)
    survey = cs["survey_ratio"]
    scale = inp.num(f"{block.prefix}.other_cost_ratio", lambda: survey) / survey
    capacity = block.capacity
    vol = volume(inp, ref, block)
    per_place_year = cs["utilities_yen_per_place_year"] + cs["fixed_yen_per_place_year"]
    per_site_year = cs["fixed_yen_per_site_year"]
    out = capacity * (per_place_year / MONTHS_PER_YEAR)
    if per_site_year:
        out += (capacity > 0) * (per_site_year / MONTHS_PER_YEAR)
    rent_part = ref.at_start("survey_rent", service)  # within the fixed parts (checked by the reference)
    if any(rent_part.values()):
        paying = block_rent(inp, block) > 0
        if paying.any():
            out = out - paying * survey_rent_a_month(rent_part, capacity)
    per_day = cs["food_yen_per_user_day"] + cs["supplies_yen_per_user_day"]
    for rate, basis in ((per_day, vol.user_days), (cs["yen_per_visit"], vol.visits),
                        (cs["yen_per_user_month"], vol.user_months)):
        if rate:
            out = out + basis * rate
    out = out * scale
    return out * inflation_index
