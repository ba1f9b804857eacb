"""Does a paper state what a question asks of it? Decided before anything is written.

The relevance gate has already decided that the paper is what the question is about. What remains:
is the thing asked for in it? The question's focus (the GPU in "what GPU did they use?", the
criteria in "how many criteria…") is looked for in the paper's own text (title, abstract, Japanese
summary, and the full text's passages read for the question), exactly, by a shared prefix, as a word of near meaning or as an acronym; a question that
wants names ("which datasets…") needs a sentence that names something other than the paper. When
the thing is missing, the answer says so plainly and quotes what the paper does say.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from rag.answer.evidence import EvidenceScorer, match
from rag.answer.questions import Question, asked_terms
from rag.index.catalog import names_of
from rag.models import Paper
from rag.text import acronyms, expands, is_cjk, terms

_NAMELIKE = re.compile(r"(?<![\w-])(?:[A-Za-z]*[a-z][A-Z][\w-]*|[A-Z]{4,}[\w-]*|[A-Z][A-Za-z]*\d[\w-]*)")


class Stated(StrEnum):
    STATED = "stated"
    NOT_STATED = "not_stated"


@dataclass
class Coverage:
    verdict: Stated
    missing: list[str] = field(default_factory=list)  # the asked words the paper lacks, as the question spelled them


class CoverageCheck:
    def __init__(self, scorer: EvidenceScorer):
        self.scorer = scorer

    def check(
        self, question: Question, paper: Paper, sentences: Sequence[str], full_text: Sequence[str] = ()
    ) -> Coverage:
        """Whether `paper` (whose candidate answer is `sentences`) states the thing `question` asks for;
        `full_text`: the passages of its body read for the question, when it has one (a PDF)."""
        focus = set(terms(question.focus)) & self.asked_terms(question, paper)
        if focus and (question.wants_name or question.wants_number) and question.lang == "en":
            # Only a thing with a name or a count ("what GPU", "how many parameters") is checked for:
            # "what failure regime" may well be answered in other words ("cases of dryout"). Not in
            # Japanese: a machine-translated summary words the same thing too many ways (速度向上, スピードアップ).
            text = " ".join(filter(None, (paper.title, paper.abstract, paper.summary_ja, *full_text)))
            present = set(terms(text))
            similar = self.scorer.similar_terms(focus, [text]) if question.lang == "en" else {}
            short = acronyms(question.text)
            missing = {
                t for t in focus if not match(t, present, similar) and not (t in short and expands(short[t], text))
            }
            if missing == focus:
                return Coverage(Stated.NOT_STATED, _spelled(question.text, focus))
        if question.wants_name and not any(_has_name(s, paper) for s in sentences):
            return Coverage(Stated.NOT_STATED, _spelled(question.text, focus))
        return Coverage(Stated.STATED)

    @staticmethod
    def asked_terms(question: Question, paper: Paper) -> set[str]:
        """The question's own words, less those that frame it and those that name the paper."""
        naming = {t for name in names_of(paper) for t in terms(name)} | set(terms(paper.title))
        return {t for c in question.clauses for t in asked_terms(c.topic)} - naming


def _spelled(question: str, wanted: set[str]) -> list[str]:
    """The question's own words whose terms are `wanted`, in its order (for saying what is missing)."""
    words = re.findall(r"[\w-]+", question)
    return list(dict.fromkeys(w for w in words if set(terms(w)) & wanted))


def _has_name(sentence: str, paper: Paper) -> bool:
    """Whether a sentence names something other than the paper itself (a dataset, a GPU, a benchmark)."""
    own = {n.casefold() for n in names_of(paper)}
    if is_cjk(sentence):
        candidates = re.findall(r"[A-Za-z][A-Za-z0-9-]{3,}", sentence)
    else:  # the first word is capitalised as a sentence start, not as a name
        candidates = _NAMELIKE.findall(sentence.split(None, 1)[1] if " " in sentence else "")
    return any(c.casefold().strip("-") not in own for c in candidates)
