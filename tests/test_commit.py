"""The output never loses what was there: staging, journaled commits, roll-forward, the lock,
days that accumulate, SIGKILL and a full disk during a run."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import REPO, read_table, run_cli
from transforms.commit import COMMITS_DIR, STAGING_DIR, Move, _journal_path, commit, recover

NEWSBEAM = str(Path(sys.executable).with_name("newsbeam"))


def snapshot(root: Path) -> dict[str, str]:
    """Every file under the table folders, with its content hash."""
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for table in ("articles", "events", "rejects") if (root / table).exists()
            for p in sorted((root / table).rglob("*")) if p.is_file()}


def _stage(root: Path, name: str, rel: str, text: str) -> Path:
    path = root / STAGING_DIR / name / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


# --- the commit protocol on its own ---------------------------------------------------------


def test_commit_replaces_a_folder_and_adds_files(tmp_path):
    (tmp_path / "t" / "day=1").mkdir(parents=True)
    (tmp_path / "t" / "day=1" / "old.txt").write_text("old")
    staged = _stage(tmp_path, "r1", "t/day=1/new.txt", "new").parent
    extra = _stage(tmp_path, "r1", "s/chunk.json", "{}")
    commit(str(tmp_path), "r1", [Move(str(staged), str(tmp_path / "t" / "day=1"), replace=True),
                                 Move(str(extra), str(tmp_path / "s" / "chunk.json"))])
    assert sorted(p.name for p in (tmp_path / "t" / "day=1").iterdir()) == ["new.txt"]
    assert (tmp_path / "s" / "chunk.json").read_text() == "{}"
    assert not (tmp_path / STAGING_DIR / "r1").exists()
    assert list((tmp_path / COMMITS_DIR).iterdir()) == []


@pytest.mark.parametrize("done_before_kill", [0, 1, 2])
def test_a_commit_interrupted_after_its_journal_is_completed_by_recover(tmp_path, done_before_kill):
    """Killed after the journal was written and `done_before_kill` moves were carried out."""
    root = str(tmp_path)
    for day in ("1", "2"):
        (tmp_path / "t" / f"day={day}").mkdir(parents=True)
        (tmp_path / "t" / f"day={day}" / "old.txt").write_text(f"old {day}")
    moves = [Move(str(_stage(tmp_path, "r1", f"t/day={d}/new.txt", f"new {d}").parent),
                  str(tmp_path / "t" / f"day={d}"), replace=True) for d in ("1", "2")]
    journal = {"name": "r1", "moves": [[m.staged, m.final, m.replace] for m in moves],
               "retire": []}
    Path(_journal_path(root, "r1")).parent.mkdir(parents=True)
    Path(_journal_path(root, "r1")).write_text(json.dumps(journal))
    trash = tmp_path / "_trash" / "r1"
    for number, move in enumerate(moves[:done_before_kill]):
        trash.mkdir(parents=True, exist_ok=True)
        os.rename(move.final, trash / str(number))
        os.rename(move.staged, move.final)
    assert recover(root) == (1, 0)
    for day in ("1", "2"):
        assert [p.read_text() for p in (tmp_path / "t" / f"day={day}").iterdir()] == [f"new {day}"]
    assert not (tmp_path / "_trash").exists() or list((tmp_path / "_trash").iterdir()) == []


def test_staging_without_a_journal_is_discarded(tmp_path):
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "kept.txt").write_text("kept")
    _stage(tmp_path, "dead-run", "t/day=1/new.txt", "never published")
    (tmp_path / COMMITS_DIR).mkdir()
    (tmp_path / COMMITS_DIR / "dead-run.json.123.tmp").write_text("{half")  # unfinished journal
    assert recover(str(tmp_path)) == (0, 1)
    assert [p.name for p in (tmp_path / "t").iterdir()] == ["kept.txt"]
    assert list((tmp_path / STAGING_DIR).iterdir()) == []
    assert list((tmp_path / COMMITS_DIR).iterdir()) == []


# --- runs that accumulate -------------------------------------------------------------------


def _inputs(tmp_path: Path, bodies: list[str], name: str) -> Path:
    folder = tmp_path / name
    folder.mkdir()
    for i, body in enumerate(bodies):
        (folder / f"{name}-{i:02d}.txt").write_text(f"Headline {name} {i}\n\n{body}\n")
    return folder


def _days(rows: list[dict]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for r in rows:
        counts[str(r["ingest_date"])] = counts.get(str(r["ingest_date"]), 0) + 1
    return counts


def test_days_accumulate_and_a_rerun_of_a_day_replaces_only_that_day(tmp_path, real_bodies):
    out = tmp_path / "out"
    one = _inputs(tmp_path, real_bodies[:3], "one")
    two = _inputs(tmp_path, real_bodies[3:5], "two")
    assert run_cli("--input", str(one), "--output", str(out), "--ingest-date", "2026-03-01") == 0
    first_day = {k: v for k, v in snapshot(out).items() if "2026-03-01" in k}
    assert run_cli("--input", str(two), "--output", str(out), "--ingest-date", "2026-03-02") == 0
    assert _days(read_table(out, "articles")) == {"2026-03-01": 3, "2026-03-02": 2}
    assert {k: v for k, v in snapshot(out).items() if "2026-03-01" in k} == first_day

    # The same day again, with other input: that day is replaced, the first stays.
    (two / "two-00.txt").unlink()
    assert run_cli("--input", str(two), "--output", str(out), "--ingest-date", "2026-03-02") == 0
    assert _days(read_table(out, "articles")) == {"2026-03-01": 3, "2026-03-02": 1}
    runs = {r["run_id"] for r in read_table(out, "articles")}
    assert len(runs) == 2  # day 1's run and the rerun of day 2

    # A rerun of the same day with the same input gives the same rows.
    before = sorted((r["article_id"], r["text"]) for r in read_table(out, "articles"))
    assert run_cli("--input", str(two), "--output", str(out), "--ingest-date", "2026-03-02") == 0
    assert sorted((r["article_id"], r["text"]) for r in read_table(out, "articles")) == before

    # --replace-all keeps only this run's day.
    assert run_cli("--input", str(one), "--output", str(out), "--ingest-date", "2026-03-03",
                   "--replace-all") == 0
    assert _days(read_table(out, "articles")) == {"2026-03-03": 3}
    assert not list((out / STAGING_DIR).iterdir())


def test_every_table_is_readable_when_a_day_has_no_rows_in_it(tmp_path, real_bodies):
    import duckdb

    out = tmp_path / "out"
    assert run_cli("--input", str(_inputs(tmp_path, real_bodies[:1], "one")),
                   "--output", str(out)) == 0
    for table in ("articles", "events", "rejects"):
        columns = [r[0] for r in duckdb.sql(
            "DESCRIBE SELECT * FROM read_parquet($glob, hive_partitioning = true)",
            params={"glob": f"{out}/{table}/**/*.parquet"}).fetchall()]
        assert {"ingest_date", "run_id", "ingested_at"} <= set(columns), table
    assert read_table(out, "rejects") == []


# --- the lock --------------------------------------------------------------------------------


HOLD_LOCK = """
import sys, time
from pipeline.lock import OutputLock
with OutputLock(sys.argv[1], "holder-run"):
    print("held", flush=True)
    time.sleep(120)
