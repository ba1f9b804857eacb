"""Citation verification of LLM answers, on the shipped corpus with the real embedding model."""

from __future__ import annotations

import pytest

from rag.answer.evidence import EvidenceScorer
from rag.answer.retrieval import Retriever
from rag.answer.verification import Verifier


@pytest.fixture(scope="module")
def retriever(corpus_store) -> Retriever:
    return Retriever(corpus_store)


@pytest.fixture(scope="module")
def verifier(corpus_store, retriever) -> Verifier:
    return Verifier(EvidenceScorer(corpus_store), retriever.paper_passages)


def passage(retriever, title_words: str, contains: str, lang: str = "en"):
    paper = next(p for p in retriever.store.papers() if title_words in p.title)
    return next(p for p in retriever.paper_passages(paper.id) if p.chunk.lang == lang and contains in p.chunk.text)


@pytest.fixture(scope="module")
def given(retriever):
    """Three passages as an LLM would get them: [1] DataMan, [2] JOENA's results, [3] the energy paper's results."""
    return [
        passage(retriever, "DataMan", "30B tokens"),
        passage(retriever, "Joint Optimal Transport", "20x speedup"),
        passage(retriever, "Energy-Efficient", "29.14%"),
    ]


def test_markers_after_the_full_stop_and_grouped_markers_are_read(verifier, given):
    reply = "JOENA achieves up to a 20x speedup over state-of-the-art alignment methods. [2] Static quantization cuts energy use by 29.14% [3, 2]."
    verified = verifier.verify(reply, given)

    assert verified.unsupported == []
    # Paper numbers in order of first use; [2] is dropped from the second sentence: only [3] backs it.
    assert verified.text == (
        "JOENA achieves up to a 20x speedup over state-of-the-art alignment methods [1]. Static quantization cuts energy use by 29.14% [2]."
    )
    assert [c.paper.title.split(":")[0] for c in verified.refs.citations] == [
        "Joint Optimal Transport and Embedding for Network Alignment",
        "Energy-Efficient Transformer Inference",
    ]
    assert any("29.14%" in s for s in verified.refs.citations[1].supporting)


def test_a_sentence_citing_the_wrong_paper_is_removed(verifier, given):
    verified = verifier.verify(
        "Static quantization reduces energy consumption while keeping classification performance [1].", given
    )

    assert verified.kept == 0 and verified.text == ""
    assert "do not support it" in verified.checks[0].reason


def test_headings_survive_only_with_a_supported_sentence_under_them_and_bullets_keep_their_marks(verifier, given):
    reply = (
        "**DataMan**\n- DataMan selects 30B tokens to train a 1.3B-parameter language model [1].\n\n"
        "**JOENA**\n- JOENA was trained on protein structures [2].\n\n"
        "**Energy-Efficient Transformer Inference**\nL1 pruning improves inference speed by 63% [3]."
    )
    verified = verifier.verify(reply, given)

    assert verified.text == (
        "**DataMan**\n- DataMan selects 30B tokens to train a 1.3B-parameter language model [1].\n\n"
        "**Energy-Efficient Transformer Inference**\nL1 pruning improves inference speed by 63% [2]."
    )
    assert verified.unsupported == ["JOENA was trained on protein structures."]


def test_numbers_must_appear_in_the_cited_passage(verifier, given):
    verified = verifier.verify(
        "DataMan selects 30B tokens to train a 1.3B-parameter model [1]. It also annotates 1,000 domains [1].", given
    )

    assert verified.kept == 1 and verified.checks[1].reason == "its number 1000 is not in the cited passages"


def test_a_japanese_sentence_citing_an_english_passage_is_checked_against_the_japanese_summary(verifier, given):
    verified = verifier.verify(
        "静的量子化により、分類性能を維持しながらエネルギー消費が29.14%減少しました [3]。", given
    )

    assert (
        verified.kept == 1
        and verified.text == "静的量子化により、分類性能を維持しながらエネルギー消費が29.14%減少しました [1]。"
    )
    unrelated = verifier.verify(
        "ハイパーフィッティングは、ビームサーチ中に繰り返しペナルティを加える手法です [3]。", given
    )
    assert unrelated.kept == 0
