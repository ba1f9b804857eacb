"""Text analysis shared by chunking, the lexical index and the answerer: sentences, language, terms.

Hand-written because the maintained options do not fit offline use: NLTK's punkt and spaCy need
model downloads, and LangChain's splitters cut by length, not by sentence. The lexical analyser is
the usual BM25 recipe (lowercase, stop words, Snowball stems) plus, for Japanese, which has no spaces
between words, character bigrams within the words MeCab finds (fugashi with the UniDic-lite
dictionary, both from PyPI) and the English words UniDic gives as the origin of loanwords.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
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
_KATAKANA_WORD = re.compile(r"[\u30a1-\u30fa\u30fc-\u30ff\uff66-\uff9f]{2,}")
_KANJI_WORD = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々]+")
_GRAMMAR_POS = frozenset({"動詞", "代名詞", "接尾辞", "助動詞", "接頭辞"})
# Suffixes naming a measure that a text also writes with its adjective's noun: 出力長 is 出力の長さ, 文長 a
# sentence's 長さ. The suffix is a term of its own, as 長さ's 長 is, beside the compound's bigrams (力長).
_MEASURE_SUFFIXES = frozenset("長幅")
_HYPHENATED = re.compile(r"\b[a-z]{2,}(?:-[a-z]{2,})+\b")
_WORD = re.compile(r"[^\W_]+(?:\.[^\W_]+)*", re.UNICODE)
# "Alzheimer's" is "Alzheimer"; other apostrophes ("don't") split the word like any punctuation.
_POSSESSIVE = re.compile(r"(?<=[^\W_])['’]s\b")

# Bumped whenever terms(), the catalogue's names or the chunks table change: the lexical index is rebuilt from Chroma for a new one.
ANALYZER_VERSION = 11

# Small numbers as English writes them, as digits, and as the kanji a Japanese count uses (二つ): a
# question's "two criteria" and a sentence's "2つの" or "two key aspects" are the same number.
NUMBER_FORMS = (
    ("two", "2", "二"),
    ("three", "3", "三"),
    ("four", "4", "四"),
    ("five", "5", "五"),
    ("six", "6", "六"),
    ("ten", "10", "十"),
)

STOP_WORDS = frozenset(
    """a about above after again against all also am an and another any are as at be because been before being
    below between both but by can could did do does doing down during each few for from further had has
    have having he her here hers herself him himself his how i if in into is it its itself just me more
    most my myself no nor not now of off on once only or other our ours ourselves out over own same she
    should so some such than that the their theirs them themselves then there these they this those
    through to too under until up very was we were what when where which while who whom why will with
    would you your yours yourself yourselves paper papers study work propose proposed proposes proposing using use used uses""".split()
)


def is_kanji_word(word: str) -> bool:
    """Whether a word is written in kanji alone (医療, 精度): no kana, no Latin letters."""
    return _KANJI_WORD.fullmatch(word) is not None


def kanji_share(text: str) -> float:
    """The share of a text's Japanese characters written in kanji (0 where it has none)."""
    japanese = _CJK.findall(text)
    return sum(1 for c in japanese if _KANJI_WORD.match(c)) / len(japanese) if japanese else 0.0


def is_cjk(text: str) -> bool:
    """True when a meaningful share of the letters are Japanese/Chinese characters."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return False
    return sum(1 for c in letters if _CJK.match(c)) / len(letters) > 0.3


def normalize(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


# "RewardAgent and hyperfitting -- how does …": a dash typed as hyphens, read as the dash it stands for
_TYPED_DASH = re.compile(r"(?<=\s)-{2,3}(?=\s)")


def normalize_question(text: str) -> str:
    """A question in NFKC, with a dash typed as two or three hyphens written as the dash."""
    return _TYPED_DASH.sub("—", normalize(text))


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
            last_word = merged[-1].rsplit(None, 1)[-1].rstrip(".").lstrip("([\"'").lower()  # "(e.g. Douban, …)"
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
        out.extend(_japanese_terms(run))
    latin = _POSSESSIVE.sub("", _CJK_RUN.sub(" ", text))
    for compound in _HYPHENATED.findall(latin):
        # "pre-trained" also as "pretrained", so that either spelling finds the other.
        out.append(_stem(compound.replace("-", "")))
    for word in _latin_words(latin):
        if not word or (not keep_stop_words and word in STOP_WORDS):
            continue
        out.append(_stem(word) if word.isalpha() else word)
    return out


def _latin_words(latin: str) -> Iterator[str]:
    """The words of a text's Latin part (lower case, possessives and CJK runs taken out), hyphens split."""
    for word in _WORD.findall(latin.replace("-", " ")):
        yield word.strip(".'")


def surface_words(text: str) -> dict[str, str]:
    """{term: the word it was stemmed from} of a text's English words (the first seen): a stem's vector
    ("pictur") says less than the word's ("pictures")."""
    found: dict[str, str] = {}
    for word in _latin_words(_POSSESSIVE.sub("", _CJK_RUN.sub(" ", normalize(text).lower()))):
        if word.isalpha():
            found.setdefault(_stem(word), word)
    return found


