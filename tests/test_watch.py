"""Watched questions through the CLI on a real store: add, ingest reports new papers, list, run, remove.

`watch add`, the ingest that reports the news, the second `watch run` and the failing `watch remove`
are real subprocesses (the entry point, its exit status, its error line); the first `watch run`,
`watch list` and the first `watch remove` run the same command code in this process (`invoke_cli`)."""

from __future__ import annotations

import json

from tests.conftest import SOURDOUGH, copy_corpus_store, invoke_cli, invoke_cli_json, run_cli


def test_a_watched_question_reports_a_new_paper_after_ingest(tmp_path, cli_corpus_dir):
    store_dir = copy_corpus_store(cli_corpus_dir, tmp_path / ".rag")  # the ten shipped papers
    added = run_cli("watch", "add", "Which papers use graph networks?", store_dir=store_dir)
    assert added.returncode == 0 and "watching [1] Which papers use graph networks?" in added.stdout
    nothing = invoke_cli("watch", "run", store_dir=store_dir)
    assert nothing.returncode == 0 and "No watched question has new papers." in nothing.stdout

    extra = tmp_path / "sourdough.jsonl"
    extra.write_text(json.dumps(SOURDOUGH) + "\n", encoding="utf-8")
    ingested = run_cli("ingest", str(extra), store_dir=store_dir)
    assert ingested.returncode == 0, ingested.stderr
    assert "1 watched question has new papers" in ingested.stdout
    assert f"new: {SOURDOUGH['title']}" in ingested.stdout

    (watch,) = invoke_cli_json("watch", "list", store_dir=store_dir)["watches"]
    assert watch["new"] == ["2502.09999"] and "2502.09999" in watch["cited"]
    # A new process, so that its answer is certain to see the new paper: nothing new, because seen.
    again = run_cli("watch", "run", store_dir=store_dir)
    assert again.returncode == 0 and "No watched question has new papers." in again.stdout
    assert invoke_cli("watch", "remove", "1", store_dir=store_dir).returncode == 0
    missing = run_cli("watch", "remove", "1", store_dir=store_dir)
    assert missing.returncode == 1 and "no watched question 1" in missing.stderr
