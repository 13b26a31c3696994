"""Which language a text is in, from the word frequencies of the ``wordfreq`` tables (shipped in its
wheel, nothing fetched): the mean Zipf frequency of its words in each language, the highest wins.
Used to give the right reason when no English prose is found in a text."""
from __future__ import annotations

import re

from wordfreq import zipf_frequency

#: The languages compared (wordfreq codes) and how a reader names them.
LANGUAGES = {"en": "English", "fr": "French", "de": "German", "es": "Spanish", "it": "Italian",
             "pt": "Portuguese", "nl": "Dutch", "ru": "Russian", "uk": "Ukrainian", "pl": "Polish",
             "tr": "Turkish", "sv": "Swedish"}
#: Words read (the first of the text): enough to tell, cheap on a long page.
WORDS_READ = 300
#: Another language wins only this far (in mean Zipf) ahead of English.
MARGIN = 1.0
WORD = re.compile(r"[^\W\d_]{2,}")


def guess_language(text: str) -> str | None:
    """The wordfreq code of the language ``text`` reads as, when it is clearly not English; None
    when it reads as English, or too few words to tell."""
    words = [w.lower() for w in WORD.findall(text)[:WORDS_READ]]
    if len(words) < 5:
        return None
    scores = {lang: sum(zipf_frequency(w, lang) for w in words) / len(words) for lang in LANGUAGES}
    best = max(scores, key=lambda lang: scores[lang])
    return best if best != "en" and scores[best] - scores["en"] >= MARGIN else None
