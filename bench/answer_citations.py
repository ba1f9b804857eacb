"""Whole answers on a real collection: does the answer cite an abstract the judges found relevant?

Every question of a BEIR collection (Cranfield by default: 225 researchers' questions over 1,398
aeronautics abstracts) goes through the same pipeline as `rag ask`; an answer counts when it cites at
least one judged-relevant abstract. Beside it, on the same questions and the same store, plain dense
and plain BM25 retrieval's top 3 papers: what a user would get from a bare retriever.

    python -m bench.answer_citations [--collection cranfield] [--max-queries N] [--store DIR]
    python -m bench.answer_citations --collection scifact --cases tests/cases/blind/scifact_dev.jsonl

With `--cases`, a case file over the collection (`papers_any` from its judgements) is run instead of the
collection's own queries, and `rag eval`'s metrics are printed. Writes bench/results/answer_citations.json
(or answer_citations-<collection>-<cases>.json).
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from bench.common import ROOT, machine, print_table, write_results

DATA = ROOT / "bench" / "data"
TOP = 3  # the bare retrievers' answer: their three best papers


def open_store(collection, name: str, folder: Path | None):
    """A store holding the collection: `folder` if it already does, else built there (or in a temporary
    folder) from cached vectors, so that a second run embeds nothing."""
    import tempfile

    from bench.embedding_cache import EmbeddingCache
    from rag.evaluation.retrieval import index_papers
    from rag.index.store import Store
    from rag.settings import Settings

    folder = folder or Path(tempfile.mkdtemp(prefix=f"rag-answers-{name}-"))
    store = Store(Settings(store_dir=folder, chroma_host=None, collection=name))
    if store.count() == 0:
        cache = EmbeddingCache(name)
        index_papers(
            collection.papers,
            store,
            embed=lambda chunks: cache.embed([c.embedding_text for c in chunks], progress=False).tolist(),
        )
        cache.save()
    return store


def bare_top(retriever, text: str, mode: str) -> list[str]:
    return [pid for pid, _ in retriever.rank_papers(text, TOP, mode=mode)]


def score(cited: list[str], relevant: set[str]) -> tuple[bool, float | None]:
    """(cites a relevant paper, share of cited papers that are relevant; None when nothing is cited)."""
    if not cited:
        return False, None
    hits = sum(pid in relevant for pid in cited)
    return hits > 0, hits / len(cited)


def run_queries(pipeline, collection, limit: int | None) -> dict:
    rows: dict[str, list[tuple[bool, float | None]]] = {"answer": [], "dense top 3": [], "bm25 top 3": []}
    abstained, latencies = 0, []
    for query_id, text in list(collection.queries.items())[:limit]:
        relevant = {doc for doc, grade in collection.qrels[query_id].items() if grade > 0}
        answer = pipeline.ask(text)
        latencies.append(answer.latency_ms)
        abstained += answer.abstained
        rows["answer"].append(score([c.paper.id for c in answer.citations], relevant))
        for mode in ("dense", "bm25"):
            rows[f"{mode} top 3"].append(score(bare_top(pipeline.retriever, text, mode), relevant))
    n = len(latencies)
    summary = {
        method: {
            "cites_relevant": round(sum(hit for hit, _ in scored) / n, 4),
            "citation_precision": round(statistics.fmean(p for _, p in scored if p is not None), 4),
        }
        for method, scored in rows.items()
    }
    summary["answer"]["abstained"] = round(abstained / n, 4)
    summary["answer"]["latency_ms_median"] = round(statistics.median(latencies), 1)
    return {"queries": n, "methods": summary}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--collection", default="cranfield", help="a BEIR folder under bench/data")
    parser.add_argument("--cases", type=Path, help="run this case file over the collection instead of its queries")
    parser.add_argument("--max-queries", type=int, help="only the first N queries")
    parser.add_argument(
        "--store", type=Path, help="keep the indexed collection in this folder (reused when it holds it)"
    )
    args = parser.parse_args(argv)

    from rag.answer.pipeline import Pipeline
    from rag.evaluation.beir import load_beir
    from rag.evaluation.cases import load_cases, run

    collection = load_beir(DATA / args.collection)
    started = time.perf_counter()
    store = open_store(collection, args.collection, args.store)
    pipeline = Pipeline(store.settings, store)
    print(f"{args.collection}: {len(collection.papers)} abstracts indexed in {time.perf_counter() - started:.0f} s")
    if args.cases:
        report = run(load_cases(args.cases), lambda q, h: pipeline.ask(q, h), store.catalog.find)
        results = {"collection": args.collection, "cases": str(args.cases), "metrics": report.metrics()}
        for key, value in results["metrics"].items():
            print(f"{key:22} {value}")
        write_results(f"answer_citations-{args.collection}-{args.cases.stem}", {**results, "machine": machine()})
        return
    results = run_queries(pipeline, collection, args.max_queries)
    print_table(
        ["method", "cites a relevant abstract", "citation precision", "abstained"],
        [
            [m, v["cites_relevant"], v["citation_precision"], v.get("abstained", "-")]
            for m, v in results["methods"].items()
        ],
    )
    write_results("answer_citations", {"collection": args.collection, **results, "machine": machine()})


if __name__ == "__main__":
    main()
