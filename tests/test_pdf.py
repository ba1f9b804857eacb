"""PDF papers through the real CLI: page-level citations, enrichment of an indexed paper, bad PDFs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.pdf_papers import broken_pdfs, tidal_paper, write_pdf
from tests.conftest import invoke_cli, invoke_cli_json, run_cli, run_cli_json

# The same paper as a metadata record, without its arXiv id: the PDF finds it by its title.
RECORD = {
    "id": "tidal-bladder-storage",
    "title": "Submerged bladder storage for tidal stream energy",
    "abstract": "Tidal stream turbines generate power on the schedule of the tides rather than that of demand. "
    "We store the energy as pressurised water in bladders on the seabed.",
    "authors": "Morag Campbell, Tomas Okafor and Ines Brandt",
    "categories": "physics.ao-ph",
    "update_date": "2025-03-06",
}


@pytest.fixture(scope="module")
def pdf(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("pdfs") / "tidal.pdf"
    write_pdf(tidal_paper(), path)
    return path


@pytest.fixture(scope="module")
def pdf_store(tmp_path_factory, pdf) -> Path:
    store = tmp_path_factory.mktemp("pdf-store") / ".rag"
    report = run_cli_json("ingest", str(pdf), store_dir=store)
    assert (report["papers_added"], report["rejected"]) == (1, [])
    return store


def test_the_pdf_paper_is_listed_with_its_title_authors_and_pages(pdf_store):
    (paper,) = run_cli_json("papers", store_dir=pdf_store)["papers"]
    assert paper["title"] == "Submerged Bladder Storage for Tidal Stream Energy"
    assert paper["authors"] == ["Morag Campbell", "Tomás Okafor", "Ines Brandt"]
    assert (paper["id"], paper["pages"]) == ("2503.04417", 3)


@pytest.mark.parametrize(
    ("question", "page", "section", "fact"),
    [
        (
            "How many ceramic impellers does the turbine array use?",
            2,
            "3 System Design",
            "forty-eight ceramic impellers",
        ),
        ("What round-trip efficiency did the storage cycle reach?", 3, "5 Results", "81.5 percent"),
    ],
)
def test_answers_cite_the_page_the_fact_is_on(pdf_store, question, page, section, fact):
    answer = run_cli_json("ask", question, store_dir=pdf_store)
    assert fact in answer["answer"] and not answer["abstained"]
    (citation,) = answer["citations"]
    quoting = [p for p in citation["passages"] if fact in p["text"]]
    assert quoting and all((p["page"], p["section"]) == (page, section) for p in quoting)
    text = invoke_cli("ask", question, store_dir=pdf_store)  # the text form: the same command, in this process
    assert text.returncode == 0 and f"(p. {page}, {section})" in text.stdout


def test_the_pdf_case_file_passes_with_every_page_right(pdf_store):
    cases = Path(__file__).resolve().parent / "cases" / "pdf.jsonl"
    result = run_cli("eval", str(cases), "--json", store_dir=pdf_store)
    metrics = json.loads(result.stdout)
    assert (metrics["pass_rate"], metrics["page_accuracy"]) == (1.0, 1.0), result.stdout


def test_a_pdf_enriches_the_paper_indexed_from_metadata_and_reingest_changes_nothing(tmp_path, pdf):
    store = tmp_path / ".rag"
    record = tmp_path / "tidal.jsonl"
    record.write_text(json.dumps(RECORD) + "\n", encoding="utf-8")
    run_cli_json("ingest", str(record), store_dir=store)

    report = run_cli_json("ingest", str(pdf), store_dir=store)
    assert (report["papers_added"], report["papers_updated"]) == (0, 1)
    # The rest in this process (the same command code), now that no other process writes to the store.
    (paper,) = invoke_cli_json("papers", store_dir=store)["papers"]
    assert (paper["id"], paper["published"], paper["pages"]) == ("tidal-bladder-storage", "2025-03-06", 3)

    for again in (pdf, record):  # the same PDF, and the metadata it enriched: nothing changes
        report = invoke_cli_json("ingest", str(again), store_dir=store)
        assert (report["papers_unchanged"], report["chunks_added"]) == (1, 0)
    answer = invoke_cli_json("ask", "How many ceramic impellers does the turbine array use?", store_dir=store)
    assert answer["citations"][0]["id"] == "tidal-bladder-storage"
    assert {p.get("page") for p in answer["citations"][0]["passages"]} == {2}


def test_each_broken_pdf_is_one_line_exit_1_and_changes_nothing(pdf_store, pdf, tmp_path):
    made = broken_pdfs(tmp_path / "bad", pdf)
    before = run_cli_json("papers", store_dir=pdf_store)
    reasons = {
        "encrypted": "encrypted",
        "no text layer": "no text layer (a scan?); OCR is not supported",
        "truncated": "truncated or corrupt",
        "zero pages": "the PDF has no pages",
        "bomb": "refused as a PDF bomb",
    }
    for kind, path in made.items():
        result = run_cli("ingest", str(path), store_dir=pdf_store, RAG_PDF_MAX_MEMORY_MB="768")
        errors = [line for line in result.stderr.splitlines() if str(path) in line]
        assert result.returncode == 1, kind
        assert len(errors) == 1 and reasons[kind] in errors[0], (kind, result.stderr)
        assert "Traceback" not in result.stderr
    result = run_cli("ingest", str(pdf), store_dir=pdf_store, RAG_PDF_MAX_PAGES="2")
    assert result.returncode == 1 and "the PDF has 3 pages; the limit is 2 (RAG_PDF_MAX_PAGES)" in result.stderr
    assert run_cli_json("papers", store_dir=pdf_store) == before


def test_a_folder_ingest_reports_the_bad_pdf_and_goes_on(tmp_path, pdf):
    folder = tmp_path / "papers"
    folder.mkdir()
    (folder / "a-truncated.pdf").write_bytes(pdf.read_bytes()[:2000])
    (folder / "b-tidal.pdf").write_bytes(pdf.read_bytes())
    result = run_cli("ingest", str(folder), "--json", store_dir=tmp_path / ".rag")
    report = json.loads(result.stdout)
    assert result.returncode == 1 and report["papers_added"] == 1
    assert [r["source"] for r in report["rejected"]] == [str(folder / "a-truncated.pdf")]


def test_changed_metadata_of_an_enriched_paper_keeps_its_full_text(tmp_path, pdf):
    store = tmp_path / ".rag"
    record = tmp_path / "tidal.jsonl"
    record.write_text(json.dumps(RECORD) + "\n", encoding="utf-8")
    for path in (record, pdf):  # the metadata, then its PDF
        run_cli_json("ingest", str(path), store_dir=store)
    record.write_text(json.dumps({**RECORD, "update_date": "2025-04-01"}) + "\n", encoding="utf-8")
    report = invoke_cli_json("ingest", str(record), store_dir=store)  # in this process, after the others
    assert report["papers_updated"] == 1
    (paper,) = invoke_cli_json("papers", store_dir=store)["papers"]
    assert (paper["published"], paper["pages"]) == ("2025-04-01", 3)
