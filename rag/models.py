"""The small typed records that travel along the flow: Paper → Chunk → Passage → Citation → Answer."""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass, field, fields

from rag.links import safe_url

_SLUG_WORDS = 6


def paper_id_from_title(title: str) -> str:
    """A stable id for a paper that carries none: a readable slug plus a hash of the whole title.

    The hash keeps two titles that share their first words apart; normalising case, width and
    spacing first keeps the id stable across copies of the same title.
    """
    normal = " ".join(unicodedata.normalize("NFKC", title).casefold().split())
    words = re.findall(r"[a-z0-9]+", normal)[:_SLUG_WORDS]
    digest = hashlib.sha1(normal.encode("utf-8")).hexdigest()[:8]
    return "-".join([*words, digest]) if words else digest


@dataclass(frozen=True)
class PageText:
    """A piece of a paper's full text: what one page says under one section heading."""

    page: int  # 1-based, as a PDF viewer counts
    section: str | None
    text: str


@dataclass(frozen=True)
class Paper:
    """One paper as the readers produce it and the store keeps it."""

    id: str
    title: str
    abstract: str
    authors: tuple[str, ...] = ()
    published: str | None = None  # ISO date, "2025-02-26"
    # the moment in UTC, where the source gives the time too ("2025-02-26T17:55:01Z"): orders one day's papers
    published_at: str | None = None
    categories: tuple[str, ...] = ()
    summary_ja: str | None = None
    url: str | None = None
    source: str | None = None  # the file it came from; not part of the content hash
    where: str | None = field(default=None, compare=False)  # "line 12" in that file: for reports, not stored
    # Full text, from a PDF. The body is chunked and indexed but not kept in the record, where
    # `body_digest` stands for it (so a record read back from the store hashes the same).
    body: tuple[PageText, ...] = ()
    pages: int = 0  # pages of full text; 0 for a paper known by its metadata and abstract only
    body_digest: str | None = None
    pdf: str | None = None  # SHA-256 of the PDF file, the name of its stored copy

    @property
    def content_hash(self) -> str:
        """Hash of everything that ends up in the index; a changed hash means re-chunk and re-embed."""
        blob = json.dumps(self.to_dict(with_source=False), ensure_ascii=False, sort_keys=True)
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()

    @property
    def has_full_text(self) -> bool:
        return self.pages > 0

    def to_dict(self, with_source: bool = True) -> dict:
        data = {f.name: getattr(self, f.name) for f in fields(self) if f.name not in ("body", "where")}
        data["authors"] = list(self.authors)
        data["categories"] = list(self.categories)
        if self.published_at is None:  # records without a time (and their hashes) stay as they were
            data.pop("published_at")
        if not self.has_full_text:  # records of abstract-only papers (and their hashes) stay as they were
            for name in ("pages", "body_digest", "pdf"):
                data.pop(name)
        if not with_source:
            data.pop("source")
        return data

    @classmethod
    def from_dict(cls, data: dict) -> Paper:
        return cls(
            id=data["id"],
            title=data["title"],
            abstract=data["abstract"],
            authors=tuple(data.get("authors") or ()),
            published=data.get("published"),
            published_at=data.get("published_at"),
            categories=tuple(data.get("categories") or ()),
            summary_ja=data.get("summary_ja"),
            url=safe_url(data.get("url")),  # a store written before links were checked may hold any url
            source=data.get("source"),
            pages=int(data.get("pages") or 0),
            body_digest=data.get("body_digest"),
            pdf=data.get("pdf"),
        )

    def summary_dict(self) -> dict:
        """The public listing form used by `rag papers --json` and the web app; "pages" marks full text."""
        data: dict = {
            "id": self.id,
            "title": self.title,
            "authors": list(self.authors),
            "published": self.published,
            "categories": list(self.categories),
        }
        if self.has_full_text:
            data["pages"] = self.pages
        return data


