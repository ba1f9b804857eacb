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
import logging
import math
import re
import sqlite3
import threading
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from rag.index import catalog, sentence_vectors
from rag.index.sql_parts import in_parts
from rag.models import Chunk, Paper
from rag.text import terms

log = logging.getLogger(__name__)

_SCHEMA = """
PRAGMA journal_mode=WAL;
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS papers(id TEXT PRIMARY KEY, hash TEXT NOT NULL, record TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS chunks(
    rowid INTEGER PRIMARY KEY, id TEXT UNIQUE NOT NULL, paper_id TEXT NOT NULL,
    lang TEXT NOT NULL, idx INTEGER NOT NULL, text TEXT NOT NULL, page INTEGER, section TEXT);
CREATE INDEX IF NOT EXISTS chunks_by_paper ON chunks(paper_id);
-- '.' is part of a term so that "1.3b" and "e.g" stay whole; terms arrive already analysed.
CREATE VIRTUAL TABLE IF NOT EXISTS chunk_terms USING fts5(
    title, body, tokenize = "unicode61 remove_diacritics 0 tokenchars '.'");
CREATE VIRTUAL TABLE IF NOT EXISTS chunk_vocab USING fts5vocab(chunk_terms, 'row');
"""
# BM25 column weights: a title term counts less than a body term; the title repeats on every chunk.
_TITLE_WEIGHT, _BODY_WEIGHT = 0.5, 1.0
_K1, _B = 1.2, 0.75  # FTS5's bm25() constants
# Matching rows FTS5 may score for one query, and how many of the best are then rescored with every
# query term when the commonest terms were left out. bm25() costs about 2 µs of CPU a matching row
# here, and an OR query's common terms match a third of a large index: 20,000 rows bound the search
# near 40 ms; an index that small (about 8,000 abstracts) is always searched whole.
_CANDIDATE_ROWS = 20_000
_RESCORED = 200
_DF_CACHE_SIZE = 100_000  # terms remembered between writes
_FTS_TOKEN = re.compile(r"(?:[^\W_]|\.)+")


