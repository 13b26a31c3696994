"""Link the in-article entities of the whole corpus into corpus entities.

Rules from name structure: the same name without titles and initials is the same entity; a bare
surname joins the one full name in the corpus that ends with it (never when two people share it);
the same first name with a one-letter difference in a long surname is a misspelling of the same
person. The canonical name is the most common full form, every surface form an alias.
"""
from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from rapidfuzz.distance import Levenshtein

from storyline.analyze.entities import name_key, name_tokens

PLACE_TYPES = {"GPE", "LOC", "FAC"}


@dataclass
class LinkedEntity:
    id: str
    name: str
    type: str
    aliases: list[str]
    members: list[tuple[str, int]] = field(default_factory=list)  # (article_id, local idx)


class _UF:
    def __init__(self, n: int):
        self.parent = list(range(n))

    def find(self, x: int) -> int:
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _type_group(t: str) -> str:
    return "PLACE" if t in PLACE_TYPES else t


def _canonical(names: list[str], type_: str) -> str:
    counts = Counter(names)
    if type_ == "PERSON":
        full = [n for n in counts if len(name_tokens(n)) >= 2] or list(counts)
        # most common full form; then the one without middle initials; then the longest
        return max(full, key=lambda n: (counts[n], len(name_tokens(n)) == len(n.split()), len(n)))
    return max(counts, key=lambda n: (counts[n], -len(n)))


def link_entities(rows: Iterable[dict]) -> list[LinkedEntity]:
    """rows: local entities with article_id, idx, name, type, aliases → linked corpus entities."""
    rows = list(rows)
    uf = _UF(len(rows))
    by_key: dict[tuple[str, str], int] = {}
    for i, r in enumerate(rows):
        k = (_type_group(r["type"]), name_key(r["name"], r["type"]))
        if k in by_key:
            uf.union(by_key[k], i)
        else:
            by_key[k] = i
    persons = [(i, name_tokens(r["name"])) for i, r in enumerate(rows) if r["type"] == "PERSON"]
    full = [(i, t) for i, t in persons if len(t) >= 2]
    # misspellings: same first name, one edit in a surname of 4+ letters
    for a in range(len(full)):
        for b in range(a + 1, len(full)):
            (i, ta), (j, tb) = full[a], full[b]
            if ta[0] == tb[0] and ta[-1] != tb[-1] and min(len(ta[-1]), len(tb[-1])) >= 4 \
                    and Levenshtein.distance(ta[-1], tb[-1]) <= 1:
                uf.union(i, j)
    # bare surnames join the single full-name entity that carries them
    surname_groups: dict[str, set[int]] = defaultdict(set)
    for i, t in full:
        surname_groups[t[-1]].add(uf.find(i))
    for i, t in persons:
        if len(t) == 1 and len(surname_groups.get(t[0], ())) == 1:
            uf.union(i, next(iter(surname_groups[t[0]])))
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(rows)):
        groups[uf.find(i)].append(i)
    out = []
    for members in groups.values():
        types = Counter(rows[i]["type"] for i in members)
        type_ = types.most_common(1)[0][0]
        canonical = _canonical([rows[i]["name"] for i in members], type_)
        aliases: list[str] = []
        for i in members:
            for a in [rows[i]["name"], *rows[i]["aliases"]]:
                if a not in aliases:
                    aliases.append(a)
        key = f"{_type_group(type_)}|{name_key(canonical, type_)}"
        eid = hashlib.sha1(key.encode()).hexdigest()[:12]
        out.append(LinkedEntity(eid, canonical, type_, aliases, [(rows[i]["article_id"], rows[i]["idx"]) for i in members]))
    out.sort(key=lambda e: (e.type, e.name))
    return out
