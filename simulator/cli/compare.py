"""``python -m simulator compare A.toml B.toml [...]``: differing inputs and metrics side by side.

Prints both tables; ``--out FILE.csv`` also writes them (one CSV, a ``table`` column says which).
For Excel / PDF use ``python -m simulator report``. Exit 0 ok, 2 bad input.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

from simulator.compare import MAX_SCENARIOS, MIN_SCENARIOS, compare
from simulator.errors import ScenarioError
from simulator.files import load_scenario
from simulator.i18n import Lang, t


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="+", metavar="FILE", help=f"{MIN_SCENARIOS}-{MAX_SCENARIOS} scenario files")
    parser.add_argument("--inputs-only", action="store_true", help="do not run the engine")
    parser.add_argument("--out", help="also write the tables to this .csv file")
    parser.add_argument("--lang", choices=["ja", "en"], default="ja")


def main(args: argparse.Namespace) -> int:
    lang: Lang = args.lang
    if not MIN_SCENARIOS <= len(args.files) <= MAX_SCENARIOS:
        print(t("store.compare.count", lang, low=MIN_SCENARIOS, high=MAX_SCENARIOS, got=len(args.files)), file=sys.stderr)
        return 2
    try:
        scenarios = [load_scenario(f) for f in args.files]
    except ScenarioError as exc:
        print(exc.text(lang), file=sys.stderr)
        return 2
    names = [Path(f).stem for f in args.files]
    result = compare(scenarios, names, run_engine=not args.inputs_only)
    with pd.option_context("display.width", 200, "display.max_colwidth", 40, "display.max_rows", 500):
        print(t("store.compare.inputs", lang))
        print(result.inputs.to_string() if len(result.inputs) else t("store.cli.no_changes", lang))
        if not args.inputs_only:
            print()
            print(t("store.compare.metrics", lang))
            print(result.metrics.to_string())
    for name, reason in result.failed.items():
        print(t("store.compare.failed", lang, name=name, reason=reason), file=sys.stderr)
    if args.out:
        tables = [result.inputs.assign(table="inputs")]
        if not args.inputs_only:
            tables.append(result.metrics.astype(object).assign(table="metrics"))
        pd.concat(tables).to_csv(args.out, encoding="utf-8-sig")
        print(t("store.cli.written", lang, path=args.out))
    return 1 if result.failed else 0
