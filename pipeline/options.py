"""Command-line options → validated stage configs and Beam pipeline options.

Stages never read argv or the environment: this module maps flags to their frozen configs.
Beam's own options (`--runner`, `--direct_num_workers`, …) pass through, after the runner
config file's, so the command line wins. Any problem is a `UsageError` (exit 2).
"""

from __future__ import annotations

import argparse
import datetime as dt
import glob
import os
from dataclasses import dataclass, field, replace

import yaml

from transforms.dedup.rules import DedupConfig
from transforms.dedup.stream import MemoryConfig
from transforms.events.rules import EventsConfig
from transforms.sources.files import ReadConfig
from transforms.sources.http import FetchConfig
from transforms.text.extract import ExtractConfig
from transforms.text.language import LanguageConfig
from transforms.write import WriteConfig

DEFAULT_INPUT = "seeds"
DEFAULT_OUTPUT = "out"
_GLOB_CHARS = set("*?[")


class UsageError(Exception):
    """A mistake in how newsbeam was invoked; reported in one line, exit status 2."""


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args, **kwargs) -> None:
        # No abbreviations: "--runner" must reach Beam, not match "--runner-config".
        super().__init__(*args, allow_abbrev=False, **kwargs)

    def error(self, message: str):  # argparse prints usage and exits; we want one line
        raise UsageError(message)


@dataclass(frozen=True)
class RunConfig:
    patterns: tuple[str, ...]
    output_dir: str
    ingest_date: dt.date | None   # None: each row's arrival day (streaming only)
    read: ReadConfig
    extract: ExtractConfig
    language: LanguageConfig
    write: WriteConfig
    literal_files: tuple[str, ...] = ()
    feeds: tuple[str, ...] = ()
    fetch: FetchConfig = field(default_factory=FetchConfig)
    dedup: DedupConfig = field(default_factory=DedupConfig)
    events: EventsConfig = field(default_factory=EventsConfig)
    beam_flags: tuple[str, ...] = field(default=())
    quiet: bool = False
    streaming: StreamingConfig | None = None   # None: a batch run
    replace_all: bool = False                  # a batch run retires every other day too
    report: bool = True                        # write DIR/_reports/<run_id>.html at the end
    # The dedup memory of earlier days (batch) or windows (a stream's, also in `streaming`).
    memory: MemoryConfig = field(default_factory=MemoryConfig)

    def for_run(self, run_id: str, started: dt.datetime, staging: str) -> RunConfig:
        """This config for one run: its rows carry `run_id`; a batch run writes into
        `staging` and stamps `started` as ingested_at (a stream stamps each window's time)."""
        batch = self.streaming is None
        write = replace(self.write, run_id=run_id, ingested_at=started if batch else None,
                        staging_dir=staging if batch else None)
        return replace(self, write=write)


@dataclass(frozen=True)
class StreamingConfig:
    """How a streaming run polls, windows and remembers."""

    poll_interval: float = 60.0
    window: float = 60.0
    watch: bool = False
    memory: MemoryConfig = field(default_factory=MemoryConfig)

    def __post_init__(self) -> None:
        if self.poll_interval <= 0 or self.window <= 0:
            raise ValueError("--poll-interval and --window must be positive")


_DURATION_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_duration(text: str) -> float:
    """Seconds from '90', '90s', '15m', '12h' or '7d'."""
    value = text.strip().lower()
    unit = _DURATION_UNITS.get(value[-1:], None)
    number = value[:-1] if unit else value
    try:
        seconds = float(number) * (unit or 1)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"not a duration: {text!r} (use seconds, or 15m, 12h, 7d)") from None
    if seconds <= 0:
        raise argparse.ArgumentTypeError(f"duration must be positive: {text!r}")
    return seconds


