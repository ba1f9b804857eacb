"""Question (+ history) → Answer: plan, retrieve, check relevance, compose, cite.

The pipeline decides what the answer is about (which papers, what shape); answerers only write.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace

from rag.answer import elsewhere, paper_facts
from rag.answer.citations import References, with_marker
from rag.answer.conversation import ABSTAIN_EN, ABSTAIN_JA, ALL_OF_THEM, BOTH_PAPERS, echoed, others_asked
from rag.answer.coverage import CoverageCheck, Stated, paper_text
from rag.answer.evidence import COINED_WORD, EvidenceScorer
from rag.answer.extractive import ExtractiveAnswerer
from rag.answer.limits import checked_question
from rag.answer.llm import LLMBackend, LLMError, backend, declined
from rag.answer.planning import Plan, Planner, asked_last, aspect_of, aspect_words
from rag.answer.questions import (
    ASKS_TIME_OF_DAY,
    PHRASEBOOK,
    RECORD_KINDS,
    SHIFT,
    Kind,
    alternatives,
    analyse,
    asked_terms,
    asks_author_list,
    asks_gist,
    category_codes,
    description_of,
    gloss_forms,
    negated,
    record_fields,
    set_aside,
    without_record_words,
)
from rag.answer.relevance import SET_SHARE, Relevance, Verdict
from rag.answer.retrieval import Retriever
from rag.answer.spelling import Speller
from rag.answer.verification import Verifier
from rag.index.catalog import fold
from rag.index.embeddings import set_answer_threads
from rag.index.store import Store
from rag.models import Answer, Paper, Passage
from rag.settings import Settings
from rag.text import is_cjk, normalize_question, split_sentences, terms

log = logging.getLogger(__name__)

_WHOLE_PAPER = 64  # chunks: more than any abstract has, so a paper-restricted search returns it whole
# Papers a question with no paper named draws on: a "which papers" question lists more of them.
MAX_GATHERED = 5
MAX_GATHERED_FACT = 4
MAX_COMPARED = 3  # papers a question about "them" compares side by side; more are searched instead
# How much better another paper must cover a referring question ("and which of its models…") than the
# earlier papers do before the question counts as a new topic (log-odds of the relevance gate).
FRESH_MARGIN = 1.0
# A compared part that is only a pronoun ("how does that compare with…") is what the conversation was about.
_PRONOUN = re.compile(
    r"\s*(?:it|this|that|these|those|they|them|this\s+one|that\s+one|それ|これ|あれ|その|この|(?:先ほど|先程|さっき)の?)\s*",
    re.IGNORECASE,
)
_POSSESSIVE = re.compile(r"\s*(?:its|their)\b", re.IGNORECASE)
# Two things set side by side in so many words, not a pair read from "both the words and the picture"
_EXPLICITLY_COMPARED = re.compile(
    r"\bdifferences?\s+between\b|\bcompar(?:e|ing)\b|\bvs\.?(?!\w)|\bversus\b|\bdiffer\s+from\b|の違い|を比較|と比べ",
    re.IGNORECASE,
)
_OTHER_ONE = re.compile(r"\b(?:another|other|ones?)\b", re.IGNORECASE)
# How much better the paper a description finds ("the hyperfitting paper") must match it than the next
# paper does (log-odds) before the question counts as naming that paper.
DESCRIBED_MARGIN = 1.0


class UnknownPaper(ValueError):
    """A --paper value that matches no indexed paper, or several."""


@dataclass
class Draft:
    """What an answerer writes from: the plan, the passages (numbered in this order for an LLM),
    the same passages grouped by paper, and for comparisons the aspect compared."""

    plan: Plan
    kind: Kind  # FACT, SET, COMPARE or GIST
    passages: list[Passage]
    groups: dict[str, list[Passage]]
    aspect: str


@dataclass
class _Context:
    """What every kind's preparation works from."""

    plan: Plan
    history: list[dict]
    restrict: list[str]
    k: int
    refs: References


