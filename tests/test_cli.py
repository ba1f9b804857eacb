"""The `rag` command: ingest, papers, ask, and bad input that names the file and changes nothing.

One run of each command is a real subprocess (`run_cli`: the entry point, its exit status, its error
line; ingest's is the session's `conftest.cli_corpus_dir`, whose report is checked there); the rest
run in this process through typer's CliRunner (`invoke_cli`), the same command code without loading
the model again for every call."""

from __future__ import annotations

import json

import pytest

from tests.conftest import CORPUS, copy_corpus_store, invoke_cli, invoke_cli_json, run_cli, run_cli_json

GOOD = {
    "id": "2502.09999",
    "title": "A Good Paper",
    "abstract": "It is fine. Nothing is wrong with it.",
    "authors": "A. Author",
    "update_date": "2025-02-01",
}


@pytest.fixture(scope="module")
def indexed(tmp_path_factory, cli_corpus_dir):
    """A store with the shipped corpus, for this module: a copy of the session's store written by
    `rag ingest` as a subprocess (conftest.cli_corpus_dir checks that ingest's JSON report)."""
    return copy_corpus_store(cli_corpus_dir, tmp_path_factory.mktemp("cli") / ".rag")


def _snapshot(store_dir):
    listed = invoke_cli_json("papers", store_dir=store_dir)
    return sorted(json.dumps(p, sort_keys=True) for p in listed["papers"])


def test_reingest_reports_all_unchanged(indexed):
    counts = invoke_cli_json("ingest", str(CORPUS), store_dir=indexed)
    assert (counts["papers_added"], counts["papers_unchanged"], counts["chunks_added"]) == (0, 10, 0)


def test_papers_json_lists_the_ten_shipped_papers(indexed):
    papers = invoke_cli_json("papers", store_dir=indexed)["papers"]
    assert len(papers) == 10
    assert set(papers[0]) == {"id", "title", "authors", "published", "categories"}
    joena = next(p for p in papers if p["title"] == "Joint Optimal Transport and Embedding for Network Alignment")
    assert joena["authors"] == ["Qi Yu", "Zhichen Zeng", "Yuchen Yan", "Lei Ying", "R. Srikant", "Hanghang Tong"]
    assert joena["published"] == "2025-02-26"
    assert joena["categories"] == ["cs.AI", "cs.LG", "cs.SI"]


def test_papers_text_and_help(indexed):
    result = run_cli("papers", store_dir=indexed)
    assert result.returncode == 0 and "DataMan: Data Manager for Pre-training Large Language Models" in result.stdout
    for command in ("ingest", "papers"):
        helped = invoke_cli(command, "--help", store_dir=indexed)
        assert helped.returncode == 0 and "--json" in helped.stdout


