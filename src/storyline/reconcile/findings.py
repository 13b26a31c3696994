"""What the outlets of one story say to each other: pure functions over stored analysis.

Conflicts must be rare and right — a false conflict costs more trust than a missed one — so a
conflict needs the same event (same predicate, shared participants, similar sentences) with
incompatible days, or an explicit refutation of an attributed claim. Numbers that differ but can
both be true ("more than 400" / "430") are *compatible*, never conflicts. Syndicated copies
count as one source and never make an agreement on their own.
"""
from __future__ import annotations

import bisect
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, cast

import numpy as np
from datasketch import MinHash

STOP = {
    "a", "an", "the", "and", "or", "but", "of", "to", "in", "on", "at", "for", "with", "by", "from", "as", "that",
    "this", "these", "those", "is", "are", "was", "were", "be", "been", "being", "it", "its", "he", "she", "they",
    "them", "his", "her", "their", "we", "our", "you", "your", "i", "me", "my", "not", "no", "nor", "so", "if",
    "then", "than", "there", "here", "which", "who", "whom", "whose", "what", "when", "where", "why", "how", "all",
    "any", "both", "each", "few", "more", "most", "other", "some", "such", "only", "own", "same", "too", "very",
    "can", "will", "just", "should", "now", "also", "would", "could", "may", "might", "must", "do", "does", "did",
    "has", "have", "had", "into", "about", "over", "after", "before", "under", "again", "further", "once", "said",
    "says", "say", "told",
}
SPEECH = {"say", "tell", "add", "state", "remark", "claim", "announce", "write", "post", "report", "note",
          "be", "have", "do", "make", "come", "go", "get", "expect", "express", "call", "ask", "urge"}
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
REFUTE = re.compile(r"\b(refut|den(y|ied|ies)|reject|dismiss|disput|contradict|rebut)\w*", re.I)
# What a refutation refutes must point back at a claim just made ("denied these claims", "there is
# no evidence", "the report was false"), not at any claim ("disputed the allegations", "denied
# the claims in the article": on real news those answer claims reported elsewhere or earlier).
REFUTED_OBJECT = re.compile(r"\b(these|those|such|this|that)\s+(claims?|reports?|allegations?|assertions?|"
                            r"statements?|accounts?|remarks?|comments?)\b|\bno\s+(threat|evidence|sign|truth)\b|"
                            r"\b(is|was|are|were|as)\s+(\w+\s+)?(false|untrue|not true)\b", re.I)

AGREE_COS = 0.75  # two clauses from independent outlets state the same thing
RESTATED_COS = 0.62  # a sentence restated elsewhere is not exclusive
VARIANT_COS = 0.62
EVENT_COS = 0.45
#: Two reports of an event's day conflict only when published this close (days); further apart,
#: "met on Sunday" and "met on Thursday evening" are two meetings, not two accounts of one.
EVENT_REPORT_DAYS = 2
#: A number right after "No." / "#" / "number" is a rank ("the No. 2 position"), not a quantity.
RANK_BEFORE = re.compile(r"(?:\bNo\.|#|\b[Nn]umber)\s*$")


@dataclass
class Clause:
    start: int
    end: int
    text: str
    vec: np.ndarray | None = None


@dataclass
class Sent:
    article: str
    idx: int
    start: int
    end: int
    text: str
    vec: np.ndarray
    entities: set[str] = field(default_factory=set)  # corpus entity ids mentioned in the sentence
    clauses: list[Clause] = field(default_factory=list)


CLAUSE_BREAK = re.compile(r"[,;:()\[\]—–]|\s-\s|\b(?:while|whereas|but|although|though|because|as well as)\b")


