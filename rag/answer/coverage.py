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
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache

from rag.answer.evidence import URL, EvidenceScorer, counted_alike, match
from rag.answer.questions import (
    FRAMING_TERMS,
    KIND_SUFFIX,
    QUESTION_WORDS,
    STYLE,
    Question,
    asked_terms,
    asking_sentences,
    asks_ranking,
)
from rag.index.catalog import names_of
from rag.loanwords import renders_name, same_word
from rag.models import Paper
from rag.text import compounds, edit_distance, is_cjk, is_kanji_word, terms

_CAPITALISED = re.compile(r"(?<=[a-z,;:] )[A-Z][a-z]{2,}\b")
# Mathematics' adjectives from a person's name ("output distribution to a Gaussian"): capitalised words the
# embedding model's vocabulary lacks, yet no dataset, model or tool a "which …" question asks for
_EPONYMOUS_ADJECTIVES = frozenset(
    "gaussian bayesian euclidean hessian laplacian lagrangian hamiltonian markovian newtonian boolean cartesian "
    "riemannian jacobian poissonian lipschitz".split()
)
_NAMELIKE = re.compile(
    r"(?<![\w-])(?:[A-Za-z]*[a-z][A-Z][\w-]*|[A-Z]{4,}[\w-]*|[A-Z][A-Za-z]*\d[\w-]*|[A-Z]{2,}(?:-[A-Z0-9]{2,})+)"
)


class Stated(StrEnum):
    STATED = "stated"
    NOT_STATED = "not_stated"


@dataclass
class Coverage:
    verdict: Stated
    missing: list[str] = field(default_factory=list)  # the asked words the paper lacks, as the question spelled them


def paper_text(paper: Paper, full_text: Sequence[str] = ()) -> str:
    """All a paper says that a question may be checked against: title, abstract, Japanese summary, body."""
    return " ".join(filter(None, (paper.title, paper.abstract, paper.summary_ja, *full_text)))


