"""The first call stays light (issue 18 item 3: the CLI's first call and the app's first page under 2 s).

Timing is not tested (a shared machine varies by a third, docs/performance.md has the figures); what made the
first call slow is: pandas (with pyarrow ≈ 0.4 s) and the Monte Carlo's kernels, which neither a base case
``run`` nor the home page needs. Each check runs in a fresh interpreter, as a first call does.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "scenarios" / "merger_two_welfare_corps.toml"
# imported by the risk runs, the library, batch and compare commands and the tables: not by a first call
HEAVY = ("pandas", "pyarrow", "simulator.risk.bands", "simulator.risk.sampling", "simulator.store",
         "simulator.batch")

CLI_RUN = """
import contextlib, io, json, sys
from simulator.cli import main
with contextlib.redirect_stdout(io.StringIO()) as out:
    code = main(["run", sys.argv[1]])
print(json.dumps({"code": code, "printed": "NPV" in out.getvalue(), "modules": sorted(sys.modules)}))
"""

APP_FIRST_PAGE = """
import json, sys
from streamlit.testing.v1 import AppTest
at = AppTest.from_file(sys.argv[1], default_timeout=60)
at.run()
print(json.dumps({"exception": [str(e.value) for e in at.exception], "title": [t.value for t in at.title],
                  "modules": sorted(sys.modules)}))
"""


def _fresh(script: str, *args: str) -> dict:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", script, *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          check=True, timeout=300)
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_cli_run_imports_neither_pandas_nor_the_monte_carlo():
    found = _fresh(CLI_RUN, str(EXAMPLE))
    assert found["code"] == 0 and found["printed"]
    assert [m for m in HEAVY if m in found["modules"]] == []
    assert "simulator.engine" in found["modules"]  # it did run the engine


def test_app_first_page_imports_no_pandas():
    found = _fresh(APP_FIRST_PAGE, str(ROOT / "app.py"))
    assert found["exception"] == [] and found["title"]
    assert [m for m in ("pandas", "pyarrow") if m in found["modules"]] == []
    assert "simulator.scenario" in found["modules"]
