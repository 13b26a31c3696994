"""Link the in-article entities into corpus entities, incrementally.

A new article's local entities (already resolved inside the article: surnames, titles, role nouns)
are linked against an index of the entities linked before (``entity_keys``: blocking keys → entity),
never by re-linking the corpus. Only the entities whose keys a new article's names share are read
(one query per article), with the stories of their articles; whether two entities were named
together is asked of the store only when a decision needs that context.

Rules, from name structure and context only (no list of particular names):

- a person with a first name joins the entity with the same first name and surname (and suffix:
  "Donald Trump Jr." is not "Donald Trump"); a different first name is a different person;
- a one-letter misspelling of a long surname with the same first name joins when the context agrees
  (the same story, or enough entities named with it); so does a surname written alone;
- a bare surname ("Hutchinson", "Mr. Trump") joins the namesake its context points to, never one
  from an unrelated story — two people who share a surname stay apart;
- a first name alone ("his wife, Margaret") joins the one person of the same story so named, and
  that person's full name, arriving later, joins it;
- organisations and places join on the same name, with accents, case, dots and hyphens ignored
  ("Wal-Mart" / "Walmart", "N.R.A." / "NRA"), and an acronym joins the name whose initials it is
  ("NRA" / "National Rifle Association").
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from rapidfuzz.distance import Levenshtein

from storyline.config import settings
from storyline.names import given_names, initials, is_acronym, name_key, name_tokens, org_key, surname_of

PLACE_TYPES = {"GPE", "LOC", "FAC"}
# Lowercase words that may sit inside a name ("Ludwig van Beethoven", "Osama bin Laden").
NAME_PARTICLES = {"van", "von", "de", "da", "del", "der", "den", "di", "du", "la", "le", "bin", "al", "ibn", "y"}


@dataclass(frozen=True)
class LinkRules:
    """The settings linking reads (``config.Settings``)."""

    #: shortest bare surname whose one-letter misspelling may still be the same person's (a full name,
    #: guarded by its first name, may be one letter shorter)
    misspelled_len: int = 5
    #: entities two mentions must share (outside a shared story) for the context to agree
    context_neighbours: int = 2

    @classmethod
    def from_settings(cls) -> LinkRules:
        s = settings()
        return cls(s.link_misspelled_surname_len, s.link_context_neighbours)


@dataclass(frozen=True)
class LocalRow:
    """One in-article entity to link."""

    article_id: str
    idx: int
    name: str
    type: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class LinkedEntity:
    """A corpus entity as a linking run leaves it (written back to the store)."""

    id: str
    name: str
    type: str
    aliases: list[str]
    members: list[tuple[str, int]]  # (article_id, local idx) linked to it in this run


@dataclass
class _Entity:
    """A corpus entity while linking: its names, index keys and context."""

    id: str
    name: str
    type: str
    aliases: list[str]
    keys: set[str] = field(default_factory=set)
    stories: set[str] = field(default_factory=set)
    neighbours: set[str] = field(default_factory=set)
    articles: int = 0
    members: list[tuple[str, int]] = field(default_factory=list)
    stored_keys: set[str] = field(default_factory=set)  # keys the store already holds
    stored: bool = False  # read from the store: its stored articles hold more context
    touched: bool = False

    @property
    def group(self) -> str:
        return _group(self.type)

    def full_names(self) -> list[list[str]]:
        return [k[4:].split() for k in self.keys if k.startswith("p:n:")]

    def surnames(self) -> set[tuple[str, str]]:
        out = set()
        for k in self.keys:
            if k.startswith("p:s:"):
                surname, _, suffix = k[4:].partition("|")
                out.add((surname, suffix))
        return out


def _group(type_: str) -> str:
    return "PLACE" if type_ in PLACE_TYPES else type_


def _same_person(known: list[str], tokens: list[str]) -> bool:
    """Two full names (tokens) of one person: same first name and surname (and suffix), or one is
    the other without its first name(s) ("Peña Nieto" / "Enrique Peña Nieto")."""
    if surname_of(known) != surname_of(tokens):
        return False
    shorter, longer = sorted((known, tokens), key=len)
    return given_names(known)[:1] == given_names(tokens)[:1] or longer[-len(shorter):] == shorter


def _deletions(word: str) -> set[str]:
    """The word and every form with one letter dropped: two words one edit apart share one."""
    return {word} | {word[:i] + word[i + 1:] for i in range(len(word))}


def _is_name(surface: str) -> bool:
    """A surface that is a name (not a description such as 'the governor')."""
    words = surface.split()
    return bool(words) and words[0][:1].isupper() and words[0].lower() != "the" \
        and all(w[:1].isupper() or w.lower() in NAME_PARTICLES or not w[:1].isalpha() for w in words)


def row_keys(row: LocalRow, rules: LinkRules) -> set[str]:
    """The index keys an entity holds once this row is linked to it."""
    keys: set[str] = set()
    forms = [row.name] + [a for a in row.aliases if _is_name(a)]
    if row.type == "PERSON":
        for form in forms:
            tokens = name_tokens(form)
            if not tokens:
                continue
            surname, suffix = surname_of(tokens)
            keys.add(f"p:s:{surname}|{suffix}")
            if given_names(tokens):
                keys.add(f"p:n:{' '.join(tokens)}")
                keys.add(f"p:g:{given_names(tokens)[0]}")
            if len(surname) >= rules.misspelled_len - 1:
                keys.update(f"p:d:{d}" for d in _deletions(surname))
        return keys
    for form in forms:
        if key := org_key(form):
            keys.add(f"o:k:{key}")
            if is_acronym(form):
                keys.add(f"o:a:{key}")
            keys.update(f"o:i:{a}" for a in initials(form))
    return keys


class EntityIndex:
    """The entities linked so far, read from the store by blocking key on first need (``fetch``),
    then kept in memory with the ones this run creates."""

    def __init__(self, fetch: Callable[[list[str]], list[dict]] | None = None,
                 shared: Callable[[str, list[str]], set[str]] | None = None):
        self._fetch = fetch
        self._shared = shared
        self._fetched: set[str] = set()
        self.entities: dict[str, _Entity] = {}
        self.by_key: dict[str, set[str]] = {}

    def add(self, entity: _Entity) -> None:
        self.entities[entity.id] = entity
        for k in entity.keys:
            self.by_key.setdefault(k, set()).add(entity.id)

    def add_keys(self, entity: _Entity, keys: Iterable[str]) -> None:
        for k in keys:
            entity.keys.add(k)
            self.by_key.setdefault(k, set()).add(entity.id)

    def lookup(self, keys: Iterable[str]) -> list[_Entity]:
        keys = set(keys)
        todo = sorted(keys - self._fetched)
        if todo and self._fetch is not None:
            for r in self._fetch(todo):
                if r["id"] not in self.entities:
                    self.add(_Entity(r["id"], r["name"], r["type"], list(r["aliases"]), set(r["keys"]),
                                     set(r["stories"]), set(), r["articles"], stored_keys=set(r["keys"]), stored=True))
        self._fetched |= keys
        ids = set().union(*(self.by_key.get(k, set()) for k in keys)) if keys else set()
        return [self.entities[i] for i in sorted(ids)]

    def neighbours(self, entity: _Entity, among: set[str]) -> set[str]:
        """Which of ``among`` are named together with ``entity``: in this run, and in the store."""
        found = entity.neighbours & among
        if entity.stored and self._shared is not None and among - found:
            found |= self._shared(entity.id, sorted(among - found))
        return found


class Linker:
    """Links articles one after another against an ``EntityIndex``."""

    def __init__(self, index: EntityIndex, rules: LinkRules | None = None):
        self.index = index
        self.rules = rules or LinkRules()

    # -------------------------------------------------------------- context
    def _context(self, e: _Entity, story: str | None, linked: set[str]) -> int:
        """How strongly an article's context points at an entity: 0 (not at all) or more."""
        if story is not None and story in e.stories:
            return 100 + len(e.neighbours & linked)
        shared = len(self.index.neighbours(e, linked - {e.id}))
        return shared if shared >= self.rules.context_neighbours else 0

    # -------------------------------------------------------------- decisions
    def _lookup_keys(self, row: LocalRow) -> set[str]:
        """The index keys that find a row's candidates."""
        if row.type == "PERSON":
            tokens = name_tokens(row.name)
            if not tokens:
                return set()
            surname, suffix = surname_of(tokens)
            keys = {f"p:s:{surname}|{suffix}"}
            if len(tokens) == 1:  # maybe a first name alone
                keys.add(f"p:g:{surname}")
            elif given_names(tokens):  # a first name known alone so far
                keys.add(f"p:s:{given_names(tokens)[0]}|")
            # a full name's first name guards a misspelt surname one letter shorter than a bare one needs
            if len(surname) >= self._spell_len(tokens):
                keys |= {f"p:d:{d}" for d in _deletions(surname)}
            return keys
        key = org_key(row.name)
        if not key:
            return set()
        # "NRA": the name whose initials it is; "National Rifle Association": its acronym
        wanted = {f"o:i:{key}"} if is_acronym(row.name) else {f"o:a:{a}" for a in initials(row.name)}
        return {f"o:k:{key}"} | wanted

    def _spell_len(self, tokens: list[str]) -> int:
        return self.rules.misspelled_len - 1 if given_names(tokens) else self.rules.misspelled_len

    def _person(self, row: LocalRow, story: str | None, linked: set[str], taken: set[str]) -> _Entity | None:
        tokens = name_tokens(row.name)
        if not tokens:
            return None
        surname, suffix = surname_of(tokens)
        given = given_names(tokens)
        spell_len = self._spell_len(tokens)
        cands = [e for e in self.index.lookup(self._lookup_keys(row)) if e.type == "PERSON" and e.id not in taken]
        same, near, bare = [], [], []
        for e in cands:
            names = e.full_names()
            exact_surname = (surname, suffix) in e.surnames()
            if given and exact_surname and any(_same_person(n, tokens) for n in names):
                same.append(e)
            elif given and names and not exact_surname and any(
                    given_names(n)[:1] == given[:1] and surname_of(n)[1] == suffix and len(surname_of(n)[0]) >= spell_len
                    and Levenshtein.distance(surname_of(n)[0], surname) <= 1 for n in names):
                near.append(e)  # a misspelt surname, same first name: the context decides
            elif exact_surname and not (given and names):
                bare.append(e)  # a bare surname, or a full name against an entity known by its surname only
            elif not given and len(surname) >= spell_len and any(
                    sf == suffix and len(s) >= spell_len and Levenshtein.distance(s, surname) <= 1 for s, sf in e.surnames()):
                near.append(e)
        if same:
            return same[0] if len(same) == 1 else max(same, key=lambda e: (self._context(e, story, linked), e.articles))
        if given and not (near or bare):  # "Margaret Hunter" after "his wife, Margaret" in the same story
            alone = [e for e in cands if not e.full_names() and e.surnames() == {(given[0], "")}
                     and story is not None and story in e.stories]
            if len(alone) == 1:
                return alone[0]
        if near or bare or len(tokens) > 1:
            return self._by_context(near + bare, story, linked)
        # a first name alone ("his wife, Margaret"): the one person of the same story with that first name
        first = [e for e in cands if any(given_names(n)[:1] == tokens for n in e.full_names())
                 and story is not None and story in e.stories]
        return first[0] if len(first) == 1 else None

    def _org(self, row: LocalRow, story: str | None, linked: set[str], taken: set[str]) -> _Entity | None:
        key = org_key(row.name)
        if not key:
            return None
        group = _group(row.type)
        exact = [e for e in self.index.lookup({f"o:k:{key}"}) if e.id not in taken and e.group != "PERSON"
                 and (e.group == group or {e.group, group} <= {"ORG", "PLACE"})]
        if len(exact) == 1:
            return exact[0]
        if exact:
            return max(exact, key=lambda e: (e.group == group, self._context(e, story, linked), e.articles))
        wanted = self._lookup_keys(row) - {f"o:k:{key}"}
        cands = [e for e in self.index.lookup(wanted) if e.id not in taken and e.group == "ORG"] if wanted else []
        if not is_acronym(row.name):  # an acronym known with another full name is another organisation's
            cands = [e for e in cands if not any(k.startswith("o:k:") and " " in k for k in e.keys)]
        if len(cands) == 1:
            return cands[0]
        return self._by_context(cands, story, linked)

    def _by_context(self, cands: list[_Entity], story: str | None, linked: set[str]) -> _Entity | None:
        """The one candidate the context points to most, if any does and no other ties it."""
        scored = sorted(((self._context(e, story, linked), e.articles, e.id) for e in cands), reverse=True)
        if not scored or scored[0][0] == 0 or (len(scored) > 1 and scored[1][0] == scored[0][0]):
            return None
        return self.index.entities[scored[0][2]]

    # -------------------------------------------------------------- linking
    def link_article(self, article_id: str, story: str | None, rows: list[LocalRow]) -> list[tuple[LocalRow, str]]:
        """Link one article's entities: names that identify on their own first, bare surnames after,
        with the first ones as context. Two entities of one article never join one corpus entity."""
        taken: set[str] = set()  # corpus entities this article already holds
        linked: set[str] = set()
        out: list[tuple[LocalRow, str]] = []

        def bare(r: LocalRow) -> bool:
            return r.type == "PERSON" and not given_names(name_tokens(r.name))

        self.index.lookup(set().union(*(self._lookup_keys(r) for r in rows)) if rows else set())  # one read

        for row in sorted(rows, key=lambda r: (bare(r), r.idx)):
            found = self._person(row, story, linked, taken) if row.type == "PERSON" \
                else self._org(row, story, linked, taken)
            entity = found or self._new(row)
            self._join(entity, row, story, linked)
            taken.add(entity.id)
            linked.add(entity.id)
            out.append((row, entity.id))
        for _, eid in out:  # co-occurrence, for articles linked later
            self.index.entities[eid].neighbours |= linked - {eid}
        return out

    def _new(self, row: LocalRow) -> _Entity:
        key = f"{_group(row.type)}|{name_key(row.name, row.type)}|{row.article_id}|{row.idx}"
        entity = _Entity(hashlib.sha1(key.encode()).hexdigest()[:12], row.name, row.type, [])
        self.index.add(entity)
        return entity

    def _join(self, entity: _Entity, row: LocalRow, story: str | None, linked: set[str]) -> None:
        if entity.type == "PERSON" and not given_names(name_tokens(entity.name)) and given_names(name_tokens(row.name)):
            entity.name = row.name  # a full name replaces a bare surname
        for a in (row.name, *row.aliases):
            if a not in entity.aliases:
                entity.aliases.append(a)
        self.index.add_keys(entity, row_keys(row, self.rules))
        if story is not None:
            entity.stories.add(story)
        entity.articles += 1
        entity.members.append((row.article_id, row.idx))
        entity.touched = True


