"""The run report: its numbers against the tables, its charts, the CLI, and a real browser.

The numbers are checked against queries written here, over the output of a real run of the
seeds plus a copy of a seed and a few bad inputs (so every section has something to show).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
from collections import Counter
from pathlib import Path

import duckdb
import pytest

from pipeline.basemap import compact_ring, read_names, read_polygons, world
from pipeline.cli import main
from pipeline.report import build_report
from pipeline.report_charts import (
    columns,
    focus_box,
    hbars,
    in_box,
    project,
    strips,
    time_bins,
    world_map,
)
from pipeline.report_data import boilerplate_by_kind, funnel, report_data
from tests.conftest import REPO, read_table, run_cli

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="module")
def run_output(tmp_path_factory) -> Path:
    src = tmp_path_factory.mktemp("inputs")
    seeds = sorted((REPO / "seeds").iterdir())
    for seed in seeds:
        shutil.copy(seed, src / seed.name)
    shutil.copy(seeds[0], src / f"copy-of-{seeds[0].name}")   # a copy cluster
    (src / "empty.txt").write_bytes(b"")
    (src / "binary.html").write_bytes(bytes(range(256)) * 40)
    (src / "chrome.txt").write_bytes(b"Share\nSubscribe\nAdvertisement\n")
    (src / "lines.jsonl").write_text('{"text": "too short"}\n{broken\n[1]\n', encoding="utf-8")
    out = tmp_path_factory.mktemp("out")
    assert run_cli("--input", str(src), "--output", str(out)) == 0
    return out


@pytest.fixture(scope="module")
def data(run_output) -> dict:
    return report_data(str(run_output))


def _query(out: Path, table: str, sql: str) -> list[tuple]:
    files = [str(f) for f in sorted((out / table).rglob("*.parquet"))]
    con = duckdb.connect()
    con.execute("CREATE TEMP TABLE t AS SELECT * FROM read_parquet($f, hive_partitioning = "
                "true, union_by_name = true)", {"f": files})
    return con.execute(sql).fetchall()


def test_the_run_writes_its_report(run_output):
    reports = list((run_output / "_reports").glob("*.html"))
    assert len(reports) == 1
    run_ids = {r["run_id"] for r in read_table(run_output, "articles")}
    assert reports[0].stem in run_ids


def test_funnel_accounts_for_every_input(run_output, data):
    articles = len(read_table(run_output, "articles"))
    by_stage = dict(_query(run_output, "rejects", "SELECT stage, count(*) FROM t GROUP BY 1"))
    steps = {s["step"]: s for s in data["funnel"]}
    assert steps["inputs"]["count"] == articles + sum(by_stage.values())
    assert steps["read"]["rejected"] == by_stage.get("read", 0)
    assert steps["decoded"]["rejected"] == by_stage.get("decode", 0)
    assert steps["extracted"]["rejected"] == by_stage.get("extract", 0)
    assert steps["extracted"]["count"] == articles
    assert by_stage.get("decode") and by_stage.get("extract")  # the fixture's bad inputs


def test_funnel_puts_unknown_stages_last():
    steps = funnel(10, {"extract": 2, "read": 1, "feed": 1, "quality": 3})
    assert [s["step"] for s in steps] == ["inputs", "read", "decoded", "extracted", "quality"]
    assert [s["count"] for s in steps] == [17, 15, 15, 13, 10]


def test_reject_reasons_and_examples(run_output, data):
    expected = {(s, e): n for s, e, n in _query(
        run_output, "rejects", "SELECT stage, error, count(*) FROM t GROUP BY 1, 2")}
    assert {(r["stage"], r["error"]): r["count"] for r in data["reject_reasons"]} == expected
    rejects = read_table(run_output, "rejects")
    for r in data["reject_reasons"]:
        assert 1 <= len(r["examples"]) <= min(3, r["count"])
        for e in r["examples"]:
            assert any(x["source_uri"] == e["source_uri"] and x["stage"] == r["stage"]
                       and x["error"] == r["error"] and x["detail"] == e["detail"]
                       for x in rejects)


def test_languages_and_days(run_output, data):
    rows = read_table(run_output, "articles")
    languages = Counter(r["language"] for r in rows)
    assert {r["language"]: r["articles"] for r in data["languages"]} == languages
    published = Counter(r["published_at"].astimezone(dt.UTC).date()
                        for r in rows if r["published_at"] is not None)
    assert {r["day"]: r["articles"] for r in data["published_days"]} == published
    assert data["undated"] == sum(r["published_at"] is None for r in rows)
    assert {r["day"]: r["articles"] for r in data["ingest_days"]} == {dt.date(2026, 1, 2):
                                                                       len(rows)}


def test_copy_and_story_clusters(run_output, data):
    rows = read_table(run_output, "articles")
    copies = Counter(r["duplicate_of"] for r in rows if r["duplicate_of"])
    assert copies, "the fixture copies a seed"
    sizes = Counter(n + 1 for n in copies.values())
    assert {r["size"]: r["clusters"] for r in data["copy_sizes"]} == sizes
    by_id = {r["article_id"]: r for r in rows}
    for c in data["largest_copies"]:
        assert c["size"] == copies[c["article_id"]] + 1
        assert c["title"] == by_id[c["article_id"]]["title"]
    stories = Counter(r["story_id"] for r in rows)
    assert {r["size"]: r["stories"] for r in data["story_sizes"]} == Counter(
        n for n in stories.values() if n > 1)
    for s in data["largest_stories"]:
        assert s["size"] == stories[s["story_id"]]
        assert s["title"] in {r["title"] for r in rows if r["story_id"] == s["story_id"]}


def test_boilerplate_by_kind_matches_the_column(run_output, data):
    by_sql = dict(_query(run_output, "articles", """
        SELECT k, sum(CAST(json_extract(boilerplate_removed, '$."' || k || '"') AS INTEGER))
        FROM (SELECT boilerplate_removed, unnest(json_keys(boilerplate_removed)) AS k FROM t)
        GROUP BY k"""))
    assert data["boilerplate"] == by_sql and by_sql
    # The kinds add up to the per-article total, article by article.
    for r in read_table(run_output, "articles"):
        if r["boilerplate_removed"] is None:
            assert r["boilerplate_lines_removed"] is None
        else:
            assert sum(json.loads(r["boilerplate_removed"]).values()) == \
                r["boilerplate_lines_removed"]
    assert boilerplate_by_kind(['{"ad": 2}', None, '{"ad": 1, "menu": 4}']) == {"menu": 4,
                                                                                "ad": 3}


def test_events_are_counted_once_per_cluster(run_output, data):
    events = read_table(run_output, "events")
    heads = [e for e in events if e["cluster_head"]]
    assert len(heads) == len({e["event_cluster_id"] for e in events}) == data["real_events"]
    assert data["fatalities"] == sum(e["fatalities"] or 0 for e in heads)
    placed = [e for e in heads if e["latitude"] is not None and e["longitude"] is not None]
    assert sum(p["events"] for p in data["event_points"]) == len(placed)
    assert data["events_not_drawn"] == len(heads) - len(placed)
    assert sum(d["events"] for d in data["event_days"]) + data["events_undated"] == len(heads)
    sizes = Counter(e["event_cluster_id"] for e in events)
    assert [c["rows"] for c in data["largest_events"]] == sorted(sizes.values(),
                                                                 reverse=True)[:15]
    for c in data["largest_events"]:
        titles = {e["title"] for e in events if e["event_cluster_id"] == c["event_cluster_id"]}
        assert {s["title"] for s in c["stories"]} == titles


def test_report_html_loads_nothing_and_draws_every_point(run_output, data, tmp_path):
    path = build_report(str(run_output), str(tmp_path / "r.html"))
    html = Path(path).read_text(encoding="utf-8")
    assert not re.search(r"<(link|img|iframe)\b|<script[^>]*\bsrc=|@import|url\(", html)
    world_svg = re.search(r'<svg[^>]*aria-label="map of event locations".*?</svg>', html).group(0)
    assert world_svg.count('class="mark point"') == len(data["event_points"]) > 0


def test_since_limits_the_rows(run_output, tmp_path):
    empty = report_data(str(run_output), dt.date(2026, 1, 3))
    assert empty["articles"] == empty["rejects"] == empty["real_events"] == 0
    build_report(str(run_output), str(tmp_path / "empty.html"), dt.date(2026, 1, 3))
    assert report_data(str(run_output), dt.date(2026, 1, 2))["articles"] > 0


def test_hbars_scale_to_the_largest():
    svg = hbars([("a", 10), ("b", 5), ("c", 0)], "x", width=640)
    widths = [float(w) for w in re.findall(r'class="mark"[^>]*width="([\d.]+)"', svg)]
    assert widths[0] == pytest.approx(2 * widths[1]) and widths[2] == 0


def test_time_bins_by_span():
    day = dt.date(2024, 1, 30)
    assert time_bins([(day, 1), (day + dt.timedelta(2), 1)])[1][1] == ("2024-01-31",
                                                                        dt.date(2024, 1, 31))
    unit, bins = time_bins([(day, 1), (dt.date(2024, 6, 2), 1)])
    assert unit == "month" and [b for b, _ in bins][:2] == ["2024-01", "2024-02"]
    assert len(bins) == 6
    unit, bins = time_bins([(dt.date(1999, 5, 1), 1), (day, 1)])
    assert unit == "year" and len(bins) == 26


def test_stacked_columns_sum_per_bin():
    day = dt.date(2024, 1, 1)
    svg = columns({"A": [(day, 2)], "B": [(day, 2), (day + dt.timedelta(1), 1)]}, "x")
    heights = [float(h) for h in re.findall(r'class="mark"[^>]*height="([\d.]+)"', svg)]
    assert len(heights) == 3 and heights[0] + heights[1] == pytest.approx(160)


def test_strips_one_row_per_type_and_one_circle_per_busy_bin():
    day = dt.date(2024, 1, 1)
    svg = strips([("Armed clash", "Battles", [(day, 3), (day + dt.timedelta(3), 1)]),
                  ("Peaceful protest", "Protests", [(day, 1)])], "x")
    radii = [float(r) for r in re.findall(r'class="mark"[^>]*r="([\d.]+)"', svg)]
    assert len(radii) == 3 and radii[0] > radii[1] == radii[2]
    assert "Armed clash" in svg and "Battles" in svg


def test_focus_box_holds_most_events():
    syria = [{"longitude": 36.3 + i / 10, "latitude": 33.5, "events": 5} for i in range(8)]
    far = [{"longitude": -95.4, "latitude": 29.8, "events": 1}]
    box = focus_box(syria + far)
    assert box and all(in_box(p, box) for p in syria) and not in_box(far[0], box)
    assert box[2] - box[0] == pytest.approx(2 * (box[3] - box[1]))
    spread = [{"longitude": lon, "latitude": 0, "events": 1} for lon in range(-170, 171, 20)]
    assert focus_box(spread) is None and focus_box([]) is None


def test_map_projection_and_points():
    assert project(-180, 84, 360, 144) == (0, 0)
    assert project(0, 12, 360, 144) == (180, 72)
    svg = world_map(world()["countries"], [{"latitude": 33.5, "longitude": 36.3,
                                            "events": 2, "fatalities": 1, "place": "X"}], "m")
    assert svg.count("<circle") == 1 and len(re.search(r'class="land" d="([^"]*)"',
                                                       svg).group(1)) > 10000


def test_basemap_has_the_countries():
    countries = {c["name"]: c for c in world()["countries"]}
    assert len(countries) > 170 and "France" in countries
    lons = countries["Syria"]["rings"][0][0::2]
    lats = countries["Syria"]["rings"][0][1::2]
    assert 355 < min(lons) < max(lons) < 430 and 320 < min(lats) < max(lats) < 380
    assert compact_ring([(0.01, 0.0), (0.02, 0.0), (1, 1), (1, 0)]) == [0, 0, 10, 10, 10, 0]


def test_shapefile_reader_round_trip(tmp_path):
    """A one-polygon .shp/.dbf written here by hand reads back."""
    import struct
    points = [(0.0, 0.0), (10.0, 0.0), (10.0, 10.0), (0.0, 0.0)]
    body = struct.pack("<i4dii", 5, 0, 0, 10, 10, 1, len(points)) + struct.pack("<i", 0)
    body += b"".join(struct.pack("<2d", *p) for p in points)
    shp = b"\0" * 100 + struct.pack(">ii", 1, len(body) // 2) + body
    field = b"name".ljust(11, b"\0") + b"C" + b"\0" * 4 + bytes([8]) + b"\0" * 15
    dbf = (b"\x03" + b"\0" * 3 + struct.pack("<IHH", 1, 32 + 32 + 1, 9) + b"\0" * 20 + field
           + b"\x0d" + b" " + b"Atlantis")
    assert read_polygons(shp) == [[points]]
    assert read_names(dbf, "name") == ["Atlantis"]


def test_run_prints_the_report_path_and_no_report_turns_it_off(tmp_path, capsys):
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(sorted((REPO / "seeds").iterdir())[0], src)
    out = tmp_path / "out"
    assert main(["run", "--input", str(src), "--output", str(out)]) == 0
    lines = [x for x in capsys.readouterr().out.splitlines() if x.startswith("report: ")]
    assert len(lines) == 1 and os.path.isfile(lines[0][len("report: "):])
    # A second day with --replace-all: the commit leaves earlier reports alone.
    assert main(["run", "--input", str(src), "--output", str(out), "--replace-all",
                 "--ingest-date", "2026-02-02", "--quiet"]) == 0
    assert len(list((out / "_reports").glob("*.html"))) == 2
    assert main(["run", "--input", str(src), "--output", str(out), "--no-report"]) == 0
    assert "report: " not in capsys.readouterr().out
    assert len(list((out / "_reports").glob("*.html"))) == 2


def test_a_report_that_cannot_be_written_does_not_fail_the_run(tmp_path, caplog):
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(sorted((REPO / "seeds").iterdir())[0], src)
    out = tmp_path / "out"
    out.mkdir()
    (out / "_reports").write_text("a file where the reports folder should be")
    assert run_cli("--input", str(src), "--output", str(out)) == 0
    assert read_table(out, "articles")
    assert "could not write the run report" in caplog.text


def test_report_command(run_output, tmp_path, capsys):
    target = tmp_path / "r.html"
    assert main(["report", str(run_output), "--since", "2026-01-01", "--output",
                 str(target)]) == 0
    assert capsys.readouterr().out.strip() == f"report: {target}"
    assert target.stat().st_size > 10000
    assert main(["report", str(tmp_path / "missing")]) == 2
    assert main(["report", str(run_output), "--since", "yesterday"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 2 and "Traceback" not in err


@pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian's chromium is not installed "
                                                           "(make test installs it)")
def test_report_in_a_browser_offline(run_output, data, tmp_path):
    """Chromium opens the report from disk with every request but the file itself aborted;
    the charts and the map render, and a table sorts on a click."""
    sync_api = pytest.importorskip("playwright.sync_api")
    path = Path(build_report(str(run_output), str(tmp_path / "report.html")))
    url = path.as_uri()
    requested, left = [], []

    def block(route):
        if route.request.url == url:
            route.continue_()
        else:
            left.append(route.request.url)
            route.abort()

    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            page = browser.new_page(viewport={"width": 1100, "height": 900})
            page.route("**/*", block)
            page.on("request", lambda r: requested.append(r.url))
            page.goto(url)
            charts = page.locator("figure.chart svg")
            assert charts.count() >= 8
            for i in range(charts.count()):
                chart = charts.nth(i)
                box = chart.bounding_box()
                assert box and box["width"] > 100 and box["height"] > 10
                assert chart.locator(".mark").count() > 0
            points = page.locator('svg[aria-label="map of event locations"] circle.point')
            assert points.count() == len(data["event_points"]) > 0
            assert points.first.bounding_box()["width"] > 0
            table = page.locator('table[aria-label="events by type"]')
            header = table.locator("th", has_text="fatalities")

            def fatalities() -> list[float]:
                return [float(v) for v in table.locator("tbody tr td:nth-child(4)")
                        .evaluate_all("cells => cells.map(c => c.dataset.v)")]

            header.click()
            assert fatalities() == sorted(fatalities()) and len(set(fatalities())) > 1
            header.click()
            assert fatalities() == sorted(fatalities(), reverse=True)
            page.screenshot(path=str(tmp_path / "report.png"), full_page=True)
        finally:
            browser.close()
    assert left == [] and requested == [url]
    assert (tmp_path / "report.png").stat().st_size > 10000
