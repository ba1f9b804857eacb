"""Several processes on one embedded store: ingests queue on the lock, and a running reader sees new data."""

from __future__ import annotations

import json
import subprocess
import sys
import time

import pytest

from bench.synthetic import recombined_records, sentences_of_papers, write_jsonl
from rag.index.chunking import chunk_paper
from rag.readers import read_paths
from tests.conftest import CORPUS, cli_env, run_cli
from tests.test_ingest_resume import _chunk_ids_in_chroma, _lexical_counts


def _ingest(source, store_dir, log, **env: str) -> subprocess.Popen:
    """`rag ingest SOURCE --json` in the background; its stderr goes to `log`, readable while it runs."""
    return subprocess.Popen(
        [sys.executable, "-m", "rag", "ingest", str(source), "--json"],
        cwd=store_dir.parent,
        env=cli_env(store_dir, **env),
        stdout=subprocess.PIPE,
        stderr=log.open("w"),
        text=True,
    )


def _wait_for_text(log, text: str, timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while text not in log.read_text():
        assert time.monotonic() < deadline, f"{log.name} never said {text!r}: {log.read_text()}"
        time.sleep(0.2)


def test_ingests_queue_on_the_lock_and_an_impatient_one_gives_up_clearly(tmp_path):
    from filelock import FileLock

    from rag.index.store import Store
    from rag.settings import Settings

    sentences = sentences_of_papers([CORPUS])
    first = write_jsonl(
        recombined_records(sentences, 60, per_abstract=(1, 2), id_prefix="first"), tmp_path / "first.jsonl"
    )
    second = write_jsonl(
        recombined_records(sentences, 40, per_abstract=(1, 2), id_prefix="second"), tmp_path / "second.jsonl"
    )
    expected = {c.id for path in (first, second) for p in read_paths([path]) for c in chunk_paper(p)}
    store_dir = tmp_path / ".rag"
    lock_path = Store(Settings(store_dir=store_dir)).ingest_lock_path

    # This test holds the ingest lock itself, as a long ingest would: the contention is certain,
    # however fast the machine is.
    held = FileLock(str(lock_path))
    lock_path.parent.mkdir(parents=True)
    held.acquire()
    try:
        logs = [tmp_path / f"{name}.log" for name in ("impatient", "one", "two")]
        impatient = _ingest(second, store_dir, logs[0], RAG_LOCK_TIMEOUT="1")
        one, two = _ingest(first, store_dir, logs[1]), _ingest(second, store_dir, logs[2])
        impatient.wait(timeout=300)
        impatient_err = logs[0].read_text()
        assert impatient.returncode == 1 and "Traceback" not in impatient_err
        assert "waiting for another ingest" in impatient_err
        assert (
            "another ingest is writing to" in impatient_err
            and "gave up after waiting 1 s (RAG_LOCK_TIMEOUT)" in impatient_err
        )
        for log in logs[1:]:
            _wait_for_text(log, "waiting for another ingest")
        assert one.poll() is None and two.poll() is None  # both queued behind the lock
    finally:
        held.release()

    # Released: the two queued ingests now take the lock one after the other.
    for process, log, added in ((one, logs[1], 60), (two, logs[2], 40)):
        out, _ = process.communicate(timeout=600)
        assert process.returncode == 0, log.read_text()
        assert json.loads(out)["papers_added"] == added

    store = Store(Settings(store_dir=store_dir))
    in_chroma = _chunk_ids_in_chroma(store)
    assert len(in_chroma) == len(expected) and set(in_chroma) == expected
    lexical_ids, fts_rows, papers = _lexical_counts(store)
    assert set(lexical_ids) == expected and len(lexical_ids) == fts_rows == len(expected) and papers == 100


def test_running_reader_sees_an_ingest_made_by_another_process(tmp_path, settings, corpus_copy):
    """What a web app experiences when someone runs `rag ingest` next to it on the same store."""
    from rag.answer.retrieval import Retriever

    store = corpus_copy  # the ten shipped papers
    retriever = Retriever(store)
    query = "coastal flood forecasting from tide gauges"
    assert retriever.search(query, k=3, mode="dense")  # the vector index is loaded in this process

    extra = tmp_path / "extra.jsonl"
    extra.write_text(
        json.dumps(
            {
                "id": "2503.00042",
                "title": "Tide Gauges and Graph Networks for Coastal Flood Forecasting",
                "abstract": "We forecast coastal floods from 40 tide gauges with a graph network. Errors drop by 12% against harmonic analysis.",
            }
        )
        + "\n",
        encoding="utf-8",
    )
    result = run_cli("ingest", str(extra), store_dir=settings.store_dir)
    assert result.returncode == 0, result.stderr

    started = time.perf_counter()
    store.refresh()
    assert time.perf_counter() - started < 30
    assert [p.paper.id for p in retriever.search(query, k=1, mode="dense")] == ["2503.00042"]
    assert [p.paper.id for p in retriever.search(query, k=1)] == ["2503.00042"]
    assert store.count() == store.lexical.chunk_count()


def test_processes_opening_a_new_store_at_once_do_not_take_each_other_for_damage(tmp_path):
    """Two ingests started together on a new store both create its Chroma tables unless opening is
    serialised: one then read "table collections already exists" as a damaged store (exit 2)."""
    opening = (
        "import sys; from pathlib import Path; from rag.index.store import Store; from rag.settings import Settings; "
        "Store(Settings(store_dir=Path(sys.argv[1]))).client.get_or_create_collection('papers')"
    )
    for attempt in range(4):
        store_dir = tmp_path / f"store{attempt}"
        processes = [
            subprocess.Popen([sys.executable, "-c", opening, str(store_dir)], stderr=subprocess.PIPE, text=True)
            for _ in range(4)
        ]
        failures = [p.communicate(timeout=120)[1] for p in processes if p.wait(timeout=120) != 0]
        assert not failures, failures[0]


def test_a_store_left_locked_by_a_stuck_opener_gives_a_clear_error_instead_of_hanging(tmp_path, monkeypatch):
    """The opening lock is held for milliseconds; one held far longer (a hung process) must not hang
    every later command: it ends in a StoreError that names the lock file."""
    from rag.index import store as store_module
    from rag.index.store import Store, StoreError
    from rag.settings import Settings

    store = Store(Settings(store_dir=tmp_path / "store"))
    store.open_lock_path.parent.mkdir(parents=True, exist_ok=True)
    holding = "import sys, time; from filelock import FileLock; lock = FileLock(sys.argv[1]); lock.acquire(); print('held', flush=True); time.sleep(60)"
    holder = subprocess.Popen(
        [sys.executable, "-c", holding, str(store.open_lock_path)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        monkeypatch.setattr(store_module, "_LOCKED_WAIT_S", 0.5)
        started = time.monotonic()
        with pytest.raises(StoreError) as error:
            _ = store.client
        assert time.monotonic() - started < 10
        assert str(store.open_lock_path) in str(error.value) and "delete that lock file" in str(error.value)
    finally:
        holder.kill()
        holder.wait()
