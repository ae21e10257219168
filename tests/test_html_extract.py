"""Tests for transforms.text.html (main text + metadata from article HTML)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from transforms.text.html import ExtractedHtml, extract_html

REPO_ROOT = Path(__file__).resolve().parent.parent

ARTICLE_PARAGRAPHS = [
    "Heavy rain caused the Millbrook river to burst its banks on Tuesday night, flooding "
    "more than two hundred homes in the lower town and forcing the closure of the old bridge.",
    "Emergency crews worked through the night to move residents to the community hall, where "
    "volunteers handed out blankets, hot soup and dry clothes to families who had lost everything.",
    "The mayor said the town would ask the regional government for emergency funds, adding that "
    "the flood defences built in the nineteen-seventies had simply not been designed for this.",
    "Hydrologists at the university warned that such floods are becoming more frequent as winters "
    "grow wetter, and urged the council to restore the wetlands upstream of the town centre.",
    "Shopkeepers on the high street began clearing mud from their premises on Wednesday morning, "
    "though many said they did not expect to reopen before the end of the month.",
]

NEWS_PAGE = f"""<!DOCTYPE html>
<html lang="en-GB">
<head>
  <meta charset="utf-8">
  <title>River bursts its banks in Millbrook - The Valley Gazette</title>
  <link rel="canonical" href="https://gazette.example.org/news/2024/03/05/millbrook-flood">
  <meta property="og:site_name" content="The Valley Gazette">
  <meta property="og:title" content="River bursts its banks in Millbrook">
  <meta name="author" content="Jane Marlowe">
  <meta property="article:published_time" content="2024-03-05T08:30:00Z">
</head>
<body>
  <header>
    <nav class="main-nav"><ul>
      <li><a href="/">Home</a></li><li><a href="/news">News</a></li>
      <li><a href="/sport">Sport</a></li><li><a href="/weather">Weather</a></li>
    </ul></nav>
  </header>
  <main>
    <article>
      <h1>River bursts its banks in Millbrook</h1>
      <div class="byline">By <a href="/staff/jane">Jane Marlowe</a>, 5 March 2024</div>
      <div class="share-buttons"><ul>
        <li><a href="#">Share on Facebook</a></li><li><a href="#">Share on Twitter</a></li>
        <li><a href="#">Email this story</a></li>
      </ul></div>
      {"".join(f"<p>{p}</p>" for p in ARTICLE_PARAGRAPHS)}
      <div class="newsletter-signup"><h3>Get our morning briefing</h3>
        <p>Sign up for the newsletter and never miss a story.</p>
        <form><input type="email"><button>Subscribe</button></form></div>
      <aside class="related-stories"><h3>Related stories</h3><ul>
        <li><a href="/a">Council approves new car park despite protests</a></li>
        <li><a href="/b">Local bakery wins national award for sourdough loaf</a></li>
        <li><a href="/c">School football team reaches county final again</a></li>
      </ul></aside>
    </article>
    <section id="comments" class="comments">
      <h2>Comments</h2>
      <div class="comment"><p>Terrible news, my thoughts go out to everyone in the lower town.</p></div>
      <div class="comment"><p>The council has been warned about those defences for years now.</p></div>
    </section>
  </main>
  <footer><p>Copyright 2024 The Valley Gazette. All rights reserved.</p>
    <a href="/privacy">Privacy policy</a> <a href="/contact">Contact us</a></footer>
