"""A stage run in a pool of processes or threads (transforms/base.PooledStageFn): the same
rows and rejects as in the worker, each with its own timestamp and window; a process that dies
costs one reject, not the bundle."""

from __future__ import annotations

import os
from pathlib import Path

import apache_beam as beam
from apache_beam.testing.util import assert_that, equal_to
from apache_beam.transforms import window

from transforms.base import Rejected, apply_stage
from transforms.text.extract import ExtractArticles, ExtractConfig


def shout(record: dict):
    """A stage function: rejects "bad", yields a Rejected for "half", crashes its process on
    "crash" (only in a pool: in the test's own process it raises instead)."""
    text = record["text"]
    if text == "bad":
        raise Rejected("Bad", "a bad record")
    if text == "crash":
        if os.environ.get("POOLED_TEST_PARENT") != str(os.getpid()):
            os._exit(3)
        raise RuntimeError("would crash")
    if text == "half":
        yield Rejected("Half", "one part was bad", {"source_uri": "part"})
    yield {**record, "text": text.upper()}




def test_a_pooled_stage_gives_the_rows_rejects_times_and_windows_of_the_plain_one(monkeypatch):
    monkeypatch.setenv("POOLED_TEST_PARENT", str(os.getpid()))
    records = [{"text": t, "t": i * 4, "source_uri": f"u{i}"}
               for i, t in enumerate(["a", "bad", "half", "b", "c", "d", "e", "f", "g", "h"])]
    expected_rows = [(t.upper(), i * 4.0, (i * 4) // 10 * 10.0)
                     for i, t in enumerate(["a", "bad", "half", "b", "c", "d", "e", "f", "g",
                                            "h"]) if t != "bad"]
    expected_rejects = [("u1", "Bad"), ("part", "Half")]
    for processes, threads in ((0, 0), (2, 0), (0, 3)):
        with beam.Pipeline("FnApiRunner") as p:
            stamped = (p | beam.Create(records)
                       | beam.Map(lambda r: window.TimestampedValue(r, r["t"]))
                       | beam.WindowInto(window.FixedWindows(10)))
            good, rejects = apply_stage(stamped, "Shout", "shout", shout,
                                         processes=processes, threads=threads)
            seen = good | "Where" >> beam.Map(
                lambda r, w=beam.DoFn.WindowParam, t=beam.DoFn.TimestampParam:
                (r["text"], float(t), float(w.start)))
            assert_that(seen, equal_to(expected_rows), label="rows")
            assert_that(rejects | "Why" >> beam.Map(lambda r: (r["source_uri"], r["error"])),
                        equal_to(expected_rejects), label="rejects")


def test_a_record_that_kills_its_pool_process_is_rejected_and_the_rest_go_on(monkeypatch):
    monkeypatch.setenv("POOLED_TEST_PARENT", str(os.getpid()))
    records = [{"text": t, "source_uri": f"u{i}"}
               for i, t in enumerate(["a", "b", "crash", "c", "d", "e", "f"])]
    with beam.Pipeline("FnApiRunner") as p:
        good, rejects = apply_stage(p | beam.Create(records), "Shout", "shout", shout,
                                    processes=2)
        assert_that(good | beam.Map(lambda r: r["text"]),
                    equal_to(["A", "B", "C", "D", "E", "F"]), label="rows")
        assert_that(rejects | beam.Map(lambda r: (r["source_uri"], r["error"])),
                    equal_to([("u2", "WorkerCrashed")]), label="rejects")


def test_pages_extracted_in_a_pool_are_the_pages_extracted_in_the_worker(real_pages, tmp_path):
    docs = [{"kind": "html", "content": html.decode("utf-8", "replace"), "source_uri": name,
             "article_id": name} for name, html in real_pages]
    docs.append({"kind": "html", "content": "<html><body></body></html>", "source_uri": "empty",
                 "article_id": "empty"})

    def rows(processes: int) -> list[str]:
        out = tmp_path / f"rows-{processes}"
        with beam.Pipeline("FnApiRunner") as p:
            articles, rejects = (p | beam.Create(docs)
                                 | ExtractArticles(ExtractConfig(processes=processes)))
            _ = ((articles | "A" >> beam.Map(lambda a: f"article {sorted(a.items())!r}"),
                  rejects | "R" >> beam.Map(lambda r: f"reject {sorted(r.items())!r}"))
                 | beam.Flatten()
                 | beam.io.WriteToText(str(out), shard_name_template=""))
        return sorted(out.read_text().splitlines())

    in_worker = rows(0)
    assert sum(row.startswith("reject") for row in in_worker) == 1
    assert sum(row.startswith("article") for row in in_worker) == len(real_pages)
    assert rows(2) == in_worker


def test_pool_processes_exit_when_the_worker_that_started_them_is_killed(tmp_path):
    import signal
    import subprocess
    import sys
    import time

    # A worker process that starts a pool, reports its processes' pids, then is SIGKILLed.
    script = tmp_path / "worker.py"
    script.write_text(
        "import sys, time\n"
        f"sys.path.insert(0, {str(Path(__file__).resolve().parent.parent)!r})\n"
        "from transforms.base import _shared_pool\n"
        "if __name__ == '__main__':\n"
        "    pool = _shared_pool('processes', 2)\n"
        "    list(pool.map(time.sleep, [0.5, 0.5]))  # both processes started\n"
        "    print(' '.join(str(pid) for pid in pool._processes), flush=True)\n"
        "    time.sleep(60)\n")
    worker = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True)
    pids = [int(p) for p in worker.stdout.readline().split()]
    assert len(pids) == 2
    worker.send_signal(signal.SIGKILL)
    worker.wait()
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and any(_alive(pid) for pid in pids):
        time.sleep(0.2)
    assert not any(_alive(pid) for pid in pids)


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(") ")[1][0] != "Z"  # a zombie has exited
    except FileNotFoundError:
        return False


# --- a Beam SDK worker process leaves without the interpreter's teardown ---

_AS_WORKER = ("import __main__, sys, types\n"
              "__main__.__spec__ = types.SimpleNamespace("
              "name='apache_beam.runners.worker.sdk_worker_main')\n"
              "import transforms.base\n"
              "sys.stdout.write('buffered output')\n")


def _run_as_worker(code: str):
    import subprocess
    import sys

    repo = Path(__file__).resolve().parent.parent
    return subprocess.run([sys.executable, "-c", code], cwd=repo, capture_output=True,
                          text=True, timeout=120)


def test_a_worker_that_finishes_exits_at_once_with_its_output_flushed():
    # the atexit hook ends the process with os._exit(0): a later-registered-first handler
    # that would print shows whether the interpreter's own exit ran
    done = _run_as_worker(_AS_WORKER + "import atexit\natexit.register(print, 'teardown')\n")
    assert done.returncode == 0
    assert done.stdout == "buffered outputteardown\n"  # ours runs after: registered first
    skipped = _run_as_worker("import atexit\natexit.register(print, 'teardown')\n" + _AS_WORKER)
    assert skipped.returncode == 0
    assert skipped.stdout == "buffered output"  # ours ran first and nothing after it


def test_a_worker_that_fails_keeps_pythons_exit_and_status():
    failed = _run_as_worker(_AS_WORKER + "raise RuntimeError('harness failed')\n")
    assert failed.returncode == 1
    assert "harness failed" in failed.stderr


def test_other_processes_keep_pythons_exit():
    plain = _run_as_worker("import atexit, transforms.base\natexit.register(print, 'teardown')\n")
    assert plain.returncode == 0 and plain.stdout == "teardown\n"
