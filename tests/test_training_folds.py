"""The source-held-out folds of training/train_events.py: a pinned source keeps its fold."""

import importlib.util
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("train_events", ROOT / "training" / "train_events.py")
train_events = importlib.util.module_from_spec(_spec)
sys.modules.setdefault("train_events", train_events)  # --jobs' workers find its functions by name
_spec.loader.exec_module(train_events)


def _items(sizes: dict[str, int]) -> list[dict]:
    return [{"group": g} for g, n in sizes.items() for _ in range(n)]


def _labelled(*groups: tuple[str, str, int]):
    """(features, label indices) of `count` copies of each (text, label, count)."""
    import numpy as np

    texts = [text for text, _, count in groups for _ in range(count)]
    y = np.array([train_events.LABELS.index(label) for _, label, count in groups for _ in range(count)])
    return train_events.matrix(texts), y


def test_each_source_is_whole_in_one_fold_and_sides_are_spread():
    sizes = {"acled:a": 50, "acled:b": 40, "acled:c": 30, "acled:d": 20, "news:x": 10, "news:y": 9}
    items = _items(sizes)
    folds = train_events.folds_by_group(items, 2)
    fold_of = {}
    for it, f in zip(items, folds, strict=True):
        assert fold_of.setdefault(it["group"], f) == f
    assert fold_of["acled:a"] != fold_of["acled:b"]
    assert fold_of["news:x"] != fold_of["news:y"]


def test_a_new_source_moves_no_pinned_source():
    sizes = {"acled:a": 50, "acled:b": 40, "acled:c": 30, "acled:d": 20}
    before = dict(zip((it["group"] for it in _items(sizes)), train_events.folds_by_group(_items(sizes), 2),
                      strict=True))
    grown = {**sizes, "acled:huge": 500}
    unpinned = dict(zip((it["group"] for it in _items(grown)), train_events.folds_by_group(_items(grown), 2),
                        strict=True))
    pinned = dict(zip((it["group"] for it in _items(grown)),
                      train_events.folds_by_group(_items(grown), 2, before), strict=True))
    assert any(unpinned[g] != f for g, f in before.items())  # greedy alone reshuffles
    assert all(pinned[g] == f for g, f in before.items())
    assert pinned["acled:huge"] in (0, 1)


def test_the_folds_file_is_used_only_for_its_number_of_folds(tmp_path):
    path = tmp_path / "folds.json"
    assert train_events.read_folds(path, 4) == {}
    path.write_text(json.dumps({"folds": 4, "groups": {"acled:a": 3}}))
    assert train_events.read_folds(path, 4) == {"acled:a": 3}
    assert train_events.read_folds(path, 5) == {}


def test_the_shipped_folds_file_places_every_source_of_the_report():
    pinned = train_events.read_folds(ROOT / "training" / "folds.json", 4)
    report = json.loads((ROOT / "training" / "events_report.json").read_text())
    assert set(report["typing_by_group"]) <= set(pinned)


def test_a_new_lead_source_goes_to_a_fold_without_leads():
    items = ([{"group": "news:leads1", "lead": True}] * 30 + [{"group": "news:leads2", "lead": True}] * 20
             + [{"group": "news:big"}] * 500 + [{"group": "acled:a"}] * 40)
    pinned = {"news:leads1": 0, "news:leads2": 1, "news:big": 2, "acled:a": 0}
    portal = [{"group": "news:portal", "lead": True}] * 10
    folds = train_events.folds_by_group(items + portal, 3, pinned)
    assert folds[-1] == 2  # the only fold without leads, though the fullest of news


def _point(false_rate: float, precision: float = 0.97, leads_f1: float | None = None) -> dict:
    point = {"article_false_event_rate": false_rate, "precision": precision}
    return point if leads_f1 is None else {**point, "leads_f1": leads_f1}


def test_threshold_is_the_lowest_in_bounds_near_the_best_news_f1():
    sweep = {0.20: _point(0.06, leads_f1=0.60), 0.25: _point(0.039, leads_f1=0.675),
             0.28: _point(0.035, leads_f1=0.687), 0.35: _point(0.024, leads_f1=0.695),
             0.50: _point(0.012, leads_f1=0.696), 0.90: _point(0.001, leads_f1=0.50)}
    # 0.20 breaks the false-event bound; 0.25 is in bounds but 0.021 below the best F1
    assert train_events.choose_threshold(sweep) == 0.28
    assert train_events.choose_threshold(sweep, f1_tolerance=0.05) == 0.25


