"""Embeddings of single sentences and words, kept in the lexical index's SQLite file.

Answers weigh sentences, not chunks, and match a question's words to words of near meaning in the
passages (single-word embeddings), so they embed both; the same abstracts' sentences come back
question after question, and a vector computed once is read back in microseconds rather than
embedded again. Ingest embeds the words of what it writes beforehand (`embed_ahead`), which answers
reading a passage for the first time embedded before: a word is about three tokens (a fifth more
embedding for a first ingest of 300 abstracts, under 1 % for 100k, whose vocabulary is mostly known). The sentences too when `RAG_SENTENCE_VECTORS_AT_INGEST` is set: then no answer embeds anything
but the question, for about twice an ingest's embedding work (docs/BENCHMARKS.md, Scale).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence

import numpy as np

from rag.index.sql_parts import in_parts
from rag.text import is_cjk, split_sentences, terms

SCHEMA = """
CREATE TABLE IF NOT EXISTS sentence_vectors(key TEXT PRIMARY KEY, vector BLOB NOT NULL);
-- What ingest embedded ahead of any answer, kept apart: clearing what answers cached keeps it.
CREATE TABLE IF NOT EXISTS ingest_vectors(key TEXT PRIMARY KEY, vector BLOB NOT NULL);
"""
# The terms that are matched by meaning: analysed words of three letters or more (not numbers, not CJK).
WORDLIKE = re.compile(r"[a-z][a-z-]{2,}")
MIN_SENTENCE_CHARS = 12  # a shorter "sentence" ("Methods:") is no evidence
_TABLES = ("sentence_vectors", "ingest_vectors")


def words_of(texts: Iterable[str]) -> set[str]:
    """The analysed words of `texts` that answers match by meaning."""
    return {t for text in texts for t in terms(text) if WORDLIKE.fullmatch(t)}


def sentences_of(texts: Iterable[str]) -> list[str]:
    """The sentences of `texts` that answers weigh by meaning (English ones: MiniLM reads no Japanese)."""
    found = (s for text in texts for s in split_sentences(text))
    return list(dict.fromkeys(s for s in found if len(s) > MIN_SENTENCE_CHARS and not is_cjk(s)))


class SentenceVectors:
    """Stored unit vectors of sentences and words, keyed by a hash of the text."""

    def __init__(self, lexical):
        self._db = lexical.db  # the LexicalIndex whose SQLite file holds the table
        self._write_lock = lexical.write_lock

    def get(self, texts: Sequence[str]) -> dict[str, np.ndarray]:
        """The stored vectors of those texts that have one."""
        keys = {_key(t): t for t in texts}
        found: dict[str, np.ndarray] = {}
        for table in _TABLES:
            wanted = [k for k, t in keys.items() if t not in found]
            for part, marks in in_parts(wanted):
                for key, blob in self._db.execute(f"SELECT key, vector FROM {table} WHERE key IN ({marks})", part):
                    found[keys[key]] = np.frombuffer(blob, dtype=np.float32)
        return found

    def clear(self) -> None:
        """Forget what answers cached (what ingest embedded stays)."""
        with self._write_lock, self._db:
            self._db.execute("DELETE FROM sentence_vectors")

    def save(self, texts: Sequence[str], vectors: np.ndarray, table: str = "sentence_vectors") -> None:
        rows = [(_key(t), np.asarray(v, dtype=np.float32).tobytes()) for t, v in zip(texts, vectors)]
        with self._write_lock, self._db:
            self._db.executemany(f"INSERT OR REPLACE INTO {table}(key, vector) VALUES(?, ?)", rows)

    def embed_ahead(self, texts: Sequence[str], embeddings) -> int:
        """Embed and keep those of `texts` (words, sentences) that have no vector yet; returns how many."""
        have = self.get(texts)
        new = [t for t in dict.fromkeys(texts) if t not in have]
        if new:
            self.save(new, np.asarray(embeddings.embed_documents(new), dtype=np.float32), "ingest_vectors")
        return len(new)


def _key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()
