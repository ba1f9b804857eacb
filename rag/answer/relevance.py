"""Is anything retrieved relevant enough to answer? The calibrated gate behind abstaining.

Three signals, because each fails alone, per paper on its best passage:
- meaning: the dense cosine of question and passage (robust to paraphrase, but a question sharing a
  topic word with a paper scores middling);
- wording: the IDF-weighted share of the question's asked terms (less the words that frame any
  research question: "problem", "method", "results") that the passage and its title contain, exactly,
  by a shared prefix, as a word of near meaning or as an acronym (CHF for "critical heat flux");
- foreignness: the share of the asked terms that no passage of the whole collection contains
  ("capital", "France"), which a paraphrase of a paper's content rarely has much of.
A logistic model combines them into the probability that the paper covers the question; it is fitted
(bench/calibrate_relevance.py) on questions written for the purpose and on the development halves of
the blind question sets, never on the sets that judge it. English questions that name their paper,
English ones that do not, and Japanese ones (wording and foreignness only: MiniLM knows no Japanese)
each have their own coefficients.
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field

from rag.answer.conversation import points_back
from rag.answer.evidence import Acronyms, EvidenceScorer, match
from rag.answer.questions import FRAMING_TERMS, Question, alternatives, asked_terms, without_junctions
from rag.loanwords import katakana_words, latin_words, renders_whole
from rag.models import Passage
from rag.text import compounds, is_cjk, junctions, plural_pair, terms

SET_SHARE = 0.4  # a paper joins a "which papers" answer when its best sentence scores this share of the best


@dataclass(frozen=True)
class Features:
    dense: float  # cosine of question and the paper's best passage (0 for Japanese)
    coverage: float  # share of the asked terms that passage and its title contain
    foreign: float  # share of the asked terms that the whole collection lacks


@dataclass(frozen=True)
class GateModel:
    """P(covered) = logistic(score), score = dense·d + coverage·c + foreign·f + bias; covered when score ≥ 0."""

    dense: float
    coverage: float
    foreign: float
    bias: float

    def score(self, f: Features) -> float:
        return self.dense * f.dense + self.coverage * f.coverage + self.foreign * f.foreign + self.bias


# Fitted by `python -m bench.calibrate_relevance` (its output lists the data and the errors left). The
# question gate decides whether to answer at all, on the best paper; the paper gate, fitted on every
# retrieved paper, which further papers join an answer gathered across the collection.
QUESTION_GATES = {
    "en": GateModel(dense=7.49, coverage=7.95, foreign=-3.1, bias=-4.45),
    # "is there any work here on …?", "which paper …?": asked of the collection, whose papers it expects to
    # bear on it; fitted apart, on such questions alone
    "en_topic": GateModel(dense=6.23, coverage=6.12, foreign=-3.49, bias=-1.38),
    "named": GateModel(dense=2.8, coverage=6.84, foreign=0.0, bias=-2.56),
    "ja": GateModel(dense=0.0, coverage=6.33, foreign=-2.0, bias=-0.77),
}
PAPER_GATES = {
    "en": GateModel(dense=13.41, coverage=7.38, foreign=0.0, bias=-8.89),
    "ja": GateModel(dense=0.0, coverage=11.02, foreign=0.0, bias=-6.34),
}


def gate_group(question: Question, named: bool) -> str:
    if question.lang == "ja":
        return "ja"
    # "which one performed worst?", "both finetune, right?" choose among the papers just talked about
    asked_of_collection = question.identifies and not points_back(question.text)
    return "named" if named else ("en_topic" if asked_of_collection else "en")


@dataclass
class Verdict:
    relevant: bool
    strength: float  # the best paper's gate score (log-odds of being covered)
    supported: set[str] = field(default_factory=set)  # papers whose own passages pass the gate
    features: dict[str, Features] = field(default_factory=dict)


LATIN_IN_JAPANESE = 2.0
# a word in at most this many passages still tells a part of a Japanese question apart
_RARE_IN_PASSAGES = 2
_ACRONYM_LENGTH = 5
_SUFFIXES = frozenset("的性化系")
_POWER = "力"
# "Which papers…?" (or a Japanese question): a paper holding as many of the asked words as the best one
# joins it, however little its best passage means the same as the question (the one sentence saying
# "guaranteed convergence" sits in a passage about something else).
SAME_WORDING = 1.0
# "a paper about nuclear power", "anything for the finance sector": the word before names the field; the
# head says only that it is one, and a collection without the word ("nuclear reactors") still covers it.
# Not "power transformers" (the head of nothing) nor "do power": a content word before, nothing after.
_FIELD_HEAD = re.compile(
    r"\b(?!(?:the|a|an|of|about|on|in|for|and|or|to|with|do|does|did|is|are|was|were|what|how|which|any)\b)[A-Za-z][\w-]+\s+"
    r"(power|industr(?:y|ies)|sectors?|markets?|business(?:es)?)\b"
    r"(?=\s*$|\s*[^\w\s]|\s+(?:in|of|for|and|or|to|with|on|at|as|by|is|are|was|were)\b)",
    re.IGNORECASE,
)


_KATAKANA = re.compile(r"[ァ-ヺー]+")  # a term all in katakana, however short (オブ of ミクスチャーオブ…)


class Relevance:
    def __init__(self, scorer: EvidenceScorer):
        self.scorer = scorer

    def features(
        self, question: Question, query: str, passages: Sequence[Passage], clauses: bool = True, items: bool = False
    ) -> dict[str, Features]:
        """Per paper, the features of its best passage (by the English unnamed gate's weighting).

        One passage at a time: a question must be answered by one place in a paper, not by words
        scattered over several ("protein" nowhere, "graph" here, "prediction" there). A question
        of alternatives ("faster inference or a speedup") is covered by covering one of them; with
        `items`, by covering the thing one of them lists.
        """
        found = alternatives(query, clauses=clauses)
        if items:
            # 「枝刈りとかsparsityでモデルを小さくする」: each alternative by the thing it lists alone, for a gate
            # reading wording alone would pass a paper on the words they share (モデル, 小さ)
            found = _listed(found[1:])
        wanted = [self._asked_weights(alt) for alt in found]
        if question.lang == "ja" and clauses and not items and wanted[0]:
            # 「研究室のGPUサーバの予約ルール、一般的にどう決めるのがいい」: to a gate reading wording alone, a part of the
            # question made only of words several papers write (一般) is none it may be covered by; a thing it lists
            # (「AとかB」, 「pruning、quantization、…など」: a term kept in English) or one with a rare word
            # (「人間の好みに基づく報酬に」) is
            listed = set(alternatives(query, clauses=False))
            wanted = [w for alt, w in zip(found, wanted) if alt in listed or self._telling(w)]
        wanted = [w for w in wanted if w] or [{}]
        texts = [f"{p.paper.title} {p.chunk.text}" for p in passages]
        if question.lang == "ja":
            # A Japanese question mixes the summary's words with English terms (CHF, MoE) that only the
            # English abstract holds: each paper's retrieved passages, in both languages, are read together.
            together: dict[str, str] = {}
            for p, text in zip(passages, texts):
                together[p.paper_id] = f"{together.get(p.paper_id, '')} {text}"
            texts = [together[p.paper_id] for p in passages]
        asked = {t for w in wanted for t in w}
        # a Japanese word's vector says little: only the table of senses bridges its paraphrases (速, スピードアップ),
        # and a word the asker writes in katakana is the English word it renders (クオンタイゼーション, quantization)
        similar = (
            self.scorer.similar_terms(asked, texts, question.text)
            if question.lang == "en"
            else self.scorer.same_sense(asked, texts)
        )
        rendered = self._renderings(asked, texts, query) if question.lang == "ja" else {}
        similar |= {t: similar.get(t, set()) | words for t, words in rendered.items()}
        short = self.scorer.acronyms(question.text)
        joined = compounds(query)
        meeting = junctions(query)
        foreign = self._foreign(wanted[0], rendered)
        best: dict[str, Features] = {}
        for p, text in zip(passages, texts):
            dense = p.dense if p.dense is not None and p.chunk.lang == "en" and question.lang == "en" else 0.0
            coverage = max(_coverage(w, text, similar, short, joined, meeting) for w in wanted)
            f = Features(max(dense, 0.0), coverage, foreign)
            if p.paper_id not in best or QUESTION_GATES["en"].score(f) > QUESTION_GATES["en"].score(best[p.paper_id]):
                best[p.paper_id] = f
        return best

    def _asked_weights(self, text: str) -> dict[str, float]:
        asked = [t for t in without_junctions(terms(text)) if t not in FRAMING_TERMS]
        weights = self.scorer.store.lexical.idf(asked) if asked else {}
        heads = {t for found in _FIELD_HEAD.finditer(text) for t in terms(found[1])}
        if is_cjk(text):
            # 理論的, 収束性, スパース化: the bigram running into a suffix (論的, 束性) only repeats its stem (理論,
            # 収束), and two suffixes run together (化系 in スパース化系) are no word at all
            stems = {t[-1] for t in weights if len(t) == 2 and is_cjk(t)} | _SUFFIXES
            weights = {t: w for t, w in weights.items() if not (len(t) == 2 and t[1] in _SUFFIXES and t[0] in stems)}
            # 原子力 as "nuclear power" is: 子力 is the head, the papers' 原子炉 the field
            heads |= {t for t in weights if len(t) == 2 and t[1] == _POWER and t[0] in stems}
            # A Japanese question's English words ("hyperfitしたモデル", "optimal transportや…") are the terms
            # of art its writer chose to keep: they say which paper more surely than its kanji bigrams.
            weights = {t: w * (LATIN_IN_JAPANESE if t.isascii() else 1.0) for t, w in weights.items()}
        return self._without_unwritten(heads, weights)

    def _telling(self, weights: dict[str, float]) -> bool:
        """Whether a part of a question has a term of art kept in English or a word one or two passages hold."""
        frequencies = self.scorer.store.lexical.document_frequencies(sorted(weights))
        return any(t.isascii() or 0 < frequencies.get(t, 0) <= _RARE_IN_PASSAGES for t in weights)

    def _without_unwritten(self, heads: set[str], weights: dict[str, float]) -> dict[str, float]:
        """The asked words less the heads of fields ("power" of "nuclear power") that no paper writes."""
        if not heads & weights.keys():
            return weights
        written = self.scorer.store.lexical.document_frequencies(sorted(heads & weights.keys()))
        return {t: w for t, w in weights.items() if t not in heads or written.get(t)} or weights

    def _renderings(self, asked: set[str], texts: Sequence[str], query: str = "") -> dict[str, set[str]]:
        """For each katakana word asked that no summary writes, the terms of the English words of `texts` it
        renders (クオンタイゼーション: "quantization"), where the summary translated them into kanji (量子化).
        A loanword the dictionary read as words it knows (エキスパーツ as エキス "extract" + パーツ "parts")
        renders as a whole: its pieces, and the English they were taken for, stand for that word."""
        kana = [t for t in asked if katakana_words(t) == [t]]
        written = self.scorer.store.lexical.document_frequencies(sorted(kana)) if kana else {}
        kana = [t for t in kana if not written.get(t)]
        english = {w for text in texts for w in latin_words(text)}
        found = {t: {u for w in english if renders_whole(w, t) for u in terms(w)} for t in kana}
        # any two or more pieces in a row that render one English word (エキス+パーツ: "experts"), a word of a
        # hyphenated one too (the "Experts" of a title's "Mixture-of-Experts")
        parts = english | {p for w in english for p in w.split("-") if len(p) > 3}
        for run in katakana_words(query):
            pieces = [t for t in terms(run) if _KATAKANA.fullmatch(t)]
            if run in asked or not set(pieces) <= asked:
                continue
            spans = [pieces[i:j] for i in range(len(pieces)) for j in range(i + 2, len(pieces) + 1)]
            for span in spans:
                words = {u for w in parts if renders_whole(w, "".join(span)) for u in terms(w)}
                for piece in span if words else ():
                    for term in terms(piece):  # the piece and the English it was taken for
                        found[term] = found.get(term, set()) | words
        return {t: words for t, words in found.items() if words}

    def _foreign(self, weights: dict[str, float], rendered: Collection[str] = ()) -> float:
        """The share of the asked weight in words no paper writes (nor renders, as `rendered` words are)."""
        if not weights:
            return 0.0
        # an acronym in the other number ("RM" of a paper's "RMs") is no foreign word
        short = {t: plural_pair(t)[1] for t in weights if len(t) <= _ACRONYM_LENGTH and t.isascii() and t.isalpha()}
        frequencies = self.scorer.store.lexical.document_frequencies(sorted({*weights, *short.values()}))
        known = {t for t in weights if frequencies.get(t) or frequencies.get(short.get(t, "")) or t in rendered}
        return sum(w for t, w in weights.items() if t not in known) / sum(weights.values())

    def judge(self, question: Question, query: str, passages: Sequence[Passage], *, named: bool = False) -> Verdict:
        """`named`: the question or the conversation named the papers the passages come from."""
        if not passages:
            return Verdict(False, -math.inf)
        group = gate_group(question, named)
        per_paper = self.features(question, query, passages)
        if named and (not asked_terms(query) or question.lang == "ja"):
            # "What problem is JOENA solving?": nothing is asked but what any paper answers. A Japanese
            # question that names its paper leaves few words to match against a machine-translated
            # summary, and no dense signal: the name says what it is about.
            return Verdict(True, math.inf, set(per_paper), per_paper)
        gate = QUESTION_GATES[group]
        best, strength = max(((pid, gate.score(f)) for pid, f in per_paper.items()), key=lambda item: item[1])
        if strength < 0:
            return Verdict(False, strength, set(), per_paper)
        # which papers join is judged as for any question: the collection bearing on it says nothing of which
        base = group.removesuffix("_topic")
        others, joining = PAPER_GATES.get(base), QUESTION_GATES[base]
        top = per_paper[best].coverage
        # "Are there papers on dull, repetitive text, or not sticking to a requested length?": each paper that
        # the question's gate passes on one alternative may answer it; in Japanese, whose gate reads wording
        # alone, one that writes every word of the thing an alternative lists (出力 alone is no 出力の長さ)
        either = (
            self.features(question, query, passages, clauses=False, items=question.lang == "ja")
            if question.plural and len(alternatives(query, clauses=False)) > 1
            else {}
        )
        supported = {best} | {
            pid
            for pid, f in per_paper.items()
            if others is None
            or others.score(f) >= 0
            or (_undecided(question) and top and f.coverage >= SAME_WORDING * top)
            or (
                pid in either
                and joining.score(either[pid]) >= 0
                and (question.lang == "en" or either[pid].coverage >= 1)
            )
        }
        return Verdict(True, strength, supported, per_paper)

    def ranked(self, question: Question, query: str, passages: Sequence[Passage]) -> list[tuple[str, float]]:
        """The retrieved papers by the question gate's log-odds that each covers the question, best first."""
        gate = QUESTION_GATES[gate_group(question, False)]
        scored = ((pid, gate.score(f)) for pid, f in self.features(question, query, passages).items())
        return sorted(scored, key=lambda item: item[1], reverse=True)

    def strength(self, question: Question, query: str, passages: Sequence[Passage], *, named: bool = False) -> float:
        """The best paper's gate score (log-odds; -inf when nothing was retrieved)."""
        return self.judge(question, query, passages, named=named).strength


def _undecided(question: Question) -> bool:
    """Whether a paper as well worded for the question as the best one joins it: for "which papers…",
    and for a Japanese question, whose gate reads nothing but wording (equal wording is a tie)."""
    return question.plural or (question.lang == "ja" and not question.singular)


def _coverage(
    weights: dict[str, float],
    text: str,
    similar: dict[str, set[str]],
    short: Acronyms,
    joined: dict[str, tuple[str, ...]],
    meeting: dict[str, tuple[str, str]],
) -> float:
    total = sum(weights.values())
    if not total:
        return 0.0
    present = set(terms(text))

    def credit(t: str) -> float:
        spelled = 1.0 if short.spelled_in(t, text) else 0.0
        # "mixture-of-experts" asked, "mixture of experts" written: the joined form is there when its words are
        parts = min((match(p, present, similar) for p in joined[t]), default=0.0) if t in joined else 0.0
        # 収束保証 asked, 「保証された収束」 written: the two words close together say what the compound does
        near = t in meeting and _close(*meeting[t], text)
        return max(match(t, present, similar), spelled, parts, float(near))

    return sum(w * credit(t) for t, w in weights.items()) / total


# Where a Japanese noun phrase ends: a particle, a mark, a space, a word saying what kind (sparsity系) or the
# change of script after an English word (の joins 出力の長さ into one thing)
_PARTICLE = (
    r"って|[をがはでにもや、。？?!！()（）\s]|(?<!こ)と|系|関連|まわり|周り|など|(?<=[A-Za-z0-9])(?=[^A-Za-z0-9-])"
)


def _listed(parts: list[str]) -> list[str]:
    """The thing each alternative lists: the last noun of the one before the first とか (「同じ文の繰り返し」:
    繰り返し), the first of each after it (「出力の長さを扱っている」: 出力の長さ)."""
    first, *rest = parts
    items = [
        re.split(f"{_PARTICLE}|の", first)[-1],
        *(re.split(_PARTICLE, re.sub(f"^(?:{_PARTICLE})+", "", part))[0] for part in rest),
    ]
    return [item for item in items if item.strip()]


_NEAR = 12  # characters between two words of a compound written apart (「保証された収束」)


def _close(a: str, b: str, text: str) -> bool:
    return (
        re.search(f"{re.escape(a)}.{{0,{_NEAR}}}{re.escape(b)}|{re.escape(b)}.{{0,{_NEAR}}}{re.escape(a)}", text)
        is not None
    )
