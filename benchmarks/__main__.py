"""Run every registered benchmark and print one table per benchmark."""

from __future__ import annotations

import importlib
import sys

from benchmarks import MODULES, REGISTRY


def table(rows: list[dict[str, object]]) -> str:
    if not rows:
        return "(no rows)"
    columns = list(rows[0])
    cells = [[str(c) for c in columns]] + [[_fmt(row.get(c)) for c in columns] for row in rows]
    widths = [max(len(r[i]) for r in cells) + 2 for i in range(len(columns))]
    return "\n".join("".join(v.rjust(w) if i else v.ljust(w) for i, (v, w) in enumerate(zip(r, widths, strict=True)))
                     for r in cells)


def _fmt(value: object) -> str:
    return f"{value:,.2f}" if isinstance(value, float) else str(value)


def main(argv: list[str] | None = None) -> int:
    names = argv if argv is not None else sys.argv[1:]
    for module in MODULES:
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise
    for name, fn in REGISTRY.items():
        if names and name not in names:
            continue
        print(f"== {name} ==")
        out = fn()
        print(out if isinstance(out, str) else table(out))  # a benchmark may return its own rendered table
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
