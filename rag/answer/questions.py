"""Question analysis: what kind of answer a question wants, before anything is retrieved.

Patterns over the question's wording, in English and Japanese. They decide the shape of the answer
(a fact, a list across papers, a comparison, paper metadata), never its content: the content always
comes from retrieved passages or the paper records.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from enum import StrEnum

from rag.text import NUMBER_FORMS, is_cjk, split_sentences, terms


class Kind(StrEnum):
    """The shape of an answer; its value is what `rag ask --json` prints as "kind"."""

    FACT = "fact"  # sentences of the paper(s) that answer it
    SET = "set"  # evidence gathered across papers, one line per paper
    COMPARE = "compare"  # papers side by side
    GIST = "gist"  # what a paper does and found
    AUTHORS = "authors"
    DATE = "date"
    CATEGORIES = "categories"
    BY_AUTHOR = "by_author"  # "which paper did X write?"
    COUNT = "count"  # about the collection itself
    LIST = "list"


RECORD_KINDS = frozenset({Kind.AUTHORS, Kind.DATE, Kind.CATEGORIES, Kind.BY_AUTHOR})
COLLECTION_KINDS = frozenset({Kind.COUNT, Kind.LIST})


@dataclass(frozen=True)
class Clause:
    """One part of a multi-part question ("what problem does it solve, and how?"), answered by its own sentence."""

    text: str
    topic: str  # its own topic, or the first clause's when it has none ("and how?")
    asks: str
    wants_number: bool
    counted: str = ""  # what a quantity question counts: "domains" in "how many domains?"
    besides: str = ""  # what the part sets aside: "benchmark scores" in "apart from benchmark scores, how…"


@dataclass(frozen=True)
class Question:
    text: str
    lang: str  # "en" or "ja"
    kind: Kind
    topic: str  # the question without its scaffolding ("who wrote", "compare"), for retrieval
    parts: tuple[str, ...] = ()  # for comparisons: the two (or more) things compared
    wants_number: bool = False
    asks: str = ""  # what kind of sentence answers it: method | result | definition | reason | ""
    plural: bool = False
    names: tuple[str, ...] = field(default=())  # capitalised words that may be author names
    focus: str = ""  # the thing asked for: "empirical correlations" in "which empirical correlations…"
    identifies: bool = False  # "which paper…?", "is there a paper…?": the answer must name the paper
    fields: tuple[str, ...] = ()  # the paper fields a metadata question asks for, in its order
    clauses: tuple[Clause, ...] = ()  # the parts of a multi-part question (one clause for a simple one)
    wants_name: bool = (
        False  # asks for named things (which datasets, the GPU's name): a sentence without names does not answer
    )
    # "latest" or "earliest" ("which paper is the most recent?"); "most" or "fewest" ("…the fewest authors?")
    superlative: str = ""
    singular: bool = False  # about one paper it describes ("the CHF paper", "which paper…"), not several
    ranks: bool = (
        False  # asks which did best or worst: a sentence that ranks ("most favorable", "underperformed") answers it
    )
    described: str = ""  # how it describes the one paper it is about: "length-controlled generation" in "the … paper"
    practical: bool = False  # asks for help with a task ("how do I export …?"), not for what a paper says


_FLAGS = re.IGNORECASE

_AUTHORS = re.compile(
    r"\bwho\s+(?:wrote|authored|co-?authored|are\s+the\s+authors|is\s+the\s+author|were\s+the\s+authors|did\s+.+?\s+(?:write|author))\b"
    # not "how do the authors of X teach …": the authors as the ones who did the work, asked what they did
    r"|(?<!\bdo\sthe\s)(?<!\bdid\sthe\s)(?<!\bdoes\sthe\s)(?<!\bhave\sthe\s)\bauthors?\s+(?:of|on|for|behind)\b"
    # not "whether the authors of the DataMan paper report …": the authors doing the work, asked what they did
    r"(?!(?:\s+(?!that\b|which\b|who\b)[\w-]+){1,6}?\s+(?:report|claim|propos|use|used|show|find|found|mention|say|said|state|discuss"
    r"|provide|give|gave|compare|evaluat|test|run|ran|measure|release|describe|argue|note|present|introduce|train|achieve"
    r"|demonstrate|conclude|suggest|acknowledge|admit|include|consider|address|justify|explain)\w*\b)|\b(?:written\s+|posted\s+|published\s+|and\s+)?by\s+whom\b|\bwhose\s+(?:paper|work)\b|\bwho(?:['’]s|\s+(?:is|are|was|were))\s+behind\b"
    r"|\bwho\s+(?:wrote|authored)\b|\bwho\s+did\s+(?:that|this|the)\s+(?:work|paper|study|research)\b|\bauthor\s+list\b|^\W*(?:the\s+)?authors?\b(?!\s+(?:of|on)\s+(?:the\s+)?(?:paper|work|study)\s+(?:that|which))|(?<!according\sto\sthe\s)(?<!say\sthe\s)\bauthors\b\s*(?:\?(?=\s)|\??$)|\bhow\s+many\s+(?:authors|co-?authors|people(?=\s+(?:wrote|authored|worked\s+on|(?:are|were)\s+(?:behind|on|listed))|\s*\??$))\b|\b(?:first|last|lead|senior)\s+author\b"
    # 「著者らは…」 is about the authors only when who, how many or where comes next, or nothing does: in
    # 「著者らは…を提案/指摘していますか」 they are the ones who did the work, asked what they did
    r"|著者(?!(?:ら|たち)?(?:は|が)(?![、,\s]*(?:誰|だれ|どなた|何人|何名|どこ|どの(?:国|大学|機関)|所属|[?？]|$)))"
    r"|執筆者|(?:ラスト|ファースト|筆頭)オーサー|(?:誰|だれ|どなた)が(?:書|執筆|かい)|(?:書|か)いた(?:の|人|ひと)(?:は|って)?\s*(?:誰|だれ|どなた)|書いたのは\s*(?:[?？]|$)"
    r"|何人(?:で|が)(?:書|執筆)",  # 「何人で書かれてますか」: how many authors
    _FLAGS,
)
_BY_AUTHOR = re.compile(
    r"\b(?:co-?authored|written|authored|wrote|papers?)\s+(?:by|with)\b|\b(?:did|has|have)\s+.+?\s+(?:co-?author|write|author)|(?<!誰)(?<!だれ)(?<!どなた)が(?:書いた|執筆した|著者)",
    _FLAGS,
)
# "…and at what time of day?", 「時刻まで」: the moment a record gives, not the date alone
ASKS_TIME_OF_DAY = re.compile(
    r"\btime\s+of\s+day\b|\bat\s+what\s+time\b|\bdate\s+and\s+time\b|\btime-?stamps?\b|何時何分|時刻|日時",
    re.IGNORECASE,
)
_DATE = re.compile(
    r"\bwhen\s+(?:was|were|did)\b.*\b(?:publish|released?|appear|come\s+out|submit|post|put\s+(?:on|up|out)|upload|go\s+(?:up|online))|\bpublication\s+date\b|\bpublished\s+(?:on|when)\b"
    r"|\bwhen\b[^?]{0,60}?\b(?:was|were|got|been)\s+(?:first\s+)?(?:published|released|posted|submitted|uploaded)\b"  # "when DataMan paper was published?"
    r"|\b(?:posted|published|released|submitted|uploaded|out|appear(?:ed)?)\s+(?:on\s+|at\s+)?(?:the\s+)?same\s+(?:date|day|time)\b|同じ日に(?:公開|投稿|発表|出)"  # whether two share one
    rf"|{ASKS_TIME_OF_DAY.pattern}"
    r"|\bwhat\s+(?:date|day|year)\b|\bwhich\s+(?:date|day)\b|\bdate\s+of\b|\b(?:posting|posted|submission|release|arxiv|pub|publish(?:ed|ing)?)\s+dates?\b|\btime-?stamps?\b|発行日|公開日|投稿日|発表日|掲載日|いつ(?:頃|ごろ)?(?:公開|発表|出版|発行|投稿|[出で](?:た|まし))|(?:arXiv|アーカイブ)に(?:出|載|投稿)\S{0,4}(?:のは)?いつ|いつ(?:arXiv|アーカイブ)に(?:出|載|投稿)"
    r"|\b(?:latest|newest|earliest|oldest|most\s+recent(?:ly)?)\b(?:\s+\w+){0,3}\s+(?:paper|papers|one|submission|preprint|published|posted)\b"
    r"|\b(?:paper|papers|one)\b(?:\s+\w+){0,4}\s+(?:latest|newest|earliest|oldest|most\s+recent(?:ly)?)\b"
    # "which of them was submitted last?", 「その中で一番最後に投稿されたのどれ？」
    r"|\b(?:submitted|published|posted|released|uploaded|appeared|came\s+out)\s+(?:first|last|most\s+recently|earliest|latest)\b"
    r"|(?:最も|一番)(?:新し|古)い(?:論文|の)|(?:最新|最古)の論文|(?:最も|一番)(?:最後|最初|後|先)に(?:投稿|公開|発表|出)\S*(?:論文|のは?(?:どれ|どっち))"
    r"|(?:最も|一番)(?:遅い|早い)(?:時刻|時間|日時|日付|時期)?に(?:投稿|公開|発表|出)\S*論文|(?:最も|一番)(?:遅く|早く)(?:投稿|公開|発表|出)\S*論文",
    _FLAGS,
)
_CATEGORIES = re.compile(
    r"\b(?:arxiv\s+)?categor(?:y|ies)\b|\barxiv\s+cats?\b|\bsubject\s+(?:area|class)|\bclassified\s+(?:as|under|in)\b|カテゴリ|(?:どの|何の|どんな)分野|分野は",
    _FLAGS,
)
# Letter lookarounds rather than \b: in "cs.LGカテゴリー" the kana count as word characters.
_CATEGORY_CODE = re.compile(
    r"(?<![A-Za-z])(?:cs|math|stat|physics|q-bio|q-fin|eess|econ|astro-ph|cond-mat|hep-[a-z]+|nucl-[a-z]+|quant-ph|gr-qc|nlin)\.[A-Za-z]{2,3}(?![A-Za-z])"
    r"|(?<![A-Za-z.])[A-K]\.\d(?:\.\d+)?(?![\d.])"
)
_FIELDS = (("authors", _AUTHORS), ("date", _DATE), ("categories", _CATEGORIES))
# Only the collection's own size: "how many benchmarks was the paper evaluated on?" (論文はいくつのベンチマークで…) is not one.
_COUNT = re.compile(
    r"\bhow\s+many\s+(?:papers|articles|documents|abstracts)\b(?!\s+\w+\s+(?:use|report|propose|study))"
    r"|何(?:本|件)の論文|いくつの論文(?:が|は)?(?:あり|ある|入って|含まれ|収録|収め)|論文(?:は|が)?(?:全部で|全体で|合計で?)?(?:何本|何件|いくつ(?:あり|ある|入って))|論文の(?:数|本数|件数)",
    _FLAGS,
)
_LIST = re.compile(
    r"\b(?:list|show|name)\s+(?:me\s+)?(?:all\s+)?(?:the\s+)?(?:titles\s+of\s+(?:all\s+)?(?:the\s+)?)?(?:indexed\s+|available\s+)?papers\s*[.?!]?$"
    r"|(?:論文の?)?タイトルを?(?:全部|全て|すべて)(?:リストアップ|列挙|挙げ)"  # 「論文のタイトルを全部リストアップして」
    r"|\bwhat\s+papers\s+(?:do\s+you\s+have|are\s+(?:there|indexed|available|loaded|in\s+the\s+(?:index|corpus|collection)))"
    r"|\bwhich\s+papers\s+are\s+(?:indexed|available|loaded)|(?<![たうるくぐすつぬぶむいだ\s])論文(?:の)?一覧|どんな論文があ|(?:(?<![たうるくぐすつぬぶむいだ\s])論文|タイトル)(?!\S{0,3}著者)\S{0,4}一覧"  # (not 「論文の著者一覧」)
    r"|\blist\s+(?:of\s+)?(?:all|every|each)\s+(?:of\s+)?(?:the\s+)?(?:papers?|titles?|paper\s+titles)\b(?!\s+(?:on|about|that|which|using|with))"
    r"|\b(?:all|every)\s+(?:the\s+)?(?:papers?|paper\s+titles|titles)\s+(?:you\s+have|you\s*'ve\s+got|in\s+(?:the|this|your)\s+(?:digest|index|corpus|collection|set|store|tool))"
    r"|\blist\s+of\s+(?:all\s+)?(?:the\s+)?(?:indexed\s+|available\s+)?papers\b(?!\s+(?:on|about|that|which|using|with))"
    r"|\b(?:list|show|name|enumerate)\s+(?:me\s+)?(?:all\s+)?(?:the\s+)?(?:titles\s+of\s+(?:all\s+)?(?:the\s+)?)?papers\s+(?:you\s*(?:'ve|\s+have)\s+(?:got|indexed|loaded)|(?:you\s+)?(?:have|know)|in\s+(?:the\s+|this\s+|your\s+)?(?:index|corpus|collection|set|store))\s*[.?!]?$"
    r"|\bwhat(?:'s|\s+is|\s+are)\s+(?:in\s+)?(?:the|this|your)\s+(?:index|corpus|collection)\s*[.?!]?$",
    _FLAGS,
)
# "What is the main contribution of…", "summarize…": what the paper does and what it found.
_GIST = re.compile(
    r"\b(?:main|key|primary|central|core|major|big)\s+(?:\w+\s+)?(?:contribution|idea|finding|result|point|claim|message|takeaway|novelty)s?\b"
    # (not "tl;dr: which signals does it plug in?": a short answer to that question)
    r"|\bsummar(?:y|ize|ise)\b|\bgist\b|\boverview\b|\btl[;\s]?dr\b(?!\s*[:：,]\s*[^.?]*?\b(?:what|which|how|who|why|when|where)\b)|\bwhat(?:'s|\s+is|\s+was)\s+(?:the\s+)?.{0,60}\s+(?:paper|work|study)\s+about\b|\bwhat\s+(?:the|this|that)\s+.{0,60}(?:paper|work|study)\s+(?:is|was)\s+about\b"
    r"|\bin\s+(?:a|one)\s+(?:nutshell|sentence|line|paragraph)\b|\bin\s+(?:brief|short)\s*[?.]?$"
    # not 「比較結果をまとめて」: a summary of a result, which the sentences reporting it give; nor 「一つにまとめる」: to unify
    r"|主な貢献|要点|概要|(?<!結果を)(?<!比較を)(?<!違いを)(?<!性能を)(?<!数値を)(?<!一つに)(?<!ひとつに)(?<!1つに)まとめ|何についての論文"
    r"|何を(?:する|やる)(?:モデル|手法|もの|システム|ツール|フレームワーク)"  # 「DataManは具体的に何をするモデル？」
    # "what's so impressive about it?", 「要するに何がすごいの」: its headline, what it does and found
    r"|\bwhat(?:'s|\s+is|\s+was)\s+(?:so\s+)?(?:impressive|remarkable|special|exciting|great|cool|interesting|new)\s+about\b"
    r"|(?:何|どこ)が(?:すごい|凄い|スゴい|面白い|おもしろい|新しい|画期的)",
    _FLAGS,
)
_COMPARE = re.compile(
    r"^\s*between\b|^\s*(?:out\s+)?of\s+(?:the\s+)?[^?]+?\s+and\s+[^,?]+?,\s*which\b|\bboth\b|\bside\s+by\s+side\b|\beach\s+(?:one|paper|of\s+them)\b|\b(?:does|do|did|in|for)\s+each\b|\bcompar(?:e|ing|ison|able)\b|\bcontrast\b|\bdiffer(?:s|ence|ences|ent)?\b|\bversus\b|\bvs\.?\b|\bsimilarit(?:y|ies)\b|\bthe\s+same\s+(?:[\w-]+\s+){0,5}?as\b|\bwhich\s+of\s+(?:the\s+)?(?:two|them|these|those)\b"
    # "Rigour check across the diffusion paper, JOENA and the hyperfitting paper: which …": three or more listed
    r"|\b(?:across|among)\s+[^?:;,]+,[^?:;]+?\band\b"
    # "How do the CHF paper and the transformer energy paper each measure …?", "how do DataMan and JOENA each
    # …": two papers, then what each does
    r"|\band\s+[^,.;:?]{0,60}?(?:\b(?:paper|study|work|one)|(?-i:\b[A-Z][\w-]+))\s+each\b(?!\s+other\b)|\bthey\s+each\b"
    # "Which speed-up is bigger: JOENA against …, or L1 pruning on …?": which of two things outdoes the other
    r"|\bwhich\s+(?:[\w-]+\s+){1,3}?(?:is|was|are|were)\s+(?:bigger|larger|higher|greater|better|faster|stronger|smaller|lower)\b[^?]*?\bor\b"
    # "the headline numbers from the two applied papers: the CHF one and the …": two papers asked of side by side
    r"|\b(?:the|these|those)\s+(?:two|three)\s+(?:[\w-]+\s+)?(?:papers|studies|works|articles|ones)\b"
    # "did the fake news paper or the energy efficient transformer paper use more datasets": which of two
    r"|\b(?:one|paper|study|work)\s+or\s+the\s+[^,.;:?]+?\s+(?:one|paper|study|work)\b|比較|比べ|並べ|それぞれ|違い|違う|違いま|異な|同じ|共通|似て|どちら|どっち",
    _FLAGS,
)
# "Does the CHF study compare its hybrid models against a pure ML baseline?": whether a paper made a
# comparison, asked of that paper, not a request to compare two papers
_DOES_IT_COMPARE = re.compile(
    r"\b(?:does|did|do)\s+(?:the\s+)?(?:[\w-]+\s+){0,4}?(?:paper|study|work|article|authors|they|it)\s+compar(?:e|ing)\s+(?:its|their)\b"
    # 「評価は何を基準に比べてるのか」: what a paper's results are measured against
    r"|(?:何|なに|どれ|どんな\w{0,6}?)(?:を基準に|を相手に|と|に対して)(?:して)?(?:比べ|比較)",
    _FLAGS,
)
# 「…を何と比較しているかの違い」, 「それぞれ何と比べて」: what each is measured against, asked of the papers side by side
_DIFFERENCE = re.compile(r"違い|どう違|異な|それぞれ|各々|どちらも|どっちも|両方")


# 「和文要約の「単峰性予測契約」は原文ではどういう用語ですか?」: the English the summary translates, quoted with it;
# 「MIMoE-FNDって略語、正式名称は何?」: the name it abbreviates, which the summary's translation renders
_ORIGINAL_WORDING = re.compile(
    r"原文|原語|正式名称|正式な名前|フルネーム|\boriginal\s+(?:english\s+)?(?:wording|terms?|phrasing|phrase)\b",
    re.IGNORECASE,
)


def asks_original_wording(text: str) -> bool:
    return bool(_ORIGINAL_WORDING.search(text))


def _measured_against(text: str) -> bool:
    return bool(_DOES_IT_COMPARE.search(text)) and not _DIFFERENCE.search(text)


_COMPARE_SPLITS = [
    re.compile(r"^\s*between\s+(?P<a>.+?)\s+and\s+(?P<b>.+?)\s*[,:—–]", _FLAGS),
    # "compare the two compression-flavored papers (the TS transformer one and the Wasserstein one)": the two
    # are those in brackets, what precedes only says what kind they are
    re.compile(r"\btwo\s+[^()]{0,60}?\(\s*(?P<a>[^()]+?)\s+(?:and|vs\.?|versus)\s+(?P<b>[^()]+?)\s*\)", _FLAGS),
    re.compile(
        # not "compare to X", which names one thing only
        r"(?:compare|contrast|comparing)\s+(?!(?:to|with|against)\b)(?:the\s+)?(?P<a>.+?)\s+(?:and|with|to|against|vs\.?|versus)\s+(?P<b>.+)",
        _FLAGS,
    ),
    re.compile(r"(?:difference|differences|similarities|similarity)\s+between\s+(?P<a>.+?)\s+and\s+(?P<b>.+)", _FLAGS),
    re.compile(
        r"how\s+(?:does|do|is|are)\s+(?P<a>.+?)\s+(?:differ|compare|contrast)\w*\s+(?:from|to|with|against)\s+(?P<b>.+)",
        _FLAGS,
    ),
    # "— the fake news one and the Wasserstein neurons one", "Both the Wasserstein neurons paper and the fake
    # news paper use …", "Both the agentic reward paper and DataMan use …": two papers described or named
    # side by side (before a "vs." of aspects later in the question)
    re.compile(
        r"\bthe\s+(?P<a>[^,.;:?—]+?)\s+(?:one|paper|study|work)\s+(?:and|or)\s+the\s+(?P<b>[^,.;:?—]+?\s+(?:one|paper|study|work))\b",
        _FLAGS,
    ),
    # "the fake news MoE and the Wasserstein MoE - how do they route, in each": a leading label of two
    # things, then a question of them both (two aspects of one paper fall back to a question of it)
    re.compile(
        r"^\W*(?:the\s+)?(?P<a>[^,.;:?—–]+?)\s+and\s+(?:the\s+)?(?P<b>[^,.;:?—–]+?)\s*(?::|[—–]|\s-\s)\s*"
        r"(?=[^?]*\b(?:each|both|they|them|their)\b)",
        _FLAGS,
    ),
    # "the headline result of the transformer energy study and of the CHF hybrid-model study": "of" twice
    re.compile(
        r"\bof\s+the\s+(?P<a>[^,.;:?]+?\s+(?:one|paper|study|work|article))\s+and\s+of\s+the\s+(?P<b>[^,.;:?]+?\s+(?:one|paper|study|work|article))\b",
        _FLAGS,
    ),
    # "the one on controlling output length and the hyperfitting one"
    re.compile(
        r"\bthe\s+(?:one|paper|study|work)\s+(?:on|about)\s+(?P<a>[^,.;:?—]+?)\s+and\s+the\s+(?P<b>[^,.;:?—]+?\s+(?:one|paper|study|work))\b",
        _FLAGS,
    ),
    re.compile(
        r"^\s*(?i:both)\s+(?P<a>[^,.;:?]+?)\s+and\s+"
        r"(?P<b>(?i:[^,.;:?]+?\s+(?:paper|study|work|article))|[A-Z][\w-]*[A-Z][\w-]*)\b"
    ),
    # "both the agentic reward paper and dataman use …": a name typed in lower case after a described paper
    re.compile(
        r"^\s*both\s+(?P<a>[^,.;:?]+?\s+(?:paper|study|work|article))\s+and\s+"
        r"(?!(?:the|a|an|this|that|its|their|other|others)\b)(?P<b>[\w-]+)(?=\s+[a-z]+\b)",
        _FLAGS,
    ),
    # "Is the sparsity in the Wasserstein paper the same kind of thing as the pruning in the TS transformer
    # paper, or …?": two things set side by side as the same or not
    re.compile(
        r"^\W*(?:is|are|was|were)\s+(?P<a>[^,;:?]+?)\s+(?:really\s+|just\s+)?(?:the\s+)?same\s+(?:[\w-]+\s+){0,5}?as\s+(?:in\s+|with\s+)?"
        r"(?P<b>[^,;:?]+)",
        _FLAGS,
    ),
    # "speed gains: JOENA vs the L1 pruning result in …, which is bigger?": a leading label is the aspect;
    # a "vs." inside brackets ("…judge quality (of text vs. of responses)?") contrasts an aspect, not papers
    re.compile(r"(?:^|[:;—]\s*)(?P<a>[^:;,—(]+?)\s+(?:vs\.?|versus)\s+(?P<b>[^,?;)]+)", _FLAGS),
    # "Which speed-up is bigger: JOENA against previous methods, or L1 pruning on the TS transformers?"
    re.compile(r"^\W*which\b[^:?]+[:—]\s*(?P<a>[^,;?]+?),?\s+or\s+(?P<b>[^?;]+)", _FLAGS),
    re.compile(r"(?P<a>.+?)\s+and\s+(?P<b>.+?)\s+(?:differ|compare)", _FLAGS),
    re.compile(
        r"^(?:(?:does|do|did|is|are|was|were|have|has)\s+)?(?P<a>[^,.;:?]+?)\s+and\s+(?P<b>[^,.;:?]+?)\s+both\b", _FLAGS
    ),
    # 「AとJOENAは両方とも…が、…どう違う？」: two things said to share something are the ones compared,
    # not the aspects named later (「その目的と使い方の違いを比較せよ」)
    re.compile(
        r"^(?P<a>[^、。]+?)(?<![そこあ])(?:の論文|論文|の研究)?(?<!よう)と(?!か)(?P<b>[^、。とは]+?)(?:は|って|も)?[、,]?\s*(?:両方|どちらも|いずれも|ともに|共に)"
    ),
    # 「それと比べて、長さ制御の論文は何が違う？」: the one set against, then the one compared with it
    re.compile(
        r"^(?P<a>[^、。とは?？]+?)\s*と(?:比べ(?:て|ると|たら)|比較して|比較すると)[、,]?\s*(?P<b>[^、。とは?？]+?)"
        r"(?:の論文|論文|の研究)(?:は|って|が|の|で)"
    ),
    # not across a quotation: 「…をどう作るか」という軸で比べて names an aspect; 「何と比較」 names no pair
    # (「長さとか、繰り返しとか」 lists things and sets none of them side by side; 「改善しようとしている」 quotes)
    re.compile(
        r"(?P<a>[^、。「」]+?)(?<!何)(?<!よう)と(?!か)(?P<b>[^、。「」]+?)(?:を|の|は|で)(?:比較|比べ|違い|どう違|異な)"
    ),
    # 「Aの論文とBの論文、どちらも…どう違う？」, 「Aの論文とJOENA、…同じ?」: two papers, then what is asked of them
    # 「その論文と、出力の長さを制御する研究は…」: the first may be the paper already under discussion;
    # 「産業応用寄りの2本、Aの論文とBの論文では…」: after a leading label of the two
    re.compile(
        r"(?:^|、)(?P<a>[^、。]+?)(?<![そこあ])(?:の論文|論文|の研究)?(?<!よう)と(?!か|比べ|比較)[、,]?(?P<b>[^、。]+?)(?:の論文|論文|の?研究)"
    ),
    # 「AとBのやつ?どっちが…」: the pair asked about, then which of them
    re.compile(
        r"^(?P<a>[^、。とは?？]+?)(?<![そこあ])(?:の論文|論文|の研究)?(?<!よう)と(?!か|比べ|比較)(?P<b>[^、。とは?？]+?)(?:[、,]|[?？]\s*(?=どっち|どちら|どれ|比べ|比較|違))"
    ),
]
_NUMBER = re.compile(
    r"\bhow\s+(?:much|many|large|big|fast|far|long|high|low|small)\b|\bby\s+how\s+much\b|\bwhat\s+(?:percentage|percent|fraction|factor|size|number)\b"
    r"|\b(?:size|number|count|amount|percentage|ratio|magnitude|complexity)\b|\bhow\s+(?:big|many|much)\b|数値|規模|件数|サイズ"
    r"|\bquantitative(?:ly)?\b|定量的"  # "its main quantitative result": the result in figures
    r"|\bspeed-?ups?\b|\bimprove(?:ment|s|d)?\s+by\b|\b(?:exact|precise)\s+(?:[\w-]+\s+)?(?:tolerances?|thresholds?|values?|margins?|budgets?)\b|\b(?:gain|improvement|reduction)\b|\bhow\s+(?:many|large)\b|\bwhat\s+(?:[\w-]+\s+)?(?:error|accuracy|rates?)\b|何倍|どのくらい|どれくらい|何%|何％|いくつ|何個|(?<=\w)数(?:は|って|を教え|$)|何(?:件|点|回|種類|層|人|割)|(?<=データ)点数|何[ァ-ヺー]{2,}|何[A-Za-z]{1,3}(?![A-Za-z])",
    _FLAGS,
)
# Japanese for one thing doing better than another (「従来手法より優れて」, 「上回る」, 「勝ってる」), and asking
# what it does better than (「何と比べて良いと言っている」)
BEATS_JA = r"優れ|上回|勝(?:っ|て|る|ち)|(?:何|なに)と(?:比べ|比較し)"
# A question about what a method works around in what came before it: "what's the weakness JOENA is
# working around?", "why not just use plain optimal transport?".
WORKED_AROUND = (
    r"\b(?:weakness\w*|shortcomings?|limitations?|flaws?|problems?|issues?)\b.{0,40}?\b(?:work(?:s|ing)?|get(?:s|ting)?)\s+around\b"
    r"|^\s*why\s+not\s+(?:just\s+|simply\s+)?(?:use|apply|stick\s+with|go\s+with)\b"
    # "what shortcoming of OT-based alignment does JOENA set out to remedy?": a weakness of the approach named
    r"|\b(?:weakness\w*|shortcomings?|limitations?|flaws?|drawbacks?)\s+(?:of|in|with)\b.{0,80}?\b(?:remed\w*|address\w*|fix\w*|overcom\w*|tackl\w*|solv\w*|cure)\b"
)
# 「この中に」, 「ここに」, 「このコレクションに」: where the papers asked for would be
_IN_HERE_JA = r"(?:この中に|ここに|この(?:コレクション|リスト|セット)(?:の中)?に)"
# 「…研究は含まれていますか」, 「…論文ってこの中にある？」: whether there are papers so described, not one of them
_EXISTS_JA = r"(?:論文|研究)(?:は|って|が|も)?[、,]?\s*" + _IN_HERE_JA + r"?(?:あり|ある|ござい|含まれ|入って)"
_PAPERS_ASKED_JA = re.compile(r"(?:ている|てる)(?:論文|研究)(?:は|って)[?？]?\s*$")
# 「…の話ってどれかに載ってる？」, 「どれかの論文で扱ってる？」: whether any of the papers has it, and which
_IN_ANY_JA = r"どれか(?:の論文)?(?:に|で)"
# How a method fares against others ("how does JOENA stack up against the baselines?", "does it beat prior
# work?"): the words of faring and of the rivals, which an abstract's "…compared with the state-of-the-art" meets
# in other words (not "state-of-the-art" itself, which an abstract may well write)
_RIVALS_NAMED = (
    r"(?:the\s+|all\s+)?(?:(?:other|existing|prior|previous|earlier|competing|older|standard|current|best|leading|top)\b\s*){0,2}"
    r"(?:methods?|approaches|baselines?|work|models?|ones|competitors?|competition|alternatives|stuff)?"
)
FARING = re.compile(
    r"\b(?:fare[sd]?|stack(?:s|ed)?\s+up|measure[sd]?\s+up|hold(?:s)?\s+up|compare[sd]?|beat(?:s|ing)?|outperform\w*|do(?:es)?\s+better)\b"
    rf"(?:\s+(?:(?:against|with|to|than|over)\s+)?{_RIVALS_NAMED}\b)?"
    # what is left of it in a topic, whose framing words are gone ("how does JOENA with prior")
    r"|\b(?:against|with|to|than|over)\s+(?:the\s+)?(?:existing|prior|previous|earlier|competing|older)\b"
    r"(?:\s+(?:methods?|approaches|baselines?|work|models?|ones|alternatives|stuff))?",
    re.IGNORECASE,
)
# "does that only work for text?", "does the effect only show up for text?": whether a finding holds elsewhere
ONLY_IN = r"only\s+(?:work|apply|appli|hold|help|show\w*\s+up|appear|occur|happen)\w*\s+(?:for|to|on|with|in)"
# Whether a finding holds beyond its setting ("does it carry over beyond text?")
ASKS_SCOPE = re.compile(
    r"\b(?:carr(?:y|ies)\s+over|generali[sz]\w*|transfers?\s+to|extends?\s+to|hold\w*\s+(?:beyond|outside|for\s+other)|appl(?:y|ies)\s+(?:beyond|outside|to\s+other)"
    r"|work\w*\s+(?:beyond|outside|for\s+other)|beyond\s+(?:text|language|nlp|that|this)|besides\s+\w+|(?:an)?other\s+(?:domains?|modalit(?:y|ies)|tasks?|languages?|model\s+sizes?)"
    # "is it purely a text thing, or did they try other kinds of output?"
    r"|other\s+(?:kinds?|types?|sorts?)\s+of|(?:purely|just|only)\s+an?\s+[\w-]+\s+thing"
    rf"|{ONLY_IN}|(?:limited|restricted)\s+to)\b"
    # "so the improvement is demonstrated only for text models?"
    r"|\b(?:(?:shown|demonstrated|tested|evaluated|validated)\s+only|only\s+(?:been\s+)?(?:shown|demonstrated|tested|evaluated|validated))\s+(?:for|on|with|in)\b"
    r"|他の(?:ドメイン|分野|タスク|モダリティ)|以外(?:に|で|の)|にも当てはま|にも適用|にも使え|汎化",
    _FLAGS,
)
# What a question asks for, in terms of an abstract's rhetorical moves (see rag/evidence.py).
_ASKS = [
    (
        # why the method works, not why it was made: "any hint on why it works?", "what's going on
        # mechanistically?", 「なんで効くの」 (the mechanism a paper names, "what gating mechanism…", is its method)
        "explanation",
        re.compile(
            r"\bwhy\b[^?？]{0,40}?\b(?:work|works|worked|help|helps|helped|behaves?|happens?|improves?|succeeds?|effective)\b"
            r"|\bwhat(?:['’]s|\s+is)\s+going\s+on\b|\bmechanistic\w*"
            r"|(?:なぜ|なんで|どうして)[^？?。]{0,20}?(?:効く|効い|効果|うまく|良く|よく|改善|ならない)",
            _FLAGS,
        ),
    ),
    (
        "problem",  # what is wrong with earlier work: answered where the abstract says so, before its "we propose"
        re.compile(
            WORKED_AROUND
            + r"|\b(?:weakness\w*|shortcomings?|limitations?|drawbacks?|problems?|issues?|flaws?)\s+(?:of|with|in)\s+(?:the\s+)?(?:existing|previous|prior|current|conventional|traditional|earlier|other)\b"
            r"|\b(?:what(?:'s|s)|is|are)\s+wrong\s+with\b"
            r"|(?:既存|従来)\S{0,30}?(?:弱点|問題点|欠点|課題|限界|問題|足りない|不足|欠けて|見落と|無視)",
            _FLAGS,
        ),
    ),
    (
        "remedy",  # how a problem is avoided or fixed: answered by the sentence that says what removes it
        re.compile(
            r"\b(?:avoid\w*|prevent\w*|fix(?:es|ing)?|fixed(?!\s*,|\s+[\w-]+)|fixed\s+(?:by|with|through|it|this|that)|mitigat\w*|eliminat\w*|overcom\w*|counter\w*|remed\w*|keep\s+.{1,40}?\s+from|get\s+around|work\s+around|gets?\s+rid\s+of|remov\w*|resolv\w*|cures?)\b"
            # "what's slow about it, and what did they do about it?"
            r"|\bwhat\s+(?:did|do|does|can|could)\s+(?:they|the\s+authors|it|you|we)\s+do\s+about\b"
            r"|回避|解消|防|対策|対処|解決策|抑え|どう(?:やって)?解決|解決し(?:た|て)",
            _FLAGS,
        ),
    ),
    (
        "origin",  # where an idea came from: answered where the abstract says what inspired it or what it derives from
        re.compile(
            r"\b(?:c[oa]me?\s+up\s+with|inspir\w*|where\s+(?:did|does|do)\s+.{1,40}?\s+come\s+from|what\s+(?:led|motivated)\s+them)\b"
            # not 「どういう考え方の手法」: what the method is, not what led to it
            r"|発想|着想|きっかけ|どこから(?:来|出て)|(?:どのような|どんな)考え方(?!の(?:手法|方法|アプローチ|フレームワーク|モデル))",
            _FLAGS,
        ),
    ),
    (
        "evaluation",  # how the work was tested: answered where the abstract names its experiments
        re.compile(
            r"\bhow\s+(?:did|do|does|was|were|is|are)\s+(?:they|it|the\s+(?:[\w-]+\s+){0,3}?[\w-]+|[\w-]+)\s+(?:\w+\s+)?(?:test\w*|evaluat\w*|validat\w*|assess\w*|benchmark\w*|verif\w*|check\w*|show|prove|demonstrat\w*)"
            r"|\bhow\s+(?:the\s+\w+|they|it)\s+(?:\w+\s+)?(?:tested|evaluated|validated|assessed|benchmarked|verified|checked)\b"  # "describe how the authors evaluated it"
            # "what did they test it on?", "what was it evaluated on?"
            r"|\bwhat\s+(?:did|do|does|was|were|is|are|has|have)\s+(?:they|it|the\s+[\w-]+|[\w-]+)\s+(?:\w+\s+)?(?:test(?:ed)?|evaluat\w*|validat\w*|benchmark\w*|tr(?:y|ied))\s+(?:it\s+|them\s+|this\s+|that\s+)?on\b"
            # "by what means is it evaluated?", "evaluated with what?"
            r"|\bby\s+what\s+(?:means|methods?|measures?)\b[^?]{0,30}?\b(?:test|evaluat|validat|assess|benchmark)\w*"
            r"|\b(?:tested|evaluated|validated|assessed)\s+(?:by|with|using|against)\s+what\b"
            # "what datasets does MIMoE-FND use?": the data it is tested on, said where the experiments are
            r"|\b(?:what|which)\s+(?:datasets?|data\s+sets?|benchmarks?)\s+(?:do|does|did|were|was|are|is)\s+(?:they|it|the\s+[\w-]+|[\w-]+)(?:\s+[\w-]+){0,3}?\s+(?:use|used|run|ran)\b"
            r"|\bhow\s+(?:to\s+)?(?:test|evaluate|validate|assess)\b|\b(?:what|which)\s+(?:experiments|evaluations?|benchmarks)\b|\b(?:what|which)\s+(?:datasets?|data\s+sets?|benchmarks?)\s+(?:\w+\s+){0,3}?(?:test|tested|evaluat\w*|validat\w*|benchmark\w*)\b"
            # "what's the evidence that the selection helps?": where the abstract says what its experiments showed
            r"|\b(?:what(?:['’]s|\s+is|\s+was)?\s+(?:the\s+)?(?:evidence|proof)|(?:evidence|proof)\s+(?:that|for))\b"
            r"|(?:どう(?:やって)?|どのように)[^、。？?\s]{0,8}?(?:評価|ひょうか|検証|テスト|確か|確認|実証)|(?:評価|検証|確認)の?(?:方法|手段|仕方|やり方)|(?:どんな|どのような)(?:実験|評価|観点)"
            r"|(?:どんな|どのような)[^、。？?]{1,12}?で(?:評価|検証)",  # 「どんな図や指標で評価」
            _FLAGS,
        ),
    ),
    (
        "scope",  # whether a finding holds beyond its setting: answered where the abstract says how far it extends
        # (not "why is it hard to make OT methods generalise?": the reason they do not)
        re.compile(rf"^(?!\W*why\b)[\s\S]*?(?:{ASKS_SCOPE.pattern})", _FLAGS),
    ),
    (
        "drawback",  # the catch of the paper's own method: answered by the sentence that concedes it
        re.compile(
            r"\b(?:downsides?|catch|caveats?|side[-\s]effects?|trade-?offs?|drawbacks?|pitfalls?|costs?\s+of\s+(?:it|this|that|their))\b|欠点|デメリット|副作用|トレードオフ|代償|注意点",
            _FLAGS,
        ),
    ),
    (
        # what the paper puts forward: "what does the diffusion paper propose?", 「何を提案していますか」 (not
        # "what problem…", nor "what remedy do they propose?", read above): answered by its "we propose…", not
        # by the motivation before it, which shares the words the asker uses to describe the paper
        "proposal",
        re.compile(
            # (not "what does the proposed framework do…?", which asks of the thing proposed)
            r"\bwhat\s+(?:do|does|did|have|has)\s+[^?]{0,60}?\b(?<!the\s)(?<!their\s)(?<!its\s)(?<!this\s)(?<!a\s)"
            r"(?:propos|introduc|put\s+forward)\w*"
            r"|\bwhat(?:['’]s|\s+is|\s+was|\s+are)\s+(?:new|novel|proposed|introduced)\b|\b(?:main\s+|key\s+)?contributions?\b"
            r"|何を(?:提案|提示|新たに)|提案(?:内容|の中身|の内容|しているもの|したもの)|新規性|(?:新しい|新し|目新しい)(?:点|ところ|の(?:は|って))|貢献",
            _FLAGS,
        ),
    ),
    (
        "conclusion",  # what the paper concludes: answered where it says what its findings show
        # not a claim put for confirmation ("is the conclusion that hybrids win with little data too?", 「…の方が
        # 有利という結論?」): the sentence saying that claim answers, not whichever sentence sums up
        re.compile(
            r"\bconclu(?:de|des|ded|sion|sions)\b(?!\s+(?:is\s+|was\s+)?that\b)|(?<!という)(?<!との)(?<!って)結論|結局何が言え",
            _FLAGS,
        ),
    ),
    (
        "result",
        re.compile(
            r"\b(?:gain|improvement|speed-?up|reduction|accuracy|error|results?|perform\w*|outperform\w*|beat(?:s|ing)?|surpass\w*|how\s+(?:much|many|large|well|fast)|best|worst|better|worse|fared?"
            r"|(?:stack|measure|hold)(?:s|ed)?\s+up|compared?\s+(?:to|with|against))\b"
            r"|\bhow\s+(?:did|do|does)\s+[^?]{1,60}?\bcompare(?=\s*(?:[?？,.]|$))"  # "how did the BNN and deep GP compare?"
            r"|結果|性能|改善|何倍|どのくらい|どれくらい|ベスト|最良|(?:最も|一番)(?:良|よ)"
            rf"|(?:と|に)(?:比べ|比較し)|より(?:良|よ|速|高)|{BEATS_JA}"  # 「既存手法と比べてどう」
            # "does hyperfitting really work?", 「ほんまに効くん？」: whether it works, said by what it achieves
            # (not "how does JOENA work?", which asks how it is done)
            r"|(?<!how\s)\b(?:does|do|did)\s+(?:it|this|that|they|the\s+[\w-]+|[\w-]+)\s+(?:really\s+|actually\s+)?work(?=\s*(?:[?？,]|$|and\b))"
            # "how did each do?", 「それぞれどうだった？」: how each fared, not how it was done
            r"|\bhow\s+(?:did|do|does)\s+(?:each(?:\s+one|\s+of\s+them)?|they|it|them\s+all)\s+(?:do|fare)(?=\s*(?:[?？,.]|$))|(?:それぞれ|各々|各自)(?:は)?どう(?:だった|でした|なった)"
            # (not 「効くとしたらなんで効くのか」: "if it works" only sets the condition of the reason asked)
            r"|(?<!なぜ)(?<!なんで)効(?:く(?!と(?:したら|すれば)|なら)|いて|果(?:は|が)?(?:ある|あった))",
            _FLAGS,
        ),
    ),
    (
        "method",
        re.compile(
            r"^\s*(?:(?:in|for|with|regarding|as\s+for)\s+[^,?]{1,40}?,?\s+|[\w-]+\s+[-–—:]\s+)?(?:and\s+)?(?:(?:please\s+)?(?:tell\s+(?:me|us)|explain|describe|show\s+(?:me|us))\s+)?how\b(?!\s+(?:much|many|large|big|fast|far|long|high|low|small|well|often))|\bwhat\s+(?:method|approach|technique|mechanism|strategy)|\b(?:recipe|procedure)\b|どのように|どうやって|どう(?=モデル化|組み合わせ|扱|統合|融合|実現|表現)|(?<!既存|従来|先行)(?<!を解く)(?<!を解決する)(?:手法|方法)|手段"
            # 「どういう仕組みでモデル化」: the means by which it is done, not what the mechanism is
            r"|(?:どういう|どんな|どのような)(?:仕組み|やり方|アプローチ)で"
            r"|仕組み(?=\s*(?:を|は|って|について|が|[?？]|$))",  # 「JOENAの仕組みを教えて」: how it works
            _FLAGS,
        ),
    ),
    (
        "definition",
        re.compile(
            # not "what is, in the authors' view, the principal weakness of …?", which asks what is wrong
            r"^\s*what\s+(?:is|are)\b(?![^?]{0,50}?\b(?:weakness|limitation|shortcoming|flaw|problem|gap|downside)s?\b)|\bdefine\b|\bdefinitions?\b|\bmean[st]?\s+by\b(?!\s+(?:it|this|that|these|those|them)\b)|の定義|\bwhat\s+(?:kind|sort|type)\s+of\s+\w+\s+is\b"
            # not 「sparsityとはどう関係するのか」: how the paper bears on a thing, not what the thing is
            r"|とは(?!\s*(?:どう|どのように|どんな|何か)?\s*(?:関係|関連|つなが|結びつ|結び付))"
            r"|(?:どういう|どんな|どのような)(?:モデル|手法|もの|仕組み|技術|操作|処理|手順|現象|概念|意味)|(?:を|のことを)指して|何を?(?:する|やる|やって|して)",
            _FLAGS,
        ),
    ),
    (
        "problem",
        re.compile(
            # "what's the actual job being done?": the task the paper sets itself
            r"\bwhat\s+(?:\w+\s+)?(?:problem|challenge|issue|gap|task)s?\b|\bwhat(?:['’]s|\s+is)\s+the\s+(?:actual\s+|real\s+)?(?:job|task)\b|\b(?:solv(?:e|es|ing)|address(?:es|ing)?|tackl(?:e|es|ing))\b\W*$|何を解決|どんな(?:課題|問題)|解決しようと",
            _FLAGS,
        ),
    ),
    (
        "topic",
        re.compile(
            # not "anything restrictive?" after a question: whether the paper has that, not which paper
            r"^\s*(?:is|are)\s+there\b|^\s*(?:is\s+)?any(?:thing(?!\s+[\w-]+\s*[?？]\s*$)|\s+(?:work|research|papers?|study|studies))\b|^\s*(?:which|what)\s+(?:\w+\s+)?(?:paper|papers|work|study)\b|どの論文|(?:論文|研究)(?:は|って)[、,]?\s*"
            + _IN_HERE_JA
            + r"?(?:あ(?:ります|る)|ございます)|論文\s*(?:は|って)?\s*どれ|研究(?:って)?どれ|"
            + _IN_ANY_JA,
            _FLAGS,
        ),
    ),
    (
        "reason",
        re.compile(
            r"^\s*why\b|\bmotivat|なんで|\b(?:shortcoming|limitation|drawback|weakness|problem|gap|challenge|pitfall|weak\s+(?:point|spot|side))s?\b|なぜ|理由|課題|問題",
            _FLAGS,
        ),
    ),
]
_IDENTIFIES = re.compile(
    r"^\s*(?:which|what)\s+(?:\w+\s+)?(?:paper|papers|work|study|article)\b|\b(?:is|are)\s+there\s+(?:(?:a|any)\s+)?(?:\w+\s+)?(?:paper|papers|work|study)"
    r"|(?:^\W*|\bis\s+there\s+)(?:anything|something)\s+(?:(?:in\s+)?here\s+)?(?:on|about|dealing|related|that)\b"
    r"|\bdoes\s+any\s+(?:paper|work|study)|\bname\s+the\s+paper|\bwhich\s+one\b|どの論文|論文\s*(?:は|って)?\s*どれ"
    # 「…研究は含まれていますか」, 「…論文はこの中にありますか」: the answer names it
    r"|" + _EXISTS_JA + "|" + _IN_ANY_JA,
    _FLAGS,
)
# The asked-for thing: right after "which"/"what" in English, right before "は何" in Japanese.
_FOCUS = re.compile(
    # up to four words before the verb ("which old-school empirical correlations did …"), else two
    r"(?:^|[,;:—–]\s*|\s-\s+|\band\s+)(?:(?:on|in|with|from)\s+)?(?:which|what)\s+(?!is\b|are\b|was\b|were\b|does\b|do\b|did\b|paper)"
    r"(?:(?:kinds?|types?|sorts?)\s+of\s+)?((?:[\w-]+\s+){0,3}?[\w-]+(?=\s+(?:did|do|does|is|are|was|were|has|have|had|can|could|will|would|should|might|may|must"
    # or a verb of the thing's own ("which empirical correlations serve as…", "which technique performed worst")
    r"|serve[sd]?|appear(?:s|ed)?|perform(?:s|ed)?|work(?:s|ed)?|help(?:s|ed)?|give[sn]?|gave|show(?:s|ed)?|achieve[sd]?"
    r"|outperform(?:s|ed)?|beat|beats|got|gets|came|comes|made|makes|drives?|underl(?:ie|ies|ay)|end(?:s|ed)?\s+up)\b)"
    r"|(?:[\w-]+\s+){0,1}[\w-]+)"
    r"|([^\s、。はがをにでのと]{2,}?)(?:は|って)(?:何|なに|どれ|誰|いつ|どの)"
    r"|([^\s、。はがをにでのと]{2,}?)の(?:名称|名前)(?:を|は|って)"  # 「…用いられた経験的相関式の名称を教えて」
    r"|どの(?!よう|くらい|程度)([^\s、。はがをにでのと？?]{2,}?)(?:を|が|で|に)"  # 「どの経験的な相関式を使いましたか」
    r"|^\s*how\s+(?:many|much)\s+(?:extra\s+|more\s+|additional\s+)?((?!faster|slower|better|worse|larger|smaller|more|less)[\w/-]+)"
    # "does it disclose the exact length tolerance?": a setting's value, which the paper may never give
    r"|\b(?:exact|precise)\s+((?:[\w-]+\s+)?(?:tolerances?|thresholds?|values?|margins?|budgets?))\b",
    _FLAGS,
)
_PLURAL = re.compile(
    r"\b(?:which|what)\s+(?:of\s+the\s+)?(?:papers|studies|works|articles)\b|\bany\s+(?:of\s+the\s+)?papers\b|\bany\s+(?:[\w-]+\s+){1,3}?(?:papers|work|research|studies)\b|\bpapers\s+(?:that|which|about|on|using|use|report)\b"
    r"|\bare\s+there\s+(?:[\w-]+\s+)?(?:papers|studies)\b"  # "are there papers dealing with …?"
    r"|\b(?:two|three|several|multiple)\s+(?:of\s+the\s+)?papers\b"  # "Two papers in the set draw on OT…"
    r"|\bwhich\s+ones\b|\ball\s+(?:the\s+)?papers\b|論文(?:って|は|を)?(?:全部|全て|すべて)|(?:全部|全て|すべて)の論文|(?<!one\sof\s)\b(?:these|those|the|your)\s+papers\b|\bmore\s+than\s+one\s+paper\b|どの論文|論文\s*(?:は|って)?\s*どれ|論文をすべて|すべての論文|論文を(?:挙げ|列挙|リストアップ)"
    r"|論文\s*(?:の\s*)?一覧"  # 「MoEを使った論文の一覧」, 「MoE 利用 論文 一覧」: those on it ("論文一覧" alone: _LIST)
    r"|どれとどれ|論文[、,]\s*どれ|" + _IN_ANY_JA,  # 「…を使ってる論文、どれとどれ？」
    _FLAGS,
)
# One paper, by its description: "the length-controlled generation paper", "which paper proposes…".
_SINGULAR = re.compile(
    r"\b(?:which|what)\s+(?:\w+\s+)?(?:paper|study|article)\b(?!s)|\bthe\s+(?:[\w-]+\s+){1,6}(?:paper|study|article)\b(?!s)",
    _FLAGS,
)
# Markers a speaker uses to leave the topic ("different question:", "switching gears", 話は変わりますが):
# whatever "it" means after them, it is not the earlier papers.
# They may follow thanks for the last answer ("Thanks! By the way, …", 「ありがとうございます。ところで、…」).
_THANKS = r"^\W*(?:(?:thanks|thank\s+you|ありがとう(?:ございます|ございました)?|どうも)[\w\s]{0,12}?[.!。！、,]\s*)?"
# Words that only take the turn ("ok and what does …", "Quick one: …"), before a change of subject too.
_OPENERS = r"ok(?:ay)?|so|hmm+|well|alright|right|also|and|oh|quick\s+(?:one|question|q)"
SHIFT = re.compile(
    _THANKS
    + rf"(?:(?:{_OPENERS})\b[\s,.!:]*)?(?:(?:totally|completely|entirely|quite|somewhat|slightly|a\s+bit)\s+)?"  # "totally unrelated, but …"
    r"(?:(?:a\s+)?(?:different|another|new|unrelated|separate|other)\s+(?:question|qn|q|topic|thing)|diff\s+(?:paper|question|qn|q|topic)|different\s+paper|switching\s+gears|switching(?:\s+topics?)?(?=\s*[:,;—–-])|changing\s+(?:the\s+)?(?:topic|subject)"
    r"|(?:on\s+)?(?:a\s+)?(?:different|another|unrelated)\s+note|moving\s+on|stepping\s+(?:back|away)(?:\s+from\s+(?:that|this|the)\s+(?:paper|one|topic|study))?|leaving\s+(?:that|this|it)(?:\s+(?:paper|one))?\s+aside|by\s+the\s+way|btw|unrelated(?:ly)?(?:\s+to\s+(?:that|this|the\s+above|the\s+last\s+(?:one|answer|question)))?|separately|off[-\s]topic|new\s+topic"
    r"|back\s+to\s+(?:the\s+)?(?:papers?|research|topic|work))\b"
    r"|" + _THANKS + r"(?:(?:あっ?|ああ|えっと|えーと)[、,]?\s*)?"
    r"(?:(?:先ほど|先程|さっき|前)(?:の(?:質問|話|論文))?とは[、,]?\s*)?"  # 「先ほどとは別件ですが、…」
    r"(?:(?:全然|まったく|全く|ちょっと)\s*)?"  # 「あ、全然別件で、…」
    r"(?:話(?:は|が)?(?:変わ|かわ)\w{0,4}?(?:が|けど|けれど|って)|話題を(?:変え|かえ)(?:まして|ますが|ますけど|て)[、,]?|別の(?:質問|話題|話)|別件(?:です|なんです|なのです|だ|で)?(?:が|けど|けれど)?|(?:全然|まったく|全く)?関係(?:ない|ありません|のない話)(?:んだ|んです|ん|の|です)?(?:けど|けれど|が)|余談(?:です|だ)?(?:が|けど|けれど)|ところで|さて|ちなみに|それはそうと|(?:て|っ?ていう)か(?![、,\s]*(?:それ|その|これ|この|あれ|あの|そっち|こっち))|一方(?:で)?[、,]|話を戻(?:す|して|すと|します)[。、,]?)",
    _FLAGS,
)
# One paper described rather than named: "the hyperfitting paper", "the paper on fake news", a leading
# label ("Wasserstein neurons: what makes them special?"), 「CHF予測の論文で、…」. Not "which paper…" or
# "is there a paper on…" (those ask which paper), nor "the first/same paper" (those refer back).
_REFERS_BACK = (
    "same|first|second|third|1st|2nd|3rd|last|other|whole|above|previous|earlier|two|three"  # "the same paper"
)
_DESCRIBED = (
    re.compile(
        rf"\b(?:the|this)\s+(?!(?:{_REFERS_BACK})\b)"
        # the nearest "the": "the pruned model in the energy paper" is the energy paper
        r"((?:(?!(?:the|in|of|from|for)\b)[\w'’/.-]+\s+){0,5}?[\w'’/.-]+)\s+(?:paper|study|work|article|preprint)\b(?!s)",
        _FLAGS,
    ),
    # "Switching to the reactor safety one: …"; not "the authors of the second one", which refers back, nor
    # "the best one", which describes nothing
    re.compile(
        rf"\b(?:the|this)\s+(?!(?:{_REFERS_BACK}|best|worst|latest|newest|oldest|earliest|most|main|next|only|right|former|latter)\b)"
        r"((?:(?!(?:the|of|a|an|in|on|for|to)\b)[\w'’/.-]+\s+){0,4}?[\w'’/.-]+)\s+one\b(?!s)",
        _FLAGS,
    ),
    # up to what the asker says the paper did: "the paper on X apparently found that …" is described by X
    re.compile(
        r"\bthe\s+(?:paper|study|work|article|one)\s+(?:on|about)\s+((?:(?!\s[-–]\s)(?!\s(?:apparently|reportedly|supposedly"
        r"|found|finds|showed|shows|claims|claimed|reports|reported|argues|argued|concluded|concludes|says|said|states|stated)\b)[^,?.;:—])+)",
        _FLAGS,
    ),
    re.compile(r"^\s*([A-Za-z][\w'’/ .-]{2,60}?)\s*(?::|\s[—–-]\s)\s*\S", _FLAGS),
    # 「「エージェント型報酬モデリング」とは何を提案…」: a term quoted first is what the question is about
    re.compile(r"^\s*[「『]([^」』]{2,40})[」』]\s*(?:とは|って|は|の|で)"),
    re.compile(
        r"^\s*([^、。？?]{2,40}?)(?:に関する|についての|の)?(?:論文|研究|やつ)(?:と(?=比べ|比較)|では|で|だと|において|について|(?:って|は|も|が)(?!(?:あり|ある|どれ|どの|何本|いくつ))|、|,|[:：]|\s+(?=\S)|の(?=\w)"
        # 「score-based diffusionの加速論文。比較対象の…は?」: the paper named as a sentence of its own, then asked about
        r"|。(?=\s*\S)"
        # 「…守らせる論文なんですけどどうやって…」: said, then asked about, in one breath
        r"|(?:なん)?(?:です|だ)(?:けど|が))"
    ),
    # 「拡散モデルをはやくするペーパーがありますが、…」: a paper said to be there, then asked about; 「…LLMをトレーニング
    # する研究がありましたよね。その手法だと…」: one recalled, then asked about in the next sentence
    # (「…チェックも足した研究があったと思います。」, 「…AIを使う研究もありましたよね。」: recalled, a comma and all)
    re.compile(
        # (「…論文あったよね、あれって…」: the particle dropped, as it is in speech)
        r"^\s*([^、。？?]{2,40}?)(?:の|に関する|についての)?(?:論文|ペーパー|研究)(?:が|も)?(?:あります|ある|あって|ありました|あった)"
        r"(?:が|けど|けれど|よね|ね)?[、,。]"
        r"|^(?:[^。？?]*?(?:が|けど)[、,])?\s*([^。？?]{2,60}?)(?:の|に関する|についての)?(?:論文|ペーパー|研究)(?:が|も)(?:ありました|あった)"
        r"(?:よね|ね|と思います|と思う|はずです|はず)?。"
    ),
    # 「拡散モデルの高速化手法ですが、…」: a thing named first, as a topic the rest asks about
    re.compile(r"^\s*([^、。？?]{2,40}?)(?:について|の件)?(?:なんです|です)(?:が|けど)[、,]"),
    # 「fake newsの方、benchmarkいくつ？」: one of the papers just talked about, picked by its description
    # 「さっきの拡散モデルのやつ、何倍…」: the same, said casually
    # 「diffusionのほうの加速って…」, 「diffusionのほうは何反復…」: the same, what is asked following at once
    re.compile(r"^\s*([^、。？?]{2,40}?)の(?:方|ほう|やつ)(?:(?:は|って|が|で|も)?[、,\s]|(?:は|って|の)(?=\w))"),
    # 「臨界熱流束(CHF)のハイブリッドモデルって、ベースにしてる…」: a leading subject set off by って/は and a comma;
    # its head after の (「ハイパーフィッティング後のモデルの予測分布は、」) is the thing asked about, not the paper
    re.compile(r"^\s*([^、。？?,]{2,40}?)(?:の[^、。？?,の]{2,12}?)?(?:って|は)[、,]"),
    # A leading phrase that sets the scene: "For the CHF hybrid models, what…", "In the MoE framework, …".
    re.compile(
        r"^\s*(?:for|in|regarding|concerning|about|on|with)\s+(?!(?:terms|general|particular|short|practice|addition|contrast|total|other)\b)"
        r"(?:the\s+)?([^,?:;]{3,60}?)\s*,\s*\S",
        _FLAGS,
    ),
)
_NOT_A_DESCRIPTION = re.compile(
    r"^(?:which|what|how|why|when|where|who|whether|any|anything|something|is|are|a|an|one|each|some|all|both|compare|contrast|question|different\s+question|switching\s+gears|by\s+the\s+way|btw|q)\b"
    r"|^(?:different|another|new|unrelated|separate)\s+(?:q|question|topic)\b|^(?:この|その|どの|あの|別の|それぞれの|両方の)"
    r"|^(?:the\s+)?(?:same|first|second|third|last|other|former|latter|previous|earlier)$",  # "For the second one, …" refers back
    _FLAGS,
)


# 「同僚がCHFの論文だと…って言ってた」: who told the asker a claim about the paper, not part of its description
_TOLD_BY = re.compile(r"^(?:同僚|先輩|後輩|上司|先生|教授|友達|友人|知人|同期|部長|課長|上長)(?:さん)?(?:が|から)")


def description_of(text: str) -> str:
    """The words that describe the one paper a question is about, or ""."""
    # "話変わるけど、フェイクニュース検出の論文って…"; "In layman's terms, …" says how to answer, not which paper
    text = _TOLD_BY.sub("", _FILLER.sub("", SHIFT.sub("", STYLE.sub("", text))).lstrip(" ,、-—–:"))
    for pattern in _DESCRIBED:
        match = pattern.search(text)
        if match:
            described = re.sub(
                r"\s+(?:one|thing)$",
                "",
                next((g for g in match.groups() if g), "").strip(" ,'’\""),
                flags=re.IGNORECASE,
            )
            # 「この長さ制御の論文」: "this length-control paper", described as 「長さ制御の論文」 is
            described = re.sub(r"^(?:この|あの)(?=\w{2})", "", described)
            if terms(described) and not _NOT_A_DESCRIPTION.search(described):
                return described
    return ""


# Words that frame a question rather than say what it is about; removed to get its topic. The verbs
# are how people ask about papers ("which papers report…", "does it discuss…"); left in, a verb the
# abstracts never use would count as a missing topic word.
# How the answer should read, not what it is about: "in plain English", "in layman's terms", 「簡潔に」.
STYLE = re.compile(
    r"\b(?:in\s+(?:plain|simple|everyday|general|broad|rough|basic)\s+(?:English|terms|words|language)|(?:generally|broadly|roughly)\s+speaking|in\s+lay(?:man|person|men)'?s?\s+terms"
    r"|in\s+(?:English|Japanese)|if\s+(?:at\s+all\s+)?possible|for\s+a\s+(?:general|lay)\s+(?:reader|audience)|ELI5"
    r"|briefly|tl[;\s]?dr(?:\s+(?:on|of|for))?|without\s+(?:the\s+|any\s+|all\s+the\s+)?(?:technical\s+)?jargon|jargon-free|in\s+non-?technical\s+terms|for\s+a\s+(?:general|lay|popular|non-?technical|non-?specialist)\s+(?:magazine|newspaper|piece|article|readership)"
    # "like I'm a PM, not an ML engineer": whoever the asker says they are, the answer is the same
    r"|(?:like|as\s+if)\s+(?:I['’]?m|I\s+am|I\s+were)\s+(?:five|an?\s+[\w-]+(?:\s+[\w-]+){0,2}?|writing\s+for\s+[^.?!,]+)(?:,?\s+not\s+an?\s+[\w-]+(?:\s+[\w-]+){0,2})?(?=\s*[.?!,]|\s*$))"
    # what the answer is for ("for a glossary box", "for my slides"): it changes nothing asked
    r"|\bfor\s+(?:a|an|the|my|our)\s+(?:[\w-]+\s+){0,2}?(?:slides?|deck|glossary(?:\s+(?:box|entry))?|report|memo|briefing|talk|newsletter|tweet|blog(?:\s+post)?|lecture|class|presentation|wiki|faq|handout|poster)\b"
    r"|(?:わかりやすく|分かりやすく|簡潔に|簡単に|手短に|一言で|ひとことで|一行で)",
    re.IGNORECASE,
)
_SCAFFOLD = re.compile(
    r"\b(?:(?:a\s+)?(?:different|another|new|unrelated|separate)\s+(?:question|topic)|switching\s+gears|changing\s+(?:the\s+)?(?:topic|subject)|moving\s+on|by\s+the\s+way"
    r"|please|could\s+you|can\s+you|tell\s+me|explain|describe|summari[sz]e|give\s+me|i\s+want\s+to\s+know|do\s+you\s+know|list|show|name"
    r"|(?:main|key|primary|central|core|major)\s+(?:contributions?|ideas?|findings?|results?|points?|claims?|messages?|takeaways?|novelty)|summary|gist|overview|in\s+(?:like\s+)?(?:a|one)\s+(?:nutshell|sentence|line|paragraph)|in\s+(?:brief|short)\b(?!\s+\w)"
    r"|(?:by\s+)?how\s+(?:much|many|large|big|fast|far|long|high|low|small|well)|what\s+(?:percentage|percent|fraction|factor|size|number)"
    r"|which\s+papers?|what\s+papers?|which\s+ones?|any\s+(?:of\s+the\s+)?papers?|the\s+papers?|a\s+paper|papers?|articles?|abstracts?|works?|stud(?:y|ies)"
    r"|anyone|anybody"  # "is anyone in this set working on reward models?": any paper
    r"|who\s+wrote|who\s+authored|co-?authored|co-?authors?|the\s+authors?\s+of|authors?|written\s+by|wrote|when\s+was|publish(?:es|ed|ing)?|publication\s+date|(?:posting|submission|release)\s+date|posted|submitted|date"
    r"|arxiv|categor(?:y|ies)|belongs?\s+to|listed\s+(?:under|in|as)|falls?\s+under|classified\s+(?:as|under|in)|subject\s+areas?"
    r"|compare|contrast|comparison|difference|differences|between|versus|vs\.?|in\s+the\s+(?:corpus|collection|index)"
    r"|reports?|reported|reporting|mentions?|mentioned|mentioning|discuss(?:es|ed)?|talk(?:s|ed|ing)?\s+about|describes?|described|presents?|presented|proposes?|proposed"
    # hearsay: who brings the thing up ("these X people keep mentioning", "I keep hearing about"), not what it is
    r"|(?:people|everyone|everybody|folks|colleagues|students)\s+(?:keep|kept|is|are|was|were|ha(?:ve|s)\s+been|always)\s+(?=mentioning|talking|raving|hyping|citing|bringing)"
    r"|(?:i|we)\s+(?:keep|kept)\s+(?:hearing|seeing|reading)(?:\s+about)?|raving\s+about|hyping|bringing\s+up"
    r"|introduces?|introduced|investigates?|investigated|address(?:es|ed)?|shows?|showed|shown|uses?|used|using|employs?|employed|apply|applying|applies|applied"
    r"|deals?\s+with|dealing\s+with|builds?\s+(?:on|upon)|built\s+(?:on|upon)|based\s+on|rel(?:y|ies|ying)\s+on|lean(?:s|ing)?\s+on|depend(?:s|ing)?\s+on|draw(?:s|ing)?\s+on|focus(?:es|ed)?\s+on|related\s+to"
    r"|involves?|involving|concerns?|concerning|tackles?|tackling|addressing|cover(?:s|ed|ing)?"
    r"|attacking(?=\s*(?:[,?.;]|$|\s+and\b))"  # "what problem is MIMoE-FND attacking, and …": not adversarial attacks
    r"|architectur(?:es?|al(?:ly)?)|frameworks?|approach(?:es)?|methods?|techniques?"
    r"|look(?:s|ing|ed)?\s+(?:at|into|like)|under\s+the\s+hood|examines?|explores?|claims?|some\s+form\s+of|kinds?\s+of|types?\s+of|sorts?\s+of"
    # hedges on how strictly the topic is meant ("a mixture-of-experts design in some form"): no word of it
    r"|in\s+(?:some|any|one)\s+(?:form|way|shape|sense|fashion)(?:\s+or\s+(?:another|other))?|of\s+(?:some|any)\s+(?:kind|sort)"
    r"|r[au]n\s+into|c[oa]me\s+across|encounter(?:s|ed)?|sounds?\s+like"
    r"|as\s+well(?:\s+as)?"  # "for training as well as scoring": a conjunction, no word of the topic
    r"|exactly|(?:mean|meant)\s+by|refers?\s+to|define|definitions?(?:\s+of)?"
    # "hyperfitting - define please, one sentence is enough": how long the answer may be, not its topic
    r"|(?:a|one)\s+sentence\s+(?:is|would\s+be|should\s+be)\s+(?:enough|fine|ok(?:ay)?|plenty)|(?:a|one)\s+sentence\s+will\s+do"
    r"|in\s+(?:the|this|these)\s+(?:collection|batch|set|list|bunch|pile|selection|lot|digest)|here"
    r"|one\s+of\s+(?:the|these|those|your)\s+papers|the\s+(?:word|term|phrase|expression)(?=\s+['‘\"“]))\b"
    r"|について(?:教えて(?:ください)?)?|を教えて(?:ください)?|教えて(?:ください)?|ですか|でしょうか|ください|どの論文|論文|著者|発行日|投稿日|公開日|カテゴリー?|誰"
    r"|(?:を|について)?ご(?:教示|教授)(?:ください|下さい|いただけますか|願います)?"  # formal 「…についてご教示ください」
    # 「…を扱っている研究はこのコレクションにありますか」: where the paper would be, as "in the collection"
    r"|この(?:コレクション|論文集|中)(?:の中|中)?(?:に|には|で)?"
    r"|と比べて|に比べて|と比較して|何倍|どのくらい|どれくらい|どのように|どのような|どんな|何|話は変わりますが|ところで|別の質問"
    # 「sparsityとはどう関係するのか」: how the paper bears on a thing, as "related to" (not the 関係 it may write)
    r"|(?<=\S)(?:と|に)(?:は|も)?\s*(?:どう|どのように|どの程度)?\s*(?:関係|関連|関わ|かかわ)(?:する|して(?:いる|る)?|し|が|は)?",
    _FLAGS,
)
_SUPERLATIVE = re.compile(
    r"\b(?:latest|newest|most\s+recent(?:ly)?|earliest|oldest|first|last)\b|(?:最も|一番)(?:新し|古|最後|後|先|遅|早)|最新|最古|最初",
    _FLAGS,
)
# "which paper has the fewest authors?", 「著者が一番多い論文は？」: the author count's extreme over the papers
_AUTHOR_COUNT = re.compile(
    r"\b(?:most|fewest|least|largest|smallest|biggest|longest|shortest)\s+(?:number\s+of\s+)?(?:co-?)?authors?\b"
    r"|\b(?:largest|smallest|biggest|longest|shortest)\s+(?:author|byline)\s+lists?\b"
    r"|著者(?:の数|数)?(?:が|の)(?:一番|最も|いちばん)?(?:多|少)",
    _FLAGS,
)
# What a Japanese question asks of a paper, by the noun naming it: the first of two such nouns joined by と
# is a part of its own (「手法の中身と、副作用の有無は？」)
_ROLE_NOUNS_JA = (
    "手法 方法 仕組み 中身 概要 内容 結果 課題 問題点 背景 動機 目的 限界 欠点 弱点 貢献 新規性 前提 仮定".split()
)
# A part of a question that asks something (a fragment like "In JOENA," does not).
# How a request may end without its verb (「仕組みをざっくり。」: 教えて left out)
_VERBLESS_REQUESTS = ("ざっくり", "簡単に", "手短に", "詳しく")
_ASKING = re.compile(
    # not 「…論文ってどれ？長さとか繰り返しとか」: examples listed after the question (given a mark as typed without one)
    r"\b(?:how|what|which|why|when|where|who|whom|whose|whether|does|do|did|is|are|was|were|can|could|has|have)\b|(?<!とか)[?？]|か[。.]?$|何|なに|どの|どう|どんな|どれ|どちら|いくつ|なぜ|いつ|誰|だれ|どこ"
    r"|数$|[0-9０-９](?:つ|個)$"  # 「…トークン数と、…」, 「…の手法３つと、…」: the first of two asks, a count
    rf"|(?:{'|'.join(_ROLE_NOUNS_JA)})$"  # 「手法の中身と、…」: the first of two things asked of the paper
    r"|(?:挙げ|述べ|答え|説明し|列挙し)$|(?:挙げ|述べ|答え)よ[。.]?$|(?:説明|列挙)せよ[。.]?$"  # 「…を挙げ、…を述べよ」: requests
    r"|(?:教えて|説明して|解説して|紹介して|まとめて)(?:ください|下さい|くれ|ほしい|欲しい)?[。.!！]?$|ご(?:教示|教授)(?:ください|下さい|願います)[。.!！]?$"  # 「…？既存手法との違いも教えてください。」
    # 「MIMoE-FNDの仕組みをざっくり。既存手法との比較結果は?」: a request with its verb left out
    rf"|(?:を|は|って)\s*(?:{'|'.join(_VERBLESS_REQUESTS)})[。.!！]?$",
    _FLAGS,
)
_RANKS = re.compile(
    r"\b(?:best|worst|better|worse|strongest|weakest|top|highest|lowest|most|least|winner|fared|outperform\w*|underperform\w*|beat(?:s|ing)?|surpass\w*)\b|最も|一番|最良|ベスト|最悪|イマイチ|いまいち|劣|"
    r"(?:性能|精度|成績)が(?:悪|低)|うまくいかな|振るわな|"  # 「うまくいかなかった(性能が悪かった)手法は？」: which did worst
    + BEATS_JA,
    _FLAGS,
)
# "what signals does their agent add on top?", "on top of the reward model": in addition, not first
_IN_ADDITION = re.compile(
    r"\b(?:add|adds|added|adding|build|builds|built|put|puts|layer\w*|stack\w*)\b(?:\s+[\w-]+){0,6}?\s+on\s+top\b|\bon\s+top\s+of\b",
    re.IGNORECASE,
)


def asks_ranking(text: str) -> bool:
    """Whether a question asks which did best or worst, or how things rank."""
    return bool(_RANKS.search(_IN_ADDITION.sub(" ", text)))


_COUNTED = re.compile(
    r"\bhow\s+many\s+([\w-]+)|\bnumber\s+of\s+([\w-]+)"
    r"|(?:何|いくつ)(?:種類|個|つ|件)?の([^\s、。？?をがはでにの]+?)(?:を|が|は|で|に|って)"  # 「何種類の応用ドメインを」
    # 「ドメインはいくつに分類」, 「学習データ何件?」
    r"|([^\s、。？?をがはでにの]+?)(?:は|って|を)?(?:全部で)?(?:いくつ|何個|何種類|何件)(?!の)",
    _FLAGS,
)
# Questions that want named things: a sentence with no name in it ("three real-world benchmarks") does not answer them.
_WANTS_NAME = re.compile(
    r"\bnames?\s+of\b|\b(?:dataset|benchmark|model|baseline|corpus)\s+names?\b|\bnames?\s+(?:please|pls|plz)\b|\bby\s+(?:their\s+)?names?\b|\bwhat\s+(?:is|are|was|were)\s+(?:it|they|the\s+\w+)\s+called\b|\bwhich\s+(?:specific\s+)?(?:gpus?|hardware|universit(?:y|ies)|institutions?|compan(?:y|ies)|labs?|laborator(?:y|ies)|countr(?:y|ies)|librar(?:y|ies)|toolkits?)\b"
    r"|\bwhat\s+(?:kind\s+of\s+)?(?:gpus?|hardware|universit(?:y|ies)|institutions?|compan(?:y|ies)|labs?|countr(?:y|ies)|librar(?:y|ies)|toolkits?)\b"
    r"|\b(?:which|what)\s+(?:specific\s+|exact\s+)?(?:base\s+|backbone\s+|pretrained\s+|underlying\s+)?(?:llms?|language\s+models?|base\s+models?|backbones?)\b"
    # "which experimental database", "what data source": where data came from, which a paper says by naming it
    r"|\b(?:which|what)\s+(?:[\w-]+\s+)?(?:databases?|data\s+sources?|lookup\s+tables?|repositor(?:y|ies))\b"
    # "which model is used as the reward model inside it": the component filling a role, by name
    r"|\b(?:which|what)\s+(?:[\w-]+\s+){0,2}?models?\s+(?:is|are|was|were|do|does|did)\s+(?:[\w-]+\s+){0,3}?(?:used|use)\s+(?:as|inside|within)\b"
    # "which two languages", "which three datasets": the items a paper counted, each by name
    r"|\b(?:which|what)\s+(?:two|three|four|five|\d+)\s+(?:\w+\s+)?(?:languages|datasets|benchmarks|domains)\b"
    # "which specific languages", 「具体的に何語と何語」: the languages by name, which "two languages" does not
    # give (a plain "in which languages?" is answered by the sentence counting them)
    r"|\b(?:which|what)\s+(?:specific|exact|particular)\s+languages?\b(?!\s+models?)|何語と何語|具体的に(?:は)?何語|どの言語とどの言語"
    # "Which languages are covered by its datasets?" asked first and alone asks for them by name too
    r"|^\W*(?:which|what)\s+languages\b(?!\s+models?)(?![^?]*\bhow\s+many\b)"
    r"|名前|名称|データセット名|ベンチマーク名|モデル名|どの(?:GPU|大学|機関|企業)|何という|(?:何|なん)て(?:いう|言う)"
    r"|(?:どの|どんな)(?:ベースモデル|ベースの?LLM|LLM|言語モデル|モデル|データセット|ベンチマーク)"
    r"|どの[\u4e00-\u9fff\u30a0-\u30ff]{1,8}(?:モデル|データセット|ベンチマーク)",  # 「どの画像生成モデルで実験したか」
    _FLAGS,
)


# A name in Latin letters, then what kind of thing it is asked: 「DataManってどんなモデル」
# 「どんなモデル」, 「どういう手法」: what kind of thing it is (the kind named says nothing of which)
WHAT_KIND_JA = r"(?:どんな|どういう|どのような)(?:モデル|手法|もの|技術|アプローチ|フレームワーク|システム)"
_WHAT_KIND_OF_NAMED = re.compile(
    rf"[A-Za-z][A-Za-z0-9-]*\s*(?:って|は)\s*{WHAT_KIND_JA}(?:です|でしょう|なの|なん|だ|\s*[?？])"
)


_BRACKETED = re.compile(r"[(（][^()（）]*[)）]")


def _wants_name(text: str) -> bool:
    """Whether a question wants named things. 「一番良かったのはどのモデル？」 asks which of the models a paper
    compared did best, which it answers by their kind ("the Bayesian neural network models"), as the English
    "which model did best" does; 「具体的にどのモデル？」 still wants the model's name."""
    found = _WANTS_NAME.search(text)
    if found and found.group(0) in ("名前", "名称"):
        # not a name the asker mentions before asking (「要約に「Regidagent」という名前が出てまいります。…ご説明ください」)
        found = _WANTS_NAME.search(asking_sentences(text))
    # 「どのLLMを使いましたか？モデルの名前を教えて」: the name of the model it chose, not of its own;
    # 「その訳語は原文では何という語？」: the English words of a term, which the quoted original gives
    if not found or asks_original_wording(text):
        return False
    if asks_own_name(text) and not re.match(r"どの|どんな|which|what", found.group(0), _FLAGS):
        return False
    if found.group(0).startswith("どんな") and _WHAT_KIND_OF_NAMED.search(text):
        return False  # 「DataManってどんなモデル？」 asks what kind of model DataMan is, as "what kind of model is it?"
    unbracketed = _BRACKETED.sub("", text)
    if _asks(unbracketed) == "evaluation" and not _WANTS_NAME.search(unbracketed):
        # 「評価の仕方（どんなベンチマークで検証したか）」: the bracket spells out how it was evaluated, which the
        # sentence on its experiments answers, named or not
        return False
    return not (found.group(0) in ("どのモデル", "どんなモデル") and _RANKS.search(text))


