"""Counting for live progress: Beam's counters, mirrored to a local side channel.

Beam's local engine reports metrics only when the job ends, so a terminal watching a run
cannot read them while it runs. `count(name, n)` increments the Beam counter `newsbeam/name`
and, when the launching process asked for progress (it sets `PROGRESS_DIR_ENV`; worker
processes of the multi-process mode inherit it), adds `n` to this process's tally, which a
daemon thread writes to `<dir>/<pid>.json` twice a second (atomically, by rename). The
watcher sums those files (pipeline/progress.py). On remote workers the variable is unset
and the tally does nothing.
"""

from __future__ import annotations

import functools
import json
import os
import threading
import time
from collections import Counter

import apache_beam as beam

PROGRESS_DIR_ENV = "NEWSBEAM_PROGRESS_DIR"
FLUSH_SECONDS = 0.5


class _Tally:
    """This process's counts since it started, written to the progress folder if asked."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counts: Counter = Counter()
        self._folder: str | None = None
        self._pid: int | None = None
        self._dirty = False

    def add(self, name: str, n: int) -> None:
        folder = os.environ.get(PROGRESS_DIR_ENV)
        if not folder:
            return
        with self._lock:
            if self._pid != os.getpid() or self._folder != folder:
                self._start(folder)  # first count here, or a forked worker
            self._counts[name] += n
            self._dirty = True

    def _start(self, folder: str) -> None:
        self._counts, self._folder, self._pid = Counter(), folder, os.getpid()
        threading.Thread(target=self._flush_forever, args=(folder, self._pid),
                         name="newsbeam-progress", daemon=True).start()

    def _flush_forever(self, folder: str, pid: int) -> None:
        while self._folder == folder and self._pid == pid == os.getpid():
            time.sleep(FLUSH_SECONDS)
            if not self.flush():
                return  # the watcher has gone (its folder removed): progress is best effort

    def flush(self) -> bool:
        """Write this process's tally now (if it changed); False when it cannot be written."""
        with self._lock:
            if not self._dirty or self._folder is None:
                return True
            data, self._dirty = json.dumps(self._counts), False
            folder, pid = self._folder, self._pid
        try:
            partial = os.path.join(folder, f".{pid}.{threading.get_ident()}.tmp")
            with open(partial, "w") as handle:
                handle.write(data)
            os.replace(partial, os.path.join(folder, f"{pid}.json"))
        except OSError:
            return False
        return True


_TALLY = _Tally()


def flush() -> None:
    """Write the tally now: worker processes may end before their next half-second write,
    so the last stage (the writers) flushes after each file."""
    _TALLY.flush()


@functools.cache
def _beam_counter(name: str):
    # Beam's counter objects resolve the running bundle's metrics at inc(), so one per name
    # and process serves every bundle (as StageFn kept its own before): none made per call.
    return beam.metrics.Metrics.counter("newsbeam", name)


def count(name: str, n: int = 1) -> None:
    """Increment the Beam counter `newsbeam/<name>` by `n`, and the live progress tally."""
    _beam_counter(name).inc(n)
    _TALLY.add(name, n)
