"""Realistic paper PDFs made here, since none ship with the dependencies and there is no network.

Each paper has a title block (title, authors, affiliations), a full-width abstract, a two-column body
over several pages with numbered section headings, a small table, a footnote, a running header and
page numbers, words hyphenated at line ends and (with a Unicode font) the "ﬁ"/"ﬂ" ligatures. The
text is written row by row across the two columns, as some producers do, so a reader that follows
the content stream instead of the layout interleaves the columns. `truth` gives what a reader should
recover: the body of each page, in reading order, with hyphens joined and ligatures spelled out.

Used by the tests (facts on known pages) and by bench/pdf_parsers.py and bench/pdf_ingest.py.
"""

from __future__ import annotations

import random
import zlib
from dataclasses import dataclass, field
from pathlib import Path

_UNICODE_FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")
_UNICODE_BOLD = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf")
_LIGATURES = {"fi": "\ufb01", "fl": "\ufb02"}

PAGE_W, PAGE_H = 210.0, 297.0
MARGIN, GUTTER = 18.0, 8.0
COLUMN_W = (PAGE_W - 2 * MARGIN - GUTTER) / 2
LINE_H = 4.6
BODY_TOP, BODY_BOTTOM = 24.0, 272.0


@dataclass
class Section:
    heading: str
    paragraphs: list[str]
    new_column: bool = False  # start in the next column (or page), as a layout would for a figure
    new_page: bool = False


@dataclass
class PaperSpec:
    title: str
    authors: list[str]
    affiliations: str
    abstract: str
    sections: list[Section]
    running_header: str
    arxiv_id: str | None = None
    footnote: str | None = None  # set under the first column of the last page
    table: list[list[str]] = field(default_factory=list)  # rows, set after the first section of page 2


@dataclass
class Line:
    page: int
    x: float
    y: float
    text: str
    size: float = 10.0
    bold: bool = False


def tidal_paper() -> PaperSpec:
    """The three-page paper of the tests: facts on page 2 (the impellers) and page 3 (the efficiency)."""
    intro = [
        "Tidal streams move vast volumes of sea water twice a day, yet the energy they carry arrives out of step "
        "with demand on the grid. Storing it locally would let coastal communities draw on tidal power through the "
        "evening peak. Existing storage for marine turbines relies on lithium batteries housed onshore, which are "
        "expensive to maintain in salt air and degrade quickly under the irregular charge cycles of tidal generation.",
        "We describe a storage system that keeps the energy in the sea itself: pressurised water held in flexible "
        "bladders anchored beside the turbines. The bladders fill when the tide runs and drain through the same "
        "turbines when the grid needs power. This paper reports the design, a six-month deployment and the losses "
        "we measured in each part of the system.",
    ]
    related = [
        "Pumped hydro storage on land is the reference point for any water-based storage, with round-trip "
        "efficiencies between 70 and 85 percent in the literature. Underwater compressed air storage has been "
        "tested in small prototypes, but the compressors add maintenance that offshore sites cannot easily provide. "
        "Our design avoids compressors entirely and uses the turbines in reverse as pumps.",
    ]
    method = [
        "The turbine array uses forty-eight ceramic impellers arranged in four rows, each impeller rated at 250 "
        "kilowatts. Ceramic was chosen over steel because it resists corrosion and biofouling without coatings. "
        "Each row of impellers feeds a manifold connected to two storage bladders.",
        "The bladders are made of a reinforced elastomer and hold up to 900 cubic metres of water at a pressure "
        "of six bar. A control unit on the seabed switches each manifold between charging and generating "
        "according to the state of the tide and a dispatch signal from the operator of the grid.",
        "Sensors record flow, pressure and electrical output every second. We logged the data on the seabed "
        "and retrieved it monthly by a remotely operated vehicle, since a cable to shore was beyond the budget "
        "of the deployment.",
    ]
    deployment = [
        "The system was deployed in the Pentland Firth from March to August. Currents at the site peak at "
        "about four metres per second during spring tides. Two storms in May interrupted generation for a "
        "total of nine days, during which the bladders were kept full and the turbines were feathered.",
    ]
    results = [
        "Over the six months the system stored and returned 1.9 gigawatt hours of energy. The measured "
        "round-trip efficiency of the storage cycle was 81.5 percent, higher than the onshore lithium batteries "
        "it was compared with after their conversion losses are counted.",
        "Most of the loss came from the turbines running as pumps, which were less efficient than in generating "
        "mode. Friction in the manifolds accounted for a smaller share, and leakage from the bladders was below "
        "the resolution of our sensors.",
        "Maintenance visits were needed twice, both to clear kelp from the intake grilles. No impeller showed "
        "measurable wear at the end of the deployment, which supports the choice of ceramic.",
    ]
    conclusion = [
        "Storing tidal energy as pressurised water beside the turbines is practical, efficient and cheap to "
        "maintain. Future work will test larger bladders and a direct cable to shore.",
    ]
    return PaperSpec(
        title="Submerged Bladder Storage for Tidal Stream Energy",
        authors=["Morag Campbell", "Tomás Okafor", "Ines Brandt"],
        affiliations="University of the Highlands and Islands · Orkney Marine Energy Centre",
        abstract=(
            "Tidal stream turbines generate power on the schedule of the tides rather than that of demand. "
            "We present a storage system that holds the energy as pressurised water in flexible bladders on the "
            "seabed and returns it through the turbines themselves. We report the design and a six-month "
            "deployment in a strong tidal channel, and we measure where the energy is lost."
        ),
        sections=[
            Section("1 Introduction", intro),
            Section("2 Related Work", related, new_column=True),
            Section("3 System Design", method, new_page=True),
            Section("4 Deployment", deployment, new_column=True),
            Section("5 Results", results, new_page=True),
            Section("6 Conclusion", conclusion, new_column=True),
        ],
        running_header="Campbell, Okafor and Brandt · Submerged Bladder Storage",
        arxiv_id="2503.04417",
        footnote="1 The efficiency figures exclude the transmission losses to shore.",
        table=[
            ["Component", "Loss (%)"],
            ["Turbines as pumps", "11.2"],
            ["Manifold friction", "5.1"],
            ["Controls", "2.2"],
        ],
    )


