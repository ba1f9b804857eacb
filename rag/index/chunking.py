"""Paper → Chunks: sentence-aligned pieces of the abstract, the Japanese summary and the full text."""

from __future__ import annotations

from rag.models import Chunk, Paper
from rag.text import split_sentences

# About 100-130 word pieces of English: inside what all-MiniLM-L6-v2 was trained on (128) and well
# under its 256-token cut, so nothing is silently truncated; an abstract becomes 2-4 chunks.
MAX_CHUNK_CHARS = 550


def chunk_paper(paper: Paper, max_chars: int = MAX_CHUNK_CHARS) -> list[Chunk]:
    """Chunks that never split a sentence and never overlap, so joining them restores the text."""
    version = paper.content_hash[:12]
    chunks: list[Chunk] = []
    for lang, text in (("en", paper.abstract), ("ja", paper.summary_ja)):
        if not text:
            continue
        for index, piece in enumerate(_pack(split_sentences(text), max_chars, sep="" if lang == "ja" else " ")):
            chunks.append(Chunk(paper.id, paper.title, piece, lang, index, version))
    # The full text follows the abstract's chunks (its indices go on from there); a chunk never
    # crosses a page or a section, so each one has a single page to cite.
    index = sum(1 for c in chunks if c.lang == "en")
    for block in paper.body:
        for piece in _pack(split_sentences(block.text), max_chars, sep=" "):
            chunks.append(Chunk(paper.id, paper.title, piece, "en", index, version, block.page, block.section))
            index += 1
    return chunks


def _pack(sentences: list[str], max_chars: int, sep: str) -> list[str]:
    """Greedily group consecutive sentences up to max_chars; an overlong sentence is cut at spaces."""
    pieces: list[str] = []
    current: list[str] = []
    size = 0
    for sentence in (part for s in sentences for part in _cut(s, max_chars)):
        if current and size + len(sep) + len(sentence) > max_chars:
            pieces.append(sep.join(current))
            current, size = [], 0
        current.append(sentence)
        size += len(sentence) + (len(sep) if size else 0)
    if current:
        pieces.append(sep.join(current))
    return pieces


def _cut(sentence: str, max_chars: int) -> list[str]:
    # Text with no sentence ends (a table, a list pasted as one line) would otherwise become one
    # chunk far past what the embedding model reads.
    if len(sentence) <= 2 * max_chars:
        return [sentence]
    words, parts, current = sentence.split(" "), [], ""
    for word in words:
        if current and len(current) + 1 + len(word) > max_chars:
            parts.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    parts.append(current)
    # A Japanese text has no spaces to cut at: fall back to fixed-width slices.
    return [p[i : i + max_chars] for p in parts for i in range(0, len(p), max_chars)]
