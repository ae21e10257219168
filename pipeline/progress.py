"""Live progress of a run on a terminal (rich), fed by the workers' tallies.

The workers count through `transforms.progress.count`, which mirrors Beam's counters into
small files in a folder this watcher creates (Beam's local engine reports its metrics only
when the job ends). Twice a second the watcher sums the files and redraws a few lines on
stderr. Off a terminal, or with --quiet, nothing is drawn and no folder is made. Log lines
printed meanwhile appear above the display.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import sys
import tempfile
import threading
import time
from collections import Counter
from types import TracebackType

from transforms.progress import FLUSH_SECONDS, PROGRESS_DIR_ENV


def read_tallies(folder: str) -> Counter:
    """The sum of every worker's tally in `folder` (a file being replaced is skipped once)."""
    total: Counter = Counter()
    for name in os.listdir(folder):
        if not name.endswith(".json") or name.startswith("."):
            continue
        try:
            with open(os.path.join(folder, name)) as handle:
                total.update(json.load(handle))
        except (OSError, ValueError):
            continue
    return total


def _duration(seconds: float) -> str:
    seconds = int(seconds)
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


def batch_lines(counts: Counter, elapsed: float, extracting_for: float | None) -> list[str]:
    """What a batch run shows: inputs, documents per stage, rate and time left.

    `extracting_for`: seconds since the first document entered extraction (None before):
    the rate is the extraction's. The ETA follows the inputs read while they are read, then
    the documents extracted, as plain text waits for the whole run's recurring lines."""
    matched = counts["read_files_matched"]
    work, work_done = counts["read_work_total"], counts["read_work_done"]  # files, WARC ranges
    docs = counts["extract_in"]
    # Every record read goes on to extraction unless decoding rejects it.
    decode_rejects = sum(n for name, n in counts.items() if name.startswith("decode_rejected_"))
    to_extract = counts["ledger_records"] - decode_rejects + counts["fetch_out"]
    rate = docs / extracting_for if extracting_for else 0.0
    written = counts["write_articles_rows"] + counts["write_rejects_rows"]
    if work and work_done < work:
        # Reading, decoding and extracting HTML run as one pass over the inputs.
        left = _duration(elapsed * (work - work_done) / work_done) if work_done else "…"
        phase = f"reading {work_done:,}/{work:,} ({work_done / work:.0%}), ETA {left}"
    elif docs and docs < to_extract:
        # Plain text waits for the run's recurring lines, then is extracted.
        left = _duration((to_extract - docs) / rate) if rate else "…"
        phase = f"extracting {docs:,}/{to_extract:,} ({docs / to_extract:.0%}), ETA {left}"
    elif written:
        phase = "writing the tables"
    elif not docs:
        phase = "matching and reading inputs"
    else:
        phase = "dedup and events over the whole run"
    return [
        f"inputs   {matched:,} files matched · {counts['ledger_records']:,} records read",
        f"stages   decoded {counts['decode_out']:,} · extracted {counts['extract_out']:,} · "
        f"language {counts['language_out']:,} · events {counts['events_articles']:,} "
        f"({counts['events_extracted']:,} found"
        + (f", {counts['events_failed']:,} failed: see the log)" if counts["events_failed"] else ")"),
        f"rate     {rate:,.1f} docs/s · {_duration(elapsed)} · {phase} · {written:,} rows written",
    ]


def stream_lines(counts: Counter, elapsed: float, last_commit_ago: float | None) -> list[str]:
    """What a stream shows: polls, new entries, windows committed and lag."""
    committed = counts["write_articles_rows"] + counts["write_rejects_rows"]
    lag = "no window committed yet" if last_commit_ago is None else (
        f"last window committed {last_commit_ago:.0f} s ago")
    return [
        f"sources  {counts['feeds_polls']:,} polls ({counts['feeds_poll_failed']:,} failed) · "
        f"{counts['feeds_new_entries']:,} new entries · {counts['watch_new_files']:,} new files",
        f"stages   extracted {counts['extract_out']:,} · in flight "
        f"{max(0, counts['extract_in'] - committed):,} · rows committed {committed:,}",
        f"windows  {counts['write_window_commits']:,} committed · {lag} · {_duration(elapsed)}",
    ]


class LiveProgress:
    """Context manager around a running job: draws its progress while it runs (when on)."""

    def __init__(self, enabled: bool, streaming: bool = False) -> None:
        self._enabled = enabled
        self._streaming = streaming
        self._stop = threading.Event()
        self._folder: str | None = None

    def __enter__(self) -> LiveProgress:
        if not self._enabled:
            return self
        from rich.console import Console
        from rich.live import Live
        from rich.text import Text

        self._text = Text
        self._folder = tempfile.mkdtemp(prefix="newsbeam-progress-")
        os.environ[PROGRESS_DIR_ENV] = self._folder
        self._started = time.monotonic()
        self._commits, self._last_commit = 0, None
        self._extracting_since: float | None = None
        self._docs_seen, self._docs_seen_at = 0, 0.0
        self._live = Live(self._render(), console=Console(stderr=True), auto_refresh=False,
                          redirect_stdout=False, redirect_stderr=True)
        self._live.start()
        # Log handlers hold the stderr they were made with: point them at the live
        # display's proxy, so their lines print above it instead of through it.
        self._handlers = [h for h in logging.getLogger().handlers
                          if isinstance(h, logging.StreamHandler) and h.stream is sys.__stderr__]
        for handler in self._handlers:
            handler.setStream(sys.stderr)
        self._thread = threading.Thread(target=self._watch, name="newsbeam-progress-view",
                                        daemon=True)
        self._thread.start()
        return self

    def _render(self, counts: Counter | None = None):
        counts = counts or Counter()
        elapsed = time.monotonic() - self._started
        if self._streaming:
            if counts["write_window_commits"] != self._commits:
                self._commits, self._last_commit = counts["write_window_commits"], time.monotonic()
            ago = None if self._last_commit is None else time.monotonic() - self._last_commit
            lines = stream_lines(counts, elapsed, ago)
        else:
            # The rate is over the time documents kept entering extraction, so it holds
            # still once extraction is done (dedup and events come after it).
            now = time.monotonic()
            if counts["extract_in"] != self._docs_seen:
                self._docs_seen, self._docs_seen_at = counts["extract_in"], now
                if self._extracting_since is None:
                    self._extracting_since = now
            since = self._extracting_since
            lines = batch_lines(counts, elapsed,
                                None if since is None else max(self._docs_seen_at - since, 0.5))
        return self._text("\n".join(lines))

    def _watch(self) -> None:
        while not self._stop.wait(FLUSH_SECONDS):
            self._live.update(self._render(read_tallies(self._folder)), refresh=True)

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        if not self._enabled:
            return
        self._stop.set()
        self._thread.join()
        time.sleep(FLUSH_SECONDS)  # the workers' last half second
        self._live.update(self._render(read_tallies(self._folder)), refresh=True)
        self._live.stop()
        for handler in self._handlers:
            handler.setStream(sys.__stderr__)
        os.environ.pop(PROGRESS_DIR_ENV, None)
        shutil.rmtree(self._folder, ignore_errors=True)
