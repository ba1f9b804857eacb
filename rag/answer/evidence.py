"""Sentences as evidence: how well a sentence of a passage answers a question.

The same two measures serve the offline answerer (which sentences to quote) and the check of an
LLM's answer (whether a cited passage supports a sentence): meaning, as the cosine of the sentence
embeddings, and wording, as the share of the question's informative terms (IDF-weighted) that the
sentence contains. MiniLM knows no Japanese, so Japanese text is judged by wording alone.
"""

from __future__ import annotations

import math
import re
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from rag.answer.questions import BEATS_JA, FRAMING_TERMS, STYLE, WORKED_AROUND, counted_then_asked, stated_count
from rag.index.sentence_vectors import MIN_SENTENCE_CHARS, WORDLIKE
from rag.index.store import Store
from rag.loanwords import latin_words, rendered
from rag.models import Passage
from rag.text import acronyms, compounds, expands, is_cjk, plural_pair, split_sentences, surface_words, terms

# A figure, or a count in words ("two verifiable signals", "a small number of … neurons", 少数): what "how many" asks
_HAS_NUMBER = re.compile(
    r"\d|\b(?:two|three|four|five|six|seven|eight|nine|ten|a\s+(?:small|large)\s+number\s+of|a\s+few|several"
    r"|a\s+handful|dozens|hundreds|thousands|millions|billions)\b|少数|多数|数[十百千万]",
    re.IGNORECASE,
)
_DENSE_SHARE = 0.5  # weight of meaning against wording when both can be measured
# The same for checking an LLM's sentence against its cited passages; the verification threshold
# is calibrated on this scale (docs/VERIFICATION.md).
_SUPPORT_DENSE_SHARE = 0.6
_NAMING_SHARE = 0.5

# Abstracts move from background to contribution to findings in recognisable words. Questions about
# a paper are answered by what it does and found, rarely by its motivation: a small nudge each way.
CONTRIBUTION = re.compile(
    r"\b(?:we|this\s+(?:paper|study|work)|in\s+this\s+(?:paper|study|work))\b[^.]{0,60}?\b(?:propose|present|introduce|develop|train|suggest|implement|investigat|stud|aim|design|derive)"
    # ("we derive 14 quality criteria": what the paper builds, however early in the abstract it stands)
    # "To address this, we are inspired by …": what answers the problem just stated is the contribution
    r"|^to\s+(?:address|tackle|overcome|bridge|fill|close|solve|remedy|mitigate)\s+(?:this|these|that|those|the(?:se)?\s+\w+)"
    r"|提案|提示|紹介|開発|トレーニングし",
    re.IGNORECASE,
)
FINDING = re.compile(
    r"\b(?:outperform|achiev|improv|demonstrat|surpass|reduc|result|find|found|indicate|enhanc|speed)|上回|達成|改善|示し|削減|結果|向上",
    re.IGNORECASE,
)
BACKGROUND = re.compile(
    r"^(?:however|despite|although|while|traditionally|recently)\b|\b(?:existing|previous|prior|traditional|conventional)\s+(?:\w+\s+){0,2}(?:methods|approaches|works?|models|techniques)\b"
    r"|\bis\s+(?:particularly\s+|especially\s+|very\s+)?(?:challenging|difficult|crucial|important|critical|essential)\b"
    r"|^(?:しかし|ただし)|既存|従来",
    re.IGNORECASE,
)
# Where an abstract says how the work was evaluated: "how did they test it?" is answered there.
EVALUATION = re.compile(
    r"\b(?:datasets?|benchmarks?|corpus|corpora|experiment\w*|evaluat\w*|real-world|tested|test\s+set|samples)\b|データセット|ベンチマーク|実験|評価"
    # "…and thus verify DataMan’s domain mixing ability": a test (not "verifiable", nor "the validation of")
    r"|\b(?:validate[sd]?|verif(?:y|ies|ied))\b"
    # "This study examines the performance … using parity plots …": what the models were tested for
    r"|\bexamin\w*\s+the\s+performance\b|パフォーマンス[^。]{0,12}調べ",
    re.IGNORECASE,
)
# Where an abstract concedes a catch of its own method ("may change the response quality", "at the cost of").
DRAWBACK = re.compile(
    r"\b(?:may|might|can|could)\s+(?:also\s+)?(?:change|hurt|harm|degrade|reduce|lower|worsen|increase\s+the\s+cost)\b|\bundesirable\b|\bat\s+the\s+(?:cost|expense)\b"
    r"|\btrade-?offs?\b|\bdegrad\w*|\blimitations?\b|\bdrawbacks?\b|\bslightly\s+(?:higher|lower|worse)\b|変更する可能性|望ましくな|望ましくありません|犠牲|トレードオフ|劣化|わずかに高い",
    re.IGNORECASE,
)
# Where an abstract says how far a finding reaches ("extends to LLMs of various sizes … and even image generation").
SCOPE = re.compile(
    r"\b(?:extends?\s+to|generali[sz]es?\s+(?:well\s+)?(?:to|across)|transfers?\s+to|across\s+(?:\w+\s+){0,2}(?:domains|tasks|sizes|languages|modalities|models)|various\s+(?:sizes|domains|tasks)|different\s+domains)\b"
    r"|拡張され|さまざまな(?:サイズ|ドメイン)|汎化",
    re.IGNORECASE,
)
# Nudges by what the question asks (Question.asks): (contribution, finding, background).
_ROLE_PRIOR = {
    "method": (0.12, 0.0, -0.12),
    "result": (0.0, 0.08, -0.08),
    "definition": (0.08, 0.0, -0.05),
    "reason": (0.0, -0.05, 0.12),
    "explanation": (-0.05, 0.0, -0.12),
    "problem": (-0.05, -0.08, 0.12),  # and the abstract's opening sentence, which names the task (_OPENING)
    "topic": (0.12, 0.0, -0.05),  # "is there anything on…?": what the paper does says it best
    "remedy": (0.05, 0.0, -0.1),
    "origin": (0.0, -0.05, 0.0),
    "evaluation": (0.0, 0.0, -0.1),
    "drawback": (-0.05, 0.0, -0.1),
    "scope": (-0.05, 0.0, -0.1),
    "conclusion": (0.0, 0.08, -0.08),
    "proposal": (0.15, 0.0, -0.12),
    "": (0.05, 0.05, -0.05),
}
_OPENING = 0.1
# What comes before an abstract's "we propose…" is motivation: it may use every word of "how does X
# select data?" ("…makes the selection of pre-training data increasingly important") yet says not how.
# So does a question that asks nothing in particular of a paper ("which techniques did they study?",
# "does it need retraining?"): what a paper did is told after its "we propose", not before.
_MOTIVATION_PRIOR = {"proposal": -0.2, "method": -0.2, "result": -0.15, "remedy": -0.1, "": -0.1}


def _placement(evidence: Sequence[Evidence], asks: str) -> dict[int, float]:
    """The nudge (by sentence id) for where a sentence stands, by what is asked: against the motivation
    before the paper's "we propose" for how or how well; for the closing observations, why it works."""
    if asks in _MOTIVATION_PRIOR:
        return dict.fromkeys(before_contribution(evidence), _MOTIVATION_PRIOR[asks])
    return dict.fromkeys(_closing_observations(evidence), _CUE_BONUS) if asks == "explanation" else {}


def _closing_observations(evidence: Sequence[Evidence]) -> set[int]:
    """The sentences (by id) after the last finding of their paper that report none themselves: where an
    abstract closes with what it observed of its models ("All hyperfitted models produce extremely low-entropy
    predictions"), the nearest it comes to saying why the method works when it gives no cause."""
    last: dict[tuple[str, str], tuple] = {}
    for e in evidence:
        if FINDING.search(e.sentence):
            key = (e.passage.paper_id, e.passage.chunk.lang)
            last[key] = max(last.get(key, e.order), e.order)
    return {
        id(e)
        for e in evidence
        if (key := (e.passage.paper_id, e.passage.chunk.lang)) in last
        and e.order > last[key]
        and not CONTRIBUTION.search(e.sentence)
    }


def before_contribution(evidence: Sequence[Evidence]) -> set[int]:
    """The sentences (by id) that come before their paper's first contribution sentence."""
    first: dict[tuple[str, str], tuple] = {}
    for e in evidence:
        if CONTRIBUTION.search(e.sentence):
            key = (e.paper_id, e.passage.chunk.lang)
            first[key] = min(first.get(key, e.order), e.order)
    return {
        id(e)
        for e in evidence
        if (e.paper_id, e.passage.chunk.lang) in first and e.order < first[(e.paper_id, e.passage.chunk.lang)]
    }