def clause_spans(text: str, offset: int = 0, min_words: int = 3) -> list[Clause]:
    """Comma- and conjunction-delimited pieces of a sentence with at least ``min_words`` content words:
    the unit in which outlets restate a fact inside otherwise different sentences. ``offset`` is
    where ``text`` starts in the body. Pure, so ingest (which embeds them) and reconcile agree."""
    pieces, last = [], 0
    for m in CLAUSE_BREAK.finditer(text):
        pieces.append((last, m.start()))
        last = m.end()
    pieces.append((last, len(text)))
    out: list[Clause] = []
    pending: tuple[int, int] | None = None
    for a, b in pieces:
        if pending is not None:
            a = pending[0]
        seg = text[a:b]
        if len(words(seg)) < min_words:
            pending = (a, b)
            continue
        pending = None
        lead = len(seg) - len(seg.lstrip())
        piece = seg.strip()
        out.append(Clause(offset + a + lead, offset + a + lead + len(piece), piece))
    if pending is not None and out:
        prev = out[-1]
        piece = text[prev.start - offset:pending[1]].strip()
        out[-1] = Clause(prev.start, prev.start + len(piece), piece)
    return out


def clauses(s: Sent, min_words: int = 3) -> list[Clause]:
    return clause_spans(s.text, s.start, min_words)


@dataclass
class Article:
    id: str
    outlet: str | None
    title: str | None
    published: str | None
    body: str
    sentences: list[Sent]
    quotes: list[dict]
    claims: list[dict]
    time_refs: list[dict]
    names: dict[str, str] = field(default_factory=dict)  # entity id → name as this article gives it
    group: int = 0  # syndication group: copies of one text share it
    source: int = 0  # independent source: one outlet's articles and every copy of one wire text share it
    quote_vecs: np.ndarray | None = None  # one row per quote, as stored at ingest
    _starts: list[int] = field(default_factory=list, repr=False)

    def sent_at(self, char: int) -> Sent | None:
        """The sentence holding ``char`` (or ending just before it): a bisection, as large stories
        ask this for every pair of claims."""
        if len(self._starts) != len(self.sentences):
            self._starts = [x.start for x in self.sentences]
        i = bisect.bisect_right(self._starts, char) - 1
        for j in (i - 1, i):
            if 0 <= j < len(self.sentences) and self.sentences[j].start <= char < self.sentences[j].end + 1:
                return self.sentences[j]
        return None


def words(text: str) -> list[str]:
    return [w for w in re.findall(r"[a-z0-9]+", text.lower().replace("’", "'")) if w not in STOP]


def _fid(kind: str, parts: Iterable[Any]) -> str:
    return kind[:2] + hashlib.sha1((kind + "|" + "|".join(map(str, parts))).encode()).hexdigest()[:14]


def _ev(art: Article, start: int, end: int) -> dict:
    return {"article": art.id, "start": start, "end": end, "text": art.body[start:end]}


def _sent_ev(s: Sent) -> dict:
    return {"article": s.article, "start": s.start, "end": s.end, "text": s.text}


# ---------------------------------------------------------------- syndication
def syndication_groups(arts: list[Article], threshold: float = 0.7) -> list[list[Article]]:
    """Near-duplicate texts (MinHash over word 5-shingles) are one source; sets ``Article.group``,
    and ``Article.source``: copies of one text and the articles of one outlet are never independent
    (one outlet's own pages neither corroborate nor contradict each other)."""
    hashes = []
    for a in arts:
        toks = re.findall(r"\w+", a.body.lower())
        m = MinHash(num_perm=128, seed=7)
        for i in range(max(1, len(toks) - 4)):
            m.update(" ".join(toks[i:i + 5]).encode())
        hashes.append(m)
    parent = list(range(len(arts)))

    def find(x: int) -> int:
        while parent[x] != x:
            x = parent[x]
        return x

    for i in range(len(arts)):
        for j in range(i + 1, len(arts)):
            if hashes[i].jaccard(hashes[j]) >= threshold:
                parent[find(j)] = find(i)
    groups: dict[int, list[Article]] = {}
    for i, a in enumerate(arts):
        a.group = find(i)
        groups.setdefault(a.group, []).append(a)
    first_of_outlet: dict[str, int] = {}
    for i, a in enumerate(arts):
        if a.outlet:
            key = a.outlet.strip().lower()
            parent[find(i)] = find(first_of_outlet.setdefault(key, i))
    for i, a in enumerate(arts):
        a.source = find(i)
    return list(groups.values())


