"""A generated corpus of news-like articles: varied words (invented names, places, numbers), quotes,
time expressions and page furniture, so neither the parser nor the encoder can lean on caching."""
from __future__ import annotations

import json
import random
from pathlib import Path

SYL = ["ka", "lo", "mi", "ra", "ven", "dor", "tel", "sa", "ni", "gor", "bel", "ar", "is", "un", "pe", "tro", "la",
       "zen", "mar", "ko", "di", "ber", "han", "el", "os", "vi", "ta", "ren", "ul", "fa"]
NOUNS = ["workers", "residents", "ships", "homes", "soldiers", "students", "trucks", "farms", "villages", "bridges",
         "schools", "clinics", "flights", "votes", "protesters", "tonnes of grain", "kilometres of road", "jobs"]
VERBS = ["damaged", "evacuated", "inspected", "closed", "rebuilt", "counted", "delayed", "approved", "blocked",
         "reopened", "destroyed", "registered", "rescued", "funded", "cancelled"]
ROLES = ["minister", "mayor", "spokesperson", "governor", "commander", "director", "senator", "chief"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
QUAL = ["more than ", "about ", "at least ", "", "", "nearly "]
FURNITURE = ["Subscribe to our newsletter", "Support independent journalism — become a member today.",
             "Read more: the week in review", "© 2025 {outlet}. All rights reserved.", "Share this article"]


def word(rng: random.Random, n: int = 2) -> str:
    return "".join(rng.choice(SYL) for _ in range(n))


def name(rng: random.Random) -> str:
    return f"{word(rng).capitalize()} {word(rng, 3).capitalize()}"


def article(rng: random.Random, i: int) -> dict:
    place, outlet = word(rng, 3).capitalize(), f"The {word(rng).capitalize()} {rng.choice(['Post', 'Times', 'Herald'])}"
    people = [name(rng) for _ in range(3)]
    paras = []
    for _ in range(rng.randint(12, 20)):
        p = people[rng.randrange(3)]
        kind = rng.randrange(4)
        if kind == 0:
            paras.append(f"{rng.choice(QUAL).capitalize() or 'Some '}{rng.randint(2, 9000):,} {rng.choice(NOUNS)} were "
                         f"{rng.choice(VERBS)} in {place} on {rng.choice(DAYS)}, {rng.choice(ROLES)} {p} said.")
        elif kind == 1:
            paras.append(f"\"We have {rng.choice(VERBS)} the {word(rng, 3)} {rng.choice(NOUNS)} and we will not "
                         f"stop until {word(rng, 2)} is safe,\" {p} told reporters in {place}.")
        elif kind == 2:
            paras.append(f"The {word(rng, 2)} council {rng.choice(VERBS)} a plan worth {rng.randint(2, 90)} million "
                         f"after {rng.choice(ROLES)}s in {word(rng, 3).capitalize()} raised concerns last "
                         f"{rng.choice(['week', 'month', 'year'])}. According to {p}, the {word(rng, 2)} "
                         f"programme will {rng.choice(['expand', 'shrink', 'pause'])} in {rng.choice(DAYS)}'s vote.")
        else:
            paras.append(f"{p}, who leads the {word(rng, 3).capitalize()} {rng.choice(['Group', 'Office', 'Agency'])}, "
                         f"warned that {rng.randint(2, 60)} percent of {rng.choice(NOUNS)} could be "
                         f"{rng.choice(VERBS)} before {rng.choice(DAYS)}.")
    lines = [rng.choice(FURNITURE).format(outlet=outlet), "", f"{place} {rng.choice(VERBS)} {rng.choice(NOUNS)}", ""]
    for p in paras:
        lines += [p, ""]
    lines += [rng.choice(FURNITURE).format(outlet=outlet), f"© 2025 {outlet}. All rights reserved."]
    return {"text": "\n".join(lines), "url": f"https://example.org/{i}", "published": f"2025-0{1 + i % 9}-1{i % 9}"}


def write(path: Path, n: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    recs = [article(rng, i) for i in range(n)]
    with path.open("w") as fh:
        for r in recs:
            fh.write(json.dumps(r) + "\n")
    return [r["text"] for r in recs]


def story_article(rng: random.Random, i: int, scene: dict) -> dict:
    """One report of the one developing story of ``scene``: the same place, people and event told
    by many outlets over days, its toll rising, each report with paragraphs of its own."""
    outlet = f"The {word(rng).capitalize()} {rng.choice(['Post', 'Times', 'Herald', 'Wire'])}"
    toll = scene["toll"] + i // 25
    day = 1 + i // 40
    lead = rng.choice([
        f"At least {toll} people were killed when the {scene['ship']} ferry capsized off {scene['place']} "
        f"on Tuesday, {scene['role']} {scene['person']} said.",
        f"The death toll from the capsizing of the ferry {scene['ship']} off {scene['place']} rose to {toll} "
        f"on day {day} of the search, officials said.",
        f"{toll} people are now known to have died after the {scene['ship']} overturned off {scene['place']}, "
        f"according to {scene['person']}."])
    paras = [lead,
             f"Rescuers from {scene['place']} and {scene['town']} pulled {rng.randint(20, 90)} survivors from the "
             f"water, {scene['person']} told reporters.",
             f"\"We will search until every passenger of the {scene['ship']} is found,\" said {scene['other']}, "
             f"who leads the {scene['place']} coast guard."]
    body = article(rng, i)["text"].split("\n")[4:-4]  # a generated article's own paragraphs, no furniture
    paras += [p for p in body if p][:rng.randint(3, 8)]
    lines = [f"{scene['ship']} ferry disaster off {scene['place']}", ""] + [x for p in paras for x in (p, "")]
    return {"text": "\n".join(lines), "url": f"https://example.org/story/{i}", "outlet": outlet,
            "published": f"2025-03-{day:02d}T{(i * 7) % 24:02d}:{(i * 13) % 60:02d}:00"}


def write_story(path: Path, n: int, seed: int = 5) -> None:
    """``n`` reports of one developing story (``story_article``), in publication order."""
    rng = random.Random(seed)
    scene = {"place": word(rng, 3).capitalize(), "town": word(rng, 3).capitalize(), "ship": word(rng, 3).capitalize(),
             "person": name(rng), "other": name(rng), "role": rng.choice(ROLES), "toll": rng.randint(8, 30)}
    with path.open("w") as fh:
        for i in range(n):
            fh.write(json.dumps(story_article(rng, i, scene)) + "\n")
