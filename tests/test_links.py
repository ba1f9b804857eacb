"""Only http(s) links and arXiv ids become links, whatever a paper's file says (issue 16, item 3)."""

from __future__ import annotations

import json

import pytest

from rag.links import paper_links, safe_url
from rag.models import Answer, Chunk, Citation, Paper, Passage
from rag.web.render import answer_html, papers_html, sources_html

HOSTILE = [
    "javascript:alert(1)",
    " JavaScript:alert(document.cookie)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    "//evil.example/x",
    "/relative/path",
    'https://example.org/" onmouseover="alert(1)',
    "https://",
    "ftp://example.org/paper.pdf",
]


@pytest.mark.parametrize("url", HOSTILE)
def test_other_schemes_and_broken_urls_are_not_links(url):
    assert safe_url(url) is None


def test_http_urls_stay_and_arxiv_ids_become_their_page():
    assert safe_url("https://doi.org/10.1000/xyz") == "https://doi.org/10.1000/xyz"
    assert safe_url("HTTP://Example.org/a?b=c#d") == "HTTP://Example.org/a?b=c#d"
    assert safe_url("arXiv:2502.19328v2") == "https://arxiv.org/abs/2502.19328"
    assert safe_url("hep-th/9711200") == "https://arxiv.org/abs/hep-th/9711200"
    assert safe_url(None) is None and safe_url("") is None and safe_url(42) is None


def test_an_ingested_javascript_url_is_dropped_and_never_rendered(tmp_path, store):
    from rag.index.ingest import ingest

    records = [
        {
            "id": "2501.00001",
            "title": "Sparse Attention for Proteins",
            "abstract": "We study sparse attention. Memory halves.",
            "url": "javascript:alert(1)",
        },
        {
            "id": "2501.00002",
            "title": "Tidal Forecasting",
            "abstract": "Graph networks forecast tides.",
            "url": "https://example.org/tides",
        },
    ]
    path = tmp_path / "papers.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    report = ingest([path], store)
    assert report.papers_added == 2 and not report.rejected  # the paper goes in, its link does not
    papers = {p.id: p for p in store.papers()}
    assert papers["2501.00001"].url is None
    assert papers["2501.00002"].url == "https://example.org/tides"
    html = papers_html(list(papers.values()), 2)
    assert "javascript:" not in html and 'href="https://example.org/tides"' in html


def test_a_stored_hostile_url_from_an_older_store_is_not_rendered_anywhere():
    # Paper built directly, as a store written before the check would hand it back
    paper = Paper(id="p1", title="Old record", abstract="It says a thing.", url="javascript:alert(1)")
    assert Paper.from_dict(paper.to_dict()).url is None
    citation = Citation(
        1, paper, [Passage(Chunk("p1", paper.title, paper.abstract, "en", 0), paper, 0.9)], ["It says a thing."]
    )
    answer = Answer(answer="It says a thing [1].", citations=[citation])
    for html in (papers_html([paper], 1), answer_html(answer, turn=1), sources_html(answer, turn=1)):
        assert "javascript:" not in html
    from rag.answer.citations import render_references

    assert "javascript:" not in render_references([citation])


def test_a_paper_links_to_arxiv_whenever_its_id_is_an_arxiv_id():
    assert paper_links(None, "2502.00003v2") == ["https://arxiv.org/abs/2502.00003"]
    assert paper_links("javascript:alert(1)", "2502.00003") == ["https://arxiv.org/abs/2502.00003"]
    assert paper_links("https://doi.org/10.1/x", "2502.00003") == [
        "https://doi.org/10.1/x",
        "https://arxiv.org/abs/2502.00003",
    ]
    assert paper_links("http://arxiv.org/abs/2502.00003v1", "2502.00003") == ["http://arxiv.org/abs/2502.00003v1"]
    assert paper_links(None, "a3f9c2d1e0") == [] and paper_links("https://example.org/p", None) == [
        "https://example.org/p"
    ]


def test_the_cli_references_and_exports_link_an_arxiv_paper_without_a_url():
    from rag.answer.citations import render_references
    from rag.answer.export import references_markdown

    paper = Paper(id="2502.00003", title="An arXiv paper", abstract="It says a thing.")
    citation = Citation(
        1, paper, [Passage(Chunk(paper.id, paper.title, paper.abstract, "en", 0), paper, 0.9)], ["It says a thing."]
    )
    assert "https://arxiv.org/abs/2502.00003" in render_references([citation]).splitlines()[0]
    assert "(https://arxiv.org/abs/2502.00003)" in references_markdown([citation.to_dict()])
