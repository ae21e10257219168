"""Merge two annotators' labels of a sample into a labels file, with their agreement.

    python training/merge_labels.py SAMPLE_DIR --labels training/data/current_events_incident_labels.jsonl \
        --source "Wikipedia Current events portal" [--adjudicated ADJUDICATED.jsonl]

SAMPLE_DIR holds training/sample_current_events.py's `sample_meta.jsonl` and `chunk{k}.jsonl`,
and each chunk's two independent label files `labels_chunk{k}_a.jsonl` and
`labels_chunk{k}_b.jsonl` ({id, label} per line). An item's `label` is the one both gave;
where they differ it is the adjudicated label (ADJUDICATED.jsonl: {id, label}, decided by a
third reader against the same guidelines, `adjudicated: true`) or null until then. Rows already
in the labels file are kept (an adjudication may fill their null label); the file is written
sorted by id. Prints this sample's agreement and Cohen's kappa, over the 26 labels and over
event / no event.
"""

from __future__ import annotations

import argparse
import hashlib
import json
from collections import Counter
from pathlib import Path

NONE = "NONE"


def kappa(pairs: list[tuple[str, str]]) -> tuple[float, float]:
    """Observed agreement and Cohen's kappa of two annotators' labels of the same items."""
    n = len(pairs)
    observed = sum(a == b for a, b in pairs) / n
    first, second = Counter(a for a, _ in pairs), Counter(b for _, b in pairs)
    chance = sum(first[label] * second[label] for label in first) / (n * n)
    return observed, (observed - chance) / (1 - chance) if chance < 1 else 1.0


def merge(meta: dict[str, dict], first: dict[str, str], second: dict[str, str], source: str,
          adjudicated: dict[str, str]) -> list[dict]:
    """One row per item both annotators labelled."""
    rows = []
    for item_id, m in meta.items():
        if item_id not in first or item_id not in second:
            continue
        a, b = first[item_id], second[item_id]
        row = {"id": item_id, "source": source, "heading": m["heading"], "text_sha1": m["text_sha1"],
               "label_a": a, "label_b": b, "label": a if a == b else adjudicated.get(item_id)}
        if a != b and item_id in adjudicated:
            row["adjudicated"] = True
        if m.get("match"):  # drawn by a text pattern (typing evidence only): its SHA-1's first 12 digits
            row["match"] = hashlib.sha1(m["match"].encode()).hexdigest()[:12]
        rows.append(row)
    return rows


def _read(path: Path) -> dict[str, str]:
    return {r["id"]: r["label"] for r in map(json.loads, path.read_text(encoding="utf-8").splitlines())}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sample_dir", type=Path)
    parser.add_argument("--labels", type=Path, required=True)
    parser.add_argument("--source", required=True)
    parser.add_argument("--adjudicated", type=Path)
    args = parser.parse_args(argv)
    meta = {m["id"]: m for m in map(json.loads, (args.sample_dir / "sample_meta.jsonl").read_text().splitlines())}
    first, second = {}, {}
    for chunk in sorted(args.sample_dir.glob("chunk*.jsonl")):
        for side, into in (("a", first), ("b", second)):
            path = args.sample_dir / f"labels_{chunk.stem}_{side}.jsonl"
            if path.exists():
                into.update(_read(path))
    adjudicated = _read(args.adjudicated) if args.adjudicated else {}
    rows = merge(meta, first, second, args.source, adjudicated)
    old = {}
    if args.labels.exists():
        old = {r["id"]: r for r in map(json.loads, args.labels.read_text(encoding="utf-8").splitlines())}
    for row in old.values():  # an earlier round's disagreement, adjudicated now
        if row["label"] is None and row["id"] in adjudicated:
            row.update(label=adjudicated[row["id"]], adjudicated=True)
    merged = {**old, **{r["id"]: r for r in rows}}
    pairs = [(r["label_a"], r["label_b"]) for r in rows]
    if pairs:
        agree, k = kappa(pairs)
        agree_ev, k_ev = kappa([(a != NONE, b != NONE) for a, b in pairs])
        print(f"{len(pairs)} items labelled twice: agreement {agree:.3f}, kappa {k:.3f}; event / no event "
              f"{agree_ev:.3f}, kappa {k_ev:.3f}; {sum(a != b for a, b in pairs)} disagreements")
    labels = Counter(r["label"] for r in merged.values())
    print(f"{len(merged)} rows in {args.labels}: {labels[None]} without an agreed label, "
          f"{sum(v for k, v in labels.items() if k not in (None, NONE))} events")
    with open(args.labels, "w", encoding="utf-8") as out:
        for row in sorted(merged.values(), key=lambda r: r["id"]):
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
