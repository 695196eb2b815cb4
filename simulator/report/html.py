"""The HTML report: one self-contained file that works offline.

The charts are drawn in the reader's browser by plotly.js's basic bundle (scatter and bar, all these
charts need), shipped gzip-compressed in ``report/assets/`` and inlined once as base64; a few lines of
script unpack it with the browser's own ``DecompressionStream`` and draw each figure from its JSON. The
full bundle inlined made a 4.9 MB file; this one stays well under 1.5 MB and still works offline. Every
piece of user or data text goes through :func:`html.escape`, so a title such as ``<script>`` is shown,
not run.
"""

from __future__ import annotations

import base64
import html
from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path

import plotly.graph_objects as go

from simulator import charts
from simulator.engine.result import Result
from simulator.format import MoneyUnit
from simulator.i18n import Lang, t
from simulator.report.data import ReportData
from simulator.report.documents import DEFAULT_UNIT, Document, cell_text

CSS = """
body{font-family:'IPAexGothic','Noto Sans CJK JP','Hiragino Sans','Yu Gothic',Meiryo,sans-serif;margin:0;
 color:#222;background:#f6f7f9;line-height:1.6}
main{max-width:1100px;margin:0 auto;padding:24px 28px;background:#fff}
h1{font-size:1.6em;margin:.2em 0;overflow-wrap:anywhere}
h2{color:#1f5fa8;border-bottom:2px solid #1f5fa8;padding-bottom:4px;margin-top:2em}
h3{margin-top:1.4em}
p,li{overflow-wrap:anywhere;white-space:pre-wrap}
table{border-collapse:collapse;margin:8px 0 16px;font-size:.9em;max-width:100%}
th,td{border:1px solid #ccd;padding:3px 7px;vertical-align:top;overflow-wrap:anywhere;min-width:4.5em}
th{background:#e2eaf4;text-align:left}
td.num{text-align:right;white-space:nowrap}
.scroll{overflow-x:auto}
.verdict{display:inline-block;color:#fff;font-size:1.4em;padding:6px 22px;border-radius:6px}
.go{background:#2a9d57}.conditional{background:#e07b00}.no_go{background:#c0392b}.no_path{background:#787878}
.sub{color:#666}
.chart{margin:12px 0}
tr.total td{font-weight:bold;background:#f2f5fa}
"""


def esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def table(header: Sequence[str] | None, rows: Sequence[Sequence[str]], numeric_from: int | None = None,
          bold: Sequence[bool] | None = None) -> str:
    parts = ["<div class='scroll'><table>"]
    if header is not None:
        parts.append("<tr>" + "".join(f"<th>{esc(h)}</th>" for h in header) + "</tr>")
    for k, row in enumerate(rows):
        cells = []
        for j, cell in enumerate(row):
            cls = " class='num'" if numeric_from is not None and j >= numeric_from else ""
            cells.append(f"<td{cls}>{esc(cell)}</td>")
        style = " class='total'" if bold is not None and bold[k] else ""
        parts.append(f"<tr{style}>" + "".join(cells) + "</tr>")
    parts.append("</table></div>")
    return "".join(parts)


PLOTLY_BUNDLE = Path(__file__).with_name("assets") / "plotly-basic.min.js.gz"  # plotly.js-basic-dist-min 4.1.1
PLOT_CLASS = "plot"
LOADER_JS = """(async () => {
  const plots = document.querySelectorAll('div.plot[data-fig]');
  try {
    const packed = document.getElementById('plotly-gz').textContent.trim();
    const bytes = Uint8Array.from(atob(packed), c => c.charCodeAt(0));
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
    const code = document.createElement('script');
    code.textContent = await new Response(stream).text();
    document.head.appendChild(code);
    for (const div of plots) {
      const fig = JSON.parse(document.getElementById(div.dataset.fig).textContent);
      Plotly.newPlot(div, fig.data, fig.layout, {displaylogo: false, responsive: true});
    }
  } catch (error) {
    for (const div of plots) { div.textContent = div.dataset.fail; }
  }
})();"""