# The name of the paper's own method ("what do they call their method?", 「提案手法の名前」): the paper
# itself gives it, so the answer need not name anything else.
_OWN_NAME = re.compile(
    # (also "the name of the grader system they built")
    r"\bname\s+of\s+(?:the|their|its|this|that)\s+(?:[\w-]+\s+){0,2}?(?:method|model|framework|approach|system|technique|algorithm|agent)\b"
    r"|\bwhat\s+(?:do|did)\s+they\s+call\s+(?:it|their)\b|\bwhat\s+is\s+(?:their|the\s+proposed)\s+(?:method|model|framework|approach)\s+called\b"
    r"|(?:提案|手法|モデル|フレームワーク|アプローチ|システム|エージェント)(?:の)?(?:名前|名称)"
    # what its short name stands for: "what does MIMoE-FND stand for?", 「略語、正式名称は何?」
    r"|\bstands?\s+for\b|\bshort\s+for\b|\bfull\s+(?:name|form)\b|正式名称|正式な名前|フルネーム",
    _FLAGS,
)
# "apart from benchmark scores, how did they check…": a thing the part sets aside, whose sentence is not the answer
# (「DataMan以外に、…」 likewise)
_BESIDES = re.compile(
    r"\b(?:(?:apart|aside)\s+from|besides|other\s+than)\s+([^,?;]+?)(?:\s*,|(?=\s+(?:how|what|which|why|who|did|do|does|is|are|was|were)\b))"
    r"|(?:^|(?<=って)|(?<=[はがをに、,\s]))((?:(?!って|は|が|を|に)[^\s、。？?]){1,40}?)以外(?:に(?:も)?|で(?:は)?)?[、,]?",
    _FLAGS,
)
# Where a question's parts divide: a second question mark, a semicolon, or ", and how…", "and which…".
_CLAUSE_SPLIT = re.compile(
    r"(?<=[?？])\s*(?=\S)|;\s*"
    r"|,?\s+(?:and|but|also|plus)\s+(?=(?:(?:on|in|for|with|by|from|at|to|under|against|over|between|among|of|after|during)\s+)?(?:how|what|which|why|when|where|who|whom|whether|does|do|did|is|are|was|were|can|could|would|will|should|has|have|must"
    r"|(?:apart|aside)\s+from|besides|other\s+than"
    r"|describe|explain|summari[sz]e|outline|tell\s+(?:me|us))\b)"
    r"|,\s*(?=(?:how|what|which|why|when|where|who|whether)\b)"
    # ", which uses OT as well": a relative clause describing what came before, not a question
    r"(?!which\s+(?:is|are|was|were|has|had|also|uses|used|relies|makes|made|means|seems|aims|proposes|shows|builds|combines)\b)"
    r"|(?<=か)[、,。]\s*(?=\S)|、(?=(?:また|そして|さらに|どのよう|どう|どんな|どの|いくつ|なぜ|何))"
    # 「仕組みを教えてください。そして、…」: a request, then a question
    # 「仕組みをざっくり。既存手法との比較結果は?」: a request with its verb left out, then a question
    rf"|(?:{'|'.join(f'(?<={end}。)' for end in ('ください', '下さい', '教えて', *_VERBLESS_REQUESTS))})\s*(?=\S)"
    r"|(?<=いくつ)[、,]\s*"  # 「品質の基準をいくつ、ドメインをいくつ…」: one count, then the next
    # Japanese joins its parts with a te-form or a concessive ("…を提案していて、…", "…と思うけど、…"); a
    # part that asks nothing ("…の論文で、") is joined back to the next one.
    # (a space typed or spoken for the comma: 「何を提案してて どういう仮定で…」)
    r"|(?<=[てで])(?:[、,]|\s)\s*|(?<=けど)[、,\s]\s*|(?<=けれど)[、,\s]\s*"
    r"|(?<=[^っ]て)(?=(?:何|なに|どう|どの|どんな|いくつ))"  # 「何を学習して何を出力する？」: a second question word
    r"|(?<=おり|あり)[、,]\s*"  # the formal te-form: 「…が採用されており、その効果は…」
    r"|[、,]\s*(?:及び|および|並びに|ならびに)\s*"  # 「…構成要件、及び…確認方法は何か」: a formal "and"
    # 「…手法を挙げ、それぞれの結果を述べよ」: a request's stem and a comma end one part
    r"|(?<=挙げ|述べ|答え)[、,]\s*|(?<=説明し|列挙し)[、,]\s*"
    # 「コーパスのトークン数と、そこから選んだトークン数は？」: two quantities, a part each; so with a count
    # of things asked first (「手法３つと、ベースラインとの比較結果を」)
    r"|(?:(?<=数)|(?<=[0-9０-９]つ)|(?<=[0-9０-９]個))と[、,]\s*"
    # 「手法の中身と、副作用の有無は？」, 「仕組みと評価結果を教えて」: two things of the paper asked, a part each
    rf"|(?:{'|'.join(f'(?<={noun})' for noun in _ROLE_NOUNS_JA)})と[、,]?\s*(?![^?？。]*(?:違い|差|比べ|比較|関係|同じ|共通|対比))",  # not 「AとBの違い」
    _FLAGS,
)
_NAME = re.compile(r"\b[A-Z][a-z]+(?:-[A-Z]?[a-z]+|'(?!s\b)[A-Z]?[a-z]+)?\b|\b[A-Z]\.(?=\s*[A-Z])")  # not "Baumann's"
QUESTION_WORDS = {
    "What",
    "Which",
    "Who",
    "Whom",
    "Whose",
    "When",
    "Where",
    "Why",
    "How",
    "Is",
    "Are",
    "Was",
    "Were",
    "Do",
    "Does",
    "Did",
    "Can",
    "Could",
    "Would",
    "Should",
    "Tell",
    "List",
    "Show",
    "Compare",
    "Name",
    "Give",
    "Explain",
    "Describe",
    "The",
    "A",
    "An",
    "In",
    "On",
    "Of",
    "For",
    "And",
    "Or",
    "Please",
    "Summarize",
    "Summarise",
    "Has",
    "Have",
    "It",
    "Its",
    "They",
    "Their",
    "This",
    "That",
    "These",
    "Those",
    "Any",
    "All",
    "Paper",
    "Papers",
}


