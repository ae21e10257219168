"""The end-of-run summary: what was written, read back from the Parquet itself with DuckDB."""

from __future__ import annotations

import glob
import os

from schemas.tables import TABLES

EXAMPLE_QUERY = """\
SELECT language, count(*) AS articles, count(published_at) AS dated,
       round(avg(length(text))) AS avg_chars
FROM read_parquet('{dir}/articles/**/*.parquet', hive_partitioning = true)
GROUP BY language ORDER BY articles DESC, language"""


def _scan(table: str, output_dir: str) -> str:
    if not glob.glob(f"{output_dir}/{table}/**/*.parquet", recursive=True):
        # DuckDB refuses an empty glob; an empty table is a query with no rows.
        names = TABLES[table].names
        nulls = ", ".join("NULL" for _ in names)
        return f"(SELECT * FROM (VALUES ({nulls})) AS t({', '.join(names)}) WHERE false)"
    return f"read_parquet('{output_dir}/{table}/**/*.parquet', hive_partitioning = true)"


def table_stats(output_dir: str) -> dict[str, object]:
    """Counts of the run's tables (used by the summary and by tests)."""
    import duckdb

    con = duckdb.connect()
    one = lambda sql: con.execute(sql).fetchone()  # noqa: E731
    arts, events, rejects = _scan("articles", output_dir), _scan("events", output_dir), \
        _scan("rejects", output_dir)
    stats: dict[str, object] = {}
    stats["articles"], stats["duplicates"] = one(
        f"SELECT count(*), count(duplicate_of) FROM {arts}")
    stats["stories_shared"] = one(
        f"SELECT count(*) FROM (SELECT story_id FROM {arts} GROUP BY 1 HAVING count(*) > 1)")[0]
    stats["duplicate_clusters"] = one(
        f"SELECT count(DISTINCT duplicate_of) FROM {arts}")[0]
    stats["events"], stats["event_clusters"] = one(
        f"SELECT count(*), count(DISTINCT event_cluster_id) FROM {events}")
    stats["rejects"] = one(f"SELECT count(*) FROM {rejects}")[0]
    stats["rejects_by_stage"] = con.execute(
        f"SELECT stage, error, count(*) FROM {rejects} GROUP BY 1, 2 ORDER BY 1, 2").fetchall()
    con.close()
    return stats


def _counter(result, name: str) -> int:
    from apache_beam.metrics.metric import MetricsFilter

    try:
        found = result.metrics().query(MetricsFilter().with_name(name))["counters"]
    except Exception:  # noqa: BLE001 - some runners report no metrics
        return 0
    return sum(c.committed or c.attempted or 0 for c in found)


def print_summary(output_dir: str, result, seconds: float) -> None:
    import duckdb

    stats = table_stats(output_dir)
    where = os.path.abspath(output_dir)
    lines = [
        f"newsbeam: done in {seconds:.1f} s -> {where}",
        f"  articles   {stats['articles']:>7}  ({where}/articles/ingest_date=*/language=*/)",
        f"  duplicates {stats['duplicates']:>7}  in {stats['duplicate_clusters']} clusters; "
        f"{stats['stories_shared']} stories shared by 2+ articles",
        f"  events     {stats['events']:>7}  in {stats['event_clusters']} clusters "
        f"({where}/events/)",
        f"  rejects    {stats['rejects']:>7}  ({where}/rejects/stage=*/)",
    ]
    for stage, error, n in stats["rejects_by_stage"]:
        lines.append(f"    {stage}/{error}: {n}")
    removed = _counter(result, "extract_boilerplate_lines_removed")
    lines.append(f"  boilerplate lines removed from plain text: {removed}")
    query = EXAMPLE_QUERY.format(dir=output_dir)
    lines.append("  example DuckDB query:")
    lines += ["    " + q for q in query.splitlines()]
    rows = duckdb.sql(query).fetchall() if stats["articles"] else []
    lines.append("    -> language | articles | dated | avg_chars")
    lines += [f"       {r[0]:<8} | {r[1]:>8} | {r[2]:>5} | {r[3]}" for r in rows]
    print("\n".join(lines))
