"""The index: chunks and their vectors in Chroma (embedded or a server), plus the derived lexical index."""

from __future__ import annotations

import functools
import json
import logging
import os
import signal
import sqlite3
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from functools import cached_property
from pathlib import Path
from typing import TypeVar

from filelock import FileLock, Timeout

from rag.index.catalog import Catalog
from rag.index.embeddings import encode, load_embeddings, model_identity
from rag.index.lexical import LexicalIndex
from rag.index.sentence_vectors import SentenceVectors, sentences_of, words_of
from rag.models import Chunk, Paper
from rag.settings import Settings
from rag.text import ANALYZER_VERSION

_LOCKED_WAIT_S = 30.0  # how long opening waits for another process opening the store, then out its write lock

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1
PENDING = "pending-"  # the collection's generation while a write is under way


def kill_point(step: str) -> None:
    """Fault injection for the tests: RAG_TEST_KILL_AT=step SIGKILLs this process at that step of a write."""
    if os.environ.get("RAG_TEST_KILL_AT") == step:
        os.kill(os.getpid(), signal.SIGKILL)


class StoreError(RuntimeError):
    """A problem with the store that the user can act on; shown without a traceback."""


class DamagedStore(StoreError):
    """Chroma's files cannot be read: nothing here can rebuild them (exit status 2 in the CLI)."""


_T = TypeVar("_T")


