"""Answers, their sources, papers and upload reports as HTML for the web chat.

Everything that comes from a paper is escaped: retrieved text is data, never markup. The little
Markdown the answerers write (**headings**, *titles*, "- " lists) goes through markdown-it with raw
HTML disabled. $…$ maths is set aside before that, so Markdown cannot eat its backslashes and
underscores; KaTeX typesets it in the browser.

The chat shows each message as one HTML block without blank lines: Gradio's Markdown renderer then
passes it through whole (a blank line would end the block and turn the rest back into Markdown).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path
from urllib.parse import quote

from markdown_it import MarkdownIt

from rag.answer.citations import MARKER, short_authors
from rag.answer.pipeline import ABSTAIN_JA
from rag.links import paper_links
from rag.models import Answer, Citation, FileOutcome, Paper, Passage

# Indented and fenced code are off: a paper's odd indentation is not code.
_MARKDOWN = MarkdownIt("commonmark", {"html": False, "breaks": True}).enable("table").disable(["code", "fence"])
# Pandoc's rule for inline maths: no space just inside the dollars, no digit right after ("$5 and $10").
_MATH = re.compile(r"\$\$.+?\$\$|\$(?=\S)[^$\n]+?(?<=\S)\$(?!\d)", re.DOTALL)
_KEPT = re.compile("\ue000(\\d+)\ue001")  # private-use characters mark where maths was set aside
_HEADING = re.compile(r"^\*\*(.+?)\*\*\s*$", re.MULTILINE)
_TABLE_RULE = re.compile(r"^\|(?:\s*:?-{3,}:?\s*\|)+\s*$", re.MULTILINE)
_BLANK_LINES = re.compile(r"\n\s*\n")

LANG_LABELS = {"en": "abstract", "ja": "Japanese summary"}
FILE_ROUTE = "/gradio_api/file="  # Gradio serves the files under its allowed_paths here


# --- text -------------------------------------------------------------------------------------
def markdown_html(text: str) -> str:
    """Answer text → HTML: Markdown rendered, raw HTML escaped, maths left for KaTeX."""
    maths: list[str] = []

    def set_aside(match: re.Match) -> str:
        maths.append(match.group(0))
        return f"\ue000{len(maths) - 1}\ue001"

    html = _MARKDOWN.render(_MATH.sub(set_aside, text))
    return _KEPT.sub(lambda m: escape(maths[int(m.group(1))], quote=False), html).strip()


def anchor(turn: int, n: int) -> str:
    """The id of citation n's passages under the answer of this turn (unique within the page)."""
    return f"t{turn}-ref{n}"


def link_markers(html: str, citations: Sequence[Citation], turn: int) -> str:
    """Turn each [n] of a known citation into a link to its reference; unknown numbers stay text."""
    titles = {c.n: c.paper.title for c in citations}

    def link(match: re.Match) -> str:
        n = int(match.group(1))
        if n not in titles:
            return match.group(0)
        return f'<a class="cite" href="#{anchor(turn, n)}" data-turn="{turn}" data-n="{n}" title="{escape(titles[n])}">[{n}]</a>'

    return MARKER.sub(link, html)


def highlighted(text: str, sentences: Sequence[str]) -> str:
    """The passage escaped, with the sentences the answer used marked (when they occur verbatim)."""
    html = escape(text, quote=False)
    for sentence in sorted({s.strip() for s in sentences if s.strip()}, key=len, reverse=True):
        quoted = escape(sentence, quote=False)
        if quoted in html:
            html = html.replace(quoted, f"<mark>{quoted}</mark>", 1)
    return html


def _passage_label(passage: Passage, pdf_dir: Path | None = None) -> str:
    """ "abstract · relevance 0.86", or "p. 3 · 5 Results · relevance 0.86" for a page of the full
    text, the page a link that opens the stored PDF there; a passage read whole has no rank."""
    kind = LANG_LABELS.get(passage.chunk.lang, passage.chunk.lang)
    if passage.chunk.page is not None:
        kind = page_link(passage.paper, passage.chunk.page, pdf_dir)
        if passage.chunk.section:
            kind += f" · {escape(passage.chunk.section)}"
    return f"{kind} · relevance {passage.score:.2f}" if passage.score > 0 else f"{kind} · read in full"


