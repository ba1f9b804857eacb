"""Warm latency of answering on the shipped corpus, next to what bounds it.

    python -m bench.ask_latency [--store DIR]

One process, model loaded, store open. Every question of the shipped case file is asked through
`Pipeline.ask` (retrieval plus the offline answer: what `rag ask` does after start-up), twice:
the first pass meets every question and sentence for the first time (sentence embeddings are
computed, then cached in the index); the second is the steady state of a running chat, where the
corpus sentences are cached but each question is new (the per-question embedding memo is emptied
before every ask, so nothing is answered from a repeat). Side by side, in the
same process and on the same questions:
- the plain LangChain path a user would write, retrieval only: `Chroma.similarity_search` over the
  same collection with `HuggingFaceEmbeddings`;
- the floor: the embedding model encoding the question alone (on the store's runtime).
Prints median and p95 per path and writes bench/results/ask_latency.json.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from bench.common import ROOT, machine, percentiles, print_table, shipped_store, write_results

CASES = ROOT / "tests" / "cases" / "shipped_corpus.jsonl"


def timed(call, questions) -> dict:
    samples = []
    for question in questions:
        started = time.perf_counter()
        call(question)
        samples.append((time.perf_counter() - started) * 1000)
    return percentiles(samples)


def fresh_ask(pipeline, question: str):
    pipeline.retriever._recent.clear()  # a repeated question would skip its embedding; a user's new one does not
    return pipeline.ask(question)


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--store", type=Path, help="an existing store holding the shipped corpus")
    args = parser.parse_args(argv)

    from langchain_chroma import Chroma

    from rag.answer.pipeline import Pipeline
    from rag.evaluation.cases import load_cases
    from rag.index.embeddings import encode

    questions = [turn.question for case in load_cases(CASES) for turn in case.turns]
    with shipped_store(args.store) as store:
        pipeline = Pipeline(store.settings, store)
        pipeline.warm_up()
        plain = Chroma(
            client=store.client, collection_name=store.settings.collection, embedding_function=store.embeddings
        )
        # the embedding model itself, on the store's runtime (ONNX Runtime by default, or torch)
        encode_question = lambda q: encode(store.embeddings, [q], 1)  # noqa: E731
        rows = {
            "ours, first pass (rag ask: retrieval + offline answer)": timed(pipeline.ask, questions),
            "ours, warm (second pass, question embedded afresh)": timed(lambda q: fresh_ask(pipeline, q), questions),
            "plain LangChain Chroma.similarity_search (retrieval only)": timed(
                lambda q: plain.similarity_search(q, k=6), questions
            ),
            "the model's encode of the question (floor)": timed(encode_question, questions),
        }
    floor = rows["the model's encode of the question (floor)"]["median_ms"]
    print_table(
        ["path", "median ms", "p95 ms", "median / encode"],
        [[name, r["median_ms"], r["p95_ms"], f"{r['median_ms'] / floor:.1f}x"] for name, r in rows.items()],
    )
    result = {"machine": machine(), "questions": len(questions), "paths": rows}
    write_results("ask_latency", result)
    return result


if __name__ == "__main__":
    main()
