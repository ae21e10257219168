"""Decoding short legacy texts: real article text (ScrapingHub ground truth, MIT) in each
legacy encoding that can hold it, without a declaration, cut at several lengths.

A sample counts as right when decode_bytes gives back exactly the original text. Prints a
table per encoding and length, and writes it as JSON with --json.

    python benchmarks/decode_short.py [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from transforms.base import Rejected  # noqa: E402
from transforms.sources.decode import decode_bytes  # noqa: E402

TRUTH = REPO / "benchmarks" / "data" / "article-extraction" / "ground-truth.json"
# Encodings by the languages whose real text the corpus has.
ENCODINGS = {
    "ru": ["koi8_r", "cp1251", "iso8859_5"],
    "pt": ["cp1252", "iso8859_1", "iso8859_15"],
    "it": ["cp1252", "iso8859_1", "iso8859_15"],
    "de": ["cp1252", "iso8859_1", "iso8859_15"],
}
LENGTHS = [200, 400, 800, 1600]


def corpus() -> list[tuple[str, str]]:
    """(language, text) of the real bodies in the languages above."""
    from langdetect import DetectorFactory, detect

    DetectorFactory.seed = 0
    truth = json.loads(TRUTH.read_text(encoding="utf-8"))
    out = []
    for _, value in sorted(truth.items()):
        body = " ".join((value.get("articleBody") or "").split())
        if len(body) < 1700:
            continue
        language = detect(body)
        if language in ENCODINGS:
            out.append((language, body))
    return out


# Typographic marks most legacy code pages lack; their writers typed the ASCII ones.
ASCII_MARKS = str.maketrans({"«": '"', "»": '"', "“": '"', "”": '"', "„": '"', "’": "'",
                             "‘": "'", "—": "-", "–": "-", "…": "...", "\u00a0": " "})
STEP = 600  # characters between the starts of one body's samples


def samples(text: str, encoding: str, length: int) -> list[bytes]:
    """Pieces of about `length` bytes in `encoding`, ending at a word, from starts every STEP
    characters; none if the text cannot be written in it."""
    try:
        data = text.translate(ASCII_MARKS).encode(encoding)
    except UnicodeEncodeError:
        return []
    out = []
    for start in range(0, len(data) - length, STEP):
        start = data.find(b" ", start) + 1 if start else 0
        piece = data[start:start + length]
        if len(piece) == length:
            out.append(piece[:piece.rfind(b" ")])
    return out


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--json")
    args = parser.parse_args()
    results: dict[tuple[str, int], list[int]] = defaultdict(lambda: [0, 0])
    misses: dict[str, list[str]] = defaultdict(list)
    for language, body in corpus():
        for encoding in ENCODINGS[language]:
            for length in LENGTHS:
                for data in samples(body, encoding, length):
                    expected = data.decode(encoding)
                    try:
                        text, used = decode_bytes(data, "text")
                    except Rejected as e:
                        text, used = None, f"reject {e.error}"
                    right = text == expected
                    results[(encoding, length)][0] += right
                    results[(encoding, length)][1] += 1
                    if not right:
                        misses[encoding].append(used)
    print(f"{'encoding':<12}" + "".join(f"{n:>10}" for n in LENGTHS) + "   (right/total per length in bytes)")
    table = {}
    for encoding in sorted({e for e, _ in results}):
        row = [results[(encoding, n)] for n in LENGTHS]
        table[encoding] = {str(n): r for n, r in zip(LENGTHS, row, strict=True)}
        print(f"{encoding:<12}" + "".join(f"{r[0]:>6}/{r[1]:<3}" for r in row)
              + (f"   wrong as: {sorted(set(misses[encoding]))}" if misses[encoding] else ""))
    right = sum(r[0] for r in results.values())
    total = sum(r[1] for r in results.values())
    print(f"overall {right}/{total} = {right / total:.3f}")
    if args.json:
        Path(args.json).write_text(json.dumps({"table": table, "right": right, "total": total}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