class Pipeline:
    def __init__(self, settings: Settings, store: Store | None = None):
        self.settings = settings
        self.store = store or Store(settings)
        set_answer_threads(self.store.embeddings, settings.answer_threads)
        self.retriever = Retriever(self.store)
        self.scorer = EvidenceScorer(self.store, self.retriever.embed_query)
        self.relevance = Relevance(self.scorer)
        self.extractive = ExtractiveAnswerer(self.scorer)
        self.speller = Speller(self.store, settings.embedding_model)
        self.coverage = CoverageCheck(self.scorer, self.speller.known)
        self.verifier = Verifier(self.scorer, self.retriever.paper_passages)
        self.planner = Planner(self.store)
        self._backends: dict[tuple[str, str | None], LLMBackend | None] = {}

    def warm_up(self) -> None:
        """Load the model and open the indexes now rather than on the first question."""
        _ = self.store.lexical  # opened (and brought up to date) now
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
        return final_answer(self.stream(question, history, paper_ids, k, answerer, model))

    def stream(
        self, question: str, history=None, paper_ids=None, k=None, answerer=None, model=None
    ) -> Iterator[str | Answer]:
        """Text pieces as they are written, then the final Answer (whose text is the one to show).

        `answerer` and `model` override settings.answerer and the backend's model for this question.
        """
        started = time.perf_counter()
        # full-width letters and digits (ＣＨＦ) as the index reads them; slips of the fingers mended
        text, history = self.speller.mended(normalize_question(checked_question(question))), list(history or [])
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
            written: Answer | None = None
            for event in self.write(prepared, llm):
                if isinstance(event, Answer):
                    written = event
                else:
                    yield event
            if written is None:
                raise RuntimeError("the answerer ended without its Answer")
            answer = written
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

    def llm_backend(
        self, answerer: str | None = None, model: str | None = None
    ) -> tuple[LLMBackend | None, str | None]:
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
        log.info(
            "verified %s answer: %d sentences kept, %d removed", llm.name, verified.kept, len(verified.unsupported)
        )
        if not verified.kept:
            notice = f"No sentence of the {llm.name} answer was supported by the passages it cited, so this answer was composed offline from the passages."
            yield from self._write_offline(draft, notice, streamed=True, unsupported=verified.unsupported)
            return
        answer = self._done(verified.text, verified.refs, draft.plan, draft.kind)
        answer.answerer, answer.unsupported = llm.name, verified.unsupported
        yield answer

    def _write_offline(
        self, draft: Draft, notice: str, streamed: bool, unsupported: Sequence[str] = ()
    ) -> Iterator[str | Answer]:
        for event in self.write(draft):
            if isinstance(event, Answer):
                event.notice, event.unsupported = notice, list(unsupported)
                yield event
            elif not streamed:
                yield event

    def _compose_extractive(self, draft: Draft, refs: References) -> str:
        q = draft.plan.question
        if draft.kind == Kind.COMPARE:
            return self.extractive.compare(q, draft.aspect, draft.groups, refs)
        if draft.kind == Kind.SET:
            # A Japanese question's sentences are matched by wording alone, against a translation that loses
            # terms (optimal transport → 最適輸送): the gate, which reads both languages, chose the papers.
            return self.extractive.set_of_papers(q, draft.groups, refs, SET_SHARE if q.lang == "en" else 0.0)
        if draft.kind == Kind.GIST:
            return self.extractive.gist(q, draft.groups, refs)
        return self.extractive.fact(
            q, draft.groups, refs, named=bool(draft.plan.focus), said_before=draft.plan.said_before
        )

    def resolve_papers(self, given: Sequence[str]) -> list[str]:
        """Paper ids for --paper values: an id, an id prefix, or words of the title."""
        resolved = []
        for value in given:
            matches = self.store.catalog.find(value)
            if not matches:
                raise UnknownPaper(f"no indexed paper matches {value!r}; see `rag papers`")
            if len(matches) > 1:
                raise UnknownPaper(f"{value!r} matches {len(matches)} papers; give more of the id or title")
            resolved.append(matches[0])
        return resolved

    # --- preparing: everything before the writing ----------------------------------------------
    def prepare(self, text: str, history: list[dict], restrict: list[str], k: int) -> Answer | Draft:
        """A finished Answer when no writing is needed (paper metadata, abstaining), else a Draft."""
        # "besides JOENA, which papers use optimal transport?": the papers answering it, less JOENA
        rest, aside = set_aside(text)
        excluded = self._only_named(aside) if aside else []
        others = None if excluded else others_asked(text, history)
        earlier = self.planner.previous(history) if others else None
        if others and earlier:
            # "any other papers on that?": the topic asked afresh, less the papers the last answer gave
            rest, excluded, history = others, list(earlier.papers), []
        plan = self.planner.plan(rest if excluded else text, history, restrict)
        plan.excluded, plan.others = excluded, bool(others and earlier)
        if plan.question.described and not plan.person:
            self._resolve_description(plan, restrict, k)
        if excluded and plan.focus and set(plan.focus) <= set(excluded):
            # 「MIMoE-FND以外でMoEを使ってる論文は？」: the description finds the very paper set aside
            plan.focus, plan.names, plan.followup = [], [], False
        if history and len(plan.focus) == 1 and BOTH_PAPERS.search(text):
            self._with_previous(plan, history)
        # Only a question that asks which paper ("which paper predicts heat flux, and which of its models…")
        # may leave the papers its pronoun points to; "how many datasets did they test on?" stays with them.
        if plan.followup and not plan.names and plan.question.identifies and self._new_topic(plan, restrict, k):
            plan.focus, plan.followup = [], False
        elif history and not plan.focus and plan.kind == Kind.FACT and not plan.question.identifies:
            self._stay_on_topic(plan, history, restrict, k)
        if plan.followup and len(plan.focus) > 1 and plan.kind != Kind.COMPARE:
            self._single_out(plan)
        log.info("plan: kind=%s focus=%s followup=%s", plan.kind, plan.focus, plan.followup)
        context = _Context(plan, history, restrict, k, References())
        return self._PREPARE.get(plan.kind, Pipeline._prepare_fact)(self, context)

    def _resolve_description(self, plan: Plan, restrict: list[str], k: int) -> None:
        """A paper described rather than named ("the hyperfitting paper", 「CHF予測の論文」) is the one its
        description clearly finds: the question is then about that paper as if it had named it, whatever
        the conversation was about. A description that finds no paper, or several, changes nothing; one
        beside a paper the question names ("between JOENA and the diffusion acceleration paper, which…")
        adds its paper to the named one."""
        described = plan.question.described
        if any(fold(described).startswith(f"{fold(n)}の") for n in plan.names):
            # 「DataManの14個の品質基準って、…」: a thing within the named paper, which chooses the sentence
            plan.question = replace(plan.question, described="")
            return
        # 「長さ最適化(length-optimized)の論文」: a term glossed in the other script may find the paper either way
        found = next(
            (
                pid
                for form in (described, *gloss_forms(described))
                if (pid := self._described_paper(form, plan, restrict, k))
            ),
            None,
        )
        if found is None:
            return
        if plan.names and not plan.followup:
            if found not in plan.focus and not any(fold(n) in fold(described) for n in plan.names):
                plan.focus, plan.names = [*plan.focus, found], [*plan.names, described]
            return
        if plan.followup and plan.focus == [found]:
            # "And the Bayesian neural network version - how did it compare?": the paper the conversation is
            # on already; the words are a thing within it, which chooses the sentence, not the paper's name
            plan.question = replace(plan.question, described="")
            return
        plan.focus, plan.names, plan.followup = [found], [described], False

    def _described_paper(self, described: str, plan: Plan, restrict: list[str], k: int) -> str | None:
        """The paper a description clearly finds (by DESCRIBED_MARGIN over the next), or None."""
        telling = self._written_words(described)
        if 2 * len(terms(telling)) < len(terms(described)):
            return None  # mostly words no paper writes ("Quick number check:"): no paper of the collection described
        hits = self.retriever.search(telling, k, restrict or None, per_paper=1)
        ranked = self._as_written_first(described, plan.names, self.relevance.ranked(analyse(telling), telling, hits))
        if not ranked or ranked[0][1] < 0 or (len(ranked) > 1 and ranked[0][1] - ranked[1][1] < DESCRIBED_MARGIN):
            return None
        return ranked[0][0]

    def _as_written_first(
        self, described: str, names: list[str], ranked: list[tuple[str, float]]
    ) -> list[tuple[str, float]]:
        """Of papers the description's words find equally well, the one paper writing it as written: 拡散 is
        in the fake news paper (a story's spread) too, 「拡散モデル」 only in the diffusion paper's summary."""
        tied = [pid for pid, score in ranked if ranked[0][1] - score < DESCRIBED_MARGIN]
        if len(tied) < 2:
            return ranked
        # Japanese bigrams lose a word's kana (長さ and 長い are both 長): its words as written tell them apart
        # (not one running over two papers: 「出力長制御の論文とHyperfitting」, nor a name given beside it)
        words = _JA_WORD.findall(described) if is_cjk(described) and "論文" not in described else []
        pieces = [described, *(w for w in words if asked_terms(w) and not any(fold(n) in fold(w) for n in names))]

        def written(pid: str) -> tuple[int, ...]:
            paper = self.store.paper(pid)
            text = fold(paper_text(paper)) if paper else ""
            return tuple(int(fold(piece) in text) for piece in pieces)

        by_writing = sorted(((written(pid), pid) for pid in tied), reverse=True)
        if by_writing[0][0] == by_writing[1][0] or not any(by_writing[0][0]):
            return ranked
        best = by_writing[0][1]
        return [(best, ranked[0][1] + DESCRIBED_MARGIN), *((pid, s) for pid, s in ranked if pid != best)]

    def _written_words(self, text: str) -> str:
        """`text` less the words no passage of the collection holds: "safety" in "the nuclear safety one"
        tells no paper from another, "nuclear" does."""
        if is_cjk(text):
            return text
        words = text.split()
        held = self.store.lexical.document_frequencies([t for w in words for t in terms(w)])
        return " ".join(w for w in words if not terms(w) or any(held.get(t) for t in terms(w)))

    def _with_previous(self, plan: Plan, history: list[dict]) -> None:
        """ "The Wasserstein paper uses OT too: what is it used for in both papers?": the one paper the
        question names, beside the paper the conversation was about."""
        previous = self.planner.previous(history)
        earlier = [pid for pid in (previous.papers if previous else ()) if pid not in plan.focus]
        if earlier:
            plan.focus = [earlier[0], *plan.focus]

    def _stay_on_topic(self, plan: Plan, history: list[dict], restrict: list[str], k: int) -> None:
        """A question with words of its own that single out no paper ("使われたデータセットは？", "which
        baselines did they beat?") stays with the last answer's papers, those that cover it, unless another
        paper covers it better by FRESH_MARGIN; not a question the collection does not cover at all, nor
        one after a marker that leaves the topic (ところで…)."""
        previous = self.planner.previous(history)
        if not previous or SHIFT.search(plan.question.text) or plan.question.practical or not terms(plan.gate_query):
            return  # nor help with a task of one's own ("how do I say 'misinformation' in Japanese?")
        earlier = [p for p in previous.papers if not restrict or p in restrict][:MAX_COMPARED]
        best, strength = self._fresh_best(plan, restrict, k)
        if best is None or not earlier:
            return
        if best not in earlier and self._better_elsewhere(plan, strength, earlier, k):
            return
        plan.focus = [pid for pid in earlier if self._covers(plan, pid)]
        plan.followup = bool(plan.focus)

    def _single_out(self, plan: Plan) -> None:
        """ "Which papers use experts?", then "for the one about neurons, what makes a Wasserstein neuron
        special?": of the earlier papers, the one the question's own words cover clearly better than the
        others (by the margin a description needs); not when the question refers to them all ("do they
        both…", "how do their results compare?")."""
        if ALL_OF_THEM.search(plan.question.text) or not terms(plan.gate_query):
            return
        strength = {
            pid: self.relevance.strength(plan.question, plan.gate_query, self._whole(plan, pid), named=True)
            for pid in plan.focus
        }
        ranked = sorted(strength, key=strength.__getitem__, reverse=True)
        if strength[ranked[0]] >= 0 and strength[ranked[0]] - strength[ranked[1]] >= DESCRIBED_MARGIN:
            plan.focus = ranked[:1]

    def _new_topic(self, plan: Plan, restrict: list[str], k: int) -> bool:
        """A question that refers back ("its models") keeps the earlier papers unless it has a topic of its
        own that another paper covers better than they do ("which paper predicts heat flux, and which of
        its models worked best?" after a question about JOENA)."""
        if not terms(plan.gate_query) or plan.question.kind in RECORD_KINDS:
            return False
        best, strength = self._fresh_best(plan, restrict, k)
        if best is None or best in plan.focus:
            return False
        return self._better_elsewhere(plan, strength, plan.focus, k)

    def _fresh_best(self, plan: Plan, restrict: list[str], k: int) -> tuple[str | None, float]:
        """The paper that best covers the question read on its own (None when the gate finds none), and
        the gate's strength for it."""
        fresh = self.retriever.search(
            plan.query, k, restrict or None, per_paper=1, query_vector=self._vector(plan, alone=True)
        )
        verdict = self.relevance.judge(plan.question, plan.gate_query, fresh)
        return next((p.paper_id for p in fresh if p.paper_id in verdict.supported), None), verdict.strength

    def _better_elsewhere(self, plan: Plan, strength: float, papers: list[str], k: int) -> bool:
        """Whether the paper found afresh, of gate strength `strength`, covers the question better than
        `papers` by FRESH_MARGIN. In Japanese, whose gate reads wording alone (a name passes it whatever is
        asked, and common words such as 評価 or データ pass many papers), only when `papers` do not cover
        its words at all: 「臨界熱流束の予測精度は？」 after JOENA's authors is about the CHF paper,
        「評価は何言語のデータで？」 after the fake-news paper still about that paper."""
        japanese = plan.question.lang == "ja"
        within = self.retriever.search(plan.query, k, papers, per_paper=1, query_vector=self._vector(plan, alone=True))
        covered = self.relevance.strength(plan.question, plan.gate_query, within, named=not japanese)
        return strength > covered + FRESH_MARGIN and (not japanese or covered < 0)

    def _prepare_collection(self, c: _Context) -> Answer:
        """How many papers, and which: the collection itself."""
        q = c.plan.question
        papers = [p for p in self.store.papers() if not c.restrict or p.id in c.restrict]
        heading = (
            f"{len(papers)}本の論文がインデックスされています:"
            if q.lang == "ja"
            else f"{len(papers)} papers are indexed:"
        )
        return self._done(paper_facts.listing(papers, c.refs, q.lang, self._first_passage, heading), c.refs, c.plan)

    def _prepare_record(self, c: _Context) -> Answer:
        """Authors, dates, categories: answered from the papers' records."""
        plan, q = c.plan, c.plan.question
        if plan.kind == Kind.CATEGORIES and category_codes(q.text) and not plan.focus:
            return self._category_listing(c)
        if not plan.focus and category_codes(q.text):
            # "Which paper is tagged math.OC / stat.ML, and who are its authors?": the paper listed under them
            plan.focus = self._tagged(category_codes(q.text))
        if q.superlative and len(plan.focus) != 1:
            # of one paper there is no latest ("when did it go up, and who's the first author?")
            return self._extremes(c)
        papers = self._target_papers(plan, plan.focus or c.restrict or None, c.k)
        if not papers:
            return self._abstain(plan, self._suggest(plan.query, c.restrict))
        if plan.kind == Kind.BY_AUTHOR:
            body = paper_facts.by_author(plan.person or "", papers, c.refs, q.lang, self._first_passage)
            if asks_author_list(q.text):  # "who are the authors, is R. Srikant among them?"
                body = paper_facts.describe(papers, ("authors",), c.refs, q.lang, self._first_passage) + "\n" + body
            others = tuple(f for f in q.fields if f != "authors")
            if others:  # "What date is it from, and is Junyang Lin among its authors?"
                body += "\n" + paper_facts.describe(papers, others, c.refs, q.lang, self._first_passage)
        else:
            fields = q.fields or (plan.kind.value,)
            if ASKS_TIME_OF_DAY.search(q.text):  # "on what date, and at what time of day?": the moment
                fields = tuple("moment" if f == "date" else f for f in fields)
            body = paper_facts.describe(papers, fields, c.refs, q.lang, self._first_passage)
        return self._done(self._with_the_rest(body, papers, c), c.refs, plan)

    def _with_the_rest(self, record: str, papers: Sequence[Paper], c: _Context) -> str:
        """ "Who wrote it, and is their code available?": the record, then the parts asking something else
        of the one paper, answered from its abstract (or said to be not stated there)."""
        person = c.plan.person or ""
        # the part naming the author ("which paper has Dan Alistarh as an author, and …", "is Nir Shavit on it
        # too?") the record answers
        rest = [
            clause.text
            for clause in c.plan.question.clauses
            if not record_fields(clause.text)
            and not category_codes(clause.text)  # "which paper is tagged math.OC": the paper the record is of
            and not (person and _names_any(clause.text, person.split()))
        ]
        if not rest or len(papers) != 1:
            return record
        paper = papers[0]
        plan = replace(c.plan, question=analyse(" ".join(rest)), kind=Kind.FACT, focus=[paper.id], said_before="")
        found = self._about_paper(replace(c, plan=plan), paper.id)
        if isinstance(found, Draft):
            said = self.extractive.fact(plan.question, found.groups, c.refs)
        else:  # its abstract does not state it, whether or not the check could name what it lacks
            said = found.answer if found.citations else self.extractive.not_stated(plan.question, paper, [], [], c.refs)
        return f"{record}\n\n{said}"

    def _tagged(self, codes: Sequence[str]) -> list[str]:
        """The papers listed under every one of the codes, else under any of them."""
        listed = [set(self.store.catalog.papers_in_category(code)) for code in codes]
        ids = set.intersection(*listed) or set.union(*listed)
        return [p.id for p in self.store.papers() if p.id in ids]

    def _category_listing(self, c: _Context) -> Answer:
        q = c.plan.question
        codes = category_codes(q.text)
        ids = {pid for code in codes for pid in self.store.catalog.papers_in_category(code)}
        outside = negated(q.text)
        papers = [p for p in self.store.papers() if (p.id in ids) != outside and (not c.restrict or p.id in c.restrict)]
        if not papers:
            return self._abstain(c.plan, [])
        listed = ", ".join(codes)
        if q.lang == "ja":
            heading = f"{listed} に含まれない論文:" if outside else f"{listed} の論文:"
        else:
            heading = f"Papers not listed under {listed}:" if outside else f"Papers listed under {listed}:"
        return self._done(paper_facts.listing(papers, c.refs, q.lang, self._first_passage, heading), c.refs, c.plan)

    def _extremes(self, c: _Context) -> Answer:
        """ "Which paper is the most recent?", "which of them was submitted last?", "which has the fewest
        authors?": the paper(s) with the latest (or earliest) date, or the most (or fewest) authors, of the
        collection or of the papers referred to; a day's papers by their time, where the sources give one."""
        among = c.plan.focus or c.restrict
        by_date = c.plan.kind == Kind.DATE

        def key(p: Paper) -> tuple:
            return (p.published or "", p.published_at or "") if by_date else (len(p.authors),)

        papers = [p for p in self.store.papers() if any(key(p)) and (not among or p.id in among)]
        if not papers:
            return self._abstain(c.plan, [])
        latest = c.plan.question.superlative in ("latest", "most")
        extreme = (max if latest else min)(map(key, papers))
        chosen = [p for p in papers if key(p) == extreme]
        if c.plan.focus and len(papers) <= MAX_COMPARED:
            # "Which of those two came out first?": each of the few asked about, the one asked for first, so that
            # the answer shows what it was set against
            chosen = sorted(papers, key=key, reverse=latest)
        field = "moment" if by_date else "authors"
        body = paper_facts.describe(chosen, (field,), c.refs, c.plan.question.lang, self._first_passage)
        return self._done(body, c.refs, c.plan)

    def _prepare_gist(self, c: _Context) -> Answer | Draft:
        papers = self._target_papers(c.plan, c.plan.focus or c.restrict or None, c.k)
        if not papers:
            return self._abstain(c.plan, self._suggest(c.plan.query, c.restrict))
        groups = {p.id: self.retriever.paper_passages(p.id) for p in papers}
        return Draft(c.plan, Kind.GIST, _flat(groups), groups, "")

    def _prepare_compare(self, c: _Context) -> Answer | Draft:
        groups, aspect, unfound = self._comparison(c.plan, c.history, c.restrict, c.k)
        if len(groups) >= 2:
            return Draft(c.plan, Kind.COMPARE, _flat(groups), groups, aspect)
        c.plan.kind = Kind.FACT  # fewer than two things to compare: answer it as a question
        if not c.plan.focus:
            # 「DataManの品質基準とドメイン、それぞれ何個？」, 「CHFの論文で、純粋なMLとハイブリッドを比べた結果は？」: two
            # things within the one paper named or described
            named = self.store.catalog.papers_named(c.plan.question.text)
            referred = self.planner.referred(c.plan.question.text, c.history)
            if not named and referred and len(referred.papers) > 1:
                # 「両方とも…？アプローチの違いは？」 after a turn on each: the papers it refers back to, compared
                c.plan.focus, c.plan.followup = list(referred.papers), True
            elif named:
                c.plan.focus, c.plan.names = list(named), list(named.values())
            elif described := description_of(c.plan.question.text):
                c.plan.question = replace(c.plan.question, described=described)
                self._resolve_description(c.plan, c.restrict, c.k)
            elif _EXPLICITLY_COMPARED.search(c.plan.question.text) and any(map(self._foreign_part, unfound)):
                # "the difference between a pressurized water reactor and a boiling water reactor": one of the
                # two things no paper bears on, so none compares them, however near the other comes
                return self._abstain(c.plan, [])
        return self._prepare_fact(c)

    def _foreign_part(self, part: str) -> bool:
        """A compared thing no paper bears on that is a thing of its own: two words or more, or one word no
        passage writes ("overfitting and underfitting"); not a single word some paper uses otherwise."""
        asked = asked_terms(part)
        return len(asked) >= 2 or (len(asked) == 1 and not any(self.store.lexical.document_frequencies(asked).values()))

    def _prepare_fact(self, c: _Context) -> Answer | Draft:
        """A question about the named (or referred-to) papers, else evidence gathered across the collection."""
        plan = c.plan
        if len(plan.focus) > MAX_COMPARED:
            # "…and which of them uses X?" after a listing: look among those papers, do not compare them all.
            c.restrict, plan.focus = [p for p in plan.focus if not c.restrict or p in c.restrict], []
            return self._gather(c)
        if len(plan.focus) > 1:
            return self._compare_on_question(c)
        if plan.focus:
            return self._about_paper(c, plan.focus[0])
        return self._gather(c)

    def _compare_on_question(self, c: _Context) -> Draft:
        """Several papers named or referred to at once: each answers the question, side by side."""
        plan = c.plan
        # What is compared is asked in the question's last sentence; those before it set the scene
        # ("The Wasserstein paper uses OT too, right? In both, what is it used for?").
        aspect = aspect_words(plan.without_names(asked_last(split_sentences(plan.question.text)[-1])))
        groups = {pid: self._whole(plan, pid) for pid in plan.focus}
        return Draft(plan, Kind.COMPARE, _flat(groups), groups, aspect)

    def _about_paper(self, c: _Context, paper_id: str) -> Answer | Draft:
        """One paper's whole abstract, read for the sentences that answer; or why it cannot answer."""
        plan = c.plan
        passages, verdict = self.judged(plan, c.restrict, c.k)
        earlier = echoed(plan.question.text, c.history) if plan.followup and not verdict.relevant else ""
        if earlier:
            verdict = self.relevance.judge(plan.question, f"{plan.gate_query} {earlier}", passages, named=True)
        draft = Draft(plan, Kind.FACT, passages, {paper_id: passages}, "")
        if not verdict.relevant:
            # "Did the Wasserstein paper run an ablation?": the paper asked about lacks the asked words; it
            # is that paper's abstract that does not state it, not the collection that does not cover it
            # ("And what datasets did they test on?" of JOENA), even where no asked word is missing from it;
            # unless the collection holds none of its words ("coral reef bleaching"): a thing no paper covers
            features = verdict.features.get(paper_id)
            gated = features is not None and features.foreign < 1.0
            unstated = self._unstated(draft, passages[0].paper, c, gated=gated) if passages else None
            return unstated or self._abstain(plan, [p.paper for p in passages[:1]])
        return self._unless_unstated(draft, passages[0].paper, c)

    def _gather(self, c: _Context) -> Answer | Draft:
        """A question with no paper named: every paper that clearly bears on it, best first."""
        plan = c.plan
        passages, verdict = self.judged(plan, c.restrict, c.k)
        foreign = min((f.foreign for f in verdict.features.values()), default=1.0)
        if plan.question.practical and (foreign > 0 or PHRASEBOOK.search(plan.question.text)) and not plan.followup:
            # help with a task of one's own, in words no paper uses (scipy, ONNX), or how to say a word in
            # another language: not what the papers say
            return self._abstain(plan, [])
        if not verdict.relevant:
            previous = self.planner.previous(c.history)
            if (
                previous
                and not plan.question.identifies
                and not plan.followup
                and not SHIFT.search(plan.question.text)
                and foreign < 1.0
            ):
                # An elliptical follow-up ("how large was the speedup?") is about the last answer's papers,
                # those of them that cover it; not a question that leaves the topic (ところで…, "different
                # question:") or whose every word is foreign to the collection (ラーメン, 東京).
                earlier = [p for p in previous.papers if not c.restrict or p in c.restrict]
                # a Japanese question naming nothing, not even by 「それ」, is the last papers' by its wording alone
                # (not 「あとエクセルのピボットテーブルで…平均に変えるのは」, sharing 平均 with one)
                named = plan.question.lang != "ja"
                plan.focus = [pid for pid in earlier[:MAX_COMPARED] if self._covers(plan, pid, named)]
                plan.followup = bool(plan.focus)
                if plan.focus:
                    return self._prepare_fact(c)
            return self._abstain(plan, self._suggest_from(passages))
        retrieved = list(dict.fromkeys(p.paper_id for p in passages))
        ranked = self._writing_the_names_first(plan, [pid for pid in retrieved if pid in verdict.supported], retrieved)
        besides = [pid for pid in ranked if pid not in plan.excluded]
        if not besides:
            return self._none_besides(c, covering=ranked)
        ranked = besides
        limit = 1 if plan.question.singular else MAX_GATHERED if plan.question.plural else MAX_GATHERED_FACT
        if ranked and self._titled_by_its_word(plan, ranked[0], retrieved):
            limit = 1
        groups = {pid: self._whole(plan, pid) for pid in ranked[:limit]}
        kind = Kind.SET if len(groups) > 1 else Kind.FACT
        draft = Draft(plan, kind, [p for p in passages if p.paper_id in groups], groups, "")
        if len(groups) == 1:
            return self._unless_unstated(draft, next(iter(groups.values()))[0].paper, c)
        return self._none_stating(draft, c) or draft

    def _none_stating(self, draft: Draft, c: _Context) -> Answer | None:
        """For a question asking the name of one thing ("which base LLM did they tune for the length
        experiments?") that several papers bear on, the best one's abstract not stating it when none of them
        does; else None. Not other questions: on a large collection (SciFact) the papers a topic gathers each
        miss some word of it, and the answer is what they do say."""
        question = draft.plan.question
        if question.plural or not question.wants_name:
            return None
        (best, *rest) = draft.groups.items()
        aside = replace(c, refs=References())  # trying the others cites nothing in the answer
        for pid, passages in rest:
            alone = Draft(draft.plan, Kind.FACT, passages, {pid: passages}, "")
            if self._unstated(alone, passages[0].paper, aside) is None:
                return None
        pid, passages = best
        return self._unstated(Draft(draft.plan, Kind.FACT, passages, {pid: passages}, ""), passages[0].paper, c)

    def _titled_by_its_word(self, plan: Plan, best: str, retrieved: list[str]) -> bool:
        """Whether a question asking something of a thing (not "which papers…?") uses a term the best
        paper coins in its title and abstract ("a process we refer to as hyperfitting") and no other
        retrieved paper writes ("does hyperfitting only apply to text generation?"): the term names the
        paper, and what else it asks is asked of that paper. A title word it merely uses ("supersonic
        flow") names nothing: other papers on the topic answer too."""
        q = plan.question
        if q.identifies or q.plural or q.lang != "en" or len(alternatives(q.topic, clauses=False)) > 1:
            return False
        paper = self.store.paper(best)
        if paper is None:
            return False
        coined = {t for word in COINED_WORD.findall(paper.abstract) for t in terms(word)}
        own = set(terms(paper.title)) & coined & set(asked_terms(q.text))
        if not own:
            return False
        others = [self.store.paper(pid) for pid in retrieved if pid != best]
        written = {t for other in others if other is not None for t in terms(paper_text(other))}
        return bool(own - written)

    def _writing_the_names_first(self, plan: Plan, ranked: list[str], retrieved: list[str]) -> list[str]:
        """A question that gives a name ("hyperfitしたモデルの出力分布", "accuracy on Weibo") is about a paper
        writing it: when the best paper lacks the name, the retrieved papers that write them all answer,
        though its other words ("出力分布") matched them less well. Not the unit of the figure asked for
        (「誤差は何%以内」): a paper giving no percentage does not state it, another giving one is not asked."""

        def writes_them(pid: str) -> bool:
            paper = self.store.paper(pid)
            return paper is not None and not self.coverage.absent_names(
                plan.question, paper, paper_text(paper), with_unit=False
            )

        if not ranked or writes_them(ranked[0]):
            return ranked
        if plan.question.plural and len(alternatives(plan.question.topic, clauses=False)) > 1:
            # 「Wasserstein距離とか最適輸送（OT）を使ってる論文はどれとどれ？」: each paper may write one name of the two
            return ranked
        return [pid for pid in retrieved if writes_them(pid)] or ranked

    def _covers(self, plan: Plan, paper_id: str, named: bool = True) -> bool:
        """Whether one paper, read whole, passes the gate for the question as a question about it;
        `named`: as a question naming it, which in Japanese its name alone passes."""
        passages = self._whole(plan, paper_id)
        return self.relevance.judge(plan.question, plan.gate_query, passages, named=named).relevant

    def judged(self, plan: Plan, restrict: Sequence[str], k: int) -> tuple[list[Passage], Verdict]:
        """The passages a fact question is answered from, and the relevance gate's verdict on them: a
        named (or referred-to) paper is read whole; otherwise the best passages of the collection."""
        if len(plan.focus) == 1:
            passages = self._whole(plan, plan.focus[0])
            verdict = self.relevance.judge(plan.question, plan.gate_query, passages, named=True)
            if not verdict.relevant and _a_part_asks_what_it_is(plan):
                verdict = replace(verdict, relevant=True, supported={plan.focus[0]})
            return passages, verdict
        passages = self.retriever.search(
            plan.query, max(3 * k, 12), restrict or None, per_paper=2, query_vector=self._vector(plan)
        )
        return passages, self.relevance.judge(plan.question, plan.gate_query, passages)

    def _unless_unstated(self, draft: Draft, paper: Paper, c: _Context) -> Answer | Draft:
        """The draft, unless the paper does not state what is asked: then say so, and quote what it does say."""
        return self._unstated(draft, paper, c) or draft

    def _unstated(self, draft: Draft, paper: Paper, c: _Context, gated: bool = False) -> Answer | None:
        """The answer saying that the paper does not state what is asked (quoting what it does say), or
        None when it does; `gated`: the relevance gate has already found that it does not."""
        q = draft.plan.question
        best = self.extractive.answer_sentences(q, draft.groups[paper.id], paper, said_before=draft.plan.said_before)
        full_text = [p.chunk.text for p in draft.groups[paper.id] if p.chunk.page is not None]
        # A Japanese sentence is judged with its English original: the translation may lose a name (格子形 for
        # PLAID) or write it in katakana (バイアシ for Biasi), a name all the same.
        quoted = self.extractive.with_originals(best, draft.groups[paper.id])
        read = [e.sentence for e in quoted] + [e.english for e in quoted if e.english]
        coverage = self.coverage.check(q, paper, read, full_text)
        if coverage.verdict == Stated.STATED and not gated:
            return None
        if not best:
            return self._abstain(draft.plan, [paper])
        # what it does say: the sentence nearest the question, wherever it stands in the abstract
        body = self.extractive.not_stated(q, paper, coverage.missing, [max(best, key=lambda e: e.score)], c.refs)
        other = self._stated_elsewhere(draft.plan, paper, coverage.missing, c)
        answer = self._done(f"{body}\n\n{other}" if other else body, c.refs, draft.plan, Kind.FACT)
        answer.abstained = not other
        return answer

    def _stated_elsewhere(self, plan: Plan, paper: Paper, missing: Sequence[str], c: _Context) -> str:
        """Where the figures the question quotes, missing from `paper`, are the one other paper's (see
        rag/answer/elsewhere.py): that paper's sentence stating them, cited; "" when none or several."""
        quoted = elsewhere.figures(missing)
        if not quoted:
            return ""
        others = [
            p
            for p in self.store.papers()
            if p.id != paper.id
            and (not c.restrict or p.id in c.restrict)
            and all(elsewhere.states(f, paper_text(p)) for f in quoted)
        ]
        if len(others) != 1:
            return ""
        stated = elsewhere.sentence_stating(quoted, self._whole(plan, others[0].id), plan.question.lang)
        # with a word of the question that `paper` never writes ("MRR"): not a figure met by chance ("50% more data")
        unwritten = set(asked_terms(plan.question.topic)) - set(terms(" ".join([paper_text(paper), *quoted])))
        if stated is None or not unwritten & set(terms(stated[1])):
            return ""
        passage, sentence = stated
        n = c.refs.cite(others[0], passage, sentence)
        if plan.question.lang == "ja":
            return f"この数値は「{others[0].title}」の要約にあります: {with_marker(sentence, n)}"
        return f"*{others[0].title}* states it: {with_marker(sentence, n)}"

    _PREPARE = {
        Kind.COUNT: _prepare_collection,
        Kind.LIST: _prepare_collection,
        Kind.AUTHORS: _prepare_record,
        Kind.DATE: _prepare_record,
        Kind.CATEGORIES: _prepare_record,
        Kind.BY_AUTHOR: _prepare_record,
        Kind.GIST: _prepare_gist,
        Kind.COMPARE: _prepare_compare,
        Kind.SET: _prepare_fact,
        Kind.FACT: _prepare_fact,
    }

    def _whole(self, plan: Plan, paper_id: str) -> list[Passage]:
        """All of one paper's passages, ranked for the question (an abstract is short enough to read whole)."""
        return self.retriever.search(
            plan.query, _WHOLE_PAPER, [paper_id], per_paper=None, query_vector=self._vector(plan)
        )

    def _vector(self, plan: Plan, alone: bool = False) -> list[float]:
        """The dense side searches for the whole question (the lexical side for its topic words); the
        answer's sentences are scored against the same vector. A follow-up is embedded in the context
        of the papers it refers to: "which phenomena does it differ from?" says little alone."""
        text = plan.question.text
        if plan.followup and plan.focus and not alone:
            titles = "; ".join(p.title for p in (self.store.paper(pid) for pid in plan.focus) if p)
            text = f"{titles}: {text}"
        elif plan.names and not alone:
            # A coined name (JOENA) means nothing to the embedding model; the title it stands for does.
            for pid, name in zip(plan.focus, plan.names):
                paper = self.store.paper(pid)
                if paper:
                    text = re.sub(re.escape(name), paper.title, text, count=1, flags=re.IGNORECASE)
        return self.retriever.embed_query(text)

    def _target_papers(self, plan: Plan, scope, k: int) -> list[Paper]:
        """The papers a metadata question is about: named ones, else the best match for its topic."""
        if plan.focus:
            return [p for p in (self.store.paper(pid) for pid in plan.focus) if p]
        if plan.question.plural and not asked_terms(without_record_words(plan.query)):
            # "when were all the papers published?", 「ここの論文って全部いつ出たもの？」: no topic narrows them
            return [p for p in self.store.papers() if not scope or p.id in scope]
        passages = self.retriever.search(plan.query, k, scope, per_paper=1, query_vector=self._vector(plan))
        verdict = self.relevance.judge(plan.question, plan.query, passages)
        if not verdict.relevant:
            return []
        ranked = list(_by_paper(passages))
        count = len(ranked) if plan.question.plural else 1
        keep = [pid for pid in ranked[:count] if pid in verdict.supported] or ranked[:1]
        return [p for p in (self.store.paper(pid) for pid in keep) if p]

    def _comparison(self, plan: Plan, history, restrict, k: int) -> tuple[dict[str, list[Passage]], str, list[str]]:
        """One group of passages per compared paper, the aspect compared ("" when none is stated), and the
        compared parts no paper bears on."""
        previous = self.planner.previous(history)
        parts = plan.question.parts
        # "Does the Wasserstein paper also sparsify? How does its angle differ from this one?": "this one" is
        # the paper talked about; "its" then points to the one the question brings in, not back to it too
        pointed = bool(previous) and len(parts) == 2 and any(_PRONOUN.fullmatch(part) for part in parts)
        brought_in = list(self.store.catalog.papers_named(plan.question.text)) if pointed else []
        resolved: dict[int, str] = {}
        unfound: list[str] = []
        for index in _resolution_order(parts, pointed, several=bool(previous) and len(previous.papers) > 1):
            part = parts[index]
            chosen = list(resolved.values())
            # named as the question writes it: "the tsc energy paper" names the time-series one, "tsc energy" alone does not
            written = re.search(rf"{re.escape(part)}\s+(?:paper|study|work|article|one)\b", plan.question.text)
            named = [
                pid for pid in self.store.catalog.papers_named(written[0] if written else part) if pid not in chosen
            ]
            brings_in = pointed and _POSSESSIVE.match(part)
            if not named and brings_in:
                named = [pid for pid in brought_in if pid not in chosen]
            elif not named and previous and (_PRONOUN.fullmatch(part) or self.planner.refers_back(part, history)):
                named = [pid for pid in previous.papers if pid not in chosen]
            if not named:
                # "Does another paper also use experts? How does its use of MoE differ…": one other than the paper
                # talked about, found by the whole question (the part alone may not say what it is about)
                query = _OTHER_ONE.sub(" ", aspect_words(plan.question.text)) if brings_in else part
                hits = self.retriever.search(query, 3, restrict or None, per_paper=1)
                if brings_in:
                    hits = [h for h in hits if h.paper_id not in chosen]
                verdict = self.relevance.judge(analyse(query), query, hits)
                # A part whose best paper is one already compared ("perplexity vs ICL" in DataMan) is an
                # aspect of that paper, not another paper to compare it with.
                # or a description too short for the question's gate ("ts energy") that finds its paper clearly
                # (not a stray particle read as a part, 「両方とも」's も)
                best = (
                    hits[0].paper_id
                    if hits and verdict.relevant
                    else _titled(part, hits)
                    or (self._described_paper(part, plan, restrict, k) if asked_terms(part) else None)
                )
                named = [best] if best and best not in chosen else []
                if not best:
                    unfound.append(part)
            if named:
                resolved[index] = named[0]
        chosen = [resolved[i] for i in sorted(resolved)]
        if restrict:
            chosen = [pid for pid in chosen if pid in restrict]
        names = [
            n
            for n in (self.store.catalog.papers_named(part).get(pid) for part in plan.question.parts for pid in chosen)
            if n
        ]
        return {pid: self.retriever.paper_passages(pid) for pid in chosen}, aspect_of(plan.question, names), unfound

    def _first_passage(self, paper: Paper) -> Passage | None:
        hits = self.retriever.search(paper.title, 1, [paper.id], mode="bm25")
        return hits[0] if hits else None

    def _suggest_from(self, passages: Sequence[Passage]) -> list[Paper]:
        return list({p.paper.id: p.paper for p in passages}.values())[:3]

    def _suggest(self, query: str, restrict) -> list[Paper]:
        return self._suggest_from(self.retriever.search(query, 6, restrict or None, per_paper=1))

    def _done(self, body: str, refs: References, plan: Plan, kind: Kind | None = None) -> Answer:
        if not body.strip():
            return self._abstain(plan, [])
        return Answer(
            answer=body, citations=refs.citations, query=self.planner.describe(plan), kind=str(kind or plan.kind)
        )

    def _only_named(self, text: str) -> list[str]:
        """The papers `text` names when it says nothing else ("JOENA", "the DataMan paper"); not "RewardAgent's
        human-preference score", a thing within one."""
        named = self.store.catalog.papers_named(text)
        rest = text
        for name in named.values():
            rest = re.sub(re.escape(name), " ", rest, flags=re.IGNORECASE)
        return [] if asked_terms(rest) else list(named)

    def _none_besides(self, c: _Context, covering: list[str]) -> Answer:
        """ "Besides JOENA, which papers use OT?" when only JOENA does: said so, not "nothing covers this".
        Where the papers set aside were the last answer's ("any others?", 「他にもある？」), those of them that
        cover it are cited: that they alone do is the answer."""
        plan, ja = c.plan, c.plan.question.lang == "ja"
        papers = [p for p in (self.store.paper(pid) for pid in plan.excluded) if p]
        cited = plan.others and any(p.id in covering for p in papers)
        if cited:
            papers = [p for p in papers if p.id in covering]
        names = [
            (f"「{p.title}」" if ja else f"*{p.title}*")
            + (f" [{c.refs.cite(p, self._first_passage(p))}]" if cited else "")
            for p in papers
        ]
        if ja:
            body = f"{'、'.join(names)}以外に、この質問に答える論文は見つかりません。"
        else:
            body = f"No indexed paper other than {' and '.join(names)} covers this question."
        if cited:
            return self._done(body, c.refs, plan)
        answer = self._abstain(plan, [])
        answer.answer = body
        return answer

    def _abstain(self, plan: Plan, suggestions: list[Paper]) -> Answer:
        return Answer(
            answer=ABSTAIN_JA if plan.question.lang == "ja" else ABSTAIN_EN,
            abstained=True,
            query=self.planner.describe(plan),
            kind=str(plan.kind),
            suggestions=[p.summary_dict() for p in suggestions],
        )