class CoverageCheck:
    def __init__(self, scorer: EvidenceScorer, vocabulary: frozenset[str] = frozenset()):
        """`vocabulary`: the words the embedding model knows, to tell a name typed in lower case from a word."""
        self.scorer = scorer
        self.vocabulary = vocabulary

    def check(
        self, question: Question, paper: Paper, sentences: Sequence[str], full_text: Sequence[str] = ()
    ) -> Coverage:
        """Whether `paper` (whose candidate answer is `sentences`) states the thing `question` asks for;
        `full_text`: the passages of its body read for the question, when it has one (a PDF)."""
        text = paper_text(paper, full_text)
        missing = (
            self._missing_focus(question, paper, text)
            or ([] if self._found_by_its_topic(question, paper, text) else self.absent_names(question, paper, text))
            or self._uncounted(question, text)
            or self._untried(question, paper, text)
            or _unmentioned_counted(question.text, text, names_of(paper))
            or _unmeasured(question.text, text)
            or _said_only_in_words(question, text)
            or _unsized(question.text, text)
            or _unrecorded(asking_sentences(question.text), text)
            or _unlisted(question.text, text)
        )
        if missing:
            return Coverage(Stated.NOT_STATED, missing)
        if question.wants_name and not any(_has_name(s, paper, self.vocabulary) for s in sentences):
            # the paper may speak of the thing ("LLMs") without naming one: only what it never writes is quoted
            focus = set(terms(question.focus)) & self.asked_terms(question, paper) - set(terms(text))
            return Coverage(Stated.NOT_STATED, _spelled(question.text, focus))
        return Coverage(Stated.STATED)

    def _found_by_its_topic(self, question: Question, paper: Paper, text: str) -> bool:
        """A question asking which paper deals with a topic ("SNS上のmisinformation対策の論文はどれ?") is
        answered by a paper writing the topic's other words: a name it lacks (SNS) only described the
        topic. Asked of nothing but the name ("any paper evaluating on ImageNet?"), the name decides."""
        if not question.identifies:
            return False
        named = {t for n in _names_in(question.text) for t in terms(n)}
        return bool((self.asked_terms(question, paper) - named) & set(terms(text)))

    def _missing_focus(self, question: Question, paper: Paper, text: str) -> list[str]:
        """The asked-for thing ("what GPU", "how many parameters"), when the paper never mentions it.

        Only a thing with a name or a count is checked for: "what failure regime" may well be answered
        in other words ("cases of dryout"). Only in a one-part English question: the focus of one part
        says nothing of another part's, and a machine-translated summary words the same thing too many
        ways (速度向上, スピードアップ)."""
        focus = set(terms(question.focus)) & self.asked_terms(question, paper) - _KIND_OF_NAME
        if not focus or not (question.wants_name or question.wants_number):
            return []
        if question.lang != "en" or len(question.clauses) > 1:
            return []
        present = set(terms(text))
        similar = self.scorer.similar_terms(focus, [text], question.text)
        short = self.scorer.acronyms(question.text)
        missing = {t for t in focus if not match(t, present, similar) and not short.spelled_in(t, text)}
        return _spelled(question.text, focus) if missing == focus else []

    def absent_names(self, question: Question, paper: Paper, text: str, *, with_unit: bool = True) -> list[str]:
        """The names a question gives that the paper never mentions ("accuracy on Weibo", "INT8", "the
        GPU"): a paper silent about the very thing asked about does not state the answer, however well
        its other words match. Spelled out acronyms count as mentions; words of near meaning do not: to
        the embedding model RewardBench is near "reward", and a name is this name or another. With
        `with_unit`, a figure asked in a unit (「何%」) the paper writes no figure in is absent too."""
        own = [n for n in names_of(paper) if " " not in n]
        naming = self._naming(paper)
        asked_of_it = _asked_of_the_paper(question)
        kept_in_latin = (
            []
            if question.identifies
            else _kept_in_latin(asked_of_it, text) or _lower_case_names(asked_of_it, text, self.vocabulary)
        )
        asked = [
            n
            for n in _names_in(asked_of_it) + kept_in_latin
            if any(not _shortens(t, naming) for t in terms(n))
            and not _misremembered(n, own)
            and not any(renders_name(o, n) for o in own)  # ジョエナ is JOENA
        ]
        numbers = _NUMBERS.findall(question.text)
        # 「何Bのモデル」, 「何%」: a figure in that unit, which a paper writing none of them does not state
        unit = _ASKED_UNIT.search(question.text) if with_unit else None
        if unit:
            asked_in = "%" if unit.group(2) else unit.group(1)  # "as a percentage" asks 何% in English
            written = "[BMK]" if asked_in in "BMK" else re.escape(asked_in)  # "1.3B" answers 何M too
            if not re.search(rf"\d\s?{written}(?![A-Za-z])", text):
                numbers.append(unit.group(0))  # shown as asked: ("何B") is not stated
        if not asked and not numbers:
            return []
        present = set(terms(text))
        short = self.scorer.acronyms(question.text)

        def mentioned(term: str) -> bool:
            # a paper giving a link ("(https://github.com/…)") gives the URL asked for, though it never says "URL"
            linked = term in ("url", "link", "repo", "repositori", "github") and URL.search(text) is not None
            return term in present or linked or short.spelled_in(term, text)

        missing = [n for n in asked if not any(mentioned(t) for t in terms(n))]

        def spoken_of(choice: str) -> bool:
            # every word of it: "some edge device" is not spoken of by a dataset named "ElectricDevices";
            # the first choice is what follows the question it ends ("…which regime do they predict, dryout")
            last = next((p for p in reversed(re.split(r"[,;:?？—–]", choice)) if p.strip()), choice)
            words = [t for t in asked_terms(last) if t != "one"]  # "stochastic ones": a pronoun
            if is_cjk(last) and any(t.isascii() for t in words):
                # 「追加でtraining必要なの?」: the terms kept in Latin letters say what the choice is about; its
                # kanji (追加, 必要) are the machine-translated summary's words or none
                words = [t for t in words if t.isascii()]
            # "Llama, or another model?": the unnamed other is no answer the paper could speak of
            return bool(words) and all(mentioned(t) for t in words) and not _UNNAMED_OTHER.match(last)

        if _another_choice_spoken_of(question.text, missing, spoken_of) or _wrong_guess(question.text, missing, text):
            missing = []
        return missing + [n for n in numbers if not _figure_written(n, question.text, text)]

    def _uncounted(self, question: Question, text: str) -> list[str]:
        """What an English question counts ("how many training samples") when the paper speaks of it but
        gives no number of it, nor of a word of near meaning, within a few words: "a small set of samples"
        does not say how many; "14 quality criteria", "1.3B-parameter" and "O(d^{5/4}) iterations" do. A
        paper that never names the thing may count it under another name ("how many datasets" against
        "three real-world benchmarks"): that is left to the answer."""
        asked = [m.group(1) for m in (_HOW_MANY.search(c.text) for c in question.clauses) if m is not None]
        asked += [m.group(0) for m in (_COUNT_OF.search(c.text) for c in question.clauses) if m is not None]
        metrics = [
            next(g for g in m.groups() if g)  # the measure, in whichever form of the question it was asked
            for c in question.clauses
            for m in (_METRIC_OF.search(c.text), _EXACT_CHANGE.search(c.text))
            if m is not None
        ]
        asked += metrics
        # how a Japanese question wrote the asked measure, to say in its words that it is not stated
        shown: dict[str, str] = {}
        if question.lang == "ja":
            asked = _counted_in_english(question.text, text)
            drop = _JA_DROP.search(question.text)
            if drop:
                asked.append("accuracy")
                metrics.append("accuracy")
                shown["accuracy"] = drop.group(1)
        if not asked:
            return []
        tokens = _WORD.findall(_VAGUE_COUNT.sub(" few ", text))
        stems = [terms(w)[:1] for w in tokens]
        # the words of up to four words after each number ("1.3B-parameter" is two words here)
        numbered = {s[0] for i, w in enumerate(tokens) if _IS_NUMBER.fullmatch(w) for s in stems[i + 1 : i + 5] if s}
        # a share or a factor is stated after what it measures: "reduces energy consumption by 29.14%", "a 20x speedup"
        numbered |= {
            s[0]
            for i, w in enumerate(tokens)
            if re.fullmatch(r"\d[\d.,]*[%x]", w)
            for s in stems[max(i - 4, 0) : i]
            if s
        }
        spoken = {s[0] for s in stems if s}
        missing = []
        for how_many in asked:
            # the thing counted is the phrase's last noun: "samples" in "how many training samples",
            # "tokens" in "how many tokens selected"
            phrase = re.sub(r"(?:\s+\w+ed)+$|\s+counts?$", "", how_many)  # "node counts": nodes
            words = [t for t in terms(phrase) if t not in FRAMING_TERMS]
            # "data points" unspoken: the compound's head is what the paper would count ("data")
            counted = set(words[-1:]) if set(words[-1:]) & spoken or len(words) < 2 else set(words[-2:-1])
            names = counted | {
                t for ts in self.scorer.similar_terms(counted, [text], question.text).values() for t in ts
            }
            # a metric's value is stated with the metric, or not at all: a paper never naming it gives none
            if (names & spoken or how_many in metrics) and not names & numbered:
                said = how_many if phrase != how_many and _COUNT_OF.fullmatch(how_many) else f"number of {how_many}"
                missing.append(shown.get(how_many) or (f"{how_many} figure" if how_many in metrics else said))
        return missing

    def _untried(self, question: Question, paper: Paper, text: str) -> list[str]:
        """Where a question asks whether the work was tried ("tested on protein interaction networks?",
        「医療系のフェイクニュースでも精度見てる？」), when the paper writes at most half the words of that
        place: it does not state that it was, however well the rest matches ("real-world networks" is not
        protein interaction networks). Of offered alternatives ("medical or legal text") one written is enough."""
        places = _tried_on(question.text)
        if not places:  # most questions: the paper's text is not read again
            return []
        skipped = self._naming(paper) | _VAGUE_PLACE_TERMS
        present = set(terms(text))
        folded = text.casefold()
        for place in places:
            choices = [c for c in re.split(r"\s+or\s+|/|とか|や|または", place) if c.strip()]
            unwritten = []
            for choice in choices:
                if is_cjk(choice):
                    words = [w for w in _JA_PLACE_WORD.findall(choice) if w not in _VAGUE_PLACES]
                    missing = [w for w in words if not _written_ja(w, folded, present)]
                else:
                    # "time-series" is written as "Time Series": its joined spelling is no word of its own
                    apart = {j for j, parts in compounds(choice).items() if set(parts) <= present | skipped}
                    words = [t for t in asked_terms(_ADVERBS.sub(" ", choice)) if t not in skipped | apart]
                    similar = self.scorer.similar_terms(set(words), [text], choice)
                    missing = _spelled(choice, {t for t in words if not match(t, present, similar)})
                # most of its words unwritten: "already trained models" is the paper's trained models
                unwritten.append(missing if words and 2 * len(missing) >= len(words) else [])
            if unwritten and all(unwritten):
                return unwritten[0]
        return []

    @staticmethod
    def _naming(paper: Paper) -> set[str]:
        """The terms of the paper's names, title and authors ("how do Schenke & Baumann…" names the paper)."""
        people = {t for author in paper.authors for t in terms(author)}
        return {t for name in names_of(paper) for t in terms(name)} | set(terms(paper.title)) | people

    @classmethod
    def asked_terms(cls, question: Question, paper: Paper) -> set[str]:
        """The question's own words, less those that frame it and those that name the paper."""
        return {t for c in question.clauses for t in asked_terms(c.topic)} - cls._naming(paper)


