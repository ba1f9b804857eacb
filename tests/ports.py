"""The servers the tests start (the app, chroma run): a free TCP port on 127.0.0.1, and waiting for them."""

from __future__ import annotations

import socket
import subprocess
import time
import urllib.request
from collections.abc import Callable

import pytest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_serving(url: str, process: subprocess.Popen, log: Callable[[], str], timeout: float = 300) -> None:
    """Wait for `url` to answer; fail the test with the end of the server's `log()` if it exits or never does."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"the app did not start:\n{log()[-3000:]}")
            time.sleep(1)
