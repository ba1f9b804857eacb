"""Which URLs may become links: http(s) only, and arXiv ids turned into their abstract page.

A paper's url comes from the files a user ingests; anything else (javascript:, data:, file:, a
relative path) would be a live link in the chat or a surprise in an export, so it is never shown.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

NEW_ARXIV_ID = re.compile(r"\d{4}\.\d{4,5}(?:v\d+)?")
OLD_ARXIV_ID = re.compile(r"[a-z]+(?:-[a-z]+)*(?:\.[A-Z]{2})?/\d{7}(?:v\d+)?")
_VERSION = re.compile(r"v\d+$")
_SAFE_SCHEMES = ("http", "https")
# Characters that make a browser or a Markdown renderer read an attribute differently.
_UNSAFE_CHARACTERS = re.compile(r"[\x00-\x20\x7f<>\"'`\\]")


def arxiv_id(value: str) -> str | None:
    """The versionless arXiv id in "2502.19328v2", "hep-th/9711200" or "arXiv:2502.19328"."""
    text = value.strip().removeprefix("arXiv:").removeprefix("arxiv:")
    if NEW_ARXIV_ID.fullmatch(text) or OLD_ARXIV_ID.fullmatch(text):
        return _VERSION.sub("", text)
    return None


def arxiv_url(identifier: str) -> str | None:
    found = arxiv_id(identifier)
    return f"https://arxiv.org/abs/{found}" if found else None


def safe_url(url: object) -> str | None:
    """`url` when it is an absolute http(s) URL with a host, the arXiv page for an arXiv id, else None."""
    if not isinstance(url, str) or not (text := url.strip()):
        return None
    if found := arxiv_url(text):
        return found
    if _UNSAFE_CHARACTERS.search(text):
        return None
    try:
        parts = urlsplit(text)
    except ValueError:  # e.g. an unbalanced "[" in the host
        return None
    if parts.scheme.lower() not in _SAFE_SCHEMES or not parts.hostname:
        return None
    return text


def paper_links(url: object, paper_id: str | None) -> list[str]:
    """The links to show for a paper: its own url when safe, and its arXiv page whenever its id is an
    arXiv id (unless the url already is on arXiv), so a paper whose url was dropped still links there."""
    links = [found] if (found := safe_url(url)) else []
    on_arxiv = bool(links) and (urlsplit(links[0]).hostname or "").endswith("arxiv.org")
    if (page := arxiv_url(paper_id or "")) and not on_arxiv:
        links.append(page)
    return links
