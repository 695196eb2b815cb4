"""地域区分 (級地) of a municipality, for STEP 1's "region grade chosen from the municipality".

The cited tables live in ``municipalities.toml`` (one parameter per source and confidence). A name not
in the tables gives ``None``: the caller shows その他 (8) as the default and lets the user override it,
because the stored tables are not complete for 5〜7級地 (see the parameters' notes).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from simulator.reference._common import today
from simulator.reference.loader import ValueEntry, catalogue

PARAM_PREFIX = "region.municipality."
_SUFFIXES = ("市", "区", "町", "村")
_PREFECTURE = re.compile(r"^(東京都|北海道|(?:京都|大阪)府|.{2,3}県)")
_WARD_OF_CITY = re.compile(r"^(.+?市)(.+区)$")  # 政令指定都市の区: 横浜市中区 → 横浜市
_VARIANTS = str.maketrans({"ヶ": "ケ", "ヵ": "カ", "條": "条", "　": "", " ": ""})


def _key(text: str) -> str:
    """Comparison key: NFKC (full-width → half-width), no spaces, ヶ/ケ and 條/条 folded."""
    return unicodedata.normalize("NFKC", text).strip().translate(_VARIANTS)


def _entries(on: dt.date) -> list[tuple[str, ValueEntry]]:
    out = []
    for pid in sorted(p for p in catalogue() if p.startswith(PARAM_PREFIX)):
        try:
            out.append((pid, catalogue()[pid].entry(on)))
        except LookupError:
            continue
    return out


def _rows(on: dt.date) -> list[tuple[str, str, int, str]]:
    """(prefecture, municipality, grade, parameter id) for every listed municipality in force on ``on``."""
    return [
        (pref, name, int(grade), pid)
        for pid, e in _entries(on)
        for pref, table in e.value.items()
        for name, grade in table.items()
    ]


def municipalities(on: dt.date | None = None) -> list[tuple[str, str, int]]:
    """(都道府県, 市区町村, 級地) of every listed municipality, sorted by prefecture then name (for a select box)."""
    return sorted({(pref, name, grade) for pref, name, grade, _ in _rows(today(on))})


def _pref_key(prefecture: str) -> str:
    """"東京都"/"東京", "大阪府"/"大阪", "愛知県"/"愛知" compare equal; 北海道 stays."""
    key = _key(prefecture)
    return key[:-1] if len(key) > 2 and key.endswith(("都", "府", "県")) else key


def _find(municipality: str, prefecture: str | None, on: dt.date) -> tuple[str, str, int, str] | None:
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
    """級地 (1..7) of a listed municipality, e.g. "横浜市" → 2, "東京都千代田区" → 1; None if not listed.

    Accepts full-width/half-width text, a leading prefecture, a ward of a 政令指定都市 ("横浜市中区") and
    a name without its 市/区/町/村. ``None`` means "not in the cited tables": treat it as その他 (8) only
    as an overridable default.
    """
    hit = _find(municipality, prefecture, today(on))
    return None if hit is None else hit[2]


def region_grade_entry(
    municipality: str, prefecture: str | None = None, on: dt.date | None = None
) -> ValueEntry | None:
    """The grade with its source and confidence (value = 級地), or None if the municipality is not listed."""
    day = today(on)
    hit = _find(municipality, prefecture, day)
    if hit is None:
        return None
    pref, name, grade, pid = hit
    e = catalogue()[pid].entry(day)
    return e.model_copy(update={"value": grade, "note": f"{pref}{name}: {grade}級地. {e.note}".strip()})
