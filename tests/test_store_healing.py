"""A damaged store heals or says why (issue 16, item 4), through the real `rag` command.

The lexical SQLite file is derived from Chroma: a damaged one is moved aside and rebuilt, with one
line saying so. Chroma's own file is the data: a damaged one is one line naming it and the way out,
exit status 2, never a traceback.
"""

from __future__ import annotations

import json
import shutil

import pytest

from tests.conftest import run_cli


@pytest.fixture
def copy(cli_corpus_dir, tmp_path):
    store_dir = tmp_path / ".rag"
    shutil.copytree(cli_corpus_dir, store_dir)
    return store_dir


def _truncate(path, keep: float = 0.5) -> None:
    size = path.stat().st_size
    with path.open("r+b") as handle:
        handle.truncate(int(size * keep))


def test_a_malformed_lexical_file_is_moved_aside_and_rebuilt_from_chroma(copy):
    [lexical] = copy.glob("lexical-*.sqlite3")
    _truncate(lexical)  # before: "database disk image is malformed" and a traceback
    result = run_cli("papers", "--json", store_dir=copy)
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)["papers"]) == 10
    assert (
        result.stderr.count("\n") == 1
        and "was damaged" in result.stderr
        and "rebuilding it from Chroma" in result.stderr
    )
    assert len(list(copy.glob("lexical-*.sqlite3.damaged-*"))) == 1  # kept for a post-mortem
    again = run_cli("papers", "--json", store_dir=copy)
    assert again.returncode == 0 and again.stderr == ""  # healed: nothing more to say


@pytest.mark.parametrize("damage", ["truncated", "overwritten"])
@pytest.mark.parametrize("command", [("papers",), ("ask", "What does DataMan do?")])
def test_a_damaged_chroma_file_is_one_line_naming_it_and_the_way_out(copy, damage, command):
    chroma_file = copy / "chroma" / "chroma.sqlite3"
    if damage == "truncated":
        _truncate(chroma_file)
    else:
        with chroma_file.open("r+b") as handle:
            handle.write(b"not a database " * 64)
    result = run_cli(*command, store_dir=copy)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr and result.stderr.count("\n") == 1
    assert f"the Chroma store {chroma_file} is damaged" in result.stderr
    assert "restore the folder" in result.stderr and "delete it and ingest the papers again" in result.stderr