def _add_run_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--input", nargs="+", action="extend", default=None, metavar="PATH",
                        help="files, directories (recursive) or globs; default: seeds/")
    parser.add_argument("--output", default=DEFAULT_OUTPUT, metavar="DIR",
                        help="output directory (default: ./out); a batch run adds its "
                             "--ingest-date's partitions, replacing that day's only")
    parser.add_argument("--replace-all", action="store_true",
                        help="a batch run rewrites the whole output: other days' partitions "
                             "and the saved dedup memory are removed when it commits")
    parser.add_argument("--runner-config", metavar="FILE",
                        help="YAML file of Beam pipeline options; command-line options win")
    parser.add_argument("--ingest-date", metavar="YYYY-MM-DD",
                        help="the ingest_date partition (default: today, UTC)")
    parser.add_argument("--max-document-bytes", type=int, default=ReadConfig.max_document_bytes,
                        help="reject .txt/.html inputs (and .jsonl lines) larger than this")
    parser.add_argument("--chrome-min-docs", type=int, default=ExtractConfig.chrome_min_docs,
                        help="a short line in this many texts of one source is chrome (0: off)")
    parser.add_argument("--extract-processes", type=int, default=None, metavar="N",
                        help="extract HTML pages in a pool of N processes in each Beam worker; "
                             "0: in the worker. Default: the machine's cores for streaming on "
                             "the local Prism runner (one worker process), else 0")
    parser.add_argument("--max-rows-per-file", type=int, default=WriteConfig.max_rows_per_file,
                        help="rows per Parquet file before a partition is split into shards")
    parser.add_argument("--quiet", action="store_true", help="no summary at the end")
    parser.add_argument("--no-report", action="store_true",
                        help="do not write the HTML run report DIR/_reports/<run_id>.html")
    feeds = parser.add_argument_group("feeds")
    feeds.add_argument("--feeds", nargs="+", action="extend", default=None, metavar="URL_OR_FILE",
                       help="RSS/Atom feed URLs, or files listing one feed URL per line; each feed "
                            "is fetched once and every entry becomes an article")
    feeds.add_argument("--allow-private-addresses", action="store_true",
                       help="allow fetching from loopback/private/link-local addresses")
    feeds.add_argument("--fetch-timeout", type=float, default=FetchConfig.timeout,
                       help="seconds per HTTP attempt")
    feeds.add_argument("--fetch-deadline", type=float, default=FetchConfig.url_deadline,
                       help="seconds for one URL in all: attempts, backoff and redirects "
                            "(default 60)")
    feeds.add_argument("--politeness-delay", type=float, default=FetchConfig.politeness_delay,
                       help="minimum seconds between two requests to one host")
    feeds.add_argument("--fetch-concurrency", type=int, default=FetchConfig.concurrency,
                       metavar="N", help="article pages fetched at once per worker process "
                                         "(default 8; the politeness delay still holds per host)")
    events = parser.add_argument_group("events")
    events.add_argument("--events-min-confidence", type=float, default=None, metavar="P",
                        help="keep events whose sentence the model gives at least this "
                             "probability of reporting an ACLED event (0-1; default: the "
                             "threshold chosen on the dev data and shipped with the model)")
    stream = parser.add_argument_group("streaming")
    stream.add_argument("--streaming", action="store_true",
                        help="run unbounded: poll feeds, watch --input folders, write a window "
                             "at a time, until stopped (SIGINT/SIGTERM); appends to --output")
    stream.add_argument("--watch", action="store_true",
                        help="keep matching --input and ingest files that appear later, each "
                             "once (implies --streaming)")
    stream.add_argument("--poll-interval", type=parse_duration, default=StreamingConfig.poll_interval,
                        metavar="SECONDS", help="how often feeds and watched folders are polled "
                                                "(default 60)")
    stream.add_argument("--window", type=parse_duration, default=StreamingConfig.window,
                        metavar="SECONDS", help="rows are written once per window (default 60)")
    dedup = parser.add_argument_group("dedup (defaults measured on benchmarks/syndication.py)")
    # Both runs remember: a stream its earlier windows, a batch run the earlier days' runs.
    dedup.add_argument("--dedup-horizon", type=parse_duration,
                       default=MemoryConfig.horizon_seconds, metavar="DURATION",
                       help="how long copies and stories are remembered: earlier windows of a "
                            "stream, earlier --ingest-date days of batch runs (default 7d)")
    dedup.add_argument("--dedup-max-articles", type=int, default=MemoryConfig.max_articles,
                       help="at most this many articles remembered, streaming or batch "
                            "(default 100000, ~22 KB each)")
    for name, help_text in _DEDUP_OPTIONS.items():
        default = getattr(DedupConfig, name)
        dedup.add_argument("--" + name.replace("_", "-"), type=type(default), default=default,
                           help=f"{help_text} (default {default})")


