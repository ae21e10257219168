"""transforms/sources/feeds.py: feed documents → entries, feed lists, entry links (pure, no network)."""

from __future__ import annotations

import time
import tracemalloc
from datetime import UTC, datetime

import pytest

from transforms.base import Rejected
from transforms.sources.feeds import FeedEntry, entry_link_problem, parse_feed, read_feed_list

FEED_URL = "https://news.example.com/feeds/main.xml"

RSS20 = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
  <title>Example News</title>
  <link>https://news.example.com/</link>
  <description>All the news</description>
  <item>
    <title>Guid item</title>
    <link>/world/2013/02/07/story-1</link>
    <guid isPermaLink="false">tag:example.com,2013:1</guid>
    <description>&lt;p&gt;Short summary&lt;/p&gt;</description>
    <content:encoded><![CDATA[<p>Full <a href="/more">body</a> text.</p>]]></content:encoded>
    <pubDate>Thu, 07 Feb 2013 12:03:00 +0300</pubDate>
    <dc:creator>Ann Writer</dc:creator>
  </item>
  <item>
    <title>Link item</title>
    <link>https://news.example.com/world/story-2</link>
    <description>Plain summary only.</description>
    <pubDate>Fri, 08 Feb 2013 08:00:00 GMT</pubDate>
  </item>
  <item>
    <title>No id, no link</title>
    <description>Body of the linkless item.</description>
  </item>
  <item>
    <title>Guid item, repeated</title>
    <link>/world/2013/02/07/story-1-again</link>
    <guid isPermaLink="false">tag:example.com,2013:1</guid>
  </item>
  <item>
    <title>Permalink guid</title>
    <guid>https://news.example.com/p/5</guid>
  </item>
</channel>
</rss>
"""

RSS091 = b"""<?xml version="1.0" encoding="ISO-8859-1"?>
<rss version="0.91">
<channel>
  <title>Old school</title>
  <link>http://old.example.org/</link>
  <description>RSS 0.91</description>
  <language>en-us</language>
  <item>
    <title>Caf\xe9 opens</title>
    <link>http://old.example.org/cafe.html</link>
    <description>A caf\xe9 opened downtown.</description>
  </item>
</channel>
</rss>
"""

RSS10 = b"""<?xml version="1.0" encoding="utf-8"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
         xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://rdf.example.net/">
    <title>RDF site</title>
    <link>https://rdf.example.net/</link>
    <description>RSS 1.0</description>
    <items><rdf:Seq><rdf:li rdf:resource="https://rdf.example.net/a"/></rdf:Seq></items>
  </channel>
  <item rdf:about="https://rdf.example.net/a">
    <title>RDF item</title>
    <link>https://rdf.example.net/a</link>
    <description>An RDF description.</description>
    <dc:date>2013-02-07T12:03:00+03:00</dc:date>
    <dc:creator>Bo Author</dc:creator>
  </item>
</rdf:RDF>
"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://atom.example.org/blog/">
  <title>Atom blog</title>
  <id>urn:uuid:60a76c80-d399-11d9-b93C-0003939e0af6</id>
  <updated>2013-02-08T10:00:00Z</updated>
  <entry>
    <title>Atom entry</title>
    <link rel="alternate" href="posts/1"/>
    <link rel="edit" href="https://atom.example.org/edit/1"/>
    <id>urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a</id>
    <updated>2013-02-07T09:03:00Z</updated>
    <published>2013-02-07T12:03:00+03:00</published>
    <author><name>Cy Blogger</name></author>
    <summary>Atom summary.</summary>
    <content type="html">&lt;p&gt;Atom &lt;b&gt;content&lt;/b&gt;&lt;/p&gt;</content>
  </entry>
  <entry>
    <title>Text entry</title>
    <link href="posts/2"/>
    <id>urn:uuid:2</id>
    <updated>2013-02-08T10:00:00Z</updated>
    <content type="text">Just text.</content>
  </entry>
