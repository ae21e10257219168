"""Run a command and measure its wall time and the peak RSS of its whole process tree.

Forked and spawned workers do not show in the parent's rusage, so /proc is sampled every
100 ms and the tree's resident sizes are summed.
"""

from __future__ import annotations

import os
import subprocess
import time
from dataclasses import dataclass


@dataclass
class Measurement:
    seconds: float
    peak_rss_mb: float
    returncode: int
    stdout: str


def _children(pid: int) -> list[int]:
    kids = []
    try:
        for tid in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{tid}/children") as f:
                kids += [int(c) for c in f.read().split()]
    except OSError:
        pass
    return kids


def _rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def tree_rss_kb(root: int) -> int:
    total, stack, seen = 0, [root], set()
    while stack:
        pid = stack.pop()
        if pid in seen:
            continue
        seen.add(pid)
        total += _rss_kb(pid)
        stack += _children(pid)
    return total


def measure(cmd: list[str], env: dict | None = None) -> Measurement:
    start = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            env=env)
    peak = 0
    out_chunks: list[str] = []
    import threading

    reader = threading.Thread(target=lambda: out_chunks.append(proc.stdout.read()))
    reader.start()
    while proc.poll() is None:
        peak = max(peak, tree_rss_kb(proc.pid))
        time.sleep(0.1)
    reader.join()
    return Measurement(time.monotonic() - start, peak / 1024, proc.returncode, "".join(out_chunks))
