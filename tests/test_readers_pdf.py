"""The PDF reader on generated papers: front matter, reading order, clean-up, and broken files."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bench.pdf_papers import tidal_paper, write_pdf
from rag.models import Paper
from rag.readers import ReadProblem, read_paths
from rag.readers.pdf import PdfLimits, read_pdf


@pytest.fixture(scope="module")
def tidal(tmp_path_factory) -> tuple[Path, dict, Paper]:
    path = tmp_path_factory.mktemp("pdf") / "tidal.pdf"
    truth = write_pdf(tidal_paper(), path)
    (paper,) = list(read_pdf(path))
    assert isinstance(paper, Paper)
    return path, truth, paper


def test_front_matter(tidal):
    _, truth, paper = tidal
    assert paper.title == truth["title"]
    assert list(paper.authors) == truth["authors"]
    assert paper.abstract == truth["abstract"]
    assert (paper.id, paper.url) == ("2503.04417", "https://arxiv.org/abs/2503.04417")
    assert paper.pages == 3 and paper.pdf and paper.body_digest and paper.has_full_text


def test_body_pages_follow_the_columns_and_the_sections(tidal):
    _, truth, paper = tidal
    footnote = tidal_paper().footnote
    for number, expected in enumerate(truth["pages"], 1):
        got = " ".join(b.text for b in paper.body if b.page == number)
        # The footnote is read where it stands, under the left column; the truth has it last.
        assert (footnote in got) == (footnote in expected)
        got, expected = got.replace(footnote, ""), expected.replace(footnote, "")
        # The truth has the headings on lines of their own; the reader keeps them as sections.
        words = [w for line in expected.splitlines() if not re.match(r"\d \w+( \w+)?$", line) for w in line.split()]
        assert got.split() == words, f"page {number}"
    sections = [(b.page, b.section) for b in paper.body]
    assert sections == [
        (1, "1 Introduction"),
        (1, "2 Related Work"),
        (2, "3 System Design"),
        (2, "4 Deployment"),
        (3, "5 Results"),
        (3, "6 Conclusion"),
    ]


def test_hyphens_ligatures_headers_and_page_numbers_are_cleaned(tidal):
    _, _, paper = tidal
    text = " ".join(b.text for b in paper.body)
    assert "impeller rated" in text and "elastomer" in text  # "impe-/ller", "elast-/omer" joined
    assert "\ufb01" not in text and "efficiency" in text  # "eﬃ" spelled out
    assert "Campbell, Okafor and Brandt" not in text  # the running header
    assert not any(re.search(r" \d+$", b.text) for b in paper.body)  # no page number after a page's text


def test_a_pdf_is_refused_by_the_limits(tidal):
    path, _, _ = tidal
    (problem,) = list(read_pdf(path, PdfLimits(max_pages=2)))
    assert problem == ReadProblem(str(path), None, "the PDF has 3 pages; the limit is 2 (RAG_PDF_MAX_PAGES)")
    (problem,) = list(read_pdf(path, PdfLimits(max_mb=0.001)))
    assert "limit is 0.001 MB (RAG_PDF_MAX_MB)" in problem.reason


def test_broken_pdfs_are_one_problem_each(tmp_path, tidal):
    path, _, _ = tidal
    data = path.read_bytes()
    (tmp_path / "truncated.pdf").write_bytes(data[: len(data) // 3])
    (tmp_path / "not-a-pdf.pdf").write_bytes(b"<html>hello</html>")
    (tmp_path / "empty.pdf").write_bytes(b"")
    results = {Path(r.source).name: r for r in read_paths([tmp_path])}
    assert all(isinstance(r, ReadProblem) for r in results.values())
    assert results["not-a-pdf.pdf"].reason == "not a PDF file (no %PDF- header)"
    assert results["truncated.pdf"].reason == "not a readable PDF (truncated or corrupt)"


def test_the_parse_worker_does_not_outlive_a_killed_parent(tidal):
    """A server killed with SIGKILL runs no atexit: its PDF parse worker must still end, not wait forever."""
    import subprocess
    import sys
    import time

    path, _, _ = tidal
    script = (
        "import os, signal\n"
        "from pathlib import Path\n"
        "from rag.readers.pdf import _ISOLATED, read_pdf\n"
        f"list(read_pdf(Path({str(path)!r})))\n"
        "print(*_ISOLATED.pool._processes, flush=True)\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    (worker,) = [int(pid) for pid in done.stdout.split()]
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and _alive(worker):
        time.sleep(0.2)
    assert not _alive(worker), f"the parse worker {worker} outlived its killed parent"


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(") ")[-1][:1] != "Z"  # a zombie has ended
    except FileNotFoundError:
        return False