def synthetic_paper(sentences: list[str], seed: int, pages: int = 4) -> PaperSpec:
    """A paper of recombined real sentences (bench/synthetic), for throughput runs over many PDFs."""
    rng = random.Random(seed)
    pick = lambda n: " ".join(rng.sample(sentences, n))  # noqa: E731
    sections = []
    for number in range(1, pages * 2 + 1):
        sections.append(
            Section(f"{number} Section {number}", [pick(5) for _ in range(3)], new_page=number % 2 == 1 and number > 1)
        )
    title_words = rng.choice(sentences).rstrip(".").split()[:9]
    return PaperSpec(
        title=f"{' '.join(title_words).title()} ({seed})",
        authors=["Ada Lovelace", "Kenji Sato"],
        affiliations="Synthetic University",
        abstract=pick(5),
        sections=sections,
        running_header=f"Synthetic paper {seed}",
    )


def write_pdf(spec: PaperSpec, path: Path, *, ligatures: bool = True) -> dict:
    """Write the paper to `path`; returns the truth: {"pages": [body text per page], "title", ...}."""
    from fpdf import FPDF

    pdf = FPDF(format="A4", unit="mm")
    pdf.set_auto_page_break(False)
    unicode_font = ligatures and _UNICODE_FONT.exists() and _UNICODE_BOLD.exists()
    if unicode_font:
        pdf.add_font("Body", "", str(_UNICODE_FONT))
        pdf.add_font("Body", "B", str(_UNICODE_BOLD))
        family = "Body"
    else:
        family = "Times"
    layout = _Layout(pdf, family, ligatures=unicode_font)
    lines = layout.lay_out(spec)
    for number in range(1, layout.page + 1):
        pdf.add_page()
        on_page = [line for line in lines if line.page == number]
        # Row order across the columns: the content stream does not follow the reading order.
        for line in sorted(on_page, key=lambda line: (round(line.y, 1), line.x)):
            pdf.set_font(family, "B" if line.bold else "", line.size)
            pdf.text(line.x, line.y, line.text if unicode_font else _latin1(line.text))
        pdf.set_font(family, "", 8)
        pdf.text(MARGIN, 12, spec.running_header if unicode_font else _latin1(spec.running_header))
        pdf.text(PAGE_W / 2 - 1, 287, str(number))
    pdf.set_title(spec.title)
    path.write_bytes(bytes(pdf.output()))
    return {"title": spec.title, "authors": spec.authors, "abstract": spec.abstract, "pages": layout.truth}


