"""`make bench`: run every benchmark in turn, or the ones named: python -m bench [name ...]

Each prints its table and writes bench/results/<name>.json; docs/BENCHMARKS.md holds the figures.
"""

from __future__ import annotations

import importlib
import sys
import time

# In the order they are best read.
BENCHMARKS = (
    "retrieval_quality",
    "answer_citations",
    "question_variants",
    "fusion_sweep",
    "ingest_throughput",
    "embedding_backends",
    "scale",
    "ask_latency",
    "cold_start",
    "load_chat",
    "pdf_parsers",
    "pdf_ingest",
)


def main(argv: list[str]) -> int:
    wanted = argv or list(BENCHMARKS)
    unknown = [name for name in wanted if name not in BENCHMARKS]
    if unknown:
        print(f"unknown benchmark(s): {', '.join(unknown)}; choose from {', '.join(BENCHMARKS)}", file=sys.stderr)
        return 2
    for name in wanted:
        print(f"\n== {name}", flush=True)
        started = time.perf_counter()
        importlib.import_module(f"bench.{name}").main([])
        print(f"== {name}: {time.perf_counter() - started:.0f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
