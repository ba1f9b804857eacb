"""Server mode: the same CLI and library against a real `chroma run` server, from two "machines"
(two store folders, each with its own lexical cache), plus the errors a user can meet there."""

from __future__ import annotations

import http.client
import json
import shutil
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from tests.conftest import CORPUS, run_cli, run_cli_json
from tests.ports import free_port

QUERIES = ["optimal transport for network alignment", "reward models for reliable LLM training", "データ管理"]
EXTRA = {
    "id": "2503.00042",
    "title": "Tide Gauges and Graph Networks for Coastal Flood Forecasting",
    "abstract": "We forecast coastal floods from 40 tide gauges with a graph network. Errors drop by 12% against harmonic analysis.",
    "authors": "Grace Hopper",
    "update_date": "2025-03-01",
}


def _chroma_binary() -> str:
    found = Path(sys.executable).with_name("chroma")
    return str(found) if found.exists() else shutil.which("chroma") or pytest.fail("the `chroma` CLI is not installed")


def start_chroma(path: Path) -> tuple[subprocess.Popen, int]:
    """`chroma run` on a free port, returned once its heartbeat answers."""
    port = free_port()
    log = (path.parent / f"chroma-{port}.log").open("wb")
    process = subprocess.Popen(
        [_chroma_binary(), "run", "--host", "127.0.0.1", "--port", str(port), "--path", str(path)],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"chroma run exited with {process.returncode}; see {log.name}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=1).status_code == 200:
                return process, port
        except httpx.HTTPError:
            time.sleep(0.2)
    process.kill()
    pytest.fail("chroma run did not answer within 60 s")


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture(scope="module")
def chroma_port(tmp_path_factory):
    process, port = start_chroma(tmp_path_factory.mktemp("chroma-server") / "data")
    yield port
    stop(process)


def _server_env(port: int, **extra: str) -> dict[str, str]:
    return {"RAG_CHROMA_HOST": "127.0.0.1", "RAG_CHROMA_PORT": str(port), **extra}


@pytest.fixture(scope="module")
def two_machines(chroma_port, tmp_path_factory):
    """Machine A ingests the shipped corpus through the CLI; machine B has only its own empty folder."""
    a = tmp_path_factory.mktemp("machine-a") / ".rag"
    b = tmp_path_factory.mktemp("machine-b") / ".rag"
    counts = run_cli_json("ingest", str(CORPUS), store_dir=a, **_server_env(chroma_port))
    assert counts["papers_added"] == 10 and counts["rejected_total"] == 0
    return a, b


def _store(store_dir: Path, port: int):
    from rag.index.store import Store
    from rag.settings import Settings

    return Store(Settings(store_dir=store_dir, chroma_host="127.0.0.1", chroma_port=port))


def _results(store) -> list[list[tuple[str, float]]]:
    from rag.answer.retrieval import Retriever

    retriever = Retriever(store)
    return [[(p.chunk.id, round(p.score, 5)) for p in retriever.search(q, k=6)] for q in QUERIES]


def test_second_machine_gets_the_same_papers_and_search_results(two_machines, chroma_port, embeddings):
    a, b = two_machines
    env = _server_env(chroma_port)
    assert run_cli_json("papers", store_dir=b, **env) == run_cli_json("papers", store_dir=a, **env)
    assert len(run_cli_json("papers", store_dir=b, **env)["papers"]) == 10
    # The data is on the server: neither machine has an embedded Chroma folder.
    assert not (a / "chroma").exists() and not (b / "chroma").exists()

    store_a, store_b = _store(a, chroma_port), _store(b, chroma_port)
    results_a = _results(store_a)
    assert all(results_a) and _results(store_b) == results_a
    assert store_b.lexical.chunk_count() == store_a.count() == store_b.count()


def test_second_machine_picks_up_a_later_ingest(two_machines, chroma_port, embeddings, tmp_path):
    from rag.index.ingest import ingest

    a, b = two_machines
    store_b = _store(b, chroma_port)
    assert store_b.paper(EXTRA["id"]) is None  # B's cache is open and current before A writes

    extra = tmp_path / "extra.jsonl"
    extra.write_text(json.dumps(EXTRA) + "\n", encoding="utf-8")
    report = ingest([extra], _store(a, chroma_port))
    assert report.papers_added == 1

    store_b.refresh()
    assert store_b.paper(EXTRA["id"]).title == EXTRA["title"]
    assert store_b.lexical.chunk_count() == store_b.count()
    from rag.answer.retrieval import Retriever

    top = Retriever(store_b).search("coastal flood forecasting from tide gauges", k=3)
    assert top[0].paper.id == EXTRA["id"]
    papers = run_cli_json("papers", store_dir=b, **_server_env(chroma_port))["papers"]
    assert EXTRA["id"] in {p["id"] for p in papers} and len(papers) == 11


def test_unreachable_server_is_one_clear_line(tmp_path):
    port = free_port()  # nothing listens there
    for args in (["papers"], ["ingest", str(CORPUS)]):
        result = run_cli(*args, store_dir=tmp_path / ".rag", **_server_env(port))
        assert result.returncode == 1
        assert f"cannot reach the Chroma server at http://127.0.0.1:{port}" in result.stderr
        assert "Traceback" not in result.stderr


def test_server_that_goes_away_is_a_store_error(tmp_path):
    from rag.index.store import StoreError

    process, port = start_chroma(tmp_path / "data")
    try:
        store = _store(tmp_path / ".rag", port)
        assert store.count() == 0 and store.papers() == []
    finally:
        stop(process)
    store.__dict__.pop("collection")  # force a round trip
    with pytest.raises(StoreError, match=f"lost the Chroma server at http://127.0.0.1:{port}"):
        store.count()


# --- token auth -----------------------------------------------------------------------------
# Chroma 1.x servers have no authentication of their own; Chroma's deployment guide puts a proxy
# that checks a bearer token in front (Envoy, nginx). This is such a proxy, in a few lines.
TOKEN = "s3cret-token"


class _TokenGate(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    upstream_port = 0

    def _forward(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if self.headers.get("Authorization") != f"Bearer {TOKEN}":
            self._reply(401, [("Content-Type", "text/plain")], b"missing or wrong token")
            return
        upstream = http.client.HTTPConnection("127.0.0.1", self.upstream_port, timeout=60)
        hop = {"host", "authorization", "connection", "keep-alive", "transfer-encoding"}
        upstream.request(
            self.command, self.path, body=body, headers={k: v for k, v in self.headers.items() if k.lower() not in hop}
        )
        response = upstream.getresponse()
        headers = [(k, v) for k, v in response.getheaders() if k.lower() not in hop | {"content-length"}]
        self._reply(response.status, headers, response.read())
        upstream.close()

    def _reply(self, status: int, headers, payload: bytes) -> None:
        self.send_response(status)
        for key, value in headers:
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _forward

    def log_message(self, *args) -> None:  # quiet
        pass


@pytest.fixture(scope="module")
def token_gate(chroma_port):
    handler = type("Gate", (_TokenGate,), {"upstream_port": chroma_port})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def test_token_is_sent_and_a_refused_token_is_explained(two_machines, token_gate):
    _, b = two_machines
    good = run_cli_json("papers", store_dir=b, **_server_env(token_gate, RAG_CHROMA_TOKEN=TOKEN))
    assert len(good["papers"]) >= 10

    wrong = run_cli("papers", store_dir=b, **_server_env(token_gate, RAG_CHROMA_TOKEN="not-it"))
    assert wrong.returncode == 1 and "Traceback" not in wrong.stderr
    assert (
        f"the Chroma server at http://127.0.0.1:{token_gate} refused the token in RAG_CHROMA_TOKEN (HTTP 401)"
        in wrong.stderr
    )

    missing = run_cli("papers", store_dir=b, **_server_env(token_gate))
    assert missing.returncode == 1 and "refused a request without a token (set RAG_CHROMA_TOKEN)" in missing.stderr