@cache
def _bundle_base64() -> str:
    return base64.b64encode(PLOTLY_BUNDLE.read_bytes()).decode("ascii")


def figures_html(figures: Sequence[go.Figure], lang: Lang = "ja", first: int = 0) -> list[str]:
    """Each figure as an empty div and its JSON (numbers base64-packed by plotly); the page's loader draws
    them. ``first`` numbers the divs (unique in one page)."""
    out = []
    for i, fig in enumerate(figures, first):
        spec = fig.to_json().replace("</", "<\\/")  # a "</script>" in a label cannot end the JSON block
        out.append(f"<div class='chart'><div class='{PLOT_CLASS}' id='plot-{i}' data-fig='fig-{i}' "
                   f"data-fail='{esc(t('report.chart.no_script', lang))}' style='height:440px'></div>"
                   f"<script type='application/json' id='fig-{i}'>{spec}</script></div>")
    return out


def loader() -> str:
    """plotly.js (gzip, base64) and the script that unpacks it and draws every figure of the page."""
    return (f"<script id='plotly-gz' type='application/octet-stream'>{_bundle_base64()}</script>"
            f"<script>{LOADER_JS}</script>")


def page(title: str, lang: Lang, body: Sequence[str]) -> bytes:
    doc = (
        f"<!DOCTYPE html>\n<html lang='{lang}'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{esc(title)}</title><style>{CSS}</style></head><body><main>"
        + "".join(body)
        + "</main>"
        + (loader() if any(f"class='{PLOT_CLASS}'" in part for part in body) else "")
        + "</body></html>"
    )
    return doc.encode("utf-8")


def charts_unit(unit: str) -> str:
    """The charts' money unit: the report's (the tables' and the PDF charts' unit, stated on the cover)."""
    return unit if unit in charts.UNITS else "million"


def document_html(doc: Document, data: ReportData) -> list[str]:
    """A pack document: its heading, text, tables (numbers right-aligned, totals in bold) and notes."""
    out = [f"<h2>{esc(doc.heading)}</h2>"]
    if doc.key == "overview":
        out.append(f"<p><span class='verdict {data.decision.verdict}'>{esc(t('report.verdict.title', data.lang))}: "
                   f"{esc(data.decision.label(data.lang))}</span></p>")
        out.append("<ul>" + "".join(f"<li>{esc(line)}</li>" for line in data.decision_lines()) + "</ul>")
    out += [f"<p>{esc(text)}</p>" for text in doc.intro]
    for item in doc.tables:
        if item.title:
            out.append(f"<p class='sub'>{esc(item.title)}</p>")
        rows = [[line.label] + [cell_text(line, j, data.money) for j in range(len(item.columns))]
                for line in item.lines]
        out.append(table([item.head, *item.columns], rows, 1,
                         bold=[line.kind in ("total", "heading") for line in item.lines]))
    out += [f"<p class='sub'>{esc(text)}</p>" for text in doc.notes]
    return out


