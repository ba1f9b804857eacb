"""paper chat in the browser: cited answers from the indexed papers, with their sources.

    python app.py [--host H] [--port P] [--mcp]

Indexes the shipped corpus when the store is empty, then serves on 127.0.0.1:7860 (RAG_PORT).
Serving on another address needs --host; set RAG_AUTH_USER and RAG_AUTH_PASSWORD to require a login.
--mcp also serves the API's tools to assistants over MCP (rag.web.mcp), behind the same login.
The logic lives in rag.web.service (answering, uploads, exposure) and rag.web.render (HTML); this file lays it out.
"""

from __future__ import annotations

import argparse
import functools
import inspect
import logging
import sys
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import gradio as gr

import rag.web
from rag.index.chats import UnknownChat
from rag.index.ingest import ingest
from rag.index.store import StoreError
from rag.readers import SUPPORTED_SUFFIXES
from rag.settings import Settings, load_settings
from rag.web.api import api_functions
from rag.web.downloads import write_downloads
from rag.web.mcp import add_api_tools, mcp_options
from rag.web.render import papers_html, refused_upload_html, sources_html, upload_html, watch_news_html
from rag.web.service import (
    EXAMPLES,
    PAPERS_SHOWN,
    ChatService,
    InputError,
    index_summary,
    search_papers,
    serve_options,
    wrong_type_message,
)
from rag.web.tools import PaperTools

ROOT = Path(__file__).resolve().parent
CORPUS = ROOT / "corpus"
STATIC = Path(rag.web.__file__).parent / "static"  # the chat's CSS and its citation-click script
LATEX: list[dict[str, str | bool]] = [
    {"left": "$$", "right": "$$", "display": True},
    {"left": "$", "right": "$", "display": False},
]
log = logging.getLogger("app")


def user_of(request: gr.Request | None) -> str:
    """Whose conversations: the login's user name, "" when the app has no login."""
    return getattr(request, "username", None) or ""


def note(text: str = "") -> dict:
    """The line beside the input: a message about the question, or nothing."""
    return gr.update(value=f"⚠ {text}" if text else "", visible=bool(text))


# --- chat -----------------------------------------------------------------------------------------
def ask_turn(
    service: ChatService, text, display, convo, paper_ids, passages, chosen_answerer, chat_id, request: gr.Request
):
    """One turn, streamed: chat, history, sources, suggestions, input, conversation id, note; with the
    finished answer also the downloads (answer, conversation, BibTeX, copy text, their row) and the
    saved conversations. One event, not a chain: a question asked at once after it is not held back."""
    later = (gr.skip(),) * 6
    emptied = ""  # the input is emptied once, with the question's first showing: what is typed meanwhile stays
    try:
        for update in service.chat(
            text,
            display,
            convo,
            paper_ids or [],
            passages,
            chosen_answerer,
            user=user_of(request),
            chat_id=chat_id,
        ):
            if update.answer is None:
                yield update.display, update.history, gr.skip(), gr.skip(), emptied, update.chat_id, note(), *later
                emptied = gr.skip()
                continue
            offered = [[f"Tell me about {paper['title']}"] for paper in update.answer.suggestions]
            yield (
                update.display,
                update.history,
                sources_html(update.answer, update.turn, service.store.pdf_dir, len(set(paper_ids or []))),
                gr.Dataset(samples=offered, visible=bool(offered)),
                emptied,
                update.chat_id,
                note(),
                *conversation_downloads(service, update.chat_id, request),
                list_conversations(service, update.chat_id, request),
            )
    except InputError as exc:  # said beside the input, which keeps the text to be corrected
        yield *(gr.skip(),) * 6, note(str(exc)), *later


def pick_example(event: gr.SelectData) -> str:
    return event.value["text"]


def cleared_chat():
    """A new, empty conversation: chat, history, conversation id, sources, suggestions."""
    return [], [], None, sources_html(None), gr.Dataset(samples=[], visible=False)


# --- saved conversations ----------------------------------------------------------------------------
def list_conversations(service: ChatService, chat_id, request: gr.Request):
    saved = service.chats.list(user_of(request))
    choices = [(f"{s.title} · {s.updated[:10]} · {s.turns} turn{'s' if s.turns != 1 else ''}", s.id) for s in saved]
    return gr.update(choices=choices, value=chat_id if any(s.id == chat_id for s in saved) else None)


