"""The web chat's downloads of a saved conversation: its latest answer and the whole conversation as
Markdown with references, and BibTeX of every paper cited in it (rag.answer.export writes all three)."""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from rag.answer import export
from rag.index.chats import Chat


@dataclass(frozen=True)
class Downloads:
    answer_markdown: Path
    conversation_markdown: Path
    bibtex: Path
    answer_text: str  # the latest answer as Markdown, for the copy button


def _slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:40] or "conversation"


def write_downloads(chat: Chat, folder: Path | None = None) -> Downloads:
    """Write the three files into a new folder (a temporary one by default, which Gradio may serve)."""
    folder = Path(tempfile.mkdtemp(prefix="paper-chat-", dir=folder))
    turns = [(t.question, t.answer) for t in chat.turns]
    name = _slug(chat.summary.title)
    latest = export.answer_markdown(turns[-1][1], turns[-1][0]) if turns else ""
    paths = (folder / f"{name}-answer.md", folder / f"{name}.md", folder / f"{name}.bib")
    paths[0].write_text(latest, encoding="utf-8")
    paths[1].write_text(export.conversation_markdown(turns, chat.summary.title), encoding="utf-8")
    paths[2].write_text(export.bibtex(export.cited_papers(answer for _, answer in turns)), encoding="utf-8")
    return Downloads(*paths, latest)
