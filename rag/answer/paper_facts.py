"""Answers about the papers themselves (authors, dates, categories, the list), from their records.

Each sentence states a field of a paper's record and cites that paper, whose reference entry shows
the same field: grounded by construction, like the extractive answers.
"""

from __future__ import annotations

from collections.abc import Sequence

from rag.answer.citations import References
from rag.models import Paper

MAX_LISTED = 25


def _join(names: Sequence[str], lang: str) -> str:
    if lang == "ja":
        return "、".join(names)
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + ", and " + names[-1]


def _authors(paper: Paper, lang: str) -> str:
    people = _join(list(paper.authors), lang) or ("不明" if lang == "ja" else "unknown authors")
    count = len(paper.authors)
    if lang == "ja":
        return f"「{paper.title}」の著者は{people}です（{count}名）"
    if count > 1:
        return f"*{paper.title}* was written by {count} authors: {people}"
    return f"*{paper.title}* was written by {people}"


def _published(paper: Paper, lang: str, when: str, field_ja: str) -> str:
    return f"「{paper.title}」の{field_ja}は{when}です" if lang == "ja" else f"*{paper.title}* was published on {when}"


def _date(paper: Paper, lang: str) -> str:
    return _published(paper, lang, paper.published or ("不明" if lang == "ja" else "an unknown date"), "発行日")


def _moment(paper: Paper, lang: str) -> str:
    """The date with the time of day, where the record has one ("2025-02-26 18:01 UTC")."""
    if not paper.published_at:
        return _date(paper, lang)
    return _published(paper, lang, f"{paper.published_at[:10]} {paper.published_at[11:16]} UTC", "発行日時")


def _categories(paper: Paper, lang: str) -> str:
    codes = ", ".join(paper.categories) or "no category"
    return f"「{paper.title}」のカテゴリーは{codes}です" if lang == "ja" else f"*{paper.title}* is listed under {codes}"


FIELDS = {"authors": _authors, "date": _date, "moment": _moment, "categories": _categories}


def describe(papers: Sequence[Paper], fields: Sequence[str], refs: References, lang: str, first_passage) -> str:
    """One sentence per paper and asked field ("who wrote it and when?"), each citing the paper."""
    lines = []
    for paper in papers:
        n = refs.cite(paper, first_passage(paper))
        for field in fields:
            lines.append(f"{FIELDS[field](paper, lang)} [{n}]" + ("。" if lang == "ja" else "."))
    return "\n".join(lines)


def listing(papers: Sequence[Paper], refs: References, lang: str, first_passage, heading: str) -> str:
    lines = [heading]
    for paper in papers[:MAX_LISTED]:
        n = refs.cite(paper, first_passage(paper))
        lines.append(f"- **{paper.title}** ({paper.published or 'n.d.'}) [{n}]")
    if len(papers) > MAX_LISTED:
        lines.append(
            f"…and {len(papers) - MAX_LISTED} more." if lang != "ja" else f"…ほか{len(papers) - MAX_LISTED}件。"
        )
    return "\n".join(lines)


def by_author(person: str, papers: Sequence[Paper], refs: References, lang: str, first_passage) -> str:
    if lang == "ja":
        return "\n".join(f"{person}は「{p.title}」の著者です [{refs.cite(p, first_passage(p))}]。" for p in papers)
    lines = []
    for paper in papers:
        n = refs.cite(paper, first_passage(paper))
        named = _authors_named(person, paper.authors)
        who = " and ".join(named) if named else person
        lines.append(f"{who} {'are authors' if len(named) > 1 else 'is an author'} of *{paper.title}* [{n}].")
    return "\n".join(lines)


def _authors_named(person: str, authors: Sequence[str]) -> list[str]:
    """The paper's authors the asked words name: each written in full ("Gen Li and Changxiao Cai"), else by
    surname ("alistarh / shavit"), the first author of each surname asked."""
    asked = set(person.casefold().split())
    whole = [a for a in authors if a.split() and set(a.casefold().split()) <= asked]
    by_surname: dict[str, str] = {}
    for author in authors:
        surname = author.split()[-1].casefold() if author.split() else ""
        if surname in asked:
            by_surname.setdefault(surname, author)
    return whole or list(by_surname.values())
