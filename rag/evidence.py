"""Sentences as evidence: how well a sentence of a passage answers a question.

The same two measures serve the offline answerer (which sentences to quote) and the check of an
LLM's answer (whether a cited passage supports a sentence): meaning, as the cosine of the sentence
embeddings, and wording, as the share of the question's informative terms (IDF-weighted) that the
sentence contains. MiniLM knows no Japanese, so Japanese text is judged by wording alone.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from rag.models import Passage
from rag.store import Store
from rag.text import is_cjk, split_sentences, terms

_HAS_NUMBER = re.compile(r"\d")
_DENSE_SHARE = 0.6  # weight of meaning against wording when both can be measured


_PREFIX_MIN = 5  # "speed" in "speedup", "accelerat" in "acceleration": part credit, not full
_PREFIX_CREDIT = 0.7


def _match(term: str, present: set[str]) -> float:
    if term in present:
        return 1.0
    if len(term) >= _PREFIX_MIN and any(
        len(other) >= _PREFIX_MIN and (other.startswith(term) or term.startswith(other)) for other in present
    ):
        return _PREFIX_CREDIT
    return 0.0


@dataclass
class Evidence:
    sentence: str
    passage: Passage
    position: int  # index of the sentence within its chunk, to restore reading order
    score: float = 0.0
    dense: float | None = None
    overlap: float = 0.0

    @property
    def paper_id(self) -> str:
        return self.passage.paper.id

    @property
    def order(self) -> tuple:
        chunk = self.passage.chunk
        return (chunk.lang, chunk.index, self.position)


class EvidenceScorer:
    def __init__(self, store: Store, cache_size: int = 20_000):
        self.store = store
        self._vectors: OrderedDict[str, np.ndarray] = OrderedDict()
        self._cache_size = cache_size

    # --- embeddings with a small LRU cache: the same abstracts' sentences come back often ------------
    def vectors(self, texts: Sequence[str]) -> np.ndarray:
        missing = [t for t in dict.fromkeys(texts) if t not in self._vectors]
        if missing:
            for text, vector in zip(missing, self.store.embeddings.embed_documents(missing)):
                self._vectors[text] = np.asarray(vector, dtype=np.float32)
            while len(self._vectors) > self._cache_size:
                self._vectors.popitem(last=False)
        for text in texts:
            self._vectors.move_to_end(text)
        return np.stack([self._vectors[t] for t in texts]) if texts else np.zeros((0, 384), dtype=np.float32)

    # --- measures -----------------------------------------------------------------------------
    def weights(self, query: str) -> dict[str, float]:
        """IDF of the query's terms: rare words ("JOENA", "speedup") count more than common ones."""
        return self.store.lexical.idf(terms(query))

    @staticmethod
    def overlap(weights: dict[str, float], text: str) -> float:
        total = sum(weights.values())
        if not total:
            return 0.0
        present = set(terms(text))
        return sum(w * _match(t, present) for t, w in weights.items()) / total

    def candidates(self, passages: Sequence[Passage], lang: str | None = None) -> list[Evidence]:
        """Every sentence of the passages (of one language when given), once each."""
        seen: set[str] = set()
        out: list[Evidence] = []
        for passage in passages:
            if lang and passage.chunk.lang != lang:
                continue
            for position, sentence in enumerate(split_sentences(passage.chunk.text)):
                if sentence not in seen and len(sentence) > 12:
                    seen.add(sentence)
                    out.append(Evidence(sentence, passage, position))
        return out

    def score(
        self,
        question: str,
        evidence: list[Evidence],
        *,
        question_vector: Sequence[float] | None = None,
        weights: dict[str, float] | None = None,
        wants_number: bool = False,
    ) -> list[Evidence]:
        """Score each sentence against the question; returns them best first."""
        if not evidence:
            return []
        weights = weights if weights is not None else self.weights(question)
        english = [e for e in evidence if not is_cjk(e.sentence)]
        if english and not is_cjk(question):
            qv = np.asarray(question_vector if question_vector is not None else self.store.embeddings.embed_query(question), dtype=np.float32)
            sims = self.vectors([e.sentence for e in english]) @ qv
            for e, sim in zip(english, sims.tolist()):
                e.dense = sim
        for e in evidence:
            e.overlap = self.overlap(weights, e.sentence)
            e.score = e.overlap if e.dense is None else _DENSE_SHARE * e.dense + (1 - _DENSE_SHARE) * e.overlap
            if wants_number and _HAS_NUMBER.search(e.sentence):
                e.score += 0.1
        return sorted(evidence, key=lambda e: e.score, reverse=True)

    def support(self, claim: str, sources: Sequence[str], weights: dict[str, float] | None = None) -> float:
        """How well the best of `sources` supports `claim`, on the same scale as `score`."""
        if not sources:
            return 0.0
        weights = weights if weights is not None else self.weights(claim)
        wording = max(self.overlap(weights, s) for s in sources)
        if is_cjk(claim):
            return wording
        meaning = float(np.max(self.vectors(list(sources)) @ self.vectors([claim])[0]))
        return _DENSE_SHARE * meaning + (1 - _DENSE_SHARE) * wording
