"""Problems in a scenario, in words a person can act on (Japanese first, English too).

A :class:`ScenarioError` carries every :class:`Problem` found: the dotted field path
(``organisation.services[0].capacity``), a stable code, and the message in ja and en. Pydantic
errors, TOML/JSON syntax errors and file problems all end up here; the texts live in
``simulator/locales/errors.toml``.
"""

from __future__ import annotations

import datetime as dt
import difflib
import typing
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError

from simulator.i18n import LANGS, Lang, catalogue, t

PATH_TAGS = frozenset({"capacity_increase", "new_service", "merger", "business_transfer", "collaboration"})
MAX_INPUT_CHARS = 60
_UNSHOWN = frozenset({"Cc", "Cs", "Cf"})  # control, surrogate, format (e.g. U+202E right-to-left)


@dataclass(frozen=True)
class Problem:
    """One problem: where (dotted path, "" = the whole file), what (code), and the message per language."""

    path: str
    code: str
    ja: str
    en: str

    def __post_init__(self) -> None:
        # field names and input values come from the file: no lone surrogates (they cannot be printed
        # or sent to the browser) and no control characters (terminal escapes) in what users see
        for name in ("path", "ja", "en"):
            object.__setattr__(self, name, printable(getattr(self, name)))

    def message(self, lang: Lang = "ja") -> str:
        return self.ja if lang == "ja" else self.en

    def line(self, lang: Lang = "ja") -> str:
        """``path（label）: message`` — the form shown to users."""
        if not self.path:
            return t("errors.line_nolabel", lang, path=t("errors.root", lang), message=self.message(lang))
        label = field_label(self.path, lang)
        if label is None:
            return t("errors.line_nolabel", lang, path=self.path, message=self.message(lang))
        return t("errors.line", lang, path=self.path, label=label, message=self.message(lang))


class ScenarioError(ValueError):
    """A scenario (file, text or link) that cannot be used, with every problem found."""

    def __init__(self, problems: Sequence[Problem], source: str = "") -> None:
        self.problems = list(problems)
        self.source = source
        super().__init__(self.text("ja"))

    def lines(self, lang: Lang = "ja") -> list[str]:
        return [p.line(lang) for p in self.problems]

    def text(self, lang: Lang = "ja") -> str:
        head = t("errors.summary", lang, source=printable(self.source or "-"), count=len(self.problems))
        return "\n".join([head, *("  - " + line for line in self.lines(lang))])


def printable(text: str) -> str:
    """``text`` with lone surrogates, control and bidi-format characters written as escapes (``\\ud800``)."""
    if text.isascii() and text.isprintable():
        return text
    return "".join(c.encode("unicode_escape").decode("ascii") if unicodedata.category(c) in _UNSHOWN else c
                   for c in text)


def problem(code: str, path: str = "", /, **fields: object) -> Problem:
    """A problem whose message is the catalogue entry ``errors.<code>`` in both languages."""
    return Problem(path, code, t(f"errors.{code}", "ja", **fields), t(f"errors.{code}", "en", **fields))


def error(code: str, source: str = "", path: str = "", /, **fields: object) -> ScenarioError:
    """A :class:`ScenarioError` with the single problem ``errors.<code>``."""
    return ScenarioError([problem(code, path, **fields)], source)


def dotted(loc: Iterable[str | int]) -> str:
    """``('paths', 0, 'merger', 'partner')`` → ``paths[0].partner`` (union tags dropped)."""
    out = ""
    parts = list(loc)
    for i, part in enumerate(parts):
        if isinstance(part, int):
            out += f"[{part}]"
        elif part in PATH_TAGS and i > 0 and isinstance(parts[i - 1], int):
            continue  # discriminated-union tag, not a field
        elif part == "[key]":
            continue
        else:
            out += ("." if out else "") + str(part)
    return out


def field_label(path: str, lang: Lang = "ja") -> str | None:
    """The human label of the last named part of ``path``, if the catalogue has one."""
    name = path.rsplit(".", 1)[-1].split("[", 1)[0]
    key = f"errors.label.{name}"
    return t(key, lang) if key in catalogue() else None


def _is_date(value: Any) -> bool:
    """A date bound (pydantic gives it as an ISO string in ``ctx``)."""
    if isinstance(value, dt.date):
        return True
    try:
        dt.date.fromisoformat(str(value))
    except ValueError:
        return False
    return True


def _show(value: Any) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    text = repr(value) if not isinstance(value, str) else value
    return text if len(text) <= MAX_INPUT_CHARS else text[: MAX_INPUT_CHARS - 1] + "…"


def _all_field_names(model: type[BaseModel], seen: set[type] | None = None) -> set[str]:
    """Every field name anywhere in ``model`` (for "did you mean" hints)."""
    seen = seen if seen is not None else set()
    if model in seen:
        return set()
    seen.add(model)
    names: set[str] = set()
    for name, info in model.model_fields.items():
        names.add(name)
        for sub in _models_in(info.annotation):
            names |= _all_field_names(sub, seen)
    return names


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found: list[type[BaseModel]] = []
    for arg in typing.get_args(annotation):
        found += _models_in(arg)
    return found


def problem_of(err: dict[str, Any], known_fields: set[str] | frozenset[str] = frozenset()) -> Problem:
    """One pydantic error as a localised problem at the field it names (``known_fields``: for did-you-mean)."""
    kind = str(err["type"])
    ctx = {k: (str(v) if isinstance(v, Exception) else v) for k, v in (err.get("ctx") or {}).items()}
    path = str(ctx.pop("path", "")) or dotted(err["loc"])
    if kind in ("greater_than_equal", "less_than_equal") and _is_date(next(iter(ctx.values()), None)):
        kind += "_date"  # a date bound reads "on or after", not "a number of at least"
    if f"errors.type.{kind}" not in catalogue():
        ctx, kind = {"detail": err.get("msg", kind)}, "unknown"
    texts = {}
    for lang in LANGS:
        try:
            text = t(f"errors.type.{kind}", lang, **ctx)
        except (KeyError, IndexError, ValueError):
            text = t("errors.type.unknown", lang, detail=err.get("msg", kind))
        if kind == "extra_forbidden":
            name = path.rsplit(".", 1)[-1].split("[", 1)[0]
            close = difflib.get_close_matches(name, sorted(known_fields), n=1, cutoff=0.75)
            if close:
                text += ("" if lang == "ja" else " ") + t("errors.did_you_mean", lang, suggestion=close[0])
        if kind not in {"missing", "extra_forbidden", "union_tag_not_found"} and "input" in err:
            if not isinstance(err["input"], dict | list):
                text += t("errors.input_suffix", lang, input=_show(err["input"]))
        texts[lang] = text
    return Problem(path, kind, texts["ja"], texts["en"])


def from_validation_error(exc: ValidationError, source: str = "") -> ScenarioError:
    """Every pydantic error as a localised, field-named problem."""
    from simulator.scenario import Scenario

    known = _all_field_names(Scenario)
    return ScenarioError([problem_of(dict(e), known) for e in exc.errors()], source)
