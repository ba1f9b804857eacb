"""SQLite caps the parameters one statement may bind: long `IN (...)` lists are sent in parts."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

PART_SIZE = 500


def in_parts(values: Iterable) -> Iterator[tuple[list, str]]:
    """Consecutive parts of `values`, each with the "?,?,…" placeholders its `IN (...)` needs."""
    values = list(values)
    for start in range(0, len(values), PART_SIZE):
        part = values[start : start + PART_SIZE]
        yield part, ",".join("?" * len(part))
