"""Saved-scenario library: named scenarios with every version kept, in one SQLite file.

The file is ``library.sqlite3`` in the folder given by the environment variable ``KAIGO_SIM_DATA``
(default ``./data/``), created on first use; no server. WAL mode and a busy timeout let several
processes save at once; every write runs in one ``BEGIN IMMEDIATE`` transaction, so a version
number is never given twice and a failed write leaves nothing half done. Content is the
scenario's JSON text (never pickled) and goes through the normal loader (with schema
migrations) when opened. Deleting is soft: a deleted scenario can be undeleted.
"""

from __future__ import annotations

import builtins
import datetime as dt
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from simulator.compare import Change, field_differences
from simulator.files import dumps, loads, to_data
from simulator.i18n import Lang, t
from simulator.scenario import Scenario

ENV_VAR = "KAIGO_SIM_DATA"
DEFAULT_DIR = "data"
FILE_NAME = "library.sqlite3"
BUSY_TIMEOUT_MS = 30_000
MAX_NAME_CHARS = 200

SCHEMA = """
CREATE TABLE IF NOT EXISTS scenarios (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    deleted_at TEXT
);
CREATE TABLE IF NOT EXISTS versions (
    id INTEGER PRIMARY KEY,
    scenario_id INTEGER NOT NULL REFERENCES scenarios(id),
    version INTEGER NOT NULL,
    saved_at TEXT NOT NULL,
    author TEXT NOT NULL DEFAULT '',
    comment TEXT NOT NULL DEFAULT '',
    title TEXT NOT NULL DEFAULT '',
    content TEXT NOT NULL,
    UNIQUE (scenario_id, version)
);
"""


class StoreError(ValueError):
    """A library operation that cannot be done, with its message in ja and en."""

    def __init__(self, key: str, **fields: object) -> None:
        self.key, self.fields = key, fields
        super().__init__(self.message("ja"))

    def message(self, lang: Lang = "ja") -> str:
        return t(f"store.error.{self.key}", lang, **self.fields)


@dataclass(frozen=True)
class Version:
    """One saved version of a named scenario."""

    name: str
    version: int
    saved_at: str
    author: str
    comment: str
    title: str


@dataclass(frozen=True)
class Entry:
    """A named scenario in the library with its latest version."""

    name: str
    latest: int
    updated_at: str
    author: str
    title: str
    comment: str
    deleted: bool


def data_dir() -> Path:
    """The data folder from ``KAIGO_SIM_DATA`` (default ``./data/``)."""
    return Path(os.environ.get(ENV_VAR) or DEFAULT_DIR)


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")


def _clean_name(name: str) -> str:
    name = (name or "").strip()
    if not name:
        raise StoreError("empty_name")
    if len(name) > MAX_NAME_CHARS or any(ord(c) < 32 for c in name):
        raise StoreError("bad_name", limit=MAX_NAME_CHARS)
    return name


