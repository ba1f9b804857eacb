"""LangChain-native access to the indexed papers, for people who build their own chains.

    from rag.langchain import PaperRetriever
    docs = PaperRetriever(k=4).invoke("How does DataMan select pre-training data?")

`PaperRetriever` is the hybrid retrieval that `rag ask` uses (dense + BM25, fused, diversified
across papers), over the same store and settings (RAG_* variables) unless told otherwise.
`PaperEmbeddings` is the embedding model the store was built with, for vectors comparable to it.
Both pass LangChain's standard test suites (tests/test_langchain.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.embeddings import Embeddings
from langchain_core.retrievers import BaseRetriever
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

from rag.answer.retrieval import Retriever
from rag.index.embeddings import load_embeddings
from rag.index.store import Store
from rag.models import Passage
from rag.settings import Settings, load_settings


class PaperRetriever(BaseRetriever):
    """The indexed papers' passages that best match a query, as LangChain Documents.

    Each Document holds one passage (a few sentences of an abstract, a Japanese summary or a PDF's
    full text); its metadata name the paper: paper_id, title, authors, published, url, the fused
    relevance score in (0, 1), the language, and the page and section when the passage comes from a
    paper's full text.
    """

    k: int | None = Field(None, ge=1, le=50, description="Passages to return (default: settings.top_k, RAG_TOP_K).")
    paper_ids: list[str] | None = Field(None, description="Search only these papers (ids as `rag papers` lists them).")
    settings: Settings = Field(
        default_factory=load_settings, description="Default: the RAG_* environment, as for `rag ask`."
    )
    store: Store | None = Field(None, exclude=True, description="An open store to share; its settings then apply.")

    _retriever: Retriever | None = PrivateAttr(None)

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun, k: int | None = None
    ) -> list[Document]:
        if not query.strip():
            return []
        if self._retriever is None:
            self._retriever = Retriever(self.store or Store(self.settings))
        store = self._retriever.store
        store.refresh()  # what `rag ingest` wrote since: one metadata read when nothing changed
        passages = self._retriever.search(query, k or self.k or store.settings.top_k, self.paper_ids)
        return [passage_document(p) for p in passages]


def passage_document(passage: Passage) -> Document:
    metadata = passage.to_dict()
    return Document(page_content=metadata.pop("text"), metadata=metadata, id=passage.chunk.id)


class PaperEmbeddings(BaseModel, Embeddings):
    """The embedding model of the index (the packaged all-MiniLM-L6-v2 unless RAG_EMBEDDING_MODEL names
    another), offline, with normalised vectors: the vectors of `rag ingest` and `rag ask`."""

    model_config = ConfigDict(extra="forbid")

    embedding_model: str = Field(
        default_factory=lambda: load_settings().embedding_model, description="RAG_EMBEDDING_MODEL"
    )
    device: str = Field(default_factory=lambda: load_settings().device, description="RAG_DEVICE")
    batch_size: int = Field(default_factory=lambda: load_settings().batch_size, ge=1, description="RAG_BATCH_SIZE")
    runtime: str = Field(default_factory=lambda: load_settings().embedding_runtime, description="RAG_EMBEDDING_RUNTIME")
    cache_dir: Path | None = Field(default_factory=lambda: load_settings().cache_dir, description="RAG_CACHE_DIR")

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [list(map(float, v)) for v in self._runtime().embed_documents(list(texts))]

    def embed_query(self, text: str) -> list[float]:
        return list(map(float, self._runtime().embed_query(text)))

    def _runtime(self) -> Any:
        return load_embeddings(
            self.embedding_model, self.device, self.batch_size, self.runtime, self.cache_dir
        )  # once per process
