"""`newsbeam` command line.

    newsbeam run [--input PATH ...] [--output DIR] [--runner-config FILE] [Beam options ...]

Exit status: 0 when the run completes (rejected inputs are in rejects/), 1 when the pipeline
fails, 2 for usage errors (one line on stderr, no traceback).
"""

from __future__ import annotations

import logging
import sys
import time

from pipeline.options import UsageError, build_parser, parse_run_args, pipeline_options

logger = logging.getLogger("newsbeam")
TABLES = ("articles", "events", "rejects")


def prepare_output(output_dir: str) -> None:
    """A batch run replaces its tables: remove earlier ones, so no stale rows mix in."""
    from apache_beam.io.filesystems import FileSystems

    for table in TABLES:
        path = f"{output_dir}/{table}"
        if FileSystems.exists(path):
            FileSystems.delete([path])
        FileSystems.mkdirs(path)  # an empty table is an empty folder


def run(argv: list[str]) -> int:
    config = parse_run_args(argv)
    import apache_beam as beam

    from pipeline.graph import build_batch
    from pipeline.summary import print_summary

    options = pipeline_options(config)
    prepare_output(config.output_dir)
    started = time.monotonic()
    pipeline = beam.Pipeline(options=options)
    build_batch(pipeline, config)
    result = pipeline.run()
    result.wait_until_finish()
    if not config.quiet:
        print_summary(config.output_dir, result, time.monotonic() - started)
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    try:
        if not argv or argv[0] in ("-h", "--help"):
            parser.print_help()
            return 0 if argv else 2
        if argv[0] != "run":
            raise UsageError(f"unknown command {argv[0]!r} (try: newsbeam run --help)")
        if "-h" in argv[1:] or "--help" in argv[1:]:
            parser.parse_args(["run", "--help"])
        return run(argv[1:])
    except UsageError as e:
        print(f"newsbeam: error: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("newsbeam: interrupted", file=sys.stderr)
        return 130
    except Exception:  # noqa: BLE001 - a failed run is reported with its traceback, exit 1
        logger.exception("the pipeline failed")
        return 1


if __name__ == "__main__":
    sys.exit(main())
