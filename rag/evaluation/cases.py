"""Question sets through the pipeline: cases, per-turn records, and the metrics of `rag eval`.

A case is one JSON object per line: {"id", "question", "papers": [title or id], "answer_contains":
[[alternatives]], "abstain": bool}, or a conversation {"id", "turns": [case without id, ...]} whose
turns are asked in order, each with the earlier turns as history.
"""

from __future__ import annotations

import json
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rag.answer.conversation import exchange
from rag.models import Answer


class CaseError(ValueError):
    """A malformed case file: names the file and the line."""


@dataclass(frozen=True)
class Turn:
    question: str
    papers: tuple[str, ...] = ()
    answer_contains: tuple[tuple[str, ...], ...] = ()
    abstain: bool = False
    papers_any: tuple[str, ...] = ()  # cite at least one of these (questions judged by relevance judgements)
    kind: str = ""  # the writer's label (fact, topic, off_topic...): metrics are also reported per kind
    lang: str = ""
    pages: tuple[int, ...] = ()  # pages of a PDF paper the answer's quoted sentences must come from


@dataclass(frozen=True)
class Case:
    id: str
    turns: tuple[Turn, ...]


@dataclass
class TurnResult:
    id: str
    turn: Turn
    answer: Answer
    cited: list[str]  # paper ids
    expected: list[str]  # paper ids the case names (unknown titles stay as given)
    facts_found: list[bool]
    expected_any: list[str] = field(default_factory=list)
    in_conversation: bool = False

    @property
    def abstain_ok(self) -> bool:
        return self.answer.abstained == self.turn.abstain

    @property
    def paper_recall(self) -> float | None:
        if not self.expected or self.turn.abstain:
            return None
        return sum(p in self.cited for p in self.expected) / len(self.expected)

    @property
    def any_cited(self) -> bool | None:
        """Whether one of `papers_any` was cited (None when the case gives none)."""
        if not self.expected_any or self.turn.abstain:
            return None
        return any(p in self.expected_any for p in self.cited)

    @property
    def citation_precision(self) -> float | None:
        acceptable = set(self.expected) | set(self.expected_any)
        if not self.cited or self.turn.abstain or not acceptable:
            return None
        return sum(p in acceptable for p in self.cited) / len(self.cited)

    @property
    def fact_recall(self) -> float | None:
        if not self.facts_found or self.turn.abstain:
            return None
        return sum(self.facts_found) / len(self.facts_found)

    @property
    def pages_cited(self) -> set[int]:
        """Pages of the cited passages that hold a sentence the answer quotes."""
        return {
            p.chunk.page
            for c in self.answer.citations
            for p in c.passages
            if p.chunk.page is not None and any(s in p.chunk.text for s in c.supporting)
        }

    @property
    def page_ok(self) -> bool | None:
        """Whether every page the case names is cited (None when it names none)."""
        if not self.turn.pages or self.turn.abstain:
            return None
        return set(self.turn.pages) <= self.pages_cited

    @property
    def passed(self) -> bool:
        if not self.abstain_ok:
            return False
        if self.turn.abstain:
            return True
        checks = (self.paper_recall in (None, 1.0), self.any_cited in (None, True), self.page_ok in (None, True))
        return all(checks) and all(self.facts_found)

    def record(self) -> dict:
        return {
            "id": self.id,
            "question": self.turn.question,
            **self.answer.to_dict(),
            "expected_papers": self.expected,
            "expected_abstain": self.turn.abstain,
            "expected_pages": list(self.turn.pages),
            "kind_expected": self.turn.kind,
            "lang": self.turn.lang,
            "passed": self.passed,
        }


