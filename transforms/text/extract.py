"""Extract stage: a decoded document → a clean article (title, body, date, author).

HTML goes through trafilatura (transforms/text/html.py); plain text through newsbeam's
line classifier (transforms/text/clean.py). Before plain text is cleaned, one corpus pass
finds site chrome the way a reader would: a short line that recurs in at least
`chrome_min_docs` documents of one source (same URL host, or same folder) is not news.
Input: documents from DecodeArticles. Output: article records (schemas.tables.ARTICLES
fields but `language`, `duplicate_of`, `story_id`). Rejects (stage `extract`): NoArticleText.
Counters: `extract_boilerplate_lines_removed`, `extract_removed_<reason>`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, replace
from urllib.parse import urlsplit

import apache_beam as beam

from transforms.base import Record, Rejected, apply_stage
from transforms.text.clean import chrome_candidates, clean_text, unescape_text
from transforms.text.dates import parse_date
from transforms.text.html import extract_html

STAGE = "extract"


@dataclass(frozen=True)
class ExtractConfig:
    chrome_min_docs: int = 3  # recurrences that make a short line chrome; 0 turns the pass off
    min_text_chars: int = 20  # less clean text than this is no article (a menu item, a label)
    # HTML pages extracted in a pool of this many processes per SDK worker (0: in the
    # worker itself); for runners that give Python one worker process, such as Prism.
    processes: int = 0

    def __post_init__(self) -> None:
        if self.chrome_min_docs < 0 or self.chrome_min_docs == 1:
            raise ValueError("chrome_min_docs must be 0 (off) or at least 2")
        if self.processes < 0:
            raise ValueError("extract processes must be 0 or more")


def source_group(doc: Record) -> str:
    """The publisher a document most likely came from: its URL's host, else its folder."""
    if doc.get("url"):
        host = urlsplit(doc["url"]).hostname
        if host:
            return host.removeprefix("www.")
    uri = doc["source_uri"]
    return uri.rsplit("/", 1)[0] if "/" in uri else "."


def _article(doc: Record, **fields: object) -> Record:
    article = {k: doc.get(k) for k in ("article_id", "source_uri", "source_line", "url",
                                       "source_offset", "fetched_at")}
    article["fetched_from"] = doc.get("fetched_from") or "file"
    article["entry_id"] = doc.get("entry_id")
    article.update(fields)
    article["text_chars"] = len(article["text"])
    return article


def extract_article(doc: Record, recurring: frozenset[str] = frozenset(),
                    min_text_chars: int = ExtractConfig.min_text_chars) -> Record:
    """The article in `doc`; raises Rejected when no (or too little) body text is left."""
    article = _extract(doc, recurring)
    if 0 < article["text_chars"] < min_text_chars:
        raise Rejected("NoArticleText", f"only {article['text_chars']} characters of article "
                                        f"text (fewer than {min_text_chars})")
    return article


def _extract(doc: Record, recurring: frozenset[str]) -> Record:
    if doc["kind"] == "html":
        page = extract_html(doc["content"], doc.get("url"))
        if page is None:
            raise Rejected("NoArticleText", "no article text found in the page")
        published, source = doc.get("published_at"), doc.get("published_source")
        if published is None and page.published_raw:
            published = parse_date(page.published_raw)
            source = "html:metadata" if published else None
        return _article(doc, url=doc.get("url") or page.url, title=doc.get("title") or page.title,
                        text=page.text, published_at=published, published_source=source,
                        author=page.author, site_name=page.site_name, input_kind="html",
                        boilerplate_lines_removed=None, boilerplate_removed=None,
                        declared_language=page.language)
    cleaned = clean_text(doc["content"], title=doc.get("title"), recurring=recurring)
    removed = sum(cleaned.removed.values())
    passage = _lone_passage(doc["content"], cleaned.removed)
    if not cleaned.text.strip() and passage:
        # A one-line input (a news brief, an event snippet) is its own body: the line model
        # judges lines by their page context, which a one-line document does not have.
        cleaned = replace(cleaned, text=passage, title=doc.get("title"))
        removed = 0
    by_kind = cleaned.removed if removed else {}
    if not cleaned.text.strip():
        raise Rejected("NoArticleText",
                       f"no body text left after removing {removed} boilerplate lines")
    published, source = doc.get("published_at"), doc.get("published_source")
    if published is None and cleaned.published_at is not None:
        published, source = cleaned.published_at, cleaned.published_source
    return _article(doc, title=cleaned.title, text=cleaned.text, published_at=published,
                    published_source=source, author=cleaned.author, site_name=None,
                    input_kind="text", boilerplate_lines_removed=removed,
                    boilerplate_removed=json.dumps(by_kind, sort_keys=True),
                    _removed=cleaned.removed)


