"""LLM answer backends through LangChain: any OpenAI-compatible server (`ChatOpenAI`) or Ollama (`ChatOllama`).

An LLM only writes: the pipeline has already chosen the passages, and rag.answer.verification checks every
sentence of the reply against the passages it cites. This module builds the chat model from
settings, renders the prompts of prompts/ with the passages fenced as quoted data, streams the
reply, and turns every way a remote server can fail into one LLMError whose message is a sentence
for the user.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

from rag.models import Passage
from rag.settings import BackendSettings, Settings

if TYPE_CHECKING:  # LangChain's chat models take seconds to import: only an LLM answer pays for them
    from langchain_core.language_models import BaseChatModel
    from langchain_core.messages import BaseMessage
    from langchain_core.prompts import ChatPromptTemplate, PromptTemplate

log = logging.getLogger(__name__)

PROMPTS = "rag.prompts"  # prompts/ at the top of the repository, installed as this package
# The exact reply the answer prompt asks for when the passages do not answer the question.
NOT_ANSWERED = "The passages do not answer this question."
_NOT_ANSWERED = re.compile(r"^\W*the\s+passages\s+do\s+not\s+answer\s+(?:this|the)\s+question\W*$", re.IGNORECASE)
# Whatever looks like our fence inside a passage is defused, so that text cannot close it early.
_FENCE_LIKE = re.compile(r"<\s*/?\s*passages?\b", re.IGNORECASE)


class LLMError(Exception):
    """The backend failed. str(error) is why, as one clause a notice can carry."""


# --- prompts ------------------------------------------------------------------------------------
@cache
def _template(*names: str) -> PromptTemplate:
    """One prompt template from prompts/NAME.txt files, concatenated in order."""
    from langchain_core.prompts import PromptTemplate

    folder = resources.files(PROMPTS)
    parts = [PromptTemplate.from_template(folder.joinpath(f"{name}.txt").read_text(encoding="utf-8")) for name in names]
    combined = parts[0]
    for part in parts[1:]:
        combined = combined + part
    return combined


def _chat_prompt(system: tuple[str, ...], human: str) -> ChatPromptTemplate:
    from langchain_core.prompts import ChatPromptTemplate, HumanMessagePromptTemplate, SystemMessagePromptTemplate

    return ChatPromptTemplate.from_messages(
        [SystemMessagePromptTemplate(prompt=_template(*system)), HumanMessagePromptTemplate(prompt=_template(human))]
    )


def prompt(kind: str) -> ChatPromptTemplate:
    """The chat prompt for an answer of this kind: the grounding rules, plus the comparison shape when comparing."""
    return _chat_prompt(
        ("answer.system", "compare.system") if kind == "compare" else ("answer.system",), "answer.human"
    )


def condense_prompt() -> ChatPromptTemplate:
    """The prompt that rewrites a follow-up as a standalone question."""
    return _chat_prompt(("condense.system",), "condense.human")


def fence(passages: Sequence[Passage]) -> str:
    """The passages as numbered, quoted data: <passage n="1" paper="Title"> text </passage>."""
    blocks = []
    for n, passage in enumerate(passages, 1):
        title = _defuse(passage.paper.title).replace('"', "'")
        blocks.append(f'<passage n="{n}" paper="{title}">\n{_defuse(passage.chunk.text)}\n</passage>')
    return "\n\n".join(blocks)


def _defuse(text: str) -> str:
    return _FENCE_LIKE.sub(lambda m: m.group(0).replace("<", "‹"), text)


def _conversation(history: Sequence[dict]) -> str:
    lines = []
    for message in history:
        role = "User" if message.get("role") == "user" else "Assistant"
        if message.get("role") in ("user", "assistant"):
            lines.append(f"{role}: {' '.join(str(message.get('content') or '').split())}")
    return "\n".join(lines)


def declined(reply: str) -> bool:
    """True when the model said the passages do not answer (the reply the prompt asks for)."""
    return bool(_NOT_ANSWERED.match(reply.strip()))


# --- backends -----------------------------------------------------------------------------------
class LLMBackend:
    """One configured chat model: streams answers, condenses follow-ups, and reports failures as LLMError."""

    def __init__(self, name: str, chat: BaseChatModel, where: str, settings: Settings):
        self.name = name
        self.chat = chat
        self.where = where  # "the OpenAI-compatible server at http://…", for notices
        self.timeout = settings.llm_timeout
        # ChatOpenAI retries inside the openai client; ChatOllama has no retry option, and
        # Runnable.with_retry does not cover stream(), so Ollama calls are retried here.
        self.retries = settings.llm_max_retries if name == "ollama" else 0

    def answer(self, kind: str, question: str, passages: Sequence[Passage]) -> Iterator[str]:
        """The reply to a question over numbered passages, piece by piece as the server sends it."""
        messages = prompt(kind).format_messages(
            question=question, passages=fence(passages), count=len(passages), not_answered=NOT_ANSWERED
        )
        yield from self._stream(messages)

    def condense(self, question: str, history: Sequence[dict]) -> str:
        """The follow-up rewritten as a standalone question, from the conversation so far."""
        messages = condense_prompt().format_messages(conversation=_conversation(history), question=question)
        text = "".join(self._stream(messages, stream=False)).strip().strip('"').strip()
        if not text:
            raise LLMError(f"{self.where} returned an empty question")
        return text.splitlines()[0].strip()

    def _stream(self, messages: list[BaseMessage], stream: bool = True) -> Iterator[str]:
        attempt = 0
        while True:
            started = False
            try:
                if stream:
                    for chunk in self.chat.stream(messages):
                        text = str(chunk.text)
                        if text:
                            started = True
                            yield text
                else:
                    text = str(self.chat.invoke(messages).text)
                    started = bool(text)
                    yield text
                if not started:  # the openai client skips unreadable stream events and ends with nothing
                    raise ValueError("no answer text")
                return
            except Exception as exc:  # noqa: BLE001 - a remote server can fail in any library's exception; each becomes a notice
                reason = self._reason(exc)
                if started or attempt >= self.retries:
                    # INFO, not WARNING: the answer's notice already tells the user, once.
                    log.info("%s backend failed: %s", self.name, reason, exc_info=log.isEnabledFor(logging.DEBUG))
                    raise LLMError(reason) from exc
                attempt += 1
                log.info("%s backend failed (%s); retry %d of %d", self.name, reason, attempt, self.retries)

    def _reason(self, exc: BaseException) -> str:
        """Why the call failed, as a clause: '<where> did not answer within 30 s'."""
        import openai

        chain = _causes(exc)

        def caused_by(*kinds: type[BaseException]) -> bool:
            return any(isinstance(e, kinds) for e in chain)

        codes = (getattr(e, "status_code", None) for e in chain)
        status = next((code for code in codes if isinstance(code, int) and code > 0), None)
        if caused_by(openai.APITimeoutError, TimeoutError, *_http("TimeoutException")):
            return f"{self.where} did not answer within {self.timeout:g} s"
        if caused_by(*_http("RemoteProtocolError"), *_http("ReadError")):
            return f"{self.where} closed the connection before the answer was complete"
        if caused_by(openai.APIConnectionError, ConnectionError, *_http("ConnectError")):
            return f"{self.where} could not be reached"
        if status:
            return f"{self.where} answered with HTTP status {status}"
        if caused_by(ValueError, KeyError, TypeError, AttributeError):  # json and pydantic errors are ValueErrors
            return f"{self.where} sent no readable answer"
        return f"{self.where} failed ({type(exc).__name__})"


def _http(name: str) -> tuple[type[BaseException], ...]:
    """An error class of both HTTP clients in use: ollama's httpx, and the httpx2 fork that openai 3 ships with."""
    import importlib

    found = []
    for module in ("httpx", "httpx2"):
        try:
            found.append(getattr(importlib.import_module(module), name))
        except (ImportError, AttributeError):
            continue
    return tuple(found)


