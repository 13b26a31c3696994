"""Learn which first names are women's and which men's from the PolNeAR training split, for telling
namesakes apart ("Mrs. Clinton" beside Hillary and Bill Clinton) in ``storyline.analyze.entities``.

    python -m quality.name_gender train [--write] [--votes CACHE.json]

Each training article is run through the pipeline; every person whose gender the article itself
gives (``coref``'s reading: honorifics, gendered role nouns, pronouns after the name) casts one vote
per article for their first name. A name enters the table when at least ``MIN_ARTICLES`` articles
vote, ``MIN_SHARE`` of the votes agree, and no more articles use the word as a person's surname
than as a first name ("Trump" in "Trump Pence" is no first name; "Paul" stays). The table is checked on a held-back fifth of the articles
(names fitted on the other four fifths) and, with ``--write``, fitted on all of train and written
to ``entities.NAME_GENDER_PATH``. No third-party text is stored: first names and a letter each.
"""
from __future__ import annotations

import argparse
import json
from collections import Counter, defaultdict
from pathlib import Path

from quality.common import DEV, need
from storyline.analyze import components
from storyline.analyze.entities import NAME_GENDER_PATH
from storyline.names import given_names, surname_of

TRAIN = DEV / "polnear" / "train" / "articles"
MIN_ARTICLES = 3
MIN_SHARE = 0.9
HELD_EVERY = 5  # every fifth article (by sorted file name) is held back for the check
SURNAME, FIRST = "surname:", "first:"  # per-article name uses, kept beside the votes


def article_votes(paths: list[Path]) -> list[dict[str, str]]:
    """Per article: first name → the gender the article gives its person; and every person's
    surname and first name, under ``SURNAME`` / ``FIRST`` + the word, whatever their gender."""
    nlp = components.pipeline()
    out = []
    for doc in nlp.pipe((p.read_text(encoding="utf-8") for p in paths), batch_size=16):
        ents, coref = doc._.entities, doc._.coref
        votes: dict[str, str] = {}
        for c in ents.clusters:
            if c.type == "PERSON" and len(c.key.split()) > 1:
                votes[SURNAME + surname_of(c.key.split())[0]] = ""
                if given := given_names(c.key.split()):
                    votes[FIRST + given[0]] = ""
        for cluster, g in coref.gender.items():
            c = ents.clusters[cluster]
            first = given_names(c.key.split())[:1]
            if c.type == "PERSON" and first and len(first[0]) > 1 and first[0].isalpha():
                votes[first[0]] = g
        out.append(votes)
    return out


def fit(votes: list[dict[str, str]]) -> dict[str, str]:
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    as_surname: Counter[str] = Counter()
    as_first: Counter[str] = Counter()
    for article in votes:
        for name, g in article.items():
            if name.startswith(SURNAME):
                as_surname[name[len(SURNAME):]] += 1
            elif name.startswith(FIRST):
                as_first[name[len(FIRST):]] += 1
            else:
                counts[name][g] += 1
    table = {}
    for name, c in counts.items():
        g, n = c.most_common(1)[0]
        total = sum(c.values())
        if total >= MIN_ARTICLES and n / total >= MIN_SHARE and as_surname[name] <= as_first[name]:
            table[name] = g
    return dict(sorted(table.items()))


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("command", choices=["train"])
    ap.add_argument("--write", action="store_true", help=f"write the table to {NAME_GENDER_PATH}")
    ap.add_argument("--votes", type=Path, help="cache of the per-article votes (read when present, else written)")
    args = ap.parse_args(argv)
    need(TRAIN)
    paths = sorted(TRAIN.glob("*.txt"))
    if args.votes and args.votes.exists():
        votes = json.loads(args.votes.read_text(encoding="utf-8"))
    else:
        votes = article_votes(paths)
        if args.votes:
            args.votes.write_text(json.dumps(votes), encoding="utf-8")
    held = [v for i, v in enumerate(votes) if i % HELD_EVERY == 0]
    table = fit([v for i, v in enumerate(votes) if i % HELD_EVERY])
    held = [{n: g for n, g in v.items() if not n.startswith((SURNAME, FIRST))} for v in held]
    checked = [(table[n], g) for v in held for n, g in v.items() if n in table]
    right = sum(a == b for a, b in checked)
    print(f"held-back fifth: {right}/{len(checked)} person-article genders agree with the table "
          f"({right / len(checked):.3f}); {sum(n in table for v in held for n in v)} of "
          f"{sum(len(v) for v in held)} first names covered")
    full = fit(votes)
    print(f"table fitted on all of train: {len(full)} names "
          f"({sum(g == 'f' for g in full.values())} women's, {sum(g == 'm' for g in full.values())} men's)")
    if args.write:
        NAME_GENDER_PATH.write_text(json.dumps({
            "about": "first names and the gender PolNeAR train articles give their persons (python -m quality.name_gender train --write)",
            "min_articles": MIN_ARTICLES, "min_share": MIN_SHARE, "names": full}, indent=0) + "\n", encoding="utf-8")
        print(f"written {NAME_GENDER_PATH}")


if __name__ == "__main__":
    main()