def open_conversation(service: ChatService, chat_id, request: gr.Request):
    """Reopen a saved conversation where it was: chat, history, id, sources, suggestions."""
    if not chat_id:
        return gr.skip(), gr.skip(), gr.skip(), gr.skip(), gr.skip()
    chat = service.chats.get(user_of(request), chat_id)
    display = [
        m
        for t in chat.turns
        for m in ({"role": "user", "content": t.question}, {"role": "assistant", "content": t.html})
    ]
    return display, chat.history(), chat_id, sources_html(None), gr.Dataset(samples=[], visible=False)


def rename_conversation(service: ChatService, chat_id, title, request: gr.Request):
    if not chat_id:
        return note("Open a conversation to rename it."), gr.skip()
    try:
        service.chats.rename(user_of(request), chat_id, title or "")
    except (ValueError, UnknownChat) as exc:
        return note(str(exc)), gr.skip()
    return note(), ""


def delete_conversation(service: ChatService, chat_id, request: gr.Request):
    if chat_id:
        service.chats.delete(user_of(request), chat_id)
    return cleared_chat()


def conversation_downloads(service: ChatService, chat_id, request: gr.Request):
    """The answer and conversation as Markdown, BibTeX of the cited papers, and the copy text; hidden when unsaved."""
    try:
        chat = service.chats.get(user_of(request), chat_id) if chat_id else None
    except UnknownChat:
        chat = None
    if chat is None or not chat.turns:
        hidden = gr.update(value=None, visible=False)
        return hidden, hidden, hidden, "", gr.update(visible=False)
    files = write_downloads(chat)
    return (
        gr.update(value=str(files.answer_markdown), visible=True),
        gr.update(value=str(files.conversation_markdown), visible=True),
        gr.update(value=str(files.bibtex), visible=bool(files.bibtex.read_text(encoding="utf-8").strip())),
        files.answer_text,
        gr.update(visible=True),
    )


# --- papers ---------------------------------------------------------------------------------------
def show_papers(service: ChatService, query, current):
    papers = service.papers()
    found = search_papers(papers, query or "")
    shown = found[:PAPERS_SHOWN]
    current = list(current or [])
    titles = {p.id: p.title for p in papers}
    listed = {p.id for p in shown}
    choices = [(p.title, p.id) for p in shown] + [(titles[i], i) for i in current if i in titles and i not in listed]
    return (
        papers_html(shown, len(found)),
        gr.Dropdown(choices=choices, value=[i for i in current if i in titles]),
        index_summary(papers),
    )


def show_scope(service: ChatService, paper_ids):
    if not paper_ids:
        return gr.Markdown(visible=False)
    titles = {p.id: p.title for p in service.papers()}
    named = "; ".join(titles.get(i, i) for i in paper_ids)
    return gr.Markdown(f"Answering only from: {named} (change this in the Papers tab)", visible=True)


def papers_listed(service: ChatService, query):
    return [p.id for p in search_papers(service.papers(), query or "")[:PAPERS_SHOWN]]


# --- uploads --------------------------------------------------------------------------------------
def add_files(
    service: ChatService,
    paths,
    request: gr.Request,
    progress=gr.Progress(track_tqdm=True),  # noqa: B008 (Gradio injects its tracker through this default)
):
    if not paths:
        raise gr.Error("Choose one or more paper files first.", title="Nothing to add", print_exception=False)
    if message := wrong_type_message(paths):
        return refused_upload_html(message), gr.skip()
    progress(0, desc="Reading and checking the files")
    outcomes = service.add_files(paths, progress=True)
    news = service.check_watches(user_of(request)) if any(o.added or o.updated for o in outcomes) else []
    return upload_html(outcomes) + watch_news_html(news), None


def check_chosen_files(paths):
    """Chosen files that are not paper files leave the upload box, with one message saying why: files, report."""
    message = wrong_type_message(paths or [])
    if message is None:
        return gr.skip(), gr.skip()
    kept = [p for p in paths if wrong_type_message([p]) is None]
    return kept or None, refused_upload_html(message)


