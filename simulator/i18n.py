"""Messages in Japanese (first) and English.

Catalogues live in ``simulator/locales/*.toml`` (one file per area: errors, ui, report …),
each key a table ``{ja = "…", en = "…"}``. ``t(key, lang, **fields)`` formats one message.
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
def catalogue() -> dict[str, dict[str, str]]:
    """All messages of all locale files; a key defined twice, or without both languages, is an error."""
    messages: dict[str, dict[str, str]] = {}
    for path in sorted(LOCALE_DIR.glob("*.toml")):
        for key, texts in tomllib.loads(path.read_text(encoding="utf-8")).items():
            if key in messages:
                raise ValueError(f"{path.name}: message {key!r} is defined twice")
            if set(texts) != set(LANGS):
                raise ValueError(f"{path.name}: message {key!r} needs exactly ja and en")
            messages[key] = texts
    return messages


def t(key: str, lang: Lang = "ja", /, **fields: object) -> str:
    """The message ``key`` in ``lang``, formatted with ``fields``; an unknown key returns itself."""
    texts = catalogue().get(key)
    if texts is None:
        return key
    text = texts.get(lang, texts["ja"])
    return text.format(**fields) if fields else text
