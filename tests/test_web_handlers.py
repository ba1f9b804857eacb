"""app.py's event handlers called directly, without a browser: what each gives the page."""

from __future__ import annotations

from pathlib import Path

import pytest

import app as web_app
from rag.web.service import ChatService

JOENA = "Joint Optimal Transport and Embedding for Network Alignment"
DATAMAN = "DataMan: Data Manager for Pre-training Large Language Models"


@pytest.fixture(scope="module")
def service(corpus_store):
    return ChatService(corpus_store.settings)


class Login:
    """What Gradio passes as gr.Request: only its user name is read."""

    def __init__(self, username: str | None):
        self.username = username


def last(generator):
    *_, final = generator
    return final


def test_bad_questions_and_passage_counts_are_said_beside_the_input(service):
    for text, k, message in [
        ("  ", 6, "Type a question first."),
        ("What is JOENA?", 0, "from 1 to 50"),
        ("What is JOENA?", 2.5, "whole number"),
    ]:
        outputs = last(web_app.ask_turn(service, text, [], [], [], k, "extractive", None, Login(None)))
        assert message in outputs[6]["value"] and outputs[6]["visible"]
        assert outputs[0] == web_app.gr.skip()  # the chat is left as it was


def test_a_turn_is_saved_for_its_user_and_reopens_with_its_history(service):
    ada = Login("ada")
    final = last(
        web_app.ask_turn(service, "How does DataMan select pre-training data?", [], [], [], 6, "extractive", None, ada)
    )
    display, history, chat_id = final[0], final[1], final[5]
    assert chat_id and len(display) == 2 and history[0]["content"] == "How does DataMan select pre-training data?"
    answer_md, conversation_md, bibtex, copy_text, row, listed = final[7:]
    assert Path(answer_md["value"]).read_text(encoding="utf-8") == copy_text and "### References" in copy_text
    assert row["visible"] and "@misc{" in Path(bibtex["value"]).read_text(encoding="utf-8")
    assert [value for _, value in listed["choices"]][0] == chat_id and listed["value"] == chat_id

    reopened = web_app.open_conversation(service, chat_id, ada)
    assert reopened[0] == display and reopened[1] == history and reopened[2] == chat_id
    bob = web_app.list_conversations(service, None, Login("bob"))
    assert chat_id not in [value for _, value in bob["choices"]]

    follow = last(
        web_app.ask_turn(service, "Who are its authors?", reopened[0], reopened[1], [], 6, "extractive", chat_id, ada)
    )
    assert follow[5] == chat_id and "Ru Peng" in follow[0][-1]["content"]
    cleared = web_app.delete_conversation(service, chat_id, ada)
    assert cleared[:3] == ([], [], None)
    hidden = web_app.conversation_downloads(service, chat_id, ada)
    assert not hidden[0]["visible"] and not hidden[4]["visible"]


def test_bind_keeps_what_gradio_reads(service):
    bound = web_app.bind(web_app.ask_turn, service)
    import inspect

    assert inspect.isgeneratorfunction(bound) and "service" not in inspect.signature(bound).parameters
    assert list(inspect.signature(bound).parameters)[-1] == "request"


def test_the_first_screen_says_how_many_papers_from_which_files_and_dates(service):
    _, _, summary = web_app.show_papers(service, "", [])
    assert "**10** indexed papers · from arxiv-digest-2025-02-26.txt · published 2025-" in summary
    assert summary.count("·") == 3  # one line: count, files, dates


def test_files_of_the_wrong_type_leave_the_upload_box_with_one_message(service, tmp_path):
    paper, other = tmp_path / "kelp.jsonl", tmp_path / "paper.docx"
    paper.write_text("{}\n", encoding="utf-8")
    other.write_bytes(b"PK\x03\x04")
    kept, report = web_app.check_chosen_files([str(paper), str(other)])
    assert kept == [str(paper)] and report.count("Not a paper file: paper.docx.") == 1
    assert web_app.check_chosen_files([str(paper)]) == (web_app.gr.skip(), web_app.gr.skip())
    before = len(service.papers())
    added, files = web_app.add_files(service, [str(other)], Login(None), progress=lambda *a, **k: None)
    assert "Not a paper file: paper.docx." in added and len(service.papers()) == before


def test_the_answerer_choice_lists_only_those_set_up_and_says_how_to_set_up_the_others(corpus_store):
    offline = ChatService(corpus_store.settings.model_copy(update={"openai_api_key": None, "openai_base_url": None}))
    demo = web_app.build(offline)
    (choice,) = [c for c in demo.blocks.values() if getattr(c, "elem_id", None) == "answerer"]
    assert [value for _, value in choice.choices] == ["extractive"] and choice.value == "extractive"
    assert "Not set up yet: openai: set RAG_OPENAI_API_KEY" in choice.info and "RAG_OLLAMA_BASE_URL" in choice.info
    # A choice made anyway (an old page, a script) is refused beside the input, not answered offline instead.
    outputs = last(web_app.ask_turn(offline, "What is JOENA?", [], [], [], 6, "openai", None, Login(None)))
    assert "The openai answerer is not set up" in outputs[6]["value"] and outputs[0] == web_app.gr.skip()


def test_a_refusal_under_a_paper_restriction_names_it(service):
    titles = {p.title: p.id for p in service.papers()}
    chosen = [titles[JOENA], titles[DATAMAN]]
    question = "What is the boiling point of mercury on Mars?"
    final = last(web_app.ask_turn(service, question, [], [], chosen, 6, "extractive", None, Login(None)))
    reply, sources = final[0][-1]["content"], final[2]
    assert reply.count("The 2 chosen papers do not cover this question.") == 1 and "indexed papers" not in reply
    assert "No passage of the 2 chosen papers was relevant enough" in sources
