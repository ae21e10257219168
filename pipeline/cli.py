"""`newsbeam` command line.

    newsbeam run [--input PATH ...] [--feeds URL_OR_FILE ...] [--output DIR]
                 [--streaming [--watch] [--poll-interval S] [--window S]]
                 [--runner-config FILE] [--no-report] [Beam options ...]
    newsbeam report DIR [--since YYYY-MM-DD] [--output FILE]
    newsbeam ddl --engine ENGINE [--output DIR]

Exit status: 0 when the run completes (rejected inputs are in rejects/) or a streaming run is
stopped by SIGINT/SIGTERM, 1 when the pipeline fails, 2 for usage errors (one line on stderr,
no traceback).
"""

from __future__ import annotations

import datetime as dt
import logging
import signal
import sys
import threading
import time
from typing import TYPE_CHECKING

from pipeline import worker_server
from pipeline.ledger import LostRows
from pipeline.logs import configure_logging

if TYPE_CHECKING:
    from pipeline.output import Run

logger = logging.getLogger("newsbeam")
TABLES = ("articles", "events", "rejects")


def prepare_streaming_output(output_dir: str, run: Run | None = None,
                             day: dt.date | None = None) -> frozenset[str]:
    """A streaming run appends: complete or discard what a dead run left, and return the
    inputs earlier runs committed (they are not ingested again).

    A window whose commit journal was written is rolled forward (all its tables' files put in
    place); a window staged but not committed is deleted, and its inputs, having no rows in
    the tables, are read and derived again in full."""
    from pipeline.output import clean_up, keep_tables_readable
    from pipeline.resume import ingested_inputs, remove_partial_files

    clean_up(output_dir)
    removed = remove_partial_files(output_dir)
    if removed:
        logger.info("removed %d half-written file(s) of an earlier run", removed)
    if run is not None:
        keep_tables_readable(output_dir, run, day or run.started.date())
    return ingested_inputs(output_dir)


