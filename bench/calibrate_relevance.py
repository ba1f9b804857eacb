"""Calibrate the relevance gate (rag/relevance.py) on questions written for the purpose.

    .venv/bin/python -m bench.calibrate_relevance [--store DIR]

Indexes the shipped corpus into a temporary store (or uses --store), computes the gate's two
signals for each question of bench/calibration/relevance_questions.jsonl (answerable or not, none
taken from the evaluation cases) exactly as the pipeline does, and prints them with the thresholds
that separate the two groups: the midpoint between the lowest answerable and the highest
unanswerable score. The chosen values are constants in rag/relevance.py.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
QUESTIONS = ROOT / "bench" / "calibration" / "relevance_questions.jsonl"


def combined(question, dense: float, coverage: float) -> float:
    from rag.relevance import _combined

    return _combined(question, dense, coverage)


def signals(pipeline, text: str) -> tuple[str, float, float]:
    """(language, dense, coverage) of the best-supported paper, as the fact path of the pipeline sees them."""
    plan = pipeline.plan(text, [], [])
    passages, _ = pipeline._search_and_judge(plan, pipeline.settings.top_k, plan.focus or None)
    features = pipeline.relevance.features(plan.question, plan.gate_query, passages)
    if not features:
        return plan.question.lang, 0.0, 0.0
    dense, coverage = max(features.values(), key=lambda f: combined(plan.question, *f))
    return plan.question.lang, max(dense, 0.0), coverage


def main() -> None:
    from rag.ingest import ingest
    from rag.pipeline import Pipeline
    from rag.questions import analyse
    from rag.relevance import COVERAGE_MIN_JA, RELEVANCE_MIN
    from rag.settings import Settings
    from rag.store import Store

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--store", type=Path, help="an existing store holding the shipped corpus")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Settings(store_dir=args.store or Path(tmp) / ".rag"))
        if not args.store:
            ingest([ROOT / "corpus"], store)
        pipeline = Pipeline(store.settings, store)
        rows = []
        for line in QUESTIONS.read_text(encoding="utf-8").splitlines():
            case = json.loads(line)
            lang, dense, coverage = signals(pipeline, case["q"])
            score = combined(analyse(case["q"]), dense, coverage)
            rows.append((lang, case["relevant"], score, dense, coverage, case["q"]))

    print(f"{'lang':4} {'answerable':10} {'score':>6} {'dense':>6} {'cover':>6}  question")
    for lang, relevant, score, dense, coverage, text in sorted(rows, key=lambda r: (r[0], r[2])):
        print(f"{lang:4} {str(relevant):10} {score:6.2f} {dense:6.2f} {coverage:6.2f}  {text}")
    for lang, current in (("en", RELEVANCE_MIN), ("ja", COVERAGE_MIN_JA)):
        yes = [r[2] for r in rows if r[0] == lang and r[1]]
        no = [r[2] for r in rows if r[0] == lang and not r[1]]
        low, high = min(yes), max(no)
        errors = sum(s < current for s in yes) + sum(s >= current for s in no)
        print(
            f"\n{lang}: lowest answerable {low:.2f}, highest unanswerable {high:.2f}, midpoint {(low + high) / 2:.2f}; "
            f"current threshold {current:.2f} misjudges {errors} of {len(yes) + len(no)}"
        )


if __name__ == "__main__":
    main()
