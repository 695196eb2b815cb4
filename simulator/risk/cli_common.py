"""Shared parts of the risk commands: loading a file with user-facing errors, printing, run --trials."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import Any

from simulator.i18n import Lang, t
from simulator.scenario import Scenario

MAX_TRIALS = 1_000_000


def add_common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", help="scenario file (.toml or .json)")
    parser.add_argument("--lang", choices=("ja", "en"), default="ja", help="language of labels (default ja)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")


def add_trial_arguments(parser: argparse.ArgumentParser) -> None:
    """``--trials N --seed S --floor YEN`` of ``run``: Monte Carlo instead of the base case when N > 1."""
    parser.add_argument("--trials", type=int, default=None, help="Monte Carlo trials (e.g. 10000)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (same seed, same result)")
    parser.add_argument("--floor", type=float, default=None,
                        help="cash floor in yen for the shortfall probability (default assumptions.cash_floor_yen)")


def load(path: str, lang: Lang) -> Scenario | None:
    """The scenario, or None after printing every problem (in ``lang``) to stderr."""
    from simulator.errors import ScenarioError
    from simulator.files import load_scenario

    try:
        return load_scenario(path)
    except ScenarioError as exc:
        print(exc.text(lang), file=sys.stderr)
        return None


def emit(data: Any, as_json: bool, text: Callable[[], str]) -> None:
    if as_json:
        print(json.dumps(data, ensure_ascii=False, indent=2, default=str))
    else:
        print(text())


def run_guarded(lang: Lang, body: Callable[[], int]) -> int:
    """Run a command body; a bad setting in the file (ValueError from the model) is exit 2 with a message."""
    try:
        return body()
    except ValueError as exc:
        print(t("risk.error.input", lang, detail=str(exc)), file=sys.stderr)
        return 2


def run_monte_carlo(args: argparse.Namespace, scenario: Scenario) -> int:
    """The ``run --trials N`` part: percentile blocks and probabilities (text or JSON)."""
    from simulator.risk.montecarlo import monte_carlo
    from simulator.risk.text import montecarlo_json, montecarlo_text

    lang: Lang = args.lang
    if not 1 <= args.trials <= MAX_TRIALS:
        print(t("risk.error.trials", lang, limit=MAX_TRIALS), file=sys.stderr)
        return 2

    def body() -> int:
        result = monte_carlo(scenario, trials=args.trials, seed=args.seed, floor=args.floor)
        emit(montecarlo_json(result), args.json, lambda: montecarlo_text(result, lang))
        return 0

    return run_guarded(lang, body)