def render(data: ReportData) -> bytes:
    lang, s, r = data.lang, data.scenario, data.result
    body = [
        f"<p class='sub'>{esc(t('report.title', lang))}</p>",
        f"<h1>{esc(data.title)}</h1>",
        table(None, data.cover_rows()),
        f"<p class='sub'>{esc(t('report.cover.note', lang))}</p>",
    ]
    figures = charts.result_figures(r, lang, data.risk, s.assumptions.cash_floor_yen, charts_unit(data.unit))
    drawn = 0  # figures so far (their divs are numbered through the page)
    after = {"pnl": ["pnl", "stack"], "funding": ["cash"], "staffing": ["staffing"]}
    for doc in data.documents:
        body += document_html(doc, data)
        shown = [figures[k] for k in after.get(doc.key, []) if k in figures]
        body += figures_html(shown, lang, first=drawn)
        drawn += len(shown)
    body.append(f"<h2>{esc(data.section('risk'))}</h2>")
    body += [f"<p>{esc(line)}</p>" for line in data.probability_lines()]
    percentiles, note = data.percentile_table(), data.percentile_note()
    if percentiles is not None:
        body.append(table(percentiles[0], percentiles[1], 1))
        if note:
            body.append(f"<p class=\"note\">{esc(note)}</p>")
    stress = data.stress_table()
    if stress is not None:
        body.append(table(stress[0], stress[1], 1))
    title, header, rows, note = data.break_even_table()
    body += [f"<h3>{esc(title)}</h3>", table(header, rows), f"<p class=\"note\">{esc(note)}</p>"]
    ranges = data.uncertainty_table()
    if ranges is not None:
        body += [f"<h3>{esc(t('report.section.uncertainty', lang))}</h3>", table(ranges[0], ranges[1])]
    risky = [figures[k] for k in ("fan", "histogram", "tornado", "stress") if k in figures]
    body += figures_html(risky, lang, first=drawn)
    drawn += len(risky)
    body.append(f"<h2>{esc(data.section('checklist'))}</h2>")
    for title, items in data.checklist():
        body.append(f"<h3>{esc(title)}</h3>")
        body.append(table([t("report.head.item", lang), t("report.head.status", lang)], items) if items
                    else f"<p>{esc(t('report.checklist.empty', lang))}</p>")
    if data.milestone_rows():
        body += [f"<h3>{esc(t('report.checklist.milestones', lang))}</h3>",
                 table([t("report.head.month", lang), t("report.head.name", lang), t("report.head.status", lang)],
                       data.milestone_rows())]
    body.append(f"<h3>{esc(t('report.pdca.title', lang))}</h3>")
    if data.has_actuals:
        body += [f"<p>{esc(line)}</p>" for line in data.pdca_lines()]
        body += figures_html([charts.plan_actual_chart(*data.pdca_frames, lang=lang)], lang, first=drawn)
        drawn += 1
        body += [f"<p>{esc(t('report.pdca.variance', lang))}</p>",
                 table(data.pdca_header(), data.pdca_variance_rows(), 2)]
    else:
        body.append(f"<p>{esc(t('report.pdca.none', lang))}</p>")
    if data.review_rows():
        body += [f"<h3>{esc(t('report.checklist.reviews', lang))}</h3>",
                 table([t("report.head.date", lang), t("report.head.findings", lang), t("report.head.actions", lang)],
                       data.review_rows())]
    body.append(f"<h2>{esc(data.section('staff_explainer'))}</h2>")
    body += [f"<p>{esc(p)}</p>" for p in data.staff_paragraphs()]
    body.append(f"<h2>{esc(data.section('appendix'))}</h2>")
    body.append(table([t("report.head.item", lang), t("report.head.value", lang), t("report.head.source", lang),
                       t("report.head.confidence", lang)], data.assumption_rows()))
    if s.meta.notes:
        body += [f"<h3>{esc(t('report.section.notes', lang))}</h3>", f"<p>{esc(s.meta.notes)}</p>"]
    return page(data.title, lang, body)


def render_compare(names: Sequence[str], results: Mapping[str, Result], differ: Sequence[Sequence[str]],
                   metrics: Sequence[Sequence[str]], lang: Lang, unit: MoneyUnit = DEFAULT_UNIT) -> bytes:
    labelled = {f"{i}. {n}": r for i, (n, r) in enumerate(zip(names, results.values(), strict=True), 1)}
    body = [
        f"<h1>{esc(t('report.compare_title', lang))}</h1>",
        "<ol>" + "".join(f"<li>{esc(n)}</li>" for n in names) + "</ol>",
        f"<h2>{esc(t('report.section.metrics', lang))}</h2>",
        table([t("report.head.metric", lang)] + [str(i) for i in range(1, len(names) + 1)], metrics, 1),
        f"<h2>{esc(t('report.section.inputs_differ', lang))}</h2>",
        table([t("report.head.field", lang)] + [str(i) for i in range(1, len(names) + 1)], differ)
        if differ else f"<p>{esc(t('report.none', lang))}</p>",
    ]
    shown = charts_unit(unit)  # the metrics' unit, as the single report's charts follow its tables
    body += figures_html([charts.compare_cash_chart(labelled, lang, shown), charts.compare_pnl_chart(labelled, lang, shown)],
                         lang)
    return page(t("report.compare_title", lang), lang, body)
