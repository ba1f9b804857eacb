"""PDF papers: title, authors (best effort), abstract and the full text page by page, with sections.

Text comes from PDFium (pypdfium2), chosen by measurement over pdfplumber and pypdf (docs/BENCHMARKS.md,
"PDF parsers"): it is the fastest by far and gives each line of text with its box, which is all the
layout work below needs. What PDFium does not do, done here:

- reading order: lines are put in bands; a line crossing the page's middle (title, abstract) ends a
  band, and inside a band the left column is read before the right one;
- running headers, footers and page numbers: lines in the page's top and bottom margins that are a
  number or repeat on other pages (digits ignored) are dropped;
- hyphenation at line ends is joined ("effi-" + "ciency"), ligatures (ﬁ, ﬂ) are spelled out (NFKC);
- section headings ("3 Method", "Related Work") start a new section; the body stops at References.

Parsing runs under the limits of `PdfLimits`; anything PDFium refuses (encrypted, truncated, not a
PDF) or a PDF with no text layer becomes one ReadProblem naming the file.
"""

from __future__ import annotations

import atexit
import hashlib
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from rag.models import PageText, Paper
from rag.readers.validation import ReadProblem, arxiv_url, find_arxiv_id, make_paper

NO_TEXT_LAYER = "no text layer (a scan?); OCR is not supported"
_MARGIN_SHARE = 0.06  # top and bottom strips of a page where running headers and page numbers sit
_HEADING = re.compile(r"^(?:\d+(?:\.\d+)*\.?|[IVX]+\.)\s+[A-Z][^.!?]{1,80}$")
_NAMED_HEADINGS = {
    "abstract",
    "introduction",
    "related work",
    "background",
    "method",
    "methods",
    "methodology",
    "experiments",
    "results",
    "discussion",
    "conclusion",
    "conclusions",
    "limitations",
    "acknowledgements",
    "acknowledgments",
    "references",
    "bibliography",
    "appendix",
}
_END_OF_BODY = {"references", "bibliography"}
_AFFILIATION = re.compile(r"universit|institut|department|laborator|school|college|centre|center|@|\binc\b", re.I)
_ABSTRACT_INLINE = re.compile(r"^abstract\s*[.:—–-]\s*", re.I)
_MAX_ABSTRACT_GUESS = 1500  # chars taken from the first page when no "Abstract" heading is found


@dataclass(frozen=True)
class PdfLimits:
    """What a PDF may be before it is refused unread (settings: RAG_PDF_MAX_PAGES, RAG_PDF_MAX_MB)."""

    max_pages: int = 500
    max_mb: float = 100.0
    max_chars_per_page: int = 200_000  # a page with more text is a bomb or a data dump, not a paper
    # Parsing runs in a child process under these: a stream that inflates to gigabytes (a "zip
    # bomb") ends that process, not the ingest.
    max_memory_mb: int = 1536
    timeout_s: float = 120.0


@dataclass
class _Page:
    height: float
    lines: list[_Line]


@dataclass
class _Line:
    text: str
    left: float
    bottom: float
    right: float
    top: float
    size: float


class PdfError(Exception):
    """Why a PDF cannot be read; the message is shown after the file name."""


def read_pdf(path: Path, limits: PdfLimits = PdfLimits()) -> Iterator[Paper | ReadProblem]:
    source = str(path)
    try:
        data = _checked_bytes(path, limits)
        pages, metadata_title = _ISOLATED.extract(data, limits)
    except PdfError as exc:
        yield ReadProblem(source, None, str(exc))
        return
    yield paper_from_pages(pages, metadata_title, source, hashlib.sha256(data).hexdigest())


def _checked_bytes(path: Path, limits: PdfLimits) -> bytes:
    try:
        size = path.stat().st_size
        if size > limits.max_mb * 2**20:
            raise PdfError(f"PDF is {size / 2**20:.0f} MB; the limit is {limits.max_mb:g} MB (RAG_PDF_MAX_MB)")
        data = path.read_bytes()
    except OSError as exc:
        raise PdfError(f"cannot read file: {exc.strerror or exc}") from None
    if not data.lstrip()[:5] == b"%PDF-":
        raise PdfError("not a PDF file (no %PDF- header)")
    return data