def _latin1(text: str) -> str:
    return text.encode("latin-1", "replace").decode("latin-1")


class _Layout:
    """Places lines of text on pages and columns, hyphenating long words that do not fit a line."""

    def __init__(self, pdf, family: str, ligatures: bool):
        self.pdf, self.family, self.ligatures = pdf, family, ligatures
        self.page, self.column, self.y = 1, 0, BODY_TOP
        self.lines: list[Line] = []
        self.truth: list[str] = [""]

    def lay_out(self, spec: PaperSpec) -> list[Line]:
        self._title_block(spec)
        for n, section in enumerate(spec.sections):
            if section.new_page:
                self._next_page()
            elif section.new_column:
                self._next_column()
            self._paragraph(section.heading, bold=True, size=10.5)
            for paragraph in section.paragraphs:
                self._paragraph(paragraph)
            if n == 2 and spec.table:
                self._table(spec.table)
        if spec.footnote:
            self._footnote(spec.footnote)
        return self.lines

    def _title_block(self, spec: PaperSpec) -> None:
        y = 30.0
        for text, _, _ in self._wrap(spec.title, PAGE_W - 2 * MARGIN, 17, True):
            self.lines.append(Line(1, MARGIN, y, text, 17, True))
            y += 8
        for text in (", ".join(spec.authors), spec.affiliations):
            self.lines.append(Line(1, MARGIN, y, text, 11))
            y += 6
        if spec.arxiv_id:
            self.lines.append(Line(1, MARGIN, y, f"arXiv:{spec.arxiv_id}v1 [physics.ao-ph]", 8))
            y += 5
        y += 4
        self.lines.append(Line(1, MARGIN, y, "Abstract", 11, True))
        y += 6
        for text, _, _ in self._wrap(spec.abstract, PAGE_W - 2 * MARGIN, 10, False):
            self.lines.append(Line(1, MARGIN, y, text, 10))
            y += LINE_H
        self.y = y + 6

    def _paragraph(self, text: str, bold: bool = False, size: float = 10.0) -> None:
        """Lines of one paragraph; the truth gets its words per page (a word hyphenated across a
        page break belongs to the page it starts on)."""
        words: list[str] = []
        page = self.page
        for shown, plain, broken in self._wrap(text, COLUMN_W, size, bold):
            if self.y > BODY_BOTTOM:
                self._next_column()
            if self.page != page and words:
                self._add_truth(page, " ".join(words).replace("\u00ad", ""))
                words, page = [], self.page
            if words and words[-1].endswith("\u00ad"):
                words[-1] = words[-1][:-1] + plain
            else:
                words.append(plain)
            if broken:
                words[-1] += "\u00ad"
            self.lines.append(Line(self.page, self._x(), self.y, shown, size, bold))
            self.y += LINE_H
        self._add_truth(page, " ".join(words).replace("\u00ad", ""))
        self.y += 2

    def _add_truth(self, page: int, text: str) -> None:
        while len(self.truth) < page:
            self.truth.append("")
        self.truth[page - 1] += ("\n" if self.truth[page - 1] else "") + text

    def _table(self, rows: list[list[str]]) -> None:
        self._add_truth(self.page, "\n".join(" ".join(row) for row in rows))
        for row in rows:
            self.lines.append(Line(self.page, self._x(), self.y, row[0], 9))
            self.lines.append(Line(self.page, self._x() + COLUMN_W * 0.7, self.y, row[1], 9))
            self.y += LINE_H
        self.y += 2

    def _footnote(self, text: str) -> None:
        self._add_truth(self.page, text)
        y = BODY_BOTTOM + 6
        for piece, _, _ in self._wrap(text, COLUMN_W, 7.5, False):
            self.lines.append(Line(self.page, MARGIN, y, piece, 7.5))
            y += 3.4

    def _x(self) -> float:
        return MARGIN + self.column * (COLUMN_W + GUTTER)

    def _next_column(self) -> None:
        if self.column == 0:
            self.column, self.y = 1, self._column_top()
        else:
            self._next_page()

    def _next_page(self) -> None:
        self.page, self.column, self.y = self.page + 1, 0, BODY_TOP
        self._add_truth(self.page, "")

    def _column_top(self) -> float:
        if self.page == 1:  # the right column starts under the abstract, like the left one
            return min(line.y for line in self.lines if line.page == 1 and line.x == MARGIN and line.size == 10.5)
        return BODY_TOP

    def _wrap(self, text: str, width: float, size: float, bold: bool) -> list[tuple[str, str, bool]]:
        """Greedy line filling: (text as shown, plain text, ends in a hyphenated word) per line; a long
        word that does not fit is hyphenated and the rest goes on the next line."""
        self.pdf.set_font(self.family, "B" if bold else "", size)
        fits = lambda s: self.pdf.get_string_width(self._shown(s)) <= width  # noqa: E731
        lines: list[tuple[str, bool]] = []
        current = ""
        for word in text.split():
            candidate = f"{current} {word}" if current else word
            if fits(candidate):
                current = candidate
                continue
            head, tail = _hyphenate(word, lambda h, current=current: fits(f"{current} {h}-" if current else f"{h}-"))
            if head:
                lines.append((f"{current} {head}" if current else head, True))
                current = tail
            else:
                lines.append((current, False))
                current = word
        if current:
            lines.append((current, False))
        return [(self._shown(line + ("-" if broken else "")), line, broken) for line, broken in lines]

    def _shown(self, text: str) -> str:
        if not self.ligatures:
            return text
        for letters, glyph in _LIGATURES.items():
            text = text.replace(letters, glyph)
        return text


