"""Question → Passages: dense and lexical search, fused, then diversified across papers.

Fusion is a convex combination of the two scores, each known for every candidate: a chunk found by
only one side gets its missing score computed exactly (its stored vector's cosine, or its BM25 with
the same query) rather than counted as absent, as reciprocal-rank fusion does. Cosine is scaled
from its range [-1, 1] and BM25 by the best candidate's score (Bruch et al., "An Analysis of Fusion
Functions for Hybrid Retrieval", 2023, found this both stronger than RRF and steady across datasets).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rag.models import Passage
from rag.store import Store
from rag.text import is_cjk

MODES = ("hybrid", "dense", "bm25")


@dataclass(frozen=True)
class FusionWeights:
    dense: float = 0.6  # share of the dense score; the lexical score gets the rest
    # MiniLM was trained on English only: for a Japanese question the character bigrams carry the
    # meaning and the dense side mostly adds noise.
    dense_cjk: float = 0.15


class Retriever:
    def __init__(self, store: Store, weights: FusionWeights = FusionWeights(), candidates: int = 40):
        self.store = store
        self.weights = weights
        self.candidates = candidates
        self._recent: dict[str, list[float]] = {}

    def embed_query(self, query: str) -> list[float]:
        # One question runs several searches (the whole, each compared part, each paper): embed once.
        vector = self._recent.get(query)
        if vector is None:
            vector = self.store.embeddings.embed_query(query)
            self._recent[query] = vector
            if len(self._recent) > 256:
                self._recent.pop(next(iter(self._recent)))
        return vector

    def search(
        self,
        query: str,
        k: int = 6,
        paper_ids: Sequence[str] | None = None,
        *,
        mode: str = "hybrid",
        per_paper: int | None = 2,
        query_vector: list[float] | None = None,
    ) -> list[Passage]:
        """The k best passages for `query`, at most `per_paper` from one paper while others qualify."""
        scored = self.score(query, paper_ids, mode=mode, query_vector=query_vector)
        return self._passages(_diversify(scored, k, per_paper))

    def score(
        self,
        query: str,
        paper_ids: Sequence[str] | None = None,
        *,
        mode: str = "hybrid",
        query_vector: list[float] | None = None,
        depth: int | None = None,
    ) -> list[tuple[str, str, float, float | None, float | None]]:
        """Candidates as (chunk id, paper id, fused score, cosine, bm25), best first.

        `depth` chunks are taken from each side (default: the retriever's `candidates`).
        """
        if mode not in MODES:
            raise ValueError(f"unknown retrieval mode {mode!r}; expected one of {', '.join(MODES)}")
        n = depth or self.candidates
        lexical = dict(self.store.lexical.search(query, n, paper_ids)) if mode != "dense" else {}
        dense: dict[str, float] = {}
        if mode != "bm25":
            vector = query_vector if query_vector is not None else self.embed_query(query)
            dense = dict(self.store.dense_search(vector, n, paper_ids))
            if mode == "hybrid":
                # Exact scores for the candidates only one side found.
                dense.update(self.store.cosine(vector, [cid for cid in lexical if cid not in dense]))
                missing = [cid for cid in dense if cid not in lexical]
                lexical.update(self.store.lexical.search(query, len(missing), paper_ids, chunk_ids=missing))
        w = self.weights.dense_cjk if is_cjk(query) else self.weights.dense
        if mode == "dense":
            w = 1.0
        elif mode == "bm25":
            w = 0.0
        top_bm25 = max(lexical.values(), default=0.0) or 1.0
        fused = []
        for cid in set(dense) | set(lexical):
            cos, bm25 = dense.get(cid), lexical.get(cid)
            score = w * ((cos if cos is not None else -1.0) + 1.0) / 2.0 + (1 - w) * ((bm25 or 0.0) / top_bm25)
            fused.append((cid, _paper_of(cid), score, cos, bm25))
        fused.sort(key=lambda row: row[2], reverse=True)
        return fused

    def rank_papers(
        self,
        query: str,
        k: int,
        paper_ids: Sequence[str] | None = None,
        *,
        mode: str = "hybrid",
        query_vector: list[float] | None = None,
    ) -> list[tuple[str, float]]:
        """The k best papers as (paper id, score), each scored by its best chunk."""
        if mode != "bm25" and query_vector is None:
            query_vector = self.embed_query(query)
        depth = max(self.candidates, 3 * k)
        while True:
            rows = self.score(query, paper_ids, mode=mode, query_vector=query_vector, depth=depth)
            best: dict[str, float] = {}
            for _, pid, score, _, _ in rows:
                best.setdefault(pid, score)
            # Papers with many matching chunks can crowd the candidates: look deeper until k papers show
            # or the index (or the allowed papers) has nothing more.
            if len(best) >= k or len(rows) < depth or (paper_ids and len(best) >= len(set(paper_ids))):
                return list(best.items())[:k]
            depth *= 2

    def paper_passages(self, paper_id: str) -> list[Passage]:
        """All of one paper's chunks, in reading order (an abstract is short enough to read whole)."""
        paper = self.store.paper(paper_id)
        if paper is None:
            return []
        return [Passage(chunk=c, paper=paper, score=0.0) for c in self.store.lexical.chunks_of(paper_id)]

    def _passages(self, rows) -> list[Passage]:
        chunks = self.store.lexical.chunks_by_id([row[0] for row in rows])
        papers = {pid: self.store.paper(pid) for pid in {row[1] for row in rows}}
        return [
            Passage(chunk=chunks[cid], paper=papers[pid], score=score, dense=cos, lexical=bm25)
            for cid, pid, score, cos, bm25 in rows
            if cid in chunks and papers.get(pid) is not None
        ]


def _paper_of(chunk_id: str) -> str:
    # Chunk ids are "<paper id>:<version>:<lang><index>"; paper ids may themselves hold colons.
    return chunk_id.rsplit(":", 2)[0]


def _diversify(rows, k: int, per_paper: int | None):
    """Keep rank order but let no paper take more than `per_paper` slots while other papers qualify."""
    if per_paper is None:
        return rows[:k]
    chosen, overflow, taken = [], [], {}
    for row in rows:
        pid = row[1]
        if taken.get(pid, 0) < per_paper:
            chosen.append(row)
            taken[pid] = taken.get(pid, 0) + 1
        else:
            overflow.append(row)
        if len(chosen) == k:
            return chosen
    return sorted(chosen + overflow[: k - len(chosen)], key=lambda row: row[2], reverse=True)
