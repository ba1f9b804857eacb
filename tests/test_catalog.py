"""Paper names: what a question may call a paper, and what it may not."""

from __future__ import annotations

from rag.index.catalog import names_of
from rag.models import Paper


def paper(title: str, abstract: str) -> Paper:
    return Paper(id="p", title=title, abstract=abstract)


def test_short_title_and_names_the_abstract_gives_itself():
    joena = paper(
        "Joint Optimal Transport and Embedding for Network Alignment",
        "We propose a framework for network alignment named JOENA.",
    )
    mimoe = paper(
        "Modality Interactive Mixture-of-Experts for Fake News Detection",
        "We present Modality Interactive Mixture-of-Experts for Fake News Detection (MIMoE-FND), a framework.",
    )
    dataman = paper("DataMan: Data Manager for Pre-training Large Language Models", "We train it on data.")
    assert "joena" in names_of(joena)
    assert "mimoe-fnd" in names_of(mimoe)
    assert "dataman" in names_of(dataman)


def test_headings_abbreviations_genes_and_capitalised_titles_are_not_names():
    clinical = paper(
        "THE USE OF LEAD CITRATE AT HIGH pH AS A STAIN",
        "BACKGROUND Chronic obstructive pulmonary disease (COPD) is common. METHODS We measured ApoE levels. FINDINGS None.",
    )
    names = names_of(clinical)
    assert names == {"the use of lead citrate at high ph as a stain"}
    assert "llms" not in names_of(
        paper("Large Language Models Fail", "We study large language models (LLMs) at length.")
    )


def test_a_one_word_title_is_not_a_name():
    assert names_of(paper("in", "Text about insulin.")) == set()


def test_a_titles_initials_are_a_name_only_when_the_paper_never_writes_them():
    from rag.index.catalog import title_acronyms

    chf = paper(
        "Physics-Based Hybrid Machine Learning for Critical Heat Flux Prediction with Uncertainty Quantification",
        "Critical heat flux is a key quantity in boiling system modeling.",
    )
    assert "CHF" in title_acronyms(chf) and "UQ" not in title_acronyms(chf)  # two letters name too much
    writes_it = paper("Mean Reciprocal Rank Matters", "We report the MRR of every system.")
    assert "MRR" not in title_acronyms(writes_it)
    assert not [a for a in title_acronyms(paper("The Hyperfitting Phenomenon", "x")) if a.startswith("T")]


def test_acronyms_name_their_paper_only_in_capitals(corpus_store):
    catalog = corpus_store.catalog
    chf = next(p.id for p in corpus_store.papers() if p.title.startswith("Physics-Based Hybrid"))
    assert list(catalog.papers_named("What base models does the CHF paper use?")) == [chf]
    assert list(catalog.papers_named("CHF予測の論文")) == [chf]
    assert catalog.papers_named("what does chf mean in cooking?") == {}
    # typed in lower case, initials still name the paper they are said to be ("the chf hybrid paper")
    assert list(catalog.papers_named("what did the chf hybrid paper find?")) == [chf]
    assert list(catalog.papers_named("what does the chf model predict?")) == [chf]


def test_co_authors_surnames_count_as_much_as_one_authors_full_name(corpus_store):
    found = corpus_store.catalog.papers_by_author(["Schenke", "Baumann"])
    assert list(found.values()) == [2] and next(iter(found)).startswith("controlled-diversity")


def test_initials_another_paper_writes_are_an_abbreviation_not_a_name(tmp_path, embeddings):
    """ "ART" abbreviates the title "Antigen-specific Regulatory T cells" but is antiretroviral therapy in
    the next abstract: initials that any paper writes name nothing."""
    import json

    from rag.index.ingest import ingest
    from rag.index.store import Store
    from rag.settings import Settings

    store = Store(Settings(store_dir=tmp_path / ".rag"))
    records = [
        {
            "id": "2501.00001",
            "title": "Antigen-specific Regulatory T cells in Colitis",
            "abstract": "We expand regulatory cells in vitro and treat colitis in mice.",
        },
        {
            "id": "2501.00002",
            "title": "Tuberculosis after Antiretroviral Therapy",
            "abstract": "Early ART lowers the incidence of tuberculosis in adults.",
        },
        {
            "id": "2501.00003",
            "title": "Critical Heat Flux Prediction",
            "abstract": "A hybrid model predicts the boiling crisis in reactors.",
        },
    ]
    (tmp_path / "p.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    ingest([tmp_path / "p.jsonl"], store)
    assert store.catalog.papers_named("Does ART lower TB incidence?") == {}
    assert [store.paper(pid).title for pid in store.catalog.papers_named("What does the CHF paper predict?")] == [
        "Critical Heat Flux Prediction"
    ]


def test_a_full_name_typed_in_lower_case_is_a_person(corpus_store):
    catalog = corpus_store.catalog
    assert catalog.people_written("did hanghang tong's group write any of these?") == ["hanghang", "tong"]
    assert catalog.people_written("does tong mean anything here?") == []  # one part of a name is no person


def test_a_coined_hyphenated_names_first_part_names_its_paper(corpus_store):
    """ "MIMoE" typed for MIMoE-FND; a title's first word ("Energy-Efficient …") names nothing alone."""
    catalog = corpus_store.catalog
    mimoe = next(p.id for p in corpus_store.papers() if p.title.startswith("Modality Interactive"))
    assert list(catalog.papers_named("全然別件で、fake news 検出の MIMoE の論文は？")) == [mimoe]
    assert catalog.papers_named("Energy use of AI: any numbers?") == {}


def test_a_coined_name_in_katakana_names_its_paper(corpus_store):
    """ジョエナ for JOENA, データマン for DataMan; データ alone or データマイニング names nothing."""
    catalog = corpus_store.catalog
    titles = [corpus_store.paper(pid).title for pid in catalog.papers_named("データマンとジョエナって何が違うの？")]
    assert [t.split(":")[0] for t in titles] == [
        "DataMan",
        "Joint Optimal Transport and Embedding for Network Alignment",
    ]
    assert catalog.papers_named("データマイニングの論文ある？") == {}


def test_a_name_before_a_hyphenated_modifier_names_its_paper(corpus_store):
    """ "JOENA-style alignment": the name, not the whole hyphenated word, is what a question calls the paper."""
    joena = next(p.id for p in corpus_store.papers() if p.title.startswith("Joint Optimal Transport"))
    assert list(corpus_store.catalog.papers_named("Would a JOENA-style alignment work on citation graphs?")) == [joena]
    assert corpus_store.catalog.papers_named("Is a two-stage pipeline better?") == {}


def test_surnames_typed_in_lower_case_are_found_when_no_abstract_writes_them(corpus_store):
    catalog = corpus_store.catalog
    assert catalog.surnames_typed("is furlong on any of these papers?") == ["furlong"]
    assert catalog.surnames_typed("which gen model is the length one about?") == []  # too short to tell