def _hyphenate(word: str, fits) -> tuple[str, str]:
    """Split a long lowercase word where the head (with its hyphen) still fits; ("", word) if none."""
    if len(word) < 8 or not word.isalpha() or not word.islower():
        return "", word
    for cut in range(len(word) - 4, 3, -1):
        if fits(word[:cut]):
            return word[:cut], word[cut:]
    return "", word


def broken_pdfs(folder: Path, good: Path) -> dict[str, Path]:
    """One bad PDF of each kind, made from `good` where it needs a real one: {kind: path}."""
    from fpdf import FPDF
    from pypdf import PdfReader, PdfWriter

    folder.mkdir(parents=True, exist_ok=True)
    made: dict[str, Path] = {}

    writer = PdfWriter(clone_from=PdfReader(good))
    writer.encrypt(user_password="secret", owner_password="owner")
    with (folder / "encrypted.pdf").open("wb") as handle:
        writer.write(handle)
    made["encrypted"] = folder / "encrypted.pdf"

    scan = FPDF(format="A4", unit="mm")  # a page of drawing only, as a scan without OCR has
    scan.add_page()
    for i in range(40):
        scan.rect(20, 20 + 6 * i, 150, 3, style="F")
    (folder / "scan.pdf").write_bytes(bytes(scan.output()))
    made["no text layer"] = folder / "scan.pdf"

    data = good.read_bytes()
    (folder / "truncated.pdf").write_bytes(data[: len(data) // 3])
    made["truncated"] = folder / "truncated.pdf"

    (folder / "zero-pages.pdf").write_bytes(_minimal_pdf(pages=b"<< /Type /Pages /Kids [] /Count 0 >>"))
    made["zero pages"] = folder / "zero-pages.pdf"

    # 1 GB of spaces in one Flate stream: 1 MB on disk.
    (folder / "bomb.pdf").write_bytes(_minimal_pdf(content=zlib.compress(b" " * (1 << 30), 9)))
    made["bomb"] = folder / "bomb.pdf"
    return made


def _minimal_pdf(pages: bytes | None = None, content: bytes = b"") -> bytes:
    """A hand-written PDF: a page tree (or one page whose Flate content stream is `content`)."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    if pages is not None:
        objects.append(pages)
    else:
        objects += [
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << >> >>",
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(content) + content + b"\nendstream",
        ]
    out = b"%PDF-1.7\n"
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return out


if __name__ == "__main__":  # python -m bench.pdf_papers OUT.pdf: the paper tests/cases/pdf.jsonl asks about
    import sys

    write_pdf(tidal_paper(), Path(sys.argv[1] if len(sys.argv) > 1 else "tidal.pdf"))
