"""The FTS5 lexical index's search: exact BM25 scores whichever way the candidates were found."""

from __future__ import annotations

import pytest

import rag.index.lexical as lexical
from rag.evaluation.beir import load_beir
from rag.index.chunking import chunk_paper
from rag.index.lexical import LexicalIndex
from rag.text import acronyms, expands, terms
from tests.conftest import ROOT

CRANFIELD = ROOT / "bench" / "data" / "cranfield"


@pytest.fixture(scope="module")
def cranfield():
    """The lexical index alone (no embeddings needed) over Cranfield's 1,398 abstracts, and its questions."""
    import tempfile
    from pathlib import Path

    collection = load_beir(CRANFIELD)
    with tempfile.TemporaryDirectory() as folder:
        index = LexicalIndex(Path(folder) / "lexical.sqlite3")
        index.replace(collection.papers, [c for p in collection.papers for c in chunk_paper(p)], "g1")
        yield index, list(collection.queries.values())[:40]
        index.close()


def _all_terms_ranking(index: LexicalIndex, query: str, k: int):
    """FTS5's own bm25() over every query term: the reference."""
    query_terms = list(dict.fromkeys(lexical._tokens(" ".join(terms(query)))))
    return [(cid, score) for _, cid, score in index._fts_search(query_terms, k, None)]


def test_rescoring_reproduces_fts5_bm25(cranfield):
    index, queries = cranfield
    for query in queries:
        reference = _all_terms_ranking(index, query, 30)
        rescored = dict(index.score_chunks(terms(query), [cid for cid, _ in reference]))
        assert rescored.keys() == {cid for cid, _ in reference}
        for cid, score in reference:
            assert rescored[cid] == pytest.approx(score, rel=1e-9)


def test_search_from_rare_terms_keeps_exact_scores_and_finds_the_best(cranfield, monkeypatch):
    index, queries = cranfield
    # The large-index path on a small one: the same share of the rows as 20,000 of a 100k-abstract index.
    monkeypatch.setattr(lexical, "_CANDIDATE_ROWS", 215)
    overlap = 0
    pruned_queries = 0
    for query in queries:
        frequencies = index.document_frequencies(terms(query))
        pruned_queries += sum(frequencies.values()) > 215
        found = index.search(query, 10)
        exact = dict(index.score_chunks(terms(query), [cid for cid, _ in found]))
        assert [s for _, s in found] == sorted((s for _, s in found), reverse=True)
        for cid, score in found:
            assert score == pytest.approx(exact[cid], rel=1e-9)
        overlap += len({cid for cid, _ in found} & {cid for cid, _ in _all_terms_ranking(index, query, 10)})
    assert pruned_queries >= 30  # the path under test really ran
    # Measured 0.875 here: what the commonest terms alone bring into the top ten is what gets lost.
    assert overlap / (10 * len(queries)) >= 0.75


def test_search_within_papers_and_for_given_chunks(cranfield):
    index, queries = cranfield
    query = queries[0]
    best = _all_terms_ranking(index, query, 5)
    papers = sorted({cid.rsplit(":", 2)[0] for cid, _ in best[:3]})
    within = index.search(query, 50, paper_ids=papers)
    assert within and {cid.rsplit(":", 2)[0] for cid, _ in within} <= set(papers)
    reference = dict(_all_terms_ranking(index, query, 2000))
    for cid, score in within:
        assert score == pytest.approx(reference[cid], rel=1e-9)
    given = [cid for cid, _ in best] + ["no-such-chunk"]
    assert [cid for cid, _ in index.search(query, 10, chunk_ids=given)] == [cid for cid, _ in best]
    assert index.search(query, 10, chunk_ids=[]) == []
    assert index.search("zzzqqq unknownword", 10) == []


def test_framing_words_and_pronouns_are_not_terms():
    # every inflection of a framing verb is dropped alike: "proposing" is no more a term than "propose"
    assert terms("what are they proposing, and what does it use?") == terms("what do they propose?") == []
    # a pronoun joins no kanji compound: 「結局何を」 yields 結局, not the stray bigram 局何
    assert "局何" not in terms("結局何をしているのか")


def test_possessives_and_apostrophes():
    assert terms("Alzheimer's disease") == terms("Alzheimer disease") == ["alzheim", "diseas"]
    assert terms("Crohn’s") == ["crohn"]
    assert terms("models' outputs") == ["model", "output"]
    # Every term is a run FTS5's tokenizer keeps whole, so BM25 computed here matches FTS5's.
    for word in terms("don't e.g. 1.3B T-cells naïve 熱流束の予測 ・ カタカナ・テスト"):
        assert lexical._tokens(word) == [word]


def test_an_acronym_is_spelled_out_by_the_initials_of_words_that_carry_meaning():
    """ "AI" is no "and improve": two letters begin some pair of words in most texts."""
    assert expands("ML", "physics-based machine learning models") and expands("MoE", "a mixture of experts")
    assert expands("AI", "artificial intelligence") and not expands("AI", "we and in turn improve it and in")


def test_a_writer_who_capitalises_nothing_may_write_an_acronym_in_lower_case():
    assert acronyms("for the chf study, what did the uq methods find")["uq"] == "uq"
    assert "uq" not in acronyms("For the CHF study, what did the uq methods find")  # capitals elsewhere: a word


def test_a_measure_suffix_is_the_measure_a_text_writes_with_its_noun():
    """出力長 is 出力の長さ: the compound's 長 is a term as 長さ's is, so the one finds the other."""
    assert "長" in terms("出力長を制御する論文") and "長" in terms("出力の長さを調整する")
    assert "化" not in terms("最適化する")  # a suffix naming no measure adds nothing


def test_a_katakana_compound_the_dictionary_lacks_holds_the_loanwords_it_is_made_of():
    """A question writing ガウスプロセス回帰 meets a summary writing ガウスプロセスモデル (one unknown word to MeCab)."""
    written = terms("ニューラルガウスプロセスモデル")
    assert {"ガウス", "プロセス", "process"} <= set(written)
    assert "ニューラルガウスプロセスモデル" in written  # the word as written still matches itself
    assert terms("データマン") == ["データ", "data", "マン", "man"]  # a coined name is not cut further


def test_an_acronym_is_spelled_out_by_words_that_carry_meaning():
    """An article, or a small word at either end, is no letter of an acronym; inside a compound it may be."""
    assert not expands("ETA", "by enhancing the accuracy of detection")
    assert not expands("ETA", "trained end-to-end training and tested")
    assert expands("SOTA", "compared with the state-of-the-art methods")
    assert expands("MoE", "a sparse mixture of experts")
