"""The distribution: a wheel built from the tree carries the prompts and the chat's static files, and,
installed into a fresh virtual environment, answers with an LLM backend (a scripted OpenAI server)."""

from __future__ import annotations

import json
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT, cli_env
from scripted_servers import Reply, ScriptedServer, number_of

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--quiet",
            "-w",
            str(out),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (built,) = out.glob("paper_chat-*.whl")
    return built


def test_the_wheel_holds_the_prompts_and_static_files_under_the_project_name(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    prompts = {p.name for p in (ROOT / "prompts").glob("*.txt")}
    assert prompts and {f"rag/prompts/{p}" for p in prompts} <= names
    assert {"rag/web/static/chat.css", "rag/web/static/chat.js", "rag/py.typed"} <= names
    assert wheel.name.startswith("paper_chat-") and not any(n.startswith(("tests/", "bench/")) for n in names)


def test_an_installed_wheel_answers_with_an_llm(wheel, corpus_store, tmp_path):
    """Not the source tree: a fresh venv, the wheel installed in it, run from elsewhere. Its other
    dependencies come from this environment's site-packages (a .pth line), so nothing is downloaded."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    site = Path(
        subprocess.run(
            [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    )
    (site / "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--quiet", str(wheel)],
        check=True,
        timeout=300,
    )
    where = subprocess.run(
        [python, "-c", "import rag.prompts; print(rag.prompts.__file__)"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    assert where.stdout.startswith(str(venv))  # the installed copy, not the repository's prompts/

    env = cli_env(corpus_store.settings.store_dir)
    env.pop("PYTHONPATH")  # the installed package, not this checkout
    server = ScriptedServer("openai")
    try:
        server.script(
            Reply(
                lambda request: (
                    f"JOENA is up to 20x faster than state-of-the-art alignment methods [{number_of(request, '20x speedup')}]."
                )
            )
        )
        result = subprocess.run(
            [
                venv / "bin" / "rag",
                "ask",
                "How much faster is JOENA?",
                "--json",
                "--answerer",
                "openai",
                "--base-url",
                server.url,
            ],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
    finally:
        server.stop()
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer["answerer"] == "openai" and answer["notice"] is None and "20x" in answer["answer"], answer["notice"]
    system = server.requests[0]["body"]["messages"][0]["content"]
    assert system.startswith("You answer questions about research papers")  # the packaged prompt reached the model
