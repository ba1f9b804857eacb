"""The web chat's library side: one shared pipeline serving many browser sessions, uploads, and the
rules for exposing the app. `app.py` only lays this out with Gradio.

Each browser session keeps its own conversation (a Gradio State); what is shared is the index, and
`IndexLock` keeps questions and uploads from seeing each other's half-done work.
"""

from __future__ import annotations

import ipaddress
import logging
import os
import re
import shutil
import threading
import uuid
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from html import escape
from pathlib import Path

from rag.answer.conversation import exchange, transcript
from rag.answer.limits import MAX_QUESTION_CHARS, QuestionError, checked_question  # noqa: F401 (MAX_QUESTION_CHARS: the web's limit too)
from rag.answer.llm import SETUP_HINTS, is_configured
from rag.answer.pipeline import Pipeline, UnknownPaper, final_answer
from rag.answer.watching import WatchNews, check_watches, cited_ids
from rag.index.catalog import fold
from rag.index.chats import ChatLog, Turn
from rag.index.ingest import ingest
from rag.index.store import Store, StoreError, pdf_folder
from rag.index.watches import WatchList
from rag.models import Answer, FileOutcome, Paper, Passage
from rag.readers import SUPPORTED_SUFFIXES
from rag.settings import ANSWERERS, Settings
from rag.web.render import answer_html, failure_html, streaming_html

log = logging.getLogger(__name__)

EXAMPLES = (
    "How does JOENA differ from DataMan?",  # a comparison: rendered as a table
    "How does DataMan select pre-training data?",  # then follow up with "Who are its authors?"
    "ハイパーフィッティングとは何ですか？",  # Japanese
)
PAPERS_SHOWN = 100  # cards on the Papers tab; a search narrows a large index down


SOURCES_NAMED = 3  # source files the first screen's line names before "and N more"
_UPLOAD_PREFIX = re.compile(r"^[0-9a-f]{32}-")  # add_files keeps an upload as <uuid hex>-<its name>
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~])")  # a file name is shown as text, not Markdown


def source_name(source: str | None) -> str | None:
    """The file name a paper came from, as its user named it (without the upload area's unique prefix)."""
    return _UPLOAD_PREFIX.sub("", Path(source).name) if source else None


def index_summary(papers: Sequence[Paper]) -> str:
    """The first screen's line: how many papers, from which files, published when (Markdown)."""
    line = f"**paper chat** · cited answers from **{len(papers)}** indexed papers"
    names = sorted({name for p in papers if (name := source_name(p.source))})
    if names:
        shown = ", ".join(_MARKDOWN_SPECIAL.sub(r"\\\1", name) for name in names[:SOURCES_NAMED])
        more = len(names) - SOURCES_NAMED
        line += f" · from {shown}" + (f" and {more} more file{'s' if more != 1 else ''}" if more > 0 else "")
    dates = sorted(p.published[:10] for p in papers if p.published)
    if dates:
        line += f" · published {dates[0]}" + (f" to {dates[-1]}" if dates[-1] != dates[0] else "")
    return line


class InputError(ValueError):
    """Bad input from a user or bad settings: shown as a message, nothing changes."""


def wrong_type_message(paths: Sequence[str | Path]) -> str | None:
    """What to say about chosen files no reader reads (None when every one is a paper file).

    The web checks this itself rather than through Gradio's file_types, whose refusal leaves a red
    "Error" badge on the upload box until the page is reloaded."""
    wrong = [Path(p).name for p in paths if Path(p).suffix.lower() not in SUPPORTED_SUFFIXES]
    if not wrong:
        return None
    accepted = ", ".join(sorted(SUPPORTED_SUFFIXES))
    return f"Not a paper file: {', '.join(wrong)}. Accepted: {accepted} (formats in the README). Nothing was added."


def check_question(text: str | None) -> str:
    """The library's rule for questions (rag.answer.limits), as the web's InputError."""
    try:
        return checked_question(text)
    except QuestionError as exc:
        raise InputError(str(exc)) from None


def check_k(k: int | float | None) -> int | None:
    """Passages per question within the bounds Settings.top_k declares (None: the configured number)."""
    if k is None:
        return None
    bounds = {
        name: getattr(m, name)
        for m in Settings.model_fields["top_k"].metadata
        for name in ("ge", "le")
        if hasattr(m, name)
    }
    low, high = bounds.get("ge", 1), bounds.get("le", 50)
    if k != int(k) or not low <= k <= high:
        raise InputError(f"Passages per question must be a whole number from {low} to {high}.")
    return int(k)


