"""Generated corpora for reliability tests: many short articles about a handful of invented events."""
from __future__ import annotations

import json
import random
from pathlib import Path

SYL = ["ka", "lo", "mi", "ra", "ven", "dor", "tel", "sa", "ni", "gor", "bel", "ar", "is", "un", "pe", "tro"]
EVENTS = ["a fire destroyed {n} homes in {p}", "floods closed {n} roads around {p}", "a strike halted {n} trains in {p}",
          "a storm cut power to {n} streets in {p}", "voters in {p} backed a plan for {n} new schools"]


def _w(rng: random.Random, k: int = 2) -> str:
    return "".join(rng.choice(SYL) for _ in range(k))


def short_articles(n: int, seed: int = 1) -> list[dict]:
    rng = random.Random(seed)
    places = [_w(rng, 3).capitalize() for _ in EVENTS]
    out = []
    for i in range(n):
        e = rng.randrange(len(EVENTS))
        person = f"{_w(rng).capitalize()} {_w(rng, 3).capitalize()}"
        fact = EVENTS[e].format(n=rng.randint(3, 900), p=places[e])
        text = (f"Officials said on {rng.choice(['Monday', 'Tuesday', 'Friday'])} that {fact}.\n\n"
                f"\"We are working through the night,\" {person} said. The {_w(rng)} office counted "
                f"{rng.randint(2, 99)} {_w(rng)} cases.\n\n"
                f"Residents of {places[e]} were told to wait for news, according to {person}. Ref {i}.")
        out.append({"text": text, "outlet": f"The {_w(rng).capitalize()} Post", "published": "2025-05-0" + str(1 + e)})
    return out


def write_jsonl(path: Path, records: list[dict]) -> Path:
    with path.open("w") as fh:
        for r in records:
            fh.write(json.dumps(r) + "\n")
    return path


def article_record(outlet: str, published: str | None, title: str, paragraphs: list[str], url: str | None = None) -> str:
    """One JSON Lines article of invented text, its paragraphs separated by blank lines."""
    return json.dumps({"outlet": outlet, "published": published, "title": title,
                       "url": url or f"https://{outlet.split()[0].lower()}.example/x", "text": "\n\n".join(paragraphs)})