# ---------------------------------------------------------------- quote variants
def quote_variants(arts: list[Article], quote_vecs: dict[tuple[str, int], np.ndarray]) -> list[dict]:
    items = [(a, i, q) for a in arts for i, q in enumerate(a.quotes) if len(q["text"].split()) >= 3]
    parent = {(a.id, i): (a.id, i) for a, i, _ in items}

    def find(x):
        while parent[x] != x:
            x = parent[x]
        return x

    for x in range(len(items)):
        for y in range(x + 1, len(items)):
            (a, i, q), (b, j, r) = items[x], items[y]
            if a.source == b.source:
                continue
            sa, sb = q.get("speaker_entity"), r.get("speaker_entity")
            same_speaker = sa is not None and sa == sb
            if sa and sb and sa != sb:
                continue
            wa, wb = set(words(q["text"])), set(words(r["text"]))
            overlap = len(wa & wb)
            contain = overlap / max(1, min(len(wa), len(wb)))
            cos = float(quote_vecs[(a.id, i)] @ quote_vecs[(b.id, j)])
            strong = contain >= 0.75 and overlap >= 3 or cos >= 0.85
            loose = (contain >= 0.75 and overlap >= 2) or (contain >= 0.5 and overlap >= 3) or cos >= VARIANT_COS
            if strong or (same_speaker and loose):
                parent[find((b.id, j))] = find((a.id, i))
    groups: dict = {}
    for a, i, q in items:
        groups.setdefault(find((a.id, i)), []).append((a, i, q))
    out = []
    for members in groups.values():
        if len({a.source for a, _, _ in members}) < 2:
            continue
        members.sort(key=lambda m: (m[0].id, m[1]))
        vocab = [set(words(q["text"])) for _, _, q in members]
        common = set.intersection(*vocab)
        speaker = next((q["speaker"] for _, _, q in members if q.get("speaker")), None)
        out.append({
            "id": _fid("variant", [(a.id, i) for a, i, _ in members]),
            "kind": "variant",
            "about": f"{speaker or 'Unattributed'}: “{members[0][2]['text'][:80]}”",
            "detail": {"speaker": speaker, "differs": [sorted(v - common) for v in vocab]},
            "evidence": [_ev(a, q["start"], q["end"]) for a, _, q in members],
        })
    return out


# ---------------------------------------------------------------- numbers
APPROX = {"about", "some", "around", "nearly", "almost", "roughly", "approximately", "close to", "an estimated",
          "estimated"}


def _qkind(q: str | None) -> str:
    """Qualifiers that mean the same: 'about' and 'roughly' are both approximations."""
    q = (q or "").lower()
    return "approx" if q in APPROX else q


def _compatible(c1: dict, c2: dict) -> str | None:
    """'same', 'compatible' or None (incompatible) for two values of the same thing."""
    v1, v2 = c1["value"], c2["value"]
    if abs(v1 - v2) <= 0.005 * max(abs(v1), abs(v2)):
        q1, q2 = _qkind(c1["qualifier"]), _qkind(c2["qualifier"])
        return "same" if q1 == q2 or not (q1 and q2) else "compatible"

    if _fits(c1["qualifier"], v1, v2) or _fits(c2["qualifier"], v2, v1):
        return "compatible"
    return None


def _counted(c: dict) -> set[str]:
    """Stems of the counted thing, so 'cease-fire'/'ceasefire' and 'fuel'/'fuel oil' meet."""
    return {stem(w) for w in (c["counted"] or "").replace("-", "").split()}