# Words of any question about research: they say what kind of answer is wanted, not what about, so
# a paper need not contain them to cover the question ("what problem does it solve?").
FRAMING_TERMS = (
    frozenset(
        terms(
            "problem problems solve solving solved address issue issues goal goals aim aims purpose motivation motivated idea ideas "
            "fix fixes fixed fixing remedy remedies avoid avoids avoided mitigate mitigates overcome overcomes prevent prevents "
            "contribution contributions novel novelty new key main core central overall general do does doing done actually exactly "
            "method methods approach approaches technique techniques way ways mechanism mechanisms model framework "
            "result results finding findings show shows achieve achieves achieved outcome outcomes conclusion conclude claim claims "
            "evaluate evaluated evaluation evaluating validate validated validation test tested testing assess assessed work works "
            "measure measured measuring decide decided deciding "
            "tell explain explanation explanations describe summary summarize summarise overview gist regarding kind type sort family families thing things something anything "
            "everything somewhere setup stuff basically really mainly specifically concretely precisely roughly approximately around circumvent circumvents best worst better worse particular trying try tries want wants get gets got "
            "make makes made build builds built go goes going give gives given here there difference differences differ similar similarity compare comparison versus whether etc "
            "trick tricks tactic tactics headline headlines takeaway takeaways upshot help helps helped say says said saying "
            "application applications usecase usecases target targets targeted targeting aimed proposal proposals "
            "downside downsides drawback drawbacks limitation limitations catch weakness weaknesses disadvantage disadvantages caveat caveats "
            "engineering science sciences field fields area areas discipline disciplines research ai artificial intelligence "
            # a theme named as such ("relevant to that theme", "a session on sparsity"): the word says nothing of it
            "topic topics theme themes session sessions devote devotes devoted wish wishes "
            # "which paper is relevant to …", 「…に関係する論文」: what it bears on, not a word it holds
            "relevant relevance pertinent 関係 関連 工学 応用 "
            "touch touches otherwise ve ll "  # "do any touch on X or otherwise …", the tail of "they've"
            "doesn don isn aren wasn weren didn hasn haven hadn couldn wouldn shouldn t re "  # the halves of "doesn't", "they're"
            # how nearly, and a chat's "u" (you): "until the loss is almost zero", "if u overfit it"
            "almost nearly barely u ur "
            # a claim backed by a paper ("any paper here backs it?"): support, not a topic
            "back backs backed backing "
            # "what does JOENA stand for?", "this acronym": its name spelled out, which the paper writes
            "acronym acronyms abbreviation abbreviations stand stands 略称 "
            # the kind of result wanted ("the main quantitative result", 「定量的な結果」), not what it is of
            "quantitative quantitatively qualitative qualitatively 定量 定性 "
            "提案 手法 問題 解決 論文 研究 目的 結果 内容 概要 要点 貢献 方法 課題 特徴 説明 具体的 実際 詳細 モデル 仕組み 操作 処理 手順 概念 意味 定義 欠点 弱点 デメリット 限界 イマイチ いまいち 対策 分野 領域 上 中 結局 "
            "一番 番良 番悪 ダメ だめ 最悪 最良 最高 全部 全て すべて "
            # claim language: what a paper "discloses" or "describes" (開示, 記載) in its documents (文献)
            "開示 記載 文献 "
            # how a work was tested, as "evaluate" and "validate" are: the part's role, not its topic
            "評価 検証 "
            # what an evaluation shows of any method ("validate its effectiveness", 「有効性を検証」), not what it is about
            "effectiveness efficacy 有効性 "
            # dealing with a problem, as "address" and "tackle" are (「どのように対処すればよい」)
            "対処 "
            "話 "  # 「…を軽くする話が出てくる論文」, 「…という話がありましたよね」: the topic spoken of, not a word of it
            "名前 名称 人 人数"  # 「著者って何人？名前も教えて」: a name, a head count, not a topic
            # idioms that frame ("in other words", "rather than", "looks like", "what does it buy you")
            " word words rather like likes buy buys bought basis sound sounds lot lots else"
            # running a model is using it ("the energy cost of running models"), in words no abstract needs
            " run runs running ran find finds found off-the-shelf shelf"
            # a result asked against earlier work ("does JOENA beat existing methods?"): the sentence reporting it
            # says "improvement … compared with the state-of-the-art", not these words
            " beat beats beating outperform outperforms outperformed outperforming surpass surpasses surpassed existing earlier previous conventional traditional"
            # who wrote it is asked by the record, not by a word the abstract holds ("do the authors claim …?")
            " author authors"
            # what a thing is called asks its name, which coverage checks apart ("what's the reward agent called?")
            " call calls called"
            # every paper has a title: "the titles of the papers on diffusion" asks which papers
            " title titles titled"
            # the form an answer is wanted in ("the exact figures for the savings"), not what it is about
            " figure figures number numbers"
            # a part of a whole whose size is asked ("what size subset did they pick?"): the amount, not a topic
            " subset subsets portion portions"
            # how a ranking is said ("which model came out best?", "which one wins?"), not what it is about
            " come comes came coming win wins won winning winner winners"
            # a point of view ("how does its angle differ from that one?")
            " angle angles perspective perspectives viewpoint viewpoints standpoint"
        )
    )
    | {"what", "how", "who", "where", "when", "why"}
)  # "whats", "hows": a question word run into "is" stems to itself