class _IsolatedParser:
    """One child process that parses PDFs under a memory limit and a timeout; restarted after a
    PDF kills it. (PDFium inflates a content stream whole: 1 MB of Flate data can hold 1 GB.)"""

    def __init__(self):
        self.pool = None
        self.memory_mb = None

    def extract(self, data: bytes, limits: PdfLimits) -> tuple[list[_Page], str | None]:
        from concurrent.futures import TimeoutError as FutureTimeout
        from concurrent.futures.process import BrokenProcessPool

        future = self._pool(limits.max_memory_mb).submit(extract_pages, data, limits)
        try:
            return future.result(timeout=limits.timeout_s)
        except BrokenProcessPool:
            self.close()
            raise PdfError(
                f"parsing the PDF took more than {limits.max_memory_mb} MB of memory; refused as a PDF bomb"
            ) from None
        except FutureTimeout:
            self.close()
            raise PdfError(f"parsing the PDF took more than {limits.timeout_s:g} s; refused as a PDF bomb") from None

    def _pool(self, memory_mb: int):
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        if self.pool is None or self.memory_mb != memory_mb:
            self.close()
            # spawn, not fork: the parent may hold torch's threads and Chroma's connections
            context = multiprocessing.get_context("spawn")
            self.pool = ProcessPoolExecutor(1, mp_context=context, initializer=_limit_memory, initargs=(memory_mb,))
            self.memory_mb = memory_mb
        return self.pool

    def close(self, kill: bool = True) -> None:
        if self.pool is not None:
            if kill:  # a hung parse will not end by itself
                for process in list((self.pool._processes or {}).values()):
                    process.kill()
            self.pool.shutdown(wait=not kill, cancel_futures=True)
            self.pool = None


def _limit_memory(memory_mb: int) -> None:
    import resource

    limit = memory_mb * 2**20
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    _exit_with_parent()


def _exit_with_parent(poll_s: float = 1.0) -> None:
    """The parse worker ends when the process that started it is gone, however that one ended: a server
    killed with SIGKILL runs no atexit, and its worker would otherwise wait for work forever."""
    import os
    import threading
    import time

    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(poll_s)
        os._exit(0)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


_ISOLATED = _IsolatedParser()
atexit.register(_ISOLATED.close, kill=False)  # before the interpreter tears down what the pool's thread uses


def extract_pages(data: bytes, limits: PdfLimits = PdfLimits()) -> tuple[list[_Page], str | None]:
    """Each page's lines in reading order (headers, footers, page numbers still in), and the
    document's metadata title."""
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise PdfError(_pdfium_reason(exc)) from None
    try:
        count = len(document)
        if count == 0:
            raise PdfError("the PDF has no pages")
        if count > limits.max_pages:
            raise PdfError(f"the PDF has {count} pages; the limit is {limits.max_pages} (RAG_PDF_MAX_PAGES)")
        pages = [_page_lines(document[i], limits) for i in range(count)]
        title = (document.get_metadata_value("Title") or "").strip() or None
    finally:
        document.close()
    return pages, title


def _pdfium_reason(exc: Exception) -> str:
    text = str(exc)
    if "password" in text.lower():
        return "the PDF is encrypted (password protected); save an unprotected copy first"
    if "success" in text.lower():  # PDFium loads no document yet reports no error: an empty page tree
        return "the PDF has no pages"
    if "format" in text.lower() or "file" in text.lower():
        return "not a readable PDF (truncated or corrupt)"
    return f"not a readable PDF ({text})"


def _page_lines(page, limits: PdfLimits) -> _Page:
    import pypdfium2.raw as pdfium_c

    textpage = page.get_textpage()
    try:
        if textpage.count_chars() > limits.max_chars_per_page:
            raise PdfError(f"a page holds more than {limits.max_chars_per_page:,} characters; refused as a PDF bomb")
        width, height = page.get_size()
        lines: list[_Line] = []
        for i in range(textpage.count_rects()):
            left, bottom, right, top = textpage.get_rect(i)
            text = textpage.get_text_bounded(left, bottom, right, top).replace("\x02", "-")
            if not text.strip():
                continue
            index = textpage.get_index(left + 1, (bottom + top) / 2, 2, (top - bottom) / 2)
            size = pdfium_c.FPDFText_GetFontSize(textpage.raw, index) if index is not None and index >= 0 else 0.0
            lines.append(_Line(text.strip(), left, bottom, right, top, float(size)))
    finally:
        textpage.close()
        page.close()
    return _Page(height, _reading_order(_merge_runs(lines, width / 2), width))