_DEDUP_OPTIONS = {
    "shingle_size": "words per shingle for copy detection",
    "num_perm": "MinHash permutations",
    "bands": "LSH bands (bands x rows = num-perm)",
    "rows": "rows per LSH band",
    "copy_threshold": "estimated Jaccard that makes two articles copies",
    "passage_size": "words per passage fingerprint for stories",
    "passage_sample": "keep 1 in this many passage fingerprints",
    "story_min_shared": "shared passage fingerprints for a story link",
    "story_min_containment": "... that are at least this share of the smaller article's",
    "bucket_shards": "batch: LSH and passage buckets are grouped into this many shards; "
                     "each holds ~1.5 KB per article / shards (raise it for tens of millions)",
}


def _own_option_names() -> set[str]:
    """newsbeam's own option names, dashed (each option's dest is its name with underscores)."""
    parser = _Parser(add_help=False)
    _add_run_arguments(parser)
    return {dest.replace("_", "-") for dest in vars(parser.parse_args([]))}


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="newsbeam", description="News ingestion pipeline on Apache Beam.")
    commands = parser.add_subparsers(dest="command", parser_class=_Parser)
    commands.required = True
    run = commands.add_parser("run", help="run the batch pipeline",
                              description="Run the pipeline. Unknown --options go to Beam.")
    _add_run_arguments(run)
    from schemas.ddl import ENGINES

    ddl = commands.add_parser("ddl", help="print warehouse DDL for an output directory",
                              description="Print CREATE statements exposing the output's "
                                          "tables, generated from schemas/tables.py.")
    ddl.add_argument("--engine", required=True, choices=ENGINES)
    ddl.add_argument("--output", default=DEFAULT_OUTPUT, metavar="DIR",
                     help="the output directory the statements point at (default: ./out; "
                          "a gs:// or s3:// prefix for BigQuery or a cluster)")
    report = commands.add_parser("report", help="write the HTML report of an output directory",
                                 description="Write one self-contained HTML report over the "
                                             "tables of an output directory.")
    report.add_argument("dir", metavar="DIR", help="a newsbeam output directory")
    report.add_argument("--since", metavar="YYYY-MM-DD",
                        help="only rows with ingest_date on or after this day")
    report.add_argument("--output", metavar="FILE",
                        help="where to write it (default: DIR/_reports/report-<now>.html)")
    return parser


def runner_config_flags(path: str) -> list[str]:
    """Beam flags from a YAML mapping of option names to values."""
    try:
        with open(path, encoding="utf-8") as handle:
            data = yaml.safe_load(handle)
    except OSError as e:
        raise UsageError(f"cannot read runner config {path}: {e.strerror}") from None
    except yaml.YAMLError as e:
        raise UsageError(f"runner config {path} is not valid YAML: {str(e).splitlines()[0]}") from None
    if data is None:
        return []
    if not isinstance(data, dict):
        raise UsageError(f"runner config {path} must be a mapping of option names to values")
    ours = _own_option_names()
    flags: list[str] = []
    for key, value in data.items():
        key = str(key).lstrip("-")
        # newsbeam's options are spelled with dashes, Beam's with underscores; accept either.
        name = "--" + (key.replace("_", "-") if key.replace("_", "-") in ours else key)
        values = value if isinstance(value, list) else [value]
        for v in values:
            if v is True:
                flags.append(name)
            elif v is False or v is None:
                continue
            else:
                flags.append(f"{name}={v}")
    return flags


def _has_scheme(path: str) -> bool:
    head = path.split("/", 1)[0]
    return head.endswith(":") and len(head) > 2  # gs:, s3:, not a Windows drive letter


def absolute_path(path: str) -> str:
    """A local path made absolute; a gs:// or s3:// one as it is."""
    return path if _has_scheme(path) else os.path.abspath(path)