def _claim_pairs(unit: str, claims: list[tuple[Article, dict, Sent, set[str]]]) -> list[tuple[int, int]]:
    """The pairs of one unit's claims that can be about the same thing, in the order a full double
    loop would meet them: pairs sharing a counted word, and pairs of bare figures (with a unit:
    all of them; without: only those of the same value). A story of hundreds of articles has
    thousands of claims; comparing every pair is what made it slow."""
    found: set[tuple[int, int]] = set()
    postings: dict[str, list[int]] = {}
    bare: list[int] = []
    for i, (_, c, _, stems) in enumerate(claims):
        for w in stems:
            postings.setdefault(w, []).append(i)
        if c["counted"] is None:
            bare.append(i)
    for ids in postings.values():
        found.update((x, y) for n, x in enumerate(ids) for y in ids[n + 1:])
    if unit:
        found.update((x, y) for n, x in enumerate(bare) for y in bare[n + 1:])
    else:  # a sweep over values: "same" means within 0.5 %
        order = sorted(bare, key=lambda i: claims[i][1]["value"])
        for n, x in enumerate(order):
            vx = claims[x][1]["value"]
            for y in order[n + 1:]:
                vy = claims[y][1]["value"]
                if abs(vy - vx) > 0.005 * max(abs(vx), abs(vy)):
                    break
                found.add((min(x, y), max(x, y)))
    return sorted(found)


def number_findings(arts: list[Article]) -> list[dict]:
    out: list[dict] = []
    agreed: dict[tuple[str, str], dict] = {}
    by_unit: dict[str, list[tuple[Article, dict, Sent, set[str]]]] = {}
    for a in arts:
        for c in a.claims:
            s = a.sent_at(c["start"]) if c["value"] is not None else None
            if s is not None and not RANK_BEFORE.search(a.body[max(0, c["start"] - 8):c["start"]]):
                by_unit.setdefault(c["unit"] or "", []).append((a, c, s, _counted(c)))
    seen = set()
    pairs = ((claims[x], claims[y]) for unit, claims in by_unit.items() for x, y in _claim_pairs(unit, claims))
    for (a, c1, s1, k1), (b, c2, s2, k2) in pairs:
        if a.source == b.source:
            continue
        both_bare = c1["counted"] is None and c2["counted"] is None
        same_counted = bool(k1 & k2)
        cos = float(s1.vec @ s2.vec)
        if cos < (0.35 if same_counted else 0.45):  # below every bar of same_thing
            continue
        rel = _compatible(c1, c2)
        same_thing = ((same_counted and cos >= 0.35)
                      or (both_bare and c1["unit"] and rel and cos >= 0.45)  # "more than 300 t" / "340 t"
                      or (both_bare and rel == "same" and cos >= 0.55))
        if not same_thing:
            continue
        key = (a.id, c1["start"], b.id, c2["start"])
        if key in seen:
            continue
        seen.add(key)
        what = " ".join(filter(None, [c1["unit"] if c1["unit"] not in {None, "%"} else None, c1["counted"]])) or "figure"
        ev = [_ev(a, s1.start, s1.end), _ev(b, s2.start, s2.end)]
        detail = {"values": [[c1["qualifier"], c1["value"]], [c2["qualifier"], c2["value"]]], "unit": c1["unit"]}
        if rel == "same":
            # one agreement per figure, with every outlet that gives it
            fig = (_fmt(c1), what)
            if fig in agreed:
                have = {(e["article"], e["start"]) for e in agreed[fig]["evidence"]}
                agreed[fig]["evidence"] += [e for e in ev if (e["article"], e["start"]) not in have]
            else:
                agreed[fig] = {"id": _fid("agreement", key), "kind": "agreement", "about": f"{fig[0]} {fig[1]}",
                               "detail": detail, "evidence": ev}
        elif rel == "compatible":
            out.append({"id": _fid("compatible", key), "kind": "compatible",
                        "about": f"{what}: {_fmt(c1)} vs {_fmt(c2)}", "detail": detail, "evidence": ev})
        elif cos >= 0.75 and same_counted and not c1["qualifier"] and not c2["qualifier"]:
            out.append({"id": _fid("conflict", key), "kind": "conflict",
                        "about": f"{what}: {_fmt(c1)} vs {_fmt(c2)}", "detail": detail, "evidence": ev})
    return out + list(agreed.values())


