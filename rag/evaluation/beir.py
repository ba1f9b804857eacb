"""BEIR-format test collections → Papers, queries and relevance judgements.

The layout (Thakur et al., 2021): `corpus.jsonl` (`_id`, `title`, `text`), `queries.jsonl`
(`_id`, `text`) and `qrels.tsv` (header `query-id corpus-id score`). The `beir` package reads the
same files but pulls in a training stack (faiss, pytrec_eval, datasets) for three small loops.
"""

from __future__ import annotations

import csv
import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from rag.models import Paper

log = logging.getLogger(__name__)

CORPUS, QUERIES, QRELS = "corpus.jsonl", "queries.jsonl", "qrels.tsv"


class BeirFormatError(ValueError):
    """A missing file or a malformed line, named by file and line."""


@dataclass(frozen=True)
class BeirCollection:
    papers: list[Paper]
    queries: dict[str, str]  # query id → text, only the queries that have judgements
    qrels: dict[str, dict[str, int]]  # query id → {document id: graded relevance}
    skipped_documents: int = 0  # corpus entries with neither title nor text: nothing to index


def load_beir(folder: str | Path) -> BeirCollection:
    """Read a BEIR folder. Documents with an empty text are indexed by their title; empty ones are skipped."""
    folder = Path(folder)
    if not folder.is_dir():
        raise BeirFormatError(f"{folder}: not a folder (expected {CORPUS}, {QUERIES} and {QRELS} inside)")
    qrels = _read_qrels(folder / QRELS)
    papers, skipped, seen = [], 0, set()
    for where, record in _json_lines(folder / CORPUS):
        doc_id, title, text = (
            _field(record, "_id", where),
            str(record.get("title") or ""),
            str(record.get("text") or ""),
        )
        if doc_id in seen:
            raise BeirFormatError(f"{where}: duplicate document id {doc_id!r}")
        seen.add(doc_id)
        title, text = " ".join(title.split()), " ".join(text.split())
        if not title and not text:
            skipped += 1
            continue
        # A Paper needs both: a title-only document is searchable by its title, a text-only one by its text.
        papers.append(Paper(id=doc_id, title=title or text[:80], abstract=text or title, source=str(folder / CORPUS)))
    queries = {}
    for where, record in _json_lines(folder / QUERIES):
        query_id = _field(record, "_id", where)
        if query_id in qrels:
            queries[query_id] = _field(record, "text", where)
    unknown = sorted(set(qrels) - set(queries))
    if unknown:
        log.warning(
            "%s: %d judged queries are not in %s and are left out: %s",
            folder / QRELS,
            len(unknown),
            QUERIES,
            unknown[:5],
        )
    if skipped:
        log.info("%s: %d documents with neither title nor text were skipped", folder / CORPUS, skipped)
    return BeirCollection(papers, queries, {q: qrels[q] for q in queries}, skipped)


def _field(record: dict, name: str, where: str) -> str:
    value = record.get(name)
    if value is None or str(value).strip() == "":
        raise BeirFormatError(f"{where}: missing {name!r}")
    return str(value).strip()


def _json_lines(path: Path) -> Iterator[tuple[str, dict]]:
    for number, line in enumerate(_lines(path), start=1):
        if not line.strip():
            continue
        where = f"{path}: line {number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise BeirFormatError(f"{where}: not JSON ({exc.msg})") from None
        if not isinstance(record, dict):
            raise BeirFormatError(f"{where}: expected a JSON object")
        yield where, record


def _read_qrels(path: Path) -> dict[str, dict[str, int]]:
    rows = csv.reader(_lines(path), delimiter="\t")
    header = next(rows, None)
    if header is None or [h.strip() for h in header[:3]] != ["query-id", "corpus-id", "score"]:
        raise BeirFormatError(f"{path}: line 1: expected the header 'query-id<TAB>corpus-id<TAB>score'")
    qrels: dict[str, dict[str, int]] = {}
    for number, row in enumerate(rows, start=2):
        if not row or not "".join(row).strip():
            continue
        try:
            query_id, doc_id, score = (part.strip() for part in row[:3])
            qrels.setdefault(query_id, {})[doc_id] = int(score)
        except ValueError:
            raise BeirFormatError(
                f"{path}: line {number}: expected query id, document id and an integer score"
            ) from None
    if not qrels:
        raise BeirFormatError(f"{path}: no judgements")
    return qrels


def _lines(path: Path) -> Iterator[str]:
    if not path.is_file():
        raise BeirFormatError(f"{path}: missing")
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            try:
                yield raw.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError as exc:
                raise BeirFormatError(f"{path}: line {number}: not UTF-8 ({exc.reason})") from None


def subset(collection: BeirCollection, max_queries: int | None = None, max_docs: int | None = None) -> BeirCollection:
    """A smaller run that still means something: the first `max_queries` judged queries, and a corpus
    of every document judged for them plus others, in corpus order, up to `max_docs` in all."""
    queries = dict(list(collection.queries.items())[:max_queries]) if max_queries else collection.queries
    qrels = {q: collection.qrels[q] for q in queries}
    papers = collection.papers
    if max_docs and max_docs < len(papers):
        judged = {doc for docs in qrels.values() for doc in docs}
        room = max(0, max_docs - sum(1 for p in papers if p.id in judged))
        distractors = [p.id for p in papers if p.id not in judged][:room]
        keep = judged | set(distractors)
        papers = [p for p in papers if p.id in keep]
    return BeirCollection(papers, queries, qrels, collection.skipped_documents)
