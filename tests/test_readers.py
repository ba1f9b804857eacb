"""The readers' public API: read_paths over files and directories, problems, shared normalisation."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from rag.models import Paper
from rag.readers import SUPPORTED_SUFFIXES, ReadProblem, UnsupportedFile, read_file, read_paths
from rag.readers.validation import normalise_date, normalise_moment, split_authors, split_categories

DATA = Path(__file__).resolve().parent / "data" / "readers"
CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "arxiv-digest-2025-02-26.txt"


def test_supported_suffixes():
    assert SUPPORTED_SUFFIXES == {".txt", ".md", ".jsonl", ".ndjson", ".json", ".xml", ".atom", ".bib", ".ris", ".pdf"}


def test_read_paths_is_a_lazy_generator(tmp_path):
    stream = read_paths([tmp_path / "missing.jsonl"])
    assert isinstance(stream, Iterator)


def test_missing_path_and_unsupported_suffix(tmp_path):
    pdf = tmp_path / "paper.docx"
    pdf.write_bytes(b"PK\x03\x04")
    results = list(read_paths([tmp_path / "missing.jsonl", pdf, str(CORPUS)]))
    assert results[0] == ReadProblem(str(tmp_path / "missing.jsonl"), None, "no such file or directory")
    assert results[1].source == str(pdf) and results[1].where is None
    assert results[1].reason.startswith("unsupported file type '.docx'; supported: .atom, .bib")
    assert str(results[1]) == f"{pdf}: {results[1].reason}"
    assert len(results) == 12 and all(isinstance(r, Paper) for r in results[2:])


def test_read_file_raises_unsupported_file(tmp_path):
    with pytest.raises(UnsupportedFile):
        read_file(tmp_path / "paper.docx")


def test_a_single_path_is_not_taken_for_an_iterable(tmp_path):
    assert len(list(read_paths(str(CORPUS)))) == 10


def test_directory_walk_is_sorted_recursive_and_skips_hidden_and_unsupported(tmp_path):
    root = tmp_path / "papers"
    (root / "b-sub" / "deeper").mkdir(parents=True)
    (root / ".git").mkdir()
    shutil.copy(DATA / "references.bib", root / "b-sub" / "deeper" / "refs.BIB")  # any case
    shutil.copy(DATA / "arxiv-api.xml", root / "b-sub" / "api.xml")
    shutil.copy(DATA / "papers.json", root / "a.json")
    shutil.copy(CORPUS, root / "c-digest.txt")
    shutil.copy(DATA / "papers.json", root / ".hidden.json")
    shutil.copy(DATA / "papers.json", root / ".git" / "objects.json")
    (root / "notes.docx").write_bytes(b"PK")
    (root / "README").write_text("no suffix")
    (root / "b-sub" / "loop").symlink_to(root, target_is_directory=True)

    results = list(read_paths([root]))
    assert all(isinstance(r, (Paper, ReadProblem)) for r in results)
    sources = list(dict.fromkeys(r.source for r in results))
    assert sources == [
        str(root / "a.json"),
        str(root / "b-sub" / "api.xml"),
        str(root / "b-sub" / "deeper" / "refs.BIB"),
        str(root / "c-digest.txt"),
    ]  # sorted by path
    papers = [r for r in results if isinstance(r, Paper)]
    assert len(papers) == 2 + 10 + 2 + 2
    assert [str(p) for p in results if isinstance(p, ReadProblem)] == [
        f"{root / 'b-sub' / 'deeper' / 'refs.BIB'}: entry @article{{vaswani2017attention}}: "
        "entry @article{vaswani2017attention} has no abstract field"
    ]


def test_explicit_hidden_file_is_read(tmp_path):
    path = tmp_path / ".papers.jsonl"
    path.write_text(json.dumps({"id": "1", "title": "T", "abstract": "A"}) + "\n")
    assert [r.id for r in read_paths([path])] == ["1"]


def test_problem_str_without_and_with_location():
    assert str(ReadProblem("a.bib", None, "boom")) == "a.bib: boom"
    assert str(ReadProblem("a.jsonl", "line 12", "invalid JSON")) == "a.jsonl: line 12: invalid JSON"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Hao Peng,Yunjia Qi,R. Srikant", ["Hao Peng", "Yunjia Qi", "R. Srikant"]),
        ("A. One, B. Two and C. Three", ["A. One", "B. Two", "C. Three"]),
        ("A. One, B. Two, and C. Three", ["A. One", "B. Two", "C. Three"]),
        ("Guy L. Steele, Jr., Richard P. Gabriel", ["Guy L. Steele Jr.", "Richard P. Gabriel"]),
        ("John Smith III and Ann Lee", ["John Smith III", "Ann Lee"]),
        (
            "E. Berger (Argonne, Chicago), C. Yuan (1) ((1) Michigan State, East Lansing)",
            ["E. Berger", "C. Yuan"],
        ),
        ("Alexander Andersson, Sandra Anderson", ["Alexander Andersson", "Sandra Anderson"]),
        (["  Jane   Doe ", "", "Émile Zola"], ["Jane Doe", "Émile Zola"]),
        ("", []),
        (None, []),
    ],
)
def test_split_authors(value, expected):
    assert split_authors(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-02-26 17:19:12+00:00", "2025-02-26"),
        ("2017-06-12T17:57:34Z", "2017-06-12"),
        ("Mon, 2 Apr 2007 19:18:42 GMT", "2007-04-02"),
        ("2024-05", "2024-05"),
        ("1998", "1998"),
        ("2023-02-30", None),
        ("yesterday", None),
        (None, None),
    ],
)
def test_normalise_date(value, expected):
    assert normalise_date(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-02-26 17:19:12+00:00", "2025-02-26T17:19:12Z"),
        ("2025-02-26T19:19:12+02:00", "2025-02-26T17:19:12Z"),  # in UTC, so that moments compare as text
        ("2017-06-12T17:57:34Z", "2017-06-12T17:57:34Z"),
        ("Mon, 2 Apr 2007 19:18:42 GMT", "2007-04-02T19:18:42Z"),
        ("2025-02-26", None),  # a date says no time
        ("at 12:00 or so", None),
        (None, None),
    ],
)
def test_normalise_moment(value, expected):
    assert normalise_moment(value) == expected


def test_a_paper_without_a_time_keeps_its_record_and_its_hash():
    """Stores written before times were kept must not re-embed papers whose sources give none."""
    paper = Paper(id="p", title="T", abstract="A", published="2024-05-01")
    assert "published_at" not in paper.to_dict()
    timed = Paper(id="p", title="T", abstract="A", published="2024-05-01", published_at="2024-05-01T10:00:00Z")
    assert Paper.from_dict(timed.to_dict()) == timed and timed.content_hash != paper.content_hash


def test_split_categories():
    assert split_categories("cs.AI, cs.CL, cs.LG, I.2.4") == ["cs.AI", "cs.CL", "cs.LG", "I.2.4"]
    assert split_categories("cs.CL cs.LG cs.CL") == ["cs.CL", "cs.LG"]
    assert split_categories(["cs.IR", "cs.IR; H.3.3"]) == ["cs.IR", "H.3.3"]
