"""Command line: ``python -m simulator COMMAND ...``.

Each command lives in its own module ``simulator.cli.<name>`` exposing ``add_arguments(parser)``
and ``main(args) -> int``; this file only dispatches. Exit codes: 0 ok, 1 failure, 2 bad input.
"""

from __future__ import annotations

import argparse
import importlib
import sys

COMMANDS: dict[str, str] = {
    "validate": "scenario files: check and list every problem by field",
    "run": "project a scenario (base case or --trials N Monte Carlo)",
    "tornado": "rank uncertain inputs by their swing in NPV",
    "stress": "run the named stress cases side by side",
    "report": "write a PDF, Excel or HTML report",
    "library": "saved-scenario library: list, save, show, diff, restore",
    "batch": "run every scenario in a folder",
    "compare": "compare 2-5 scenarios side by side",
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m simulator", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    for name, help_text in COMMANDS.items():
        module = importlib.import_module(f"simulator.cli.{name}")
        module.add_arguments(sub.add_parser(name, help=help_text))
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    module = importlib.import_module(f"simulator.cli.{args.command}")
    try:
        return int(module.main(args) or 0)
    except Exception as exc:  # noqa: BLE001 - last line of defence: a message, never a traceback
        from simulator.errors import printable
        from simulator.i18n import Lang, t

        lang: Lang = "en" if getattr(args, "lang", "ja") == "en" else "ja"
        detail = printable(f"{type(exc).__name__}: {exc}")[:300]
        print(t("errors.cli.failed", lang, command=args.command, detail=detail), file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
