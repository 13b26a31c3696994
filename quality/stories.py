"""The story pair scorer (``storyline.cluster.pairs``): its training pairs, its fit, and its
B-cubed on held-back events.

    python -m quality.stories report   # fit on odd events, B-cubed on even ones (and the reverse)
    python -m quality.stories train    # the same report, then fit on all events, write the weights
    python -m quality.stories train --db events=E.db --db breaking=B.db   # sets already ingested

Data: the development events (``../shared/dev/events``, 100 events x 3 outlets, one article each)
and the developing stories of ``../shared/dev/breaking`` (30 events over hours to weeks: tolls that
move, follow-ups, wire copies), each ingested once into ``--workdir`` (or read from ``--db
SET=PATH``). Each set is replayed on its own (one corpus each) and its pairs weigh alike in the fit,
whatever their number; an undated article's unknown gap is read as the mean gap. Training pairs
come from replaying the articles through a ``StoryIndex`` whose stories are the gold events so far:
each article is scored against the candidates assignment would really see (the nearest stories by
cosine), labelled same-event or not, then put into its gold story. Replays in the ingest order and
in shuffled orders give stories of every partial size. Events are split by the parity of their id
(in both sets): the weights and the threshold are chosen on one half and B-cubed is reported on the
other, per set; the shipped weights are then fitted on every event (the figures in the written file
say which is which).
"""
from __future__ import annotations

import argparse
import json
import os
import random
import sys
from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path

import numpy as np
from scipy.optimize import minimize  # training only: the package reads the weights

from quality.common import DEV, ROOT, ingest_export, need
from storyline.cluster.assign import StoryIndex, StoryState, features
from storyline.cluster.pairs import FEATURES, WEIGHTS, PairModel, pair_features
from storyline.cluster.signals import ArticleFeatures, parse_day
from storyline.config import settings
from storyline.store import Store

#: The development sets the scorer is fitted on, each with its gold events: three outlets per event,
#: one article each (``events``), and developing stories over hours and weeks (``breaking``).
SETS = {"events": DEV / "events", "breaking": DEV / "breaking"}
#: A set's event ids are offset by its place in SETS times this, so events of two sets never share an id
#: (the parity of an id, which splits the halves, is kept).
SET_STRIDE = 10_000
#: Shuffled replays (beside the ingest order) for training pairs and for order stability.
SHUFFLES = 4
#: Thresholds tried on the fitting half.
THRESHOLDS = tuple(round(x, 2) for x in np.arange(0.04, 0.6, 0.02))
#: Thresholds whose criterion is this close to the best are a tie, and the highest wins: a B-cubed
#: change this small is a fraction of one article in one set.
TIE = 5e-4
#: Inverse L2 strength of the logistic regression (as sklearn's C): a few weights, thousands of pairs.
C = 1.0
#: Weight of the same-day copies of different-event pairs (see ``pairs``) against a real pair's 1.
#: 0.1 since issue 25: at 0.25 (fitted on the events alone) the scorer learned that articles of one
#: day must share most of their words, and split the developing stories of ``breaking``.
SAME_DAY_WEIGHT = float(os.environ.get("SAME_DAY_WEIGHT", "0.1"))
#: The sign each signal's weight must have: similarities for a story, gaps against it.
SIGNS = {"embedding": 1, "body_terms": 1, "title_terms": 1, "names": 1, "places": 1, "numbers": 1,
         "rare_names": 1, "no_shared_name": -1, "published_gap": -1, "day_gap": -1, "day_share": 1}


@dataclass(frozen=True)
class Dev:
    """The development events as assignment sees them, in ingest order (set after set)."""

    arts: list[ArticleFeatures]
    event: dict[str, int]  # article id → gold event (offset by its set, see SET_STRIDE)
    set_of: dict[int, str] = field(default_factory=dict)  # gold event → the set it comes from

    def only(self, name: str) -> Dev:
        keep = [a for a in self.arts if self.set_of[self.event[a.id]] == name]
        return Dev(keep, {a.id: self.event[a.id] for a in keep}, self.set_of)


