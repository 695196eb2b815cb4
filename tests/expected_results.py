"""Stored expected results of the shipped examples (STYLE.md §9, Tax-Calculator's ``*.out.csv``).

Each example ``scenarios/<name>.toml`` has ``scenarios/expected/<name>.metrics.json`` (the base case's
metrics) and ``scenarios/expected/<name>.annual.csv`` (its annual table). ``tests/examples/test_expected_results.py``
compares a fresh run with them; a change of model that moves them is regenerated with

    make expected

and the commit that does it says why the numbers moved.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = sorted((ROOT / "scenarios").glob("*.toml"))
EXPECTED = ROOT / "scenarios" / "expected"


def metrics_file(scenario: Path) -> Path:
    return EXPECTED / f"{scenario.stem}.metrics.json"


def annual_file(scenario: Path) -> Path:
    return EXPECTED / f"{scenario.stem}.annual.csv"


def compute(scenario: Path) -> tuple[dict[str, float | None], pd.DataFrame]:
    """The base case's metrics (NaN as None, for JSON) and annual table of one example."""
    from simulator.engine import simulate
    from simulator.files import load_scenario

    result = simulate(load_scenario(scenario))
    metrics = {k: (None if math.isnan(v) else float(v)) for k, v in result.metrics.items()}
    return metrics, result.annual.astype(float)


def read(scenario: Path) -> tuple[dict[str, float | None], pd.DataFrame]:
    """The stored expected results of one example."""
    metrics = json.loads(metrics_file(scenario).read_text(encoding="utf-8"))
    annual = pd.read_csv(annual_file(scenario), index_col="fiscal_year")
    return metrics, annual


def write(scenario: Path) -> None:
    metrics, annual = compute(scenario)
    EXPECTED.mkdir(exist_ok=True)
    text = json.dumps(metrics, indent=2, ensure_ascii=False, sort_keys=False)
    metrics_file(scenario).write_text(text + "\n", encoding="utf-8")
    annual.to_csv(annual_file(scenario), float_format="%.12g", lineterminator="\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="regenerate the stored files")
    args = parser.parse_args(argv)
    for scenario in SCENARIOS:
        if args.write:
            write(scenario)
            print(f"wrote {metrics_file(scenario).relative_to(ROOT)}, {annual_file(scenario).relative_to(ROOT)}")
        else:
            print(scenario.name, json.dumps(compute(scenario)[0], ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
