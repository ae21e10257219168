"""The numbers of the run report, read from an output directory's tables with DuckDB.

Plain data only (dicts, lists, numbers): pipeline/report.py draws them, tests check them
against their own queries. The tables' files are passed as parameters, never pasted into SQL.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter

from pipeline.summary import table_files
from schemas.tables import TABLES

# Stages in the order an input meets them; stages not listed here come after extract.
STAGE_ORDER = ("feed", "fetch", "read", "decode", "extract")
EXAMPLES_PER_REASON = 3
LARGEST = 15


def _load(con, output_dir: str, since: dt.date | None) -> None:
    """Each table as a temporary table of the rows ingested on or after `since` (the article
    text is left out: the report never shows it and it is most of the bytes)."""
    for table in TABLES:
        files = table_files(output_dir, table)
        if not files:
            raise FileNotFoundError(f"{output_dir} has no {table} table (is it an output "
                                    f"directory of newsbeam run?)")
        columns = "* EXCLUDE (text)" if table == "articles" else "*"
        con.execute(f"CREATE TEMP TABLE {table} AS SELECT {columns} FROM read_parquet("
                    f"$files, hive_partitioning = true, union_by_name = true) "
                    f"WHERE $since IS NULL OR CAST(ingest_date AS DATE) >= $since",
                    {"files": files, "since": since})


def _rows(con, sql: str, params: dict | None = None) -> list[dict]:
    cursor = con.execute(sql, params or {})
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _one(con, sql: str):
    return con.execute(sql).fetchone()[0]


def stage_rank(stage: str) -> int:
    return STAGE_ORDER.index(stage) if stage in STAGE_ORDER else len(STAGE_ORDER)


def funnel(articles: int, rejects_by_stage: dict[str, int]) -> list[dict]:
    """Inputs through the stages: how many entered, and how many each stage let through.

    Every input gives at least one article row or exactly one reject row, so the inputs are
    articles + rejects, and what passed a stage is what entered it minus its rejects."""
    remaining = articles + sum(rejects_by_stage.values())
    steps = [{"step": "inputs", "count": remaining, "rejected": 0}]
    labels = {"read": "read", "decode": "decoded", "extract": "extracted"}
    # feed and fetch rejects fall before a file is read: they count with read.
    merged: dict[str, int] = Counter()
    for stage, n in rejects_by_stage.items():
        merged["read" if stage in ("feed", "fetch") else stage] += n
    for stage in sorted(set(merged) | set(labels), key=stage_rank):
        remaining -= merged.get(stage, 0)
        steps.append({"step": labels.get(stage, stage), "count": remaining,
                      "rejected": merged.get(stage, 0)})
    return steps


def boilerplate_by_kind(values: list[str | None]) -> dict[str, int]:
    """Lines removed per kind, summed over the `boilerplate_removed` JSON objects."""
    total: Counter = Counter()
    for value in values:
        if value:
            total.update(json.loads(value))
    return dict(total.most_common())


def report_data(output_dir: str, since: dt.date | None = None) -> dict:
    """Everything the report shows, for the rows of `output_dir` ingested since `since`."""
    import duckdb

    con = duckdb.connect()
    try:
        _load(con, output_dir, since)
        return _collect(con)
    finally:
        con.close()


def _collect(con) -> dict:
    data: dict = {}
    data["ingest_days"] = _rows(con, """
        SELECT CAST(ingest_date AS DATE) AS day, count(*) AS articles
        FROM articles GROUP BY 1 ORDER BY 1""")
    data["run_ids"] = _one(con, "SELECT count(DISTINCT run_id) FROM articles")
    data["articles"] = _one(con, "SELECT count(*) FROM articles")
    data["duplicates"] = _one(con, "SELECT count(duplicate_of) FROM articles")
    rejects = _rows(con, """
        SELECT stage, error, count(*) AS count FROM rejects GROUP BY 1, 2""")
    by_stage: dict[str, int] = Counter()
    for r in rejects:
        by_stage[r["stage"]] += r["count"]
    data["rejects"] = sum(by_stage.values())
    data["funnel"] = funnel(data["articles"], by_stage)
    examples = _rows(con, f"""
        SELECT stage, error, source_uri, source_line, detail FROM (
          SELECT *, row_number() OVER (PARTITION BY stage, error
                                       ORDER BY source_uri, source_line, input_id) AS n
          FROM rejects) WHERE n <= {EXAMPLES_PER_REASON} ORDER BY source_uri, source_line""")
    for r in rejects:
        r["examples"] = [e for e in examples if (e["stage"], e["error"]) == (r["stage"], r["error"])]
    data["reject_reasons"] = sorted(rejects, key=lambda r: (stage_rank(r["stage"]), r["stage"],
                                                            -r["count"], r["error"]))
    data["languages"] = _rows(con, """
        SELECT language, count(*) AS articles, count(duplicate_of) AS copies,
               count(published_at) AS dated
        FROM articles GROUP BY 1 ORDER BY 2 DESC, 1""")
    data["published_days"] = _rows(con, """
        SELECT CAST(timezone('UTC', published_at) AS DATE) AS day, count(*) AS articles
        FROM articles WHERE published_at IS NOT NULL GROUP BY 1 ORDER BY 1""")
    data["undated"] = _one(con, "SELECT count(*) FROM articles WHERE published_at IS NULL")
    data.update(_clusters(con))
    data["boilerplate"] = boilerplate_by_kind(
        [r[0] for r in con.execute("SELECT boilerplate_removed FROM articles").fetchall()])
    data["boilerplate_total"] = _one(con, "SELECT coalesce(sum(boilerplate_lines_removed), 0) "
                                          "FROM articles")
    data["html_articles"] = _one(con, "SELECT count(*) FROM articles "
                                      "WHERE boilerplate_lines_removed IS NULL")
    data.update(_events(con))
    return data


def _clusters(con) -> dict:
    data: dict = {}
    # A copy cluster is a canonical article and its copies (duplicate_of = the canonical).
    data["copy_sizes"] = _rows(con, """
        SELECT size, count(*) AS clusters FROM (
          SELECT duplicate_of, count(*) + 1 AS size FROM articles
          WHERE duplicate_of IS NOT NULL GROUP BY 1) GROUP BY 1 ORDER BY 1""")
    data["largest_copies"] = _rows(con, f"""
        SELECT c.size, a.title, a.url, a.source_uri, c.canonical AS article_id FROM (
          SELECT duplicate_of AS canonical, count(*) + 1 AS size FROM articles
          WHERE duplicate_of IS NOT NULL GROUP BY 1) c
        LEFT JOIN articles a ON a.article_id = c.canonical
        ORDER BY c.size DESC, c.canonical LIMIT {LARGEST}""")
    data["story_sizes"] = _rows(con, """
        SELECT size, count(*) AS stories FROM (
          SELECT story_id, count(*) AS size FROM articles GROUP BY 1 HAVING count(*) > 1)
        GROUP BY 1 ORDER BY 1""")
    # A story's face: the article whose id is the story id, else its first original.
    data["largest_stories"] = _rows(con, f"""
        SELECT count(*) AS size, count(duplicate_of) AS copies,
               count(DISTINCT coalesce(site_name, url, source_uri)) AS sources,
               arg_min(title, face) AS title, arg_min(url, face) AS url,
               arg_min(source_uri, face) AS source_uri, story_id
        FROM (SELECT *, (CASE WHEN article_id = story_id THEN '0'
                              WHEN duplicate_of IS NULL THEN '1' ELSE '2' END) || article_id
                        AS face FROM articles)
        GROUP BY story_id HAVING count(*) > 1
        ORDER BY size DESC, story_id LIMIT {LARGEST}""")
    return data


def _events(con) -> dict:
    data: dict = {}
    data["event_rows"] = _one(con, "SELECT count(*) FROM events")
    # One head row per event cluster: real-world events are counted, and drawn, once.
    data["real_events"] = _one(con, "SELECT count(*) FROM events WHERE cluster_head")
    data["fatalities"] = _one(con, "SELECT coalesce(sum(fatalities), 0) FROM events "
                                   "WHERE cluster_head")
    data["event_types"] = _rows(con, """
        SELECT event_type, sub_event_type, count(*) AS events,
               coalesce(sum(fatalities), 0) AS fatalities
        FROM events WHERE cluster_head GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2""")
    data["event_points"] = _rows(con, """
        SELECT latitude, longitude, any_value(coalesce(location_resolved, location)) AS place,
               count(*) AS events, coalesce(sum(fatalities), 0) AS fatalities
        FROM events WHERE cluster_head AND latitude IS NOT NULL AND longitude IS NOT NULL
        GROUP BY 1, 2 ORDER BY 4 DESC, 1, 2""")
    data["events_not_drawn"] = _one(con, "SELECT count(*) FROM events WHERE cluster_head AND "
                                         "(latitude IS NULL OR longitude IS NULL)")
    data["event_days"] = _rows(con, """
        SELECT event_date AS day, sub_event_type, count(*) AS events
        FROM events WHERE cluster_head AND event_date IS NOT NULL
        GROUP BY 1, 2 ORDER BY 1, 2""")
    data["events_undated"] = _one(con, "SELECT count(*) FROM events "
                                       "WHERE cluster_head AND event_date IS NULL")
    clusters = _rows(con, f"""
        SELECT event_cluster_id, count(*) AS rows, count(DISTINCT article_id) AS articles,
               any_value(sub_event_type) FILTER (WHERE cluster_head) AS sub_event_type,
               any_value(event_date) FILTER (WHERE cluster_head) AS event_date,
               any_value(coalesce(location_resolved, location)) FILTER (WHERE cluster_head)
                 AS place,
               any_value(country_code) FILTER (WHERE cluster_head) AS country_code,
               any_value(fatalities) FILTER (WHERE cluster_head) AS fatalities
        FROM events GROUP BY 1 ORDER BY 2 DESC, 3 DESC, 1 LIMIT {LARGEST}""")
    stories = _rows(con, """
        SELECT DISTINCT event_cluster_id, title, url, published_at FROM events
        WHERE event_cluster_id IN (SELECT unnest($ids))
        ORDER BY event_cluster_id, published_at NULLS LAST, url""",
                    {"ids": [c["event_cluster_id"] for c in clusters]})
    for c in clusters:
        c["stories"] = [s for s in stories if s["event_cluster_id"] == c["event_cluster_id"]]
    data["largest_events"] = clusters
    return data
