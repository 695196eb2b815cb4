"""Run every scenario in a folder in parallel worker processes: one summary row per scenario.

A file that fails (invalid, or the engine raises) is listed with its reason; the others go on.
With ``trials`` the Monte Carlo of :mod:`simulator.risk` adds percentiles and probabilities when
that module exists; otherwise only the base case is run and the result says so.
"""

from __future__ import annotations

import importlib
import importlib.util
import math
import re
import sys
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

import pandas as pd

from simulator.errors import ScenarioError
from simulator.files import SUFFIXES, load_scenario
from simulator.i18n import Lang
from simulator.risk import monte_carlo

DEFAULT_RUNNER = "simulator.engine:simulate"
OUTPUT_SUFFIXES = (".xlsx", ".csv")
MC_PERCENTILES = ("P10", "P50", "P90")
MC_METRICS = ("npv_yen", "lowest_cash_yen")
MC_PROBABILITIES = ("cash_below_zero", "cash_below_floor", "npv_negative", "no_payback")
BAR_WIDTH = 30


@dataclass
class BatchResult:
    """``rows``: one row per scenario that ran; ``failed``: (file, reason) for the others."""

    rows: pd.DataFrame
    failed: list[tuple[str, str]] = field(default_factory=list)
    trials_used: bool = False
    notes: list[str] = field(default_factory=list)


def scenario_files(folder: str | Path) -> list[Path]:
    """The ``.toml`` / ``.json`` files directly in ``folder``, sorted by name."""
    return sorted(p for p in Path(folder).iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES)


def _resolve(runner: str) -> Callable[..., Any]:
    module, _, name = runner.partition(":")
    return getattr(importlib.import_module(module), name)


def run_one(path: str, runner: str = DEFAULT_RUNNER, trials: int | None = None, seed: int = 1,
            lang: Lang = "ja") -> dict[str, Any]:
    """Worker: one scenario file → ``{"ok": True, "row": {...}}`` or ``{"ok": False, "reason": "..."}``."""
    name = Path(path).name
    try:
        scenario = load_scenario(path)
    except ScenarioError as exc:
        return {"ok": False, "file": name, "reason": "; ".join(exc.lines(lang))}
    try:
        result = _resolve(runner)(scenario)
        row: dict[str, Any] = {
            "file": name,
            "title": scenario.meta.title,
            "paths": ", ".join(p.kind for p in scenario.paths),
        }
        row |= {key: _number(value) for key, value in result.metrics.items()}
        if trials:
            row |= _risk_columns(scenario, trials, seed)
    except Exception as exc:  # one failing scenario must not stop the batch
        return {"ok": False, "file": name, "reason": f"{type(exc).__name__}: {exc}"}
    return {"ok": True, "file": name, "row": row}


def _number(value: Any) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return math.nan


def _risk_columns(scenario: Any, trials: int, seed: int) -> dict[str, float]:
    risk = monte_carlo(scenario, trials=trials, seed=seed)
    out: dict[str, float] = {}
    table = getattr(risk, "percentiles", None)
    for metric in MC_METRICS:
        for column in MC_PERCENTILES:
            if table is not None and metric in table.index and column in table.columns:
                out[f"{metric}_{column.lower()}"] = float(table.loc[metric, column])
    for key in MC_PROBABILITIES:
        if key in getattr(risk, "probabilities", {}):
            out[f"prob_{key}"] = float(risk.probabilities[key])
    return out


def _bar(done: int, total: int, label: str, stream: TextIO | None) -> None:
    if stream is None:
        return
    filled = BAR_WIDTH * done // max(total, 1)
    stream.write(f"\r[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {done}/{total} {label[:40]:<40}")
    if done == total:
        stream.write("\n")
    stream.flush()


def run_batch(
    folder: str | Path,
    trials: int | None = None,
    seed: int = 1,
    workers: int | None = None,
    lang: Lang = "ja",
    progress: TextIO | None = sys.stderr,
    runner: str = DEFAULT_RUNNER,
) -> BatchResult:
    """Run every scenario file in ``folder``; ``workers=1`` runs in this process."""
    files = scenario_files(folder)
    notes: list[str] = []
    outcomes: list[dict[str, Any]] = []
    _bar(0, len(files), "", progress)
    if workers == 1 or len(files) <= 1:
        for i, path in enumerate(files, 1):
            outcomes.append(run_one(str(path), runner, trials, seed, lang))
            _bar(i, len(files), path.name, progress)
    else:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            futures = {pool.submit(run_one, str(p), runner, trials, seed, lang): p for p in files}
            for i, future in enumerate(as_completed(futures), 1):
                path = futures[future]
                try:
                    outcomes.append(future.result())
                except Exception as exc:  # a worker that died (out of memory …)
                    outcomes.append({"ok": False, "file": path.name, "reason": f"{type(exc).__name__}: {exc}"})
                _bar(i, len(files), path.name, progress)
    outcomes.sort(key=lambda o: o["file"])
    rows = pd.DataFrame([o["row"] for o in outcomes if o["ok"]])
    failed = [(o["file"], o["reason"]) for o in outcomes if not o["ok"]]
    return BatchResult(rows, failed, bool(trials), notes)


_UNSAFE = re.compile(r"[^\w.\-()（）]+")


def safe_output_path(out: str | Path) -> Path:
    """``out`` with its file name reduced to safe characters; the suffix must be .xlsx or .csv."""
    out = Path(out)
    suffix = out.suffix.lower()
    if suffix not in OUTPUT_SUFFIXES:
        raise ValueError(suffix)
    stem = _UNSAFE.sub("_", out.stem).strip("._") or "summary"
    return out.with_name(stem[:120] + suffix)


def write_summary(result: BatchResult, out: str | Path) -> Path:
    """Write the summary (and the failed files) to ``.xlsx`` (two sheets) or ``.csv``."""
    path = safe_output_path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    failed = pd.DataFrame(result.failed, columns=["file", "reason"])
    if path.suffix.lower() == ".csv":
        rows = result.rows.assign(status="ok") if len(result.rows) else result.rows
        pd.concat([rows, failed.assign(status="failed")], ignore_index=True).to_csv(path, index=False, encoding="utf-8-sig")
        return path
    with pd.ExcelWriter(path, engine="xlsxwriter") as writer:
        result.rows.to_excel(writer, sheet_name="summary", index=False)
        failed.to_excel(writer, sheet_name="failed", index=False)
        if result.notes:
            pd.DataFrame({"note": result.notes}).to_excel(writer, sheet_name="notes", index=False)
    return path
