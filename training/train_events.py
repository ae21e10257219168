"""Train the events stage's sentence model and measure it, held out by source.

    python training/train_events.py --acled ACLED.jsonl --negatives NEWS.jsonl \
        [--labelled training/data/scrapinghub_sentences.jsonl] \
        [--out transforms/data/event_model.npz] [--report training/events_report.json]

Needs scikit-learn (`pip install -e .[train]`); the pipeline itself only needs numpy. The
shipped model is trained with `--hidden 64 --networks 2 --vectors` (the relevance model also
reads transforms/data/word_vectors.npz, built by training/build_word_vectors.py).

Data (provenance and licences: training/PROVENANCE.md):
* ACLED event records with their `notes` (real event descriptions by ACLED's coders), from
  public repositories holding ACLED exports; `training/collect/acled.py` rebuilds the file.
* Real non-event news (sport, business, tech, culture, crime, disasters, …) from public
  datasets; `training/collect/negatives.py` rebuilds it. Articles are split into sentences:
  the model decides per sentence.
* Real web and news sentences of the ScrapingHub pages, labelled by two annotators against
  ACLED's codebook (training/data/): never trained on; a further held-out source.
* Real news leads labelled by two annotators against training/LEAD_GUIDELINES.md: AG News
  and HuffPost world news (`--ag-world`, `--huffpost-world`) and the Wikipedia Current events
  portal's one-sentence items (`--current-events`), each its own held-out source.

Evaluation is source-held-out: the ACLED records are grouped by the repository they came
from, the negatives by dataset, and each fold trains on the other groups and predicts the
held-out ones. Each source's fold is pinned in training/folds.json (a new source goes to the
lightest fold and is added), so that figures before and after a change of data are measured on
the same held-out items. The figures pool the out-of-fold predictions (95% bootstrap
intervals over items). The shipped model is then trained on everything.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import time
import warnings
from collections import Counter, defaultdict
from pathlib import Path
from urllib.parse import urlparse

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "training" / "data"
GROUND_TRUTH = ROOT / "benchmarks" / "data" / "article-extraction" / "ground-truth.json"
sys.path.insert(0, str(ROOT))

from transforms.events.model import (  # noqa: E402
    DIMENSION,
    MODEL_PATH,
    NONE,
    SentenceModel,
    features,
    prose_case,
    vector_dimensions,
    word_vector,
    words,
)
from transforms.events.relevance import article_context, sentence_confidence  # noqa: E402
from transforms.events.rules import split_sentences  # noqa: E402
from transforms.events.types import SUB_EVENT_TYPES  # noqa: E402

LABELS = (*SUB_EVENT_TYPES, NONE)
# ACLED notes open with the date ("On 3 March 2020,") and often carry coder annotations
# ("[size=no report]"); news sentences have neither, so the model must not learn them.
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_DATE = rf"(?:\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?)(?:,?\s+\d{{4}})?"
_LEADING_DATE = re.compile(
    rf"^\s*(?:(?:on|around|between|from|during the (?:night|week) of|overnight on|"
    rf"on or around|in the (?:night|morning|evening) of)\s+)?(?:the\s+)?{_DATE}"
    rf"(?:\s*(?:-|–|and|to|or)\s*{_DATE}|\s*(?:-|–|and|to)\s*\d{{1,2}}(?:,?\s+\d{{4}})?)?\s*[,:]?\s*",
    re.IGNORECASE)
_ANNOTATION = re.compile(r"\[[^\]]{0,120}\]|\((?:coded|reported) as [^)]*\)", re.IGNORECASE)
# A closing "3 fatalities": the coder's count, which news never states so (benchmarks/event_fields.py too).
FATALITY_NOTE = re.compile(r"\s*(?:\d+|no|one|two) fatalit(?:y|ies)(?: (?:reported|coded))?\.?\s*$",
                            re.IGNORECASE)
# Some exports' coders open a note with ACLED's own finer tag ("Property destruction:",
# "Movement of forces:", "Defusal:"): it all but names the sub-event type, and news has none,
# so a model that learned it would be measured on a hint it never gets in use.
_ACLED_TAG = re.compile(
    r"^\s*(?:property (?:destruction|destructtion|seizure/destruction)|destruction of property|looting|"
    r"movement of forces|non-violent activity|displacement|other|arrests|security measures|defusal|agreement|"
    r"interception|training|recruitment|weapons seizure|change to armed group|formation of armed group|"
    r"detonation|mass grave|strikes|defection|explosive remnants of war|land seizure|coup/military takeover|"
    r"headquarters or base established|elections/referendum|non-violent transfer of territory|deaths)\s*:\s*",
    re.IGNORECASE)
MIN_SENTENCE = 30
ACLED_GROUP = "acled:"  # the group prefix of ACLED's coders' notes; every other source is news-style text
MIN_GROUP_EVENTS = 20  # a source's own typing figure is reported from this many events


def acled_text(note: str) -> str:
    text = _ANNOTATION.sub(" ", note)
    text = _ACLED_TAG.sub("", text, count=1)
    text = _LEADING_DATE.sub("", text, count=1)
    text = FATALITY_NOTE.sub("", text)
    text = " ".join(text.split())
    return text[:1].upper() + text[1:]


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode()).hexdigest()


# ACLED's country names where the gazetteer (and so the events stage) names them otherwise.
GAZETTEER_NAME = {"Palestine": "Palestinian Territory",
                  "Democratic Republic of Congo": "Democratic Republic of the Congo",
                  "Republic of Congo": "Republic of the Congo"}

AG_WORLD_GROUP = "news:AG News World"
# HuffPost's world news is the same dataset as its negatives: one source, one fold.
HUFFPOST_GROUP = "news:HuffPost News Category Dataset v3"
# One-sentence summaries of the day's news, under every heading (disasters, crime, diplomacy
# alike): the non-events the other sources lack, in the reserved test's snippet form.
CURRENT_EVENTS_GROUP = "news:Wikipedia Current events portal"
LEAD_GROUPS = (AG_WORLD_GROUP, HUFFPOST_GROUP, CURRENT_EVENTS_GROUP)
# Sentences of whole articles (background, reactions and claims between the incidents), for
# the relevance model only: PROVENANCE 4d.
FAKES_GROUP = "news:FA-KES"


def load_items(acled: Path, negatives: Path, flagged: Path, rare: Path,
               sentences_per_article: int,
               leads: tuple[tuple[Path | None, Path, str, Path | None], ...] = ()) -> list[dict]:
    """Items {text, label, group, article}: one per ACLED note; negatives as sentences (a
    deterministic sample per article), except the news items our two annotators found to
    report an ACLED event, which are kept whole with their label; and the world-news leads
    two annotators labelled (events and non-events of conflict-related news alike), given as
    (leads file, labels file, source group, first round's labels file or None). The labels
    say whether the text reports an incident ACLED would code; the first round's said
    whether the lead's main news was one (kept as `main_label`, for comparison only)."""
    items = []
    led = set()
    for path, labels, group, main_labels in leads:
        if path is None or not path.exists():
            continue
        rows = _label_rows(labels)
        label_of = {r["text_sha1"]: r["label"] for r in rows}
        matched = {r["text_sha1"] for r in rows if r.get("match")}  # drawn by a text pattern
        main_of = _labels(main_labels) if main_labels is not None and main_labels.exists() else {}
        for rec in map(json.loads, path.read_text(encoding="utf-8").splitlines()):
            if label_of.get(rec["text_sha1"]) is not None:  # None: the annotators disagreed
                led.add(rec["text_sha1"])
                items.append({"text": rec["text"], "label": label_of[rec["text_sha1"]], "group": group,
                              "lead": True, "main_label": main_of.get(rec["text_sha1"]),
                              **({"heading": rec["heading"]} if rec.get("heading") else {}),
                              **({"matched": True} if rec["text_sha1"] in matched else {})})
    for line in acled.read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        text = acled_text(rec["text"])
        if len(text) >= MIN_SENTENCE and rec["sub_event_type"] in SUB_EVENT_TYPES:
            country = GAZETTEER_NAME.get(rec.get("country"), rec.get("country"))
            items.append({"text": text, "label": rec["sub_event_type"], "country": country,
                          "group": ACLED_GROUP + rec["origin"].split(":")[0],
                          **({"typing_only": True} if rec.get("typing_only") else {})})
    # Real sentences on rare sub-event types from public web pages, grouped by site.
    for rec in map(json.loads, rare.read_text(encoding="utf-8").splitlines()):
        items.append({"text": rec["sentence"], "label": rec["label"],
                      "group": "web:" + urlparse(rec["url"]).netloc.removeprefix("www.")})
    labelled = {}
    if flagged.exists():
        labelled = {r["text_sha1"]: r["label"] for r in map(json.loads, flagged.read_text().splitlines())}
    for n, line in enumerate(negatives.read_text(encoding="utf-8").splitlines()):
        rec = json.loads(line)
        if _digest(rec["text"]) in led:
            continue  # a labelled lead: used once, as one
        group, label = "news:" + rec["source"], labelled.get(_digest(rec["text"]), NONE)
        if label != NONE:
            items.append({"text": rec["text"], "label": label, "group": group, "article": n})
            continue
        # A headline in Title Case is read as the stage reads one (model.prose_case).
        in_order = [prose_case(s) for s in split_sentences(rec["text"]) if len(s) >= MIN_SENTENCE]
        context = article_context(None, in_order)
        sentences = list(in_order)
        # Long articles must not outweigh the rest: a deterministic sample of sentences is
        # trained on; all of them are scored for the article-level false-event rate.
        sentences.sort(key=_digest)
        for rank, s in enumerate(sentences):
            items.append({"text": s, "label": NONE, "group": group, "article": n,
                          "train": rank < sentences_per_article,
                          **({"context": context} if context is not None else {})})
    return items


def load_fakes(articles: Path, labels: Path) -> list[dict]:
    """The FA-KES training sentences both labellers gave one label (training/collect/fakes.py's
    articles; `labels`: training/data/fakes_train_sentence_labels.jsonl), as relevance-only
    items of one source: they teach which sentences of a whole article report an event, and
    the type model keeps its sources (its networks do not change with them)."""
    texts = {a["id"]: a["text"] for a in map(json.loads, articles.read_text(encoding="utf-8").splitlines())}
    agreed = [row for row in _label_rows(labels) if row["labeller_a"] == row["labeller_b"]]
    return [{"text": text, "label": row["labeller_a"], "group": FAKES_GROUP, "article": row["id"].rsplit(":", 1)[0],
             "relevance_only": True}
            for row, text in zip(agreed, labelled_sentences(texts, agreed), strict=True)]


def labelled_sentences(texts: dict[str, str], rows: list[dict]) -> list[str]:
    """The sentence each label row names ("<article id>:<index>" in the article's text as the
    events stage splits it); ValueError when the split no longer gives the labelled sentence
    (its `text_sha1`)."""
    sentences_of: dict[str, list[str]] = {}
    found = []
    for row in rows:
        article, index = row["id"].rsplit(":", 1)
        if article not in sentences_of:
            sentences_of[article] = split_sentences(texts[article])
        text = sentences_of[article][int(index)]
        if _digest(text) != row["text_sha1"]:
            raise ValueError(f"{row['id']}: the sentence split differs from the labelled one")
        found.append(text)
    return found


def _label_rows(path: Path) -> list[dict]:
    """A labels file's rows (text SHA-1, adjudicated label, `match` if drawn by a pattern)."""
    return [json.loads(line) for line in path.read_text().splitlines()]


def _labels(path: Path) -> dict[str, str]:
    """Adjudicated label by text SHA-1."""
    return {r["text_sha1"]: r["label"] for r in _label_rows(path)}


def matrix(texts: list[str], vectors: bool = False):
    """The model's input rows: feature counts over the square root of their number; with
    `vectors`, then the sum of the words' vectors over the same root (model.word_vector)."""
    from scipy.sparse import csr_matrix, hstack

    indptr, indices, values = [0], [], []
    dense = np.zeros((len(texts), vector_dimensions() if vectors else 0), dtype=np.float32)
    for row, text in enumerate(texts):
        hashed = features(text)
        root = 1.0 / np.sqrt(max(1, len(hashed)))
        indices.extend(hashed)
        values.extend([root] * len(hashed))
        indptr.append(len(indices))
        if vectors:
            found = [v for w in words(text) if (v := word_vector(w)) is not None]
            if found:
                dense[row] = np.sum(found, axis=0) * root
    x = csr_matrix((np.array(values, dtype=np.float32), np.array(indices), np.array(indptr)),
                   shape=(len(texts), DIMENSION), dtype=np.float32)
    x.sum_duplicates()
    return hstack([x, csr_matrix(dense)]).tocsr() if vectors else x


def relevance_sample(weight: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The items the relevance model trains on (those of non-zero weight) and their weights,
    scaled to mean 1 so that C keeps its meaning."""
    seen = weight > 0
    return seen, weight[seen] * (seen.sum() / weight.sum())


def fit_relevance(x, is_none: np.ndarray, c: float, sample_weight: np.ndarray | None = None):
    """The relevance model: a logistic regression of "no event" (class 1) on the features."""
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=c, max_iter=300, tol=1e-4).fit(x, is_none.astype(int), sample_weight=sample_weight)


def train_network(x, y: np.ndarray, sample_weight: np.ndarray, hidden: int, epochs: int, alpha: float, seed: int):
    """A network with one hidden layer of ReLU units (scikit-learn's MLP, Adam), trained for a
    fixed number of epochs, by choice: no convergence test."""
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier

    network = MLPClassifier(hidden_layer_sizes=(hidden,), alpha=alpha, batch_size=512, max_iter=epochs,
                            learning_rate_init=1e-3, random_state=seed, tol=0.0, n_iter_no_change=epochs + 1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        return network.fit(x, y, sample_weight=sample_weight / sample_weight.mean())


def fit(x, y: np.ndarray, c: float, c_typing: float,
        relevance_weight: np.ndarray | None = None, groups: np.ndarray | None = None,
        group_power: float = 0.0, news: np.ndarray | None = None, news_scale: float = 0.0,
        hidden: int = 0, epochs: int = 15, alpha: float = 1e-4, seed: int = 0,
        networks: int = 1, relevance_only: np.ndarray | None = None) -> SentenceModel:
    """Relevance: logistic regression, event vs. no event, over every item (weighted by
    `relevance_weight` when given, scaled to mean 1; items of weight 0 are left out), over all
    of `x`'s columns (with `matrix(..., vectors=True)`, the word vectors too). Type: a linear
    SVM (one-vs-rest), or with `hidden` a network with one hidden layer, over the events' hashed
    features only, classes weighted towards balance (capped) so that rare sub-types are not
    drowned out, and
    each source's events by its size to the power -`group_power` (`groups`: each item's
    source) so that no one export's coders dominate the types. With `news` (each item: news-style text, not an ACLED note) and
    `news_scale` > 0, the type model also learns news-only weights, fed by a copy of each news
    item's features scaled by `news_scale` (feature augmentation, Daume III 2007): shared
    evidence comes from all, news style adjusts it. The pipeline reads only news, so the
    shipped type weights are the shared plus the news ones. Both models land in one weight
    matrix (SentenceModel). Items marked `relevance_only` train relevance only."""
    from sklearn.svm import LinearSVC

    none = LABELS.index(NONE)
    # DIMENSION rows, then the word vectors' dimensions if any (relevance only)
    w = np.zeros((x.shape[1], len(LABELS)), dtype=np.float32)
    b = np.full(len(LABELS), -30.0, dtype=np.float32)  # a label absent from training never wins
    relevance = fit_relevance_on(x, y, relevance_weight, c)
    w[:, none], b[none] = relevance.coef_[0], relevance.intercept_[0]
    events = (y != none) & (~relevance_only if relevance_only is not None else True)
    counts = np.bincount(y[events], minlength=len(LABELS)).astype(float)
    weights = np.where(counts > 0, np.clip(np.median(counts[counts > 0]) / np.maximum(counts, 1),
                                           0.2, 5.0), 0.0)
    sample_weight = weights[y[events]]
    if groups is not None and group_power:
        size = Counter(groups[events].tolist())
        scaled = sample_weight * np.array([size[g] for g in groups[events]], dtype=float) ** -group_power
        sample_weight = scaled * (sample_weight.sum() / scaled.sum())  # same total weight, same C
    # The word vectors (columns after DIMENSION) serve relevance only: read by the type model
    # they moved news typing out of fold by +0.002 in the SVM and -0.004 in the two networks
    # (docs/events-history.md, twenty-second round).
    x_events = x[events][:, :DIMENSION]
    adapted = news is not None and news_scale > 0
    if adapted:
        from scipy.sparse import diags, hstack

        x_events = hstack([x_events, diags(news[events].astype(np.float32) * news_scale) @ x_events]).tocsr()
    if hidden:
        return _with_hidden_layer(x_events, y[events], sample_weight, relevance, hidden, epochs,
                                  news_scale if adapted else 0.0, alpha, seed, networks)
    typing = LinearSVC(C=c_typing, random_state=0).fit(x_events, y[events], sample_weight=sample_weight)
    coefs, intercepts = typing.coef_, typing.intercept_
    if len(typing.classes_) == 2:  # scikit-learn keeps one row, for the second class: the first scores its negation
        coefs, intercepts = np.vstack([-coefs[0], coefs[0]]), np.array([-intercepts[0], intercepts[0]])
    for j, label in enumerate(typing.classes_):
        coef = coefs[j]
        w[:DIMENSION, label] = coef[:DIMENSION] + news_scale * coef[DIMENSION:] if adapted else coef
        b[label] = intercepts[j]
    return SentenceModel(w.astype(np.float16), b, LABELS)


def _with_hidden_layer(x, y: np.ndarray, sample_weight: np.ndarray, relevance, hidden: int, epochs: int,
                       news_scale: float, alpha: float, seed: int, networks: int = 1) -> SentenceModel:
    """The type model as a network with one hidden layer of ReLU units (scikit-learn's MLP, Adam,
    a fixed seed, L2 penalty `alpha`), on the same features and weights as the SVM; the relevance
    model beside it in the weights' column 0. Features no training event has keep their random
    initial weights in the network; they never moved, so they are zeroed (and the file
    compresses). With `news_scale`, `x` holds the news-only copy after the shared features,
    folded in as for the SVM (the first layer is linear).

    With `networks` > 1, that many networks of seeds `seed`, `seed` + 1, ... are averaged in
    their type scores (logits). That average is itself one network: their hidden units side by
    side, each output layer divided by their number, so inference is unchanged."""
    firsts, biases, outputs, output_biases = [], [], [], []
    for member in range(networks):
        network = train_network(x, y, sample_weight, hidden, epochs, alpha, seed + member)
        first = network.coefs_[0] * (x.getnnz(axis=0) > 0)[:, None]
        if news_scale:
            first = first[:DIMENSION] + news_scale * first[DIMENSION:]
        output = np.zeros((hidden, len(LABELS)), dtype=np.float32)
        output_bias = np.full(len(LABELS), -30.0, dtype=np.float32)  # a label absent from training never wins
        output[:, network.classes_] = network.coefs_[1] / networks
        output_bias[network.classes_] = network.intercepts_[1]
        firsts.append(first)
        biases.append(network.intercepts_[0])
        outputs.append(output)
        output_biases.append(output_bias)
    hidden_rows = np.concatenate(firsts, axis=1)
    # The word vectors' rows (relevance only; see fit): no hidden unit reads them.
    vector_rows = np.zeros((len(relevance.coef_[0]) - DIMENSION, hidden_rows.shape[1]), dtype=hidden_rows.dtype)
    weights = np.concatenate([relevance.coef_[0][:, None], np.vstack([hidden_rows, vector_rows])], axis=1)
    bias = np.concatenate([relevance.intercept_, *biases]).astype(np.float32)
    return SentenceModel(weights.astype(np.float16), bias, LABELS, output=np.concatenate(outputs),
                         output_bias=np.mean(output_biases, axis=0).astype(np.float32))


def folds_by_group(items: list[dict], k: int, pinned: dict[str, int] | None = None) -> list[int]:
    """Each source group whole in one fold; ACLED and news groups spread over the folds.

    `pinned` groups keep their fold (training/folds.json), so that adding a source moves no
    other source between folds and figures before and after are paired; the other groups go,
    largest first, to the fold with the fewest items of their side (ACLED or not). A source of
    labelled news leads goes first to the fold with the fewest leads: the lead sources are the
    measure of news, and one held out beside another would never be trained on for it."""
    pinned = {g: f for g, f in (pinned or {}).items() if 0 <= f < k}
    sizes = Counter(it["group"] for it in items)
    leads = Counter(it["group"] for it in items if it.get("lead"))
    fold_of, load, lead_load = {}, [[0, 0] for _ in range(k)], [0] * k
    # Pinned sources first, so that a new source sees every fold's full load.
    for group, size in sorted(sizes.items(), key=lambda kv: (kv[0] not in pinned, -kv[1], kv[0])):
        side = 0 if group.startswith(ACLED_GROUP) else 1
        target = pinned[group] if group in pinned else min(
            range(k), key=lambda f: (lead_load[f] if leads[group] else 0, load[f][side], f))
        fold_of[group] = target
        load[target][side] += size
        lead_load[target] += leads[group]
    return [fold_of[it["group"]] for it in items]


def read_folds(path: Path, k: int) -> dict[str, int]:
    """The pinned fold of each source group, when the file was written for `k` folds."""
    if not path.exists():
        return {}
    pinned = json.loads(path.read_text(encoding="utf-8"))
    return pinned["groups"] if pinned.get("folds") == k else {}


def predict_all(model: SentenceModel, texts: list[str]) -> np.ndarray:
    return np.vstack([model.probabilities(texts[i:i + 512]) for i in range(0, len(texts), 512)])


def scores(gold: list[str], predicted: list[str], types: tuple[str, ...]) -> dict:
    g, p = _codes(gold), _codes(predicted)
    per_type = {}
    tp, fp, fn = _counts(g, p)
    for j, t in enumerate(types):
        precision = tp[j] / (tp[j] + fp[j]) if tp[j] + fp[j] else 0.0
        recall = tp[j] / (tp[j] + fn[j]) if tp[j] + fn[j] else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_type[t] = {"precision": precision, "recall": recall, "f1": f1, "support": int(tp[j] + fn[j])}
    supported = [v["f1"] for v in per_type.values() if v["support"]]
    return {"macro_f1": float(np.mean(supported)) if supported else 0.0, "per_type": per_type}


def _codes(labels: list[str]) -> np.ndarray:
    return np.array([LABELS.index(x) for x in labels], dtype=np.int64)


def _counts(g: np.ndarray, p: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per-label true positives, false positives and false negatives over the 25 types."""
    n = len(LABELS)
    tp = np.bincount(g[g == p], minlength=n)
    fp = np.bincount(p, minlength=n) - tp
    fn = np.bincount(g, minlength=n) - tp
    return tp[:n - 1], fp[:n - 1], fn[:n - 1]  # NONE (last) is not a type


def bootstrap(gold: list[str], predicted: list[str], types, rounds: int = 1000) -> tuple[float, float]:
    """95% interval of macro-F1 over items resampled with replacement."""
    rng = np.random.default_rng(0)
    g, p = _codes(gold), _codes(predicted)
    values = []
    for _ in range(rounds):
        pick = rng.integers(0, len(g), len(g))
        tp, fp, fn = _counts(g[pick], p[pick])
        support = tp + fn > 0
        f1 = np.where(support, 2 * tp / np.maximum(1, 2 * tp + fp + fn), 0.0)
        values.append(f1[support].mean())
    return float(np.percentile(values, 2.5)), float(np.percentile(values, 97.5))


def add_data_arguments(parser: argparse.ArgumentParser) -> None:
    """The training data's options, shared by the scripts that read the same items."""
    parser.add_argument("--acled", type=Path, required=True)
    parser.add_argument("--negatives", type=Path, required=True)
    parser.add_argument("--flagged", type=Path, default=DATA / "news_flagged_labels.jsonl")
    parser.add_argument("--rare", type=Path, default=DATA / "rare_sentences.jsonl")
    parser.add_argument("--ag-world", type=Path, help="training/collect/ag_world.py's output")
    parser.add_argument("--ag-labels", type=Path, default=DATA / "ag_world_incident_labels.jsonl")
    parser.add_argument("--huffpost-world", type=Path, help="training/collect/huffpost_world.py's output")
    parser.add_argument("--huffpost-labels", type=Path, default=DATA / "huffpost_world_incident_labels.jsonl")
    parser.add_argument("--current-events", type=Path, help="training/collect/current_events.py's output")
    parser.add_argument("--current-events-labels", type=Path,
                        default=DATA / "current_events_incident_labels.jsonl")
    parser.add_argument("--sentences-per-article", type=int, default=30)
    parser.add_argument("--lead-weight", type=float, default=1.0,
                        help="weight of a labelled news lead in the relevance model (other items: 1)")
    parser.add_argument("--acled-relevance-weight", type=float, default=0.5,
                        help="weight of an ACLED note in the relevance model (other items: 1)")
    parser.add_argument("--fakes", type=Path, help="training/collect/fakes.py's output (relevance only)")
    parser.add_argument("--fakes-labels", type=Path, default=DATA / "fakes_train_sentence_labels.jsonl")
    parser.add_argument("--fakes-weight", type=float, default=1.0,
                        help="weight of a FA-KES sentence in the relevance model (1, 5 and 20 tried)")


def items_from_arguments(args: argparse.Namespace) -> list[dict]:
    """load_items of the data options (add_data_arguments), then the FA-KES sentences."""
    items = load_items(args.acled, args.negatives, args.flagged, args.rare, args.sentences_per_article,
                       ((args.ag_world, args.ag_labels, AG_WORLD_GROUP, DATA / "ag_world_labels.jsonl"),
                        (args.huffpost_world, args.huffpost_labels, HUFFPOST_GROUP,
                         DATA / "huffpost_world_labels.jsonl"),
                        (args.current_events, args.current_events_labels, CURRENT_EVENTS_GROUP, None)))
    # Last, so that the other items keep their positions (and a cache of their predictions fits).
    return items + (load_fakes(args.fakes, args.fakes_labels) if args.fakes else [])


def relevance_weights(items: list[dict], lead_weight: float, acled_weight: float,
                      fakes_weight: float = 1.0) -> np.ndarray:
    """Each item's weight in the relevance model (0: not trained on for relevance)."""
    # The labelled news leads are the only news text with events and conflict non-events
    # alike. Weighted up (--lead-weight 10) they lift precision on the held-out leads, but
    # the threshold rule then lands lower and the shipped behaviour got worse elsewhere
    # (docs/events-history.md, fourth round); the default keeps them at 1.
    # ACLED's notes are most of the events and all in one style: at full weight the relevance
    # model learns a note's style as much as an event, and news (what the pipeline reads)
    # loses recall (docs/events-history.md, sixth round). The fourth collection's notes train the type
    # model only (docs/events-history.md, seventh round). So do the news items a labelling round drew
    # by a text pattern (`matched`): the pattern, not the news, set how many are events, and
    # trained on they moved the relevance model towards its words (docs/events-history.md, twelfth round).
    # Whole articles' sentences (880 beside 80,000 items) at weight 5 cut false rows on whole
    # articles' dev outlets by two fifths, but took two real seed articles' headline and lead
    # under the threshold, all their rows with them ("Fighting rages around Damascus as talks
    # offer hangs in balance": 0.90 -> 0.29); at 1 the seeds lose only background rows
    # (docs/events-history.md, twenty-sixth round).
    return np.array([(lead_weight if it.get("lead") else 1.0)
                     * (acled_weight if it["group"].startswith(ACLED_GROUP) else 1.0)
                     * (fakes_weight if it.get("relevance_only") else 1.0)
                     * (0.0 if it.get("typing_only") or it.get("matched") else 1.0)
                     for it in items])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_data_arguments(parser)
    parser.add_argument("--labelled", type=Path, default=DATA / "scrapinghub_sentences.jsonl")
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    parser.add_argument("--report", type=Path, default=ROOT / "training" / "events_report.json")
    parser.add_argument("--folds", type=int, default=4)
    parser.add_argument("--c", type=float, default=1.0, help="relevance model's inverse regularisation")
    parser.add_argument("--c-typing", type=float, default=3.0,
                        help="type model's inverse regularisation (1, 3 and 10 tried: 3 best by a little)")
    parser.add_argument("--group-power", type=float, default=0.25,
                        help="type model: each source's events weighted by its size to this power, "
                             "negated (0: every event alike)")
    parser.add_argument("--news-scale", type=float, default=0.5,
                        help="type model: scale of the news-only copy of a news item's features "
                             "(0: no news-only weights; see fit)")
    parser.add_argument("--folds-file", type=Path, default=ROOT / "training" / "folds.json",
                        help="each source's pinned fold; sources not in it are placed and added")
    parser.add_argument("--hidden", type=int, default=0,
                        help="type model: a network with this many hidden units instead of the linear SVM")
    parser.add_argument("--epochs", type=int, default=15, help="with --hidden: training epochs")
    parser.add_argument("--alpha", type=float, default=1e-4, help="with --hidden: L2 penalty")
    parser.add_argument("--seed", type=int, default=0, help="with --hidden: the network's random seed")
    parser.add_argument("--networks", type=int, default=1,
                        help="with --hidden: average this many networks (seeds --seed, --seed + 1, ...)")
    parser.add_argument("--leave-out", action="append", default=[], metavar="GROUP",
                        help="train the final model without this source group (e.g. 'news:Wikipedia "
                             "Current events portal'), to type new labels of that source as unseen")
    parser.add_argument("--vectors", action="store_true",
                        help="relevance also reads the words' vectors (transforms/data/word_vectors.npz; "
                             "the shipped model's setting)")
    parser.add_argument("--no-final", action="store_true", help="evaluate only")
    parser.add_argument("--cache", type=Path, help="keep the out-of-fold predictions here (and reuse them)")
    parser.add_argument("--jobs", type=int, default=1,
                        help="train the held-out folds in this many processes (the same predictions; "
                             "each holds about 2 GB)")
    parser.add_argument("--relevance-refit", type=Path, metavar="MODEL",
                        help="with --cache: refit only the relevance model (its folds and the final one, "
                             "minutes) and keep MODEL's type networks, when only relevance data changed")
    args = parser.parse_args(argv)
    if args.relevance_refit and not (args.cache and args.cache.exists()):
        parser.error("--relevance-refit needs --cache with the type networks' out-of-fold predictions")

    started = time.time()
    items = items_from_arguments(args)
    texts = [it["text"] for it in items]
    y = np.array([LABELS.index(it["label"]) for it in items])
    trainable = np.array([it.get("train", True) for it in items])
    relevance_weight = relevance_weights(items, args.lead_weight, args.acled_relevance_weight, args.fakes_weight)
    relevance_only = np.array([bool(it.get("relevance_only")) for it in items])
    x = matrix(texts, args.vectors)
    group = np.array([it["group"] for it in items])
    news = np.array([not g.startswith(ACLED_GROUP) for g in group])
    pinned = read_folds(args.folds_file, args.folds)
    fold = np.array(folds_by_group(items, args.folds, pinned))
    groups = sorted(set(zip(fold.tolist(), group.tolist(), strict=True)))
    placed = {g: f for f, g in groups}
    if unpinned := set(placed) - set(pinned):
        print(f"{len(unpinned)} sources not in {args.folds_file}: placed in the lightest folds", flush=True)
    print(f"{len(items)} items, {x.nnz / len(items):.0f} features each; folds: {groups}", flush=True)
    out_of_fold = np.zeros((len(items), len(LABELS)), dtype=np.float32)
    # P(event) of each item's article context (title and lead); a snippet is its own context.
    context_p = np.zeros(len(items), dtype=np.float32)
    cached = args.cache is not None and args.cache.exists()
    if cached:
        with np.load(args.cache) as data:
            out_of_fold, context_p = data["out_of_fold"], data["context_p"]
        if len(out_of_fold) != len(items):
            if len(out_of_fold) != int((~relevance_only).sum()) or not args.relevance_refit:
                sys.exit(f"{args.cache} holds {len(out_of_fold)} items' predictions, not {len(items)}'s")
            # A cache written before the relevance-only items: theirs are refitted below.
            full = np.zeros((len(items), len(LABELS)), dtype=np.float32)
            full[~relevance_only] = out_of_fold
            out_of_fold, context_p = full, np.concatenate([context_p, np.ones(relevance_only.sum(), np.float32)])
    _FOLDS.update(items=items, texts=texts, x=x, y=y, fold=fold, trainable=trainable, group=group, news=news,
                  relevance_weight=relevance_weight, relevance_only=relevance_only, args=args)
    if args.relevance_refit:
        out_of_fold, context_p = refit_relevance_folds(out_of_fold, context_p)
    todo = range(0 if cached else args.folds)
    if args.jobs > 1 and len(todo) > 1:
        # Each fold's model is independent and seeded: the same predictions in any order.
        # fork: the workers share the feature matrix instead of pickling it.
        from concurrent.futures import ProcessPoolExecutor
        from multiprocessing import get_context

        with ProcessPoolExecutor(min(args.jobs, len(todo)), mp_context=get_context("fork")) as pool:
            results = list(pool.map(fold_predictions, todo))
    else:
        results = map(fold_predictions, todo)
    for f, held, predicted, held_context_p, trained in results:
        out_of_fold[held], context_p[held] = predicted, held_context_p
        print(f"fold {f}: trained on {trained}, held out {len(held)} "
              f"({time.time() - started:.0f} s)", flush=True)
    _FOLDS.clear()
    if args.cache is not None and not cached:
        np.savez_compressed(args.cache, out_of_fold=out_of_fold, context_p=context_p)
    # The relevance-only items (whole articles' sentences) are measured on their own sample
    # (training/eval_article_sentences.py): these figures stay paired with the earlier ones.
    scored = np.flatnonzero(~relevance_only)
    report = evaluate([items[i] for i in scored], out_of_fold[scored], context_p[scored])
    report["model"] = {"c": args.c, "c_typing": args.c_typing, "folds": args.folds, "dimension": DIMENSION,
                       "lead_weight": args.lead_weight, "group_power": args.group_power,
                       "news_scale": args.news_scale, "hidden": args.hidden, "epochs": args.epochs,
                       "alpha": args.alpha, "seed": args.seed, "networks": args.networks,
                       "acled_relevance_weight": args.acled_relevance_weight,
                       "fakes_weight": args.fakes_weight if relevance_only.any() else None,
                       "items": int(trainable.sum()),
                       "label_counts": Counter(it["label"] for it in items if it.get("train", True))}
    if args.no_final and args.out.exists():  # re-evaluate the model trained before
        model = SentenceModel.load(args.out)
        report["model"]["bytes"] = args.out.stat().st_size
        report["scrapinghub"] = evaluate_labelled(model, args.labelled, report["threshold"],
                                                  page_contexts())
    if args.leave_out:  # the final model only: a source the shipped model saw, measured as unseen
        trainable &= ~np.isin(group, args.leave_out)
    if not args.no_final:
        if args.relevance_refit:
            relevance = fit_relevance_on(x[trainable], y[trainable], relevance_weight[trainable], args.c)
            keep_networks(args.relevance_refit, args.out, relevance.coef_[0], float(relevance.intercept_[0]),
                          report["threshold"])
            model = SentenceModel.load(args.out)
        else:
            model = fit(x[trainable], y[trainable], args.c, args.c_typing, relevance_weight[trainable],
                        group[trainable], args.group_power, news[trainable], args.news_scale, args.hidden,
                        args.epochs, args.alpha, args.seed, args.networks, relevance_only[trainable])
            model.threshold = report["threshold"]
            model.save(args.out)
        # The folds these figures were measured on: the next run keeps them (new sources added).
        args.folds_file.write_text(json.dumps({"folds": args.folds, "groups": dict(sorted(placed.items()))},
                                              indent=1) + "\n", encoding="utf-8")
        report["model"]["bytes"] = args.out.stat().st_size
        report["scrapinghub"] = evaluate_labelled(model, args.labelled, report["threshold"],
                                                  page_contexts())
    args.report.write_text(json.dumps(report, indent=1, sort_keys=True, default=float) + "\n")
    print(format_report(report))
    return 0


# What fold_predictions reads: main's items, features and options (module state, so that
# --jobs' forked workers share it instead of each receiving a copy).
_FOLDS: dict = {}


def fold_predictions(f: int) -> tuple[int, np.ndarray, np.ndarray, np.ndarray, int]:
    """Train on every fold but `f` and predict fold `f`: (f, its items' indices, their label
    probabilities, their article contexts' event probabilities (1.0 for a snippet, its own
    context), how many items were trained on)."""
    s = _FOLDS
    args, items, texts = s["args"], s["items"], s["texts"]
    train, held = (s["fold"] != f) & s["trainable"], np.flatnonzero(s["fold"] == f)
    model = fit(s["x"][train], s["y"][train], args.c, args.c_typing, s["relevance_weight"][train],
                s["group"][train], args.group_power, s["news"][train], args.news_scale, args.hidden,
                args.epochs, args.alpha, args.seed, args.networks, s["relevance_only"][train])
    predicted = predict_all(model, [texts[i] for i in held])
    contexts = sorted({items[i]["context"] for i in held if "context" in items[i]})
    none = LABELS.index(NONE)
    lookup = dict(zip(contexts, 1 - predict_all(model, contexts)[:, none], strict=True)) if contexts else {}
    held_context_p = np.array([lookup[items[i]["context"]] if "context" in items[i] else 1.0 for i in held],
                              dtype=np.float32)
    return f, held, predicted, held_context_p, int(train.sum())


def fit_relevance_on(x, y: np.ndarray, relevance_weight: np.ndarray | None, c: float):
    """The relevance model on these items (label indices `y`), those of weight 0 left out."""
    seen, weight = (slice(None), None) if relevance_weight is None else relevance_sample(relevance_weight)
    return fit_relevance(x[seen], y[seen] == LABELS.index(NONE), c, weight)


def refit_relevance_folds(out_of_fold: np.ndarray, context_p: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The out-of-fold predictions with the relevance model refitted per fold and the type
    networks' columns kept (--relevance-refit): NONE's column and the article contexts'
    event probabilities are the new relevance model's. (It reproduces the full run's: the
    same logistic regression on the same items.)"""
    s = _FOLDS
    out_of_fold, context_p = out_of_fold.copy(), context_p.copy()
    none = LABELS.index(NONE)
    for f in range(s["args"].folds):
        train = (s["fold"] != f) & s["trainable"]
        relevance = fit_relevance_on(s["x"][train], s["y"][train], s["relevance_weight"][train], s["args"].c)
        held = np.flatnonzero(s["fold"] == f)
        out_of_fold[held, none] = relevance.predict_proba(s["x"][held])[:, 1]  # class 1: no event
        contexts = sorted({s["items"][i]["context"] for i in held if "context" in s["items"][i]})
        if contexts:
            lookup = dict(zip(contexts, relevance.predict_proba(matrix(contexts, s["args"].vectors))[:, 0],
                              strict=True))
            for i in held:
                if "context" in s["items"][i]:
                    context_p[i] = lookup[s["items"][i]["context"]]
        print(f"fold {f}: relevance refitted", flush=True)
    return out_of_fold, context_p


def keep_networks(source: Path, out: Path, relevance: np.ndarray, bias: float, threshold: float) -> None:
    """Write `out`: the model file `source` with its relevance column (weights `relevance`,
    `bias`) and threshold replaced, its type networks' stored weights copied as they are (not
    quantised again)."""
    with np.load(source, allow_pickle=False) as data:
        arrays = {name: data[name] for name in data.files}
    if "relevance" not in arrays or len(arrays["relevance"]) != len(relevance):
        raise SystemExit(f"{source}: not a model of this feature space (relevance column {len(relevance)})")
    arrays["relevance"] = relevance.astype(np.float16)
    arrays["bias"] = arrays["bias"].copy()
    arrays["bias"][0] = bias
    arrays["threshold"] = np.float32(threshold)
    np.savez_compressed(out, **arrays)


def choose_threshold(sweep: dict, max_false_articles: float = 0.04, min_precision: float = 0.92,
                     f1_tolerance: float = 0.01) -> float:
    """The default output threshold: of those that keep false events on non-event articles and
    sentence precision in bounds, the lowest (most recall) whose F1 on the pooled labelled news
    leads is within `f1_tolerance` of the best in bounds.

    The leads are real news in the pipeline's reporting style, events and non-events alike;
    their F1 is flat over a wide range, so the tolerance (about the F1's bootstrap noise)
    keeps recall without buying it with news precision. Without leads: the lowest in bounds."""
    admissible = {t: v for t, v in sorted(sweep.items())
                  if v["article_false_event_rate"] <= max_false_articles and v["precision"] >= min_precision}
    if not admissible:
        return max(sweep)
    if not all("leads_f1" in v for v in admissible.values()):
        return min(admissible)
    best = max(v["leads_f1"] for v in admissible.values())
    return min(t for t, v in admissible.items() if v["leads_f1"] >= best - f1_tolerance)


def evaluate(items: list[dict], probabilities: np.ndarray, context_p: np.ndarray) -> dict:
    gold = [it["label"] for it in items]
    types = tuple(SUB_EVENT_TYPES)
    none = LABELS.index(NONE)
    # Items drawn by a text pattern measure typing only: relevance figures count the others.
    counted = np.array([not it.get("matched") for it in items])
    is_event = np.array([g != NONE for g in gold])
    lead = np.array([bool(it.get("lead")) for it in items]) & counted
    # The shipped confidence: the sentence's event probability in its article's context.
    event_p = np.array([sentence_confidence(it["text"], 1 - p[none], c)
                        for it, p, c in zip(items, probabilities, context_p, strict=True)])
    probabilities = probabilities.copy()
    probabilities[:, none] = 1 - event_p  # so that `decide` applies the same threshold
    # Article level: a non-event article gets a false event when any sentence passes.
    article_max: dict[tuple, float] = defaultdict(float)
    event_articles = {(it["group"], it["article"]) for it in items if "article" in it and it["label"] != NONE}
    for it, p in zip(items, event_p, strict=True):
        key = (it["group"], it.get("article"))
        if key[1] is not None and key not in event_articles:
            article_max[key] = max(article_max[key], float(p))
    maxima = np.array(list(article_max.values()))

    counted_events, counted_non_events = int((is_event & counted).sum()), int((~is_event & counted).sum())

    def relevance_at(threshold: float) -> dict:
        said = (event_p >= threshold) & counted
        tp = int((said & is_event).sum())
        point = {"precision": tp / max(1, said.sum()), "recall": tp / max(1, counted_events),
                 "sentence_false_positive_rate": float((said & ~is_event).sum() / max(1, counted_non_events)),
                 "article_false_event_rate": float((maxima >= threshold).mean())}
        if lead.any():
            lead_tp = int((said & is_event & lead).sum())
            lead_p = lead_tp / max(1, int((said & lead).sum()))
            lead_r = lead_tp / max(1, int((is_event & lead).sum()))
            point.update(leads_precision=lead_p, leads_recall=lead_r,
                         leads_f1=2 * lead_p * lead_r / max(1e-9, lead_p + lead_r))
        return point

    # The rule reads a fine grid: on a coarse one, a few labels that move the false-event
    # rate across its bound moved the choice a whole step (0.30 -> 0.25); on this grid the
    # choice moves as little as the data does. The report keeps the coarse table.
    threshold = choose_threshold({t / 100: relevance_at(t / 100) for t in range(10, 96)})
    sweep = {t: relevance_at(t) for t in sorted({x / 100 for x in range(10, 100, 5)} | {threshold})}
    positives = [i for i, g in enumerate(gold) if g != NONE]
    positive_texts = [items[i]["text"] for i in positives]
    positive_countries = [items[i].get("country") for i in positives]
    typed = shipped(positive_texts, probabilities[positives], 0.0, positive_countries)
    type_gold = [gold[i] for i in positives]
    end_to_end = shipped(positive_texts, probabilities[positives], threshold, positive_countries)
    typed_of = dict(zip(positives, typed, strict=True))
    by_group = defaultdict(list)
    for i in positives:
        by_group[items[i]["group"]].append(i)
    by_kind = defaultdict(list)  # what the pipeline reads (news-style text) vs ACLED's notes
    for k, i in enumerate(positives):
        by_kind["acled_notes" if items[i]["group"].startswith(ACLED_GROUP) else "news_text"].append(k)

    def typing_of(ks: list[int]) -> dict:
        g, t = [type_gold[k] for k in ks], [typed[k] for k in ks]
        measured = scores(g, t, types)
        per_type = {name: v for name, v in measured["per_type"].items() if v["support"]}
        return {"events": len(ks), "macro_f1": measured["macro_f1"], "per_type": per_type,
                "accuracy": float(np.mean([a == b for a, b in zip(g, t, strict=True)])),
                "interval": bootstrap(g, t, types)}

    return {
        "threshold": threshold,
        "negative_articles": len(maxima),
        "typing": {**scores(type_gold, typed, types), "interval": bootstrap(type_gold, typed, types)},
        "typing_by_kind": {kind: typing_of(ks) for kind, ks in sorted(by_kind.items())},
        "typing_with_relevance": {**scores(type_gold, end_to_end, types),
                                  "interval": bootstrap(type_gold, end_to_end, types)},
        # Sources with a handful of events (most web sites) would only print 0.0 or 1.0.
        "typing_by_group": {g: scores([gold[i] for i in ix], [typed_of[i] for i in ix], types)["macro_f1"]
                            for g, ix in sorted(by_group.items()) if len(ix) >= MIN_GROUP_EVENTS},
        "relevance_sweep": sweep,
        "relevance_at_threshold": sweep[threshold],
        "real_news_leads": {g: _leads_figures(items, event_p, probabilities, threshold, g)
                            for g in LEAD_GROUPS if any(it.get("lead") and it["group"] == g for it in items)},
        # The same predictions against the first round's labels (the lead's main news only).
        "real_news_leads_main_news": {
            g: _leads_figures(items, event_p, probabilities, threshold, g, "main_label")
            for g in LEAD_GROUPS if any(it.get("lead") and it["group"] == g and it.get("main_label")
                                        for it in items)},
    }


def _leads_figures(items: list[dict], event_p: np.ndarray, probabilities: np.ndarray,
                   threshold: float, group: str, key: str = "label") -> dict:
    """Out-of-fold relevance and typing on one source's labelled news leads: real news in the
    reporting style the pipeline reads, events and non-events alike (gold: items[i][key])."""
    ix = [i for i, it in enumerate(items) if it.get("lead") and it["group"] == group and it.get(key)
          and not it.get("matched")]  # drawn by a text pattern: not the source's mix of news
    gold = np.array([items[i][key] != NONE for i in ix])
    said = event_p[ix] >= threshold
    tp = int((gold & said).sum())
    events = [i for i in ix if items[i][key] != NONE]
    typed = shipped([items[i]["text"] for i in events], probabilities[events], 0.0)
    right = sum(t == items[i][key] for t, i in zip(typed, events, strict=True))
    precision, recall = tp / max(1, int(said.sum())), tp / max(1, int(gold.sum()))
    by_heading = {}  # the portal's headings: where the false events fall
    for heading in sorted({items[i]["heading"] for i in ix if "heading" in items[i]}):
        mine = np.array([items[i].get("heading") == heading for i in ix])
        by_heading[heading] = {"items": int(mine.sum()), "events": int((mine & gold).sum()),
                               "found": int((mine & gold & said).sum()),
                               "false_events": int((mine & ~gold & said).sum()),
                               "non_events": int((mine & ~gold).sum())}
    return {"items": len(ix), "events": int(gold.sum()), **({"by_heading": by_heading} if by_heading else {}),
            "precision": precision, "recall": recall,
            "precision_interval": proportion_interval(gold[said]),
            "recall_interval": proportion_interval(said[gold]),
            "false_positives": int((said & ~gold).sum()),
            "typing_accuracy": right / max(1, len(events)),
            "typing_macro_f1": scores([items[i][key] for i in events], typed,
                                      tuple(SUB_EVENT_TYPES))["macro_f1"]}


def proportion_interval(hits: np.ndarray, rounds: int = 1000) -> tuple[float, float]:
    """95% bootstrap interval of a proportion (precision over the items said, recall over
    the events), fixed seed."""
    if len(hits) == 0:
        return (0.0, 0.0)
    rng = np.random.default_rng(0)
    means = rng.choice(hits.astype(float), size=(rounds, len(hits))).mean(axis=1)
    return (float(np.percentile(means, 2.5)), float(np.percentile(means, 97.5)))


def shipped(texts: list[str], probabilities: np.ndarray, threshold: float,
            countries: list[str | None] | None = None) -> list[str]:
    """The shipped decision per row: NONE below the threshold, else the model's types in
    order under the codebook's precedence (transforms.events.types.precedence), then, where
    the event's country is known (`countries`: ACLED's records give it), who took a place
    (territory_in_country), as the events stage does once it has placed the event."""
    from transforms.events.types import precedence, territory_in_country

    none = LABELS.index(NONE)
    countries = countries or [None] * len(texts)
    return [NONE if 1 - p[none] < threshold
            else territory_in_country(text, precedence(text, ranked), country)
            for text, p, ranked, country in zip(texts, probabilities, ranked_types(probabilities), countries,
                                                strict=True)]


def ranked_types(probabilities: np.ndarray) -> list[list[str]]:
    """Per row of label probabilities: the 25 sub-event types, most likely first (NONE left out)."""
    typed = probabilities.copy()
    typed[:, LABELS.index(NONE)] = -1
    return [[LABELS[j] for j in row] for row in np.argsort(-typed, axis=1, kind="stable")[:, :-1]]


def page_contexts() -> dict[str, str]:
    """Article context (title and lead) of each ScrapingHub page, when the benchmark is here."""
    if not GROUND_TRUTH.exists():
        return {}
    truth = json.loads(GROUND_TRUTH.read_text(encoding="utf-8"))
    contexts = {page: article_context(None, split_sentences(v.get("articleBody") or ""))
                for page, v in truth.items()}
    return {page: c for page, c in contexts.items() if c is not None}


def evaluate_labelled(model: SentenceModel, path: Path, threshold: float,
                      contexts: dict[str, str] | None = None) -> dict:
    """The shipped model (and the codebook's precedence) on sentences two annotators labelled,
    never trained on: relevance precision and recall, and typing of the events; each sentence
    in its page's context where `contexts` has it."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    p = predict_all(model, [r["sentence"] for r in rows])
    contexts = contexts or {}
    pages = sorted({r["page"] for r in rows if r.get("page") in contexts})
    none = LABELS.index(NONE)
    page_p = dict(zip(pages, 1 - predict_all(model, [contexts[q] for q in pages])[:, none],
                      strict=True)) if pages else {}
    for row, r in zip(p, rows, strict=True):
        row[none] = 1 - sentence_confidence(r["sentence"], 1 - row[none], page_p.get(r.get("page")))
    said = shipped([r["sentence"] for r in rows], p, threshold)
    gold_event = np.array([r["label"] != NONE for r in rows])
    said_event = np.array([s != NONE for s in said])
    tp = int((gold_event & said_event).sum())
    events = [i for i, r in enumerate(rows) if r["label"] != NONE]
    typing = scores([rows[i]["label"] for i in events], [said[i] for i in events], tuple(SUB_EVENT_TYPES))
    return {"sentences": len(rows), "events": len(events),
            "precision": tp / max(1, said_event.sum()), "recall": tp / max(1, gold_event.sum()),
            "false_positives": int((said_event & ~gold_event).sum()),
            "typing_macro_f1": typing["macro_f1"],
            "typing_per_type": {t: v for t, v in typing["per_type"].items() if v["support"]}}


def format_report(report: dict) -> str:
    lines = []
    for key, title in (("typing", "sub-event typing of events"),
                       ("typing_with_relevance", "typing with the relevance threshold (NONE counts as a miss)")):
        t = report[key]
        lines.append(f"{title}, source-held-out: macro-F1 {t['macro_f1']:.3f} "
                     f"(95% CI {t['interval'][0]:.3f}–{t['interval'][1]:.3f})")
    for kind, t in (report.get("typing_by_kind") or {}).items():
        lines.append(f"  typing of {kind.replace('_', ' ')} ({t['events']} events): macro-F1 {t['macro_f1']:.3f} "
                     f"(95% CI {t['interval'][0]:.3f}–{t['interval'][1]:.3f}), accuracy {t['accuracy']:.3f}")
    for name, v in sorted(report["typing"]["per_type"].items(), key=lambda kv: kv[1]["f1"]):
        lines.append(f"  {name:38s} P {v['precision']:.2f} R {v['recall']:.2f} F1 {v['f1']:.2f} n={v['support']}")
    news = (report.get("typing_by_kind") or {}).get("news_text", {}).get("per_type")
    if news:  # the text the pipeline reads, apart from ACLED's notes
        lines.append("  news text alone:")
        for name, v in sorted(news.items(), key=lambda kv: kv[1]["f1"]):
            lines.append(f"    {name:36s} P {v['precision']:.2f} R {v['recall']:.2f} F1 {v['f1']:.2f} n={v['support']}")
    lines.append(f"by source (with at least {MIN_GROUP_EVENTS} events): " + ", ".join(f"{g} {v:.3f}" for g, v in report["typing_by_group"].items()))
    lines.append(f"relevance by threshold over {report['negative_articles']} held-out non-event articles "
                 "(precision / recall / sentence FP rate / articles with a false event; "
                 "news leads pooled: precision / recall / F1):")
    for th, v in report["relevance_sweep"].items():
        mark = " <- default" if float(th) == report["threshold"] else ""
        leads = (f"; {v['leads_precision']:.3f} / {v['leads_recall']:.3f} / {v['leads_f1']:.3f}"
                 if "leads_f1" in v else "")
        lines.append(f"  {float(th):.2f}: {v['precision']:.3f} / {v['recall']:.3f} / "
                     f"{v['sentence_false_positive_rate']:.4f} / {v['article_false_event_rate']:.4f}{leads}{mark}")
    for key, what in (("real_news_leads", "incidents the text reports"),
                      ("real_news_leads_main_news", "first round's labels: the lead's main news only")):
        for group, news in (report.get(key) or {}).items():
            p_lo, p_hi = news.get("precision_interval", (0, 0))
            lines.append(f"labelled world-news leads of {group}, {what} (held out with their source): "
                         f"{news['items']} items, {news['events']} events; relevance precision "
                         f"{news['precision']:.3f} ({p_lo:.3f}–{p_hi:.3f}) recall {news['recall']:.3f} "
                         f"({news['false_positives']} false events); typing accuracy "
                         f"{news['typing_accuracy']:.3f}, macro-F1 {news['typing_macro_f1']:.3f}")
            for heading, h in news.get("by_heading", {}).items():
                lines.append(f"    {heading:30s} {h['items']:4d} items: {h['found']} of {h['events']} events found, "
                             f"false events on {h['false_events']} of {h['non_events']} non-events")
    for name in ("scrapinghub",):
        if name in report:
            r = report[name]
            lines.append(f"annotated {name} sentences (held out): {r['sentences']} sentences, {r['events']} events; "
                         f"relevance precision {r['precision']:.3f} recall {r['recall']:.3f}; "
                         f"typing macro-F1 {r['typing_macro_f1']:.3f}")
            for t, v in r["typing_per_type"].items():
                lines.append(f"    {t:38s} P {v['precision']:.2f} R {v['recall']:.2f} n={v['support']}")
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
