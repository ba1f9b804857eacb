"""Large corpora from small real ones: abstracts recombined from real abstracts' sentences, fresh ids.

Used by the ingest benchmark and by the tests that need thousands of papers (resumable ingest). The
sentences are real scientific prose, so tokenisation, chunking and embedding cost what they cost on
real input; the recombination only multiplies them.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterable, Iterator
from pathlib import Path

from rag.models import Paper
from rag.readers import read_paths
from rag.text import split_sentences

_AUTHORS = [
    "Ada Lovelace",
    "Alan Turing",
    "Grace Hopper",
    "Emmy Noether",
    "Kenji Sato",
    "Ana Souza",
    "Qi Yu",
    "Hao Peng",
]
_CATEGORIES = ["cs.CL", "cs.IR", "cs.LG", "q-bio.BM", "physics.flu-dyn", "stat.ML"]


def sentences_of_papers(paths: Iterable[str | Path]) -> list[str]:
    """English abstract sentences of the papers in `paths` (any format the readers take)."""
    papers = (p for p in read_paths(list(paths)) if isinstance(p, Paper))
    return [s for paper in papers for s in split_sentences(paper.abstract)]


def sentences_of_beir(corpus_jsonl: Path, limit: int | None = None) -> list[str]:
    """Sentences of a BEIR corpus.jsonl ({"_id", "title", "text"} per line)."""
    found: list[str] = []
    with corpus_jsonl.open(encoding="utf-8") as handle:
        for n, line in enumerate(handle):
            if limit is not None and n >= limit:
                break
            found.extend(split_sentences(json.loads(line)["text"]))
    return found


def recombined_records(
    sentences: list[str],
    n: int,
    *,
    seed: int = 0,
    per_abstract: tuple[int, int] = (4, 8),
    max_sentence_chars: int = 600,
    title_words: int = 9,
    id_prefix: str = "synth",
) -> Iterator[dict]:
    """`n` arXiv-snapshot-style records whose abstracts are random runs of `sentences`."""
    rng = random.Random(seed)
    usable = [s for s in sentences if 20 <= len(s) <= max_sentence_chars]
    for i in range(n):
        body = rng.sample(usable, rng.randint(*per_abstract))
        words = body[0].rstrip(".").split()[:title_words]
        yield {
            "id": f"{id_prefix}-{i:06d}",
            "title": f"{' '.join(words)} ({id_prefix} {i})",
            "abstract": " ".join(body),
            "authors": ", ".join(rng.sample(_AUTHORS, rng.randint(1, 3))),
            "categories": " ".join(rng.sample(_CATEGORIES, rng.randint(1, 2))),
            "update_date": f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        }


def write_jsonl(records: Iterable[dict], path: Path) -> Path:
    with path.open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path