class Library:
    """The saved-scenario library in ``folder`` (default: :func:`data_dir`)."""

    def __init__(self, folder: str | Path | None = None) -> None:
        self.folder = Path(folder) if folder is not None else data_dir()
        self.path = self.folder / FILE_NAME
        self._ready = False

    # ---- connection ------------------------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        except (OSError, sqlite3.Error) as exc:
            raise StoreError("unavailable", path=str(self.path), reason=str(exc)) from None
        conn.row_factory = sqlite3.Row
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        if not self._ready:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.executescript(SCHEMA)
            self._ready = True
        return conn

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        conn = self._connect()
        try:
            yield conn
        finally:
            conn.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One atomic transaction: all of it is saved, or none of it."""
        conn = self._connect()
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
        finally:
            conn.close()

    @staticmethod
    def _row(conn: sqlite3.Connection, name: str, deleted_ok: bool = False) -> sqlite3.Row:
        row = conn.execute("SELECT * FROM scenarios WHERE name = ?", (name,)).fetchone()
        if row is None:
            raise StoreError("not_found", name=name)
        if row["deleted_at"] is not None and not deleted_ok:
            raise StoreError("deleted", name=name)
        return row

    @staticmethod
    def _add_version(
        conn: sqlite3.Connection, scenario_id: int, name: str, content: str, title: str, author: str, comment: str
    ) -> Version:
        number = conn.execute(
            "SELECT COALESCE(MAX(version), 0) + 1 FROM versions WHERE scenario_id = ?", (scenario_id,)
        ).fetchone()[0]
        saved_at = _now()
        conn.execute(
            "INSERT INTO versions (scenario_id, version, saved_at, author, comment, title, content)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (scenario_id, number, saved_at, author, comment, title, content),
        )
        return Version(name, number, saved_at, author, comment, title)

    # ---- operations ------------------------------------------------------------------------

    def save(self, name: str, scenario: Scenario, author: str = "", comment: str = "") -> Version:
        """Save ``scenario`` as the next version of ``name`` (a new name starts at version 1)."""
        name = _clean_name(name)
        content = dumps(scenario, "json")
        with self._write() as conn:
            row = conn.execute("SELECT * FROM scenarios WHERE name = ?", (name,)).fetchone()
            if row is None:
                inserted = conn.execute("INSERT INTO scenarios (name, created_at) VALUES (?, ?)", (name, _now()))
                scenario_id = cast(int, inserted.lastrowid)  # set by sqlite after every INSERT
            elif row["deleted_at"] is not None:
                raise StoreError("deleted", name=name)
            else:
                scenario_id = row["id"]
            return self._add_version(conn, scenario_id, name, content, scenario.meta.title, author, comment)

    def list(self, include_deleted: bool = False) -> builtins.list[Entry]:
        """Every named scenario with its latest version, most recently saved first."""
        return self._entries("", (), include_deleted)

    def search(self, text: str, include_deleted: bool = False) -> builtins.list[Entry]:
        """Scenarios whose name, title, author, comment or content contains ``text`` (any version)."""
        like = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        where = (
            " AND s.id IN (SELECT scenario_id FROM versions WHERE title LIKE ? ESCAPE '\\'"
            " OR author LIKE ? ESCAPE '\\' OR comment LIKE ? ESCAPE '\\' OR content LIKE ? ESCAPE '\\')"
            " OR s.name LIKE ? ESCAPE '\\'"
        )
        return self._entries(where, (like,) * 5, include_deleted)

    def _entries(self, where: str, params: tuple[str, ...], include_deleted: bool) -> builtins.list[Entry]:
        query = (
            "SELECT s.name, s.deleted_at, v.version, v.saved_at, v.author, v.title, v.comment"
            " FROM scenarios s JOIN versions v ON v.scenario_id = s.id"
            " AND v.version = (SELECT MAX(version) FROM versions WHERE scenario_id = s.id)"
            f" WHERE (1 = 1 {where})"
        )
        if not include_deleted:
            query += " AND s.deleted_at IS NULL"
        with self._read() as conn:
            rows = conn.execute(query + " ORDER BY v.saved_at DESC, s.name", params).fetchall()
        return [
            Entry(r["name"], r["version"], r["saved_at"], r["author"], r["title"], r["comment"], r["deleted_at"] is not None)
            for r in rows
        ]

    def versions(self, name: str) -> builtins.list[Version]:
        """Every version of ``name``, oldest first."""
        with self._read() as conn:
            row = self._row(conn, name, deleted_ok=True)
            rows = conn.execute(
                "SELECT version, saved_at, author, comment, title FROM versions WHERE scenario_id = ? ORDER BY version",
                (row["id"],),
            ).fetchall()
        return [Version(name, r["version"], r["saved_at"], r["author"], r["comment"], r["title"]) for r in rows]

    def _content(self, name: str, version: int | None) -> tuple[int, str]:
        with self._read() as conn:
            row = self._row(conn, name)
            if version is None:
                found = conn.execute(
                    "SELECT version, content FROM versions WHERE scenario_id = ? ORDER BY version DESC LIMIT 1",
                    (row["id"],),
                ).fetchone()
            else:
                found = conn.execute(
                    "SELECT version, content FROM versions WHERE scenario_id = ? AND version = ?", (row["id"], version)
                ).fetchone()
        if found is None:
            raise StoreError("no_version", name=name, version=version)
        return found["version"], found["content"]

    def open(self, name: str, version: int | None = None) -> Scenario:
        """The scenario saved as ``name`` (latest version, or the given one)."""
        number, content = self._content(name, version)
        return loads(content, "json", f"{name} v{number}")

    def restore(self, name: str, version: int, author: str = "", comment: str = "") -> Version:
        """Save an old version again as the newest one (nothing is overwritten)."""
        number, content = self._content(name, version)
        scenario = loads(content, "json", f"{name} v{number}")
        comment = comment or t("store.restored_comment", "ja", version=number)
        return self.save(name, scenario, author, comment)

    def diff(self, name: str, old: int, new: int) -> builtins.list[Change]:
        """Field-by-field changes from version ``old`` to version ``new`` (dotted paths)."""
        a, b = self.open(name, old), self.open(name, new)
        return field_differences(to_data(a), to_data(b))

    def duplicate(self, name: str, new_name: str, author: str = "", comment: str = "") -> Version:
        """Copy the latest version of ``name`` to a new name (version 1 there)."""
        scenario = self.open(name)
        new_name = _clean_name(new_name)
        with self._read() as conn:
            if conn.execute("SELECT 1 FROM scenarios WHERE name = ?", (new_name,)).fetchone():
                raise StoreError("exists", name=new_name)
        comment = comment or t("store.duplicated_comment", "ja", name=name)
        return self.save(new_name, scenario, author, comment)

    def delete(self, name: str, confirm: str) -> None:
        """Soft-delete ``name``; ``confirm`` must repeat the name. :meth:`undelete` brings it back."""
        if confirm != name:
            raise StoreError("confirm", name=name)
        with self._write() as conn:
            self._row(conn, name)
            conn.execute("UPDATE scenarios SET deleted_at = ? WHERE name = ?", (_now(), name))

    def undelete(self, name: str) -> None:
        """Bring a deleted scenario back, with all its versions."""
        with self._write() as conn:
            row = self._row(conn, name, deleted_ok=True)
            if row["deleted_at"] is None:
                raise StoreError("not_deleted", name=name)
            conn.execute("UPDATE scenarios SET deleted_at = NULL WHERE name = ?", (name,))
