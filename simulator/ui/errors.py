"""Validation errors as messages in the user's language, naming the field (no streamlit here)."""

from __future__ import annotations

from pydantic import ValidationError

from simulator.errors import problem_of
from simulator.field_text import dotted
from simulator.i18n import Lang, catalogue, t


def field_label(loc: tuple, lang: Lang) -> str:
    """The nicest label for a field path: ui.field.<name>, else errors.label.<name>, else the dotted path."""
    names = [str(p) for p in loc if not isinstance(p, int)]
    dotted = ".".join(str(p) for p in loc)
    for name in reversed(names):
        # the page's label, else the schema field's human label (errors.label.*: every field has one)
        key = next((k for k in (f"ui.field.{name}", f"errors.label.{name}") if k in catalogue()), None)
        if key is not None:
            label = t(key, lang)
            numbers = [str(p + 1) for p in loc if isinstance(p, int)]
            return f"{label}（{'・'.join(numbers)}）" if numbers and lang == "ja" else (
                f"{label} ({', '.join(numbers)})" if numbers else label)
    return dotted or t("ui.field.scenario", lang)


def describe(exc: ValidationError, lang: Lang = "ja", scale: float = 1.0, prefix: tuple = ()) -> list[str]:
    """One message per problem. ``scale`` converts limits into the widget's unit (100 for percent)."""
    out = []
    for err in exc.errors():
        loc = tuple(prefix) + tuple(err.get("loc", ()))
        label = field_label(loc, lang)
        ctx = dict(err.get("ctx") or {})
        kind = err.get("type", "")
        limits = {k: ctx[k] for k in ("ge", "gt", "le", "lt", "max_length") if k in ctx}
        if limits:
            bound_name, bound = next(iter(limits.items()))
            shown = bound * scale if isinstance(bound, int | float) and bound_name != "max_length" else bound
            shown_text = f"{shown:,g}" if isinstance(shown, int | float) else str(shown)
            out.append(t(f"ui.err.{bound_name}", lang, field=label, limit=shown_text))
        elif kind in ("int_parsing", "float_parsing", "int_from_float", "finite_number"):
            out.append(t("ui.err.number", lang, field=label))
        elif "care_mix" in kind or "care_mix" in str(err.get("msg", "")):
            out.append(t("ui.err.care_mix", lang, field=label))
        elif "service_index" in kind or "service_index" in str(err.get("msg", "")):
            out.append(t("ui.err.service_index", lang, field=label))
        elif "path" in ctx and f"errors.type.{kind}" in catalogue():
            # a rule across fields (the scenario's validators, raised at the top): its own words in the user's
            # language (the file's message, simulator.errors), at the field it names (paths[0].rent_yen_per_month),
            # not "scenario: <English text>"
            found = problem_of(dict(err))
            where = tuple(int(p) if p.isdigit() else p for p in dotted(found.path).split("."))
            detail = found.ja if lang == "ja" else found.en
            out.append(t("ui.err.rule", lang, field=field_label(tuple(prefix) + where, lang), detail=detail))
        else:
            out.append(t("ui.err.other", lang, field=label, detail=err.get("msg", "")))
    return out