# A Japanese word as written: kanji with the kana that ends it (長さ, 長い; not a particle: 予測の), kanji run
# into a loanword (拡散モデル), or a katakana or Latin run.
_JA_WORD = re.compile(
    r"[\u4e00-\u9fff]+[\u30a1-\u30ff]{2,}|[\u4e00-\u9fff]+(?:(?![のがをにはでともやへ])[\u3041-\u3093])?|[\u30a1-\u30ff]{2,}|[A-Za-z][A-Za-z0-9-]+"
)


def _a_part_asks_what_it_is(plan: Plan) -> bool:
    """ "What's RewardAgent, and how did they check it's any good?": a part asking nothing but what the
    named paper's method is, which its abstract always says, however the other part is worded. A part's
    sentences before its question set the scene ("I am briefing officials on …. What does the reward-agent
    paper propose, and …")."""
    if not plan.names or len(plan.question.clauses) < 2:
        return False
    return any(
        (
            clause.asks in ("", "definition", "proposal")
            and not asked_terms(plan.without_names(split_sentences(clause.topic)[-1]))
        )
        or asks_gist(clause.text)  # "what's the big idea behind JOENA, and …?"
        for clause in plan.question.clauses
    )


def final_answer(events: Iterable[str | Answer]) -> Answer:
    """The Answer that ends a stream of text pieces (the pieces are dropped)."""
    answer = None
    for event in events:
        answer = event if isinstance(event, Answer) else answer
    if answer is None:
        raise RuntimeError("the answer stream ended without its Answer")
    return answer


