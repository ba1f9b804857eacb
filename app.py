"""paper chat in the browser: cited answers from the indexed papers, with their sources.

    python app.py [--host H] [--port P] [--mcp]

Indexes the shipped corpus when the store is empty, then serves on 127.0.0.1:7860 (RAG_PORT).
Serving on another address needs --host; set RAG_AUTH_USER and RAG_AUTH_PASSWORD to require a login.
--mcp also serves the API's tools to assistants over MCP (rag.web.mcp), behind the same login.
The logic lives in rag.web.service (answering, uploads, exposure) and rag.web.render (HTML); this file lays it out.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

import gradio as gr

import rag.web
from rag.index.ingest import ingest
from rag.index.store import StoreError
from rag.readers import SUPPORTED_SUFFIXES
from rag.web.mcp import add_api_tools, mcp_options
from rag.web.render import papers_html, sources_html, upload_html
from rag.settings import Settings, load_settings
from rag.web.service import EXAMPLES, PAPERS_SHOWN, ChatService, InputError, search_papers, serve_options
from rag.web.tools import PaperTools

ROOT = Path(__file__).resolve().parent
CORPUS = ROOT / "corpus"
STATIC = Path(rag.web.__file__).parent / "static"  # the chat's CSS and its citation-click script
LATEX = [{"left": "$$", "right": "$$", "display": True}, {"left": "$", "right": "$", "display": False}]
log = logging.getLogger("app")


def build(service: ChatService) -> gr.Blocks:
    settings = service.settings
    top_k, answerer_field = Settings.model_fields["top_k"], Settings.model_fields["answerer"]
    k_bounds = {name: getattr(m, name) for m in top_k.metadata for name in ("ge", "le") if hasattr(m, name)}
    answerers = service.answerers()

    # No usage analytics: nothing leaves the machine unless a user picks a remote LLM backend.
    with gr.Blocks(title="paper chat", delete_cache=(3600, 3600), analytics_enabled=False) as demo:
        history = gr.State([])  # this session's conversation, as the pipeline reads it
        header = gr.Markdown()
        with gr.Tabs():
            with gr.Tab("Chat", id="chat"):
                with gr.Row():
                    with gr.Column(scale=3):
                        chatbot = gr.Chatbot(
                            show_label=False, elem_id="chat", height=620, latex_delimiters=LATEX, feedback_options=None,
                            buttons=[], examples=[{"text": q} for q in EXAMPLES],
                            placeholder="Ask about the indexed papers, in English or Japanese. "
                            "Every answer cites its papers; click a **[n]** to see the passage.",
                        )
                        suggestions = gr.Dataset(
                            label="Closest papers: ask about one", components=[gr.Textbox(visible=False)],
                            samples=[], visible=False,
                        )
                        scope = gr.Markdown(visible=False)
                        with gr.Row():
                            message = gr.Textbox(
                                show_label=False, placeholder="Ask a question…", scale=6, max_lines=8,
                                elem_id="message", autofocus=True,
                            )
                            send = gr.Button("Ask", variant="primary", scale=1, elem_id="ask")
                        with gr.Accordion("Settings", open=False):
                            k = gr.Slider(
                                k_bounds.get("ge", 1), k_bounds.get("le", 50), value=settings.top_k, step=1,
                                label="Passages per question", info=top_k.description,
                            )
                            answerer = gr.Dropdown(
                                answerers, value=settings.answerer if settings.answerer in answerers else answerers[0],
                                label="Answerer", info=answerer_field.description,
                            )
                    with gr.Column(scale=2):
                        gr.Markdown("### Sources")
                        sources = gr.HTML(sources_html(None), elem_id="sources")
            with gr.Tab("Papers", id="papers"):
                search = gr.Textbox(label="Search", placeholder="Words of a title, author, category or abstract", elem_id="search")
                chosen = gr.Dropdown(
                    multiselect=True, label="Ask only about these papers", elem_id="chosen",
                    info="Empty: the chat answers from every paper.",
                )
                with gr.Row():
                    only_listed = gr.Button("Ask only about the papers listed")
                    every_paper = gr.Button("Use every paper")
                listing = gr.HTML(elem_id="papers")
            with gr.Tab("Add papers", id="add"):
                gr.Markdown(
                    f"Accepted: {', '.join(sorted(SUPPORTED_SUFFIXES))}, up to {settings.max_upload_mb:g} MB a file "
                    "(formats in the README). A file with any bad entry is rejected whole and changes nothing: "
                    "the report says what to fix. Papers already indexed unchanged are skipped."
                )
                files = gr.File(file_count="multiple", file_types=sorted(SUPPORTED_SUFFIXES), label="Paper files", elem_id="files")
                add = gr.Button("Add to the index", variant="primary", elem_id="add-files")
                report = gr.HTML(elem_id="upload-report")

        # --- chat -----------------------------------------------------------------------------------
        def ask_turn(text, display, convo, paper_ids, passages, chosen_answerer):
            try:
                for update in service.chat(text, display, convo, paper_ids or [], int(passages), chosen_answerer):
                    if update.answer is None:
                        yield update.display, update.history, gr.skip(), gr.skip(), ""
                        continue
                    offered = [[f"Tell me about {paper['title']}"] for paper in update.answer.suggestions]
                    yield (
                        update.display, update.history, sources_html(update.answer, update.turn, service.store.pdf_dir),
                        gr.Dataset(samples=offered, visible=bool(offered)), "",
                    )
            except InputError as exc:
                raise gr.Error(str(exc), title="Not sent", print_exception=False) from None

        answering = dict(
            fn=ask_turn, inputs=[message, chatbot, history, chosen, k, answerer],
            outputs=[chatbot, history, sources, suggestions, message],
            concurrency_limit=settings.web_concurrency, concurrency_id="answer",
        )
        message.submit(**answering, api_name="chat", api_visibility="undocumented")
        send.click(**answering, api_visibility="private")

        def pick_example(event: gr.SelectData) -> str:
            return event.value["text"]

        chatbot.example_select(pick_example, None, message, api_visibility="private").then(**answering, api_visibility="private")
        suggestions.click(lambda sample: sample[0], suggestions, message, api_visibility="private").then(
            **answering, api_visibility="private"
        )
        chatbot.clear(
            lambda: ([], sources_html(None), gr.Dataset(samples=[], visible=False)), None,
            [history, sources, suggestions], api_visibility="private",
        )

        # The API for scripts and, with --mcp, the MCP tools: ask, search_papers, list_papers, get_paper.
        add_api_tools(PaperTools(service), settings.web_concurrency)

        # --- papers ---------------------------------------------------------------------------------
        def show_papers(query, current):
            papers = service.papers()
            found = search_papers(papers, query or "")
            shown = found[:PAPERS_SHOWN]
            current = list(current or [])
            titles = {p.id: p.title for p in papers}
            choices = [(p.title, p.id) for p in shown] + [(titles[i], i) for i in current if i in titles and i not in {p.id for p in shown}]
            summary = f"**paper chat** · cited answers from **{len(papers)}** indexed papers"
            return papers_html(shown, len(found)), gr.Dropdown(choices=choices, value=[i for i in current if i in titles]), summary

        def show_scope(paper_ids):
            if not paper_ids:
                return gr.Markdown(visible=False)
            titles = {p.id: p.title for p in service.papers()}
            named = "; ".join(titles.get(i, i) for i in paper_ids)
            return gr.Markdown(f"Answering only from: {named} (change this in the Papers tab)", visible=True)

        papers_out = [listing, chosen, header]
        demo.load(show_papers, [search, chosen], papers_out, api_visibility="private")
        search.change(show_papers, [search, chosen], papers_out, trigger_mode="always_last", api_visibility="private")
        chosen.change(show_scope, chosen, scope, api_visibility="private")
        only_listed.click(
            lambda query: [p.id for p in search_papers(service.papers(), query or "")[:PAPERS_SHOWN]],
            search, chosen, api_visibility="private",
        )
        every_paper.click(lambda: [], None, chosen, api_visibility="private")

        # --- uploads --------------------------------------------------------------------------------
        def add_files(paths, progress=gr.Progress(track_tqdm=True)):
            if not paths:
                raise gr.Error("Choose one or more paper files first.", title="Nothing to add", print_exception=False)
            progress(0, desc="Reading and checking the files")
            return upload_html(service.add_files(paths, progress=True)), None

        add.click(add_files, files, [report, files], concurrency_limit=1, api_visibility="private").then(
            show_papers, [search, chosen], papers_out, api_visibility="private"
        )
    return demo


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Serve the paper chat in the browser.")
    parser.add_argument("--host", help="address to bind (default 127.0.0.1; another address exposes the chat to other machines)")
    parser.add_argument("--port", type=int, help="port (default 7860, env RAG_PORT)")
    parser.add_argument(
        "--mcp", action="store_true",
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
        **options, **mcp_options(args.mcp, options["auth"]),
        css_paths=[STATIC / "chat.css"], js=(STATIC / "chat.js").read_text(encoding="utf-8"),
        footer_links=["api", "settings"],
    )


if __name__ == "__main__":
    main()
