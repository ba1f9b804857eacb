"""Watched questions through the CLI (subprocesses on a real store): add, ingest reports new papers, list, run, remove."""

from __future__ import annotations

import json

from tests.conftest import CORPUS, SOURDOUGH, run_cli, run_cli_json


def test_a_watched_question_reports_a_new_paper_after_ingest(tmp_path):
    store_dir = tmp_path / ".rag"
    run_cli_json("ingest", str(CORPUS), store_dir=store_dir)
    added = run_cli("watch", "add", "Which papers use graph networks?", store_dir=store_dir)
    assert added.returncode == 0 and "watching [1] Which papers use graph networks?" in added.stdout
    nothing = run_cli("watch", "run", store_dir=store_dir)
    assert "No watched question has new papers." in nothing.stdout

    extra = tmp_path / "sourdough.jsonl"
    extra.write_text(json.dumps(SOURDOUGH) + "\n", encoding="utf-8")
    ingested = run_cli("ingest", str(extra), store_dir=store_dir)
    assert ingested.returncode == 0, ingested.stderr
    assert "1 watched question has new papers" in ingested.stdout
    assert f"new: {SOURDOUGH['title']}" in ingested.stdout

    (watch,) = run_cli_json("watch", "list", store_dir=store_dir)["watches"]
    assert watch["new"] == ["2502.09999"] and "2502.09999" in watch["cited"]
    again = run_cli("watch", "run", store_dir=store_dir)
    assert "No watched question has new papers." in again.stdout  # already seen
    assert run_cli("watch", "remove", "1", store_dir=store_dir).returncode == 0
    missing = run_cli("watch", "remove", "1", store_dir=store_dir)
    assert missing.returncode == 1 and "no watched question 1" in missing.stderr
