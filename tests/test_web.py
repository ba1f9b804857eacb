"""The web chat's library side on a real store: turns, follow-ups, uploads, the index lock, exposure rules."""

from __future__ import annotations

import json
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import get_args

import pytest

from rag.answer.pipeline import Pipeline
from rag.models import Paper
from rag.settings import Settings
from rag.web.service import (
    MAX_QUESTION_CHARS,
    ChatService,
    IndexLock,
    InputError,
    check_question,
    index_summary,
    search_papers,
    serve_options,
)

DATAMAN = "DataMan: Data Manager for Pre-training Large Language Models"
JOENA = "Joint Optimal Transport and Embedding for Network Alignment"


@pytest.fixture(scope="module")
def service(corpus_store):
    return ChatService(corpus_store.settings)


def _turn(service, message, display=(), history=(), **kwargs):
    updates = list(service.chat(message, list(display), list(history), **kwargs))
    return updates[0], updates[-1]


def test_a_turn_shows_the_question_then_the_cited_answer_and_remembers_its_references(service):
    first, last = _turn(service, "How does DataMan select pre-training data?")
    assert first.display[-2] == {"role": "user", "content": "How does DataMan select pre-training data?"}
    assert "streaming" in first.display[-1]["content"] and first.answer is None
    assert last.answer.citations[0].paper.title == DATAMAN
    assert 'class="cite" href="#t1-ref1"' in last.display[-1]["content"]
    assert last.history[-1]["role"] == "assistant" and f"[1] {DATAMAN}." in last.history[-1]["content"]


def test_a_follow_up_is_answered_from_the_conversation(service):
    _, first = _turn(service, "How does DataMan select pre-training data?")
    _, follow = _turn(service, "Who are its authors?", first.display, first.history)
    assert follow.turn == 2 and follow.answer.kind == "authors"
    assert [c.paper.title for c in follow.answer.citations] == [DATAMAN]
    assert "Ru Peng" in follow.display[-1]["content"] and len(follow.display) == 4


def test_restricting_to_papers_keeps_answers_inside_them(service):
    joena = next(p.id for p in service.papers() if p.title == JOENA)
    _, last = _turn(service, "What speedup does the method achieve?", paper_ids=[joena])
    assert {c.paper.id for c in last.answer.citations} == {joena}


@pytest.mark.parametrize("message", ["", "   \n", "x" * (MAX_QUESTION_CHARS + 1)])
def test_bad_messages_are_refused_before_anything_changes(service, message):
    turn = service.chat(message, [], [])
    with pytest.raises(InputError):
        next(turn)
    assert check_question("x" * MAX_QUESTION_CHARS)


def test_the_api_answer_is_the_cli_json_object(service, corpus_store):
    got = service.ask("How does JOENA differ from DataMan?")
    expected = Pipeline(corpus_store.settings, corpus_store).ask("How does JOENA differ from DataMan?").to_dict()
    got.pop("latency_ms"), expected.pop("latency_ms")
    assert got == expected and got["kind"] == "compare"


def test_answerers_come_from_the_settings_type(service):
    choices = service.answerers()
    assert "extractive" in choices and set(choices) <= set(get_args(Settings.model_fields["answerer"].annotation))


def test_only_answerers_that_are_set_up_can_be_chosen(tmp_path):
    bare = ChatService(Settings(store_dir=tmp_path, openai_api_key=None, openai_base_url=None))
    assert bare.answerers() == ["extractive"]
    assert "RAG_OPENAI_API_KEY" in bare.answerers_to_set_up()["openai"]
    assert "RAG_OLLAMA_BASE_URL" in bare.answerers_to_set_up()["ollama"]
    with pytest.raises(InputError, match="The openai answerer is not set up: set RAG_OPENAI_API_KEY"):
        bare.ask("What is JOENA?", answerer="openai")  # refused, not answered offline instead
    local = ChatService(Settings(store_dir=tmp_path, openai_base_url="http://127.0.0.1:9/v1", ollama_model="qwen3"))
    assert local.answerers() == ["extractive", "openai", "ollama"] and local.answerers_to_set_up() == {}