def _fmt(c: dict) -> str:
    v = c["value"]
    num = f"{v:,.0f}" if v == int(v) else f"{v:g}"
    unit = {"%": "%"}.get(c["unit"] or "", "")
    return " ".join(filter(None, [c["qualifier"] if c["qualifier"] not in {"thousands", "hundreds", "dozens"} else None,
                                  num + unit]))


# ---------------------------------------------------------------- events and days
def _day(t: dict) -> tuple[str | None, str | None]:
    """(ISO day or None, weekday name or None) of a day-precision or weekday time ref."""
    if t["precision"] == "day" and t["resolved"]:
        d = date.fromisoformat(t["resolved"][:10])
        return d.isoformat(), WEEKDAYS[d.weekday()]
    if t["precision"] == "weekday" and t["weekday"]:
        return None, t["weekday"].lower()
    return None, None


def _differ(t1: dict, t2: dict) -> bool | None:
    d1, w1 = _day(t1)
    d2, w2 = _day(t2)
    if d1 and d2:
        return d1 != d2
    if w1 and w2:
        return w1 != w2
    return None


def _days_apart(p1: str | None, p2: str | None) -> int:
    """Days between two publication dates (0 when either is unknown)."""
    if not p1 or not p2:
        return 0
    try:
        return abs((date.fromisoformat(p1[:10]) - date.fromisoformat(p2[:10])).days)
    except ValueError:
        return 0


def event_findings(arts: list[Article]) -> list[dict]:
    """Same event on different days → conflict; on the same day → agreement."""
    refs = []
    for a in arts:
        for t in a.time_refs:
            if t["event"] and t["event"] not in SPEECH and (_day(t)[1] is not None):
                s = a.sent_at(t["start"])
                if s is not None:
                    refs.append((a, t, s))
    out = []
    by_event: dict[str, list[int]] = {}
    for i, (_, t, _) in enumerate(refs):
        by_event.setdefault(t["event"], []).append(i)
    pairs = sorted((x, y) for ids in by_event.values() for n, x in enumerate(ids) for y in ids[n + 1:])
    for x, y in pairs:
        (a, t1, s1), (b, t2, s2) = refs[x], refs[y]
        if a.source == b.source:
            continue
        shared = s1.entities & s2.entities
        cos = float(s1.vec @ s2.vec)
        if not shared or cos < EVENT_COS:
            continue
        differ = _differ(t1, t2)
        if differ is None or (differ and _days_apart(a.published, b.published) > EVENT_REPORT_DAYS):
            continue
        key = (a.id, t1["start"], b.id, t2["start"])
        ev = [_ev(a, s1.start, s1.end), _ev(b, s2.start, s2.end)]
        detail = {"event": t1["event"], "days": [t1["text"], t2["text"]]}
        if differ:
            out.append({"id": _fid("conflict", key), "kind": "conflict",
                        "about": f"day of the {t1['event']}: “{t1['text']}” vs “{t2['text']}”",
                        "detail": detail, "evidence": ev})
        else:
            out.append({"id": _fid("agreement", key), "kind": "agreement",
                        "about": f"{t1['event']} on {t1['text']}", "detail": detail, "evidence": ev})
    return _merge_conflicts(out)


def _merge_conflicts(findings: list[dict]) -> list[dict]:
    """One conflict per disputed event, with every side that took part in it."""
    merged: dict[str, dict] = {}
    rest = []
    for f in findings:
        if f["kind"] != "conflict":
            rest.append(f)
            continue
        key = f["detail"]["event"]
        if key not in merged:
            merged[key] = f
        else:
            have = {(e["article"], e["start"]) for e in merged[key]["evidence"]}
            merged[key]["evidence"] += [e for e in f["evidence"] if (e["article"], e["start"]) not in have]
    return rest + list(merged.values())


