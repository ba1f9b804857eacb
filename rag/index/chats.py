"""Saved conversations: one SQLite file in the store folder, beside (not inside) the lexical index.

The lexical index is derived from Chroma and may be deleted and rebuilt at any time; conversations are
what users made, so they get a file of their own (`chats.sqlite3`). Each conversation belongs to a user
(the web login's name, "" without a login) and only that user's calls see it. A turn keeps the answer
object (`Answer.to_dict()`, what exports read), its transcript (what follow-ups read) and the HTML the
chat showed, so a reopened conversation looks and continues as it did.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

_SCHEMA = """
CREATE TABLE IF NOT EXISTS chats (
    id TEXT PRIMARY KEY, user TEXT NOT NULL, title TEXT NOT NULL, created TEXT NOT NULL, updated TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS chats_by_user ON chats (user, updated);
CREATE TABLE IF NOT EXISTS turns (
    chat_id TEXT NOT NULL REFERENCES chats (id) ON DELETE CASCADE, n INTEGER NOT NULL,
    question TEXT NOT NULL, answer TEXT NOT NULL, transcript TEXT NOT NULL, html TEXT NOT NULL,
    PRIMARY KEY (chat_id, n)
);
"""
TITLE_CHARS = 80


class UnknownChat(LookupError):
    """No conversation of this user has that id."""


@dataclass(frozen=True)
class ChatSummary:
    id: str
    title: str
    created: str  # ISO time, UTC
    updated: str
    turns: int

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "title": self.title,
            "created": self.created,
            "updated": self.updated,
            "turns": self.turns,
        }


@dataclass(frozen=True)
class Turn:
    question: str
    answer: dict  # Answer.to_dict()
    transcript: str  # the assistant message as follow-ups read it
    html: str  # the answer as the chat showed it


@dataclass(frozen=True)
class Chat:
    summary: ChatSummary
    turns: list[Turn] = field(default_factory=list)

    def history(self) -> list[dict]:
        """The conversation as the pipeline reads it: [{"role", "content"}, ...]."""
        return [
            m
            for t in self.turns
            for m in ({"role": "user", "content": t.question}, {"role": "assistant", "content": t.transcript})
        ]

    def to_dict(self) -> dict:
        return {**self.summary.to_dict(), "messages": self.history(), "answers": [t.answer for t in self.turns]}


def title_from(question: str) -> str:
    text = " ".join(question.split())
    return text if len(text) <= TITLE_CHARS else text[: TITLE_CHARS - 1].rstrip() + "…"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class ChatLog:
    """The saved conversations of every user, in `folder/chats.sqlite3`."""

    def __init__(self, folder: Path):
        folder.mkdir(parents=True, exist_ok=True)
        self.path = folder / "chats.sqlite3"
        # One connection shared by the web server's threads; the lock keeps each call's statements together.
        self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA foreign_keys = ON")
        self._db.execute("PRAGMA journal_mode = WAL")
        self._db.executescript(_SCHEMA)
        self._lock = threading.Lock()

    def start(self, user: str, question: str) -> str:
        """A new conversation titled by its first question; returns its id."""
        chat_id, now = uuid.uuid4().hex[:12], _now()
        with self._lock:
            self._db.execute(
                "INSERT INTO chats VALUES (?, ?, ?, ?, ?)", (chat_id, user, title_from(question), now, now)
            )
        return chat_id

    def add_turn(self, user: str, chat_id: str, turn: Turn) -> None:
        with self._lock, self._db:
            self._owned(user, chat_id)
            self._db.execute("BEGIN")
            self._db.execute(
                "INSERT INTO turns VALUES (?, (SELECT COALESCE(MAX(n), 0) + 1 FROM turns WHERE chat_id = ?), ?, ?, ?, ?)",
                (
                    chat_id,
                    chat_id,
                    turn.question,
                    json.dumps(turn.answer, ensure_ascii=False),
                    turn.transcript,
                    turn.html,
                ),
            )
            self._db.execute("UPDATE chats SET updated = ? WHERE id = ?", (_now(), chat_id))

    def list(self, user: str) -> list[ChatSummary]:
        """This user's conversations, the latest first."""
        with self._lock:
            rows = self._db.execute(
                "SELECT c.id, c.title, c.created, c.updated, (SELECT COUNT(*) FROM turns t WHERE t.chat_id = c.id) "
                "FROM chats c WHERE c.user = ? ORDER BY c.updated DESC, c.rowid DESC",
                (user,),
            ).fetchall()
        return [ChatSummary(*row) for row in rows]

    def get(self, user: str, chat_id: str) -> Chat:
        with self._lock:
            summary = self._owned(user, chat_id)
            rows = self._db.execute(
                "SELECT question, answer, transcript, html FROM turns WHERE chat_id = ? ORDER BY n", (chat_id,)
            ).fetchall()
        return Chat(summary, [Turn(q, json.loads(a), t, h) for q, a, t, h in rows])

    def rename(self, user: str, chat_id: str, title: str) -> None:
        title = " ".join(title.split())
        if not title:
            raise ValueError("A conversation needs a title.")
        with self._lock:
            self._owned(user, chat_id)
            self._db.execute("UPDATE chats SET title = ? WHERE id = ?", (title[:200], chat_id))

    def delete(self, user: str, chat_id: str) -> None:
        with self._lock:
            self._owned(user, chat_id)
            self._db.execute("DELETE FROM chats WHERE id = ?", (chat_id,))

    def close(self) -> None:
        self._db.close()

    def _owned(self, user: str, chat_id: str) -> ChatSummary:
        row = self._db.execute(
            "SELECT c.id, c.title, c.created, c.updated, (SELECT COUNT(*) FROM turns t WHERE t.chat_id = c.id) "
            "FROM chats c WHERE c.id = ? AND c.user = ?",
            (chat_id, user),
        ).fetchone()
        if row is None:
            raise UnknownChat(f"no saved conversation {chat_id!r}")
        return ChatSummary(*row)