def input_patterns(inputs: list[str], watch: bool = False) -> tuple[list[str], list[str]]:
    """(Beam file patterns, literal local files) for the inputs; every pattern must match at
    least one file, unless watched (an empty inbox folder fills later). A local file whose
    name holds glob characters ("[AFP] story.txt") is read as itself: Beam's patterns have no
    escape for them."""
    from apache_beam.io.filesystems import FileSystems

    patterns, literal = [], []
    for path in inputs:
        if os.path.isfile(path) and _GLOB_CHARS & set(path) and not _has_scheme(path):
            literal.append(path)
            continue
        if os.path.isdir(path) and _GLOB_CHARS & set(path) and not _has_scheme(path) and not watch:
            # A folder named with [, * or ? cannot be a Beam pattern: its files are listed
            # here (links are not followed; broken ones become read rejects when opened).
            found = sorted(os.path.join(folder, name)
                           for folder, _, names in os.walk(path) for name in names)
            if not found:
                raise UsageError(f"no input files under {path}")
            literal += found
            continue
        if _has_scheme(path):
            pattern = path + "**" if path.endswith("/") else path
        elif os.path.isdir(path):
            pattern = path.rstrip("/") + "/**"
        elif os.path.isfile(path):
            pattern = path  # an unreadable file becomes a read reject, not a usage error
        elif _GLOB_CHARS & set(path):
            pattern = path
            if not glob.glob(path, recursive=True) and not watch:
                raise UsageError(f"no files match {path}")
        else:
            raise UsageError(f"input not found: {path}")
        try:
            matched = FileSystems.match([pattern], limits=[1])[0].metadata_list
        except Exception as e:  # noqa: BLE001 - any filesystem failure is the user's to fix
            raise UsageError(f"cannot list {path}: {str(e).splitlines()[0]}") from None
        if not matched and not watch:
            raise UsageError(f"no input files under {path}" if pattern.endswith("**")
                             else f"no files match {path}")
        patterns.append(pattern)
    return patterns, literal


def _beam_option_parser() -> argparse.ArgumentParser:
    from apache_beam.options.pipeline_options import PipelineOptions, _BeamArgumentParser

    parser = _BeamArgumentParser(allow_abbrev=False)
    for cls in {str(c): c for c in PipelineOptions.__subclasses__()}.values():
        cls._add_argparse_args(parser)
    return parser


def check_beam_flags(flags: list[str]) -> None:
    """Refuse options neither newsbeam nor Beam knows (Beam itself only logs and drops them)."""
    try:
        _, unknown = _beam_option_parser().parse_known_args(flags)
    except SystemExit:
        raise UsageError(f"invalid Beam option in: {' '.join(flags)}") from None
    if unknown:
        raise UsageError(f"unknown option {unknown[0]}")


def feed_urls(arguments: list[str]) -> list[str]:
    """Feed URLs from --feeds arguments: URLs as given, files read as one URL per line."""
    from transforms.sources.feeds import read_feed_list

    urls: list[str] = []
    for argument in arguments:
        if argument.startswith(("http://", "https://")):
            urls.append(argument)
        elif os.path.isfile(argument):
            try:
                with open(argument, encoding="utf-8") as handle:
                    listed = read_feed_list(handle.read())
            except (OSError, UnicodeDecodeError) as e:
                raise UsageError(f"cannot read feed list {argument}: {e}") from None
            if not listed:
                raise UsageError(f"feed list {argument} names no feed")
            urls += listed
        else:
            raise UsageError(f"--feeds {argument}: not an http(s) URL nor a readable file")
    return sorted(set(urls), key=urls.index)


def runs_locally(beam_flags: list[str] | tuple[str, ...]) -> bool:
    """Whether the run's runner is a local one (the DirectRunner's engine, or Prism)."""
    from apache_beam.options.pipeline_options import PipelineOptions, StandardOptions

    runner = PipelineOptions(list(beam_flags)).view_as(StandardOptions).runner
    return runner in (None, "DirectRunner", "FnApiRunner", "PrismRunner")