# "was it tested on X?", "does it work for X?": the place X where the work may have been tried
# "In what metric do they report the improvement?": a kind whose members an abstract names without the
# kind's word ("16% improvement in MRR")
_KIND_OF_NAME = frozenset(terms("metric metrics"))
_TRIED_ON_EN = re.compile(
    r"(?:\b(?:tested|evaluated|validated|benchmarked|tried|experimented|applied)"
    r"|\b(?:do|does|did|would|will|can|could)\s+(?:it|this|that|they|the\s+\w+|\w+)\s+work)"
    r"\s+(?:it\s+|them\s+|out\s+)?(?:on|for|in|against|to)\s+(?!order\b)(?P<place>[^?.!;,:()]+)",
    re.IGNORECASE,
)
_PLACE_ENDS = re.compile(
    r"\s+(?:and|but|so|because|if|when|while|since|as|than|with|without|using|by|to|at|beyond|too|as\s+well)\b.*$"
    r"|\s+(?:what|which|how|why|who|whether)\b.*$",
    re.IGNORECASE,
)
# 「Xでも検証されていますか」, 「Xのドメイン入ってる?」: X runs back to the particle before it. Not 「Xにも
# 使える?」, which asks what it could serve (学習データ作り), not where it was tried, in words a summary
# may write otherwise (トレーニング)
_TRIED_ON_JA = re.compile(
    r"(?:でも|にも)(?:検証|評価|試|精度|効果|適用|実験|テスト)|(?:の)?(?:ドメイン|分野|領域)(?:も|は|が|って)?(?:入って|含まれ|カバー)"
)
_PARTICLE = re.compile(r"って|[はがをにで、。？?！!\s]")
_JA_PLACE_WORD = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff々]{2,}|[ァ-ヺー]{2,}|[A-Za-z][A-Za-z0-9-]+")
_VAGUE_PLACES = frozenset(
    "データ データセット ドメイン 分野 領域 種類 環境 ケース 場合 実際 現実 他 ほか 別 タスク 問題 手法".split()
)
_VAGUE_PLACE_TERMS = frozenset(
    terms(
        "real world data dataset datasets benchmark benchmarks other different new more larger bigger smaller "
        "multiple various additional domain domains task tasks setting settings problem problems case cases practice"
    )
)
_DROPPED_SUFFIXES = "系的性化品用"
_ADVERBS = re.compile(r"\b(?:\w+ly|already|still|also|even|just)\b", re.IGNORECASE)


def _tried_on(question: str) -> list[str]:
    """The places a question asks whether the work was tried on, as it writes them."""
    places = [_PLACE_ENDS.sub("", " " + m["place"]).strip() for m in _TRIED_ON_EN.finditer(question)]
    places += [_PARTICLE.split(question[: m.start()])[-1] for m in _TRIED_ON_JA.finditer(question)]
    return [p for p in places if p and len(p.split()) <= 5]


def _written_ja(word: str, folded: str, present: set[str]) -> bool:
    """A word of a Japanese question in the paper: as written, less a suffix (医療系 as 医療), or for a
    loanword by its English origin (フェイク as "fake")."""
    if word.casefold() in folded:
        return True
    if len(word) > 2 and word[-1] in _DROPPED_SUFFIXES and word[:-1] in folded:
        return True
    return not is_kanji_word(word) and bool((set(terms(word)) - {word}) & present)


# The units a quantity may be asked in ("in hours", "how many GPU hours", 何時間, 何GB): a paper that never
# writes the unit does not give the quantity in it ("20x speedup" is not a training time). Japanese
# counters (folded to lower case) with the English unit they ask for.
_UNITS = {
    "時間": "hour",
    "分": "minute",
    "日": "day",
    "週間": "week",
    "gb": "gb",
    "mb": "mb",
    "tb": "tb",
    "ギガバイト": "gigabyte",
    "ドル": "dollar",
    "円": "yen",
    "ジュール": "joule",
    "kwh": "kwh",
    "ワット": "watt",
}
_UNIT_ASKED = re.compile(
    r"\b(?:in|how\s+many|number\s+of|(?:gpu|cpu)[-\s]?)\s*(hours?|minutes?|days?|weeks?|gb|mb|tb|gigabytes?|dollars?|yen|joules?|kwh|watts?)\b"
    rf"|何({'|'.join(_UNITS)})",
    re.IGNORECASE,
)


_EXACT = r"\b(?:exact|actual|precise|specific)"
# A figure asked for outright: 「具体的に何ポイント」, 「何%」, "in numbers", "the actual number"
_FIGURE_DEMANDED = re.compile(
    r"具体的(?:に|な)?[^。?？]{0,12}?(?:何|数字|数値)|何\s*(?:ポイント|%|％)|数字|数値"
    rf"|\bin\s+(?:numbers|figures)\b|{_EXACT}\s+(?:number|figure|value|amount)\b",
    re.IGNORECASE,
)
# The measures a figure is asked of, with the English word the abstract uses
_MEASURES = {"精度": "accuracy", "accuracy": "accuracy", "誤差": "error", "error": "error"}
# "minimal accuracy degradation", "maintaining accuracy": a measure said in words, with no figure
_IN_WORDS = (
    r"(?:minimal|slight|slightly|negligible|marginal|little|small|maintaining|without\s+(?:any\s+)?(?:significant\s+)?)"
)


def _said_only_in_words(question: Question, text: str) -> list[str]:
    """ "the actual accuracy drop w/ L1 pruning, in numbers?", 「精度低下は具体的に何ポイント？」: a figure asked for
    a measure the paper gives only in words ("with minimal accuracy degradation") is not stated. Not as one
    part of several (「推論速度改善、何%?精度低下の数字も出てる?」): the other part is answered."""
    if len(question.clauses) > 1:
        return []
    # the figure demanded of the measure itself: after it in its sentence (「精度低下って具体的に何ポイント」, "the
    # accuracy drop w/ L1 pruning, in numbers") or before it ("the exact accuracy loss"); not 「推論速度は何%
    # 改善した？精度への影響も。」
    asked = next(
        (
            m
            for m in _MEASURES
            if re.search(rf"{m}[^。？?!]{{0,30}}?(?:{_FIGURE_DEMANDED.pattern})|{_EXACT}\s+{m}", question.text, re.I)
        ),
        None,
    )
    if not asked:
        return []
    measure = _MEASURES[asked]
    mentions = list(re.finditer(rf"(?:\S+\s+){{0,3}}{measure}\w*(?:\s+\S+){{0,2}}", text, re.IGNORECASE))
    vague = [m for m in mentions if re.search(rf"{_IN_WORDS}\s+(?:\w+\s+)?{measure}", m[0], re.IGNORECASE)]
    if not vague or any(re.search(r"\d", m[0]) for m in mentions):
        return []
    return [f"{asked}の数値" if is_cjk(asked) else f"{asked} figure"]


# "How big was the model?", "which model size?", 「パラメータ数は？」: a model's size is a figure of its parameters
# ("1.3B-parameter"), which a paper writing none does not state; not "does it hold for other model sizes?"
_SIZE_ASKED = re.compile(
    r"\bhow\s+(?:big|large)\s+(?:is|was|are|were)\s+(?:the\s+|their\s+|its\s+)?(?:base\s+|underlying\s+)?(?:models?|llms?|transformers?|backbones?)\b"
    r"|\b(?:which|what)\s+(?:exact\s+)?(?:model\s+|parameter\s+)?(?:sizes?|parameter\s+counts?)\b|\bhow\s+many\s+parameters\b"
    r"|(?:モデルサイズ|パラメータ数|パラメーター数)(?:は|って|を|も|や|とか)",
    re.IGNORECASE,
)
_SIZE_WRITTEN = re.compile(r"\d[\d.,]*\s?[BMK](?![A-Za-z])|\d[\d.,]*\s*(?:billion|million|[-\s]param)", re.IGNORECASE)
# 「DataMan自体のパラメータ数」, "DataMan itself": the size of the named model, not of one it was used to train
_ITSELF = re.compile(
    r"([A-Za-z][\w-]*)\s*(?:自体|そのもの|自身)|([A-Za-z][\w-]*)(?:\s+(?:model|system|tool|network))?\s+itself\b",
    re.IGNORECASE,
)


