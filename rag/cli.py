"""The `rag` command: a thin layer over the library. Heavy imports stay inside the commands."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from rag.settings import Settings, load_settings

app = typer.Typer(
    help="paper chat: ask cited questions about a set of research papers, offline.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


class UserError(Exception):
    """Bad input or a store problem: printed as one line, exit status 1, no traceback."""


def _settings(ctx: typer.Context) -> Settings:
    return ctx.obj


def _emit(data: dict) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2))


@app.callback()
def main_options(
    ctx: typer.Context,
    store_dir: Annotated[Optional[Path], typer.Option(help="Store folder [env RAG_STORE_DIR, default .rag]")] = None,
    collection: Annotated[Optional[str], typer.Option(help="Chroma collection [env RAG_COLLECTION]")] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log what happens.")] = False,
) -> None:
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    ctx.obj = load_settings(store_dir=store_dir, collection=collection)


@app.command()
def ingest(
    ctx: typer.Context,
    paths: Annotated[list[Path], typer.Argument(help="Files or folders: digest .txt/.md, arXiv .jsonl/.json, Atom .xml, BibTeX .bib.")],
    strict: Annotated[bool, typer.Option(help="Any bad entry aborts the whole command and leaves the index unchanged.")] = False,
    workers: Annotated[Optional[int], typer.Option(min=1, help="Encoding processes (sentence-transformers' multi-process pool) [env RAG_WORKERS, default 1]")] = None,
    device: Annotated[Optional[str], typer.Option(help="Torch device for embedding: cpu, cuda, cuda:1, mps [env RAG_DEVICE, default cpu]")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the counts as JSON.")] = False,
) -> None:
    """Add papers to the index. Unchanged papers are skipped; changed ones are re-indexed.

    Input is streamed and written in batches: if the command is interrupted, running it again
    finishes the job without duplicates. Bad entries are listed with their file and line; the
    good ones still go in unless --strict. The exit status is 1 when anything was rejected.
    """
    from rag.ingest import ingest as run_ingest
    from rag.store import Store

    settings = _settings(ctx).model_copy(update={k: v for k, v in {"workers": workers, "device": device}.items() if v})
    report = run_ingest(paths, Store(settings), strict=strict, progress=not as_json and sys.stderr.isatty())
    if as_json:
        _emit(report.to_dict())
    else:
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
    if report.rejected_total:
        raise typer.Exit(1)


@app.command()
def papers(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print the papers as JSON.")] = False,
) -> None:
    """List the indexed papers."""
    from rag.store import Store

    listed = Store(_settings(ctx)).papers()
    if as_json:
        _emit({"papers": [p.summary_dict() for p in listed]})
        return
    if not listed:
        typer.echo("No papers indexed yet. Add some with: rag ingest corpus/")
        return
    for paper in listed:
        authors = ", ".join(paper.authors[:3]) + (" et al." if len(paper.authors) > 3 else "")
        typer.echo(f"{paper.id}\n  {paper.title}\n  {authors} · {paper.published or 'n.d.'} · {', '.join(paper.categories)}")


def main() -> None:
    """Entry point: user errors become one line on stderr and exit status 1."""
    from rag.embeddings import EmbeddingError
    from rag.store import StoreError

    try:
        app()
    except (UserError, StoreError, EmbeddingError) as exc:
        typer.echo(f"error: {exc}", err=True)
        sys.exit(1)


if __name__ == "__main__":
    main()
