"""Shared fixtures: the real embedding model, real Chroma stores in temporary folders, the real CLI
(as a subprocess with `run_cli`, or in this process with `invoke_cli` where the process is not the point)."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
import traceback
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
DATA = Path(__file__).resolve().parent / "data"

# A paper the shipped corpus does not hold, for tests that add one (uploads, watches, exports).
SOURDOUGH = {
    "id": "2502.09999",
    "title": "Sourdough Fermentation Kinetics with Graph Networks",
    "abstract": "We model sourdough fermentation with graph networks over microbial species. "
    "Rise time is predicted within 8 minutes on 120 bakery batches.",
    "authors": "Grace Hopper, Ada Lovelace",
    "categories": "q-bio.QM cs.LG",
    "update_date": "2025-02-20",
}


def cli_env(store_dir: Path, **extra: str) -> dict[str, str]:
    """The environment of a `rag` subprocess: this checkout's code, this store, no RAG_ leaking in."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("RAG_", "OPENAI_"))}
    env.update(
        PYTHONPATH=str(ROOT),
        RAG_STORE_DIR=str(store_dir),
        HF_HUB_OFFLINE="1",
        PYTHONIOENCODING="utf-8",
    )
    env.update(extra)
    return env


def run_cli(*args: str, store_dir: Path, cwd: Path | None = None, timeout: float = 300, **env: str):
    """Run `rag ARGS...` as a subprocess (the installed entry point's code, from this checkout)."""
    return subprocess.run(
        [sys.executable, "-m", "rag", *args],
        cwd=cwd or store_dir.parent,
        env=cli_env(store_dir, **env),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def run_cli_json(*args: str, store_dir: Path, **kwargs) -> dict:
    result = run_cli(*args, "--json", store_dir=store_dir, **kwargs)
    assert result.returncode == 0, f"rag {' '.join(args)} failed:\n{result.stderr}"
    return json.loads(result.stdout)


@dataclass
class CliResult:
    """What `invoke_cli` returns: the fields of subprocess.CompletedProcess that tests read."""

    returncode: int
    stdout: str
    stderr: str


def invoke_cli(*args: str, store_dir: Path, cwd: Path | None = None, **env: str) -> CliResult:
    """Run `rag ARGS...` in this process with typer's CliRunner: the same command code as `run_cli`
    without a new interpreter loading the model each time. Errors come out as `rag.cli.main` prints
    them (one line, its exit status); an unexpected exception as its traceback on stderr, status 1."""
    from typer.testing import CliRunner

    from rag.cli import _exit_status, app

    isolated = {k: None for k in os.environ if k.startswith(("RAG_", "OPENAI_"))}  # as cli_env: none leak in
    isolated |= {"RAG_STORE_DIR": str(store_dir), **env}
    with contextlib.chdir(cwd or store_dir.parent):
        result = CliRunner().invoke(app, list(args), env=isolated)
    stderr, code, exc = result.stderr, result.exit_code, result.exception
    if exc is not None and not isinstance(exc, SystemExit):
        status = _exit_status(exc)
        if status is None:
            stderr += "".join(traceback.format_exception(exc))
        else:
            stderr += f"error: {exc}\n"
        code = status or 1
    return CliResult(code, result.stdout, stderr)


def invoke_cli_json(*args: str, store_dir: Path, **kwargs) -> dict:
    result = invoke_cli(*args, "--json", store_dir=store_dir, **kwargs)
    assert result.returncode == 0, f"rag {' '.join(args)} failed:\n{result.stderr}"
    return json.loads(result.stdout)


@pytest.fixture(scope="session")
def embeddings():
    from rag.index.embeddings import load_embeddings

    return load_embeddings()


@pytest.fixture
def settings(tmp_path):
    from rag.settings import Settings

    return Settings(store_dir=tmp_path / ".rag")


@pytest.fixture
def store(settings, embeddings):
    from rag.index.store import Store

    return Store(settings)


@pytest.fixture(scope="session")
def cli_corpus_dir(tmp_path_factory) -> Path:
    """A store folder of the ten shipped papers written by a `rag ingest` process that has exited: the
    suite's one ingest of the corpus (its report checked here). Tests never open it: they copy it
    (`copy_corpus_store`), read it through `corpus_store`, or damage and repair a copy."""
    store_dir = tmp_path_factory.mktemp("cli-corpus") / ".rag"
    counts = run_cli_json("ingest", str(CORPUS), store_dir=store_dir)
    assert counts == {
        "papers_added": 10,
        "papers_updated": 0,
        "papers_unchanged": 0,
        "chunks_added": counts["chunks_added"],
        "rejected": [],
        "rejected_total": 0,
        "aborted": False,
    }
    assert counts["chunks_added"] > 20
    return store_dir


def copy_corpus_store(cli_corpus_dir: Path, store_dir: Path) -> Path:
    """A private copy of the indexed corpus at `store_dir` (a folder that does not exist yet), for a
    test that writes to it or damages it: copying its files costs far less than embedding it again."""
    shutil.copytree(cli_corpus_dir, store_dir)
    return store_dir


@pytest.fixture
def corpus_copy(cli_corpus_dir, settings, embeddings):
    """The `store` fixture's store (in this test's tmp_path), already holding the ten shipped papers."""
    from rag.index.store import Store

    copy_corpus_store(cli_corpus_dir, settings.store_dir)
    return Store(settings)


@pytest.fixture(scope="session")
def corpus_store(cli_corpus_dir, tmp_path_factory, embeddings):
    """A store holding the ten shipped papers (a copy of cli_corpus_dir), opened once per test session
    and only read by tests."""
    from rag.index.store import Store
    from rag.settings import Settings

    settings = Settings(store_dir=copy_corpus_store(cli_corpus_dir, tmp_path_factory.mktemp("corpus") / ".rag"))
    store = Store(settings)
    assert len(store.papers()) == 10
    return store