def check_answerer(answerer: str | None, settings: Settings) -> str | None:
    """A known answerer that is set up: one that is not would only fall back to the offline answerer."""
    if answerer is not None and answerer not in ANSWERERS:
        raise InputError(f"Unknown answerer {answerer!r}; choose one of {', '.join(ANSWERERS)}.")
    if answerer is not None and not is_configured(settings, answerer):
        raise InputError(f"The {answerer} answerer is not set up: {SETUP_HINTS.get(answerer, 'see the README')}.")
    return answerer


class IndexLock:
    """Many questions at once, or one write alone (the stdlib has no readers-writer lock).

    Why: an upload's write adds a paper's new chunks to Chroma beside the old ones, deletes the old
    ones after rewriting the lexical index in one transaction on the SQLite connection that every thread shares
    (check_same_thread=False). SQLite serialises the calls, but a transaction belongs to the
    connection, so a question running meanwhile would read a half-written paper or uncommitted rows.
    Waiting writers go first, so a stream of questions cannot hold an upload off for ever.
    """

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._readers = 0
        self._writing = False
        self._writers_waiting = 0

    @contextmanager
    def reading(self) -> Iterator[None]:
        with self._changed:
            self._changed.wait_for(lambda: not self._writing and not self._writers_waiting)
            self._readers += 1
        try:
            yield
        finally:
            with self._changed:
                self._readers -= 1
                self._changed.notify_all()

    @contextmanager
    def writing(self) -> Iterator[None]:
        with self._changed:
            self._writers_waiting += 1
            self._changed.wait_for(lambda: not self._writing and not self._readers)
            self._writers_waiting -= 1
            self._writing = True
        try:
            yield
        finally:
            with self._changed:
                self._writing = False
                self._changed.notify_all()


class SharedStore(Store):
    """A Store whose writes hold questions off: only the writing itself, not the embedding before it.

    refresh() writes too: it brings the lexical index up to date with what another process wrote.
    """

    def __init__(self, settings: Settings, lock: IndexLock):
        super().__init__(settings)
        self.lock = lock

    def write(self, papers, chunks, vectors) -> None:
        with self.lock.writing():
            super().write(papers, chunks, vectors)

    def refresh(self) -> None:
        with self.lock.writing():
            super().refresh()


@dataclass
class ChatUpdate:
    """One step of a chat turn: what the chat shows, the conversation for follow-ups, the answer once done."""

    display: list[dict]
    history: list[dict]
    answer: Answer | None
    turn: int
    chat_id: str | None = None  # the saved conversation this turn belongs to, once saved


def search_papers(papers: Sequence[Paper], query: str) -> list[Paper]:
    """Papers whose title, authors, categories, id, date, abstract or summary hold every word of the query."""
    words = fold(query).split()
    if not words:
        return list(papers)
    found = []
    for paper in papers:
        text = fold(
            " ".join(
                [
                    paper.title,
                    paper.id,
                    paper.published or "",
                    paper.abstract,
                    paper.summary_ja or "",
                    *paper.authors,
                    *paper.categories,
                ]
            )
        )
        if all(word in text for word in words):
            found.append(paper)
    return found