def refutations(arts: list[Article]) -> list[dict]:
    """'X refuted these claims' against the attributed claim it answers (same article, just before)."""
    out = []
    for a in arts:
        said: dict[int, set[str | None]] = {}
        for q in a.quotes:
            s = a.sent_at(q["start"])
            if s is not None:
                said.setdefault(s.idx, set()).add(q.get("speaker_entity") or q.get("speaker"))
        for s in a.sentences:
            if not (REFUTE.search(s.text) and REFUTED_OBJECT.search(s.text)):
                continue
            own = said.get(s.idx, set())
            candidates = [p for p in a.sentences if s.idx - 5 <= p.idx < s.idx and p.idx in said
                          and not (said[p.idx] & own - {None})]
            if not candidates:
                continue
            target = max(candidates, key=lambda p: float(p.vec @ s.vec))
            out.append({"id": _fid("conflict", (a.id, target.idx, s.idx)), "kind": "conflict",
                        "about": "an attributed claim and its refutation",
                        "detail": {"refutation": True}, "evidence": [_sent_ev(target), _sent_ev(s)]})
    return out


# ---------------------------------------------------------------- agreements and exclusives
def stem(word: str) -> str:
    """A crude English stemmer: enough to match 'dressed'/'dress', 'terrorists'/'terrorist'."""
    for suf, rep in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if len(word) > len(suf) + 3 and word.endswith(suf):
            return word[: -len(suf)] + rep
    return word


def topic_words(arts: list[Article], n: int = 12) -> set[str]:
    """The words every outlet of the story uses: they say what the story is, not what a clause adds."""
    counts: dict[str, int] = {}
    for a in arts:
        for s in a.sentences:
            for w in {stem(w) for w in words(s.text)}:
                counts[w] = counts.get(w, 0) + 1
    return set(sorted(counts, key=lambda w: (-counts[w], w))[:n])


def _stems(text: str) -> set[str]:
    return {stem(w) for w in words(text) if len(w) > 1}


def _agree(cos: float, s1: set[str], s2: set[str]) -> float:
    """How surely two clauses state the same fact (0 when they do not): nearly the same meaning,
    or close meaning plus a good share of specific (non-topic) words in common."""
    shared = len(s1 & s2)
    share = shared / max(1, min(len(s1), len(s2)))
    if cos >= AGREE_COS or (cos >= 0.45 and shared >= 2 and share >= 0.34):
        return cos + 0.1 * shared
    return 0.0


def neighbours(arts: list[Article], m: int = 8) -> dict[str, set[str]]:
    """For each article, the ``m`` articles of the story closest to it (by mean sentence vector):
    in a story of hundreds of articles, facts are compared with the most similar tellings only."""
    ok = [a for a in arts if a.sentences]
    if len(ok) <= m + 1:
        return {a.id: {b.id for b in ok if b.id != a.id} for a in arts}
    mat = np.stack([np.mean([s.vec for s in a.sentences], axis=0) for a in ok])
    mat /= np.linalg.norm(mat, axis=1, keepdims=True) + 1e-9
    sims = mat @ mat.T
    np.fill_diagonal(sims, -1)
    out: dict[str, set[str]] = {a.id: set() for a in arts}
    for i, a in enumerate(ok):
        for j in np.argsort(-sims[i])[:m]:
            out[a.id].add(ok[j].id)
            out[ok[j].id].add(a.id)  # symmetric, so mutual-best checks have both directions
    return out


