"""The tools an assistant gets over MCP, defined once: Gradio serves them from the web app (app.py
--mcp) and `rag mcp` over stdio. Both servers describe each tool to the agent from its name, its
docstring (the text before "Args:", one "name: description" line per parameter, then "Returns:") and
its type hints, so the docstrings say when to use which tool.

Each tool returns a JSON object and raises InputError, with a message for the agent, on bad input.
"""

from collections.abc import Callable
from typing import Any

from rag.answer.pipeline import UnknownPaper
from rag.web.service import PAPERS_SHOWN, ChatService, InputError, check_question, search_papers

MAX_PASSAGES = 50
_ROLES = ("user", "assistant")


class PaperTools:
    def __init__(self, service: ChatService):
        self.service = service

    def functions(self) -> list[Callable[..., dict[str, Any]]]:
        return [self.ask, self.search_papers, self.list_papers, self.get_paper]

    def ask(
        self, question: str, history: list[dict] | None = None, paper_ids: list[str] | None = None
    ) -> dict[str, Any]:
        """Answer a question from the indexed research papers, citing the papers it rests on.

        Use this for any question the papers may answer: what a paper proposes or finds, how papers compare, which papers address a topic, who wrote what and when. The answer quotes or paraphrases the papers, with [n] markers that refer to its citations; when the papers do not cover the question it says so instead of guessing. Pass the earlier turns as history for a follow-up ("who wrote it?").

        Args:
            question: The question, in English or Japanese (at most 4,000 characters).
            history: The conversation so far, oldest first, as [{"role": "user" or "assistant", "content": "..."}]; omit it for a new question.
            paper_ids: Answer only from these papers (ids as list_papers or search_papers give them); omit it to use every paper.

        Returns:
            The answer object of `rag ask --json`: answer (text with [n] markers), citations ([{n, id, title, authors, published, url, passages, supporting}]), abstained (true when the papers do not cover the question; then suggestions lists the closest papers), answerer, notice, query, kind.
        """
        try:
            return self.service.ask(question, _checked_history(history), paper_ids or [])
        except UnknownPaper as exc:
            raise InputError(str(exc)) from None

    def search_papers(self, query: str, k: int | None = None) -> dict[str, Any]:
        """Find the passages of the indexed papers that best match a query, best first (keyword and meaning search combined).

        Use this to find which papers discuss something, or to read the papers' own words before quoting them; use ask instead for a written, cited answer. A passage is a few sentences of a paper's abstract (or its Japanese summary).

        Args:
            query: What to look for: words or a question, in English or Japanese.
            k: How many passages to return, 1 to 50 (default: the server's setting, usually 6).

        Returns:
            {"query", "passages": [{paper_id, title, authors, published, url, text, score (relevance 0 to 1), lang, page (when known)}]}.
        """
        k = self.service.settings.top_k if k is None else k
        if not 1 <= k <= MAX_PASSAGES:
            raise InputError(f"k must be between 1 and {MAX_PASSAGES}")
        query = check_question(query)
        return {"query": query, "passages": [p.to_dict() for p in self.service.search(query, k)]}

    def list_papers(self, query: str | None = None) -> dict[str, Any]:
        """List the indexed papers: id, title, authors, publication date and arXiv categories.

        Use this to see what the collection holds, or to find a paper's id for get_paper or for ask's paper_ids. On a large collection, narrow it with a query.

        Args:
            query: Only papers whose title, authors, categories, id, date or abstract contain every one of these words; omit it to list all.

        Returns:
            {"total": number of papers that match, "papers": [{id, title, authors, published, categories}]}, at most 100 papers.
        """
        found = search_papers(self.service.papers(), query or "")
        return {"total": len(found), "papers": [p.summary_dict() for p in found[:PAPERS_SHOWN]]}

    def get_paper(self, paper_id: str) -> dict[str, Any]:
        """Everything recorded about one indexed paper, including its whole abstract.

        Use this to read a paper's full abstract, its Japanese summary, its link or its categories, after list_papers or search_papers named it.

        Args:
            paper_id: The paper's id as list_papers or search_papers give it (an unambiguous start of the id, or words of the title, also work).

        Returns:
            {id, title, abstract, authors, published, published_at (the UTC time, when the source gives one), categories, summary_ja, url}.
        """
        try:
            paper = self.service.paper(paper_id)
        except UnknownPaper as exc:
            raise InputError(str(exc)) from None
        record = paper.to_dict()
        del record["source"]  # a path on the server's disk: nothing an agent can use
        return record


def _checked_history(history: list[dict] | None) -> list[dict]:
    messages = history or []
    if not all(isinstance(m, dict) and m.get("role") in _ROLES and isinstance(m.get("content"), str) for m in messages):
        raise InputError('history must be a list of {"role": "user" or "assistant", "content": "..."} messages')
    return messages
