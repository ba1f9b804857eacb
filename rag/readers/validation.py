"""What every reader shares: the problem record, field normalisation and the checks on each entry.

Readers only locate fields in their format; `make_paper` turns the raw values into a `Paper` (or a
`ReadProblem`), so all formats clean and reject text the same way.
"""

from __future__ import annotations

import json
import logging
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path

from pylatexenc.latex2text import LatexNodes2Text  # installed with bibtexparser

from rag.links import NEW_ARXIV_ID, OLD_ARXIV_ID, arxiv_id, arxiv_url, safe_url  # noqa: F401 (readers import them here)
from rag.models import Paper, paper_id_from_title

logger = logging.getLogger(__name__)

MAX_ABSTRACT_CHARS = 20_000
# Formats that are parsed as a whole are refused above this size; JSON Lines and Atom stream.
MAX_WHOLE_FILE_BYTES = 50 * 1024 * 1024

UTF8_BOM = b"\xef\xbb\xbf"
# Unicode category Cc except tab, newline and carriage return; and category Cs.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_SURROGATES = re.compile("[\ud800-\udfff]")
_BAD_CHARACTERS = re.compile(f"{_CONTROLS.pattern}|{_SURROGATES.pattern}")
# An arXiv id inside free text: an arxiv.org link, a DataCite DOI (10.48550/arXiv.ID) or "arXiv:ID".
_ARXIV_REFERENCE = re.compile(
    rf"(?:arxiv\.org/(?:abs|pdf)/|\barxiv[:.]\s*)({NEW_ARXIV_ID.pattern}|{OLD_ARXIV_ID.pattern})", re.IGNORECASE
)
_HAS_TIME = re.compile(r"\d{1,2}:\d{2}")
_ISO_DATE = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?=$|[T\s])")
# Author separators at parenthesis depth 0: commas, semicolons and the word "and".
_AUTHOR_TOKENS = re.compile(r"(\(|\)|,|;|\s+and\s+)")
_NAME_SUFFIX = re.compile(r"[JS]r\.?|II|III|IV")
_PARENTHESISED = re.compile(r"\([^()]*\)")
_LATEX = LatexNodes2Text()


@dataclass(frozen=True)
class ReadProblem:
    """Why one entry (or a whole file) could not be read; readers yield these instead of raising."""

    source: str  # the file's path, as given or as found under a given directory
    where: str | None  # "line 12", "entry 3 ('A title')", "entry @article{key}"; None: the file
    reason: str

    def __str__(self) -> str:
        parts = [self.source, self.where, self.reason] if self.where else [self.source, self.reason]
        return ": ".join(parts)


# --- text ---------------------------------------------------------------------------------------


