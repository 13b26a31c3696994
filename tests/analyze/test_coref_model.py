"""The learned mention ranker of ``analyze.coref`` (issue 17): its weights file and a clear case."""
from __future__ import annotations

import json
import math

from storyline.analyze import components, coref


def _doc(text: str):
    nlp = components.pipeline()
    with nlp.select_pipes(disable=[n for n in nlp.pipe_names
                                   if n.startswith("storyline_") and n != "storyline_paragraph_breaks"]):
        doc = nlp(text)
    return components.annotate(doc, None)


def test_weights_file_has_one_finite_weight_per_feature():
    data = json.loads(coref.MODEL_PATH.read_text(encoding="utf-8"))
    assert list(data["weights"]) == list(coref.FEATURES)
    assert all(isinstance(v, float) and math.isfinite(v) for v in data["weights"].values())
    ranker = coref.LinearRanker.load(coref.MODEL_PATH)
    assert ranker is not None and ranker == coref.DEFAULT_RANKER
    assert ranker.features == coref.FEATURES and len(ranker.weights) == len(coref.FEATURES)


def test_a_model_fit_on_other_features_is_not_loaded(tmp_path):
    other = tmp_path / "m.json"
    other.write_text(json.dumps({"weights": {"recency": 1.0}}))
    assert coref.LinearRanker.load(other) is None
    assert coref.LinearRanker.load(tmp_path / "absent.json") is None


def test_learned_ranker_prefers_the_recent_subject_that_agrees_in_gender():
    doc = _doc("Mr. Tomas Reyes opened the port on Monday. The crowd was large. Ms. Ida Marsh chaired the "
               'hearing on Tuesday. "The port needs a new budget," she said.')
    co = doc._.coref
    assert co.ranker is coref.DEFAULT_RANKER
    she = next(t for t in doc if t.lower_ == "she")
    pool = co.pool(she)
    feats = co.features(pool, "f", co.sent_index(she.i), co._para_of_sent[co.sent_index(she.i)])
    assert all(len(f) == len(coref.FEATURES) for f in feats)
    name = {c.cluster: doc._.entities.clusters[c.cluster].name for c in pool}
    best = max(zip(pool, feats, strict=True), key=lambda cf: co.ranker.score(cf[1]))[0]
    assert name[best.cluster] == "Ida Marsh"
    assert doc._.entities.clusters[co.resolve(she)].name == "Ida Marsh"
    assert {q.speaker for q in doc._.quotes} == {"Ida Marsh"}
