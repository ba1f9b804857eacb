"""Retrieval quality on a BEIR collection: index it into a throwaway store, rank documents with each
retriever, score the rankings with ir-measures (pytrec_eval underneath, the BEIR paper's scorer)."""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rag.answer.retrieval import MODES, Retriever
from rag.evaluation.beir import BeirCollection
from rag.index.chunking import chunk_paper
from rag.index.store import Store
from rag.models import Chunk, Paper
from rag.settings import Settings

log = logging.getLogger(__name__)

INDEX_BATCH = 64  # papers per embed-and-write step: the progress bar moves every few seconds
RECALL_DEPTH = 100  # Recall@100 needs a hundred documents per query


def measures(k: int) -> dict[str, Any]:
    """Our metric names → ir-measures measures: nDCG (graded gains), recall and reciprocal rank."""
    from ir_measures import RR, R, nDCG

    return {f"ndcg@{k}": nDCG @ k, f"recall@{k}": R @ k, f"recall@{RECALL_DEPTH}": R @ RECALL_DEPTH, f"mrr@{k}": RR @ k}


Run = dict[str, dict[str, float]]  # query id → {document id: score}


def score_run(qrels: dict[str, dict[str, int]], run: Run, k: int = 10) -> dict[str, float]:
    """Mean of each measure over all judged queries; a query with nothing retrieved counts as 0."""
    import ir_measures

    wanted = measures(k)
    names = {str(measure): name for name, measure in wanted.items()}
    totals = dict.fromkeys(wanted, 0.0)
    # pytrec_eval leaves out queries that have no results; dividing by every judged query puts them back as 0.
    for metric in ir_measures.iter_calc(list(wanted.values()), qrels, {q: docs for q, docs in run.items() if docs}):
        totals[names[str(metric.measure)]] += metric.value
    return {name: total / len(qrels) for name, total in totals.items()}


@dataclass
class RetrievalEvaluation:
    metrics: dict[str, dict[str, float]]  # retriever → measure → mean
    queries: int
    documents: int
    runs: dict[str, Run] = field(default_factory=dict, repr=False)  # retriever → ranked documents

    def to_dict(self) -> dict:
        return {
            "retrievers": {mode: {m: round(v, 4) for m, v in scores.items()} for mode, scores in self.metrics.items()},
            "queries": self.queries,
            "documents": self.documents,
        }


def index_papers(
    papers: Sequence[Paper],
    store: Store,
    progress: Callable[[int], None] | None = None,
    embed: Callable[[list[Chunk]], list] | None = None,
) -> int:
    """Chunk, embed (with the store's model unless `embed` is given) and write papers into `store`
    in batches, as ingest does; returns the chunk count."""
    embed = embed or store.embed
    total = 0
    for start in range(0, len(papers), INDEX_BATCH):
        batch = papers[start : start + INDEX_BATCH]
        chunks = [chunk for paper in batch for chunk in chunk_paper(paper)]
        store.write(batch, chunks, embed(chunks))
        total += len(chunks)
        if progress:
            progress(len(batch))
    return total


def evaluate_collection(
    collection: BeirCollection,
    settings: Settings,
    *,
    k: int = 10,
    modes: Iterable[str] = MODES,
    progress: bool = False,
) -> RetrievalEvaluation:
    """Index the collection into a temporary local store (never the user's) and evaluate each retriever on it."""
    from tqdm import tqdm

    with tempfile.TemporaryDirectory(prefix="rag-eval-") as folder:
        # Always a fresh embedded store: the user's index and Chroma server stay untouched.
        store = Store(
            settings.model_copy(update={"store_dir": Path(folder), "chroma_host": None, "collection": "beir"})
        )
        with tqdm(
            total=len(collection.papers), unit="doc", desc="Embedding", disable=not progress, dynamic_ncols=True
        ) as bar:
            chunks = index_papers(collection.papers, store, bar.update)
        log.info("indexed %d documents as %d chunks", len(collection.papers), chunks)
        evaluation = evaluate_store(Retriever(store), collection, k=k, modes=modes, progress=progress)
        store.lexical.close()
        return evaluation


def evaluate_store(
    retriever: Retriever,
    collection: BeirCollection,
    *,
    k: int = 10,
    modes: Iterable[str] = MODES,
    progress: bool = False,
) -> RetrievalEvaluation:
    """Rank documents (each by its best chunk) for every query with each retriever, and score the rankings."""
    from tqdm import tqdm

    modes = list(modes)
    depth = max(k, RECALL_DEPTH)
    runs: dict[str, Run] = {mode: {} for mode in modes}
    for query_id, text in tqdm(
        collection.queries.items(), desc="Searching", unit="query", disable=not progress, dynamic_ncols=True
    ):
        vector = retriever.embed_query(text)  # once per query, shared by the retrievers that use it
        for mode in modes:
            runs[mode][query_id] = dict(retriever.rank_papers(text, depth, mode=mode, query_vector=vector))
    metrics = {mode: score_run(collection.qrels, runs[mode], k) for mode in modes}
    return RetrievalEvaluation(metrics, len(collection.queries), len(collection.papers), runs)


def write_trec_run(path: Path, run: Run, name: str) -> None:
    """A run in TREC format (`qid Q0 docid rank score name`), readable by trec_eval and ir-measures."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as out:
        for query_id, docs in run.items():
            for rank, (doc_id, score) in enumerate(
                sorted(docs.items(), key=lambda item: item[1], reverse=True), start=1
            ):
                out.write(f"{query_id} Q0 {doc_id} {rank} {score:.6f} {name}\n")
