"""CSL-JSON (.json), the citation format of Zotero, Mendeley and citeproc, and the `.json` dispatch.

A `.json` file is CSL-JSON when its first entry carries CSL's own fields ("type", "author",
"issued", "DOI", ...), which arXiv records never have; anything else goes to the arXiv reader.
The array is decoded entry by entry (the standard library's decoder, one value at a time) so
that a problem names the line where its entry begins.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from rag.models import Paper
from rag.readers.arxiv_json import read_json_array
from rag.readers.validation import (
    ReadProblem,
    arxiv_url,
    entry_at,
    find_arxiv_id,
    json_error,
    make_paper,
    normalise_date,
    read_whole_text,
)

CSL_FIELDS = frozenset({"type", "author", "issued", "container-title", "DOI", "URL", "citation-key"})
_DECODER = json.JSONDecoder()


def read_json(path: Path) -> Iterator[Paper | ReadProblem]:
    """CSL-JSON or an arXiv JSON array / {"papers": [...]}, told apart by the first entry's fields."""
    text = read_whole_text(path)
    if isinstance(text, ReadProblem):
        yield text
        return
    if is_csl_json(text):
        yield from _read_csl(text, str(path))
    else:
        yield from read_json_array(path)


def is_csl_json(text: str) -> bool:
    try:
        first = next(_array_entries(text), None)
    except (json.JSONDecodeError, ValueError):
        return False
    return first is not None and isinstance(first[1], dict) and not CSL_FIELDS.isdisjoint(first[1])


def _read_csl(text: str, source: str) -> Iterator[Paper | ReadProblem]:
    try:  # a broken file is one problem, as for the arXiv arrays: nothing of it is indexed
        entries = list(_array_entries(text))
    except json.JSONDecodeError as exc:
        yield ReadProblem(source, f"line {exc.lineno}", json_error(exc))
        return
    for n, (line, record) in enumerate(entries, 1):
        if not isinstance(record, dict):
            yield ReadProblem(source, entry_at(line, n), f"entry is a JSON {type(record).__name__}, not an object")
        else:
            yield _paper(record, source, entry_at(line, n, record.get("title")))


def _array_entries(text: str) -> Iterator[tuple[int, object]]:
    """(line, value) for each element of a top-level JSON array; ValueError if it is not an array."""
    pos = _skip(text, 0)
    if not text.startswith("[", pos):
        raise ValueError("not a JSON array")
    pos, line, counted = _skip(text, pos + 1), 1, 0
    if text.startswith("]", pos):
        end = pos
    else:
        while True:
            value, end = _DECODER.raw_decode(text, pos)
            line, counted = line + text.count("\n", counted, pos), pos
            yield line, value
            pos = _skip(text, end)
            if not text.startswith(",", pos):
                break
            pos = _skip(text, pos + 1)
        if not text.startswith("]", pos):
            raise json.JSONDecodeError("Expecting ',' delimiter", text, pos)
        end = pos
    if _skip(text, end + 1) != len(text):
        raise json.JSONDecodeError("Extra data", text, _skip(text, end + 1))


def _skip(text: str, pos: int) -> int:
    return len(text) - len(text[pos:].lstrip(" \t\n\r"))  # JSON whitespace only


def _paper(record: dict, source: str, where: str) -> Paper | ReadProblem:
    doi, url = _text(record.get("DOI")), _text(record.get("URL"))
    # Zotero puts a preprint's arXiv id in "number" ("arXiv:2502.19328"); the DOI and URL may hold it too.
    found_id = find_arxiv_id(record.get("number"), doi, url, record.get("archive_location"), record.get("note"))
    return make_paper(
        source=source,
        where=where,
        paper_id=found_id,
        title=record.get("title"),
        abstract=record.get("abstract"),
        authors=[name for person in _list(record.get("author")) if (name := _name(person))],
        published=_issued(record.get("issued")),
        url=url or (arxiv_url(found_id) if found_id else None) or (f"https://doi.org/{doi}" if doi else None),
    )


def _text(value: object) -> str | None:
    return (value.strip() or None) if isinstance(value, str) else None


def _list(value: object) -> list:
    return value if isinstance(value, list) else []


def _name(person: object) -> str | None:
    """{"given": "Grace", "family": "Hopper"} → "Grace Hopper"; {"literal": "CERN"} stays as it is."""
    if not isinstance(person, dict):
        return None
    if literal := _text(person.get("literal")):
        return literal
    keys = ("given", "dropping-particle", "non-dropping-particle", "family", "suffix")
    return " ".join(part for key in keys if (part := _text(person.get(key)))) or None


def _issued(value: object) -> str | None:
    """{"date-parts": [[2025, 2, 26]]}, {"raw": "2025-02-26"} or {"literal": ...}."""
    if isinstance(value, str):
        return normalise_date(value)
    if not isinstance(value, dict):
        return None
    parts = _list(value.get("date-parts"))
    first = _list(parts[0]) if parts else []
    if first and all(isinstance(p, (int, str)) and str(p).strip().isdigit() for p in first[:3]):
        year, *rest = (int(p) for p in first[:3])
        return normalise_date("-".join([f"{year:04d}", *(f"{p:02d}" for p in rest)]))
    return normalise_date(value.get("raw")) or normalise_date(value.get("literal"))
