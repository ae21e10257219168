"""Exactly-once streaming under SIGKILL: a watched folder ingested by `newsbeam run --watch` on
Prism, killed (the whole process group: Prism and the SDK workers too) at random moments and
restarted, then compared input by input with one batch run of the same files.

Every input must have exactly the rows the batch run gives it (the same article ids, event
ids and reject rows), none twice: a window's rows of all three tables commit together, and a
restart skips only inputs that have committed rows."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path

import pytest

from pipeline.runners import find_prism
from tests.conftest import REPO, read_table

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(find_prism() is None, reason="no Prism binary: run `make prism` (needs Go)"),
]

SEED = 20260102
KILLS = 5
INPUTS = 40
CHECK_CONTRACT = REPO.parent / "shared" / "tools" / "check_contract.py"


def _inputs(bodies: list[str]) -> list[tuple[str, bytes]]:
    """~40 real article files: two of them copies of others, one that becomes a reject."""
    files = [(f"article-{i:02d}.txt", body.encode()) for i, body in enumerate(bodies[:INPUTS - 3])]
    files += [(f"copy-of-{i:02d}.txt", bodies[i].encode()) for i in (0, 5)]
    files.append(("binary.txt", bytes(range(256)) * 64))
    return files


def _drip(files: list[tuple[str, bytes]], inbox: Path, spare: Path, rng: random.Random,
          done: threading.Event) -> None:
    """Drop the files into the watched folder one by one (written aside, then renamed in),
    so the kills land while inputs are being read, fused and committed."""
    for name, data in files:
        (spare / name).write_bytes(data)
        (spare / name).rename(inbox / name)
        time.sleep(rng.uniform(0.5, 2.0))
    done.set()


def _started(log: Path) -> bool:
    """Whether the run logging to `log` streams (its SIGTERM handler is set)."""
    return log.exists() and "newsbeam: streaming into" in log.read_text()


def _start(inbox: Path, out: Path, log: Path) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "pipeline.cli", "run", "--streaming", "--watch", "--quiet",
           "--input", str(inbox), "--output", str(out), "--poll-interval", "1", "--window", "2"]
    # Its own process group: Prism and the SDK workers are its children, killed with it.
    return subprocess.Popen(cmd, cwd=REPO, stdout=log.open("a"), stderr=subprocess.STDOUT,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"}, start_new_session=True)


def _kill_group(proc: subprocess.Popen, sig: int) -> None:
    try:
        os.killpg(proc.pid, sig)
    except ProcessLookupError:
        pass


def _uris(out: Path) -> set[str]:
    if not (out / "articles").exists() and not (out / "rejects").exists():
        return set()
    return ({r["source_uri"] for r in read_table(out, "articles")}
            | {r["source_uri"] for r in read_table(out, "rejects")})


def _per_input(out: Path) -> dict[str, dict]:
    """source_uri → its article ids, event ids and reject rows, in sorted lists (a row twice
    shows up twice)."""
    articles = read_table(out, "articles")
    source = {a["article_id"]: a["source_uri"] for a in articles}
    found: dict[str, dict] = defaultdict(lambda: {"articles": [], "events": [], "rejects": []})
    for a in articles:
        found[a["source_uri"]]["articles"].append(a["article_id"])
    for e in read_table(out, "events") if (out / "events").exists() else []:
        found[source[e["article_id"]]]["events"].append(e["event_id"])
    for r in read_table(out, "rejects") if (out / "rejects").exists() else []:
        found[r["source_uri"]]["rejects"].append((r["stage"], r["error"], r["detail"]))
    return {uri: {k: sorted(v) for k, v in rows.items()} for uri, rows in found.items()}


@pytest.fixture(scope="module")
def soak(real_bodies, tmp_path_factory):
    base = tmp_path_factory.mktemp("soak")
    inbox, spare, out, batch = base / "inbox", base / "spare", base / "stream", base / "batch"
    inbox.mkdir()
    spare.mkdir()
    rng = random.Random(SEED)
    files = _inputs(real_bodies)
    dripped = threading.Event()
    feeder = threading.Thread(target=_drip, args=(files, inbox, spare, random.Random(SEED + 1),
                                                  dripped), daemon=True)
    feeder.start()
    committed_at_kills = []
    for run in range(KILLS):
        proc = _start(inbox, out, base / f"log-{run}")
        # Random moments: during start-up (~4 s), while windows are read and committed (the
        # first ~10 s in), later.
        time.sleep(rng.uniform(4, 16))
        _kill_group(proc, signal.SIGKILL)
        proc.wait(timeout=30)
        committed_at_kills.append(len(_uris(out)))
    log = base / "log-final"
    proc = _start(inbox, out, log)
    dripped.wait(timeout=60)
    deadline = time.monotonic() + 90
    while not _started(log) or len(_uris(out)) < len(files):
        if proc.poll() is not None:
            pytest.fail(f"newsbeam exited ({proc.returncode}):\n" + log.read_text()[-3000:])
        if time.monotonic() > deadline:
            _kill_group(proc, signal.SIGKILL)
            pytest.fail(f"{len(files) - len(_uris(out))} inputs never ingested:\n"
                        + log.read_text()[-3000:])
        time.sleep(0.5)
    proc.send_signal(signal.SIGTERM)
    status = proc.wait(timeout=60)
    _kill_group(proc, signal.SIGKILL)   # anything of the group the stopped run left behind
    batch_status = subprocess.run(
        [sys.executable, "-m", "pipeline.cli", "run", "--quiet", "--input", str(inbox),
         "--output", str(batch)], cwd=REPO, capture_output=True, text=True)
    assert batch_status.returncode == 0, batch_status.stderr[-3000:]
    return {"out": out, "batch": batch, "files": [inbox / name for name, _ in files], "kills": len(committed_at_kills),
            "committed_at_kills": committed_at_kills, "status": status, "log": log}


def test_every_input_has_exactly_its_batch_rows_after_sigkills(soak):
    stream, batch = _per_input(soak["out"]), _per_input(soak["batch"])
    articles = sum(len(v["articles"]) for v in stream.values())
    events = sum(len(v["events"]) for v in stream.values())
    print(f"\nsoak: {soak['kills']} SIGKILLs (inputs committed at each: "
          f"{soak['committed_at_kills']}), {len(soak['files'])} inputs, {articles} articles, "
          f"{events} events, {sum(len(v['rejects']) for v in stream.values())} rejects "
          f"(batch: {sum(len(v['articles']) for v in batch.values())} articles, "
          f"{sum(len(v['events']) for v in batch.values())} events)")
    assert soak["status"] == 0
    assert set(stream) == set(batch) and len(stream) == len(soak["files"])
    lost = {u: (batch[u], stream[u]) for u in batch if stream[u] != batch[u]}
    assert not lost
    assert any(v["events"] for v in stream.values())      # the comparison covers events
    assert any(v["rejects"] for v in stream.values())     # … and a reject


def test_no_row_is_written_twice(soak):
    articles = [r["article_id"] for r in read_table(soak["out"], "articles")]
    events = [r["event_id"] for r in read_table(soak["out"], "events")]
    assert len(articles) == len(set(articles)) and len(events) == len(set(events))


def test_nothing_is_left_in_flight(soak):
    out = soak["out"]
    assert not list((out / "_staging").glob("*")) and not list((out / "_commits").glob("*"))
    for table in ("articles", "events", "rejects"):
        assert not [p for p in (out / table).rglob("*") if p.name.startswith(".")]


@pytest.mark.skipif(not CHECK_CONTRACT.exists(), reason="shared/tools is absent")
def test_the_stream_output_keeps_the_contract(soak):
    result = subprocess.run([sys.executable, str(CHECK_CONTRACT), str(soak["out"]),
                             str(soak["files"][0].parent)], capture_output=True, text=True)
    print(result.stdout)
    assert result.returncode == 0 and "contract ok" in result.stdout, result.stdout
