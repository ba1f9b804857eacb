"""How much the hybrid retriever's quality depends on its two settings: the dense share and feedback.

    python -m bench.fusion_sweep [--collections scifact cranfield]

The same real Retriever and store as `rag eval-retrieval`, with the chunk vectors taken from the
embedding cache (bench/results/embeddings/, filled on first use) so that the sweep does not embed
each collection again per setting. The settings were not fitted to these questions: the point is
that every nearby setting also beats each side alone and plain RRF on both collections.
Prints a table and writes bench/results/fusion_sweep.json.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from bench.common import machine, print_table, write_results
from bench.embedding_cache import EmbeddingCache
from bench.retrieval_quality import COLLECTIONS, DATA, reciprocal_rank_fusion

DENSE_SHARES = (0.4, 0.5, 0.6, 0.7)


def cached_store(name: str, folder: Path):
    """The collection indexed through Store.write, exactly as eval-retrieval does, vectors from the cache."""
    from rag.evaluation.beir import load_beir
    from rag.evaluation.retrieval import index_papers
    from rag.index.store import Store
    from rag.settings import Settings

    collection = load_beir(DATA / name)
    cache = EmbeddingCache(name)
    store = Store(Settings(store_dir=folder, collection="beir"))
    index_papers(
        collection.papers, store, embed=lambda chunks: cache.embed([c.embedding_text for c in chunks]).tolist()
    )
    vectors = dict(zip(collection.queries.values(), cache.embed(list(collection.queries.values())).tolist()))
    return collection, store, vectors


def main(argv: list[str] | None = None) -> dict:
    from rag.answer.retrieval import Feedback, FusionWeights, Retriever
    from rag.evaluation.retrieval import evaluate_store, score_run

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--collections", nargs="+", default=list(COLLECTIONS), choices=COLLECTIONS)
    args = parser.parse_args(argv)
    results: dict = {"machine": machine(), "collections": {}}
    for name in args.collections:
        with tempfile.TemporaryDirectory(prefix="rag-sweep-") as folder:
            collection, store, vectors = cached_store(name, Path(folder))
            rows: dict[str, float] = {}

            def run(
                label: str, retriever: Retriever, modes=("hybrid",), collection=collection, vectors=vectors, rows=rows
            ):
                retriever.embed_query = vectors.__getitem__  # the cached question vectors
                evaluation = evaluate_store(retriever, collection, modes=modes)
                for mode in modes:
                    rows[label if mode == "hybrid" else mode] = evaluation.metrics[mode]["ndcg@10"]
                return evaluation

            base = run("hybrid (dense 0.6, feedback)", Retriever(store), modes=("hybrid", "dense", "bm25"))
            rrf = reciprocal_rank_fusion(base.runs["dense"], base.runs["bm25"])
            rows["plain RRF (dense, bm25)"] = score_run(collection.qrels, rrf)["ndcg@10"]
            for share in DENSE_SHARES:
                if share != 0.6:
                    run(f"hybrid (dense {share}, feedback)", Retriever(store, FusionWeights(dense=share)))
                run(f"hybrid (dense {share}, no feedback)", Retriever(store, FusionWeights(dense=share), feedback=None))
            run("hybrid (dense 0.6, feedback from 3 chunks)", Retriever(store, feedback=Feedback(passages=3)))
            run("hybrid (dense 0.6, feedback weight 0.5)", Retriever(store, feedback=Feedback(weight=0.5)))
            store.lexical.close()
        results["collections"][name] = rows
        print(f"\n{name}: nDCG@10")
        print_table(["retriever", "nDCG@10"], [[label, f"{value:.4f}"] for label, value in rows.items()])
    write_results("fusion_sweep", results)
    return results


if __name__ == "__main__":
    main()
