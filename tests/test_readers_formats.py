"""Each reader on realistic sample files of its format, and on broken or hostile ones."""

from __future__ import annotations

import json
import time
from pathlib import Path

from rag.models import Paper, paper_id_from_title
from rag.readers import ReadProblem, read_paths

DATA = Path(__file__).resolve().parent / "data" / "readers"


# The authors of the RAG paper (2005.11401), as every reader must give them.
RAG_AUTHORS = (
    "Patrick Lewis",
    "Ethan Perez",
    "Aleksandra Piktus",
    "Fabio Petroni",
    "Vladimir Karpukhin",
    "Naman Goyal",
    "Heinrich Küttler",
    "Mike Lewis",
    "Wen-tau Yih",
    "Tim Rocktäschel",
    "Sebastian Riedel",
    "Douwe Kiela",
)


def read(path: Path) -> tuple[list[Paper], list[ReadProblem]]:
    results = list(read_paths([path]))
    return (
        [r for r in results if isinstance(r, Paper)],
        [r for r in results if isinstance(r, ReadProblem)],
    )


def write_jsonl(path: Path, records: list[object]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


# --- arXiv metadata snapshot, JSON Lines -------------------------------------------------------


def test_jsonl_snapshot_records():
    path = DATA / "arxiv-snapshot.jsonl"
    papers, problems = read(path)
    assert problems == []
    diphoton, maldacena, rag = papers

    assert diphoton == Paper(
        id="0704.0001",
        title="Calculation of prompt diphoton production cross sections at Tevatron and LHC energies",
        abstract=diphoton.abstract,
        authors=("C. Balázs", "E. L. Berger", "P. M. Nadolsky", "C. -P. Yuan"),  # authors_parsed
        published="2007-04-02",  # the first version, not update_date
        categories=("hep-ph",),
        url="https://arxiv.org/abs/0704.0001",
        source=str(path),
    )
    assert diphoton.abstract.startswith("A fully differential calculation in perturbative quantum")
    assert "\n" not in diphoton.abstract and "  " not in diphoton.abstract
    assert "chromodynamics is presented" in diphoton.abstract

    assert maldacena.id == "hep-th/9711200"  # old-style id
    assert maldacena.url == "https://arxiv.org/abs/hep-th/9711200"
    assert maldacena.published == "2008-11-26"  # no versions: update_date
    assert maldacena.authors == ("Juan M. Maldacena",)
    assert "large $N$ limit" in maldacena.abstract  # TeX in abstracts is left alone

    assert rag.authors == RAG_AUTHORS  # commas, "and", a wrapped name, an affiliation and TeX accents
    assert rag.categories == ("cs.CL", "cs.LG")
    assert rag.published == "2020-05-22"
    assert rag.summary_ja is None


def test_truncated_json_line_is_a_problem_and_the_rest_is_read():
    path = DATA / "truncated.jsonl"
    results = list(read_paths([path]))
    assert [type(r).__name__ for r in results] == ["Paper", "ReadProblem", "Paper"]
    problem = results[1]
    assert problem.source == str(path) and problem.where == "line 2"
    assert problem.reason.startswith("invalid JSON: Unterminated string")
    assert str(problem).startswith(f"{path}: line 2: invalid JSON")
    assert [r.id for r in results if isinstance(r, Paper)] == ["1706.03762", "2005.11401"]


def test_jsonl_line_in_another_encoding_is_skipped(tmp_path):
    good = {"id": "1", "title": "Café culture", "abstract": "Über alles."}
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(
        b"\xef\xbb\xbf"  # a BOM before the first record is fine
        + json.dumps(good, ensure_ascii=False).encode("utf-8")
        + b"\n"
        + json.dumps(good | {"id": "2"}, ensure_ascii=False).encode("cp1252")
        + b"\n"
        + json.dumps(good | {"id": "3"}, ensure_ascii=False).encode("utf-8")
        + b"\r\n"
    )
    papers, problems = read(path)
    assert [p.id for p in papers] == ["1", "3"]
    assert papers[0].title == "Café culture" and papers[0].url is None  # "1" is no arXiv id
    assert [(p.where, p.reason) for p in problems] == [("line 2", "line is not valid UTF-8 (mixed encodings?)")]


def test_jsonl_entry_checks(tmp_path):
    path = write_jsonl(
        tmp_path / "checks.jsonl",
        [
            {"id": "a", "title": "  ", "abstract": "An abstract."},
            {"id": "b", "title": "A title", "abstract": ""},
            {"id": "c", "title": "Bell\u0007 title", "abstract": "An abstract."},
            {"id": "d", "title": "Long", "abstract": "x" * 20_001},
            ["not", "an", "object"],
            {"id": "e", "title": ["a", "list"], "abstract": "An abstract."},
            {"id": "f", "title": "Lone \ud800 surrogate", "abstract": "An abstract."},
            {"title": "No id here", "abstract": "An abstract.", "authors": ["A. One", " "]},
            {"id": 42, "title": "Numeric id", "abstract": "An abstract.", "doi": "10.1/x 10.2/y"},
        ],
    )
    papers, problems = read(path)
    assert [(p.where, p.reason) for p in problems] == [
        ("line 1", "entry has no title"),
        ("line 2", "entry has no abstract"),
        ("line 3", "title contains control characters (U+0007)"),
        ("line 4", "abstract is 20001 characters; the limit is 20000"),
        ("line 5", "entry is a JSON list, not an object"),
        ("line 6", "title is a list, not text"),
        ("line 7", "title contains unpaired surrogates (U+D800)"),
    ]
    no_id, numeric = papers
    assert no_id.id == paper_id_from_title("No id here") and no_id.authors == ("A. One",)
    assert numeric.id == "42" and numeric.url == "https://doi.org/10.1/x"


def test_overlong_jsonl_line_is_skipped_with_bounded_reads(tmp_path):
    path = tmp_path / "huge-line.jsonl"
    with path.open("wb") as handle:
        handle.write(b'{"id": "x", "title": "' + b"a" * (5 * 2**20) + b'"}\n')
        handle.write(json.dumps({"id": "y", "title": "After", "abstract": "Fine."}).encode() + b"\n")
    papers, problems = read(path)
    assert [p.id for p in papers] == ["y"]
    assert [(p.where, p.reason) for p in problems] == [("line 1", "line is longer than 4 MB")]


def test_jsonl_is_streamed(tmp_path):
    # The first paper arrives before the reader gets to the (not yet written) rest of the file.
    path = write_jsonl(tmp_path / "stream.jsonl", [{"id": "1", "title": "One", "abstract": "A."}])
    stream = read_paths([path])
    first = next(stream)
    with path.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps({"id": "2", "title": "Two", "abstract": "B."}) + "\n")
    assert first.id == "1" and [p.id for p in stream] == ["2"]


