"""Answers in the formats researchers keep: Markdown with a reference list, and BibTeX of the cited papers.

Both work on the answer object as `rag ask --json` prints it (`Answer.to_dict()`), so the CLI, the web
chat and saved conversations (which store that object) export through the same functions. BibTeX is
written by bibtexparser v2 (entries, co-author merging, braces) with pylatexenc escaping the text, so a
title with "&" or "ü" stays valid LaTeX.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

import bibtexparser
from bibtexparser import middlewares as mw
from bibtexparser.model import Entry, Field
from pylatexenc.latexencode import unicode_to_latex

from rag.links import paper_links
from rag.readers.validation import arxiv_id

FORMATS = ("text", "markdown", "bibtex", "json")
_STOP = {"a", "an", "the", "on", "of", "for", "in", "to", "and", "with", "towards", "toward", "is", "are"}


def paper_link(citation: dict) -> str | None:
    """The paper's own url, else its arXiv page when its id is an arXiv id (rag.links' one rule)."""
    links = paper_links(citation.get("url"), citation.get("id"))
    return links[0] if links else None


def _authors(names: Sequence[str], limit: int = 6) -> str:
    return ", ".join(names[:limit]) + (" et al." if len(names) > limit else "")


def references_markdown(citations: Iterable[dict]) -> str:
    """A "References" section: [n] title, authors, date, link, and the sentences the answer rests on."""
    lines = ["### References", ""]
    for c in citations:
        head = f"[{c['n']}] **{c['title']}**"
        if c.get("authors"):
            head += f". {_authors(c['authors'])}"
        if c.get("published"):
            head += f" ({c['published']})"
        link = paper_link(c)
        if link:
            found = arxiv_id(c.get("id") or "")
            head += f". [{'arXiv:' + found if found else link}]({link})"
        lines.append(head + "  ")
        lines.extend(f"> {sentence}  " for sentence in c.get("supporting", [])[:3])
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def answer_markdown(answer: dict, question: str | None = None) -> str:
    """One answer as Markdown: the question as a heading, the text with its [n] markers, the references."""
    parts = [f"## {question.strip()}\n"] if question else []
    parts.append(answer["answer"].strip() + "\n")
    if answer.get("citations"):
        parts.append(references_markdown(answer["citations"]))
    elif answer.get("suggestions"):
        parts.append("Closest papers: " + "; ".join(s["title"] for s in answer["suggestions"]) + "\n")
    return "\n".join(parts)


def conversation_markdown(turns: Sequence[tuple[str, dict]], title: str | None = None) -> str:
    """A conversation, each question followed by its answer and that answer's references."""
    parts = [f"# {title}\n"] if title else []
    parts.extend(answer_markdown(answer, question) for question, answer in turns)
    return "\n".join(parts)


def cited_papers(answers: Iterable[dict]) -> list[dict]:
    """Every paper cited in the answers, once each, in order of first citation."""
    seen: dict[str, dict] = {}
    for answer in answers:
        for citation in answer.get("citations", []):
            seen.setdefault(citation["id"], citation)
    return list(seen.values())


def _ascii_word(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower())


def bibtex_key(citation: dict) -> str:
    """A stable key from the paper alone: first author's family name, year, first title word ("peng2025dataman")."""
    authors = citation.get("authors") or []
    family = _ascii_word(authors[0].split()[-1]) if authors and authors[0].split() else ""
    year = (citation.get("published") or "")[:4]
    words = [_ascii_word(w) for w in re.split(r"[\s:\-—,]+", citation.get("title") or "")]
    word = next((w for w in words if w and w not in _STOP), "")
    return (family or "anon") + (year if year.isdigit() else "") + word


def _entry(citation: dict, key: str) -> Entry:
    fields = [Field("title", unicode_to_latex(citation["title"]))]
    if citation.get("authors"):
        fields.append(Field("author", [unicode_to_latex(name) for name in citation["authors"]]))
    published = citation.get("published") or ""
    if published[:4].isdigit():
        fields.append(Field("year", published[:4]))
    found = arxiv_id(citation.get("id") or "")
    if found:
        fields += [Field("eprint", found), Field("archiveprefix", "arXiv")]
    link = paper_link(citation)
    if link:
        fields.append(Field("url", link))
    return Entry("misc", key, fields)


def bibtex(citations: Iterable[dict]) -> str:
    """One @misc entry per paper (authors joined with "and", year, eprint and url when known)."""
    library = bibtexparser.Library()
    used: set[str] = set()
    for citation in citations:
        key = base = bibtex_key(citation)
        suffix = ord("a")
        while key in used:  # two papers with the same author, year and first word: peng2025dataman, peng2025datamanb
            suffix += 1
            key = base + chr(suffix)
        used.add(key)
        library.add(_entry(citation, key))
    stack = [
        mw.MergeCoAuthors(),
        mw.AddEnclosingMiddleware(reuse_previous_enclosing=False, enclose_integers=False, default_enclosing="{"),
    ]
    return bibtexparser.write_string(library, unparse_stack=stack)
