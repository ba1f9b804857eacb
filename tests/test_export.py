"""Exports: `rag ask --format markdown|bibtex|json` as a subprocess, and the export functions on real answers.

BibTeX is read back with bibtexparser (decoding LaTeX, splitting co-authors), as a reference manager would.
"""

from __future__ import annotations

import json

import bibtexparser
import pytest
from bibtexparser import middlewares as mw

from rag.answer import export
from rag.answer.pipeline import Pipeline
from tests.conftest import copy_corpus_store, invoke_cli_json, run_cli, run_cli_json

SOURDOUGH = {
    "id": "2502.09999v2",
    "title": "Sourdough Fermentation Kinetics with Graph Networks & Müller's Yeasts",
    "abstract": "We model sourdough fermentation with graph networks over microbial species. "
    "Rise time is predicted within 8 minutes on 120 bakery batches.",
    "authors": "Grace Hopper, Ada Lovelace",
    "categories": "q-bio.QM cs.LG",
    "update_date": "2025-02-20",
}
QUESTION = "How is sourdough fermentation modelled?"


def read_bibtex(text: str) -> list:
    library = bibtexparser.parse_string(text, append_middleware=[mw.LatexDecodingMiddleware(), mw.SeparateCoAuthors()])
    assert not library.failed_blocks
    return library.entries


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory, cli_corpus_dir):
    """The shipped corpus (a copy of the session's store) plus one paper with an arXiv id."""
    folder = tmp_path_factory.mktemp("export")
    extra = folder / "sourdough.jsonl"
    extra.write_text(json.dumps(SOURDOUGH) + "\n", encoding="utf-8")
    store_dir = copy_corpus_store(cli_corpus_dir, folder / ".rag")
    counts = invoke_cli_json("ingest", str(extra), store_dir=store_dir)
    assert (counts["papers_added"], counts["papers_unchanged"]) == (1, 0)
    assert len(invoke_cli_json("papers", store_dir=store_dir)["papers"]) == 11
    return store_dir


def test_ask_format_bibtex_gives_one_entry_per_cited_paper(store_dir):
    result = run_cli("ask", QUESTION, "--format", "bibtex", store_dir=store_dir)
    assert result.returncode == 0, result.stderr
    (entry,) = read_bibtex(result.stdout)
    fields = {f.key: f.value for f in entry.fields}
    assert fields["title"] == SOURDOUGH["title"]
    assert fields["author"] == ["Grace Hopper", "Ada Lovelace"] and "Grace Hopper and Ada Lovelace" in result.stdout
    assert (fields["year"], fields["eprint"], fields["archiveprefix"]) == ("2025", "2502.09999", "arXiv")
    assert fields["url"] == "https://arxiv.org/abs/2502.09999"
    assert entry.key == "hopper2025sourdough"
    again = run_cli("ask", "What does the sourdough paper predict?", "--format", "bibtex", store_dir=store_dir)
    assert [e.key for e in read_bibtex(again.stdout)] == [
        "hopper2025sourdough"
    ]  # the key is the paper's, not the answer's


def test_ask_format_markdown_has_markers_and_references(store_dir):
    result = run_cli("ask", QUESTION, "--format", "markdown", store_dir=store_dir)
    assert result.returncode == 0, result.stderr
    body, references = result.stdout.split("### References")
    assert body.startswith(f"## {QUESTION}") and "graph networks" in body and "[1]" in body
    assert f"[1] **{SOURDOUGH['title']}**. Grace Hopper, Ada Lovelace (2025-02-20)" in references
    assert "[arXiv:2502.09999](https://arxiv.org/abs/2502.09999)" in references
    assert "> We model sourdough fermentation with graph networks over microbial species." in references


def test_format_json_is_the_json_flag(store_dir):
    formatted = run_cli("ask", QUESTION, "--format", "json", store_dir=store_dir)
    flagged = run_cli_json("ask", QUESTION, store_dir=store_dir)
    got = json.loads(formatted.stdout)
    for answer in (got, flagged):
        answer.pop("latency_ms")
    assert got == flagged
    helped = run_cli("ask", "--help", store_dir=store_dir)
    assert "markdown" in helped.stdout and "bibtex" in helped.stdout
    wrong = run_cli("ask", QUESTION, "--format", "docx", store_dir=store_dir)
    assert wrong.returncode == 2 and "docx" in wrong.stderr


def test_a_conversation_exports_every_cited_paper_once(corpus_store):
    pipeline = Pipeline(corpus_store.settings, corpus_store)
    compared = pipeline.ask("How does JOENA differ from DataMan?").to_dict()
    history = [
        {"role": "user", "content": "How does JOENA differ from DataMan?"},
        {"role": "assistant", "content": compared["answer"]},
    ]
    single = pipeline.ask("How does DataMan select pre-training data?", history).to_dict()
    turns = [("How does JOENA differ from DataMan?", compared), ("How does DataMan select pre-training data?", single)]

    entries = read_bibtex(export.bibtex(export.cited_papers(answer for _, answer in turns)))
    titles = sorted(e.fields_dict["title"].value for e in entries)
    assert titles == sorted(c["title"] for c in compared["citations"]) and len(titles) == 2
    assert len({e.key for e in entries}) == 2
    assert all("eprint" not in e.fields_dict for e in entries)  # the digest's papers carry no arXiv id

    text = export.conversation_markdown(turns, title="JOENA and DataMan")
    assert text.startswith("# JOENA and DataMan") and text.count("### References") == 2
    assert text.index("## How does JOENA") < text.index("## How does DataMan select")


def test_a_refusal_exports_its_suggestions_and_no_entries(corpus_store):
    refused = (
        Pipeline(corpus_store.settings, corpus_store).ask("What is the boiling point of mercury on Mars?").to_dict()
    )
    assert refused["abstained"] and export.bibtex(refused["citations"]) == ""
    assert "Closest papers:" in export.answer_markdown(refused)