def test_paper_search_matches_every_word_without_case_or_accents(service):
    papers = service.papers()
    assert [p.title for p in search_papers(papers, "dataman")] == [DATAMAN]
    assert [p.title for p in search_papers(papers, "PENG pre-training")] == [DATAMAN]
    assert len(search_papers(papers, "")) == len(papers) == 10
    assert search_papers(papers, "cs.SI") and not search_papers(papers, "zebra")


def test_sessions_at_the_same_time_keep_their_own_conversations(service):
    questions = {DATAMAN: "How does DataMan select pre-training data?", JOENA: "What is JOENA?"}

    def session(title):
        _, first = _turn(service, questions[title])
        _, follow = _turn(service, "Who are its authors?", first.display, first.history)
        return title, follow

    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(session, [DATAMAN, JOENA, DATAMAN, JOENA]))
    for title, follow in results:
        assert [c.paper.title for c in follow.answer.citations] == [title]
        assert questions[title] in follow.history[0]["content"] and len(follow.history) == 4


def test_an_unreachable_store_is_reported_in_the_chat_and_the_conversation_is_kept(tmp_path):
    closed_port = Settings(store_dir=tmp_path, chroma_host="127.0.0.1", chroma_port=9)  # discard port: nothing listens
    history = [
        {"role": "user", "content": "What is JOENA?"},
        {"role": "assistant", "content": "JOENA aligns networks [1]."},
    ]
    updates = list(ChatService(closed_port).chat("Who are its authors?", [], history))
    last = updates[-1]
    assert "Could not answer: cannot reach the Chroma server at http://127.0.0.1:9" in last.display[-1]["content"]
    assert last.history == history and last.answer is None


def test_an_internal_fault_is_reported_in_the_chat_without_a_traceback(corpus_store, monkeypatch, caplog):
    service = ChatService(corpus_store.settings)

    def broken(*args, **kwargs):
        raise RuntimeError("index out of range in evidence scoring")

    monkeypatch.setattr(service.pipeline, "stream", broken)
    history = [
        {"role": "user", "content": "What is JOENA?"},
        {"role": "assistant", "content": "JOENA aligns networks [1]."},
    ]
    last = list(service.chat("Who are its authors?", [], history))[-1]
    shown = last.display[-1]["content"]
    assert "Could not answer: something went wrong on the server" in shown
    assert "RuntimeError" not in shown and "Traceback" not in shown and "evidence scoring" not in shown
    assert last.history == history and last.answer is None
    assert "index out of range in evidence scoring" in caplog.text  # the details went to the log


# --- uploads ---------------------------------------------------------------------------------------
def _jsonl(path, *lines):
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


GOOD = json.dumps(
    {
        "id": "2502.09999",
        "title": "Sourdough Fermentation Kinetics with Graph Networks",
        "abstract": "We model sourdough fermentation with graph networks. Rise time is predicted within 8 minutes.",
        "authors": "Grace Hopper",
        "categories": "q-bio.QM",
        "update_date": "2025-02-20",
    }
)


