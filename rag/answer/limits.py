"""What counts as a question, for every front end alike (rag ask, the web chat, the API, MCP).

Checked before any work: an empty question has nothing to answer, and a very long one would be
embedded, searched and verified sentence by sentence for minutes (100,000 characters took 96 s).
"""

from __future__ import annotations

MAX_QUESTION_CHARS = 4000


class QuestionError(ValueError):
    """A question refused before any work; the message says why, for the person who typed it."""


def checked_question(text: str | None) -> str:
    """The question without surrounding space, or QuestionError when it is empty or too long."""
    question = (text or "").strip()
    if not question:
        raise QuestionError("Type a question first.")
    if len(question) > MAX_QUESTION_CHARS:
        raise QuestionError(
            f"That question is {len(question):,} characters long; questions are limited to {MAX_QUESTION_CHARS:,}."
        )
    return question