# "Which model did best?" is answered by the sentence that ranks ("achieved the most favorable performance").
RANKING = re.compile(
    r"\b(?:best|worst|most|least|highest|lowest|top|superior|inferior|favou?rable|outperform\w*|underperform\w*|surpass\w*)\b|最も|最良|上回|下回|優れ|優位|劣|パフォーマンスが低",
    re.IGNORECASE,
)
_RANKING_BONUS = 0.1
# "Which did worst?" is answered by the sentence ranking low ("underperformed by most metrics"), not by the
# one ranking high that any ranking question would otherwise prefer, nor by one merely sharing the asked
# class's words ("which uncertainty method did worst?" against "an uncertainty-aware … approach"): counted twice.
_ASKS_WORST = re.compile(
    r"\b(?:worst|worse|weakest|lowest|least|underperform\w*)\b|劣|悪かった|悪い|イマイチ|いまいち|最下位|ダメ|だめ|最悪|うまくいかな|振るわな",
    re.IGNORECASE,
)
# "Which did best?", 「一番よかったのは？」: the sentence saying what came first, not the ones saying what
# beat what ("superior calibration") nor what came last ("underperformed by most metrics").
_ASKS_TOP = re.compile(
    r"\b(?:best|strongest|highest|top|winner)\b|一番い|(?:一番|最も)(?:[^。、?？]{0,6}?(?:が|の))?(?:良|よ|高)|最良|最高|ベスト",
    re.IGNORECASE,
)
_RANKING_TOP = re.compile(
    r"\b(?:best|highest|top)\b|\bmost\s+(?:favou?rable|accurate|effective|efficient|robust)\b|最も|最良|最高",
    re.IGNORECASE,
)
# "Which is better?", "does it beat…?": the sentences ranking upwards.
_ASKS_BETTER = re.compile(r"\b(?:better|outperform\w*|beat(?:s|ing)?|surpass\w*)\b|" + BEATS_JA, re.IGNORECASE)
_RANKING_HIGH = re.compile(
    r"\b(?:best|highest|top|superior|favou?rable|outperform\w*|surpass\w*)\b|最も|最良|上回|優れ|優位"
    # "achieving up to 16% improvement … compared with the state-of-the-art alignment methods"
    r"|\b(?:compared\s+(?:with|to)|over|than)\s+(?:the\s+)?(?:state-of-the-art|sota|baselines?|existing)\b"
    r"|最先端[^。]{0,20}?(?:と比較|と比べ|より)",
    re.IGNORECASE,
)
_RANKING_LOW = re.compile(
    r"\b(?:worst|least|lowest|inferior|underperform\w*|weak\w*|poor\w*)\b|劣|下回|パフォーマンスが低", re.IGNORECASE
)
# "How do they avoid it?" is answered by the sentence saying what removes the problem.
REMEDY = re.compile(
    r"\b(?:eliminat\w*|mitigat\w*|avoid\w*|prevent\w*|overcom\w*|alleviat\w*|resolv\w*|remov\w*|solv\w*|fix\w*|reduc\w*)\b"
    r"|排除|解消|回避|防止|防ぐ|軽減|解決|除去|抑制",
    re.IGNORECASE,
)


# "What is hyperfitting?" is answered where the paper introduces the name ("a process we refer to as
# hyperfitting", 「ハイパーフィッティングと呼ばれるプロセス」, "… named JOENA").
_NAMING = r"\b(?:named|called|dubbed|termed|coined|refer(?:red)?\s+to\s+as|known\s+as)\b"
INTRODUCES = re.compile(
    _NAMING + r"|と呼ばれ|と呼ぶ|という名前|と名付け|と称する"
    # or gives it as the short form of the words before it: "a Data Manager (DataMan)", 「データマネージャー(Dataman)」
    r"|(?-i:[A-Z][\w-]*\s+\((?=[^()]*[A-Z])[A-Za-z][\w-]+\))|[ァ-ヶー]{3,}\s*\([A-Za-z][\w-]+\)"
    # or sets a coined term of its own in quotation marks: "highly entangled ‘Wasserstein Neurons’"
    r"|(?-i:[‘“]\s*[A-Z][\w-]*(?:\s+[A-Z][\w-]*)*\s*[’”])",
    re.IGNORECASE,
)
# The word so introduced: "hyperfitting" in "a process we refer to as hyperfitting"
COINED_WORD = re.compile(_NAMING + r"\s+([A-Za-z][\w-]*)", re.IGNORECASE)
_INTRODUCES_BONUS = 0.15

# "Does it need any extra training?" is answered by the sentence that says it is "training-free" or
# works "without retraining".
_NEEDS = re.compile(
    r"\b(?:need|needs|needed|require|requires|required)\s+(?:to\s+)?(?:any\s+|some\s+)?(?:extra\s+|additional\s+|further\s+|more\s+|new\s+)?(?:re-?)?([a-z]{4,})"
    r"|追加の(?:training|学習|トレーニング|訓練)|再学習|再訓練"
    r"|(?:re-?)?([a-z]{4,})\s*(?:って|は|が|も)?(?:必要|要る|いる(?:の|か))"  # 「re-trainingって必要なの？」
    # "does it need the model to be retrained?"
    r"|\b(?:need|needs|needed|require|requires|required)\s+(?:the\s+|its\s+|their\s+)?(?:[\w-]+\s+){0,2}?to\s+be\s+(?:re-?)?([a-z]{4,})",
    re.IGNORECASE,
)
_JA_TRAINING = "(?:トレーニング|学習|訓練)"


def needed_thing(question: str) -> re.Pattern | None:
    """What a question asks whether the method needs, as a pattern finding where the paper says it does
    without it ("training-free", "without retraining", 「トレーニングなし」)."""
    found = _NEEDS.search(question)
    if not found:
        return None
    word = next((g for g in found.groups() if g), "training").lower()
    stem = re.sub(r"(?:ing|ed|s)$", "", word)
    japanese = _JA_TRAINING if stem.startswith("train") else re.escape(word)
    return re.compile(
        rf"\b{stem}\w*-free\b|\bwithout\s+(?:any\s+|additional\s+|extra\s+)?(?:re-?)?{stem}|\bno\s+(?:additional\s+|extra\s+|further\s+)?(?:re-?)?{stem}"
        rf"|{japanese}(?:なし|不要|を必要としない|フリー)",
        re.IGNORECASE,
    )


_NUMBER_BONUS = 0.1  # a quantity question prefers sentences with numbers…
_COUNTED_BONUS = 0.2  # …above all one with a number of the thing counted
_PHRASE_BONUS = 0.15


# "perplexity (PPL)", "in-context learning (ICL)": a paper defining its abbreviations, after which it
# writes only the short form ("misalignment between PPL and ICL performance").
_DEFINED = re.compile(r"((?:[\w-]+\s+){0,5}[\w-]+)\s*\(([A-Z][A-Za-z]{1,5})\)")


def defined_abbreviations(text: str) -> dict[str, str]:
    """{abbreviation: the words it stands for} as a text defines them: the fewest words before the
    bracket whose first one starts with its first letter."""
    found = {}
    for words, short in _DEFINED.findall(text):
        split = words.split()
        start = next((i for i in range(len(split) - 1, -1, -1) if split[i][:1].lower() == short[0].lower()), None)
        if start is not None and len(split) - start <= len(short.rstrip("s")):
            found[short] = " ".join(split[start:])
    return found


class Acronyms(dict[str, str]):
    """{term: acronym} of a question (see `rag.text.acronyms`), with how the collection spells out those it
    defines ("optimal transport (OT)"): such an acronym is spelled out by those words only, not by any
    words with its initials ("open-ended text" is no OT)."""

    def __init__(self, found: dict[str, str], defined: dict[str, tuple[str, ...]]):
        super().__init__(found)
        self.defined = defined

    def spelled_in(self, term: str, text: str) -> bool:
        """Whether `text` spells out the question's acronym `term` stands for."""
        if term not in self:
            return False
        phrases = self.defined.get(self[term].casefold())
        if not phrases:
            return expands(self[term], text)
        written = _plain_words(text)
        # in either number: "reward models (RMs)" is spelled out in "reward model benchmarks" too
        return any(re.search(rf"\b{re.escape(phrase.removesuffix('s'))}s?\b", written) for phrase in phrases)