</body>
</html>"""

GERMAN_PAGE = """<html lang="de"><head><title>Neue Brücke über die Elbe eröffnet</title>
<meta property="og:site_name" content="Elbblatt"></head><body>
<nav><a href="/">Startseite</a> <a href="/politik">Politik</a></nav>
<article><h1>Neue Brücke über die Elbe eröffnet</h1>
<p>Nach vier Jahren Bauzeit ist die neue Brücke über die Elbe am Samstag feierlich für den
Verkehr freigegeben worden. Tausende Schaulustige säumten das Ufer und jubelten.</p>
<p>Die Bürgermeisterin sprach von einem großen Tag für die ganze Region, weil Pendler künftig
täglich fast eine halbe Stunde Fahrzeit sparen würden.</p>
<p>Kritiker bemängeln dagegen die Kosten, die während der Bauphase um mehr als ein Drittel
gestiegen sind, und fordern eine unabhängige Überprüfung der Ausschreibung.</p>
</article><footer>Impressum · Datenschutz</footer></body></html>"""

NO_ARTICLE_PAGE = """<html><head><title>Log in</title></head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/about">About</a></li></ul></nav>
<form><label>User <input name="u"></label><label>Password <input type="password"></label>
<button>Log in</button></form><footer><a href="/help">Help</a></footer></body></html>"""


@pytest.fixture(scope="module")
def news() -> ExtractedHtml:
    result = extract_html(NEWS_PAGE, url="https://gazette.example.org/x?utm_source=feed")
    assert result is not None
    return result


def test_article_paragraphs_kept_in_order(news):
    paragraphs = news.text.split("\n\n")
    positions = [paragraphs.index(p) for p in ARTICLE_PARAGRAPHS]
    assert positions == sorted(positions)


@pytest.mark.parametrize(
    "chrome",
    [
        "Sport",  # navigation
        "Share on Facebook",  # share buttons
        "Council approves new car park",  # related links
        "Sign up for the newsletter",  # newsletter box
        "thoughts go out to everyone",  # reader comments
        "All rights reserved",  # footer
    ],
)
def test_page_chrome_dropped(news, chrome):
    assert chrome not in news.text


def test_title_not_repeated_in_text(news):
    assert news.title == "River bursts its banks in Millbrook"
    assert not news.text.startswith("River bursts its banks")


def test_metadata(news):
    assert news.author == "Jane Marlowe"
    assert news.published_raw is not None and news.published_raw.startswith("2024-03-05")
    assert news.site_name == "The Valley Gazette"
    assert news.url == "https://gazette.example.org/news/2024/03/05/millbrook-flood"


def test_no_canonical_means_no_url():
    result = extract_html(GERMAN_PAGE, url="https://elbblatt.example.de/a")
    assert result is not None and result.url is None


def test_non_english_page():
    result = extract_html(GERMAN_PAGE)
    assert result is not None
    assert result.title == "Neue Brücke über die Elbe eröffnet"
    assert "täglich fast eine halbe Stunde Fahrzeit sparen" in result.text
    assert "Ausschreibung." in result.text
    assert "Impressum" not in result.text and "Startseite" not in result.text


def test_cross_links_dropped_but_similar_prose_kept():
    body = "".join(f"<p>{p}</p>" for p in ARTICLE_PARAGRAPHS[:3])
    body += '<p>READ MORE: <a href="/x">Storm warning issued for the whole northern coast</a></p>'
    body += (
        "<p>Related research shows that restored wetlands can absorb a large share of a "
        "flood peak before it reaches the towns further downstream.</p>"
    )
    result = extract_html(f"<html><body><article>{body}</article></body></html>")
    assert result is not None
    assert "Storm warning issued" not in result.text
    assert "Related research shows that restored wetlands" in result.text


@pytest.mark.parametrize("html", [NO_ARTICLE_PAGE, "", "   ", "<html></html>", "just some words"])
def test_pages_without_article_text_give_none(html):
    assert extract_html(html) is None


def test_repeated_calls_are_independent():
    # no global dedup cache: the same page must extract identically every time
    assert extract_html(NEWS_PAGE) == extract_html(NEWS_PAGE)


# --- quality gate on a fixed subset of the ScrapingHub article-extraction benchmark ---

BENCH_DIR = Path(
    os.environ.get("NEWSBEAM_BENCH_DIR", REPO_ROOT / "benchmarks/data/article-extraction")
)
GATE_PAGES = 30
GATE_F1_FLOOR = 0.96  # measured 0.971 on this subset; a drop below the floor is a regression


@pytest.mark.skipif(not (BENCH_DIR / "ground-truth.json").exists(), reason="benchmark not present")
def test_quality_gate_on_benchmark_subset():
    sys.path.insert(0, str(REPO_ROOT / "benchmarks"))
    import html_quality as hq

    pages = hq.load_pages(BENCH_DIR / "html", BENCH_DIR / "ground-truth.json")[:GATE_PAGES]

    def text_of(html: str) -> str | None:
        result = extract_html(html)
        return result.text if result else None

    counts, _ = hq.evaluate_extractor(text_of, pages)
    scores = hq.score(counts.values())
    assert scores.f1 >= GATE_F1_FLOOR, scores


# --- the one-pass author finder against trafilatura's own (transforms/text/byline.py) ---


@pytest.mark.skipif(not (BENCH_DIR / "html").exists(), reason="benchmark not present")
def test_page_author_finds_what_trafilatura_finds_on_every_benchmark_page():
    import gzip

    from trafilatura.metadata import extract_author
    from trafilatura.utils import load_html

    from transforms.text.byline import page_author

    found = 0
    for path in sorted((BENCH_DIR / "html").glob("*.html.gz")):
        tree = load_html(gzip.decompress(path.read_bytes()))
        before = etree_bytes(tree)
        expected = extract_author(tree)
        assert page_author(tree) == expected, path.name
        assert etree_bytes(tree) == before  # the page's tree is left as it was
        found += expected is not None
    assert found >= 50  # the comparison covers pages that have an author, not only None


def test_page_author_markup_rules():
    from trafilatura.utils import load_html

    from transforms.text.byline import page_author

    def author(body: str) -> str | None:
        return page_author(load_html(f"<html><body><article>{body}<p>{'Text. ' * 30}</p>"
                                     "</article></body></html>"))

    assert author('<span class="author-name">Jane Doe</span>') == "Jane Doe"
    # the specific markup wins over an earlier generic byline
    assert author('<div class="byline">By Desk</div><a rel="author">John Roe</a>') == "John Roe"
    # bylines inside comment threads and figures are not the article's
    assert author('<div id="comments"><span class="author">Troll Name</span></div>') is None
    assert author('<figure><span class="byline">Photo Agency</span></figure>') is None
    assert author('<span class="writer">A</span>') is None  # too short to be a name


def test_page_author_reads_a_byline_as_trafilatura_prunes_it():
    """Corner cases of the walk without a copy of the page: parts of a byline that the
    pruning deletes (their tails join what precedes them), bylines inside deleted blocks,
    and pages with <rel> elements; each compared with trafilatura's own answer."""
    from trafilatura.metadata import extract_author
    from trafilatura.utils import load_html

    from transforms.text.byline import page_author

    bodies = [
        '<div class="byline">By<time>May 2</time>Jane<span class="print">x</span>Doe</div>',
        '<div class="byline"><span class="quote">"</span>Jane Doe<figure>pic</figure>, Reuters</div>',
        '<div class="byline"><b>By</b><span class="comments-count">3</span>Ann Lee</div>',
        '<section class="sidebar"><span class="author">Side Bar</span></section>'
        '<p class="byline">Real Author</p>',
        '<figure><span class="author">Photo Credit</span></figure><span itemprop="author">Kim Ray</span>',
        '<div data-component="Figure"><a class="author">Caption Name</a></div>',
        '<p><rel>me</rel>Rel Page</p><a rel="author">Rel Author</a>',
        '<time class="author">2020-01-01</time><h4 class="byline">H Four</h4>',
        '<div class="byline"><time>only a time</time></div><span class="writer">Wri Ter</span>',
    ]
    for body in bodies:
        tree = load_html(f"<html><body><article>{body}<p>{'Text. ' * 30}</p>"
                         "</article></body></html>")
        before = etree_bytes(tree)
        assert page_author(tree) == extract_author(tree), body
        assert etree_bytes(tree) == before