def _unsized(question: str, text: str) -> list[str]:
    """The size of a model asked for, when the paper gives no model size at all, or none written at the very
    model asked of itself ("a 7B DataMan", "DataMan (7B)"; not "using DataMan … to train a 1.3B-parameter
    model")."""
    found = _SIZE_ASKED.search(question)
    if not found:
        return []
    if not _SIZE_WRITTEN.search(text):
        return [found.group(0)]
    itself = _ITSELF.search(question)
    if itself:
        name, size = re.escape(itself[1] or itself[2]), _SIZE_WRITTEN.pattern
        if not re.search(rf"{name}\W{{0,3}}(?:{size})|(?:{size})[\w-]*\W{{1,3}}{name}", text, re.IGNORECASE):
            return [itself.group(0)]
    return []


def _unmeasured(question: str, text: str) -> list[str]:
    """The unit a question wants a quantity in, when the paper never writes that unit."""
    found = _UNIT_ASKED.search(question)
    if not found:
        return []
    unit = found.group(1).lower().rstrip("s") if found.group(1) else _UNITS[found.group(2).lower()]
    written = re.search(rf"(?<![A-Za-z]){re.escape(unit)}s?(?![A-Za-z])", text, re.IGNORECASE)
    return [] if written else [found.group(0)]


# What an abstract seldom says and the catalogue does not record: where a paper comes from (who paid for
# it, where its authors work, where it appeared, under what licence or patent), what running it costs, how
# sure its figures are, how it was tuned, its ablations, whether its code or data is out, whether people
# judged it, by how much it won, whether it was deployed, the model it builds on, the languages it covers.
# Each: how a question asks for it, and the words a paper stating it would write ("supported by grant …",
# "accepted at NeurIPS", "over five seeds").
_SHAREABLE = r"(?:code|codes|data|dataset|datasets|corpus|corpora|weights|checkpoints?|implementation|models?)\b"
_PROVENANCE = (
    (
        r"\bfund(?:s|ed|ing|er|ers)?\b|\bpaid\s+for\b|\bpay(?:s|ing)?\s+for\b|\bsponsor\w*|\bgrants?\b|\bfinanc\w*"
        r"|資金|助成|出資|研究費|スポンサー",
        r"fund|grant|sponsor|support(?:ed)?\s+by|acknowledg|資金|助成",
    ),
    (
        r"\baffiliat\w*|\binstitutions?\b|\buniversit(?:y|ies)\b|\b(?:tech|industry|industrial|academic|corporate)\s+labs?\b"
        r"|\bwhich\s+(?:lab|company|companies|group)\b|所属|研究機関|どこの大学|どこの企業|どこの研究室",
        r"universit|institut|laborator|\blab\b|\binc\b|corporation|google|meta\b|microsoft|alibaba|所属|大学|研究所",
    ),
    (
        r"\bvenues?\b|\bconferences?\b|\bjournals?\b|\bpeer[-\s]?review\w*|\baccepted\s+(?:at|to|by|in)\b|\bproceedings\b"
        r"|学会|国際会議|採択|査読|ジャーナル|論文誌|掲載",
        r"conference|journal|accepted|proceedings|workshop|neurips|icml|iclr|\bacl\b|emnlp|aaai|学会|採択|会議",
    ),
    (
        # 「学校で無料で使えますか」, "free to use in class?": on what terms it may be used
        r"\blicen[cs]\w*|\bcommercial(?:ly)?\b|ライセンス|商用|無料で(?:使|利用)|\bfree\s+(?:to\s+use|of\s+charge)\b",
        r"licen[cs]|\bmit\b|apache|commercial|ライセンス|商用",
    ),
    (r"\bpatent\w*|特許", r"patent|特許"),
    (  # a commercial figure ("the misinformation detection market size?"), which a research abstract seldom gives
        r"\bmarket\s+(?:size|share|value|growth|volume)|\b(?:revenues?|sales\s+figures?)\b|市場規模|市場シェア|売上",
        r"\bmarkets?\b|revenue|sales|市場|売上",
    ),
    (  # what it costs to run ("what would it cost to run on a million queries?"), not "at the cost of accuracy"
        r"\b(?:what|how\s+much)\s+(?:would|will|does|did|do)\s+(?:it|that|this|they|the\s+\w+)?\s*cost\b"
        # not a trade-off ("what did it cost in accuracy?")
        r"(?!\s+(?:\w+\s+)?(?:in|of)\s+(?:terms\s+of\s+)?(?:accuracy|quality|performance|speed|precision|recall|error))"
        # not "the energy cost of running models": energy, which a paper measures in joules or a share saved
        r"|(?<!energy\s)(?<!power\s)(?<!compute\s)(?<!computational\s)\bcosts?\s+(?:of|to)\s+(?:run|running|train|training|deploy|deploying|operat\w*|serv\w*)\b"
        r"|\b(?:training|running|deployment|operating|dollar|monetary)\s+costs?\b"  # not compute cost: iterations say it
        r"|費用|価格|値段|いくらかか|(?:運用|導入|学習|訓練|推論|開発)コスト|コストは(?:いくら|どの|どれ)",  # not 「コストを下げる研究」
        r"\bcosts?\b|\$\d|dollar|price|budget|expens|cheap|費用|コスト|安価",
    ),
    (  # how sure its figures are: runs, seeds, intervals, tests of significance ("significant gains" is no test)
        r"\bconfidence\s+intervals?|\berror\s+bars?|\bstandard\s+(?:deviations?|errors?)|\b(?:random\s+)?seeds?\b"
        r"|(?:\bnumber\s+of|#\s*(?:of\s+)?|\bhow\s+many|\brepeated|\bindependent)\s*(?:training\s+)?runs\b|\bp[-\s]?values?\b"
        r"|\bstatistical(?:ly)?\s+significan\w*|\bsignificance\s+tests?|信頼区間|標準偏差|エラーバー|シード|試行回数|有意差|統計的(?:に)?有意|検定|p値",
        r"confidence|interval|standard\s+(?:deviation|error)|±|\bstd\b|\bseeds?\b|\bruns\b|p\s*[<=]|statistical|significance|信頼区間|標準偏差|有意差|検定",
    ),
    (  # how its settings were tuned
        r"\bhyper-?\s?parameter\s+(?:search|tuning|sweeps?|optimi[sz]ation|budget|selection)|\btuning\s+budget|\bgrid\s+search"
        r"|ハイパーパラメータ(?:ー)?(?:の)?(?:探索|調整|チューニング|最適化)",
        r"hyper-?\s?parameter|grid\s+search|\btun(?:ed|ing)\b|\bsweep|ハイパーパラメータ",
    ),
    (r"\bablat\w*|アブレーション", r"ablat|アブレーション"),
    (  # whether code or data is out ("do they release the code or the annotated corpus?"): said by a release or a link
        rf"\b(?:releas\w*|make\s+available)\s+(?:\w+\s+){{0,3}}?{_SHAREABLE}"
        rf"|{_SHAREABLE}\s+(?:\w+\s+){{0,2}}?(?:releas\w*|public|publicly\s+available|available|downloadable)\b|\bopen[-\s]?sourc\w*"
        r"|\b(?:code|codes|weights|checkpoints?)\s+(?:is\s+|are\s+)?out\b"
        r"|(?:コード|データ|コーパス|モデル|重み|実装|プログラム|ソフトウェア|ツール)\w{0,8}?公開|オープンソース",
        r"releas|available|open[-\s]?source|github|https?://|公開(?:され|し|中|済)|オープンソース",  # not 「指導公開能力」, a mistranslation
    ),
    (  # whether people judged it ("backed up with a user study?"): said by the people who did
        r"\buser\s+stud(?:y|ies)|\bhuman\s+(?:evaluation|study|studies|judges|raters|subjects)|ユーザー(?:スタディ|調査)|被験者",
        r"user\s+stud|\bhuman|participant|annotator|rater|survey|人間|被験者|ユーザー",
    ),
    (  # how far its human judges agreed ("how well did the raters agree with each other?"): a kappa or an agreement
        r"\binter[-\s]?(?:rater|annotator|coder)\w*|\b(?:raters?|annotators?|judges|participants|evaluators)\b[^?.]{0,30}?\bagree\w*"
        r"|評価者間|アノテーター間|一致率",
        r"agree|kappa|κ|一致",
    ),
    (  # by how much it beat something ("by how many points did it beat the strongest baseline?"): said by a figure
        r"\bby\s+how\s+(?:much|many\s+(?:points|percent(?:age)?(?:\s+points)?|pp))\b|何ポイント|何%|何パーセント"
        r"|\b(?:the|what|which)\s+margins?\b(?!\s+(?:loss|rank\w*|based))|\bby\s+what\s+margin|差はどのくらい|どのくらいの差",
        r"\d\s*(?:%|％|x\b|×|倍|points?\b|pp\b|ポイント)|\d+\.\d+",
    ),
    (  # a figure asked for as such ("the actual adherence accuracy, as a number?"): said by a digit or a count
        r"\bas\s+an?\s+(?:number|figure|percentage|value)\b|\b(?:exact|actual|concrete|specific|hard)\s+(?:numbers?|figures?|values?)\b"
        r"|\bnumerically\b|\bin\s+numbers\b|具体的な(?:数値|数字)|数値で",
        r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|twice|half|double|dozens?|hundreds?|thousands?|millions?|billions?)\b"
        r"|[一二三四五六七八九十百千万億]+(?:つ|個|種|件|倍|人|回|%)",  # not 一般
    ),
    (  # how long it takes in time, not in steps ("how much wall-clock time does that save, e.g. seconds per image?")
        r"\bwall[-\s]?clock\b|\bseconds?\s+per\b|\b(?:in|how\s+many)\s+(?:milli)?seconds\b|実時間|何秒|秒数",
        r"\d\s*(?:ms|s|secs?|seconds?|minutes?|hours?)\b|\bseconds\b|wall[-\s]?clock|latency|秒",  # not "second-moment"
    ),
    (  # what it adds to the time of a call ("latency overhead?"): said where the paper speaks of speed at all
        # 「推論時にどれくらい重い？」: how heavy it is to run, said where the paper speaks of compute or efficiency
        r"\blatency\b|\boverheads?\b|レイテンシ|オーバーヘッド|遅延|(?:どれ|どの)[くぐ]らい重(?:い|たい)?|重さ|計算(?:コスト|量)",
        r"latency|overhead|speed|fast|slow|\d\s*x\b|comput|efficien|burden|レイテンシ|オーバーヘッド|遅延|速度|高速|倍|計算|効率",
    ),
    (  # whether it was put to use in the field ("did they deploy it in an actual reactor?"), not "efficient for deployment"
        r"\bdeploy\w*(?=\s+(?:\w+\s+){0,3}?(?:in|into|on|at)\s+(?:an?\s+|the\s+)?(?:actual|real|live|production|operating|commercial|working)\b)"
        r"|\b(?:in|into)\s+production\b|\breal[-\s]world\s+deployment|実運用|実機|(?:実際の|現場の?)\w{0,8}?(?:に|へ|で)(?:すでに|既に|もう)?(?:導入|展開|実装|適用|使われ|使用され|利用され|運用され)",
        r"deploy|in\s+production|in\s+practice|field\s+test|実運用|実機|導入|展開",
    ),
    (  # which model it builds on, which a paper states by the model's name or size ("a 1.3B-parameter model");
        # not what it does with it ("training on data not from the base model")
        r"\b(?:what|which)\b[^?.]{0,30}\b(?:base\s+(?:model|llm|lm)s?|backbones?|foundation\s+models?)\b"
        r"|(?:ベースモデル|ベース(?:に|と)?(?:なって|して|した)\S{0,6}|バックボーン|基盤モデル)(?=\S{0,6}?(?:何|どれ|どの|は[?？]))",
        r"\bbase\s+models?|backbone|foundation\s+model|ベースモデル|バックボーン|基盤モデル|\d[\d.]*\s*[bm]\b|\d[\d.]*[bm]-param"
        r"|llama|qwen|\bgpt|mistral|mixtral|gemma|\bbert|roberta|\bt5\b|\bbart\b|pythia|\bopt-|falcon|deepseek|olmo|bloom|\bvit\b|resnet|\bclip\b",
    ),
    (  # the human languages it covers ("does DataMan work on Japanese data?"), not the one to answer in
        # not the language of the tool's own summary (「日本語要約だと…が誤訳っぽい」, "the Japanese summary")
        r"(?<!in\s)\b(?:Japanese|Chinese|Korean|German|French|Spanish)\b(?!\s+(?:summary|translation|version))"
        r"|日本語(?!で(?:答|説明|教|まとめ|要約|回答|お願い)|の?(?:要約|訳|サマリ|版))|中国語|韓国語",
        r"Japanese|Chinese|Korean|German|French|Spanish|日本語|中国語|韓国語",
    ),
)


