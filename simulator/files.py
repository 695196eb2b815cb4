"""Scenario files: TOML for people, JSON for machines. ``load(save(s)) == s`` for both.

Reading never executes anything: bytes → UTF-8 text → ``tomllib`` / ``json`` → schema migration →
pydantic validation. Every failure raises :class:`~simulator.errors.ScenarioError` listing each
problem with its field path, in Japanese and English.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import os
import re
import tempfile
import tomllib
from pathlib import Path
from typing import Any, Literal

import tomli_w
from pydantic import ValidationError

from simulator.errors import ScenarioError, error, from_validation_error
from simulator.migrations import explain, migrate
from simulator.scenario import Scenario

Format = Literal["toml", "json"]
MAX_BYTES = 2 * 1024 * 1024  # a scenario is a few kB; anything this large is not one
SUFFIXES: dict[str, Format] = {".toml": "toml", ".json": "json"}
TOML_HEADER = "# 介護事業者の大規模化 シナリオ / scale-up scenario (python -m simulator validate FILE)\n"


def format_for(path: str | Path) -> Format:
    """The format given by the file name's suffix; ScenarioError for any other suffix."""
    suffix = Path(path).suffix.lower()
    if suffix not in SUFFIXES:
        raise error("file.wrong_type", str(path), "", suffix=suffix or "(なし / none)")
    return SUFFIXES[suffix]


# ---- reading ------------------------------------------------------------------------------------


def decode(raw: bytes, source: str = "") -> str:
    """Checked UTF-8 text of a file's bytes (size, emptiness, binary data, encoding)."""
    if len(raw) > MAX_BYTES:
        raise error("file.too_large", source, "", size=len(raw), limit=MAX_BYTES)
    if not raw.strip():
        raise error("file.empty", source, "")
    if b"\x00" in raw:
        raise error("file.binary", source, "")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise error("file.not_utf8", source, "", position=exc.start) from None


def parse(text: str, fmt: Format, source: str = "") -> dict[str, Any]:
    """The plain data in ``text`` (no validation yet); syntax errors name the line and column."""
    if fmt == "toml":
        try:
            return tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            line, column, detail = _toml_position(str(exc), text)
            raise error("file.toml_syntax", source, "", line=line, column=column, detail=detail) from None
        except RecursionError:  # e.g. 10,000 nested arrays: the parser's recursion, not a traceback
            raise error("file.too_deep", source, "") from None
        except ValueError:  # an integer of more than 4,300 digits (int() limit)
            raise error("file.bad_number", source, "") from None
    if fmt == "json":
        try:
            data = json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constant)
        except json.JSONDecodeError as exc:
            raise error("file.json_syntax", source, "", line=exc.lineno, column=exc.colno, detail=exc.msg) from None
        except _JsonProblem as exc:
            raise error(exc.code, source, "", **exc.fields) from None
        except RecursionError:
            raise error("file.too_deep", source, "") from None
        except ValueError:  # an integer of more than 4,300 digits (int() limit)
            raise error("file.bad_number", source, "") from None
        if not isinstance(data, dict):
            raise error("file.not_a_table", source, "")
        return data
    raise error("file.unknown_format", source, "", fmt=fmt)


def validate(data: dict[str, Any], source: str = "") -> Scenario:
    """Migrate ``data`` to the current schema and validate it."""
    migrated = migrate(data, source)
    try:
        return Scenario.model_validate(migrated.data)
    except ValidationError as exc:
        raise explain(from_validation_error(exc, source)) from None


def loads(text: str, fmt: Format = "toml", source: str = "") -> Scenario:
    """A scenario from TOML or JSON text."""
    if not text.strip():
        raise error("file.empty", source, "")
    if len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise error("file.too_large", source, "", size=len(text.encode("utf-8", "surrogatepass")), limit=MAX_BYTES)
    return validate(parse(text, fmt, source), source)


def load_bytes(raw: bytes, fmt: Format, source: str = "") -> Scenario:
    """A scenario from uploaded bytes (the app's file uploader)."""
    return loads(decode(raw, source), fmt, source)


def load_scenario(path: str | Path) -> Scenario:
    """Read and validate a ``.toml`` or ``.json`` scenario file."""
    path = Path(path)
    source = str(path)
    if path.is_dir():
        raise error("file.is_directory", source, "")
    fmt = format_for(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise error("file.too_large", source, "", size=size, limit=MAX_BYTES)
        with path.open("rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise error("file.not_found", source, "") from None
    except OSError as exc:
        raise error("file.unreadable", source, "", reason=exc.strerror or type(exc).__name__) from None
    return load_bytes(raw, fmt, source)


# ---- writing ------------------------------------------------------------------------------------


def to_data(scenario: Scenario) -> dict[str, Any]:
    """The scenario as plain data in schema order, without empty (None) values."""
    return scenario.model_dump(mode="json", exclude_none=True)


def dumps(scenario: Scenario, fmt: Format = "toml") -> str:
    """The scenario as TOML (readable, dates as TOML dates) or JSON (indented, UTF-8 kept)."""
    if fmt == "json":
        return json.dumps(to_data(scenario), ensure_ascii=False, indent=2) + "\n"
    if fmt == "toml":
        data = _toml_ready(scenario.model_dump(mode="python", exclude_none=True))
        return TOML_HEADER + tomli_w.dumps(data)
    raise error("file.unknown_format", "", "", fmt=fmt)


def save_scenario(scenario: Scenario, path: str | Path) -> Path:
    """Write ``scenario`` to ``path`` (format from the suffix) atomically; returns the path."""
    path = Path(path)
    text = dumps(scenario, format_for(path))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", dir=path.parent, prefix=f".{path.name}.", delete=False
        ) as handle:
            handle.write(text)
            tmp = Path(handle.name)
        os.replace(tmp, path)
    except OSError as exc:
        raise error("file.write_failed", str(path), "", reason=exc.strerror or type(exc).__name__) from None
    return path


# ---- helpers ------------------------------------------------------------------------------------


def _toml_ready(value: Any) -> Any:
    """Python dump → what tomli-w writes: enums as values, tuples as lists, dates kept native."""
    if isinstance(value, dict):
        return {str(k): _toml_ready(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_toml_ready(v) for v in value]
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.date | dt.datetime | str | int | float | bool):
        return value
    raise TypeError(f"cannot write {type(value).__name__} to TOML")


_TOML_POS = re.compile(r"^(?P<detail>.*?)\s*\(at line (?P<line>\d+), column (?P<column>\d+)\)\s*$")


def _toml_position(message: str, text: str) -> tuple[int, int, str]:
    """(line, column, detail) of a tomllib message; "end of document" points after the last character."""
    match = _TOML_POS.match(message)
    if match is not None:
        return int(match["line"]), int(match["column"]), match["detail"]
    lines = text.split("\n")
    detail = message.replace("(at end of document)", "").strip() or message
    return len(lines), len(lines[-1]) + 1, detail


class _JsonProblem(Exception):
    def __init__(self, code: str, **fields: object) -> None:
        super().__init__(code)
        self.code, self.fields = code, fields


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _JsonProblem("file.json_duplicate_key", key=key)
        out[key] = value
    return out


def _no_constant(name: str) -> Any:
    raise _JsonProblem("file.json_constant", constant=name)


__all__ = [
    "Format",
    "MAX_BYTES",
    "ScenarioError",
    "dumps",
    "format_for",
    "load_bytes",
    "load_scenario",
    "loads",
    "save_scenario",
    "to_data",
]
