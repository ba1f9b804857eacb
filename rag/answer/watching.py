"""Asking watched questions again: which papers an answer cites now that it did not cite before."""

from __future__ import annotations

from dataclasses import dataclass

from rag.answer.pipeline import Pipeline
from rag.index.watches import Watch, WatchList


@dataclass(frozen=True)
class WatchNews:
    watch: Watch
    new_papers: list[dict]  # the new citations: {id, title, ...} as Answer.to_dict() gives them


def cited_ids(answer: dict) -> list[str]:
    return [c["id"] for c in answer["citations"]]


def check_watches(pipeline: Pipeline, watches: WatchList, user: str | None = None) -> list[WatchNews]:
    """Ask every watched question again (one user's, or everyone's); the ones whose answer cites new papers."""
    news = []
    for watch in watches.list(user):
        answer = pipeline.ask(watch.question).to_dict()
        new = [c for c in answer["citations"] if c["id"] not in watch.cited]
        watches.record(watch.id, watch.cited + [c["id"] for c in new], [c["id"] for c in new])
        if new:
            news.append(WatchNews(watch, new))
    return news


def news_line(news: list[WatchNews]) -> str:
    count = len(news)
    return f"{count} watched question{'s' if count != 1 else ''} {'have' if count != 1 else 'has'} new papers"