def clause_agreements(arts: list[Article], top_k: int = 5) -> list[dict]:
    """A clause and its closest counterparts in independent outlets, when they state the same thing
    (compared clause by clause: outlets restate a fact inside otherwise different sentences).

    Similarities come from one matrix product per pair of articles; only each clause's ``top_k``
    nearest clauses are scored on shared words, so a large story stays fast."""
    out, seen = [], set()
    topic = topic_words(arts)
    # quoted words are compared as quote variants, not as agreements
    quoted = {a.id: [(q["start"], q["end"]) for q in a.quotes] for a in arts}
    flat: dict[str, list[Clause]] = {}
    for a in arts:
        flat[a.id] = [c for s in a.sentences for c in s.clauses if c.vec is not None and len(_stems(c.text)) >= 4
                      and len(re.findall(r"(?<![\w’'])[a-z]{3,}", c.text)) >= 2  # says something, not only names
                      and not any(qs <= c.start and c.end <= qe for qs, qe in quoted[a.id])]
    stems = {id(c): _stems(c.text) - topic for cs in flat.values() for c in cs}
    mats = {aid: np.stack([cast(np.ndarray, c.vec) for c in cs])  # flat holds only clauses with a vector
            for aid, cs in flat.items() if cs}
    best: dict[tuple[str, str], list[int]] = {}
    near_arts = neighbours(arts)
    for a in arts:
        for b in arts:
            if a.source == b.source or a.id not in mats or b.id not in mats or b.id not in near_arts[a.id]:
                continue
            sims = mats[a.id] @ mats[b.id].T
            k = min(top_k, sims.shape[1])
            near = np.argpartition(-sims, k - 1, axis=1)[:, :k]
            picks = []
            for i, row in enumerate(near):
                ci = flat[a.id][i]
                scored = [(_agree(float(sims[i, j]), stems[id(ci)], stems[id(flat[b.id][j])]), int(j)) for j in row]
                score, j = max(scored)
                picks.append(j if score > 0 else -1)
            best[(a.id, b.id)] = picks
    for a in arts:
        for i, c in enumerate(flat[a.id]):
            support = [(a, c)]
            for b in arts:
                chosen = best.get((a.id, b.id))
                j = chosen[i] if chosen else -1
                if j < 0 or best[(b.id, a.id)][j] != i:  # each must be the other's best match
                    continue
                d = flat[b.id][j]
                if not _numbers_differ(a, c, b, d):  # a figure that differs is a number finding
                    support.append((b, d))
            if len(support) < 2:
                continue
            key = frozenset((x.id, y.start) for x, y in support)
            if key in seen:
                continue
            seen.add(key)
            out.append({"id": _fid("agreement", sorted(key)), "kind": "agreement",
                        "about": c.text[:120], "detail": {"outlets": len({x.source for x, _ in support})},
                        "evidence": [_ev(x, y.start, y.end) for x, y in support]})
    return _drop_subsumed(out)


def _numbers_differ(a: Article, c: Clause, b: Article, d: Clause) -> bool:
    v1 = [k["value"] for k in a.claims if c.start <= k["start"] < c.end]
    v2 = [k["value"] for k in b.claims if d.start <= k["start"] < d.end]
    return bool(v1 and v2) and not set(v1) & set(v2)


def _drop_subsumed(found: list[dict]) -> list[dict]:
    """Keep an agreement only if no other covers the same clauses plus more."""
    keys = [frozenset((e["article"], e["start"]) for e in f["evidence"]) for f in found]
    return [f for f, k in zip(found, keys, strict=True) if not any(k < other for other in keys)]


_MORE = {"more than", "over", "at least", "upwards of", "just over"}
_LESS = {"fewer than", "less than", "under", "up to", "at most", "just under", "as many as", "as much as"}
_ABOUT = {"about", "some", "around", "nearly", "almost", "roughly", "approximately", "close to", "an estimated",
          "estimated"}
_SCALE = {"thousands", "hundreds", "dozens", "millions", "billions", "scores"}


def _qclass(q: str | None) -> int:
    q = (q or "").lower()
    return 1 if q in _MORE else 2 if q in _LESS else 3 if q in _ABOUT else 4 if q in _SCALE else 0


def _allowed(kind, bound, other):
    """Whether ``other`` is a value that a qualifier of ``kind`` (``_qclass``) on ``bound`` allows —
    "more than 300" allows 340. Element-wise on numpy arrays as well as on numbers."""
    return (((kind == 1) & (other >= bound)) | ((kind == 2) & (other <= bound))
            | ((kind == 3) & (abs(other - bound) <= 0.15 * bound))
            | ((kind == 4) & (bound <= other) & (other < bound * 1000)))


def _fits(q: str | None, bound: float, other: float) -> bool:
    kind = _qclass(q)
    return bool(kind and _allowed(kind, bound, other))


