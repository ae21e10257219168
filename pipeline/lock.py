"""One run per output directory: `DIR/_lock`.

On local disk the lock is an `fcntl.flock` on that file, so it dies with its process: a lock
whose holder was killed is free, and taking it over is the kernel's job, race-free. The file
names the holder (run id, pid, host, start time) for the message a second run prints.

Through Beam's FileSystems (gs://, s3://) there is no such lock: the file is written if absent
and removed at the end. Its holder is taken as dead when it names this host and a pid that no
longer runs; otherwise the message says which run holds it and that the file may be deleted
once that run is known to be gone. Two runs starting in the same instant on two machines are
not excluded there: use one scheduler per output.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import socket

from apache_beam.io.filesystems import FileSystems

from pipeline.options import UsageError
from transforms.commit import is_local, write_atomically

LOCK_FILE = "_lock"


class OutputLock:
    """Held for a run's lifetime: `with OutputLock(dir, run_id): ...`."""

    def __init__(self, output_dir: str, run_id: str) -> None:
        self.path = f"{output_dir}/{LOCK_FILE}"
        self._holder = {"run_id": run_id, "pid": os.getpid(), "host": socket.gethostname(),
                        "started": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")}
        self._handle = None

    def __enter__(self) -> OutputLock:
        if is_local(self.path):
            self._lock_local()
        else:
            self._lock_remote()
        return self

    def __exit__(self, *_exc) -> None:
        if self._handle is not None:
            import fcntl

            fcntl.flock(self._handle, fcntl.LOCK_UN)
            self._handle.close()
            self._handle = None
        elif not is_local(self.path) and FileSystems.exists(self.path):
            FileSystems.delete([self.path])

    def _lock_local(self) -> None:
        import fcntl

        os.makedirs(os.path.dirname(self.path) or ".", exist_ok=True)
        handle = open(self.path, "a+")  # noqa: SIM115 - held open for the run
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = _parse(handle.read())
            handle.close()
            raise UsageError(_in_use(self.path, holder)) from None
        handle.seek(0)
        handle.truncate()
        handle.write(json.dumps(self._holder))
        handle.flush()
        self._handle = handle

    def _lock_remote(self) -> None:
        if FileSystems.exists(self.path):
            with FileSystems.open(self.path) as handle:
                holder = _parse(handle.read().decode("utf-8", "replace"))
            if not _is_dead_here(holder):
                raise UsageError(_in_use(self.path, holder) + "; if no run is alive, delete it")
        write_atomically(self.path, json.dumps(self._holder).encode())


def _parse(text: str) -> dict:
    try:
        holder = json.loads(text)
    except ValueError:
        return {}
    return holder if isinstance(holder, dict) else {}


def _in_use(path: str, holder: dict) -> str:
    who = (f"run {holder.get('run_id', '?')} (pid {holder.get('pid', '?')} on "
           f"{holder.get('host', '?')}, since {holder.get('started', '?')})")
    return f"{path.rsplit('/', 1)[0]} is in use by {who}"


def _is_dead_here(holder: dict) -> bool:
    if holder.get("host") != socket.gethostname() or not isinstance(holder.get("pid"), int):
        return False
    try:
        os.kill(holder["pid"], 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False
