"""``python -m simulator report FILE --format pdf|xlsx|html --out PATH [--lang en] [--trials N --seed S]``.

Writes the report to the path the user gave. A bad scenario file gives a message in the chosen
language (exit 2); a failure while building gives exit 1. With ``--trials`` the Monte Carlo, tornado
and stress sections are included.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from simulator.i18n import t


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", help="scenario file (.toml or .json)")
    parser.add_argument("--format", dest="fmt", choices=("pdf", "xlsx", "html"), default="pdf")
    parser.add_argument("--out", required=True, help="output path")
    parser.add_argument("--lang", choices=("ja", "en"), default="ja")
    parser.add_argument("--trials", type=int, default=0, help="Monte Carlo trials (0 = base case only)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--unit", choices=("thousand", "man", "yen"), default="thousand",
                        help="money unit of the tables: 千円 (default), 万円 or 円")
    parser.add_argument("--koubo", action="store_true", help="add the 公募-style 5-year 収支見込")


def _error(message: str) -> None:
    print(message, file=sys.stderr)


def main(args: argparse.Namespace) -> int:
    from simulator.errors import ScenarioError
    from simulator.files import load_scenario

    lang = args.lang
    path = Path(args.file)
    if not path.is_file():
        _error(t("report.cli.not_found", lang, path=path))
        return 2
    try:
        scenario = load_scenario(path)
    except ScenarioError as exc:
        _error(exc.text(lang))
        return 2
    except (OSError, ValueError) as exc:
        _error(t("report.cli.bad_file", lang, path=path, detail=exc))
        return 2
    if args.trials < 0:
        _error(t("report.cli.bad_file", lang, path="--trials", detail=args.trials))
        return 2
    try:
        from simulator.engine import simulate
        from simulator.report import build
        from simulator.risk.run import run

        result = simulate(scenario)
        risk = run(scenario, trials=args.trials, seed=args.seed, lang=lang) if args.trials > 0 else None
        data = build(scenario, result, args.fmt, lang, risk, unit=args.unit, koubo=args.koubo)
    except ScenarioError as exc:
        _error(exc.text(lang))
        return 2
    except Exception as exc:  # a report failure is shown as a message, never a traceback
        _error(t("report.cli.failed", lang, detail=f"{type(exc).__name__}: {exc}"))
        return 1
    out = Path(args.out)
    try:
        out.write_bytes(data)
    except OSError as exc:
        _error(t("report.cli.cannot_write", lang, path=out, detail=exc.strerror or exc))
        return 1
    print(t("report.cli.written", lang, path=out, size=len(data)))
    return 0
