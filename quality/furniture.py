"""Labelled lines for the furniture model, its training, and its score on held-back pages.

    python -m quality.furniture train      # fit on the training pages, write the shipped weights
    python -m quality.furniture score      # precision / recall of furniture on the held-back pages

Labels come from the HTML development set (``../shared/dev/html``): each page lists snippets that
must be in its main text and snippets that must not. The page is turned into lines twice — its whole
visible text, one line per block element (what a scraper's plain text looks like), and the text
trafilatura extracts (what storyline's HTML path cleans) — and a line containing a "with" snippet is
labelled prose, one containing a "without" snippet furniture; other lines are unlabelled and unused.
Pages are split by a hash of their name: one in five is held back and never trained on.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from dataclasses import dataclass
from typing import Any

import lxml.html
import numpy as np
import trafilatura
from sklearn.linear_model import LogisticRegression  # training only: the package reads the weights

from quality.common import DEV, need
from storyline.clean import furniture
from storyline.clean.lines import shapes_of

HTML = DEV / "html"
BLOCK = {"p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "td", "tr", "th", "table", "figcaption",
         "figure", "blockquote", "section", "article", "header", "footer", "nav", "aside", "br", "dd", "dt", "pre",
         "address", "form", "main", "caption", "label", "button", "option"}
HELD_BACK = 5  # one page in five


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def held_back(name: str) -> bool:
    return int(hashlib.sha1(name.encode()).hexdigest(), 16) % HELD_BACK == 0


def page_text(html: bytes) -> str:
    """The page's visible text, one line per block element (scripts, styles and head dropped)."""
    try:
        root = lxml.html.fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return ""
    for bad in root.xpath("//script|//style|//noscript|//template|//svg|//head"):
        if bad.getparent() is not None:
            bad.drop_tree()
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag.lower() in BLOCK:
            el.tail = "\n" + (el.tail or "")
            if el.tag.lower() != "br":
                el.text = "\n" + (el.text or "")
    return "\n".join(_norm(ln) for ln in root.text_content().split("\n") if ln.strip())


def extracted_text(html: bytes) -> str:
    return trafilatura.extract(html, include_comments=False, include_tables=True) or ""


@dataclass
class Labelled:
    x: np.ndarray
    y: np.ndarray  # 1 = furniture
    pages: list[str]


def labelled_lines(*, held: bool) -> Labelled:
    """Feature rows and labels of the training (``held=False``) or held-back pages."""
    need(HTML / "expected.json", HTML / "pages")
    expected = json.loads((HTML / "expected.json").read_text(encoding="utf-8"))
    xs, ys, pages = [], [], []
    for name, item in sorted(expected.items()):
        if held_back(name) != held or not (HTML / "pages" / name).is_file():
            continue
        html = (HTML / "pages" / name).read_bytes()
        with_ = [_norm(s) for s in item["with"]]
        without = [_norm(s) for s in item["without"]]
        for text in (page_text(html), extracted_text(html)):
            shapes = shapes_of(text)
            if not shapes:
                continue
            rows = furniture.features(shapes)
            for shape, row in zip(shapes, rows, strict=True):
                line = _norm(shape.text)
                w, wo = any(s in line for s in with_), any(s in line for s in without)
                if w != wo:
                    xs.append(row)
                    ys.append(int(wo))
        pages.append(name)
    return Labelled(np.asarray(xs), np.asarray(ys), pages)


def train() -> dict:
    data = labelled_lines(held=False)
    mean, scale = data.x.mean(axis=0), data.x.std(axis=0)
    scale[scale == 0] = 1.0
    model = LogisticRegression(C=1.0, max_iter=2000, class_weight="balanced")
    model.fit((data.x - mean) / scale, data.y)
    weights = {"mean": mean.tolist(), "scale": scale.tolist(), "coef": model.coef_[0].tolist(),
               "intercept": float(model.intercept_[0]),
               "trained_on": f"{len(data.pages)} pages, {len(data.y)} labelled lines "
                             f"({int(data.y.sum())} furniture) of ../shared/dev/html"}
    furniture.WEIGHTS.write_text(json.dumps(weights, indent=1) + "\n", encoding="utf-8")
    furniture.load_model.cache_clear()
    return weights


def _prf(pred: np.ndarray, y: np.ndarray) -> dict[str, float]:
    tp = int((pred & (y == 1)).sum())
    fp = int((pred & (y == 0)).sum())
    fn = int((~pred & (y == 1)).sum())
    precision, recall = tp / max(1, tp + fp), tp / max(1, tp + fn)
    return {"precision": round(precision, 4), "recall": round(recall, 4),
            "f1": round(2 * precision * recall / max(1e-9, precision + recall), 4)}


def score() -> dict[str, Any]:
    """Furniture precision / recall / F1 on the held-back pages: the model alone at the extracted-text
    and scraped-page thresholds, the rules alone, and the scraped-page decision (rules and model)."""
    data = labelled_lines(held=True)
    mean, scale, coef, intercept = furniture.load_model()
    p = 1.0 / (1.0 + np.exp(-(((data.x - mean) / scale) @ coef + intercept)))
    rule_prose = data.x[:, furniture.RULE_COLUMN + furniture.RULE_KINDS.index("prose")] == 1
    return {"pages": len(data.pages), "lines": len(data.y), "furniture_lines": int(data.y.sum()),
            f"model p>={furniture.EXTRACTED_DROP} (extracted HTML text)": _prf(p >= furniture.EXTRACTED_DROP, data.y),
            f"model p>={furniture.THRESHOLD}": _prf(p >= furniture.THRESHOLD, data.y),
            "model p>=0.5": _prf(p >= 0.5, data.y),
            "rules alone (not prose)": _prf(~rule_prose, data.y),
            "scraped page (rules, model veto)": _prf(~(rule_prose & (p < furniture.THRESHOLD)), data.y)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("command", choices=["train", "score"])
    a = ap.parse_args(argv)
    if a.command == "train":
        w = train()
        print(w["trained_on"])
    print(json.dumps(score(), indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