@lru_cache(maxsize=1024)
def _plain_words(text: str) -> str:
    """A text's words in lower case, one space apart: "Mixture-of-Experts" and "mixture of experts" alike.
    Kept per text: every acronym of a question is looked for in the same passages."""
    return " ".join(re.findall(r"\w+", text.casefold()))


def _spell_out(sentence: str, defined: dict[str, str]) -> str:
    """The sentence with each defined abbreviation it uses but does not spell out followed by its words."""
    for short, full in defined.items():
        if full.lower() not in sentence.lower():
            sentence = re.sub(rf"\b{re.escape(short)}\b", f"{short} ({full})", sentence)
    return sentence


def _spelled_otherwise(
    e: Evidence, present: set[str], short: Acronyms, english: list[str], defined: dict[str, str], latin: set[str]
) -> set[str]:
    """The question's terms a sentence holds in another form than its own words: spelled out, in
    katakana, behind an abbreviation its paper defined, or in the English original of a translation."""
    spelled = _spelled(URL.sub(" ", e.sentence), short, english)
    # "PPL" in a sentence of a paper that wrote "perplexity (PPL)" earlier says "perplexity"
    spelled |= {t for a, full in defined.items() if re.search(rf"\b{re.escape(a)}\b", e.sentence) for t in terms(full)}
    if e.english:
        # Machine translation loses terms ("Bayesian NN", "without retraining"): the question's English
        # words count in a Japanese sentence whose original has them.
        kept = (_spelled(e.english, short, []) | (set(_analysed(e.english)) & latin)) - present - spelled
        e.through_english, spelled = bool(kept), spelled | kept
    return spelled


def _word_order(
    analysed: Sequence[str],
    pairs: set[tuple[str, str]],
    asked_for: set[tuple[str, str]],
    direction: tuple[set[str], set[str]] | None,
) -> float:
    """What a sentence's word order adds: the words the question puts together ("minimal assumptions")
    together, the asked-for thing's last two words together, what helps named before what is helped."""
    said_together = _pairs(analysed)
    bonus = _PHRASE_BONUS * len(pairs & said_together) / len(pairs) if pairs else 0.0
    bonus += _PHRASE_BONUS if asked_for & said_together else 0.0
    return bonus + (_DIRECTION_BONUS if direction and _in_order(analysed, direction) else 0.0)


def _spelled(sentence: str, short: Acronyms, english: list[str]) -> set[str]:
    """The question's terms a sentence holds in another form: an acronym spelled out ("UQ" for
    "uncertainty quantification"), an English word in katakana ("hyperfitting", ハイパーフィッティング)."""
    spelled = {t for t in short if short.spelled_in(t, sentence)}
    if english and is_cjk(sentence):
        spelled |= {t for w in rendered(english, sentence) for t in terms(w)}
    return spelled


# A term set in quotation marks where the paper first writes it ("highly entangled ‘Wasserstein Neurons’"):
# the sentence introduces it, as "we refer to as" does.
_QUOTED_TERM = re.compile(r"[‘“「『][^’”」』]{2,40}[’”」』]")
# The term a definition question defines: 「「X」とは、具体的にどのような手続きを指すのか」, "what is X, in …?"
_DEFINITION_OF = re.compile(
    r"^\W*[「『]([^」』]+)[」』]\s*とは|^\W*([^\s、。「」『』]+?)[」』]?\s*とは|^\s*what\s+(?:is|are)\s+(?:the\s+|an?\s+)?([\w-]+)\s*(?:[?,;:]|$)"
    # "define hyperfitting", "definition of hyperfitting?", "hyperfitting - define please"
    r"|^\W*(?:please\s+)?define\s+(?:the\s+)?([\w-]+)|\bdefinition\s+of\s+(?:the\s+)?([\w-]+)"
    # "what do the authors mean by hyperfitting?"
    r"|\bmean[st]?\s+by\s+(?:the\s+(?:term|word|phrase)\s+)?[\"“‘']?(?!(?:it|this|that|these|those|them)\b)([\w-]+)"
    r"|^\W*([\w-]+)\s*(?::|\s[-–—]\s)\s*(?:please\s+)?(?:define|definition)\b",
    re.IGNORECASE,
)


def _introduces(sentence: str, defined: set[str]) -> bool:
    """Whether the sentence introduces a name; of the names `defined`, one of them: not another word it coins on
    the way ("What is agentic reward modeling?" is not answered by "…a reward agent, named RewardAgent, …")."""
    coined = {t for found in COINED_WORD.finditer(sentence) for t in terms(found[1])}
    if defined and coined and not coined & defined:
        return bool(_QUOTED_TERM.search(sentence))
    return bool(INTRODUCES.search(sentence) or _QUOTED_TERM.search(sentence))


def _defined(question: str, asks: str) -> set[str]:
    """The terms of the one word a definition question defines, whatever else it says of the kind of
    thing it is: the sentence introducing that word ("a process we refer to as hyperfitting") answers."""
    found = _DEFINITION_OF.search(question) if asks == "definition" else None
    word = next((g for g in found.groups() if g), "") if found else ""
    return set(terms(word))


def _only_named(question: str, asks: str, ignore: dict[str, float]) -> set[str]:
    """The names (weighted 0 in `ignore`) of a question that asks about nothing else ("what is
    hyperfitting?", 「JOENAは何をするための手法？」, "how does DataMan work?"): it wants the sentence where
    the paper introduces them."""
    # how to answer is not what is asked: 「定義だけ簡潔に」 asks for no 簡潔
    asked = [t for t in terms(STYLE.sub(" ", question)) if t not in FRAMING_TERMS]
    named = {t for t in asked if ignore.get(t) == 0.0}
    if len(asked) == 1 and ignore.get(asked[0], 1.0) < 1.0:
        named = set(asked)  # one word of its title asked alone ("what is hyperfitting?") is a name too
    return named if asks in ("definition", "method", "") and named and len(named) == len(asked) else set()