class LexicalIndex:
    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.db = sqlite3.connect(path, check_same_thread=False, timeout=60)
        # One connection serves the web app's threads; SQLite serialises statements, this lock
        # keeps one thread's transaction from interleaving with another's.
        self.write_lock = threading.Lock()
        try:
            self.db.executescript(_SCHEMA)
            self.db.executescript(catalog.SCHEMA)
            self.db.executescript(sentence_vectors.SCHEMA)
            self.generation()  # a damaged file fails here or above (the store moves it aside)
        except sqlite3.DatabaseError:
            self.db.close()
            raise
        self._cached_stats: tuple[str | None, tuple[int, float] | None] | None = None
        self._cached_count: tuple[str | None, int] | None = None
        self._df_cache: dict[str, int] = {}
        self._df_generation: str | None = None

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

    def forget(self, paper_ids: Sequence[str]) -> None:
        """Drop these papers and their chunks; the next sync brings back what Chroma holds of them."""
        with self.db:
            self._delete_papers(paper_ids)
            self._set_generation("")

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
            orphans = [
                r[0]
                for r in self.db.execute("SELECT id FROM papers WHERE id NOT IN (SELECT DISTINCT paper_id FROM chunks)")
            ]
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
        for part, marks in in_parts(ids):
            self.db.execute(
                f"DELETE FROM chunk_terms WHERE rowid IN (SELECT rowid FROM chunks WHERE paper_id IN ({marks}))", part
            )
            self.db.execute(f"DELETE FROM chunks WHERE paper_id IN ({marks})", part)
            self.db.execute(f"DELETE FROM papers WHERE id IN ({marks})", part)
        catalog.remove(self.db, ids)

    def _delete_chunk_ids(self, chunk_ids: Iterable[str]) -> None:
        ids = list(chunk_ids)
        for part, marks in in_parts(ids):
            self.db.execute(
                f"DELETE FROM chunk_terms WHERE rowid IN (SELECT rowid FROM chunks WHERE id IN ({marks}))", part
            )
            self.db.execute(f"DELETE FROM chunks WHERE id IN ({marks})", part)

    def _insert_chunks(self, chunks: Sequence[Chunk]) -> None:
        for chunk in chunks:
            cursor = self.db.execute(
                # IGNORE: a sync and a local write may both bring the same chunk
                "INSERT OR IGNORE INTO chunks(id, paper_id, lang, idx, text, page, section) VALUES(?, ?, ?, ?, ?, ?, ?)",
                (chunk.id, chunk.paper_id, chunk.lang, chunk.index, chunk.text, chunk.page, chunk.section),
            )
            if not cursor.rowcount:
                continue
            title_terms = " ".join(terms(chunk.title)) if chunk.lang == "en" else ""
            self.db.execute(
                "INSERT INTO chunk_terms(rowid, title, body) VALUES(?, ?, ?)",
                (cursor.lastrowid, title_terms, " ".join(terms(chunk.text))),
            )

    # --- reads --------------------------------------------------------------------------------
    def chunk_counts(self) -> dict[str, int]:
        """Chunks per paper (what `rag doctor` compares with Chroma)."""
        return dict(self.db.execute("SELECT paper_id, count(*) FROM chunks GROUP BY paper_id"))

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
        df = self.document_frequencies(query_terms)
        return {t: math.log((n - df.get(t, 0) + 0.5) / (df.get(t, 0) + 0.5) + 1.0) for t in sorted(set(query_terms))}

    def chunk_count(self) -> int:
        """Chunks in the index, counted once per generation: every IDF needs it, and counting
        300,000 rows takes about 4 ms."""
        generation = self.generation()
        if self._cached_count is None or self._cached_count[0] != generation:
            self._cached_count = (generation, self._count_chunks())
        return self._cached_count[1]

    def _count_chunks(self) -> int:
        return self.db.execute("SELECT count(*) FROM chunks").fetchone()[0]

    def known_chunk_ids(self, chunk_ids: Sequence[str]) -> set[str]:
        found: set[str] = set()
        for part, marks in in_parts(chunk_ids):
            rows = self.db.execute(f"SELECT id FROM chunks WHERE id IN ({marks})", part)
            found.update(row[0] for row in rows)
        return found

    def chunks_of(self, paper_id: str) -> list[Chunk]:
        paper = self.paper(paper_id)
        rows = self.db.execute(
            "SELECT id, lang, idx, text, page, section FROM chunks WHERE paper_id=? ORDER BY lang, idx", (paper_id,)
        )
        return [_chunk(paper_id, paper.title if paper else "", row) for row in rows]

    def chunks_by_id(self, chunk_ids: Sequence[str]) -> dict[str, Chunk]:
        found: dict[str, Chunk] = {}
        for part, marks in in_parts(chunk_ids):
            rows = self.db.execute(
                f"SELECT c.id, c.lang, c.idx, c.text, c.page, c.section, c.paper_id, json_extract(p.record, '$.title') "
                f"FROM chunks c JOIN papers p ON p.id = c.paper_id WHERE c.id IN ({marks})",
                part,
            )
            for *row, paper_id, title in rows:
                found[row[0]] = _chunk(paper_id, title, row)
        return found

    def search(
        self, query: str, k: int, paper_ids: Sequence[str] | None = None, chunk_ids: Sequence[str] | None = None
    ) -> list[tuple[str, float]]:
        """(chunk id, BM25 score) best first; higher is better. The id lists filter inside the query.

        The scores are FTS5's bm25() over all the query's terms. Finding the candidates is where the
        time goes: bm25() costs microseconds per matching row, and a common term matches a large
        share of a large index. So on a large index the candidates come from the query's rarer terms
        only (as many as fit `_CANDIDATE_ROWS` matching rows), and the best of them are scored again,
        exactly, with every term. A row that holds none of those terms can be missed; the dense side
        of the hybrid search still brings such rows in, and they get their exact BM25 there.
        """
        query_terms = list(dict.fromkeys(_tokens(" ".join(terms(query)))))
        if not query_terms or k <= 0:
            return []
        if chunk_ids is not None:
            return self.score_chunks(query_terms, chunk_ids)[:k]
        if paper_ids:
            rowids = self._rowids_of_papers(paper_ids)
            if len(rowids) <= _CANDIDATE_ROWS:
                return self._score_rows(query_terms, rowids)[:k]
        frequencies = self.document_frequencies(query_terms)
        known = sorted((t for t in query_terms if frequencies.get(t)), key=frequencies.__getitem__)
        if not known:
            return []
        rare: list[str] = []
        rows = 0
        for term in known:
            if rare and rows + frequencies[term] > _CANDIDATE_ROWS:
                break
            rare.append(term)
            rows += frequencies[term]
        # A small index is scored whole: FTS5 then beats rescoring.
        stats = self._stats()
        exact = len(rare) == len(known) or stats is None or stats[0] <= _CANDIDATE_ROWS
        candidates = self._fts_search(known if exact else rare, k if exact else max(k, _RESCORED), paper_ids)
        if exact:
            return [(cid, score) for _, cid, score in candidates]
        return self._score_rows(known, [rowid for rowid, _, _ in candidates], frequencies)[:k]

    def score_chunks(self, query_terms: Sequence[str], chunk_ids: Sequence[str]) -> list[tuple[str, float]]:
        """BM25 of the query for exactly these chunks (those containing no query term left out), best first."""
        rowids: list[int] = []
        for part, marks in in_parts(chunk_ids):
            rowids += [r[0] for r in self.db.execute(f"SELECT rowid FROM chunks WHERE id IN ({marks})", part)]
        return self._score_rows(query_terms, rowids)

    def document_frequencies(self, query_terms: Sequence[str]) -> dict[str, int]:
        """How many chunks hold each term (terms in no chunk are left out).

        Remembered until the index changes: fts5vocab counts a term's rows by walking its whole
        posting list (about 1 ms for a common term in 300,000 chunks), and one question asks for
        the same terms several times.
        """
        generation = self.generation()
        if generation != self._df_generation or len(self._df_cache) > _DF_CACHE_SIZE:
            self._df_cache, self._df_generation = {}, generation
        unique = sorted(set(query_terms) - self._df_cache.keys())
        for part, marks in in_parts(unique):
            self._df_cache.update(dict.fromkeys(part, 0))
            self._df_cache.update(self.db.execute(f"SELECT term, doc FROM chunk_vocab WHERE term IN ({marks})", part))
        return {t: self._df_cache[t] for t in set(query_terms) if self._df_cache.get(t)}

    def _fts_search(
        self, query_terms: Sequence[str], k: int, paper_ids: Sequence[str] | None
    ) -> list[tuple[int, str, float]]:
        match = " OR ".join('"' + t.replace('"', '""') + '"' for t in query_terms)
        # Rank inside FTS5 first, then join: joining every matching row before the sort doubled the time.
        score = f"-bm25(chunk_terms, {_TITLE_WEIGHT}, {_BODY_WEIGHT})"
        if paper_ids:
            # (A rowid IN (...) filter on the FTS table would re-run the MATCH once per row.)
            sql = (
                f"SELECT c.rowid, c.id, {score} AS score FROM chunk_terms JOIN chunks c ON c.rowid = chunk_terms.rowid "
                f"WHERE chunk_terms MATCH ? AND c.paper_id IN ({','.join('?' * len(paper_ids))}) ORDER BY score DESC LIMIT ?"
            )
            params = [match, *paper_ids, k]
        else:
            sql = (
                f"SELECT s.rowid, c.id, s.score FROM (SELECT rowid, {score} AS score FROM chunk_terms WHERE chunk_terms MATCH ? "
                "ORDER BY score DESC LIMIT ?) s JOIN chunks c ON c.rowid = s.rowid ORDER BY s.score DESC"
            )
            params = [match, k]
        return [(rowid, cid, float(score)) for rowid, cid, score in self.db.execute(sql, params)]

    def texts_holding(self, term: str, limit: int = 50) -> list[str]:
        """The texts of (at most `limit`) chunks whose body holds an analysed term."""
        sql = (
            "SELECT c.text FROM chunk_terms JOIN chunks c ON c.rowid = chunk_terms.rowid "
            "WHERE chunk_terms MATCH ? ORDER BY c.rowid LIMIT ?"
        )
        return [row[0] for row in self.db.execute(sql, ('body:"' + term.replace('"', '""') + '"', limit))]

    def chunk_ids_of(self, paper_ids: Sequence[str]) -> list[str]:
        """The ids of these papers' chunks (both languages)."""
        return [cid for _, cid in self._chunks_of_papers(paper_ids)]

    def _rowids_of_papers(self, paper_ids: Sequence[str]) -> list[int]:
        return [rowid for rowid, _ in self._chunks_of_papers(paper_ids)]

    def _chunks_of_papers(self, paper_ids: Sequence[str]) -> list[tuple[int, str]]:
        ids = list(dict.fromkeys(paper_ids))
        found: list[tuple[int, str]] = []
        for part, marks in in_parts(ids):
            found += self.db.execute(f"SELECT rowid, id FROM chunks WHERE paper_id IN ({marks})", part).fetchall()
        return found

    def _score_rows(
        self, query_terms: Sequence[str], rowids: Sequence[int], frequencies: dict[str, int] | None = None
    ) -> list[tuple[str, float]]:
        """FTS5's bm25() for chosen rows, computed here from their stored terms.

        Hand-written because FTS5 can only score the rows a MATCH walks through: restricting it to
        given rowids re-runs the whole query per row (measured at about 2 ms a row).
        """
        stats = self._stats()
        if not rowids:
            return []
        if stats is None:  # FTS5's statistics could not be read: let it score every match instead
            chunk_ids = {rowid: cid for rowid, cid in self._chunk_ids(rowids)}
            wanted = set(chunk_ids.values())
            return [(cid, s) for _, cid, s in self._fts_search(query_terms, self.chunk_count(), None) if cid in wanted]
        rows, average_length = stats
        frequencies = frequencies if frequencies is not None else self.document_frequencies(query_terms)
        idf = {t: _idf(rows, frequencies[t]) for t in query_terms if frequencies.get(t)}
        if not idf:
            return []
        scored = []
        for part, marks in in_parts(rowids):
            for cid, title, body in self.db.execute(
                f"SELECT c.id, t.title, t.body FROM chunk_terms t JOIN chunks c ON c.rowid = t.rowid WHERE t.rowid IN ({marks})",
                part,
            ):
                title_terms, body_terms = _tokens(title), _tokens(body)
                norm = _K1 * (1 - _B + _B * (len(title_terms) + len(body_terms)) / average_length)
                in_title, in_body = Counter(title_terms), Counter(body_terms)
                score = 0.0
                for term, weight in idf.items():
                    freq = _TITLE_WEIGHT * in_title[term] + _BODY_WEIGHT * in_body[term]
                    if freq:
                        score += weight * freq * (_K1 + 1) / (freq + norm)
                if score:
                    scored.append((cid, score))
        scored.sort(key=lambda row: row[1], reverse=True)
        return scored

    def _chunk_ids(self, rowids: Sequence[int]) -> list[tuple[int, str]]:
        found: list[tuple[int, str]] = []
        for part, marks in in_parts(rowids):
            found += self.db.execute(f"SELECT rowid, id FROM chunks WHERE rowid IN ({marks})", part).fetchall()
        return found

    def _stats(self) -> tuple[int, float] | None:
        """Rows and average row length (in terms), as FTS5's bm25() uses them; None if unreadable.

        They come from FTS5's own "averages" record (row 1 of its data table: varints holding the
        row count, then each column's total length), read once per generation of the index.
        """
        generation = self.generation()
        if self._cached_stats is not None and self._cached_stats[0] == generation:
            return self._cached_stats[1]
        stats = None
        try:
            row = self.db.execute("SELECT block FROM chunk_terms_data WHERE id = 1").fetchone()
            numbers = _varints(row[0]) if row else []
            if len(numbers) == 3 and numbers[0] == self._count_chunks() and numbers[0] > 0:
                stats = (numbers[0], (numbers[1] + numbers[2]) / numbers[0])
        except (sqlite3.Error, IndexError):
            pass
        if stats is None:
            log.warning("cannot read the FTS5 statistics of %s; lexical search scores every match", self.path)
        self._cached_stats = (generation, stats)
        return stats


