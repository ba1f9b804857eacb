"""Fit the relevance gate (rag/answer/relevance.py) on questions written for the purpose.

    .venv/bin/python -m bench.calibrate_relevance [--store DIR] [--all-dev]

Indexes the shipped corpus into a temporary store (or uses --store) and computes, exactly as the
pipeline does, the gate's features for the best paper of each question of
- bench/calibration/relevance_questions.jsonl (answerable or not, written for calibrating), and
- the development halves of the blind question sets over the shipped papers (tests/cases/blind/*_dev;
  their standalone questions and conversations' first turns; off-topic ones are "not covered", the rest
  covered, since a "not stated" question is about its paper). The test halves are never read.
Every retrieved paper is an example, not only the best: for a blind question, the papers its writer
listed are covered and the others not; for an unanswerable question none is; for an answerable
calibration question (which names no papers) only the best one, as covered. Then fits one logistic model per group
(English naming its paper, English asked of the collection ("which paper…", "is there any work on…"),
other English, Japanese)
with Newton's method and a little L2, and prints the coefficients for GATES, the misjudged questions,
and the leave-one-out error count. Writes bench/results/calibrate_relevance.json.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict
from pathlib import Path

import numpy as np

from bench.common import ROOT, machine, shipped_store, write_results
from rag.answer.relevance import Features

QUESTIONS = ROOT / "bench" / "calibration" / "relevance_questions.jsonl"
# The first round's test half was reported once (BENCHMARKS) before it joined the development data. With
# --all-dev, every dev half: the question gate of English questions asked of the collection ("is there any
# work here on …?") was fitted so on 2026-12-07 (dev halves through the forty-fourth); the other gates keep
# their fit on the first rounds, a refit on every dev half having answered more off-topic questions.
BLIND = ROOT / "tests" / "cases" / "blind"
BLIND_DEV = [BLIND / f"{name}.jsonl" for name in ("shipped_dev", "shipped_test", "shipped2_dev")]
# A question that names its paper is not judged by its words foreign to the collection: those are its
# phrasing ("so-called", "set apart") or a detail the paper does not state, which the coverage check
# (rag/answer/coverage.py) finds by name, number or count and says so, rather than refusing outright.
FEATURES = {
    "en": ("dense", "coverage", "foreign"),
    "en_topic": ("dense", "coverage", "foreign"),
    "named": ("dense", "coverage"),
    "ja": ("coverage", "foreign"),
}
L2 = 0.05
# What each feature can only mean: more meaning or wording is never evidence against coverage, more
# words foreign to the collection never evidence for it. A fit that gives a feature the other sign (few
# examples of one kind) is redone without that feature rather than kept with a sign that makes no sense.
SIGNS = {"dense": 1, "coverage": 1, "foreign": -1}


def examples(all_dev: bool = False) -> list[tuple[str, bool, str, list[str]]]:
    """(question, answerable, source, titles of the papers it is about) for every calibration question."""
    rows: list[tuple[str, bool, str, list[str]]] = [
        (c["q"], bool(c["relevant"]), "calibration", [])
        for c in map(json.loads, QUESTIONS.read_text(encoding="utf-8").splitlines())
    ]
    for path in sorted(BLIND.glob("shipped*_dev.jsonl")) if all_dev else BLIND_DEV:
        for line in path.read_text(encoding="utf-8").splitlines():
            case = json.loads(line)
            turn = case["turns"][0] if "turns" in case else case
            kind = turn.get("kind") or case.get("kind")
            if kind not in ("metadata", "comparison"):  # answered from records, or by naming both papers
                rows.append((turn["question"], kind != "off_topic", path.stem, list(turn.get("papers") or [])))
    return rows


def signals(
    pipeline, text: str, answerable: bool, titles: list[str]
) -> tuple[str, list[tuple[bool, dict[str, float]]]]:
    """(group, [(covered, features)] per retrieved paper) as the fact path of the pipeline sees them."""
    from rag.answer.relevance import QUESTION_GATES, gate_group

    plan = pipeline.planner.plan(text, [], [])
    passages, verdict = pipeline.judged(plan, [], pipeline.settings.top_k)
    group = gate_group(plan.question, bool(plan.focus))
    if verdict.strength == float("inf"):
        return group, []  # names its paper and asks nothing specific: always covered, nothing to fit
    features = verdict.features or {"": Features(0.0, 0.0, 1.0)}
    ranked = sorted(features.items(), key=lambda item: QUESTION_GATES[group].score(item[1]), reverse=True)
    expected = {pipeline.store.catalog.find(t)[0] for t in titles if pipeline.store.catalog.find(t)}
    if answerable and not expected:
        ranked = ranked[:1]  # only the best paper is known to cover it
    # The question gate learns whether the question is answerable at all (its best paper stands for
    # it); the paper gate, whether each paper is one the writer listed.
    return group, [
        (answerable and (rank == 0 or not expected or pid in expected), asdict(f))
        for rank, (pid, f) in enumerate(ranked)
    ]


def fit(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Logistic regression by Newton's method (IRLS) with L2 on the weights, not the bias."""
    x = np.hstack([x, np.ones((len(x), 1))])
    w = np.zeros(x.shape[1])
    penalty = np.diag([L2] * (x.shape[1] - 1) + [0.0])
    for _ in range(50):
        p = 1 / (1 + np.exp(-x @ w))
        gradient = x.T @ (p - y) + penalty @ w
        hessian = x.T @ (x * (p * (1 - p))[:, None]) + penalty + 1e-9 * np.eye(len(w))
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w


