"""No loss: a process killed (SIGKILL) in the middle of saving leaves the library readable with every
version it reported saved intact, and a failure while writing a scenario file leaves the old file.

Two writers at the same time are tested in tests/store/test_store.py (concurrent saves lose nothing).
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from simulator import files
from simulator.store import Library

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "scenarios" / "capacity_tokuyo_30beds.toml"

# saves version after version; prints "<version> <title>" only after save() returned (i.e. committed)
WRITER = """
import sys
from simulator.files import load_scenario
from simulator.store import Library

lib = Library(sys.argv[1])
base = load_scenario(sys.argv[2])
i = int(sys.argv[3])
while True:
    i += 1
    scenario = base.model_copy(update={"meta": base.meta.model_copy(update={"title": f"v{i}", "notes": "x" * (i % 5000)})})
    saved = lib.save("plan", scenario, author="killer", comment=str(i))
    sys.stdout.write(f"{saved.version} v{i}\\n")  # one write: a kill cannot split the line
    sys.stdout.flush()
"""


@pytest.mark.slow
def test_kill_during_save_loses_nothing(tmp_path):
    folder = tmp_path / "lib"
    reported: dict[int, str] = {}
    rng = random.Random(8)
    counter = 0
    for _ in range(5):
        proc = subprocess.Popen([sys.executable, "-c", WRITER, str(folder), str(EXAMPLE), str(counter)],
                                stdout=subprocess.PIPE, text=True, cwd=ROOT)
        # let it save a few versions, then kill it at a random moment (most likely inside a save)
        first = proc.stdout.readline()
        assert first, "the writer did not start"
        time.sleep(rng.uniform(0.05, 0.4))
        os.kill(proc.pid, signal.SIGKILL)
        rest, _ = proc.communicate(timeout=30)
        for line in [first, *rest.splitlines(keepends=True)]:
            if line.endswith("\n") and line.strip():  # a line cut by the kill was not reported
                version, title = line.split()
                reported[int(version)] = title
        counter += 100_000
        # after each kill: the file is sound and every reported version is there and equal
        conn = sqlite3.connect(folder / "library.sqlite3")
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        conn.close()
        lib = Library(folder)
        versions = {v.version for v in lib.versions("plan")}
        assert set(reported) <= versions, f"lost versions {set(reported) - versions}"
        for version, title in reported.items():
            assert lib.open("plan", version).meta.title == title
        assert sorted(versions) == list(range(1, len(versions) + 1)), "version numbers must have no gaps"
    assert len(reported) >= 10, "the writer saved too little to test anything"


def test_failed_scenario_write_keeps_the_old_file(tmp_path, monkeypatch):
    """save_scenario writes a temporary file and renames it; a failure mid-write leaves the old file."""
    scenario = files.load_scenario(EXAMPLE)
    target = tmp_path / "plan.toml"
    files.save_scenario(scenario, target)
    before = target.read_bytes()
    changed = scenario.model_copy(update={"meta": scenario.meta.model_copy(update={"title": "changed"})})

    def broken_replace(src, dst):  # the disk fills up at the last moment
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.os, "replace", broken_replace)
    with pytest.raises(files.ScenarioError) as info:
        files.save_scenario(changed, target)
    assert info.value.problems[0].code == "file.write_failed"
    assert target.read_bytes() == before
    monkeypatch.undo()
    assert files.load_scenario(target) == scenario


@pytest.mark.slow
def test_kill_during_scenario_file_writes_leaves_a_whole_file(tmp_path):
    """A process killed while rewriting a scenario file in a loop leaves either version, never half of one."""
    target = tmp_path / "plan.json"
    files.save_scenario(files.load_scenario(EXAMPLE), target)
    script = ("import sys\nfrom simulator import files\ns = files.load_scenario(sys.argv[1])\n"
              "i = 0\nwhile True:\n    i += 1\n"
              "    files.save_scenario(s.model_copy(update={'meta': s.meta.model_copy(update={'notes': 'n' * (i % 20000)})}),"
              " sys.argv[2])\n")
    rng = random.Random(3)
    for _ in range(4):
        proc = subprocess.Popen([sys.executable, "-c", script, str(EXAMPLE), str(target)], cwd=ROOT)
        time.sleep(rng.uniform(1.0, 1.6))  # import time, then a burst of writes
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        assert files.load_scenario(target).meta.title  # whole and valid