def _load_set(name: str, db: Path | None, workdir: Path, offset: int) -> Dev:
    root = SETS[name]
    if db is None:
        db = workdir / f"{name}.db"
        if not db.exists():
            ingest_export(name, [root / "corpus.jsonl"], workdir)
    need(db, root / "gold.json")
    gold = json.loads((root / "gold.json").read_text(encoding="utf-8"))
    by_line = {d["line"]: offset + d["event"] for d in gold["documents"]}
    store = Store(f"sqlite:///{db}")
    try:
        ids = store.article_ids_in_order()
        arts = [features(row) for row in store.article_features(ids)]
        event = {a: by_line[int(store.get_article(a)["source"].rsplit(":", 1)[1])] for a in ids}  # type: ignore[index]
    finally:
        store.close()
    return Dev(arts, event, dict.fromkeys(event.values(), name))


def load(dbs: dict[str, Path | None], workdir: Path) -> Dev:
    """Every set named in ``dbs`` (an ingested database, or None to ingest into ``workdir``), in one Dev."""
    parts = [_load_set(name, db, workdir, i * SET_STRIDE) for i, (name, db) in enumerate(dbs.items())]
    return Dev([a for p in parts for a in p.arts], {k: v for p in parts for k, v in p.event.items()},
               {k: v for p in parts for k, v in p.set_of.items()})


def orders(arts: list[ArticleFeatures], shuffles: int = SHUFFLES) -> list[list[ArticleFeatures]]:
    out = [list(arts)]
    for seed in range(shuffles):
        o = list(arts)
        random.Random(seed).shuffle(o)
        out.append(o)
    return out


def shifted(art: ArticleFeatures, days: int) -> ArticleFeatures:
    """The article as if published ``days`` later (its time expressions moved alike)."""
    def move(s: str) -> str:
        d = parse_day(s)
        return (d + timedelta(days=days)).isoformat() + s[10:] if d else s
    return replace(art, published=move(art.published) if art.published else None,
                   days=tuple(sorted(move(d) for d in art.days)))


def collided(dev: Dev, arts: list[ArticleFeatures]) -> list[ArticleFeatures]:
    """Every event moved to start on one day (each keeps its own spread): a news day with all of
    these events at once, where only what the articles say can part them."""
    first: dict[int, date] = {}
    for a in arts:
        if (d := parse_day(a.published)) is not None:
            ev = dev.event[a.id]
            first[ev] = min(first.get(ev, d), d)
    day0 = min(first.values())
    return [shifted(a, (day0 - first[dev.event[a.id]]).days) if dev.event[a.id] in first else a for a in arts]


def pairs(dev: Dev, arts: list[ArticleFeatures]) -> tuple[list[list[float]], list[int], list[float], int]:
    """Features and labels of every (article, candidate story) pair of a replay with gold stories;
    also each article's cosine to its gold story (when it has one yet), and how many articles' gold
    story was not among their candidates.

    Each pair of different events is also added as if the article had been published on the
    story's last day: in these events different stories are almost always weeks apart, while a
    real news day carries many events at once; without these pairs the scorer learns that a shared
    day is enough."""
    index = StoryIndex([], threshold=1.0, expected=len(arts), model=_flat())
    story_of: dict[int, StoryState] = {}
    rows, labels, gold_cos = [], [], []
    missed = 0  # articles whose gold story was not among the candidates (no scorer could join them)
    for art in arts:
        ev = dev.event[art.id]
        own = story_of.get(ev)
        if own is not None:
            gold_cos.append(float(own.unit @ art.vector))
        cands = index.candidates(art)
        missed += own is not None and all(st is not own for st, _ in cands)
        for st, cos in cands:
            rows.append(pair_features(art, st.profile, cos))
            labels.append(int(st is own))
            pub, last = parse_day(art.published), parse_day(st.profile.last_date)
            if st is not own and pub and last and SAME_DAY_WEIGHT:
                rows.append(pair_features(shifted(art, (last - pub).days), st.profile, cos))
                labels.append(-1)  # a negative, weighed SAME_DAY_WEIGHT
        story_of[ev] = index.place(art, own)
    return rows, labels, gold_cos, missed


