"""Calibrate the support threshold of citation verification (rag/verification.py).

    .venv/bin/python -m bench.calibrate_verification [--store DIR]

Claims written for the purpose (bench/calibration/support_claims.jsonl: paraphrases an LLM might
write about each shipped paper, some backed by its abstract and some plausible but absent from it,
in English and Japanese; none taken from the evaluation cases) are scored exactly as the verifier
scores a cited sentence: EvidenceScorer.support over the cited passage's sentences and text.
  - a claim cited to its own paper: the best-supporting passage of that paper (the one an LLM
    would cite); labelled as written;
  - a backed claim cited to another paper ("mis-cited", built from the corpus): the best passage
    of any other paper; always unsupported.
It prints the score distributions and, per language, the threshold with the fewest errors (ties:
the middle of the widest gap), with the errors of each kind. The chosen values are constants in
rag/verification.py. Claims that fail the numbers rule are left out of the choice (the rule
removes them whatever their score) and counted apart.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from bench.common import ROOT, best_threshold, shipped_store

CLAIMS = ROOT / "bench" / "calibration" / "support_claims.jsonl"


def best_support(verifier, claim: str, passages) -> float:
    weights = verifier.scorer.weights(claim)
    return max(verifier.scorer.support(claim, verifier.sources(p, claim), weights) for p in passages)


def main() -> None:
    from rag.answer.evidence import EvidenceScorer
    from rag.answer.retrieval import Retriever
    from rag.answer.verification import SUPPORT_MIN, SUPPORT_MIN_JA, Verifier, _numbers
    from rag.text import is_cjk

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--store", type=Path, help="an existing store holding the shipped corpus")
    args = parser.parse_args()
    with shipped_store(args.store) as store:
        retriever = Retriever(store)
        verifier = Verifier(EvidenceScorer(store), retriever.paper_passages)
        papers = store.papers()
        passages = {p.id: retriever.paper_passages(p.id) for p in papers}
        rows = []  # (lang, kind, supported, score, numbers_ok, claim)
        for line in CLAIMS.read_text(encoding="utf-8").splitlines():
            case = json.loads(line)
            own = next(p for p in papers if case["paper"].casefold() in p.title.casefold())
            claim, lang = case["claim"], "ja" if is_cjk(case["claim"]) else "en"
            score = best_support(verifier, claim, passages[own.id])
            text = " ".join(s for p in passages[own.id] for s in verifier.sources(p, claim))
            rows.append((lang, "own", case["supported"], score, not (_numbers(claim) - _numbers(text)), claim))
            if case["supported"]:
                others = [p for other in papers if other.id != own.id for p in passages[other.id]]
                rows.append((lang, "mis-cited", False, best_support(verifier, claim, others), True, claim))

    print(f"{'lang':4} {'kind':9} {'backed':6} {'score':>6}  claim")
    for lang, kind, backed, score, _, claim in sorted(rows, key=lambda r: (r[0], r[3])):
        print(f"{lang:4} {kind:9} {str(backed):6} {score:6.2f}  {claim[:100]}")
    for lang, current in (("en", SUPPORT_MIN), ("ja", SUPPORT_MIN_JA)):
        # Claims whose numbers are not in the passages are removed by the numbers rule whatever
        # their score (a changed figure scores high: the rest of the sentence is the passage's).
        yes = [r[3] for r in rows if r[0] == lang and r[2] and r[4]]
        no = [r[3] for r in rows if r[0] == lang and not r[2] and r[4]]
        threshold, rejected, accepted = best_threshold(yes, no)
        cur_rejected, cur_accepted = sum(s < current for s in yes), sum(s >= current for s in no)
        print(
            f"\n{lang}: {len(yes)} backed, {len(no)} unbacked that pass the numbers rule ({sum(1 for r in rows if r[0] == lang and r[1] == 'mis-cited')} mis-cited); "
            f"fewest errors at {threshold:.3f}: {rejected} backed removed, {accepted} unbacked kept. "
            f"Current {current:.3f}: {cur_rejected} backed removed, {cur_accepted} unbacked kept."
        )
    caught = [r for r in rows if r[1] == "own" and not r[4]]
    print(
        f"\nnumbers rule: {sum(1 for r in caught if r[2])} backed claims would fail it, {sum(1 for r in caught if not r[2])} unbacked would"
    )


if __name__ == "__main__":
    main()
