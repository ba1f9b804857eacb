"""Scale: build an index of 1k, 10k and 100k abstracts and measure peak memory and warm query latency.

    python -m bench.scale [--sizes 1000 10000 100000] [--queries 200]

How the corpus is built (embedding 100k abstracts would take most of an hour here, so it is not):
- Real chunks: every chunk of the SciFact and Cranfield abstracts and of the shipped papers (English),
  cut by the project's chunker and embedded once with the packaged MiniLM (cached under
  bench/results/embeddings/, shared with the retrieval experiments).
- 10k recombined abstracts: each joins 2-4 real chunks drawn from different real abstracts, under a
  fresh id and the title of its first source; each chunk keeps its real embedding.
- 90k variants (for 100k): each of those 10k again, nine times, with a fresh id and title, the
  sentences of each chunk rotated and about one word in ten replaced by a word from the corpus's
  vocabulary, and each vector moved by small Gaussian noise (cosine to the original about 0.93).
The index grows in place, 1k → 10k → 100k, through Store.write (Chroma, the SQLite FTS5 index, and
the vectors of the chunks' words, which Store.write embeds as ingest does), each step in its own
process; each size is then served by a fresh process that opens the store, warms up, and times the
questions (SciFact claims and Cranfield questions, which the corpus's sentences answer): retrieval
alone, then retrieval plus the offline answer three times (passages' sentences never seen; seen
before; seen before but read back from the index rather than memory, which is what a first sight
costs when ingest embedded the sentences, RAG_SENTENCE_VECTORS_AT_INGEST). Peak RSS is each
process's own high-water mark (VmHWM in /proc/self/status).
Prints a table and writes bench/results/scale.json.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import time
from functools import lru_cache
from typing import Any

import numpy as np

from bench.common import RESULTS, ROOT, machine, percentiles, print_table, write_results

DATA = ROOT / "bench" / "data"
STORE = RESULTS / "scale" / "store"
BASE = 10_000
VARIANTS_PER_BASE = 9
NOISE = 0.02  # per-dimension standard deviation: |noise| ≈ 0.39, cosine to the original ≈ 0.93
WRITE_BATCH = 256  # papers per Store.write, as ingest batches them
SEED = 7


# --- corpus --------------------------------------------------------------------------------------
@lru_cache(maxsize=1)
def real_chunks() -> tuple[list, np.ndarray]:
    """Every English chunk of the real abstracts, with its embedding (computed once, then cached)."""
    from bench.embedding_cache import EmbeddingCache
    from rag.evaluation.beir import load_beir
    from rag.index.chunking import chunk_paper
    from rag.models import Paper
    from rag.readers import read_paths

    chunks, vectors = [], []
    sources = [(name, load_beir(DATA / name).papers) for name in ("scifact", "cranfield")]
    sources.append(("corpus", [p for p in read_paths([ROOT / "corpus"]) if isinstance(p, Paper)]))
    for name, papers in sources:
        found = [c for p in papers for c in chunk_paper(p) if c.lang == "en"]
        chunks += found
        vectors.append(EmbeddingCache(name).embed([c.embedding_text for c in found]))
    return chunks, np.concatenate(vectors)


def base_papers() -> list[tuple]:
    """The 10k recombined abstracts: (Paper, [chunk texts], vector rows), in a fixed order."""
    from rag.models import Paper

    chunks, _ = real_chunks()
    rng = random.Random(SEED)
    order = list(range(len(chunks)))
    rng.shuffle(order)
    made, cursor = [], 0
    for i in range(BASE):
        picked: list[int] = []
        want = rng.randint(2, 4)
        while len(picked) < want:
            candidate = order[cursor % len(order)]
            cursor += 1
            if all(chunks[candidate].paper_id != chunks[p].paper_id for p in picked):
                picked.append(candidate)
        texts = [chunks[p].text for p in picked]
        paper = Paper(
            id=f"scale-{i:06d}", title=chunks[picked[0]].title, abstract=" ".join(texts), source="bench/scale"
        )
        made.append((paper, texts, picked))
    return made


def variant(base: tuple, n: int, vocabulary: list[str], rng: random.Random, vectors: np.ndarray) -> tuple:
    """A fresh paper made from a base one: new id and title, reworded chunks, nearby vectors."""
    from rag.models import Paper
    from rag.text import split_sentences

    paper, texts, rows = base
    new_texts = []
    for text in texts:
        sentences = split_sentences(text)
        shift = n % len(sentences)
        words = " ".join(sentences[shift:] + sentences[:shift]).split()
        new_texts.append(" ".join(rng.choice(vocabulary) if rng.random() < 0.1 else w for w in words))
    noisy = vectors[rows] + rng_normal(rng, (len(rows), vectors.shape[1]))
    noisy /= np.linalg.norm(noisy, axis=1, keepdims=True)
    fresh = Paper(
        id=f"{paper.id}-v{n}", title=f"{paper.title} (variant {n})", abstract=" ".join(new_texts), source="bench/scale"
    )
    return fresh, new_texts, noisy


def rng_normal(rng: random.Random, shape) -> np.ndarray:
    return np.random.default_rng(rng.getrandbits(32)).normal(0.0, NOISE, size=shape).astype(np.float32)


def papers_between(start: int, stop: int):
    """Papers number start..stop-1 of the 100k sequence (the 10k bases first, then their variants),
    as (Paper, Chunks, vectors) in write batches."""
    from rag.models import Chunk

    chunks, vectors = real_chunks()
    bases = base_papers()
    vocabulary = sorted({w for c in chunks[:20000] for w in c.text.split() if w.isalpha() and len(w) > 3})
    batch: list = []
    for number in range(start, stop):
        base = bases[number % BASE]
        if number < BASE:
            paper, texts, rows = base
            paper_vectors = vectors[rows]
        else:
            rng = random.Random(SEED * 1_000_003 + number)
            paper, texts, paper_vectors = variant(base, number // BASE, vocabulary, rng, vectors)
        version = paper.content_hash[:12]
        paper_chunks = [Chunk(paper.id, paper.title, text, "en", i, version) for i, text in enumerate(texts)]
        batch.append((paper, paper_chunks, paper_vectors))
        if len(batch) == WRITE_BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


# --- the two measured processes ------------------------------------------------------------------
def _store():
    from rag.index.store import Store
    from rag.settings import Settings

    return Store(Settings(store_dir=STORE, collection="scale"))


def build(start: int, stop: int) -> dict:
    """Grow the index from `start` to `stop` papers; report the time and this process's peak RSS."""
    from rag.index.sentence_vectors import SentenceVectors

    real_chunks()  # load the cached vectors before timing
    store = _store()
    store.embeddings.embed_query("warm up")  # the model is loaded before the clock starts, as ingest has it
    words = {"seconds": 0.0, "count": 0}
    embed_ahead = SentenceVectors.embed_ahead

    def timed_embed_ahead(self, texts, embeddings) -> int:  # Store.write embeds the words it has not seen
        t0 = time.perf_counter()
        new = embed_ahead(self, texts, embeddings)
        words["seconds"] += time.perf_counter() - t0
        words["count"] += new
        return new

    SentenceVectors.embed_ahead = timed_embed_ahead
    started = time.perf_counter()
    written = 0
    for batch in papers_between(start, stop):
        papers = [paper for paper, _, _ in batch]
        chunks = [c for _, paper_chunks, _ in batch for c in paper_chunks]
        vectors = np.concatenate([v for _, _, v in batch]).tolist()
        store.write(papers, chunks, vectors)
        written += len(chunks)
    seconds = time.perf_counter() - started
    return {
        "papers_added": stop - start,
        "chunks_added": written,
        "seconds": round(seconds, 1),
        "words_embedded": words["count"],
        "words_seconds": round(words["seconds"], 1),
        "peak_rss_mib": _peak_rss_mib(),
    }


