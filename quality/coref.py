"""Train the learned mention ranker of ``storyline.analyze.coref`` on the PolNeAR training split.

    python -m quality.coref train [--workdir DIR] [--folds 5] [--write]

Each pronoun speaker of a gold quote (a quote the pipeline finds, whose gold speaker is a pronoun
with a resolved name) gives one ranking instance: the candidate antecedents the resolver considers
for that pronoun, each with ``coref.FEATURES``; a candidate is right when the last word of its
entity's name is the gold speaker's last name (as ``score.py`` compares speakers). The candidate
pools and pronoun chains are those of the hand-set rules. A linear ranker is fit (pairwise logistic
regression: each right candidate against each wrong one of the same pronoun), compared with the
rules by ``--folds``-fold cross-validation over articles, and with ``--write`` fit on all of train
and written to ``coref.MODEL_PATH``.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import numpy as np
from scipy.optimize import minimize
from spacy.tokens import Doc, DocBin

from quality.common import DEV, need
from storyline.analyze import components, coref
from storyline.clean import clean_parsed
from storyline.ingest import iter_inputs
from storyline.model import RawArticle

POLNEAR = DEV / "polnear"
#: a predicted quote is the gold quote when their token F1 reaches this (as ``score.py`` matches them)
MATCH_F1 = 0.8
#: L2 penalties (per instance) tried, the best chosen by inner cross-validation on the training folds
C_GRID = (0.0001, 0.001, 0.01, 0.1)
PRONOUN_WORDS = coref.MALE_PRONOUNS | coref.FEMALE_PRONOUNS
SEED = 17


@dataclass(frozen=True)
class Instance:
    """One pronoun speaker: its candidates' features, which are right, and the rules' scores."""

    doc: str
    x: np.ndarray  # candidates × features
    y: np.ndarray  # bool per candidate
    rules: np.ndarray  # the rule score per candidate
    start: np.ndarray  # candidate offsets: ties go to the later one, as in the resolver


def _scorer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("polnear_score", POLNEAR / "score.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def parsed(split: str, workdir: Path) -> list[tuple[str, Doc]]:
    """(stem, annotated Doc) for every article of ``split``; the base parse is cached in ``workdir``."""
    nlp = components.pipeline()
    bin_path, meta_path = workdir / f"{split}.spacy", workdir / f"{split}.meta.json"
    if not bin_path.exists():
        files = sorted((POLNEAR / split / "articles").iterdir())
        db, meta = DocBin(store_user_data=False), []
        base = [n for n in nlp.pipe_names if n.startswith("storyline_") and n != "storyline_paragraph_breaks"]
        for item in iter_inputs([str(f) for f in files], 10**8):
            if not isinstance(item, RawArticle):
                continue
            art, doc = clean_parsed(item)
            if doc is None:
                with nlp.select_pipes(disable=base):
                    doc = nlp(art.body)
            db.add(doc)
            meta.append((Path(art.raw.source).stem, art.published))
        workdir.mkdir(parents=True, exist_ok=True)
        db.to_disk(bin_path)
        meta_path.write_text(json.dumps(meta))
    meta = json.loads(meta_path.read_text())
    docs = DocBin().from_disk(bin_path).get_docs(nlp.vocab)
    return [(stem, components.annotate(doc, pub)) for (stem, pub), doc in zip(meta, docs, strict=True)]


def instances(split: str, workdir: Path) -> list[Instance]:
    sc = _scorer()
    gold = json.loads((POLNEAR / split / "gold.json").read_text())
    by_doc: dict[str, list[dict]] = {}
    for q in gold["quotes"]:
        by_doc.setdefault(q["doc"], []).append(q)
    coref.DEFAULT_RANKER = None  # pools and chains of the rules, whatever model is shipped
    out = []
    for stem, doc in parsed(split, workdir):
        co, ents, quotes = doc._.coref, doc._.entities, doc._.quotes
        used: set[int] = set()
        for gq in by_doc.get(stem, []):
            best, bi = 0.0, None
            for i, pq in enumerate(quotes):
                if i not in used and (s := sc.token_f1(pq.text, gq["text"])) > best:
                    best, bi = s, i
            if bi is None or best < MATCH_F1:
                continue
            used.add(bi)
            pq = quotes[bi]
            if gq.get("speaker_type") != "pronoun" or not gq.get("resolved_last") or pq.speaker_start is None:
                continue
            span = doc.char_span(pq.speaker_start, pq.speaker_end, alignment_mode="expand")
            if span is None or span[0].lower_ not in PRONOUN_WORDS or co.resolve(span[0]) is None:
                continue
            tok = span[0]
            pool = co.pool(tok)
            gender = "m" if tok.lower_ in coref.MALE_PRONOUNS else "f"
            k = co.sent_index(tok.i)
            para = co._para_of_sent[k]
            counts: dict[int, int] = {}
            for c in pool:
                counts[c.cluster] = counts.get(c.cluster, 0) + 1
            want = gq["resolved_last"].lower()
            out.append(Instance(
                stem, np.array(co.features(pool, gender, k, para)),
                np.array([sc.last_token(ents.clusters[c.cluster].name or "") == want for c in pool]),
                np.array([co._score(c, gender, k, para, counts) for c in pool]),
                np.array([c.start for c in pool])))
    return out


def _loss(w: np.ndarray, data: list[Instance], l2: float) -> tuple[float, np.ndarray]:
    """Negative log-likelihood that the pronoun's antecedent is one of its right candidates
    (softmax over the candidates, summed over the right ones), plus an L2 penalty; and its gradient."""
    loss, grad = l2 * float(w @ w), 2 * l2 * w
    for inst in data:
        s = inst.x @ w
        s = s - s.max()
        e = np.exp(s)
        p_all = e / e.sum()
        p_right = e * inst.y / (e * inst.y).sum()
        loss -= float(np.log((e * inst.y).sum() / e.sum()))
        grad -= inst.x.T @ (p_right - p_all)
    return loss, grad


def fit(data: list[Instance], l2: float) -> np.ndarray:
    """Weights of the linear ranker that maximise the marginal likelihood of the right candidates."""
    usable = [inst for inst in data if inst.y.any() and not inst.y.all()]
    res = minimize(_loss, np.zeros(len(coref.FEATURES)), args=(usable, l2 * len(usable)), jac=True,
                   method="L-BFGS-B")
    return np.asarray(res.x)


def accuracy(data: list[Instance], score: list[np.ndarray]) -> float:
    """Share of instances whose top candidate (ties → the later one) is right."""
    hits = 0
    for inst, s in zip(data, score, strict=True):
        top = max(range(len(s)), key=lambda i: (s[i], inst.start[i]))
        hits += bool(inst.y[top])
    return hits / max(1, len(data))


def _folds(data: list[Instance], n: int) -> list[list[int]]:
    docs = sorted({inst.doc for inst in data})
    rng = np.random.default_rng(SEED)
    order = rng.permutation(len(docs))
    fold_of = {docs[d]: k % n for k, d in enumerate(order)}
    return [[i for i, inst in enumerate(data) if fold_of[inst.doc] == f] for f in range(n)]


def choose_c(data: list[Instance], n: int) -> float:
    """The regularisation with the best cross-validated accuracy on ``data``."""
    folds = _folds(data, n)
    best = (-1.0, C_GRID[0])
    for c in C_GRID:
        acc = []
        for f in folds:
            test = set(f)
            w = fit([d for i, d in enumerate(data) if i not in test], c)
            held = [data[i] for i in f]
            acc.append(accuracy(held, [inst.x @ w for inst in held]))
        best = max(best, (float(np.mean(acc)), c))
    return best[1]


def cross_validate(data: list[Instance], n: int) -> dict:
    """Learned ranker (C chosen inside each training fold) against the rules, fold by fold."""
    rows = []
    for f in _folds(data, n):
        test = set(f)
        train = [d for i, d in enumerate(data) if i not in test]
        held = [data[i] for i in f]
        c = choose_c(train, n)
        w = fit(train, c)
        rows.append({"n": len(held), "C": c, "rules": accuracy(held, [inst.rules for inst in held]),
                     "learned": accuracy(held, [inst.x @ w for inst in held])})
    total = sum(r["n"] for r in rows)
    return {"folds": rows, "rules": sum(r["rules"] * r["n"] for r in rows) / total,
            "learned": sum(r["learned"] * r["n"] for r in rows) / total, "instances": total}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m quality.coref")
    ap.add_argument("command", choices=["train"])
    ap.add_argument("--workdir", type=Path, default=Path("/tmp/q/coref"))
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--write", action="store_true", help="fit on all of train and write coref.MODEL_PATH")
    args = ap.parse_args(argv)
    need(POLNEAR / "train" / "gold.json")
    data = instances("train", args.workdir)
    right = sum(bool(inst.y.any()) for inst in data)
    print(f"{len(data)} pronoun speakers, {right} with the gold speaker among the candidates")
    cv = cross_validate(data, args.folds)
    for r in cv["folds"]:
        print(f"  fold n={r['n']:4d} C={r['C']:<5} rules {r['rules']:.4f} learned {r['learned']:.4f}")
    print(f"train {args.folds}-fold CV top-1: rules {cv['rules']:.4f}  learned {cv['learned']:.4f}")
    if args.write:
        c = choose_c(data, args.folds)
        w = fit(data, c)
        coref.MODEL_PATH.write_text(json.dumps({
            "trained_on": "PolNeAR train pronoun speakers", "instances": len(data), "C": c,
            "cv_top1": {"rules": round(cv["rules"], 4), "learned": round(cv["learned"], 4)},
            "weights": {f: round(float(v), 4) for f, v in zip(coref.FEATURES, w, strict=True)}},
            indent=1) + "\n")
        print(f"wrote {coref.MODEL_PATH} (C={c})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