# The sentence that answers what a part asks (Question.asks) says so in recognisable words.
# Where an abstract says what is wrong with earlier work ("However, OT methods heavily rely on fixed, pre-defined cost functions…").
SHORTCOMING = re.compile(
    r"^however\b|\b(?:lack\w*|limited|fail\w*|suffer\w*|prohibit\w*|hard\s+to|struggl\w*|ignor\w*|overlook\w*|neglect\w*|insufficient|inadequate|heavily\s+rely|rely\s+heavily|costly|vulnerable\s+to|vulnerabilit\w*|susceptib\w*|prone\s+to|brittle)\b"
    r"|^しかし|欠けて|限られ|無視|困難|苦労|脆弱(?!な)|影響を受けやす",  # not 「脆弱なコミュニティ」, the vulnerable ones
    re.IGNORECASE,
)
# Where an abstract says where an idea came from ("we are inspired by 'reverse thinking'", "we derive 14 criteria from…").
ORIGIN = re.compile(
    r"\b(?:inspired|inspiration|motivated\s+by|draw\w*\s+on|borrow\w*\s+from|deriv\w*\s+(?:\w+\s+){0,3}?from)\b|触発|着想|ヒントを得|から導"
    r"|(?:に|から)(?:インスピレーション|ヒント)",
    re.IGNORECASE,
)
# Where an abstract says its experiments bear the method out ("our experiments validate our approach"): the
# answer to "how did they check that it helps?" more surely than a sentence merely naming a dataset.
VALIDATES = re.compile(
    r"\b(?:experiments?|evaluations?|results?)\s+(?:\w+\s+){0,2}?(?:validate|verify|verifies|confirm|demonstrate|show)s?\b"
    r"|実験[^。]{0,60}?(?:検証|確認|実証)",  # 「私たちの実験は、…(40字)…アプローチを検証し」
    re.IGNORECASE,
)
# What the work was tested on ("on three real-world benchmarks"): more telling of the evaluation than the
# word "evaluate" alone ("by evaluating two key aspects of modality interaction").
_TESTED_ON = re.compile(
    r"\b(?:datasets?|benchmarks?|corpus|corpora|test\s+sets?)\b|データセット|ベンチマーク", re.IGNORECASE
)
# Where an abstract draws its conclusion ("Our findings emphasize…", 「私たちの調査結果は…を強調し」), which
# answers "what do they conclude about X?" more surely than a sentence sharing more of X's words.
CONCLUDES = re.compile(
    r"\b(?:our|these|the)\s+(?:findings|results|analys[ie]s)\s+(?:\w+\s+)?(?:emphasi[sz]e|suggest|show|reveal|highlight|indicate)"
    r"|\bwe\s+conclude\b|\bin\s+conclusion\b|調査結果は|結論",
    re.IGNORECASE,
)
# Where an abstract sets its method against others ("superior performance compared to state-of-the-art methods",
# 「最先端の方法と比較して優れた」): the answer to a plain 「性能は？」 or "how does it perform?"
FARES = re.compile(
    r"\b(?:outperform\w*|superior|surpass\w*|better\s+than|compared\s+(?:to|with))\b|優れ|上回|と比較して|と比べ",
    re.IGNORECASE,
)
# Where an abstract says why its method works ("this is because the mixture of sparse experts is disentangling…")
EXPLAINS = re.compile(
    r"\b(?:because|due\s+to|owing\s+to|thanks\s+to|attribut\w*|explains?|explained|the\s+reason)\b|ためです|原因|理由",
    re.IGNORECASE,
)
_ANSWER_CUES = {
    "explanation": EXPLAINS,
    "remedy": REMEDY,
    "evaluation": EVALUATION,
    "drawback": DRAWBACK,
    "scope": SCOPE,
    "origin": ORIGIN,
    "conclusion": CONCLUDES,
    "proposal": CONTRIBUTION,
}
# Cues that all but settle the answer, counted twice: "our experiments validate…" for how it was checked,
# "inspired by…" for where the idea came from (a sentence merely sharing the question's words outscores one)
_DECISIVE_CUES = {"evaluation": VALIDATES, "origin": ORIGIN, "conclusion": CONCLUDES}
CUED_ROLES = frozenset(_ANSWER_CUES)  # what a part asks that its answer's own wording marks
# A question about earlier work's shortcomings ("what limitation of existing OT-based methods…", "what is
# wrong with prior approaches", 既存手法の課題) - not "what problem does it solve?", which asks for the task.
# The paper's own "we propose…" does not answer it, however well it matches the methods' names.
_ASKS_SHORTCOMING = re.compile(
    r"\b(?:existing|previous|prior|conventional|traditional|earlier)\s+(?:[\w-]+\s+){0,3}(?:methods|approaches|works?|models|techniques|systems|ones)\b|\bwrong\s+with\b|既存|従来|"
    r"\b(?:criticis\w*|criticiz\w*|complain\w*|dislik\w*|weakness\w*|weak\s+(?:points?|spots?|sides?)|pitfalls?|(?:problems?|issues?|trouble)\s+with)\b|"
    # "why are OT methods not enough on their own?": where they fall short
    r"\bnot\s+(?:good\s+)?enough\b|\binsufficient\b|\bfall(?:s|ing)?\s+short\b|不十分|物足りな|" + WORKED_AROUND,
    re.IGNORECASE,
)

# Earlier work as what the paper is measured against ("does it beat existing methods?"): no shortcoming asked.
_MEASURED_AGAINST = re.compile(
    r"\b(?:beat(?:s|ing)?|outperform\w*|surpass\w*|than|compared?\s+(?:to|with|against)|against|vs\.?|versus)\s+"
    r"(?:the\s+|all\s+)?(?:existing|previous|prior|conventional|traditional|earlier)\b"
    r"|(?:従来|既存)(?:の)?(?:手法|方法|モデル|研究|技術|アプローチ)?(?:より|と(?:の)?比(?:べ|較)|に(?:比べ|勝|対し))",  # 「従来手法より何倍速い」
    re.IGNORECASE,
)


def _asks_shortcoming(question: str) -> bool:
    return bool(_ASKS_SHORTCOMING.search(_MEASURED_AGAINST.sub(" ", question)))


_CUE_BONUS = 0.15

# "How does the OT side help the embedding side?", "what does OT give the embedding?": what helps comes
# before the verb, what is helped after it. Of two sentences naming both ("OT for embedding", "embedding
# for OT"), the one saying them in the question's order answers; the embedding model scores the two alike.
_HELPS = re.compile(
    r"(?P<a>[\w\s/-]+?)\s+(?:help|helps|helped|helping|benefit|benefits|aid|aids|improve|improves|boost|boosts"
    r"|inform|informs|feed|feeds|guide|guides|give|gives|offer|offers|provide|provides|contribute|contributes)\b"
    r"(?:\s+(?:back\s+)?(?:into|with|in|to))?\s+(?P<b>[\w\s/-]+)",
    re.IGNORECASE,
)
# "what job does the OT plan do on the embedding side?", "what role does OT play for the embedding?"
_SERVES = re.compile(
    r"(?P<a>[\w\s/-]+?)\s+(?:do|does|play|plays|serve|serves)\s+(?:on|for|in)\s+(?P<b>[\w\s/-]+)", re.IGNORECASE
)
_DIRECTION_BONUS = 0.1


# a helping verb between the two sides both ways round ("what does each side contribute to the other?")
_RECIPROCAL = re.compile(
    r"\beach\b[\w\s/-]*\bthe other\b|\b(?:each other|one another|mutual(?:ly)?|both ways|vice versa)\b|互いに|相互",
    re.IGNORECASE,
)


def asks_both_ways(question: str) -> bool:
    """Whether a question leaves open which side helps which ("how do OT and embeddings work together?"),
    so that both halves of a pair answer it; "how does OT help the embedding?" asks one."""
    return bool(_RECIPROCAL.search(question)) or not (_HELPS.search(question) or _SERVES.search(question))


def _direction(question: str, defined: dict[str, str]) -> tuple[set[str], set[str]] | None:
    """The asked terms on each side of a helping verb: (what helps, what is helped); None without one.
    An abbreviation the passages define stands for its words ("optimal transport" is OT there)."""
    found = _HELPS.search(question) or _SERVES.search(question)
    if not found or _RECIPROCAL.search(question):
        return None
    a, b = ([t for t in terms(found.group(g)) if t not in FRAMING_TERMS] for g in ("a", "b"))
    helps, helped = set(a[-2:]) - set(b[:2]), set(b[:2]) - set(a[-2:])
    for short, words in defined.items():
        spelled = set(terms(words))
        for side, written in ((helps, a), (helped, b)):
            if spelled and spelled <= set(written):
                side.update(terms(short))
    return (helps, helped) if helps and helped else None


def _in_order(sequence: Sequence[str], direction: tuple[set[str], set[str]]) -> bool:
    """Whether a sentence's terms name what helps before what is helped."""
    helps, helped = direction
    first_helps = next((i for i, t in enumerate(sequence) if t in helps), None)
    first_helped = next((i for i, t in enumerate(sequence) if t in helped), None)
    return first_helps is not None and first_helped is not None and first_helps < first_helped


def said_of(question: str) -> list[re.Pattern]:
    """What the question itself says its answer holds: a number of things, a thing done without, a link,
    a list, earlier work's shortcoming."""
    found = [
        p
        for p in (stated_count(question), counted_then_asked(question), needed_thing(question), _counted_kind(question))
        if p is not None
    ]
    plain = _MEASURED_AGAINST.sub(" ", question)
    listing = listing_asked(question)
    listed = [listing] if listing else []
    # words quoted from the paper (「最小限の仮定」とは, what "minimal assumptions" means): the sentence writing them
    quoted = [re.compile(re.escape(q), re.IGNORECASE) for q in _QUOTED_IN_QUESTION.findall(question)]
    return found + listed + quoted + [answer for asks, answer in _ASKED_AND_ANSWERED if asks.search(plain)]


_QUOTED_IN_QUESTION = re.compile(r"[「『“\"]([^」』”\"]{2,40})[」』”\"]")


def _counted_kind(question: str) -> re.Pattern | None:
    """ "Which correlations…?", 「どのような基準…」: a sentence counting things of that kind ("Two empirical
    correlations, Biasi and Bowring", 「14の品質基準」) names them, or says how many there are."""
    if not _ASKS_SEVERAL.search(question) or not (kind := _SEVERAL_KIND.search(question)):
        return None
    word = kind.group(0).rstrip("式")  # 相関式: the summary writes 相関
    english = _KIND_IN_ENGLISH.get(word, word)  # read through the English original too
    return re.compile(
        rf"(?:\d+|[2-9２-９二三四五六七八九十])(?:つ|個|種類?)?の[^、。]{{0,8}}?{word}"
        rf"|\b(?:\d+|two|three|four|five|six|seven|eight|nine|ten|several)\s+(?:[\w-]+\s+){{0,4}}?(?:{english})",
        re.IGNORECASE,
    )


