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

from rag.evidence import EvidenceScorer
from rag.models import Passage
from rag.questions import Question

# Calibrated on bench/calibration/relevance_questions.jsonl (bench/calibrate_relevance.py): the
# midpoints between the lowest-scoring answerable and the highest-scoring unanswerable questions.
RELEVANCE_MIN = 0.80  # dense cosine + term coverage, for English questions
COVERAGE_MIN_JA = 0.45  # Japanese questions: bigram coverage alone
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
        """Per paper: (best dense cosine, coverage of the query's terms by its passages)."""
        weights = self.scorer.weights(query)
        out: dict[str, tuple[float, float]] = {}
        texts: dict[str, list[str]] = {}
        for p in passages:
            texts.setdefault(p.paper_id, [p.paper.title]).append(p.chunk.text)
            dense = p.dense if p.dense is not None and p.chunk.lang == "en" else -1.0
            out[p.paper_id] = (max(out.get(p.paper_id, (-1.0, 0.0))[0], dense), 0.0)
        for pid, parts in texts.items():
            out[pid] = (out[pid][0], self.scorer.overlap(weights, " ".join(parts)))
        return out

    @staticmethod
    def passes(question: Question, dense: float, coverage: float) -> bool:
        if question.lang == "ja":
            return coverage >= COVERAGE_MIN_JA
        return max(dense, 0.0) + coverage >= RELEVANCE_MIN

    def judge(self, question: Question, query: str, passages: Sequence[Passage]) -> Verdict:
        if not passages:
            return Verdict(False, -1.0, 0.0)
        per_paper = self.features(question, query, passages)
        supported = {pid for pid, (d, c) in per_paper.items() if self.passes(question, d, c)}
        dense = max(d for d, _ in per_paper.values())
        coverage = max(c for _, c in per_paper.values())
        return Verdict(bool(supported), dense, coverage, supported)
