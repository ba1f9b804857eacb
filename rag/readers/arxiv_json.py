"""arXiv metadata records as JSON Lines (.jsonl/.ndjson, streamed) or as one JSON array (.json).

The field names are those of the public arXiv metadata snapshot (Kaggle "arxiv-metadata-oai"):
id, title, abstract, authors ("A, B and C"), authors_parsed ([[last, first, suffix], ...]),
categories ("cs.AI cs.CL"), versions ([{"created": "Mon, 2 Apr 2007 ..."}]), update_date, doi.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from rag.models import Paper
from rag.readers.validation import (
    UTF8_BOM,
    ReadProblem,
    arxiv_url,
    decode_latex_name,
    entry_label,
    json_error,
    make_paper,
    normalise_date,
    read_whole_text,
    split_authors,
    split_categories,
)

logger = logging.getLogger(__name__)

# One record is a few KB; a longer line is corrupt, and reading it whole would defeat streaming.
MAX_LINE_BYTES = 4 * 2**20
_CHUNK = 2**16


def read_json_lines(path: Path) -> Iterator[Paper | ReadProblem]:
    source = str(path)
    try:
        handle = path.open("rb")
    except OSError as exc:
        yield ReadProblem(source, None, f"cannot read file: {exc.strerror or exc}")
        return
    with handle:
        for lineno, raw in _lines(handle):
            where = f"line {lineno}"
            if raw is None:
                reason = f"line is longer than {MAX_LINE_BYTES // 2**20} MB"
                yield ReadProblem(source, where, reason)
                continue
            if lineno == 1:
                raw = raw.removeprefix(UTF8_BOM)
            raw = raw.rstrip(b"\r\n")
            if not raw.strip():
                continue
            try:
                record = json.loads(raw.decode("utf-8"))
            except UnicodeDecodeError:
                yield ReadProblem(source, where, "line is not valid UTF-8 (mixed encodings?)")
                continue
            except json.JSONDecodeError as exc:
                yield ReadProblem(source, where, json_error(exc))
                continue
            yield paper_from_record(record, source, where)


def _lines(handle: IO[bytes]) -> Iterator[tuple[int, bytes | None]]:
    """(line number, bytes) with bounded memory; None stands for a line over MAX_LINE_BYTES."""
    lineno = 0
    while True:
        raw = handle.readline(MAX_LINE_BYTES + 1)
        if not raw:
            return
        lineno += 1
        if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
            while (rest := handle.readline(_CHUNK)) and not rest.endswith(b"\n"):
                pass  # skip to the end of the overlong line
            yield lineno, None
        else:
            yield lineno, raw


def read_json_array(path: Path) -> Iterator[Paper | ReadProblem]:
    """A JSON array of records, or {"papers": [...]}; problems name the entry by its position."""
    source = str(path)
    text = read_whole_text(path)
    if isinstance(text, ReadProblem):
        yield text
        return
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        yield ReadProblem(source, f"line {exc.lineno}", json_error(exc))
        return
    if isinstance(data, dict) and isinstance(data.get("papers"), list):
        data = data["papers"]
    if not isinstance(data, list):
        yield ReadProblem(source, None, 'expected a JSON array of papers or {"papers": [...]}')
        return
    for n, record in enumerate(data, 1):
        title = record.get("title") if isinstance(record, dict) else None
        yield paper_from_record(record, source, entry_label(n, title))


def paper_from_record(record: object, source: str, where: str) -> Paper | ReadProblem:
    if not isinstance(record, dict):
        return ReadProblem(source, where, f"entry is a JSON {type(record).__name__}, not an object")
    raw_id = record.get("id")
    paper_id = _text(record, "id") or (str(raw_id) if isinstance(raw_id, int) else None)
    url = _text(record, "url") or (arxiv_url(paper_id) if paper_id else None)
    if not url and (doi := _text(record, "doi")):
        url = f"https://doi.org/{doi.split()[0]}"  # the snapshot lists several DOIs space-separated
    return make_paper(
        source=source,
        where=where,
        paper_id=paper_id,
        title=record.get("title"),
        abstract=record.get("abstract"),
        authors=_authors(record),
        published=_published(record),
        categories=split_categories(record.get("categories")),
        summary_ja=record.get("summary_ja"),
        url=url,
    )


def _text(record: dict, key: str) -> str | None:
    value = record.get(key)
    return (value.strip() or None) if isinstance(value, str) else None


def _authors(record: dict) -> list[str]:
    """Prefer the snapshot's pre-split authors_parsed: it keeps affiliations out of the names."""
    parsed = record.get("authors_parsed")
    if isinstance(parsed, list) and parsed and all(isinstance(p, list) for p in parsed):
        # [last, first, suffix, (affiliation)] -> "first last suffix"
        names = [" ".join(str(part) for part in (p[1:2] + p[:1] + p[2:3]) if part) for p in parsed]
    else:
        names = split_authors(record.get("authors"))
    # The snapshot writes accents as TeX ("Bal\\'azs"); decode only the names that contain TeX.
    return split_authors([decode_latex_name(n) for n in names])


def _published(record: dict) -> str | None:
    """The first version's date is the publication date; update_date is the latest revision's."""
    versions = record.get("versions")
    first = versions[0] if isinstance(versions, list) and versions else None
    created = first.get("created") if isinstance(first, dict) else None
    for value in (record.get("published"), created, record.get("update_date"), record.get("date")):
        if found := normalise_date(value):
            return found
    return None