class _ClaimTable:
    """Every claim of a story as arrays per unit, so "does an independent outlet give a value
    compatible with this one?" is one vectorised test (``_compatible`` over all of them)."""

    def __init__(self, arts: list[Article]):
        rows: dict[str, list[tuple[float, int, int]]] = {}
        for a in arts:
            for c in a.claims:
                rows.setdefault(c["unit"] or "", []).append((c["value"], _qclass(c["qualifier"]), a.source))
        self.by_unit = {u: tuple(np.array(col) for col in zip(*r, strict=True)) for u, r in rows.items()}

    def matched_elsewhere(self, c: dict, group: int) -> bool:
        if (c["unit"] or "") not in self.by_unit:
            return False
        v, q, g = self.by_unit[c["unit"] or ""]
        v1 = c["value"]
        ok = np.abs(v - v1) <= 0.005 * np.maximum(np.abs(v), abs(v1))
        ok |= _allowed(_qclass(c["qualifier"]), v1, v)  # this claim's qualifier allows their value
        ok |= _allowed(q, v, v1)  # or theirs allows this one
        return bool((ok & (g != group)).any())


def exclusives(arts: list[Article]) -> list[dict]:
    """Sentences carrying a name or a number that no independent outlet reports, in any words."""
    out = []
    rows = [(a.source, s.vec) for a in arts for s in a.sentences]
    mat = np.stack([v for _, v in rows]) if rows else np.zeros((0, 0), dtype=np.float32)
    row_group = np.array([g for g, _ in rows])
    entity_groups: dict[str, set[int]] = {}
    for a in arts:
        for s in a.sentences:
            for e in s.entities:
                entity_groups.setdefault(e, set()).add(a.source)
    table = _ClaimTable(arts)
    for a in arts:
        if not any(b.source != a.source for b in arts):
            continue
        elsewhere = row_group != a.source
        if a.sentences and elsewhere.any():
            sims = np.stack([s.vec for s in a.sentences]) @ mat[elsewhere].T
            restated = sims.max(axis=1)
        else:
            restated = np.zeros(len(a.sentences))
        unmatched = {i: not table.matched_elsewhere(c, a.source) for i, c in enumerate(a.claims)}
        for n, s in enumerate(a.sentences):
            anchors = sorted(a.names.get(e, e) for e in s.entities if entity_groups[e] <= {a.source})
            for i, c in enumerate(a.claims):
                if s.start <= c["start"] < s.end + 1 and unmatched[i]:
                    anchors.append(a.body[c["start"]:c["end"]])
            if not anchors:
                continue
            if restated[n] >= RESTATED_COS:
                continue
            out.append({"id": _fid("exclusive", (a.id, s.idx)), "kind": "exclusive",
                        "about": ", ".join(anchors[:4]), "detail": {"outlet": a.outlet},
                        "evidence": [_sent_ev(s)]})
    return out


# ---------------------------------------------------------------- timeline
def timeline(arts: list[Article]) -> list[dict]:
    """Dated and weekday-dated events in order, each with its evidence sentences."""
    events: dict[tuple, dict] = {}
    for a in arts:
        for t in a.time_refs:
            if t["precision"] not in {"day", "weekday", "month"}:
                continue
            s = a.sent_at(t["start"])
            if s is None:
                continue
            key = (t["resolved"] or "", (t["weekday"] or "").lower(), t["event"] or "")
            e = events.setdefault(key, {"date": t["resolved"], "weekday": t["weekday"], "precision": t["precision"],
                                        "event": t["event"], "evidence": []})
            if all(x["start"] != s.start or x["article"] != a.id for x in e["evidence"]):
                e["evidence"].append(_sent_ev(s))
    order = sorted(events.values(), key=lambda e: (e["date"] or "9999", WEEKDAYS.index(e["weekday"].lower())
                                                   if e["weekday"] else 7, e["event"] or ""))
    return [{"id": _fid("event", [e["date"], e["weekday"], e["event"], e["evidence"][0]["article"],
                                  e["evidence"][0]["start"]]),
             "kind": "event", "about": f"{e['date'] or e['weekday']}: {e['event'] or 'event'}",
             "detail": {k: e[k] for k in ("date", "weekday", "precision", "event")} | {"order": n},
             "evidence": e["evidence"]} for n, e in enumerate(order)]
