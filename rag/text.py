"""Text analysis shared by chunking, the lexical index and the answerer: sentences, language, terms.

Hand-written because the maintained options do not fit offline use: NLTK's punkt and spaCy need
model downloads, and LangChain's splitters cut by length, not by sentence. The lexical analyser is
the usual BM25 recipe (lowercase, stop words, Snowball stems) plus character bigrams for CJK text,
which has no spaces between words.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Abbreviations after which a period does not end an English sentence.
_ABBREVIATIONS = {
    "al",
    "e.g",
    "i.e",
    "etc",
    "vs",
    "fig",
    "figs",
    "eq",
    "eqs",
    "ref",
    "refs",
    "sec",
    "no",
    "dr",
    "mr",
    "ms",
    "prof",
    "approx",
    "cf",
    "resp",
    "incl",
    "viz",
    "st",
    "jr",
    "sr",
}
# A period, question or exclamation mark, then space (or a capital letter glued to it, as in
# "learning.For another", which the shipped corpus contains), then the start of a new sentence.
_EN_BOUNDARY = re.compile(r"(?<=[.!?])(?:[\"'”’)\]]*)(?:\s+|(?=[A-Z][a-z]))(?=[\"'“‘(\[]?[A-Z0-9])")
_JA_BOUNDARY = re.compile(r"(?<=[。！？!?])\s*|\n+")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f]")
# Without the katakana middle dot (・), which separates words as a space does.
_CJK_RUN = re.compile(r"[\u3040-\u30fa\u30fc-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9fー]+")
_CONTENT_RUN = re.compile(r"[\u30a1-\u30fa\u30fc-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f]+")
_HYPHENATED = re.compile(r"\b[a-z]{2,}(?:-[a-z]{2,})+\b")
_WORD = re.compile(r"[^\W_]+(?:\.[^\W_]+)*", re.UNICODE)
# "Alzheimer's" is "Alzheimer"; other apostrophes ("don't") split the word like any punctuation.
_POSSESSIVE = re.compile(r"(?<=[^\W_])['’]s\b")

# Bumped whenever terms(), the catalogue's names or the chunks table change: the lexical index is rebuilt from Chroma for a new one.
ANALYZER_VERSION = 6

STOP_WORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before being
    below between both but by can could did do does doing down during each few for from further had has
    have having he her here hers herself him himself his how i if in into is it its itself just me more
    most my myself no nor not now of off on once only or other our ours ourselves out over own same she
    should so some such than that the their theirs them themselves then there these they this those
    through to too under until up very was we were what when where which while who whom why will with
    would you your yours yourself yourselves paper papers study work propose proposed using use used""".split()
)


def is_cjk(text: str) -> bool:
    """True when a meaningful share of the letters are Japanese/Chinese characters."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return False
    return sum(1 for c in letters if _CJK.match(c)) / len(letters) > 0.3


def normalize(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def split_sentences(text: str) -> list[str]:
    """Sentences of an English or Japanese text, in order, none empty."""
    text = text.strip()
    if not text:
        return []
    if is_cjk(text):
        parts = _JA_BOUNDARY.split(text)
    else:
        parts = _merge_abbreviations(_EN_BOUNDARY.split(" ".join(text.split())))
    return [p.strip() for p in parts if p and p.strip()]


def _merge_abbreviations(parts: list[str]) -> list[str]:
    merged: list[str] = []
    for part in parts:
        if merged:
            last_word = merged[-1].rsplit(None, 1)[-1].rstrip(".").lower()
            if last_word in _ABBREVIATIONS or re.fullmatch(r"[a-z]", last_word):
                merged[-1] = f"{merged[-1]} {part}"
                continue
        merged.append(part)
    return merged


@lru_cache(maxsize=1)
def _stemmer():
    import Stemmer

    return Stemmer.Stemmer("english")


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    return _stemmer().stemWord(word)


def terms(text: str, *, keep_stop_words: bool = False) -> list[str]:
    """Index terms of a text: stemmed English words (and the parts of hyphenated names) and CJK bigrams."""
    text = normalize(text).lower()
    out: list[str] = []
    for run in _CJK_RUN.findall(text):
        # Hiragana is mostly grammar (particles, endings): bigrams come from the kanji and katakana
        # runs between them, so "熱流束の予測" gives 熱流, 流束, 予測 and not 束の, の予.
        for content in _CONTENT_RUN.findall(run):
            out.extend(_cjk_bigrams(content))
    latin = _POSSESSIVE.sub("", _CJK_RUN.sub(" ", text))
    for compound in _HYPHENATED.findall(latin):
        # "pre-trained" also as "pretrained", so that either spelling finds the other.
        out.append(_stem(compound.replace("-", "")))
    for word in _WORD.findall(latin.replace("-", " ")):
        word = word.strip(".'")
        if not word or (not keep_stop_words and word in STOP_WORDS):
            continue
        out.append(_stem(word) if word.isalpha() else word)
    return out


def _cjk_bigrams(run: str) -> list[str]:
    if len(run) == 1:
        return [run]
    return [run[i : i + 2] for i in range(len(run) - 1)]


def expands(acronym: str, text: str) -> bool:
    """Whether `text` spells out `acronym` (CHF → "critical heat flux"): its letters are the initials
    of consecutive words. Research questions abbreviate what abstracts write in full."""
    if not 2 <= len(acronym) <= 6 or not acronym.isalpha():
        return False
    initials = r"\b" + r"[\w-]*\W+".join(re.escape(c) for c in acronym.lower()) + r"[\w-]*"
    return re.search(initials, text.lower()) is not None


def acronyms(text: str) -> dict[str, str]:
    """{term: acronym} for the all-capital words of a text (CHF, ML), which may stand for longer names."""
    return {_stem(w.lower()): w for w in re.findall(r"\b[A-Z]{2,6}s?\b", text) if w.rstrip("s").isupper()}
