"""Every table, the empty one included, read by the engines users query it with: DuckDB,
pandas, polars, chDB and Spark; and the DDL `newsbeam ddl` prints, run in DuckDB, chDB and
Spark. The output holds two days, the second with no rejects."""

from __future__ import annotations

import datetime as dt
import shutil

import pyarrow.dataset as ds
import pytest

from schemas.ddl import ENGINES, ddl
from schemas.tables import PARTITIONS, TABLES
from tests.conftest import REPO, run_cli

CONTRACT_COLUMNS = {
    "articles": ["article_id", "source_uri", "url", "title", "text", "published_at", "language",
                 "duplicate_of", "story_id"],
    "events": ["event_id", "article_id", "event_cluster_id", "event_type", "sub_event_type",
               "event_date", "location", "fatalities", "evidence", "cluster_head"],
    "rejects": ["source_uri", "stage", "error", "detail"],
}


@pytest.fixture(scope="module")
def output(tmp_path_factory):
    """Day one: the seeds and an unreadable input (one reject); day two: the seeds only."""
    root = tmp_path_factory.mktemp("engines")
    src = root / "in"
    shutil.copytree(REPO / "seeds", src)
    (src / "broken.txt.gz").write_bytes(b"\x1f\x8b\x08\x00not gzip at all")
    out = root / "out"
    assert run_cli("--input", str(src), "--output", str(out), "--ingest-date", "2026-02-01") == 0
    assert run_cli("--input", str(REPO / "seeds"), "--output", str(out),
                   "--ingest-date", "2026-02-02") == 0
    return out


def expected_rows(output, table: str) -> dict[str, int]:
    """Rows per ingest day, counted by pyarrow with the partitions typed."""
    import pyarrow as pa

    schema = pa.schema([(name, kind) for name, kind in PARTITIONS[table]])
    data = ds.dataset(output / table, partitioning=ds.partitioning(schema, flavor="hive"))
    days = data.to_table(columns=["ingest_date"]).column("ingest_date").to_pylist()
    return {d.isoformat(): days.count(d) for d in sorted(set(days))}


def test_the_rejects_table_is_empty_on_day_two(output):
    assert expected_rows(output, "rejects") == {"2026-02-01": 1}
    assert set(expected_rows(output, "articles")) == {"2026-02-01", "2026-02-02"}


def _check(columns: list[str], rows: int, table: str, output) -> None:
    assert set(CONTRACT_COLUMNS[table]) | {"run_id", "ingested_at", "ingest_date"} <= set(columns)
    assert rows == sum(expected_rows(output, table).values())


@pytest.mark.parametrize("table", list(TABLES))
def test_duckdb_reads_every_table(output, table):
    import duckdb

    rel = duckdb.execute("SELECT * FROM read_parquet($files, hive_partitioning = true)",
                         {"files": f"{output}/{table}/**/*.parquet"})
    columns = [d[0] for d in rel.description]
    _check(columns, len(rel.fetchall()), table, output)


@pytest.mark.parametrize("table", list(TABLES))
def test_pandas_reads_every_table(output, table):
    pd = pytest.importorskip("pandas")
    frame = pd.read_parquet(output / table)
    _check(list(frame.columns), len(frame), table, output)


@pytest.mark.parametrize("table", list(TABLES))
def test_polars_reads_every_table_with_typed_days(output, table):
    pl = pytest.importorskip("polars")
    frame = pl.scan_parquet(f"{output}/{table}/**/*.parquet", hive_partitioning=True).collect()
    _check(frame.columns, frame.height, table, output)
    assert frame.schema["ingest_date"] == pl.Date


@pytest.mark.parametrize("table", list(TABLES))
def test_chdb_reads_every_table(output, table):
    chdb = pytest.importorskip("chdb")
    glob = f"{output}/{table}/**/*.parquet".replace("'", "\\'")
    query = f"FROM file('{glob}', Parquet) SETTINGS use_hive_partitioning = 1"
    columns = [r.split(",")[0].strip('"') for r in
               str(chdb.query(f"DESCRIBE (SELECT * {query})", "CSV")).split()]
    rows = int(str(chdb.query(f"SELECT count() {query}", "CSV")).strip())
    _check(columns, rows, table, output)


