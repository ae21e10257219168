"""Arrow schemas of newsbeam's output tables: the one place that defines their columns.

Each table is Hive-partitioned; partition columns live in the directory names, not in the
files (the Hive and Spark convention), so `FILE_SCHEMAS` omit them and `PARTITIONS` name them.
The columns named in CONTRACT.md come first; the rest are compatible extensions. Every table
has `RUN_COLUMNS` (which run wrote the row, and when); columns added after them are appended
at the end, so files written before keep their column order as a prefix.
"""

from __future__ import annotations

import pyarrow as pa

UTC_MICROS = pa.timestamp("us", tz="UTC")

RUN_COLUMNS = [
    pa.field("run_id", pa.string(), nullable=False),        # the run that wrote the row
    pa.field("ingested_at", UTC_MICROS, nullable=False),    # when that run (or window) committed it
]

ARTICLES = pa.schema([
    pa.field("article_id", pa.string(), nullable=False),
    pa.field("source_uri", pa.string(), nullable=False),
    pa.field("url", pa.string()),
    pa.field("title", pa.string()),
    pa.field("text", pa.string(), nullable=False),
    pa.field("published_at", UTC_MICROS),
    pa.field("language", pa.string(), nullable=False),
    pa.field("duplicate_of", pa.string()),
    pa.field("story_id", pa.string(), nullable=False),
    # Extensions.
    pa.field("source_line", pa.int32()),          # 1-based line of a .jsonl input, else null
    pa.field("input_kind", pa.string()),          # text | html (what the cleaner saw)
    pa.field("published_source", pa.string()),    # where published_at was read from
    pa.field("author", pa.string()),
    pa.field("site_name", pa.string()),
    pa.field("boilerplate_lines_removed", pa.int32()),
    pa.field("text_chars", pa.int32()),
    pa.field("dup_similarity", pa.float64()),     # estimated Jaccard to the canonical (copies)
    pa.field("story_overlap", pa.float64()),      # passage containment with its closest story peer
    pa.field("fetched_from", pa.string()),        # file | page (a feed entry's link) | entry (its own content)
    pa.field("entry_id", pa.string()),            # the feed entry's id/guid (else its link); null for files
    pa.field("source_offset", pa.int64()),        # byte offset of a WARC record in its archive
    pa.field("fetched_at", UTC_MICROS),           # when a crawler fetched the page (WARC-Date)
    *RUN_COLUMNS,
    # JSON {kind: lines} summing to boilerplate_lines_removed (text inputs; null for HTML,
    # which trafilatura cleans): a string, as every engine reads it (like fatality_breakdown).
    pa.field("boilerplate_removed", pa.string()),
])

EVENTS = pa.schema([
    pa.field("event_id", pa.string(), nullable=False),
    pa.field("article_id", pa.string(), nullable=False),
    pa.field("event_cluster_id", pa.string(), nullable=False),
    pa.field("event_type", pa.string(), nullable=False),
    pa.field("sub_event_type", pa.string(), nullable=False),
    pa.field("event_date", pa.date32()),
    pa.field("location", pa.string()),
    pa.field("country_code", pa.string()),
    pa.field("latitude", pa.float64()),
    pa.field("longitude", pa.float64()),
    pa.field("fatalities", pa.int32()),
    pa.field("actor1", pa.string()),
    pa.field("actor2", pa.string()),
    pa.field("evidence", pa.string(), nullable=False),
    # Extensions.
    pa.field("event_day_source", pa.string()),    # text:date | text:weekday | … | text:story | published
    pa.field("location_resolved", pa.string()),   # gazetteer name of the place (Tadmur for Palmyra)
    pa.field("geo_precision", pa.string()),       # place | approximate | region | article (from context) | country
    pa.field("fatalities_civilians", pa.int32()),
    pa.field("fatalities_state_forces", pa.int32()),
    pa.field("fatalities_armed_groups", pa.int32()),
    pa.field("fatality_breakdown", pa.string()),  # JSON {group as written: count}
    pa.field("actor1_category", pa.string()),     # ACLED actor categories
    pa.field("actor2_category", pa.string()),
    pa.field("story_id", pa.string()),            # the reporting article's story
    pa.field("story_count", pa.int32()),          # distinct stories reporting this cluster
    pa.field("confidence", pa.float32(), nullable=False),  # P(ACLED event), learned model
    # One row per event_cluster_id is its head: count real-world events and sum their
    # fatalities over `WHERE cluster_head` (the row with the cluster's largest count).
    pa.field("cluster_head", pa.bool_(), nullable=False),
    pa.field("url", pa.string()),                 # the source article's url, title, published_at
    pa.field("title", pa.string()),
    pa.field("published_at", UTC_MICROS),
    *RUN_COLUMNS,
])

REJECTS = pa.schema([
    pa.field("source_uri", pa.string(), nullable=False),
    pa.field("stage", pa.string(), nullable=False),
    pa.field("error", pa.string(), nullable=False),
    pa.field("detail", pa.string(), nullable=False),
    # Extensions.
    pa.field("source_line", pa.int32()),          # 1-based line of a .jsonl input, else null
    pa.field("input_id", pa.string()),            # the article_id the input would have had
    pa.field("entry_id", pa.string()),            # the feed entry's id/guid, for stage=fetch
    pa.field("source_offset", pa.int64()),        # byte offset of a WARC record in its archive
    *RUN_COLUMNS,
])

# Partition columns per table, outermost first, with their Arrow types when read back. The
# run's day comes first: a batch run replaces exactly its day's folder of each table.
PARTITIONS: dict[str, list[tuple[str, pa.DataType]]] = {
    "articles": [("ingest_date", pa.date32()), ("language", pa.string())],
    "events": [("ingest_date", pa.date32())],
    "rejects": [("ingest_date", pa.date32()), ("stage", pa.string())],
}

# Rows within each file are sorted by these, so Parquet's min/max statistics prune.
SORT_KEYS: dict[str, tuple[str, ...]] = {
    "articles": ("article_id",),
    "events": ("event_date", "event_id"),
    "rejects": ("source_uri", "source_line", "input_id"),
}

# Schemas of the files themselves: the table minus its partition columns.
FILE_SCHEMAS: dict[str, pa.Schema] = {}
for _name, _schema in {"articles": ARTICLES, "events": EVENTS, "rejects": REJECTS}.items():
    _keys = {k for k, _ in PARTITIONS[_name]}
    FILE_SCHEMAS[_name] = pa.schema([f for f in _schema if f.name not in _keys])

TABLES: dict[str, pa.Schema] = {"articles": ARTICLES, "events": EVENTS, "rejects": REJECTS}

HIVE_NULL = "__HIVE_DEFAULT_PARTITION__"
