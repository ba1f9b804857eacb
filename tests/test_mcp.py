"""The paper tools over MCP, driven by the `mcp` package's own client: the web app's server (the real
layout and launch options, in-process, on a free port) over SSE and streamable HTTP, and `rag mcp`
over stdio as a subprocess.
"""

from __future__ import annotations

import base64
import json
import sys
import urllib.error
import urllib.request
from contextlib import asynccontextmanager

import httpx
import pytest
from mcp import ClientSession, StdioServerParameters
from mcp.client.sse import sse_client
from mcp.client.stdio import stdio_client
from mcp.client.streamable_http import streamable_http_client

from tests.conftest import cli_env
from tests.ports import free_port

TOOLS = {"ask", "search_papers", "list_papers", "get_paper"}
DATAMAN = "DataMan: Data Manager for Pre-training Large Language Models"
LOGIN = ("ada", "s3cret")


def basic(user: str, password: str) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()}


def launch(store_dir, mcp: bool, login: tuple[str, str] | None):
    """app.py's build and launch options, in this process; returns (demo, url)."""
    import app as web_app
    from rag.settings import Settings
    from rag.web.mcp import mcp_options
    from rag.web.service import ChatService, serve_options

    auth = dict(zip(("auth_user", "auth_password"), login)) if login else {}
    settings = Settings(store_dir=store_dir, port=free_port(), **auth)
    options = serve_options(settings, None)
    demo = web_app.build(ChatService(settings))
    demo.queue().launch(**options, **mcp_options(mcp, options["auth"]), prevent_thread_lock=True, quiet=True)
    return demo, f"http://127.0.0.1:{settings.port}"


@pytest.fixture(scope="module")
def web(corpus_store):
    demo, url = launch(corpus_store.settings.store_dir, mcp=True, login=LOGIN)
    yield url
    demo.close()


@asynccontextmanager
async def session(url: str, transport: str, headers: dict[str, str] | None = None):
    if transport == "sse":
        opened = sse_client(f"{url}/gradio_api/mcp/sse", headers=headers)
    else:
        opened = streamable_http_client(
            f"{url}/gradio_api/mcp/", http_client=httpx.AsyncClient(headers=headers, timeout=120)
        )
    async with opened as (read, write, *_):
        async with ClientSession(read, write) as client:
            await client.initialize()
            yield client


async def call(client: ClientSession, tool: str, **arguments) -> dict:
    result = await client.call_tool(tool, arguments)
    assert not result.isError, result.content
    return json.loads(result.content[0].text)


# --- the web app's server ----------------------------------------------------------------------


@pytest.mark.parametrize("transport", ["sse", "http"])
async def test_the_four_tools_are_listed_with_their_parameters(web, transport):
    async with session(web, transport, basic(*LOGIN)) as client:
        tools = {tool.name: tool for tool in (await client.list_tools()).tools}
    assert set(tools) == TOOLS  # the chat's own events are not tools
    ask = tools["ask"]
    assert ask.description.startswith("Answer a question from the indexed research papers")
    assert "Returns:" in ask.description and "abstained" in ask.description
    assert set(ask.inputSchema["properties"]) == {"question", "history", "paper_ids"}
    assert ask.inputSchema["required"] == ["question"]
    assert "oldest first" in ask.inputSchema["properties"]["history"]["description"]
    assert tools["search_papers"].inputSchema["properties"]["k"]["description"].startswith("How many passages")
    assert tools["get_paper"].inputSchema["required"] == ["paper_id"]


async def test_each_tool_answers_over_streamable_http(web, corpus_store):
    dataman = next(p for p in corpus_store.papers() if p.title == DATAMAN)
    async with session(web, "http", basic(*LOGIN)) as client:
        answer = await call(client, "ask", question="How does DataMan select pre-training data?")
        follow_up = await call(
            client,
            "ask",
            question="Who are its authors?",
            history=[
                {"role": "user", "content": "How does DataMan select pre-training data?"},
                {"role": "assistant", "content": f"{answer['answer']}\n\n[1] {DATAMAN}."},
            ],
        )
        found = await call(client, "search_papers", query="pre-training data quality ratings", k=3)
        listed = await call(client, "list_papers")
        narrowed = await call(client, "list_papers", query="network alignment")
        paper = await call(client, "get_paper", paper_id=dataman.id[:12])

    assert answer["citations"][0]["title"] == DATAMAN and "[1]" in answer["answer"] and not answer["abstained"]
    assert set(answer) >= {"answer", "citations", "abstained", "answerer", "query", "kind", "suggestions"}
    assert follow_up["kind"] == "authors" and "Ru Peng" in follow_up["answer"]
    assert len(found["passages"]) == 3 and found["passages"][0]["paper_id"] == dataman.id
    assert set(found["passages"][0]) >= {"paper_id", "title", "authors", "published", "url", "text", "score"}
    assert listed["total"] == 10 and {p["title"] for p in listed["papers"]} >= {DATAMAN}
    assert [p["title"] for p in narrowed["papers"]] == ["Joint Optimal Transport and Embedding for Network Alignment"]
    assert paper == {k: v for k, v in dataman.to_dict().items() if k != "source"}  # no path on the server's disk