def asked_terms(text: str) -> list[str]:
    """The terms of a question that say what it is about: its topic's terms less the framing ones."""
    return [t for t in without_junctions(terms(topic_of(text))) if t not in FRAMING_TERMS]


def without_junctions(words: list[str]) -> list[str]:
    """工学分野 gives 工学, 学分, 分野: the bigram joining a word to a framing one (分野, 研究) is neither."""
    return [
        t
        for i, t in enumerate(words)
        if not (
            0 < i < len(words) - 1
            and len(t) == 2
            and is_cjk(t)
            and words[i - 1][-1] == t[0]
            and words[i + 1][0] == t[1]
            and (words[i - 1] in FRAMING_TERMS or words[i + 1] in FRAMING_TERMS)
        )
    ]


_SHORTHAND = (
    (re.compile(r"(?<!\w)w/o(?!\w)", re.IGNORECASE), "without"),
    (re.compile(r"(?<!\w)w/(?!\w)", re.IGNORECASE), "with"),
    (re.compile(r"(?<!\w)b/c(?!\w)", re.IGNORECASE), "because"),
    (re.compile(r"\bwrt\b", re.IGNORECASE), "with respect to"),
    (re.compile(r"\bperf\b", re.IGNORECASE), "performance"),
    (re.compile(r"\bmem\b", re.IGNORECASE), "memory"),
    (re.compile(r"\bparams\b", re.IGNORECASE), "parameters"),
    (re.compile(r"\bparam\b", re.IGNORECASE), "parameter"),
    (re.compile(r"\bseqs\b", re.IGNORECASE), "sequences"),
    (re.compile(r"\bseq\b", re.IGNORECASE), "sequence"),
    (re.compile(r"\b(?:smth|sth|smthg)\b", re.IGNORECASE), "something"),  # "derived from smth?"
    (re.compile(r"(?<![\w#&])#(?=[A-Za-z])"), "number of "),  # "#quality criteria and #domains in dataman?"
    # "447 billion tokens", "1.3 billion parameters": as abstracts write them (447B, 1.3B)
    (re.compile(r"\b(\d+(?:\.\d+)?)\s*billion\b", re.IGNORECASE), r"\1B"),
    (re.compile(r"\b(\d+(?:\.\d+)?)\s*million\b", re.IGNORECASE), r"\1M"),
    (re.compile(r"\b(\d+(?:\.\d+)?)\s*trillion\b", re.IGNORECASE), r"\1T"),
    (re.compile(r"\b(what|how|who|where)s\b", re.IGNORECASE), r"\1's"),  # "whats dataman", typed without the apostrophe
    # "what is JOENA short for?" asks what the name stands for
    (re.compile(r"\bwhat(?:['’]s|\s+is)\s+(\S+)\s+short\s+for\b", re.IGNORECASE), r"what does \1 stand for"),
    # "what do the authors mean by hyperfitting?": who means it is no part of the term
    (re.compile(r"\bwhat\s+(?:does|do|did)\s+[^?]{1,40}?\s+mean\s+by\b", re.IGNORECASE), "what is meant by"),
    # "what does 'network alignment' mean in JOENA?" asks what the term is, as "what is meant by" does
    (
        re.compile(r"\bwhat\s+(?:does|do)\s+(?!it\b|this\b|that\b)([^?]{1,60}?)\s+mean\b(?!\s+by\b)", re.IGNORECASE),
        r"what is meant by \1",
    ),
    (re.compile(r"[,\s]+tho\b", re.IGNORECASE), ""),  # "… overfit on tho?": "though", an aside
    # an engineer's asides ("iirc the pruning one got 63%? tbh sounds too good") ask nothing of the papers
    (re.compile(r"\b(?:iirc|afaik|afaict|tbh|imo|imho|fwiw|ngl|pls|plz)\b[,:]?\s*", re.IGNORECASE), ""),
    # the asker's likening told after a dash ("…interacting — it sounds a bit like concordance checks in
    # multi-omics, which is why I'm curious"): their field's words, which no paper need write
    (
        re.compile(
            r"\s+[—–]\s*(?:it|this|that)\s+(?:sounds|seems|looks|feels)\s+(?:[\w-]+\s+){0,3}?like\b[^?]*$",
            re.IGNORECASE,
        ),
        "",
    ),
)