def _role_prior(e: Evidence, asks: str) -> float:
    """The nudge for where in the abstract's moves a sentence stands, by what the question asks."""
    contribution, finding, background = _ROLE_PRIOR.get(asks, _ROLE_PRIOR[""])
    nudge = max(
        contribution if CONTRIBUTION.search(e.sentence) else 0.0, finding if FINDING.search(e.sentence) else 0.0
    )
    nudge = nudge or (background if BACKGROUND.search(e.sentence) else 0.0)
    opens = asks == "problem" and e.passage.chunk.index == 0 and e.position == 0
    return nudge + (_OPENING if opens else 0.0)


# "Which UQ method gave the best-calibrated uncertainties?": what is ranked (calibration), which the ranking
# sentence pairs with its own ranking word ("… but superior calibration"); not the class ranked ("best model").
_RANKED_BY = re.compile(r"\b(?:best|worst|highest|lowest|most|least)[\s-]+([a-z]{5,})", re.IGNORECASE)
_RANKED_CLASS_WORDS = re.compile(
    r"(?:model|method|approach|technique|variant|configuration|setup|system|paper|option)s?$|ones?$", re.IGNORECASE
)


def _ranked_by(question: str) -> re.Pattern | None:
    """The sentences ranking what the question ranks by: a ranking word within three words of its word."""
    found = None if is_cjk(question) else _RANKED_BY.search(question)
    if not found or _RANKED_CLASS_WORDS.match(found.group(1)):
        return None
    word = found.group(1).lower()
    stem = re.escape(word[:7] if len(word) > 7 else word.rstrip("s"))
    ranks = RANKING.pattern
    return re.compile(
        rf"(?:{ranks})\W+(?:\w+\W+){{0,2}}?{stem}|\b{stem}\w*\W+(?:\w+\W+){{0,2}}?(?:{ranks})", re.IGNORECASE
    )


def _ranking(question: str) -> re.Pattern:
    """The wording of a sentence that ranks as the question asks: last, first, upwards, or either way."""
    if _ASKS_WORST.search(question):
        return _RANKING_LOW
    if _ASKS_TOP.search(question):
        return _RANKING_TOP
    return _RANKING_HIGH if _ASKS_BETTER.search(question) else RANKING


def _asks_how_it_fares(
    asks: str, otherwise_answered: bool, alternatives: Sequence[tuple[dict[str, float], float]]
) -> bool:
    """Whether a part asks plainly how the method fares (「性能は？」: a word or none besides the paper's name).
    Not a ranking ("which did best?", answered by the sentence that ranks), a number, or a thing the question
    says its answer holds (`otherwise_answered`); nor with more asked beside it (「仕組みと評価結果」)."""
    asked = {t for weighted, _ in alternatives for t, w in weighted.items() if w}
    return asks == "result" and not otherwise_answered and len(asked) <= 1


def _cues(
    sentence: str,
    asks: str,
    ranks: re.Pattern | None,
    said: Sequence[re.Pattern],
    fares: bool = False,
    ranked_by: re.Pattern | None = None,
) -> float:
    """What marks a sentence as the answer to this kind of question: it ranks ("did best") what is ranked
    ("superior calibration"), says what
    removes the problem, names the evaluation, concedes a drawback, says how far a finding extends, sets
    the method against others (when `fares`), or says what the question itself expects (the number of
    things it wants, "training-free")."""
    return (
        (_CUE_BONUS if fares and FARES.search(sentence) else 0.0)
        + (_RANKING_BONUS * (2 if ranks is _RANKING_LOW else 1) if ranks and ranks.search(sentence) else 0.0)
        + (_CUE_BONUS if ranked_by and ranked_by.search(sentence) else 0.0)
        + (_CUE_BONUS if asks in _ANSWER_CUES and _ANSWER_CUES[asks].search(sentence) else 0.0)
        + (_CUE_BONUS if asks in _DECISIVE_CUES and _DECISIVE_CUES[asks].search(sentence) else 0.0)
        + (_CUE_BONUS / 2 if asks == "evaluation" and _TESTED_ON.search(sentence) else 0.0)
        + _CUE_BONUS * sum(1 for pattern in said if pattern.search(sentence))
    )


def _wording(
    weighted: dict[str, float], total: float, present: set[str], similar: dict[str, set[str]], spelled: set[str]
) -> float:
    """The share of the question's weighted terms a sentence holds (itself, a near synonym or spelled out)."""
    if not total:
        return 0.0
    return sum(w * max(match(t, present, similar), float(t in spelled)) for t, w in weighted.items()) / total


def _pairs(sequence: Sequence[str]) -> set[tuple[str, str]]:
    return set(zip(sequence, sequence[1:]))


URL = re.compile(r"https?://\S+|www\.\S+")
# "Is the code out? link pls", 「コードは公開されてますか」: the sentence giving the link answers.
_ASKS_LINK = re.compile(
    # Latin letters only around the word: 「RewardAgentのrepoはどこ？」 runs kana straight into it
    r"(?<![A-Za-z])(?:links?|url|github|repo|repository|code|codes|source)(?![A-Za-z])|コード|リンク|ソース",
    re.IGNORECASE,
)


_KINDS_JA = r"(?:基準|観点|側面|要素|指標|相関式?|データセット|ベンチマーク|ベースライン|チェック|シグナル|仮定|前提)"
# "What criteria do they use…?", "what are the two things it looks at?": the question asks for several
# things of a kind, and the sentence that lists them ("two key aspects: A and B") answers it.
_ASKS_SEVERAL = re.compile(
    r"\b(?:what|which)\s+(?:are\s+the\s+)?(?:['‘\"“]?[\w-]+['’\"”]?\s+){0,2}['‘\"“]?(?:criteria|aspects|things|factors|signals|checks|metrics|components|parts|steps|ingredients|elements|dimensions|properties"
    r"|methods|techniques|correlations|datasets|benchmarks|baselines|assumptions|conditions|requirements)\b"
    # what a decision rests on: "what does the gating look at / use to decide …?"
    r"|\bwhat\s+(?:does|do|did)\s+(?:it|they|its\s+[\w-]+|their\s+[\w-]+|the\s+[\w-]+)\s+(?:\w+\s+)?(?:look\s+at|use\s+to\s+(?:decide|determine|judge|tell|figure))\b"
    # what a scorer scores: "what does each one score?", "what does DataMan actually rate docs on?"
    r"|\bwhat\s+(?:does|do|did)\s+(?:it|they|each(?:\s+one|\s+of\s+them)?|[\w-]+|the\s+[\w-]+)\s+(?:actually\s+|really\s+)?(?:score|rate|grade|judge|assess|check)\b"
    # 「何と何の観点」, 「どのような基準」, 「どの2つの観点」, 「経験的相関式は何」
    rf"|何と何|(?:どの|どんな|どういう)(?:ような)?(?:[2-9２-９二三四五六七八九]つの)?{_KINDS_JA}|{_KINDS_JA}(?:は|って)(?:何|なに|どれ)"
    # 「ゲーティングは何を手がかりに切り替えている？」, 「何で判定」: what a decision rests on, in Japanese
    r"|(?:何|なに)(?:を手がかりに|を手掛かりに|を見て|を基に|をもとに|を根拠に|で(?:判定|判断|決め|決定|切り替え|見分け))",
    re.IGNORECASE,
)
_SEVERAL_KIND = re.compile(
    r"\b(?:criteria|aspects|factors|signals|metrics|components|steps|dimensions|properties|techniques|correlations"
    r"|datasets|benchmarks|baselines)\b|" + _KINDS_JA,
    re.IGNORECASE,
)
_KIND_IN_ENGLISH = {
    "基準": "criteria",
    "観点": "aspects|dimensions",
    "側面": "aspects|dimensions",
    "要素": "components|factors|elements",
    "指標": "metrics",
    "相関": "correlations",
    "データセット": "datasets",
    "ベンチマーク": "benchmarks",
    "ベースライン": "baselines",
    "チェック": "checks|signals",
    "シグナル": "signals",
    "仮定": "assumptions",
    "前提": "assumptions",
}
_LISTING = re.compile(
    r"(?::|\bnamely,?|\bi\.e\.,?)\s*[^.:;]{3,}?\b(?:and|or)\b|\([^()]*,[^()]*\band\b[^()]*\)"
    # 「…を評価しています:単峰性予測契約とセマンティックアライメント」, 「最小限の仮定の下で – すなわち、AとB」
    r"|(?:[:：]|すなわち[、,]?)[^。:：]{2,}?(?:と|および|及び)"
)
# Kinds a sentence lists under a name of their own: "which methods…?" is not answered by "three distinct
# datasets (RefrigerationDevices, ElectricDevices, and PLAID)".
_LISTED_AS = {
    "methods": "method|technique|approach|strateg",
    "techniques": "method|technique|approach|strateg",
    "datasets": "dataset|benchmark|corpus|corpora",
    "benchmarks": "dataset|benchmark|corpus|corpora",
}
_ASKED_KIND = re.compile(
    rf"\b(?:what|which)\s+(?:are\s+the\s+)?(?:[\w-]+\s+){{0,2}}({'|'.join(_LISTED_AS)})\b", re.IGNORECASE
)


