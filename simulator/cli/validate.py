"""``python -m simulator validate FILE...``: check scenario files and list every problem by field.

Exit 0 when every file is valid, 2 when any is not (missing, a folder, binary, broken or invalid);
problems are printed in Japanese (``--lang en`` for English), never as a traceback.
"""

from __future__ import annotations

import argparse

from simulator.errors import ScenarioError
from simulator.files import load_scenario
from simulator.i18n import t


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="+", metavar="FILE", help="scenario files (.toml / .json)")
    parser.add_argument("--lang", choices=["ja", "en"], default="ja", help="message language (default ja)")


def main(args: argparse.Namespace) -> int:
    failed = 0
    for name in args.files:
        try:
            load_scenario(name)
        except ScenarioError as exc:
            failed += 1
            print(exc.text(args.lang))
        except Exception as exc:  # a user must never see a traceback
            failed += 1
            detail = f"{type(exc).__name__}: {exc}"
            print(t("errors.cli.unexpected", args.lang, source=name, detail=detail))
        else:
            print(t("errors.cli.valid", args.lang, source=name))
    if failed:
        print(t("errors.cli.summary", args.lang, failed=failed, total=len(args.files)))
        return 2
    return 0
