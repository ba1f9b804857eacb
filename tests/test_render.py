"""HTML for the web chat: linked markers, escaped paper text, comparison tables, refusals, sources."""

from __future__ import annotations

import re

import pytest

from rag.models import Answer, Chunk, Citation, FileOutcome, Paper, Passage
from rag.web.render import (
    answer_html,
    comparison_sections,
    highlighted,
    markdown_html,
    papers_html,
    sources_html,
    streaming_html,
    upload_html,
)

PAPER = Paper(
    id="2502.00001",
    title="Sparse Attention for <Long> Protein Sequences",
    abstract="We study sparse attention. Our model halves memory use. It keeps accuracy within 1%.",
    authors=("Ada Lovelace", "Alan Turing"),
    published="2025-01-15",
    categories=("q-bio.BM", "cs.LG"),
    summary_ja="長いタンパク質配列のための疎な注意。",
    url="https://arxiv.org/abs/2502.00001",
)
OTHER = Paper(id="2502.00002", title="Tidal Forecasting with Graph Networks", abstract="Graph networks forecast tides.")


def _citation(n: int, paper: Paper, text: str, supporting: list[str], score: float = 0.81) -> Citation:
    chunk = Chunk(paper.id, paper.title, text, "en", 0)
    return Citation(n=n, paper=paper, passages=[Passage(chunk=chunk, paper=paper, score=score)], supporting=supporting)


def test_markers_link_to_their_reference_and_unknown_numbers_stay_text():
    citation = _citation(1, PAPER, PAPER.abstract, ["Our model halves memory use."])
    html = answer_html(Answer(answer="Our model halves memory use [1]. See also [7].", citations=[citation]), turn=3)
    link = re.search(r'<a class="cite" href="#(t3-ref1)"[^>]*>\[1\]</a>', html)
    assert link, html
    assert f'id="{link.group(1)}"' in html  # the passages the marker opens
    assert "[7]" in html and 'href="#t3-ref7"' not in html
    assert "\n\n" not in html  # one HTML block: Gradio's Markdown passes it through whole


def test_reference_lists_title_authors_date_url_and_marks_the_supporting_sentence():
    citation = _citation(1, PAPER, PAPER.abstract, ["Our model halves memory use."])
    html = answer_html(Answer(answer="Our model halves memory use [1].", citations=[citation]), turn=1)
    refs = html[html.index('class="refs"') :]
    assert "Sparse Attention for &lt;Long&gt; Protein Sequences" in refs  # escaped, not markup
    assert "Ada Lovelace, Alan Turing" in refs and "(2025-01-15)" in refs
    assert 'href="https://arxiv.org/abs/2502.00001"' in refs
    assert "We study sparse attention. <mark>Our model halves memory use.</mark> It keeps" in refs
    assert "relevance 0.81" in refs


def test_paper_text_is_escaped_and_maths_survives_markdown():
    html = markdown_html("**Bold** <script>alert(1)</script> with $x_1 + y_2$ and $\\{a\\}$ costs $5 and $10.")
    assert "<strong>Bold</strong>" in html
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "$x_1 + y_2$" in html and "$\\{a\\}$" in html  # underscores and backslashes untouched
    assert "$5 and $10" in html  # prices are not maths


def test_highlight_only_marks_verbatim_sentences():
    assert highlighted("A b. C <d>.", ["C <d>.", "Not there."]) == "A b. <mark>C &lt;d&gt;.</mark>"


def test_comparison_renders_as_a_table_with_one_row_per_paper():
    text = "**Sparse Attention for <Long> Protein Sequences**\nIt halves memory [1].\n\n**Tidal Forecasting with Graph Networks**\nIt forecasts tides [2]."
    citations = [_citation(1, PAPER, PAPER.abstract, []), _citation(2, OTHER, OTHER.abstract, [])]
    assert [s.title for s in comparison_sections(text)] == [PAPER.title, OTHER.title]
    html = answer_html(Answer(answer=text, citations=citations, kind="compare"), turn=2)
    table = html[html.index("<table") : html.index("</table>")]
    assert table.count('<tr><th scope="row">') == 2
    assert "It halves memory" in table and 'href="#t2-ref2"' in table
    assert "Ada Lovelace" in table  # byline of the compared paper