# --- JSON arrays ---------------------------------------------------------------------------------


def test_json_object_with_papers_list():
    path = DATA / "papers.json"
    papers, problems = read(path)
    assert problems == []
    bert, survey = papers
    assert bert == Paper(
        id="1810.04805",
        title="BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding",
        abstract=bert.abstract,
        authors=("Jacob Devlin", "Ming-Wei Chang", "Kenton Lee", "Kristina Toutanova"),
        published="2018-10-11",
        categories=("cs.CL",),
        url="https://arxiv.org/abs/1810.04805",
        source=str(path),
    )
    assert survey.title == "A Survey of Retrieval for Citation-Grounded Question Answering"
    assert survey.id == paper_id_from_title(survey.title)
    assert survey.authors == ("Ana Souza", "Kenji Sato")
    assert survey.categories == ("cs.IR", "cs.CL")
    assert survey.published == "2024-05"
    assert survey.summary_ja == "本論文は、出典を示す質問応答のための検索手法を概観する。\n評価方法も整理する。"
    assert survey.url is None


def test_json_array_problems_name_the_entry():
    path = DATA / "papers-array.json"
    papers, problems = read(path)
    assert [p.id for p in papers] == ["1706.03762"]
    assert papers[0].authors[-1] == "Illia Polosukhin" and len(papers[0].authors) == 8
    assert papers[0].published == "2023-08-03"
    assert [str(p) for p in problems] == [
        f"{path}: entry 2 ('An Entry Without Its Abstract'): entry has no abstract",
        f"{path}: entry 3: entry is a JSON str, not an object",
    ]


