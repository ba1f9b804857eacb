"""A figure the question quotes of one paper that another paper states: "I believe the fake news paper
reported a 16% gain in MRR, right?" when it is JOENA's abstract that reports it. Researchers mix papers up;
the answer says that the paper asked about does not state it, and whose abstract does."""

from __future__ import annotations

import re
from collections.abc import Sequence

from rag.models import Passage
from rag.text import split_sentences

# A figure as the coverage check reports it missing: "16%", "20x", "447B", "1.846".
_FIGURE = re.compile(r"\d[\d.,]*\s?(?:%|x|×|倍|[kmb])?", re.IGNORECASE)


def figures(missing: Sequence[str]) -> list[str]:
    return [w for w in missing if _FIGURE.fullmatch(w)]


def states(figure: str, text: str) -> bool:
    """Whether `text` writes the figure as a whole number ("16%", not "116%" or "1.16%")."""
    return re.search(rf"(?<![\d.,]){re.escape(figure)}(?![\d])", text) is not None


def sentence_stating(quoted: Sequence[str], passages: Sequence[Passage], lang: str) -> tuple[Passage, str] | None:
    """The first sentence writing every quoted figure, in the question's language where there is one."""
    for passage in sorted(passages, key=lambda p: p.chunk.lang != lang):
        for sentence in split_sentences(passage.chunk.text):
            if all(states(f, sentence) for f in quoted):
                return passage, sentence
    return None
