"""Other operating costs (経費) of one block, per month: a fixed part and a variable part.

    fixed    = (水道光熱費 + fixed yen per place) × places / 12 + fixed yen per site / 12 while open
    variable = (給食費 + 介護用品等) × user-days + yen per visit × visits + yen per user-month × users
    other    = (fixed + variable) × scale × inflation index

from the service's cost structure (reference ``other_costs.<service>``: one consistent survey set per service,
each item cited there). ``scale`` = the scenario's ``other_cost_ratio`` ÷ the survey's 経費率 (1 when the
scenario leaves it empty): a stated ratio scales the survey's structure, it does not make costs follow revenue.
Inflation moves these costs; fee revisions and the 報酬 stress do not (they move fee revenue only), and an
empty place saves only its variable part.
"""

from __future__ import annotations

import numpy as np

from simulator.engine.blocks import Block
from simulator.engine.changes import Context
from simulator.engine.revenue import volume

MONTHS_PER_YEAR = 12.0


def other_costs(ctx: Context, block: Block, inflation_index: np.ndarray | float) -> np.ndarray:
    """Other costs of ``block`` in yen per month, ``(T, M)``, before calibration and the block's sign."""
    inp, ref = ctx.inp, ctx.ref
    service = block.op.service.value
    cs = ref.at_start("other_cost_structure", service)
    survey = cs["survey_ratio"]
    scale = inp.num(f"{block.prefix}.other_cost_ratio", lambda: survey) / survey
    capacity = block.capacity
    vol = volume(inp, ref, block)
    per_place = (cs["utilities_yen_per_place_year"] + cs["fixed_yen_per_place_year"]) / MONTHS_PER_YEAR
    per_site = cs["fixed_yen_per_site_year"] / MONTHS_PER_YEAR
    out = capacity * per_place
    if per_site:
        out += (capacity > 0) * per_site
    per_day = cs["food_yen_per_user_day"] + cs["supplies_yen_per_user_day"]
    for rate, basis in ((per_day, vol.user_days), (cs["yen_per_visit"], vol.visits),
                        (cs["yen_per_user_month"], vol.user_months)):
        if rate:
            out = out + basis * rate
    out = out * scale
    return out * inflation_index