def _fit_signed(x: np.ndarray, y: np.ndarray, weight: np.ndarray) -> tuple[np.ndarray, float]:
    """L2-regularised logistic regression whose weights keep the sign each signal must have
    (``SIGNS``): more shared words or names never count against a story, a wider gap never for it.
    Unconstrained, the correlated signals trade weight between them and some turn negative."""
    n = x.shape[1]

    def loss(theta: np.ndarray) -> tuple[float, np.ndarray]:
        w, b = theta[:n], theta[n]
        z = x @ w + b
        p = 1.0 / (1.0 + np.exp(-z))
        value = float(np.sum(weight * (np.logaddexp(0.0, z) - y * z)) + 0.5 / C * w @ w)
        g = weight * (p - y)
        return value, np.concatenate([x.T @ g + w / C, [g.sum()]])

    bounds = [(0.0, None) if SIGNS[f] > 0 else (None, 0.0) for f in FEATURES] + [(None, None)]
    res = minimize(loss, np.zeros(n + 1), jac=True, method="L-BFGS-B", bounds=bounds)
    return res.x[:n], float(res.x[n])


def _flat() -> PairModel:
    n = len(FEATURES)
    return PairModel(FEATURES, np.zeros(n), np.ones(n), np.zeros(n), 0.0)


def fit(dev: Dev, keep: set[int]) -> tuple[PairModel, dict]:
    """Fit on the kept events: each set replayed on its own (a set is one corpus), and each set's
    pairs weighed so that every set counts alike, whatever its number of pairs."""
    X: list[list[float]] = []
    y: list[int] = []
    share: list[float] = []
    cos: list[float] = []
    missed = 0
    names = sorted(set(dev.set_of.values()))
    for name in names:
        arts = [a for a in dev.arts if dev.event[a.id] in keep and dev.set_of[dev.event[a.id]] == name]
        rows: list[int] = []
        for o in orders(arts):
            rx, ry, rc, rm = pairs(dev, o)
            X += rx
            y += ry
            rows += ry
            cos += rc
            missed += rm
        share += [1.0 / (len(names) * len(rows))] * len(rows)
    x = np.asarray(X)
    # an undated pair's gap is NaN: standardised over the known values and read as their mean (as
    # ``PairModel.probability`` reads it)
    mean, scale = np.nanmean(x, axis=0), np.nanstd(x, axis=0)
    scale[scale == 0] = 1.0
    weight = np.where(np.asarray(y) < 0, SAME_DAY_WEIGHT, 1.0) * np.asarray(share) * len(y)
    target = (np.asarray(y) > 0).astype(np.float64)
    coef, intercept = _fit_signed(np.nan_to_num((x - mean) / scale, nan=0.0), target, weight)
    model = PairModel(FEATURES, mean, scale, coef, intercept)
    return model, {"pairs": len(y), "positives": int(sum(v > 0 for v in y)), "min_gold_cosine": round(min(cos), 4),
                   "gold_story_not_a_candidate": missed}


def bcubed(pred: dict[str, str], gold: dict[str, int]) -> tuple[float, float, float]:
    pm: defaultdict[str, set[str]] = defaultdict(set)
    gm: defaultdict[int, set[str]] = defaultdict(set)
    for d, story in pred.items():
        pm[story].add(d)
    for d, event in gold.items():
        gm[event].add(d)
    p = sum(len(pm[pred[d]] & gm[gold[d]]) / len(pm[pred[d]]) for d in gold) / len(gold)
    r = sum(len(pm[pred[d]] & gm[gold[d]]) / len(gm[gold[d]]) for d in gold) / len(gold)
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def cluster(arts: list[ArticleFeatures], model: PairModel, threshold: float) -> dict[str, str]:
    index = StoryIndex([], threshold=threshold, expected=len(arts), model=model)
    placed = index.assign_many(arts)
    return {a.id: index.story_of(sid) for a, sid in zip(arts, placed, strict=True)}


def _evaluate_one(dev: Dev, arts: list[ArticleFeatures], model: PairModel, threshold: float) -> dict:
    gold = {a.id: dev.event[a.id] for a in arts}
    runs = [bcubed(cluster(o, model, threshold), gold) for o in orders(arts)]
    p, r, f = runs[0]
    cp, cr, cf = bcubed(cluster(collided(dev, arts), model, threshold), gold)
    return {"ingest_order": {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)},
            "one_day": {"precision": round(cp, 4), "recall": round(cr, 4), "f1": round(cf, 4)},
            "shuffled_f1_mean": round(float(np.mean([x[2] for x in runs[1:]])), 4),
            "shuffled_f1_min": round(min(x[2] for x in runs[1:]), 4)}