def link_entities(rows: Iterable[dict], rules: LinkRules | None = None) -> list[LinkedEntity]:
    """Link local entities (dicts: article_id, idx, name, type, aliases, optional story) from scratch,
    article by article in the order given: what a fresh corpus gets, without a store."""
    linker = Linker(EntityIndex(), rules)
    articles: dict[str, tuple[str | None, list[LocalRow]]] = {}
    for r in rows:
        story, group = articles.setdefault(r["article_id"], (r.get("story"), []))
        group.append(LocalRow(r["article_id"], r["idx"], r["name"], r["type"], tuple(r.get("aliases", ()))))
    for aid, (story, group) in articles.items():
        linker.link_article(aid, story, group)
    return [LinkedEntity(e.id, e.name, e.type, e.aliases, e.members) for e in linker.index.entities.values()]


def link_store(store, rules: LinkRules | None = None) -> int:
    """Link every stored local entity not linked yet, against the store's index; returns how many."""
    linker = Linker(EntityIndex(store.entities_by_keys, store.shared_neighbours), rules or LinkRules.from_settings())
    links: list[tuple[str, int, str]] = []
    for art in store.unlinked_articles():
        rows = [LocalRow(art["id"], e["idx"], e["name"], e["type"], tuple(e["aliases"])) for e in art["entities"]]
        links += [(row.article_id, row.idx, eid) for row, eid in linker.link_article(art["id"], art["story"], rows)]
    touched = [e for e in linker.index.entities.values() if e.touched]
    store.write_links([dict(id=e.id, name=e.name, type=e.type, aliases=e.aliases) for e in touched],
                      [(k, e.id) for e in touched for k in e.keys - e.stored_keys], links)
    return len(links)