def _fallback_notice(exc: LLMError) -> str:
    reason = str(exc)
    return f"{reason[:1].upper()}{reason[1:]}, so this answer was composed offline from the passages."


def _for_llm(passages: Sequence[Passage], lang: str) -> list[Passage]:
    """The passages an LLM reads: for an English question, a paper's Japanese summary only when it has no English text."""
    if lang == "ja":
        return list(passages)
    english = {p.paper_id for p in passages if p.chunk.lang == "en"}
    return [p for p in passages if p.chunk.lang == "en" or p.paper_id not in english]


def _resolution_order(parts: Sequence[str], pointed: bool, several: bool) -> list[int]:
    """The order the compared parts are found in: "this one" first where the question brings in the other by
    "its"; but after a turn on two papers, 「それ」 last (「ハイパーフィッティングの論文と比べると、どちらも…」): it is
    the one of them the other part does not find."""
    if several:
        return sorted(range(len(parts)), key=lambda i: bool(_PRONOUN.fullmatch(parts[i])))
    return sorted(range(len(parts)), key=lambda i: not (pointed and _PRONOUN.fullmatch(parts[i])))


def _flat(groups: dict[str, list[Passage]]) -> list[Passage]:
    return [p for group in groups.values() for p in group]


def _titled(part: str, hits: Sequence[Passage]) -> str | None:
    """The one retrieved paper whose title holds every English word of a compared part that mixes them
    with Japanese ones the gate cannot weigh (「省エネTransformer」: "Transformer" is in one title)."""
    words = set(terms(part))
    english = {t for t in words if t.isascii()}
    if not english or english == words:
        return None
    titled = {h.paper_id for h in hits if english <= set(terms(h.paper.title))}
    return titled.pop() if len(titled) == 1 else None


def _by_paper(passages: Sequence[Passage]) -> dict[str, list[Passage]]:
    groups: dict[str, list[Passage]] = {}
    for passage in passages:
        groups.setdefault(passage.paper_id, []).append(passage)
    return groups


def _names_any(text: str, names: Sequence[str]) -> bool:
    """Whether `text` writes one of the names as a word ("shavit in this set?" of "alistarh shavit"), also
    where kana run into it (「Carlssonさんも著者ですか」)."""
    return any(re.search(rf"(?<![A-Za-z]){re.escape(n)}(?![A-Za-z])", text, re.IGNORECASE) for n in names if n)