"""


def test_a_second_run_into_the_same_output_is_refused_and_a_dead_holder_frees_it(tmp_path):
    out = tmp_path / "out"
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(out)], cwd=REPO,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        second = subprocess.run([NEWSBEAM, "run", "--quiet", "--output", str(out)], cwd=REPO,
                                capture_output=True, text=True, timeout=120)
        assert second.returncode == 2
        lines = second.stderr.strip().splitlines()
        assert len(lines) == 1 and "holder-run" in lines[0] and f"pid {holder.pid}" in lines[0]
        assert not (out / "articles").exists()
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
    # The holder is dead: its lock is stale, and the next run takes it over.
    third = subprocess.run([NEWSBEAM, "run", "--quiet", "--output", str(out)], cwd=REPO,
                           capture_output=True, text=True, timeout=300)
    assert third.returncode == 0, third.stderr[-2000:]
    assert len(read_table(out, "articles")) == 5


# --- killed and failed runs ------------------------------------------------------------------


def test_sigkill_at_several_points_leaves_the_previous_output_intact(tmp_path, real_bodies):
    out = tmp_path / "out"
    assert run_cli("--input", str(REPO / "seeds"), "--output", str(out)) == 0
    before = snapshot(out)
    bigger = _inputs(tmp_path, real_bodies[:40], "bigger")
    command = [NEWSBEAM, "run", "--quiet", "--input", str(bigger), "--output", str(out),
               "--ingest-date", "2026-01-02"]
    killed_at, committed_when_killed = [], None
    for delay in (0.5, 1.0, 1.5, 2.0, 3.0, 4.0, 6.0, 8.0):
        run = subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, start_new_session=True)
        time.sleep(delay)
        if run.poll() is not None:
            break  # it finished before this point: later points would too
        os.killpg(run.pid, signal.SIGKILL)
        run.wait()
        if snapshot(out) != before:
            # killed on its way out, after its commit: then the output must be all of the
            # run (compared below with a run that finishes)
            committed_when_killed = _tables_without_run_columns(out)
            break
        killed_at.append(delay)
    print(f"\nSIGKILLed at {killed_at} s: the previous output was intact each time")
    assert len(killed_at) >= 3
    # The next run cleans up what the killed ones left, and commits.
    assert subprocess.run(command, cwd=REPO, capture_output=True, timeout=600).returncode == 0
    assert len(read_table(out, "articles")) == 40
    if committed_when_killed is not None:
        assert committed_when_killed == _tables_without_run_columns(out)


def _tables_without_run_columns(out: Path) -> dict[str, list]:
    return {table: sorted(repr(sorted((k, v) for k, v in row.items()
                                      if k not in ("run_id", "ingested_at")))
                          for row in read_table(out, table))
            for table in ("articles", "events", "rejects")}
    assert not list((out / STAGING_DIR).iterdir())


FULL_DISK = r"""
set -e
mount -t tmpfs -o size={size} tmpfs "$1"
"{newsbeam}" run --quiet --input "{seeds}" --output "$1/out" --ingest-date 2026-01-02
find "$1/out" -type f \( -path '*/articles/*' -o -path '*/events/*' -o -path '*/rejects/*' \) \
    -exec sha256sum {{}} + | sort > "$2/before"
