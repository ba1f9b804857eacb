"""Follow-up questions: which papers "it", "its models" or "the second paper" refer to.

Without an LLM, a follow-up is resolved to papers rather than rewritten as text: the papers of the
previous answer (its numbered references, in order) become the focus, and retrieval is restricted to
them. With an LLM backend the condense prompt rewrites the question instead.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rag.answer.citations import render_references
from rag.answer.questions import SHIFT, analyse, asked_terms
from rag.models import Answer

_REFERRING = re.compile(
    r"\b(?:it|its|it's|they|them|their|theirs|both|either|neither|former|latter)\b"
    r"|\b(?:this|that|these|those|same)\s+(?:paper|papers|work|study|method|approach|model|models|authors?|one|ones|two|system|framework"
    r"|effects?|results?|findings?|numbers?|claims?|ideas?|techniques?|tricks?|phenomen\w+|problems?|issues?|datasets?|benchmarks?|experiments?|metrics?|speed-?ups?|improvements?|gains?"
    r"|evidence|proofs?|guarantees?|analys[ie]s|kinds?\s+of|sorts?\s+of|types?\s+of)\b"  # "how does that kind of evidence compare…"
    # "the paper" refers back unless a description follows: "the paper on fake news" is a new topic.
    r"|\bthe\s+(?:paper|papers|work|study|method|approach|model|models|authors?|two|system|framework|effects?|results?|findings?|phenomen\w+|speed-?ups?|improvements?|gains?)\b"
    r"(?!\s+(?:on|about|that|which|who|proposing|introducing|from|by|titled|called|named|in|with|where|for|of|using|behind))"
    r"|\b(?:the|this|that)\s+(?:first|second|third|fourth|fifth|last|other)\b|\b(?:the\s+)?(?:1st|2nd|3rd|4th|5th)\b|\bthe\s+two\b|^\s*(?:what|how)\s+about\b|^\s*(?:and|conversely)\b|^\s*逆に"
    r"|^\s*(?:で|それで|んで)[、,]"  # 「で、SOTAと比べてどれくらい速いの？」: "so," carries on, the subject left unsaid
    # "which of those did worst?", "are there many of those per layer?"
    r"|\b(?:which|what|one|any|each|all|none|both|many|few|some|most|several)\s+of\s+(?:those|these|them)\b"
    r"|\b(?:studied|used|proposed|described|reported|discussed|applied|done|measured|found)\s+there\b"  # "the sparsity studied there"
    # 「それと、…」 is "and also", pointing at nothing
    r"|この論文|その論文|それ(?!と[、,])|その|これら|これ|両方|両者|前者|後者|(?:先ほど|先程|さっき)の(?:論文|研究|話)|[1-5１-５一二三四五]\s*(?:つ|本|番|件|個)目",
    re.IGNORECASE,
)
_ORDINALS = {
    "first": 0,
    "second": 1,
    "third": 2,
    "fourth": 3,
    "fifth": 4,
    "1st": 0,
    "2nd": 1,
    "3rd": 2,
    "4th": 3,
    "5th": 4,
    "former": 0,
    "latter": 1,
    "前者": 0,
    "後者": 1,
}
# Japanese counts its ordinals with a counter: 2本目の論文, 1つ目, 3番目, 二件目 (digits full- or half-width, or kanji).
_JA_ORDINAL_DIGITS = {"1": 0, "2": 1, "3": 2, "4": 3, "5": 4, "一": 0, "二": 1, "三": 2, "四": 3, "五": 4}
_ORDINAL = re.compile(
    # not "who's first author on the 2nd one?": an author's place in the byline, not a paper's in the answer
    r"\b(?:the\s+)?(first|second|third|fourth|fifth|1st|2nd|3rd|4th|5th|former|latter)\b(?!\s+(?:authors?|co-?authors?)\b)|(前者|後者)|([1-5１-５一二三四五])\s*(?:つ|本|番|件|個)目",
    re.IGNORECASE,
)
_BOTH = re.compile(
    r"\b(?:both|the\s+two|these\s+two|those\s+two|the\s+pair|each\s+of\s+them)\b|両方|両者|(?:2|二|２)(?:つ|本)(?!目)",
    re.IGNORECASE,
)
# "Both papers", 「両方の論文」: a question naming one paper that says this compares it with the one before.
BOTH_PAPERS = re.compile(
    r"両方の(?:論文|研究|手法)|両論文|両者|(?:論文|研究)と(?:比べ|比較す)|\bboth\s+(?:papers|works|studies|methods|approaches)\b"
    r"|\b(?:the|these)\s+two\s+(?:papers|works|studies|methods|approaches)\b"
    # "vs the length-control paper - do both use DPO?", "compare with the energy paper: …": a paper set against the
    # one the conversation is on
    r"|^\W*(?:vs\.?|versus|compared\s+(?:to|with)|compare\s+(?:it\s+)?(?:to|with|against)|against)\s|\b(?:do|does|did|are|were|can|could)\s+both\b"
    r"|\bcompare\s+(?:the\s+)?(?:both|two)\b(?!\s+(?:of\s+)?(?:papers|works|studies)\s+(?:on|about))"  # "it also has …? compare both please"
    # "And the diffusion paper -- is its speed-up measured the same way?": as in the paper before, which sets
    # that paper beside it; 「その論文と Agentic Reward Modeling、どっちも…」: the one before and the one named
    r"|\b(?:in\s+)?the\s+same\s+(?:way|sense|manner|fashion)\b(?!\s+as\b)|(?:その|この|あの|前の|さっきの)(?:論文|研究)(?:と|や)(?!して|いう|は)",
    re.IGNORECASE,
)
# "Back to the paper: what were the datasets?" after an aside: the paper of the last answer that had one.
_BACK = re.compile(r"^\W*back\s+to\s+(?:the|that|this)\s+(?:paper|work|study)\b", re.IGNORECASE)
# A follow-up about every paper it refers to, not one of them ("do they both…", "how do their results compare?").
ALL_OF_THEM = re.compile(
    rf"{_BOTH.pattern}|\b(?:they|them|their|each|these|those|all)\b|それぞれ|どちら|どっち|全部", re.IGNORECASE
)
_LAST = re.compile(r"\bthe\s+last\s+(?:one|paper)\b", re.IGNORECASE)
# "any other papers on X?", 「…に近い論文は他にありますか」: more papers on the topic than those the last answer
# gave (not "what other methods did they try?", asked of a paper); "anything else?", 「他にもある？」 only with
# no topic of their own (「データセットは他にある？」 asks more of the same paper)
_OTHER_PAPERS = re.compile(
    r"\b(?:any|some)\s+(?:other|more)\s+(?:papers?|works?|studies|articles)\b|(?:他|ほか)の論文|論文[はもって]*(?:他|ほか)に",
    re.IGNORECASE,
)
_OTHERS = re.compile(
    r"\banything\s+else\b|\bany\s+others\b|(?:他|ほか)に(?:も)?(?:何か|なにか)?(?:は|が)?(?:あり|ある)", re.IGNORECASE
)
_REFERENCE_LINE = re.compile(r"^\s*\[(\d+)\]\s+(.+?)(?:\.\s|\.$|$)", re.MULTILINE)
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_NAMED = re.compile(r"\s+\([^()]*\)$")  # "Title (JOENA)": a heading that adds the method's name


@dataclass(frozen=True)
class FollowUp:
    papers: tuple[str, ...]  # paper ids the question refers to, in the order the conversation gave them
    previous: tuple[str, ...]  # all papers of the previous answer, in reference order


def points_back(text: str) -> bool:
    """Whether a question has words pointing at what was said before ("both", "the two", "and which one…")."""
    return bool(_REFERRING.search(text))


def resolve(
    question: str,
    history: Sequence[dict] | None,
    named: Callable[[str], list[str]],
    titled: Callable[[str], str | None],
) -> FollowUp | None:
    """The papers a referring question points to, or None when it is not a follow-up.

    `named(text)` lists the paper ids a text names (titles, short titles, coined names) in order;
    `titled(title)` finds a paper by its exact title.
    """
    if not history or not points_back(question) or (SHIFT.search(question) and not _BACK.search(question)):
        return None
    previous = _papers_of_last_answer(history, named, titled)
    if not previous:
        return None
    if len(previous) == 1 and _BOTH.search(question):
        # "Compare the two on speed" after one answer about each: the conversation's last two papers.
        earlier = _papers_of_last_answer(history, named, titled, before=previous)
        return FollowUp((*earlier[:1], *previous), previous) if earlier else FollowUp(previous, previous)
    ordinal = _ORDINAL.search(question)
    if _LAST.search(question):
        return FollowUp((previous[-1],), previous)
    if ordinal:
        index = _ordinal_index(ordinal)
        # "And the latter?" after a turn on the former: the latest answer that listed that many papers
        listed = previous if index < len(previous) else _papers_of_last_answer(history, named, titled, least=index + 1)
        if index < len(listed):
            return FollowUp((listed[index],), previous)
    return FollowUp(previous, previous)


def _ordinal_index(found: re.Match) -> int:
    """0 for "the first", "1つ目", 前者; 1 for "the second", 2本目, 後者; …"""
    if found.group(3):
        return _JA_ORDINAL_DIGITS[unicodedata.normalize("NFKC", found.group(3))]
    return _ORDINALS[(found.group(1) or found.group(2)).lower()]


def _papers_of_last_answer(
    history: Sequence[dict], named, titled, before: tuple[str, ...] = (), least: int = 1
) -> tuple[str, ...]:
    """Papers of the latest turn that had any (`least` of them): its reference list, else titles or names
    in its text; with `before`, of the latest turn with papers other than those."""
    for message in reversed(history):
        content = str(message.get("content") or "")
        if message.get("role") == "assistant":
            # The reference list says exactly which papers the answer rests on; the titles and names in
            # its text are a fallback for answers shown without one (a quoted sentence may name others).
            sources: tuple[list[str], ...] = (
                [titled(title) for _, title in sorted(_REFERENCE_LINE.findall(content), key=lambda m: int(m[0]))],
                [titled(title) or titled(_NAMED.sub("", title)) for title in _BOLD.findall(content)],
                list(named(content)),
            )
        else:
            sources = (list(named(content)),)
        for ids in sources:
            found = tuple(dict.fromkeys(i for i in ids if i and i not in before))
            if len(found) >= least:
                return found
    return ()


# "JOENAはその弱点をどう解決してるの？", "what was that data used for?": a thing the last answer spoke of,
# pointed at again. What is asked of it is said elsewhere in the paper, not in the sentence just quoted.
_THAT_THING = re.compile(
    r"\b(?:that|this|those|these)\s+(?:weakness\w*|problems?|issues?|limitations?|shortcomings?|drawbacks?|gaps?"
    r"|challenges?|bottlenecks?|data|datasets?|corpus|corpora|results?|findings?|numbers?|ideas?)\b"
    # not 「その手法では…」, 「そのモデルは…」: the paper's own method, as 「その論文」 is the paper
    r"|(?:その|この)(?!論文|研究|著者|手法|方法|アプローチ|フレームワーク|技術|モデル|システム)[^\s、。？?はがをにでのとも]",
    re.IGNORECASE,
)
_MARKER = re.compile(r"\s*\[\d+\]")


def others_asked(text: str, history: Sequence[dict]) -> str | None:
    """For a question asking for more papers than the last answer gave, what it asks: its own words, or,
    with no topic of its own ("any other papers on that?", 「他にもある？」), the last question again. Not one
    that also points back at the earlier paper ("…? How does its angle differ from that one?"): that
    compares the paper it finds with it."""
    papers = _OTHER_PAPERS.search(text)
    if not history or not (papers or _OTHERS.search(text)):
        return None
    rest = _OTHERS.sub(" ", _OTHER_PAPERS.sub(" ", text))
    if points_back(rest):
        return None
    if asked_terms(rest):
        return text if papers else None
    return next((m["content"] for m in reversed(history) if m.get("role") == "user"), None)


def said_before(text: str, history: Sequence[dict]) -> str:
    """The last answer's text, when the question points at a thing that answer spoke of; else ""."""
    if not history or not _THAT_THING.search(text) or SHIFT.search(text):
        return ""
    last = next((m for m in reversed(history) if m.get("role") == "assistant"), None)
    body = str(last.get("content") or "").split("\n\nReferences:", 1)[0] if last else ""
    return _MARKER.sub("", body)


