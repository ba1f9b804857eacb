"""One rule for bad input (issue 16, item 6 and 7): the real `rag` command and the library refuse the
same questions the web chat does, report every kind of empty file alike, name the line of a duplicate
id, go on past a symlink loop, and keep progress bars out of --json runs."""

from __future__ import annotations

import json
import time

import pytest

from rag.answer.limits import MAX_QUESTION_CHARS, QuestionError
from tests.conftest import run_cli

GOOD = {
    "id": "2501.00001",
    "title": "Sparse Attention for Long Protein Sequences",
    "abstract": "We study sparse attention. Memory use halves.",
}


def _one_line_error(result, *words: str) -> None:
    assert result.returncode == 2, result.stderr
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("error: ") and "Traceback" not in result.stderr
    for word in words:
        assert word in result.stderr


@pytest.mark.parametrize("question", ["", "   "])
def test_rag_ask_refuses_an_empty_question_with_exit_2(tmp_path, question):
    result = run_cli("ask", question, store_dir=tmp_path / ".rag")  # before: exit 0 with a refusal
    _one_line_error(result, "Type a question first")
    assert not (tmp_path / ".rag").exists()


def test_rag_ask_refuses_a_long_question_before_any_work(tmp_path):
    started = time.monotonic()
    result = run_cli("ask", "why " * 25_000, store_dir=tmp_path / ".rag")  # before: 96 s of work
    _one_line_error(result, "99,999 characters", f"limited to {MAX_QUESTION_CHARS:,}")
    assert not (tmp_path / ".rag").exists()  # no store opened, no model loaded
    assert time.monotonic() - started < 60


def test_the_library_applies_the_same_rule(settings):
    from rag.answer.pipeline import Pipeline

    with pytest.raises(QuestionError, match="limited to"):
        Pipeline(settings).ask("x" * (MAX_QUESTION_CHARS + 1))
    assert not settings.store_dir.exists()


EMPTY_FILES = ["a.jsonl", "b.bib", "c.xml", "d.txt", "e.json", "f.ris", "g.md"]


def test_empty_files_are_reported_alike_for_every_format(tmp_path):
    for name in EMPTY_FILES:
        (tmp_path / name).write_bytes(b"")
    (tmp_path / "blank.jsonl").write_text("\n\n", encoding="utf-8")
    result = run_cli(
        "ingest", *[str(tmp_path / n) for n in [*EMPTY_FILES, "blank.jsonl"]], "--json", store_dir=tmp_path / ".rag"
    )
    assert result.returncode == 1
    rejected = {(r["source"], r["reason"]) for r in json.loads(result.stdout)["rejected"]}
    assert rejected == {(str(tmp_path / n), "file is empty") for n in EMPTY_FILES} | {
        (str(tmp_path / "blank.jsonl"), "file holds no paper entries")
    }


def test_a_duplicate_id_names_both_lines(tmp_path):
    path = tmp_path / "papers.jsonl"
    lines = [GOOD, {"id": "2501.00002", "title": "Other", "abstract": "Other text."}, dict(GOOD, title="Same Id Again")]
    path.write_text("".join(json.dumps(r) + "\n" for r in lines), encoding="utf-8")
    result = run_cli("ingest", str(path), "--json", store_dir=tmp_path / ".rag")
    [problem] = json.loads(result.stdout)["rejected"]
    assert problem == {
        "source": str(path),
        "where": "line 3",
        "reason": f"duplicate paper id '2501.00001' (first at {path}: line 1)",
    }


def test_a_symlink_loop_is_one_bad_entry_and_the_rest_goes_in_without_progress_bars(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "loop.jsonl").symlink_to("loop.jsonl")  # points at itself
    (inbox / "papers.jsonl").write_text(json.dumps(GOOD) + "\n", encoding="utf-8")
    result = run_cli("ingest", str(inbox), "--json", store_dir=tmp_path / ".rag")
    assert result.returncode == 1 and "Traceback" not in result.stderr  # before: a traceback, nothing ingested
    report = json.loads(result.stdout)
    assert report["papers_added"] == 1
    assert report["rejected"] == [
        {
            "source": str(inbox / "loop.jsonl"),
            "where": None,
            "reason": "cannot read entry: Too many levels of symbolic links",
        }
    ]
    assert result.stderr == ""  # before: "Loading weights: 100%|███..." on stderr
