"""Typos in a question's words ("hyeprfitting", "authros"), mended against the collection's own words.

A misspelt word matches nothing in the lexical index and reads to MiniLM as word pieces: the question
loses its topic word (and is refused) or its kind ("who are the authros"). A lower-case word of six
letters or more that the collection never writes, that the embedding model does not know as a word,
and that one slip (two neighbours swapped, a letter dropped or added) turns into a word the
collection writes, a word questions about papers are asked with, or a word the model knows, is read
as that word: of several, the one the most passages hold. A word the model knows ("bleaching") is left
alone even when no paper writes it: it is a real word the papers do not cover, and refusing it is right.
A British spelling ("quantisation") the papers write the American way is read as theirs.

Japanese typed on a phone without converting arrives in hiragana: a loanword (はいぱーふぃってぃんぐ) is read
in katakana, and in a question with next to no kanji, the collection's kanji words by their readings
(かくさん → 拡散, read from the papers' own Japanese once per index generation).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from rag.answer.questions import FRAMING_TERMS
from rag.index.embeddings import ModelNotFound, model_path
from rag.index.store import Store
from rag.text import STOP_WORDS, TO_KATAKANA, kanji_readings, kanji_share, terms

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
    for ending in (
        "s",
        "es",
        "ed",
        "d",
        "er",
        "ers",
        "est",
        "ing",
        "ly",
        "ies",
        "ied",
        "ion",
        "ions",
        "ation",
        "ations",
    )
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
        self._readings: tuple[str | None, dict[str, str]] | None = None

    def mended(self, text: str) -> str:
        """`text` with each word that looks misspelt (see the module) replaced by the word it was meant as,
        loanwords typed in hiragana (はいぱーふぃってぃんぐ) in the katakana they are written in, and, in a
        question with next to no kanji (typed on a phone without converting, perhaps behind a converted
        greeting), the collection's words typed in hiragana (かくさんモデルのかそく) in its kanji (拡散モデルの加速)."""
        text = _in_katakana(text).replace("いちばん", "一番")  # as often typed in kana as in kanji
        if _HIRAGANA_RUN.search(text) and kanji_share(text) < _FEW_KANJI:
            text = _in_kanji(text, self._kanji_words())
        return _WORD.sub(lambda m: self._meant(m.group(0)), text)

    def _kanji_words(self) -> dict[str, str]:
        """Reading → word for the words the collection (and questions about papers) write in kanji; where
        two words read alike, the one written more often."""
        generation = self.store.lexical.generation()
        if self._readings is None or self._readings[0] != generation:
            counted = kanji_readings(_QUESTION_WORDS)
            for paper in self.store.papers():
                counted += kanji_readings(" ".join(filter(None, (paper.title, paper.abstract, paper.summary_ja))))
            words: dict[str, str] = {}
            for (reading, word), _ in counted.most_common():
                words.setdefault(reading, word)
            self._readings = (generation, words)
        return self._readings[1]

    def _meant(self, word: str) -> str:
        lower = word.lower()
        stem = terms(lower, keep_stop_words=True)
        if not stem or self._written(stem):
            return word
        american = _AMERICAN.sub(lambda m: _AMERICAN_FOR[m.group(0)], lower)
        if american != lower and self._written(terms(american, keep_stop_words=True)):
            return american.capitalize() if word[0].isupper() else american  # "quantisation": as the papers spell it
        if self._real(lower):
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


# British endings the papers may spell the American way: "quantisation", "analysed", "behaviour", "centre".
_AMERICAN = re.compile(
    r"is(?=(?:ations?|e|es|ed|ing|ers?)$)|ys(?=(?:e|es|ed|ing)$)|our(?=(?:s|al|ed|ing)?$)|tre(?=s?$)"
)
_AMERICAN_FOR = {"is": "iz", "ys": "yz", "our": "or", "tre": "ter"}


# A hiragana word with a small vowel after a consonant (ふぃ, てぃ, でぃ), which native words do not have, or
# two long-vowel marks (not one: すごーい) is a loanword typed without converting (はいぱーふぃってぃんぐ).
_HIRAGANA_RUN = re.compile(r"[ぁ-ゖー]{3,}")
_LOANWORD_MARK = re.compile(r"[ふてでうしちじゔ][ぁぃぅぇぉ]|ー[^ー]*ー")
# Where the word ends and the grammar after it begins: a particle after its last mark (not で, と, の or に,
# which loanwords hold: でぃすとりびゅーしょん), or one closing the run
_PARTICLE_AFTER = re.compile(r"って|とは|は|が|を|も")
_PARTICLE_CLOSING = re.compile(r"(?:って|とは|とか|は|が|を|に|で|の|と|も|や)$")
# Under one Japanese character in ten in kanji: typed without converting ("質問です。…なんこ?…よろしくお願いします。"
# has three); a question typed as usual has a kanji in every few characters (「それってデータ少ないときでも同じ？」
# one in eight, the fewest among the blind sets' questions that are not phone-typed but one or two).
_FEW_KANJI = 0.1
# Words questions about papers are asked with, for reading them back from hiragana (なんこ → 何個).
_QUESTION_WORDS = (
    "論文 著者 要約 発表 公開 何個 何秒 何倍 何件 何人 何回 何年 何種類 比較 違い 手法 方法 結果 評価 実験 精度 "
    "性能 速度 数字 実際 必要 学習 画像 書いて 使った 教えて 比べて 説明 速さ 改善"
)


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
        return run[:cut].translate(TO_KATAKANA) + run[cut:]

    return _HIRAGANA_RUN.sub(convert, text)


def _in_kanji(text: str, words: dict[str, str]) -> str:
    """Each hiragana run with the longest readings of `words` (three kana or more: shorter ones are
    particles and endings as often as words) replaced by the word, left to right."""

    def convert(m: re.Match) -> str:
        run, out, i = m.group(0), [], 0
        while i < len(run):
            end = next((j for j in range(len(run), i + 2, -1) if run[i:j] in words), None)
            out.append(words[run[i:end]] if end else run[i])
            i = end or i + 1
        return "".join(out)

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