def questions(n: int) -> list[str]:
    found = []
    for name in ("scifact", "cranfield"):
        with (DATA / name / "queries.jsonl").open(encoding="utf-8") as handle:
            found.append([json.loads(line)["text"] for line in handle])
    mixed = [q for pair in zip(*found) for q in pair]  # alternate: biomedical claims, aeronautics questions
    return mixed[:n]


def serve(n_questions: int, warm_up: int = 20) -> dict:
    """Open the store as `rag ask` would, warm up, then time each question (retrieval and its parts)."""
    from rag.answer.retrieval import Retriever

    store = _store()
    # Sentence (and question word) vectors computed while answering persist in the index: start every
    # size from none, so that no size profits from the questions a smaller one already answered. The
    # words of the chunks, embedded when they were written, stay: ingest made them.
    store.sentence_vectors.clear()
    retriever = Retriever(store)
    asked = questions(n_questions + warm_up)
    for question in asked[:warm_up]:
        retriever.search(question)
    timings: dict[str, list[float]] = {"embed": [], "dense": [], "lexical": [], "retrieval": []}
    for question in asked[warm_up:]:
        t0 = time.perf_counter()
        vector = store.embeddings.embed_query(question)  # the model alone: the floor of any query
        t1 = time.perf_counter()
        store.dense_search(vector, retriever.candidates)  # what a plain LangChain Chroma search does
        t2 = time.perf_counter()
        store.lexical.search(question, retriever.candidates)
        t3 = time.perf_counter()
        retriever.search(question)  # the whole retrieval; the retriever embeds the question itself
        t4 = time.perf_counter()
        for name, seconds in (("embed", t1 - t0), ("dense", t2 - t1), ("lexical", t3 - t2), ("retrieval", t4 - t3)):
            timings[name].append(seconds * 1000)
    result: dict[str, Any] = {name: percentiles(samples) for name, samples in timings.items()}
    (
        result["retrieval+answer"],
        result["retrieval+answer, sentences seen before"],
        result["retrieval+answer, sentences stored, none in memory"],
    ) = _answer_latencies(store, asked, warm_up)
    result["chunks"] = store.count()
    result["peak_rss_mib"] = _peak_rss_mib()
    return result


