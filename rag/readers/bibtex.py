"""BibTeX (.bib) through bibtexparser v2; only entries with an abstract field become papers."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from pathlib import Path

import bibtexparser
from bibtexparser import middlewares as mw
from bibtexparser.exceptions import BlockAbortedException
from bibtexparser.middlewares.middleware import Middleware
from bibtexparser.model import Entry, ParsingFailedBlock

from rag.models import Paper
from rag.readers.validation import (
    ReadProblem,
    arxiv_id,
    arxiv_url,
    decode_latex_name,
    make_paper,
    normalise_date,
    read_whole_text,
    split_categories,
)

logger = logging.getLogger(__name__)

_BARE_PERCENT = re.compile(r"(?<!\\)%")


class _LiteralPercent(mw.BlockMiddleware):
    """Escape a bare "%": in an abstract it means percent, but the LaTeX decoder would take it
    for a comment and silently drop the rest of the line ("up to 16% faster" -> "up to 16")."""

    @classmethod
    def metadata_key(cls) -> str:
        return "literal_percent"

    def transform_entry(self, entry: Entry, library: bibtexparser.Library) -> Entry:
        for field in entry.fields:
            if isinstance(field.value, str):
                field.value = _BARE_PERCENT.sub(r"\\%", field.value)
        return entry


def _parse_stack() -> list[Middleware]:
    # Names are split while their braces still protect "{Barnes and Noble}" as one author;
    # LatexDecodingMiddleware then decodes the text fields but skips the list of names, which
    # `_paper` decodes one by one ("M{\"u}ller, Hans" -> "Hans Müller").
    return [
        *mw.default_parse_stack(),
        mw.NormalizeFieldKeys(),
        mw.MonthIntMiddleware(),
        mw.SeparateCoAuthors(),
        mw.SplitNameParts(),
        mw.MergeNameParts(style="first"),
        _LiteralPercent(),
        mw.LatexDecodingMiddleware(),
    ]


def read_bibtex(path: Path) -> Iterator[Paper | ReadProblem]:
    source = str(path)
    text = read_whole_text(path)
    if isinstance(text, ReadProblem):
        yield text
        return
    try:
        library = bibtexparser.parse_string(text, parse_stack=_parse_stack())
    except Exception as exc:  # the parser raises on states it considers its own bugs
        logger.warning("%s: bibtexparser failed: %r", source, exc)
        yield ReadProblem(source, None, f"could not parse BibTeX: {exc}")
        return
    for block in library.blocks:  # file order, failed blocks included
        if isinstance(block, ParsingFailedBlock):
            yield _failed_block_problem(block, source)
        elif isinstance(block, Entry):
            yield _paper(block, source)


def _failed_block_problem(block: ParsingFailedBlock, source: str) -> ReadProblem:
    where = f"line {block.start_line + 1}" if block.start_line is not None else None  # 0-based
    error = block.error
    if isinstance(error, BlockAbortedException):
        detail = error.abort_reason
    else:
        detail = str(error).strip().split("\n")[0] or type(error).__name__
    return ReadProblem(source, where, f"invalid BibTeX: {detail}")


def _paper(entry: Entry, source: str) -> Paper | ReadProblem:
    label = f"@{entry.entry_type}{{{entry.key}}}"
    where = f"entry {label}"
    fields = {f.key: f.value for f in entry.fields}
    if "abstract" not in fields:
        return ReadProblem(source, where, f"entry {label} has no abstract field")

    eprint = _string(fields.get("eprint"))
    archive = _string(fields.get("archiveprefix") or fields.get("eprinttype")).lower()
    eprint_id = arxiv_id(eprint) if eprint and archive == "arxiv" else None
    url = _string(fields.get("url")) or (arxiv_url(eprint_id) if eprint_id else None)
    if not url and (doi := _string(fields.get("doi"))):
        url = f"https://doi.org/{doi}"
    names = fields.get("author")
    authors = names if isinstance(names, list) else []
    return make_paper(
        source=source,
        where=where,
        paper_id=eprint_id or entry.key,
        title=_string(fields.get("title")),
        abstract=_string(fields.get("abstract")),
        authors=[decode_latex_name(a) for a in authors if isinstance(a, str)],
        published=_published(fields),
        categories=split_categories(_string(fields.get("primaryclass")) or None),
        url=url or None,
    )


def _string(value: object) -> str:
    if isinstance(value, int):  # an unquoted year = 2020 may come through as a number
        return str(value)
    return value.strip() if isinstance(value, str) else ""


def _published(fields: dict) -> str | None:
    """`date` when given (biblatex), else year with the month when there is one."""
    if found := normalise_date(_string(fields.get("date"))):
        return found
    year, month = _string(fields.get("year")), fields.get("month")
    if isinstance(month, int) and 1 <= month <= 12:  # MonthIntMiddleware turned "feb" into 2
        return normalise_date(f"{year}-{month:02d}") or normalise_date(year)
    return normalise_date(year)
