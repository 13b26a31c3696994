"""Names as text: the words of a person's name without titles, and the keys names and
organisations are matched by ("Gen. Ida K. Marsh" → "ida marsh", "The N.R.A." → "nra").

Plain string functions, read by the analysis (``analyze.entities``), by the corpus stages
(``cluster``, ``link``) and by the dossier: this module imports no model, so the front ends that
only show names load nothing heavy.
"""
from __future__ import annotations

import re
import unicodedata

from rapidfuzz import fuzz

# Honorifics and offices that precede a name ("Gen. Ida Marsh", "Prime Minister X").
TITLES = {
    "mr", "mrs", "ms", "miss", "dr", "prof", "professor", "sir", "dame", "lord", "lady", "gen", "general",
    "lt", "lieutenant", "col", "colonel", "maj", "major", "capt", "captain", "adm", "admiral", "sgt",
    "sergeant", "cmdr", "commander", "president", "vice", "prime", "minister", "secretary", "chancellor",
    "premier", "king", "queen", "prince", "princess", "pope", "sen", "senator", "rep", "representative",
    "gov", "governor", "mayor", "judge", "justice", "chief", "ambassador", "envoy", "spokesperson",
    "spokesman", "spokeswoman", "deputy", "foreign", "defense", "defence", "interior", "finance",
    "environment", "health", "state", "attorney", "prosecutor", "councillor", "councilor", "bishop",
    "rabbi", "imam", "father", "sheikh", "harbour", "harbor", "master", "coach", "officer", "inspector",
}
_TITLE_LIST = sorted(TITLES)
# Abbreviated and equivalent titles, so "Gov. X" is "the governor" and "Rep. X" "the congressman".
TITLE_CLASS = {
    "gov": "governor", "sen": "senator", "rep": "congressman", "representative": "congressman",
    "congresswoman": "congressman", "gen": "general", "lt": "lieutenant", "col": "colonel", "maj": "major",
    "capt": "captain", "adm": "admiral", "sgt": "sergeant", "cmdr": "commander", "prof": "professor",
    "spokesman": "spokesperson", "spokeswoman": "spokesperson", "chairwoman": "chairman", "chair": "chairman",
}
# Generational suffixes: part of the name ("Donald Trump Jr." is not "Donald Trump"), not the surname.
NAME_SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}
GEO_SUFFIX = re.compile(r"\s+(region|oblast|province|district|county|state|territory|prefecture|governorate)$", re.I)
# Words an acronym may leave out ("Federal Bureau of Investigation" → FBI).
ACRONYM_SKIP = {"of", "the", "and", "for", "on", "in", "at", "to", "&"}


def is_title(word: str) -> bool:
    w = word.lower().rstrip(".")
    if w in TITLES:
        return True
    # tolerate a typo in a capitalized title ("Preisdent"): close to a known title, same initial
    return len(w) >= 6 and word[:1].isupper() and any(
        t[0] == w[0] and fuzz.ratio(w, t) >= 85 for t in _TITLE_LIST if len(t) >= 6)


def strip_possessive(text: str) -> str:
    return re.sub(r"[’']s$", "", text.strip())


def fold(text: str) -> str:
    """Lowercase without accents: 'Peña' → 'pena'."""
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch)).lower()


def title_class(word: str) -> str:
    """A title or role word in a canonical form: 'Gov.' → 'governor', 'Rep.' → 'congressman'."""
    w = word.lower().rstrip(".")
    return TITLE_CLASS.get(w, w)


def name_tokens(name: str) -> list[str]:
    """Name words without titles, initials and possessive: 'Gen. Ida K. Marsh' → ['ida', 'marsh']."""
    words = [w for w in re.split(r"\s+", strip_possessive(name)) if w]
    while len(words) > 1 and is_title(words[0]):
        words = words[1:]
    return [fold(w).strip(".,") for w in words if not re.fullmatch(r"[A-Z]\.?", w)]


def surname_of(tokens: list[str]) -> tuple[str, str]:
    """(surname, generational suffix or '') of name tokens: ['donald', 'trump', 'jr'] → ('trump', 'jr')."""
    if len(tokens) > 1 and tokens[-1] in NAME_SUFFIXES:
        return tokens[-2], tokens[-1]
    return (tokens[-1], "") if tokens else ("", "")


def given_names(tokens: list[str]) -> list[str]:
    """The name tokens before the surname (none for a bare surname, or 'Trump Jr.')."""
    return tokens[:-2] if len(tokens) > 1 and tokens[-1] in NAME_SUFFIXES else tokens[:-1]


def name_key(name: str, label: str) -> str:
    if label == "PERSON":
        return " ".join(name_tokens(name))
    text = re.sub(r"^(the)\s+", "", strip_possessive(name), flags=re.I)
    return GEO_SUFFIX.sub("", text).lower()


def org_key(name: str) -> str:
    """An organisation's or place's name for matching: no article, accents, case, dots, hyphens."""
    text = re.sub(r"^the\s+", "", fold(name_key(name, "ORG")))
    text = re.sub(r"[.'’`]", "", text)
    return " ".join(re.sub(r"[-‐–]", "", text).split())


def is_acronym(surface: str) -> bool:
    """'NRA', 'N.R.A.', 'I.R.S.': one word of capitals (dots between them allowed)."""
    bare = re.sub(r"^(the|The)\s+", "", surface.strip())
    letters = bare.replace(".", "")
    return 2 <= len(letters) <= 6 and letters.isalpha() and letters.isupper() and " " not in bare


def initials(name: str) -> set[str]:
    """The acronyms a multi-word name can have, with and without its small words."""
    words = [w for w in re.split(r"[\s-]+", org_key(name)) if w]
    if len(words) < 2:
        return set()
    out = {"".join(w[0] for w in words), "".join(w[0] for w in words if w not in ACRONYM_SKIP)}
    return {a for a in out if len(a) >= 3}
