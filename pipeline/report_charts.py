"""Static SVG charts for the run report: horizontal bars, columns over time (stacked or not),
and a world map of points. Pure functions from numbers to SVG text, so the report renders in
any browser with no script and no network, and each chart's marks can be counted in tests.

Every mark carries a <title> (the browser's tooltip) with its exact value.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from html import escape

# Colour-blind-safe categorical palette (Okabe-Ito), then grey for "other".
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
           "#000000")
OTHER = "#999999"
BAR = "#4C78A8"
REJECT = "#D55E00"
FONT = 'font-family="system-ui, sans-serif" font-size="12"'


def _svg(width: int, height: int, body: list[str], label: str) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
            f'width="{width}" height="{height}" role="img" aria-label="{escape(label)}" {FONT}>'
            + "".join(body) + "</svg>")


def _fmt(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def _clip(text: str, chars: int) -> str:
    return text if len(text) <= chars else text[:chars - 1] + "…"


def hbars(items: Sequence[tuple[str, float]], label: str, *, width: int = 640,
          color: str = BAR, notes: Sequence[str] | None = None) -> str:
    """One horizontal bar per (name, value), longest scale = the largest value; `notes` adds
    a text after each bar's value (e.g. how many a stage rejected)."""
    row, left, right = 22, 170, 150
    top = 4
    height = top + row * len(items) + 4
    peak = max((v for _, v in items), default=0) or 1
    span = width - left - right
    body = []
    for i, (name, value) in enumerate(items):
        y = top + i * row
        w = max(1.0, span * value / peak) if value else 0
        note = f"  {notes[i]}" if notes and notes[i] else ""
        body.append(
            f'<text x="{left - 6}" y="{y + 15}" text-anchor="end">{escape(_clip(name, 26))}'
            f'<title>{escape(name)}</title></text>'
            f'<rect class="mark" x="{left}" y="{y + 3}" width="{w:.1f}" height="{row - 6}" '
            f'fill="{color}"><title>{escape(name)}: {_fmt(value)}</title></rect>'
            f'<text x="{left + w + 5:.1f}" y="{y + 15}">{_fmt(value)}'
            + (f'<tspan fill="{REJECT}">{escape(note)}</tspan>' if note else "") + "</text>")
    return _svg(width, height, body, label)


def time_bins(counts: Sequence[tuple[dt.date, float]]) -> tuple[str, list[tuple[str, dt.date]]]:
    """The bins to draw `counts` (per day) in: days for up to two months, months for up to
    three years, else years; every bin of the span, empty ones included."""
    days = sorted({d for d, _ in counts})
    if not days:
        return "day", []
    first, last = days[0], days[-1]
    if (last - first).days <= 62:
        n = (last - first).days + 1
        return "day", [(d.isoformat(), d) for d in (first + dt.timedelta(i) for i in range(n))]
    if (last.year - first.year) * 12 + last.month - first.month <= 36:
        bins, y, m = [], first.year, first.month
        while (y, m) <= (last.year, last.month):
            bins.append((f"{y}-{m:02d}", dt.date(y, m, 1)))
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        return "month", bins
    return "year", [(str(y), dt.date(y, 1, 1)) for y in range(first.year, last.year + 1)]


def bin_of(day: dt.date, unit: str) -> str:
    return {"day": day.isoformat(), "month": f"{day.year}-{day.month:02d}",
            "year": str(day.year)}[unit]


