"""Does the way a question is typed change its answer? The blind dev questions, asked as written and retyped.

    .venv/bin/python -m bench.question_variants [--store DIR] [--cases GLOB]

Every single-turn question of the blind development halves (tests/cases/blind/shipped*_dev.jsonl; the
test halves are never read) is asked as its writer typed it and in each variant that applies to it:

- courtesy: "Hi! Quick question: … Thanks!" / 「質問です。…よろしくお願いします。」
- remark: a sentence about the asker first ("I am preparing a journal club.", 「ゼミの準備をしています。」)
- lower_case: an English question typed all in lower case
- typo: two neighbouring letters swapped in the longest lower-case English word of six letters or more
- preprint: "preprint" for "paper"
- full_width: a Japanese question's Latin letters and digits in full width (ＣＨＦ)
- spaced: spaces between a Japanese question's Latin words or numbers and its Japanese
- casual: a chat opener before it ("ok so, …", 「えっと、…」)
- no_mark: without its question mark

and reports, per variant, how many of the questions answered right as written go wrong retyped. The
writers' own questions are the judge, as in `rag eval`: same papers, same facts, same refusals.
Writes bench/results/question_variants.json.
"""

from __future__ import annotations

import argparse
import json
import re
import tempfile
from collections.abc import Callable
from pathlib import Path

from bench.common import ROOT, machine, shipped_store, write_results

_JAPANESE = r"\u3040-\u30ff\u4e00-\u9fff"


def _typo(question: str) -> str | None:
    words = [w for w in re.findall(r"\b[a-z]{6,}\b", question)]
    if not words:
        return None
    word = max(words, key=len)
    i = len(word) // 2
    return question.replace(word, word[:i] + word[i + 1] + word[i] + word[i + 2 :], 1)


def _casual(question: str) -> str:
    return f"ok so, {question[:1].lower()}{question[1:]}"


def _no_mark(question: str) -> str | None:
    bare = question.rstrip().rstrip("?？")
    return bare if bare != question.rstrip() else None


def _full_width(question: str) -> str | None:
    if not re.search(r"[A-Za-z0-9]", question):
        return None
    return "".join(chr(ord(c) + 0xFEE0) if c.isascii() and c.isalnum() else c for c in question)


def _spaced(question: str) -> str | None:
    spaced = re.sub(rf"(?<=[A-Za-z0-9])(?=[{_JAPANESE}])|(?<=[{_JAPANESE}])(?=[A-Za-z0-9])", " ", question)
    return spaced if spaced != question else None


VARIANTS: dict[str, dict[str, Callable[[str], str | None]]] = {
    "en": {
        "courtesy": lambda q: f"Hi! Quick question: {q} Thanks!",
        "remark": lambda q: f"I am preparing a journal club. {q}",
        "lower_case": lambda q: q.lower() if q != q.lower() else None,
        "typo": _typo,
        "preprint": lambda q: re.sub(r"\bpaper\b", "preprint", q) if re.search(r"\bpaper\b", q) else None,
        "casual": _casual,
        "no_mark": _no_mark,
    },
    "ja": {
        "courtesy": lambda q: f"質問です。{q}よろしくお願いします。",
        "remark": lambda q: f"ゼミの準備をしています。{q}",
        "full_width": _full_width,
        "spaced": _spaced,
        "casual": lambda q: f"えっと、{q}",
        "no_mark": _no_mark,
    },
}


def variant_cases(paths: list[Path]) -> list[dict]:
    """The single-turn cases, each as written (variant "") and in every variant that applies to it."""
    out = []
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            case = json.loads(line)
            if "turns" in case:
                continue
            out.append({**case, "id": f"{case['id']}|"})
            for name, retype in VARIANTS[case["lang"]].items():
                retyped = retype(case["question"])
                if retyped:
                    out.append({**case, "id": f"{case['id']}|{name}", "question": retyped})
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", type=Path, help="a store holding the shipped corpus (default: index it afresh)")
    parser.add_argument("--cases", default="shipped*_dev.jsonl", help="blind case files under tests/cases/blind")
    args = parser.parse_args()

    from tqdm import tqdm

    from rag.answer.pipeline import Pipeline
    from rag.evaluation.cases import load_cases, run
    from rag.settings import Settings

    paths = sorted((ROOT / "tests" / "cases" / "blind").glob(args.cases))
    cases = variant_cases([p for p in paths if "_test" not in p.name])
    with shipped_store(args.store) as store, tempfile.TemporaryDirectory() as tmp:
        file = Path(tmp) / "variants.jsonl"
        file.write_text("".join(json.dumps(c, ensure_ascii=False) + "\n" for c in cases), encoding="utf-8")
        pipeline = Pipeline(Settings(store_dir=store.settings.store_dir), store)
        loaded = load_cases(file)
        with tqdm(total=len(loaded), desc="questions", unit="q") as bar:
            report = run(loaded, pipeline.ask, store.catalog.find, bar.update)
    passed = {r.id: r.passed for r in report.results}
    rows = {}
    for name in sorted({n for table in VARIANTS.values() for n in table}):
        retyped = [i for i in passed if i.endswith(f"|{name}")]
        right = [i for i in retyped if passed[i.rsplit("|", 1)[0] + "|"]]
        lost = [i.rsplit("|", 1)[0] for i in right if not passed[i]]
        rows[name] = {
            "questions": len(retyped),
            "right_as_written": len(right),
            "wrong_retyped": len(lost),
            "lost": lost,
        }
        print(
            f"{name:11} {len(retyped):5} questions  {len(right):5} right as written  {len(lost):4} of them wrong retyped"
        )
    write_results("question_variants", {"machine": machine(), "cases": args.cases, "variants": rows})


if __name__ == "__main__":
    main()