def test_threshold_without_leads_or_in_bounds_point():
    assert train_events.choose_threshold({0.2: _point(0.05), 0.3: _point(0.03), 0.4: _point(0.02)}) == 0.3
    assert train_events.choose_threshold({0.2: _point(0.05, precision=0.99), 0.3: _point(0.03, precision=0.9),
                                          0.4: _point(0.02, precision=0.95)}) == 0.4
    assert train_events.choose_threshold({0.2: _point(0.5), 0.3: _point(0.4)}) == 0.3


def test_an_acled_note_loses_its_coders_tag_and_date_but_keeps_its_words():
    note = "Movement of forces: On 3 March 2021, troops were deployed to the town. [size=no report]"
    assert train_events.acled_text(note) == "Troops were deployed to the town."
    # a tag-like word inside the note is its text
    assert train_events.acled_text("On 5 May 2020, looting: shops were emptied.") == "Looting: shops were emptied."


def test_news_only_type_weights_let_news_override_the_notes_style():
    """Feature augmentation: where ACLED's notes and news use the same words for different
    types, the shipped (news) weights follow the news items; without them, the notes win.
    Training needs the `train` extra (scikit-learn); without it the test is skipped."""
    import numpy as np
    import pytest

    pytest.importorskip("sklearn")

    notes = (["Soldiers stormed the village at dawn."] * 60 + ["Rebels clashed with the army near the river."] * 60
             + ["Hundreds marched peacefully through the capital."] * 60)
    news = ["Soldiers stormed the village at dawn."] * 30
    texts = notes + news + ["The market reopened after the holiday."] * 60
    labels = (["Attack"] * 60 + ["Armed clash"] * 60 + ["Peaceful protest"] * 60 + ["Armed clash"] * 30
              + [train_events.NONE] * 60)
    y = np.array([train_events.LABELS.index(label) for label in labels])
    is_news = np.array([False] * 180 + [True] * 90)
    x = train_events.matrix(texts)

    def typed(model) -> str:
        p = train_events.predict_all(model, ["Soldiers stormed the village at dawn."])[0].copy()
        p[train_events.LABELS.index(train_events.NONE)] = -1
        return train_events.LABELS[int(np.argmax(p))]

    assert typed(train_events.fit(x, y, 1.0, 3.0)) == "Attack"
    assert typed(train_events.fit(x, y, 1.0, 3.0, news=is_news, news_scale=1.0)) == "Armed clash"


def test_the_linear_type_model_types_both_classes_when_training_has_only_two():
    """scikit-learn's LinearSVC keeps one weight row for two classes; both types must still be
    reachable, each where its own sentences are."""
    import numpy as np
    import pytest

    pytest.importorskip("sklearn")

    x, y = _labelled(("Soldiers stormed the village at dawn.", "Attack", 40),
                     ("Rebels clashed with the army near the river.", "Armed clash", 40),
                     ("The market reopened after the holiday.", train_events.NONE, 40))
    model = train_events.fit(x, y, 1.0, 3.0)
    none = train_events.LABELS.index(train_events.NONE)
    for text, label in (("Soldiers stormed the village at dawn.", "Attack"),
                        ("Rebels clashed with the army near the river.", "Armed clash")):
        p = train_events.predict_all(model, [text])[0].copy()
        p[none] = -1
        assert train_events.LABELS[int(np.argmax(p))] == label


def test_a_type_model_with_a_hidden_layer_learns_saves_and_reloads(tmp_path):
    """`fit(..., hidden=n)`: the type model is a network with one hidden layer; the shipped
    format keeps relevance in the weights' column 0 and reloads to the same probabilities."""
    import pytest

    pytest.importorskip("sklearn")
    from transforms.events.model import SentenceModel

    x, y = _labelled(("Soldiers stormed the village and shot the villagers.", "Attack", 40),
                     ("Rebels clashed with the army near the river.", "Armed clash", 40),
                     ("Hundreds marched peacefully through the capital.", "Peaceful protest", 40),
                     ("The market reopened after the holiday.", train_events.NONE, 60))
    model = train_events.fit(x, y, 1.0, 3.0, hidden=8, epochs=60)
    assert model.weights.shape == (train_events.DIMENSION, 9) and model.output.shape == (8, len(train_events.LABELS))
    probe = ["Rebels clashed with the army near the bridge.", "Thousands marched peacefully in the capital.",
             "The market reopened on Monday."]
    p = model.probabilities(probe)
    assert abs(p.sum(axis=1) - 1).max() < 1e-5
    none = train_events.LABELS.index(train_events.NONE)
    typed = p.copy()
    typed[:, none] = -1
    assert [train_events.LABELS[j] for j in typed.argmax(axis=1)[:2]] == ["Armed clash", "Peaceful protest"]
    assert p[2, none] > 0.5 > p[0, none]
    model.save(tmp_path / "m.npz")
    assert abs(SentenceModel.load(tmp_path / "m.npz").probabilities(probe) - p).max() < 1e-2  # int8 on disk


