"""Embeddings of single sentences, kept in the lexical index's SQLite file.

Answers weigh sentences, not chunks, so they embed them as they go (never at ingest, which embeds
chunks); the same abstracts' sentences come back question after question, and a vector computed
once is read back in microseconds rather than embedded again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np

from rag.index.sql_parts import in_parts

SCHEMA = "CREATE TABLE IF NOT EXISTS sentence_vectors(key TEXT PRIMARY KEY, vector BLOB NOT NULL);"


class SentenceVectors:
    """Stored unit vectors of sentences, keyed by a hash of the text."""

    def __init__(self, lexical):
        self._db = lexical.db  # the LexicalIndex whose SQLite file holds the table
        self._write_lock = lexical.write_lock

    def get(self, texts: Sequence[str]) -> dict[str, np.ndarray]:
        """The stored vectors of those texts that have one."""
        keys = {_key(t): t for t in texts}
        found: dict[str, np.ndarray] = {}
        for part, marks in in_parts(list(keys)):
            for key, blob in self._db.execute(f"SELECT key, vector FROM sentence_vectors WHERE key IN ({marks})", part):
                found[keys[key]] = np.frombuffer(blob, dtype=np.float32)
        return found

    def clear(self) -> None:
        with self._write_lock, self._db:
            self._db.execute("DELETE FROM sentence_vectors")

    def save(self, texts: Sequence[str], vectors: np.ndarray) -> None:
        rows = [(_key(t), np.asarray(v, dtype=np.float32).tobytes()) for t, v in zip(texts, vectors)]
        with self._write_lock, self._db:
            self._db.executemany("INSERT OR REPLACE INTO sentence_vectors(key, vector) VALUES(?, ?)", rows)


def _key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()
