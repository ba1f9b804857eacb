"""The app's plain API for scripts (gradio_client): typed endpoints `ask`, `papers`, `chats`, `chat`.

Gradio derives each endpoint's parameters and return type from the type hints, so the TypedDicts
below are what `Client(url).view_api()` shows. The MCP tools (rag.web.tools) are separate endpoints
that return JSON text, because Gradio's MCP server hands a client str(result); rag.web.mcp keeps the
MCP server to those tools.

Saved conversations belong to the caller: the login's user name, or "" when the app has no login.
"""

# No `from __future__ import annotations`: Gradio reads the return annotation as a type, not a string.
from collections.abc import Callable
from typing import Literal, NotRequired, TypedDict, cast

import gradio as gr

from rag.answer.pipeline import UnknownPaper
from rag.index.chats import UnknownChat
from rag.web.service import PAPERS_SHOWN, ChatService, InputError, search_papers


class Message(TypedDict):
    role: Literal["user", "assistant"]
    content: str


class PassageRecord(TypedDict):
    text: str
    score: float
    lang: str
    page: NotRequired[int]  # a PDF's passages only (Gradio's schema lists these two as required all the same)
    section: NotRequired[str]


class CitationRecord(TypedDict):
    n: int
    id: str
    title: str
    authors: list[str]
    published: str | None
    url: str | None
    passages: list[PassageRecord]
    supporting: list[str]


class Suggestion(TypedDict):
    id: str
    title: str


class AnswerRecord(TypedDict):
    answer: str
    citations: list[CitationRecord]
    abstained: bool
    answerer: str
    notice: str | None
    unsupported: list[str]
    latency_ms: float
    query: str | None
    kind: str
    suggestions: list[Suggestion]


class PaperRecord(TypedDict):
    id: str
    title: str
    authors: list[str]
    published: str | None
    categories: list[str]


class PaperList(TypedDict):
    total: int
    papers: list[PaperRecord]


class ChatSummaryRecord(TypedDict):
    id: str
    title: str
    created: str
    updated: str
    turns: int


class ChatRecord(TypedDict):
    id: str
    title: str
    created: str
    updated: str
    turns: int
    messages: list[Message]
    answers: list[AnswerRecord]


def _user(request) -> str:
    return getattr(request, "username", None) or ""


def api_functions(service: ChatService) -> dict[str, Callable]:
    """The endpoint functions over one service, by endpoint name.

    Each function's own name gets an "api_" prefix: Gradio's MCP server names a tool after its
    function, and "ask" is the MCP tool's name.
    """

    def ask(
        question: str,
        history: list[Message] | None = None,
        papers: list[str] | None = None,
        k: int | None = None,
        answerer: str | None = None,
    ) -> AnswerRecord:
        """Answer a question from the indexed papers, with [n] markers and their citations (what `rag ask --json` prints).

        Args:
            question: The question, in English or Japanese (at most 4,000 characters).
            history: The conversation so far, oldest first, as [{"role": "user" or "assistant", "content": "..."}]; a follow-up ("who wrote it?") is resolved against it.
            papers: Answer only from these papers (ids, id prefixes or title words).
            k: Passages retrieved per question (default: the server's setting).
            answerer: Who writes the answer: extractive (offline) or a configured LLM backend.
        """
        try:
            return cast(AnswerRecord, service.ask(question, _checked(history), papers or [], k, answerer))
        except (InputError, UnknownPaper) as exc:
            raise gr.Error(str(exc), print_exception=False) from None

    def papers(query: str | None = None) -> PaperList:
        """The indexed papers (at most 100), optionally only those whose title, authors, categories, id, date or abstract hold every word of the query."""
        found = search_papers(service.papers(), query or "")
        return {"total": len(found), "papers": [cast(PaperRecord, p.summary_dict()) for p in found[:PAPERS_SHOWN]]}

    def chats(request: gr.Request) -> list[ChatSummaryRecord]:
        """Your saved conversations, the latest first: id, title (the first question unless renamed), dates, number of turns."""
        return [cast(ChatSummaryRecord, s.to_dict()) for s in service.chats.list(_user(request))]

    def chat(chat_id: str, request: gr.Request) -> ChatRecord:
        """One saved conversation: its messages (as ask's history takes them) and each answer object."""
        try:
            return cast(ChatRecord, service.chats.get(_user(request), chat_id).to_dict())
        except UnknownChat as exc:
            raise gr.Error(str(exc), print_exception=False) from None

    endpoints = {fn.__name__: fn for fn in (ask, papers, chats, chat)}
    for fn in endpoints.values():
        fn.__name__ = f"api_{fn.__name__}"
    return endpoints


def _checked(history: list[Message] | None) -> list[dict]:
    """The history as the pipeline reads it: JSON from a client is not held to the annotation, so check it."""
    messages: list = list(history or [])
    if not all(
        isinstance(m, dict) and m.get("role") in ("user", "assistant") and isinstance(m.get("content"), str)
        for m in messages
    ):
        raise InputError('history must be a list of {"role": "user" or "assistant", "content": "..."} messages')
    return messages