def watch_question(service: ChatService, chat_id, request: gr.Request):
    """Watch the latest question of the open conversation: uploads then say when it gets new papers."""
    try:
        chat = service.chats.get(user_of(request), chat_id) if chat_id else None
    except UnknownChat:
        chat = None
    if chat is None or not chat.turns:
        return note("Ask a question first, then watch it.")
    latest = chat.turns[-1]
    service.watch(user_of(request), latest.question, latest.answer)
    return gr.update(value=f"Watching: {latest.question} (an upload that adds papers asks it again)", visible=True)


def bind(fn: Callable, service: ChatService) -> Callable:
    """`fn` with the service filled in, keeping what Gradio reads from it: the signature (gr.Request,
    gr.Progress, gr.SelectData parameters) and whether it streams."""
    if inspect.isgeneratorfunction(fn):

        @functools.wraps(fn)
        def handler(*args, **kwargs):
            yield from fn(service, *args, **kwargs)
    else:

        @functools.wraps(fn)
        def handler(*args, **kwargs):
            return fn(service, *args, **kwargs)

    signature = inspect.signature(fn)
    handler.__signature__ = signature.replace(parameters=list(signature.parameters.values())[1:])  # type: ignore[attr-defined]  # inspect reads it
    return handler


PRIVATE: dict[str, Any] = {"api_visibility": "private"}  # the page's own events: not API endpoints


def build(service: ChatService) -> gr.Blocks:
    """The page: three tabs laid out, then their events wired to the handlers above."""
    # No usage analytics: nothing leaves the machine unless a user picks a remote LLM backend.
    with gr.Blocks(title="paper chat", delete_cache=(3600, 3600), analytics_enabled=False) as demo:
        ui = SimpleNamespace(
            history=gr.State([]),  # this session's conversation, as the pipeline reads it
            chat_id=gr.State(None),  # the saved conversation it is, once its first answer is saved
            header=gr.Markdown(elem_id="index-summary"),  # what is indexed, in one line
        )
        with gr.Tabs():
            with gr.Tab("Chat", id="chat"), gr.Row():
                _conversations_column(ui)
                _chat_column(ui, service)
                with gr.Column(scale=2):
                    gr.Markdown("### Sources")
                    ui.sources = gr.HTML(sources_html(None), elem_id="sources")
            with gr.Tab("Papers", id="papers"):
                _papers_tab(ui)
            with gr.Tab("Add papers", id="add"):
                _upload_tab(ui, service.settings)
        _wire_chat(ui, service)
        # The typed API for scripts (/ask, /papers, /chats, /chat), and the tools for MCP (/tool_ask, ...).
        add_api_tools(PaperTools(service), service.settings.web_concurrency)
        for name, fn in api_functions(service).items():
            gr.api(fn, api_name=name, concurrency_limit=service.settings.web_concurrency, concurrency_id="answer")
        _wire_papers(demo, ui, service)
    return demo


def _conversations_column(ui: SimpleNamespace) -> None:
    with gr.Column(scale=1, min_width=200):
        ui.new_chat = gr.Button("New conversation", elem_id="new-chat", size="sm")
        ui.conversations = gr.Radio([], label="Saved conversations", elem_id="conversations")
        ui.rename_to = gr.Textbox(show_label=False, placeholder="New title", elem_id="rename-to", max_lines=1)
        with gr.Row():
            ui.rename = gr.Button("Rename", size="sm", elem_id="rename")
            ui.delete = gr.Button("Delete", size="sm", variant="stop", elem_id="delete")