def _causes(exc: BaseException) -> list[BaseException]:
    """The exception and what it was raised from: openai and ollama wrap httpx's errors."""
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in chain:
        chain.append(current)
        current = current.__cause__ or current.__context__
    return chain


def _openai(config: BackendSettings) -> tuple[BaseChatModel, str]:
    from langchain_openai import ChatOpenAI

    where = f"the OpenAI-compatible server at {config.base_url}" if config.base_url else "the OpenAI API"
    api_key = config.api_key or ("not-needed" if config.base_url else None)  # local servers accept any key
    if not api_key:
        raise LLMError(
            "no API key is set for the OpenAI API (RAG_OPENAI_API_KEY), and no RAG_OPENAI_BASE_URL names a local server"
        )
    chat = ChatOpenAI(
        model=config.model,
        base_url=config.base_url,
        api_key=api_key,
        timeout=config.timeout,
        max_retries=config.max_retries,
        temperature=0,
    )
    return chat, where


def _ollama(config: BackendSettings) -> tuple[BaseChatModel, str]:
    from langchain_ollama import ChatOllama

    chat = ChatOllama(
        model=config.model, base_url=config.base_url, temperature=0, client_kwargs={"timeout": config.timeout}
    )
    return chat, f"the Ollama server at {config.base_url}"


# Backend name → what builds its chat model (and says where it runs). A new backend: a factory here,
# its name in rag.settings.Answerer, and its NAME_model / NAME_base_url settings.
FACTORIES: dict[str, Callable[[BackendSettings], tuple[BaseChatModel, str]]] = {"openai": _openai, "ollama": _ollama}


# How to set each backend up, for a user who cannot choose it yet (the web chat shows this).
SETUP_HINTS: dict[str, str] = {
    "openai": "set RAG_OPENAI_API_KEY, or RAG_OPENAI_BASE_URL for a local OpenAI-compatible server",
    "ollama": "set RAG_OLLAMA_BASE_URL (and RAG_OLLAMA_MODEL) to a running Ollama server",
}


def is_configured(settings: Settings, name: str) -> bool:
    """Whether answerer `name` was set up: the offline one always; the hosted API needs a key or a
    local server's URL; another backend counts once any of its settings is given or it is the answerer."""
    if name == "extractive":
        return True
    if name == "openai":
        return bool(settings.openai_api_key or settings.openai_base_url)
    return settings.answerer == name or any(field.startswith(f"{name}_") for field in settings.model_fields_set)


def backend(settings: Settings, name: str | None = None, model: str | None = None) -> LLMBackend | None:
    """The LLM backend `name` (default: settings.answerer) with its model, or None for the offline answerer.

    Raises LLMError when the backend cannot even be set up (no API key for the hosted API).
    """
    name = name or settings.answerer
    if name == "extractive":
        return None
    if name not in FACTORIES:
        raise ValueError(f"unknown answerer {name!r}; expected extractive, {' or '.join(FACTORIES)}")
    config = settings.backend(name)
    chat, where = FACTORIES[name](replace(config, model=model) if model else config)
    return LLMBackend(name, chat, where, settings)