def test_uploads_add_good_files_and_reject_bad_ones_whole(settings, embeddings, tmp_path):
    service = ChatService(settings.model_copy(update={"max_upload_mb": 0.01}))
    broken = _jsonl(tmp_path / "broken.jsonl", GOOD.replace("2502.09999", "2502.09998"), '{"id": "2502.1", "title": ')
    big = tmp_path / "big.jsonl"
    big.write_text("x" * 20_000, encoding="utf-8")
    wrong = tmp_path / "paper.docx"
    wrong.write_bytes(b"PK\x03\x04")
    good = _jsonl(tmp_path / "good.jsonl", GOOD)

    outcomes = {o.name: o for o in service.add_files([broken, big, wrong, good])}
    assert outcomes["broken.jsonl"].rejected and "line 2" in outcomes["broken.jsonl"].problems[0]
    assert "over the 0.01 MB limit" in outcomes["big.jsonl"].problems[0]
    assert "unsupported file type '.docx'" in outcomes["paper.docx"].problems[0]
    assert (outcomes["good.jsonl"].added, outcomes["good.jsonl"].problems) == (1, [])
    # Only the good file's paper went in; the good line of the broken file did not.
    assert [p.id for p in service.papers()] == ["2502.09999"]
    _, last = _turn(service, "How is sourdough fermentation modelled?")
    assert last.answer.citations[0].paper.id == "2502.09999"
    assert service.add_files([good])[0].unchanged == 1


# --- the lock ---------------------------------------------------------------------------------------
def test_a_write_waits_for_questions_and_holds_new_ones_off():
    lock = IndexLock()
    order: list[str] = []
    reading, writer_waiting = threading.Event(), threading.Event()

    def question(name, hold):
        with lock.reading():
            order.append(f"{name} reads")
            reading.set()
            hold.wait(5)
        order.append(f"{name} done")

    def write():
        writer_waiting.set()
        with lock.writing():
            order.append("write")

    release = threading.Event()
    first = threading.Thread(target=question, args=("first", release))
    first.start()
    reading.wait(5)
    writer = threading.Thread(target=write)
    writer.start()
    writer_waiting.wait(5)
    time.sleep(0.2)  # time enough for the writer to get in, were the lock not holding it
    assert order == ["first reads"]
    no_wait = threading.Event()
    no_wait.set()
    late = threading.Thread(target=question, args=("late", no_wait))
    late.start()
    time.sleep(0.2)
    assert order == ["first reads"]  # a waiting writer goes first: the late question waits too
    release.set()
    for thread in (first, writer, late):
        thread.join(5)
    assert order == ["first reads", "first done", "write", "late reads", "late done"]


# --- exposure ----------------------------------------------------------------------------------------
def test_loopback_by_default_and_other_addresses_only_by_flag(caplog):
    assert serve_options(Settings(), None)["server_name"] == "127.0.0.1"
    with pytest.raises(InputError, match="pass --host 0.0.0.0"):
        serve_options(Settings(host="0.0.0.0"), None)
    options = serve_options(Settings(), "0.0.0.0")
    assert options["server_name"] == "0.0.0.0" and options["auth"] is None
    assert "without a login" in caplog.text


def test_login_and_upload_limit_come_from_settings():
    options = serve_options(Settings(auth_user="ada", auth_password="s3cret", max_upload_mb=2), "0.0.0.0")
    assert options["auth"] == ("ada", "s3cret") and options["max_file_size"] == 2 * 1024 * 1024
    with pytest.raises(InputError, match="both"):
        serve_options(Settings(auth_user="ada"), None)


def test_the_index_summary_names_files_as_uploaded_and_the_date_range():
    papers = [
        Paper(id=f"p{i}", title=f"T{i}", abstract="A.", published=date, source=source)
        for i, (date, source) in enumerate(
            [
                ("2025-02-20", "/store/uploads/0123456789abcdef0123456789abcdef-kelp_forests.jsonl"),
                ("2025-02-26T17:19:12", "/data/digest.txt"),
                (None, "/data/b.bib"),
                ("2025-02-21", "/data/c.ris"),
            ]
        )
    ]
    line = index_summary(papers)
    assert line.startswith("**paper chat** · cited answers from **4** indexed papers")
    assert "from b.bib, c.ris, digest.txt and 1 more file · published 2025-02-20 to 2025-02-26" in line
    assert "kelp\\_forests.jsonl" in index_summary(papers[:1])  # as uploaded, its underscore not Markdown
    assert index_summary([]) == "**paper chat** · cited answers from **0** indexed papers"