def _another_choice_spoken_of(question: str, missing: Sequence[str], spoken_of: Callable[[str], bool]) -> bool:
    """Whether the question offers a choice the paper speaks of beside the names it never mentions."""
    offered = _OFFERED_IN_BRACKETS.search(question)
    choices = _CHOICE.split(question) if _CHOICE.search(question) else list(offered.groups()) if offered else []
    # "deterministic ODE samplers or stochastic ones?": a choice the paper speaks of may be the answer
    if any(not any(n in c for n in missing) and spoken_of(c) for c in choices):
        return True
    # "optimal transport / Wasserstein ideas": the words either side of a slash are alternatives and the rest
    # is shared, so a missing name beside the slash may be stood in for by the other word; one in the shared
    # rest ("accuracy / F1 on Weibo") is still asked
    return any(
        missing and all(n in pair for n in missing) and any(p not in missing and spoken_of(p) for p in pair)
        for pair in _SLASHED.findall(question)
    )


def _unrecorded(question: str, text: str) -> list[str]:
    """What a question asks of the details in _PROVENANCE (funding, venue, licence, running cost, seeds and
    intervals, tuning budget, ablations, release, user studies, margins, deployment, base model,
    languages…), when the paper writes nothing of the
    kind: that is a detail it does not state, however well the rest of the question matches ("Who funded
    the CHF study - the DOE or a reactor vendor?")."""
    for asked, stated in _PROVENANCE:
        found = re.search(asked, question, re.IGNORECASE)
        if found and not re.search(stated, text, re.IGNORECASE):
            return [re.sub(r"^as\s+an?\s+", "", found.group(0), flags=re.IGNORECASE)]  # "as a number": a number
    return []


