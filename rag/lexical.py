"""The local side of the index: a SQLite file with the paper catalogue, chunk texts and an FTS5 index.

Chroma is the source of truth (it holds every chunk with its metadata); this file is derived from
it and kept in step by generation: each ingest stamps a new generation on the Chroma collection and
here, and a reader whose stamp differs pulls the difference from Chroma. That makes the lexical
index follow the data to a Chroma server shared by several machines, and a deleted file rebuildable.
SQLite FTS5 (in the standard library) updates incrementally and answers from disk, where an
in-memory BM25 would be rebuilt at every start.
"""

from __future__ import annotations

import json
import math
import sqlite3
from collections.abc import Iterable, Sequence
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
"""
# BM25 column weights: a title term counts less than a body term; the title repeats on every chunk.
_TITLE_WEIGHT, _BODY_WEIGHT = 0.5, 1.0


class LexicalIndex:
    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.db = sqlite3.connect(path, check_same_thread=False, timeout=60)
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
            self.db.executemany(
                "INSERT INTO papers(id, hash, record) VALUES(?, ?, ?)",
                [(p.id, p.content_hash, json.dumps(p.to_dict(), ensure_ascii=False)) for p in papers],
            )
            catalog.add(self.db, papers)
            self._insert_chunks(chunks)
            self._set_generation(generation)

    def sync(self, chunk_ids: set[str], fetch, generation: str) -> None:
        """Make this index hold exactly `chunk_ids`; `fetch(ids)` yields (Chunk, Paper | None) for missing ones."""
        have = {row[0] for row in self.db.execute("SELECT id FROM chunks")}
        stale, missing = have - chunk_ids, sorted(chunk_ids - have)
        with self.db:
            self._delete_chunk_ids(stale)
            papers, chunks = [], []
            for chunk, paper in fetch(missing):
                chunks.append(chunk)
                if paper is not None:
                    papers.append(paper)
            catalog.remove(self.db, [p.id for p in papers])
            self.db.executemany(
                "INSERT OR REPLACE INTO papers(id, hash, record) VALUES(?, ?, ?)",
                [(p.id, p.content_hash, json.dumps(p.to_dict(), ensure_ascii=False)) for p in papers],
            )
            catalog.add(self.db, papers)
            self._insert_chunks(chunks)
            orphans = [r[0] for r in self.db.execute("SELECT id FROM papers WHERE id NOT IN (SELECT DISTINCT paper_id FROM chunks)")]
            self._delete_papers(orphans)
            self._set_generation(generation)

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
                "INSERT INTO chunks(id, paper_id, lang, idx, text) VALUES(?, ?, ?, ?, ?)",
                (chunk.id, chunk.paper_id, chunk.lang, chunk.index, chunk.text),
            )
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
