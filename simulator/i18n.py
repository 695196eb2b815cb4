"""Messages in Japanese (first) and English.

Catalogues live in ``simulator/locales/*.toml`` (one file per area: errors, ui, report …; each key starts with
its file's name), each key a table ``{ja = "…", en = "…"}``. ``t(key, lang, **fields)`` formats one message.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import Literal

Lang = Literal["ja", "en"]
LANGS: tuple[Lang, ...] = ("ja", "en")
LOCALE_DIR = Path(__file__).resolve().parent / "locales"


@cache
def _areas() -> frozenset[str]:
    return frozenset(path.stem for path in LOCALE_DIR.glob("*.toml"))


@cache
def area(name: str) -> dict[str, dict[str, str]]:
    """The messages of ``locales/<name>.toml`` ({} for no such file). Every key starts with ``<name>.``, so
    :func:`t` reads only the file its key names (parsing all of them took ≈ 40 ms of a first call)."""
    if name not in _areas():
        return {}
    path = LOCALE_DIR / f"{name}.toml"
    messages: dict[str, dict[str, str]] = tomllib.loads(path.read_text(encoding="utf-8"))
    for key, texts in messages.items():
        if not key.startswith(f"{name}."):
            raise ValueError(f"{path.name}: message {key!r} must start with {name!r}.")
        if set(texts) != set(LANGS):
            raise ValueError(f"{path.name}: message {key!r} needs exactly ja and en")
    return messages


@cache
def catalogue() -> dict[str, dict[str, str]]:
    """All messages of all locale files (no key can be defined twice: each file has its own prefix)."""
    messages: dict[str, dict[str, str]] = {}
    for name in sorted(_areas()):
        messages.update(area(name))
    return messages


def t(key: str, lang: Lang = "ja", /, **fields: object) -> str:
    """The message ``key`` in ``lang``, formatted with ``fields``; an unknown key returns itself."""
    texts = area(key.partition(".")[0]).get(key)
    if texts is None:
        return key
    text = texts.get(lang, texts["ja"])
    return text.format(**fields) if fields else text