# Whether a thing is among those a paper has ("do DataMan's 15 domains include medicine?", 「15ドメインに医療・
# 臨床は含まれてる?」): the thing, which a paper listing it would write
_AMONG = re.compile(
    r"\b(?:include|includes|contain|contains)\s+(?:any\s+|an?\s+|the\s+)?(?P<en>[\w\s/-]{3,30}?)\s*[?,]"
    r"|\bis\s+(?:there\s+)?(?P<one>[\w\s/-]{3,30}?)\s+(?:one\s+of|among|part\s+of|included\s+in)\b"
    r"|(?:に|には|の中に)(?P<ja>[^、。？?にはがも]{2,15}?)(?:は|も|が)(?:含まれ|入って|入っ|含ま)",
    re.IGNORECASE,
)


def _unlisted(question: str, text: str) -> list[str]:
    """The thing a question asks whether a paper's set holds, when the paper never writes a word of it."""
    found = _AMONG.search(question)
    if not found or re.search(r"\bauthors?\b|著者", question, re.IGNORECASE):  # a person among the authors: the record
        return []
    thing = next(g for g in found.groups() if g).strip()
    if re.search(r"論文|研究|\b(?:papers?|stud(?:y|ies)|works?|articles?)\b", thing, re.IGNORECASE):
        return []  # 「…を適用した論文は含まれていますか」: a paper among the collection, which retrieval answers
    asked = set(asked_terms(thing))
    return [thing] if asked and not asked & set(terms(text)) else []


def _counted_in_english(question: str, text: str) -> list[str]:
    """The English word for what a Japanese question counts in katakana (何サンプル → "samples"), as the
    paper's English text writes it, so that the English check applies."""
    english = sorted(set(re.findall(r"[A-Za-z]{4,}", text)))
    counted = [next(g for g in m.groups() if g) for m in _JA_HOW_MANY.finditer(question)]
    found = []
    for kana in counted:
        # by its sound, or by the origin the dictionary gives a loanword too short to sound out (データ: data)
        origin = set(terms(kana))
        found += [w for w in english if same_word(w, kana) or origin & set(terms(w))]
    return found[:1]


_WRITTEN_AS_SYMBOL = {"パーセント": "%", "パーセンテージ": "%", "ポイント": "pt"}


def _unmentioned_counted(question: str, text: str, own: Iterable[str] = ()) -> list[str]:
    """What a Japanese question counts in katakana (「ハイパーパラメータはいくつ」, 「何エポック」) when the
    paper writes it neither so nor as its English word: a loanword, unlike a kanji phrase, has few
    other spellings, so its absence says the paper is silent on it."""
    if not is_cjk(question):
        return []
    english = sorted(set(re.findall(r"[A-Za-z]{4,}", text)))
    counted = [g for m in _JA_HOW_MANY.finditer(question) for g in m.groups() if g and not g.isascii()]
    return [
        kana
        for kana in counted
        if kana not in text
        and not (kana in _WRITTEN_AS_SYMBOL and _WRITTEN_AS_SYMBOL[kana] in text)  # 何パーセント: "16%"
        # 「データセットは何個」 of a paper evaluated "on three real-world benchmarks": tested on, by any name
        and not any(other in text for other in counted_alike(kana))
        and not any(same_word(w, kana) or set(terms(kana)) & set(terms(w)) for w in english)
        and not any(renders_name(n, kana) for n in own)  # 「ジョエナってどのくらい速い」: the paper, not a count
    ][:1]


def _misremembered(name: str, own: Iterable[str], edits: int = 2, shortest: int = 5) -> bool:
    """ "JOANNA or something like that", "DataMind?": a name two edits from one of the paper's own is
    that name misremembered, not another thing the paper never mentions (a translation garbling a long
    name, "Regidagent" for RewardAgent, strays further)."""
    return len(name) >= shortest and any(edit_distance(name.casefold(), n.casefold()) <= edits for n in own)


def _shortens(term: str, naming: set[str], shortest: int = 4) -> bool:
    """Whether a question's word is one of the paper's naming words, or one cut short ("Provable Accel"
    for Provable Acceleration): a writer's own abbreviation of a title names the paper, not a thing in it."""
    return term in naming or (len(term) >= shortest and any(n.startswith(term) for n in naming))


def _spelled(question: str, wanted: set[str]) -> list[str]:
    """The question's own words whose terms are `wanted`, in its order (for saying what is missing)."""
    # Japanese runs its words together: only its Latin and katakana words stand alone to be quoted
    words = re.findall(r"[A-Za-z0-9][A-Za-z0-9-]*|[ァ-ヺー]{2,}" if is_cjk(question) else r"[\w-]+", question)
    return list(dict.fromkeys(w for w in words if set(terms(w)) & wanted))


# 何サンプル, いくつのベンチマーク, サンプル数は何件, サンプルは(、)具体的に何件: a count of a thing written in katakana
# (or kept in English: 「expertの数はいくつ」)
_COUNTED_WORD = "([ァ-ヺー]{3,}|[A-Za-z][A-Za-z-]{2,})"
_JA_HOW_MANY = re.compile(
    rf"何([ァ-ヺー]{{3,}})|(?:いくつ|何(?:件|個|点|種類|本|回|つ))の{_COUNTED_WORD}|{_COUNTED_WORD}の?数[^。？?]{{0,12}}?(?:何|いくつ|どれ[くぐ]らい)"
    # (after a comma only an adverb, 具体的に or 全部で: 「アンサンブルは、平均誤差がいくつ」 counts no ensembles)
    rf"|{_COUNTED_WORD}(?:何(?:件|個|点|種類|本|回|つ)|点数)"  # 「学習データ何件?」, 「データ点数も」: said at once
    rf"|{_COUNTED_WORD}[」』]?(?:は|が|って|を)(?:[、,][^。？?、がはをの]{{0,8}}?|[^。？?、]{{0,10}}?)(?:何(?:件|個|点|種類|本|回|つ)|いくつ)"
    # not a quality (スケーラビリティ, ロバストネス: -ity, -ness), whose degree is no count of anything, nor a
    # magnitude (「反復回数のオーダーはどれくらい」: how it grows, which O(d^{5/4}) states)
    rf"|([ァ-ヺー]{{3,}}(?<!ティ)(?<!ネス)(?<!オーダー)(?<!レベル))(?:は|が|って)[^。？?]{{0,24}}?(?:どのくらい|どれくらい|どれだけ)"
)
# Guesses in brackets ("(new architecture? RL? plain SFT?)", "(GPU? edge device?)")
_GUESSES = re.compile(r"\([^()]*\?[^()]*\?[^()]*\)")


def _without_guesses(question: str) -> str:
    """The question less the guesses it offers at how something is done: "how do they get length-following
    in (new architecture? RL? plain SFT?)" is answered by whatever way the paper says, named or not. Guesses
    at what thing it is ("what hw (GPU? edge device?)") stay: a paper naming none of them does not say."""
    for found in reversed(list(_GUESSES.finditer(question))):
        before = re.split(r"[.?!;]\s", question[: found.start()])[-1]
        if re.search(r"\bhow\b", before, re.IGNORECASE):
            question = question[: found.start()] + " " + question[found.end() :]
    return question