class ChatService:
    """The pipeline shared by every session, with the lock that makes sharing it safe."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.lock = IndexLock()
        self.store = SharedStore(settings, self.lock)
        self.pipeline = Pipeline(settings, self.store)
        self.chats = ChatLog(settings.store_dir)
        self.watches = WatchList(settings.store_dir)

    def warm_up(self) -> None:
        self.pipeline.warm_up()

    # --- answering ------------------------------------------------------------------------------
    def answerers(self) -> list[str]:
        """The answerers a user may pick: the offline one and every LLM backend that is set up."""
        return [name for name in ANSWERERS if is_configured(self.settings, name)]

    def answerers_to_set_up(self) -> dict[str, str]:
        """The answerers that are not set up, with how to set each up."""
        return {
            name: SETUP_HINTS.get(name, "see the README")
            for name in ANSWERERS
            if not is_configured(self.settings, name)
        }

    def stream(
        self,
        question: str,
        history: Sequence[dict] = (),
        paper_ids: Sequence[str] = (),
        k: int | None = None,
        answerer: str | None = None,
    ) -> Iterator[str | Answer]:
        chosen = {"answerer": answerer} if answerer else {}
        # What another process or machine (rag ingest, a shared Chroma server) wrote meanwhile;
        # one metadata read when nothing changed.
        self.store.refresh()
        events = self.pipeline.stream(question, list(history), list(paper_ids), k, **chosen)
        # The lock is held for each step, not across the yields: a browser that goes away mid-answer
        # leaves its generator suspended, and it must not keep uploads waiting.
        while True:
            with self.lock.reading():
                event = next(events, None)
            if event is None:
                return
            yield event

    def ask(
        self,
        question: str,
        history: Sequence[dict] = (),
        paper_ids: Sequence[str] = (),
        k: int | None = None,
        answerer: str | None = None,
    ) -> dict:
        """One question (after the conversation so far, from the given papers): the object `rag ask --json` prints."""
        return final_answer(
            self.stream(
                check_question(question), history, paper_ids, check_k(k), check_answerer(answerer, self.settings)
            )
        ).to_dict()

    def search(self, query: str, k: int) -> list[Passage]:
        """The k passages the hybrid retrieval ranks first for a query, as a question would get them."""
        self.store.refresh()
        with self.lock.reading():
            return self.pipeline.retriever.search(query, k)

    def chat(
        self,
        message: str,
        display: Sequence[dict],
        history: Sequence[dict],
        paper_ids: Sequence[str] = (),
        k: int | None = None,
        answerer: str | None = None,
        user: str = "",
        chat_id: str | None = None,
    ) -> Iterator[ChatUpdate]:
        """One turn: the question shows at once, the answer as it is written, then in full with its references.

        The finished turn is saved to the user's conversation `chat_id` (a new one when None).
        """
        question, k, answerer = check_question(message), check_k(k), check_answerer(answerer, self.settings)
        turn = len(history) // 2 + 1
        shown = [
            *display,
            {"role": "user", "content": escape(question)},
            {"role": "assistant", "content": streaming_html("")},
        ]
        yield ChatUpdate(list(shown), list(history), None, turn, chat_id)
        written, answer = "", None
        try:
            for event in self.stream(question, history, paper_ids, k, answerer):
                if isinstance(event, Answer):
                    answer = event
                else:
                    written += event
                    shown[-1] = {"role": "assistant", "content": streaming_html(written)}
                    yield ChatUpdate(list(shown), list(history), None, turn, chat_id)
            if answer is None:
                raise RuntimeError("the answer stream ended without its Answer")
        except Exception as exc:  # say so in the chat, never as a traceback; the conversation stays as it was
            if isinstance(exc, StoreError):  # e.g. the Chroma server went away: the user can act on that
                log.warning("turn %d: %s", turn, exc)
                failure = f"Could not answer: {exc}"
            else:  # a fault of ours: the details belong in the server's log
                log.exception("turn %d failed", turn)
                failure = "Could not answer: something went wrong on the server (its log has the details)."
            shown[-1] = {"role": "assistant", "content": failure_html(failure)}
            yield ChatUpdate(shown, list(history), None, turn, chat_id)
            return
        shown[-1] = {"role": "assistant", "content": answer_html(answer, turn, self.store.pdf_dir, len(set(paper_ids)))}
        log.info("turn %d: kind=%s abstained=%s %.0f ms", turn, answer.kind, answer.abstained, answer.latency_ms)
        history = [*history, *exchange(question, answer)]
        chat_id = self.save_turn(user, chat_id, question, answer, shown[-1]["content"])
        yield ChatUpdate(shown, history, answer, turn, chat_id)

    def save_turn(self, user: str, chat_id: str | None, question: str, answer: Answer, html: str) -> str:
        """Add a finished turn to the user's conversation, starting one (titled by the question) when there is none."""
        chat_id = chat_id or self.chats.start(user, question)
        self.chats.add_turn(user, chat_id, Turn(question, answer.to_dict(), transcript(answer), html))
        return chat_id

    # --- watched questions ------------------------------------------------------------------------
    def watch(self, user: str, question: str, answer: dict) -> None:
        """Watch a question, with the papers its answer cites now."""
        self.watches.add(user, question, cited_ids(answer))

    def check_watches(self, user: str) -> list[WatchNews]:
        """Ask the user's watched questions again (after an upload); the ones citing new papers.
        Other users' questions are checked when they upload (or by `rag watch run`), never shown here."""
        with self.lock.reading():
            return check_watches(self.pipeline, self.watches, user)

    # --- papers ---------------------------------------------------------------------------------
    def papers(self) -> list[Paper]:
        self.store.refresh()
        with self.lock.reading():
            return self.store.papers()

    def paper(self, name: str) -> Paper:
        """The one paper an id, an id prefix or words of its title name (UnknownPaper when none or several)."""
        self.store.refresh()
        with self.lock.reading():
            paper = self.store.paper(self.pipeline.resolve_papers([name])[0])
        if paper is None:  # removed between the lookup and the read
            raise UnknownPaper(f"no indexed paper matches {name!r}; see `rag papers`")
        return paper

    # --- uploads --------------------------------------------------------------------------------
    def add_files(self, paths: Sequence[str | Path], progress: bool = False) -> list[FileOutcome]:
        """Index uploaded files one by one; a file with any bad entry is rejected whole and changes nothing.

        Each file is first copied into the store's upload area and removed from there only once the
        index has it (or has refused it): Gradio's temporary copy may be gone after a crash, this one
        is not, and `finish_uploads` at the next start indexes what is left."""
        limit = self.settings.max_upload_mb * 1024 * 1024
        outcomes = []
        for path in map(Path, paths):
            outcome = FileOutcome(path.name)
            size = path.stat().st_size if path.is_file() else 0
            if size > limit:
                outcome.problems.append(
                    f"{size / 1024 / 1024:.1f} MB is over the {self.settings.max_upload_mb:g} MB limit"
                )
            else:
                kept = self.upload_dir / f"{uuid.uuid4().hex}-{path.name}"
                self.upload_dir.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, kept)
                self._ingest_upload(kept, outcome, progress)
            log.info("upload %s: %s", path.name, "rejected" if outcome.rejected else f"{outcome.added} added")
            outcomes.append(outcome)
        return outcomes

    @property
    def upload_dir(self) -> Path:
        """Uploads waiting for the index (see docs/DEPLOY.md: what a crash can lose)."""
        return self.settings.store_dir / "uploads"

    def finish_uploads(self) -> list[FileOutcome]:
        """Index the uploads a crash left in the upload area (called once at start, before serving)."""
        left = sorted(self.upload_dir.glob("*")) if self.upload_dir.is_dir() else []
        outcomes = []
        for kept in left:
            outcome = FileOutcome(kept.name.split("-", 1)[-1])
            self._ingest_upload(kept, outcome, progress=False)
            log.warning(
                "finished an upload interrupted by a restart: %s (%s)",
                outcome.name,
                "rejected"
                if outcome.rejected
                else f"{outcome.added} added, {outcome.updated} updated, {outcome.unchanged} already in",
            )
            outcomes.append(outcome)
        return outcomes

    def _ingest_upload(self, kept: Path, outcome: FileOutcome, progress: bool) -> None:
        report = ingest([kept], self.store, strict=True, progress=progress)
        outcome.problems = [f"{p.where}: {p.reason}" if p.where else p.reason for p in report.rejected]
        if not report.aborted:
            outcome.added, outcome.updated = report.papers_added, report.papers_updated
            outcome.unchanged, outcome.chunks = report.papers_unchanged, report.chunks_added
        kept.unlink()  # committed, or refused whole: either way nothing is left to do with it


