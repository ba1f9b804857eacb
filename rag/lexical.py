"""The local side of the index: a SQLite file with the paper catalogue, chunk texts and an FTS5 index.

Chroma is the source of truth (it holds every chunk with its metadata); this file is derived from
it and kept in step by generation: each ingest stamps a new generation on the Chroma collection and
here, and a reader whose stamp differs pulls the difference from Chroma. That makes the lexical
index follow the data to a Chroma server shared by several machines, and a deleted file rebuildable.
SQLite FTS5 (in the standard library) updates incrementally and answers from disk, where an
in-memory BM25 would be rebuilt at every start.
"""

from __future__ import annotations

import itertools
import json
import math
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from rag import catalog
from rag.models import Chunk, Paper
from rag.text import terms

_SCHEMA = """
PRAGMA journal_mode=WAL;
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS papers(id TEXT PRIMARY KEY, hash TEXT NOT NULL, record TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS chunks(
    rowid INTEGER PRIMARY KEY, id TEXT UNIQUE NOT NULL, paper_id TEXT NOT NULL,
    lang TEXT NOT NULL, idx INTEGER NOT NULL, text TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS chunks_by_paper ON chunks(paper_id);
-- '.' is part of a term so that "1.3b" and "e.g" stay whole; terms arrive already analysed.
CREATE VIRTUAL TABLE IF NOT EXISTS chunk_terms USING fts5(
    title, body, tokenize = "unicode61 remove_diacritics 0 tokenchars '.'");
CREATE VIRTUAL TABLE IF NOT EXISTS chunk_vocab USING fts5vocab(chunk_terms, 'row');
-- Embeddings of single sentences, filled as answers need them (never at ingest, which embeds chunks).
CREATE TABLE IF NOT EXISTS sentence_vectors(key TEXT PRIMARY KEY, vector BLOB NOT NULL);
"""
# BM25 column weights: a title term counts less than a body term; the title repeats on every chunk.
_TITLE_WEIGHT, _BODY_WEIGHT = 0.5, 1.0


