"""The hybrid retriever on the shipped papers: fused ranking, exact side scores, modes, paper ranking."""

from __future__ import annotations

import pytest

from rag.answer.retrieval import Feedback, Retriever

DATAMAN = "DataMan: Data Manager for Pre-training Large Language Models"


@pytest.fixture(scope="module")
def retriever(corpus_store):
    return Retriever(corpus_store)


def test_hybrid_ranks_by_fused_score_and_reports_the_questions_own_cosine(retriever, corpus_store):
    question = "How does a data manager choose pre-training data for language models?"
    passages = retriever.search(question, k=6, per_paper=None)
    assert passages[0].paper.title == DATAMAN
    scores = [p.score for p in passages]
    assert scores == sorted(scores, reverse=True) and all(0.0 < s < 1.0 for s in scores)
    # The cosine shown is the question's own (before feedback moved the query), exact for every passage.
    exact = corpus_store.cosine(retriever.embed_query(question), [p.chunk.id for p in passages])
    for p in passages:
        assert p.dense == pytest.approx(exact[p.chunk.id], abs=1e-5)
    lexical = dict(corpus_store.lexical.search(question, 50))
    assert [p.lexical for p in passages if p.chunk.id in lexical] == [
        lexical[p.chunk.id] for p in passages if p.chunk.id in lexical
    ]


def test_japanese_question_finds_the_paper_through_its_japanese_summary(retriever):
    passages = retriever.search("データの品質を評価して事前学習データを選ぶ方法は？", k=3)
    assert passages[0].paper.title == DATAMAN and passages[0].chunk.lang == "ja"


def test_single_modes_rank_by_their_own_score(retriever):
    question = "optimal transport for network alignment"
    dense = retriever.score(question, mode="dense")
    assert [r[2] for r in dense] == sorted((r[3] for r in dense), reverse=True)
    bm25 = retriever.score(question, mode="bm25")
    assert bm25[0][2] == 1.0 and all(r[3] is None for r in bm25)
    assert [r[4] for r in bm25] == sorted((r[4] for r in bm25), reverse=True)
    with pytest.raises(ValueError, match="unknown retrieval mode"):
        retriever.score(question, mode="sparse")


def test_feedback_can_be_turned_off_and_paper_filters_hold(corpus_store):
    plain = Retriever(corpus_store, feedback=None)
    with_feedback = Retriever(corpus_store, feedback=Feedback(passages=3, weight=0.5))
    question = "network alignment with optimal transport"
    for retriever in (plain, with_feedback):
        top = retriever.search(question, k=3)
        assert top[0].paper.title == "Joint Optimal Transport and Embedding for Network Alignment"
    only = with_feedback.search(question, k=10, paper_ids=[top[0].paper_id], per_paper=None)
    assert only and {p.paper_id for p in only} == {top[0].paper_id}


def test_rank_papers_gives_each_paper_once_scored_by_its_best_chunk(retriever):
    question = "reward models for aligning language models"
    ranked = retriever.rank_papers(question, 5)
    assert len(ranked) == 5 and len({pid for pid, _ in ranked}) == 5
    best_chunk = {}
    for _, pid, score, _, _ in retriever.score(question, depth=200):
        best_chunk.setdefault(pid, score)
    assert ranked == list(best_chunk.items())[:5]
    assert len(retriever.rank_papers(question, 50)) == 10  # asks deeper until the index runs out


def test_search_within_papers_compares_their_chunks_exactly(retriever, monkeypatch):
    import rag.answer.retrieval as retrieval

    question = "graph neural networks"
    papers = sorted({p.paper_id for p in retriever.search(question, k=4)})[:2]
    exact = retriever.score(question, papers, mode="dense")
    monkeypatch.setattr(retrieval, "_EXACT_DENSE_CHUNKS", 0)  # Chroma's filtered vector search instead
    through_chroma = retriever.score(question, papers, mode="dense")
    assert [r[0] for r in exact] == [r[0] for r in through_chroma]
    assert [r[2] for r in exact] == pytest.approx([r[2] for r in through_chroma], abs=1e-5)
    assert {r[1] for r in exact} == set(papers)


def test_search_within_a_paper_reads_its_vectors_once(retriever, corpus_store, monkeypatch):
    question = "how much faster is network alignment"
    paper = retriever.search(question, k=1)[0].paper_id
    reads = []
    original = type(corpus_store).chunk_vectors

    def counted(store, chunk_ids):
        reads.append(len(chunk_ids))
        return original(store, chunk_ids)

    monkeypatch.setattr(type(corpus_store), "chunk_vectors", counted)
    passages = retriever.search(question, 64, [paper], per_paper=None)
    # the dense side, the fusion and the feedback search all use the one read of the paper's chunks
    assert reads == [len(corpus_store.lexical.chunk_ids_of([paper]))]
    assert {p.paper_id for p in passages} == {paper}
    assert len(passages) == len(corpus_store.lexical.chunk_ids_of([paper]))