def _merge_runs(lines: list[_Line], middle: float) -> list[_Line]:
    """PDFium gives a line set in several runs (a table row, a change of font) as several boxes:
    join boxes on the same baseline that are near, left to right, but never across the gutter."""
    merged: list[_Line] = []
    for line in sorted(lines, key=lambda ln: (-round(ln.bottom), ln.left)):
        last = merged[-1] if merged else None
        near = (
            last is not None
            and abs(last.bottom - line.bottom) < 2
            and 0 <= line.left - last.right < 4 * max(line.size, 1)
        )
        if last is not None and near and not (last.right <= middle + 5 < line.left):
            last.text, last.right, last.top = f"{last.text} {line.text}", line.right, max(last.top, line.top)
        else:
            merged.append(line)
    return merged


def _reading_order(lines: list[_Line], width: float) -> list[_Line]:
    """Bands top to bottom; a line crossing the middle of the page ends a band; within a band, the
    left column's lines come before the right column's."""
    middle = width / 2
    ordered: list[_Line] = []
    band: list[_Line] = []
    for line in sorted(lines, key=lambda ln: -ln.top):
        if line.left < middle - 5 and line.right > middle + 5:
            ordered += _columns(band, middle)
            band = []
            ordered.append(line)
        else:
            band.append(line)
    return ordered + _columns(band, middle)


def _columns(band: list[_Line], middle: float) -> list[_Line]:
    left = [ln for ln in band if ln.right <= middle + 5]
    right = [ln for ln in band if ln.right > middle + 5]
    return _rows(left) + _rows(right)


def _rows(lines: list[_Line]) -> list[_Line]:
    """Top to bottom, and left to right within a row: boxes that overlap vertically by more than
    half are one row (a table's cells differ in height by their descenders and brackets)."""
    rows: list[list[_Line]] = []
    for line in sorted(lines, key=lambda ln: -ln.top):
        last = rows[-1][0] if rows else None
        overlap = min(last.top, line.top) - max(last.bottom, line.bottom) if last else 0
        if last and overlap > 0.5 * min(last.top - last.bottom, line.top - line.bottom):
            rows[-1].append(line)
        else:
            rows.append([line])
    return [line for row in rows for line in sorted(row, key=lambda ln: ln.left)]


# --- from lines to a paper -----------------------------------------------------------------------


def paper_from_pages(raw: list[_Page], metadata_title: str | None, source: str, pdf_hash: str) -> Paper | ReadProblem:
    if not any(line.text.strip() for page in raw for line in page.lines):
        return ReadProblem(source, None, NO_TEXT_LAYER)
    pages = _without_running_lines(raw)
    first = pages[0]
    title_lines = _title_lines(first)
    title = _clean(" ".join(ln.text for ln in title_lines)) or metadata_title or ""
    rest = first[len(title_lines) :] if title_lines and first[: len(title_lines)] == title_lines else first
    front, abstract, body_start = _front_matter(rest)
    body_pages = [rest[body_start:], *pages[1:]]
    body = _body(body_pages)
    if not abstract:  # no "Abstract" heading: the opening of the text stands in for it
        abstract = _opening(body)
    page_text = " ".join(ln.text for ln in first)
    arxiv = find_arxiv_id(page_text)
    made = make_paper(
        source=source,
        where=None,
        title=title,
        abstract=abstract,
        authors=_authors(front),
        url=arxiv_url(arxiv) if arxiv else None,
        paper_id=arxiv,
    )
    if isinstance(made, ReadProblem):
        return made
    digest = hashlib.sha256("\n".join(f"{b.page}\t{b.section}\t{b.text}" for b in body).encode()).hexdigest()
    return Paper(**{**made.__dict__, "body": tuple(body), "pages": len(pages), "body_digest": digest, "pdf": pdf_hash})


def _without_running_lines(pages: list[_Page]) -> list[list[_Line]]:
    """Each page's lines without page numbers and the running header and footer: lines in a page's
    top or bottom strip that are a bare number or repeat (digits aside) on another page."""

    def key(line: _Line) -> str:
        return re.sub(r"\d+", "#", line.text.strip().casefold())

    in_margin = [
        [
            ln
            for ln in page.lines
            if ln.bottom > page.height * (1 - _MARGIN_SHARE) or ln.top < page.height * _MARGIN_SHARE
        ]
        for page in pages
    ]
    repeated = Counter(k for margin in in_margin for k in {key(ln) for ln in margin})
    cleaned = []
    for page, margin in zip(pages, in_margin):
        drop = {
            id(ln)
            for ln in margin
            if re.fullmatch(r"[\divxlc.\s–-]+", ln.text.strip(), re.I) or (len(pages) > 1 and repeated[key(ln)] > 1)
        }
        cleaned.append([ln for ln in page.lines if id(ln) not in drop])
    return cleaned