</feed>
"""


def _by_title(entries: list[FeedEntry]) -> dict[str, FeedEntry]:
    return {e.title: e for e in entries}


# --- formats -----------------------------------------------------------------------------------

def test_rss20_entries_links_ids_content_dates():
    entries = parse_feed(RSS20, FEED_URL, "application/rss+xml; charset=utf-8")
    assert [e.title for e in entries] == ["Guid item", "Link item", "No id, no link",
                                          "Permalink guid"]  # the repeated guid is dropped
    first, second, third, fourth = entries
    assert first.entry_id == "tag:example.com,2013:1"
    assert first.link == "https://news.example.com/world/2013/02/07/story-1"  # resolved
    assert first.content is not None and "Full" in first.content  # content:encoded wins
    assert 'href="https://news.example.com/more"' in first.content  # links inside resolved too
    assert first.content_is_html
    assert first.published == datetime(2013, 2, 7, 9, 3, tzinfo=UTC)
    assert first.published.tzinfo is not None and first.published.utcoffset().total_seconds() == 0
    assert first.author == "Ann Writer"

    assert second.entry_id == second.link == "https://news.example.com/world/story-2"
    assert second.content == "Plain summary only."  # summary when there is no content
    assert not second.content_is_html  # no markup: not HTML though feedparser says text/html
    assert second.published == datetime(2013, 2, 8, 8, 0, tzinfo=UTC)
    assert second.author is None

    assert third.link is None
    assert third.entry_id.startswith("urn:newsbeam:entry:")
    assert third.content == "Body of the linkless item."

    assert fourth.entry_id == fourth.link == "https://news.example.com/p/5"
    assert fourth.content is None and not fourth.content_is_html


def test_hash_id_is_stable_and_depends_on_text():
    a = parse_feed(RSS20, FEED_URL)[2].entry_id
    assert parse_feed(RSS20, "https://elsewhere.example/feed")[2].entry_id == a
    changed = RSS20.replace(b"Body of the linkless item.", b"Another body.")
    assert parse_feed(changed, FEED_URL)[2].entry_id != a


def test_content_type_missing_still_decodes_utf8_by_default():
    doc = ("<rss version='2.0'><channel><title>t</title><item><title>Привет, мир</title>"
           "<link>https://ru.example/1</link></item></channel></rss>").encode()
    assert parse_feed(doc, FEED_URL)[0].title == "Привет, мир"
    assert parse_feed(doc, FEED_URL, "application/xml")[0].title == "Привет, мир"


def test_rss091_latin1():
    (entry,) = parse_feed(RSS091, "http://old.example.org/rss.xml", "text/xml")
    assert entry.title == "Café opens"
    assert entry.link == entry.entry_id == "http://old.example.org/cafe.html"
    assert entry.content == "A café opened downtown."
    assert entry.published is None


def test_rss10_rdf():
    (entry,) = parse_feed(RSS10, "https://rdf.example.net/index.rdf")
    assert entry.title == "RDF item"
    assert entry.link == "https://rdf.example.net/a"
    assert entry.entry_id == "https://rdf.example.net/a"
    assert entry.published == datetime(2013, 2, 7, 9, 3, tzinfo=UTC)  # ISO with offset → UTC
    assert entry.author == "Bo Author"
    assert entry.content == "An RDF description."


def test_atom10():
    entries = parse_feed(ATOM, "https://atom.example.org/feed.atom", "application/atom+xml")
    first, second = entries
    assert first.entry_id == "urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a"
    assert first.link == "https://atom.example.org/blog/posts/1"  # xml:base + alternate link
    assert first.content == "<p>Atom <b>content</b></p>"  # content preferred to summary
    assert first.content_is_html
    assert first.published == datetime(2013, 2, 7, 9, 3, tzinfo=UTC)  # published, not updated
    assert first.author == "Cy Blogger"
    assert second.link == "https://atom.example.org/blog/posts/2"
    assert second.content == "Just text." and not second.content_is_html
    assert second.published == datetime(2013, 2, 8, 10, 0, tzinfo=UTC)  # updated as fallback


def test_relative_links_resolve_against_feed_url_without_base():
    doc = (b"<?xml version='1.0'?><rss version='2.0'><channel><title>t</title>"
           b"<item><title>a</title><link>../articles/a.html</link></item>"
           b"<item><title>b</title><link>//cdn.example.net/b</link></item></channel></rss>")
    a, b = parse_feed(doc, "https://site.example/feeds/rss.xml")
    assert a.link == "https://site.example/articles/a.html"
    assert b.link == "https://cdn.example.net/b"


def test_unparsed_date_string_falls_back_to_parse_date():
    doc = ("<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>t</title>"
           "<item><title>a</title><link>https://x.example/a</link>"
           "<pubDate>07 февраля 2013, 12:03</pubDate></item></channel></rss>").encode()
    (entry,) = parse_feed(doc, FEED_URL)
    assert entry.published == datetime(2013, 2, 7, 12, 3, tzinfo=UTC)


def test_windows_1251_declared_in_xml():
    doc = ('<?xml version="1.0" encoding="windows-1251"?>\n'
           '<rss version="2.0"><channel><title>Новости</title><link>https://ru.example/</link>'
           '<item><title>Взрыв в Дамаске</title><link>https://ru.example/n/1</link>'
           '<description>Сирийская армия сообщила о потерях.</description></item>'
           '</channel></rss>').encode("windows-1251")
    for content_type in (None, "application/rss+xml", "text/xml; charset=windows-1251"):
        (entry,) = parse_feed(doc, "https://ru.example/rss", content_type)
        assert entry.title == "Взрыв в Дамаске"
        assert entry.content == "Сирийская армия сообщила о потерях."


def test_utf16_with_bom():
    doc = ('<?xml version="1.0" encoding="utf-16"?><rss version="2.0"><channel><title>t</title>'
           '<item><title>Ελληνικά</title><link>https://gr.example/1</link></item>'
           '</channel></rss>').encode("utf-16")
    (entry,) = parse_feed(doc, FEED_URL)
    assert entry.title == "Ελληνικά"


# --- rejects and broken input ------------------------------------------------------------------

@pytest.mark.parametrize("page", [
    b"<!DOCTYPE html>\n<html><head><title>News</title></head><body><p>Hi</p></body></html>",
    b"<html lang='en'><head><title>News</title></head><body><a href='/rss'>RSS</a></body></html>",
    b"<?xml version='1.0'?>\n<html xmlns='http://www.w3.org/1999/xhtml'><body>x</body></html>",
])
def test_html_page_is_rejected(page):
    with pytest.raises(Rejected) as info:
        parse_feed(page, FEED_URL, "text/html; charset=utf-8")
    assert info.value.error == "BadFeed"
    assert "HTML" in info.value.detail


@pytest.mark.parametrize("data", [b"", b"   \n\t ", b"\xef\xbb\xbf\n"])
def test_empty_is_rejected(data):
    with pytest.raises(Rejected) as info:
        parse_feed(data, FEED_URL)
    assert info.value.error == "BadFeed"
    assert "empty" in info.value.detail


@pytest.mark.parametrize("data, error, detail", [
    (b"just some words, no markup", "BadFeed", "not a usable feed (SAXParseException"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "BadFeed", "not a usable feed"),
    (b"<?xml version='1.0'?><rss version='2.0'><channel><title>x</title>", "EmptyFeed",
     "no entries"),
    (b"<?xml version='1.0'?><rss version='2.0'><channel><title>x</title></channel></rss>",
     "EmptyFeed", "no entries"),
    (b"<?xml version='1.0'?><note><to>Tove</to></note>", "BadFeed", "not a feed"),
])
def test_non_feeds_and_empty_feeds_are_rejected(data, error, detail):
    with pytest.raises(Rejected) as info:
        parse_feed(data, FEED_URL, "application/xml")
    assert info.value.error == error
    assert detail in info.value.detail


def test_broken_feed_with_entries_is_accepted():
    # A bare '&' and no closing </rss>: not well-formed, but the entries are there.
    doc = (b"<?xml version='1.0'?><rss version='2.0'><channel><title>x</title>"
           b"<item><title>Tom & Jerry</title><link>http://a.example/1</link></item>"
           b"<item><title>Second</title><link>http://a.example/2</link></item></channel>")
    entries = parse_feed(doc, "http://a.example/feed")
    assert [e.link for e in entries] == ["http://a.example/1", "http://a.example/2"]
    assert entries[0].title == "Tom & Jerry"


def test_duplicate_ids_keep_first():
    doc = (b"<rss version='2.0'><channel><title>x</title>"
           + b"".join(b"<item><title>v%d</title><guid>https://d.example/same</guid></item>" % i
                      for i in range(3))
           + b"<item><title>other</title><link>https://d.example/other</link></item>"
           + b"<item><title>other again</title><link>https://d.example/other</link></item>"
           + b"</channel></rss>")
    assert [e.title for e in parse_feed(doc, FEED_URL)] == ["v0", "other"]


def _billion_laughs(one_line: bool = False) -> bytes:
    decls = ['<!ENTITY lol "lol">'] + [
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
        for i in range(1, 10)]
    sep = "" if one_line else "\n"
    return (f'<?xml version="1.0"?>\n<!DOCTYPE rss [{sep}{sep.join(decls)}{sep}]>\n'
            '<rss version="2.0"><channel><title>&lol9;</title>'
            '<item><title>&lol9;</title><link>http://a.example/1</link></item>'
            '</channel></rss>').encode()


@pytest.mark.parametrize("data", [
    _billion_laughs(), _billion_laughs(one_line=True),
    _billion_laughs().decode().encode("utf-16"),
    _billion_laughs().replace(b"<!DOCTYPE", b"<!doctype"),
])
def test_billion_laughs_refused_quickly(data):
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(Rejected) as info:
            parse_feed(data, FEED_URL, "application/rss+xml")
        elapsed = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert info.value.error == "BadFeed"
    assert info.value.detail == "entity declarations refused (entity-expansion risk)"
    assert elapsed < 10  # expansion refused, not merely slow: a real bomb runs for minutes
    assert peak < 50_000_000


def test_escaped_entity_text_in_items_is_fine():
    doc = (b"<?xml version='1.0'?><rss version='2.0'><channel><title>x</title><item>"
           b"<title>XML tricks</title><link>http://a.example/x</link>"
           b"<description>Never accept &lt;!ENTITY lol \"lol\"&gt; in input.</description>"
           b"</item></channel></rss>")
    (entry,) = parse_feed(doc, FEED_URL)
    assert "ENTITY" in entry.content


def test_never_reads_local_files(tmp_path, monkeypatch):
    # feedparser.parse(bytes) would open() a file named by the bytes; parse_feed must not.
    (tmp_path / "feed.xml").write_bytes(RSS20)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(Rejected):
        parse_feed(b"feed.xml", FEED_URL)


def test_never_fetches_urls(monkeypatch):
    import urllib.request

    def no_network(*args, **kwargs):
        raise AssertionError("network access attempted")

    monkeypatch.setattr(urllib.request.OpenerDirector, "open", no_network)
    with pytest.raises(Rejected):
        parse_feed(b"https://news.example.com/rss.xml", FEED_URL)
    assert parse_feed(RSS20, FEED_URL)


# --- feed lists --------------------------------------------------------------------------------

def test_read_feed_list():
    text = ("\ufeff# my feeds\n"
            "https://a.example/rss.xml\n"
            "\n"
            "   https://b.example/atom  \n"
            "\t# indented comment\n"
            "https://c.example/feed#frag   # trailing comment\n"
            "https://a.example/rss.xml\n"
            "   \n")
    assert read_feed_list(text) == ["https://a.example/rss.xml", "https://b.example/atom",
                                    "https://c.example/feed#frag"]
    assert read_feed_list("") == []
    assert read_feed_list("# nothing\n\n") == []
    assert read_feed_list("https://x.example/f\r\nhttps://y.example/f\r\n") == [
        "https://x.example/f", "https://y.example/f"]


# --- entry links -------------------------------------------------------------------------------

@pytest.mark.parametrize("link, problem", [
    (None, "entry has no link"),
    ("", "entry has no link"),
    ("   ", "entry has no link"),
    ("mailto:x", "link scheme 'mailto' is not http(s)"),
    ("javascript:alert(1)", "link scheme 'javascript' is not http(s)"),
    ("ftp://files.example/a.txt", "link scheme 'ftp' is not http(s)"),
    ("http://", "link has no host"),
    ("https:///path", "link has no host"),
    ("/relative/path", "link is not absolute"),
    ("http://[::1", "link is not a valid URL"),
    ("http://example.com:99999/a", "link is not a valid URL"),
    ("https://example.com/a", None),
    ("HTTP://Example.com/a?b=c#d", None),
    ("  https://example.com/a  ", None),
])
def test_entry_link_problem(link, problem):
    assert entry_link_problem(link) == problem