def predict(w: np.ndarray, x: np.ndarray) -> np.ndarray:
    return np.hstack([x, np.ones((len(x), 1))]) @ w >= 0


def report(title: str, data: list, names: tuple[str, ...]) -> dict:
    """Fit one model, print its coefficients and the examples it misjudges."""
    y = np.array([float(covered) for _, covered, _, _, _ in data])
    names = tuple(names)
    while True:
        x = np.array([[f[n] for n in names] for _, _, _, f, _ in data])
        w = fit(x, y)
        contrary = [n for n, v in zip(names, w) if v * SIGNS[n] < 0]
        if not contrary:
            break
        print(f"  {title}: {', '.join(contrary)} fitted with the contrary sign; refitted without")
        names = tuple(n for n in names if n not in contrary)
    wrong = [
        (text, covered, source)
        for (text, covered, source, _, _), ok in zip(data, predict(w, x) == y.astype(bool))
        if not ok
    ]
    loo = sum(predict(fit(np.delete(x, i, 0), np.delete(y, i)), x[i : i + 1])[0] != bool(y[i]) for i in range(len(y)))
    coefficients = {n: round(float(v), 2) for n, v in zip((*names, "bias"), w)}
    print(f"\n{title}: {len(y)} examples ({int(y.sum())} covered); coefficients {coefficients}")
    print(f"  misjudged {len(wrong)} (leave-one-out {loo})")
    for text, covered, source in wrong:
        print(f"    {'refused ' if covered else 'answered'} {text}  [{source}]")
    return {
        "examples": len(y),
        "covered": int(y.sum()),
        "coefficients": coefficients,
        "errors": len(wrong),
        "leave_one_out_errors": int(loo),
        "misjudged": wrong,
    }


def main(argv: list[str] | None = None) -> None:
    from rag.answer.pipeline import Pipeline

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--store", type=Path, help="an existing store holding the shipped corpus")
    parser.add_argument("--all-dev", action="store_true", help="every dev half, not only the first rounds'")
    args = parser.parse_args(argv)
    rows: dict[str, list[tuple[str, bool, str, dict, bool]]] = {group: [] for group in FEATURES}
    with shipped_store(args.store) as store:
        pipeline = Pipeline(store.settings, store)
        for text, answerable, source, titles in examples(args.all_dev):
            group, papers = signals(pipeline, text, answerable, titles)
            rows[group] += [
                (text, covered, source, features, rank == 0) for rank, (covered, features) in enumerate(papers)
            ]

    results = {}
    for gate in ("question", "paper"):
        for group, names in FEATURES.items():
            if gate == "paper" and group in ("named", "en_topic"):
                continue  # a question that names its paper is about that one paper; those asked of the
                # collection share the English paper gate
            kept = rows[group] + (rows["en_topic"] if gate == "paper" and group == "en" else [])
            data = [r for r in kept if gate == "paper" or r[4]]
            results[f"{gate}/{group}"] = report(f"{gate} gate, {group}", data, names)
    write_results("calibrate_relevance", {"groups": results, "machine": machine()})


if __name__ == "__main__":
    main()