def etree_bytes(tree) -> bytes:
    from lxml import etree

    return etree.tostring(tree)


# --- parse_page against trafilatura's load_html ---

_ODD_PAGES = [
    # control characters and noncharacters libxml2 rejects (load_html strips them)
    "<html><body><p>Control\x01 char\x0b and \ufffe here, long enough.</p><p>x</p></body></html>",
    # an XHTML doctype with a slash, which libxml2 mis-parses unless it is removed
    '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0//EN" "http://www.w3.org/TR/xhtml1/DTD/'
    'xhtml1-strict.dtd">\n<html><head><title>T</title></head><body><p>Body.</p></body></html>',
    # a self-closing <html/> in the first lines
    '<html lang="en" />\n<head><title>T</title></head><body><p>Body text.</p></body>',
    # a fragment without <html>: dubious, rejected when it parses to one block
    "<p>Only a paragraph.</p>",
    # a lone surrogate (undecodable bytes kept as surrogates)
    "<html><body><p>Broken \udcff byte in a paragraph.</p><p>y</p></body></html>",
    "",
]


def test_parse_page_gives_load_htmls_tree():
    """parse_page is trafilatura's load_html made faster; the tree must be the same on real
    pages and on the corner cases load_html repairs or rejects."""
    import gzip

    from trafilatura.utils import load_html

    from transforms.text.html import parse_page

    pages = [gzip.decompress(path.read_bytes()).decode("utf-8", "replace")
             for path in sorted((BENCH_DIR / "html").glob("*.html.gz"))[:60]]
    for page in pages + _ODD_PAGES:
        expected, got = load_html(page), parse_page(page)
        assert (got is None) == (expected is None), page[:60]
        if expected is not None:
            assert etree_bytes(got) == etree_bytes(expected), page[:60]
