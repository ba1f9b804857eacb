"""Real HTTP servers on 127.0.0.1 that speak the OpenAI chat-completions or the Ollama /api/chat protocol
and reply from a script, recording every request. The LLM backends are tested against these.

A script is a queue of Reply objects, one per request; a Reply's text may be a function of the
request, so a script can cite the passage number the prompt gave a sentence.
"""

from __future__ import annotations

import json
import re
import socket
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HANG_LIMIT_S = 300  # a hanging or held reply gives up by itself after this long, even if nobody stops it
_PASSAGE = re.compile(r'<passage n="(\d+)" paper="([^"]*)">\n(.*?)\n</passage>', re.DOTALL)


@dataclass
class Reply:
    text: str | Callable[[dict], str] = ""  # a function gets the request: {"path", "body"}
    status: int = 200  # anything else: an error body with this HTTP status
    hang: bool = False  # accept the request and never answer
    stop_after: int | None = None  # stream this many pieces, then stop the whole server
    malformed: bool = False  # a body that is not the protocol's JSON
    hold_after: int | None = None  # stream this many pieces, then wait for `release` before the rest
    release: threading.Event = field(default_factory=threading.Event)


class ScriptedServer:
    def __init__(self, protocol: str):
        assert protocol in ("openai", "ollama")
        self.protocol = protocol
        self.replies: deque[Reply] = deque()
        self.requests: list[dict] = []
        self.stopped = threading.Event()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    @property
    def port(self) -> int:
        return self.httpd.server_address[1]

    @property
    def url(self) -> str:
        """The base URL a client is given: /v1 for OpenAI-compatible servers."""
        return f"http://127.0.0.1:{self.port}" + ("/v1" if self.protocol == "openai" else "")

    def script(self, *replies: Reply | str) -> None:
        self.replies.extend(r if isinstance(r, Reply) else Reply(r) for r in replies)

    def stop(self) -> None:
        """Stop serving and close the port (safe to call from a request's own thread)."""
        if not self.stopped.is_set():
            self.stopped.set()  # hanging replies return
            self.httpd.shutdown()  # waits for the serving loop, which holds the listening socket, to end
            self.httpd.server_close()

    def reset(self) -> None:
        self.replies.clear()
        self.requests.clear()


def _handler(server: ScriptedServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args) -> None:  # keep pytest's output clean
            pass

        def handle(self) -> None:
            try:
                super().handle()
            except OSError:  # the client went away (timed out, or gave up after an error): nothing to answer
                pass

        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
            request = {"path": self.path, "body": body}
            server.requests.append(request)
            expected = "/v1/chat/completions" if server.protocol == "openai" else "/api/chat"
            if self.path != expected:
                return self._send_json(404, {"error": f"no route {self.path}"})
            reply = server.replies.popleft() if server.replies else Reply(status=500)
            if reply.hang:
                server.stopped.wait(HANG_LIMIT_S)
                return self._abort()
            if reply.status != 200:
                message = (
                    {"error": {"message": "scripted failure"}}
                    if server.protocol == "openai"
                    else {"error": "scripted failure"}
                )
                return self._send_json(reply.status, message)
            text = reply.text(request) if callable(reply.text) else reply.text
            if body.get("stream", server.protocol == "ollama"):
                self._stream(text, reply)
            elif reply.malformed:
                self._send_raw(200, b"{not json", "application/json")
            else:
                self._send_json(200, _whole(server.protocol, text, body.get("model", "m")))

        def _stream(self, text: str, reply: Reply) -> None:
            content_type = "text/event-stream" if server.protocol == "openai" else "application/x-ndjson"
            self.send_response(200)
            self.send_header("Content-Type", content_type)
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            pieces = re.findall(r"\S+\s*|\s+", text) or [""]
            for i, piece in enumerate(pieces):
                if i == reply.hold_after:
                    reply.release.wait(HANG_LIMIT_S)
                if reply.stop_after is not None and i >= reply.stop_after:
                    server.stop()  # the server goes away in the middle of the answer
                    return self._abort()
                self._chunk(b"{not json\n\n" if reply.malformed else _piece(server.protocol, piece))
                time.sleep(0.002)
            self._chunk(_end(server.protocol))
            self.wfile.write(b"0\r\n\r\n")

        def _chunk(self, data: bytes) -> None:
            self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
            self.wfile.flush()

        def _abort(self) -> None:
            try:
                self.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            self.close_connection = True

        def _send_json(self, status: int, data: dict) -> None:
            self._send_raw(status, json.dumps(data).encode(), "application/json")

        def _send_raw(self, status: int, data: bytes, content_type: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    return Handler


def _piece(protocol: str, text: str) -> bytes:
    if protocol == "openai":
        chunk = {
            "id": "chatcmpl-1",
            "object": "chat.completion.chunk",
            "created": 0,
            "model": "m",
            "choices": [{"index": 0, "delta": {"role": "assistant", "content": text}, "finish_reason": None}],
        }
        return f"data: {json.dumps(chunk)}\n\n".encode()
    line = {
        "model": "m",
        "created_at": "2025-01-01T00:00:00Z",
        "message": {"role": "assistant", "content": text},
        "done": False,
    }
    return (json.dumps(line) + "\n").encode()


def _end(protocol: str) -> bytes:
    if protocol == "openai":
        chunk = {
            "id": "chatcmpl-1",
            "object": "chat.completion.chunk",
            "created": 0,
            "model": "m",
            "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}],
        }
        return f"data: {json.dumps(chunk)}\n\ndata: [DONE]\n\n".encode()
    line = {
        "model": "m",
        "created_at": "2025-01-01T00:00:00Z",
        "message": {"role": "assistant", "content": ""},
        "done": True,
        "done_reason": "stop",
        "total_duration": 1,
        "load_duration": 1,
        "prompt_eval_count": 1,
        "prompt_eval_duration": 1,
        "eval_count": 1,
        "eval_duration": 1,
    }
    return (json.dumps(line) + "\n").encode()


def _whole(protocol: str, text: str, model: str) -> dict:
    if protocol == "openai":
        return {
            "id": "chatcmpl-1",
            "object": "chat.completion",
            "created": 0,
            "model": model,
            "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
            "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
        }
    return json.loads(_end("ollama")) | {"message": {"role": "assistant", "content": text}}


# --- reading what the client sent -----------------------------------------------------------------
def messages(request: dict) -> list[dict]:
    return request["body"]["messages"]


def passages(request: dict) -> dict[int, tuple[str, str]]:
    """The numbered passages of an answer request: n → (paper title, text)."""
    human = messages(request)[-1]["content"]
    return {int(n): (title, text) for n, title, text in _PASSAGE.findall(human)}


def number_of(request: dict, contains: str) -> int:
    """The number the prompt gave the passage containing `contains`."""
    return next(n for n, (_, text) in passages(request).items() if contains in text)