BAD_FILES = {
    "truncated.jsonl": (json.dumps(GOOD) + "\n" + '{"id": "2502.1", "title": "Cut sho').encode(),
    "broken.xml": b'<?xml version="1.0"?>\n<feed xmlns="http://www.w3.org/2005/Atom">\n<entry><title>T</title>\n</feed>\n',
    "no-title.jsonl": (json.dumps(GOOD) + "\n" + json.dumps(dict(GOOD, id="2502.2", title=""))).encode(),
    "no-abstract.jsonl": (
        json.dumps(GOOD) + "\n" + json.dumps({k: v for k, v in GOOD.items() if k != "abstract"} | {"id": "2502.3"})
    ).encode(),
    # A digest saved as Shift_JIS instead of UTF-8.
    "shift-jis.txt": "Caf\u00e9 Paper\n\n要約\n\n日本語の要約です。\n".encode("shift_jis", errors="replace"),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_input_names_the_file_and_changes_nothing_under_strict(indexed, tmp_path, name):
    bad = tmp_path / name
    bad.write_bytes(BAD_FILES[name])
    before = _snapshot(indexed)
    result = invoke_cli("ingest", "--strict", str(bad), store_dir=indexed)
    assert result.returncode == 1
    assert str(bad) in result.stderr and "line" in result.stderr
    assert "Traceback" not in result.stderr
    assert _snapshot(indexed) == before


def test_bad_only_file_changes_nothing_by_default_and_json_lists_it(indexed, tmp_path):
    bad = tmp_path / "bad.xml"
    bad.write_bytes(BAD_FILES["broken.xml"])
    before = _snapshot(indexed)
    result = invoke_cli("ingest", str(bad), "--json", store_dir=indexed)
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["papers_added"] == 0 and report["rejected"][0]["source"] == str(bad)
    assert _snapshot(indexed) == before


def test_unknown_file_type_and_missing_path(indexed, tmp_path):
    odd = tmp_path / "notes.pdf"
    odd.write_bytes(b"%PDF-1.4")
    result = invoke_cli("ingest", str(odd), str(tmp_path / "missing.jsonl"), store_dir=indexed)
    assert result.returncode == 1
    assert "notes.pdf" in result.stderr and "missing.jsonl" in result.stderr
    assert "Traceback" not in result.stderr


def test_ask_json_has_the_documented_shape(indexed):
    answer = run_cli_json("ask", "How much does static quantization cut energy use?", store_dir=indexed)
    assert set(answer) >= {"answer", "citations", "abstained", "answerer", "notice", "latency_ms"}
    assert answer["abstained"] is False and answer["answerer"] == "extractive" and answer["notice"] is None
    assert "29.14%" in answer["answer"] and "[1]" in answer["answer"]
    citation = answer["citations"][0]
    assert set(citation) >= {"n", "id", "title", "authors", "published", "url", "passages"}
    assert citation["n"] == 1 and citation["title"].startswith("Energy-Efficient Transformer Inference")
    assert citation["passages"] and {"text", "score"} <= set(citation["passages"][0])


def test_ask_text_prints_answer_and_references(indexed):
    result = invoke_cli("ask", "Who wrote the hyperfitting paper?", store_dir=indexed)
    assert result.returncode == 0
    assert "Fredrik Carlsson" in result.stdout and "References:" in result.stdout
    assert "[1] The Hyperfitting Phenomenon" in result.stdout


def test_ask_with_history_file_and_paper_filter(indexed, tmp_path):
    history = tmp_path / "history.json"
    history.write_text(
        json.dumps(
            [
                {"role": "user", "content": "Which paper introduces DataMan?"},
                {
                    "role": "assistant",
                    "content": "In this paper, we train a Data Manager (DataMan) [1].\n\nReferences:\n[1] DataMan: Data Manager for Pre-training Large Language Models. Ru Peng",
                },
            ]
        ),
        encoding="utf-8",
    )
    follow = invoke_cli_json(
        "ask", "How many tokens did its annotated corpus have?", "--history", str(history), store_dir=indexed
    )
    assert [c["title"] for c in follow["citations"]] == ["DataMan: Data Manager for Pre-training Large Language Models"]
    assert "447B" in follow["answer"]
    restricted = invoke_cli_json(
        "ask", "What speedup is reported?", "--paper", "Joint Optimal Transport", "-k", "3", store_dir=indexed
    )
    assert [c["title"] for c in restricted["citations"]] == [
        "Joint Optimal Transport and Embedding for Network Alignment"
    ]


def test_ask_bad_history_and_unknown_paper_are_clear_errors(indexed, tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text('[{"role": "user", "content": "hi"', encoding="utf-8")
    result = run_cli("ask", "anything", "--history", str(broken), store_dir=indexed)
    assert result.returncode == 1 and "broken.json" in result.stderr and "line 1" in result.stderr
    assert "Traceback" not in result.stderr
    result = invoke_cli("ask", "anything", "--paper", "no-such-paper", store_dir=indexed)
    assert result.returncode == 1 and "no-such-paper" in result.stderr and "Traceback" not in result.stderr


def test_abstention_through_the_cli(indexed):
    answer = invoke_cli_json("ask", "What is the population of Lisbon?", store_dir=indexed)
    assert answer["abstained"] is True and answer["citations"] == []