class LexicalIndex:
    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.db = sqlite3.connect(path, check_same_thread=False, timeout=60)
        # One connection serves the web app's threads; SQLite serialises statements, this lock
        # keeps one thread's transaction from interleaving with another's.
        self._write_lock = threading.Lock()
        self.db.executescript(_SCHEMA)
        self.db.executescript(catalog.SCHEMA)

    def close(self) -> None:
        self.db.close()

    # --- generation stamp -------------------------------------------------------------------
    def generation(self) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key='generation'").fetchone()
        return row[0] if row else None

    def _set_generation(self, generation: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES('generation', ?)", (generation,))

    # --- writes -------------------------------------------------------------------------------
    def replace(self, papers: Sequence[Paper], chunks: Sequence[Chunk], generation: str) -> None:
        """Put these papers (and only these chunks of them) in place, in one transaction."""
        with self.db:
            self._delete_papers([p.id for p in papers])
            self._upsert_papers(papers)
            self._insert_chunks(chunks)
            self._set_generation(generation)

    def sync(self, chunk_ids: set[str], fetch, generation: str, page: int = 1000) -> None:
        """Make this index hold exactly `chunk_ids`; `fetch(ids)` yields (Chunk, Paper | None) for missing ones.

        Written page by page, in bounded memory and without holding the write lock for the whole
        transfer (a local ingest may want it); the stamp goes on last, so an interrupted sync
        resumes where it stopped.
        """
        with self._immediate():  # the stale set must not move between reading and deleting it
            have = {row[0] for row in self.db.execute("SELECT id FROM chunks")}
            self._delete_chunk_ids(have - chunk_ids)
        missing = sorted(chunk_ids - have)
        del have
        fetched = fetch(missing)
        while part := list(itertools.islice(fetched, page)):
            with self.db:
                self._upsert_papers([paper for _, paper in part if paper is not None])
                self._insert_chunks([chunk for chunk, _ in part])
        with self.db:
            orphans = [r[0] for r in self.db.execute("SELECT id FROM papers WHERE id NOT IN (SELECT DISTINCT paper_id FROM chunks)")]
            self._delete_papers(orphans)
            self._set_generation(generation)

    @contextmanager
    def _immediate(self) -> Iterator[None]:
        """A transaction that takes SQLite's write lock at once rather than at its first write."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.db.rollback()
            raise
        self.db.commit()

    def _upsert_papers(self, papers: Sequence[Paper]) -> None:
        self.db.executemany(
            "INSERT OR REPLACE INTO papers(id, hash, record) VALUES(?, ?, ?)",
            [(p.id, p.content_hash, json.dumps(p.to_dict(), ensure_ascii=False)) for p in papers],
        )
        catalog.remove(self.db, [p.id for p in papers])
        catalog.add(self.db, papers)

    def _delete_papers(self, paper_ids: Iterable[str]) -> None:
        ids = list(paper_ids)
        for start in range(0, len(ids), 500):
            part = ids[start : start + 500]
            marks = ",".join("?" * len(part))
            self.db.execute(
                f"DELETE FROM chunk_terms WHERE rowid IN (SELECT rowid FROM chunks WHERE paper_id IN ({marks}))", part
            )
            self.db.execute(f"DELETE FROM chunks WHERE paper_id IN ({marks})", part)
            self.db.execute(f"DELETE FROM papers WHERE id IN ({marks})", part)
        catalog.remove(self.db, ids)

    def _delete_chunk_ids(self, chunk_ids: Iterable[str]) -> None:
        ids = list(chunk_ids)
        for start in range(0, len(ids), 500):
            part = ids[start : start + 500]
            marks = ",".join("?" * len(part))
            self.db.execute(f"DELETE FROM chunk_terms WHERE rowid IN (SELECT rowid FROM chunks WHERE id IN ({marks}))", part)
            self.db.execute(f"DELETE FROM chunks WHERE id IN ({marks})", part)

    def _insert_chunks(self, chunks: Sequence[Chunk]) -> None:
        for chunk in chunks:
            cursor = self.db.execute(
                # IGNORE: a sync and a local write may both bring the same chunk
                "INSERT OR IGNORE INTO chunks(id, paper_id, lang, idx, text) VALUES(?, ?, ?, ?, ?)",
                (chunk.id, chunk.paper_id, chunk.lang, chunk.index, chunk.text),
            )
            if not cursor.rowcount:
                continue
            title_terms = " ".join(terms(chunk.title)) if chunk.lang == "en" else ""
            self.db.execute(
                "INSERT INTO chunk_terms(rowid, title, body) VALUES(?, ?, ?)",
                (cursor.lastrowid, title_terms, " ".join(terms(chunk.text))),
            )

    # --- reads --------------------------------------------------------------------------------
    def paper_hashes(self) -> dict[str, str]:
        return dict(self.db.execute("SELECT id, hash FROM papers"))

    def papers(self) -> list[Paper]:
        rows = self.db.execute("SELECT record FROM papers")
        return sorted((Paper.from_dict(json.loads(r[0])) for r in rows), key=lambda p: (p.published or "", p.title))

    def paper(self, paper_id: str) -> Paper | None:
        row = self.db.execute("SELECT record FROM papers WHERE id=?", (paper_id,)).fetchone()
        return Paper.from_dict(json.loads(row[0])) if row else None

    def sentence_vectors(self, keys: Sequence[str]) -> dict[str, bytes]:
        found: dict[str, bytes] = {}
        for start in range(0, len(keys), 500):
            part = list(keys[start : start + 500])
            rows = self.db.execute(f"SELECT key, vector FROM sentence_vectors WHERE key IN ({','.join('?' * len(part))})", part)
            found.update(rows)
        return found

    def save_sentence_vectors(self, items: Sequence[tuple[str, bytes]]) -> None:
        with self._write_lock, self.db:
            self.db.executemany("INSERT OR REPLACE INTO sentence_vectors(key, vector) VALUES(?, ?)", items)

    def idf(self, query_terms: Sequence[str]) -> dict[str, float]:
        """BM25's inverse document frequency of each term over the chunks (unknown terms get the maximum)."""
        n = self.chunk_count()
        unique = sorted(set(query_terms))
        df: dict[str, int] = {}
        for start in range(0, len(unique), 500):
            part = unique[start : start + 500]
            rows = self.db.execute(f"SELECT term, doc FROM chunk_vocab WHERE term IN ({','.join('?' * len(part))})", part)
            df.update(rows)
        return {t: math.log((n - df.get(t, 0) + 0.5) / (df.get(t, 0) + 0.5) + 1.0) for t in unique}

    def chunk_count(self) -> int:
        return self.db.execute("SELECT count(*) FROM chunks").fetchone()[0]

    def known_chunk_ids(self, chunk_ids: Sequence[str]) -> set[str]:
        found: set[str] = set()
        for start in range(0, len(chunk_ids), 500):
            part = list(chunk_ids[start : start + 500])
            rows = self.db.execute(f"SELECT id FROM chunks WHERE id IN ({','.join('?' * len(part))})", part)
            found.update(row[0] for row in rows)
        return found

    def chunks_of(self, paper_id: str) -> list[Chunk]:
        paper = self.paper(paper_id)
        rows = self.db.execute("SELECT id, lang, idx, text FROM chunks WHERE paper_id=? ORDER BY lang, idx", (paper_id,))
        return [_chunk(paper_id, paper.title if paper else "", row) for row in rows]

    def chunks_by_id(self, chunk_ids: Sequence[str]) -> dict[str, Chunk]:
        found: dict[str, Chunk] = {}
        for start in range(0, len(chunk_ids), 500):
            part = list(chunk_ids[start : start + 500])
            marks = ",".join("?" * len(part))
            rows = self.db.execute(
                f"SELECT c.id, c.lang, c.idx, c.text, c.paper_id, json_extract(p.record, '$.title') "
                f"FROM chunks c JOIN papers p ON p.id = c.paper_id WHERE c.id IN ({marks})",
                part,
            )
            for cid, lang, idx, text, paper_id, title in rows:
                found[cid] = _chunk(paper_id, title, (cid, lang, idx, text))
        return found

    def search(
        self, query: str, k: int, paper_ids: Sequence[str] | None = None, chunk_ids: Sequence[str] | None = None
    ) -> list[tuple[str, float]]:
        """(chunk id, BM25 score) best first; higher is better. The id lists filter inside the query."""
        query_terms = list(dict.fromkeys(terms(query)))
        if not query_terms:
            return []
        match = " OR ".join('"' + t.replace('"', '""') + '"' for t in query_terms)
        sql = (
            f"SELECT c.id, -bm25(chunk_terms, {_TITLE_WEIGHT}, {_BODY_WEIGHT}) AS score "
            "FROM chunk_terms JOIN chunks c ON c.rowid = chunk_terms.rowid WHERE chunk_terms MATCH ?"
        )
        params: list = [match]
        if paper_ids:
            sql += f" AND c.paper_id IN ({','.join('?' * len(paper_ids))})"
            params.extend(paper_ids)
        if chunk_ids is not None:
            if not chunk_ids:
                return []
            sql += f" AND c.id IN ({','.join('?' * len(chunk_ids))})"
            params.extend(chunk_ids)
        sql += " ORDER BY score DESC LIMIT ?"
        params.append(k)
        return [(cid, float(score)) for cid, score in self.db.execute(sql, params)]


def _chunk(paper_id: str, title: str, row) -> Chunk:
    cid, lang, idx, text = row
    version = cid.split(":")[-2] if cid.count(":") >= 2 else ""
    return Chunk(paper_id, title, text, lang, idx, version)