# "What the paper propose, and how they evaluate it?", "how many tokens they select?": a learner's question
# without its "do". Left so, "they select" reads as part of what is counted and "how they evaluate it" as no
# question of its own; only a bare verb after the subject (not "what they found", "how the paper proposes").
_AUXILIARY = (
    r"(?:do|does|did|is|are|was|were|am|be|been|being|have|has|had|can|could|will|would|shall|should|may|might"
    r"|must|also|not|only|just|all|both)"
)
_PAST = r"(?:found|made|got|saw|took|gave|said|went|came|ran|built|chose|wrote|brought|thought|meant|put|set|left)"
_WITHOUT_DO = re.compile(
    r"(?:^|(?<=[,;:]\s)|(?<=\band\s)|(?<=\bbut\s)|(?<=\bor\s)|(?<=\bso\s))"
    r"((?:what|why|where|when|how(?:\s+(?:many|much)(?:\s+[\w-]+){0,2}?)?|which\s+[\w-]+)"
    r"(?:\s+(?:exactly|actually|really|roughly))?)"
    r"\s+(?=(?P<subject>they|we|you|i|people|(?:the|this|that|these|those)\s+(?:[\w-]+\s+){0,5}?"
    r"(?:paper|study|work|method|model|framework|approach|authors|team|researchers))\s+"
    rf"(?!{_AUXILIARY}\b|{_PAST}\b)(?P<verb>[a-z]+)(?<!ed)(?<!ing)\b)",
    re.IGNORECASE,
)

