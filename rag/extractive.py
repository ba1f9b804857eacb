"""The offline answerer: answers composed of the retrieved passages' own sentences, each cited.

Every sentence it writes is a sentence of a cited passage, so the answer is faithful by construction;
the only words of its own are paper titles as headings. It needs no model beyond the embedding
model that retrieval already loaded.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rag.citations import References, with_marker
from rag.evidence import Evidence, EvidenceScorer
from rag.models import Passage
from rag.questions import Question

_EXPLAIN = re.compile(r"\b(?:what\s+is|what\s+are|explain|describe|summari[sz]e|overview|how\s+does|how\s+do)\b|とは|説明|要約|概要", re.IGNORECASE)
# Abstracts say what the paper does and what it found in recognisable words; a comparison with no
# stated aspect compares those two sentences of each paper.
_CONTRIBUTION = re.compile(
    r"\b(?:we|this\s+(?:paper|study|work)|in\s+this\s+(?:paper|study|work))\b[^.]{0,60}?\b(?:propose|present|introduce|develop|train|suggest|implement|investigat|stud|aim|design)"
    r"|提案|提示|紹介|開発|トレーニングし",
    re.IGNORECASE,
)
_FINDING = re.compile(
    r"\b(?:outperform|achiev|improv|demonstrat|surpass|reduc|result|find|found|indicate|enhanc|speed)|上回|達成|改善|示し|削減|結果|向上",
    re.IGNORECASE,
)


@dataclass
class Drafted:
    text: str
    refs: References


class ExtractiveAnswerer:
    name = "extractive"

    def __init__(self, scorer: EvidenceScorer):
        self.scorer = scorer

    # --- one question, one or a few papers ----------------------------------------------------
    def fact(self, question: Question, passages: Sequence[Passage], refs: References, *, single_paper: bool) -> str:
        chosen = self._best_sentences(question, question.text, passages, limit=3 if _EXPLAIN.search(question.text) else 2, single_paper=single_paper)
        return self._render(chosen, refs, sep=" " if question.lang == "en" else "")

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
            if question.wants_number and not re.search(r"\d", top.sentence):
                numbered = next((e for e in scored[1:] if re.search(r"\d", e.sentence) and e.score >= 0.6 * top.score), None)
                if numbered:
                    picked.append(numbered)
            picked.sort(key=lambda e: e.order)
            n = refs.cite(top.passage.paper)
            for e in picked:
                refs.cite(e.passage.paper, e.passage, e.sentence)
            body = (" " if question.lang == "en" else "").join(with_marker(e.sentence, n) for e in picked)
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
                chosen = self._best_sentences(question, aspect, passages, limit=2, single_paper=True, floor=0.0)
            else:
                chosen = self._gist(question, passages)
            n = refs.cite(paper)
            for e in chosen:
                refs.cite(paper, e.passage, e.sentence)
            body = (" " if question.lang == "en" else "").join(with_marker(e.sentence, n) for e in chosen)
            sections.append(f"**{paper.title}**\n{body}")
        return "\n\n".join(sections)

    def _gist(self, question: Question, passages: Sequence[Passage]) -> list[Evidence]:
        """The sentence saying what the paper does and the one saying what it found, in reading order."""
        lang = question.lang if any(p.chunk.lang == question.lang for p in passages) else "en"
        sentences = sorted(self.scorer.candidates(passages, lang=lang), key=lambda e: e.order)
        if not sentences:
            return []
        contribution = next((e for e in sentences if _CONTRIBUTION.search(e.sentence)), sentences[0])
        findings = [e for e in sentences if _FINDING.search(e.sentence) and e is not contribution]
        finding = next((e for e in findings if re.search(r"\d", e.sentence)), findings[0] if findings else None)
        return sorted([e for e in (contribution, finding) if e is not None], key=lambda e: e.order)

    # --- shared ---------------------------------------------------------------------------------
    def _scored(self, question: Question, query: str, passages: Sequence[Passage]) -> list[Evidence]:
        lang = question.lang if any(p.chunk.lang == question.lang for p in passages) else "en"
        candidates = self.scorer.candidates(passages, lang=lang)
        weights = self.scorer.weights(question.topic if query == question.text else query)
        return self.scorer.score(query, candidates, weights=weights, wants_number=question.wants_number)

    def _best_sentences(
        self, question: Question, query: str, passages: Sequence[Passage], *, limit: int, single_paper: bool, floor: float = 0.75
    ) -> list[Evidence]:
        scored = self._scored(question, query, passages)
        if not scored:
            return []
        top = scored[0]
        chosen = [top]
        for e in scored[1:]:
            if len(chosen) >= limit:
                break
            if single_paper and e.paper_id != top.paper_id:
                continue
            if e.score >= floor * top.score:
                chosen.append(e)
        if question.wants_number and not any(re.search(r"\d", e.sentence) for e in chosen):
            numbered = next((e for e in scored if re.search(r"\d", e.sentence) and (not single_paper or e.paper_id == top.paper_id)), None)
            if numbered and numbered.score >= 0.5 * top.score:
                chosen.append(numbered)
        # Read in the papers' order: by paper (best first), then as the abstract runs.
        rank = {pid: i for i, pid in enumerate(dict.fromkeys(e.paper_id for e in chosen))}
        return sorted(chosen, key=lambda e: (rank[e.paper_id], e.order))

    @staticmethod
    def _render(chosen: Sequence[Evidence], refs: References, sep: str) -> str:
        out = []
        for e in chosen:
            n = refs.cite(e.passage.paper, e.passage, e.sentence)
            out.append(with_marker(e.sentence, n))
        return sep.join(out)
