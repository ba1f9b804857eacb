"""PaperRetriever and PaperEmbeddings held to LangChain's standard suites, then to what they promise here.

The standard suites construct the classes with no arguments: an autouse fixture points RAG_STORE_DIR at
the shipped papers' store, so they exercise exactly what `rag ask` would open in that environment.
"""

from __future__ import annotations

import numpy as np
import pytest
from langchain_core.prompts import ChatPromptTemplate
from langchain_core.runnables import RunnablePassthrough
from langchain_tests.integration_tests import EmbeddingsIntegrationTests, RetrieversIntegrationTests
from langchain_tests.unit_tests import EmbeddingsUnitTests

from rag.answer.retrieval import Retriever
from rag.langchain import PaperEmbeddings, PaperRetriever

DATAMAN = "DataMan: Data Manager for Pre-training Large Language Models"
QUESTION = "How does DataMan select pre-training data?"


@pytest.fixture
def rag_environment(corpus_store, monkeypatch):
    """The environment `rag ask` reads, pointing at the shipped papers' store."""
    for name in ("RAG_TOP_K", "RAG_EMBEDDING_MODEL", "RAG_DEVICE", "RAG_BATCH_SIZE", "RAG_CHROMA_HOST"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("RAG_STORE_DIR", str(corpus_store.settings.store_dir))
    return corpus_store


class TestPaperRetrieverStandard(RetrieversIntegrationTests):
    @pytest.fixture(autouse=True)
    def _store(self, rag_environment):
        return rag_environment

    @property
    def retriever_constructor(self) -> type[PaperRetriever]:
        return PaperRetriever

    @property
    def retriever_query_example(self) -> str:
        return QUESTION


class TestPaperEmbeddingsUnit(EmbeddingsUnitTests):
    @property
    def embeddings_class(self) -> type[PaperEmbeddings]:
        return PaperEmbeddings

    @property
    def init_from_env_params(self) -> tuple[dict, dict, dict]:
        return {"RAG_BATCH_SIZE": "16", "RAG_DEVICE": "cpu"}, {}, {"batch_size": 16, "device": "cpu"}


class TestPaperEmbeddingsIntegration(EmbeddingsIntegrationTests):
    @property
    def embeddings_class(self) -> type[PaperEmbeddings]:
        return PaperEmbeddings


# --- beyond the standard suites ---------------------------------------------------------------------


def test_no_arguments_give_the_passages_rag_ask_retrieves_with_their_papers(rag_environment):
    docs = PaperRetriever().invoke(QUESTION)
    expected = Retriever(rag_environment).search(QUESTION, rag_environment.settings.top_k)
    assert [d.id for d in docs] == [p.chunk.id for p in expected] and len(docs) == 6  # RAG_TOP_K's default
    first = docs[0]
    assert first.metadata["title"] == DATAMAN and first.metadata["paper_id"].startswith("dataman-")
    assert first.metadata["authors"][0] == "Ru Peng" and first.metadata["published"] == "2025-02-26"
    assert set(first.metadata) == {"paper_id", "title", "authors", "published", "url", "score", "lang"}
    assert first.page_content in next(p.abstract for p in rag_environment.papers() if p.title == DATAMAN)
    assert 0 < docs[-1].metadata["score"] <= first.metadata["score"] < 1


def test_k_and_papers_narrow_the_search(rag_environment, monkeypatch):
    monkeypatch.setenv("RAG_TOP_K", "2")
    assert len(PaperRetriever().invoke(QUESTION)) == 2
    joena = next(p.id for p in rag_environment.papers() if p.title.startswith("Joint Optimal Transport"))
    docs = PaperRetriever(paper_ids=[joena], k=3).invoke(QUESTION)
    assert docs and {d.metadata["paper_id"] for d in docs} == {joena}
    assert PaperRetriever().invoke("   ") == []


def test_readme_lcel_chain_puts_the_cited_passages_into_the_prompt(rag_environment):
    """The README's chain up to the chat model (any model goes there; none runs offline)."""
    prompt = ChatPromptTemplate.from_messages(
        [
            ("system", "Answer from these passages only and cite them as [n]:\n\n{context}"),
            ("human", "{question}"),
        ]
    )

    def numbered(docs):
        return "\n\n".join(f"[{n}] {d.metadata['title']}: {d.page_content}" for n, d in enumerate(docs, 1))

    chain = {"context": PaperRetriever(k=3) | numbered, "question": RunnablePassthrough()} | prompt
    system, human = chain.invoke(QUESTION).to_messages()
    assert human.content == QUESTION
    assert f"[1] {DATAMAN}: " in system.content and "[3] " in system.content


def test_embeddings_are_the_vectors_the_store_was_built_with(rag_environment):
    embeddings = PaperEmbeddings()
    assert embeddings.embedding_model == "all-MiniLM-L6-v2"
    chunk = rag_environment.lexical.chunks_of(rag_environment.papers()[0].id)[0]
    stored = rag_environment.chunk_vectors([chunk.id])[chunk.id]
    [vector] = embeddings.embed_documents([chunk.embedding_text])
    assert len(vector) == 384 and float(np.dot(vector, stored)) > 0.9999
    assert np.allclose(embeddings.embed_query(QUESTION), rag_environment.embeddings.embed_query(QUESTION))
