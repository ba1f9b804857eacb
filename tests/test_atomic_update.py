"""Updating papers is a swap, never a gap (issue 16, item 1): the real `rag ingest` is SIGKILLed at each
step of a write (RAG_TEST_KILL_AT, read by the store), then `rag papers` still lists every paper (old
or new version), and running the update again finishes it, reporting the papers as updated."""

from __future__ import annotations

import json
import shutil

import pytest

from rag.index.chunking import chunk_paper
from rag.readers import read_paths
from tests.conftest import run_cli, run_cli_json

N = 12
STEPS = ["stamped", "new-chunks-written", "lexical-swapped", "old-chunks-deleted"]


def _records(version: int) -> list[dict]:
    return [
        {
            "id": f"2501.{i:05d}",
            "title": f"Tidal Forecasting Study {i} version {version}",
            "abstract": f"Graph networks forecast tides at {i + 3} stations. In version {version} errors drop by {i + version}%. "
            f"Sensors sample every {version} minutes.",
        }
        for i in range(1, N + 1)
    ]


def _write(path, records):
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def first_version(tmp_path_factory):
    folder = tmp_path_factory.mktemp("atomic")
    store_dir = folder / ".rag"
    assert (
        run_cli_json("ingest", str(_write(folder / "v1.jsonl", _records(1))), store_dir=store_dir)["papers_added"] == N
    )
    return store_dir


def _listed(store_dir) -> dict[str, str]:
    return {p["id"]: p["title"] for p in run_cli_json("papers", store_dir=store_dir)["papers"]}


def _chroma_chunk_ids(store_dir) -> set[str]:
    from rag.index.store import Store
    from rag.settings import Settings

    store = Store(Settings(store_dir=store_dir))
    try:
        return set(store.collection.get(include=[])["ids"])
    finally:
        store.client.close()


@pytest.mark.parametrize("step", STEPS)
def test_an_update_killed_at_any_step_leaves_every_paper_and_the_rerun_finishes_it(first_version, tmp_path, step):
    store_dir = tmp_path / ".rag"
    shutil.copytree(first_version, store_dir)
    update = _write(tmp_path / "v2.jsonl", _records(2))

    killed = run_cli("ingest", str(update), "--json", store_dir=store_dir, RAG_TEST_KILL_AT=step)
    assert killed.returncode == -9, killed.stderr  # SIGKILL, at that step

    listed = _listed(store_dir)
    assert sorted(listed) == sorted(r["id"] for r in _records(1))  # before: the updated papers went missing
    assert set(listed.values()) <= {r["title"] for r in _records(1) + _records(2)}

    report = run_cli_json("ingest", str(update), store_dir=store_dir)
    assert report["papers_added"] == 0 and not report["rejected"]
    if step == "old-chunks-deleted":  # the swap itself was done; only its final stamp was missing
        assert report["papers_updated"] + report["papers_unchanged"] == N
    else:  # rolled back: every paper is updated again (before: reported as "added")
        assert report["papers_updated"] == N

    assert sorted(_listed(store_dir).values()) == sorted(r["title"] for r in _records(2))
    expected = {chunk.id for paper in read_paths([update]) for chunk in chunk_paper(paper)}
    assert _chroma_chunk_ids(store_dir) == expected  # no old chunk left behind, none missing


def test_rag_doctor_finds_an_interrupted_update_and_repair_rolls_it_back(first_version, tmp_path):
    store_dir = tmp_path / ".rag"
    shutil.copytree(first_version, store_dir)
    update = _write(tmp_path / "v2.jsonl", _records(2))
    assert run_cli("ingest", str(update), store_dir=store_dir, RAG_TEST_KILL_AT="lexical-swapped").returncode == -9

    found = run_cli("doctor", store_dir=store_dir)
    assert found.returncode == 1 and "problem: a write was interrupted" in found.stdout
    repaired = run_cli("doctor", "--repair", "--json", store_dir=store_dir)
    assert repaired.returncode == 0, repaired.stderr
    assert json.loads(repaired.stdout)["healthy"] is True
    assert sorted(_listed(store_dir).values()) == sorted(r["title"] for r in _records(1))  # the old versions, whole
    assert run_cli_json("doctor", store_dir=store_dir)["findings"] == []