def listing_asked(question: str) -> re.Pattern | None:
    """What lists the several things a question asks for ("what does the gating look at?"); None when it
    asks for no such things."""
    return _listing(question) if _ASKS_SEVERAL.search(_MEASURED_AGAINST.sub(" ", question)) else None


def _listing(question: str) -> re.Pattern:
    """What lists the things a question asks for: any listing, or one of things of the kind asked."""
    asked = _ASKED_KIND.search(question)
    kinds = [k.rstrip("式") for k in _SEVERAL_KIND.findall(question)]
    if not asked and kinds and not kinds[0].isascii():
        # 「データセットは何個？」: a list of that kind (or its English name), not "two key aspects: A and B";
        # 「どういう基準・シグナル」: of either kind
        named = "|".join(f"{word}|{_KIND_IN_ENGLISH.get(word, word)}" for word in kinds if not word.isascii())
        return re.compile(rf"(?:{named})[^。.]*?(?:{_LISTING.pattern})|(?:{_LISTING.pattern})[^。.]*?(?:{named})", re.I)
    if not asked:
        return _LISTING
    named = _LISTED_AS[asked.group(1).lower()]
    return re.compile(rf"\b(?:{named})\w*[^.:;()]{{0,40}}?(?:{_LISTING.pattern})", re.IGNORECASE)


# What a question asks for, and where the sentence that answers it says so.
# "Do they also use it to build training data?", "what did they use it for beyond scoring?": what the paper
# did besides its main work is where it says so ("We further construct training preference pairs…").
_ASKS_FURTHER = re.compile(
    r"\b(?:also|beyond|besides|apart\s+from|other\s+than|in\s+addition\s+to|what\s+else)\b|他に|ほかに|以外に",
    re.IGNORECASE,
)
_FURTHER = re.compile(
    r"\b(?:we\s+(?:further|also|additionally)|further(?:more)?,|additionally,|in\s+addition,)|さらに", re.IGNORECASE
)
_ASKED_AND_ANSWERED = (
    (_ASKS_LINK, URL),
    (_ASKS_SHORTCOMING, SHORTCOMING),
    (_ASKS_FURTHER, _FURTHER),
)


@lru_cache(maxsize=50_000)
def _analysed(text: str) -> tuple[str, ...]:
    """terms() of a passage or sentence, remembered: one answer analyses the same sentences several
    times (the gate, each paper's scoring, near-synonyms), and at 100k abstracts that was a sixth of it."""
    return tuple(terms(URL.sub(" ", text)))  # a link's path ("…/agentic-reward-modeling") is not the sentence's words


# What a work is tested on, by any of its names: 「データセットは何個」 is answered by "three real-world benchmarks"
_TESTED_ON_WORDS = frozenset(terms("dataset benchmark corpus corpora"))
COUNTED_ALIKE = (_TESTED_ON_WORDS | {"データセット", "ベンチマーク", "コーパス"},)


def counted_alike(word: str) -> list[str]:
    """`word` and the words that count the same thing, longest first."""
    same = {word}.union(*(group for group in COUNTED_ALIKE if word in group))
    return sorted(same, key=len, reverse=True)


def _counting(counted: str) -> re.Pattern | None:
    """A number followed, within three words, by the counted thing ("15 common application domains")."""
    head = re.search(r"[\u30a1-\u30ff]{2,}$|[\u4e00-\u9fff]{2,}$", counted) if is_cjk(counted) else None
    if head:  # 「応用ドメイン」: 「15の共通アプリケーションドメイン」, the head word a few characters after the number
        heads = "|".join(map(re.escape, counted_alike(head.group(0))))
        # not past a と: 「14の品質評価とドメインタイプ」 counts the ratings, not the domains
        return re.compile(rf"\d[\d.,]*\s*(?:つ|個|種類)?の?[^、。\dと]{{0,12}}?(?:{heads})")
    stem = terms(counted)
    if not stem or not re.fullmatch(r"[a-z][a-z-]*", stem[0]):
        return None
    stems = "|".join(map(re.escape, counted_alike(stem[0])))
    number = (
        r"(?:\d[\d.,]*\s*[%A-Za-z]*|\b(?:two|three|four|five|six|seven|eight|nine|ten|several))"  # "three … benchmarks"
    )
    return re.compile(number + r"\s+(?:[\w-]+\s+){0,3}(?:" + stems + ")", re.IGNORECASE)


# A factor asked ("何倍速い", "how many times faster"): a sentence giving one ("20倍", "20x") gives the answer;
# another number ("1つのこと", a translation's "for one thing") does not.
_ASKS_FACTOR = re.compile(
    r"何倍|\bhow\s+many\s+times\b|\bby\s+what\s+factor\b|\bx\s+(?:faster|slower|fewer|less|more)\b", re.I
)
_FACTOR = re.compile(r"\d[\d.,]*\s*(?:倍|x\b|×|[-\s]?fold\b|times\b)", re.IGNORECASE)

_PREFIX_MIN = 5  # "speed" in "speedup", "accelerat" in "acceleration": part credit, not full
_PREFIX_CREDIT = 0.7


# What joins a word to make one word, not two ("re-training", "embedding-based", "DPO-style").
_AFFIXES = frozenset(
    terms("pre post re non co un sub multi semi anti inter intra de mid self cross uni bi")
    + terms("based like free aware specific level wise oriented driven style")
)
# Prefixes that set a word against its sibling ("underfit" / "overfit", "preprocess" / "postprocess").
_SIBLING_PREFIX = re.compile(
    r"^(under|over|hyper|hypo|pre|post|intra|inter|sub|super|micro|macro|multi|uni|mono|up|down|in|out)"
)


def _spelled_alike(a: str, b: str) -> bool:
    """Two different words sharing their first five letters ("nucleate", "nuclear"), or one stem under
    two opposing prefixes ("underfit", "overfit": cosine 0.89): the model's word pieces make them near,
    not their meaning. One inside the other ("speed", "speedup") is one word."""
    if a in b or b in a:
        return False
    if a[:5] == b[:5]:
        return True
    head_a, head_b = _SIBLING_PREFIX.match(a), _SIBLING_PREFIX.match(b)
    return bool(head_a and head_b and len(a) - head_a.end() >= 3 and a[head_a.end() :] == b[head_b.end() :])


# Adverbs that hedge or stress: no sentence means them by a near word ("does it actually fuse…?" met
# "real-world benchmarks": "actual"~"real" 0.6+), though one writing the word itself may still match.
# So do vague nouns ("does it beat the existing stuff?" met "For one thing": "stuff"~"thing").
# A katakana word clipped as Japanese clips loanwords (ネット for ネットワーク, 省エネ for 省エネルギー): the
# written words it begins
_KATAKANA_TERM = re.compile(r"[ァ-ヺー]{3,}")


def _clipped_from(term: str, written: set[str]) -> set[str]:
    if not _KATAKANA_TERM.fullmatch(term):
        return set()
    return {w for w in written if len(w) > len(term) and w.startswith(term) and _KATAKANA_TERM.fullmatch(w)}


