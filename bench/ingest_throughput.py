"""Ingest throughput: `rag ingest` against the raw encoder and the plain LangChain path, side by side.

    python -m bench.ingest_throughput [--sizes 1000 10000] [--repeats 3 1] [--data bench/data]

For each size, a corpus of recombined real abstracts (SciFact, Cranfield and the shipped papers;
fresh ids) is written once as arXiv JSON Lines. Then each method runs in a fresh subprocess (so its
peak RSS is its own), in rotating order, `repeats` times:

- ours: `rag.index.ingest.ingest` into an empty embedded store: reading, checking, chunking, embedding,
  Chroma and the lexical index; with a breakdown of where the time went. It embeds with the default
  runtime (ONNX Runtime; RAG_EMBEDDING_RUNTIME=torch in the environment for torch).
- raw-onnx, raw-torch: each runtime's encoder alone on exactly the texts ours embeds (title + chunk),
  batch 64, normalised: the ceiling of anything that embeds these texts with this model on it.
- langchain: `Chroma.from_documents(docs, HuggingFaceEmbeddings(model_name=...))` on the same input
  file, one document per abstract (title and abstract, read with `json`), as a user would write it:
  its own defaults, no chunking, so that our extra work (checking, chunking, the lexical index) is
  counted against us.

The model is loaded before the clock starts in every method. Prints a table of medians and writes
JSON (default bench/results/ingest_throughput.json). Hook for `python -m bench`: call `main([])`.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
METHODS = ("ours", "raw-onnx", "raw-torch", "langchain")


# --- the corpus -------------------------------------------------------------------------------
def build_corpus(data: Path, n: int, path: Path) -> Path:
    from bench.synthetic import recombined_records, sentences_of_beir, sentences_of_papers, write_jsonl

    sentences = sentences_of_papers([ROOT / "corpus"])
    for name in ("scifact", "cranfield"):
        corpus = data / name / "corpus.jsonl"
        if not corpus.exists():
            raise SystemExit(f"{corpus} is missing: pass --data with the BEIR folders (scifact/, cranfield/)")
        sentences += sentences_of_beir(corpus)
    return write_jsonl(recombined_records(sentences, n, seed=n, per_abstract=(3, 7), id_prefix=f"bench{n}"), path)


def _chunks(corpus: Path):
    from rag.index.chunking import chunk_paper
    from rag.models import Paper
    from rag.readers import read_paths

    return [chunk for paper in read_paths([corpus]) if isinstance(paper, Paper) for chunk in chunk_paper(paper)]


# --- one method, in its own process ------------------------------------------------------------
def run_ours(corpus: Path, workdir: Path) -> dict:
    from rag.index.ingest import ingest
    from rag.index.lexical import LexicalIndex
    from rag.index.sentence_vectors import SentenceVectors
    from rag.index.store import Store
    from rag.settings import Settings

    store = Store(Settings(store_dir=workdir / ".rag"))
    _ = store.embeddings  # load the model before the clock starts, as in the other methods
    spent = {"embed": 0.0, "chroma": 0.0, "lexical": 0.0, "words": 0.0}

    def timed(name, function):
        def wrapper(*args, **kwargs):
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                spent[name] += time.perf_counter() - started

        return wrapper

    store.embed = timed("embed", store.embed)
    store.write = timed("chroma", store.write)  # includes the lexical part and the words, subtracted below
    LexicalIndex.replace = timed("lexical", LexicalIndex.replace)
    SentenceVectors.embed_ahead = timed("words", SentenceVectors.embed_ahead)  # the words of new chunks, embedded
    started = time.perf_counter()
    report = ingest([corpus], store)
    seconds = time.perf_counter() - started
    spent["chroma"] -= spent["lexical"] + spent["words"]
    spent["read_check_chunk"] = seconds - sum(spent.values())
    return {
        "seconds": seconds,
        "abstracts": report.papers_added,
        "chunks": report.chunks_added,
        "breakdown_s": {k: round(v, 2) for k, v in spent.items()},
    }


def run_raw(corpus: Path, workdir: Path, runtime: str = "torch") -> dict:
    from rag.index.embeddings import encode, load_embeddings

    chunks = _chunks(corpus)
    texts = [c.embedding_text for c in chunks]
    model = load_embeddings(runtime=runtime)
    encode(model, texts[:8], 64)
    started = time.perf_counter()
    encode(model, texts, 64)
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "abstracts": len({c.paper_id for c in chunks}), "chunks": len(chunks)}


def run_langchain(corpus: Path, workdir: Path) -> dict:
    from langchain_chroma import Chroma
    from langchain_core.documents import Document
    from langchain_huggingface import HuggingFaceEmbeddings

    from rag.index.embeddings import model_path

    embeddings = HuggingFaceEmbeddings(model_name=str(model_path("all-MiniLM-L6-v2")))
    embeddings.embed_query("warm up")
    started = time.perf_counter()
    records = [json.loads(line) for line in corpus.read_text(encoding="utf-8").splitlines() if line.strip()]
    docs = [Document(page_content=f"{r['title']}\n{r['abstract']}", metadata={"id": r["id"]}) for r in records]
    Chroma.from_documents(docs, embeddings, persist_directory=str(workdir / "chroma"), collection_name="bench")
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "abstracts": len(docs), "chunks": len(docs)}


def _child(method: str, corpus: Path) -> None:
    with tempfile.TemporaryDirectory() as workdir:
        runners = {
            "ours": run_ours,
            "raw-onnx": lambda c, w: run_raw(c, w, "onnx"),
            "raw-torch": run_raw,
            "langchain": run_langchain,
        }
        result = runners[method](corpus, Path(workdir))
    result["peak_rss_mib"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    result["abstracts_per_s"] = round(result["abstracts"] / result["seconds"], 2)
    print(json.dumps(result))


# --- the comparison ----------------------------------------------------------------------------
def measure(method: str, corpus: Path) -> dict:
    from bench.common import run_child

    return run_child("bench.ingest_throughput", method, str(corpus))


def summarise(runs: list[dict]) -> dict:
    rates = [r["abstracts_per_s"] for r in runs]
    summary = {
        "runs": len(runs),
        "abstracts_per_s_median": round(statistics.median(rates), 2),
        "abstracts_per_s_all": rates,
        "peak_rss_mib_median": round(statistics.median(r["peak_rss_mib"] for r in runs), 1),
        "chunks": runs[0]["chunks"],
    }
    if "breakdown_s" in runs[0]:
        summary["breakdown_s_median"] = {
            k: round(statistics.median(r["breakdown_s"][k] for r in runs), 2) for k in runs[0]["breakdown_s"]
        }
    return summary


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--repeats", type=int, nargs="+", default=[3, 1], help="one per size (the last repeats)")
    parser.add_argument(
        "--data", type=Path, default=ROOT / "bench" / "data", help="folder with scifact/ and cranfield/"
    )
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "ingest_throughput.json")
    parser.add_argument("--methods", nargs="+", default=list(METHODS), choices=METHODS, help="a subset, to save time")
    parser.add_argument("--child", nargs=2, metavar=("METHOD", "CORPUS"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        _child(args.child[0], Path(args.child[1]))
        return {}

    results: dict = {
        "machine": f"{platform.node()} {platform.machine()}, {_cores()} cores, Python {platform.python_version()}",
        "sizes": {},
    }
    with tempfile.TemporaryDirectory() as scratch:
        for i, size in enumerate(args.sizes):
            repeats = args.repeats[min(i, len(args.repeats) - 1)]
            corpus = build_corpus(args.data, size, Path(scratch) / f"corpus-{size}.jsonl")
            methods = args.methods
            runs: dict[str, list[dict]] = {m: [] for m in methods}
            for r in range(repeats):
                for method in (
                    methods[r % len(methods) :] + methods[: r % len(methods)]
                ):  # rotate: no method always runs first
                    runs[method].append(measure(method, corpus))
                    print(
                        f"  {size:>6} {method:<9} {runs[method][-1]['abstracts_per_s']:>8.1f} abstracts/s",
                        file=sys.stderr,
                    )
            table = {m: summarise(runs[m]) for m in methods}
            if "ours" in table:
                ours = table["ours"]["abstracts_per_s_median"]
                table["ratios"] = {
                    f"ours_vs_{m.replace('-', '_')}": round(ours / table[m]["abstracts_per_s_median"], 3)
                    for m in methods
                    if m != "ours"
                }
            results["sizes"][str(size)] = table
    _print_table(results)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return results


def _cores() -> int:
    import os

    return len(os.sched_getaffinity(0))


def _print_table(results: dict) -> None:
    print(f"Ingest throughput ({results['machine']}); medians")
    print(f"{'abstracts':>9}  {'method':<10} {'chunks':>7} {'abstracts/s':>12} {'peak RSS MiB':>13}")
    for size, table in results["sizes"].items():
        for method in (m for m in METHODS if m in table):
            row = table[method]
            print(
                f"{size:>9}  {method:<10} {row['chunks']:>7} {row['abstracts_per_s_median']:>12.1f} {row['peak_rss_mib_median']:>13.0f}"
            )
        if "ratios" in table:
            print(
                f"{'':>9}  "
                + ", ".join(f"{k.replace('_vs_', ' / ')} = {v:.2f}" for k, v in table["ratios"].items())
                + f"; ours spent {table['ours']['breakdown_s_median']} s"
            )


if __name__ == "__main__":
    main()
