"""Split a blind question set into a development and a test half, both holding every kind.

Within each kind the cases are shuffled with a fixed seed and dealt alternately; which half takes a
kind's odd case alternates from kind to kind. `python -m bench.blind_split SET.jsonl DEV.jsonl TEST.jsonl`
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path


def split(cases: list[dict], seed: int = 11) -> tuple[list[dict], list[dict]]:
    by_kind: dict[str, list[dict]] = {}
    for case in cases:
        by_kind.setdefault(case.get("kind", ""), []).append(case)
    dev: list[dict] = []
    test: list[dict] = []
    for turn, kind in enumerate(sorted(by_kind)):
        group = by_kind[kind]
        random.Random(f"{seed}:{kind}").shuffle(group)
        halves = (dev, test) if turn % 2 == 0 else (test, dev)
        for index, case in enumerate(group):
            halves[index % 2].append(case)
    order = {case["id"]: n for n, case in enumerate(cases)}
    return sorted(dev, key=lambda c: order[c["id"]]), sorted(test, key=lambda c: order[c["id"]])


def main(argv: list[str]) -> None:
    source, dev_path, test_path = (Path(a) for a in argv)
    cases = [json.loads(line) for line in source.read_text(encoding="utf-8").splitlines() if line.strip()]
    for path, half in zip((dev_path, test_path), split(cases)):
        path.write_text("".join(json.dumps(c, ensure_ascii=False) + "\n" for c in half), encoding="utf-8")
        print(f"{path}: {len(half)} cases, {sum(len(c.get('turns', [c])) for c in half)} turns")


if __name__ == "__main__":
    main(sys.argv[1:])
