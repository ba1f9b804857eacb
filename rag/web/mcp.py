"""The paper tools (rag.web.tools) over MCP: Gradio's server inside the web app, and a stdio server.

With `app.py --mcp`, Gradio serves every public API endpoint as an MCP tool, over SSE at
/gradio_api/mcp/sse and over streamable HTTP at /gradio_api/mcp/. What Gradio leaves to its user,
done here:
- Its MCP routes skip the login that guards its other routes: `McpLogin` asks MCP clients for the
  chat's login as HTTP Basic credentials.
- It calls a queued endpoint through its own HTTP API, where that login would refuse it; so the tool
  endpoints are not queued, and a semaphore keeps them to RAG_WEB_CONCURRENCY at a time instead.
- It hands the client str(result), a Python repr for a dict: the endpoints return JSON text.
- It serves every public endpoint as a tool, the typed API (rag.web.api) too: `McpTools` selects the
  paper tools with Gradio's own `?tools=` parameter on every MCP request.
`rag mcp` serves the same functions with the `mcp` package's FastMCP on stdin/stdout.
"""

from __future__ import annotations

import base64
import binascii
import functools
import hmac
import inspect
import json
import re
import threading
from collections.abc import Callable

from rag.index.store import StoreError
from rag.web.service import InputError
from rag.web.tools import PaperTools

MCP_ROUTES = re.compile(r"/gradio_api/mcp(/|$)")
TOOL_ENDPOINT = "tool_"
TOOL_NAMES = ("ask", "search_papers", "list_papers", "get_paper")  # PaperTools.functions(), by name
INSTRUCTIONS = (
    "Tools over a collection of research papers (titles, authors, abstracts). ask gives a cited answer; "
    "search_papers finds passages; list_papers and get_paper show what is indexed."
)


def add_api_tools(tools: PaperTools, concurrency: int) -> None:
    """Register the tools as the app's public API endpoints, which Gradio's MCP server serves as tools.

    Call inside the `gr.Blocks` context.
    """
    import gradio as gr

    slots = threading.BoundedSemaphore(concurrency)
    for fn in tools.functions():
        # /tool_ask etc.: the plain API's /ask is the typed one. The tool keeps the function's name.
        gr.api(_json_endpoint(fn, slots), api_name=TOOL_ENDPOINT + fn.__name__, queue=False)


def _json_endpoint(fn: Callable[..., dict], slots: threading.BoundedSemaphore) -> Callable[..., str]:
    import gradio as gr

    @functools.wraps(fn)  # the name and docstring become the tool's name and description
    def endpoint(*args, **kwargs) -> str:
        try:
            with slots:
                return json.dumps(fn(*args, **kwargs), ensure_ascii=False)
        except (InputError, StoreError) as exc:  # bad arguments, or a store the server cannot reach
            raise gr.Error(str(exc), print_exception=False) from None

    # Gradio reads the output type from the annotations: text, not the JSON component.
    endpoint.__signature__ = inspect.signature(fn).replace(return_annotation=str)  # type: ignore[attr-defined]  # inspect reads it
    endpoint.__annotations__ = {**fn.__annotations__, "return": str}
    return endpoint


def mcp_options(enabled: bool, login: tuple[str, str] | None) -> dict:
    """launch() arguments: the MCP server only when asked for (GRADIO_MCP_SERVER alone never starts
    it), behind the chat's login when it has one."""
    if not enabled:
        return {"mcp_server": False}
    from starlette.middleware import Middleware

    middleware = [Middleware(McpTools)] + ([Middleware(McpLogin, login=login)] if login else [])
    return {"mcp_server": True, "app_kwargs": {"middleware": middleware}}


class McpTools:
    """ASGI middleware: the MCP routes serve the paper tools only, not the typed API endpoints.

    Gradio makes a tool of every public endpoint and lets a request pick some with `?tools=a,b`; this
    sets that parameter on every MCP request, so clients see the four tools whatever URL they use.
    """

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "http" and MCP_ROUTES.search(re.sub("/{2,}", "/", scope.get("path", ""))):
            query = [
                part for part in scope.get("query_string", b"").split(b"&") if part and not part.startswith(b"tools=")
            ]
            query.append(b"tools=" + ",".join(TOOL_NAMES).encode())
            scope = {**scope, "query_string": b"&".join(query)}
        await self.app(scope, receive, send)


class McpLogin:
    """ASGI middleware: requests to the MCP routes need the login, as `Authorization: Basic ...`."""

    def __init__(self, app, login: tuple[str, str]):
        self.app = app
        self.expected = f"{login[0]}:{login[1]}".encode()

    async def __call__(self, scope, receive, send) -> None:
        path = re.sub("/{2,}", "/", scope.get("path", ""))
        if scope["type"] == "http" and MCP_ROUTES.search(path) and not self._logged_in(scope):
            from starlette.responses import PlainTextResponse

            refusal = PlainTextResponse(
                "The MCP server needs the chat's login (HTTP Basic).",
                status_code=401,
                headers={"WWW-Authenticate": 'Basic realm="paper chat", charset="UTF-8"'},
            )
            await refusal(scope, receive, send)
            return
        await self.app(scope, receive, send)

    def _logged_in(self, scope) -> bool:
        header = dict(scope.get("headers") or []).get(b"authorization", b"")
        scheme, _, value = header.partition(b" ")
        try:
            given = base64.b64decode(value.strip(), validate=True)
        except (binascii.Error, ValueError):
            return False
        return scheme.lower() == b"basic" and hmac.compare_digest(given, self.expected)


def serve_stdio(tools: PaperTools) -> None:
    """Serve the tools over MCP on stdin/stdout until the client closes them (`rag mcp`)."""
    from mcp.server.fastmcp import FastMCP

    server = FastMCP("paper chat", instructions=INSTRUCTIONS, log_level="WARNING")
    for fn in tools.functions():
        server.add_tool(fn)  # FastMCP too names and describes a tool from its function
    server.run("stdio")