def default_extract_processes(streaming: bool, beam_flags: list[str]) -> int:
    """Streaming on the local Prism runner: a pool of one process per core, since Prism gives
    Python one worker process (the README, Command line). Elsewhere 0: batch runs locally
    start fast without one, and Flink or Dataflow run a worker per core."""
    if streaming and runs_locally(beam_flags):
        return os.cpu_count() or 1
    return 0


def _stage_config(factory, **settings):
    """A stage's config; its own validation is the command line's (one place for each rule)."""
    try:
        return factory(**settings)
    except ValueError as e:
        raise UsageError(f"invalid setting: {e}") from None


def parse_run_args(argv: list[str]) -> RunConfig:
    """Parse `newsbeam run …` arguments (without the leading 'run')."""
    pre = _Parser(add_help=False)
    pre.add_argument("--runner-config")
    known, _ = pre.parse_known_args(argv)
    file_flags = runner_config_flags(known.runner_config) if known.runner_config else []

    parser = _Parser(prog="newsbeam run", add_help=False)
    _add_run_arguments(parser)
    args, beam_flags = parser.parse_known_args(file_flags + argv)
    check_beam_flags(beam_flags)
    try:
        ingest = dt.date.fromisoformat(args.ingest_date) if args.ingest_date else None
    except ValueError:
        raise UsageError(f"--ingest-date must be YYYY-MM-DD, not {args.ingest_date!r}") from None
    read = _stage_config(ReadConfig, max_document_bytes=args.max_document_bytes)
    processes = args.extract_processes
    if processes is None:
        processes = default_extract_processes(args.streaming or args.watch, beam_flags)
    extract = _stage_config(ExtractConfig, chrome_min_docs=args.chrome_min_docs,
                            processes=processes)
    dedup = _stage_config(DedupConfig, **{name: getattr(args, name) for name in _DEDUP_OPTIONS})
    if args.events_min_confidence is not None and not 0 <= args.events_min_confidence <= 1:
        raise UsageError(f"--events-min-confidence must be between 0 and 1, not {args.events_min_confidence}")
    events = EventsConfig(min_confidence=args.events_min_confidence)
    fetch = _stage_config(FetchConfig, timeout=args.fetch_timeout,
                          url_deadline=args.fetch_deadline,
                          politeness_delay=max(0.0, args.politeness_delay),
                          concurrency=args.fetch_concurrency,
                          allow_private_addresses=args.allow_private_addresses)
    feeds = tuple(feed_urls(args.feeds or []))
    # No --input and no other source: the seeds.
    inputs = tuple(args.input or ([] if feeds else [DEFAULT_INPUT]))
    output = args.output.rstrip("/") or "/"
    if os.path.exists(output) and not os.path.isdir(output) and not _has_scheme(output):
        raise UsageError(f"--output {output} exists and is not a directory")
    write = _stage_config(WriteConfig, output_dir=output, max_rows_per_file=args.max_rows_per_file)
    patterns, literal_files = input_patterns(list(inputs), watch=args.streaming or args.watch)
    if args.replace_all and (args.streaming or args.watch):
        raise UsageError("--replace-all is for batch runs; a stream only appends")
    streaming = None
    if not (args.streaming or args.watch) and ingest is None:
        ingest = dt.datetime.now(dt.UTC).date()   # a batch run's rows all carry its day
    memory = _stage_config(MemoryConfig, horizon_seconds=args.dedup_horizon,
                           max_articles=args.dedup_max_articles)
    if args.streaming or args.watch:
        streaming = _stage_config(StreamingConfig, poll_interval=args.poll_interval,
                                  window=args.window, watch=bool(patterns), memory=memory)
        if literal_files:
            raise UsageError(f"cannot watch {literal_files[0]!r}: Beam patterns cannot match "
                             "names with [, * or ?; watch its folder instead")
    return RunConfig(
        patterns=tuple(patterns),
        literal_files=tuple(literal_files),
        output_dir=output,
        ingest_date=ingest,
        read=read,
        extract=extract,
        language=LanguageConfig(),
        write=write,
        dedup=dedup,
        events=events,
        feeds=feeds,
        fetch=fetch,
        beam_flags=tuple(beam_flags),
        quiet=args.quiet,
        streaming=streaming,
        replace_all=args.replace_all,
        report=not args.no_report,
        memory=memory,
    )
