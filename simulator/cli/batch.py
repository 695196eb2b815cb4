"""``python -m simulator batch DIR --out summary.xlsx|.csv [--trials N --seed S] [--workers K]``.

Runs every scenario in DIR in parallel worker processes with a progress bar on stderr, writes one
row per scenario, and lists the files that failed with their reasons. Exit 0 when all ran, 1 when
some failed, 2 for bad input (no folder, wrong output type).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from simulator.batch import OUTPUT_SUFFIXES, run_batch, safe_output_path, scenario_files, write_summary
from simulator.i18n import Lang, t


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("folder", metavar="DIR")
    parser.add_argument("--out", required=True, help="summary file (.xlsx or .csv)")
    parser.add_argument("--trials", type=int, help="Monte Carlo trials per scenario (needs simulator.risk)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, help="worker processes (default: CPU count)")
    parser.add_argument("--lang", choices=["ja", "en"], default="ja")


def main(args: argparse.Namespace) -> int:
    lang: Lang = args.lang
    folder = Path(args.folder)
    if not folder.is_dir():
        print(t("store.batch.no_folder", lang, folder=folder), file=sys.stderr)
        return 2
    try:
        out = safe_output_path(args.out)
    except ValueError:
        print(t("store.batch.bad_output", lang, suffixes=" / ".join(OUTPUT_SUFFIXES)), file=sys.stderr)
        return 2
    if (args.trials is not None and args.trials < 1) or (args.workers is not None and args.workers < 1):
        print(t("store.batch.bad_number", lang), file=sys.stderr)
        return 2
    if not scenario_files(folder):
        print(t("store.batch.empty", lang, folder=folder), file=sys.stderr)
        return 2
    result = run_batch(folder, args.trials, args.seed, args.workers, lang)
    for note in result.notes:
        print(note, file=sys.stderr)
    path = write_summary(result, out)
    print(t("store.batch.done", lang, ok=len(result.rows), failed=len(result.failed), path=path))
    for name, reason in result.failed:
        print(t("store.batch.failed", lang, file=name, reason=reason), file=sys.stderr)
    return 1 if result.failed else 0
