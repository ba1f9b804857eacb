"""The reference-manager exports: RIS and CSL-JSON, on realistic files and on broken ones."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rag.models import Paper, paper_id_from_title
from rag.readers import ReadProblem, read_paths

DATA = Path(__file__).resolve().parent / "data" / "readers"
TRANSFORMER = "Attention Is All You Need"
DPR = "Dense Passage Retrieval for Open-Domain Question Answering"


def read(path: Path) -> tuple[list[Paper], list[ReadProblem]]:
    results = list(read_paths([path]))
    return [r for r in results if isinstance(r, Paper)], [r for r in results if isinstance(r, ReadProblem)]


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def ris(*entries: str) -> str:
    return "\n".join(entries) + "\n"


ENTRY = "TY  - JOUR\nTI  - {title}\nAU  - Hopper, Grace\nAB  - {title} is studied here.\nPY  - 2021\nER  - "


# --- RIS ----------------------------------------------------------------------------------------


def test_ris_export_of_zotero_and_endnote():
    path = DATA / "references.ris"
    papers, problems = read(path)
    transformer, dpr = papers
    assert transformer == Paper(
        id="1706.03762",  # from the DataCite DOI, the arXiv link or the note
        title=TRANSFORMER,
        abstract=transformer.abstract,
        authors=("Ashish Vaswani", "Noam Shazeer", "Niki Parmar"),  # "Last, First" turned round
        published="2017-06-12",  # DA, not the access date Y2
        url="http://arxiv.org/abs/1706.03762",
        source=str(path),
    )
    assert transformer.abstract.startswith("The dominant sequence transduction models")
    assert "convolutional neural networks. We propose" in transformer.abstract  # continuation lines joined
    assert transformer.abstract.endswith("dispensing with recurrence and convolutions entirely.")

    # EndNote's tags: T1, A1, N2 for the abstract, Y1 with empty month and day
    assert dpr.id == paper_id_from_title(DPR)  # no arXiv id: a slug of the title, as for other formats
    assert dpr.authors == ("Vladimir Karpukhin", "Barlas Oğuz")
    assert dpr.published == "2020"
    assert dpr.abstract.startswith("Open-domain question answering relies")
    assert dpr.url == "https://doi.org/10.18653/v1/2020.emnlp-main.550"

    assert [str(p) for p in problems] == [
        f"{path}: line 31, entry 3 ('A Book Without An Abstract'): entry has no abstract"
    ]


def test_ris_entry_without_its_end_line_is_reported_and_the_next_one_read(tmp_path):
    path = write(
        tmp_path / "merged.ris",
        ris(
            ENTRY.format(title="First").removesuffix("ER  - "),  # no ER: rispy alone would merge it into the next
            ENTRY.format(title="Second"),
        ),
    )
    papers, problems = read(path)
    assert [p.title for p in papers] == ["Second"]
    assert [str(p) for p in problems] == [f"{path}: line 1: entry has no 'ER  - ' line before the next entry at line 7"]


def test_ris_cut_short_and_stray_text_are_reported_with_their_lines(tmp_path):
    path = write(
        tmp_path / "cut.ris",
        ris(
            "Exported from a database on Monday",
            "second line of the same note",
            "",
            ENTRY.format(title="Kept"),
            "",
            "TY  - JOUR",
            "TI  - Cut short",
            "AB  - The file ends before",
        ),
    )
    papers, problems = read(path)
    assert [p.title for p in papers] == ["Kept"]
    assert [(p.where, p.reason) for p in problems] == [
        ("line 1", "text outside an entry (entries begin with 'TY  - ')"),  # once per stretch, not per line
        ("line 11", "entry has no 'ER  - ' line (is the file cut short?)"),
    ]


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "file is empty"),
        (b"\n  \n", "file is empty"),
        (
            "TY  - JOUR\nTI  - Café\nAB  - Über.\nER  - \n".encode("cp1252"),
            "file is not valid UTF-8 (byte 0xe9 at line 2)",
        ),
        (b"TY  - JOUR\nTI  - Bell\x07\nAB  - Rings.\nER  - \n", "title contains control characters (U+0007)"),
    ],
)
def test_ris_files_that_cannot_be_used(tmp_path, content, reason):
    path = tmp_path / "bad.ris"
    path.write_bytes(content)
    papers, problems = read(path)
    assert papers == [] and [p.reason for p in problems] == [reason]


def test_ris_entry_checks_are_those_of_every_format(tmp_path):
    path = write(
        tmp_path / "checks.ris",
        ris(
            "TY  - JOUR\nAB  - An abstract without a title.\nER  - ",
            "TY  - JOUR\nTI  - Huge\nAB  - " + "word " * 5000 + "\nER  - ",
        ),
    )
    _, problems = read(path)
    assert [(p.where, p.reason) for p in problems] == [
        ("line 1, entry 1", "entry has no title"),
        ("line 4, entry 2 ('Huge')", "abstract is 24999 characters; the limit is 20000"),
    ]


# --- CSL-JSON -----------------------------------------------------------------------------------


def test_csl_json_export_of_zotero():
    path = DATA / "references-csl.json"
    papers, problems = read(path)
    transformer, dpr = papers
    assert transformer == Paper(
        id="1706.03762",  # Zotero's "number": "arXiv:1706.03762"
        title=TRANSFORMER,
        abstract=transformer.abstract,
        authors=("Ashish Vaswani", "Noam Shazeer", "Ludwig van Beethoven"),
        published="2017-06-12",  # issued, not accessed
        url="http://arxiv.org/abs/1706.03762",
        source=str(path),
    )
    assert dpr.id == paper_id_from_title(DPR)
    assert dpr.authors == ("Vladimir Karpukhin", "The DPR Team")
    assert dpr.published == "2020-11"  # {"raw": ...}
    assert dpr.url == "https://doi.org/10.18653/v1/2020.emnlp-main.550"
    assert [str(p) for p in problems] == [
        f"{path}: line 31, entry 3 ('A Book Without An Abstract'): entry has no abstract"
    ]


def test_a_json_array_of_arxiv_records_is_not_taken_for_csl(tmp_path):
    path = write(
        tmp_path / "arxiv.json",
        json.dumps(
            [
                {
                    "id": "2502.09999",
                    "title": "Sourdough",
                    "abstract": "Rises.",
                    "authors": "Grace Hopper",
                    "categories": "q-bio.QM",
                },
            ]
        ),
    )
    [paper], problems = read(path)
    assert problems == [] and paper.categories == ("q-bio.QM",) and paper.authors == ("Grace Hopper",)


def test_broken_csl_json_names_the_line_and_indexes_nothing(tmp_path):
    path = write(
        tmp_path / "broken.json",
        '[\n  {"type": "article", "title": "T", "abstract": "A."},\n  {"type": "book",, }\n]\n',
    )
    papers, problems = read(path)
    assert papers == []
    [problem] = problems
    assert problem.where == "line 3" and problem.reason.startswith("invalid JSON: Expecting property name")


@pytest.mark.parametrize(
    ("tail", "where", "reason"),
    [
        (',\n  "a string"\n]', "line 3, entry 2", "entry is a JSON str, not an object"),
        ('\n]\n{"extra": 1}', "line 4", "invalid JSON: Extra data at column 1"),
        ('\n  {"type": "book"}\n]', "line 3", "invalid JSON: Expecting ',' delimiter at column 3"),
    ],
)
def test_csl_json_structure_problems(tmp_path, tail, where, reason):
    path = write(tmp_path / "odd.json", '[\n  {"type": "article", "title": "Fine", "abstract": "Good."}' + tail)
    _, problems = read(path)
    assert [(p.where, p.reason) for p in problems] == [(where, reason)]


def test_csl_json_dates_and_names_in_their_variants(tmp_path):
    entries = [
        {"type": "article", "title": "A", "abstract": "x.", "issued": {"date-parts": [[2024, 2]]}},
        {"type": "article", "title": "B", "abstract": "x.", "issued": {"literal": "2023-07-01"}},
        {"type": "article", "title": "C", "abstract": "x.", "issued": {"date-parts": [["spring"]]}},
        {"type": "article", "title": "D", "abstract": "x.", "issued": "2022"},
        {
            "type": "article",
            "title": "E",
            "abstract": "x.",
            "author": [{"family": "Curie", "given": "Marie", "suffix": "Jr."}, "not a person", {"given": "Prince"}, {}],
        },
    ]
    papers, problems = read(write(tmp_path / "variants.json", json.dumps(entries)))
    assert problems == []
    assert [p.published for p in papers] == ["2024-02", "2023-07-01", None, "2022", None]
    assert papers[-1].authors == ("Marie Curie Jr.", "Prince")


# --- uploads --------------------------------------------------------------------------------------


def test_the_web_upload_takes_both_exports_and_rejects_one_with_a_bad_entry_whole(settings, embeddings, tmp_path):
    from rag.web.service import ChatService

    service = ChatService(settings)
    good_ris = write(tmp_path / "good.ris", ris(ENTRY.format(title="Sourdough kinetics")))
    good_csl = write(
        tmp_path / "good.json",
        json.dumps(
            [
                {
                    "type": "article",
                    "title": "Rye starters",
                    "abstract": "Rye starters rise slowly.",
                    "number": "arXiv:2502.09998",
                },
            ]
        ),
    )
    outcomes = service.add_files([good_ris, good_csl, DATA / "references.ris"])
    assert [(o.added, o.problems) for o in outcomes[:2]] == [(1, []), (1, [])]
    assert outcomes[2].rejected and outcomes[2].added == 0
    assert outcomes[2].problems == ["line 31, entry 3 ('A Book Without An Abstract'): entry has no abstract"]
    assert sorted(p.id for p in service.papers()) == ["2502.09998", paper_id_from_title("Sourdough kinetics")]
