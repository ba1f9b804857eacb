"""`rag eval`: the shipped case file must pass at 90% or more (a regression fails the build)."""

from __future__ import annotations

import json

import pytest

from rag.evaluation.cases import CaseError, load_cases
from tests.conftest import ROOT, invoke_cli, run_cli

CASES = ROOT / "tests" / "cases" / "shipped_corpus.jsonl"
PASS_RATE_FLOOR = 0.9


@pytest.fixture(scope="module")
def indexed(corpus_store):
    """The session's store of the shipped papers (rag eval only reads it)."""
    return corpus_store.settings.store_dir


def test_shipped_case_file_is_well_formed():
    cases = load_cases(CASES)
    assert len(cases) >= 40
    turns = [t for c in cases for t in c.turns]
    assert sum(t.abstain for t in turns) >= 5
    assert any(len(c.turns) == 2 for c in cases)
    assert any(any("\u3040" <= ch <= "\u9fff" for ch in t.question) for t in turns)


def test_shipped_cases_pass_at_ninety_percent(indexed, tmp_path):
    out, report = tmp_path / "results.jsonl", tmp_path / "report.md"
    result = run_cli(
        "eval",
        str(CASES),
        "--out",
        str(out),
        "--report",
        str(report),
        "--fail-under",
        str(PASS_RATE_FLOOR),
        "--json",
        store_dir=indexed,
        timeout=900,
    )
    metrics = json.loads(result.stdout)
    assert result.returncode == 0, f"pass rate {metrics['pass_rate']}:\n{report.read_text()}"
    assert metrics["pass_rate"] >= PASS_RATE_FLOOR
    assert set(metrics) >= {
        "pass_rate",
        "paper_recall",
        "citation_precision",
        "fact_recall",
        "abstention_accuracy",
        "latency_ms_median",
        "latency_ms_p95",
    }
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(records) == metrics["turns"]
    assert {"c01", "t01#1", "t01#2"} <= {r["id"] for r in records}
    assert set(records[0]) >= {"id", "question", "answer", "citations", "abstained", "answerer", "notice", "latency_ms"}
    assert report.read_text().startswith("# Evaluation report")


def test_fail_under_fails_the_command(indexed, tmp_path):
    cases = tmp_path / "impossible.jsonl"
    cases.write_text(
        json.dumps(
            {
                "id": "x",
                "question": "What is the capital of Peru?",
                "papers": [],
                "answer_contains": [],
                "abstain": False,
            }
        )
        + "\n"
    )
    result = invoke_cli("eval", str(cases), "--fail-under", "0.5", store_dir=indexed)
    assert result.returncode == 1 and "below" in result.stderr


def test_malformed_case_file_names_the_line(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "a", "question": "ok?"}\n{"id": "b", "question": ""}\n', encoding="utf-8")
    with pytest.raises(CaseError, match=r"bad.jsonl: line 2"):
        load_cases(bad)


def test_papers_any_and_rates_per_kind_and_language(corpus_store, tmp_path):
    """A case judged by relevance judgements passes when any acceptable paper is cited; metrics per label."""
    from rag.answer.pipeline import Pipeline
    from rag.evaluation.cases import run

    cases = tmp_path / "judged.jsonl"
    rows = [
        {
            "id": "a",
            "kind": "fact",
            "lang": "en",
            "question": "How much faster is JOENA?",
            "papers_any": ["Joint Optimal Transport and Embedding for Network Alignment", "no-such-paper"],
        },
        {"id": "b", "kind": "fact", "lang": "en", "question": "How much faster is JOENA?", "papers_any": ["DataMan"]},
        {"id": "c", "kind": "off_topic", "lang": "ja", "question": "富士山の高さは何メートルですか?", "abstain": True},
    ]
    cases.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    pipeline = Pipeline(corpus_store.settings, corpus_store)
    report = run(load_cases(cases), lambda q, h: pipeline.ask(q, h), corpus_store.catalog.find)
    assert [r.passed for r in report.results] == [True, False, True]
    metrics = report.metrics()
    assert (
        metrics["cites_acceptable"] == 0.5
        and metrics["refused_unanswerable"] == 1.0
        and metrics["refused_answerable"] == 0.0
    )
    assert metrics["by_kind"] == {"fact": {"turns": 2, "pass_rate": 0.5}, "off_topic": {"turns": 1, "pass_rate": 1.0}}
    assert metrics["by_lang"]["ja"] == {"turns": 1, "pass_rate": 1.0}
