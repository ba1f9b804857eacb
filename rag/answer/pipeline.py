"""Question (+ history) → Answer: plan, retrieve, check relevance, compose, cite.

The pipeline decides what the answer is about (which papers, what shape); answerers only write.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from rag.answer import paper_facts
from rag.index import catalog
from rag.answer.citations import References
from rag.index.embeddings import set_answer_threads
from rag.answer.evidence import EvidenceScorer
from rag.answer.extractive import ExtractiveAnswerer
from rag.answer.llm import LLMBackend, LLMError, backend, declined
from rag.models import Answer, Paper, Passage
from rag.answer.planning import Plan, Planner, aspect_of
from rag.answer.questions import analyse, category_codes, negated
from rag.answer.relevance import SET_SHARE, Relevance
from rag.answer.retrieval import Retriever
from rag.settings import Settings
from rag.index.store import Store
from rag.answer.verification import Verifier

log = logging.getLogger(__name__)

ABSTAIN_EN = "The indexed papers do not cover this question."
ABSTAIN_JA = "インデックスされた論文には、この質問に答える内容が見つかりません。"
_WHOLE_PAPER = 64  # chunks: more than any abstract has, so a paper-restricted search returns it whole


class UnknownPaper(ValueError):
    """A --paper value that matches no indexed paper, or several."""


@dataclass
class Draft:
    """What an answerer writes from: the plan, the passages (numbered in this order for an LLM),
    the same passages grouped by paper, and for comparisons the aspect compared."""

    plan: Plan
    kind: str  # fact | set | compare | gist
    passages: list[Passage]
    groups: dict[str, list[Passage]]
    aspect: str
    history: list[dict]


class Pipeline:
    def __init__(self, settings: Settings, store: Store | None = None):
        self.settings = settings
        set_answer_threads(settings.answer_threads)
        self.store = store or Store(settings)
        self.retriever = Retriever(self.store)
        self.scorer = EvidenceScorer(self.store, self.retriever.embed_query)
        self.relevance = Relevance(self.scorer)
        self.extractive = ExtractiveAnswerer(self.scorer)
        self.verifier = Verifier(self.scorer, self.retriever.paper_passages)
        self.planner = Planner(self.store)
        self._backends: dict[tuple[str, str | None], LLMBackend | None] = {}

    def warm_up(self) -> None:
        """Load the model and open the indexes now rather than on the first question."""
        self.store.lexical
        self.retriever.search("warm up", 1)

    # --- public API -----------------------------------------------------------------------------
    def ask(
        self,
        question: str,
        history: Sequence[dict] | None = None,
        paper_ids: Sequence[str] | None = None,
        k: int | None = None,
        answerer: str | None = None,
        model: str | None = None,
    ) -> Answer:
        answer = None
        for event in self.stream(question, history, paper_ids, k, answerer, model):
            answer = event if isinstance(event, Answer) else answer
        return answer

    def stream(self, question: str, history=None, paper_ids=None, k=None, answerer=None, model=None) -> Iterator[str | Answer]:
        """Text pieces as they are written, then the final Answer (whose text is the one to show).

        `answerer` and `model` override settings.answerer and the backend's model for this question.
        """
        started = time.perf_counter()
        text, history = question.strip(), list(history or [])
        llm, notice = self.llm_backend(answerer, model)
        if llm and history:
            try:
                text = llm.condense(text, history)
                log.info("condensed follow-up: %r", text)
            except LLMError as exc:  # the offline resolution of follow-ups takes over, and so does the offline answerer
                llm, notice = None, _fallback_notice(exc)
        prepared = self.prepare(text, history, self.resolve_papers(paper_ids or []), k or self.settings.top_k)
        if isinstance(prepared, Answer):
            answer = prepared
            yield from answer.answer.splitlines(keepends=True)
        else:
            answer = None
            for event in self.write(prepared, llm):
                if isinstance(event, Answer):
                    answer = event
                else:
                    yield event
        answer.notice = answer.notice or notice
        answer.latency_ms = (time.perf_counter() - started) * 1000
        yield answer

    def write(self, draft: Draft, llm: LLMBackend | None = None) -> Iterator[str | Answer]:
        """Compose the answer to a prepared draft: the one place where answerers plug in."""
        if llm is not None:
            yield from self._write_llm(draft, llm)
            return
        refs = References()
        body = self._compose_extractive(draft, refs)
        yield from body.splitlines(keepends=True)
        yield self._done(body, refs, draft.plan, draft.kind)

    def llm_backend(self, answerer: str | None = None, model: str | None = None) -> tuple[LLMBackend | None, str | None]:
        """The LLM backend to write with (None: the offline answerer), and a notice when it cannot be set up."""
        key = (answerer or self.settings.answerer, model)
        try:
            if key not in self._backends:
                self._backends[key] = backend(self.settings, *key)
        except LLMError as exc:
            return None, _fallback_notice(exc)
        return self._backends[key], None

    def _write_llm(self, draft: Draft, llm: LLMBackend) -> Iterator[str | Answer]:
        """Stream the model's reply as it comes, then keep only its verified sentences.

        Any failure of the backend, or a reply with no supported sentence, gives the offline answer
        with a notice; its text pieces are streamed only if the model had not streamed any yet.
        """
        passages = _for_llm(draft.passages, draft.plan.question.lang)
        pieces: list[str] = []
        try:
            for piece in llm.answer(draft.kind, draft.plan.question.text, passages):
                pieces.append(piece)
                yield piece
        except LLMError as exc:
            yield from self._write_offline(draft, _fallback_notice(exc), streamed=bool(pieces))
            return
        reply = "".join(pieces)
        if declined(reply):
            answer = self._abstain(draft.plan, self._suggest_from(draft.passages))
            answer.answerer = llm.name
            yield answer
            return
        verified = self.verifier.verify(reply, passages)
        log.info("verified %s answer: %d sentences kept, %d removed", llm.name, verified.kept, len(verified.unsupported))
        if not verified.kept:
            notice = f"No sentence of the {llm.name} answer was supported by the passages it cited, so this answer was composed offline from the passages."
            yield from self._write_offline(draft, notice, streamed=True, unsupported=verified.unsupported)
            return
        answer = self._done(verified.text, verified.refs, draft.plan, draft.kind)
        answer.answerer, answer.unsupported = llm.name, verified.unsupported
        yield answer

    def _write_offline(self, draft: Draft, notice: str, streamed: bool, unsupported: Sequence[str] = ()) -> Iterator[str | Answer]:
        for event in self.write(draft):
            if isinstance(event, Answer):
                event.notice, event.unsupported = notice, list(unsupported)
                yield event
            elif not streamed:
                yield event

    def _compose_extractive(self, draft: Draft, refs: References) -> str:
        q = draft.plan.question
        if draft.kind == "compare":
            return self.extractive.compare(q, draft.aspect, draft.groups, refs)
        if draft.kind == "set":
            return self.extractive.set_of_papers(q, draft.groups, refs, SET_SHARE)
        if draft.kind == "gist":
            return self.extractive.gist(q, draft.groups, refs)
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

    # --- preparing: everything before the writing ----------------------------------------------
    def prepare(self, text: str, history: list[dict], restrict: list[str], k: int) -> Answer | Draft:
        """A finished Answer when no writing is needed (paper metadata, abstaining), else a Draft."""
        plan = self.planner.plan(text, history, restrict)
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
                body = paper_facts.describe(papers, q.fields or (plan.kind,), refs, q.lang, self._first_passage)
            return self._done(body, refs, plan)

        if plan.kind == "gist":
            papers = self._target_papers(plan, scope, k)
            if not papers:
                return self._abstain(plan, self._suggest(plan.query, restrict))
            groups = {p.id: self.retriever.paper_passages(p.id) for p in papers}
            return Draft(plan, "gist", [p for g in groups.values() for p in g], groups, "", history)

        if plan.kind == "compare":
            groups, aspect = self._comparison(plan, history, restrict, k)
            if len(groups) >= 2:
                return Draft(plan, "compare", [p for g in groups.values() for p in g], groups, aspect, history)
            plan.kind = "fact"

        if plan.kind == "set" and not plan.focus:
            passages = self.retriever.search(plan.query, max(3 * k, 12), restrict or None, per_paper=2, query_vector=self._vector(plan))
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
            previous = self.planner.previous(history)
            if previous:
                plan.focus = [p for p in previous.papers if not restrict or p in restrict]
                plan.followup = True
                passages, verdict = self._search_and_judge(plan, k, plan.focus or restrict or None)
        if not verdict.relevant:
            return self._abstain(plan, self._suggest_from(passages))
        if len(plan.focus) > 1:
            groups = _by_paper(self.retriever.search(plan.query, 2 * k, plan.focus, per_paper=3, query_vector=self._vector(plan)))
            return Draft(plan, "compare", [p for g in groups.values() for p in g], groups, plan.query, history)
        # The answering paper is among the first few; its whole abstract is read for the answer.
        candidates = [pid for pid in dict.fromkeys(p.paper_id for p in passages) if pid in verdict.supported][:2]
        groups = {pid: self.retriever.search(plan.query, _WHOLE_PAPER, [pid], per_paper=None, query_vector=self._vector(plan)) for pid in candidates}
        return Draft(plan, "fact", [p for p in passages if p.paper_id in groups], groups, "", history)

    def _search_and_judge(self, plan: Plan, k: int, scope):
        """Passages for a fact question and the gate's verdict on them."""
        passages = self.retriever.search(plan.query, k, scope, per_paper=None if plan.focus else 2, query_vector=self._vector(plan))
        return passages, self.relevance.judge(plan.question, plan.gate_query, passages, named=bool(plan.focus))

    def _vector(self, plan: Plan) -> list[float]:
        """The dense side searches for the whole question (the lexical side for its topic words); the
        answer's sentences are scored against the same vector. A follow-up is embedded in the context
        of the papers it refers to: "which phenomena does it differ from?" says little alone."""
        text = plan.question.text
        if plan.followup and plan.focus:
            titles = "; ".join(p.title for p in (self.store.paper(pid) for pid in plan.focus) if p)
            text = f"{titles}: {text}"
        return self.retriever.embed_query(text)

    def _target_papers(self, plan: Plan, scope, k: int) -> list[Paper]:
        """The papers a metadata question is about: named ones, else the best match for its topic."""
        if plan.focus:
            return [p for p in (self.store.paper(pid) for pid in plan.focus) if p]
        passages = self.retriever.search(plan.query, k, scope, per_paper=1, query_vector=self._vector(plan))
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
        previous = self.planner.previous(history)
        for part in plan.question.parts:
            named = [pid for pid in catalog.papers_named(self.store.lexical.db, part) if pid not in chosen]
            if not named and previous and self.planner.refers_back(part, history):
                named = [pid for pid in previous.papers if pid not in chosen]
            if not named:
                hits = self.retriever.search(part, 3, restrict or None, per_paper=1)
                verdict = self.relevance.judge(analyse(part), part, hits)
                named = [h.paper_id for h in hits if verdict.relevant and h.paper_id not in chosen][:1]
            chosen.extend(named[:1])
        if restrict:
            chosen = [pid for pid in chosen if pid in restrict]
        aspect = aspect_of(plan.question)
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
        return Answer(answer=body, citations=refs.citations, query=self.planner.describe(plan), kind=kind or plan.kind)

    def _abstain(self, plan: Plan, suggestions: list[Paper]) -> Answer:
        return Answer(
            answer=ABSTAIN_JA if plan.question.lang == "ja" else ABSTAIN_EN,
            abstained=True,
            query=self.planner.describe(plan),
            kind=plan.kind,
            suggestions=[p.summary_dict() for p in suggestions],
        )


def _fallback_notice(exc: LLMError) -> str:
    reason = str(exc)
    return f"{reason[:1].upper()}{reason[1:]}, so this answer was composed offline from the passages."


def _for_llm(passages: Sequence[Passage], lang: str) -> list[Passage]:
    """The passages an LLM reads: for an English question, a paper's Japanese summary only when it has no English text."""
    if lang == "ja":
        return list(passages)
    english = {p.paper_id for p in passages if p.chunk.lang == "en"}
    return [p for p in passages if p.chunk.lang == "en" or p.paper_id not in english]


def _by_paper(passages: Sequence[Passage]) -> dict[str, list[Passage]]:
    groups: dict[str, list[Passage]] = {}
    for passage in passages:
        groups.setdefault(passage.paper_id, []).append(passage)
    return groups


