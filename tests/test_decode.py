import pytest

from transforms.base import Rejected
from transforms.sources.decode import declared_charset, decode_bytes, decode_record, parse_json_line

RUSSIAN = ("Сирийская армия начала мощное наступление в окрестностях Дамаска, нанося удары "
           "по опорным пунктам повстанцев и перекрывая главные въезды в столицу, сообщили "
           "свидетели. Перспективы мирных переговоров тускнеют.")


@pytest.mark.parametrize("encoding", ["cp1251", "koi8_r", "utf-8", "utf-16"])
def test_cyrillic_plain_text_decodes_correctly(encoding):
    text, _ = decode_bytes(RUSSIAN.encode(encoding), "text")
    assert text == RUSSIAN


@pytest.mark.parametrize("encoding", ["windows-1251", "koi8-r"])
def test_cyrillic_html_uses_declared_charset(encoding):
    page = (f'<html><head><meta charset="{encoding}"><title>Новости</title></head>'
            f"<body><p>{RUSSIAN}</p></body></html>")
    text, used = decode_bytes(page.encode(encoding), "html")
    assert RUSSIAN in text
    assert used == declared_charset(page.encode(encoding))


def test_wrong_declared_charset_falls_back_to_the_bytes():
    page = f'<html><head><meta charset="utf-8"></head><body><p>{RUSSIAN}</p></body></html>'
    text, _ = decode_bytes(page.encode("cp1251"), "html")
    assert RUSSIAN in text


def test_latin1_news_text_decodes():
    body = "Le président a déclaré à la presse que les négociations étaient rompues."
    text, _ = decode_bytes(body.encode("cp1252"), "text")
    assert text == body


def test_utf8_bom_is_dropped():
    assert decode_bytes("\ufeffHello world".encode(), "text")[0] == "Hello world"


@pytest.mark.parametrize("data,error", [
    (b"   \n\t ", "EmptyInput"),
    (b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "Binary"),
    (b"text then \x00\x01\x02\x03 binary", "Binary"),
    # truly mixed: the same Russian sentences in UTF-8, then in cp1251
    ("Правительство объявило о новых мерах поддержки. ".encode() * 3
     + "Правительство объявило о новых мерах поддержки. ".encode("cp1251") * 6, "InvalidUTF8"),
])
def test_bad_bytes_are_rejected(data, error):
    with pytest.raises(Rejected) as e:
        decode_bytes(data, "text")
    assert e.value.error == error
    assert e.value.detail


def test_one_broken_byte_in_long_utf8_text_is_kept_as_replacement():
    body = ("Ünïcödé text " * 500).encode() + b"\xff" + b" and more"
    text, encoding = decode_bytes(body, "text")
    assert encoding == "utf-8" and text.count("\ufffd") == 1


@pytest.mark.parametrize("line,error", [
    (b"[1, 2, 3]", "NotAnObject"),
    (b'"just a string"', "NotAnObject"),
    (b"{not json", "InvalidJSON"),
    (b'{"url": "http://x"}', "NoContent"),
    (b'{"text": 42}', "BadField"),
    (b'{"text": "ok \xff"}', "InvalidUTF8"),
])
def test_bad_json_lines_are_rejected(line, error):
    with pytest.raises(Rejected) as e:
        parse_json_line(line)
    assert e.value.error == error


def test_json_line_fields_and_published_date():
    record = {"article_id": "a", "source_uri": "f.jsonl", "source_line": 3, "kind": "jsonl",
              "data": b'{"url": "https://n.example/a", "title": "T", "text": "Body.",'
                      b' "published": "2013-02-07T12:03:00+03:00"}'}
    (doc,) = decode_record(record)
    assert doc["kind"] == "text" and doc["content"] == "Body." and doc["title"] == "T"
    assert doc["published_at"].isoformat() == "2013-02-07T09:03:00+00:00"
    assert doc["published_source"] == "jsonl:published"


@pytest.mark.parametrize("kind,content,expected", [
    ("text", "<!DOCTYPE html><html><body><p>x</p></body></html>", "html"),
    ("text", "<div><p>a</p><p>b</p><p>c</p><p>d</p><br></div>", "html"),
    ("text", "Prices rose 3% <in> some markets, a < b.", "text"),
    ("html", "Just words in a file named .html, no markup at all.", "text"),
    ("html", "<html><body><p>Real page</p></body></html>", "html"),
])
def test_content_decides_between_text_and_html(kind, content, expected):
    from transforms.sources.decode import sniff_kind

    assert sniff_kind(kind, content) == expected


@pytest.mark.parametrize("encoding", ["koi8_r", "cp1251", "iso8859_5", "cp1252", "iso8859_15"])
@pytest.mark.parametrize("length", [200, 400])
def test_short_real_legacy_texts_without_a_declaration_come_out_right(real_text_by_language,
                                                                       encoding, length):
    """Real article text (not written for the project): a few accidental UTF-8 pairs in
    KOI8-R bytes used to make a 400-byte Russian text an InvalidUTF8 reject."""
    language = "ru" if encoding in ("koi8_r", "cp1251", "iso8859_5") else "pt"
    body = real_text_by_language[language]
    marks = str.maketrans({"«": '"', "»": '"', "“": '"', "”": '"', "—": "-", "–": "-"})
    data = body.translate(marks).encode(encoding, errors="ignore")[:length]
    data = data[:data.rfind(b" ")]
    text, _ = decode_bytes(data, "text")
    assert text == data.decode(encoding)