def test_averaged_networks_are_one_network_whose_type_scores_are_the_mean_of_theirs(tmp_path):
    """`fit(..., networks=2)`: two networks of seeds 0 and 1, side by side in one file; the type
    scores (logits) are their mean, so the probabilities are the normalised geometric mean."""
    import numpy as np
    import pytest

    pytest.importorskip("sklearn")
    from transforms.events.model import SentenceModel

    x, y = _labelled(("Gunmen shot dead two villagers and burned their homes.", "Attack", 30),
                     ("Troops and insurgents exchanged fire near the border post.", "Armed clash", 30),
                     ("A crowd rallied against the new tax without incident.", "Peaceful protest", 30),
                     ("Shares rose on the exchange.", train_events.NONE, 40))
    single = [train_events.fit(x, y, 1.0, 3.0, hidden=4, epochs=5, seed=s) for s in (0, 1)]
    both = train_events.fit(x, y, 1.0, 3.0, hidden=4, epochs=5, networks=2)
    assert both.weights.shape == (train_events.DIMENSION, 9) and both.output.shape == (8, len(train_events.LABELS))
    probe = ["Gunmen shot two farmers near the border.", "A crowd rallied peacefully."]
    none = train_events.LABELS.index(train_events.NONE)
    types = [np.delete(m.probabilities(probe), none, axis=1) for m in single]
    assert not np.allclose(types[0], types[1], atol=1e-3)  # the seeds differ, or the test proves nothing
    mean = np.exp((np.log(types[0]) + np.log(types[1])) / 2)
    expected = mean / mean.sum(axis=1, keepdims=True) * types[0].sum(axis=1, keepdims=True)
    got = both.probabilities(probe)
    assert np.allclose(np.delete(got, none, axis=1), expected, atol=1e-4)
    assert np.allclose(got[:, none], single[0].probabilities(probe)[:, none])  # one relevance model
    both.save(tmp_path / "m.npz")
    with np.load(tmp_path / "m.npz") as data:
        assert data["hidden"].dtype == np.int8 and data["relevance"].dtype == np.float16
    reloaded = SentenceModel.load(tmp_path / "m.npz").probabilities(probe)
    assert np.allclose(reloaded[:, none], got[:, none], atol=1e-6)  # relevance is not quantized
    assert abs(reloaded - got).max() < 1e-2


def test_word_vectors_enter_relevance_as_the_training_matrix_says_and_not_the_type_model(tmp_path):
    """`matrix(texts, vectors=True)`: the words' vectors over the features' root follow the
    hashed features; relevance learns weights for them, the type networks do not read them, and
    inference (the word table) gives what the training matrix gives, before and after saving."""
    import numpy as np
    import pytest

    pytest.importorskip("sklearn")
    from transforms.events.model import SentenceModel, vector_dimensions

    texts = (["Gunmen attacked a checkpoint and killed two soldiers."] * 30
             + ["Protesters marched through the capital demanding reforms."] * 30
             + ["The central bank raised interest rates again."] * 40)
    labels = ["Attack"] * 30 + ["Peaceful protest"] * 30 + [train_events.NONE] * 40
    y = np.array([train_events.LABELS.index(label) for label in labels])
    x = train_events.matrix(texts, vectors=True)
    assert x.shape[1] == train_events.DIMENSION + vector_dimensions()
    model = train_events.fit(x, y, 1.0, 3.0, hidden=4, epochs=5)
    assert model.weights.shape == (x.shape[1], 5)
    assert not model.weights[train_events.DIMENSION:, 1:].any()  # no hidden unit reads a vector
    assert model.weights[train_events.DIMENSION:, 0].any()  # relevance does
    probe = ["Militiamen ambushed a patrol near the border.", "The bank cut its forecast."]
    logit = train_events.matrix(probe, vectors=True) @ model.weights[:, 0].astype(np.float32) + model.bias[0]
    none = train_events.LABELS.index(train_events.NONE)
    expected = 1 / (1 + np.exp(-logit))
    assert abs(model.probabilities(probe)[:, none] - expected).max() < 1e-4
    model.save(tmp_path / "m.npz")
    again = SentenceModel.load(tmp_path / "m.npz")
    assert abs(again.probabilities(probe)[:, none] - expected).max() < 1e-3


