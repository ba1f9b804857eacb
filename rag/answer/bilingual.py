"""Which English sentence of an abstract a sentence of its Japanese summary translates.

The shipped summaries are machine translations, sentence by sentence, and they lose things: "PLAID"
became 格子形, "RewardAgent" Regidagent, "factuality and instruction following" was dropped. A
Japanese answer quotes the summary; where the quoted sentence lost a name or a number that its
English original gives, the answer quotes the original too, so nothing the paper says is hidden by
the translation.

Alignment is monotonic (the translation keeps the abstract's order; a sentence may be split in two)
and anchored on what survives translation: numbers, words in Latin script, and English words the
summary writes in katakana.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache

from rag.loanwords import katakana_words, same_word
from rag.text import NUMBER_FORMS

_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_LATIN = re.compile(r"[A-Za-z][A-Za-z0-9-]+")
_POSITION_WEIGHT = 2.0  # how much being far apart in the two texts counts against a pair
# What a translation must keep: a name (RewardAgent, PLAID, MRR, Top-P) or a number.
# also a term with a one-letter variable ("best-of-n", "top-k"), which translation drops or garbles
_NAME = re.compile(
    r"(?<![\w-])(?:[A-Za-z]*[a-z][A-Z][\w-]*|[A-Z]{2,}[\w-]*|[A-Z][\w]*-[A-Z][\w-]*|[a-z]+(?:-[a-z]+)*-[a-z](?![\w-]))"
)


def _numbers(text: str, english: bool) -> set[str]:
    found = set(_NUMBER.findall(unicodedata.normalize("NFKC", text)))
    if english:
        found |= {n for w, n, _ in NUMBER_FORMS if re.search(rf"\b{w}\b", text, re.IGNORECASE)}
    else:
        found |= {n for _, n, k in NUMBER_FORMS if f"{k}つ" in text}
    return found


def anchors(japanese: str, english: str) -> int:
    """How many things the two sentences share that translation keeps: numbers, Latin-script words,
    and English words the Japanese writes in katakana."""
    shared = len(_numbers(japanese, False) & _numbers(english, True))
    latin_ja = {w.casefold() for w in _LATIN.findall(japanese)}
    english_words = {w.casefold() for w in _LATIN.findall(english)}
    shared += len(latin_ja & english_words)
    katakana = katakana_words(japanese)
    shared += sum(1 for w in english_words if len(w) >= 4 and any(same_word(w, k) for k in katakana))
    return shared


def align(japanese: Sequence[str], english: Sequence[str]) -> list[int | None]:
    """For each Japanese sentence, the index of the English sentence it translates (None when no anchor
    says so), in a monotonic alignment that maximises shared anchors less distance in position."""
    n, m = len(japanese), len(english)
    if not n or not m:
        return [None] * n
    shared = [[anchors(j, e) for e in english] for j in japanese]

    def score(i: int, k: int) -> float:
        return shared[i][k] - _POSITION_WEIGHT * abs(i / max(n - 1, 1) - k / max(m - 1, 1))

    best = [[score(0, k) for k in range(m)]]
    back: list[list[int]] = [[k for k in range(m)]]
    for i in range(1, n):
        row, links, running, arg = [], [], float("-inf"), 0
        for k in range(m):
            if best[-1][k] > running:
                running, arg = best[-1][k], k
            row.append(score(i, k) + running)
            links.append(arg)
        best.append(row)
        back.append(links)
    k = max(range(m), key=lambda j: best[-1][j])
    path = [0] * n
    for i in range(n - 1, -1, -1):
        path[i] = k
        k = back[i][k]
    anchored = [k if shared[i][k] else None for i, k in enumerate(path)]

    def framed(i: int, k: int) -> bool:
        """A sentence with no anchor of its own, alone between two anchored ones that translate the
        sentences either side of its English one: it translates that one ("…showed superior calibration")."""
        before = anchored[i - 1] == k - 1 if i else k == 0
        after = anchored[i + 1] == k + 1 if i + 1 < n else k == m - 1
        return before and after

    return [k if k is not None else path[i] if framed(i, path[i]) else None for i, k in enumerate(anchored)]


def lost_in_translation(japanese: str, english: str) -> bool:
    """Whether the English original gives a name or number that the Japanese does not (in Latin script
    or in katakana: ワッサースタイン keeps "Wasserstein"), or mathematics, which machine translation
    mangles ("$\\widetilde{O}(d/\\varepsilon)$" became "$ \\ widetilde {o}(d/\\ varepsilon)$")."""
    if "$" in english:
        return True
    kept = japanese.casefold()
    katakana = katakana_words(japanese)

    def keeps(name: str) -> bool:
        word = name.casefold().removesuffix("s")  # "LLMs" is kept as LLM
        return word in kept or any(same_word(part, k) for part in name.split("-") for k in katakana)

    return bool(
        [n for n in _NAME.findall(english) if not keeps(n)] or _numbers(english, True) - _numbers(japanese, False)
    )


@lru_cache(maxsize=1024)
def translated(japanese: tuple[str, ...], english: tuple[str, ...]) -> dict[str, str]:
    """{Japanese sentence: the English sentence it translates}, for every sentence an anchor aligns."""
    return {japanese[i]: english[k] for i, k in enumerate(align(japanese, english)) if k is not None}


def originals(japanese: Sequence[str], english: Sequence[str]) -> dict[int, int]:
    """{Japanese sentence: the English sentence it translates}, for those whose translation lost a name
    or a number. A sentence split in two is judged by both halves together."""
    return dict(_originals(tuple(japanese), tuple(english)))


@lru_cache(maxsize=1024)
def _originals(japanese: tuple[str, ...], english: tuple[str, ...]) -> tuple[tuple[int, int], ...]:
    """originals() remembered: an answer both checks and quotes the same paper's sentences."""
    aligned = align(japanese, english)
    together: dict[int, str] = {}
    for i, k in enumerate(aligned):
        if k is not None:
            together[k] = together.get(k, "") + japanese[i]
    return tuple(
        (i, k) for i, k in enumerate(aligned) if k is not None and lost_in_translation(together[k], english[k])
    )