def _chat_column(ui: SimpleNamespace, service: ChatService) -> None:
    with gr.Column(scale=3):
        ui.chatbot = gr.Chatbot(
            show_label=False,
            elem_id="chat",
            height=560,
            latex_delimiters=LATEX,
            feedback_options=None,
            buttons=[],
            examples=[{"text": q} for q in EXAMPLES],
            placeholder="Ask about the indexed papers, in English or Japanese. "
            "Every answer cites its papers; click a **[n]** to see the passage.",
        )
        ui.suggestions = gr.Dataset(
            label="Closest papers: ask about one",
            components=[gr.Textbox(visible=False)],
            samples=[],
            visible=False,
        )
        ui.scope = gr.Markdown(visible=False)
        with gr.Row():
            ui.message = gr.Textbox(
                show_label=False,
                placeholder="Ask a question…",
                scale=6,
                max_lines=8,
                elem_id="message",
                autofocus=True,
            )
            ui.send = gr.Button("Ask", variant="primary", scale=1, elem_id="ask")
        ui.message_note = gr.Markdown(visible=False, elem_id="message-note")
        with gr.Row(visible=False, elem_id="exports") as ui.exports:
            ui.copy_text = gr.Textbox(visible=False, elem_id="copy-text")
            ui.copy = gr.Button("Copy answer (Markdown)", size="sm", elem_id="copy-answer")
            ui.answer_md = gr.DownloadButton("Answer .md", size="sm", elem_id="download-answer", visible=False)
            ui.conversation_md = gr.DownloadButton(
                "Conversation .md", size="sm", elem_id="download-conversation", visible=False
            )
            ui.bibtex = gr.DownloadButton("Cited papers .bib", size="sm", elem_id="download-bibtex", visible=False)
            ui.watch = gr.Button("Watch this question", size="sm", elem_id="watch")
        _answer_settings(ui, service)


def _answer_settings(ui: SimpleNamespace, service: ChatService) -> None:
    settings = service.settings
    top_k, answerer_field = Settings.model_fields["top_k"], Settings.model_fields["answerer"]
    k_bounds = {name: getattr(m, name) for m in top_k.metadata for name in ("ge", "le") if hasattr(m, name)}
    answerers = service.answerers()
    to_set_up = "; ".join(f"{name}: {how}" for name, how in service.answerers_to_set_up().items())
    with gr.Accordion("Settings", open=False):
        # No minimum/maximum here: Gradio would refuse with an overlay; check_k says it beside the input.
        ui.k = gr.Number(
            settings.top_k,
            step=1,
            label=f"Passages per question ({k_bounds.get('ge', 1)}–{k_bounds.get('le', 50)})",
            info=top_k.description,
            elem_id="top-k",
        )
        ui.answerer = gr.Dropdown(
            answerers,
            value=settings.answerer if settings.answerer in answerers else answerers[0],
            label="Answerer",
            info=f"{answerer_field.description} Not set up yet: {to_set_up}."
            if to_set_up
            else answerer_field.description,
            elem_id="answerer",
        )


def _papers_tab(ui: SimpleNamespace) -> None:
    ui.search = gr.Textbox(
        label="Search", placeholder="Words of a title, author, category or abstract", elem_id="search"
    )
    ui.chosen = gr.Dropdown(
        multiselect=True,
        label="Ask only about these papers",
        elem_id="chosen",
        info="Empty: the chat answers from every paper.",
    )
    with gr.Row():
        ui.only_listed = gr.Button("Ask only about the papers listed")
        ui.every_paper = gr.Button("Use every paper")
    ui.listing = gr.HTML(elem_id="papers")


def _upload_tab(ui: SimpleNamespace, settings: Settings) -> None:
    gr.Markdown(
        f"Accepted: {', '.join(sorted(SUPPORTED_SUFFIXES))}, up to {settings.max_upload_mb:g} MB a file "
        "(formats in the README). A file with any bad entry is rejected whole and changes nothing: "
        "the report says what to fix. Papers already indexed unchanged are skipped."
    )
    # No file_types: check_chosen_files refuses other files with a message instead of Gradio's lasting "Error" badge.
    ui.files = gr.File(file_count="multiple", label="Paper files", elem_id="files")
    ui.add = gr.Button("Add to the index", variant="primary", elem_id="add-files")
    ui.report = gr.HTML(elem_id="upload-report")