_HEDGES = frozenset(
    terms("actually really basically essentially literally honestly simply exactly just stuff thing things")
)
_SIMILAR_WORDS_MIN = 0.75  # of the words as written: "pictures"~"images" 0.81, "cost"~"price" 0.74
_SIMILAR_MIN = 0.6  # cosine of two single words' embeddings: "faster"~"speedup" 0.64, "cost"~"price" 0.74
# What a method is evaluated on, named one way or another: "how many datasets?" is answered by "three
# real-world benchmarks", though to MiniLM the two words are far apart (cosine 0.36).
# Likewise what a method saves: "the savings" are what "reduces energy consumption by 29.14%" states (0.38).
_SAME_SENSE = (
    _TESTED_ON_WORDS,
    frozenset(terms("save saves saving savings reduce reduces reduced reduction reductions")),
    # two methods brought together, however it is said ("which two approaches does JOENA combine?": "unify")
    frozenset(
        terms(
            "combine combines combined combining combination unify unifies unified unifying unification integrate "
            "integrates integrated integrating integration merge merges merged merging marry marries married marrying"
        )
    ),
    # a model's output distribution is the probability it gives each token (0.38)
    frozenset(terms("distribution distributions probability probabilities 分布 確率")),
    # "what does it label each document with?" asked, "annotate a corpus with 14 quality ratings" written
    frozenset(
        terms(
            "label labels labeled labelled labeling labelling annotate annotates annotated annotation annotations tag tags tagged"
        )
    ),
    # 「どのくらい速い」 asked, 「20倍のスピードアップ」 written
    frozenset(terms("速 高速 スピードアップ speedup")),
    # 「精度が向上」 asked, 「16%の改善」 written: a rise and a fall as machine translation words them
    frozenset(terms("改善 向上 上昇")),
    frozenset(terms("減少 低下 削減")),
    # 「学習データが少ない場合」 asked, 「データ不足に対する抵抗」 written: little of a thing, said either way
    frozenset(terms("少 不足 乏")),
    # Bayes as a noun and as an adjective, in katakana as in English (ベイズニューラルネット, ベイジアンニューラルネットワーク)
    frozenset(terms("ベイズ ベイジアン bayes bayesian")),
)
# A kind asked for by its name, met by the kinds a paper names: "compression techniques" are its pruning and
# quantization (0.36, 0.33), though pruning is no quantization.
_KINDS_OF = {
    "compress": frozenset(terms("pruning quantization sparsification sparsity distillation")),
    "圧縮": frozenset(terms("剪定 枝刈り 量子化 スパース化 蒸留")),
}


def match(term: str, present: set[str], similar: dict[str, set[str]] | None = None) -> float:
    if term in present:
        return 1.0
    if len(term) >= _PREFIX_MIN and any(
        len(other) >= _PREFIX_MIN and (other.startswith(term) or term.startswith(other)) for other in present
    ):
        return _PREFIX_CREDIT
    if similar and similar.get(term, set()) & present:
        return _PREFIX_CREDIT
    return 0.0


def _discriminating(weights: dict[str, float], sentences: Sequence[str]) -> dict[str, float]:
    """Factors for choosing among these sentences: a term most of them share (the paper's own name,
    its title words) tells them apart no better than a stop word, whatever its corpus IDF."""
    if len(sentences) < 3:
        return {t: 1.0 for t in weights}
    present = [set(_analysed(s)) for s in sentences]
    n = len(sentences)
    ceiling = math.log((n + 1) / 0.5)
    return {t: math.log((n + 1) / (sum(t in p for p in present) + 0.5)) / ceiling for t in weights}


@dataclass
class Evidence:
    sentence: str
    passage: Passage
    position: int  # index of the sentence within its chunk, to restore reading order
    score: float = 0.0
    dense: float | None = None
    overlap: float = 0.0
    original: bool = False  # quoted as the English original of the (Japanese) sentence before it
    english: str = ""  # the English sentence this Japanese one translates, when known
    through_english: bool = False  # it answers by words only its English original has

    @property
    def paper_id(self) -> str:
        return self.passage.paper.id

    @property
    def order(self) -> tuple:
        chunk = self.passage.chunk
        return (chunk.lang, chunk.index, self.position)


