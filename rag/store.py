"""The index: chunks and their vectors in Chroma (embedded or a server), plus the derived lexical index."""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Iterator, Sequence
from functools import cached_property
from pathlib import Path

from rag.embeddings import load_embeddings, model_identity
from rag.lexical import LexicalIndex
from rag.models import Chunk, Paper
from rag.settings import Settings
from rag.text import ANALYZER_VERSION

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1


class StoreError(RuntimeError):
    """A problem with the store that the user can act on; shown without a traceback."""


class Store:
    """One collection of paper chunks. Opening it is cheap; the model and Chroma load on first use."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.model = model_identity(settings.embedding_model)

    # --- connections ------------------------------------------------------------------------
    @cached_property
    def client(self):
        import chromadb
        from chromadb.config import Settings as ChromaSettings

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
                return chromadb.HttpClient(host=s.chroma_host, port=s.chroma_port, ssl=s.chroma_ssl, settings=chroma_settings)
            except Exception as exc:  # chromadb raises bare ValueError/ConnectionError here
                raise StoreError(f"cannot reach the Chroma server at {self.location}: {exc}") from exc
        s.store_dir.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(s.store_dir / "chroma"), settings=chroma_settings)

    @property
    def location(self) -> str:
        s = self.settings
        if s.server_mode:
            return f"{'https' if s.chroma_ssl else 'http'}://{s.chroma_host}:{s.chroma_port} (collection {s.collection})"
        return f"{s.store_dir} (collection {s.collection})"

    @cached_property
    def collection(self):
        collection = self.client.get_or_create_collection(
            self.settings.collection,
            metadata={"embedding_model": self.model, "schema": SCHEMA_VERSION},
            configuration={"hnsw": {"space": "cosine"}},
            embedding_function=None,
        )
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
        return load_embeddings(s.embedding_model, s.device, s.batch_size)

    @cached_property
    def lexical(self) -> LexicalIndex:
        index = LexicalIndex(self._lexical_path())
        self._sync(index)
        return index

    def _lexical_path(self) -> Path:
        s = self.settings
        if s.server_mode:
            # The server holds the data; this machine keeps only a derived cache, one per server and collection.
            name = f"{s.chroma_host}_{s.chroma_port}_{s.collection}".replace("/", "_")
            return s.store_dir / "server-cache" / name / f"lexical-a{ANALYZER_VERSION}.sqlite3"
        # Named for the analyser version: after terms() changes, a fresh file is built from Chroma.
        return s.store_dir / f"lexical-{s.collection}-a{ANALYZER_VERSION}.sqlite3"

    # --- generation: keeps the lexical index in step with Chroma ---------------------------------
    def _generation(self) -> str:
        return (self.collection.metadata or {}).get("generation", "")

    def _sync(self, index: LexicalIndex) -> None:
        generation = self._generation()
        if index.generation() == generation:
            return
        log.info("bringing the lexical index up to date with %s", self.location)
        ids = set(self._all_ids())
        index.sync(ids, self._fetch_chunks, generation)

    def refresh(self) -> None:
        """Pick up what another process or machine wrote since this store was opened."""
        self.__dict__.pop("collection", None)
        self._sync(self.lexical)

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
            for cid, text, meta in zip(got["ids"], got["documents"], got["metadatas"]):
                chunk = Chunk(meta["paper_id"], meta["title"], text, meta["lang"], meta["index"], meta["version"])
                paper = Paper.from_dict(json.loads(meta["paper"])) if "paper" in meta else None
                yield chunk, paper

    # --- writes -------------------------------------------------------------------------------
    def write(self, papers: Sequence[Paper], chunks: Sequence[Chunk], vectors) -> None:
        """Replace these papers' chunks everywhere. Safe to repeat: a rerun after a crash converges."""
        index = self.lexical
        ids = [p.id for p in papers]
        for start in range(0, len(ids), 500):
            self.collection.delete(where={"paper_id": {"$in": ids[start : start + 500]}})
        by_id = {p.id: p for p in papers}
        batch = self.client.get_max_batch_size()
        for start in range(0, len(chunks), batch):
            part = chunks[start : start + batch]
            self.collection.upsert(
                ids=[c.id for c in part],
                embeddings=vectors[start : start + batch],
                documents=[c.text for c in part],
                metadatas=[_metadata(c, by_id[c.paper_id]) for c in part],
            )
        generation = uuid.uuid4().hex
        index.replace(papers, chunks, generation)
        self.collection.modify(metadata={**(self.collection.metadata or {}), "generation": generation})

    def embed(self, chunks: Sequence[Chunk]):
        return self.embeddings.embed_documents([c.embedding_text for c in chunks])

    # --- reads --------------------------------------------------------------------------------
    def papers(self) -> list[Paper]:
        return self.lexical.papers()

    def paper(self, paper_id: str) -> Paper | None:
        return self.lexical.paper(paper_id)

    def count(self) -> int:
        return self.collection.count()

    def dense_search(self, query_vector: list[float], k: int, paper_ids: Sequence[str] | None = None):
        """(chunk id, cosine similarity) best first, filtered to `paper_ids` inside Chroma's search."""
        where = {"paper_id": {"$in": list(paper_ids)}} if paper_ids else None
        hits = self.vectors.similarity_search_by_vector_with_relevance_scores(query_vector, k=k, filter=where)
        # Documents come back with the chunk id; cosine distance → similarity.
        return [(doc.id, 1.0 - distance) for doc, distance in hits]


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


def _metadata(chunk: Chunk, paper: Paper) -> dict:
    meta = {
        "paper_id": chunk.paper_id,
        "title": chunk.title,
        "lang": chunk.lang,
        "index": chunk.index,
        "version": chunk.version,
        "published": paper.published or "",
        "authors": "; ".join(paper.authors),
    }
    if chunk.lang == "en" and chunk.index == 0:
        # The whole record rides on one chunk per paper, so a second machine can rebuild the catalogue.
        meta["paper"] = json.dumps(paper.to_dict(), ensure_ascii=False)
    return meta
