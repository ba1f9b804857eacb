"""arXiv API responses (.xml/.atom): an Atom feed with one <entry> per paper.

Parsed with defusedxml, DTDs refused outright (no entity bombs, no external entities), and
incrementally, clearing each finished entry, so a feed of any size reads in bounded memory.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from pathlib import Path
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from rag.models import Paper
from rag.readers.validation import (
    ReadProblem,
    arxiv_id,
    collapse,
    entry_label,
    make_paper,
    normalise_date,
    normalise_moment,
    split_categories,
)

logger = logging.getLogger(__name__)

ATOM = "{http://www.w3.org/2005/Atom}"
ARXIV = "{http://arxiv.org/schemas/atom}"
_ABS_PREFIX = re.compile(r"https?://(?:export\.)?arxiv\.org/abs/")
_API_ERROR_PREFIX = re.compile(r"https?://arxiv\.org/api/errors")


def read_atom(path: Path) -> Iterator[Paper | ReadProblem]:
    source = str(path)
    try:
        with path.open("rb") as handle:
            root: Element | None = None
            count = 0
            for event, element in iterparse(handle, events=("start", "end"), forbid_dtd=True):
                if root is None:
                    root = element
                    if root.tag not in (f"{ATOM}feed", f"{ATOM}entry"):
                        reason = f"not an Atom feed (root element <{root.tag}>)"
                        yield ReadProblem(source, None, reason)
                        return
                elif event == "end" and element.tag == f"{ATOM}entry":
                    count += 1
                    yield _paper(element, source, count)
                    root.clear()  # drop the finished entry: memory stays bounded
    except ParseError as exc:
        line, column = exc.position
        message = str(exc).split(": line ")[0]
        yield ReadProblem(source, f"line {line}", f"invalid XML: {message} (column {column + 1})")
    except DefusedXmlException as exc:
        logger.debug("%s: %r", source, exc)
        yield ReadProblem(source, None, "refused: XML entity declarations are not allowed")
    except OSError as exc:
        yield ReadProblem(source, None, f"cannot read file: {exc.strerror or exc}")


def _text(element: Element, tag: str) -> str | None:
    found = element.find(tag)
    return "".join(found.itertext()) if found is not None else None


def _paper(entry: Element, source: str, n: int) -> Paper | ReadProblem:
    title = _text(entry, f"{ATOM}title")
    where = entry_label(n, title)
    atom_id = (_text(entry, f"{ATOM}id") or "").strip()
    summary = _text(entry, f"{ATOM}summary")
    if _API_ERROR_PREFIX.match(atom_id):  # the API reports a bad query as an entry
        return ReadProblem(source, where, f"arXiv API error: {collapse(summary or '')}")

    paper_id = arxiv_id(_ABS_PREFIX.sub("", atom_id)) or atom_id or None
    links = entry.findall(f"{ATOM}link")
    alternate = [k.get("href") for k in links if k.get("rel", "alternate") == "alternate"]
    published = _text(entry, f"{ATOM}published") or _text(entry, f"{ATOM}updated")
    primary = entry.find(f"{ARXIV}primary_category")
    terms = [primary.get("term")] if primary is not None else []
    terms += [c.get("term") for c in entry.findall(f"{ATOM}category")]
    return make_paper(
        source=source,
        where=where,
        paper_id=paper_id,
        title=title,
        abstract=summary,
        authors=[_text(a, f"{ATOM}name") or "" for a in entry.findall(f"{ATOM}author")],
        published=normalise_date(published),
        published_at=normalise_moment(published),
        categories=split_categories([t for t in terms if t]),
        url=next(iter(alternate), None) or (atom_id if atom_id.startswith("http") else None),
    )
