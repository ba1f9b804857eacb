"""Question (+ history) → Plan: what an answer is about before anything is retrieved.

Which kind of answer (question analysis), which papers it concerns when the question or the
conversation names them (catalogue lookups, follow-up resolution), and what retrieval searches for.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from rag.answer import conversation
from rag.answer.questions import (
    ASKS_SCOPE,
    COLLECTION_KINDS,
    FARING,
    SHIFT,
    Kind,
    Question,
    analyse,
    asked_terms,
    asks_an_aspect_only,
    asks_for_help,
    asks_something,
    identifies_paper,
    topic_of,
    without_record_words,
)
from rag.index.store import Store
from rag.text import split_sentences, terms

_COMPARISON_WORDS = re.compile(
    r"\b(?:differ\w*|compar\w*|contrast\w*|similar\w*|side\s+by\s+side|in\s+terms\s+of|with\s+respect\s+to|regarding|how|what|which\s+one|each(?:\s+one)?|and|from|to|with)\b|比較|比べ|違い|異な\w*|両方の?|両者|それぞれ",
    re.IGNORECASE,
)
_IF_SO = re.compile(r"[,;]?\s*\b(?:and\s+)?if\s+(?:so|yes)\b.*$", re.IGNORECASE | re.DOTALL)
_LOOSE_BOUNDARY = re.compile(r"(?<=[A-Za-z]{3}[.!?])\s+(?=[a-z#])")  # "#domains in dataman?": "number of"
_JA_OPENING = re.compile(r"^(?:[\sのとでは、,]|論文)+")
_JA_REQUEST = re.compile(
    r"(?:(?:を|の|で)?(?:比べ|比較|教え|説明|まとめ)\S*|[をのでがはに]|は?(?:どう|どのように|どんなふうに))$"
)
# "anything from alistarh / shavit in this set?", "any papers from Junyang Lin here?": which papers a person wrote
_ANYTHING_FROM = re.compile(
    r"\b(?:anything|something|any\s+(?:papers?|work|studies)|papers?|work|stuff)\s+(?:here\s+|in\s+here\s+)?(?:from|by)\s+\w",
    re.IGNORECASE,
)
_BY_AUTHOR_CUE = ("by", "author", "wrote", "written", "co-author", "coauthor", "co-authored", "et al", "著者", "書いた")


@dataclass
class Plan:
    question: Question
    kind: Kind
    focus: list[str] = field(default_factory=list)  # paper ids the answer is about, when known before retrieval
    query: str = ""  # what retrieval searches for
    person: str | None = None  # for "which paper did <person> write"
    followup: bool = False
    names: list[str] = field(default_factory=list)  # how the question named its papers ("JOENA")
    said_before: str = ""  # the last answer, when the question points at a thing it spoke of ("その弱点")
    excluded: list[str] = field(default_factory=list)  # papers it sets aside ("besides JOENA, which…")
    others: bool = False  # it set aside the last answer's papers ("any others?")

    @property
    def gate_query(self) -> str:
        """The query without the papers' names: naming DataMan does not make protein folding covered; and
        without a part that holds only if the one before does ("…experiments on image datasets, and if so,
        what speed-up was observed?"): a paper that never speaks of the first does not answer the second. Of
        a paper named, nor the words of how it fares against others ("does JOENA beat the baselines?"): its
        abstract says so in its own words ("…compared with the state-of-the-art alignment methods")."""
        query = _IF_SO.sub("", self.query)
        rest = self.without_names(query)
        if not terms(rest):
            return self.query
        # nor the words asking how far a finding reaches ("does the hyperfitting effect carry over beyond
        # text?"), which an abstract says as "extends to …"
        reach = ASKS_SCOPE.sub(" ", rest)
        rest = reach if terms(reach) else rest
        if not self.names:
            return rest
        unfaring = FARING.sub(" ", rest)
        return unfaring if terms(unfaring) else FARING.sub(" ", query)

    def without_names(self, text: str) -> str:
        """`text` with the names the question gave its papers ("JOENA", "the CHF study") blanked out."""
        for name in self.names:  # with its possessive: "the reward agent 's proposal" (its "paper" gone)
            text = re.sub(re.escape(name) + r"(?:\s*['’]s\b)?", " ", text, flags=re.IGNORECASE)
        return text


class Planner:
    def __init__(self, store: Store):
        self.store = store

    def plan(self, text: str, history: list[dict], restrict: list[str]) -> Plan:
        whole, question = text, analyse(self._without_asides(text))
        text = question.text  # as read: without courtesy or remarks, "paper" for "preprint"
        # A number asked of a thing the last answer spoke of ("その1.3Bモデルのトークン数は何B？") may stand in the
        # very sentence that spoke of it: only other questions of it are answered elsewhere ("その弱点をどう解決")
        said = "" if question.wants_number else conversation.said_before(text, history)
        plan = Plan(question, question.kind, query=question.topic, said_before=said)
        if question.identifies and len(question.clauses) > 1 and identifies_paper(question.clauses[0].text):
            # "Which paper predicts heat flux, and which of its models did best?": the first part says
            # which paper; the rest is asked of it. (Not 「pruningとか量子化とか、…系の論文ってありますか」,
            # whose last part asks which paper of all the topic its parts list.)
            plan.query = question.clauses[0].topic
        catalog = self.store.catalog
        named = catalog.papers_named(text)
        if question.kind == Kind.COMPARE:
            return plan
        if named:
            plan.focus, plan.names = list(named), list(named.values())
            if plan.kind in COLLECTION_KINDS:
                plan.kind = (
                    Kind.FACT
                )  # "how many benchmarks was JOENA evaluated on?" is about JOENA, not the collection
        else:
            follow = conversation.resolve(text, history, self.named, self.titled)
            if not follow and question.kind not in COLLECTION_KINDS and self._topicless(whole, question):
                # "authors and posting date?": a question with no topic of its own is about the last answer's papers.
                follow = self.previous(history)
            if follow:
                plan.focus, plan.followup = list(follow.papers), True
        # An author's full name as written, in any case and however joined to Japanese ("is dan alistarh on
        # any of these?", 「Dan Alistarhが…」), else the question's capitalised words.
        written = tuple(catalog.people_written(text)) or question.names
        if not written and text == text.lower():
            written = tuple(catalog.surnames_typed(text))  # "which paper is alistarh on?": no capitals to go by
        if named and written and asks_membership(text, written) and catalog.papers_by_author(written):
            # "is Nir Shavit on the Wasserstein paper?": that paper's author list answers it, whichever author of
            # the collection is named (not "is Weibo one of them?")
            plan.kind, plan.person = Kind.AUTHORS, " ".join(written)
        elif written and question.kind in (Kind.FACT, Kind.SET, Kind.AUTHORS, Kind.DATE, Kind.CATEGORIES):
            # "Which paper did Dan Alistarh co-author?", "Junyang Lin appears as an author on…", "which paper
            # has X as an author, and under what categories is it listed?": a person named in the question
            # who is an author in the catalogue.
            people = catalog.papers_by_author(written)
            matched = max(people.values(), default=0)
            cue = any(c in text.lower() for c in _BY_AUTHOR_CUE) or bool(_ANYTHING_FROM.search(text))
            # "Which paper is Alistarh on?": a lone surname is a person when no abstract writes the word.
            unwritten = asks_which_paper(text) and not any(catalog.written(n) for n in written)
            if people and (matched >= 2 or cue or unwritten):
                plan.person = " ".join(written)
                plan.focus = list(people)
                if asks_which_paper(text) or question.kind == Kind.AUTHORS or _ANYTHING_FROM.search(text):
                    plan.kind = Kind.BY_AUTHOR
                else:  # the paper is known by its authors ("how do Schenke & Baumann…"): they only name it
                    plan.names = list(written)
        if restrict:
            plan.focus = [p for p in plan.focus if p in restrict] or []
        return plan

    @staticmethod
    def _topicless(text: str, question: Question) -> bool:
        """Whether the question has no topic of its own. After a change of subject (ところで, "by the way")
        the topic may stand in a remark set aside: 「ところで、昼食は定食か蕎麦か迷っています。どちらが
        よいでしょうか」 asks about lunch, not about the paper before."""
        if asks_an_aspect_only(question.text):  # "which datasets?"
            return True
        if asked_terms(without_record_words(question.text)):  # "publication date?" asks nothing else
            return False
        return not (SHIFT.search(text) and asked_terms(topic_of(text)))

    def _without_asides(self, text: str) -> str:
        """The question without sentences about the asker that ask nothing and share no word with the
        collection ("I am preparing a journal club.", 「ゼミの準備をしています。」): left in, their words count
        as things asked that no paper writes, and the question's own first words are no longer first."""
        # also where the next sentence starts in lower case ("…journal club. what's hyperfitting?"), as casual
        # writers type; not after an abbreviation ("e.g.", "et al.": under three letters before the stop)
        text = _ASIDE.sub("", text)
        sentences = [part for s in split_sentences(text) for part in _LOOSE_BOUNDARY.split(s) if part]
        if len(sentences) < 2 or asks_for_help(text):  # 「生徒の小論文が字数オーバーします。どう指導したら…」
            return text
        asked = {s: asked_terms(s) for s in sentences}
        held = self.store.lexical.document_frequencies(sorted({t for words in asked.values() for t in words}))
        last_asking = max((i for i, s in enumerate(sentences) if asks_something(s)), default=len(sentences))
        marked = max((i for i, s in enumerate(sentences) if s.endswith(("?", "？"))), default=len(sentences))
        # what the asker wants to do, said after the question (「…？推論コスト削りたい」): no part of it
        aims = {i for i, s in enumerate(sentences) if i > marked and _ASKERS_AIM_JA.search(s) and not self.named(s)}
        # what concerns the asker, said before the question (「NPCの台詞生成でループしがちなので気になる。」)
        aims |= {
            i for i, s in enumerate(sentences) if i < last_asking and _ASKERS_CONCERN_JA.search(s) and not self.named(s)
        }
        # a remark before the question whose collection words the question repeats (「原子力工学の先生向けに資料を
        # 準備しております。原子炉に関係する論文は…」) adds only its other words, which no paper writes; one after
        # it (「具体的なデータセット名を知りたいです。」) says what of it is wanted
        repeated = {t for s in sentences if asks_something(s) for t in asked[s]}
        kept = [
            s
            for i, s in enumerate(sentences)
            if i not in aims
            # a fragment with no full stop ("…何? Llama系") is a guess at the answer, not a remark, unless it
            # speaks of the asker ("…? we need confidence intervals on ETA models")
            and (
                asks_something(s)
                or (
                    (
                        not (re.search(r"[.。!！)）]$", s) or _OF_THE_ASKER.match(s))
                        or any(held.get(t) and (i > last_asking or t not in repeated) for t in asked[s])
                    )
                    # what the asker needs the answer for, said after the question ("…? I need a single number for
                    # the summary table."), or the asker's situation ("…? Our field stations run on small solar
                    # panels."): a remark, whatever words it shares with the papers
                    and not (
                        i > last_asking
                        and (_ASKERS_NEED.match(s) or _ASKERS_SITUATION.match(s) and not s.endswith(("?", "？")))
                        and not self.named(s)
                    )
                )
            )
        ]
        if not kept:
            return text
        shift = SHIFT.match(sentences[0])
        if shift and sentences[0] not in kept:
            # the marker leaving the last topic (ところで, "by the way") is said of the whole turn
            kept.insert(0, shift.group(0).rstrip())
        return " ".join(kept)

    def named(self, text: str) -> list[str]:
        return list(self.store.catalog.papers_named(text))

    def titled(self, title: str) -> str | None:
        return self.store.catalog.paper_titled(title)

    def previous(self, history: list[dict]):
        """The papers of the conversation's last answer (for elliptical follow-ups and "it" in a comparison)."""
        return self.referred("it", history)

    def referred(self, text: str, history: list[dict]):
        """The papers a question refers back to ("it", 「両方とも」), or None."""
        return conversation.resolve(text, history, self.named, self.titled) if history else None

    def refers_back(self, text: str, history: list[dict]) -> bool:
        return self.referred(text, history) is not None

    def describe(self, plan: Plan) -> str:
        """The standalone form of the question, as retrieval understood it (shown in --json as "query")."""
        if plan.followup and plan.focus:
            titles = [p.title for p in (self.store.paper(pid) for pid in plan.focus) if p]
            return f"{plan.question.text} [about: {'; '.join(titles)}]"
        return plan.query


# The asker's own aside in brackets after a question ("…in some form? (I keep seeing MoE everywhere and I'm
# trying to work out whether it's one idea or several)"): a remark, though "whether" reads as asking
_ASIDE = re.compile(r"(?<=[?？])\s*[(（]\s*(?:i|we)(?:['’](?:m|re|ve|d))?\s[^()（）]*[)）]?", re.IGNORECASE)
_OF_THE_ASKER = re.compile(r"^\W*(?:we|i|i'm|we're|our|my|us)\b", re.IGNORECASE)
# What the asker needs the answer for ("I need a single number for the summary table", "Something our
# online-harms colleagues might want flagging"), not what they recall of it ("I recall some heuristic…")
# ("Even tangentially — I've got a sidebar on AI and energy infrastructure": a piece the answer is for)
_ASKERS_NEED = re.compile(
    r"^\W*(?:[^—–,;:]{1,30}[—–,;:]\s*)?"  # after a hedge on the question ("Even tangentially —")
    r"(?:(?:in|for|at|on)\s+(?:[\w-]+\s+){1,3}?(?=(?:i|we)\s))?"  # or where the need is ("In chemistry we need…")
    r"(?:(?:i|we)\s+(?:need|want|have\s+to|must|would\s+like|'d\s+like)|(?:something|anything)\s+(?:our|my)\b"
    # who keeps asking for it ("we keep getting asked for a data filtering module")
    r"|(?:i|we|people|users|folks)\s+(?:keep\s+(?:getting\s+|being\s+)?ask|(?:get|got|are|am|were)\s+(?:often\s+)?asked)"
    r"|(?:i|we)(?:['’]ve|\s+have)\s+got\s+(?:an?|some)\s+(?:sidebar|piece|story|article|column|feature|talk|deadline|section|slide|report|briefing)"
    r"|(?:our|my)\s+[\w-]+(?:\s+[\w-]+)?\s+(?:need|needs|want|wants|might|would|will)\b)",
    re.IGNORECASE,
)
# 「…どれかに載ってる？推論コスト削りたい」: after the question, what the asker wants to do (not to know:
# 「…を知りたいです。」 says what of it is wanted)
_ASKERS_AIM_JA = re.compile(
    r"(?<!知り)(?<!聞き)(?<!教わり)(?<!確認し)(?<!理解し)(?<!把握し)(?<!調べ)(?<!比較し)(?<!比べ)(?<!読み)"
    r"たい(?:です|んです|んだけど|ので|から|な|なあ)?[。.!！]?$"
)
_ASKERS_CONCERN_JA = re.compile(r"(?:ので|から|のが|のを)気にな(?:る|ります|ってる|っています|っていて)[。.!！]?$")
# The asker's own situation, told after the question: "Our field stations run on …", "A colleague in economics
# works on …" (English: a Japanese sentence after the question says what of it is wanted, 「…を知りたいです。」)
_ASKERS_SITUATION = re.compile(
    r"^\W*(?:(?:a|my|our)\s+(?:[\w-]+\s+)?(?:colleague|friend|team|group|lab|boss|student|client|customer|department)s?\b"
    r"|(?:our|my)\s+[\w-]+|we\s+(?!want|need|would|'d)\w+)",
    re.IGNORECASE,
)
# "which paper…", "papers by…", "list…", and of a person "is X on any of these?", "what did X publish?"; 「どの論文」
_WHICH_PAPER = re.compile(
    r"\b(?:which|what)\s+(?:of\s+(?:the|these|those)\s+)?papers?\b|\bpapers?\s+by\b|\blist\b|\bany\s+of\s+(?:these|those|them|the\s+papers)\b|\bpublish(?:ed)?\b"
    r"|\bwhich\s+one\b|\bpaper\s+(?:here\s+)?with\b"
    r"|どの論文|論文(?:は|って)|どれ(?![くぐ])",
    re.IGNORECASE,
)


# Whether someone is among a paper's authors: "is that Dan Alistarh's group?", "is Nir Shavit on it too?",
# "did Shavit co-author it?", 「Alistarhさんも著者ですか」, 「Alistarh先生の研究室の論文？」 (NAME: the names written)
_MEMBERSHIP = (
    r"\bNAME['’]s\s+(?:group|lab|team)\b"
    r"|\b(?:is|was|are|were)\s+(?:NAME)\s+(?:(?:also|too)\s+)?(?:on|among|in|involved|part|one|listed|behind|an?\s+(?:co-?)?author)\b"
    r"|\bdid\s+(?:NAME)\s+(?:co-?author|write|work\s+on)\b"
    r"|(?:NAME)\s*(?:さん|氏|先生)?(?:は|も|って)(?:著者|共著|入って|参加|関わ)|(?:NAME)\s*(?:さん|氏|先生)?の(?:グループ|研究室|チーム|ラボ)"
)


def asks_membership(text: str, people: Sequence[str]) -> bool:
    names = "|".join(re.escape(n) for person in people for n in {person, person.split()[-1]})
    return bool(re.search(_MEMBERSHIP.replace("NAME", f"(?:(?:{names})\\s*)+"), text, re.IGNORECASE))


def asks_which_paper(text: str) -> bool:
    return bool(_WHICH_PAPER.search(text))


def aspect_of(question: Question, names: Sequence[str] = ()) -> str:
    """What a comparison is about, once the compared things, the scaffolding and the words that frame
    any question are removed: "what is each trying to fix" → "fix"; "" when nothing is left. A compared
    part that carries more than a paper's name ("the efficiency gains reported by JOENA") adds its rest."""
    rest = question.text
    for part in question.parts:
        named = next((n for n in names if n.casefold() in part.casefold()), None)
        # A Japanese part is the paper's description as a whole (「CHF予測」): none of it is the aspect.
        kept = re.sub(re.escape(named), " ", part, flags=re.IGNORECASE) if named and question.lang == "en" else " "
        described = _DESCRIBED_THEN.search(part) if not named and question.lang == "en" else None
        if described:
            # "…with how the neuronal entanglement paper uses the Wasserstein distance": what follows the paper
            # so described is asked of it, as what follows a name is
            kept = described[1]
        # with the words that make it a paper ("the diffusion acceleration one"): no aspect either
        framed = rf"(?:\bthe\s+)?{re.escape(part)}(?:\s+(?:one|paper|study|work|article)\b)?"
        rest = re.sub(framed, kept.replace("\\", "\\\\"), rest)
    # 「…両方とも…を扱っていますが、対象にしているモデルはどう違いますか」: what is shared sets the scene,
    # what follows the concession is the aspect asked about
    # (「…話だと理解。それぞれどういう基準を使う?」: a statement before the question, the same)
    conceded = re.split(r"(?:が|けど|けれど)[、,]|。(?=.)", rest)[-1]
    # "…differ in the signals they use, given that one works on rewards and the other on data?": what the
    # asker grants as known, after the aspect, is not asked
    conceded = _GRANTED.sub("", conceded)
    return aspect_words(asked_last(conceded)) or aspect_words(rest)


_DESCRIBED_THEN = re.compile(r"\b(?:paper|study|work|article|one)\b(\s+\w.*)$", re.IGNORECASE)
_GRANTED = re.compile(
    r",?\s+(?:given\s+that|considering(?:\s+that)?|seeing\s+(?:as|that)|now\s+that)\s+[^?]*", re.IGNORECASE
)


def asked_last(text: str) -> str:
    """The question after a statement setting its scene ("Both fine-tune on custom data — what did each find
    about output quality?", "A and B both use LLM judges. What does each one score?"), else `text`."""
    asked = _STATED_FIRST.split(text)[-1]
    return asked if _ASKS.match(asked) else text


# (a casual asker starts the question in lower case: "…to score data. what does each one score?")
_STATED_FIRST = re.compile(r"(?<=[a-z][.!])\s+(?=[A-Z]|(?:what|which|how|who|why|where|when)\b)|\s+[—–-]\s+")
_ASKS = re.compile(r"\W*(?:what|which|how|who|why|where|when|do|does|did|is|are|was|were|can|could)\b", re.IGNORECASE)


def aspect_words(text: str) -> str:
    """The words of `text` that say what is asked, in its order ("  and the   which one a convergence
    guarantee" → "convergence guarantee"); "" when none do."""
    rest = _COMPARISON_WORDS.sub(" ", text)
    words = asked_terms(rest)
    if not words:
        return ""
    kept = " ".join(w for w in re.findall(r"[\w-]+", topic_of(rest)) if set(terms(w)) & set(words))
    # Japanese runs on without spaces: drop the particles it opens with and the request it ends with.
    return _JA_REQUEST.sub("", _JA_OPENING.sub("", kept)).strip()
