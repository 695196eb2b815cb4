"""Every shipped example reproduces its stored expected results (``scenarios/expected/``).

A model change that moves them regenerates them with ``make expected``; its commit says why.
The tolerance (1e-9 relative, 1e-6 absolute) admits summation-order noise and nothing a user could see.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from expected_results import SCENARIOS, annual_file, compute, metrics_file, read

RTOL, ATOL = 1e-9, 1e-6


def test_every_example_has_stored_results() -> None:
    assert SCENARIOS
    missing = [s.name for s in SCENARIOS if not (metrics_file(s).exists() and annual_file(s).exists())]
    assert not missing, f"run `make expected` for {missing}"


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda p: p.stem)
def test_example_matches_its_stored_results(scenario: Path) -> None:
    want_metrics, want_annual = read(scenario)
    got_metrics, got_annual = compute(scenario)
    assert set(got_metrics) == set(want_metrics)
    for key, want in want_metrics.items():
        got = got_metrics[key]
        if want is None:
            assert got is None, f"{key}: stored NaN, got {got}"
        else:
            assert got is not None and math.isclose(got, want, rel_tol=RTOL, abs_tol=ATOL), (key, got, want)
    assert list(got_annual.columns) == list(want_annual.columns)
    np.testing.assert_array_equal(got_annual.index, want_annual.index)
    pd.testing.assert_frame_equal(got_annual, want_annual, check_exact=False, rtol=RTOL, atol=ATOL,
                                  check_dtype=False, check_index_type=False)