def test_comparison_without_sections_falls_back_to_text():
    html = answer_html(
        Answer(answer="Both study graphs [1].", citations=[_citation(1, OTHER, OTHER.abstract, [])], kind="compare"), 1
    )
    assert "<table" not in html and "Both study graphs" in html


def test_refusal_is_shown_as_such_with_the_closest_papers():
    answer = Answer(
        answer="The indexed papers do not cover this question.", abstained=True, suggestions=[PAPER.summary_dict()]
    )
    html = answer_html(answer, 1)
    assert 'class="refusal"' in html and html.count("do not cover") == 1  # said once
    assert "Sparse Attention for &lt;Long&gt; Protein Sequences" in html and "2025-01-15" in html
    assert "Closest papers" in sources_html(answer, 1)


def test_sources_group_passages_by_paper_best_first_with_scores():
    citation = _citation(1, PAPER, PAPER.abstract, ["It keeps accuracy within 1%."], score=0.5)
    better = Passage(chunk=Chunk(PAPER.id, PAPER.title, "Memory halves.", "ja", 0), paper=PAPER, score=0.9)
    citation.passages.append(better)
    html = sources_html(Answer(answer="x [1].", citations=[citation], query="memory use"), turn=4)
    assert html.count('<section class="source"') == 1 and 'id="t4-src1"' in html
    assert html.index("Japanese summary · relevance 0.90") < html.index("abstract · relevance 0.50")
    assert "<mark>It keeps accuracy within 1%.</mark>" in html
    assert "Searched for: memory use" in html
    assert "appear here" in sources_html(None)


def test_streaming_shows_the_text_so_far_with_a_cursor():
    html = streaming_html("First line [1].\n")
    assert "First line [1]." in html and "cursor" in html and 'class="cite"' not in html


def test_papers_show_metadata_abstract_and_japanese_summary():
    html = papers_html([PAPER], total=2)
    assert "1 of 2 papers" in html
    for part in (
        "Ada Lovelace, Alan Turing",
        "2025-01-15",
        "<code>q-bio.BM</code>",
        "We study sparse attention.",
        "長いタンパク質配列",
    ):
        assert part in html
    assert "No papers indexed yet" in papers_html([], total=0)


@pytest.mark.parametrize(
    "outcomes, totals",
    [
        ([FileOutcome("a.jsonl", added=2, chunks=5)], "Added 2, updated 0, unchanged 0 paper(s); rejected 0 file(s)."),
        (
            [FileOutcome("a.jsonl", added=1), FileOutcome("b.jsonl", problems=["line 2: invalid JSON"])],
            "Added 1, updated 0, unchanged 0 paper(s); rejected 1 file(s).",
        ),
    ],
)
def test_upload_report_gives_totals_and_reasons_per_file(outcomes, totals):
    html = upload_html(outcomes)
    assert totals in html
    for outcome in outcomes:
        assert outcome.name in html
        for problem in outcome.problems:
            assert problem in html and "nothing from this file was indexed" in html


def test_a_paper_without_a_url_links_to_arxiv_in_references_sources_papers_and_refusals():
    bare = Paper(id="2502.00003", title="Kelp Carbon Uptake", abstract="Kelp takes up carbon.", published="2025-02-21")
    answer = Answer(answer="Kelp takes up carbon [1].", citations=[_citation(1, bare, bare.abstract, [])])
    refused = Answer(answer="x", abstained=True, suggestions=[bare.summary_dict()])
    for html in (answer_html(answer, 1), sources_html(answer, 1), papers_html([bare], 1), answer_html(refused, 2)):
        assert 'href="https://arxiv.org/abs/2502.00003"' in html, html
    assert "arxiv.org" not in papers_html([Paper(id="a3f9c2", title="Digest", abstract="x.")], 1)


def test_a_refusal_under_a_paper_restriction_names_it_once():
    answer = Answer(answer="The indexed papers do not cover this question.", abstained=True)
    html = answer_html(answer, 1, chosen=2)
    assert "The 2 chosen papers do not cover this question." in html and html.count("cover") == 1
    assert "The chosen paper does not cover this question." in answer_html(answer, 1, chosen=1)
    assert "No passage of the 2 chosen papers was relevant enough" in sources_html(answer, 1, chosen=2)
    japanese = Answer(answer="インデックスされた論文には、この質問に答える内容が見つかりません。", abstained=True)
    assert "選ばれた2本の論文には" in answer_html(japanese, 1, chosen=2)
