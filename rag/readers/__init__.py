"""Readers turn paper files into `Paper` records, one module per format, chosen by file suffix.

`read_paths` never raises for bad input: every file or entry it cannot use becomes a
`ReadProblem` in the same stream, so one broken entry never stops an ingest.
"""

from __future__ import annotations

import functools
import logging
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from rag.models import Paper
from rag.readers.arxiv_json import read_json_lines
from rag.readers.atom import read_atom
from rag.readers.bibtex import read_bibtex
from rag.readers.csl_json import read_json
from rag.readers.digest import read_digest
from rag.readers.pdf import PdfLimits, read_pdf
from rag.readers.ris import read_ris
from rag.readers.validation import ReadProblem

__all__ = ["SUPPORTED_SUFFIXES", "PdfLimits", "ReadProblem", "UnsupportedFile", "read_file", "read_paths"]

logger = logging.getLogger(__name__)

Reader = Callable[[Path], Iterator[Paper | ReadProblem]]

_READERS: dict[str, Reader] = {
    ".txt": read_digest,
    ".md": read_digest,
    ".jsonl": read_json_lines,
    ".ndjson": read_json_lines,
    ".json": read_json,  # CSL-JSON or an arXiv array, told apart by the entries' fields
    ".xml": read_atom,
    ".atom": read_atom,
    ".bib": read_bibtex,
    ".ris": read_ris,
    ".pdf": read_pdf,  # called with the PdfLimits of the settings
}
SUPPORTED_SUFFIXES: frozenset[str] = frozenset(_READERS)


class UnsupportedFile(ValueError):
    """Raised by `read_file` for a suffix no reader handles (`read_paths` reports it instead)."""


def read_file(
    path: str | Path, pdf_limits: PdfLimits | None = None, remembered: dict | None = None
) -> Iterator[Paper | ReadProblem]:
    """The papers and problems of one file; raises UnsupportedFile for an unknown suffix.

    `remembered`, when given, keeps what PDFs gave by path, so that a second pass does not parse them again."""
    path = Path(path)
    reader = _READERS.get(path.suffix.lower())
    if reader is None:
        supported = ", ".join(sorted(SUPPORTED_SUFFIXES))
        suffix = path.suffix or "(none)"
        raise UnsupportedFile(f"unsupported file type {suffix!r}; supported: {supported}")
    if reader is read_pdf:
        if remembered is not None and str(path) in remembered:
            return iter(remembered[str(path)])
        items = list(_guarded(functools.partial(read_pdf, limits=pdf_limits or PdfLimits()), path))
        if remembered is not None:
            remembered[str(path)] = items
        return iter(items)
    return _guarded(reader, path)


def read_paths(
    paths: Iterable[str | Path], pdf_limits: PdfLimits | None = None, remembered: dict | None = None
) -> Iterator[Paper | ReadProblem]:
    """Papers and problems from files and directories (walked recursively in sorted path order).

    A generator: files are read one at a time as the caller consumes the stream.
    """
    if isinstance(paths, (str, Path)):  # one path, not an iterable of characters
        paths = [paths]
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for found in _walk(path):
                yield from read_file(found, pdf_limits, remembered) if isinstance(found, Path) else [found]
        elif not path.exists():
            yield ReadProblem(str(path), None, "no such file or directory")
        else:
            try:
                yield from read_file(path, pdf_limits, remembered)
            except UnsupportedFile as exc:
                yield ReadProblem(str(path), None, str(exc))


def _walk(directory: Path) -> Iterator[Path | ReadProblem]:
    """Supported files under a directory in sorted path order, skipping hidden names (".git")."""
    try:
        with os.scandir(directory) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
    except OSError as exc:
        yield ReadProblem(str(directory), None, f"cannot list directory: {exc.strerror or exc}")
        return
    for entry in entries:
        path = Path(directory, entry.name)
        if entry.name.startswith("."):
            continue
        try:
            is_dir = entry.is_dir()
        except OSError as exc:  # a symlink loop: one bad entry, the rest of the folder goes on
            yield ReadProblem(str(path), None, f"cannot read entry: {exc.strerror or exc}")
            continue
        if is_dir:
            if entry.is_symlink():  # not followed: a link to a parent would loop forever
                logger.debug("skipping %s: symbolic link to a directory", path)
            else:
                yield from _walk(path)
        elif path.suffix.lower() in SUPPORTED_SUFFIXES:
            yield path
        else:
            logger.debug("skipping %s: unsupported file type", path)


def _guarded(reader: Reader, path: Path) -> Iterator[Paper | ReadProblem]:
    """The reader's stream, with the same report for every format when a file holds nothing."""
    source = str(path)
    try:
        if path.stat().st_size == 0:
            yield ReadProblem(source, None, "file is empty")
            return
    except OSError as exc:  # a symlink loop, a dangling link, no permission
        yield ReadProblem(source, None, f"cannot read file: {exc.strerror or exc}")
        return
    found = False
    # A reader bug on one odd file must not abort a whole ingest; it is logged with its traceback.
    try:
        for item in reader(path):
            found = True
            yield item
    except Exception as exc:
        logger.exception("reader failed on %s", path)
        yield ReadProblem(source, None, f"could not read file: {type(exc).__name__}: {exc}")
        return
    if not found:
        yield ReadProblem(source, None, "file holds no paper entries")