def page_link(paper: Paper, page: int, pdf_dir: Path | None) -> str:
    """ "p. 3", linked to the stored PDF at that page (the browser's viewer reads #page=N) when the
    chat serves it: through Gradio's file route, behind the chat's login."""
    stored = pdf_dir / f"{paper.pdf}.pdf" if pdf_dir and paper.pdf else None
    if stored is None or not stored.exists():
        return f"p. {page}"
    href = f"{FILE_ROUTE}{quote(str(stored.resolve()))}#page={page}"
    return f'<a class="page-link" href="{escape(href)}" target="_blank" rel="noopener">p. {page}</a>'


def _meter(passage: Passage) -> str:
    return f'<meter min="0" max="1" value="{passage.score:.3f}"></meter> ' if passage.score > 0 else ""


def _one_block(html: str) -> str:
    return _BLANK_LINES.sub("\n", html)


def _byline(paper: Paper | dict) -> str:
    if isinstance(paper, dict):
        authors, published = paper.get("authors") or [], paper.get("published")
    else:
        authors, published = paper.authors, paper.published
    parts = [escape(short_authors(list(authors), 3))] if authors else []
    if published:
        parts.append(escape(published))
    return " · ".join(parts)


def _link(paper: Paper | dict) -> str:
    """The paper's url and its arXiv page when its id is an arXiv id, as links (urls checked again here:
    a store written before links were checked may hold any url)."""
    url, paper_id = (paper.get("url"), paper.get("id")) if isinstance(paper, dict) else (paper.url, paper.id)
    return "".join(
        f' <a href="{escape(link)}" target="_blank" rel="noopener noreferrer">{escape(link)}</a>'
        for link in paper_links(url, paper_id)
    )


# --- one chat answer --------------------------------------------------------------------------
def answer_html(answer: Answer, turn: int, pdf_dir: Path | None = None, chosen: int = 0) -> str:
    """The assistant's message: the answer (a table for comparisons, a refusal when abstaining) and its
    references. An answer that abstains because its paper does not state the detail asked for still
    shows what the paper does say, cited. `chosen`: how many papers the question was restricted to."""
    if answer.abstained and not answer.citations:
        body = refusal_html(answer, chosen)
    elif answer.kind == "compare" and _TABLE_RULE.search(answer.answer):
        # The offline answerer's comparison: a Markdown table, papers across and aspects down.
        body = link_markers(markdown_html(answer.answer), answer.citations, turn).replace(
            "<table>", '<table class="comparison aspects">', 1
        )
    elif answer.kind == "compare":
        body = comparison_html(answer, turn) or link_markers(markdown_html(answer.answer), answer.citations, turn)
    else:
        body = link_markers(markdown_html(answer.answer), answer.citations, turn)
    parts = [f'<div class="answer">{body}']
    if answer.notice:
        parts.append(f'<p class="notice">{escape(answer.notice)}</p>')
    if answer.unsupported:
        parts.append(
            f'<p class="notice">{len(answer.unsupported)} sentence(s) left out: no retrieved passage supported them.</p>'
        )
    if answer.citations:
        parts.append(references_html(answer.citations, turn, pdf_dir))
    parts.append("</div>")
    return _one_block("".join(parts))


def streaming_html(text: str) -> str:
    """An answer still being written: its text so far, with a cursor."""
    return _one_block(f'<div class="answer streaming">{markdown_html(text)}<span class="cursor">▍</span></div>')


def failure_html(message: str) -> str:
    """A turn that could not be answered (the store is unreachable, say)."""
    return f'<div class="answer"><p class="notice">{escape(message)}</p></div>'


def refusal_sentence(answer: Answer, chosen: int = 0) -> str:
    """What a refusal says, once: that the indexed papers, or the papers the user chose, do not cover it."""
    if not chosen:
        return answer.answer
    if answer.answer == ABSTAIN_JA:
        return f"選ばれた{chosen}本の論文には、この質問に答える内容が見つかりません。"
    if chosen == 1:
        return "The chosen paper does not cover this question."
    return f"The {chosen} chosen papers do not cover this question."