set +e
"{newsbeam}" run --quiet --input "{big}" --output "$1/out" --ingest-date 2026-01-02 \
    > "$2/log" 2>&1
echo $? > "$2/status"
find "$1/out" -type f \( -path '*/articles/*' -o -path '*/events/*' -o -path '*/rejects/*' \) \
    -exec sha256sum {{}} + | sort > "$2/after"
ls -A "$1/out/_staging" > "$2/staging"
"""


def test_a_full_disk_fails_the_run_and_keeps_the_previous_output(tmp_path, real_bodies):
    """ENOSPC for real: the output on a 256 KB tmpfs in a private mount namespace."""
    if not shutil.which("unshare"):
        pytest.skip("unshare is not installed")
    probe = subprocess.run(["unshare", "-rm", "true"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip(f"no user/mount namespaces here: {probe.stderr.decode().strip()}")
    mount, report = tmp_path / "mnt", tmp_path / "report"
    mount.mkdir()
    report.mkdir()
    big = tmp_path / "big"
    big.mkdir()
    for i, body in enumerate(real_bodies):  # every real body: more than the disk holds
        (big / f"{i:03d}.txt").write_text(f"Headline {i}\n\n{body}\n")
    script = FULL_DISK.format(size="256k", newsbeam=NEWSBEAM, seeds=REPO / "seeds", big=big)
    done = subprocess.run(["unshare", "-rm", "bash", "-c", script, "full-disk", str(mount),
                           str(report)], capture_output=True, text=True, timeout=600, cwd=REPO)
    assert done.returncode == 0, done.stderr[-2000:]
    log = (report / "log").read_text()
    assert (report / "status").read_text().strip() == "1", log[-2000:]
    assert "No space left on device" in log
    before, after = (report / "before").read_text(), (report / "after").read_text()
    assert before and before == after
    assert (report / "staging").read_text().strip() == ""  # the failed run removed its files


def test_any_legal_file_name_or_output_path_works(tmp_path, real_bodies):
    """Quotes, brackets, spaces, a newline and non-ASCII in input names and in --output."""
    odd = "it's [AFP] \"wire\" ü\nline"
    src = tmp_path / f"in {odd}"
    src.mkdir()
    names = [f"{odd} {i}.txt" for i in range(3)]
    for name, body in zip(names, real_bodies, strict=False):
        (src / name).write_text(f"Headline {name}\n\n{body}\n")
    out = tmp_path / f"out {odd}"
    done = subprocess.run([NEWSBEAM, "run", "--input", str(src), "--output", str(out)], cwd=REPO,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "articles         3" in done.stdout  # the summary read the tables
    uris = sorted(os.path.basename(r["source_uri"]) for r in read_table(out, "articles"))
    assert uris == sorted(names)
    # A second day into the same odd path accumulates.
    assert run_cli("--input", str(src), "--output", str(out), "--ingest-date", "2026-05-05") == 0
    days = _days(read_table(out, "articles"))
    assert days["2026-05-05"] == 3 and sum(days.values()) == 6
