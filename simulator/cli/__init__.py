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


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """Every command's parser, or with ``command`` only that one's arguments (the others keep their names
    and help): a command's module imports what it runs, so a first call imports one command, not eight."""
    parser = argparse.ArgumentParser(prog="python -m simulator", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    for name, help_text in COMMANDS.items():
        sub_parser = sub.add_parser(name, help=help_text)
        if command in (None, name):
            importlib.import_module(f"simulator.cli.{name}").add_arguments(sub_parser)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = build_parser(argv[0] if argv and argv[0] in COMMANDS else None).parse_args(argv)
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