def _tokens(analysed: str) -> list[str]:
    # What FTS5's unicode61 tokenizer (tokenchars '.') makes of the stored terms: runs of letters,
    # digits and dots. terms() emits such runs, so this is normally a plain split on spaces.
    words = analysed.split()
    if not words or "".join(words).replace(".", "").isalnum():
        return words
    return _FTS_TOKEN.findall(analysed)


def _idf(rows: int, frequency: int) -> float:
    # FTS5's bm25(): a term in more than half the rows still counts a little.
    value = math.log((rows - frequency + 0.5) / (frequency + 0.5))
    return value if value > 0 else 1e-6


def _varints(blob: bytes) -> list[int]:
    """SQLite's variable-length integers (big-endian, 7 bits a byte, a 9th byte of 8 bits)."""
    numbers, i = [], 0
    while i < len(blob):
        value = 0
        for n in range(9):
            byte = blob[i]
            i += 1
            if n == 8:
                value = (value << 8) | byte
                break
            value = (value << 7) | (byte & 0x7F)
            if not byte & 0x80:
                break
        numbers.append(value)
    return numbers


def _chunk(paper_id: str, title: str, row) -> Chunk:
    cid, lang, idx, text, page, section = row
    version = cid.split(":")[-2] if cid.count(":") >= 2 else ""
    return Chunk(paper_id, title, text, lang, idx, version, page, section)
