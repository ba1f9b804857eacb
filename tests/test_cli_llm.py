"""`rag ask` with an LLM answerer against a real scripted OpenAI-compatible server: streaming to the
terminal as a subprocess, the rest in this process (CliRunner)."""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
import time

import pytest
from conftest import ROOT, cli_env, invoke_cli
from scripted_servers import Reply, ScriptedServer, number_of

QUESTION = "How much faster is JOENA than state-of-the-art alignment methods?"


@pytest.fixture
def server():
    scripted = ScriptedServer("openai")
    yield scripted
    scripted.stop()


def answer_with_an_award(request: dict) -> str:
    n = number_of(request, "20x speedup")
    return f"JOENA is up to 20x faster than state-of-the-art alignment methods [{n}]. It won a best paper award [9]."


def test_json_reports_the_answerer_and_the_removed_sentences(corpus_store, server):
    server.script(Reply(answer_with_an_award))
    result = invoke_cli(
        "ask",
        QUESTION,
        "--json",
        "--answerer",
        "openai",
        "--base-url",
        server.url,
        "--model",
        "scripted-7b",
        store_dir=corpus_store.settings.store_dir,
    )

    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["answerer"] == "openai" and data["notice"] is None
    assert data["answer"] == "JOENA is up to 20x faster than state-of-the-art alignment methods [1]."
    assert data["unsupported"] == ["It won a best paper award."]
    assert [c["n"] for c in data["citations"]] == [1] and data["citations"][0]["title"].startswith(
        "Joint Optimal Transport"
    )
    assert server.requests[0]["body"]["model"] == "scripted-7b"


def test_a_dead_server_gives_the_offline_answer_with_a_notice_and_no_traceback(corpus_store, server):
    server.stop()
    result = invoke_cli(
        "ask",
        QUESTION,
        "--json",
        "--answerer",
        "ollama",
        "--base-url",
        server.url.removesuffix("/v1"),
        "--timeout",
        "2",
        store_dir=corpus_store.settings.store_dir,
    )

    assert result.returncode == 0 and "Traceback" not in result.stderr
    data = json.loads(result.stdout)
    assert data["answerer"] == "extractive" and "20x speedup" in data["answer"] and data["citations"]
    assert (
        data["notice"]
        == f"The Ollama server at {server.url.removesuffix('/v1')} could not be reached, so this answer was composed offline from the passages."
    )


def test_text_mode_streams_tokens_as_they_arrive_then_shows_the_verified_answer(corpus_store, server):
    reply = Reply(answer_with_an_award, hold_after=4)  # the server waits after four pieces...
    server.script(reply)
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "rag",
            "ask",
            QUESTION,
            "--answerer",
            "openai",
            "--base-url",
            server.url,
            "--timeout",
            "60",
        ],
        cwd=ROOT,
        env=cli_env(corpus_store.settings.store_dir),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        seen = _read_until(process, b"JOENA is up to", deadline=time.monotonic() + 240)
        # ...and its first pieces are already on the terminal, before the rest of the answer exists.
        assert seen == b"JOENA is up to " and not reply.release.is_set()
    finally:
        reply.release.set()
    out, err = process.communicate(timeout=120)
    text = (seen + out).decode()

    assert process.returncode == 0, err.decode()
    streamed, rest = text.split("\n\nVerified answer:\n")
    assert streamed == answer_with_an_award(server.requests[0])
    assert rest.startswith("JOENA is up to 20x faster than state-of-the-art alignment methods [1].\n")
    assert "Removed as unsupported by the cited passages:\n  - It won a best paper award." in rest
    assert "References:\n[1] Joint Optimal Transport and Embedding for Network Alignment." in rest


def _read_until(process: subprocess.Popen, wanted: bytes, deadline: float) -> bytes:
    """What the process has written to stdout once `wanted` appeared (or the deadline passed)."""
    data = b""
    fd = process.stdout.fileno()
    while wanted not in data and time.monotonic() < deadline and process.poll() is None:
        ready, _, _ = select.select([fd], [], [], 1.0)
        if ready:
            data += os.read(fd, 4096)
    return data
