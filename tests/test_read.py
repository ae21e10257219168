import gzip
import io

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
