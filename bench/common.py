"""What every benchmark shares: where results go, the machine they ran on, a plain table."""

from __future__ import annotations

import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"


def machine() -> dict:
    """Enough to tell two machines apart when comparing figures."""
    cpu = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = None
    try:
        import psutil

        memory = round(psutil.virtual_memory().total / 2**30, 1)
    except ImportError:
        pass
    return {
        "cpu": cpu,
        "cores": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "memory_gib": memory,
        "python": platform.python_version(),
        "system": f"{platform.system()} {platform.release()}",
    }


def percentiles(samples_ms: Sequence[float]) -> dict[str, float]:
    """Median and p95 (nearest rank) of latencies in milliseconds."""
    ordered = sorted(samples_ms)
    p95 = ordered[min(len(ordered) - 1, max(0, round(0.95 * len(ordered)) - 1))]
    return {"median_ms": round(statistics.median(ordered), 2), "p95_ms": round(p95, 2), "n": len(ordered)}


def print_table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    cells = [[str(c) for c in header]] + [[str(c) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    for n, row in enumerate(cells):
        print("  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths))))
        if n == 0:
            print("  ".join("-" * w for w in widths))


def run_child(module: str, *args: str) -> dict:
    """Run `python -m MODULE --child ARGS...` (a measurement in a fresh process, so that no method
    profits from another's warm caches) and return the JSON object its last line prints."""
    done = subprocess.run(
        [sys.executable, "-m", module, "--child", *args], cwd=ROOT, capture_output=True, text=True, check=False
    )
    if done.returncode:
        raise SystemExit(f"{module} {args[0] if args else ''} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def write_results(name: str, data: dict) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\nwrote {path.relative_to(ROOT)}")
    return path


@contextmanager
def shipped_store(existing: Path | None = None) -> Iterator:
    """A Store holding the shipped corpus: `existing` as it is, else indexed into a temporary folder."""
    from rag.index.ingest import ingest
    from rag.index.store import Store
    from rag.settings import Settings

    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Settings(store_dir=existing or Path(tmp) / ".rag"))
        if existing is None:
            ingest([ROOT / "corpus"], store)
        yield store


def best_threshold(yes: Sequence[float], no: Sequence[float]) -> tuple[float, int, int]:
    """The threshold (score >= it means "yes") with the fewest errors; among equals, the middle of the
    widest gap between scores. Returns it with its errors: yes-scores below it, no-scores at or above."""
    scores = sorted(set(yes) | set(no))
    candidates = [(a + b) / 2 for a, b in zip(scores, scores[1:])] or scores

    def errors(t: float) -> tuple[int, int]:
        return sum(s < t for s in yes), sum(s >= t for s in no)

    def gap(t: float) -> float:
        below = max((s for s in scores if s < t), default=t)
        above = min((s for s in scores if s >= t), default=t)
        return above - below

    best = min(candidates, key=lambda t: (sum(errors(t)), -gap(t)))
    return (best, *errors(best))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_app(store_dir: Path, port: int, log: Path) -> subprocess.Popen:
    """`app.py` on 127.0.0.1:`port` over `store_dir`, returned once its page answers."""
    env = {**os.environ, "RAG_STORE_DIR": str(store_dir), "GRADIO_ANALYTICS_ENABLED": "False", "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "app.py"), "--port", str(port)],
        cwd=store_dir.parent,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"app.py exited with {process.returncode}; see {log}")
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2)
            return process
        except OSError:
            time.sleep(0.1)  # fine enough for the cold-start benchmark, which times this
    process.kill()
    raise RuntimeError(f"app.py did not answer within 300 s; see {log}")