# 「MIMoE-FNDのaccuracyは何%ですか」: Japanese, though most of its letters are Latin; its last word says so.
_JAPANESE_ENDING = re.compile(r"[ぁ-ゖ][?？。!！]*\s*$")

# 「なんパーセント」, 「なにをするツール」: the question word in kana, as learners and quick typists write it;
# every pattern that reads what is asked looks for 何.
_KANA_QUESTION_WORD = re.compile(
    r"なん(?=パーセント|[%％倍個件本回人種層点年]|トークン|サンプル|ステップ|エポック)|なに(?=を|が|で|と|に|は|の|も)"
)


def _with_do(found: re.Match[str]) -> str:
    subject = found.group("subject").lower().split()
    singular = subject[0] in ("the", "this", "that") and not subject[-1].endswith("s")
    if singular and found.group("verb").endswith("s"):
        return found.group(0)  # "what the paper proposes": already a statement of its own
    return f"{found.group(1)} {'does' if singular else 'do'} "


# Courtesy around a question ("Hi! Quick question: … Thanks!", 「質問です。…よろしくお願いします。」) says nothing of
# what is asked: left in, "Thanks" reads as a name the paper never mentions and "Quick question:" as a first
# part of the question, and patterns anchored at the question's start miss it.
_GREETING = re.compile(
    r"^\W*(?:(?:hi|hey|hello|hiya)(?:\s+(?:there|all|team))?|good\s+(?:morning|afternoon|evening)|quick\s+(?:one|question|q)"
    r"|(?:thanks|thank\s+you|thx|great|cool|nice|perfect|got\s+it)(?=\s*[!.,;:])"
    r"|(?:a\s+|one\s+)?(?:question|q)\s*(?=[:\-—–])|sorry(?:\s+to\s+bother(?:\s+you)?)?|excuse\s+me"
    r"|(?:can|could|would)\s+you\s+(?:please\s+)?tell\s+me|i(?:['’]d|\s+would)\s+like\s+to\s+know|i\s+want\s+to\s+know|i\s+wonder(?:ed)?"
    r"|do\s+you\s+know"
    # a chat opener that says nothing ("ok so, …", "hmm, …", "well, …"); "and" stays: "and who wrote it?" follows up
    r"|(?:ok(?:ay)?|alright|hmm+|um+|uh+|well)(?:[\s,]+so)?(?=\s*[,.!:;]|\s+[—–-])|(?:ok(?:ay)?|alright)\s+so|so(?=\s*,))\b[\s,.!:;—–-]*"
    r"|^(?:質問(?:です|があります|させてください|させて下さい)|すみません|すいません|あの[ー〜]?|えっと|えーと"
    r"|ありがとう(?:ございます|ございました)?|なるほど|了解(?:です)?|わかりました)[。、,!！\s]+"
    r"|^(?:ちょっと|少し|一つ|ひとつ)?(?:聞きたい|訊きたい|質問(?:したい|な)?|教えてほしい)(?:ん|の)?(?:だけど|ですけど|ですが|だが|けど|が)[、,\s]*",
    re.IGNORECASE,
)
_THANKS_AFTER = re.compile(
    r"(?<=\S)[\s,]*(?:(?:many\s+)?thanks(?:\s+(?:a\s+lot|so\s+much|in\s+advance))?|thank\s+you(?:\s+(?:so\s+much|in\s+advance))?"
    r"|thx|cheers|please|pls|plz)[\s.!]*$"
    r"|(?<=\S)\s*(?:よろしく(?:お願い(?:します|いたします|致します))?|お願い(?:します|いたします|致します)|ありがとう(?:ございます)?)[。！!\s]*$",
    re.IGNORECASE,
)


# A sentence that asks or requests something: a question mark, a question word or request verb first, or a
# Japanese ending that asks (か, の, 教えて, ください, ほしい).
_ASKS_OR_REQUESTS = re.compile(
    r"[?？]|^\W*(?:(?:please|kindly)\s+)?(?:what|which|how|why|who|whom|whose|when|where|is|are|was|were|does|do|did|can|could|would|will"
    r"|should|has|have|had|tell|explain|describe|list|compare|contrast|give|show|summari[sz]e|name|find|any|anything)\b"
    # a question reported ("Someone asked whether any of these look at …. Anything?", "I wonder if …")
    r"|\b(?:ask(?:s|ed|ing)?|wonder(?:s|ed|ing)?|know)\s+(?:me\s+|us\s+)?(?:whether|if)\b"
    r"|(?:か|の|かな|って|教えて\S*|ください|下さい|ほしい|欲しい|たい|せよ|述べよ)[。．.!！]?$"
    r"|(?:出し|見せ|挙げ|まとめ|列挙し)て[。．.!！]?$",  # 「タイトル一覧出して。全部で何本?」: a request, then a question
    re.IGNORECASE,
)


def asks_something(sentence: str) -> bool:
    return bool(_ASKS_OR_REQUESTS.search(sentence.strip()))


# "So the Bayesian networks were less accurate but better calibrated – is that a fair summary?": a check
# on a claim asks for the claim's evidence; the tail asks for no summary
_CHECK_BACK = re.compile(
    # also as a sentence of its own after the claim ("…the lowest perplexity. Is that an accurate description?")
    r"(?:(?<=\w)[\s,;:—–-]+|(?<=\w[.!])\s+)(?:(?:is|was)\s+(?:that|this)|would\s+(?:that|this)\s+be|am\s+i)\s+(?:a\s+|an\s+)?"
    r"(?:fair|right|correct|accurate|true|reasonable)(?:\s+(?:summary|reading|description|characteri[sz]ation|understanding))?"
    r"\s*[?.]?$",
    re.IGNORECASE,
)


def without_courtesy(text: str) -> str:
    """The question without greetings before it, thanks after it and a closing "is that right?" (the
    question itself when that is all)."""
    bare, previous = text, None
    while previous != bare:
        previous, bare = bare, _CHECK_BACK.sub("", _THANKS_AFTER.sub("", _GREETING.sub("", bare))).strip()
    return bare if re.search(r"\w", bare) else text


# "the hyperfitting article", "which preprint…": the papers under another name (not a news article)
_PAPER_SYNONYM = re.compile(r"(?:(?<!\bnews\s)\barticle|\bpreprint|\bmanuscript)(s?)\b", re.IGNORECASE)
# 「…を開示する文献はどれか」, 「本コレクション中」, 「いかなる手段が」: a paper, this collection and the
# question words as formal (patent practice) Japanese writes them
_JA_SYNONYMS = (
    (re.compile(r"文献"), "論文"),
    (re.compile(r"本(?=コレクション|論文集)"), "この"),
    (re.compile(r"いかなる|如何なる"), "どのような"),
    (re.compile(r"いかに(?=し|[^\u3040-\u309f])|如何に"), "どのように"),
    # everyday words for what the machine-translated summaries spell out: SNS, 誤情報
    (re.compile(r"(?<![A-Za-z])SNS(?![A-Za-z])"), "ソーシャルメディア"),
    (re.compile(r"誤情報"), "誤った情報"),
    # 「経験式」, an engineer's word for what the summaries translate "empirical correlations" as (実証的相関)
    (re.compile(r"経験式"), "経験的相関式"),
    # 「精度はどれくらい上がった」: the rise or fall a summary writes as 向上 or 低下
    (re.compile(r"上がっ(?=た|て)"), "向上し"),
    (re.compile(r"上がる"), "向上する"),
    (re.compile(r"下がっ(?=た|て)"), "低下し"),
    (re.compile(r"下がる"), "低下する"),
    # 「文字数を守らせる」, "stick to a word limit": the length a paper speaks of, counted in characters or words
    (re.compile(r"文?字数|単語数"), "長さ"),
    (re.compile(r"\b(?:word|character|token)[-\s](?:limits?|counts?|budgets?|caps?)\b", re.IGNORECASE), "length limit"),
)


# A space between a Latin word or a number and Japanese (「MIMoE-FND の仕組み」, 「3 つ」) separates nothing
_SPACE_BY_JAPANESE = re.compile(
    r"(?<=[A-Za-z0-9%)）])\s+(?=[\u3040-\u30ff\u4e00-\u9fff])|(?<=[\u3040-\u30ff\u4e00-\u9fff、。])\s+(?=[A-Za-z0-9(（])"
)

# but one after the paper described (「時系列のやつ L1プルーニングで…」) is a pause, as a comma is
_PAUSE_BEFORE_LATIN = re.compile(r"(?<=論文|研究|やつ)\s+(?=[A-Za-z0-9(（])")

_ENDS_SENTENCE = re.compile(r"[?？.。!！)）」』\"'”’]\s*$")


def analyse(text: str) -> Question:
    text = _PAPER_SYNONYM.sub(r"paper\1", without_courtesy(" ".join(text.split())))
    text = _SPACE_BY_JAPANESE.sub("", _PAUSE_BEFORE_LATIN.sub("、", text))
    for shorthand, word in (*_SHORTHAND, *_JA_SYNONYMS):  # "papers that deal w/ compression"
        text = shorthand.sub(word, text)
    lang = "ja" if is_cjk(text) or _JAPANESE_ENDING.search(text) else "en"
    if lang == "en":
        text = _WITHOUT_DO.sub(_with_do, text)
    else:
        text = _KANA_QUESTION_WORD.sub("何", text)
    if text and not _ENDS_SENTENCE.search(text):
        text += "？" if lang == "ja" and is_cjk(text[-1]) else "?"  # a question typed without its mark ends as one
    names = tuple(n for n in _NAME.findall(text) if n not in QUESTION_WORDS)
    body = SHIFT.sub("", text)  # "Back to the papers: does the length-control work …" is about one paper
    plural = bool(_PLURAL.search(body))
    kind, parts = _kind(body.lstrip(" 。、,.:;—–-"), plural)  # 「話を戻す。AとBは…」 compares A and B
    clauses = clauses_of(text)
    if kind == Kind.GIST and any(not asks_gist(c.text) and (asked_terms(c.text) or c.asks) for c in clauses):
        kind = Kind.FACT  # "what's the core idea, and how do its two sides help each other?": a part each
    focus = _FOCUS.search(text)
    focus_text = _head_noun(next((g for g in focus.groups() if g), "") if focus else "")
    if is_cjk(focus_text) and not asked_terms(focus_text):
        focus_text = ""  # 「どのモデルが一番…」: a word framing any question tells no sentence apart
    fields = record_fields(text) if kind in (Kind.AUTHORS, Kind.DATE, Kind.CATEGORIES) else ()
    superlative = (_SUPERLATIVE if kind == Kind.DATE else _AUTHOR_COUNT).search(text)
    described = "" if plural or kind in COLLECTION_KINDS or kind == Kind.COMPARE else description_of(text)
    return Question(
        text,
        lang,
        kind,
        topic_of(text),
        parts,
        wants_number=_wants_number(text),
        asks=_asks(text),
        plural=plural,
        names=names,
        focus=focus_text,
        identifies=identifies_paper(body),
        fields=fields,
        clauses=clauses,
        wants_name=_wants_name(text),
        superlative=_superlative(superlative.group(0)) if superlative else "",
        ranks=asks_ranking(text),
        # 「出力長を守らせる論文、…」 describes one paper, as "the … paper" does; 「収束保証を示している論文は?」,
        # asking nothing more, asks which papers do
        singular=bool(
            _SINGULAR.search(text)
            or (lang == "ja" and described and not re.search(_EXISTS_JA, text) and not _PAPERS_ASKED_JA.search(text))
        )
        and not plural,
        described=described,
        practical=asks_for_help(text),
    )


