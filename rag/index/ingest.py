"""Files → index: read, check, chunk, embed and store papers, skipping those already indexed unchanged."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from filelock import FileLock, Timeout

from rag.index.chunking import chunk_paper
from rag.index.embeddings import check_device, encoding_pool
from rag.index.store import Store, StoreError
from rag.models import Chunk, Paper
from rag.readers import PdfLimits, ReadProblem, read_paths

log = logging.getLogger(__name__)

BATCH_PAPERS = 128  # papers embedded and written together: bounds memory, and what a crash can lose
# A broken 1 GB file can hold millions of bad lines: list the first ones, count all of them.
MAX_LISTED_PROBLEMS = 1000


@dataclass
class IngestReport:
    papers_added: int = 0
    papers_updated: int = 0
    papers_unchanged: int = 0
    chunks_added: int = 0
    rejected: list[ReadProblem] = field(default_factory=list)  # the first MAX_LISTED_PROBLEMS
    rejected_total: int = 0
    aborted: bool = False  # --strict and something was rejected: nothing was written

    def reject(self, problem: ReadProblem) -> None:
        self.rejected_total += 1
        if len(self.rejected) < MAX_LISTED_PROBLEMS:
            self.rejected.append(problem)

    def to_dict(self) -> dict:
        return {
            "papers_added": self.papers_added,
            "papers_updated": self.papers_updated,
            "papers_unchanged": self.papers_unchanged,
            "chunks_added": self.chunks_added,
            "rejected": [{"source": p.source, "where": p.where, "reason": p.reason} for p in self.rejected],
            "rejected_total": self.rejected_total,
            "aborted": self.aborted,
        }


def ingest(paths: Iterable[str | Path], store: Store, *, strict: bool = False, progress: bool = False) -> IngestReport:
    """Index the papers in `paths`.

    The input is read twice, streaming: a quick pass that finds every problem (and the total, for
    the progress bar) before anything is embedded, then the pass that writes, BATCH_PAPERS at a
    time. With `strict`, any problem stops the command before the first write. Otherwise the good
    papers go in and the problems are reported. Each batch is written whole, so a killed ingest
    loses at most the batch in flight, and running it again skips what is already in.
    """
    paths = list(paths)
    if store.settings.device != "cpu":
        check_device(store.settings.device)  # before the checking pass, which can take a while
    max_chars = store.settings.max_abstract_chars
    report = IngestReport()
    total = 0
    reads = _Reads(paths, store)
    for item in _checked(reads(), max_chars):
        if isinstance(item, ReadProblem):
            report.reject(item)
        else:
            total += 1
    if strict and report.rejected_total:
        report.aborted = True
        return report

    with ingest_lock(store), _progress_bar(total, progress) as bar, ExitStack() as resources:
        store.refresh()  # resume from what is really in the store, whoever wrote it
        store.recover_interrupted_write()  # a write killed half-way: its updated papers get their old version back
        known = store.lexical.paper_hashes()
        encoder = _Encoder(store, resources)
        batch: list[Paper] = []
        for item in _checked(reads(), max_chars):
            if isinstance(item, ReadProblem):
                continue
            if known.get(item.id) == item.content_hash or _keeps_full_text(item, store):
                report.papers_unchanged += 1
                bar.update(1)
                continue
            batch.append(item)
            if len(batch) >= BATCH_PAPERS:
                _write(batch, store, encoder, known, report, bar)
                batch = []
        if batch:
            _write(batch, store, encoder, known, report, bar)
    return report


class _Reads:
    """The papers of `paths`, one paper whatever the route: a PDF of a paper already indexed (same
    arXiv id or title) enriches it with its full text rather than adding a second copy, and a
    metadata record of a paper a PDF enriched keeps that full text (read again from the stored copy).

    Read twice by `ingest`; PDFs, slow to parse and few, are parsed once and remembered."""

    def __init__(self, paths: list, store: Store):
        self.paths, self.store = paths, store
        s = store.settings
        self.limits = PdfLimits(max_pages=s.pdf_max_pages, max_mb=s.pdf_max_mb, max_memory_mb=s.pdf_max_memory_mb)
        self.parsed: dict[str, list[Paper | ReadProblem]] = {}

    def __call__(self) -> Iterator[Paper | ReadProblem]:
        for item in read_paths(self.paths, self.limits, remembered=self.parsed):
            if isinstance(item, Paper):
                item = _enriching(item, self.store) if item.has_full_text else self._keeping_full_text(item)
            yield item

    def _keeping_full_text(self, paper: Paper) -> Paper:
        indexed = self.store.paper(paper.id)
        stored = self.store.pdf_path(indexed) if indexed is not None and indexed.has_full_text else None
        if stored is None:
            return paper
        parsed = [p for p in read_paths([stored], self.limits, remembered=self.parsed) if isinstance(p, Paper)]
        return _with_full_text(paper, parsed[0], paper.source) if parsed else paper


def _enriching(pdf_paper: Paper, store: Store) -> Paper:
    """The indexed paper this PDF is of, with the PDF's full text; or the PDF's own paper."""
    indexed = store.paper(pdf_paper.id)
    if indexed is None and (pid := store.catalog.paper_titled(pdf_paper.title)):
        indexed = store.paper(pid)
    # The source is the PDF: its copy is kept in the store from there.
    return _with_full_text(indexed, pdf_paper, pdf_paper.source) if indexed is not None else pdf_paper


def _with_full_text(paper: Paper, pdf_paper: Paper, source: str | None) -> Paper:
    return replace(
        paper,
        source=source,
        body=pdf_paper.body,
        pages=pdf_paper.pages,
        body_digest=pdf_paper.body_digest,
        pdf=pdf_paper.pdf,
    )


def _keeps_full_text(paper: Paper, store: Store) -> bool:
    """A metadata record of a paper a PDF enriched, unchanged but for the full text, when the PDF's
    copy is gone: leave the paper as it is rather than drop its full text."""
    if paper.has_full_text:
        return False
    indexed = store.paper(paper.id)
    if indexed is None or not indexed.has_full_text:
        return False
    bare = replace(indexed, pages=0, body_digest=None, pdf=None)
    return bare.content_hash == paper.content_hash


def _checked(items: Iterator[Paper | ReadProblem], max_chars: int) -> Iterator[Paper | ReadProblem]:
    """What the readers cannot know: a paper id seen twice in one command, and the configured length limit."""
    first_seen: dict[str, str] = {}
    for item in items:
        if isinstance(item, Paper):
            where = item.where or f"paper {item.id!r} ({item.title[:60]!r})"
            if item.id in first_seen:
                yield ReadProblem(
                    item.source or "?", where, f"duplicate paper id {item.id!r} (first at {first_seen[item.id]})"
                )
                continue
            first_seen[item.id] = f"{item.source or '?'}: {where}"
            if len(item.abstract) > max_chars:
                reason = (
                    f"abstract is {len(item.abstract)} characters; the limit is {max_chars} (RAG_MAX_ABSTRACT_CHARS)"
                )
                yield ReadProblem(item.source or "?", where, reason)
                continue
        yield item


class _Encoder:
    """Embeds chunks; the worker pool (with --workers) starts at the first batch that needs it."""

    def __init__(self, store: Store, resources: ExitStack):
        self.store = store
        self.resources = resources
        self.pool: dict | None = None
        self.started = False

    def __call__(self, chunks: Sequence[Chunk]):
        if not self.started:
            s = self.store.settings
            self.pool = self.resources.enter_context(encoding_pool(self.store.embeddings, s.device, s.workers))
            self.started = True
        return self.store.embed(chunks, pool=self.pool)


def _write(
    batch: list[Paper], store: Store, encoder: _Encoder, known: dict[str, str], report: IngestReport, bar
) -> None:
    chunks = [chunk for paper in batch for chunk in chunk_paper(paper)]
    for paper in batch:
        store.keep_pdf(paper)
    store.write(batch, chunks, encoder(chunks))
    for paper in batch:
        if paper.id in known:
            report.papers_updated += 1
        else:
            report.papers_added += 1
        known[paper.id] = paper.content_hash
    report.chunks_added += len(chunks)
    bar.update(len(batch))


@contextmanager
def ingest_lock(store: Store) -> Iterator[None]:
    """One writer per store on this machine: a second ingest says it waits, then gives up after
    RAG_LOCK_TIMEOUT seconds with a clear message."""
    timeout = store.settings.lock_timeout
    path = store.ingest_lock_path
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(path))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        log.warning(
            "waiting for another ingest into %s to finish (up to %.0f s, RAG_LOCK_TIMEOUT)...", store.location, timeout
        )
        try:
            lock.acquire(timeout=timeout)
        except Timeout:
            raise StoreError(
                f"another ingest is writing to {store.location}; gave up after waiting {timeout:.0f} s "
                "(RAG_LOCK_TIMEOUT)"
            ) from None
    try:
        yield
    finally:
        lock.release()


def _progress_bar(total: int, enabled: bool):
    from tqdm import tqdm

    # tqdm shows the rate and, with the total known from the checking pass, the time left.
    return tqdm(total=total, unit="paper", desc="Indexing", disable=not enabled, dynamic_ncols=True)