_MODEL_ONLY_REASONS = {"chrome", "outside_body", "after_end"}


def _lone_passage(content: str, removed: dict[str, int]) -> str | None:
    """The input's text when it is a single line of at least three words that only the line
    model (not a chrome rule) removed or took for a headline."""
    lines = [line.strip() for line in content.splitlines() if line.strip()]
    if len(lines) != 1 or len(lines[0].split()) < 3:
        return None
    if set(removed) - _MODEL_ONLY_REASONS:
        return None
    return unescape_text(lines[0])


class _ExtractFn:
    """Picklable stage function reading the recurring-chrome side input."""

    def __init__(self, config: ExtractConfig) -> None:
        self._config = config

    def __call__(self, doc: Record, recurring=None) -> Iterator[Record]:
        keys: frozenset[str] = frozenset()
        if doc["kind"] == "text" and recurring is not None:
            try:  # a dict on some runners, a state-backed multimap on others
                keys = frozenset(recurring[source_group(doc)])
            except KeyError:
                pass
        article = extract_article(doc, keys, self._config.min_text_chars)
        removed = article.pop("_removed", None) or {}
        for reason, n in removed.items():
            beam.metrics.Metrics.counter("newsbeam", f"extract_removed_{reason}").inc(n)
        if removed:
            beam.metrics.Metrics.counter("newsbeam", "extract_boilerplate_lines_removed").inc(
                sum(removed.values()))
        yield article


def _candidate_keys(doc: Record) -> Iterator[tuple[tuple[str, str], int]]:
    if doc["kind"] == "text":
        group = source_group(doc)
        for key in chrome_candidates(doc["content"]):
            yield (group, key), 1


class FindRecurringLines(beam.PTransform):
    """Documents → (source group, line key) pairs for lines recurring in ≥ min_docs docs."""

    def __init__(self, min_docs: int) -> None:
        super().__init__()
        self._min_docs = min_docs

    def expand(self, docs):
        min_docs = self._min_docs
        return (docs
                | "CandidateLines" >> beam.FlatMap(_candidate_keys)
                | "CountDocsPerLine" >> beam.CombinePerKey(sum)
                | "KeepRecurring" >> beam.Filter(lambda kv: kv[1] >= min_docs)
                | "BySource" >> beam.Map(lambda kv: kv[0]))


class ExtractArticles(beam.PTransform):
    """Documents → (articles, rejects)."""

    def __init__(self, config: ExtractConfig = ExtractConfig()) -> None:
        super().__init__()
        self._config = config

    def expand(self, docs):
        # Only plain text waits for the corpus pass: pages stream straight through, so the
        # barrier never holds the (large) decoded HTML of a whole run in memory.
        pages, texts = docs | "ByKind" >> beam.Partition(
            lambda doc, _: 0 if doc["kind"] == "html" else 1, 2)
        articles_html, rejects_html = apply_stage(pages, "ExtractPage", STAGE,
                                                  _ExtractFn(self._config),
                                                  processes=self._config.processes)
        if self._config.chrome_min_docs:
            recurring = texts | "FindRecurringLines" >> FindRecurringLines(
                self._config.chrome_min_docs)
            articles_text, rejects_text = apply_stage(
                texts, "ExtractText", STAGE, _ExtractFn(self._config),
                recurring=beam.pvalue.AsMultiMap(recurring))
        else:
            articles_text, rejects_text = apply_stage(texts, "ExtractText", STAGE,
                                                      _ExtractFn(self._config))
        return ((articles_html, articles_text) | "Articles" >> beam.Flatten(),
                (rejects_html, rejects_text) | "Rejects" >> beam.Flatten())
