"""The pack's 協働化 document (only for a scenario with a collaboration path): each member's view — what
it pays, what it gains, the net and what its staff gain — in plan year 3 (after the phase-in) and over
the horizon, from :func:`simulator.collaboration_view.member_view` (the ledgers the engine books)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from simulator.collaboration_view import collaboration_paths, member_view
from simulator.i18n import Lang, t
from simulator.report.documents import Document, Line, Table, total
from simulator.report.labels import fmt_pct
from simulator.scenario import Collaboration

if TYPE_CHECKING:
    from simulator.report.data import ReportData

COLUMNS = ("pays_yen", "saves_yen", "net_yen", "staff_gain_yen")
SHOWN_YEAR = 3  # the first year a 12-month phase-in has run in full


def _table(rows: pd.DataFrame, head: str, title: str, lang: Lang) -> Table:
    lines = [Line(f"{row['name']}（{fmt_pct(row['share'], lang)}）" if lang == "ja" else
                  f"{row['name']} ({fmt_pct(row['share'], lang)})",
                  tuple(float(row[c]) for c in COLUMNS)) for _, row in rows.iterrows()]
    lines.append(total(lines, [(i, 1) for i in range(len(lines))], t("pack.collab.total", lang)))
    return Table(head=head, columns=tuple(t(f"pack.collab.col.{c}", lang) for c in COLUMNS), lines=tuple(lines),
                 title=title)


def collaboration_document(data: ReportData, number: int) -> Document:
    lang, s = data.lang, data.scenario
    index = collaboration_paths(s)[0]
    view = member_view(s, index)
    years = sorted({year for _, year in view.index})
    year = min(SHOWN_YEAR, years[-1])
    head = t("pack.collab.head", lang)
    one = _table(view[view.index.get_level_values("year") == year], head, t("pack.collab.year", lang, year=year, unit=data.money.label),
                 lang)
    sums = view.groupby(level="member")[list(COLUMNS)].sum()
    first = view.xs(1, level="year")[["name", "share"]]
    whole = _table(first.join(sums), head, t("pack.collab.horizon", lang, unit=data.money.label), lang)
    path = s.paths[index]
    assert isinstance(path, Collaboration)  # collaboration_paths lists only those
    notes = (t(f"pack.collab.sharing.{path.sharing}", lang), t("pack.collab.wages_note", lang),
             t("pack.collab.separate_note", lang))
    return Document("collaboration", t("pack.doc.collaboration", lang, n=number), t("pack.sheet.collaboration", lang),
                    intro=(t("pack.collab.intro", lang, label=path.label or t("pack.collab.default_label", lang)),),
                    tables=(one, whole), notes=notes)
