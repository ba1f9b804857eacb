"""Files → index: read, check, chunk, embed and store papers, skipping those already indexed unchanged."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from filelock import FileLock, Timeout

from rag.chunking import chunk_paper
from rag.models import Paper
from rag.readers import ReadProblem, read_paths
from rag.store import Store, StoreError

log = logging.getLogger(__name__)

BATCH_PAPERS = 128  # papers embedded and written together: bounds memory, and what a crash can lose


@dataclass
class IngestReport:
    papers_added: int = 0
    papers_updated: int = 0
    papers_unchanged: int = 0
    chunks_added: int = 0
    rejected: list[ReadProblem] = field(default_factory=list)
    aborted: bool = False  # --strict and something was rejected: nothing was written

    def to_dict(self) -> dict:
        return {
            "papers_added": self.papers_added,
            "papers_updated": self.papers_updated,
            "papers_unchanged": self.papers_unchanged,
            "chunks_added": self.chunks_added,
            "rejected": [{"source": p.source, "where": p.where, "reason": p.reason} for p in self.rejected],
            "aborted": self.aborted,
        }


def ingest(
    paths: Iterable[str | Path],
    store: Store,
    *,
    strict: bool = False,
    progress: bool = False,
    lock_timeout: float = 600.0,
) -> IngestReport:
    """Index the papers in `paths`.

    The input is read twice: a quick pass that finds every problem (and the total, for the progress
    bar) before anything is embedded, then the pass that writes. With `strict`, any problem stops the
    command before the first write. Otherwise the good papers go in and the problems are reported.
    """
    paths = list(paths)
    report = IngestReport()
    total = 0
    for item in _checked(read_paths(paths)):
        if isinstance(item, ReadProblem):
            report.rejected.append(item)
        else:
            total += 1
    if strict and report.rejected:
        report.aborted = True
        return report

    with _ingest_lock(store, lock_timeout):
        store.refresh()
        known = store.lexical.paper_hashes()
        with _progress_bar(total, progress) as bar:
            batch: list[Paper] = []
            for item in _checked(read_paths(paths)):
                if isinstance(item, ReadProblem):
                    continue
                if known.get(item.id) == item.content_hash:
                    report.papers_unchanged += 1
                    bar.update(1)
                    continue
                batch.append(item)
                if len(batch) >= BATCH_PAPERS:
                    _write(batch, store, known, report, bar)
                    batch = []
            if batch:
                _write(batch, store, known, report, bar)
    return report


def _checked(items: Iterator[Paper | ReadProblem]) -> Iterator[Paper | ReadProblem]:
    """Readers check each entry; a paper id seen twice in one command is a problem only here."""
    first_seen: dict[str, str] = {}
    for item in items:
        if isinstance(item, Paper):
            if item.id in first_seen:
                yield ReadProblem(
                    item.source or "?", f"entry {item.title[:60]!r}", f"duplicate paper id {item.id!r} (first in {first_seen[item.id]})"
                )
                continue
            first_seen[item.id] = item.source or "?"
        yield item


def _write(batch: list[Paper], store: Store, known: dict[str, str], report: IngestReport, bar) -> None:
    chunks = [chunk for paper in batch for chunk in chunk_paper(paper)]
    store.write(batch, chunks, store.embed(chunks))
    for paper in batch:
        if paper.id in known:
            report.papers_updated += 1
        else:
            report.papers_added += 1
        known[paper.id] = paper.content_hash
    report.chunks_added += len(chunks)
    bar.update(len(batch))


def _ingest_lock(store: Store, timeout: float):
    """One writer per store: a second ingest waits, then gives up with a clear message."""
    store.settings.store_dir.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(store.settings.store_dir / f"ingest-{store.settings.collection}.lock"))
    try:
        return lock.acquire(timeout=timeout)  # a context manager that releases the lock
    except Timeout:
        raise StoreError(
            f"another ingest is writing to {store.location}; waited {timeout:.0f} s for it to finish"
        ) from None


def _progress_bar(total: int, enabled: bool):
    from tqdm import tqdm

    return tqdm(total=total, unit="paper", desc="Embedding", disable=not enabled, dynamic_ncols=True)
