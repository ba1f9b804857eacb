"""Calibrate the relevance gate (rag/relevance.py) on questions written for the purpose.

    .venv/bin/python -m bench.calibrate_relevance [--store DIR]

Indexes the shipped corpus into a temporary store (or uses --store), computes the gate's two
signals for each question of bench/calibration/relevance_questions.jsonl (answerable or not, none
taken from the evaluation cases) exactly as the pipeline does, and prints them with the thresholds
that separate the two groups with the fewest errors (the middle of the widest gap among equals). The chosen values are constants in rag/relevance.py.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from bench.common import ROOT, best_threshold, shipped_store

QUESTIONS = ROOT / "bench" / "calibration" / "relevance_questions.jsonl"


def signals(pipeline, text: str) -> tuple[str, float, float]:
    """(group, dense, coverage) of the best-supported paper, as the fact path of the pipeline sees
    them; the group is the language, with "named" for English questions that name their paper."""
    from rag.answer.relevance import combined

    plan = pipeline.planner.plan(text, [], [])
    passages, _ = pipeline._search_and_judge(plan, pipeline.settings.top_k, plan.focus or None)
    features = pipeline.relevance.features(plan.question, plan.gate_query, passages)
    group = "named" if plan.focus and plan.question.lang == "en" else plan.question.lang
    if not features:
        return group, 0.0, 0.0
    dense, coverage = max(features.values(), key=lambda f: combined(plan.question, *f))
    return group, max(dense, 0.0), coverage


def main() -> None:
    from rag.answer.pipeline import Pipeline
    from rag.answer.questions import analyse
    from rag.answer.relevance import COVERAGE_MIN_JA, RELEVANCE_MIN, RELEVANCE_MIN_NAMED, combined

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--store", type=Path, help="an existing store holding the shipped corpus")
    args = parser.parse_args()
    with shipped_store(args.store) as store:
        pipeline = Pipeline(store.settings, store)
        rows = []
        for line in QUESTIONS.read_text(encoding="utf-8").splitlines():
            case = json.loads(line)
            group, dense, coverage = signals(pipeline, case["q"])
            rows.append((group, case["relevant"], combined(analyse(case["q"]), dense, coverage), dense, coverage, case["q"]))

    print(f"{'group':5} {'answerable':10} {'score':>6} {'dense':>6} {'cover':>6}  question")
    for group, relevant, score, dense, coverage, text in sorted(rows, key=lambda r: (r[0], r[2])):
        print(f"{group:5} {str(relevant):10} {score:6.2f} {dense:6.2f} {coverage:6.2f}  {text}")
    for group, current in (("en", RELEVANCE_MIN), ("named", RELEVANCE_MIN_NAMED), ("ja", COVERAGE_MIN_JA)):
        yes = [r[2] for r in rows if r[0] == group and r[1]]
        no = [r[2] for r in rows if r[0] == group and not r[1]]
        threshold, missed, let_through = best_threshold(yes, no)
        errors = sum(s < current for s in yes) + sum(s >= current for s in no)
        print(
            f"\n{group}: {len(yes)} answerable, {len(no)} not; lowest answerable {min(yes):.2f}, highest unanswerable "
            f"{max(no):.2f}; fewest errors at {threshold:.2f} ({missed} answerable refused, {let_through} unanswerable "
            f"answered); current threshold {current:.2f} misjudges {errors}"
        )


if __name__ == "__main__":
    main()