# "Unrelated: how do I compute a 1-D Wasserstein distance with scipy?", 「pandasでDataFrameを結合するには
# どう書けば」: help with a task of one's own, said to be beside the papers or asking how to write code,
# which no abstract gives, however many of its words the papers share ("how do I pick pre-training
# data?" alone may well be answered from one).
_PRACTICAL = re.compile(
    r"\b(?:unrelated(?:ly)?|off[-\s]topic|homework|assignment)\b.*\bhow\s+(?:do|can|should|would|could)\s+i\b|どう書(?:く|け)(?:ば|の)"
    # a reading list of one's own: no abstract recommends a textbook
    r"|\b(?:textbooks?|books?|courses?|tutorials?|lecture\s+notes)\b[^?]*\brecommend|\brecommend\w*\s+(?:me\s+)?(?:a|an|any|some)\s+(?:good\s+)?(?:textbooks?|books?|courses?|tutorials?)\b"
    r"|(?:教科書|参考書|入門書|本)(?:を|で)?[^。？?]{0,12}?(?:おすすめ|お勧め|オススメ|推薦)"
    # advice ("any tips for spotting fake news?", 「見分けるコツ」): no abstract gives tips, whatever its topic
    r"|\btips?\s+(?:for|on|to|about)\b|コツ|秘訣"
    # code written for the asker ("give me a python snippet to compute …"): no abstract holds any
    r"|\b(?:give|write|show)\s+(?:me|us)\s+(?:an?\s+|some\s+)?(?:[\w-]+\s+){0,2}?(?:snippets?|scripts?|code)\b|コード(?:を|で)?(?:書いて|ください|下さい)",
    _FLAGS,
)
# "how should I coach them?", 「どう指導したらいいと思いますか」: what the asker should do, which no abstract says
# (no question of the papers in these words: "how do we know it works?" asks what they show)
_HOW_SHOULD_I = re.compile(
    r"\bhow\s+(?:do|should|can|could|would)\s+(?:i|we)\b(?!\s+know\b)(?![^?]*\b(?:papers?|stud(?:y|ies)|authors?)\b)"
    r"|(?:どう|どのように)[^。？?、]{0,12}?(?:したら|すれば)(?:いい|よい|良い)(?![^。？?]*(?:論文|研究|著者))"
    # 「learning rateっていくつくらいがいい?」: a value to pick for one's own work
    r"|(?:いくつ|どれ|どの|何)(?:くらい|ぐらい|程度)?が(?:いい|よい|良い|おすすめ)(?![^。？?]*(?:論文|研究|著者))",
    _FLAGS,
)
# A phrasebook question ("how do I say 'misinformation' in Japanese?", 「…は英語で何と言いますか」): help
# no abstract gives, even where the word itself is one the papers write.
PHRASEBOOK = re.compile(
    r"\bhow\s+(?:do|would|should|can|could)\s+(?:i|you|we|one)\s+say\b|\bhow\s+to\s+say\b"
    r"|(?:英語|日本語|ポルトガル語|中国語|韓国語)で(?:は)?(?:何|なん)(?:と|て)\s*(?:言|い)",
    _FLAGS,
)


def asks_for_help(text: str) -> bool:
    """Whether a question asks for help with a task of the asker's own (advice, tips, code, a word in another
    language): the asker's situation, told in its other sentences, is what it is about."""
    return bool(_PRACTICAL.search(text) or PHRASEBOOK.search(text) or _HOW_SHOULD_I.search(text))


# Where the authors work (「著者はどこの国の大学に所属」, "which universities are the authors at"): no field of
# the record, which lists names only; a question of the paper's text, which seldom says it
_AFFILIATION = re.compile(
    r"所属|研究機関|どこの(?:国|大学|機関|企業|研究室)|\baffiliat\w*|\b(?:which|what)\s+(?:universit|institution|compan|lab)",
    _FLAGS,
)


def _kind(text: str, plural: bool) -> tuple[Kind, tuple[str, ...]]:
    """The answer's shape, and for a comparison the things compared."""
    if _COUNT.search(text):
        return Kind.COUNT, ()
    if _LIST.search(text):
        return Kind.LIST, ()
    if (
        _AUTHORS.search(text) and not _BY_AUTHOR.search(text) and not _AFFILIATION.search(text)
    ) or _AUTHOR_COUNT.search(text):
        return Kind.AUTHORS, ()
    if _DATE.search(text):
        return Kind.DATE, ()
    if _CATEGORIES.search(text) or _CATEGORY_CODE.search(text):
        return Kind.CATEGORIES, ()
    if _COMPARE.search(text) and not _measured_against(text) and (parts := _comparison_parts(text)):
        return Kind.COMPARE, parts
    if plural:
        return Kind.SET, ()
    if _GIST.search(text) and not _STATED_COUNT.search(text):
        return Kind.GIST, ()  # 「手法3つと…をまとめて」 wants three things named, not the gist
    return Kind.FACT, ()


def identifies_paper(text: str) -> bool:
    """Whether (a part of) a question asks which paper ("which paper predicts heat flux…", 「…論文はどれ」),
    read after any opening that changes the subject ("Different question: which paper…")."""
    return bool(_IDENTIFIES.search(SHIFT.sub("", text).lstrip(" ,、-—–:")))


# The asker states what they remember and asks whether it is so ("…reported a 16% gain in MRR. Have I got that
# right?", 「…が最も良い結果だったと記憶しておりますが、正しいでしょうか」)
_CONFIRMS = re.compile(
    r"\b(?:right|correct|true)\s*[?？]|\bhave\s+i\s+got\s+(?:that|it|this)\s+right\b|\bam\s+i\s+(?:right|correct|remembering)\b"
    r"|\bis\s+(?:that|this)\s+(?:right|correct|true)\b|\bi\s+(?:believe|recall|remember)\b"
    r"|正しい(?:でしょうか|ですか|か)|合って(?:い)?(?:ます|る)|記憶して|という理解で|(?:です|でした|だ|だった)よね",
    _FLAGS,
)


def asks_to_confirm(text: str) -> bool:
    return bool(_CONFIRMS.search(text))


def asks_own_name(text: str) -> bool:
    """Whether (a part of) a question asks what the paper calls its own method: the sentence
    introducing the method says it, and no other name is wanted."""
    return bool(_OWN_NAME.search(text))


# "On what two criteria…", "which three benchmarks", 「手法3つと…」: the question says how many things it wants, and
# the sentence that lists them says the same number ("two key aspects: … and …").
_STATED_COUNT = re.compile(
    r"\b(?:what|which|the|its|their|these|those)\s+(two|three|four|five|six|2|3|4|5|6)\s+(?!times\b)[a-z]|([2-6２-６二三四五六])つ(?=の|と|を|が|は|[、,])",
    re.IGNORECASE,
)


def _head_noun(focus: str) -> str:
    """「採用された経験的相関式」: the thing asked for is the noun its relative clause ends in (経験的相関式)."""
    head = re.search(r"[^\u3041-\u3093]{2,}$", focus) if is_cjk(focus) else None
    return head.group(0) if head else focus


# "…looks at two aspects of how text and image interact. What are they?": the things counted, then asked for
_COUNTED_THEN_ASKED = re.compile(
    r"\b(two|three|four|five|six|2|3|4|5|6)\s+(?:[\w-]+\s+)?([a-z]+s)\b[^?]*?(?:[.:;,]|\s[—–-])\s*(?:so\s+)?(?:what|which)\s+(?:are|were)\s+(?:they|those|these|them)\b",
    re.IGNORECASE,
)


def stated_count(question: str) -> re.Pattern | None:
    """The number of things a question says it wants, as a pattern finding that number in a sentence."""
    found = _STATED_COUNT.search(question) or _COUNTED_THEN_ASKED.search(question)
    if not found:
        return None
    forms = _forms_of(unicodedata.normalize("NFKC", (found.group(1) or found.group(2))).lower())
    return re.compile(rf"\b(?:{forms[0]}|{forms[1]})\b|{forms[1]}つ|{forms[2]}つ", re.IGNORECASE)


def _forms_of(number: str) -> tuple[str, str, str]:
    """A small number as English writes it, as digits and as a Japanese count: "2" → ("two", "2", "二")."""
    return next(f for f in NUMBER_FORMS if number in f)


def counted_then_asked(question: str) -> re.Pattern | None:
    """ "…two aspects of how text and image interact. What are they?": the sentence counting those very
    things ("two key aspects of modality interactions: …") names them, more surely than one with the number
    alone ("two languages")."""
    found = _COUNTED_THEN_ASKED.search(question)
    if not found:
        return None
    forms = _forms_of(found.group(1).lower())
    thing = re.escape(found.group(2).lower().rstrip("s"))
    # or the same count of things the paper calls otherwise, listed after a colon ("from two angles" asked,
    # "two key aspects of modality interactions: …" written)
    listed = r"[a-z]+s\b[^.:;]{0,40}:"
    return re.compile(rf"\b(?:{forms[0]}|{forms[1]})\s+(?:[\w-]+\s+){{0,2}}?(?:{thing}|{listed})", re.IGNORECASE)


def asks_gist(text: str) -> bool:
    """Whether (a part of) a question asks for a paper's gist: its main idea, contribution or summary."""
    return bool(_GIST.search(text))


def _wants_number(text: str) -> bool:
    return bool(_NUMBER.search(text))


# 「どのような実験」 and 「どんな実験」 ask the same: the patterns spell the plain form only.
_WHAT_KIND_JA = re.compile(r"どのような|どういった|どういう")


def _asks(text: str) -> str:
    text = _WHAT_KIND_JA.sub("どんな", _asked_part(text))
    return next((role for role, pattern in _ASKS if pattern.search(text)), "")


def _superlative(word: str) -> str:
    if _AUTHOR_COUNT.fullmatch(word):
        return "fewest" if re.search(r"fewest|least|smallest|shortest|少", word, re.IGNORECASE) else "most"
    return (
        "earliest"
        if re.search(r"earliest|oldest|first|最も古|一番古|最初|一番先|最も先|最も早|一番早", word, re.IGNORECASE)
        else "latest"
    )


# One or two bare words after a question ("…measured on? jetson? x86?") offer an answer; "and DataMan?",
# "why?" ask again.
_GUESS = re.compile(
    r"(?:(?:or|a|an|the)\s+)*(?!(?:and|but|also|what|how|which|why|when|where|who|whether|really|anything|something)\b)"
    r"[A-Za-z][A-Za-z0-9.+-]*(?:\s+[A-Za-z0-9.+-]+)?\s*[?？]",  # Latin words only: Japanese runs on into a part
    _FLAGS,
)


# "how does the OT part help the embeddings and vice versa?": two directions, a part each
_VICE_VERSA = re.compile(
    r"(?P<x>\b(?:the\s+)?[\w-]+(?:\s+(?:part|side|step|module|component))?)\s+"
    r"(?P<verb>help|helps|improve|improves|affect|affects|inform|informs|benefit|benefits|feed|feeds|support|supports|guide|guides)\s+"
    r"(?P<y>(?:the\s+)?[\w-]+(?:\s+(?:part|side|step|module|component))?)\s*,?\s+and\s+vice\s+versa\b",
    _FLAGS,
)


def _both_directions(text: str) -> str:
    return _VICE_VERSA.sub(lambda m: f"{m['x']} {m['verb']} {m['y']}, and how does {m['y']} {m['verb']} {m['x']}", text)


def _asked_part(text: str) -> str:
    """A question from its first sentence that asks: statements before it set the scene ("Overfitting until
    it generalizes sounds like grokking. Do the authors claim it's something else?" asks nothing of scope)."""
    sentences = split_sentences(text)
    asking = [i for i, sentence in enumerate(sentences) if sentence.endswith(("?", "？"))]
    asked = " ".join(sentences[asking[0] :]) if asking and asking[0] > 0 else text
    # "Length-controlled generation paper: how do they teach…?": the label says which paper, the rest asks
    return _LABEL.sub("", asked)


_LABEL = re.compile(
    # not "Walk me through JOENA: what are the two directions…", which a label does not make a definition
    r"^[^:?？]{1,80}:\s+(?=(?:how|which|who|whom|why|where|when|do|does|did|is|are|was|were|can|could)\b)",
    re.IGNORECASE,
)


def set_aside(text: str) -> tuple[str, str]:
    """`text` without the thing it sets aside ("besides JOENA, which papers use OT?"), and that thing ("JOENA");
    `text` and "" when it sets nothing aside."""
    found = _BESIDES.search(text)
    if not found:
        return text, ""
    return f"{text[: found.start()]} {text[found.end() :]}".strip(" ,"), _aside(found)


def _aside(found: re.Match) -> str:
    return found.group(1) or found.group(2)


# "…? I.e. is it more expensive to run?", 「…？つまり…」: the question said again, not another part
_HUNCH = re.compile(r"(?:i\s+think|i\s+believe|i\s+guess|i\s+recall|iirc|if\s+i\s+remember)\b", _FLAGS)


def _hunch_at_record(piece: str, before: str) -> bool:
    """ "…authors? I think first one is Carlson or something": what the asker remembers of a name or a date,
    which the record answers. Not of anything else: "…from? I recall some heuristic about letting the model
    say what helps it" describes the thing asked, in words that find the sentence."""
    return bool(_HUNCH.match(piece) and (_AUTHORS.search(before) or _DATE.search(before)))


_RESTATES = re.compile(
    r"(?:i\.?e\.?|in\s+other\s+words|(?:to\s+)?put\s+(?:it\s+)?(?:differently|another\s+way)|or\s+rather"
    r"|つまり|要するに|言い換えると|言い換えれば|すなわち)[,、:\s]|that\s+is(?:\s+to\s+say)?[,:]",
    _FLAGS,
)


# 「…同じ現象なの？それとも別物？」, "…the same thing? or something else?": the other answer to a yes-no
# question, asking nothing of its own
_OR_ELSE = re.compile(
    r"(?:それとも|あるいは|\bor\b)[\s、,]*(?:(?:is\s+it|are\s+they|it'?s)\s+)?(?:全く|まったく|completely\s+)?"
    r"(?:別物|別のもの|別の現象|違うもの|違う|異なるもの|something\s+else|(?:something\s+)?different|not|unrelated)"
    r"(?:なの|なん(?:です)?か|ですか|か)?\W*",
    _FLAGS,
)


def asking_sentences(question: str) -> str:
    """The sentences that ask: "We fund nuclear plant upgrades. What does the CHF paper propose?" asks
    nothing of funding; 「…ということでしょうか。」 asks without a question mark."""
    # (and one reporting a question: "Patron wants to know if the paper used Weibo.")
    asking = [
        s
        for s in split_sentences(question)
        if re.search(r"(?:[?？]|(?:か|かね|かな)[。.]?)\s*$", s) or _REPORTED.search(s)
    ]
    return " ".join(asking) or question


def clauses_of(text: str) -> tuple[Clause, ...]:
    """The parts of a question that each want their own answer: "What problem does X solve, and how?"
    asks for the problem and for the method. A part with no topic of its own ("and how?") is about
    the first part's topic; a fragment that asks nothing ("In JOENA,") belongs to the part after it."""
    text = _both_directions(text)
    pieces: list[str] = []
    pending = ""
    for piece in (p.strip(" ,;、") for p in _CLAUSE_SPLIT.split(text)):
        if not re.search(r"\w", piece):
            continue
        piece = f"{pending} {piece}".strip() if pending else piece
        pending = "" if _ASKING.search(piece) else piece
        if not pending:
            pieces.append(piece)
    if pending:
        pieces = [*pieces[:-1], f"{pieces[-1]} {pending}"] if pieces else [pending]
    joined: list[str] = []
    for piece in pieces:
        again = _GUESS.fullmatch(piece) or _OR_ELSE.fullmatch(piece) or _RESTATES.match(piece)
        if joined and (again or _hunch_at_record(piece, joined[-1])):
            # "what hardware…? jetson? x86?", "…? I think Carlson": guesses at the answer; "…? I.e. is it more expensive to run?":
            # the same question again in other words. Neither is a part of its own.
            joined[-1] = f"{joined[-1]} {piece}"
        else:
            joined.append(piece)
    clauses: list[Clause] = []
    for piece in joined:
        besides = _BESIDES.search(piece)
        topic = topic_of(_BESIDES.sub(" ", piece) if besides else piece)
        asks, number = _asks(piece), _wants_number(piece)
        if not terms(topic):
            if not clauses or not (asks or number):
                continue  # scaffolding ("tell me"), or a first part that only frames the rest
            topic = clauses[0].topic
        counted = _COUNTED.search(piece)
        what = next(g for g in counted.groups() if g) if counted else ""
        clauses.append(Clause(piece, topic, asks, number, what, _aside(besides) if besides else ""))
    return tuple(clauses) or (Clause(text, topic_of(text), _asks(text), _wants_number(text)),)


# "which datasets?", 「ベースラインは？」 after an answer: an aspect of the papers just spoken of, no topic of its own
_ASPECT_ONLY = re.compile(
    r"^\W*(?:and\s+|so\s+)?(?:(?:which|what|the|any)\s+)?(?:datasets?|data\s+sets?|benchmarks?|baselines?|metrics?"
    r"|code|hardware|gpus?|languages?|hyperparameters?)\s*(?:then\s*)?[?？]?\s*$"
    r"|^\W*(?:で|じゃあ)?[、,]?\s*(?:データセット|ベンチマーク|ベースライン|評価指標|指標|コード|ハードウェア|GPU|言語)"
    r"(?:は|って)?(?:何|なに|どれ)?[?？]?\s*$",
    re.IGNORECASE,
)


def asks_an_aspect_only(text: str) -> bool:
    return bool(_ASPECT_ONLY.search(text))


def without_record_words(text: str) -> str:
    """ "論文は全部いつ公開されたの": the words asking for a field (いつ公開) are not what the papers are about."""
    for _, pattern in _FIELDS:
        text = pattern.sub(" ", text)
    return text


# "who are the authors of that paper, is R. Srikant among them?": the list is asked for, not only the one name
_WHO_ARE_THE_AUTHORS = re.compile(
    r"\bwho\s+(?:are|were)\s+(?:the\s+|its\s+|their\s+)?(?:co-?)?authors\b|\bwho\s+wrote\b|著者は(?:誰|だれ|どなた)",
    re.IGNORECASE,
)


def asks_author_list(text: str) -> bool:
    return bool(_WHO_ARE_THE_AUTHORS.search(text))


def record_fields(text: str) -> tuple[str, ...]:
    """ "When was it published, and under which categories?" asks for two fields, in that order."""
    found = [(match.start(), field) for field, pattern in _FIELDS for match in [pattern.search(text)] if match]
    return tuple(field for _, field in sorted(found))


_FILLER = re.compile(
    rf"^\W*(?:(?:(?:{_OPENERS})\b|じゃあ|じゃ|では|それじゃ|それでは|あと|それと(?=[、,])|次に?(?=[、,])|次に|続いて|(?:で|それで|んで)(?=[、,])|(?:さっき|先ほど|先程)の(?!(?:論文|研究|話)))[\s,.!:、-]*)+",
    re.IGNORECASE,
)


# "controlling how long an LLM's answers are", "predicting how fast it converges": a "how long" a verb
# governs names a quantity the paper may speak of (length), it asks for no number in it.
_EMBEDDED_QUANTITY = re.compile(
    r"\b(\w+ing|control(?:s|led)?|limits?|sets?|constrains?|adjusts?|predicts?)\s+how\s+(long|fast|big|large|many|much)\b",
    re.IGNORECASE,
)
# "e.g. how long the text is": "how long" then a noun phrase, not a verb ("how long does it take"), is a
# question embedded in another one, naming the quantity (length) as the topic
_EMBEDDED_QUESTION = re.compile(
    r"\bhow\s+(long|fast|big|large)\s+(?=(?:the|its|their|an?|each|these|those|this|that|our|your)\b)", re.IGNORECASE
)
_QUANTITY_NOUN = {"long": "length", "fast": "speed", "big": "size", "large": "size", "many": "number", "much": "amount"}


