"""Saved conversations: the SQLite log (rag.index.chats) and `rag chats list|show|export` as a subprocess."""

from __future__ import annotations

import json

import pytest

from rag.index.chats import ChatLog, Turn, UnknownChat
from tests.conftest import run_cli

ANSWER = {
    "answer": "DataMan rates data with an LLM [1].",
    "citations": [
        {
            "n": 1,
            "id": "2502.19363",
            "title": "DataMan: Data Manager for Pre-training Large Language Models",
            "authors": ["Ru Peng", "Kexin Yang"],
            "published": "2025-02-26",
            "url": None,
            "passages": [],
            "supporting": ["DataMan rates data with an LLM."],
        },
    ],
    "abstained": False,
}


def turn(question: str) -> Turn:
    return Turn(question, ANSWER, ANSWER["answer"] + "\n\nReferences:\n[1] DataMan", "<div>html</div>")


def test_a_conversation_survives_reopening_the_file_and_belongs_to_its_user(tmp_path):
    log = ChatLog(tmp_path)
    chat_id = log.start("ada", "How does DataMan select pre-training data?")
    log.add_turn("ada", chat_id, turn("How does DataMan select pre-training data?"))
    log.add_turn("ada", chat_id, turn("Who are its authors?"))
    other = log.start("bob", "What is JOENA?")
    log.close()

    reopened = ChatLog(tmp_path)
    (summary,) = reopened.list("ada")
    assert (summary.id, summary.title, summary.turns) == (chat_id, "How does DataMan select pre-training data?", 2)
    chat = reopened.get("ada", chat_id)
    assert [m["role"] for m in chat.history()] == ["user", "assistant", "user", "assistant"]
    assert chat.history()[2]["content"] == "Who are its authors?" and chat.turns[0].answer == ANSWER
    assert [s.id for s in reopened.list("bob")] == [other]
    with pytest.raises(UnknownChat):
        reopened.get("bob", chat_id)  # another user's conversation is not there for bob
    with pytest.raises(UnknownChat):
        reopened.add_turn("bob", chat_id, turn("x"))


def test_rename_delete_and_long_titles(tmp_path):
    log = ChatLog(tmp_path)
    first = log.start("", "word " * 40)
    assert len(log.list("")[0].title) <= 80 and log.list("")[0].title.endswith("…")
    second = log.start("", "What is JOENA?")
    log.rename("", first, "  Reading   list ")
    assert {s.title for s in log.list("")} == {"Reading list", "What is JOENA?"}
    with pytest.raises(ValueError):
        log.rename("", first, "   ")
    log.add_turn("", second, turn("What is JOENA?"))
    log.delete("", second)
    assert [s.id for s in log.list("")] == [first]
    with pytest.raises(UnknownChat):
        log.delete("", second)


def test_rag_chats_lists_shows_and_exports_a_conversation_saved_by_the_web_service(corpus_store):
    """The web service saves a turn as it happens; `rag chats` (a subprocess) reads it back."""
    import bibtexparser

    from rag.web.service import ChatService

    service = ChatService(corpus_store.settings)
    updates = list(service.chat("How does JOENA differ from DataMan?", [], [], user="ada"))
    chat_id = updates[-1].chat_id
    final = updates[-1]
    list(service.chat("Who are their authors?", final.display, final.history, user="ada", chat_id=chat_id))
    store_dir = str(corpus_store.settings.store_dir)

    listed = run_cli(
        "--store-dir", store_dir, "chats", "list", "--user", "ada", "--json", store_dir=corpus_store.settings.store_dir
    )
    (summary,) = [c for c in json.loads(listed.stdout)["chats"] if c["id"] == chat_id]
    assert summary["title"] == "How does JOENA differ from DataMan?" and summary["turns"] == 2
    nobody = run_cli("chats", "list", store_dir=corpus_store.settings.store_dir)
    assert chat_id not in nobody.stdout  # ada's conversation is not the no-login user's

    shown = run_cli("chats", "show", chat_id, "--user", "ada", store_dir=corpus_store.settings.store_dir)
    assert (
        shown.stdout.startswith("# How does JOENA differ from DataMan?") and "## Who are their authors?" in shown.stdout
    )
    assert "Ru Peng" in shown.stdout and shown.stdout.count("### References") == 2
    bib = run_cli(
        "chats", "export", chat_id, "--format", "bibtex", "--user", "ada", store_dir=corpus_store.settings.store_dir
    )
    assert len(bibtexparser.parse_string(bib.stdout).entries) == 2
    missing = run_cli("chats", "show", "nope", store_dir=corpus_store.settings.store_dir)
    assert (
        missing.returncode == 1
        and "no saved conversation 'nope'" in missing.stderr
        and "Traceback" not in missing.stderr
    )
