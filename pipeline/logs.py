"""Logging for the command line (configured by `newsbeam`, never on import)."""

import logging


class _DropImportNoise(logging.Filter):
    """Beam warns at import time about optional GCP clients we do not use."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("apitools not found")


def configure_logging() -> None:
    """newsbeam's command-line logging: warnings and errors on stderr, without the noise of
    libraries that report what newsbeam already turns into reject rows or ignores."""
    # A root handler installed before apache_beam is imported keeps Beam's import-time
    # logging.warning() from calling basicConfig() and printing its noise.
    root = logging.getLogger()
    if not root.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        handler.addFilter(_DropImportNoise())
        root.addHandler(handler)
        root.setLevel(logging.WARNING)
    # Streaming runs: Beam announces starting and stopping the Prism and job-server
    # processes, Prism lists transforms it elides, and MatchContinuously warns that it is
    # stateful (newsbeam knows: see transforms/sources/stream.py). Real errors still show.
    for name in ("apache_beam.utils.subprocess_server", "apache_beam.io.fileio",
                 "apache_beam.runners.portability.prism_runner"):
        logging.getLogger(name).setLevel(logging.ERROR)