# "DPO-style preference training", "GPT-like models": the thing itself is the topic, not its style
KIND_SUFFIX = re.compile(r"(?<=\w)-(?:style|like|ish|type|esque)\b", re.IGNORECASE)


# "Someone from the sustainability institute asked whether …", "My supervisor wonders if …": who asks is no
# word of what is asked
_REPORTED = re.compile(
    r"^\W*(?:[\w'-]+\s+){1,8}?(?:asked|asks|wonders|wondered|(?:is|was|am|are|were)\s+wondering|wants\s+to\s+know)"
    r"\s+(?:me\s+|us\s+)?(?:whether|if)\s+",
    re.IGNORECASE,
)


def topic_of(text: str) -> str:
    # "ok and what does …": the opening words only take the turn; "in plain English" only says how to answer
    text = _REPORTED.sub("", text)
    if _WHAT_KIND_OF_NAMED.search(text):  # 「DataManってどんなモデル？」: the kind of thing asked names nothing
        text = re.sub(WHAT_KIND_JA, " ", text)
    text = _EMBEDDED_QUANTITY.sub(lambda m: f"{m.group(1)} {_QUANTITY_NOUN[m.group(2).lower()]}", text)
    text = _EMBEDDED_QUESTION.sub(lambda m: f"{_QUANTITY_NOUN[m.group(1).lower()]} of ", text)
    # a marker that leaves the last topic ("Unrelated to that:", 話は変わりますが) is no word of the new one
    topic = _SCAFFOLD.sub(" ", STYLE.sub(" ", _FILLER.sub("", SHIFT.sub(" ", text))))
    topic = KIND_SUFFIX.sub("", topic)
    topic = re.sub(r"[?？!！。]+", " ", topic)
    topic = " ".join(topic.split())
    return topic or text


# "optimal transportやWasserstein距離": や and とか list alternatives after a noun (kanji, katakana, Latin),
# after a noun's gloss in brackets (「最適輸送(optimal transport)や…」) or a kanji noun ending in its kana (繰り返し).
_OR = re.compile(
    # 「枝刈り・量子化・スパース化」: a list's middle dot, not one inside a katakana name (ワッサースタイン・ニューロン)
    r"(?<![ァ-ヺー])・|・(?![ァ-ヺー])|"
    r"\s+or\s+|\s+/\s+|(?<=[a-z])/(?=[a-z])|\s*(?:または|もしくは|あるいは)\s*|(?<=[\u30a1-\u30ff\u4e00-\u9fffA-Za-z0-9)）])(?:や|とか)(?=\S)"
    r"|(?<=[\u4e00-\u9fff][\u3041-\u3093])(?:や(?![すさ])|とか)(?=\S)",
    re.IGNORECASE,
)
_AFTER_LIST = re.compile(r"[)）\s]*[をがはでにも]")
_SHARED_TAIL = re.compile(r"\s*([A-Za-z][\w-]+)(?:\s+|\s*[,;:—–]\s*|\s+-\s+)\w", re.IGNORECASE)
# Not "when"/"if"/"because": a condition ("…hold up when training data is limited") qualifies its clause,
# and a paper matching the condition alone (any paper on training data) does not answer it.
_CLAUSE = re.compile(r"\s*[,;:]\s*|\s+[-—–]\s+|\s+(?:and|such\s+as)\s+|、", re.IGNORECASE)


_OPENS_QUESTION = re.compile(
    r"\s*(?:how|what|which|why|when|where|who|whether|does|do|did|is|are|was|were|can|could)\b", re.IGNORECASE
)


_SET_AGAINST = re.compile(r"\s*(?:rather\s+than|instead\s+of|as\s+opposed\s+to|not|but\s+not)\b", re.IGNORECASE)


_EXAMPLES = re.compile(
    r"\s*[(（]\s*(?:e\.?\s?g\.?|for\s+(?:example|instance)|such\s+as|say|like|例えば|たとえば)[^)）]*[)）]",
    re.IGNORECASE,
)
# Examples given after the topic, unbracketed: "…, like pruning, sparsity or quantization", "e.g. MoE or OT"
_EXAMPLES_AFTER = re.compile(
    # things, not places ("…, for example from a production line")
    r"(?:,\s*(?:like|say)|,?\s+(?:such\s+as|e\.\s?g\.,?|for\s+(?:example|instance),?|including))\s+"
    r"(?!(?:from|in|on|at|with|for|by|of|to|when|where|if)\b)(?P<list>[^,;:]+(?:,\s*[^,;:]+)*)$",
    re.IGNORECASE,
)
_LIST_ITEM = re.compile(r"\s*,\s*(?:or\s+|and\s+)?|\s+(?:or|and)\s+", re.IGNORECASE)
# A term glossed in the other script: 「Mixture-of-Experts（専門家混合）」, 「臨界熱流束（CHF）」; not a Japanese
# term glossed in Japanese (「沸騰曲線（抜山曲線）」), whose gloss may be the very thing asked.
_GLOSS = re.compile(
    r"(?<=[A-Za-z0-9])\s?[(（][\u3040-\u30ff\u4e00-\u9fff・]{1,25}[)）]"
    r"|(?<=[\u3040-\u30ff\u4e00-\u9fff])[(（][A-Za-z][\w .-]{0,24}[)）]"
)


def gloss_forms(text: str) -> list[str]:
    """A term glossed in the other script, in each script alone: 「長さ最適化(length-optimized)」 gives
    長さ最適化 and length-optimized; [] when nothing is glossed."""
    found = _GLOSS.search(text)
    if not found:
        return []
    return [" ".join(_GLOSS.sub(" ", text).split()), found.group(0).strip(" (（)）")]


def alternatives(topic: str, clauses: bool = True, glossed: bool = True) -> list[str]:
    """The whole topic, then each alternative ("faster inference or a speedup") and, with `clauses`, each
    clause of a compound question: it is covered when one of them is, as long as that part says something.
    Choosing a sentence takes the alternatives only: a clause piece ("… how text" / "image interact") is
    a fragment of one question, and a sentence matching the fragment does not answer it."""
    bare = _EXAMPLES.sub(" ", topic)
    if bare != topic and terms(bare):
        # "…across two networks (e.g. matching accounts between platforms)": the example illustrates the topic;
        # covering the topic without it is enough
        return [topic, *(a for a in alternatives(bare, clauses) if a != topic)]
    given = _EXAMPLES_AFTER.search(topic)
    if given and terms(topic[: given.start()]):
        # "…cheaper at deployment, like pruning, sparsity or quantization": covered by any example given of
        # the topic, each a thing a paper may be about on its own; the topic without them is a clause only
        head, examples = topic[: given.start()], [e for e in _LIST_ITEM.split(given["list"]) if terms(e)]
        parts = alternatives(head, clauses) if clauses else []
        return [topic, *dict.fromkeys(a for a in (*parts, *examples) if a != topic)]
    unglossed = _GLOSS.sub(" ", topic) if glossed else topic
    if unglossed != topic and terms(unglossed):
        # the papers may write the term in one script only: covered with its gloss or without it
        found = alternatives(topic, clauses, glossed=False)
        return [*found, *(a for a in alternatives(unglossed, clauses) if a not in found)]
    # 「(長さとか、繰り返しとか)を改善しようとしている」: what follows a list closed by its last とか is said of
    # every item, and is no alternative of its own
    parts = [p for p in _OR.split(topic) if p.strip() and not _AFTER_LIST.match(p)]
    found = [topic]
    if len(parts) > 1:
        found += [p for p in parts if p not in found]
        # "pruning / sparsity to make inference cheaper": a one-word alternative shares the tail of the
        # next, so that next one's own word ("sparsity") is an alternative by itself too; so do the items of
        # a list before it ("pruning, sparsity or quantization to make models cheaper")
        items = [item for item in re.split(r"\s*,\s*", parts[0]) if item.strip()]
        one_word = all(len([t for t in terms(item) if t not in FRAMING_TERMS]) == 1 for item in items)
        if one_word and len(items) > 1:
            found += [item for item in items if item not in found]
        shared = _SHARED_TAIL.match(parts[1]) if one_word else None
        if shared and shared.group(1) not in found and terms(shared.group(1)):
            found.append(shared.group(1))
    # 「圧縮(pruning、quantization、sparsity)に関係する論文」: each item of a bracketed list is one
    found += [item for item in _bracketed_items(topic) if item not in found]
    if not clauses:
        return found
    # "…, rather than (relying on) experiments": what is set against the topic is no alternative of it
    pieces = [c for c in _CLAUSE.split(topic) if c and c.strip() and not _SET_AGAINST.match(c)]
    if len(pieces) > 1 and len(pieces[0].split()) == 1 and _OPENS_QUESTION.match(pieces[1]):
        pieces = pieces[1:]  # "physically, what's …": one word before the question opens it, lists nothing
    if len(pieces) > 1:
        # A part of one word says something only as an item of a list of short parts ("pruning,
        # quantization, sparsity"), not as a clause of a long question (「…、比較でそれが示され、…」).
        short = sum(1 for c in pieces if len(terms(c)) <= 2)
        listed = len(pieces) >= 3 and 2 * short > len(pieces)
        # A clause asking a whole question of one word ("What is hyperfitting, and does it …?") says something
        # too; not of an abbreviation ("what lr and …"), which the initials of any two words spell.
        found += [c for c in pieces if c not in found and len(terms(c)) >= (1 if listed or _whole_question(c) else 2)]
    if len(pieces) >= 3:
        # "…, like pruning, sparsity or quantization": the last item of a list is an alternative too
        found += [a for c in pieces for a in _OR.split(c) if a.strip() and a not in found and a != c]
    return found


_BRACKETED_LIST = re.compile(r"[(（]([^()（）]+?[、,][^()（）]+?)[)）]")


def _bracketed_items(topic: str) -> list[str]:
    return [
        item.strip()
        for found in _BRACKETED_LIST.finditer(topic)
        for item in re.split(r"[、,]|\s+(?:or|and)\s+", found.group(1))
        if terms(item)
    ]


# "What is hyperfitting", "what's DataMan": a term asked to be defined (not "what was the score": a value)
_DEFINES = re.compile(r"\s*what(?:\s+(?:is|are)|['’]s)\s+(?:an?\s+|the\s+)?[\w-]+\s*$", re.IGNORECASE)


def _whole_question(piece: str) -> bool:
    return bool(_DEFINES.match(piece)) and any(len(t) >= 5 for t in terms(piece))


def category_codes(text: str) -> list[str]:
    return _CATEGORY_CODE.findall(text)


_NEGATION = re.compile(
    r"\b(?:not|n't|except|excluding|without|outside)\b|(?:い|れ)ていない|でない|じゃない|以外", re.IGNORECASE
)


def negated(text: str) -> bool:
    """ "Which papers are not in cs.LG?": the complement of a category."""
    return bool(_NEGATION.search(text))


# a paper in a list: a name with capitals inside (JOENA, DataMan) or "the … one"
_LISTED_PAPER = r"(?:the\s+[^,.;:?—]+?\s+(?:one|paper|study|work)|(?-i:[A-Z][\w-]*[A-Z][\w-]*))"
# Three or more things compared, listed: "compare JOENA, DataMan and the CHF study on…",
# 「JOENA、時系列Transformerの省エネ化、CHF予測の3本について…比較」.
_COMPARED_LISTS = [
    re.compile(
        r"(?:compare|contrast|comparing|across|among|between|^\s*of|\bout\s+of)\s+(?:the\s+)?(?:[\w-]+\s+(?:[\w-]+\s+)?(?:of|in|from)\s+)?(?P<list>[^?:;]+?,\s*[^?:;]+?,?\s+and\s+[^?:;,]+)",
        _FLAGS,
    ),
    # "…brag about speed: the network-matching one, the diffusion one and the energy one": papers described
    # one by one
    re.compile(
        r"\bthe\s+(?P<list>(?:[^,.;:?—]+?\s+(?:one|paper|study|work),\s*the\s+){1,4}[^,.;:?—]+?\s+(?:one|paper|study|work),?"
        r"\s+and\s+the\s+[^,.;:?—]+?\s+(?:one|paper|study|work))\b",
        _FLAGS,
    ),
    # "…brag about speedups — JOENA, the diffusion acceleration one and the energy one": a list after a dash or
    # colon of names and papers described one by one
    re.compile(rf"[:—–]\s*(?P<list>{_LISTED_PAPER}(?:,\s*{_LISTED_PAPER})*,?\s+and\s+{_LISTED_PAPER})\b", _FLAGS),
    # "MIMoE-FND vs JOENA vs DataMan: all claim …": three set against each other
    re.compile(r"(?:^|[:;—]\s*)(?P<list>[^:;,—(]+?(?:\s+(?:vs\.?|versus)\s+[^:;,—(?]+?){2,})(?=\s*[:;,?]|$)", _FLAGS),
    re.compile(
        r"^(?P<list>[^。？?]+?、[^。？?]+?)(?:の(?:\d|[２-９二三四五六])本|の(?:各)?論文|の研究)?(?:について|に関して|を|は)(?:[、,]|$)"
    ),
]
_LIST_SEPARATOR = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+|\s+(?:vs\.?|versus)\s+|、|・)\s*", re.IGNORECASE)


def _comparison_parts(text: str) -> tuple[str, ...]:
    # 「速さの改善を数字で言ってるのって JOENAとtransformerの時系列のやつ?」: what the two have in common comes first
    found = _compared_in(_LEADING_TOPIC.sub("", text))
    if not found:
        # 「輪講で理論系と応用系を対比したい。Aの論文と、Bの論文ってキャラどう違う？」: a sentence setting the scene
        # comes first, and the patterns that expect the compared things at the start read the next one
        sentences = [s for s in _JA_SENTENCE_END.split(text) if s.strip()]
        found = next((parts for s in sentences[1:] if (parts := _compared_in(s))), ())
    return found


_JA_SENTENCE_END = re.compile(r"(?<=[。！？])")
_LEADING_TOPIC = re.compile(r"^[^、。?？]+?(?:のって|のは)\s*(?=[^、。?？]+と)")


# Earlier work in general, which no one paper of the collection is: 「JOENAと既存手法との違い」 asks how JOENA
# differs from what came before it, which its own abstract says
_PRIOR_WORK = re.compile(
    r"(?:^|\s|[^\w\s])(?:"
    r"(?:既存|従来|先行|これまで)の?(?:手法|方法|研究|モデル|アプローチ|技術)群?|(?:ベースライン|SOTA)(?:手法)?"
    r"|(?:existing|prior|previous|earlier|conventional|traditional|other)\s+(?:methods?|approaches|work|models|techniques|art)"
    r"|(?:existing|prior|previous|earlier|conventional|traditional)"  # "compare with prior work": its noun read as framing
    r"|(?:the\s+)?(?:state[-\s]of[-\s]the[-\s]art|sota|baselines?)(?:\s+(?:methods?|models|approaches))?"
    r")\s*(?:との|と)?\s*$",  # the compared part ends in it: 「既存手法と」
    re.IGNORECASE,
)


def _compared_in(text: str) -> tuple[str, ...]:
    parts = _compared_parts_in(text)
    return () if any(_PRIOR_WORK.search(p) for p in parts) else parts


def _compared_parts_in(text: str) -> tuple[str, ...]:
    for pattern in _COMPARED_LISTS:
        match = pattern.search(text)
        if match:
            items = [_clean_part(item) for item in _LIST_SEPARATOR.split(match.group("list"))]
            if len(items) >= 3 and all(items):
                return tuple(items)
    for pattern in _COMPARE_SPLITS:
        match = pattern.search(text)
        if match:
            a, b = (_clean_part(match.group("a")), _clean_part(match.group("b")))
            if a and b:
                return (a, b)
    if (match := _DIFFERS_FROM_JA.search(text)) and (other := _clean_part(match.group("other"))):
        return ("それ", other)
    return ()


# 「最適輸送を使っているJOENAとは、…どう違いますか?」, 「DataMan と比べると、…」: how what is being talked
# about differs from the one named
_DIFFERS_FROM_JA = re.compile(
    r"(?:^|、)(?P<other>[^、。とは?？]+?)(?:とは[、,]?\s*(?=[^。?？]*(?:どう違|違い|違う|異な))|\s*と比べ(?:ると|て|たら)(?=[^。]*(?:どっちも|どちらも|両方|違い|違う|異な)))"
)


_PART_NOISE = re.compile(
    r"^(?:the\s+|(?:paper|one|study|work)\s+(?:on|about)\s+|papers?\s+|approach(?:es)?\s+(?:of|in)\s+|methods?\s+(?:of|in)\s+|results?\s+(?:of|in)\s+)+"
    r"|(?:\s+(?:paper|papers|approach|method|model|work|study|one))+\s*$|\s+(?:in\s+terms\s+of|with\s+respect\s+to|regarding|on)\s+.*$",
    re.IGNORECASE,
)


def _clean_part(part: str) -> str:
    """A compared thing without its scaffolding; "" when it is a clause rather than a thing
    ("which families of optimizations did they compare" compares nothing)."""
    part = re.sub(r"[?？!！。]+$", "", part.strip())
    part = re.sub(
        r"^(?:how|in\s+what\s+ways?|what)\s+(?:do|does|did|is|are)\s+|^how\s+(?=the\b)", "", part, flags=re.IGNORECASE
    )  # "how do A and B differ", "compare how the A paper and the B paper handle…"
    part = re.sub(r"^[Hh]ow\s+(?=[A-Z])", "", part)  # "compare to how DataMan feeds into training"
    if re.match(r"(?:which|what|how|who|why|when|where|did|does|do|is|are|was|were)\b", part, re.IGNORECASE):
        return ""
    part = re.split(r"\s*[:;—–]\s*|,\s+(?:but|and|so|which|what|how)\b|\s+-\s+|\s+both\b|[?？]\s+", part, maxsplit=1)[
        0
    ]  # "…paper: both fine-tune LLMs, but…", "…the hyperfitting paper both talk about…", "…paper? one is theory…"
    previous = None
    while previous != part:
        previous, part = part, _PART_NOISE.sub("", part).strip(" ,.;:")
    return part
