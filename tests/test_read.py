import gzip
import io
import os

import pytest

from transforms.base import Rejected
from transforms.sources.files import ReadConfig, gunzip, input_kind, read_record, split_jsonl


@pytest.mark.parametrize("name,expected", [
    ("a/b/story.txt", ("text", False)), ("x.HTML", ("html", False)), ("p.htm.gz", ("html", True)),
    ("feed.jsonl.gz", ("jsonl", True)), ("gs://bucket/dir/a.txt", ("text", False)),
])
def test_input_kind(name, expected):
    assert input_kind(name) == expected


@pytest.mark.parametrize("name", ["report.pdf", "README", "archive.tar.gz", ".DS_Store"])
def test_unsupported_kinds_are_rejected(name):
    with pytest.raises(Rejected) as e:
        input_kind(name)
    assert e.value.error == "UnsupportedKind"


def test_gunzip_roundtrip_and_multi_member():
    data = gzip.compress(b"first ") + gzip.compress(b"second")
    assert gunzip(data, 1000) == b"first second"


def test_truncated_gzip_is_rejected():
    data = gzip.compress(b"some article text " * 1000)
    with pytest.raises(Rejected) as e:
        gunzip(data[: len(data) // 2], 10**6)
    assert e.value.error == "TruncatedGzip"


def test_corrupt_gzip_is_rejected():
    with pytest.raises(Rejected) as e:
        gunzip(b"\x1f\x8b\x08\x00garbage-not-deflate", 1000)
    assert e.value.error == "CorruptGzip"


def test_gzip_bomb_stops_at_the_limit():
    bomb = gzip.compress(b"\0" * 5_000_000)
    with pytest.raises(Rejected) as e:
        gunzip(bomb, 100_000)
    assert e.value.error == "TooLarge"


def test_split_jsonl_skips_blank_lines_and_numbers_from_one():
    assert list(split_jsonl(b'{"a":1}\n\n  \n{"b":2}\r\n')) == [(1, b'{"a":1}'), (4, b'{"b":2}')]


def _opener(files):
    return lambda path: io.BytesIO(files[path])


def test_read_record_ids_are_stable_and_depend_on_source_and_content():
    files = {"a.txt": b"same text", "b.txt": b"same text"}
    first = list(read_record("a.txt", 9, _opener(files), ReadConfig()))
    again = list(read_record("a.txt", 9, _opener(files), ReadConfig()))
    other = list(read_record("b.txt", 9, _opener(files), ReadConfig()))
    assert first[0]["article_id"] == again[0]["article_id"]
    assert first[0]["article_id"] != other[0]["article_id"]


def test_read_record_jsonl_gives_one_record_per_line():
    files = {"x.jsonl": b'{"text": "one"}\n{"text": "two"}\n'}
    records = list(read_record("x.jsonl", None, _opener(files), ReadConfig()))
    assert [r["source_line"] for r in records] == [1, 2]
    assert len({r["article_id"] for r in records}) == 2


@pytest.mark.parametrize("files,error", [
    ({"e.txt": b""}, "EmptyFile"),
    ({"e.jsonl": b"\n\n"}, "EmptyFile"),
])
def test_read_record_rejects(files, error):
    path = next(iter(files))
    with pytest.raises(Rejected) as e:
        list(read_record(path, len(files[path]), _opener(files), ReadConfig()))
    assert e.value.error == error


def test_too_large_is_rejected_before_reading():
    def never_open(path):
        raise AssertionError("a too-large file must not be read")

    with pytest.raises(Rejected) as e:
        list(read_record("big.txt", 50 * 2**20, never_open, ReadConfig(max_document_bytes=2**20)))
    assert e.value.error == "TooLarge" and "50.0 MB" in e.value.detail


def test_special_files_and_broken_links_are_rejects_not_hangs_or_silence(tmp_path):
    """A FIFO would block open() forever; a socket and links to nothing used to vanish."""
    import socket

    from tests.conftest import read_table, run_cli

    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    (src / "good.txt").write_text("A headline\n\n" + "Officials said the bridge reopened. " * 10)
    os.mkfifo(src / "pipe.txt")
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(src / "sock.txt"))
    (src / "dangling.txt").symlink_to(src / "missing.txt")
    (src / "loop-a.txt").symlink_to(src / "loop-b.txt")
    (src / "loop-b.txt").symlink_to(src / "loop-a.txt")
    (src / "sub" / "up").symlink_to(src)  # a link to a parent folder is not walked into
    out = tmp_path / "out"
    try:
        assert run_cli("--input", str(src), "--output", str(out)) == 0
    finally:
        server.close()
    errors = {os.path.basename(r["source_uri"]): r["error"] for r in read_table(out, "rejects")}
    assert errors == {"pipe.txt": "SpecialFile", "sock.txt": "SpecialFile",
                      "dangling.txt": "DanglingLink", "loop-a.txt": "SymlinkLoop",
                      "loop-b.txt": "SymlinkLoop"}
    assert [os.path.basename(r["source_uri"]) for r in read_table(out, "articles")] == ["good.txt"]


def _gzip_bomb(path, unit: bytes, expanded: int) -> None:
    import zlib

    block = unit * ((1 << 20) // len(unit))
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    with open(path, "wb") as handle:
        for _ in range(expanded // len(block)):
            handle.write(packer.compress(block))
        handle.write(packer.flush())


def _peak_rss_mb(*args: str) -> tuple[int, float]:
    """(exit status, peak RSS in MB) of one `newsbeam run` in its own process."""
    import subprocess
    import sys
    from pathlib import Path

    from tests.conftest import REPO

    newsbeam = str(Path(sys.executable).with_name("newsbeam"))
    child = subprocess.Popen([newsbeam, "run", "--quiet", *args], cwd=REPO,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    return child.returncode, usage.ru_maxrss / 1024


@pytest.fixture(scope="module")
def ordinary_run_peak_mb(tmp_path_factory) -> float:
    folder = tmp_path_factory.mktemp("ordinary")
    small = folder / "small.txt"
    small.write_text("A headline\n\n" + "Officials said the bridge reopened on Monday. " * 20)
    status, peak = _peak_rss_mb("--input", str(small), "--output", str(folder / "out"))
    assert status == 0
    return peak


@pytest.mark.parametrize("name,unit,expanded_mb", [
    ("zeros.jsonl.gz", b"\0", 1100), ("blank.jsonl.gz", b"\n", 1100),  # over the 1 GiB cap
    ("zeros.txt.gz", b"\0", 300), ("spaces.html.gz", b" ", 300)])        # over 16 MiB
def test_gzip_bombs_are_refused_while_streaming_in_bounded_memory(
        tmp_path, ordinary_run_peak_mb, name, unit, expanded_mb):
    """Memory must stay near an ordinary run's, not grow with the expansion."""
    from tests.conftest import read_table

    bomb = tmp_path / name
    _gzip_bomb(bomb, unit, expanded_mb << 20)
    baseline = ordinary_run_peak_mb
    status, peak = _peak_rss_mb("--input", str(bomb), "--output", str(tmp_path / "out"))
    assert status == 0
    print(f"\n{name}: peak RSS {peak:.0f} MB, an ordinary run {baseline:.0f} MB")
    assert peak < baseline + 100
    (reject,) = read_table(tmp_path / "out", "rejects")
    assert reject["error"] == "TooLarge" and "once decompressed" in reject["detail"]