@pytest.fixture(scope="module")
def spark(tmp_path_factory):
    pytest.importorskip("pyspark")
    if not shutil.which("java"):
        pytest.skip("Spark needs Java")
    from pyspark.sql import SparkSession

    session = (SparkSession.builder.master("local[1]").appName("newsbeam-engine-tests")
               .config("spark.ui.enabled", "false")
               .config("spark.sql.warehouse.dir", str(tmp_path_factory.mktemp("warehouse")))
               .config("spark.sql.session.timeZone", "UTC")
               .config("spark.sql.shuffle.partitions", "1").getOrCreate())
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.mark.parametrize("table", list(TABLES))
def test_spark_reads_every_table(output, spark, table):
    frame = spark.read.parquet(str(output / table))
    _check(frame.columns, frame.count(), table, output)
    assert dict(frame.dtypes)["ingest_date"] == "date"


# --- the generated DDL, executed ------------------------------------------------------------


def _statements(text: str) -> list[str]:
    return [s.strip() for s in text.split(";\n") if s.strip()]


def test_duckdb_ddl_gives_typed_views(output):
    import duckdb

    con = duckdb.connect()
    con.execute(ddl("duckdb", str(output)))
    for table in TABLES:
        rows, day_type = con.execute(f"SELECT count(*), typeof(any_value(ingest_date)) "
                                     f"FROM {table}").fetchone()
        assert rows == sum(expected_rows(output, table).values())
        assert day_type in ("DATE", "NULL")  # NULL: no row to type (the empty day)
    assert con.execute("SELECT min(ingest_date) FROM articles").fetchone()[0] == dt.date(2026, 2, 1)
    # The README's count of real-world events and their fatalities runs on the view.
    events, fatalities = con.execute(
        "SELECT count(*), sum(fatalities) FROM events WHERE cluster_head").fetchone()
    assert 0 < events < con.execute("SELECT count(*) FROM events").fetchone()[0]
    assert fatalities > 0


def test_chdb_ddl_gives_views(output):
    pytest.importorskip("chdb")
    from chdb import session

    con = session.Session()
    for statement in _statements(ddl("clickhouse", str(output))):
        con.query(statement)
    for table in TABLES:
        rows = int(str(con.query(f"SELECT count() FROM {table}", "CSV")).strip())
        assert rows == sum(expected_rows(output, table).values())


def test_spark_ddl_gives_partitioned_tables(output, spark):
    for statement in _statements(ddl("spark", str(output))):
        spark.sql(statement.rstrip(";"))
    for table in TABLES:
        assert spark.sql(f"SELECT * FROM {table}").count() == sum(expected_rows(output, table).values())
    days = {r[0] for r in spark.sql("SELECT DISTINCT ingest_date FROM articles").collect()}
    assert days == {dt.date(2026, 2, 1), dt.date(2026, 2, 2)}


def test_bigquery_ddl_names_every_column_and_the_partitions():
    text = ddl("bigquery", "gs://bucket/news")
    for table, schema in TABLES.items():
        keys = [name for name, _ in PARTITIONS[table]]
        assert f"newsbeam.{table} (" in text and f"'gs://bucket/news/{table}/*'" in text
        for field in schema:
            assert f"`{field.name}`" in text
        assert "WITH PARTITION COLUMNS (" + ", ".join(
            f"`{k}` {'DATE' if k == 'ingest_date' else 'STRING'}" for k in keys) + ")" in text


def test_a_path_with_quotes_is_quoted_for_every_engine(tmp_path):
    import duckdb

    for engine in ENGINES:
        assert "it's here" not in ddl(engine, "/data/it's here")  # escaped, never pasted
    odd = tmp_path / "it's here"
    assert run_cli("--input", str(REPO / "seeds"), "--output", str(odd)) == 0
    con = duckdb.connect()
    con.execute(ddl("duckdb", str(odd)))
    assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == 5
