"""PDF ingest and retrieval: `rag ingest` against the plain LangChain path, same PDFs, same run.

    python -m bench.pdf_ingest [--papers 20] [--repeats 2]

The PDFs: the tidal paper of the tests and `--papers` synthetic papers (bench/pdf_papers.py,
recombined real sentences, two columns, ~4 pages each). Each method runs in a fresh subprocess (its
peak RSS is its own; ours adds its parser process), in rotating order, the model loaded before the
clock starts:

- ours: `rag.index.ingest.ingest` of the folder into an empty embedded store: parse (PDFium, reading
  order, clean-up), chunk with pages and sections, embed, Chroma and the lexical index.
- langchain: what a user would write: `PyPDFLoader(file).load()` per file (pypdf), then
  `RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200)` and
  `Chroma.from_documents(docs, HuggingFaceEmbeddings(...))`, same model.

Retrieval: for each answerable case of tests/cases/pdf.jsonl, whether one of the top 4 passages holds
the fact (its first `answer_contains` group) on the page the case names: ours through the hybrid
retriever (`PaperRetriever`), LangChain through the store's `similarity_search` (PyPDFLoader's
0-based `page` + 1).
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import tempfile
import time
from pathlib import Path

from bench.common import RESULTS, machine, run_child

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "tests" / "cases" / "pdf.jsonl"
METHODS = ("ours", "langchain")
K = 4


def build_pdfs(folder: Path, count: int) -> int:
    """Write the PDFs once; returns their pages."""
    from bench.pdf_papers import synthetic_paper, tidal_paper, write_pdf
    from bench.synthetic import sentences_of_papers

    folder.mkdir(parents=True, exist_ok=True)
    pages = len(write_pdf(tidal_paper(), folder / "tidal.pdf")["pages"])
    sentences = sentences_of_papers([ROOT / "corpus"])
    for seed in range(count):
        pages += len(write_pdf(synthetic_paper(sentences, seed), folder / f"synthetic-{seed:03d}.pdf")["pages"])
    return pages


def _cases() -> list[dict]:
    cases = [json.loads(line) for line in CASES.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [c for c in cases if c.get("pages") and c.get("answer_contains")]


def _hit(passages: list[tuple[str, int | None]], case: dict) -> bool:
    facts = case["answer_contains"][0]
    return any(page in case["pages"] and any(f.casefold() in text.casefold() for f in facts) for text, page in passages)


def run_ours(folder: Path, workdir: Path) -> dict:
    from rag.index.ingest import ingest
    from rag.index.store import Store
    from rag.langchain import PaperRetriever
    from rag.readers.pdf import _ISOLATED
    from rag.settings import Settings

    store = Store(Settings(store_dir=workdir / ".rag"))
    _ = store.embeddings  # the model loads before the clock starts, as in the other method
    started = time.perf_counter()
    report = ingest([folder], store)
    seconds = time.perf_counter() - started
    _ISOLATED.close(kill=False)  # the parser process ends, so its peak RSS is counted below
    retriever = PaperRetriever(k=K, store=store)
    hits = [
        _hit([(d.page_content, d.metadata.get("page")) for d in retriever.invoke(c["question"])], c) for c in _cases()
    ]
    return {"seconds": seconds, "papers": report.papers_added, "chunks": report.chunks_added, "hits": hits}


def run_langchain(folder: Path, workdir: Path) -> dict:
    from langchain_chroma import Chroma
    from langchain_community.document_loaders import PyPDFLoader
    from langchain_huggingface import HuggingFaceEmbeddings
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    from rag.index.embeddings import model_path

    embeddings = HuggingFaceEmbeddings(model_name=str(model_path("all-MiniLM-L6-v2")))
    embeddings.embed_query("warm up")
    started = time.perf_counter()
    pages = [page for path in sorted(folder.glob("*.pdf")) for page in PyPDFLoader(str(path)).load()]
    docs = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200).split_documents(pages)
    vectors = Chroma.from_documents(
        docs, embeddings, persist_directory=str(workdir / "chroma"), collection_name="bench"
    )
    seconds = time.perf_counter() - started
    hits = [
        _hit([(d.page_content, d.metadata["page"] + 1) for d in vectors.similarity_search(c["question"], k=K)], c)
        for c in _cases()
    ]
    return {"seconds": seconds, "papers": len({d.metadata["source"] for d in docs}), "chunks": len(docs), "hits": hits}


def _child(method: str, folder: Path, pages: int) -> None:
    with tempfile.TemporaryDirectory() as workdir:
        result = {"ours": run_ours, "langchain": run_langchain}[method](folder, Path(workdir))
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    result.update(
        peak_rss_mib=round(own, 1),
        peak_rss_children_mib=round(children, 1),
        pages_per_s=round(pages / result["seconds"], 2),
    )
    print(json.dumps(result))


def measure(method: str, folder: Path, pages: int) -> dict:
    return run_child("bench.pdf_ingest", method, str(folder), str(pages))


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=20)
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--folder", type=Path, default=Path("/tmp/bench-pdf-ingest"))
    parser.add_argument("--child", nargs=3, metavar=("METHOD", "FOLDER", "PAGES"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        _child(args.child[0], Path(args.child[1]), int(args.child[2]))
        return {}
    pages = build_pdfs(args.folder, args.papers)
    runs: dict[str, list[dict]] = {m: [] for m in METHODS}
    for repeat in range(args.repeats):
        for method in METHODS[repeat % 2 :] + METHODS[: repeat % 2]:  # rotate who goes first
            runs[method].append(measure(method, args.folder, pages))
            print(method, {k: v for k, v in runs[method][-1].items() if k != "hits"}, flush=True)
    summary = {}
    for method, results in runs.items():
        hits = results[0]["hits"]
        summary[method] = {
            "pages_per_s_median": statistics.median(r["pages_per_s"] for r in results),
            "peak_rss_mib_median": statistics.median(r["peak_rss_mib"] for r in results),
            "peak_rss_parser_mib": max(r["peak_rss_children_mib"] for r in results),
            "chunks": results[0]["chunks"],
            "fact_on_right_page_at_4": f"{sum(hits)}/{len(hits)}",
        }
    ratio = summary["ours"]["pages_per_s_median"] / summary["langchain"]["pages_per_s_median"]
    result = {
        "pdfs": args.papers + 1,
        "pages": pages,
        "repeats": args.repeats,
        "summary": summary,
        "ours_vs_langchain_pages_per_s": round(ratio, 2),
        "runs": runs,
        "machine": machine(),
    }
    print(json.dumps(summary, indent=2), f"\nours / langchain pages/s: {ratio:.2f}")
    (RESULTS / "pdf_ingest.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return result


if __name__ == "__main__":
    main()