def run_streaming(config, options, run: Run | None = None) -> int:
    """Run until SIGINT/SIGTERM, then cancel the job: each window's rows of all tables are
    committed together (transforms/write.CommitWindows), and rows in flight are ingested
    again on restart; a SIGKILL leaves the same, and the restart completes or discards it."""
    import apache_beam as beam

    from pipeline.graph import build_streaming
    from pipeline.progress import LiveProgress
    from pipeline.summary import print_summary

    already = prepare_streaming_output(config.output_dir, run, config.ingest_date)
    started = time.monotonic()
    pipeline = beam.Pipeline(options=options)
    build_streaming(pipeline, config, already)
    stop = threading.Event()
    received: list[str] = []

    def on_signal(signum, _frame):
        received.append(signal.Signals(signum).name)
        stop.set()

    previous = {s: signal.signal(s, on_signal) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        result = pipeline.run()
        failures: list[Exception] = []
        finished = threading.Thread(target=_wait, args=(result, failures), daemon=True)
        finished.start()
        print(f"newsbeam: streaming into {config.output_dir} (already ingested: "
              f"{len(already)} inputs); stop with Ctrl-C or SIGTERM", file=sys.stderr, flush=True)
        with LiveProgress(_show_progress(config), streaming=True):
            while finished.is_alive() and not stop.wait(0.5):
                pass
        if stop.is_set():
            print(f"newsbeam: {received[0]}: stopping; files written so far are complete",
                  file=sys.stderr, flush=True)
            try:
                result.cancel()
            except Exception:  # noqa: BLE001 - the job may already be gone
                logger.debug("cancel failed", exc_info=True)
            finished.join(timeout=30)
        elif failures:
            raise failures[0]
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
    # The stream is stopped (still under the run's lock): its report covers all of DIR.
    report = (write_run_report(config.output_dir, run.run_id)
              if config.report and run is not None else None)
    if not config.quiet:
        print_summary(config.output_dir, None, time.monotonic() - started, report)
    return 0


def _show_progress(config) -> bool:
    """Live progress only for a person watching: on a terminal, and not --quiet."""
    return not config.quiet and sys.stderr.isatty()


def _wait(result, failures: list[Exception]) -> None:
    """Wait for the job in a thread (the main one watches for signals); keep its failure."""
    try:
        result.wait_until_finish()
    except Exception as e:  # noqa: BLE001 - re-raised by the main thread
        failures.append(e)


def run(argv: list[str]) -> int:
    from pipeline.options import parse_run_args
    from pipeline.runners import pipeline_options

    config = parse_run_args(argv)
    import apache_beam as beam

    from pipeline.graph import build_batch
    from pipeline.ledger import check_ledger
    from pipeline.lock import OutputLock
    from pipeline.output import Run, clean_up, discard_staging, publish_batch
    from pipeline.progress import LiveProgress
    from pipeline.summary import print_summary
    from transforms.commit import staging_dir

    options = pipeline_options(config)
    this_run = Run.new()
    config = config.for_run(this_run.run_id, this_run.started,
                            staging_dir(config.output_dir, this_run.run_id))
    with OutputLock(config.output_dir, this_run.run_id):
        if config.streaming is not None:
            return run_streaming(config, options, this_run)
        clean_up(config.output_dir)
        started = time.monotonic()
        pipeline = beam.Pipeline(options=options)
        build_batch(pipeline, config)
        try:
            with LiveProgress(_show_progress(config)):
                result = pipeline.run()
                result.wait_until_finish()
            check_ledger(result)
        except BaseException:
            discard_staging(config.output_dir, this_run)  # DIR stays as it was
            raise
        publish_batch(config.output_dir, this_run, config.ingest_date, config.replace_all)
        # Under the lock: no other run commits while the report reads DIR.
        report = write_run_report(config.output_dir, this_run.run_id) if config.report else None
    if not config.quiet:
        print_summary(config.output_dir, result, time.monotonic() - started, report)
    return 0


def write_run_report(output_dir: str, run_id: str) -> str | None:
    """DIR/_reports/<run_id>.html over all of DIR; the run has committed, so a report that
    cannot be built is a warning, never a failed run."""
    from pipeline.options import absolute_path
    from pipeline.report import build_report, run_report_path

    output_dir = absolute_path(output_dir)
    try:
        return build_report(output_dir, run_report_path(output_dir, run_id))
    except Exception:  # noqa: BLE001 - the data is committed; the report is a convenience
        logger.warning("could not write the run report", exc_info=True)
        return None


def write_report(args) -> int:
    """`newsbeam report DIR [--since DAY] [--output FILE]`: one report over DIR."""
    import os

    from pipeline.options import UsageError, _has_scheme, absolute_path
    from pipeline.report import REPORTS_DIR, build_report

    output_dir = absolute_path(args.dir)
    if not _has_scheme(output_dir) and not os.path.isdir(os.path.join(output_dir, "articles")):
        raise UsageError(f"{args.dir} is not a newsbeam output directory (no articles/ in it)")
    try:
        since = dt.date.fromisoformat(args.since) if args.since else None
    except ValueError:
        raise UsageError(f"--since {args.since!r} is not a day (YYYY-MM-DD)") from None
    now = dt.datetime.now(dt.UTC)
    default = f"{output_dir}/{REPORTS_DIR}/report-{now:%Y%m%dT%H%M%SZ}.html"
    path = absolute_path(args.output or default)
    print(f"report: {build_report(output_dir, path, since)}")
    return 0


def print_ddl(args) -> int:
    """`newsbeam ddl --engine E --output DIR`: the tables' DDL on stdout."""
    from pipeline.options import absolute_path
    from schemas.ddl import ddl

    sys.stdout.write(ddl(args.engine, absolute_path(args.output)))
    return 0


def main(argv: list[str] | None = None) -> int:
    # Before apache_beam is first imported (by the options' stage configs): see pipeline/logs.py.
    configure_logging()
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["run"] and worker_server.wanted(argv[1:]):
        worker_server.start()  # warms up while Beam is imported here (pipeline/worker_server.py)
    from pipeline.options import UsageError, build_parser

    parser = build_parser()
    try:
        if not argv or argv[0] in ("-h", "--help"):
            parser.print_help()
            return 0 if argv else 2
        if argv[0] == "ddl":
            return print_ddl(parser.parse_args(argv))
        if argv[0] == "report":
            return write_report(parser.parse_args(argv))
        if argv[0] != "run":
            raise UsageError(f"unknown command {argv[0]!r} (try: newsbeam run --help, "
                             "newsbeam report --help, newsbeam ddl --help)")
        if "-h" in argv[1:] or "--help" in argv[1:]:
            parser.parse_args(["run", "--help"])
        return run(argv[1:])
    except UsageError as e:
        print(f"newsbeam: error: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("newsbeam: interrupted", file=sys.stderr)
        return 130
    except LostRows as e:
        print(f"newsbeam: error: {e}", file=sys.stderr)
        return 1
    except Exception:  # noqa: BLE001 - a failed run is reported with its traceback, exit 1
        logger.exception("the pipeline failed")
        return 1


if __name__ == "__main__":
    sys.exit(main())
