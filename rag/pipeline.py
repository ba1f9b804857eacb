"""Question (+ history) → Answer: plan, retrieve, check relevance, compose, cite.

The pipeline decides what the answer is about (which papers, what shape); answerers only write.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from rag import catalog, conversation, paper_facts
from rag.citations import References
from rag.evidence import EvidenceScorer
from rag.extractive import ExtractiveAnswerer
from rag.models import Answer, Paper, Passage
from rag.questions import Question, analyse, category_codes, negated, topic_of
from rag.relevance import SET_SHARE, Relevance
from rag.retrieval import Retriever
from rag.settings import Settings
from rag.store import Store
from rag.text import terms

log = logging.getLogger(__name__)

ABSTAIN_EN = "The indexed papers do not cover this question."
ABSTAIN_JA = "インデックスされた論文には、この質問に答える内容が見つかりません。"
_COMPARISON_WORDS = re.compile(
    r"\b(?:differ\w*|compar\w*|contrast\w*|similar\w*|in\s+terms\s+of|with\s+respect\s+to|regarding|how|what|and|from|to|with)\b|比較|違い|異な\w*",
    re.IGNORECASE,
)
_WHOLE_PAPER = 64  # chunks: more than any abstract has, so a paper-restricted search returns it whole
_BY_AUTHOR_CUE = ("by", "author", "wrote", "written", "co-author", "coauthor", "co-authored", "著者", "書いた")


class UnknownPaper(ValueError):
    """A --paper value that matches no indexed paper, or several."""


@dataclass
class Plan:
    question: Question
    kind: str
    focus: list[str] = field(default_factory=list)  # paper ids the answer is about, when known before retrieval
    query: str = ""  # what retrieval searches for
    person: str | None = None  # for "which paper did <person> write"
    followup: bool = False
    names: list[str] = field(default_factory=list)  # how the question named its papers ("JOENA")

    @property
    def gate_query(self) -> str:
        """The query without the papers' names: naming DataMan does not make protein folding covered."""
        rest = self.query
        for name in self.names:
            rest = re.sub(re.escape(name), " ", rest, flags=re.IGNORECASE)
        return rest if terms(rest) else self.query


@dataclass
class Draft:
    """What an answerer writes from: the plan, the passages (numbered in this order for an LLM),
    the same passages grouped by paper, and for comparisons the aspect compared."""

    plan: Plan
    kind: str  # fact | set | compare
    passages: list[Passage]
    groups: dict[str, list[Passage]]
    aspect: str
    history: list[dict]


