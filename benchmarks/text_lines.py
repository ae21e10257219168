"""Train and evaluate the plain-text line classifier of transforms/text/clean.py.

Data: benchmarks/data/article-extraction (181 real news pages + ground-truth bodies).
Each page is rendered to plain text WITH its chrome (one line per block element, like a
plain-text news dump), and every line is labelled body/chrome by its overlap with the
ground-truth body. Pages are split into train/test halves by a hash of the page id.

    .venv/bin/python benchmarks/text_lines.py          # train on train half, write weights, eval
    .venv/bin/python benchmarks/text_lines.py --eval   # evaluate the shipped weights only

Reports on the TEST half: line-level precision/recall of "keep" for the model alone and for
clean_text, and the benchmark's shingle F1 (bag of word 4-grams over \\w+ tokens, per-page
precision and recall averaged, F1 from the averages) of clean_text(text) vs ground truth.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np
from lxml import html as lxml_html

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from transforms.text import clean as ct  # noqa: E402

DATA = Path(__file__).resolve().parent / "data" / "article-extraction"
WEIGHTS = ROOT / "transforms" / "data" / "text_lines_lr.json"

_BLOCK = {
    "p",
    "div",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "br",
    "tr",
    "td",
    "th",
    "section",
    "article",
    "header",
    "footer",
    "nav",
    "aside",
    "blockquote",
    "figure",
    "figcaption",
    "form",
    "dd",
    "dt",
    "dl",
    "pre",
    "table",
    "main",
    "address",
    "hr",
    "title",
    "button",
    "label",
    "option",
    "select",
}
_SKIP = {"script", "style", "noscript", "svg", "template", "iframe", "head", "object"}
_TOK = re.compile(r"\w+")


def render(page: str) -> str:
    """HTML → plain text with chrome: one line per block element, inline text joined."""
    tree = lxml_html.fromstring(page)
    out: list[str] = []

    def walk(el) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in _SKIP or not isinstance(el.tag, str):
            if el.tail:
                out.append(el.tail)
            return
        block = tag in _BLOCK
        if block:
            out.append("\n")
        if el.text:
            out.append(el.text)
        for child in el:
            walk(child)
        if block:
            out.append("\n")
        if el.tail:
            out.append(el.tail)

    body = tree.find("body")
    walk(body if body is not None else tree)
    lines = [" ".join(x.split()) for x in "".join(out).split("\n")]
    return "\n".join(x for x in lines if x)


def shingles(text: str, n: int = 4) -> Counter:
    toks = _TOK.findall(text.lower())
    if len(toks) < n:
        return Counter([tuple(toks)]) if toks else Counter()
    return Counter(tuple(toks[i : i + n]) for i in range(len(toks) - n + 1))


def pr(pred: str, true: str) -> tuple[float, float]:
    """Bag-of-shingles precision and recall of `pred` against `true`."""
    p, t = shingles(pred), shingles(true)
    inter = sum((p & t).values())
    prec = inter / sum(p.values()) if p else (1.0 if not t else 0.0)
    rec = inter / sum(t.values()) if t else 1.0
    return prec, rec


def label(line: str, gt_shingles: set, gt_norm: str, gt_lines: set) -> int | None:
    """1 body, 0 chrome, None ambiguous (skipped in training and line metrics)."""
    toks = _TOK.findall(line.lower())
    if not toks:
        return None
    if len(toks) >= 4:
        sh = [tuple(toks[i : i + 4]) for i in range(len(toks) - 3)]
        frac = sum(s in gt_shingles for s in sh) / len(sh)
        return 1 if frac >= 0.7 else 0 if frac <= 0.2 else None
    norm = " ".join(toks)
    if norm in gt_lines:
        return 1
    return None if f" {norm} " in gt_norm else 0


def is_test(page_id: str) -> bool:
    return int(hashlib.sha1(page_id.encode()).hexdigest(), 16) % 2 == 1


def load() -> list[dict]:
    truth = json.loads((DATA / "ground-truth.json").read_text())
    pages = []
    for pid, rec in sorted(truth.items()):
        path = DATA / "html" / f"{pid}.html.gz"
        if not path.exists():
            continue
        gt = rec.get("articleBody") or ""
        text = render(gzip.decompress(path.read_bytes()).decode("utf-8", "replace"))
        gtoks = _TOK.findall(gt.lower())
        gsh = {tuple(gtoks[i : i + 4]) for i in range(len(gtoks) - 3)}
        gt_lines = {" ".join(_TOK.findall(x.lower())) for x in gt.split("\n") if x.strip()}
        units = ct._segment(ct.unescape_text(text))
        rows = []
        for u in units:
            y = label(u.text, gsh, " " + " ".join(gtoks) + " ", gt_lines)
            rows.append((ct.line_features(u.text), y, u.text))
        pages.append({"id": pid, "text": text, "gt": gt, "rows": rows, "test": is_test(pid)})
    return pages


def fit(X: np.ndarray, y: np.ndarray, l2: float = 1e-2, steps: int = 3000) -> tuple:
    """Logistic regression by full-batch gradient descent on standardised features."""
    mean, std = X.mean(0), X.std(0) + 1e-6
    Z = (X - mean) / std
    w, b = np.zeros(Z.shape[1]), 0.0
    # balance classes so the many short chrome lines don't swamp the body lines
    cw = np.where(y == 1, 0.5 / y.mean(), 0.5 / (1 - y.mean()))
    lr = 0.5
    for _ in range(steps):
        p = 1 / (1 + np.exp(-(Z @ w + b)))
        g = (p - y) * cw
        w -= lr * (Z.T @ g / len(y) + l2 * w)
        b -= lr * g.mean()
    return mean, std, w, b


def pack(names, mean, std, w, b) -> dict:
    return {
        "features": list(names),
        "mean": [round(float(x), 6) for x in mean],
        "std": [round(float(x), 6) for x in std],
        "weights": [round(float(x), 6) for x in w],
        "bias": round(float(b), 6),
    }


def save(d: dict) -> None:
    WEIGHTS.write_text(json.dumps(d, indent=1))
    ct._MODEL = None  # make clean_text reload


def context_rows(pg: dict) -> list[tuple[list[float], int | None]]:
    z = [ct._line_logit(f) for f, _, _ in pg["rows"]]
    units = ct._segment(ct.unescape_text(pg["text"]))
    nwords = [len(u.words) for u in units]
    return [(ct.context_features(z, nwords, i), y) for i, (_, y, _) in enumerate(pg["rows"])]


def line_metrics(pages: list[dict], keep_fn) -> tuple[float, float]:
    tp = fp = fn = 0
    for pg in pages:
        kept = keep_fn(pg)
        for (_, y, _), k in zip(pg["rows"], kept, strict=True):
            if y is None:
                continue
            tp += k and y == 1
            fp += k and y == 0
            fn += (not k) and y == 1
    return tp / max(tp + fp, 1), tp / max(tp + fn, 1)


def clean_keep(pg: dict) -> list[bool]:
    units, *_ = ct._analyse(pg["text"], None, frozenset())
    return [not u.reason for u in units]


def main() -> None:
    t0 = time.time()
    pages = load()
    train = [p for p in pages if not p["test"]]
    test = [p for p in pages if p["test"]]
    print(
        f"pages: {len(pages)} (train {len(train)}, test {len(test)}), rendered in {time.time() - t0:.1f}s"
    )
    if "--eval" not in sys.argv:
        rows = [(f, y) for p in train for f, y, _ in p["rows"] if y is not None]
        X = np.array([f for f, _ in rows], dtype=float)
        y = np.array([y for _, y in rows], dtype=float)
        print(f"train lines: {len(y)} ({int(y.sum())} body)")
        line = pack(ct.FEATURES, *fit(X, y))
        WEIGHTS.parent.mkdir(exist_ok=True)
        save({"line": line})  # stage 2 is trained on the shipped stage-1 logits
        Xc, yc = [], []
        for p in train:
            for f, lab in context_rows(p):
                if lab is not None:
                    Xc.append(f)
                    yc.append(lab)
        ctx = pack(ct.CONTEXT_FEATURES, *fit(np.array(Xc), np.array(yc, dtype=float)))
        save(
            {
                "line": line,
                "context": ctx,
                "trained_on": f"{len(train)} pages / {len(y)} lines of {DATA.name} (train half)",
            }
        )
        for title, part in (("line", line), ("context", ctx)):
            print(f"{title} weights (standardised):")
            pairs = sorted(
                zip(part["features"], part["weights"], strict=True), key=lambda t: -abs(t[1])
            )
            print("  " + "  ".join(f"{n} {w:+.2f}" for n, w in pairs))
    for name, part in (("train", train), ("test", test)):
        mp, mr = line_metrics(
            part,
            lambda pg: [p >= 0.5 for _, p in ct._scores(ct._segment(ct.unescape_text(pg["text"])))],
        )
        cp, cr = line_metrics(part, clean_keep)
        precs, recs, raw_p, raw_r = [], [], [], []
        for pg in part:
            out = ct.clean_text(pg["text"]).text
            p, r = pr(out, pg["gt"])
            precs.append(p)
            recs.append(r)
            p, r = pr(pg["text"], pg["gt"])
            raw_p.append(p)
            raw_r.append(r)
        P, R = float(np.mean(precs)), float(np.mean(recs))
        rP, rR = float(np.mean(raw_p)), float(np.mean(raw_r))
        print(f"[{name}] line keep P/R: model {mp:.3f}/{mr:.3f}  clean_text {cp:.3f}/{cr:.3f}")
        print(
            f"[{name}] shingle P={P:.3f} R={R:.3f} F1={2 * P * R / (P + R):.3f}"
            f"   (raw text: P={rP:.3f} R={rR:.3f} F1={2 * rP * rR / (rP + rR):.3f})"
        )


if __name__ == "__main__":
    main()
