"""``python -m simulator tornado FILE``: rank the uncertain inputs by their swing in NPV (or --metric)."""

from __future__ import annotations

import argparse
import sys

from simulator.engine.result import METRIC_KEYS
from simulator.i18n import t
from simulator.risk.cli_common import add_common, emit, load, run_guarded


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_common(parser)
    parser.add_argument("--metric", default="npv_yen", help="metric to rank by (default npv_yen)")


def main(args: argparse.Namespace) -> int:
    from simulator.risk.text import tornado_json, tornado_text
    from simulator.risk.tornado import tornado

    if args.metric not in METRIC_KEYS:
        print(t("risk.error.metric", args.lang, metric=args.metric, known=", ".join(METRIC_KEYS)), file=sys.stderr)
        return 2
    scenario = load(args.file, args.lang)
    if scenario is None:
        return 2

    def body() -> int:
        frame = tornado(scenario, metric=args.metric, lang=args.lang)
        emit(tornado_json(frame), args.json, lambda: tornado_text(frame, args.lang))
        return 0

    return run_guarded(args.lang, body)
