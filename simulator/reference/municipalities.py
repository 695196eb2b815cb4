"""地域区分 (級地) of every municipality, for STEP 1's 都道府県 → 市区町村 → 級地.

The 1,741 municipalities come from ``municipality_list.csv`` (総務省 全国地方公共団体コード; parameter
``region.municipality.list``); the grades from ``municipalities.toml``: the 告示's 1〜7級地 tables and the rule
that every other municipality is その他 (8). The 介護 告示 has one table for all services, so a grade never
depends on the service. A name that is not a municipality of the list gives ``None``.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import unicodedata
from functools import cache, lru_cache

from simulator.reference._common import today
from simulator.reference.loader import REFERENCE_DIR, ParameterNotInForce, ValueEntry, catalogue, lookup

PARAM_PREFIX = "region.municipality.grades"
OTHER_PARAM = "region.municipality.other"
LIST_PARAM = "region.municipality.list"
LIST_FILE = REFERENCE_DIR / "municipality_list.csv"
_SUFFIXES = ("市", "区", "町", "村")
_PREFECTURE = re.compile(r"^(東京都|北海道|(?:京都|大阪)府|.{2,3}県)")
_WARD_OF_CITY = re.compile(r"^(.+?市)(.+区)$")  # 政令指定都市の区: 横浜市中区 → 横浜市
_VARIANTS = str.maketrans({"ヶ": "ケ", "ヵ": "カ", "條": "条", "　": "", " ": ""})

Row = tuple[str, str, int, str]  # (prefecture, municipality, grade, parameter id)


def _key(text: str) -> str:
    """Comparison key: NFKC (full-width → half-width), no spaces, ヶ/ケ and 條/条 folded."""
    return unicodedata.normalize("NFKC", text).strip().translate(_VARIANTS)


@cache
def municipality_list() -> tuple[tuple[str, str, str], ...]:
    """(code, 都道府県, 市区町村) of all 1,741 municipalities, in code order (北海道 … 沖縄県)."""
    with LIST_FILE.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(line for line in handle if not line.startswith("#"))
        return tuple((r["code"], r["prefecture"], r["municipality"]) for r in reader)


def prefectures() -> list[str]:
    """The 47 都道府県 in code order."""
    return list(dict.fromkeys(pref for _, pref, _ in municipality_list()))


def _graded(on: dt.date) -> dict[tuple[str, str], tuple[str, int, str]] | None:
    """{(prefecture, key): (name, grade, parameter id)} of the 1〜7級地 tables in force; None if none is."""
    found: dict[tuple[str, str], tuple[str, int, str]] = {}
    in_force = False
    for pid in sorted(p for p in catalogue() if p.startswith(PARAM_PREFIX)):
        try:
            table = catalogue()[pid].entry(on).value
        except LookupError:
            continue
        in_force = True
        for pref, names in table.items():
            for name, grade in names.items():
                found[(pref, _key(name))] = (name, int(grade), pid)
    return found if in_force else None


@lru_cache(maxsize=16)
def _rows(on: dt.date) -> list[Row]:
    """Every municipality with its grade (list order), then aliases of the tables (東京都 特別区)."""
    graded = _graded(on)
    if graded is None:
        return []
    try:
        other = int(lookup(OTHER_PARAM, on).value)
    except ParameterNotInForce:
        other = None
    rows: list[Row] = []
    listed: set[tuple[str, str]] = set()
    for _, pref, name in municipality_list():
        listed.add((pref, _key(name)))
        hit = graded.get((pref, _key(name)))
        if hit is not None:
            rows.append((pref, name, hit[1], hit[2]))
        elif other is not None:
            rows.append((pref, name, other, OTHER_PARAM))
    rows += [(pref, name, grade, pid) for (pref, key), (name, grade, pid) in graded.items()
             if (pref, key) not in listed]
    return rows


def municipalities(on: dt.date | None = None) -> list[tuple[str, str, int]]:
    """(都道府県, 市区町村, 級地) of all 1,741 municipalities in code order (8 = その他); [] when no table is in force."""
    names = {(p, n) for _, p, n in municipality_list()}
    return [(pref, name, grade) for pref, name, grade, _ in _rows(today(on)) if (pref, name) in names]


def _pref_key(prefecture: str) -> str:
    """"東京都"/"東京", "大阪府"/"大阪", "愛知県"/"愛知" compare equal; 北海道 stays."""
    key = _key(prefecture)
    return key[:-1] if len(key) > 2 and key.endswith(("都", "府", "県")) else key


def _find(municipality: str, prefecture: str | None, on: dt.date) -> Row | None:
    name = _key(municipality)
    pref = _pref_key(prefecture) if prefecture else None
    if pref is None and (m := _PREFECTURE.match(name)) and len(name) > len(m.group(1)):
        pref, name = _pref_key(m.group(1)), name[len(m.group(1)):]  # "東京都千代田区" → 東京, 千代田区
    if not name:
        return None
    tries = [{name}]
    if (m := _WARD_OF_CITY.match(name)) is not None:
        tries.append({m.group(1)})
    if not name.endswith(_SUFFIXES):
        tries.append({name + s for s in _SUFFIXES})  # "府中" may be 府中市 or 府中町: one try, so ambiguous
    rows = [r for r in _rows(on) if pref is None or _pref_key(r[0]) == pref]
    for names in tries:
        hits = {(r[0], r[1]): r for r in rows if _key(r[1]) in names}
        if len(hits) == 1:
            return next(iter(hits.values()))
        if len(hits) > 1:
            return None  # the same name in two prefectures: the caller must give the prefecture
    return None


def region_grade_of(municipality: str, prefecture: str | None = None, on: dt.date | None = None) -> int | None:
    """級地 (1..7, 8 = その他) of a municipality, e.g. "横浜市" → 2, "東京都千代田区" → 1, "北海道夕張市" → 8.

    Accepts full-width/half-width text, a leading prefecture, a ward of a 政令指定都市 ("横浜市中区") and
    a name without its 市/区/町/村. ``None``: not a municipality of the list, a name two prefectures share
    (give the prefecture), or no table in force on ``on``.
    """
    hit = _find(municipality, prefecture, today(on))
    return None if hit is None else hit[2]


def region_grade_entry(
    municipality: str, prefecture: str | None = None, on: dt.date | None = None
) -> ValueEntry | None:
    """The grade with its source and confidence (value = 級地), or None if the municipality is not found."""
    day = today(on)
    hit = _find(municipality, prefecture, day)
    if hit is None:
        return None
    pref, name, grade, pid = hit
    e = catalogue()[pid].entry(day)
    label = "その他" if pid == OTHER_PARAM else f"{grade}級地"
    return e.model_copy(update={"value": grade, "note": f"{pref}{name}: {label}. {e.note}".strip()})