def test_broken_json_array_names_the_line(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('[\n  {"id": "1", "title": "T", "abstract": "A"},\n  {"id": 2,,}\n]\n')
    papers, problems = read(path)
    assert papers == []
    [problem] = problems
    assert problem.where == "line 3" and problem.reason.startswith("invalid JSON:")


def test_json_of_the_wrong_shape(tmp_path):
    path = tmp_path / "config.json"
    path.write_text('{"name": "not papers"}')
    _, problems = read(path)
    assert [p.reason for p in problems] == ['expected a JSON array of papers or {"papers": [...]}']


def test_files_too_large_for_whole_file_formats_are_refused(tmp_path):
    path = tmp_path / "big.json"
    with path.open("wb") as handle:
        handle.truncate(51 * 2**20)  # sparse: costs no disk and is never read
    _, problems = read(path)
    assert [p.reason for p in problems] == [
        "file is too large for this format (51 MB > 50 MB); split it or convert to JSON Lines"
    ]


# --- arXiv API, Atom ------------------------------------------------------------------------------


def test_atom_feed_entries():
    path = DATA / "arxiv-api.xml"
    papers, problems = read(path)
    assert problems == []
    attention, maldacena = papers
    assert attention == Paper(
        id="1706.03762",  # no "http://arxiv.org/abs/" prefix, no version
        title="Attention Is All You Need",
        abstract=attention.abstract,
        authors=(
            "Ashish Vaswani",
            "Noam Shazeer",
            "Niki Parmar",
            "Jakob Uszkoreit",
            "Llion Jones",
            "Aidan N. Gomez",
            "Lukasz Kaiser",
            "Illia Polosukhin",
        ),
        published="2017-06-12",
        published_at="2017-06-12T17:57:34Z",  # the moment too, to order one day's papers
        categories=("cs.CL", "cs.LG"),  # primary first, duplicates dropped
        url="https://arxiv.org/abs/1706.03762v7",
        source=str(path),
    )
    assert attention.abstract.startswith("The dominant sequence transduction models are based on")
    assert "recurrent or convolutional neural networks" in attention.abstract
    assert maldacena.id == "hep-th/9711200"
    assert maldacena.authors == ("Juan M. Maldacena",)  # the affiliation is not a name
    assert maldacena.published == "1997-11-27"
    assert maldacena.categories == ("hep-th",)
    assert maldacena.url == "http://arxiv.org/abs/hep-th/9711200v3"  # no alternate link: the id


def test_broken_xml_names_the_line_after_streaming_what_came_before():
    path = DATA / "broken.xml"
    results = list(read_paths([path]))
    assert [type(r).__name__ for r in results] == ["Paper", "ReadProblem"]
    assert results[0].id == "1706.03762"
    problem = results[1]
    assert problem.source == str(path) and problem.where == "line 10"
    assert problem.reason.startswith("invalid XML: mismatched tag")


def test_entity_expansion_bomb_is_refused():
    started = time.perf_counter()
    results = list(read_paths([DATA / "billion-laughs.xml"]))
    assert time.perf_counter() - started < 2
    assert [(type(r).__name__, r.where) for r in results] == [("ReadProblem", None)]
    assert results[0].reason == "refused: XML entity declarations are not allowed"


def test_external_entity_is_refused_without_reading_it():
    results = list(read_paths([DATA / "external-entity.xml"]))
    assert [r.reason for r in results] == ["refused: XML entity declarations are not allowed"]
    assert "root:" not in repr(results)


def test_xml_that_is_not_an_atom_feed(tmp_path):
    path = tmp_path / "pom.xml"
    path.write_text("<project><entry>no</entry></project>")
    _, problems = read(path)
    assert [p.reason for p in problems] == ["not an Atom feed (root element <project>)"]


def test_arxiv_api_error_entry(tmp_path):
    path = tmp_path / "error.atom"
    path.write_text(
        '<feed xmlns="http://www.w3.org/2005/Atom"><entry>'
        "<id>http://arxiv.org/api/errors#incorrect_id_format_for_1234.12345</id>"
        "<title>Error</title><summary>incorrect id format for 1234.12345</summary>"
        "</entry></feed>"
    )
    _, problems = read(path)
    assert [p.reason for p in problems] == ["arXiv API error: incorrect id format for 1234.12345"]


# --- BibTeX ---------------------------------------------------------------------------------------


def test_bibtex_entries():
    path = DATA / "references.bib"
    papers, problems = read(path)
    rag, bert = papers
    assert rag == Paper(
        id="2005.11401",  # the arXiv eprint, not the citation key
        title="Retrieval-Augmented Generation for Knowledge-Intensive NLP Tasks",
        abstract=rag.abstract,
        authors=RAG_AUTHORS,
        published="2020",
        categories=("cs.CL",),
        url="https://arxiv.org/abs/2005.11401",
        source=str(path),
    )
    assert rag.abstract.startswith("Large pre-trained language models have been shown")
    assert rag.abstract.endswith("retrieval-augmented generation (RAG).")
    assert bert.id == "devlin2019bert"
    assert bert.title == "BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding"
    assert bert.authors == ("Jacob Devlin", "Ming-Wei Chang", "Kenton Lee", "Kristina Toutanova")
    assert bert.published == "2019-06"
    assert bert.url == "https://aclanthology.org/N19-1423/"
    assert bert.abstract.startswith("We introduce a new language representation model called BERT,")
    assert [(p.where, p.reason) for p in problems] == [
        (
            "entry @article{vaswani2017attention}",
            "entry @article{vaswani2017attention} has no abstract field",
        )
    ]


def test_bibtex_latex_percent_and_dates(tmp_path):
    path = tmp_path / "latex.bib"
    path.write_text(
        r"""@article{k1,
  title = {100% better \& faster},
  author = {M{\"u}ller, Hans and Doe, Jr., Jane and {Barnes and Noble}},
  date = {2023-03-15}, year = 2022, doi = {10.1000/xyz},
  abstract = {Up to 16% improvement in MRR
  and a Schr\"odinger bound of $O(n^2)$.}
}
""",
        encoding="utf-8",
    )
    [paper] = read(path)[0]
    assert paper.title == "100% better & faster"
    assert paper.abstract == "Up to 16% improvement in MRR and a Schrödinger bound of $O(n^2)$."
    assert paper.authors == ("Hans Müller", "Jane Doe Jr.", "Barnes and Noble")
    assert paper.published == "2023-03-15" and paper.id == "k1"
    assert paper.url == "https://doi.org/10.1000/xyz"


def test_bibtex_failed_block_names_its_line_and_the_rest_is_read(tmp_path):
    path = tmp_path / "broken.bib"
    path.write_text(
        "@article{broken,\n  title = {Never closed,\n  abstract = {x}\n\n"
        "@misc{fine, title = {Fine}, abstract = {Still read.}}\n"
        "@misc{fine, title = {Again}, abstract = {Duplicate key.}}\n",
        encoding="utf-8",
    )
    papers, problems = read(path)
    assert [p.id for p in papers] == ["fine"]
    assert [p.where for p in problems] == ["line 1", "line 6"]
    assert problems[0].reason.startswith("invalid BibTeX: Unexpected block start")
    assert problems[1].reason == "invalid BibTeX: Duplicate entry key 'fine'"


def test_bibtex_not_utf8(tmp_path):
    path = tmp_path / "latin1.bib"
    path.write_bytes("@misc{a,\n  title = {Caf\u00e9},\n  abstract = {x}}\n".encode("latin-1"))
    _, problems = read(path)
    assert [(p.where, p.reason) for p in problems] == [(None, "file is not valid UTF-8 (byte 0xe9 at line 2)")]