class Pipeline:
    def __init__(self, settings: Settings, store: Store | None = None):
        self.settings = settings
        self.store = store or Store(settings)
        self.retriever = Retriever(self.store)
        self.scorer = EvidenceScorer(self.store, self.retriever.embed_query)
        self.relevance = Relevance(self.scorer)
        self.extractive = ExtractiveAnswerer(self.scorer)

    def warm_up(self) -> None:
        """Load the model and open the indexes now rather than on the first question."""
        self.store.lexical
        self.retriever.search("warm up", 1)

    # --- public API -----------------------------------------------------------------------------
    def ask(self, question: str, history: Sequence[dict] | None = None, paper_ids: Sequence[str] | None = None, k: int | None = None) -> Answer:
        answer = None
        for event in self.stream(question, history, paper_ids, k):
            answer = event if isinstance(event, Answer) else answer
        return answer

    def stream(self, question: str, history=None, paper_ids=None, k=None) -> Iterator[str | Answer]:
        """Text pieces as they are written, then the final Answer (whose text is the one to show)."""
        started = time.perf_counter()
        prepared = self.prepare(question.strip(), list(history or []), self.resolve_papers(paper_ids or []), k or self.settings.top_k)
        if isinstance(prepared, Answer):
            answer = prepared
            yield from answer.answer.splitlines(keepends=True)
        else:
            answer = None
            for event in self.write(prepared):
                if isinstance(event, Answer):
                    answer = event
                else:
                    yield event
        answer.latency_ms = (time.perf_counter() - started) * 1000
        yield answer

    def write(self, draft: Draft) -> Iterator[str | Answer]:
        """Compose the answer to a prepared draft: the one place where answerers plug in."""
        refs = References()
        body = self._compose_extractive(draft, refs)
        yield from body.splitlines(keepends=True)
        yield self._done(body, refs, draft.plan, draft.kind)

    def _compose_extractive(self, draft: Draft, refs: References) -> str:
        q = draft.plan.question
        if draft.kind == "compare":
            return self.extractive.compare(q, draft.aspect, draft.groups, refs)
        if draft.kind == "set":
            return self.extractive.set_of_papers(q, draft.groups, refs, SET_SHARE)
        return self.extractive.fact(q, draft.passages, draft.groups, refs)

    def resolve_papers(self, given: Sequence[str]) -> list[str]:
        """Paper ids for --paper values: an id, an id prefix, or words of the title."""
        resolved = []
        papers = self.store.papers() if given else []
        for value in given:
            exact = [p.id for p in papers if p.id == value]
            matches = exact or [p.id for p in papers if p.id.startswith(value)] or [
                p.id for p in papers if value.casefold() in p.title.casefold()
            ]
            if not matches:
                raise UnknownPaper(f"no indexed paper matches {value!r}; see `rag papers`")
            if len(matches) > 1:
                raise UnknownPaper(f"{value!r} matches {len(matches)} papers; give more of the id or title")
            resolved.append(matches[0])
        return resolved

    # --- planning -------------------------------------------------------------------------------
    def plan(self, text: str, history: list[dict], restrict: list[str]) -> Plan:
        question = analyse(text)
        plan = Plan(question, question.kind, query=question.topic)
        db = self.store.lexical.db
        named = catalog.papers_named(db, text)
        if question.kind == "compare":
            return plan
        if named:
            plan.focus, plan.names = list(named), list(named.values())
        else:
            follow = conversation.resolve(text, history, self._named, self._titled)
            if follow:
                plan.focus, plan.followup = list(follow.papers), True
        if question.names and question.kind in ("fact", "set", "authors"):
            # "Which paper did Dan Alistarh co-author?", "Junyang Lin appears as an author on…":
            # a person named in the question who is an author in the catalogue.
            people = catalog.papers_by_author(db, question.names)
            matched = max(people.values(), default=0)
            cue = any(c in text.lower() for c in _BY_AUTHOR_CUE)
            if people and (matched >= 2 or cue):
                plan.person = " ".join(n for n in question.names)
                plan.focus = list(people)
                if _asks_which_paper(text) or question.kind == "authors":
                    plan.kind = "by_author"
        if restrict:
            plan.focus = [p for p in plan.focus if p in restrict] or []
        return plan

    def _named(self, text: str) -> list[str]:
        return list(catalog.papers_named(self.store.lexical.db, text))

    def _titled(self, title: str) -> str | None:
        return catalog.paper_titled(self.store.lexical.db, title)

    # --- preparing: everything before the writing ----------------------------------------------
    def prepare(self, text: str, history: list[dict], restrict: list[str], k: int) -> Answer | Draft:
        """A finished Answer when no writing is needed (paper metadata, abstaining), else a Draft."""
        plan = self.plan(text, history, restrict)
        q = plan.question
        refs = References()
        scope = plan.focus or restrict or None
        log.info("plan: kind=%s focus=%s followup=%s", plan.kind, plan.focus, plan.followup)

        if plan.kind in ("count", "list"):
            papers = [p for p in self.store.papers() if not restrict or p.id in restrict]
            heading = (f"{len(papers)}本の論文がインデックスされています:" if q.lang == "ja" else f"{len(papers)} papers are indexed:")
            body = paper_facts.listing(papers, refs, q.lang, self._first_passage, heading)
            return self._done(body, refs, plan)

        if plan.kind == "categories" and category_codes(text) and not plan.focus:
            codes = category_codes(text)
            ids = {pid for code in codes for pid in catalog.papers_in_category(self.store.lexical.db, code)}
            outside = negated(text)
            papers = [p for p in self.store.papers() if (p.id in ids) != outside and (not restrict or p.id in restrict)]
            if not papers:
                return self._abstain(plan, [])
            listed = ", ".join(codes)
            if q.lang == "ja":
                heading = f"{listed} に含まれない論文:" if outside else f"{listed} の論文:"
            else:
                heading = f"Papers not listed under {listed}:" if outside else f"Papers listed under {listed}:"
            return self._done(paper_facts.listing(papers, refs, q.lang, self._first_passage, heading), refs, plan)

        if plan.kind in ("authors", "date", "categories", "by_author"):
            papers = self._target_papers(plan, scope, k)
            if not papers:
                return self._abstain(plan, self._suggest(plan.query, restrict))
            if plan.kind == "by_author":
                body = paper_facts.by_author(plan.person or "", papers, refs, q.lang, self._first_passage)
            else:
                compose = {"authors": paper_facts.authors, "date": paper_facts.dates, "categories": paper_facts.categories}[plan.kind]
                body = compose(papers, refs, q.lang, self._first_passage)
            return self._done(body, refs, plan)

        if plan.kind == "compare":
            groups, aspect = self._comparison(plan, history, restrict, k)
            if len(groups) >= 2:
                return Draft(plan, "compare", [p for g in groups.values() for p in g], groups, aspect, history)
            plan.kind = "fact"

        if plan.kind == "set" and not plan.focus:
            passages = self.retriever.search(plan.query, max(3 * k, 12), restrict or None, per_paper=2)
            verdict = self.relevance.judge(q, plan.query, passages)
            if not verdict.relevant:
                return self._abstain(plan, self._suggest_from(passages))
            groups = {pid: group for pid, group in _by_paper(passages).items() if pid in verdict.supported}
            return Draft(plan, "set", [p for g in groups.values() for p in g], groups, "", history)

        if len(plan.focus) > 1 and plan.names:
            # Several papers named at once ("I'm reading DataMan and the agentic reward modeling
            # paper: what does each improve?") is a comparison on the question's aspect.
            aspect = plan.gate_query if plan.gate_query != plan.query else ""
            groups = {pid: self.retriever.search(aspect or q.topic, k, [pid], per_paper=None) for pid in plan.focus}
            return Draft(plan, "compare", [p for g in groups.values() for p in g], groups, aspect, history)

        # A fact about one paper, or about the papers the question or conversation named.
        passages, verdict = self._search_and_judge(plan, k, scope)
        if not verdict.relevant and not plan.focus and history:
            # An elliptical follow-up ("how large was the speedup?") may still be about the last answer's papers.
            previous = conversation.resolve("it", history, self._named, self._titled)
            if previous:
                plan.focus = [p for p in previous.papers if not restrict or p in restrict]
                plan.followup = True
                passages, verdict = self._search_and_judge(plan, k, plan.focus or restrict or None)
        if not verdict.relevant:
            return self._abstain(plan, self._suggest_from(passages))
        if len(plan.focus) > 1:
            groups = _by_paper(self.retriever.search(plan.query, 2 * k, plan.focus, per_paper=3))
            return Draft(plan, "compare", [p for g in groups.values() for p in g], groups, plan.query, history)
        # The answering paper is among the first few; its whole abstract is read for the answer.
        candidates = [pid for pid in dict.fromkeys(p.paper_id for p in passages) if pid in verdict.supported][:2]
        groups = {pid: self.retriever.search(plan.query, _WHOLE_PAPER, [pid], per_paper=None) for pid in candidates}
        return Draft(plan, "fact", [p for p in passages if p.paper_id in groups], groups, "", history)

    def _search_and_judge(self, plan: Plan, k: int, scope):
        """Passages for a fact question and the gate's verdict on them.

        For a follow-up, the dense side searches for the question in the context of the papers it
        refers to: "which phenomena does it differ from?" says little alone.
        """
        vector = None
        if plan.followup and plan.focus:
            titles = "; ".join(p.title for p in (self.store.paper(pid) for pid in plan.focus) if p)
            vector = self.retriever.embed_query(f"{titles}: {plan.question.text}")
        passages = self.retriever.search(plan.query, k, scope, per_paper=None if plan.focus else 2, query_vector=vector)
        return passages, self.relevance.judge(plan.question, plan.gate_query, passages, named=bool(plan.focus))

    def _target_papers(self, plan: Plan, scope, k: int) -> list[Paper]:
        """The papers a metadata question is about: named ones, else the best match for its topic."""
        if plan.focus:
            return [p for p in (self.store.paper(pid) for pid in plan.focus) if p]
        passages = self.retriever.search(plan.query, k, scope, per_paper=1)
        verdict = self.relevance.judge(plan.question, plan.query, passages)
        if not verdict.relevant:
            return []
        ranked = list(_by_paper(passages))
        count = len(ranked) if plan.question.plural else 1
        keep = [pid for pid in ranked[:count] if pid in verdict.supported] or ranked[:1]
        return [p for p in (self.store.paper(pid) for pid in keep) if p]

    def _comparison(self, plan: Plan, history, restrict, k: int) -> tuple[dict[str, list[Passage]], str]:
        """One group of passages per compared paper, and the aspect compared ("" when none is stated)."""
        chosen: list[str] = []
        previous = conversation.resolve("it", history, self._named, self._titled) if history else None
        for part in plan.question.parts:
            named = [pid for pid in catalog.papers_named(self.store.lexical.db, part) if pid not in chosen]
            if not named and previous and conversation.resolve(part, history, self._named, self._titled):
                named = [pid for pid in previous.papers if pid not in chosen]
            if not named:
                hits = self.retriever.search(part, 3, restrict or None, per_paper=1)
                verdict = self.relevance.judge(analyse(part), part, hits)
                named = [h.paper_id for h in hits if verdict.relevant and h.paper_id not in chosen][:1]
            chosen.extend(named[:1])
        if restrict:
            chosen = [pid for pid in chosen if pid in restrict]
        aspect = _aspect(plan.question)
        if aspect:
            groups = {pid: self.retriever.search(aspect, k, [pid], per_paper=None) for pid in chosen}
        else:
            groups = {pid: self.retriever.paper_passages(pid) for pid in chosen}
        return groups, aspect

    def _first_passage(self, paper: Paper) -> Passage | None:
        hits = self.retriever.search(paper.title, 1, [paper.id], mode="bm25")
        return hits[0] if hits else None

    def _suggest_from(self, passages: Sequence[Passage]) -> list[Paper]:
        return list({p.paper.id: p.paper for p in passages}.values())[:3]

    def _suggest(self, query: str, restrict) -> list[Paper]:
        return self._suggest_from(self.retriever.search(query, 6, restrict or None, per_paper=1))

    def _done(self, body: str, refs: References, plan: Plan, kind: str | None = None) -> Answer:
        if not body.strip():
            return self._abstain(plan, [])
        return Answer(answer=body, citations=refs.citations, query=_describe(plan, self.store), kind=kind or plan.kind)

    def _abstain(self, plan: Plan, suggestions: list[Paper]) -> Answer:
        return Answer(
            answer=ABSTAIN_JA if plan.question.lang == "ja" else ABSTAIN_EN,
            abstained=True,
            query=_describe(plan, self.store),
            kind=plan.kind,
            suggestions=[p.summary_dict() for p in suggestions],
        )


def _by_paper(passages: Sequence[Passage]) -> dict[str, list[Passage]]:
    groups: dict[str, list[Passage]] = {}
    for passage in passages:
        groups.setdefault(passage.paper_id, []).append(passage)
    return groups


def _asks_which_paper(text: str) -> bool:
    lowered = text.lower()
    return any(cue in lowered for cue in ("which paper", "what paper", "which papers", "what papers", "papers by", "paper by", "list", "どの論文", "論文は"))


def _aspect(question: Question) -> str:
    """What a comparison is about, once the compared things and the scaffolding are removed."""
    rest = question.text
    for part in question.parts:
        rest = rest.replace(part, " ")
    rest = topic_of(_COMPARISON_WORDS.sub(" ", rest))
    return rest if terms(rest) else ""


def _describe(plan: Plan, store: Store) -> str:
    """The standalone form of the question, as retrieval understood it (shown in --json as "query")."""
    if plan.followup and plan.focus:
        titles = [p.title for p in (store.paper(pid) for pid in plan.focus) if p]
        return f"{plan.question.text} [about: {'; '.join(titles)}]"
    return plan.query