def test_word_vectors_carry_relevance_to_words_no_training_sentence_used():
    """Trained on sentences that never say "militiamen", "ambushed", "shares" or "striker",
    relevance with the vectors scores an event in those words higher, and non-events in
    them lower, than relevance without them."""
    import numpy as np
    import pytest

    pytest.importorskip("sklearn")

    events = [("Gunmen attacked a checkpoint and killed two soldiers.", "Attack"),
              ("Insurgents raided a village and shot three farmers.", "Armed clash"),
              ("Militants stormed a police post overnight.", "Looting/property destruction")]
    others = ["The central bank raised interest rates again.", "The team won the cup after extra time.",
              "The company launched a new phone on Tuesday."]
    texts = [t for t, _ in events for _ in range(20)] + [t for t in others for _ in range(20)]
    y = np.array([train_events.LABELS.index(label) for _, label in events for _ in range(20)]
                 + [train_events.LABELS.index(train_events.NONE)] * 60)
    probe = ["Militiamen ambushed a convoy.", "Shares slumped as investors fled.", "The striker scored twice."]
    none = train_events.LABELS.index(train_events.NONE)
    without, with_vectors = (1 - train_events.fit(train_events.matrix(texts, vectors=v), y, 1.0, 3.0)
                             .probabilities(probe)[:, none] for v in (False, True))
    assert with_vectors[0] > without[0] + 0.02
    assert (with_vectors[1:] < without[1:] - 0.01).all()


def test_folds_trained_in_parallel_give_the_same_out_of_fold_predictions(tmp_path, monkeypatch):
    """--jobs trains the held-out folds in forked processes; each fold's model is seeded and
    independent, so the predictions equal those of one process, item for item."""
    import numpy as np
    import pytest

    pytest.importorskip("sklearn")
    # The workers' function is pickled by name: this module's copy must be the one registered
    # (another test's import of a training script may have registered its own first).
    monkeypatch.setitem(sys.modules, "train_events", train_events)

    notes = {"Rebels clashed with soldiers near the river.": "Armed clash",
             "Gunmen shot dead two farmers in their field.": "Attack",
             "Hundreds marched peacefully through the capital.": "Peaceful protest",
             "Police arrested an opposition leader at his home.": "Arrests"}
    acled = tmp_path / "acled.jsonl"
    acled.write_text("".join(json.dumps({"text": f"{text} Source {k} reported it.", "sub_event_type": label,
                                         "origin": f"export{k % 3}/acled:data.csv", "country": "Kenya"}) + "\n"
                             for k in range(60) for text, label in [list(notes.items())[k % 4]]))
    negatives = tmp_path / "news.jsonl"
    negatives.write_text("".join(json.dumps({"text": f"The team won match {k} at home. Shares rose {k} percent "
                                                     f"on the news. The album sold well in week {k}.",
                                             "source": f"paper{k % 2}"}) + "\n" for k in range(40)))
    empty = tmp_path / "empty.jsonl"
    empty.write_text("")

    def run(jobs: int) -> dict:
        cache = tmp_path / f"oof{jobs}.npz"
        train_events.main(["--acled", str(acled), "--negatives", str(negatives), "--flagged", str(empty),
                           "--rare", str(empty), "--folds", "2", "--folds-file", str(tmp_path / f"folds{jobs}.json"),
                           "--report", str(tmp_path / f"report{jobs}.json"), "--out", str(tmp_path / "none.npz"),
                           "--no-final", "--cache", str(cache), "--jobs", str(jobs)])
        with np.load(cache) as data:
            return {k: data[k] for k in data.files}

    one, two = run(1), run(2)
    assert one["out_of_fold"].any()
    for key in ("out_of_fold", "context_p"):
        assert np.array_equal(one[key], two[key])


def test_relevance_weights_halve_notes_weigh_leads_and_skip_pattern_drawn_items():
    items = [{"group": "acled:a"}, {"group": "news:x", "lead": True}, {"group": "news:x", "matched": "grenade"},
             {"group": "acled:a", "typing_only": True}, {"group": "web:y"}]
    assert train_events.relevance_weights(items, 3.0, 0.5).tolist() == [0.5, 3.0, 0.0, 0.0, 1.0]