# --- exposure -----------------------------------------------------------------------------------
def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


# Gradio's own variables that would publish the app: a share tunnel, or another bind address
# (the node server of server-side rendering reads its own).
_GRADIO_ADDRESS_VARIABLES = ("GRADIO_SERVER_NAME", "GRADIO_NODE_SERVER_NAME")


def check_gradio_environment(host_flag: str | None, environ: Mapping[str, str] | None = None) -> None:
    """Refuse Gradio variables that would expose the chat without a matching command-line flag."""
    environ = os.environ if environ is None else environ
    if environ.get("GRADIO_SHARE", "").strip().lower() not in ("", "false", "0", "no"):
        raise InputError(
            f"GRADIO_SHARE={environ['GRADIO_SHARE']} would publish the chat through a Gradio tunnel, which this app never opens: "
            "unset it (to serve other machines, pass --host and set a login)"
        )
    for name in _GRADIO_ADDRESS_VARIABLES:
        value = environ.get(name, "").strip()
        if value and not is_loopback(value) and not host_flag:
            raise InputError(
                f"{name}={value} would open the chat to other machines; unset it, or pass --host {value} to confirm"
            )


def serve_options(settings: Settings, host_flag: str | None) -> dict:
    """Gradio launch() arguments: bind address, port, login, upload limit, and never a share link.

    Loopback unless an address is given as a command-line flag: a leftover RAG_HOST (or one of
    Gradio's own variables) alone never opens the chat (and the papers it can add) to other machines.
    """
    check_gradio_environment(host_flag)
    host = host_flag or settings.host
    if not host_flag and not is_loopback(host):
        raise InputError(f"RAG_HOST={host} would open the chat to other machines; pass --host {host} to confirm")
    auth = None
    if settings.auth_user or settings.auth_password:
        if not (settings.auth_user and settings.auth_password):
            raise InputError("set both RAG_AUTH_USER and RAG_AUTH_PASSWORD, or neither")
        auth = (settings.auth_user, settings.auth_password.get_secret_value())
    if not is_loopback(host) and auth is None:
        log.warning(
            "serving on %s without a login: anyone who reaches it can ask and add papers "
            "(set RAG_AUTH_USER and RAG_AUTH_PASSWORD)",
            host,
        )
    return {
        "server_name": host,
        "server_port": settings.port,
        "auth": auth,
        "max_file_size": int(settings.max_upload_mb * 1024 * 1024),
        "share": False,  # explicit: Gradio would otherwise read GRADIO_SHARE
        "ssr_mode": False,  # no node server, which binds where GRADIO_NODE_SERVER_NAME says
        # the stored PDFs that references open at their page (Gradio's file route, behind the login)
        "allowed_paths": [str(pdf_folder(settings).resolve())],
    }
