"""Hostile and broken input through the real `rag ingest`: each bad entry is named, the good ones go in
(or, with --strict, nothing does), memory stays bounded, and no traceback reaches the user."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from tests.conftest import DATA, cli_env, invoke_cli, run_cli

GOOD = [
    {
        "id": "2501.00001",
        "title": "Sparse Attention for Long Protein Sequences",
        "abstract": "We study sparse attention for long protein sequences. Memory use halves.",
        "authors": "Ada Lovelace",
    },
    {
        "id": "2501.00002",
        "title": "Tidal Forecasting with Graph Networks",
        "abstract": "Graph networks forecast tides at 40 stations. Errors drop by 12%.",
        "authors": "Grace Hopper",
    },
]
TEN_MB = 10 * 2**20
ENDLESS = "An abstract that never ends. " * (TEN_MB // 29)  # a 10 MB Atom summary


def _line(record: dict) -> bytes:
    return json.dumps(record, ensure_ascii=False).encode("utf-8") + b"\n"


@pytest.fixture(scope="module")
def inbox(tmp_path_factory):
    """A folder as a user might have it: two good papers among every kind of bad entry."""
    folder = tmp_path_factory.mktemp("inbox")
    lines = [
        _line(GOOD[0]),  # line 1
        _line(dict(GOOD[0], title="Same Id, Other Paper")),  # 2: duplicate id in one batch
        _line({"id": "2501.00003", "title": "   ", "abstract": "No title here."}),  # 3: empty title
        _line(
            {"id": "2501.00004", "title": "Escapes", "abstract": "Red \x1b[31malert\x1b[0m."}
        ),  # 4: control characters
        '{"id": "2501.00005", "title": "Caf\u00e9", "abstract": "Latin-1."}\n'.encode("latin-1"),  # 5: not UTF-8
        _line({"id": "2501.00006", "title": "Huge", "abstract": "word " * (TEN_MB // 5)}),  # 6: a 10 MB abstract
        _line({"id": "2501.00007", "title": "Long", "abstract": "A sentence of text. " * 1300}),  # 7: 25,999 characters
        _line(GOOD[1]),  # 8
    ]
    (folder / "mixed.jsonl").write_bytes(b"".join(lines))
    shutil.copy(DATA / "readers" / "billion-laughs.xml", folder / "billion-laughs.xml")
    shutil.copy(DATA / "readers" / "external-entity.xml", folder / "external-entity.xml")
    (folder / "huge-entry.xml").write_text(
        '<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>http://arxiv.org/abs/2501.00008v1</id>'
        f"<title>Endless</title><summary>{ENDLESS}</summary></entry></feed>\n",
        encoding="utf-8",
    )
    return folder


def _expected_problems(folder) -> list[tuple[str, str | None, str]]:
    mixed, xml = str(folder / "mixed.jsonl"), str(folder / "huge-entry.xml")
    refused = "refused: XML entity declarations are not allowed"
    return sorted(
        [
            (str(folder / "billion-laughs.xml"), None, refused),
            (str(folder / "external-entity.xml"), None, refused),
            (xml, "entry 1 ('Endless')", f"abstract is {len(ENDLESS.strip())} characters; the limit is 20000"),
            (mixed, "line 3", "entry has no title"),
            (mixed, "line 4", "abstract contains control characters (U+001B)"),
            (mixed, "line 5", "line is not valid UTF-8 (mixed encodings?)"),
            (mixed, "line 6", "line is longer than 4 MB"),
            (mixed, "line 7", "abstract is 25999 characters; the limit is 20000"),
            (mixed, "line 2", f"duplicate paper id '2501.00001' (first at {mixed}: line 1)"),
        ]
    )


def _snapshot(store_dir):
    from rag.index.store import Store
    from rag.settings import Settings

    store = Store(Settings(store_dir=store_dir))
    ids = sorted(store.collection.get(include=[])["ids"])
    papers = sorted(p.id for p in store.papers())
    store.client.close()  # another process writes next; never read it through a stale client
    return ids, papers


def test_good_entries_go_in_and_every_bad_one_is_listed(inbox, tmp_path):
    store_dir = tmp_path / ".rag"
    result = run_cli("ingest", str(inbox), "--json", store_dir=store_dir)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    report = json.loads(result.stdout)
    assert (report["papers_added"], report["aborted"], report["rejected_total"]) == (2, False, 9)
    assert sorted((p["source"], p["where"], p["reason"]) for p in report["rejected"]) == _expected_problems(inbox)
    ids, papers = _snapshot(store_dir)
    assert papers == ["2501.00001", "2501.00002"] and ids and all(i.split(":")[0] in papers for i in ids)


def test_strict_aborts_and_leaves_the_index_exactly_as_it_was(inbox, tmp_path):
    store_dir = tmp_path / ".rag"
    first = tmp_path / "first.jsonl"
    first.write_bytes(_line(GOOD[1]))
    assert run_cli("ingest", str(first), store_dir=store_dir).returncode == 0
    before = _snapshot(store_dir)
    newcomer = tmp_path / "new.jsonl"
    newcomer.write_bytes(_line(dict(GOOD[0], id="2501.09999")))

    result = run_cli("ingest", "--strict", str(newcomer), str(inbox), store_dir=store_dir)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "--strict: 9 problem(s), nothing was indexed." in result.stderr
    for source, where, reason in _expected_problems(inbox):
        assert ": ".join(x for x in (source, where, reason) if x) in result.stderr
    assert _snapshot(store_dir) == before


def test_a_1_gb_file_is_streamed_and_rejected_in_bounded_memory(tmp_path):
    """A 1 GB JSON Lines file with no line break (sparse: no disk used) is read in 64 KB steps."""
    huge = tmp_path / "huge.jsonl"
    with huge.open("wb") as handle:
        handle.truncate(2**30)
    # ru_maxrss of the `rag` process, measured by a parent that does nothing else.
    probe = (
        "import resource, subprocess, sys; r = subprocess.run(sys.argv[1:], capture_output=True, text=True); "
        "print(r.returncode); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); print(r.stdout)"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe, sys.executable, "-m", "rag", "ingest", str(huge), "--json"],
        env=cli_env(tmp_path / ".rag"),
        capture_output=True,
        text=True,
        timeout=600,
    )
    code, peak_kib, output = result.stdout.split("\n", 2)
    assert code == "1", result.stderr
    report = json.loads(output)
    assert report["rejected"] == [{"source": str(huge), "where": "line 1", "reason": "line is longer than 4 MB"}]
    assert report["papers_added"] == 0
    assert int(peak_kib) < 512 * 1024, f"peak RSS {int(peak_kib) // 1024} MiB while reading a 1 GiB file"


def test_many_bad_lines_are_counted_but_listed_only_up_to_a_cap(tmp_path):
    from rag.index.ingest import MAX_LISTED_PROBLEMS

    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"id": "x", "title": "Trunc\n' * (MAX_LISTED_PROBLEMS + 500), encoding="utf-8")
    result = invoke_cli("ingest", str(broken), store_dir=tmp_path / ".rag")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    listed = [line for line in result.stderr.splitlines() if line.startswith("rejected: ")]
    assert len(listed) == MAX_LISTED_PROBLEMS and listed[-1].startswith(
        f"rejected: {broken}: line {MAX_LISTED_PROBLEMS}: invalid JSON"
    )
    assert "... and 500 more problem(s)" in result.stderr


def test_abstract_limit_can_be_lowered_in_settings(tmp_path):
    long = tmp_path / "long.jsonl"
    long.write_bytes(_line(dict(GOOD[0], abstract="A sentence of text. " * 10)))
    result = invoke_cli("ingest", str(long), "--json", store_dir=tmp_path / ".rag", RAG_MAX_ABSTRACT_CHARS="150")
    assert result.returncode == 1
    [problem] = json.loads(result.stdout)["rejected"]
    assert problem["reason"] == "abstract is 199 characters; the limit is 150 (RAG_MAX_ABSTRACT_CHARS)"