def collapse(text: str) -> str:
    """NFC plus single spaces: the snapshot and Atom wrap titles and abstracts at ~80 columns."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def collapse_lines(text: str) -> str:
    """Like `collapse` but keeps one newline between non-empty lines (the Japanese summaries)."""
    lines = (collapse(line) for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def _bad_characters(text: str) -> str | None:
    """What is wrong with the characters of a text, if anything.

    Control characters are corruption (or terminal escapes); a lone surrogate, which JSON's
    "\\ud800" escapes can produce, cannot even be encoded as UTF-8 later on.
    """
    if not _BAD_CHARACTERS.search(text):  # the usual case, in one scan
        return None
    for pattern, what in ((_SURROGATES, "unpaired surrogates"), (_CONTROLS, "control characters")):
        found = sorted(set(pattern.findall(text)))
        if found:
            return f"contains {what} ({', '.join(f'U+{ord(c):04X}' for c in found)})"
    return None


def decode_latex_name(name: str) -> str:
    """'K{\\"u}ttler' -> 'Küttler'; names without TeX markup are returned untouched."""
    return _LATEX.latex_to_text(name) if "\\" in name or "{" in name else name


def json_error(exc: json.JSONDecodeError) -> str:
    """'invalid JSON: Expecting value at column 7' (the line goes into the problem's `where`)."""
    return f"invalid JSON: {exc.msg.removesuffix(' at')} at column {exc.colno}"


def entry_label(n: int, title: object = None) -> str:
    """'entry 3' or "entry 3 ('A title')": a problem location for formats without line numbers."""
    if isinstance(title, str) and title.strip():
        short = collapse(title)
        short = short if len(short) <= 60 else short[:57] + "..."
        return f"entry {n} ('{short}')"
    return f"entry {n}"


def entry_at(line: int, n: int, title: object = None) -> str:
    """ "line 12, entry 3 ('A title')": where an entry of a file parsed as a whole begins."""
    return f"line {line}, {entry_label(n, title)}"


# --- fields -------------------------------------------------------------------------------------


def split_authors(value: object) -> list[str]:
    """Author names from "A, B and C", "A,B,C" or a list; affiliations in parentheses are dropped.

    A "Jr."/"III" split off by its comma is glued back onto the name before it.
    """
    if value is None:
        return []
    if isinstance(value, str):
        names = _split_author_string(value)
    elif isinstance(value, Iterable):
        names = [item for item in value if isinstance(item, str)]
    else:
        return []
    merged: list[str] = []
    for name in (collapse(n) for n in names):
        if not name:
            continue
        if merged and _NAME_SUFFIX.fullmatch(name):
            merged[-1] = f"{merged[-1]} {name}"
        else:
            merged.append(name)
    return merged


def _split_author_string(text: str) -> list[str]:
    names: list[str] = []
    current: list[str] = []
    depth = 0
    for token in _AUTHOR_TOKENS.split(text):
        if token == "(":
            depth += 1
        elif token == ")":
            depth = max(depth - 1, 0)
        elif depth == 0 and _AUTHOR_TOKENS.fullmatch(token):
            names.append("".join(current))
            current = []
            continue
        current.append(token)
    names.append("".join(current))
    return [_strip_parenthesised(name) for name in names]


def _strip_parenthesised(name: str) -> str:
    # Nested groups such as "((1) Univ X, (2) Univ Y)" go from the inside out.
    while True:
        stripped = _PARENTHESISED.sub(" ", name)
        if stripped == name:
            return name
        name = stripped


def split_categories(value: object) -> list[str]:
    """Categories from "cs.AI cs.CL", "cs.AI, cs.CL" or a list, deduplicated in order."""
    if value is None:
        return []
    if isinstance(value, str):
        items = [value]
    elif isinstance(value, Iterable):
        items = [v for v in value if isinstance(v, str)]
    else:
        return []
    found: list[str] = []
    for item in items:
        for category in re.split(r"[\s,;]+", unicodedata.normalize("NFC", item)):
            if category and category not in found:
                found.append(category)
    return found


def normalise_moment(value: object) -> str | None:
    """The UTC moment of an ISO or RFC 2822 timestamp ("2025-02-26 17:19:12+00:00" → "2025-02-26T17:19:12Z");
    None for a bare date, which says no time, and for anything unreadable. A time without a zone is UTC."""
    if not isinstance(value, str) or not _HAS_TIME.search(value):
        return None
    text = value.strip()
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        try:
            moment = parsedate_to_datetime(text)
        except (TypeError, ValueError):
            logger.debug("ignoring unrecognised time %r", value)
            return None
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def normalise_date(value: object) -> str | None:
    """'YYYY-MM-DD', 'YYYY-MM' or 'YYYY' from ISO strings (with any time part) or RFC 2822 dates."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    match = _ISO_DATE.match(text)
    if match:
        year = int(match.group(1))
        month, day = (int(g) if g else None for g in match.groups()[1:])
        try:
            date(year, month or 1, day or 1)  # rejects month 13, February 30, ...
        except ValueError:
            logger.debug("ignoring invalid date %r", value)
            return None
        parts = [f"{year:04d}"] + [f"{p:02d}" for p in (month, day) if p is not None]
        return "-".join(parts)
    try:  # the snapshot's "versions" use "Mon, 2 Apr 2007 19:18:42 GMT"
        return parsedate_to_datetime(text).date().isoformat()
    except (TypeError, ValueError):
        logger.debug("ignoring unrecognised date %r", value)
        return None


def find_arxiv_id(*values: object) -> str | None:
    """The first arXiv id named in any of the values (texts, or lists of texts), e.g. a reference
    manager's URL, DOI or note field; None when none names one."""
    for value in values:
        for text in [value] if isinstance(value, str) else value if isinstance(value, list) else []:
            match = _ARXIV_REFERENCE.search(text) if isinstance(text, str) else None
            if match and (found := arxiv_id(match.group(1))):
                return found
    return None


# --- the entry ----------------------------------------------------------------------------------


def make_paper(
    *,
    source: str,
    where: str | None,
    title: object,
    abstract: object,
    authors: Iterable[str] = (),
    published: str | None = None,
    published_at: str | None = None,
    categories: Iterable[str] = (),
    summary_ja: object = None,
    url: str | None = None,
    paper_id: str | None = None,
) -> Paper | ReadProblem:
    """Validate and normalise one entry; the id falls back to a slug of the title."""

    def problem(reason: str) -> ReadProblem:
        return ReadProblem(source, where, reason)

    texts: dict[str, str | None] = {}
    for name, value in {"title": title, "abstract": abstract, "summary_ja": summary_ja}.items():
        if isinstance(value, str) or value is None:
            texts[name] = value
        else:
            return problem(f"{name} is a {type(value).__name__}, not text")
    authors = list(authors)
    for name, value in [*texts.items(), ("authors", " ".join(authors))]:
        if bad := _bad_characters(value or ""):
            return problem(f"{name} {bad}")

    title = collapse(texts["title"] or "")
    abstract = collapse(texts["abstract"] or "")
    summary_ja = texts["summary_ja"]
    if not title:
        return problem("entry has no title")
    if not abstract:
        return problem("entry has no abstract")
    if len(abstract) > MAX_ABSTRACT_CHARS:
        return problem(f"abstract is {len(abstract)} characters; the limit is {MAX_ABSTRACT_CHARS}")

    link = safe_url(url)
    if url and not link:
        # the paper is fine without it; a javascript: or file: link must never reach a page
        place = f"{source}: {where}" if where else source
        logger.warning("%s: dropped url %r (only http(s) links and arXiv ids are kept)", place, str(url)[:80])

    return Paper(
        id=collapse(paper_id) if paper_id and paper_id.strip() else paper_id_from_title(title),
        title=title,
        abstract=abstract,
        authors=tuple(a for a in (collapse(a) for a in authors) if a),
        published=published,
        published_at=published_at,
        categories=tuple(categories),
        summary_ja=(collapse_lines(summary_ja) or None) if summary_ja else None,
        url=link,
        source=source,
        where=where,
    )


# --- files --------------------------------------------------------------------------------------


def read_whole_text(path: Path) -> str | ReadProblem:
    """The decoded text of a file parsed as a whole, or why it cannot be (too large, not UTF-8)."""
    source = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_WHOLE_FILE_BYTES:
            return ReadProblem(
                source,
                None,
                f"file is too large for this format ({size / 2**20:.0f} MB > "
                f"{MAX_WHOLE_FILE_BYTES // 2**20} MB); split it or convert to JSON Lines",
            )
        data = path.read_bytes()
    except OSError as exc:
        return ReadProblem(source, None, f"cannot read file: {exc.strerror or exc}")
    data = data.removeprefix(UTF8_BOM)  # some Windows editors write one
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        reason = f"file is not valid UTF-8 (byte 0x{data[exc.start]:02x} at line {line})"
        return ReadProblem(source, None, reason)
