"""The Japanese arXiv digest (.txt/.md): a title, 要約, 要約(オリジナル) and metadata per paper.

    <title>
    要約
    <Japanese summary, one sentence a line>
    要約(オリジナル)
    <English abstract>
    arxiv情報
    著者 A,B,C
    発行日 2025-02-26 17:19:12+00:00
    arxivサイト arxiv_id(pdf)          <- a placeholder, never a real id
    提供元, 利用サービス
    arxiv.jp, Google
    カテゴリー: cs.AI, cs.CL | <title> はコメントを受け付けていません

The カテゴリー line ends an entry; when one is missing, a second 要約 marker still starts a new
entry (its title is the line before it), so one damaged entry does not swallow the next.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from rag.models import Paper
from rag.readers.validation import (
    ReadProblem,
    make_paper,
    normalise_date,
    normalise_moment,
    read_whole_text,
    split_authors,
    split_categories,
)

logger = logging.getLogger(__name__)

# Section markers in the order they appear in an entry; the rank tells a new entry from the next
# section of the current one.
_MARKERS = {
    "要約": 1,
    "要約(オリジナル)": 2,
    "要約（オリジナル）": 2,
    "arxiv情報": 3,
    "提供元, 利用サービス": 5,
    "提供元，利用サービス": 5,
}
# A field name needs a space or colon after it: a summary sentence may start with "著者らは".
_FIELD = re.compile(
    r"(著者|発行日|arxivサイト)(?:\s*[:：]\s*|\s+)(.*)"
    r"|(カテゴリー)\s*[:：]\s*(.*)"
)
_FIELD_RANKS = {"著者": 4, "発行日": 4, "arxivサイト": 4, "カテゴリー": 6}


@dataclass
class _Entry:
    lines: list[tuple[int, str]] = field(default_factory=list)  # (line number, text)
    rank: int = 0  # the highest section marker seen so far


def _unheading(line: str) -> str:
    return line.strip().lstrip("#").strip()  # tolerate Markdown headings in .md copies


def _marker(line: str) -> tuple[int, str, str] | None:
    """(rank, name, value on the same line) for a marker line, else None."""
    text = _unheading(line)
    if text in _MARKERS:
        return _MARKERS[text], text, ""
    match = _FIELD.fullmatch(text)
    if match:
        name, value = (match[1], match[2]) if match[1] else (match[3], match[4])
        return _FIELD_RANKS[name], name, value.strip()
    return None


def _split_entries(lines: list[str]) -> list[_Entry]:
    entries: list[_Entry] = []
    current = _Entry()
    for lineno, line in enumerate(lines, 1):
        marker = _marker(line)
        rank = marker[0] if marker else 0
        if marker and rank <= 2 and current.rank >= rank:
            # A second abstract marker: this entry lost its カテゴリー line, and its last
            # non-blank line is the next entry's title.
            cut = _last_text_line(current.lines)
            cut = len(current.lines) if cut is None else cut
            entries.append(_Entry(current.lines[:cut], current.rank))
            current = _Entry(current.lines[cut:])
        current.lines.append((lineno, line))
        current.rank = max(current.rank, rank)
        if marker and marker[1] == "カテゴリー":
            entries.append(current)
            current = _Entry()
    entries.append(current)
    return [e for e in entries if any(text.strip() for _, text in e.lines)]


def _last_text_line(lines: list[tuple[int, str]]) -> int | None:
    """Index of the last non-blank line when it is text, not a marker."""
    for i in range(len(lines) - 1, -1, -1):
        if lines[i][1].strip():
            return None if _marker(lines[i][1]) else i
    return None


def _last_paragraph(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """The block of non-blank lines right above the first marker: the title, not a page header."""
    paragraph: list[tuple[int, str]] = []
    for lineno, line in reversed(lines):
        if line.strip():
            paragraph.insert(0, (lineno, _unheading(line)))
        elif paragraph:
            break
    return paragraph


def _parse_entry(entry: _Entry, source: str) -> Paper | ReadProblem | None:
    if entry.rank == 0:
        logger.debug("%s: skipping text outside any entry at line %d", source, entry.lines[0][0])
        return None
    before_markers: list[tuple[int, str]] = []
    sections: dict[str, list[str]] = {"要約": [], "要約(オリジナル)": []}
    fields: dict[str, str] = {}
    section: str | None = None
    first_marker: int | None = None
    for lineno, line in entry.lines:
        marker = _marker(line)
        if marker:
            _, name, value = marker
            section = "要約(オリジナル)" if name.startswith("要約（") else name
            fields.setdefault(section, value)
            first_marker = first_marker or lineno
        elif section is None:
            before_markers.append((lineno, line))
        elif section in sections and line.strip():
            sections[section].append(line)
    title = _last_paragraph(before_markers)
    return make_paper(
        source=source,
        where=f"line {title[0][0] if title else first_marker}",
        title=" ".join(text for _, text in title),
        abstract=" ".join(sections["要約(オリジナル)"]),
        summary_ja="\n".join(sections["要約"]),
        authors=split_authors(fields.get("著者")),
        published=normalise_date(fields.get("発行日")),
        published_at=normalise_moment(fields.get("発行日")),
        categories=split_categories(fields.get("カテゴリー", "").split("|", 1)[0]),
        url=None,  # the digest's "arxivサイト" holds a placeholder, not a link
    )


def read_digest(path: Path) -> Iterator[Paper | ReadProblem]:
    source = str(path)
    text = read_whole_text(path)
    if isinstance(text, ReadProblem):
        yield text
        return
    lines = text.splitlines()
    if not any((m := _marker(line)) and m[0] <= 2 for line in lines):
        yield ReadProblem(source, None, "not a recognised paper digest (no 要約 sections)")
        return
    for entry in _split_entries(lines):
        result = _parse_entry(entry, source)
        if result is not None:
            yield result
