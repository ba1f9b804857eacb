"""Several processes on one embedded store: ingests queue on the lock, and a running reader sees new data."""

from __future__ import annotations

import json
import subprocess
import sys
import time

from bench.synthetic import recombined_records, sentences_of_papers, write_jsonl
from rag.chunking import chunk_paper
from rag.readers import read_paths
from tests.conftest import CORPUS, cli_env, run_cli
from tests.test_ingest_resume import _chunk_ids_in_chroma, _lexical_counts, _wait_for_chunks


def _ingest(source, store_dir, **env: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "rag", "ingest", str(source), "--json"],
        cwd=store_dir.parent, env=cli_env(store_dir, **env), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def test_second_ingest_waits_for_the_lock_or_gives_up_clearly(tmp_path):
    from rag.settings import Settings
    from rag.store import Store

    sentences = sentences_of_papers([CORPUS])
    first = write_jsonl(recombined_records(sentences, 250, per_abstract=(1, 1), max_sentence_chars=140, id_prefix="first"), tmp_path / "first.jsonl")
    second = write_jsonl(recombined_records(sentences, 40, per_abstract=(1, 2), id_prefix="second"), tmp_path / "second.jsonl")
    expected = {c.id for path in (first, second) for p in read_paths([path]) for c in chunk_paper(p)}
    store_dir = tmp_path / ".rag"

    writer = _ingest(first, store_dir)
    _wait_for_chunks(Store(Settings(store_dir=store_dir)).lexical_path, at_least=1, process=writer)
    impatient = _ingest(second, store_dir, RAG_LOCK_TIMEOUT="1")
    patient = _ingest(second, store_dir, RAG_LOCK_TIMEOUT="600")

    _, impatient_err = impatient.communicate(timeout=300)
    assert writer.poll() is None, "the first ingest ended before the second gave up: no contention tested"
    assert impatient.returncode == 1 and "Traceback" not in impatient_err
    assert "waiting for another ingest" in impatient_err
    assert "another ingest is writing to" in impatient_err and "gave up after waiting 1 s (RAG_LOCK_TIMEOUT)" in impatient_err

    out, err = writer.communicate(timeout=600)
    assert writer.returncode == 0, err
    assert json.loads(out)["papers_added"] == 250
    out, err = patient.communicate(timeout=600)
    assert patient.returncode == 0 and "waiting for another ingest" in err
    assert json.loads(out)["papers_added"] == 40

    store = Store(Settings(store_dir=store_dir))
    in_chroma = _chunk_ids_in_chroma(store)
    assert len(in_chroma) == len(expected) and set(in_chroma) == expected
    lexical_ids, fts_rows, papers = _lexical_counts(store)
    assert set(lexical_ids) == expected and len(lexical_ids) == fts_rows == len(expected) and papers == 290


def test_running_reader_sees_an_ingest_made_by_another_process(tmp_path, settings, store):
    """What a web app experiences when someone runs `rag ingest` next to it on the same store."""
    from rag.ingest import ingest
    from rag.retrieval import Retriever

    ingest([CORPUS], store)
    retriever = Retriever(store)
    query = "coastal flood forecasting from tide gauges"
    assert retriever.search(query, k=3, mode="dense")  # the vector index is loaded in this process

    extra = tmp_path / "extra.jsonl"
    extra.write_text(json.dumps({
        "id": "2503.00042",
        "title": "Tide Gauges and Graph Networks for Coastal Flood Forecasting",
        "abstract": "We forecast coastal floods from 40 tide gauges with a graph network. Errors drop by 12% against harmonic analysis.",
    }) + "\n", encoding="utf-8")
    result = run_cli("ingest", str(extra), store_dir=settings.store_dir)
    assert result.returncode == 0, result.stderr

    started = time.perf_counter()
    store.refresh()
    assert time.perf_counter() - started < 30
    assert [p.paper.id for p in retriever.search(query, k=1, mode="dense")] == ["2503.00042"]
    assert [p.paper.id for p in retriever.search(query, k=1)] == ["2503.00042"]
    assert store.count() == store.lexical.chunk_count()
