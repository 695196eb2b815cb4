"""``python -m simulator stress FILE``: the named stress cases side by side with the base case."""

from __future__ import annotations

import argparse

from simulator.risk.cli_common import add_common, emit, load, run_guarded


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_common(parser)


def main(args: argparse.Namespace) -> int:
    from simulator.risk.stress import stress
    from simulator.risk.text import stress_json, stress_text

    scenario = load(args.file, args.lang)
    if scenario is None:
        return 2

    def body() -> int:
        frame = stress(scenario, lang=args.lang)
        emit(stress_json(frame), args.json, lambda: stress_text(frame, args.lang))
        return 0

    return run_guarded(args.lang, body)
