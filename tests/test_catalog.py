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