def _answer_latencies(store, asked: list[str], warm_up: int) -> tuple[dict, dict, dict]:
    """Retrieval plus the offline (extractive) answer, as `rag ask` runs it.

    Three times over the same questions: first as new questions meeting passages whose sentences
    have not been embedded yet (their words were, at ingest), then again with only the question's
    own embedding forgotten: the steady state of an index that has answered for a while; then once
    more with every vector this process holds in memory dropped as well, so that each comes from the
    index's SQLite file: what a first sight would cost if ingest had embedded the sentences too.
    """
    from rag.answer.pipeline import Pipeline

    pipeline = Pipeline(store.settings, store)
    for question in asked[:warm_up]:
        pipeline.ask(question)
    passes = []
    for forget_memory in (False, False, True):
        samples = []
        for question in asked[warm_up:]:
            pipeline.retriever._recent.clear()  # a repeated question would skip its embedding
            if forget_memory:
                pipeline.scorer._vectors.clear()
            started = time.perf_counter()
            pipeline.ask(question)
            samples.append((time.perf_counter() - started) * 1000)
        passes.append(percentiles(samples))
    return passes[0], passes[1], passes[2]


def _peak_rss_mib() -> float:
    """This process's own peak RSS. Linux's getrusage() carries the high-water mark of the process
    that started it across exec (the parent, holding the cached vectors, reached 2.1 GiB once and
    every phase reported that), so the memory map's own VmHWM is read where there is one."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return round(int(line.split()[1]) / 1024, 1)  # kB
    except OSError:
        pass
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)  # Linux reports KiB


def _child(*args: str) -> dict:
    """Run one phase in a fresh interpreter, so its peak RSS is its own."""
    done = subprocess.run([sys.executable, "-m", "bench.scale", *args], cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"bench.scale {' '.join(args)} failed:\n{done.stderr[-4000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 100_000])
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--phase", choices=["build", "serve"], help=argparse.SUPPRESS)
    parser.add_argument("--range", type=int, nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.phase == "build":
        print(json.dumps(build(*args.range)))
        return {}
    if args.phase == "serve":
        print(json.dumps(serve(args.queries)))
        return {}

    import shutil

    shutil.rmtree(STORE, ignore_errors=True)
    real_chunks()  # embed the real chunks once (cached) before any timing
    results: dict[str, Any] = {
        "machine": machine(),
        "built_from": __doc__.split("How the corpus is built")[1].split("Prints a table")[0].strip(),
        "sizes": {},
    }
    have = 0
    for size in sorted(args.sizes):
        built = _child("--phase", "build", "--range", str(have), str(size))
        have = size
        served = _child("--phase", "serve", "--queries", str(args.queries))
        results["sizes"][str(size)] = {"build": built, "serve": served}
        print(
            f"{size:>7} abstracts: built (+{built['papers_added']}) in {built['seconds']} s "
            f"({built['words_embedded']} new words embedded in {built['words_seconds']} s), "
            f"peak RSS build {built['peak_rss_mib']} MiB, serve {served['peak_rss_mib']} MiB",
            flush=True,
        )
    rows = []
    for size, entry in results["sizes"].items():
        s = entry["serve"]
        answer, seen = s["retrieval+answer"], s["retrieval+answer, sentences seen before"]
        stored = s["retrieval+answer, sentences stored, none in memory"]
        rows.append(
            [
                size,
                s["chunks"],
                f"{s['retrieval']['median_ms']:.1f} / {s['retrieval']['p95_ms']:.1f}",
                f"{answer['median_ms']:.1f} / {answer['p95_ms']:.1f}",
                f"{seen['median_ms']:.1f} / {seen['p95_ms']:.1f}",
                f"{stored['median_ms']:.1f} / {stored['p95_ms']:.1f}",
                f"{s['embed']['median_ms']:.1f}",
                f"{s['dense']['median_ms']:.1f}",
                f"{s['lexical']['median_ms']:.1f} / {s['lexical']['p95_ms']:.1f}",
                f"{entry['build']['peak_rss_mib']:.0f}",
                f"{s['peak_rss_mib']:.0f}",
            ]
        )
    print()
    print_table(
        [
            "abstracts",
            "chunks",
            "hybrid retrieval ms, median / p95",
            "+ offline answer",
            "same, sentences seen before",
            "same, from the index only",
            "embed question",
            "LangChain dense search",
            "lexical search",
            "build RSS MiB",
            "serve RSS MiB",
        ],
        rows,
    )
    write_results("scale", results)
    return results


if __name__ == "__main__":
    main()