def evaluate(dev: Dev, keep: set[int], model: PairModel, threshold: float) -> dict[str, dict]:
    """B-cubed of each set's kept events clustered on their own (a set is one user's corpus)."""
    out = {}
    for name in sorted(set(dev.set_of.values())):
        arts = [a for a in dev.arts if dev.event[a.id] in keep and dev.set_of[dev.event[a.id]] == name]
        if arts:
            out[name] = _evaluate_one(dev, arts, model, threshold)
    return out


def stability(dev: Dev, model: PairModel, threshold: float) -> dict:
    """Incremental assignment in shuffled arrival orders against the ingest-order partition (what
    ``recluster`` gives): B-cubed of each shuffled partition taking the ingest-order one as truth."""
    out = {}
    for name in sorted(set(dev.set_of.values())):
        arts = dev.only(name).arts
        base = cluster(arts, model, threshold)
        label = {a: i for i, a in enumerate(sorted(set(base.values())))}
        truth = {a: label[s] for a, s in base.items()}
        runs = [bcubed(cluster(o, model, threshold), truth) for o in orders(arts)[1:]]
        out[name] = {"shuffles": len(runs), "f1": [round(r[2], 4) for r in runs],
                     "identical": sum(r[2] == 1.0 for r in runs)}
    return out


def choose_threshold(dev: Dev, keep: set[int], model: PairModel) -> float:
    """The threshold with the best mean B-cubed F1 over the sets of the fitting half, each set's F1
    the mean of its replays in ingest order and shuffled (ties, within ``TIE``: the higher, as two events in one
    story cost more than one event in two). The one-day replay is reported beside it, not chosen
    on: no developing story of weeks fits on one day."""
    scores = {}
    for t in THRESHOLDS:
        per_set = evaluate(dev, keep, model, t).values()
        scores[t] = float(np.mean([(e["ingest_order"]["f1"] + e["shuffled_f1_mean"]) / 2 for e in per_set]))
    best = max(scores.values())
    return max(t for t, s in scores.items() if s >= best - TIE)


def report(dev: Dev) -> dict:
    events = sorted(set(dev.event.values()))
    halves = {"odd": {e for e in events if e % 2}, "even": {e for e in events if not e % 2}}
    out = {}
    for fit_on, held in (("odd", "even"), ("even", "odd")):
        model, info = fit(dev, halves[fit_on])
        t = choose_threshold(dev, halves[fit_on], model)
        out[f"fit_{fit_on}_report_{held}"] = {"threshold": t, **info,
                                              "coef": dict(zip(FEATURES, np.round(model.coef, 4).tolist(),
                                                               strict=True)),
                                              "held_out": evaluate(dev, halves[held], model, t),
                                              "fit_half": evaluate(dev, halves[fit_on], model, t)}
    return out


def train(dev: Dev) -> dict:
    out = {"held_out": report(dev)}
    everything = set(dev.event.values())
    model, info = fit(dev, everything)
    t = choose_threshold(dev, everything, model)
    out["all"] = {"threshold": t, **info, "in_sample": evaluate(dev, everything, model, t),
                  "order_stability": stability(dev, model, t)}
    data = {**model.to_dict(), "_about": "storyline story pair scorer: python -m quality.stories train",
            "_threshold_chosen": t, "_held_out": {k: {"threshold": v["threshold"], **v["held_out"]}
                                                  for k, v in out["held_out"].items()},
            "_coef_by_feature": dict(zip(FEATURES, np.round(model.coef, 4).tolist(), strict=True))}
    WEIGHTS.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("command", choices=("report", "train"))
    ap.add_argument("--db", action="append", default=[], metavar="SET=PATH",
                    help=f"an ingested database of a set ({', '.join(SETS)}); default: ingest into --workdir")
    ap.add_argument("--sets", default=",".join(SETS), help="the sets to fit and report on (comma-separated)")
    ap.add_argument("--workdir", type=Path, default=ROOT / "out" / "quality")
    a = ap.parse_args(argv)
    given = dict(d.split("=", 1) for d in a.db)
    dev = load({name: Path(given[name]) if name in given else None for name in a.sets.split(",")}, a.workdir)
    print(f"{len(dev.arts)} articles; candidates {settings().story_candidates}, "
          f"min cosine {settings().story_min_cosine}", file=sys.stderr)
    print(json.dumps(report(dev) if a.command == "report" else train(dev), indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
