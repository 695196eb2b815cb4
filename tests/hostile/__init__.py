"""Shared helpers for the hostile-input tests: outcome classification and the tally they print.

Every case ends in one of three ways: ``accepted`` (a valid :class:`Scenario`), ``rejected`` (a
:class:`ScenarioError` / ``ShareError`` whose messages exist in Japanese and English and name the
field when the damage was to a field), or ``crashed`` (anything else: a traceback a user would
see, or a rejection whose message is missing, untranslated or does not say where). Tests assert
that nothing crashed and print how many cases of each class ended how.
"""

from __future__ import annotations

import collections
import os
import re
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from simulator.errors import Problem, ScenarioError, printable
from simulator.scenario import Scenario

OUTCOMES = ("accepted", "rejected", "crashed")
FILE_LEVEL = ("file.", "version.")  # codes about the whole file (no field to name)
_JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff00-\uffef]")


class HostileReport(UserWarning):
    """Carries the tally to the terminal when the tests run in xdist workers (their stdout is hidden)."""


@dataclass
class Tally:
    """Counts per (class, outcome), plus the first few crashes with their input and error."""

    title: str
    counts: dict[str, collections.Counter] = field(default_factory=lambda: collections.defaultdict(collections.Counter))
    crashes: list[str] = field(default_factory=list)

    def add(self, cls: str, outcome: str, detail: str = "") -> str:
        self.counts[cls][outcome] += 1
        if outcome == "crashed" and len(self.crashes) < 20:
            self.crashes.append(f"[{cls}] {detail}"[:600])
        return outcome

    def total(self, outcome: str | None = None) -> int:
        return sum(c[outcome] if outcome else sum(c.values()) for c in self.counts.values())

    def lines(self) -> list[str]:
        out = [f"{self.title}: {self.total()} cases — accepted {self.total('accepted')}, "
               f"rejected with message {self.total('rejected')}, crashed {self.total('crashed')}"]
        width = max((len(k) for k in self.counts), default=10)
        for cls in sorted(self.counts):
            c = self.counts[cls]
            out.append(f"  {cls:<{width}}  tried {sum(c.values()):>5}  accepted {c['accepted']:>5}  "
                       f"rejected {c['rejected']:>5}  crashed {c['crashed']:>3}")
        return out


def emit(config: Any, lines: Iterable[str]) -> None:
    """Write ``lines`` to the terminal: directly when running alone, as a warning under xdist."""
    text = "\n".join(lines)
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    capture = config.pluginmanager.get_plugin("capturemanager")
    if os.environ.get("PYTEST_XDIST_WORKER") or reporter is None or capture is None:
        warnings.warn(HostileReport("\n" + text), stacklevel=2)
        return
    with capture.global_and_fixture_disabled():
        reporter.write_line("")
        for line in text.splitlines():
            reporter.write_line(line)


# Cross-field rules: a problem at the key (a regex) is about the field it refers to as well, so damage to that
# field (or to a section holding it) may be reported there. A path's service_index refers to the organisation's
# service list: emptying ``organisation`` is reported as "paths[0].service_index: no service number 0 (0 listed)".
CROSS_REFERENCES = {r"paths\[\d+\]\.service_index": "organisation.services"}


def related(problem_path: str, field_path: str) -> bool:
    """Does a problem at ``problem_path`` point at (or around) the damaged ``field_path``?"""
    if not problem_path:
        return False
    field_path = printable(field_path)  # messages show control characters escaped
    for pattern, target in CROSS_REFERENCES.items():
        if re.fullmatch(pattern, problem_path) and (target == field_path or target.startswith(field_path + ".")
                                                     or field_path.startswith(target)):
            return True
    parent = re.sub(r"(\.[^.\[]*|\[\d+\])$", "", field_path)
    return (
        problem_path == field_path
        or field_path.startswith((problem_path + ".", problem_path + "["))
        or (problem_path.startswith(parent) if parent else True)
    )


def message_problem(problems: list[Problem], field_path: str | None, file_level_ok: bool) -> str | None:
    """Why these problems are not an acceptable rejection (None when they are)."""
    if not problems:
        return "no problems listed"
    for p in problems:
        for lang, text in (("ja", p.ja), ("en", p.en)):
            if not text or "Traceback" in text:
                return f"empty or traceback message ({lang}) for {p.path}: {text!r}"
        if not _JAPANESE.search(p.line("ja")):
            return f"Japanese message has no Japanese: {p.line('ja')!r}"
        if p.path and p.path not in p.line("en"):
            return f"message does not show its field {p.path!r}: {p.line('en')!r}"
    if field_path is None:
        return None
    if field_path == "":  # the damage shows up elsewhere (a missing section): some field must be named
        return None if any(p.path for p in problems) else f"no field named: {[p.line('en') for p in problems]}"
    if any(related(p.path, field_path) for p in problems):
        return None
    if file_level_ok and all(p.code.startswith(FILE_LEVEL) for p in problems):
        return None
    return f"no problem names the damaged field {field_path!r}: {[p.line('en') for p in problems]}"


def classify(
    tally: Tally,
    cls: str,
    attempt: Callable[[], Any],
    *,
    field_path: str | None = None,
    file_level_ok: bool = True,
    expect_equal: Scenario | None = None,
    shown: str = "",
) -> str:
    """Run ``attempt`` and file its outcome under ``cls``."""
    from simulator.files import dumps, loads
    from simulator.share import ShareError

    try:
        result = attempt()
    except ScenarioError as exc:
        why = message_problem(exc.problems, field_path, file_level_ok)
        return tally.add(cls, "crashed" if why else "rejected", f"{why} <- {shown[:200]!r}")
    except ShareError as exc:
        texts = {lang: exc.message(lang) for lang in ("ja", "en")}
        why = None if all(texts.values()) and _JAPANESE.search(texts["ja"]) else f"bad share message {texts}"
        if why is None and exc.problems is not None:
            why = message_problem(exc.problems.problems, field_path, file_level_ok)
        return tally.add(cls, "crashed" if why else "rejected", f"{why} <- {shown[:200]!r}")
    except BaseException as exc:  # noqa: BLE001 - the point of the test: anything else is a crash
        if isinstance(exc, KeyboardInterrupt):
            raise
        return tally.add(cls, "crashed", f"{type(exc).__name__}: {str(exc)[:200]} <- {shown[:200]!r}")
    if not isinstance(result, Scenario):
        return tally.add(cls, "crashed", f"returned {type(result).__name__} <- {shown[:200]!r}")
    if expect_equal is not None and result != expect_equal:
        return tally.add(cls, "crashed", f"altered input gave a different scenario <- {shown[:200]!r}")
    if loads(dumps(result, "json"), "json") != result:
        return tally.add(cls, "crashed", f"accepted scenario does not round-trip <- {shown[:200]!r}")
    return tally.add(cls, "accepted")
