"""Live progress: the workers' tallies, what the display says, and when it is shown."""

from __future__ import annotations

import multiprocessing
import os
import pty
import re
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from pipeline.progress import batch_lines, read_tallies, stream_lines
from transforms import progress

REPO = Path(__file__).resolve().parent.parent
NEWSBEAM = str(Path(sys.executable).with_name("newsbeam"))


def _count_in_child(folder: str, n: int) -> None:
    os.environ[progress.PROGRESS_DIR_ENV] = folder
    for _ in range(n):
        progress.count("extract_in")
    progress.flush()


def test_tallies_of_several_processes_add_up(tmp_path):
    # Each worker process writes its own file; the watcher sums them.
    ctx = multiprocessing.get_context("spawn")
    children = [ctx.Process(target=_count_in_child, args=(str(tmp_path), n)) for n in (3, 5)]
    for child in children:
        child.start()
    for child in children:
        child.join(timeout=60)
        assert child.exitcode == 0
    assert len(list(tmp_path.glob("*.json"))) == 2
    assert read_tallies(str(tmp_path))["extract_in"] == 8


def test_without_a_watcher_counting_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.delenv(progress.PROGRESS_DIR_ENV, raising=False)
    monkeypatch.chdir(tmp_path)
    progress.count("extract_in", 4)
    progress.flush()
    assert list(tmp_path.iterdir()) == []


def test_batch_lines_show_the_inputs_the_stages_and_the_time_left():
    reading = Counter(read_files_matched=200, read_work_total=200, read_work_done=50,
                      ledger_records=50, extract_in=40)
    # 50 of 200 inputs in 10 s: 150 more take 30 s.
    assert "reading 50/200 (25%), ETA 0:00:30" in "\n".join(batch_lines(reading, 10.0, 8.0))
    counts = Counter(read_files_matched=200, read_work_total=200, read_work_done=200,
                     ledger_records=210,
                     decode_rejected_Binary=10, decode_out=60, extract_in=50, extract_out=48,
                     language_out=47)
    text = "\n".join(batch_lines(counts, elapsed=15.0, extracting_for=10.0))
    assert "200 files matched" in text and "210 records read" in text
    assert "decoded 60" in text and "extracted 48" in text and "language 47" in text
    assert "5.0 docs/s" in text
    # 50 of 200 documents extracted in 10 s: 150 more take 30 s.
    assert "extracting 50/200 (25%), ETA 0:00:30" in text
    done = Counter(counts, extract_in=200, write_articles_rows=190, write_rejects_rows=10)
    assert "writing the tables · 200 rows written" in "\n".join(batch_lines(done, 60.0, 50.0))
    between = Counter(counts, extract_in=200)
    assert "dedup and events" in "\n".join(batch_lines(between, 60.0, 50.0))
    assert "failed" not in "\n".join(batch_lines(between, 60.0, 50.0))
    failed = Counter(counts, events_articles=40, events_extracted=12, events_failed=2)
    assert "events 40 (12 found, 2 failed: see the log)" in "\n".join(batch_lines(failed, 60.0, 50.0))


def test_stream_lines_show_polls_entries_windows_and_lag():
    counts = Counter(feeds_polls=12, feeds_poll_failed=1, feeds_new_entries=30,
                     extract_in=30, extract_out=29, write_articles_rows=20,
                     write_rejects_rows=1, write_window_commits=4)
    text = "\n".join(stream_lines(counts, elapsed=65.0, last_commit_ago=3.2))
    assert "12 polls (1 failed)" in text and "30 new entries" in text
    assert "in flight 9" in text and "rows committed 21" in text
    assert "4 committed" in text and "last window committed 3 s ago" in text
    assert "no window committed yet" in "\n".join(stream_lines(Counter(), 1.0, None))


def _run_on_a_terminal(args: list[str]) -> tuple[int, str]:
    """Run newsbeam with its stderr and stdout on a pseudo-terminal; (exit code, output)."""
    leader, follower = pty.openpty()
    proc = subprocess.Popen([NEWSBEAM, *args], stdin=subprocess.DEVNULL, stdout=follower,
                            stderr=follower, cwd=REPO, env={**os.environ, "COLUMNS": "120"})
    os.close(follower)
    chunks = []
    while True:
        try:
            data = os.read(leader, 65536)
        except OSError:  # the terminal closes when the run ends
            break
        if not data:
            break
        chunks.append(data)
    os.close(leader)
    return proc.wait(timeout=300), b"".join(chunks).decode(errors="replace")


def test_a_run_on_a_terminal_shows_progress_and_a_piped_run_does_not(tmp_path):
    args = ["run", "--input", "seeds", "--no-report"]
    started = time.monotonic()
    code, shown = _run_on_a_terminal([*args, "--output", str(tmp_path / "tty")])
    assert code == 0, shown[-2000:]
    inputs = len([p for p in (REPO / "seeds").iterdir() if p.is_file()])
    # The last drawing counts every input and every stage.
    frames = re.findall(r"inputs +(\d+) files matched", shown)
    assert frames and int(frames[-1]) == inputs
    assert re.search(rf"extracted {inputs}\b", shown)
    assert "newsbeam: done" in shown and time.monotonic() - started < 300

    piped = subprocess.run([NEWSBEAM, *args, "--output", str(tmp_path / "pipe")],
                           capture_output=True, text=True, cwd=REPO, timeout=300)
    assert piped.returncode == 0, piped.stderr[-2000:]
    assert "files matched" not in piped.stdout + piped.stderr
    assert "newsbeam: done" in piped.stdout

    quiet_code, quiet = _run_on_a_terminal([*args, "--quiet", "--output", str(tmp_path / "q")])
    assert quiet_code == 0 and "files matched" not in quiet
