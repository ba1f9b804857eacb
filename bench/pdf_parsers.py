"""Which PDF parser reads papers best: speed and text quality on generated two-column papers.

    python -m bench.pdf_parsers [--papers 12]

Candidates (maintained, permissive licences, no layout models to download): pypdfium2 (PDFium,
Apache-2.0/BSD), pdfplumber (pdfminer.six, MIT) and pypdf (BSD). Each reads the same PDFs: the
tidal paper of the tests and `--papers` synthetic papers of recombined real sentences, written row
by row across the columns (bench/pdf_papers.py). Quality is reading-order recall: the share of the
truth's word 6-grams (page body, hyphens joined, ligatures spelled out) found in the parser's text
after the same normalisation; interleaved columns or glued hyphens break the n-grams that cross them.

Rows: each library used as its documentation shows (whole-page text), pdfplumber also per column
(cropped halves), and ours: PDFium's lines put in reading order by rag.readers.pdf.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import time
import unicodedata
from pathlib import Path

from bench.common import RESULTS, machine
from bench.pdf_papers import synthetic_paper, tidal_paper, write_pdf
from bench.synthetic import sentences_of_papers

ROOT = Path(__file__).resolve().parents[1]
N = 6


def _normal(text: str) -> list[str]:
    text = unicodedata.normalize("NFKC", text).replace("\x02", "-").replace("\u00ad", "")
    text = re.sub(r"([a-z])-\s*\n\s*([a-z])", r"\1\2", text)  # the same hyphen joining for every parser
    return re.findall(r"[\w.%()-]+", text.casefold())


def _ngrams(words: list[str]) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + N]) for i in range(len(words) - N + 1)}


def _recall(truth_pages: list[str], pages: list[str]) -> float:
    found = _ngrams(_normal("\n".join(pages)))
    wanted = _ngrams(_normal("\n".join(truth_pages)))
    return len(wanted & found) / len(wanted) if wanted else 1.0


def pdfium_plain(path: Path) -> list[str]:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(path)
    pages = [document[i].get_textpage().get_text_range() for i in range(len(document))]
    document.close()
    return pages


def ours(path: Path) -> list[str]:
    from rag.readers.pdf import extract_pages

    pages, _ = extract_pages(path.read_bytes())
    return ["\n".join(line.text for line in page.lines) for page in pages]


def plumber_plain(path: Path) -> list[str]:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


def plumber_columns(path: Path) -> list[str]:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        out = []
        for page in pdf.pages:
            middle = page.width / 2
            halves = (page.crop((0, 0, middle, page.height)), page.crop((middle, 0, page.width, page.height)))
            out.append("\n".join(half.extract_text() or "" for half in halves))
        return out


def pypdf_plain(path: Path) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() or "" for page in PdfReader(path).pages]


PARSERS = {
    "pypdfium2 (get_text_range)": pdfium_plain,
    "pypdfium2 + rag.readers.pdf reading order (ours)": ours,
    "pdfplumber (extract_text)": plumber_plain,
    "pdfplumber, per column (cropped halves)": plumber_columns,
    "pypdf (extract_text)": pypdf_plain,
}


def make_papers(folder: Path, count: int) -> list[tuple[Path, list[str]]]:
    folder.mkdir(parents=True, exist_ok=True)
    made = [(folder / "tidal.pdf", write_pdf(tidal_paper(), folder / "tidal.pdf")["pages"])]
    sentences = sentences_of_papers([ROOT / "corpus"])
    for seed in range(count):
        path = folder / f"synthetic-{seed:03d}.pdf"
        made.append((path, write_pdf(synthetic_paper(sentences, seed), path)["pages"]))
    return made


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=12, help="synthetic papers besides the tidal one")
    parser.add_argument("--repeats", type=int, default=3, help="timed passes over all papers (the median is kept)")
    parser.add_argument("--folder", type=Path, default=Path("/tmp/bench-pdf-parsers"))
    args = parser.parse_args(argv)
    papers = make_papers(args.folder, args.papers)
    pages = sum(len(truth) for _, truth in papers)
    rows = {}
    for name, read in PARSERS.items():
        times, texts = [], []
        for _ in range(args.repeats):
            started = time.perf_counter()
            texts = [read(path) for path, _ in papers]
            times.append(time.perf_counter() - started)
        recalls = [_recall(truth, text) for (_, truth), text in zip(papers, texts)]
        seconds = statistics.median(times)
        rows[name] = {
            "pages_per_s": round(pages / seconds, 1),
            "ms_per_page": round(1000 * seconds / pages, 2),
            "reading_order_recall": round(statistics.fmean(recalls), 4),
            "worst_paper_recall": round(min(recalls), 4),
        }
        print(f"{name:50s} {rows[name]}")
    result = {
        "papers": len(papers),
        "pages": pages,
        "ngram": N,
        "repeats": args.repeats,
        "parsers": rows,
        "machine": machine(),
    }
    (RESULTS / "pdf_parsers.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return result


if __name__ == "__main__":
    main()
