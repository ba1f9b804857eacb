"""The `rag` command: a thin layer over the library. Heavy imports stay inside the commands."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import Annotated, Literal

import typer

from rag.settings import Answerer, Settings, load_settings

app = typer.Typer(
    help="paper chat: ask cited questions about a set of research papers, offline.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


# rag ask's output formats (rag.answer.export.FORMATS, spelled out here so that --help stays cheap to load).
Format = Literal["text", "markdown", "bibtex", "json"]


class UserError(Exception):
    """Bad input or a store problem: printed as one line, exit status 1, no traceback."""


def _settings(ctx: typer.Context) -> Settings:
    return ctx.obj


def _emit(data: dict) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2))


@app.callback()
def main_options(
    ctx: typer.Context,
    store_dir: Annotated[Path | None, typer.Option(help="Store folder (env RAG_STORE_DIR, default .rag)")] = None,
    collection: Annotated[str | None, typer.Option(help="Chroma collection (env RAG_COLLECTION)")] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log what happens.")] = False,
) -> None:
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s"
    )
    from pydantic import ValidationError

    try:
        ctx.obj = load_settings(store_dir=store_dir, collection=collection)
    except ValidationError as exc:  # a bad RAG_ variable: name it, in one line
        error = exc.errors()[0]
        raise UserError(f"RAG_{str(error['loc'][0]).upper()}: {error['msg']} (got {error.get('input')!r})") from None


@app.command()
def ingest(
    ctx: typer.Context,
    paths: Annotated[
        list[Path],
        typer.Argument(
            help="Files or folders: digest .txt/.md, arXiv .jsonl/.json, Atom .xml, BibTeX .bib, RIS .ris, CSL-JSON .json, PDF .pdf (full text, cited by page)."
        ),
    ],
    strict: Annotated[
        bool, typer.Option(help="Any bad entry aborts the whole command and leaves the index unchanged.")
    ] = False,
    workers: Annotated[
        int | None,
        typer.Option(
            min=1,
            help="Encoding processes with the torch runtime (sentence-transformers' multi-process pool; ONNX Runtime already uses every core) [env RAG_WORKERS, default 1]",
        ),
    ] = None,
    device: Annotated[
        str | None,
        typer.Option(help="Device for embedding: cpu, or cuda, cuda:1, mps on torch [env RAG_DEVICE, default cpu]"),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the counts as JSON.")] = False,
) -> None:
    """Add papers to the index. Unchanged papers are skipped; changed ones are re-indexed.

    Input is streamed and written in batches: if the command is interrupted, running it again
    finishes the job without duplicates. Bad entries are listed with their file and line; the
    good ones still go in unless --strict. The exit status is 1 when anything was rejected.
    """
    from rag.index.ingest import ingest as run_ingest
    from rag.index.store import Store

    settings = _settings(ctx).model_copy(update={k: v for k, v in {"workers": workers, "device": device}.items() if v})
    store = Store(settings)
    report = run_ingest(paths, store, strict=strict, progress=not as_json and sys.stderr.isatty())
    news = _watched_news(settings, store) if report.papers_added + report.papers_updated else None
    if as_json:
        watched = {"watched": [{"question": n.watch.question, "new_papers": n.new_papers} for n in news or []]}
        _emit(report.to_dict() | (watched if news is not None else {}))
    else:
        _print_ingest_report(report)
        if news:
            _print_news(news)
    if report.rejected_total:
        raise typer.Exit(1)


def _print_ingest_report(report) -> None:
    for problem in report.rejected:
        typer.echo(f"rejected: {problem}", err=True)
    if report.rejected_total > len(report.rejected):
        typer.echo(f"... and {report.rejected_total - len(report.rejected)} more problem(s)", err=True)
    if report.aborted:
        typer.echo(f"--strict: {report.rejected_total} problem(s), nothing was indexed.", err=True)
    else:
        typer.echo(
            f"papers added: {report.papers_added}, updated: {report.papers_updated}, "
            f"unchanged: {report.papers_unchanged}; chunks added: {report.chunks_added}"
        )


def _watched_news(settings: Settings, store):
    """Ask the watched questions again after papers were added; None when nothing is watched."""
    from rag.answer.pipeline import Pipeline
    from rag.answer.watching import check_watches
    from rag.index.watches import WatchList

    watches = WatchList(settings.store_dir)
    return check_watches(Pipeline(settings, store), watches) if watches.list() else None


def _print_news(news) -> None:
    from rag.answer.watching import news_line

    typer.echo(news_line(news))
    for item in news:
        typer.echo(f"  {item.watch.question}")
        for paper in item.new_papers:
            typer.echo(f"    new: {paper['title']}")


watch_app = typer.Typer(help="Watched questions: asked again whenever papers are added.", no_args_is_help=True)
app.add_typer(watch_app, name="watch")


@watch_app.command("add")
def watch_add(ctx: typer.Context, question: Annotated[str, typer.Argument(help="The question to watch.")]) -> None:
    """Watch a question: it is answered now, and `rag ingest` asks it again and names the papers it newly cites."""
    from rag.answer.pipeline import Pipeline
    from rag.answer.watching import cited_ids
    from rag.index.watches import WatchList

    settings = _settings(ctx)
    answer = Pipeline(settings).ask(question).to_dict()
    watch = WatchList(settings.store_dir).add("", question, cited_ids(answer))
    typer.echo(f"watching [{watch.id}] {watch.question} ({len(watch.cited)} paper(s) cited now)")


@watch_app.command("list")
def watch_list(
    ctx: typer.Context, as_json: Annotated[bool, typer.Option("--json", help="Print them as JSON.")] = False
) -> None:
    """List the watched questions with the papers first cited at their latest check."""
    from rag.index.watches import WatchList

    watches = WatchList(_settings(ctx).store_dir).list("")
    if as_json:
        _emit({"watches": [w.to_dict() for w in watches]})
        return
    if not watches:
        typer.echo('Nothing watched yet. Add a question with: rag watch add "QUESTION"')
    for watch in watches:
        typer.echo(
            f"[{watch.id}] {watch.question}  ({len(watch.cited)} cited, {len(watch.new)} new at {watch.checked[:16].replace('T', ' ')})"
        )


@watch_app.command("remove")
def watch_remove(
    ctx: typer.Context, watch_id: Annotated[int, typer.Argument(help="The number `rag watch list` shows.")]
) -> None:
    """Stop watching a question."""
    from rag.index.watches import UnknownWatch, WatchList

    try:
        WatchList(_settings(ctx).store_dir).remove("", watch_id)
    except UnknownWatch as exc:
        raise UserError(f"{exc} (rag watch list shows them)") from None


@watch_app.command("run")
def watch_run(ctx: typer.Context) -> None:
    """Ask every watched question again now and name the papers their answers newly cite."""
    from rag.index.store import Store

    settings = _settings(ctx)
    news = _watched_news(settings, Store(settings))
    if news is None:
        typer.echo("Nothing watched yet.")
    elif not news:
        typer.echo("No watched question has new papers.")
    else:
        _print_news(news)


@app.command()
def papers(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print the papers as JSON.")] = False,
) -> None:
    """List the indexed papers."""
    from rag.index.store import Store

    listed = Store(_settings(ctx)).papers()
    if as_json:
        _emit({"papers": [p.summary_dict() for p in listed]})
        return
    if not listed:
        typer.echo("No papers indexed yet. Add some with: rag ingest corpus/")
        return
    for paper in listed:
        authors = ", ".join(paper.authors[:3]) + (" et al." if len(paper.authors) > 3 else "")
        full_text = f" · full text, {paper.pages} pages" if paper.has_full_text else ""
        typer.echo(
            f"{paper.id}\n  {paper.title}\n  {authors} · {paper.published or 'n.d.'} · {', '.join(paper.categories)}{full_text}"
        )


@app.command()
def doctor(
    ctx: typer.Context,
    repair: Annotated[
        bool,
        typer.Option(help="Repair what Chroma's contents determine (lexical index, interrupted writes, stray chunks)."),
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the findings as JSON.")] = False,
) -> None:
    """Check a store: chunk counts per paper in Chroma and the lexical index, interrupted writes,
    chunks without a paper record or of two versions, the embedding model recorded.

    Exit status 1 while a problem remains; --repair fixes what can be derived from Chroma."""
    from rag.index.doctor import examine
    from rag.index.store import Store

    report = examine(Store(_settings(ctx)), repair=repair)
    if as_json:
        _emit(report.to_dict())
    else:
        typer.echo(
            f"{report.papers} papers, {report.chunks} chunks, embedding model {report.embedding_model or '(not recorded)'}"
        )
        for finding in report.findings:
            typer.echo(f"{'repaired' if finding.repaired else 'problem'}: {finding.problem}")
        if report.healthy:
            typer.echo("the store is consistent" + (" now" if report.findings else ""))
        else:
            typer.echo("run `rag doctor --repair` to fix what can be derived", err=True)
    if not report.healthy:
        raise typer.Exit(1)


@app.command("eval-retrieval")
def eval_retrieval(
    ctx: typer.Context,
    folder: Annotated[Path, typer.Argument(help="A BEIR-format folder: corpus.jsonl, queries.jsonl, qrels.tsv.")],
    k: Annotated[
        int, typer.Option("-k", min=1, max=100, help="Cutoff of nDCG, Recall and MRR (Recall@100 is always reported).")
    ] = 10,
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
    max_queries: Annotated[
        int | None, typer.Option(min=1, help="Evaluate only the first N judged queries (a quicker run).")
    ] = None,
    max_docs: Annotated[
        int | None,
        typer.Option(
            min=1,
            help="Index N documents: every one judged for the evaluated queries (even past N), then others in corpus order.",
        ),
    ] = None,
    save_runs: Annotated[
        Path | None, typer.Option(help="Write each retriever's ranking to DIR/<retriever>.run (TREC format).")
    ] = None,
) -> None:
    """Score the hybrid, dense-only and BM25-only retrievers on a BEIR test collection.

    The corpus is indexed into a temporary store (your index is not touched) and each document is
    ranked by its best chunk. Reports nDCG@k, Recall@k, Recall@100 and MRR@k over the judged queries.
    """
    from rag.evaluation.beir import BeirFormatError, load_beir, subset
    from rag.evaluation.retrieval import evaluate_collection, write_trec_run

    try:
        collection = subset(load_beir(folder), max_queries, max_docs)
    except BeirFormatError as exc:
        raise UserError(str(exc)) from None
    evaluation = evaluate_collection(collection, _settings(ctx), k=k, progress=not as_json and sys.stderr.isatty())
    if save_runs:
        for mode, run in evaluation.runs.items():
            write_trec_run(save_runs / f"{mode}.run", run, mode)
    if as_json:
        _emit(evaluation.to_dict())
        return
    names = list(next(iter(evaluation.metrics.values())))
    typer.echo(f"{folder}: {evaluation.queries} queries, {evaluation.documents} documents")
    typer.echo(f"{'retriever':<10}" + "".join(f"{name:>12}" for name in names))
    for mode, scores in evaluation.metrics.items():
        typer.echo(f"{mode:<10}" + "".join(f"{scores[name]:>12.4f}" for name in names))


@app.command()
def ask(
    ctx: typer.Context,
    question: Annotated[str, typer.Argument(help="The question, in English or Japanese.")],
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the answer object as JSON (the same as --format json).")
    ] = False,
    output: Annotated[
        Format,
        typer.Option(
            "--format", help="text (streamed), markdown (with a References section), bibtex (the cited papers), json."
        ),
    ] = "text",
    history: Annotated[
        Path | None,
        typer.Option(help='JSON file: the conversation so far, [{"role": "user"|"assistant", "content": "..."}].'),
    ] = None,
    paper: Annotated[
        list[str] | None,
        typer.Option("--paper", help="Restrict to this paper (id, id prefix or title words); repeatable."),
    ] = None,
    k: Annotated[int | None, typer.Option("-k", help="Passages to retrieve (env RAG_TOP_K).")] = None,
    answerer: Annotated[
        Answerer | None, typer.Option(help="Who writes the answer (env RAG_ANSWERER; default extractive).")
    ] = None,
    model: Annotated[
        str | None, typer.Option(help="Model name for the LLM answerer (env RAG_OPENAI_MODEL or RAG_OLLAMA_MODEL).")
    ] = None,
    base_url: Annotated[
        str | None, typer.Option(help="LLM server URL (env RAG_OPENAI_BASE_URL or RAG_OLLAMA_BASE_URL).")
    ] = None,
    timeout: Annotated[
        float | None, typer.Option(help="Seconds to wait for the LLM before answering offline (env RAG_LLM_TIMEOUT).")
    ] = None,
    retries: Annotated[int | None, typer.Option(help="Retries of a failed LLM call (env RAG_LLM_MAX_RETRIES).")] = None,
) -> None:
    """Answer a question from the indexed papers, citing them; says so when they do not cover it.

    With an LLM answerer, text mode shows the model's words as they arrive, then the verified
    answer when verification changed it (sentences removed, citations renumbered).
    """
    from rag.answer.limits import checked_question
    from rag.answer.pipeline import Pipeline

    question = checked_question(question)  # before loading anything: the web's limits apply here too
    settings = _settings(ctx).with_llm(answerer, model, base_url, timeout, retries)
    messages = _read_history(history) if history else []
    pipeline = Pipeline(settings)
    if as_json or output != "text":
        _print_answer(
            pipeline.ask(question, messages, paper or [], k).to_dict(), question, "json" if as_json else output
        )
    else:
        _print_streamed(pipeline.stream(question, messages, paper or [], k))


def _print_streamed(events) -> None:
    """The answer as it is written, then (when verification changed it) as verified, and its references."""
    from rag.answer.citations import render_references
    from rag.answer.pipeline import final_answer

    streamed = []

    def shown_as_written():
        for event in events:
            if isinstance(event, str):
                typer.echo(event, nl=False)
                streamed.append(event)
            yield event

    answer = final_answer(shown_as_written())
    shown = "".join(streamed)
    if shown.strip() != answer.answer.strip():
        label = "Answer composed from the passages" if answer.answerer == "extractive" else "Verified answer"
        typer.echo(f"{chr(10) * 2 if shown else ''}{label}:\n{answer.answer}", nl=False)
    typer.echo()
    if answer.notice:
        typer.echo(f"note: {answer.notice}", err=True)
    if answer.unsupported:
        typer.echo(
            "\nRemoved as unsupported by the cited passages:\n" + "\n".join(f"  - {s}" for s in answer.unsupported)
        )
    if answer.citations:
        typer.echo("\nReferences:\n" + render_references(answer.citations))
    elif answer.abstained and answer.suggestions:
        typer.echo("\nClosest papers: " + "; ".join(s["title"] for s in answer.suggestions))


chats_app = typer.Typer(help="Saved conversations of the web chat: list, show, export.", no_args_is_help=True)
app.add_typer(chats_app, name="chats")
UserOption = Annotated[
    str,
    typer.Option("--user", help="Whose conversations: the web login's user name (default: the chat without a login)."),
]
ChatFormat = Literal["markdown", "bibtex", "json"]


def _chat(ctx: typer.Context, user: str, chat_id: str):
    from rag.index.chats import ChatLog, UnknownChat

    try:
        return ChatLog(_settings(ctx).store_dir).get(user, chat_id)
    except UnknownChat as exc:
        raise UserError(f"{exc} (rag chats list shows them)") from None


@chats_app.command("list")
def chats_list(
    ctx: typer.Context,
    user: UserOption = "",
    as_json: Annotated[bool, typer.Option("--json", help="Print the conversations as JSON.")] = False,
) -> None:
    """List saved conversations, the latest first: id, date, turns, title."""
    from rag.index.chats import ChatLog

    saved = ChatLog(_settings(ctx).store_dir).list(user)
    if as_json:
        _emit({"chats": [s.to_dict() for s in saved]})
        return
    if not saved:
        typer.echo("No saved conversations yet: they are saved as you chat in the web app.")
    for summary in saved:
        typer.echo(
            f"{summary.id}  {summary.updated[:16].replace('T', ' ')}  {summary.turns:>3} turn(s)  {summary.title}"
        )


@chats_app.command("show")
def chats_show(
    ctx: typer.Context,
    chat_id: Annotated[str, typer.Argument(help="The id `rag chats list` prints.")],
    user: UserOption = "",
) -> None:
    """Print a saved conversation as Markdown, each answer with its references."""
    _chats_export(ctx, chat_id, user, "markdown")


@chats_app.command("export")
def chats_export(
    ctx: typer.Context,
    chat_id: Annotated[str, typer.Argument(help="The id `rag chats list` prints.")],
    output: Annotated[
        ChatFormat,
        typer.Option("--format", help="markdown (answers with references), bibtex (every cited paper), json."),
    ] = "markdown",
    user: UserOption = "",
) -> None:
    """Export a saved conversation: Markdown, BibTeX of every paper cited in it, or JSON (messages and answers)."""
    _chats_export(ctx, chat_id, user, output)


def _chats_export(ctx: typer.Context, chat_id: str, user: str, output) -> None:
    from rag.answer import export

    chat = _chat(ctx, user, chat_id)
    if output == "json":
        _emit(chat.to_dict())
    elif output == "bibtex":
        typer.echo(export.bibtex(export.cited_papers(t.answer for t in chat.turns)), nl=False)
    else:
        typer.echo(
            export.conversation_markdown([(t.question, t.answer) for t in chat.turns], chat.summary.title), nl=False
        )


@app.command()
def mcp(ctx: typer.Context) -> None:
    """Serve the papers to an assistant over MCP on stdin/stdout (Claude Desktop, IDE agents).

    Tools: ask (a cited answer), search_papers (passages), list_papers, get_paper; the same tools
    that `python app.py --mcp` serves over HTTP. It reads the store and settings that `rag ask`
    reads: give the client an absolute --store-dir (the README shows a configuration).
    """
    from rag.web.mcp import serve_stdio
    from rag.web.service import ChatService
    from rag.web.tools import PaperTools

    serve_stdio(PaperTools(ChatService(_settings(ctx))))


@app.command("eval")
def evaluate(
    ctx: typer.Context,
    cases: Annotated[Path, typer.Argument(help="Case file: one JSON object per line (see docs/EVALUATION.md).")],
    out: Annotated[Path | None, typer.Option(help="Write one JSON record per turn here.")] = None,
    report: Annotated[Path | None, typer.Option(help="Write a Markdown report of the failures here.")] = None,
    fail_under: Annotated[
        float | None, typer.Option(help="Exit with status 1 when the pass rate is below this (0-1).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the metrics as JSON.")] = False,
) -> None:
    """Run a question set through the pipeline and print pass rate, recall, precision and latency."""
    from tqdm import tqdm

    from rag.answer.pipeline import Pipeline
    from rag.evaluation import cases as evaluation

    loaded = evaluation.load_cases(cases)
    pipeline = Pipeline(_settings(ctx))
    with tqdm(total=len(loaded), unit="case", desc="Evaluating", disable=as_json or not sys.stderr.isatty()) as bar:
        result = evaluation.run(loaded, lambda q, h: pipeline.ask(q, h), pipeline.store.catalog.find, bar.update)
    if out:
        evaluation.write_records(result, out)
    if report:
        report.write_text(
            evaluation.markdown_report(result, {p.id: p.title for p in pipeline.store.papers()}), encoding="utf-8"
        )
    metrics = result.metrics()
    if as_json:
        _emit(metrics)
    else:
        for key, value in metrics.items():
            if isinstance(value, dict):  # pass rates per language or kind
                for label, group in value.items():
                    typer.echo(f"{key + '.' + label:20} {group['pass_rate']} ({group['turns']} turns)")
            else:
                typer.echo(f"{key:20} {value}")
        for failure in result.failures:
            typer.echo(f"FAIL {failure.id}: {failure.turn.question}", err=True)
    if fail_under is not None and (metrics["pass_rate"] or 0.0) < fail_under:
        typer.echo(f"pass rate {metrics['pass_rate']} is below {fail_under}", err=True)
        raise typer.Exit(1)


def _print_answer(answer: dict, question: str, output: Format) -> None:
    from rag.answer import export

    if output == "json":
        _emit(answer)
    elif output == "markdown":
        typer.echo(export.answer_markdown(answer, question), nl=False)
    else:
        typer.echo(export.bibtex(answer["citations"]), nl=False)


def _read_history(path: Path) -> list[dict]:
    try:
        messages = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(f"cannot read history file {path}: {exc}") from None
    except json.JSONDecodeError as exc:
        raise UserError(f"{path}: line {exc.lineno}: invalid JSON: {exc.msg}") from None
    if not isinstance(messages, list) or not all(
        isinstance(m, dict) and m.get("role") in ("user", "assistant", "system") and isinstance(m.get("content"), str)
        for m in messages
    ):
        raise UserError(f'{path}: expected a JSON list of {{"role": "user"|"assistant", "content": "..."}} messages')
    return messages


def main() -> None:
    """Entry point: user errors become one line on stderr and exit status 1 (2 for a refused question
    and for a damaged store, which needs a person); anything else is a fault of ours and shows its traceback."""
    try:
        app()
    except Exception as exc:
        status = _exit_status(exc)
        if status is None:
            raise
        typer.echo(f"error: {exc}", err=True)
        sys.exit(status)


def _exit_status(exc: Exception) -> int | None:
    """The exit status for an error a user can act on, None for others. The library's error classes are
    imported only when something failed, so that a command does not load the answer path (or Chroma)
    just to name its errors."""
    from rag.answer.limits import QuestionError
    from rag.answer.pipeline import UnknownPaper
    from rag.evaluation.cases import CaseError
    from rag.index.embeddings import EmbeddingError
    from rag.index.store import DamagedStore, StoreError

    if isinstance(exc, DamagedStore | QuestionError):
        return 2
    if isinstance(exc, UserError | StoreError | EmbeddingError | UnknownPaper | CaseError):
        return 1
    return None


if __name__ == "__main__":
    main()