@dataclass(frozen=True)
class Chunk:
    """A sentence-aligned piece of one paper's abstract (lang "en") or Japanese summary (lang "ja")."""

    paper_id: str
    title: str
    text: str
    lang: str
    index: int
    version: str = ""  # the paper's content hash (prefix): a changed paper gets new chunk ids
    page: int | None = None  # 1-based page of a full-text chunk; None for the abstract and summary
    section: str | None = None  # the section heading it falls under, when the full text has one

    @property
    def id(self) -> str:
        return f"{self.paper_id}:{self.version}:{self.lang}{self.index}"

    def location(self) -> dict:
        """{"page", "section"} for a chunk of a paper's full text; {} for the abstract and summary."""
        found = {"page": self.page, "section": self.section}
        return {k: v for k, v in found.items() if v is not None}

    @property
    def embedding_text(self) -> str:
        # The title gives a short chunk its context: "it improves MRR by 16%" alone says little.
        return f"{self.title}\n{self.text}"


@dataclass
class Passage:
    """A retrieved chunk with the scores that brought it in."""

    chunk: Chunk
    paper: Paper
    score: float  # the fused relevance used for ranking and shown to the user
    dense: float | None = None  # cosine similarity of query and chunk, when dense search found it
    lexical: float | None = None  # BM25 score, when lexical search found it

    @property
    def paper_id(self) -> str:
        return self.paper.id

    def to_dict(self) -> dict:
        """A search result on its own (MCP's search_papers, PaperRetriever's metadata): the text and its paper."""
        data = {
            "paper_id": self.paper.id,
            "title": self.paper.title,
            "authors": list(self.paper.authors),
            "published": self.paper.published,
            "url": self.paper.url,
            "text": self.chunk.text,
            "score": round(float(self.score), 4),
            "lang": self.chunk.lang,
        }
        data.update(self.chunk.location())
        return data


@dataclass
class Citation:
    """One numbered reference: a paper and the passages of it that the answer used."""

    n: int
    paper: Paper
    passages: list[Passage] = field(default_factory=list)
    supporting: list[str] = field(default_factory=list)  # the sentences quoted or paraphrased

    def to_dict(self) -> dict:
        return {
            "n": self.n,
            "id": self.paper.id,
            "title": self.paper.title,
            "authors": list(self.paper.authors),
            "published": self.paper.published,
            "url": self.paper.url,
            "passages": [
                {"text": p.chunk.text, "score": round(float(p.score), 4), "lang": p.chunk.lang, **p.chunk.location()}
                for p in self.passages
            ],
            "supporting": list(self.supporting),
        }


@dataclass
class Answer:
    """What every front end renders: the answer text with [n] markers and its references."""

    answer: str
    citations: list[Citation] = field(default_factory=list)
    abstained: bool = False
    answerer: str = "extractive"
    notice: str | None = None
    unsupported: list[str] = field(default_factory=list)
    latency_ms: float = 0.0
    query: str | None = None  # the standalone query actually retrieved for, after follow-up resolution
    kind: str = "fact"  # the shape of the answer: fact, set, compare, authors, date, categories, list, ...
    suggestions: list[dict] = field(default_factory=list)  # closest papers, offered when abstaining

    def to_dict(self) -> dict:
        return {
            "answer": self.answer,
            "citations": [c.to_dict() for c in self.citations],
            "abstained": self.abstained,
            "answerer": self.answerer,
            "notice": self.notice,
            "unsupported": list(self.unsupported),
            "latency_ms": round(self.latency_ms, 2),
            "query": self.query,
            "kind": self.kind,
            "suggestions": list(self.suggestions),
        }


@dataclass
class FileOutcome:
    """What happened to one file given to an ingest (an upload in the web chat)."""

    name: str
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    chunks: int = 0
    problems: list[str] = field(default_factory=list)  # any problem rejects the whole file

    @property
    def rejected(self) -> bool:
        return bool(self.problems)