async def test_bad_arguments_come_back_as_tool_errors_with_a_reason(web, corpus_store):
    async with session(web, "sse", basic(*LOGIN)) as client:
        empty = await client.call_tool("ask", {"question": "   "})
        unknown = await client.call_tool("get_paper", {"paper_id": "no-such-paper"})
        restricted = await client.call_tool("ask", {"question": "What is it about?", "paper_ids": ["no-such-paper"]})
        too_many = await client.call_tool("search_papers", {"query": "data", "k": 500})
        history = await client.call_tool(
            "ask", {"question": "And then?", "history": [{"role": "robot", "content": "x"}]}
        )
    for result, reason in [
        (empty, "Type a question first."),
        (unknown, "no indexed paper matches 'no-such-paper'"),
        (restricted, "no indexed paper matches 'no-such-paper'"),
        (too_many, "k must be between 1 and 50"),
        (history, "history must be a list of"),
    ]:
        assert result.isError and reason in result.content[0].text


@pytest.mark.parametrize("transport", ["sse", "http"])
@pytest.mark.parametrize("headers", [None, basic("ada", "wrong"), {"Authorization": "Bearer s3cret"}])
async def test_a_client_without_the_login_is_refused(web, transport, headers):
    with pytest.raises(BaseException) as refused:
        async with session(web, transport, headers) as client:
            await client.list_tools()
    assert "401" in _messages(refused.value)


def test_every_mcp_route_asks_for_the_login(web):
    for path in ("/gradio_api/mcp/schema", "//gradio_api/mcp/schema", "/gradio_api/mcp/"):
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(web + path, timeout=10)
        assert refused.value.code == 401 and refused.value.headers["WWW-Authenticate"].startswith("Basic")
    schema = urllib.request.urlopen(
        urllib.request.Request(web + "/gradio_api/mcp/schema", headers=basic(*LOGIN)), timeout=10
    )
    assert {tool["name"] for tool in json.load(schema)} == TOOLS


def test_mcp_is_off_without_the_flag_even_when_gradio_is_told_otherwise(corpus_store, monkeypatch):
    monkeypatch.setenv("GRADIO_MCP_SERVER", "true")
    demo, url = launch(corpus_store.settings.store_dir, mcp=False, login=None)
    try:
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(url + "/gradio_api/mcp/schema", timeout=10)
        assert missing.value.code == 404
    finally:
        demo.close()


def _messages(error: BaseException) -> str:
    """The text of an error and of everything grouped in it (the clients' task groups wrap theirs)."""
    inner = getattr(error, "exceptions", ())
    return " ".join([str(error), *(_messages(e) for e in inner)])


# --- rag mcp -----------------------------------------------------------------------------------


async def test_rag_mcp_serves_the_same_tools_over_stdio(corpus_store, tmp_path):
    server = StdioServerParameters(
        command=sys.executable,
        args=["-m", "rag", "--store-dir", str(corpus_store.settings.store_dir), "mcp"],
        env=cli_env(tmp_path / "unused"),
        cwd=str(tmp_path),
    )
    with (tmp_path / "stderr.log").open("w") as errors:
        async with stdio_client(server, errlog=errors) as (read, write):
            async with ClientSession(read, write) as client:
                await client.initialize()
                tools = {tool.name: tool for tool in (await client.list_tools()).tools}
                answer = await client.call_tool("ask", {"question": "How does DataMan select pre-training data?"})
                listed = await call(client, "list_papers")
                refused = await client.call_tool("get_paper", {"paper_id": "no-such-paper"})
    assert set(tools) == TOOLS
    assert tools["search_papers"].description.startswith("Find the passages of the indexed papers")
    assert answer.structuredContent["citations"][0]["title"] == DATAMAN
    assert json.loads(answer.content[0].text) == answer.structuredContent
    assert listed["total"] == 10
    assert refused.isError and "no indexed paper matches 'no-such-paper'" in refused.content[0].text
