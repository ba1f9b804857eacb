"""RIS (.ris), the export format of Zotero, Mendeley, EndNote and most databases, through rispy.

rispy maps tags to fields ("AU" → authors, continuation lines, list tags) but is silent about broken
structure: text outside an entry is skipped, an entry missing its "ER  -" line is merged into the
next one, and the last one is dropped. So entries are cut here, by line, and each is handed to rispy
on its own: every problem names the line where its entry starts.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import rispy

from rag.models import Paper
from rag.readers.validation import (
    ReadProblem,
    arxiv_url,
    entry_at,
    find_arxiv_id,
    make_paper,
    normalise_date,
    read_whole_text,
)

_PARSER = rispy.RisParser()
_START, _END = _PARSER.START_TAG, _PARSER.END_TAG


def read_ris(path: Path) -> Iterator[Paper | ReadProblem]:
    source = str(path)
    text = read_whole_text(path)
    if isinstance(text, ReadProblem):
        yield text
        return
    n = 0
    for found in _entries(text.splitlines(), source):
        if isinstance(found, ReadProblem):
            yield found
            continue
        n += 1
        line, lines = found
        [record] = _PARSER.parse_lines(iter(lines))
        yield _paper(record, source, line, n)
    if n == 0 and not text.strip():
        yield ReadProblem(source, None, "file is empty")


def _entries(lines: list[str], source: str) -> Iterator[tuple[int, list[str]] | ReadProblem]:
    """(first line number, lines) of each "TY  - " … "ER  - " entry, or what is wrong around them."""
    start, body, stray = None, [], False
    for number, line in enumerate(lines, 1):
        tag, _ = _PARSER.parse_line(line)
        if start is None and tag == _START:
            start, body, stray = number, [line], False
        elif start is None:
            if line.strip() and not stray:  # one problem per stretch of stray text
                stray = True
                yield ReadProblem(
                    source, f"line {number}", f"text outside an entry (entries begin with '{_START}  - ')"
                )
        elif tag == _START:
            yield ReadProblem(
                source, f"line {start}", f"entry has no '{_END}  - ' line before the next entry at line {number}"
            )
            start, body = number, [line]
        else:
            body.append(line)
            if tag == _END:
                yield start, body
                start = None
    if start is not None:
        yield ReadProblem(source, f"line {start}", f"entry has no '{_END}  - ' line (is the file cut short?)")


def _paper(record: dict, source: str, line: int, n: int) -> Paper | ReadProblem:
    title = _first(record, "title", "primary_title")
    urls = record.get("urls") or []
    found_id = find_arxiv_id(
        record.get("doi"), urls, record.get("notes"), record.get("accession_number"), record.get("note")
    )
    doi = _first(record, "doi")
    return make_paper(
        source=source,
        where=entry_at(line, n, title),
        paper_id=found_id,
        title=title,
        abstract=_first(record, "abstract", "notes_abstract"),  # EndNote writes the abstract as N2
        authors=[_first_name_first(a) for a in [*record.get("authors", []), *record.get("first_authors", [])]],
        published=_published(record),
        url=(urls[0] if urls else None)
        or (arxiv_url(found_id) if found_id else None)
        or (f"https://doi.org/{doi}" if doi else None),
    )


def _first(record: dict, *names: str) -> str | None:
    for name in names:
        value = record.get(name)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def _first_name_first(name: str) -> str:
    """RIS writes "Last, First[, Suffix]"; the other readers give "First Last Suffix"."""
    parts = [p.strip() for p in name.split(",")]
    if len(parts) < 2 or not parts[1]:
        return name
    return " ".join(p for p in (parts[1], parts[0], *parts[2:]) if p)


def _published(record: dict) -> str | None:
    """DA ("2025/02/26/"), else Y1 or PY ("2025///"); RIS separates the parts with slashes."""
    for name in ("date", "publication_year", "year"):
        value = _first(record, name)
        parts = [p.strip() for p in value.split("/")[:3] if p.strip()] if value else []
        if found := normalise_date("-".join(parts)):
            return found
    return None
