"""Retrieval quality on SciFact and Cranfield: `rag eval-retrieval` run for real, next to the published
and reference figures, and plain reciprocal-rank fusion of the same run's dense and BM25 rankings.

    python -m bench.retrieval_quality [--collections scifact cranfield] [--max-queries N]
    python -m bench.retrieval_quality --compare-runtimes [--collections cranfield]

Prints a table and writes bench/results/retrieval_quality.json. With --compare-runtimes, each
collection runs once per embedding runtime (RAG_EMBEDDING_RUNTIME=onnx, then torch) and the table
is the difference of every score; written to bench/results/retrieval_quality-runtimes.json.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

from bench.common import RESULTS, ROOT, machine, print_table, write_results

DATA = ROOT / "bench" / "data"
COLLECTIONS = ("scifact", "cranfield")
RRF_K = 60  # the constant of Cormack et al. (2009), and what "plain RRF" means everywhere

# nDCG@10 from the literature and from each collection's README (measured on this machine with
# rank-bm25 and all-MiniLM-L6-v2 before this project's retriever existed).
REFERENCE = {
    "scifact": {
        "BM25 (BEIR paper)": 0.665,
        "ColBERT (BEIR paper)": 0.671,
        "BM25 + cross-encoder (BEIR paper)": 0.688,
        "all-MiniLM-L6-v2 (MTEB)": 0.645,
        "BM25, no stemming (README)": 0.652,
        "MiniLM dense (README)": 0.645,
        "plain RRF of those two (README)": 0.684,
    },
    "cranfield": {
        "BM25, no stemming (README)": 0.327,
        "MiniLM dense (README)": 0.368,
        "plain RRF of those two (README)": 0.382,
    },
}


def read_run(path: Path) -> dict[str, dict[str, float]]:
    import ir_measures

    run: dict[str, dict[str, float]] = defaultdict(dict)
    for row in ir_measures.read_trec_run(str(path)):
        run[row.query_id][row.doc_id] = row.score
    return dict(run)


def reciprocal_rank_fusion(*runs: dict[str, dict[str, float]], k: int = RRF_K) -> dict[str, dict[str, float]]:
    # Hand-written: ranx has it but would be a dependency for four lines; ir-measures only scores.
    fused: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for run in runs:
        for query_id, docs in run.items():
            for rank, doc_id in enumerate(sorted(docs, key=docs.__getitem__, reverse=True), start=1):
                fused[query_id][doc_id] += 1.0 / (k + rank)
    return {q: dict(docs) for q, docs in fused.items()}


def evaluate(name: str, max_queries: int | None, runtime: str | None = None, max_docs: int | None = None) -> dict:
    """One real `rag eval-retrieval` run on bench/data/NAME, plus RRF of its dense and BM25 rankings;
    `runtime` sets RAG_EMBEDDING_RUNTIME (else the environment's, by default onnx)."""
    from rag.evaluation.beir import load_beir, subset
    from rag.evaluation.retrieval import score_run

    runs_dir = RESULTS / "runs" / (f"{name}-{runtime}" if runtime else name)
    command = [sys.executable, "-m", "rag", "eval-retrieval", str(DATA / name), "--json", "--save-runs", str(runs_dir)]
    if max_queries:
        command += ["--max-queries", str(max_queries)]
    if max_docs:
        command += ["--max-docs", str(max_docs)]
    env = dict(os.environ, PYTHONPATH=str(ROOT)) | ({"RAG_EMBEDDING_RUNTIME": runtime} if runtime else {})
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stderr}")
    report = json.loads(done.stdout)
    qrels = subset(load_beir(DATA / name), max_queries, max_docs).qrels
    rrf = reciprocal_rank_fusion(read_run(runs_dir / "dense.run"), read_run(runs_dir / "bm25.run"))
    report["retrievers"]["plain RRF (dense, bm25)"] = {m: round(v, 4) for m, v in score_run(qrels, rrf).items()}
    report["seconds"] = round(seconds, 1)
    report["command"] = " ".join(
        ["rag", *(str(Path(a).relative_to(ROOT)) if a.startswith(str(ROOT)) else a for a in command[3:])]
    )
    report["reference_ndcg@10"] = REFERENCE.get(name, {})
    return report


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--collections", nargs="+", default=list(COLLECTIONS), choices=COLLECTIONS)
    parser.add_argument("--max-queries", type=int, help="a quicker, partial run (not for reporting)")
    parser.add_argument(
        "--max-docs", type=int, help="index only N documents (every judged one of the evaluated queries kept)"
    )
    parser.add_argument("--compare-runtimes", action="store_true", help="run onnx and torch, report the differences")
    args = parser.parse_args(argv)
    if args.compare_runtimes:
        return compare_runtimes(args.collections, args.max_queries, args.max_docs)
    results = {"machine": machine(), "collections": {}}
    for name in args.collections:
        report = evaluate(name, args.max_queries, max_docs=args.max_docs)
        results["collections"][name] = report
        ours = report["retrievers"]
        hybrid = ours["hybrid"]["ndcg@10"]
        rows = [
            [
                retriever,
                f"{s['ndcg@10']:.3f}",
                f"{s['recall@10']:.3f}",
                f"{s['recall@100']:.3f}",
                f"{s['mrr@10']:.3f}",
                f"{hybrid - s['ndcg@10']:+.3f}" if retriever != "hybrid" else "",
            ]
            for retriever, s in ours.items()
        ]
        rows += [
            [f"{label}", f"{value:.3f}", "", "", "", f"{hybrid - value:+.3f}"]
            for label, value in report["reference_ndcg@10"].items()
        ]
        print(
            f"\n{name}: {report['queries']} queries, {report['documents']} documents, {report['seconds']:.0f} s ({report['command']})"
        )
        print_table(["retriever", "nDCG@10", "R@10", "R@100", "MRR@10", "hybrid gain"], rows)
    write_results("retrieval_quality", results)
    return results


def compare_runtimes(collections: list[str], max_queries: int | None, max_docs: int | None = None) -> dict:
    """The same collections through both embedding runtimes: the fp32 ONNX export must rank as torch does."""
    results: dict = {"machine": machine(), "collections": {}}
    for name in collections:
        reports = {runtime: evaluate(name, max_queries, runtime, max_docs) for runtime in ("onnx", "torch")}
        onnx, torch = (reports[r]["retrievers"] for r in ("onnx", "torch"))
        results["collections"][name] = {
            "queries": reports["onnx"]["queries"],
            "documents": reports["onnx"]["documents"],
            "seconds": {r: reports[r]["seconds"] for r in reports},
            "onnx": onnx,
            "torch": torch,
            "onnx_minus_torch": {k: {m: round(onnx[k][m] - torch[k][m], 4) for m in onnx[k]} for k in onnx},
        }
        print(
            f"\n{name}: {reports['onnx']['queries']} queries; seconds onnx {reports['onnx']['seconds']}, torch {reports['torch']['seconds']}"
        )
        print_table(
            ["retriever", "nDCG@10 onnx", "nDCG@10 torch", "difference", "R@100 difference"],
            [
                [
                    k,
                    f"{onnx[k]['ndcg@10']:.4f}",
                    f"{torch[k]['ndcg@10']:.4f}",
                    f"{onnx[k]['ndcg@10'] - torch[k]['ndcg@10']:+.4f}",
                    f"{onnx[k]['recall@100'] - torch[k]['recall@100']:+.4f}",
                ]
                for k in onnx
            ],
        )
    write_results("retrieval_quality-runtimes", results)
    return results


if __name__ == "__main__":
    main()
