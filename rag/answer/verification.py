"""Checking an LLM's answer against the passages it cites, sentence by sentence.

A sentence survives only when it cites at least one of the given passages and nothing else, every
number in it appears in the passages it cites, and those passages support it: EvidenceScorer.support
(meaning and IDF-weighted wording, the measure the offline answerer ranks sentences with) at or
above a threshold calibrated by bench/calibrate_verification.py (see docs/VERIFICATION.md). Surviving
sentences get the paper-level numbers of References instead of passage numbers; the others are
reported as unsupported. Markdown structure (bullets, bold title lines) is kept around survivors.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from rag.answer.citations import MARKER, References, with_marker
from rag.answer.evidence import EvidenceScorer
from rag.models import Passage
from rag.text import is_cjk, split_sentences

# Calibrated on bench/calibration/support_claims.jsonl by bench/calibrate_verification.py.
SUPPORT_MIN = 0.565  # English claims: 0.6 * cosine + 0.4 * IDF-weighted term overlap
SUPPORT_MIN_JA = 0.50  # Japanese claims: bigram overlap alone (MiniLM knows no Japanese)

_GROUP = re.compile(r"\[\s*(\d+(?:\s*[,;]\s*\d+)+)\s*\]")  # [1, 2] → [1][2]
_AFTER_STOP = re.compile(r"([.!?。．！？])[ \t]*((?:\[\d+\][ \t]*)+)")  # "text. [1]" → "text [1]."
_BULLET = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+")
_HEADING = re.compile(r"^\s*(?:#{1,6}\s+\S.*|\*\*[^*]+\*\*:?|__[^_]+__:?)\s*$")
_MARKUP = re.compile(r"\*\*|__|`|^#+\s*")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_SPACE_BEFORE_STOP = re.compile(r"\s+([.!?,;:。．！？、])")


@dataclass
class Check:
    """The verdict on one sentence of the reply."""

    text: str  # the sentence as written, without its markers
    claim: str  # the same without markup: what is measured
    cited: list[int]  # passage numbers, 1-based
    support: float = 0.0
    reason: str | None = None  # why it was removed; None when it stays
    backing: dict[int, str] = field(default_factory=dict)  # cited passage number → its sentence that supports best


@dataclass
class Verified:
    text: str  # the surviving sentences, with paper-level reference numbers
    refs: References
    unsupported: list[str]
    checks: list[Check]

    @property
    def kept(self) -> int:
        return sum(1 for c in self.checks if c.reason is None)


class Verifier:
    def __init__(
        self,
        scorer: EvidenceScorer,
        companions: Callable[[str], list[Passage]] | None = None,
        threshold: float = SUPPORT_MIN,
        threshold_ja: float = SUPPORT_MIN_JA,
    ):
        self.scorer = scorer
        # A paper's passages in both languages: a Japanese sentence citing an English passage is
        # checked against the same paper's Japanese summary, which MiniLM cannot bridge otherwise.
        self.companions = companions
        self.threshold = threshold
        self.threshold_ja = threshold_ja

    def verify(self, reply: str, passages: Sequence[Passage]) -> Verified:
        refs = References()
        checks: list[Check] = []
        lines: list[str] = []
        heading: str | None = None  # shown only when something under it survives
        for line in _normalise_markers(reply).splitlines():
            if not line.strip():
                if lines and lines[-1]:
                    lines.append("")
                continue
            if _HEADING.match(line) and not MARKER.search(line):
                heading = line.strip()
                continue
            bullet = _BULLET.match(line)
            prefix = bullet.group(0).lstrip() if bullet else ""
            kept = []
            for sentence in split_sentences(line[bullet.end() :] if bullet else line):
                check = self.check(sentence, passages)
                checks.append(check)
                if check.reason is None:
                    numbers = [
                        refs.cite(passages[n - 1].paper, passages[n - 1], check.backing[n]) for n in check.backing
                    ]
                    kept.append(with_marker(check.text, list(dict.fromkeys(numbers))))
            if kept:
                if heading:
                    lines.append(heading)
                    heading = None
                lines.append(prefix + ("" if is_cjk(" ".join(kept)) else " ").join(kept))
        unsupported = [c.claim for c in checks if c.reason is not None]
        return Verified("\n".join(lines).strip(), refs, unsupported, checks)

    def check(self, sentence: str, passages: Sequence[Passage]) -> Check:
        cited = list(dict.fromkeys(int(n) for n in MARKER.findall(sentence)))
        text = _SPACE_BEFORE_STOP.sub(r"\1", MARKER.sub("", sentence)).strip()
        check = Check(text=text, claim=" ".join(_MARKUP.sub("", text).split()), cited=cited)
        if not cited:
            check.reason = "cites no passage"
            return check
        outside = [n for n in cited if not 1 <= n <= len(passages)]
        if outside:
            check.reason = f"cites [{outside[0]}], but only {len(passages)} passages were given"
            return check
        sources = {n: self.sources(passages[n - 1], check.claim) for n in cited}
        missing = _numbers(check.claim) - set().union(*(_numbers(" ".join(s)) for s in sources.values()))
        if missing:
            check.reason = f"its number {sorted(missing)[0]} is not in the cited passages"
            return check
        threshold = self.threshold_ja if is_cjk(check.claim) else self.threshold
        weights = self.scorer.weights(check.claim)
        check.support = self.scorer.support(check.claim, [s for group in sources.values() for s in group], weights)
        if check.support < threshold:
            check.reason = f"the cited passages do not support it (support {check.support:.2f} < {threshold:.2f})"
            return check
        # Keep the citations whose passage supports the sentence on its own; all of them when only
        # their union does. Each citation remembers the passage sentence that backs it best.
        own = {n: self.scorer.support(check.claim, group, weights) for n, group in sources.items()}
        strong = [n for n in cited if own[n] >= threshold] or cited
        check.backing = {n: self._best_sentence(check.claim, sources[n], weights) for n in strong}
        return check

    def _best_sentence(self, claim: str, sources: list[str], weights: dict[str, float]) -> str:
        sentences = [s for s in sources if "\n" not in s] or sources
        return max(sentences, key=lambda s: self.scorer.support(claim, [s], weights))

    def sources(self, passage: Passage, claim: str) -> list[str]:
        """What a citation of `passage` vouches for: its sentences, then its whole text with the title."""
        passages = [passage]
        if self.companions and is_cjk(claim) != (passage.chunk.lang == "ja"):
            want = "ja" if is_cjk(claim) else "en"
            passages += [p for p in self.companions(passage.paper_id) if p.chunk.lang == want]
        sentences = [s for p in passages for s in split_sentences(p.chunk.text) if len(s) > 12]
        return sentences + [p.chunk.embedding_text for p in passages]  # "title\ntext"


def _normalise_markers(reply: str) -> str:
    reply = _GROUP.sub(lambda m: "".join(f"[{n}]" for n in re.split(r"\s*[,;]\s*", m.group(1))), reply)
    return _AFTER_STOP.sub(lambda m: f" {m.group(2).strip()}{m.group(1)} ", reply)


def _numbers(text: str) -> set[str]:
    """The numbers a text states, normalised: "1,000" and "1000" are one number, "16%" is 16."""
    found = set()
    for number in _NUMBER.findall(unicodedata.normalize("NFKC", text)):
        plain = re.sub(r",(?=\d{3}(?!\d))", "", number)
        found.add(plain)
        if "," in plain:  # "1,2" is a list of two numbers
            found.update(plain.split(","))
    return found