def plural_pair(term: str) -> tuple[str, str]:
    """A short term in both numbers, as an acronym is written ("rm" and "rms"): the stemmer keeps the "s"
    of a word without vowels, so "RMs" in a paper and "RM" in a question are different terms."""
    return (term, term[:-1]) if term.endswith("s") and len(term) > 2 else (term, f"{term}s")


def compounds(text: str) -> dict[str, tuple[str, ...]]:
    """The joined term of each hyphenated word of `text` ("mixture-of-experts" → "mixtureofexpert"), with
    the terms of its words: the same thing written without hyphens holds those instead."""
    latin = _CJK_RUN.sub(" ", normalize(text).lower())
    found = (terms(word) for word in _HYPHENATED.findall(latin))
    return {t[0]: tuple(t[1:]) for t in found if len(t) > 1}


def junctions(text: str) -> dict[str, tuple[str, str]]:
    """The bigram where two kanji words of a compound meet (収束保証 → 束保), with the bigrams either side
    (収束, 保証): a text writing both words apart (「保証された収束」) says what the compound does."""
    found: dict[str, tuple[str, str]] = {}
    previous = ""
    for word in _tagger()(normalize(text)) if is_cjk(text) else ():
        surface = word.surface
        if _KANJI_WORD.fullmatch(surface):
            if len(previous) >= 2 and len(surface) >= 2:
                found[previous[-1] + surface[0]] = (previous[-2:], surface[:2])
            previous = surface
        else:
            previous = ""
    return found


@lru_cache(maxsize=1)
def _tagger():
    import fugashi  # imported on the first Japanese text only

    return fugashi.Tagger()


@lru_cache(maxsize=65536)
def _japanese_terms(run: str) -> tuple[str, ...]:
    """Kanji compounds as bigrams, katakana words whole, and the English origin of loanwords.

    MeCab's words decide where terms may not cross: a kanji compound keeps its bigrams across its
    parts (経験的相関 and 実証的相関 share 的相 and 相関), but not into a neighbouring katakana word
    ("フェイクニュース検出" → ス検), which a question and an abstract would share only by chance. A
    katakana word is a loanword spelled one way: its bigrams would only match pieces of other loanwords
    (メートル and パラメーター share メー). A lone one-kanji verb stem, pronoun or suffix (使われた,
    何) frames a question rather than names anything. The origin ("フェイク" → fake) lets a Japanese
    question meet an English abstract's wording.
    """
    out: list[str] = []
    compound: list[tuple[str, str]] = []  # (kanji, part of speech) of the words of the kanji run so far

    def close() -> None:
        lone_grammar = len(compound) == 1 and len(compound[0][0]) == 1 and compound[0][1] in _GRAMMAR_POS
        if compound and not lone_grammar:
            out.extend(_cjk_bigrams("".join(kanji for kanji, _ in compound)))
        compound.clear()

    for word in _tagger()(run):
        surface, pos = word.surface, word.feature.pos1
        if pos == "代名詞":
            close()  # 「結局何を」: a pronoun frames the question and joins no compound (no 局何)
            continue
        if _KANJI_WORD.fullmatch(surface):
            compound.append((surface, pos))
            if pos == "接尾辞" and surface in _MEASURE_SUFFIXES and len(compound) > 1:
                out.append(surface)
            continue
        content = _CONTENT_RUN.findall(surface)
        if content and _KANJI_WORD.fullmatch(content[0]) and surface.startswith(content[0]):
            compound.append((content[0], pos))  # 使わ(れた), 速(く): the kanji ends the run
            content = content[1:]
        close()
        for part in content:
            out.extend([part] if _KATAKANA_WORD.fullmatch(part) else _cjk_bigrams(part))
            if word.is_unk and _KATAKANA_WORD.fullmatch(part):
                out.extend(_loanword_pieces(part))
        out.extend(_origin(word))
    close()
    return tuple(out)


# katakana ァ-ヶ and hiragana ぁ-ゖ lie 0x60 apart: a reading is kept in hiragana, a loanword typed in it is katakana
TO_HIRAGANA = str.maketrans({chr(c): chr(c - 0x60) for c in range(ord("ァ"), ord("ヶ") + 1)})
TO_KATAKANA = str.maketrans({chr(c): chr(c + 0x60) for c in range(ord("ぁ"), ord("ゖ") + 1)})


def kanji_readings(text: str) -> Counter[tuple[str, str]]:
    """The words of a Japanese text written with kanji, as (reading in hiragana, word) pairs, counted: 拡散
    as かくさん, 速く as はやく, and a run of up to three such words as one (時系列 as じけいれつ, which MeCab
    reads as 時 and 系列). A question typed on a phone without converting is read back into them."""
    found: Counter[tuple[str, str]] = Counter()
    run: list[tuple[str, str]] = []
    for word in _tagger()(text):
        kana = word.feature.kana
        if not (kana and kana != "*" and _KANJI_WORD.search(word.surface)):
            run = []
            continue
        reading = kana.translate(TO_HIRAGANA)
        if not _KANJI_WORD.fullmatch(word.surface):  # 速く: a word of its own, never part of a compound
            found[reading, word.surface] += 1
            run = []
            continue
        run = [*run[-2:], (word.surface, reading)]
        for start in range(len(run)):
            found["".join(k for _, k in run[start:]), "".join(s for s, _ in run[start:])] += 1
    return found