# The choices a question offers ("ODE samplers or stochastic ones?"): only "or", not the slash, や or とか
# that `questions.alternatives` also splits at, which list the parts of one thing ("GPUの型番とか").
_CHOICE = re.compile(r"\s+or\s+|それとも|または", re.IGNORECASE)
_SLASHED = re.compile(r"([\w-]+)\s*/\s*([\w-]+)")
_UNNAMED_OTHER = re.compile(
    r"\W*(?:(?:some|an?)\s+)?(?:another|other|different)\b|\W*(?:別の|他の|ほかの|違う)", re.IGNORECASE
)
# 「どのような沸騰条件(DNBかdryoutか)を…?」: the choices offered in brackets, each ending in か
_OFFERED_IN_BRACKETS = re.compile(r"[(（]([^()（）、]+?)か([^()（）、]+?)か?[)）]")
# 「…何のobjectiveでやってる?PPO?」: a guess at the answer after a question asking which one of a kind
_GUESSED_AFTER = re.compile(
    r"(?:何の|どの|どんな)\s*([A-Za-z][A-Za-z0-9-]*)[^?？]*[?？]\s*([A-Za-z][A-Za-z0-9-]*)\s*[?？]\s*$"
)


def _wrong_guess(question: str, missing: Sequence[str], text: str) -> bool:
    """Whether the names missing are a guess at the answer the paper gives by another name: it names one of
    the kind asked ("the DPO objective" for 「何のobjective…?PPO?」)."""
    guess = _GUESSED_AFTER.search(question)
    if not guess or not missing or not all(n in guess.group(2) for n in missing):
        return False
    return bool(re.search(rf"(?<![\w-])[A-Z][A-Za-z0-9-]*\s+(?i:{re.escape(guess.group(1))})", text))


_ASKED_UNIT = re.compile(
    r"何\s*([BMK%]|倍)(?![A-Za-z])|\b(?:as\s+an?|in|what)\s+(percent(?:age)?)(?:\s+points)?\b", re.IGNORECASE
)
# A number the question gives ("like 50%?", "the 1.3B model"): a paper that never writes it does not state it.
_NUMBERS = re.compile(r"(?<![\w.])\d+(?:\.\d+)?\s?(?:%|[KMBkmb]\b|x\b)")
# "about 30%", 「約30%」: a figure remembered roughly, which the paper's "29.14%" gives
_ROUGHLY = re.compile(
    r"(?:\b(?:about|around|roughly|approximately|nearly|almost|some)|~|約|およそ|ほぼ)\s*$", re.IGNORECASE
)
_ROUGH_SHARE = 0.1


def _figure_written(figure: str, question: str, text: str) -> bool:
    """Whether the paper writes a figure the question gives: as a whole ("447B" does not write "7B"; "1.3b" typed
    in lower case is "1.3B"), or, for one given roughly, a figure in the same unit within a tenth of it."""
    if re.search(rf"(?<![\w.]){re.escape(figure)}", text, re.IGNORECASE):
        return True
    at = question.find(figure)
    if at < 0 or not _ROUGHLY.search(question[:at]):
        return False
    value = re.match(r"\d+(?:\.\d+)?", figure)
    unit = figure[value.end() :].strip() if value else ""
    return value is not None and any(
        abs(float(found[1]) - float(value[0])) <= _ROUGH_SHARE * float(value[0])
        for found in re.finditer(rf"(?<![\w.])(\d+(?:\.\d+)?)\s?{re.escape(unit)}", text, re.IGNORECASE)
    )


_WORD = re.compile(r"[A-Za-z]+|\d[\d.,]*[%A-Za-z]?")
_IS_NUMBER = re.compile(
    r"\d[\d.,]*[%A-Za-z]?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|fifty"
    r"|hundreds?|thousands?|millions?|billions?|dozens?|few|several|handful",
    re.IGNORECASE,
)
# "a small number of highly entangled neurons": a count, if not a figure (as "a few" is)
_VAGUE_COUNT = re.compile(r"\b(?:a\s+)?(?:small|large|limited|tiny)\s+number\s+of\b", re.IGNORECASE)
# "how many per linear layer?" counts a thing named elsewhere (the leading "wasserstein neurons -"): no phrase
_HOW_MANY = re.compile(
    r"\b(?:how\s+many|number\s+of)\s+(?!(?:per|in|on|at|for|across|within)\b)((?:[\w-]+\s+){0,2}?[\w-]+?)(?=\s+(?:do|does|did|is|are|was|were|go|went|have|has|had|in|on|for|of|per|to|and|used|make|makes|made|comprise|comprised|form|formed"
    r"|count|counts|counted|qualify|qualified|constitute|constitutes|took|participated|appear|appeared)\b|[?,.;)]|$)",
    re.IGNORECASE,
)
# "node counts of the graphs", "param count?": how many, asked with a noun
_COUNT_OF = re.compile(
    r"\b(?!(?:the|a|an|it|this|that|which|what|who|they|one|head)\b)([A-Za-z][\w-]+)\s+counts?\b(?!\s+(?:as|towards?|on|for\s+(?:more|less|much|little))\b)",
    re.IGNORECASE,
)
# A metric's value asked of a paper ("Per-benchmark accuracy of MIMoE-FND?", "what's the F1 on Weibo?"): the
# paper must give a number with the metric, not only speak of it ("enhancing the accuracy")
_METRIC_OF = re.compile(
    r"^\W*(?:(?:and|so|also|then)\s+)?(?:what(?:['’]s|\s+is|\s+was|\s+were)?\s+(?:the\s+|its\s+|their\s+)?)?(?:[\w'’-]+\s+){0,3}?"
    # "MIMoE-FND's exact accuracy / F1 on Weibo": either metric, after the paper's possessive
    r"(accuracy|f1|auc|mrr|bleu|rouge|perplexity|error\s+rate)(?:\s*/\s*[\w-]+)?(?:\s+scores?)?\s+(?:of|on|for|per)\b",
    re.IGNORECASE,
)
# "the exact accuracy drop", "the precise energy saving": a figure of that measure, not a word on it
# ("with minimal accuracy degradation")
_EXACT_CHANGE = re.compile(
    r"\b(?:exact|precise)\s+([\w-]+)\s+(?:drop|loss|degradation|gain|improvement|reduction|increase|decrease|saving)s?\b"
    # "how large is the accuracy degradation?": its size, which "minimal accuracy degradation" does not give
    r"|\bhow\s+(?:large|big|much|severe|bad)\s+(?:is|was|are|were)\s+(?:the|its|their)\s+([\w-]+)\s+(?:drop|loss|degradation|decrease|reduction)s?\b",
    re.IGNORECASE,
)
# 「精度低下はどの程度ですか」: the size of an accuracy drop, asked in Japanese
_JA_DROP = re.compile(
    r"((?:精度|正解率)の?(?:低下|劣化|悪化|損失))(?:は|が|って)?(?:どの程度|どのくらい|どれくらい|どれほど|何[%％]|いくら)"
)
_ABBREVIATIONS = re.compile(r"\b(?:e\.g|i\.e|etc|cf|vs)\.", re.IGNORECASE)  # "(e.g. Douban, …)" starts no sentence
_SENTENCE_START = re.compile(r"(?:^|[.?!？。:;]\s*|\b(?:and|or|but)\s+)$", re.IGNORECASE)


def _names_in(question: str) -> list[str]:
    """The names a question mentions: name-like tokens (RewardBench, INT8, GPU), and capitalised words
    that do not open a sentence (Weibo, Llama)."""
    found = []
    for match_ in re.finditer(r"(?<![A-Za-z0-9-])[A-Za-z][A-Za-z0-9-]*", question):
        word = match_.group(0)
        # "RLHF-type stuff", "BERT-like models": things of that kind, which a paper need not name
        if word in QUESTION_WORDS or len(word) < 3 or KIND_SUFFIX.search(word):
            continue
        if _NAMELIKE.fullmatch(word) or re.fullmatch(r"[A-Z]{3}s?", word):
            found.append(word)
        elif (
            word[0].isupper()
            and not word.isupper()
            and (is_cjk(question) or not _SENTENCE_START.search(_ABBREVIATIONS.sub("", question[: match_.start()])))
        ):
            # Japanese does not capitalise: a capitalised Latin word in it is a name wherever it stands ("?Weiboとか?").
            found.append(word)
    return list(dict.fromkeys(found))


