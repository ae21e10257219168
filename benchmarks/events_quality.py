"""Events on real text: the shipped model's figures, and the events stage's speed.

    python benchmarks/events_quality.py [--json OUT.json]

1. Source-held-out dev figures (training/events_report.json, written by
   training/train_events.py: its ACLED and news data may not be redistributed, so the
   figures are stored with the model they describe).
2. The shipped model, recomputed here, on real sentences two annotators labelled and the
   model never saw (training/data/scrapinghub_sentences.jsonl), each in its page's context.
3. False events on real pages: the events stage over the 181 ScrapingHub article bodies
   (mostly not conflict news) and over the HTML dev benchmark's English general web pages,
   pages with at least one event.
4. Speed: articles/s of the events stage, one core, on a real news mix (the ScrapingHub
   bodies and the seed articles), model included.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "training"))

GROUND_TRUTH = REPO / "benchmarks" / "data" / "article-extraction" / "ground-truth.json"


def news_mix() -> list[dict]:
    from transforms.text.clean import clean_text
    from transforms.text.language import detect_language

    articles = []
    if GROUND_TRUTH.exists():
        truth = json.loads(GROUND_TRUTH.read_text(encoding="utf-8"))
        # The language the pipeline would detect: other languages get no events.
        articles += [{"article_id": k, "title": None, "text": v["articleBody"],
                      "language": detect_language(v["articleBody"])[0],
                      "published_at": None, "url": v.get("url")} for k, v in sorted(truth.items())]
    for path in sorted((REPO / "seeds").glob("*.txt")):
        cleaned = clean_text(path.read_text(encoding="utf-8"))
        articles.append({"article_id": path.name, "title": cleaned.title, "text": cleaned.text,
                         "published_at": cleaned.published_at, "language": "en"})
    return articles


def web_pages() -> list[dict]:
    """The English main texts of the HTML dev benchmark's general web pages (articles,
    forums, products, documentation, …): real pages that are mostly not conflict news."""
    import gzip

    from transforms.text.language import detect_language

    pages = []
    for name in ("wcxb-dev", "wcxb-test", "readability"):
        path = REPO / "benchmarks" / "data" / "html_dev" / f"{name}.jsonl.gz"
        if not path.exists():
            continue
        with gzip.open(path, "rt", encoding="utf-8") as f:
            for row in map(json.loads, f):
                text = row.get("truth") or ""
                if len(text) >= 200 and detect_language(text)[0] == "en":
                    pages.append({"article_id": row["id"], "title": None, "text": text,
                                  "language": "en", "published_at": None, "url": row.get("url")})
    return pages


def events_speed(articles: list[dict], seconds: float = 5.0) -> float:
    from transforms.events.gazetteer import index
    from transforms.events.model import model
    from transforms.events.rules import extract_events

    index()
    model()
    done, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        for article in articles:
            extract_events(article)
            done += 1
    return done / (time.perf_counter() - start)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", type=Path)
    parser.add_argument("--seconds", type=float, default=5.0)
    args = parser.parse_args(argv)
    from train_events import DATA, evaluate_labelled, format_report, page_contexts

    from transforms.events.model import MODEL_PATH, VECTORS_PATH, model
    from transforms.events.rules import extract_events

    out: dict = {}
    report_path = REPO / "training" / "events_report.json"
    report = json.loads(report_path.read_text(encoding="utf-8"))
    print("-- source-held-out dev figures (training/events_report.json)")
    print(format_report({k: v for k, v in report.items() if k != "scrapinghub"}))
    out["dev"] = {k: report[k] for k in ("threshold", "typing", "typing_with_relevance",
                                         "relevance_at_threshold")}
    m = model()
    print(f"-- shipped model: {MODEL_PATH.stat().st_size / 1e6:.1f} MB and word vectors "
          f"{VECTORS_PATH.stat().st_size / 1e6:.1f} MB, default threshold {m.threshold:.2f}")
    for name in ("scrapinghub_sentences",):
        r = evaluate_labelled(m, DATA / f"{name}.jsonl", m.threshold, page_contexts())
        out[name] = r
        print(f"-- {name} (two annotators, never trained on): {r['sentences']} sentences, "
              f"{r['events']} events; relevance precision {r['precision']:.3f}, recall {r['recall']:.3f}, "
              f"{r['false_positives']} false events; typing macro-F1 {r['typing_macro_f1']:.3f}")
        for t, v in r["typing_per_type"].items():
            print(f"     {t:38s} P {v['precision']:.2f} R {v['recall']:.2f} n={v['support']}")
    articles = news_mix()
    pages = [a for a in articles if a.get("url")]
    with_events = [(a, extract_events(a)) for a in pages]
    flagged = [(a, e) for a, e in with_events if e]
    out["scrapinghub_pages_with_events"] = len(flagged)
    print(f"-- ScrapingHub pages with an event: {len(flagged)} of {len(pages)}")
    for a, events in flagged:
        print(f"     {a['url'][:70]:70s} {len(events)} × {events[0]['sub_event_type']} "
              f"({events[0]['confidence']:.2f}): {events[0]['evidence'][:80]}")
    web = web_pages()
    web_flagged = [(a, e) for a, e in ((a, extract_events(a)) for a in web) if e]
    out["web_pages"] = {"pages": len(web), "with_events": len(web_flagged)}
    print(f"-- general web pages (WCXB dev+test, Readability's test pages; English bodies, never "
          f"trained on) with an event: {len(web_flagged)} of {len(web)} "
          f"({len(web_flagged) / max(1, len(web)):.1%})")
    for a, events in web_flagged:
        print(f"     {a['article_id']:40s} {len(events)} × {events[0]['sub_event_type']} "
              f"({events[0]['confidence']:.2f}): {events[0]['evidence'][:80]}")
    rate = events_speed(articles, args.seconds)
    out["events_articles_per_s"] = round(rate, 1)
    print(f"-- events stage: {rate:.0f} articles/s on one core, model included "
          f"({len(articles)} real articles: ScrapingHub bodies and seeds; target >= 300)")
    if args.json:
        args.json.write_text(json.dumps(out, indent=1, default=float))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
