"""`rag doctor` checks a real store and repairs what Chroma's contents determine (issue 16, item 4)."""

from __future__ import annotations

import json
import shutil

import pytest

from tests.conftest import run_cli


@pytest.fixture
def store(cli_corpus_dir, tmp_path):
    from rag.index.store import Store
    from rag.settings import Settings

    shutil.copytree(cli_corpus_dir, tmp_path / ".rag")
    opened = Store(Settings(store_dir=tmp_path / ".rag"))
    yield opened
    opened.client.close()


def test_a_consistent_store_is_reported_healthy_by_the_command(cli_corpus_dir, tmp_path):
    shutil.copytree(cli_corpus_dir, tmp_path / ".rag")
    result = run_cli("doctor", "--json", store_dir=tmp_path / ".rag")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert (
        report["papers"] == 10 and report["findings"] == [] and report["embedding_model"].endswith("all-MiniLM-L6-v2")
    )


def test_lexical_chunks_that_differ_from_chroma_are_found_and_rebuilt(store):
    from rag.index.doctor import examine

    paper_id = store.papers()[0].id
    with store.lexical.db:  # lose one paper's rows from the lexical index, as a bad copy would
        store.lexical.db.execute("DELETE FROM chunks WHERE paper_id=?", (paper_id,))
    found = examine(store)
    assert (
        not found.healthy
        and "other chunk counts" in found.findings[0].problem
        and paper_id in found.findings[0].problem
    )
    repaired = examine(store, repair=True)
    assert repaired.healthy and repaired.findings[0].repaired
    assert examine(store).findings == []


def test_chunks_without_a_record_and_old_versions_are_removed_by_repair(store):
    from rag.index.doctor import examine

    first, second = [p.id for p in store.papers()[:2]]
    record = store.collection.get(where={"$and": [{"paper_id": first}, {"index": 0}, {"lang": "en"}]}, include=[])[
        "ids"
    ]
    store.collection.delete(ids=record)  # the chunk carrying the paper's record is gone
    got = store.collection.get(where={"paper_id": second}, include=["embeddings", "documents", "metadatas"])
    stale = [dict(meta, version="000000000000") for meta in got["metadatas"] if "paper" not in meta]
    stale_ids = [f"{second}:000000000000:x{n}" for n in range(len(stale))]
    store.collection.add(
        ids=stale_ids,
        embeddings=got["embeddings"][: len(stale)],
        documents=got["documents"][: len(stale)],
        metadatas=stale,
    )

    problems = [f.problem for f in examine(store).findings]
    assert any("no record" in p and first in p for p in problems)
    assert any("two versions" in p and second in p for p in problems)
    assert examine(store, repair=True).healthy
    after = examine(store)
    assert after.findings == [] and after.papers == 9
    assert not store.collection.get(ids=stale_ids)["ids"]