def _origin(word) -> list[str]:
    """The English word UniDic gives a loanword as its origin (フェイク → fake), stemmed."""
    origin = (word.feature.lemma or "").partition("-")[2]
    return [_stem(origin.lower())] if origin.isascii() and origin.isalpha() and origin.lower() not in STOP_WORDS else []


@lru_cache(maxsize=4096)
def _loanword_pieces(katakana: str) -> tuple[str, ...]:
    """A katakana compound MeCab does not know, as the loanwords it is made of, with their origins:
    ディープガウスプロセスモデル is ディープ, ガウス, プロセス, モデル (deep, gauss, process, model), as the
    question writing ディープガウス過程 has them. Longest known word first; every piece three kana or more
    (データマン stays one coined name); none when the compound does not divide so."""
    if len(katakana) < 6:
        return ()
    for end in range(len(katakana) - 3, 2, -1):
        head, rest = _known_word(katakana[:end]), katakana[end:]
        if head is None:
            continue
        whole = _known_word(rest) if len(rest) >= 3 else None
        tail = (rest, *whole) if whole is not None else _loanword_pieces(rest)
        if tail:
            return (katakana[:end], *head, *tail)
    return ()


def _known_word(katakana: str) -> tuple[str, ...] | None:
    """The origin of a word the dictionary knows as one word (read at once: the tagger reuses its nodes)."""
    words = list(_tagger()(katakana))
    return tuple(_origin(words[0])) if len(words) == 1 and not words[0].is_unk else None


def _cjk_bigrams(run: str) -> list[str]:
    if len(run) == 1:
        return [run]
    return [run[i : i + 2] for i in range(len(run) - 1)]


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance: the insertions, deletions and substitutions turning `a` into `b`."""
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i]
        for j, y in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y)))
        previous = current
    return previous[-1]


_ARTICLES = frozenset({"a", "an", "the"})


def expands(acronym: str, text: str) -> bool:
    """Whether `text` spells out `acronym` (CHF → "critical heat flux"): its letters are the initials
    of consecutive words. Research questions abbreviate what abstracts write in full."""
    acronym = acronym[:-1] if acronym.endswith("s") and acronym[:-1].isupper() else acronym  # NNs: neural networks
    if not 2 <= len(acronym) <= 6 or not acronym.isalpha():
        return False
    lowered = text.lower()
    # "pre-trained language model" for PLM (a hyphenated word one initial), "mixture-of-experts" for MoE.
    spans = (
        m.group(0)
        for gap in (r"[\w-]*\W+", r"\w*[\W_]+")
        for m in re.finditer(r"\b" + gap.join(re.escape(c) for c in acronym.lower()) + r"\w*", lowered)
    )
    # Two letters are the initials of some two words in most texts ("and improve" for AI): only words that
    # carry meaning spell one out ("machine learning"). A longer one may take a small word inside
    # (mixture-of-experts, MoE), but no article and none at either end ("enhancing the accuracy",
    # "end-to-end training and" are no ETA).
    return any(_spells(span, len(acronym)) for span in spans)


def _spells(span: str, letters: int) -> bool:
    if letters == 2:
        return not set(re.findall(r"\w+", span)) & STOP_WORDS
    # words as written apart: "state-of-the-art" is one, its "the" one of SOTA's letters
    words = [w.strip("()[],.;:") for w in span.split()]
    return not set(words) & _ARTICLES and words[0] not in STOP_WORDS and words[-1] not in STOP_WORDS


def acronyms(text: str) -> dict[str, str]:
    """{term: acronym} for the all-capital words of a text (CHF, ML), which may stand for longer names."""
    # Letter lookarounds rather than \b: in "CHF予測" the kana and kanji count as word characters.
    found = re.findall(r"(?<![A-Za-z0-9])[A-Z]{2,6}s?(?![A-Za-z0-9])", text)
    # Mixed case with two capitals or more (MoE, GNNs): short enough to be an acronym, not a name (DataMan).
    short = re.findall(r"(?<![A-Za-z0-9])[A-Za-z]{2,5}(?![A-Za-z0-9])", text)
    found += [w for w in short if sum(c.isupper() for c in w) >= 2]
    if written_in_lower_case(text):
        # "in the chf paper, which uq approach…": a writer who capitalises nothing writes acronyms in lower
        # case too; any short word may be one, and counts as one only where a text spells it out
        found += [w for w in short if w not in STOP_WORDS]
    return {_stem(w.lower()): w for w in found}


def written_in_lower_case(text: str) -> bool:
    """Whether a text's Latin letters are all lower case (and there are some words of them)."""
    latin = re.findall(r"[A-Za-z]", text)
    return len(latin) >= 10 and not any(c.isupper() for c in latin)