# How an answer says that no paper covers the question, or that the paper asked about is silent on it
# (extractive.not_stated): written by the answerers with these words, read back here from the history.
ABSTAIN_EN = "The indexed papers do not cover this question."
ABSTAIN_JA = "インデックスされた論文には、この質問に答える内容が見つかりません。"
NOT_STATED_EN = "does not state this"
NOT_STATED_JA = "は書かれていません"
_SILENT = re.compile("|".join(re.escape(s) for s in (ABSTAIN_EN, ABSTAIN_JA, NOT_STATED_EN, NOT_STATED_JA)))


def echoed(text: str, history: Sequence[dict]) -> str:
    """The topic of the last question, when a follow-up repeats a word it asked ("which quant method gave
    the energy drop?", then "and how big was the drop?"): the thing named again is the one the last answer
    spoke of, which the follow-up's own words may not say enough of to be found; else ""."""
    last = next((m for m in reversed(history) if m.get("role") == "user"), None)
    reply = next((m for m in reversed(history) if m.get("role") == "assistant"), None)
    if last is None or reply is None or _SILENT.search(str(reply.get("content") or "")):
        return ""  # "what datasets?" said not to be stated: "and how big were the datasets?" is no better off
    earlier = analyse(str(last.get("content") or "")).topic
    return earlier if set(asked_terms(text)) & set(asked_terms(earlier)) else ""


# --- the transcript: how an answer enters the history, written here beside the parser that reads it ---
def transcript(answer: Answer) -> str:
    """An assistant turn as follow-ups read it: the answer, then its numbered references ("[n] Title. …")."""
    if not answer.citations:
        return answer.answer
    return f"{answer.answer}\n\nReferences:\n{render_references(answer.citations)}"


def exchange(question: str, answer: Answer) -> list[dict]:
    """One turn of a conversation as history messages: the question, then the answer's transcript."""
    return [{"role": "user", "content": question}, {"role": "assistant", "content": transcript(answer)}]
