"""Watched questions: questions to ask again whenever papers are added, with the papers their answer
cited so far. Kept in the store folder's user-state file (`chats.sqlite3`, beside saved conversations)."""

from __future__ import annotations

import builtins
import json
import sqlite3
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

_SCHEMA = """
CREATE TABLE IF NOT EXISTS watches (
    id INTEGER PRIMARY KEY, user TEXT NOT NULL, question TEXT NOT NULL, cited TEXT NOT NULL,
    new TEXT NOT NULL DEFAULT '[]', checked TEXT NOT NULL, UNIQUE (user, question)
);
"""


class UnknownWatch(LookupError):
    """No watched question of this user has that id."""


@dataclass(frozen=True)
class Watch:
    id: int
    question: str
    cited: list[str]  # ids of every paper its answers have cited
    new: list[str]  # ids first cited at the latest check
    checked: str  # ISO time of the latest check, UTC

    def to_dict(self) -> dict:
        return {"id": self.id, "question": self.question, "cited": self.cited, "new": self.new, "checked": self.checked}


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class WatchList:
    def __init__(self, folder: Path):
        folder.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(folder / "chats.sqlite3", check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode = WAL")
        self._db.executescript(_SCHEMA)
        self._lock = threading.Lock()

    def add(self, user: str, question: str, cited: list[str]) -> Watch:
        """Watch a question (again: its record starts afresh), with the papers its answer cites now."""
        question = " ".join(question.split())
        with self._lock:
            self._db.execute(
                "INSERT INTO watches (user, question, cited, checked) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (user, question) DO UPDATE SET cited = excluded.cited, new = '[]', checked = excluded.checked",
                (user, question, json.dumps(cited), _now()),
            )
        return next(w for w in self.list(user) if w.question == question)

    def list(self, user: str | None = None) -> list[Watch]:
        """One user's watched questions, or everyone's (None), oldest first."""
        query = (
            "SELECT id, question, cited, new, checked FROM watches"
            + (" WHERE user = ?" if user is not None else "")
            + " ORDER BY id"
        )
        with self._lock:
            rows = self._db.execute(query, () if user is None else (user,)).fetchall()
        return [Watch(i, q, json.loads(c), json.loads(n), t) for i, q, c, n, t in rows]

    def record(
        self, watch_id: int, cited: builtins.list[str], new: builtins.list[str]
    ) -> None:  # list: the method above
        with self._lock:
            self._db.execute(
                "UPDATE watches SET cited = ?, new = ?, checked = ? WHERE id = ?",
                (json.dumps(cited), json.dumps(new), _now(), watch_id),
            )

    def remove(self, user: str, watch_id: int) -> None:
        with self._lock:
            if self._db.execute("DELETE FROM watches WHERE id = ? AND user = ?", (watch_id, user)).rowcount == 0:
                raise UnknownWatch(f"no watched question {watch_id}")

    def close(self) -> None:
        self._db.close()
