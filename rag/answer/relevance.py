"""Is anything retrieved relevant enough to answer? The calibrated gate behind abstaining.

Two signals, because each fails alone: the dense cosine of question and passage (robust to
paraphrase, but a question sharing a topic word with a paper scores middling), and the share of the
question's informative terms that the passages contain (catches "capital of France" sharing nothing,
and a question about protein folding that shares only "network" with a paper). Japanese questions
rely on the second, measured on character bigrams. Thresholds are calibrated on questions written
for the purpose (bench/calibration), not on the evaluation cases; see docs/BENCHMARKS.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from rag.answer.evidence import EvidenceScorer
from rag.models import Passage
from rag.answer.questions import Question, alternatives

# Calibrated on bench/calibration/relevance_questions.jsonl (bench/calibrate_relevance.py): where
# the fewest answerable and unanswerable questions are misjudged, mid-gap among equals.
RELEVANCE_MIN = 1.11  # dense cosine + COVERAGE_WEIGHT × term coverage, for English questions
# A question that names its paper (JOENA, DataMan) only has to show that the paper covers what it
# asks of it: what it lacks ("DataMan" and "protein folding") leaves the coverage at nothing.
RELEVANCE_MIN_NAMED = 0.91
COVERAGE_WEIGHT = 1.5  # wording counts more: MiniLM rates "graph networks for drug discovery" close to network alignment
COVERAGE_MIN_JA = 0.55  # Japanese questions: bigram coverage alone

SET_SHARE = 0.6  # a paper joins a "which papers" answer when its best sentence scores this share of the best


@dataclass
class Verdict:
    relevant: bool
    dense: float
    coverage: float
    supported: set[str] = field(default_factory=set)  # papers whose own passages pass the gate


class Relevance:
    def __init__(self, scorer: EvidenceScorer):
        self.scorer = scorer

    def features(self, question: Question, query: str, passages: Sequence[Passage]) -> dict[str, tuple[float, float]]:
        """Per paper, its best passage's (dense cosine, coverage of the query's terms by title + passage).

        One passage at a time: a question must be answered by one place in a paper, not by words
        scattered over several ("protein" nowhere, "graph" here, "prediction" there). A question
        of alternatives ("faster inference or a speedup") is covered by covering one of them.
        """
        weights = [self.scorer.weights(alt) for alt in alternatives(query)]
        texts = [f"{p.paper.title} {p.chunk.text}" for p in passages]
        similar = self.scorer.similar_terms({t for w in weights for t in w}, texts) if question.lang == "en" else {}
        best: dict[str, tuple[float, float]] = {}
        for p, text in zip(passages, texts):
            dense = p.dense if p.dense is not None and p.chunk.lang == "en" and question.lang == "en" else 0.0
            coverage = max(self.scorer.overlap(w, text, similar) for w in weights)
            if p.paper_id not in best or combined(question, dense, coverage) > combined(question, *best[p.paper_id]):
                best[p.paper_id] = (dense, coverage)
        return best

    @staticmethod
    def passes(question: Question, dense: float, coverage: float, *, named: bool = False) -> bool:
        if question.lang == "ja":
            # A Japanese question that names its paper ("JOENAは…") leaves few words to match
            # against a machine-translated summary, and no dense signal; the name says what it is about.
            return named or coverage >= COVERAGE_MIN_JA
        if named:
            return coverage > 0 and combined(question, dense, coverage) >= RELEVANCE_MIN_NAMED
        return combined(question, dense, coverage) >= RELEVANCE_MIN

    def judge(self, question: Question, query: str, passages: Sequence[Passage], *, named: bool = False) -> Verdict:
        """`named`: the question or the conversation named the papers the passages come from."""
        if not passages:
            return Verdict(False, 0.0, 0.0)
        per_paper = self.features(question, query, passages)
        supported = {pid for pid, (d, c) in per_paper.items() if self.passes(question, d, c, named=named)}
        dense = max(d for d, _ in per_paper.values())
        coverage = max(c for _, c in per_paper.values())
        return Verdict(bool(supported), dense, coverage, supported)


def combined(question: Question, dense: float, coverage: float) -> float:
    return coverage if question.lang == "ja" else max(dense, 0.0) + COVERAGE_WEIGHT * coverage
