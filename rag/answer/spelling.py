"""Typos in a question's words ("hyeprfitting", "authros"), mended against the collection's own words.

A misspelt word matches nothing in the lexical index and reads to MiniLM as word pieces: the question
loses its topic word (and is refused) or its kind ("who are the authros"). A lower-case word of six
letters or more that the collection never writes, that the embedding model does not know as a word,
and that one slip (two neighbours swapped, a letter dropped or added) turns into a word the
collection writes, a word questions about papers are asked with, or a word the model knows, is read
as that word: of several, the one the most passages hold. A word the model knows ("bleaching") is left
alone even when no paper writes it: it is a real word the papers do not cover, and refusing it is right.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from rag.answer.questions import FRAMING_TERMS
from rag.index.embeddings import ModelNotFound, model_path
from rag.index.store import Store
from rag.text import STOP_WORDS, terms

_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_SHORTEST = 6
# Words questions about papers are asked with that abstracts seldom write.
_ASKING_WORDS = frozenset(
    terms(
        "authors author published posted released written license licence code github repository nutshell "
        "summary dataset datasets benchmark benchmarks paper papers study studies hyperparameters arxiv categories "
        "category proposing proposed propose",
        keep_stop_words=True,
    )
)
_QUESTIONS_ASK_WITH = _ASKING_WORDS | FRAMING_TERMS | frozenset(terms(" ".join(STOP_WORDS), keep_stop_words=True))
_INFLECTIONS = [
    (ending, base)
    for ending in ("s", "es", "ed", "d", "er", "ers", "ing", "ly", "ies", "ied", "ion", "ions", "ation", "ations")
    for base in ("", "e", "y")
]
# A Latin word, also where Japanese runs straight into it (「それとsparsificationの話」): kana and kanji are word
# characters to `\w`, but end the word as a space would.
_NOT_LATIN = r"[^\W_\u3040-\u30ff\u4e00-\u9fff]"
_WORD = re.compile(rf"(?<!{_NOT_LATIN})[A-Za-z][a-z]{{{_SHORTEST - 1},}}(?!{_NOT_LATIN})")


class Speller:
    def __init__(self, store: Store, model: str):
        """`model`: the embedding model's name, whose vocabulary says which words are real words."""
        self.store = store
        try:
            self.known = _vocabulary(model_path(model) / "vocab.txt")
        except ModelNotFound:
            self.known = frozenset()

    def mended(self, text: str) -> str:
        """`text` with each word that looks misspelt (see the module) replaced by the word it was meant as,
        and loanwords typed in hiragana (はいぱーふぃってぃんぐ) in the katakana they are written in."""
        return _WORD.sub(lambda m: self._meant(m.group(0)), _in_katakana(text))

    def _meant(self, word: str) -> str:
        lower = word.lower()
        stem = terms(lower, keep_stop_words=True)
        if self._real(lower) or not stem or self._written(stem):
            return word
        swapped, other = _one_slip(lower)
        analysed = {c: terms(c, keep_stop_words=True) for c in swapped | other}
        # another form of the same stem ("mixture" for "mixtures") mends nothing
        candidates = {c: s[0] for c, s in analysed.items() if len(s) == 1 and s != stem}
        held = self.store.lexical.document_frequencies(sorted(set(candidates.values())))
        # held by more passages first; then a word the model knows ("categories", not "categoris"). A word
        # only the model knows must be two letters swapped: a letter dropped makes real words too often
        # ("insulted" from "insulated")
        scored = [
            (held.get(s, 0) + (1 if s in _QUESTIONS_ASK_WITH else 0), c in swapped and c in self.known, c)
            for c, s in candidates.items()
        ]
        best = max(scored, default=(0, False, ""))
        if not best[0] and not best[1]:
            return word
        return best[2].capitalize() if word[0].isupper() else best[2]

    def _real(self, word: str) -> bool:
        """Whether the model knows the word, or the word it inflects ("insulated", "mixtures", "studies")."""
        if word in self.known:
            return True
        for ending, base in _INFLECTIONS:
            if word.endswith(ending) and (word[: -len(ending)] + base) in self.known:
                return True
        return False

    def _written(self, stem: list[str]) -> bool:
        return stem[0] in _QUESTIONS_ASK_WITH or bool(self.store.lexical.document_frequencies(stem[:1]))


# A hiragana word with a small vowel after a consonant (ふぃ, てぃ, でぃ), which native words do not have, or
# two long-vowel marks (not one: すごーい) is a loanword typed without converting (はいぱーふぃってぃんぐ).
_HIRAGANA_RUN = re.compile(r"[ぁ-ゖー]{3,}")
_LOANWORD_MARK = re.compile(r"[ふてでうしちじゔ][ぁぃぅぇぉ]|ー[^ー]*ー")
# Where the word ends and the grammar after it begins: a particle after its last mark (not で, と, の or に,
# which loanwords hold: でぃすとりびゅーしょん), or one closing the run
_PARTICLE_AFTER = re.compile(r"って|とは|は|が|を|も")
_PARTICLE_CLOSING = re.compile(r"(?:って|とは|とか|は|が|を|に|で|の|と|も|や)$")
_KATAKANA = str.maketrans({chr(c): chr(c + 0x60) for c in range(ord("ぁ"), ord("ゖ") + 1)})  # ぁ-ゖ → ァ-ヶ


def _in_katakana(text: str) -> str:
    def convert(m: re.Match) -> str:
        run = m.group(0)
        marks = list(_LOANWORD_MARK.finditer(run))
        if not marks:
            return run
        last = marks[-1].end()
        after = _PARTICLE_AFTER.search(run, last)
        closing = _PARTICLE_CLOSING.search(run, last)
        cut = after.start() if after else closing.start() if closing else len(run)
        return run[:cut].translate(_KATAKANA) + run[cut:]

    return _HIRAGANA_RUN.sub(convert, text)


def _one_slip(word: str) -> tuple[set[str], set[str]]:
    """The words one slip of the fingers away: two neighbours swapped; a letter dropped or doubled in.
    Not a letter changed: that makes other real words too often ("nucleare" from "nucleate")."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    swapped = {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1} - {word}
    dropped = {a + b[1:] for a, b in splits if b}
    added = {a + c + b for a, b in splits for c in _LETTERS}
    return swapped, (dropped | added) - swapped - {word}


@lru_cache(maxsize=4)
def _vocabulary(path: Path) -> frozenset[str]:
    """The whole words of a WordPiece vocabulary (vocab.txt): the words the embedding model knows."""
    if not path.is_file():
        return frozenset()
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(w for w in lines if w.isalpha() and w.islower())
