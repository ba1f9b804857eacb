"""`rag doctor`: check that a store's two halves agree, and repair what can be derived.

Chroma holds the data; the lexical index, the paper records' place in it and an unfinished swap's
fate are all derivable from it. What cannot be derived (a paper whose record chunk is gone, a
collection built with another model) is reported with what to do.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from rag.index.ingest import ingest_lock
from rag.index.store import PENDING, Store


@dataclass
class Finding:
    problem: str
    repaired: bool = False


@dataclass
class DoctorReport:
    papers: int = 0
    chunks: int = 0
    embedding_model: str | None = None
    findings: list[Finding] = field(default_factory=list)

    @property
    def healthy(self) -> bool:
        return all(f.repaired for f in self.findings)

    def to_dict(self) -> dict:
        return {
            "papers": self.papers,
            "chunks": self.chunks,
            "embedding_model": self.embedding_model,
            "findings": [{"problem": f.problem, "repaired": f.repaired} for f in self.findings],
            "healthy": self.healthy,
        }


def examine(store: Store, repair: bool = False) -> DoctorReport:
    """Check the store; with `repair`, fix what Chroma's contents determine (under the ingest lock)."""
    with ingest_lock(store):
        store.refresh()
        report = DoctorReport(embedding_model=(store.collection.metadata or {}).get("embedding_model"))
        if not report.embedding_model:
            report.findings.append(
                Finding("the collection does not record its embedding model (written by an old version?)")
            )
        generation = (store.collection.metadata or {}).get("generation", "")
        if generation.startswith(PENDING):
            finding = Finding("a write was interrupted before it finished (its papers may have two versions)")
            if repair:
                store.recover_interrupted_write()
                finding.repaired = True
            report.findings.append(finding)
        _check_chunks(store, report, repair)
        return report


def _check_chunks(store: Store, report: DoctorReport, repair: bool) -> None:
    counts, versions, recorded = _chroma_contents(store)
    orphans = sorted(set(counts) - recorded)
    if orphans:
        finding = Finding(f"{len(orphans)} paper(s) have chunks but no record (e.g. {orphans[0]!r}): ingest them again")
        if repair:
            store.delete_papers(orphans)
            finding.problem += "; their chunks were deleted"
            finding.repaired = True
        report.findings.append(finding)
    mixed = sorted(p for p, found in versions.items() if len(found) > 1 and p in recorded)
    if mixed:
        finding = Finding(f"{len(mixed)} paper(s) have chunks of two versions (e.g. {mixed[0]!r})")
        if repair:
            store.keep_recorded_versions(mixed)
            finding.repaired = True
        report.findings.append(finding)
    if repair and (orphans or mixed):
        counts, versions, recorded = _chroma_contents(store)
    report.chunks, report.papers = sum(counts.values()), len(recorded)

    lexical = store.lexical.chunk_counts()
    differ = sorted(p for p in set(counts) | set(lexical) if counts.get(p, 0) != lexical.get(p, 0))
    if differ:
        finding = Finding(
            f"{len(differ)} paper(s) have other chunk counts in the lexical index than in Chroma (e.g. {differ[0]!r})"
        )
        if repair:
            store.rebuild_lexical(differ)
            finding.repaired = store.lexical.chunk_counts() == dict(counts)
        report.findings.append(finding)


def _chroma_contents(store: Store) -> tuple[Counter[str], dict[str, set[str]], set[str]]:
    """Chunks per paper, the versions each paper's chunks belong to, and the papers whose record is there."""
    counts: Counter[str] = Counter()
    versions: dict[str, set[str]] = defaultdict(set)
    recorded: set[str] = set()
    for meta in store.chunk_metadata():
        counts[meta["paper_id"]] += 1
        versions[meta["paper_id"]].add(meta.get("version", ""))
        if "paper" in meta:
            recorded.add(meta["paper_id"])
    return counts, versions, recorded