@dataclass
class Report:
    results: list[TurnResult] = field(default_factory=list)
    cases: dict[str, bool] = field(default_factory=dict)  # case id → every turn passed

    def metrics(self) -> dict:
        def mean(values):
            values = [v for v in values if v is not None]
            return round(statistics.fmean(values), 4) if values else None

        latencies = sorted(r.answer.latency_ms for r in self.results)
        answerable = [r for r in self.results if not r.turn.abstain]
        unanswerable = [r for r in self.results if r.turn.abstain]
        return {
            "cases": len(self.cases),
            "turns": len(self.results),
            "pass_rate": mean(float(ok) for ok in self.cases.values()),
            "turn_pass_rate": mean(float(r.passed) for r in self.results),
            "paper_recall": mean(r.paper_recall for r in self.results),
            "citation_precision": mean(r.citation_precision for r in self.results),
            "fact_recall": mean(r.fact_recall for r in self.results),
            "abstention_accuracy": mean(float(r.abstain_ok) for r in self.results),
            "cites_acceptable": mean(None if r.any_cited is None else float(r.any_cited) for r in self.results),
            "page_accuracy": mean(None if r.page_ok is None else float(r.page_ok) for r in self.results),
            "refused_answerable": mean(float(r.answer.abstained) for r in answerable),
            "refused_unanswerable": mean(float(r.answer.abstained) for r in unanswerable),
            "by_lang": self._pass_rates(lambda r: [r.turn.lang]),
            "by_kind": self._pass_rates(lambda r: [r.turn.kind] + (["conversation"] if r.in_conversation else [])),
            "latency_ms_median": round(statistics.median(latencies), 1) if latencies else None,
            "latency_ms_p95": round(_p95(latencies), 1) if latencies else None,
        }

    def _pass_rates(self, labels: Callable[[TurnResult], list[str]]) -> dict[str, dict]:
        """Turn pass rate per label (language, kind), for the labels the case file gives."""
        groups: dict[str, list[bool]] = {}
        for r in self.results:
            for label in dict.fromkeys(labels(r)):
                if label:
                    groups.setdefault(label, []).append(r.passed)
        return {k: {"turns": len(v), "pass_rate": round(sum(v) / len(v), 4)} for k, v in sorted(groups.items())}

    @property
    def failures(self) -> list[TurnResult]:
        return [r for r in self.results if not r.passed]


def load_cases(path: Path) -> list[Case]:
    cases, seen = [], set()
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise CaseError(f"cannot read {path}: {exc}") from None
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            case = _case(data)
        except json.JSONDecodeError as exc:
            raise CaseError(f"{path}: line {number}: invalid JSON: {exc.msg}") from None
        except (KeyError, TypeError, ValueError) as exc:
            raise CaseError(f"{path}: line {number}: {exc}") from None
        if case.id in seen:
            raise CaseError(f"{path}: line {number}: duplicate case id {case.id!r}")
        seen.add(case.id)
        cases.append(case)
    if not cases:
        raise CaseError(f"{path}: no cases")
    return cases


def _case(data: dict) -> Case:
    if not isinstance(data, dict) or "id" not in data:
        raise ValueError('a case needs an "id"')
    if "turns" in data:
        if not isinstance(data["turns"], list) or not data["turns"]:
            raise ValueError('"turns" must be a non-empty list')
        return Case(str(data["id"]), tuple(_turn(t, data) for t in data["turns"]))
    return Case(str(data["id"]), (_turn(data),))


def _turn(data: dict, inherited: dict | None = None) -> Turn:
    """One turn; a conversation's turns inherit its `kind` and `lang` when they give none."""
    inherited = inherited or {}
    question = data.get("question")
    if not isinstance(question, str) or not question.strip():
        raise ValueError('a case needs a non-empty "question"')
    groups = data.get("answer_contains") or []
    if not all(isinstance(g, list) and g and all(isinstance(a, str) for a in g) for g in groups):
        raise ValueError('"answer_contains" must be a list of non-empty lists of strings')
    papers, papers_any = data.get("papers") or [], data.get("papers_any") or []
    if not all(isinstance(p, str) for p in [*papers, *papers_any]):
        raise ValueError('"papers" and "papers_any" must be lists of titles or ids')
    pages = data.get("pages") or []
    if not all(isinstance(p, int) and not isinstance(p, bool) and p >= 1 for p in pages):
        raise ValueError('"pages" must be a list of page numbers (1-based)')
    return Turn(
        question,
        tuple(papers),
        tuple(tuple(g) for g in groups),
        bool(data.get("abstain", False)),
        tuple(papers_any),
        str(data.get("kind") or inherited.get("kind") or ""),
        str(data.get("lang") or inherited.get("lang") or ""),
        tuple(pages),
    )


