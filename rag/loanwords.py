"""English words and their katakana renderings as the same word: "hyperfitting" and ハイパーフィッティング.

A Japanese question often keeps a term of art in English ("hyperfittingって何？") while the paper's
machine-translated summary writes it in katakana. Neither the lexical index nor MiniLM sees that they
are one word. Both are reduced to a consonant skeleton, the part of a word that survives
transliteration (vowels, long-vowel marks and doubled letters do not): ハイパーフィッティング and
"hyperfitting" are both h-p-f-t-n-g, ワッサースタイン and "Wasserstein" both w-s-t-n.

A paper's coined name is written in katakana as it sounds (ジョエナ, データマン, リワードエージェント): too
short a skeleton for JOENA (j-n), it is compared letter by letter in romaji as well.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rag.text import edit_distance

# The consonant each kana begins with ("" for a vowel); small kana and marks add none.
_KANA_ROWS = {
    "k": "カキクケコ",
    "g": "ガギグゲゴ",
    "s": "サシスセソザジズゼゾ",
    "t": "タチツテト",
    "d": "ダヂヅデド",
    "n": "ナニヌネノン",
    "h": "ハヒヘホ",
    "f": "フ",
    "b": "バビブベボヴ",
    "p": "パピプペポ",
    "m": "マミムメモ",
    "r": "ラリルレロ",
    "w": "ワヲ",
}
_CONSONANT_OF = {kana: c for c, row in _KANA_ROWS.items() for kana in row}
_KATAKANA_WORD = re.compile(r"[ァ-ヺー]{3,}")
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z-]{3,}")
# English spellings for the sound a katakana row writes, longest first.
_ENGLISH_SOUNDS = [
    ("(?<!s)ti(?=on)", "s"),  # "iteration" sounds イテレーション, "-tion" as ション (not "question", クエスチョン)
    ("tch", "t"),
    ("sch", "s"),
    ("ph", "f"),
    ("th", "s"),
    ("sh", "s"),
    ("ch", "t"),
    ("ck", "k"),
    ("qu", "k"),
    ("x", "ks"),
    ("q", "k"),
    ("c(?=[eiy])", "s"),
    ("c", "k"),
    ("z", "s"),
    ("j", "s"),
    ("v", "b"),
    ("l", "r"),
    ("m(?=[pb])", "n"),
]
_MIN_KEY = 3  # shorter skeletons ("g-s") match too many words


@lru_cache(maxsize=65536)
def katakana_key(word: str) -> str:
    """The consonant skeleton of a katakana word: ハイパーフィッティング → "hpftng"."""
    return _collapse("".join(_CONSONANT_OF.get(kana, "") for kana in word))


def english_key(word: str) -> str:
    """The consonant skeleton of an English word as katakana would render it: "hyperfitting" → "hpftng".
    An "r" after a vowel is not pronounced before a consonant (ハイパー for "hyper"), nor is "y" or a vowel."""
    spelled = word.lower().replace("-", "")
    spelled = re.sub(r"(?<=[aeiou])r(?=[^aeiouy]|$)", "", spelled)
    for english, sound in _ENGLISH_SOUNDS:
        spelled = re.sub(english, sound, spelled)
    spelled = re.sub(r"(?<=[^aeiou])h", "", spelled)  # "gh", a silent "h" after a consonant
    return _collapse(re.sub(r"[^bdfghkmnprstw]", "", spelled))


def _collapse(key: str) -> str:
    return re.sub(r"(.)\1+", r"\1", key)


def same_word(english: str, katakana: str) -> bool:
    """Whether a katakana word renders an English word (or the English word's stem begins it)."""
    a, b = english_key(english), katakana_key(katakana)
    if len(a) < _MIN_KEY or len(b) < _MIN_KEY:
        return False
    return a == b or (len(a) >= 4 and b.startswith(a)) or (len(b) >= 4 and a.startswith(b))


def renders_whole(english: str, katakana: str) -> bool:
    """Whether a katakana word renders the whole English word, in either number: クオンタイゼーション
    "quantization", イテレーション "iterations"; not a longer word it only begins (コンピュータ, "computational")."""
    key = katakana_key(katakana)
    return english_key(english) in (key, f"{key}s")


def renders_name(name: str, katakana: str) -> bool:
    """Whether a katakana word writes a coined name as it sounds: リワードエージェント for "RewardAgent" (its
    "g" before "e" sounds ジ), ジョエナ or ジョーナ for "JOENA", データマン for "DataMan", ミモエ for the first
    part of "MIMoE-FND". Whole names only: データマイニング is no DataMan."""
    return any(_sounds_as(part, katakana) for part in {name, name.split("-")[0]})


def renders_phrase(name: str, katakana: str) -> bool:
    """Whether one katakana word writes a name of a few words run together as it sounds: エージェンティック
    リワードモデリング for "Agentic Reward Modeling". The whole phrase only (エネルギー is no "energy-efficient
    transformer inference")."""
    return _sounds_as(re.sub(r"[\s-]+", "", name), katakana)


def _sounds_as(name: str, katakana: str) -> bool:
    skeleton, written = _name_forms(name)
    heard = katakana_key(katakana)
    if skeleton[:1] != heard[:1]:  # cheap first: a catalogue may hold thousands of names
        return False
    if len(skeleton) >= _MIN_KEY and skeleton == heard:
        return True
    said, allowed = romaji(katakana), max(1, len(written) // 5)
    return min(len(written), len(said)) >= 4 and edit_distance(written, said) <= allowed


@lru_cache(maxsize=65536)
def _name_forms(name: str) -> tuple[str, str]:
    """A name's consonant skeleton (its "g" before "e" or "i" sounding ジ) and its letters as katakana
    would write them ("l" as "r", "v" as "b")."""
    spelled = name.lower()
    skeleton = english_key(re.sub(r"g(?=[eiy])", "j", spelled))
    letters = re.sub(r"[^a-z]", "", spelled.replace("l", "r").replace("v", "b"))
    return skeleton, letters


# Each kana as Hepburn spells it; small kana change the vowel before them (ジ+ョ → jo, テ+ィ → ti).
_SYLLABLES = dict(
    zip(
        "アイウエオカキクケコガギグゲゴサシスセソザジズゼゾタチツテトダヂヅデドナニヌネノハヒフヘホバビブベボパピプペポマミムメモヤユヨラリルレロワヲンヴ",
        "a i u e o ka ki ku ke ko ga gi gu ge go sa shi su se so za ji zu ze zo ta chi tsu te to da ji zu de do "
        "na ni nu ne no ha hi fu he ho ba bi bu be bo pa pi pu pe po ma mi mu me mo ya yu yo ra ri ru re ro wa o n bu".split(),
    )
)
_SMALL_VOWELS = dict(zip("ァィゥェォャュョ", ["a", "i", "u", "e", "o", "ya", "yu", "yo"]))


@lru_cache(maxsize=65536)
def romaji(katakana: str) -> str:
    """A katakana word in Latin letters, long-vowel marks and doubling left out: ジョーナ → "jona"."""
    out = ""
    for kana in katakana:
        if kana in _SMALL_VOWELS and out and out[-1] in "aiueo":
            vowel = _SMALL_VOWELS[kana]
            out = out[:-1] + (vowel[-1] if len(vowel) == 1 or out[-2:-1] in ("h", "j") else vowel)
        else:
            out += _SYLLABLES.get(kana, "")
    return out


def rendered(english_words: list[str], text: str) -> set[str]:
    """The English words whose katakana rendering `text` contains."""
    katakana = set(_KATAKANA_WORD.findall(text))
    return {w for w in english_words if any(same_word(w, k) for k in katakana)}


def katakana_words(text: str) -> list[str]:
    """The katakana words of a text (three kana or more), as written."""
    return list(dict.fromkeys(_KATAKANA_WORD.findall(text)))


def latin_words(text: str) -> list[str]:
    """The English words of a (Japanese) text, as written."""
    return list(dict.fromkeys(_LATIN_WORD.findall(text)))