def test_relevance_only_items_train_relevance_and_leave_the_type_model_as_it_was(tmp_path):
    """Whole articles' sentences (FA-KES, `relevance_only`) change the relevance column only:
    the type model is trained on the same events with or without them; `keep_networks` writes
    a new relevance into a model file and keeps its stored networks byte for byte."""
    import numpy as np
    import pytest

    pytest.importorskip("sklearn")
    from transforms.events.model import SentenceModel

    base = [("Gunmen shot dead two villagers and burned their homes.", "Attack", 30),
            ("Troops and insurgents exchanged fire near the border post.", "Armed clash", 30),
            ("A crowd rallied against the new tax without incident.", "Peaceful protest", 30),
            ("Shares rose on the exchange.", train_events.NONE, 40)]
    extra = [("The war has ground on since 2011 with rebels fighting the army.", train_events.NONE, 20),
             ("Jets bombed the rebel-held town on Monday.", "Air/drone strike", 20)]
    x, y = _labelled(*base)
    x_all, y_all = _labelled(*base, *extra)
    only = np.arange(len(y_all)) >= len(y)
    without = train_events.fit(x, y, 1.0, 3.0)
    with_extra = train_events.fit(x_all, y_all, 1.0, 3.0, relevance_only=only)
    none = train_events.LABELS.index(train_events.NONE)
    types = [j for j in range(len(train_events.LABELS)) if j != none]
    assert np.array_equal(without.weights[:, types], with_extra.weights[:, types])
    assert np.array_equal(without.bias[types], with_extra.bias[types])
    assert not np.array_equal(without.weights[:, none], with_extra.weights[:, none])
    # the weights: relevance-only items count as the option says
    items = [{"group": "news:x"}, {"group": train_events.FAKES_GROUP, "relevance_only": True}]
    assert train_events.relevance_weights(items, 1.0, 0.5, 3.0).tolist() == [1.0, 3.0]

    networks = train_events.fit(x, y, 1.0, 3.0, hidden=4, epochs=3)
    networks.threshold = 0.3
    networks.save(tmp_path / "m.npz")
    relevance = train_events.fit_relevance_on(x_all, y_all, np.ones(len(y_all)), 1.0)
    coef, bias = relevance.coef_[0], float(relevance.intercept_[0])
    train_events.keep_networks(tmp_path / "m.npz", tmp_path / "refit.npz", coef, bias, 0.29)
    with np.load(tmp_path / "m.npz") as before, np.load(tmp_path / "refit.npz") as after:
        for name in ("hidden", "hidden_scale", "output", "output_bias"):
            assert np.array_equal(before[name], after[name])
        assert np.array_equal(after["relevance"], coef.astype(np.float16)) and after["bias"][0] == np.float32(bias)
        assert np.array_equal(after["bias"][1:], before["bias"][1:])
    refit = SentenceModel.load(tmp_path / "refit.npz")
    assert refit.threshold == pytest.approx(0.29)
    probe = ["Jets bombed the town.", "Shares fell."]
    assert not np.allclose(refit.probabilities(probe)[:, none],
                           SentenceModel.load(tmp_path / "m.npz").probabilities(probe)[:, none])


def test_fakes_sentences_are_read_by_their_labelled_split_and_agreed_labels_only(tmp_path):
    from transforms.events.rules import split_sentences

    text = "Jets bombed the rebel-held town of Saraqeb on Monday. The war began in 2011. Talks resumed."
    sentences = split_sentences(text)
    articles = tmp_path / "fakes.jsonl"
    articles.write_text(json.dumps({"id": "fakes-1", "title": "T", "text": text}) + "\n")
    labels = tmp_path / "labels.jsonl"
    rows = [("Air/drone strike", "Air/drone strike"), ("NONE", "NONE"), ("NONE", "Agreement")]
    labels.write_text("".join(json.dumps({"id": f"fakes-1:{k}", "text_sha1": train_events._digest(s), "split": "train",
                                          "labeller_a": a, "labeller_b": b}) + "\n"
                              for k, (s, (a, b)) in enumerate(zip(sentences, rows, strict=True))))
    items = train_events.load_fakes(articles, labels)
    assert [(it["text"], it["label"]) for it in items] == [(sentences[0], "Air/drone strike"), (sentences[1], "NONE")]
    assert all(it["relevance_only"] and it["group"] == train_events.FAKES_GROUP for it in items)
    labels.write_text(labels.read_text().replace(train_events._digest(sentences[0]), "0" * 40))
    import pytest

    with pytest.raises(ValueError, match="split differs"):
        train_events.load_fakes(articles, labels)
