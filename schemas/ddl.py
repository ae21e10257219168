"""DDL for warehouses, generated from the tables' Arrow schemas (schemas/tables.py).

`newsbeam ddl --engine duckdb|spark|bigquery|clickhouse --output DIR` prints one statement per
table that exposes DIR's Hive-partitioned Parquet with the partition columns typed (Hive
partition values are strings in the paths; ingest_date is a DATE here).
"""

from __future__ import annotations

import pyarrow as pa

from schemas.tables import FILE_SCHEMAS, PARTITIONS

ENGINES = ("duckdb", "spark", "bigquery", "clickhouse")

_TYPES: dict[str, dict[str, str]] = {
    "duckdb": {"string": "VARCHAR", "timestamp": "TIMESTAMPTZ", "date": "DATE", "int32": "INTEGER",
               "int64": "BIGINT", "double": "DOUBLE", "float": "FLOAT", "bool": "BOOLEAN"},
    "spark": {"string": "STRING", "timestamp": "TIMESTAMP", "date": "DATE", "int32": "INT",
              "int64": "BIGINT", "double": "DOUBLE", "float": "FLOAT", "bool": "BOOLEAN"},
    "bigquery": {"string": "STRING", "timestamp": "TIMESTAMP", "date": "DATE", "int32": "INT64",
                 "int64": "INT64", "double": "FLOAT64", "float": "FLOAT64", "bool": "BOOL"},
    "clickhouse": {"string": "String", "timestamp": "DateTime64(6, 'UTC')", "date": "Date32",
                   "int32": "Int32", "int64": "Int64", "double": "Float64", "float": "Float32",
                   "bool": "Bool"},
}


_KINDS = ((pa.types.is_string, "string"), (pa.types.is_timestamp, "timestamp"),
          (pa.types.is_date, "date"), (pa.types.is_int32, "int32"), (pa.types.is_int64, "int64"),
          (pa.types.is_float64, "double"), (pa.types.is_float32, "float"),
          (pa.types.is_boolean, "bool"))


def _kind(arrow_type: pa.DataType) -> str:
    for test, kind in _KINDS:
        if test(arrow_type):
            return kind
    raise ValueError(f"no warehouse type for Arrow type {arrow_type}")


def column_type(engine: str, field: pa.Field) -> str:
    """The engine's type for one Arrow field (ClickHouse spells nullability in the type)."""
    name = _TYPES[engine][_kind(field.type)]
    if engine == "clickhouse" and field.nullable:
        return f"Nullable({name})"
    return name


def _quoted(text: str, engine: str) -> str:
    """A SQL string literal; Spark escapes with backslashes, the others double the quote."""
    if engine == "spark":
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"
    return "'" + text.replace("'", "''") + "'"


def table_ddl(engine: str, table: str, output_dir: str) -> str:
    """One statement exposing `output_dir/<table>` in `engine`."""
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r} (one of {', '.join(ENGINES)})")
    location = f"{output_dir.rstrip('/')}/{table}"
    columns = [(f.name, column_type(engine, f)) for f in FILE_SCHEMAS[table]]
    partitions = [(name, _TYPES[engine][_kind(t)]) for name, t in PARTITIONS[table]]
    if engine == "duckdb":
        types = ", ".join(f"'{name}': {kind}" for name, kind in partitions)
        select = ",\n       ".join([f'"{n}"::{t} AS "{n}"' for n, t in columns]
                                   + [f'"{n}"' for n, _ in partitions])
        return (f"CREATE OR REPLACE VIEW {table} AS\n"
                f"SELECT {select}\n"
                f"FROM read_parquet({_quoted(location + '/**/*.parquet', engine)}, "
                f"hive_partitioning = true, union_by_name = true,\n"
                f"                  hive_types = {{{types}}});")
    if engine == "spark":
        body = ",\n  ".join(f"`{n}` {t}" for n, t in columns + partitions)
        keys = ", ".join(f"`{n}`" for n, _ in partitions)
        return (f"CREATE TABLE IF NOT EXISTS {table} (\n  {body}\n)\nUSING parquet\n"
                f"PARTITIONED BY ({keys})\nLOCATION {_quoted(location, engine)};\n"
                f"MSCK REPAIR TABLE {table};")
    if engine == "bigquery":
        body = ",\n  ".join(f"`{n}` {t}" for n, t in columns)
        keys = ", ".join(f"`{n}` {t}" for n, t in partitions)
        return (f"CREATE OR REPLACE EXTERNAL TABLE newsbeam.{table} (\n  {body}\n)\n"
                f"WITH PARTITION COLUMNS ({keys})\n"
                f"OPTIONS (format = 'PARQUET', uris = [{_quoted(location + '/*', engine)}],\n"
                f"         hive_partition_uri_prefix = {_quoted(location, engine)});")
    structure = ", ".join(f"{n} {t}" for n, t in columns + partitions)
    return (f"CREATE OR REPLACE VIEW {table} AS\n"
            f"SELECT * FROM file({_quoted(location + '/**/*.parquet', engine)}, Parquet,\n"
            f"                   {_quoted(structure, engine)})\n"
            f"SETTINGS use_hive_partitioning = 1;")


def ddl(engine: str, output_dir: str) -> str:
    """Statements for all three tables."""
    return "\n\n".join(table_ddl(engine, table, output_dir) for table in FILE_SCHEMAS) + "\n"
