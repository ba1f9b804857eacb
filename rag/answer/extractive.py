"""The offline answerer: answers composed of the retrieved passages' own sentences, each cited.

Every sentence it writes is a sentence of a cited passage, so the answer is faithful by construction;
the only words of its own are paper titles as headings. It needs no model beyond the embedding
model that retrieval already loaded.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rag.answer.citations import References, with_marker
from rag.answer.evidence import CONTRIBUTION, FINDING, Evidence, EvidenceScorer
from rag.index.catalog import fold, names_of
from rag.models import Paper, Passage
from rag.answer.questions import Question, alternatives
from rag.text import terms

_NUMBER = re.compile(r"\d")
_FOCUS_BOOST = 2.0
_TITLE_TERM = 0.3
_EXPLAIN = re.compile(r"\b(?:what\s+is|what\s+are|explain|describe|summari[sz]e|overview|how\s+does|how\s+do)\b|とは|説明|要約|概要", re.IGNORECASE)
class ExtractiveAnswerer:
    name = "extractive"

    def __init__(self, scorer: EvidenceScorer):
        self.scorer = scorer

    # --- one question, one paper ------------------------------------------------------------------
    def fact(self, question: Question, passages: Sequence[Passage], groups: dict[str, list[Passage]], refs: References) -> str:
        """Find the paper that answers (its sentence scores best), then read that paper's abstract whole."""
        if not passages:
            return ""
        paper = passages[0].paper  # retrieval's best, among the papers that passed the gate
        within = groups.get(paper.id) or [p for p in passages if p.paper_id == paper.id]
        limit = 3 if _EXPLAIN.search(question.text) or len(alternatives(question.topic)) > 2 else 2
        chosen = self._best_sentences(question, question.text, within, limit=limit, ignore=naming_terms(paper))
        body = self._render(chosen, refs, question.lang)
        if body and question.identifies:
            # "Which paper…?", "Is there a paper…?": the answer names it.
            return f"**{paper.title}**: {body}" if question.lang == "en" else f"「{paper.title}」: {body}"
        return body

    # --- which papers do X --------------------------------------------------------------------
    def set_of_papers(self, question: Question, groups: dict[str, list[Passage]], refs: References, share: float) -> str:
        """One line per paper whose best sentence scores at least `share` of the best paper's."""
        best: list[tuple[Evidence, list[Evidence]]] = []
        for passages in groups.values():
            scored = self._scored(question, question.text, passages)
            if scored:
                best.append((scored[0], scored))
        if not best:
            return ""
        best.sort(key=lambda item: item[0].score, reverse=True)
        threshold = share * best[0][0].score
        lines = []
        for top, scored in best:
            if top.score < threshold:
                break
            picked = [top]
            if question.wants_number and not _NUMBER.search(top.sentence):
                numbered = next((e for e in scored[1:] if _NUMBER.search(e.sentence) and e.score >= 0.6 * top.score), None)
                if numbered:
                    picked.append(numbered)
            picked.sort(key=lambda e: e.order)
            body = self._render(picked, refs, question.lang)
            lines.append(f"- **{top.passage.paper.title}**: {body}")
        return "\n".join(lines)

    # --- compare named papers -----------------------------------------------------------------
    def compare(self, question: Question, aspect: str, groups: dict[str, list[Passage]], refs: References) -> str:
        """One paragraph per paper: on the stated aspect, else what the paper does and what it found."""
        sections = []
        for passages in groups.values():
            if not passages:
                continue
            paper = passages[0].paper
            if aspect:
                chosen = self._best_sentences(question, aspect, passages, limit=2, floor=0.0, ignore=naming_terms(paper))
            else:
                chosen = self._gist(question, passages)
            refs.cite(paper)  # numbered under its heading even when no sentence was chosen
            body = self._render(chosen, refs, question.lang)
            sections.append(f"**{paper.title}**\n{body}")
        return "\n\n".join(sections)

    def gist(self, question: Question, groups: dict[str, list[Passage]], refs: References) -> str:
        """What each paper does and what it found, in its own words."""
        sections = []
        for passages in groups.values():
            if not passages:
                continue
            paper = passages[0].paper
            refs.cite(paper)  # numbered under its heading even when no sentence was chosen
            body = self._render(self._gist(question, passages), refs, question.lang)
            sections.append(body if len(groups) == 1 else f"**{paper.title}**\n{body}")
        return "\n\n".join(sections)

    def _gist(self, question: Question, passages: Sequence[Passage]) -> list[Evidence]:
        """The sentence saying what the paper does and the one saying what it found, in reading order."""
        lang = question.lang if any(p.chunk.lang == question.lang for p in passages) else "en"
        sentences = sorted(self.scorer.candidates(passages, lang=lang), key=lambda e: e.order)
        if not sentences:
            return []
        contribution = next((e for e in sentences if CONTRIBUTION.search(e.sentence)), sentences[0])
        # Findings follow the contribution in an abstract; "would improve" in its opening motivation is not one.
        later = sentences[sentences.index(contribution) + 1 :]
        findings = [e for e in later if FINDING.search(e.sentence)] or [e for e in sentences if FINDING.search(e.sentence) and e is not contribution]
        finding = next((e for e in findings if _NUMBER.search(e.sentence)), findings[0] if findings else None)
        return sorted([e for e in (contribution, finding) if e is not None], key=lambda e: e.order)

    # --- shared ---------------------------------------------------------------------------------
    def _scored(self, question: Question, query: str, passages: Sequence[Passage], ignore: dict[str, float] | None = None) -> list[Evidence]:
        lang = question.lang if any(p.chunk.lang == question.lang for p in passages) else "en"
        candidates = self.scorer.candidates(passages, lang=lang)
        topic = question.topic if query == question.text else query
        weights = [self.scorer.weights(alt) for alt in alternatives(topic)]
        if query == question.text and question.focus:
            # The asked-for thing ("which empirical correlations…") decides between sentences that
            # all mention the paper's subject.
            focus = set(terms(question.focus))
            weights = [{t: w * (_FOCUS_BOOST if t in focus else 1.0) for t, w in alt.items()} for alt in weights]
        return self.scorer.score(
            query, candidates, weights=weights, wants_number=question.wants_number, asks=question.asks, ignore=ignore
        )

    def _best_sentences(
        self, question: Question, query: str, passages: Sequence[Passage], *, limit: int, floor: float = 0.75, ignore: dict[str, float] | None = None
    ) -> list[Evidence]:
        """The best sentence and up to `limit - 1` more scoring at least `floor` of it, in reading order."""
        scored = self._scored(question, query, passages, ignore)
        if not scored:
            return []
        top = scored[0]
        chosen = [top] + [e for e in scored[1:] if e.score >= floor * top.score][: limit - 1]
        if question.wants_number and not any(_NUMBER.search(e.sentence) for e in chosen):
            numbered = next((e for e in scored if _NUMBER.search(e.sentence)), None)
            if numbered and numbered.score >= 0.5 * top.score:
                chosen.append(numbered)
        return sorted(chosen, key=lambda e: e.order)

    @staticmethod
    def _render(chosen: Sequence[Evidence], refs: References, lang: str) -> str:
        """The sentences, each cited with its paper's number (Japanese sentences join without spaces)."""
        out = []
        for e in chosen:
            n = refs.cite(e.passage.paper, e.passage, e.sentence)
            out.append(with_marker(e.sentence, n))
        return (" " if lang == "en" else "").join(out)


def naming_terms(paper: Paper) -> dict[str, float]:
    """How much each of a paper's naming terms still counts once the answer is known to come from
    that paper: its coined names (JOENA, DataMan) not at all, they only identify it; its title words
    a little, since "how do text and image interact?" may ask about what the title names."""
    weights = {t: _TITLE_TERM for t in terms(paper.title)}
    weights.update({t: 0.0 for name in names_of(paper) if fold(name) != fold(paper.title) for t in terms(name)})
    return weights
