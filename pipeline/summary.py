"""The end-of-run summary: what was written, read back from the Parquet itself with DuckDB.

Queries take the table's files as a parameter, never pasted into the SQL, so any output path
works (quotes, brackets, spaces, non-ASCII)."""

from __future__ import annotations

import os

from pipeline.ledger import counter_total
from transforms.commit import files_under

EXAMPLE_QUERY = """\
SELECT language, count(*) AS articles, count(published_at) AS dated,
       round(avg(length(text))) AS avg_chars
FROM read_parquet('{dir}/articles/**/*.parquet', hive_partitioning = true)
GROUP BY language ORDER BY articles DESC, language"""

# Counted once per real-world event: one head row per event cluster.
EVENTS_QUERY = """\
SELECT count(*) FILTER (WHERE cluster_head), sum(fatalities) FILTER (WHERE cluster_head)
FROM {events}"""


def table_files(output_dir: str, table: str) -> list[str]:
    """The Parquet files of one table (an empty table still has its zero-row file)."""
    return [f for f in files_under(f"{output_dir}/{table}") if f.endswith(".parquet")]


def table_stats(output_dir: str) -> dict[str, object]:
    """Counts of the output's tables (used by the summary and by tests)."""
    import duckdb

    con = duckdb.connect()
    params = {}
    for table in ("articles", "events", "rejects"):
        files = table_files(output_dir, table)
        if not files:
            return {"articles": 0, "duplicates": 0, "stories_shared": 0, "duplicate_clusters": 0,
                    "events": 0, "event_clusters": 0, "real_events": 0, "fatalities": 0,
                    "rejects": 0, "rejects_by_stage": []}
        params[table] = files
    arts, events, rejects = (f"read_parquet(${t}, hive_partitioning = true, union_by_name = true)"
                             for t in ("articles", "events", "rejects"))

    def one(sql: str, table: str):
        return con.execute(sql, {table: params[table]}).fetchone()

    stats: dict[str, object] = {}
    stats["articles"], stats["duplicates"], stats["duplicate_clusters"] = one(
        f"SELECT count(*), count(duplicate_of), count(DISTINCT duplicate_of) FROM {arts}",
        "articles")
    stats["stories_shared"] = one(
        f"SELECT count(*) FROM (SELECT story_id FROM {arts} GROUP BY 1 HAVING count(*) > 1)",
        "articles")[0]
    stats["events"], stats["event_clusters"] = one(
        f"SELECT count(*), count(DISTINCT event_cluster_id) FROM {events}", "events")
    stats["real_events"], fatalities = one(EVENTS_QUERY.format(events=events), "events")
    stats["fatalities"] = fatalities or 0
    stats["rejects"] = one(f"SELECT count(*) FROM {rejects}", "rejects")[0]
    stats["rejects_by_stage"] = con.execute(
        f"SELECT stage, error, count(*) FROM {rejects} GROUP BY 1, 2 ORDER BY 1, 2",
        {"rejects": params["rejects"]}).fetchall()
    con.close()
    return stats


def print_summary(output_dir: str, result, seconds: float, report: str | None = None) -> None:
    import duckdb

    stats = table_stats(output_dir)
    where = os.path.abspath(output_dir)
    lines = [
        f"newsbeam: done in {seconds:.1f} s -> {where} (all days in it)",
        f"  articles   {stats['articles']:>7}  ({where}/articles/ingest_date=*/language=*/)",
        f"  duplicates {stats['duplicates']:>7}  in {stats['duplicate_clusters']} clusters; "
        f"{stats['stories_shared']} stories shared by 2+ articles",
        f"  events     {stats['events']:>7}  rows in {stats['event_clusters']} clusters: "
        f"{stats['real_events']} real-world events, {stats['fatalities']} fatalities "
        f"({where}/events/ingest_date=*/)",
        f"  rejects    {stats['rejects']:>7}  ({where}/rejects/ingest_date=*/stage=*/)",
    ]
    for stage, error, n in stats["rejects_by_stage"]:
        lines.append(f"    {stage}/{error}: {n}")
    removed = counter_total(result, "extract_boilerplate_lines_removed") if result else 0
    lines.append(f"  boilerplate lines removed from plain text: {removed}")
    lines.append("  example DuckDB query:")
    shown = output_dir.replace("'", "''")  # as SQL would need it pasted
    lines += ["    " + q for q in EXAMPLE_QUERY.format(dir=shown).splitlines()]
    # Run with the files as a parameter: the path is never pasted into the SQL.
    query = EXAMPLE_QUERY.replace(
        "'{dir}/articles/**/*.parquet'", "$files").replace("hive_partitioning = true",
                                                           "hive_partitioning = true, union_by_name = true")
    files = table_files(output_dir, "articles")
    rows = duckdb.execute(query, {"files": files}).fetchall() if stats["articles"] else []
    lines.append("    -> language | articles | dated | avg_chars")
    lines += [f"       {r[0]:<8} | {r[1]:>8} | {r[2]:>5} | {r[3]}" for r in rows]
    if report:
        lines.append(f"report: {report}")
    print("\n".join(lines))