def run(
    cases: Sequence[Case],
    ask: Callable[[str, list[dict]], Answer],
    find: Callable[[str], list[str]],
    progress: Callable[[int], None] | None = None,
) -> Report:
    """Ask every turn; `ask(question, history)` is the pipeline, `find` the catalogue's lookup
    (Catalog.find) that turns a case's titles and ids into paper ids."""

    def resolve(name: str) -> str:
        matches = find(name)
        return matches[0] if len(matches) == 1 else name  # an unknown paper stays as written: never cited

    report = Report()
    for case in cases:
        history: list[dict] = []
        ok = True
        for index, turn in enumerate(case.turns, 1):
            answer = ask(turn.question, list(history))
            turn_id = case.id if len(case.turns) == 1 else f"{case.id}#{index}"
            result = TurnResult(
                turn_id,
                turn,
                answer,
                cited=[c.paper.id for c in answer.citations],
                expected=[resolve(p) for p in turn.papers],
                expected_any=[resolve(p) for p in turn.papers_any],
                in_conversation=len(case.turns) > 1,
                facts_found=[
                    any(a.casefold() in answer.answer.casefold() for a in group) for group in turn.answer_contains
                ],
            )
            report.results.append(result)
            ok = ok and result.passed
            history += exchange(turn.question, answer)
        report.cases[case.id] = ok
        if progress:
            progress(1)
    return report


def write_records(report: Report, path: Path) -> None:
    with path.open("w", encoding="utf-8") as out:
        for result in report.results:
            out.write(json.dumps(result.record(), ensure_ascii=False) + "\n")


def markdown_report(report: Report, titles: dict[str, str]) -> str:
    """A readable table of the failures: the answer, what it cited, and what was expected."""
    m = report.metrics()
    lines = [
        "# Evaluation report",
        "",
        "| metric | value |",
        "|---|---|",
        *(f"| {k} | {v} |" for k, v in m.items()),
        "",
        f"## Failures ({len(report.failures)} of {len(report.results)} turns)",
        "",
    ]
    if not report.failures:
        lines.append("None.")
        return "\n".join(lines) + "\n"
    lines += ["| id | question | answer | cited | expected | why |", "|---|---|---|---|---|---|"]
    for r in report.failures:
        why = []
        if not r.abstain_ok:
            why.append("should have abstained" if r.turn.abstain else "abstained")
        if r.paper_recall not in (None, 1.0):
            why.append("missing papers")
        missing = [" / ".join(g) for g, found in zip(r.turn.answer_contains, r.facts_found) if not found]
        if missing and not r.turn.abstain:
            why.append("missing: " + "; ".join(missing))
        cells = [
            r.id,
            r.turn.question,
            r.answer.answer[:300] + ("…" if len(r.answer.answer) > 300 else ""),
            "; ".join(titles.get(p, p) for p in r.cited) or "–",
            "abstain" if r.turn.abstain else ("; ".join(titles.get(p, p) for p in r.expected) or "–"),
            "; ".join(why),
        ]
        lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", "<br>")


def _p95(sorted_values: Sequence[float]) -> float:
    if len(sorted_values) < 2:
        return sorted_values[0]
    return statistics.quantiles(sorted_values, n=100, method="inclusive")[94]
