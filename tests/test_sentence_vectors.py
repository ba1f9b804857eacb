"""Sentence and word vectors kept in the index: ingest embeds the words of what it writes (and, when
set, the sentences), so that answers reading those passages for the first time need not."""

from __future__ import annotations

import json

import numpy as np

from rag.index.ingest import ingest
from rag.index.sentence_vectors import sentences_of, words_of
from rag.index.store import Store


def test_ingest_embeds_the_words_of_its_chunks_but_not_their_sentences(corpus_store):
    chunks = [c for p in corpus_store.papers() for c in corpus_store.lexical.chunks_of(p.id)]
    words = sorted(words_of(text for c in chunks for text in (c.title, c.text)))
    assert "speedup" in words and len(words) > 500
    stored = corpus_store.sentence_vectors.get(words)
    assert set(stored) == set(words)  # every one, so a first answer embeds none of them
    assert np.allclose(stored["speedup"], corpus_store.embeddings.embed_documents(["speedup"])[0], atol=1e-5)
    ahead = corpus_store.lexical.db.execute("SELECT count(*) FROM ingest_vectors").fetchone()[0]
    assert ahead == len(words)  # and no sentence: those are left to the answers by default


def test_with_the_setting_ingest_embeds_the_sentences_too(settings, tmp_path):
    papers = tmp_path / "papers.jsonl"
    abstracts = [
        "Graph networks align two networks. We propose a joint transport plan. It runs twenty times faster.",
        "Sourdough rises by fermentation. We model its kinetics with a graph network. The model fits the data well.",
    ]
    papers.write_text(
        "\n".join(
            json.dumps({"id": f"2502.0000{i}", "title": f"Paper {i}", "abstract": a}) for i, a in enumerate(abstracts)
        ),
        encoding="utf-8",
    )
    store = Store(settings.model_copy(update={"sentence_vectors_at_ingest": True}))
    assert ingest([papers], store).papers_added == 2
    sentences = sentences_of(c.text for p in store.papers() for c in store.lexical.chunks_of(p.id))
    assert len(sentences) == 6
    store.sentence_vectors.clear()  # nothing answers cached is left: what remains is ingest's
    assert set(store.sentence_vectors.get(sentences)) == set(sentences)


def test_what_ingest_embedded_is_embedded_once_and_kept_when_the_answers_cache_is_cleared(store):
    vectors = store.sentence_vectors
    assert vectors.embed_ahead(sorted(words_of(["Graph networks speed up alignment."])), store.embeddings) == 4
    assert vectors.embed_ahead(sorted(words_of(["Networks align graphs faster."])), store.embeddings) == 1
    sentence = "Graph networks speed up alignment."
    vectors.save([sentence], np.ones((1, 384), np.float32))  # as an answer caches it
    vectors.clear()
    assert set(vectors.get([sentence, "graph", "faster"])) == {"graph", "faster"}