def _server_errors(method: Callable[..., _T]) -> Callable[..., _T]:
    """In server mode, a dropped connection or a refused token becomes a StoreError naming the server.

    chromadb lets httpx's transport errors and its own auth errors through as they are; for a
    user they mean "the server went away" or "wrong token", not a bug to show a traceback for.
    """

    @functools.wraps(method)
    def wrapper(self: Store, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except StoreError:
            raise
        except Exception as exc:
            if not self.settings.server_mode or not _is_server_failure(exc):
                raise
            raise StoreError(f"lost the Chroma server at {self.location}: {exc or type(exc).__name__}") from exc

    return wrapper


def _is_server_failure(exc: Exception) -> bool:
    import httpx
    from chromadb.errors import AuthorizationError, ChromaAuthError

    return isinstance(exc, (httpx.TransportError, AuthorizationError, ChromaAuthError))


class Store:
    """One collection of paper chunks. Opening it is cheap; the model and Chroma load on first use."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.model = model_identity(settings.embedding_model)
        # The generation this process's Chroma client last saw (None until it opens the collection).
        self._seen_generation: str | None = None

    # --- connections ------------------------------------------------------------------------
    @cached_property
    def client(self):
        import chromadb
        from chromadb.config import Settings as ChromaSettings
        from chromadb.errors import InternalError

        s = self.settings
        chroma_settings = ChromaSettings(anonymized_telemetry=False)
        if s.server_mode:
            if s.chroma_token:
                chroma_settings = ChromaSettings(
                    anonymized_telemetry=False,
                    chroma_client_auth_provider="chromadb.auth.token_authn.TokenAuthClientProvider",
                    chroma_client_auth_credentials=s.chroma_token,
                )
            try:
                return chromadb.HttpClient(
                    host=s.chroma_host, port=s.chroma_port, ssl=s.chroma_ssl, settings=chroma_settings
                )
            except Exception as exc:  # chromadb raises a bare ValueError for most of what goes wrong here
                raise StoreError(self._diagnose_server(exc)) from None
        s.store_dir.mkdir(parents=True, exist_ok=True)
        # Two processes opening a new store at once would both create its tables ("table collections
        # already exists", "Could not connect to tenant"): opening is one process at a time, milliseconds.
        try:
            opening = FileLock(str(self.open_lock_path)).acquire(timeout=_LOCKED_WAIT_S)
        except Timeout:
            raise StoreError(
                f"another process has been opening the store {s.store_dir} for {_LOCKED_WAIT_S:.0f} s "
                f"(lock {self.open_lock_path}); if no rag process is running, delete that lock file"
            ) from None
        with opening:
            deadline = time.monotonic() + _LOCKED_WAIT_S
            while True:
                try:
                    return chromadb.PersistentClient(path=str(s.store_dir / "chroma"), settings=chroma_settings)
                except InternalError as exc:  # what chromadb raises for a truncated or overwritten file
                    # …and for a file another process is writing this moment: that one is busy, not damaged
                    if "database is locked" not in str(exc) or time.monotonic() > deadline:
                        raise self._damaged(exc) from None
                    time.sleep(0.2)

    def _damaged(self, exc: Exception) -> DamagedStore:
        folder = self.settings.store_dir / "chroma"
        return DamagedStore(
            f"the Chroma store {folder / 'chroma.sqlite3'} is damaged: {str(exc).removeprefix('error returned from database: ')}; "
            f"restore the folder {folder} from a backup, or delete it and ingest the papers again"
        )

    @property
    def server_url(self) -> str:
        s = self.settings
        return f"{'https' if s.chroma_ssl else 'http'}://{s.chroma_host}:{s.chroma_port}"

    def _diagnose_server(self, exc: Exception) -> str:
        """Why the Chroma server cannot be used. chromadb reports a refused token as an unknown
        tenant, so ask the heartbeat endpoint ourselves to tell the cases apart."""
        import httpx

        s = self.settings
        headers = {"Authorization": f"Bearer {s.chroma_token}"} if s.chroma_token else {}
        try:
            response = httpx.get(f"{self.server_url}/api/v2/heartbeat", headers=headers, timeout=10)
        except httpx.HTTPError as probe:
            return (
                f"cannot reach the Chroma server at {self.server_url} ({type(probe).__name__}); "
                "is `chroma run` running there? (RAG_CHROMA_HOST, RAG_CHROMA_PORT, RAG_CHROMA_SSL)"
            )
        if response.status_code in (401, 403):
            given = (
                "the token in RAG_CHROMA_TOKEN"
                if s.chroma_token
                else "a request without a token (set RAG_CHROMA_TOKEN)"
            )
            return f"the Chroma server at {self.server_url} refused {given} (HTTP {response.status_code})"
        return f"cannot use the Chroma server at {self.server_url}: {exc}"

    @property
    def location(self) -> str:
        s = self.settings
        if s.server_mode:
            return f"{self.server_url} (collection {s.collection})"
        return f"{s.store_dir} (collection {s.collection})"

    @cached_property
    @_server_errors
    def collection(self):
        from chromadb.errors import InternalError, InvalidArgumentError

        try:
            collection = self.client.get_or_create_collection(
                self.settings.collection,
                metadata={"embedding_model": self.model, "schema": SCHEMA_VERSION},
                configuration={"hnsw": {"space": "cosine"}},
                embedding_function=None,
            )
        except InvalidArgumentError as exc:  # a collection name Chroma does not accept
            raise StoreError(f"RAG_COLLECTION={self.settings.collection!r}: {exc}") from None
        except InternalError as exc:
            if self.settings.server_mode:
                raise
            raise self._damaged(exc) from None
        if self._seen_generation is None:
            self._seen_generation = (collection.metadata or {}).get("generation", "")
        built_with = (collection.metadata or {}).get("embedding_model")
        if built_with and built_with != self.model:
            raise StoreError(
                f"the index at {self.location} was built with the embedding model {built_with!r}, "
                f"but this run uses {self.model!r}; use the same model (RAG_EMBEDDING_MODEL) "
                "or another store (RAG_STORE_DIR / RAG_COLLECTION)"
            )
        return collection

    @cached_property
    def vectors(self):
        """LangChain's view of the collection, used for similarity search."""
        from langchain_chroma import Chroma

        return Chroma(
            client=self.client,
            collection_name=self.settings.collection,
            embedding_function=self.embeddings,
            create_collection_if_not_exists=False,
        )

    @cached_property
    def embeddings(self):
        s = self.settings
        return load_embeddings(s.embedding_model, s.device, s.batch_size, s.embedding_runtime, s.cache_dir)

    @cached_property
    @_server_errors
    def lexical(self) -> LexicalIndex:
        index = self._open_lexical()
        self._sync(index)
        return index

    def _open_lexical(self) -> LexicalIndex:
        """The lexical file, or a fresh one (filled from Chroma by the sync) when SQLite finds it damaged:
        everything in it is derived, so the damaged file is only kept aside for a post-mortem."""
        path = self.lexical_path
        try:
            return LexicalIndex(path)
        except sqlite3.DatabaseError as exc:
            aside = path.with_name(f"{path.name}.damaged-{time.strftime('%Y%m%d-%H%M%S')}")
            for suffix in ("", "-wal", "-shm"):
                part = path.with_name(path.name + suffix)
                if part.exists():
                    part.replace(aside.with_name(aside.name + suffix))
            log.warning(
                "the lexical index %s was damaged (%s): moved it to %s; rebuilding it from Chroma", path, exc, aside
            )
            return LexicalIndex(path)

    @property
    def catalog(self) -> Catalog:
        """Paper lookups (by name, title, author, category, a user's reference), over the current lexical index."""
        return Catalog(self.lexical)

    @property
    def sentence_vectors(self) -> SentenceVectors:
        """The cache of single sentences' embeddings that answers fill as they weigh sentences."""
        return SentenceVectors(self.lexical)

    @property
    def lexical_path(self) -> Path:
        s = self.settings
        if s.server_mode:
            # The server holds the data; this machine keeps only a derived cache, one per server and collection.
            name = f"{s.chroma_host}_{s.chroma_port}_{s.collection}".replace("/", "_")
            return s.store_dir / "server-cache" / name / f"lexical-a{ANALYZER_VERSION}.sqlite3"
        # Named for the analyser version: after terms() changes, a fresh file is built from Chroma.
        return s.store_dir / f"lexical-{s.collection}-a{ANALYZER_VERSION}.sqlite3"

    @property
    def pdf_dir(self) -> Path:
        return pdf_folder(self.settings)

    def keep_pdf(self, paper: Paper) -> None:
        """Copy the paper's PDF into `pdf_dir` (once: the name is its content hash)."""
        if not paper.pdf or not paper.source:
            return
        target = self.pdf_dir / f"{paper.pdf}.pdf"
        if not target.exists():
            import shutil

            self.pdf_dir.mkdir(parents=True, exist_ok=True)
            partial = target.with_suffix(".part")
            shutil.copyfile(paper.source, partial)
            partial.replace(target)  # never a half-copied PDF under the final name

    def pdf_path(self, paper: Paper) -> Path | None:
        """The stored copy of the paper's PDF, if it has one here."""
        path = self.pdf_dir / f"{paper.pdf}.pdf" if paper.pdf else None
        return path if path and path.exists() else None

    @property
    def open_lock_path(self) -> Path:
        """The lock that lets one process at a time open (and, the first time, create) the Chroma store."""
        return self.lexical_path.with_suffix(".open.lock")

    @property
    def ingest_lock_path(self) -> Path:
        """The lock that serialises ingests into this store from this machine (see docs/DEPLOY.md)."""
        return self.lexical_path.with_suffix(".ingest.lock")

    # --- generation: keeps the lexical index in step with Chroma ---------------------------------
    # Every write stamps a fresh generation on the Chroma collection twice: a "pending" one before
    # it touches Chroma and a final one after its lexical rows are committed (which carry the final
    # one too). A process killed in between leaves the stamps different, so the next reader (or the
    # resumed ingest) resynchronises from Chroma; a reader on another machine that synced halfway
    # through a write sees the final stamp change and syncs again.
    def _generation(self) -> str:
        return (self.collection.metadata or {}).get("generation", "")

    def _stamp(self, generation: str) -> None:
        self.collection.modify(metadata={**(self.collection.metadata or {}), "generation": generation})

    def _sync(self, index: LexicalIndex) -> None:
        generation = self._generation()  # read first: a write after this leaves a newer stamp
        if index.generation() == generation:
            return
        log.info("bringing the lexical index up to date with %s", self.location)
        ids = set(self._all_ids())
        if generation.startswith(
            PENDING
        ):  # a write is under way (or was killed): papers it has not swapped yet stay old
            for chunk_ids in self._unswapped(generation.removeprefix(PENDING)).values():
                ids -= set(chunk_ids)
        index.sync(ids, self._fetch_chunks, generation)

    def _unswapped(self, write_id: str) -> dict[str, list[str]]:
        """The new chunks of this write's papers whose old version is still in Chroma, by paper."""
        new = self.collection.get(where={"write": write_id}, include=["metadatas"])
        by_paper: dict[str, list[str]] = {}
        for chunk_id, meta in zip(new["ids"], new["metadatas"]):
            by_paper.setdefault(meta["paper_id"], []).append(chunk_id)
        unswapped = {}
        for start in range(0, len(by_paper), 500):
            papers = list(by_paper)[start : start + 500]
            found = self.collection.get(where={"paper_id": {"$in": papers}}, include=["metadatas"])
            for meta in found["metadatas"]:
                if meta.get("write") != write_id:
                    unswapped[meta["paper_id"]] = by_paper[meta["paper_id"]]
        return unswapped

    @_server_errors
    def refresh(self) -> None:
        """Pick up what another process or machine wrote since this store was opened.

        Costs one metadata read when nothing changed; long-running front ends call it before each
        question."""
        seen = self._seen_generation
        self.__dict__.pop("collection", None)
        current = self._generation()
        if seen is not None and current != seen and not self.settings.server_mode:
            # An embedded client keeps its vector index in memory and never sees another process's
            # writes to it (count() and get() do, query() does not): reopen it from disk.
            log.info("another process wrote to %s; reopening it", self.location)
            self._close_client()
            current = self._generation()
        self._seen_generation = current
        self._sync(self.lexical)

    def _close_client(self) -> None:
        client = self.__dict__.pop("client", None)
        for name in ("collection", "vectors"):
            self.__dict__.pop(name, None)
        if client is not None:
            client.close()

    def _all_ids(self) -> Iterator[str]:
        page = 5000
        offset = 0
        while True:
            ids = self.collection.get(include=[], limit=page, offset=offset)["ids"]
            yield from ids
            if len(ids) < page:
                return
            offset += page

    def _fetch_chunks(self, ids: Sequence[str]) -> Iterator[tuple[Chunk, Paper | None]]:
        for start in range(0, len(ids), 1000):
            got = self.collection.get(ids=list(ids[start : start + 1000]), include=["documents", "metadatas"])
            for text, meta in zip(got["documents"], got["metadatas"]):
                chunk = Chunk(
                    meta["paper_id"],
                    meta["title"],
                    text,
                    meta["lang"],
                    meta["index"],
                    meta["version"],
                    meta.get("page"),
                    meta.get("section"),
                )
                paper = Paper.from_dict(json.loads(meta["paper"])) if "paper" in meta else None
                yield chunk, paper

    # --- writes -------------------------------------------------------------------------------
    # A paper's update is a swap: its new chunks go into Chroma beside the old ones (they have other
    # ids: the version is part of the id), the lexical index swaps in one transaction, and only
    # then are the old chunks deleted. Every chunk carries the id of the write that made it, and the
    # collection the "pending-<write>" stamp until the swap is done, so whatever point a crash
    # stops at, each paper has its old or its new version, and the next ingest (or `rag doctor`)
    # rolls an unfinished swap back (see recover_interrupted_write).
    @_server_errors
    def write(self, papers: Sequence[Paper], chunks: Sequence[Chunk], vectors) -> None:
        """Replace these papers' chunks everywhere. Safe to repeat: a rerun after a crash converges.

        `chunks` come grouped by paper, as `chunk_paper` makes them."""
        index = self.lexical
        write_id = uuid.uuid4().hex
        self._stamp(f"{PENDING}{write_id}")
        kill_point("stamped")
        by_id = {p.id: p for p in papers}
        for start, end in _whole_papers(chunks, self.client.get_max_batch_size()):
            part = chunks[start:end]
            self.collection.upsert(
                ids=[c.id for c in part],
                embeddings=vectors[start:end],
                documents=[c.text for c in part],
                metadatas=[_metadata(c, by_id[c.paper_id], write_id) for c in part],
            )
        kill_point("new-chunks-written")
        index.replace(papers, chunks, write_id)
        kill_point("lexical-swapped")
        self._delete_other_chunks([p.id for p in papers], {c.id for c in chunks})
        kill_point("old-chunks-deleted")
        self._stamp(write_id)
        self._seen_generation = write_id
        self._embed_ahead(chunks)

    def _embed_ahead(self, chunks: Sequence[Chunk]) -> None:
        """Embed what answers would embed on first reading these chunks: their words, and their sentences
        when settings.sentence_vectors_at_ingest. Derived, like the lexical index: a write killed before
        this leaves them to be embedded on demand."""
        ahead = sorted(words_of(text for c in chunks for text in (c.title, c.text)))
        if self.settings.sentence_vectors_at_ingest:
            ahead += sentences_of(c.text for c in chunks)
        self.sentence_vectors.embed_ahead(ahead, self.embeddings)

    def _delete_other_chunks(self, paper_ids: Sequence[str], keep: set[str]) -> None:
        """Delete the chunks of these papers that are not in `keep` (their previous versions)."""
        for start in range(0, len(paper_ids), 500):
            found = self.collection.get(
                where={"paper_id": {"$in": list(paper_ids[start : start + 500])}}, include=["metadatas"]
            )
            stale: dict[str, list[str]] = {}
            for chunk_id, meta in zip(found["ids"], found["metadatas"]):
                if chunk_id not in keep:
                    stale.setdefault(meta["paper_id"], []).append(chunk_id)
            # whole papers per call (one log write each): a crash never leaves half an old version
            group: list[str] = []
            for chunk_ids in stale.values():
                if group and len(group) + len(chunk_ids) > 5000:
                    self.collection.delete(ids=group)
                    group = []
                group += chunk_ids
            if group:
                self.collection.delete(ids=group)

    @_server_errors
    def recover_interrupted_write(self) -> list[str]:
        """Roll back a write that a crash stopped half-way; the ids of the papers it restored.

        Call it holding the ingest lock (the ingest and `rag doctor --repair` do): a write in
        progress looks just like an interrupted one. Papers the write added stay (they are whole);
        papers it was updating get their previous version back, so running the same ingest again
        reports them as updated."""
        generation = self._generation()
        if not generation.startswith(PENDING):
            return []
        write_id = generation.removeprefix(PENDING)
        unswapped = self._unswapped(write_id)
        for chunk_ids in unswapped.values():
            self.collection.delete(ids=chunk_ids)
        restored = sorted(unswapped)
        self.lexical.forget(restored)  # their records too: a reader may have synced the new ones
        self._stamp(uuid.uuid4().hex)
        self._sync(self.lexical)
        log.warning(
            "finished an interrupted write to %s: %d paper(s) back to their previous version, the rest kept",
            self.location,
            len(restored),
        )
        return restored

    # --- repairs (rag doctor) ----------------------------------------------------------------------
    def chunk_metadata(self) -> Iterator[dict]:
        """Every chunk's metadata, page by page."""
        page, offset = 5000, 0
        while True:
            got = self.collection.get(include=["metadatas"], limit=page, offset=offset)["metadatas"]
            yield from got
            if len(got) < page:
                return
            offset += page

    def delete_papers(self, paper_ids: Sequence[str]) -> None:
        """Remove these papers' chunks from Chroma and the lexical index."""
        for start in range(0, len(paper_ids), 500):
            self.collection.delete(where={"paper_id": {"$in": list(paper_ids[start : start + 500])}})
        self._restamp(paper_ids)

    def keep_recorded_versions(self, paper_ids: Sequence[str]) -> None:
        """For papers with chunks of two versions, delete those not of the version their record chunk has."""
        for paper_id in paper_ids:
            got = self.collection.get(where={"paper_id": paper_id}, include=["metadatas"])
            current = {meta.get("version") for meta in got["metadatas"] if "paper" in meta}
            stale = [i for i, meta in zip(got["ids"], got["metadatas"]) if meta.get("version") not in current]
            if stale:
                self.collection.delete(ids=stale)
        self._restamp(paper_ids)

    def rebuild_lexical(self, paper_ids: Sequence[str]) -> None:
        """Drop these papers from the lexical index and bring them back from Chroma."""
        self._restamp(paper_ids)

    def _restamp(self, paper_ids: Sequence[str]) -> None:
        self.lexical.forget(list(paper_ids))
        generation = uuid.uuid4().hex
        self._stamp(generation)
        self._seen_generation = generation
        self._sync(self.lexical)

    def embed(self, chunks: Sequence[Chunk], pool=None):
        """Unit vectors of the chunks' texts, as one float32 array; `pool` from `encoding_pool`."""
        return encode(self.embeddings, [c.embedding_text for c in chunks], self.settings.batch_size, pool)

    # --- reads --------------------------------------------------------------------------------
    @_server_errors
    def papers(self) -> list[Paper]:
        return self.lexical.papers()

    @_server_errors
    def paper(self, paper_id: str) -> Paper | None:
        return self.lexical.paper(paper_id)

    @_server_errors
    def count(self) -> int:
        return self.collection.count()

    @_server_errors
    def dense_search(self, query_vector: list[float], k: int, paper_ids: Sequence[str] | None = None):
        """(chunk id, cosine similarity) best first, filtered to `paper_ids` inside Chroma's search.

        Only chunks the lexical index already holds: while another process writes, Chroma gets a
        batch a moment before the lexical index does, and a passage needs both."""
        where = {"paper_id": {"$in": list(paper_ids)}} if paper_ids else None
        hits = self.vectors.similarity_search_by_vector_with_relevance_scores(query_vector, k=k, filter=where)
        known = self.lexical.known_chunk_ids([doc.id for doc, _ in hits])
        # Documents come back with the chunk id; cosine distance → similarity.
        return [(doc.id, 1.0 - distance) for doc, distance in hits if doc.id in known]

    @_server_errors
    def cosine(self, query_vector: list[float], chunk_ids: Sequence[str]) -> dict[str, float]:
        """Exact cosine similarity of the query and these stored chunks (vectors are unit length)."""
        if not chunk_ids:
            return {}
        import numpy as np

        got = self.collection.get(ids=list(chunk_ids), include=["embeddings"])
        sims = np.asarray(got["embeddings"], dtype=np.float32) @ np.asarray(query_vector, dtype=np.float32)
        return dict(zip(got["ids"], sims.tolist()))

    def chunk_vectors(self, chunk_ids: Sequence[str]) -> dict:
        """The stored (unit) vectors of these chunks, as numpy arrays; unknown ids are left out."""
        if not chunk_ids:
            return {}
        import numpy as np

        got = self.collection.get(ids=list(chunk_ids), include=["embeddings"])
        return dict(zip(got["ids"], np.asarray(got["embeddings"], dtype=np.float32)))


def pdf_folder(settings: Settings) -> Path:
    """Where copies of ingested PDFs are kept, named by their SHA-256, for the web chat to open."""
    return settings.store_dir / "pdfs"


def _whole_papers(chunks: Sequence[Chunk], limit: int) -> Iterator[tuple[int, int]]:
    """(start, end) slices of at most `limit` chunks that never split a paper's chunks, so that a
    killed ingest never leaves a paper half-written in Chroma (one upsert is one log write)."""
    start = 0
    while start < len(chunks):
        end = min(start + limit, len(chunks))
        if end < len(chunks):
            # back off to the first chunk of the paper that straddles the boundary
            cut = end
            while cut > start and chunks[cut].paper_id == chunks[cut - 1].paper_id:
                cut -= 1
            end = cut if cut > start else end  # one paper larger than a whole batch: no choice
        yield start, end
        start = end


def _metadata(chunk: Chunk, paper: Paper, write_id: str) -> dict:
    meta = {
        "write": write_id,  # which write made it: an interrupted one is rolled back by this
        "paper_id": chunk.paper_id,
        "title": chunk.title,
        "lang": chunk.lang,
        "index": chunk.index,
        "version": chunk.version,
        "published": paper.published or "",
        "authors": "; ".join(paper.authors),
        **chunk.location(),  # page and section of a full-text chunk
    }
    if chunk.lang == "en" and chunk.index == 0:
        # The whole record rides on one chunk per paper, so a second machine can rebuild the catalogue.
        meta["paper"] = json.dumps(paper.to_dict(), ensure_ascii=False)
    return meta
