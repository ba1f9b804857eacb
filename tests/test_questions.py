"""Question analysis and conversation scope: what a question asks, before anything is retrieved."""

from __future__ import annotations

import pytest

from rag.answer.conversation import resolve
from rag.answer.questions import Kind, analyse


def test_each_part_of_a_multi_part_question_is_a_clause_and_an_elliptical_part_keeps_the_topic():
    q = analyse("What problem does hyperfitting solve, and how?")
    assert [c.asks for c in q.clauses] == ["problem", "method"]
    assert q.clauses[1].topic == q.clauses[0].topic  # "and how?" is about hyperfitting's problem


def test_a_fragment_that_asks_nothing_joins_the_next_part():
    q = analyse(
        "In JOENA, how does optimal transport help the embedding part, and how do the embeddings in turn help OT?"
    )
    assert len(q.clauses) == 2 and q.clauses[0].text.startswith("In JOENA")


def test_quantity_parts_know_what_they_count():
    q = analyse("where did DataMan's quality criteria come from? how many criteria, how many domains?")
    assert [c.counted for c in q.clauses] == ["", "criteria", "domains"]
    assert [c.wants_number for c in q.clauses] == [False, True, True]


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("JOENAの論文は何を提案していますか？", Kind.FACT),  # about a paper, not "how many papers"
        ("MIMoE-FNDの論文はいくつのベンチマークで評価されましたか？", Kind.FACT),
        ("論文は何本ありますか？", Kind.COUNT),
        ("list the papers you've got", Kind.LIST),
        ("How many papers are indexed?", Kind.COUNT),
        ("which paper has the latest timestamp in the set?", Kind.DATE),
    ],
)
def test_collection_questions_only_when_about_the_collection(question, kind):
    assert analyse(question).kind == kind


def test_a_clause_is_not_a_compared_thing():
    asked = analyse("Which datasets were used in the study, and which two families of optimizations did they compare?")
    assert asked.kind != Kind.COMPARE
    compared = analyse("How do the hyperfitting paper and Controlled Diversity differ in the problem they try to fix?")
    assert compared.kind == Kind.COMPARE and compared.parts == ("hyperfitting", "Controlled Diversity")


def test_what_a_question_wants_named_counted_or_ranked():
    assert analyse("What GPU did they use?").wants_name
    assert not analyse("Which failure regime do they target?").wants_name
    assert analyse("Which uncertainty technique did worst?").ranks
    assert analyse("which paper has the latest timestamp?").superlative == "latest"
    assert analyse("Which is the oldest paper?").superlative == "earliest"


def test_a_topic_shift_marker_ends_the_follow_up():
    history = [
        {"role": "user", "content": "What does DataMan annotate?"},
        {
            "role": "assistant",
            "content": "It annotates a corpus [1].\n\nReferences:\n[1] DataMan: Data Manager. Someone",
        },
    ]
    titled = lambda title: "dataman" if title.startswith("DataMan") else None  # noqa: E731
    named = lambda text: []  # noqa: E731
    assert resolve("Which of its models worked best?", history, named, titled).papers == ("dataman",)
    assert resolve("Different question: which of its models worked best?", history, named, titled) is None
    assert resolve("話は変わりますが、そのモデルは？", history, named, titled) is None


def test_a_follow_up_takes_the_reference_list_over_names_in_the_text():
    history = [
        {"role": "user", "content": "q"},
        {
            "role": "assistant",
            "content": "JOENA is mentioned here [1].\n\nReferences:\n[1] DataMan: Data Manager. Someone",
        },
    ]
    titled = lambda title: "dataman" if title.startswith("DataMan") else None  # noqa: E731
    named = lambda text: ["joena"] if "JOENA" in text else []  # noqa: E731
    assert resolve("Who wrote it?", history, named, titled).papers == ("dataman",)


def test_the_transcript_of_an_answer_is_read_back_as_its_papers(corpus_store):
    """The format follow-ups read is written beside its parser: a round trip gives the cited papers back."""
    from rag.answer.conversation import exchange
    from rag.answer.pipeline import Pipeline

    pipeline = Pipeline(corpus_store.settings, corpus_store)
    answer = pipeline.ask("Compare DataMan with JOENA")
    history = exchange("Compare DataMan with JOENA", answer)
    catalog = corpus_store.catalog
    follow = resolve(
        "Who wrote the second one?", history, lambda text: list(catalog.papers_named(text)), catalog.paper_titled
    )
    assert follow.previous == tuple(c.paper.id for c in answer.citations) and follow.papers == (
        answer.citations[1].paper.id,
    )