def _title_lines(first: list[_Line]) -> list[_Line]:
    """The lines set in the first page's largest type, at its top."""
    sizes = [ln.size for ln in first[:12] if ln.size]
    if not sizes:
        return []
    largest = max(sizes)
    if sum(1 for ln in first if ln.size >= largest - 0.5) > 6:  # everything one size: no title to tell
        return []
    lines = []
    for line in first:
        if line.size >= largest - 0.5:
            lines.append(line)
        elif lines:
            break
    return lines


def _front_matter(lines: list[_Line]) -> tuple[list[_Line], str, int]:
    """(lines between title and abstract, the abstract, where the body starts)."""
    for i, line in enumerate(lines):
        text = line.text.strip()
        if text.casefold().rstrip(".:") == "abstract" or _ABSTRACT_INLINE.match(text):
            first = _ABSTRACT_INLINE.sub("", text) if _ABSTRACT_INLINE.match(text) else ""
            end = next((j for j in range(i + 1, len(lines)) if _is_heading(lines[j].text)), len(lines))
            abstract = _join_lines(
                [first, *(ln.text for ln in lines[i + 1 : end])] if first else [ln.text for ln in lines[i + 1 : end]]
            )
            return lines[:i], abstract, end
    end = next((j for j, ln in enumerate(lines) if _is_heading(ln.text)), 0)
    return lines[:end][:4], "", end


def _authors(front: list[_Line]) -> list[str]:
    """Best effort: the first line under the title that is not an affiliation or an arXiv stamp."""
    for line in front:
        text = line.text.strip()
        if not text or _AFFILIATION.search(text) or "arxiv" in text.casefold():
            continue
        names = re.split(r",|;|\band\b|·", re.sub(r"[\d*†‡§¶]+", "", text))
        names = [_clean(n) for n in names]
        names = [n for n in names if 1 < len(n.split()) <= 5]
        return names
    return []


def _is_heading(text: str, size: float = 0.0, body_size: float = 0.0) -> bool:
    """A numbered ("3 Method", "2.1 Data") or named ("Related Work") short line, not in small type
    (a footnote "1 The figures exclude…" is not a section)."""
    text = _clean(text)
    if len(text) > 90 or not text or len(text.split()) > 12 or (size and body_size and size < body_size - 0.5):
        return False
    return bool(_HEADING.match(text)) or text.casefold().rstrip(".:") in _NAMED_HEADINGS


def _body(pages: list[list[_Line]]) -> list[PageText]:
    """Page by page, a block per (page, section); stops at the references."""
    body_size = _body_size(pages)
    blocks: list[PageText] = []
    section: str | None = None
    for number, lines in enumerate(pages, 1):
        current: list[str] = []
        for line in lines:
            if _is_heading(line.text, line.size, body_size):
                if current:
                    blocks.append(PageText(number, section, _join_lines(current)))
                    current = []
                section = _clean(line.text)
                if (
                    section.casefold().rstrip(".:") in _END_OF_BODY
                    or section.split(" ", 1)[-1].casefold() in _END_OF_BODY
                ):
                    return blocks
                continue
            current.append(line.text)
        if current:
            blocks.append(PageText(number, section, _join_lines(current)))
    return [b for b in blocks if b.text]


def _body_size(pages: list[list[_Line]]) -> float:
    """The commonest type size, by characters: the body text's."""
    sizes: Counter[float] = Counter()
    for page in pages:
        for line in page:
            sizes[round(line.size, 1)] += len(line.text)
    return sizes.most_common(1)[0][0] if sizes else 0.0


def _join_lines(lines: list[str]) -> str:
    """One paragraph from its lines: a word hyphenated at a line end is joined; ligatures spelled out."""
    text = ""
    for line in (_clean(ln) for ln in lines):
        if not line:
            continue
        if re.search(r"[a-z]-$", text) and line[:1].islower():
            text = text[:-1] + line
        else:
            text = f"{text} {line}" if text else line
    return text


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).replace("\u00ad", "")
    return " ".join(text.split())


def _opening(body: list[PageText]) -> str:
    text = " ".join(b.text for b in body if b.page == 1) or (body[0].text if body else "")
    if len(text) <= _MAX_ABSTRACT_GUESS:
        return text
    cut = text.rfind(". ", 0, _MAX_ABSTRACT_GUESS)
    return text[: cut + 1] if cut > 0 else text[:_MAX_ABSTRACT_GUESS]