def refusal_html(answer: Answer, chosen: int = 0) -> str:
    parts = [f'<div class="refusal"><p><strong>{escape(refusal_sentence(answer, chosen))}</strong></p>']
    if answer.suggestions:
        parts.append("<p>Closest papers:</p><ul>")
        for paper in answer.suggestions:
            parts.append(
                f'<li><b>{escape(paper["title"])}</b> <span class="byline">{_byline(paper)}{_link(paper)}</span></li>'
            )
        parts.append("</ul>")
    parts.append("</div>")
    return "".join(parts)


@dataclass
class Section:
    title: str
    body: str


def comparison_sections(text: str) -> list[Section]:
    """The per-paper sections of a comparison: each starts with a **Title** line."""
    headings = list(_HEADING.finditer(text))
    return [
        Section(
            h.group(1).strip(), text[h.end() : headings[i + 1].start() if i + 1 < len(headings) else len(text)].strip()
        )
        for i, h in enumerate(headings)
    ]


def comparison_html(answer: Answer, turn: int) -> str | None:
    """An LLM's comparison (one section per paper, as its prompt asks) as a table, one row per paper;
    None when the text is not in per-paper sections."""
    sections = comparison_sections(answer.answer)
    if len(sections) < 2:
        return None
    by_title = {c.paper.title: c for c in answer.citations}
    first = _HEADING.search(answer.answer)  # there is one: comparison_sections found two or more
    intro = answer.answer[: first.start() if first else 0].strip()
    rows = []
    for section in sections:
        citation = by_title.get(section.title)
        head = f"<b>{escape(section.title)}</b>"
        if citation:
            head = (
                link_markers(f"[{citation.n}]", answer.citations, turn)
                + f' {head}<br><span class="byline">{_byline(citation.paper)}</span>'
            )
        cell = link_markers(markdown_html(section.body), answer.citations, turn)
        rows.append(f'<tr><th scope="row">{head}</th><td>{cell}</td></tr>')
    intro_html = link_markers(markdown_html(intro), answer.citations, turn) if intro else ""
    return (
        f'{intro_html}<table class="comparison"><thead><tr><th>Paper</th><th>What the paper says</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def references_html(citations: Sequence[Citation], turn: int, pdf_dir: Path | None = None) -> str:
    """The reference list under an answer; each opens to the passages the answer used."""
    items = []
    for c in citations:
        passages = (
            "".join(
                f'<blockquote class="passage">{highlighted(p.chunk.text, c.supporting)}'
                f' <span class="score">{_passage_label(p, pdf_dir)}</span></blockquote>'
                for p in c.passages
            )
            or '<p class="byline">Cited for the paper\'s metadata.</p>'
        )
        items.append(
            f'<details class="ref"><summary><span class="ref-n">[{c.n}]</span> <b>{escape(c.paper.title)}</b>. '
            f"{escape(short_authors(c.paper.authors))}{f' ({escape(c.paper.published)})' if c.paper.published else ''}"
            f"{_link(c.paper)}</summary>"
            f'<div class="ref-passages" id="{anchor(turn, c.n)}">{passages}</div></details>'
        )
    return f'<div class="refs"><p class="refs-head">References</p>{"".join(items)}</div>'


# --- the sources panel ------------------------------------------------------------------------
def sources_html(answer: Answer | None, turn: int = 0, pdf_dir: Path | None = None, chosen: int = 0) -> str:
    """The passages behind the latest answer, grouped by paper, best first, with relevance scores."""
    if answer is None:
        return '<div class="sources empty"><p>Ask a question: the passages behind the answer appear here.</p></div>'
    if answer.abstained:
        closest = "".join(f"<li>{escape(p['title'])}</li>" for p in answer.suggestions)
        of_chosen = f" of the {chosen} chosen paper{'s' if chosen != 1 else ''}" if chosen else ""
        return (
            f'<div class="sources empty"><p>No passage{of_chosen} was relevant enough to answer from.</p>'
            + (f"<p>Closest papers:</p><ul>{closest}</ul>" if closest else "")
            + "</div>"
        )
    groups = []
    for c in answer.citations:
        passages = (
            "".join(
                f'<div class="passage"><div class="score">{_meter(p)}{_passage_label(p, pdf_dir)}</div>'
                f"<p>{highlighted(p.chunk.text, c.supporting)}</p></div>"
                for p in sorted(c.passages, key=lambda p: p.score, reverse=True)
            )
            or '<p class="byline">Cited for the paper\'s metadata (title, authors, date, categories).</p>'
        )
        categories = f" · {escape(', '.join(c.paper.categories))}" if c.paper.categories else ""
        groups.append(
            f'<section class="source" id="t{turn}-src{c.n}"><h4>[{c.n}] {escape(c.paper.title)}</h4>'
            f'<p class="byline">{_byline(c.paper)}{categories}{_link(c.paper)}</p>{passages}</section>'
        )
    query = f'<p class="query">Searched for: {escape(answer.query)}</p>' if answer.query else ""
    return f'<div class="sources">{query}{"".join(groups)}</div>'


# --- papers -----------------------------------------------------------------------------------
def papers_html(papers: Sequence[Paper], total: int) -> str:
    """The Papers tab: one card per paper, abstract and Japanese summary folded."""
    if not total:
        return '<div class="papers empty"><p>No papers indexed yet: add some in the Add papers tab.</p></div>'
    shown = f"{len(papers)} of {total} papers" if len(papers) < total else f"{total} papers"
    cards = []
    for paper in papers:
        categories = "".join(f"<code>{escape(code)}</code> " for code in paper.categories)
        summary = (
            f'<details><summary>日本語の要約</summary><p lang="ja">{escape(paper.summary_ja)}</p></details>'
            if paper.summary_ja
            else ""
        )
        cards.append(
            f'<article class="paper" data-id="{escape(paper.id)}"><h4>{escape(paper.title)}</h4>'
            f'<p class="byline">{escape(", ".join(paper.authors))}{f" · {escape(paper.published)}" if paper.published else ""}</p>'
            f'<p class="byline">{categories}<span class="paper-id">{escape(paper.id)}</span>{_link(paper)}{_full_text(paper)}</p>'
            f"<details><summary>Abstract</summary><p>{escape(paper.abstract)}</p></details>{summary}</article>"
        )
    return f'<div class="papers"><p class="count">{shown}</p>{"".join(cards)}</div>'


def _full_text(paper: Paper) -> str:
    return f' <span class="full-text">full text · {paper.pages} pages</span>' if paper.has_full_text else ""


# --- uploads ----------------------------------------------------------------------------------
def upload_html(outcomes: Sequence[FileOutcome]) -> str:
    """The summary after an upload: totals, then one row per file with the reasons for any rejection."""
    kept = [o for o in outcomes if not o.rejected]
    rejected = [o for o in outcomes if o.rejected]
    totals = (
        f"Added {sum(o.added for o in kept)}, updated {sum(o.updated for o in kept)}, "
        f"unchanged {sum(o.unchanged for o in kept)} paper(s); rejected {len(rejected)} file(s)."
    )
    rows = []
    for o in outcomes:
        if o.rejected:
            result = "rejected, nothing from this file was indexed"
            detail = "<ul>" + "".join(f"<li>{escape(p)}</li>" for p in o.problems) + "</ul>"
        else:
            result = f"added {o.added}, updated {o.updated}, unchanged {o.unchanged}"
            detail = f"{o.chunks} passage(s) indexed"
        rows.append(
            f'<tr class="{"rejected" if o.rejected else "kept"}"><td>{escape(o.name)}</td><td>{result}</td><td>{detail}</td></tr>'
        )
    return (
        f'<div class="upload-report"><p class="totals">{totals}</p><table><thead><tr><th>File</th><th>Result</th>'
        f"<th>Details</th></tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
    )


def refused_upload_html(message: str) -> str:
    """Files refused before anything was read (wrong type): one line, in the report's place."""
    return f'<div class="upload-report refused"><p class="totals">⚠ {escape(message)}</p></div>'


def watch_news_html(news) -> str:
    """Watched questions whose answer now cites papers it did not (rag.answer.watching.WatchNews), after an upload."""
    if not news:
        return ""
    from rag.answer.watching import news_line

    items = "".join(
        f"<li><b>{escape(n.watch.question)}</b>: new {'; '.join(escape(p['title']) for p in n.new_papers)}</li>"
        for n in news
    )
    return f'<div class="watch-news"><p>{escape(news_line(news))}</p><ul>{items}</ul></div>'
