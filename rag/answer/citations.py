"""Numbered references: one number per paper, in order of first use, with the passages used."""

from __future__ import annotations

import re

from rag.links import paper_links
from rag.models import Citation, Paper, Passage

MARKER = re.compile(r"\[(\d+)\]")
_END = re.compile(r"([.!?。．！？]+[\"'”’)]*)\s*$")


class References:
    def __init__(self) -> None:
        self._by_paper: dict[str, Citation] = {}

    def cite(self, paper: Paper, passage: Passage | None = None, sentence: str | None = None) -> int:
        """The number of `paper` (given on first use), remembering the passage and sentence used."""
        citation = self._by_paper.get(paper.id)
        if citation is None:
            citation = Citation(n=len(self._by_paper) + 1, paper=paper)
            self._by_paper[paper.id] = citation
        if passage is not None and all(p.chunk.id != passage.chunk.id for p in citation.passages):
            citation.passages.append(passage)
        if sentence and sentence not in citation.supporting:
            citation.supporting.append(sentence)
        return citation.n

    @property
    def citations(self) -> list[Citation]:
        return sorted(self._by_paper.values(), key=lambda c: c.n)

    def __bool__(self) -> bool:
        return bool(self._by_paper)


def with_marker(sentence: str, n: int | list[int]) -> str:
    """Put "[n]" before the sentence's final punctuation: "… 20x speedup [1]."."""
    numbers = [n] if isinstance(n, int) else n
    marker = "".join(f"[{i}]" for i in numbers)
    match = _END.search(sentence)
    if match:
        return f"{sentence[: match.start()].rstrip()} {marker}{match.group(1)}"
    return f"{sentence.rstrip()} {marker}"


def short_authors(authors: tuple[str, ...] | list[str], limit: int = 6) -> str:
    """ "A, B, C et al." as reference lists print authors."""
    return ", ".join(authors[:limit]) + (" et al." if len(authors) > limit else "")


def render_references(citations: list[Citation]) -> str:
    """The plain-text reference list printed under an answer."""
    lines = []
    for c in citations:
        authors = short_authors(c.paper.authors)
        head = f"[{c.n}] {c.paper.title}. {authors}" + (f" ({c.paper.published})" if c.paper.published else "")
        head += "".join(f" {link}" for link in paper_links(c.paper.url, c.paper.id))
        lines.append(head)
        for sentence in c.supporting[:3]:
            where = page_label(c, sentence)
            lines.append(f'    "{sentence}"' + (f" ({where})" if where else ""))
    return "\n".join(lines)


def page_label(citation: Citation, sentence: str) -> str | None:
    """ "p. 3, 5 Results" for a sentence quoted from a page of the full text; None for the abstract."""
    for passage in citation.passages:
        if passage.chunk.page is not None and sentence in passage.chunk.text:
            section = f", {passage.chunk.section}" if passage.chunk.section else ""
            return f"p. {passage.chunk.page}{section}"
    return None
