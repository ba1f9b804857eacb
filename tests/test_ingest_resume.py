"""Large ingests survive being killed: rerunning the command finishes the job, every chunk exactly once."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench.synthetic import recombined_records, sentences_of_papers, write_jsonl
from rag.index.chunking import chunk_paper
from rag.readers import read_paths
from tests.conftest import CORPUS, cli_env, invoke_cli_json, run_cli_json

N_PAPERS = 1200  # ingest.BATCH_PAPERS (128) at a time: killed after 600 chunks (5 batches), 560 papers left


def _chunk_ids_in_chroma(store) -> list[str]:
    return list(store.collection.get(include=[])["ids"])


def _lexical_counts(store) -> tuple[list[str], int, int]:
    db = store.lexical.db
    ids = [row[0] for row in db.execute("SELECT id FROM chunks")]
    terms = db.execute("SELECT count(*) FROM chunk_terms").fetchone()[0]
    papers = db.execute("SELECT count(*) FROM papers").fetchone()[0]
    return ids, terms, papers


def _wait_for_chunks(path: Path, at_least: int, process: subprocess.Popen, timeout: float = 600) -> int:
    """Poll the ingest's lexical index (read-only; SQLite WAL lets us) until it holds `at_least` chunks."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, "the ingest finished before it could be killed"
        if path.exists():
            try:
                with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
                    count = db.execute("SELECT count(*) FROM chunks").fetchone()[0]
            except sqlite3.OperationalError:  # schema not created yet
                count = 0
            if count >= at_least:
                return count
        time.sleep(0.2)
    pytest.fail(f"the ingest did not write {at_least} chunks within {timeout:.0f} s")


def test_sigkilled_ingest_resumes_with_every_chunk_exactly_once(tmp_path):
    from rag.index.store import Store
    from rag.settings import Settings

    # Short abstracts (one real sentence each): the test is about batches committed, not about text.
    records = recombined_records(
        sentences_of_papers([CORPUS]), N_PAPERS, per_abstract=(1, 1), max_sentence_chars=140, title_words=4
    )
    source = write_jsonl(records, tmp_path / "papers.jsonl")
    expected = {chunk.id for paper in read_paths([source]) for chunk in chunk_paper(paper)}
    store_dir = tmp_path / ".rag"
    lexical_path = Store(Settings(store_dir=store_dir)).lexical_path  # opens nothing

    process = subprocess.Popen(
        [sys.executable, "-m", "rag", "ingest", str(source), "--json"],
        cwd=tmp_path,
        env=cli_env(store_dir),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for_chunks(lexical_path, at_least=600, process=process)
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()
    with sqlite3.connect(f"file:{lexical_path}?mode=ro", uri=True) as db:
        written = db.execute("SELECT count(*) FROM chunks").fetchone()[0]
    assert 600 <= written < len(expected), "killed mid-way"

    report = run_cli_json("ingest", str(source), store_dir=store_dir)
    assert report["papers_updated"] == 0 and report["rejected_total"] == 0
    assert report["papers_added"] + report["papers_unchanged"] == N_PAPERS
    assert report["papers_unchanged"] >= 512  # what the killed run committed was kept, not redone
    # Opened in this process only now: an embedded Chroma client here would not see the others' writes.
    again = invoke_cli_json("ingest", str(source), store_dir=store_dir)
    assert (again["papers_unchanged"], again["chunks_added"]) == (N_PAPERS, 0)

    store = Store(Settings(store_dir=store_dir))
    in_chroma = _chunk_ids_in_chroma(store)
    assert len(in_chroma) == len(set(in_chroma)) == len(expected) and set(in_chroma) == expected
    lexical_ids, fts_rows, papers = _lexical_counts(store)
    assert len(lexical_ids) == fts_rows == len(expected) and set(lexical_ids) == expected
    assert papers == N_PAPERS


def test_crash_between_chroma_and_the_lexical_index_is_repaired_on_reopen(tmp_path, settings, corpus_copy):
    """Chroma got the batch, the lexical index did not: the pending stamp makes the next opener resync."""
    from rag.index.ingest import ingest
    from rag.index.store import Store

    store = corpus_copy  # the ten shipped papers
    records = recombined_records(sentences_of_papers([CORPUS]), 20, per_abstract=(2, 3), id_prefix="crash")
    source = write_jsonl(records, tmp_path / "more.jsonl")

    def crash(*args, **kwargs):
        raise KeyboardInterrupt  # as if killed after the Chroma upsert

    store.lexical.replace = crash
    with pytest.raises(KeyboardInterrupt):
        ingest([source], store)
    in_chroma = set(_chunk_ids_in_chroma(store))
    assert len(store.lexical.paper_hashes()) == 10  # this process's lexical index never saw the batch

    reopened = Store(settings)
    lexical_ids, fts_rows, papers = _lexical_counts(reopened)
    assert set(lexical_ids) == in_chroma and fts_rows == len(in_chroma) and papers == 30
    report = ingest([source], reopened)
    assert (report.papers_added, report.papers_unchanged) == (0, 20)
    assert set(_chunk_ids_in_chroma(reopened)) == in_chroma


def test_workers_encode_the_same_vectors_as_one_process(tmp_path, embeddings):
    """--workers 2 on torch goes through sentence-transformers' multi-process pool; its vectors are the ones
    this process (ONNX Runtime) makes."""
    import numpy as np

    from rag.index.store import Store
    from rag.settings import Settings

    records = recombined_records(sentences_of_papers([CORPUS]), 24, per_abstract=(1, 3), id_prefix="pool")
    source = write_jsonl(records, tmp_path / "pool.jsonl")
    store_dir = tmp_path / ".rag"
    report = run_cli_json("ingest", str(source), "--workers", "2", store_dir=store_dir, RAG_EMBEDDING_RUNTIME="torch")
    chunks = [c for p in read_paths([source]) for c in chunk_paper(p)]
    assert report["papers_added"] == 24 and report["chunks_added"] == len(chunks)

    store = Store(Settings(store_dir=store_dir))
    got = store.collection.get(ids=[c.id for c in chunks], include=["embeddings"])
    stored = dict(zip(got["ids"], np.asarray(got["embeddings"])))
    local = store.embed(chunks)  # one process, in this one
    assert min(float(stored[c.id] @ v) for c, v in zip(chunks, local)) > 0.9999