class EvidenceScorer:
    def __init__(self, store: Store, embed_query=None, cache_size: int = 20_000):
        self.store = store
        # The retriever's cached query embedding: the same question is embedded once per answer.
        self.embed_query = embed_query or store.embeddings.embed_query
        self._vectors: OrderedDict[str, np.ndarray] = OrderedDict()
        self._cache_size = cache_size
        # How the collection spells out each acronym it defines, kept until the index changes.
        self._definitions: dict[str, tuple[str, ...]] = {}
        self._definitions_of: str | None = None

    # --- embeddings with a small LRU cache: the same abstracts' sentences come back often ------------
    def vectors(self, texts: Sequence[str]) -> np.ndarray:
        """Unit vectors of sentences: from memory, else from the index's cache, else embedded now."""
        missing = [t for t in dict.fromkeys(texts) if t not in self._vectors]
        if missing:
            self._vectors.update(self.store.sentence_vectors.get(missing))
            new = [t for t in missing if t not in self._vectors]
            if new:
                embedded = np.asarray(self.store.embeddings.embed_documents(new), dtype=np.float32)
                self.store.sentence_vectors.save(new, embedded)
                self._vectors.update(zip(new, embedded))
            while len(self._vectors) > self._cache_size:
                self._vectors.popitem(last=False)
        for text in texts:
            self._vectors.move_to_end(text)
        return np.stack([self._vectors[t] for t in texts])

    def acronyms(self, question: str) -> Acronyms:
        """The question's acronyms, with the words the collection defines each of them as."""
        found = acronyms(question)
        generation = self.store.lexical.generation()
        if generation != self._definitions_of:
            self._definitions, self._definitions_of = {}, generation
        for acronym in {a.casefold() for a in found.values()} - self._definitions.keys():
            term = terms(acronym)
            # a plural acronym is its own term ("RMs" is "rms", "RM" "rm"): either form is the one asked
            texts = [t for form in plural_pair(term[0]) for t in self.store.lexical.texts_holding(form)] if term else []
            self._definitions[acronym] = tuple(
                dict.fromkeys(
                    _plain_words(full)
                    for text in texts
                    for short, full in defined_abbreviations(text).items()
                    if short.casefold().rstrip("s") == acronym.rstrip("s")
                )
            )
        return Acronyms(found, {a.casefold(): self._definitions[a.casefold()] for a in found.values()})

    # --- measures -----------------------------------------------------------------------------
    def weights(self, query: str) -> dict[str, float]:
        """IDF of the query's terms: rare words ("JOENA", "speedup") count more than common ones. A
        hyphenated word's joined form ("nexttoken") only spells its words another way: counted beside
        them, "next-token" would weigh three words."""
        weights = self.store.lexical.idf(terms(query))
        for joined, words in compounds(query).items():
            # "re-training", "embedding-based": a prefix or a suffix-like word makes one word, not two
            if len(words) > 1 and all(w in weights and w not in _AFFIXES for w in words):
                weights.pop(joined, None)
        return weights

    @staticmethod
    def overlap(weights: dict[str, float], text: str, similar: dict[str, set[str]] | None = None) -> float:
        """IDF-weighted share of the weighted terms that `text` contains (exactly, by a shared
        prefix, or as a word `similar` lists as a near synonym)."""
        total = sum(weights.values())
        if not total:
            return 0.0
        present = set(_analysed(text))
        return sum(w * match(t, present, similar) for t, w in weights.items()) / total

    def same_sense(self, wanted: set[str], texts: Sequence[str]) -> dict[str, set[str]]:
        """For each wanted term missing from `texts`, the words of `texts` the table of senses puts with it
        (速 with スピードアップ): what the model's vectors cannot tell of Japanese words, the table can."""
        found = self._same_sense(wanted, {t for text in texts for t in _analysed(text)})
        return {t: near for t, near in found.items() if near}

    @staticmethod
    def _same_sense(wanted: set[str], written: set[str]) -> dict[str, set[str]]:
        # the senses MiniLM puts apart, in either language (分布 is 確率 as "distribution" is "probability")
        return {
            t: {w for same in _SAME_SENSE if t in same for w in written & same}
            | (written & _KINDS_OF.get(t, set()))
            | _clipped_from(t, written)
            for t in wanted
            if t not in written
        }

    def similar_terms(self, wanted: set[str], texts: Sequence[str], asked: str = "") -> dict[str, set[str]]:
        """For each wanted term missing from `texts`, the words of `texts` that mean nearly the same.

        Lexical matching alone misses "how much faster" against "20x speedup"; single-word
        embeddings from the same model bridge such paraphrases without a hand-made thesaurus. Each
        term is embedded as it was written, in `asked` (the question) or in `texts`: "pictures" is near
        "images" (0.81), their stems "pictur" and "imag" are not (0.30).
        """
        written = {t for text in texts for t in _analysed(text)}
        found = self._same_sense(wanted, written)
        vocabulary = {t for t in written if WORDLIKE.fullmatch(t)}
        missing = sorted(t for t in wanted if t not in vocabulary and WORDLIKE.fullmatch(t) and t not in _HEDGES)
        candidates = sorted(vocabulary)
        if missing and candidates:
            sims = self.vectors(missing) @ self.vectors(candidates).T
            # whole words sit nearer than their stems ("tolerance"~"adherence" 0.60, "toler"~"adher" 0.34): only
            # a clear likeness adds to what the stems find, and only for an asked word its stem cut short ("pictur")
            asked_as = surface_words(asked)
            cut = [i for i, t in enumerate(missing) if asked_as.get(t, t) != t]
            if cut:
                written_as = surface_words(" ".join(texts))
                as_written = (
                    self.vectors([asked_as[missing[i]] for i in cut])
                    @ self.vectors([written_as.get(t, t) for t in candidates]).T
                )
                sims[cut] = np.where(as_written >= _SIMILAR_WORDS_MIN, as_written, sims[cut])
            for t, row in zip(missing, sims):
                found[t] |= {
                    candidates[j] for j in np.flatnonzero(row >= _SIMILAR_MIN) if not _spelled_alike(t, candidates[j])
                }
        return {t: near for t, near in found.items() if near or t in missing}

    def candidates(self, passages: Sequence[Passage], lang: str | None = None) -> list[Evidence]:
        """Every sentence of the passages (of one language when given), once each."""
        seen: set[str] = set()
        out: list[Evidence] = []
        for passage in passages:
            if lang and passage.chunk.lang != lang:
                continue
            for position, sentence in enumerate(split_sentences(passage.chunk.text)):
                if sentence not in seen and len(sentence) > MIN_SENTENCE_CHARS:
                    seen.add(sentence)
                    out.append(Evidence(sentence, passage, position))
        return out

    def score(
        self,
        question: str,
        evidence: list[Evidence],
        *,
        question_vector: Sequence[float] | None = None,
        weights: Sequence[dict[str, float]] | None = None,
        wants_number: bool = False,
        asks: str = "",
        ignore: dict[str, float] | None = None,
        counted: str = "",
        ranks: bool = False,
        focus: str = "",
    ) -> list[Evidence]:
        """Score each sentence against the question; returns them best first.

        `weights` holds one term weighting per alternative the question allows ("quantization or
        pruning"); a sentence's wording score is its best. `ignore` scales down terms that name
        rather than ask (a paper's name once the answer is known to come from that paper): they
        tell its sentences apart no better than "the". `counted` is what a quantity question counts
        ("domains"): a sentence giving a number of them ("15 common application domains") is the answer.
        `focus` is the thing asked for ("which empirical correlations"): its last two words are a phrase to find.
        """
        if not evidence:
            return []
        sentences = [e.sentence for e in evidence]
        alternatives = self._alternatives(question, sentences, weights, ignore or {})
        defined = defined_abbreviations(" ".join(sentences))
        self._score_dense(question, evidence, question_vector, defined)
        similar = self.similar_terms({t for weighted, _ in alternatives for t in weighted}, sentences, question)
        short = self.acronyms(question)
        # English words of a question read in Japanese ("hyperfittingってgrokkingとか…", mostly Latin letters)
        english = latin_words(question) if is_cjk(question) or is_cjk(sentences[0]) else []
        named = _only_named(question, asks, ignore or {}) or _defined(question, asks)
        placed = _placement(evidence, asks)
        pairs, asked_for = _pairs(terms(question)), _pairs(terms(focus)[-2:])
        direction = _direction(question, defined)
        ranking, ranked_by = (_ranking(question), _ranked_by(question)) if ranks else (None, None)
        counting = _counting(counted) or (_FACTOR if _ASKS_FACTOR.search(question) else None)
        said, faults_earlier = said_of(question), _asks_shortcoming(question)
        latin = {t for w in english for t in terms(w)}
        fares = _asks_how_it_fares(asks, ranks or wants_number or bool(said), alternatives)
        for e in evidence:
            analysed = _analysed(e.sentence)
            present = set(analysed)
            spelled = _spelled_otherwise(e, present, short, english, defined, latin)
            e.overlap = max(_wording(weighted, total, present, similar, spelled) for weighted, total in alternatives)
            e.score = e.overlap if e.dense is None else _DENSE_SHARE * e.dense + (1 - _DENSE_SHARE) * e.overlap
            if wants_number and _HAS_NUMBER.search(e.sentence):
                e.score += _NUMBER_BONUS + (_COUNTED_BONUS if counting and counting.search(e.sentence) else 0.0)
            e.score += _word_order(analysed, pairs, asked_for, direction)
            e.score += _role_prior(e, asks) + placed.get(id(e), 0.0)
            cue = _cues(e.sentence, asks, ranking, said, fares, ranked_by)
            read_through = _cues(f"{e.sentence} {e.english}", asks, ranking, said, fares) if e.english else 0.0
            if read_through > cue:
                cue, e.through_english = read_through, True
            e.score += cue - (_CUE_BONUS if faults_earlier and CONTRIBUTION.search(e.sentence) else 0.0)
            if named & (present | spelled) and _introduces(e.sentence, named if asks == "definition" else set()):
                e.score += _INTRODUCES_BONUS
        return sorted(evidence, key=lambda e: e.score, reverse=True)

    def _alternatives(
        self, question: str, sentences: list[str], weights: Sequence[dict[str, float]] | None, ignore: dict[str, float]
    ) -> list[tuple[dict[str, float], float]]:
        """Per alternative the question allows, the weight each term counts with, and their sum.

        A clause made mostly of the paper's name and title ("…when predicting critical heat flux")
        identifies the paper and asks nothing: it is dropped rather than let sentences score by
        repeating the title.
        """
        alternatives = []
        for index, alt in enumerate(weights if weights is not None else [self.weights(question)]):
            damped = {t: w * ignore.get(t, 1.0) for t, w in alt.items()}
            if index and sum(damped.values()) < _NAMING_SHARE * sum(alt.values()):
                continue
            local = _discriminating(alt, sentences)
            weighted = {t: w * local[t] for t, w in damped.items()}
            alternatives.append((weighted, sum(weighted.values())))
        return alternatives

    def _score_dense(
        self,
        question: str,
        evidence: list[Evidence],
        question_vector: Sequence[float] | None,
        defined: dict[str, str] | None = None,
    ) -> None:
        """Cosine of each English sentence with an English question (MiniLM reads no Japanese); a sentence
        writing an abbreviation its paper defined ("misalignment between PPL and ICL performance") is
        also read with the abbreviation spelled out, which the model understands, when the question
        used the words."""
        english = [e for e in evidence if not is_cjk(e.sentence)]
        if english and not is_cjk(question):
            qv = np.asarray(
                question_vector if question_vector is not None else self.embed_query(question), dtype=np.float32
            )
            sims = self.vectors([e.sentence for e in english]) @ qv
            # only where the question used the words ("perplexity") and the sentence their abbreviation ("PPL")
            asked = set(terms(question))
            wanted = {a: full for a, full in (defined or {}).items() if set(terms(full)) & asked}
            spelled = [_spell_out(e.sentence, wanted) for e in english]
            longer = [i for i, (e, text) in enumerate(zip(english, spelled)) if text != e.sentence]
            if longer:
                sims[longer] = np.maximum(sims[longer], self.vectors([spelled[i] for i in longer]) @ qv)
            for e, sim in zip(english, sims.tolist()):
                e.dense = sim

    def support(self, claim: str, sources: Sequence[str], weights: dict[str, float] | None = None) -> float:
        """How well the best of `sources` supports `claim` (the scale of the verification threshold)."""
        if not sources:
            return 0.0
        weights = weights if weights is not None else self.weights(claim)
        wording = max(self.overlap(weights, s) for s in sources)
        if is_cjk(claim):
            return wording
        meaning = float(np.max(self.vectors(list(sources)) @ self.vectors([claim])[0]))
        return _SUPPORT_DENSE_SHARE * meaning + (1 - _SUPPORT_DENSE_SHARE) * wording
