"""The run report: one self-contained HTML file showing what an output directory holds.

    newsbeam report DIR [--since YYYY-MM-DD] [--output FILE]

A batch run writes `DIR/_reports/<run_id>.html` after its commit, over the whole of DIR (like
the summary: all days in it). Charts are static SVG (pipeline/report_charts.py), the world
map is Natural Earth's admin-0 countries (pipeline/basemap.py); styles and the few lines that
sort tables are inline. The file loads nothing: no script, font, image or tile from anywhere.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from html import escape

from pipeline.basemap import world
from pipeline.report_charts import columns, focus_box, hbars, in_box, strips, world_map
from pipeline.report_data import report_data
from transforms.commit import write_atomically

REPORTS_DIR = "_reports"

STYLE = """
body{font:14px/1.45 system-ui,sans-serif;margin:0 auto;max-width:1000px;padding:0 16px 48px;
color:#222}
h1{font-size:22px;margin:20px 0 2px}h2{font-size:18px;margin:32px 0 6px;border-bottom:1px
solid #ddd;padding-bottom:3px}h3{font-size:15px;margin:18px 0 4px}
.meta{color:#666;margin:0 0 12px}.note{color:#555;margin:4px 0}.empty{color:#888;font-style:italic}
.cards{display:flex;flex-wrap:wrap;gap:8px}.card{border:1px solid #ddd;border-radius:6px;
padding:6px 12px;min-width:96px}.card b{display:block;font-size:20px}.card span{color:#666}
svg{max-width:100%;height:auto;display:block;margin:6px 0}
table{border-collapse:collapse;margin:6px 0;width:100%}th,td{border-bottom:1px solid #eee;
padding:3px 6px;text-align:left;vertical-align:top}td.num,th.num{text-align:right;
font-variant-numeric:tabular-nums}
table.sortable th{cursor:pointer;user-select:none;background:#f6f6f6}
table.sortable th[data-dir=asc]::after{content:" \\25B2"}
table.sortable th[data-dir=desc]::after{content:" \\25BC"}
ul.examples{margin:0;padding-left:16px;color:#444;font-size:12px}
code{font-size:12px;word-break:break-all}
"""

# Click a header to sort by it (again to reverse); numeric cells carry data-v.
SORT_SCRIPT = """
document.querySelectorAll("table.sortable th").forEach(function (th) {
  th.addEventListener("click", function () {
    var table = th.closest("table"), body = table.tBodies[0], i = th.cellIndex;
    var up = th.dataset.dir !== "asc";
    table.querySelectorAll("th").forEach(function (h) { delete h.dataset.dir; });
    th.dataset.dir = up ? "asc" : "desc";
    var key = function (row) {
      var c = row.cells[i];
      return c.dataset.v !== undefined ? parseFloat(c.dataset.v) : c.textContent.trim();
    };
    var rows = Array.prototype.slice.call(body.rows).sort(function (a, b) {
      var x = key(a), y = key(b);
      var d = typeof x === "number" && typeof y === "number" ? x - y
            : String(x).localeCompare(String(y));
      return up ? d : -d;
    });
    rows.forEach(function (r) { body.appendChild(r); });
  });
});
"""


class Html(str):
    """Markup already escaped: table cells and sections take it as is."""


def _cell(value: object) -> str:
    if isinstance(value, Html):
        return f"<td>{value}</td>"
    if isinstance(value, bool) or value is None:
        return f"<td>{'' if value is None else escape(str(value))}</td>"
    if isinstance(value, int | float):
        return f'<td class="num" data-v="{value}">{value:,}</td>'
    return f"<td>{escape(str(value))}</td>"


def table(headers: Sequence[str], rows: Iterable[Sequence[object]], numeric: Sequence[str] = (),
          label: str = "") -> Html:
    """A sortable table; `numeric` names the right-aligned columns."""
    head = "".join(f'<th class="{"num" if h in numeric else ""}">{escape(h)}</th>'
                   for h in headers)
    body = "".join("<tr>" + "".join(_cell(v) for v in row) + "</tr>" for row in rows)
    return Html(f'<table class="sortable" aria-label="{escape(label)}"><thead><tr>{head}'
                f'</tr></thead><tbody>{body}</tbody></table>')


def _link(title: str | None, url: str | None, source: str | None = None) -> Html:
    text = escape(title or "(no title)")
    where = url or source
    if url:
        text = f'<a href="{escape(url)}" rel="noreferrer">{text}</a>'
    if where:
        text += f'<br><code>{escape(where)}</code>'
    return Html(text)


def _chart(svg: str) -> Html:
    return Html(f'<figure class="chart">{svg}</figure>')


def _empty(text: str) -> Html:
    return Html(f'<p class="empty">{escape(text)}</p>')


def _note(text: str) -> Html:
    return Html(f'<p class="note">{escape(text)}</p>')


def _cards(pairs: Sequence[tuple[str, object]]) -> Html:
    cards = "".join(f'<div class="card"><b>{v:,}</b><span>{escape(k)}</span></div>'
                    for k, v in pairs)
    return Html(f'<div class="cards">{cards}</div>')


def _funnel(data: dict) -> list[Html]:
    steps = data["funnel"]
    notes = [f"−{s['rejected']:,} rejected" if s["rejected"] else "" for s in steps]
    parts = [_chart(hbars([(s["step"], s["count"]) for s in steps], "inputs through the stages",
                          notes=notes))]
    parts.append(_note(f"{data['articles']:,} article rows ({data['duplicates']:,} of them "
                       f"copies of another article) and {data['rejects']:,} rejects. An input "
                       "is a file, a JSONL line, a WARC record or a feed entry; each gives "
                       "article rows or one reject, at the stage where it fell."))
    return parts


def _rejects(data: dict) -> list[Html]:
    reasons = data["reject_reasons"]
    if not reasons:
        return [_empty("No input was rejected.")]
    bars = _chart(hbars([(f"{r['stage']} / {r['error']}", r["count"]) for r in reasons],
                        "rejects by stage and reason"))

    def examples(r: dict) -> Html:
        items = "".join(
            f"<li><code>{escape(e['source_uri'])}"
            + (f":{e['source_line']}" if e["source_line"] is not None else "")
            + f"</code> — {escape(e['detail'])}</li>" for e in r["examples"])
        return Html(f'<ul class="examples">{items}</ul>')

    return [bars, table(["stage", "reason", "inputs", "examples"],
                        [(r["stage"], r["error"], r["count"], examples(r)) for r in reasons],
                        numeric=["inputs"], label="rejects")]


def _languages(data: dict) -> list[Html]:
    rows = data["languages"]
    if not rows:
        return [_empty("No articles.")]
    return [_chart(hbars([(r["language"], r["articles"]) for r in rows], "articles by language")),
            table(["language", "articles", "copies", "with publication date"],
                  [(r["language"], r["articles"], r["copies"], r["dated"]) for r in rows],
                  numeric=["articles", "copies", "with publication date"], label="languages")]


def _days(data: dict) -> list[Html]:
    parts = [Html("<h3>Per publication day</h3>")]
    published = [(r["day"], r["articles"]) for r in data["published_days"]]
    parts.append(_chart(columns({"articles": published}, "articles per publication day"))
                 if published else _empty("No article states its publication date."))
    parts.append(_note(f"{data['undated']:,} article(s) without a publication date are not "
                       "shown."))
    parts.append(Html("<h3>Per ingest day</h3>"))
    ingested = [(r["day"], r["articles"]) for r in data["ingest_days"]]
    parts.append(_chart(columns({"articles": ingested}, "articles per ingest day"))
                 if ingested else _empty("No articles."))
    return parts


def _clusters(data: dict) -> list[Html]:
    parts = [Html("<h3>Copies (near-identical articles)</h3>")]
    if data["copy_sizes"]:
        parts.append(_chart(hbars([(f"{r['size']} articles", r["clusters"])
                                   for r in data["copy_sizes"]], "copy clusters by size")))
        parts.append(table(["articles", "canonical article"],
                           [(r["size"], _link(r["title"], r["url"], r["source_uri"]))
                            for r in data["largest_copies"]],
                           numeric=["articles"], label="largest copy clusters"))
    else:
        parts.append(_empty("No article is a copy of another."))
    parts.append(Html("<h3>Stories (articles sharing a wire story)</h3>"))
    if data["story_sizes"]:
        parts.append(_chart(hbars([(f"{r['size']} articles", r["stories"])
                                   for r in data["story_sizes"]], "stories by size")))
        parts.append(table(["articles", "copies", "sources", "story (its first article)"],
                           [(r["size"], r["copies"], r["sources"],
                             _link(r["title"], r["url"], r["source_uri"]))
                            for r in data["largest_stories"]],
                           numeric=["articles", "copies", "sources"], label="largest stories"))
    else:
        parts.append(_empty("No story is shared by two or more articles."))
    return parts


def _boilerplate(data: dict) -> list[Html]:
    kinds = data["boilerplate"]
    parts = ([_chart(hbars(list(kinds.items()), "boilerplate lines removed by kind"))]
             if kinds else [_empty("No boilerplate line was removed from plain-text inputs.")])
    parts.append(_note(f"{data['boilerplate_total']:,} line(s) removed from plain-text inputs. "
                       f"{data['html_articles']:,} article(s) came from HTML pages, whose "
                       "chrome trafilatura removes without a count per kind."))
    return parts


def _timeline_rows(days: list[dict], types: list[dict]) -> list[tuple[str, str, list]]:
    """(sub-event type, event type, [(day, events)]) grouped by event type, largest first."""
    group = {t["sub_event_type"]: t["event_type"] for t in types}
    counts: dict[str, list] = {}
    for d in days:
        counts.setdefault(d["sub_event_type"], []).append((d["day"], d["events"]))
    size = {t: sum(n for _, n in c) for t, c in counts.items()}
    group_size: dict[str, int] = {}
    for t, n in size.items():
        group_size[group[t]] = group_size.get(group[t], 0) + n
    order = sorted(counts, key=lambda t: (-group_size[group[t]], group[t], -size[t], t))
    return [(t, group[t], counts[t]) for t in order]


def _events(data: dict) -> list[Html]:
    if not data["event_rows"]:
        return [_empty("No events were read from the articles.")]
    parts = [_cards([("event rows", data["event_rows"]),
                     ("real-world events", data["real_events"]),
                     ("fatalities (once per event)", data["fatalities"])]),
             _note("Rows describing one real-world event, from any articles, share an event "
                   "cluster; each cluster is counted, drawn and its fatalities summed once "
                   "(its head row).")]
    parts.append(Html("<h3>Where</h3>"))
    points = data["event_points"]
    parts.append(_chart(world_map(world()["countries"], points, "map of event locations")))
    parts.append(_note(f"{sum(p['events'] for p in points):,} event(s) at {len(points):,} "
                       f"place(s); circle area ∝ events. {data['events_not_drawn']:,} event(s) "
                       "without coordinates are not drawn. Basemap: Natural Earth 1:110m "
                       "(public domain)."))
    box = focus_box(points)
    if box:
        inside = sum(p["events"] for p in points if in_box(p, box))
        parts.append(Html("<h3>Close-up: where most events are</h3>"))
        parts.append(_chart(world_map(world()["countries"], points, "close-up map of events",
                                      box=box)))
        parts.append(_note(f"{inside:,} of {sum(p['events'] for p in points):,} placed "
                           f"event(s) in this view ({box[1]:.0f}° to {box[3]:.0f}° latitude, "
                           f"{box[0]:.0f}° to {box[2]:.0f}° longitude)."))
    parts.append(Html("<h3>When, by sub-event type</h3>"))
    if data["event_days"]:
        parts.append(_chart(strips(_timeline_rows(data["event_days"], data["event_types"]),
                                   "events over time by sub-event type")))
    else:
        parts.append(_empty("No event has a date."))
    parts.append(_note(f"{data['events_undated']:,} event(s) without a date are not shown."))
    parts.append(table(["event type", "sub-event type", "events", "fatalities"],
                       [(r["event_type"], r["sub_event_type"], r["events"], r["fatalities"])
                        for r in data["event_types"]],
                       numeric=["events", "fatalities"], label="events by type"))
    parts.append(Html("<h3>Largest event clusters</h3>"))

    def stories(c: dict) -> Html:
        items = "".join(f"<li>{_link(s['title'], s['url'])}</li>" for s in c["stories"])
        return Html(f'<ul class="examples">{items}</ul>')

    parts.append(table(["rows", "articles", "sub-event type", "date", "place", "fatalities",
                        "stories"],
                       [(c["rows"], c["articles"], c["sub_event_type"],
                         c["event_date"].isoformat() if c["event_date"] else None,
                         ", ".join(x for x in (c["place"], c["country_code"]) if x) or None,
                         c["fatalities"], stories(c)) for c in data["largest_events"]],
                       numeric=["rows", "articles", "fatalities"], label="largest events"))
    return parts


def render(data: dict, output_dir: str, scope: str) -> str:
    """The report's HTML for `data` (pipeline.report_data.report_data)."""
    inputs = data["funnel"][0]["count"]
    generated = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
    sections = [
        ("Inputs through the stages", _funnel(data)),
        ("Rejects by stage and reason", _rejects(data)),
        ("Languages", _languages(data)),
        ("Articles over time", _days(data)),
        ("Copies and stories", _clusters(data)),
        ("Boilerplate removed", _boilerplate(data)),
        ("Events", _events(data)),
    ]
    body = "".join(f"<section><h2>{escape(title)}</h2>{''.join(parts)}</section>"
                   for title, parts in sections)
    cards = _cards([("inputs", inputs), ("articles", data["articles"]),
                    ("copies", data["duplicates"]), ("rejects", data["rejects"]),
                    ("real-world events", data["real_events"]),
                    ("fatalities", data["fatalities"])])
    return ("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            f"<title>newsbeam report: {escape(output_dir)}</title><style>{STYLE}</style>"
            "</head><body>"
            f"<h1>newsbeam run report</h1><p class=\"meta\"><code>{escape(output_dir)}</code>"
            f" · {escape(scope)} · {data['run_ids']:,} run(s) · generated {generated}</p>"
            f"{cards}{body}<script>{SORT_SCRIPT}</script></body></html>\n")


def build_report(output_dir: str, path: str, since: dt.date | None = None) -> str:
    """Write the report over `output_dir`'s rows ingested on or after `since` to `path`."""
    data = report_data(output_dir, since)
    scope = f"rows ingested since {since.isoformat()}" if since else "all days in it"
    write_atomically(path, render(data, output_dir, scope).encode("utf-8"))
    return path


def run_report_path(output_dir: str, run_id: str) -> str:
    return f"{output_dir}/{REPORTS_DIR}/{run_id}.html"