_OF_THE_COLLECTION = re.compile(
    r"\b(?:any|anything)\s+(?:of\s+(?:this|these|them|the\s+papers)|(?:in\s+)?here)\b", re.IGNORECASE
)
_ILLUSTRATION = re.compile(r",?\s+(?:like|such\s+as|e\.g\.,?|for\s+example|for\s+instance)\s+[^.?!;]*", re.IGNORECASE)


def _asked_of_the_paper(question: Question) -> str:
    """What a question asks of a paper, where names would be: not "in plain English" (no language), nor
    "We fund reactors." (asks nothing of funding), nor "the AI-grading-AI paper" (how the asker calls the
    paper); a leading label ("python says IndexError: what …?") is what is asked."""
    asked = _without_guesses(STYLE.sub(" ", asking_sentences(question.text)))
    if _OF_THE_COLLECTION.search(asked):
        # "is any of this useful for fitting replies to a strict length, like SMS limits?": the asker's example
        asked = _ILLUSTRATION.sub(" ", asked)
    calling = re.escape(question.described) + r"\s+(?:paper|study|work|article|preprint|one)\b"
    if question.described and re.search(calling, asked, re.IGNORECASE):
        asked = asked.replace(question.described, " ")
    return asked


def _kept_in_latin(question: str, text: str) -> list[str]:
    """The lower-case words a Japanese question keeps in Latin letters: terms its writer means exactly
    (「biologyのデータとかwet-labの測定値で検証してる?」), each one a thing the paper writes or does not.
    Not a typo of a word the paper writes ("responce"); not in a question asking which paper deals with
    a topic, whose words only describe it; not a word of ranking (「bestだったモデル」), which asks which came first."""
    if not is_cjk(question):
        return []
    typo = _typo_of_written(text)
    return [
        w
        for w in dict.fromkeys(re.findall(r"(?<![A-Za-z0-9-])[a-z][a-z-]{3,}(?![A-Za-z0-9-])", question))
        if w not in QUESTION_WORDS and not typo(w) and not asks_ranking(w)
    ]


def _typo_of_written(text: str) -> Callable[[str], bool]:
    """Whether a word is a typo of a long word `text` writes ("responce"): a slip, not a name it lacks."""
    written = {w.casefold() for w in re.findall(r"[A-Za-z][A-Za-z-]{5,}", text)}
    return lambda word: len(word) >= 6 and any(edit_distance(word, v) <= 1 for v in written)


def _lower_case_names(question: str, text: str, vocabulary: frozenset[str]) -> list[str]:
    """The names an English question types in lower case ("accuracy on cifar-10", "douban-online/offline?",
    and, typed all in lower case, "dpo or sft?"), where capitals no longer mark them (see
    `_name_typed_in_lower_case`); not typos of words the paper writes."""
    if not vocabulary or is_cjk(question):
        return []
    typo = _typo_of_written(text)
    return [
        m.group(0)
        for m in re.finditer(r"(?<![A-Za-z0-9-])[a-z][a-z0-9-]+(?![A-Za-z0-9-])", question)
        if _name_typed_in_lower_case(m, vocabulary)
        and not set(terms(m.group(0))) <= FRAMING_TERMS
        and not typo(m.group(0))
    ]


# Where a few letters are offered as a choice or an example ("dpo, orpo or plain sft?", "(gpu? edge
# device?)", "e.g. tpu") or name a benchmark ("what mmlu score"), not an abbreviation in passing ("better
# than std samplers")
_OFFERED_BEFORE = re.compile(r"(?:[(,/]|\bor|\be\.g\.|\blike|\bsuch\s+as|\bon|\bwhich)\s*$")
_OFFERED_AFTER = re.compile(r"^\s*(?:[,/?)]|or\b|(?:score|accuracy|benchmark|dataset)s?\b)")


def _name_typed_in_lower_case(found: re.Match[str], vocabulary: frozenset[str]) -> bool:
    """What a name still looks like without capitals: letters with digits (cifar-10), words hyphenated into
    one (acm-dblp) with a piece the embedding model does not know as a word nor as the start of one
    ("so-called", "plug-in" are words), or an acronym's three or four letters offered as a choice."""
    word, before, after = found.group(0), found.string[: found.start()], found.string[found.end() :]

    def unknown(piece: str) -> bool:
        stem = piece[:-1] if piece.endswith("s") and len(piece) > 3 else piece
        # "souped-up", "beefed-up": an inflected word whose base the model knows
        base = re.sub(r"(?:ed|ing)$", "", piece) if len(piece) > 5 else piece
        return piece not in vocabulary and base not in vocabulary and not _starts_a_word(stem, vocabulary)

    if re.fullmatch(r"[a-z][a-z-]*\d[\w-]*", word):
        return True
    if re.fullmatch(r"[a-z]+(?:-[a-z]+)+", word):
        return any(unknown(piece) for piece in word.split("-"))
    # A writer who capitalises names elsewhere means a lower-case "sota" as a word.
    offered = bool(_OFFERED_BEFORE.search(before) or _OFFERED_AFTER.match(after))
    typed_lower = found.string == found.string.lower()
    return bool(re.fullmatch(r"[a-z]{3,4}", word)) and offered and typed_lower and unknown(word)


@lru_cache(maxsize=4096)
def _starts_a_word(stem: str, vocabulary: frozenset[str]) -> bool:
    """Whether a word of `vocabulary` starts with `stem` ("eval": evaluate); a scan, so kept per stem."""
    return any(v.startswith(stem) for v in vocabulary)


def _has_name(sentence: str, paper: Paper, vocabulary: frozenset[str] = frozenset()) -> bool:
    """Whether a sentence names something other than the paper itself (a dataset, a GPU, a benchmark)."""
    own = {n.casefold() for n in names_of(paper)}
    if is_cjk(sentence):
        # every Latin word of a Japanese sentence, but a shared abbreviation's plural (LLMS, LLMs)
        candidates = [
            w for w in re.findall(r"[A-Za-z][A-Za-z0-9-]{3,}", sentence) if not re.fullmatch(r"[A-Z]{2,4}[sS]", w)
        ]
    else:  # the first word is capitalised as a sentence start, not as a name
        rest = sentence.split(None, 1)[1] if " " in sentence else ""
        # a capitalised word inside a sentence that is no word the model knows, nor one of the title's, is a
        # name too ("Two empirical correlations, Biasi and Bowring")
        titled = set(terms(paper.title))
        candidates = _NAMELIKE.findall(rest) + [
            w
            for w in _CAPITALISED.findall(rest)
            if vocabulary
            and w.casefold() not in vocabulary
            and w.casefold() not in _EPONYMOUS_ADJECTIVES
            and not set(terms(w)) & titled
        ]
    # a machine translation garbles a long name now and then ("Regidagent" for RewardAgent): still the paper's own
    return any(
        c.casefold().strip("-") not in own and not _misremembered(c, own, edits=3, shortest=8) for c in candidates
    )