def _wire_chat(ui: SimpleNamespace, service: ChatService) -> None:
    downloads: dict[str, Any] = dict(
        fn=bind(conversation_downloads, service),
        inputs=ui.chat_id,
        outputs=[ui.answer_md, ui.conversation_md, ui.bibtex, ui.copy_text, ui.exports],
        **PRIVATE,
    )
    listing_chats: dict[str, Any] = dict(
        fn=bind(list_conversations, service), inputs=ui.chat_id, outputs=ui.conversations, **PRIVATE
    )
    opened = [ui.chatbot, ui.history, ui.chat_id, ui.sources, ui.suggestions]

    def answering(event: Callable) -> None:
        event(
            fn=bind(ask_turn, service),
            inputs=[ui.message, ui.chatbot, ui.history, ui.chosen, ui.k, ui.answerer, ui.chat_id],
            outputs=[
                ui.chatbot,
                ui.history,
                ui.sources,
                ui.suggestions,
                ui.message,
                ui.chat_id,
                ui.message_note,
                ui.answer_md,
                ui.conversation_md,
                ui.bibtex,
                ui.copy_text,
                ui.exports,
                ui.conversations,
            ],
            concurrency_limit=service.settings.web_concurrency,
            concurrency_id="answer",
            trigger_mode="always_last",  # Gradio's "once" drops a question sent while one is answered
            **PRIVATE,
        )

    answering(ui.message.submit)
    answering(ui.send.click)
    answering(ui.chatbot.example_select(pick_example, None, ui.message, **PRIVATE).then)
    answering(ui.suggestions.click(lambda sample: sample[0], ui.suggestions, ui.message, **PRIVATE).then)
    for event in (ui.new_chat.click, ui.chatbot.clear):
        event(cleared_chat, None, opened, **PRIVATE).then(**listing_chats).then(**downloads)
    ui.conversations.input(bind(open_conversation, service), ui.conversations, opened, **PRIVATE).then(**downloads)
    ui.rename.click(
        bind(rename_conversation, service), [ui.chat_id, ui.rename_to], [ui.message_note, ui.rename_to], **PRIVATE
    ).then(**listing_chats)
    ui.delete.click(bind(delete_conversation, service), ui.chat_id, opened, **PRIVATE).then(**listing_chats).then(
        **downloads
    )
    ui.copy.click(None, ui.copy_text, None, js="(text) => navigator.clipboard.writeText(text)", **PRIVATE)
    ui.watch.click(bind(watch_question, service), ui.chat_id, ui.message_note, **PRIVATE)
    ui.listing_chats = listing_chats


def _wire_papers(demo: gr.Blocks, ui: SimpleNamespace, service: ChatService) -> None:
    papers_out = [ui.listing, ui.chosen, ui.header]
    shown = bind(show_papers, service)
    demo.load(shown, [ui.search, ui.chosen], papers_out, **PRIVATE).then(**ui.listing_chats)
    ui.search.change(shown, [ui.search, ui.chosen], papers_out, trigger_mode="always_last", **PRIVATE)
    ui.chosen.change(bind(show_scope, service), ui.chosen, ui.scope, **PRIVATE)
    ui.only_listed.click(bind(papers_listed, service), ui.search, ui.chosen, **PRIVATE)
    ui.every_paper.click(lambda: [], None, ui.chosen, **PRIVATE)
    ui.files.upload(check_chosen_files, ui.files, [ui.files, ui.report], **PRIVATE)
    # Uploads refresh the list of papers when they are done.
    ui.add.click(bind(add_files, service), ui.files, [ui.report, ui.files], concurrency_limit=1, **PRIVATE).then(
        shown, [ui.search, ui.chosen], papers_out, **PRIVATE
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Serve the paper chat in the browser.")
    parser.add_argument(
        "--host", help="address to bind (default 127.0.0.1; another address exposes the chat to other machines)"
    )
    parser.add_argument("--port", type=int, help="port (default 7860, env RAG_PORT)")
    parser.add_argument(
        "--mcp",
        action="store_true",
        help="also serve the tools to assistants over MCP at /gradio_api/mcp/sse and /gradio_api/mcp/ (same login)",
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    settings = load_settings(port=args.port)
    try:
        options = serve_options(settings, args.host)
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        sys.exit(2)
    service = ChatService(settings)
    try:
        service.finish_uploads()  # what a crash left between an upload and the index
        papers = service.papers()
    except StoreError as exc:  # e.g. a damaged Chroma file: one line saying what to do, no traceback
        print(f"error: {exc}", file=sys.stderr)
        sys.exit(2)
    if not papers:
        log.info("the store at %s is empty: indexing the shipped corpus", service.store.location)
        ingest([CORPUS], service.store, progress=True)
    service.warm_up()
    demo = build(service)
    demo.queue(default_concurrency_limit=settings.web_concurrency).launch(
        **options,
        **mcp_options(args.mcp, options["auth"]),
        css_paths=[STATIC / "chat.css"],
        js=(STATIC / "chat.js").read_text(encoding="utf-8"),
        footer_links=["api", "settings"],
    )


if __name__ == "__main__":
    main()
