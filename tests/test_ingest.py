"""Ingest into a real Chroma store: idempotence, replacement of changed papers, all-or-nothing --strict."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from rag.index.chunking import chunk_paper
from rag.index.ingest import ingest
from rag.readers import read_paths
from tests.conftest import CORPUS


def _jsonl(path, *records):
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


PAPER_A = {
    "id": "2502.00001",
    "title": "Sparse Attention for Long Protein Sequences",
    "abstract": "We study sparse attention for long protein sequences. Our model halves memory use. It keeps accuracy within 1%.",
    "authors": "Ada Lovelace and Alan Turing",
    "categories": "q-bio.BM cs.LG",
    "update_date": "2025-01-15",
}
PAPER_B = {
    "id": "2502.00002",
    "title": "Tidal Forecasting with Graph Networks",
    "abstract": "Graph networks forecast tides at 40 stations. Errors drop by 12% against harmonic analysis.",
    "authors": "Grace Hopper",
    "categories": "physics.ao-ph",
    "update_date": "2025-01-16",
}


def test_reingest_adds_nothing(store):
    first = ingest([CORPUS], store)
    assert (first.papers_added, first.papers_updated, first.papers_unchanged) == (10, 0, 0)
    chunks = store.count()
    assert first.chunks_added == chunks > 10

    again = ingest([CORPUS], store)
    assert (again.papers_added, again.papers_updated, again.papers_unchanged, again.chunks_added) == (0, 0, 10, 0)
    assert store.count() == chunks
    assert store.lexical.chunk_count() == chunks


def test_chunks_carry_paper_metadata_and_language(corpus_copy):
    store = corpus_copy
    got = store.collection.get(include=["metadatas", "documents"])
    langs = {m["lang"] for m in got["metadatas"]}
    assert langs == {"en", "ja"}
    for meta in got["metadatas"]:
        assert meta["paper_id"] and meta["title"] and meta["authors"] and meta["published"] == "2025-02-26"
    # Every paper's chunks, joined, give back its abstract: nothing lost, nothing repeated.
    for paper in store.papers():
        en = sorted(
            (m["index"], d)
            for m, d in zip(got["metadatas"], got["documents"])
            if m["paper_id"] == paper.id and m["lang"] == "en"
        )
        # (compared without spaces: "learning.For another" in the corpus is split into two sentences)
        assert "".join("".join(d for _, d in en).split()) == "".join(paper.abstract.split())


def test_changed_abstract_replaces_that_papers_chunks(tmp_path, store):
    path = _jsonl(tmp_path / "papers.jsonl", PAPER_A, PAPER_B)
    ingest([path], store)
    before = store.collection.get(include=["documents", "metadatas"])
    b_before = {i for i, m in zip(before["ids"], before["metadatas"]) if m["paper_id"] == PAPER_B["id"]}

    changed = dict(
        PAPER_A, abstract="We study sparse attention for very long protein sequences. Memory use drops by 70%."
    )
    _jsonl(path, changed, PAPER_B)
    report = ingest([path], store)
    assert (report.papers_added, report.papers_updated, report.papers_unchanged) == (0, 1, 1)

    after = store.collection.get(include=["documents", "metadatas"])
    a_docs = [d for d, m in zip(after["documents"], after["metadatas"]) if m["paper_id"] == PAPER_A["id"]]
    assert a_docs and all("halves memory" not in d for d in a_docs)
    assert any("70%" in d for d in a_docs)
    assert {i for i, m in zip(after["ids"], after["metadatas"]) if m["paper_id"] == PAPER_B["id"]} == b_before
    # The lexical side follows: the old wording is gone, the new one found.
    assert not store.lexical.search("halves", 5)
    assert store.lexical.search("70%", 5) or store.lexical.search("drops memory", 5)
    assert store.paper(PAPER_A["id"]).abstract.endswith("70%.")


def test_strict_rejects_everything_when_one_entry_is_bad(tmp_path, corpus_copy):
    store = corpus_copy
    ids_before = sorted(store.collection.get(include=[])["ids"])
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps(PAPER_A) + "\n" + '{"id": "x", "title": "Trunc', encoding="utf-8")

    report = ingest([bad], store, strict=True)
    assert report.aborted and report.papers_added == 0
    assert any(p.source == str(bad) and p.where == "line 2" for p in report.rejected)
    assert sorted(store.collection.get(include=[])["ids"]) == ids_before
    assert len(store.papers()) == 10


def test_default_mode_keeps_good_entries_and_lists_bad_ones(tmp_path, store):
    bad = tmp_path / "mixed.jsonl"
    no_title = dict(PAPER_B, id="2502.00003", title="  ")
    bad.write_text(
        json.dumps(PAPER_A) + "\n" + json.dumps(no_title) + "\n" + '{"id": "x", "title": "Trunc', encoding="utf-8"
    )
    report = ingest([bad], store)
    assert report.papers_added == 1 and not report.aborted
    assert sorted(p.where for p in report.rejected) == ["line 2", "line 3"]
    assert [p.id for p in store.papers()] == [PAPER_A["id"]]


def test_duplicate_ids_in_one_command_are_reported(tmp_path, store):
    one = _jsonl(tmp_path / "one.jsonl", PAPER_A)
    two = _jsonl(tmp_path / "two.jsonl", dict(PAPER_A, title="Another Title Same Id"))
    report = ingest([one, two], store)
    assert report.papers_added == 1
    assert len(report.rejected) == 1 and "duplicate paper id" in report.rejected[0].reason
    assert report.rejected[0].source == str(two)


def test_store_refuses_another_embedding_model(tmp_path, settings, corpus_copy):
    from rag.index.store import Store, StoreError

    assert len(corpus_copy.papers()) == 10  # a store built with the packaged model, in settings.store_dir
    fake_model = tmp_path / "other-model"
    fake_model.mkdir()
    (fake_model / "modules.json").write_text("[]")
    other = Store(settings.model_copy(update={"embedding_model": str(fake_model)}))
    with pytest.raises(StoreError, match="built with the embedding model"):
        other.papers()


def test_lexical_index_rebuilds_from_chroma(settings, corpus_copy):
    """The SQLite side is derived: deleting it loses nothing."""
    from rag.index.store import Store

    store = corpus_copy
    expected = store.lexical.chunk_count()
    store.lexical.close()
    store.lexical.path.unlink()
    reopened = Store(settings)
    assert reopened.lexical.chunk_count() == expected
    assert len(reopened.papers()) == 10
    assert reopened.lexical.search("JOENA", 3)


def test_chunks_are_sentence_aligned():
    paper = next(p for p in read_paths([CORPUS]) if "DataMan" in p.title)
    chunks = chunk_paper(paper)
    en = [c for c in chunks if c.lang == "en"]
    ja = [c for c in chunks if c.lang == "ja"]
    assert len(en) >= 2 and ja
    assert all(c.text.rstrip().endswith((".", ")", "”", '"')) for c in en)
    assert "".join(c.text for c in ja).replace("\n", "") == paper.summary_ja.replace("\n", "")
    assert len({c.id for c in chunks}) == len(chunks)
    # The title gives each chunk context in what is embedded.
    assert all(c.embedding_text.startswith(paper.title) for c in chunks)
    # A changed paper gets new chunk ids.
    assert {c.id for c in chunk_paper(replace(paper, abstract=paper.abstract + " More."))}.isdisjoint(
        {c.id for c in en}
    )