def columns(series: dict[str, Sequence[tuple[dt.date, float]]], label: str, *,
            width: int = 900, colors: dict[str, str] | None = None) -> str:
    """Columns over time, one stack segment per series (a single series is plain columns),
    binned by time_bins; a legend names the series when there are several."""
    everything = [c for counts in series.values() for c in counts]
    unit, bins = time_bins(everything)
    index = {name: i for i, (name, _) in enumerate(bins)}
    totals = [0.0] * len(bins)
    stacks: dict[str, list[float]] = {}
    for key, counts in series.items():
        values = [0.0] * len(bins)
        for day, n in counts:
            values[index[bin_of(day, unit)]] += n
        stacks[key] = values
        totals = [a + b for a, b in zip(totals, values, strict=True)]
    colors = colors or {k: PALETTE[i % len(PALETTE)] for i, k in enumerate(series)}
    legend = len(series) > 1
    left, top, bottom = 44, 10, 40
    legend_rows = math.ceil(len(series) / 3) if legend else 0
    plot_h = 160
    height = top + plot_h + bottom + legend_rows * 18 + (10 if legend else 0)
    span = width - left - 10
    step = span / max(len(bins), 1)
    bar = min(max(step * 0.8, 1), 48)  # one bin should not look like a wall
    peak = max(totals, default=0) or 1
    body = [f'<line x1="{left}" y1="{top + plot_h}" x2="{width - 10}" y2="{top + plot_h}" '
            f'stroke="#666"/>',
            f'<text x="{left - 6}" y="{top + 10}" text-anchor="end">{_fmt(peak)}</text>',
            f'<text x="{left - 6}" y="{top + plot_h}" text-anchor="end">0</text>']
    label_every = max(1, math.ceil(len(bins) / 12))
    for i, (name, _) in enumerate(bins):
        x = left + i * step
        base = top + plot_h
        for key, values in stacks.items():
            if values[i]:
                h = plot_h * values[i] / peak
                base -= h
                what = f"{escape(key)} · " if legend else ""
                body.append(f'<rect class="mark" x="{x + (step - bar) / 2:.1f}" y="{base:.1f}" '
                            f'width="{bar:.1f}" height="{h:.1f}" '
                            f'fill="{colors[key]}"><title>{what}{name}: {_fmt(values[i])}'
                            f'</title></rect>')
        if i % label_every == 0:
            body.append(f'<text x="{x + step / 2:.1f}" y="{top + plot_h + 14}" '
                        f'text-anchor="middle" font-size="10">{name}</text>')
    body.append(f'<text x="{width - 10}" y="{top + plot_h + 30}" text-anchor="end" '
                f'fill="#555">per {unit}</text>')
    if legend:
        for i, key in enumerate(series):
            x = left + (i % 3) * (span / 3)
            y = top + plot_h + bottom + 10 + (i // 3) * 18
            body.append(f'<rect x="{x:.1f}" y="{y - 9}" width="10" height="10" '
                        f'fill="{colors[key]}"/><text x="{x + 14:.1f}" y="{y}">'
                        f'{escape(_clip(key, 40))}</text>')
    return _svg(width, height, body, label)


WORLD = (-180.0, -60.0, 180.0, 84.0)  # lon0, lat0, lon1, lat1: Antarctica and polar seas cut
Box = tuple[float, float, float, float]


def project(lon: float, lat: float, width: float, height: float,
            box: Box = WORLD) -> tuple[float, float]:
    """Equirectangular: the box's west edge → x 0, east → width, north → y 0, south → height."""
    lon0, lat0, lon1, lat1 = box
    return (lon - lon0) / (lon1 - lon0) * width, (lat1 - lat) / (lat1 - lat0) * height


def _weighted_quantile(pairs: list[tuple[float, float]], q: float) -> float:
    pairs = sorted(pairs)
    total, seen = sum(w for _, w in pairs), 0.0
    for value, weight in pairs:
        seen += weight
        if seen >= q * total:
            return value
    return pairs[-1][0]


def focus_box(points: Sequence[dict], share: float = 0.8, min_span: float = 8.0) -> Box | None:
    """A 2:1 box around where most events are (the middle `share` of them by longitude and by
    latitude, padded), or None when that is most of the world anyway."""
    if not points:
        return None
    tail = (1 - share) / 2
    lons = [(p["longitude"], p["events"]) for p in points]
    lats = [(p["latitude"], p["events"]) for p in points]
    west, east = _weighted_quantile(lons, tail), _weighted_quantile(lons, 1 - tail)
    south, north = _weighted_quantile(lats, tail), _weighted_quantile(lats, 1 - tail)
    lon_span = max(east - west, min_span, 2 * (north - south)) * 1.3
    lat_span = lon_span / 2
    if lon_span > 120:
        return None
    lon_mid, lat_mid = (west + east) / 2, (south + north) / 2
    lat_mid = min(max(lat_mid, -90 + lat_span / 2), 90 - lat_span / 2)
    return (lon_mid - lon_span / 2, lat_mid - lat_span / 2,
            lon_mid + lon_span / 2, lat_mid + lat_span / 2)


def in_box(point: dict, box: Box) -> bool:
    lon0, lat0, lon1, lat1 = box
    return lon0 <= point["longitude"] <= lon1 and lat0 <= point["latitude"] <= lat1


def _overlaps(ring: Sequence[int], box: Box) -> bool:
    lons, lats = ring[0::2], ring[1::2]
    return (min(lons) / 10 <= box[2] and max(lons) / 10 >= box[0]
            and min(lats) / 10 <= box[3] and max(lats) / 10 >= box[1])


def world_map(countries: Sequence[dict], points: Sequence[dict], label: str, *,
              width: int = 900, box: Box = WORLD) -> str:
    """Countries (rings in tenths of a degree) in grey and one circle per point in the box,
    its area proportional to `events`; what falls outside the box is clipped."""
    lon0, lat0, lon1, lat1 = box
    height = round(width * (lat1 - lat0) / (lon1 - lon0))
    body = [f'<rect x="0" y="0" width="{width}" height="{height}" fill="#EAF2F8"/>']
    paths = []
    for country in countries:
        for ring in country["rings"]:
            if box != WORLD and not _overlaps(ring, box):
                continue  # off the close-up: not worth its bytes
            xy = [project(ring[i] / 10, ring[i + 1] / 10, width, height, box)
                  for i in range(0, len(ring), 2)]
            paths.append("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in xy) + "Z")
    body.append(f'<path class="land" d="{"".join(paths)}" fill="#D9D9D9" stroke="#FFFFFF" '
                f'stroke-width="0.5"/>')
    shown = [p for p in points if in_box(p, box)]
    peak = max((p["events"] for p in shown), default=1)
    for p in sorted(shown, key=lambda p: -p["events"]):  # small ones drawn last, on top
        x, y = project(p["longitude"], p["latitude"], width, height, box)
        r = 3 + 9 * math.sqrt(p["events"] / peak)
        body.append(f'<circle class="mark point" cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" '
                    f'fill="{REJECT}" fill-opacity="0.6" stroke="#7F2704" stroke-width="0.8">'
                    f'<title>{escape(p.get("place") or "?")}: {p["events"]} event(s), '
                    f'{p["fatalities"]} fatalities</title></circle>')
    return _svg(width, height, body, label)


def strips(rows: Sequence[tuple[str, str, Sequence[tuple[dt.date, float]]]], label: str, *,
           width: int = 900, colors: dict[str, str] | None = None) -> str:
    """A timeline with one row per (name, group, counts per day): a circle per time bin with
    events, its area proportional to the count, coloured by group (legend below)."""
    unit, bins = time_bins([c for _, _, counts in rows for c in counts])
    index = {name: i for i, (name, _) in enumerate(bins)}
    groups = list(dict.fromkeys(g for _, g, _ in rows))
    colors = colors or {g: PALETTE[i % len(PALETTE)] for i, g in enumerate(groups)}
    left, top, row_h = 230, 8, 20
    plot_w = width - left - 16
    step = plot_w / max(len(bins), 1)
    cells = []
    for name, group, counts in rows:
        values: dict[int, float] = {}
        for day, n in counts:
            i = index[bin_of(day, unit)]
            values[i] = values.get(i, 0) + n
        cells.append((name, group, values))
    peak = max((v for _, _, values in cells for v in values.values()), default=1)
    axis_y = top + row_h * len(rows)
    body = []
    for r, (name, group, values) in enumerate(cells):
        y = top + r * row_h + row_h / 2
        body.append(f'<line x1="{left}" y1="{y}" x2="{width - 16}" y2="{y}" stroke="#eee"/>'
                    f'<text x="{left - 6}" y="{y + 4}" text-anchor="end">'
                    f'{escape(_clip(name, 38))}<title>{escape(group)}: {escape(name)}</title>'
                    f'</text>')
        for i, n in sorted(values.items()):
            radius = 2 + (row_h / 2 - 2) * math.sqrt(n / peak)
            body.append(f'<circle class="mark" cx="{left + (i + 0.5) * step:.1f}" cy="{y}" '
                        f'r="{radius:.1f}" fill="{colors[group]}"><title>{escape(name)} · '
                        f'{bins[i][0]}: {_fmt(n)}</title></circle>')
    body.append(f'<line x1="{left}" y1="{axis_y}" x2="{width - 16}" y2="{axis_y}" '
                f'stroke="#666"/>')
    label_every = max(1, math.ceil(len(bins) / 10))
    for i, (name, _) in enumerate(bins):
        if i % label_every == 0:
            body.append(f'<text x="{left + (i + 0.5) * step:.1f}" y="{axis_y + 14}" '
                        f'text-anchor="middle" font-size="10">{name}</text>')
    body.append(f'<text x="{width - 16}" y="{axis_y + 30}" text-anchor="end" fill="#555">'
                f'per {unit}; circle area ∝ events</text>')
    for i, g in enumerate(groups):
        x = 8 + (i % 3) * (width / 3)
        y = axis_y + 50 + (i // 3) * 18
        body.append(f'<circle cx="{x + 5:.1f}" cy="{y - 4}" r="5" fill="{colors[g]}"/>'
                    f'<text x="{x + 14:.1f}" y="{y}">{escape(g)}</text>')
    height = axis_y + 50 + math.ceil(len(groups) / 3) * 18
    return _svg(width, height, body, label)
