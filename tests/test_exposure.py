"""No stray setting exposes the chat (issue 16, item 2): the real app.py with Gradio's own variables set.

GRADIO_SHARE would open a public tunnel and GRADIO_SERVER_NAME / GRADIO_NODE_SERVER_NAME another bind
address; each is refused in one line with exit status 2 unless the matching flag (--host) is given,
and a started app listens on 127.0.0.1 only.
"""

from __future__ import annotations

import subprocess
import sys

import psutil
import pytest

from tests.conftest import ROOT, cli_env
from tests.ports import free_port, wait_until_serving


def _start(store_dir, port: int, *flags: str, **env: str) -> subprocess.Popen:
    environment = cli_env(store_dir, GRADIO_ANALYTICS_ENABLED="False", **env)
    command = [sys.executable, str(ROOT / "app.py"), "--port", str(port), *flags]
    return subprocess.Popen(
        command, cwd=store_dir.parent, env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


@pytest.mark.parametrize(
    ("variable", "value"),
    [("GRADIO_SHARE", "True"), ("GRADIO_SERVER_NAME", "0.0.0.0"), ("GRADIO_NODE_SERVER_NAME", "0.0.0.0")],
)
def test_a_variable_that_would_expose_the_chat_is_refused_in_one_line(tmp_path, variable, value):
    process = _start(tmp_path / ".rag", free_port(), **{variable: value})
    try:
        out, err = process.communicate(timeout=120)  # before the fix: the app started and served
    except subprocess.TimeoutExpired:
        process.kill()
        pytest.fail(f"app.py started with {variable}={value} set")
    assert process.returncode == 2
    assert err.strip().count("\n") == 0 and f"{variable}={value}" in err and "Traceback" not in err
    assert "public URL" not in out + err and "share link" not in out + err  # no tunnel was attempted
    assert not (tmp_path / ".rag").exists()  # refused before the store was opened


def test_with_the_variables_set_but_overridden_only_loopback_is_bound(corpus_store):
    port = free_port()
    process = _start(
        corpus_store.settings.store_dir,
        port,
        "--host",
        "127.0.0.1",
        GRADIO_SERVER_NAME="0.0.0.0",
        GRADIO_NODE_SERVER_NAME="0.0.0.0",
        GRADIO_SHARE="false",
    )
    try:
        wait_until_serving(f"http://127.0.0.1:{port}/", process, lambda: process.communicate()[1])
        listening = {
            connection.laddr.ip
            for connection in psutil.Process(process.pid).net_connections(kind="inet")
            if connection.status == psutil.CONN_LISTEN
        }
        assert listening == {"127.0.0.1"}
    finally:
        process.terminate()
        out, err = process.communicate(timeout=30)
    # Gradio's words when it opens (or fails to open) a tunnel
    assert "public URL" not in out + err and "share link" not in out + err
