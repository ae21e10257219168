"""Language detection on real pages: the quick look with a second witness next to the full
detector (1,000 characters, langdetect's 7 trials), on the same extracted texts.

Pages: the 181 ScrapingHub news pages and the HTML dev set (benchmarks/data/html_dev, pages
from four public datasets, several with a language label). Each page goes through the
extract stage, which also reads its <html lang>; both detectors see the same text. Prints
agreement between them, accuracy against the datasets' labels, and ms/doc of each.

    python benchmarks/language_eval.py [--json OUT]
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.corpus import BENCH_DATA  # noqa: E402
from transforms.text.html import extract_html  # noqa: E402
from transforms.text.language import LanguageConfig, _init_detector, detect_language  # noqa: E402

FULL = LanguageConfig(quick_chars=0)


def real_pages() -> list[tuple[str, str | None]]:
    """(html, dataset language label or None) per page."""
    pages = [(gzip.open(p, "rt", encoding="utf-8", errors="replace").read(), None)
             for p in sorted((BENCH_DATA / "html").glob("*.html.gz"))]
    for path in sorted((REPO / "benchmarks" / "data" / "html_dev").glob("*.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            pages.extend((row["html"], row.get("lang")) for row in map(json.loads, handle))
    return pages


def evaluate() -> dict:
    _init_detector()
    items = []
    for html, label in real_pages():
        page = extract_html(html)
        if page is not None:
            items.append((page.text, page.language, label))
    seconds, answers = {}, {}
    for name, config, use_declared in (("full", FULL, False), ("quick", LanguageConfig(), True)):
        start = time.perf_counter()
        answers[name] = [detect_language(text, config, declared if use_declared else None)[0]
                         for text, declared, _ in items]
        seconds[name] = time.perf_counter() - start
    labelled = [i for i, (_, _, label) in enumerate(items) if label]
    result = {"pages": len(items), "labelled": len(labelled),
              "declared": sum(1 for _, d, _ in items if d),
              "agreement": sum(a == b for a, b in zip(answers["full"], answers["quick"],
                                                      strict=True)) / len(items)}
    for name in answers:
        result[f"{name}_ms_per_doc"] = round(seconds[name] / len(items) * 1000, 2)
        result[f"{name}_accuracy_on_labels"] = round(
            sum(answers[name][i] == items[i][2] for i in labelled) / len(labelled), 4)
    result["disagreements"] = [
        {"full": answers["full"][i], "quick": answers["quick"][i], "declared": items[i][1],
         "label": items[i][2], "start": items[i][0][:80]}
        for i in range(len(items)) if answers["full"][i] != answers["quick"][i]]
    return result


def report(r: dict) -> None:
    print(f"  {r['pages']} real pages ({r['declared']} declare a language, {r['labelled']} "
          f"labelled by their dataset)")
    print(f"  full detector   {r['full_ms_per_doc']:5.2f} ms/doc   accuracy on labels "
          f"{r['full_accuracy_on_labels']:.3f}")
    print(f"  quick + witness {r['quick_ms_per_doc']:5.2f} ms/doc   accuracy on labels "
          f"{r['quick_accuracy_on_labels']:.3f}   agreement with full {r['agreement']:.3f}")
    for d in r["disagreements"]:
        print(f"    full {d['full']} quick {d['quick']} declared {d['declared']} "
              f"label {d['label']}: {d['start']!r}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    result = evaluate()
    report(result)
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
