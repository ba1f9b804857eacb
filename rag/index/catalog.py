"""Lookups over paper records: by author, by category, by a name the paper goes by.

Kept in the same SQLite file as the lexical index (and maintained with it), so questions about the
papers themselves ("which paper did Dan Alistarh co-author?", "compare JOENA and DataMan") stay
index lookups at any corpus size instead of scans over every record.
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from collections.abc import Iterable, Sequence

from rag.index.sql_parts import in_parts
from rag.loanwords import katakana_words, renders_name, renders_phrase
from rag.models import Paper
from rag.text import terms

SCHEMA = """
CREATE TABLE IF NOT EXISTS paper_authors(paper_id TEXT NOT NULL, part TEXT NOT NULL, position INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS paper_authors_part ON paper_authors(part);
CREATE TABLE IF NOT EXISTS paper_categories(paper_id TEXT NOT NULL, code TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS paper_categories_code ON paper_categories(code);
CREATE TABLE IF NOT EXISTS paper_names(paper_id TEXT NOT NULL, name TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS paper_names_name ON paper_names(name);
CREATE TABLE IF NOT EXISTS paper_acronyms(paper_id TEXT NOT NULL, acronym TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS paper_acronyms_acronym ON paper_acronyms(acronym);
"""

# How an abstract gives its method a name: "a framework … named JOENA", "called X", or the acronym in
# brackets right after the words it stands for ("… Fake News Detection (MIMoE-FND)").
# "named JOENA", "(MIMoE-FND)", and a capitalised term set in quotes ("highly entangled ‘Wasserstein Neurons’").
_INTRODUCED = re.compile(
    r"\b(?:named|called|dubbed|termed|coined)\s+([A-Za-z][\w-]*)|\(([A-Za-z][\w-]*)\)"
    r"|[‘“\"]([A-Z][\w-]*(?:\s+[A-Z][\w-]*){1,3})[’”\"]"
)
_CJK = re.compile(r"[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]+")
_MAX_NAME_SHARE = 2  # a name used by more papers than this names none of them (LLM, NLP, ...)


def fold(text: str) -> str:
    """Case- and accent-insensitive form used for names."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def names_of(paper: Paper) -> set[str]:
    """What a question might call this paper: its title, its short title ("DataMan" of "DataMan: …"),
    and the names its abstract gives it ("named JOENA", "… Fake News Detection (MIMoE-FND)").
    Other capitalised words are not names of the paper: section headings (BACKGROUND), abbreviations
    it merely uses (COPD), genes (ApoE), titles set in capitals."""
    names = {fold(paper.title)} if len(paper.title.split()) >= 2 else set()
    if ":" in paper.title:
        short = paper.title.split(":", 1)[0].strip()
        if 0 < len(short.split()) <= 5 and len(short) >= 4:
            names.add(fold(short))
    return names | {fold(name) for name in coined_names(paper)}


_TITLE_WORD = re.compile(r"[A-Z][\w]*(?:-[A-Za-z]\w*)*")


def title_acronyms(paper: Paper) -> list[str]:
    """The initials of runs of two to four capitalised title words that the paper never writes itself:
    researchers call "… for Critical Heat Flux Prediction …" the CHF paper though it never says "CHF".
    One the paper does write (MRR, LLM) is an abbreviation it uses, not a name of it."""
    text = f"{paper.title} {paper.abstract} {paper.summary_ja}"
    found: list[str] = []
    for run in re.split(r"\s+(?![A-Z])\S+\s*|[:;,()]", paper.title):
        words = [w for w in _TITLE_WORD.findall(run) if w not in ("The", "A", "An")]
        for size in (2, 3, 4):
            for start in range(len(words) - size + 1):
                initials = "".join(w[0] for w in words[start : start + size])
                if len(initials) >= 3 and not re.search(rf"(?<![\w-]){initials}(?![\w-])", text, re.IGNORECASE):
                    found.append(initials)
    return list(dict.fromkeys(found))


def coined_names(paper: Paper) -> list[str]:
    """The names the abstract gives the paper's own method, as it spells them (JOENA, MIMoE-FND)."""
    title_words = set(re.findall(r"[\w-]+", paper.title))
    coined: list[str] = []
    for match in _INTRODUCED.finditer(paper.abstract):
        word = match.group(1) or match.group(2) or match.group(3)
        if _is_name(word) and (
            match.group(1) or match.group(3) or _expands_title(word, paper.abstract[: match.start()], title_words)
        ):
            coined.append(word)
    return list(dict.fromkeys(coined))


def _expands_title(acronym: str, before: str, title_words: set[str]) -> bool:
    """Whether the words just before a bracketed acronym are the title's (the paper naming itself)."""
    preceding = re.findall(r"[\w-]+", before)[-2 * len(acronym) :]
    return len({w.casefold() for w in preceding} & {w.casefold() for w in title_words if len(w) > 3}) >= 2


def _in_capitals(name: str, text: str) -> bool:
    return any(m.isupper() for m in re.findall(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text, flags=re.IGNORECASE))


def _is_name(token: str) -> bool:
    if token.isupper() or (token.endswith("s") and token[:-1].isupper()):  # LLMs is LLM, plural
        # JOENA and PLAID are names; LLM, DPO and MRR are shared abbreviations.
        return len(token.rstrip("s").replace("-", "")) >= 4
    return sum(c.isupper() for c in token) >= 2  # DataMan, RewardAgent, MIMoE-FND


def add(db: sqlite3.Connection, papers: Iterable[Paper]) -> None:
    for paper in papers:
        db.executemany(
            "INSERT INTO paper_authors(paper_id, part, position) VALUES(?, ?, ?)",
            [(paper.id, part, i) for i, author in enumerate(paper.authors) for part in _name_parts(author)],
        )
        db.executemany(
            "INSERT INTO paper_categories(paper_id, code) VALUES(?, ?)",
            [(paper.id, c.casefold()) for c in paper.categories],
        )
        db.executemany("INSERT INTO paper_names(paper_id, name) VALUES(?, ?)", [(paper.id, n) for n in names_of(paper)])
        db.executemany(
            "INSERT INTO paper_acronyms(paper_id, acronym) VALUES(?, ?)", [(paper.id, a) for a in title_acronyms(paper)]
        )


def remove(db: sqlite3.Connection, paper_ids: Sequence[str]) -> None:
    for part, marks in in_parts(paper_ids):
        for table in ("paper_authors", "paper_categories", "paper_names", "paper_acronyms"):
            db.execute(f"DELETE FROM {table} WHERE paper_id IN ({marks})", part)


def _name_parts(author: str) -> list[str]:
    return [p for p in re.split(r"[\s.]+", fold(author)) if len(p) >= 2]


def papers_by_author(db: sqlite3.Connection, words: Sequence[str]) -> dict[str, int]:
    """Papers whose authors match the most of `words` (capitalised words of a question), with that count:
    the parts of one author's name, or the co-authors named, whichever is more."""
    parts = sorted({fold(w) for w in words if len(w) >= 2})
    if not parts:
        return {}
    marks = ",".join("?" * len(parts))
    rows = db.execute(
        f"SELECT paper_id, position, count(DISTINCT part) FROM paper_authors WHERE part IN ({marks}) GROUP BY paper_id, position",
        parts,
    ).fetchall()
    best: dict[str, int] = {}
    authors: dict[str, int] = {}
    for paper_id, _position, matched in rows:
        best[paper_id] = max(best.get(paper_id, 0), matched)
        authors[paper_id] = authors.get(paper_id, 0) + 1
    # "Dan Alistarh" is two parts of one author; "Schenke & Baumann" one part each of two co-authors.
    best = {pid: max(n, authors[pid]) for pid, n in best.items()}
    top = max(best.values(), default=0)
    return {pid: n for pid, n in best.items() if n == top}


def people_written(db: sqlite3.Connection, text: str) -> list[str]:
    """The authors' names `text` writes in full, in any case ("is dan alistarh on any of these?"): two
    neighbouring words that are two parts of one author's name, as the text spells them."""
    spelled = re.findall(r"[^\W\d_][\w-]*", _CJK.sub(" ", text))
    words = [fold(w) for w in spelled]
    parts_of: dict[tuple[str, int], set[str]] = {}  # the parts of each author's name that the text holds
    for part, marks in in_parts(sorted(set(words))):
        rows = db.execute(f"SELECT paper_id, position, part FROM paper_authors WHERE part IN ({marks})", part)
        for pid, position, name in rows:
            parts_of.setdefault((pid, position), set()).add(name)
    people = [
        (spelled[i], spelled[i + 1])
        for i in range(len(words) - 1)
        if words[i] != words[i + 1] and any({words[i], words[i + 1]} <= parts for parts in parts_of.values())
    ]
    return [w for pair in people for w in pair]


def papers_in_category(db: sqlite3.Connection, code: str) -> list[str]:
    return [r[0] for r in db.execute("SELECT paper_id FROM paper_categories WHERE code = ?", (code.casefold(),))]


def paper_titled(db: sqlite3.Connection, title: str) -> str | None:
    """The paper with exactly this title (ignoring case and accents), if any."""
    row = db.execute(
        "SELECT paper_id FROM paper_names WHERE name = ? LIMIT 1", (fold(" ".join(title.split())),)
    ).fetchone()
    return row[0] if row else None


def papers_named(db: sqlite3.Connection, text: str) -> dict[str, str]:
    """{paper id: the name used} for the names in `text` that point at one or two papers, in order of mention."""
    folded = fold(text)
    # Japanese has no spaces: "DataManの著者" must still yield the word "dataman".
    words = re.findall(r"[\w][\w-]*", _CJK.sub(" ", folded))
    phrases = {" ".join(words[i : i + n]) for n in (2, 3, 4, 5) for i in range(len(words) - n + 1)}
    # "a Wasserstein neuron" names the paper of "Wasserstein Neurons": a phrase's last word in either number
    numbered = {p[:-1] if p.endswith("s") else f"{p}s" for p in phrases}
    # "DataMan-selected data", "JOENA-style alignment": a name before a hyphenated modifier names its paper
    prefixes = {prefix for w in words for prefix in _hyphen_prefixes(w)}
    candidates = sorted({*words, *phrases, *numbered, *prefixes})
    found: dict[str, str] = {}
    for part, marks in in_parts(candidates):
        rows = db.execute(
            f"SELECT name, group_concat(paper_id, char(31)) FROM paper_names WHERE name IN ({marks}) GROUP BY name",
            part,
        )
        for name, ids in rows:
            ids = ids.split("\x1f")
            if len(ids) <= _MAX_NAME_SHARE:
                for pid in ids:
                    if len(name) > len(found.get(pid, "")):
                        found[pid] = name
    # "MIMoE" for MIMoE-FND: a coined hyphenated name's first part, typed alone, names its paper when only one has it
    for word in {w for w in words if len(w) >= 4 and "-" not in w}:
        owners = db.execute(
            "SELECT DISTINCT paper_id FROM paper_names WHERE name LIKE ? ESCAPE '\\' AND name NOT LIKE '% %'",
            (_like_escaped(word) + "-%",),
        ).fetchall()
        if len(owners) == 1 and owners[0][0] not in found:
            found[owners[0][0]] = word
    # ジョエナ, データマン: a coined name (one word: JOENA, DataMan, MIMoE-FND's "MIMoE") written in katakana;
    # エージェンティックリワードモデリング: a short name of a few words ("Agentic Reward Modeling") run together
    kana = katakana_words(text)
    if kana:
        for name, pid in db.execute("SELECT name, paper_id FROM paper_names WHERE name NOT LIKE '% % % %'"):
            renders = renders_phrase if " " in name else renders_name
            written = next((k for k in kana if renders(name, k)), None)
            if written and pid not in found:
                found[pid] = written
    return dict(sorted(found.items(), key=lambda item: folded.find(fold(item[1]))))


def _hyphen_prefixes(word: str) -> list[str]:
    pieces = word.split("-")
    return ["-".join(pieces[:n]) for n in range(1, len(pieces))]


def _like_escaped(text: str) -> str:
    return re.sub(r"([\\%_])", r"\\\1", text)


_LOWER_CASE_PAPER_NAME = re.compile(
    r"(?<![\w-])([a-z]{3,5})(?=(?:\s+[\w-]+){0,2}?\s+(?:paper|study|work|article|model|method|approach)s?\b)"
)


def acronyms_in(db: sqlite3.Connection, text: str) -> dict[str, list[str]]:
    """{acronym: paper ids} for the capitalised acronyms in `text` that abbreviate a title ("CHF");
    only in capitals ("arm" is a word, "ARM" may be Agentic Reward Modeling), or in lower case where it
    calls a paper or its model something ("in the chf paper", "the chf hybrid ml model")."""
    latin = _CJK.sub(" ", text)
    capitals = re.findall(r"(?<![\w-])[A-Z]{3,5}(?![\w-])", latin)
    written = sorted({*capitals, *(a.upper() for a in _LOWER_CASE_PAPER_NAME.findall(latin))})
    if not written:
        return {}
    marks = ",".join("?" * len(written))
    rows = db.execute(f"SELECT acronym, paper_id FROM paper_acronyms WHERE acronym IN ({marks})", written)
    found: dict[str, list[str]] = {}
    for acronym, pid in rows:
        found.setdefault(acronym, []).append(pid)
    return found


class Catalog:
    """The paper lookups the answer layer and the front ends use: one matching rule each, no SQL outside the index."""

    def __init__(self, lexical):
        self._lexical = lexical  # the LexicalIndex whose SQLite file holds the catalogue
        self._db: sqlite3.Connection = lexical.db

    def papers_named(self, text: str) -> dict[str, str]:
        """Papers `text` names. A one-word name that is also an ordinary word of the collection (the
        RENAL trial, "renal failure") names its paper only when written in capitals; a title's initials
        ("CHF") only when no paper writes them (ART, HIV are ordinary words of a medical collection)."""
        found = {
            pid: name
            for pid, name in papers_named(self._db, text).items()
            if " " in name or not self._ordinary(name, pid) or _in_capitals(name, text)
        }
        for acronym, ids in acronyms_in(self._db, text).items():
            if len(ids) <= _MAX_NAME_SHARE and not self.written(acronym):
                for pid in ids:
                    found.setdefault(pid, fold(acronym))
        return dict(sorted(found.items(), key=lambda item: fold(text).find(fold(item[1]))))

    def written(self, word: str) -> bool:
        """Whether any chunk of the collection holds the word."""
        term = terms(word)
        return bool(term) and bool(self._lexical.document_frequencies(term[:1]).get(term[0]))

    def _ordinary(self, name: str, paper_id: str) -> bool:
        """Whether other papers use the name's word too: more chunks hold it than the paper has."""
        term = terms(name)
        if len(term) != 1:
            return False
        held = self._lexical.document_frequencies(term).get(term[0], 0)
        return held > len(self._lexical.chunk_ids_of([paper_id]))

    def paper_titled(self, title: str) -> str | None:
        return paper_titled(self._db, title)

    def papers_by_author(self, words: Sequence[str]) -> dict[str, int]:
        return papers_by_author(self._db, words)

    def people_written(self, text: str) -> list[str]:
        return people_written(self._db, text)

    def surnames_typed(self, text: str) -> list[str]:
        """The words of `text` that are parts of an author's name and that no abstract writes: surnames
        typed in lower case ("which paper is alistarh on?", "how do schenke & baumann…"). Four letters at
        least: "gen" is short for generation as well as Gen Li's first name."""
        typed = {w: terms(w)[:1] for w in dict.fromkeys(re.findall(r"[a-z][a-z-]{3,}", text))}
        held = self._lexical.document_frequencies(sorted({t[0] for t in typed.values() if t}))
        words = [w for w, t in typed.items() if not (t and held.get(t[0]))]
        found: set[str] = set()
        for part, marks in in_parts(sorted(words)):
            found |= {r[0] for r in self._db.execute(f"SELECT part FROM paper_authors WHERE part IN ({marks})", part)}
        return [w for w in words if w in found]

    def papers_in_category(self, code: str) -> list[str]:
        return papers_in_category(self._db, code)

    def find(self, value: str) -> list[str]:
        """Papers a user's reference picks out (`--paper`, a case file, the web's filter): the exact id,
        else ids starting with it, else the exact title, else titles containing it (case-insensitive)."""
        papers = self._lexical.papers()
        exact = [p.id for p in papers if p.id == value]
        if exact:
            return exact
        key = " ".join(fold(value).split())
        return (
            [p.id for p in papers if p.id.startswith(value)]
            or [p.id for p in papers if " ".join(fold(p.title).split()) == key]
            or [p.id for p in papers if key in " ".join(fold(p.title).split())]
        )
