"""Load check of the web chat: concurrent gradio_client sessions holding conversations for a while.

    .venv/bin/python -m bench.load_chat [--sessions 8] [--seconds 60] [--store DIR] [--update-papers 100]

Starts app.py on a free port of 127.0.0.1 over a store holding the shipped corpus (indexed into a
temporary folder unless --store is given), then runs N sessions at once, each through its own
gradio_client connection to the chat endpoint. Each session keeps to one paper: it asks about it,
then "Who are its authors?", and checks the follow-up names that paper's first author and no other
session's paper — a crossed history would show there. Sessions stop by themselves at the deadline
(finishing the turn in flight). Prints errors, crossed histories, turns, and latency median / p95
per turn as the client sees it; writes bench/results/load_chat.json.

With --update-papers N, N extra papers are indexed before the app starts, and a `rag ingest` of
changed versions of all N runs while the sessions chat; a watcher lists the papers through the API
all the while and counts any listing that misses one (a paper that vanished during its update).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from bench.common import ROOT, free_port, machine, percentiles, print_table, shipped_store, start_app, write_results

# One opening question per paper, in the words a user might type; the follow-up is the same for all.
OPENERS = {
    "JOENA": "What is JOENA?",
    "DataMan": "How does DataMan select pre-training data?",
    "MIMoE-FND": "How does MIMoE-FND detect fake news?",
    "Hyperfitting": "What is the hyperfitting phenomenon?",
    "Wasserstein": "How do the authors measure neuronal entanglement with Wasserstein distances?",
    "Provable Acceleration": "How are diffusion model samplers accelerated without training?",
    "Controlled Diversity": "How can language models be trained to respect length requirements?",
    "Critical Heat Flux": "How is critical heat flux predicted with hybrid machine learning?",
}
FOLLOW_UP = "Who are its authors?"


def session(url: str, name: str, first_author: str, others: list[str], deadline: float, out: dict) -> None:
    from gradio_client import Client

    client = Client(url, verbose=False)
    display: list = []
    while time.monotonic() < deadline:
        for text in (OPENERS[name], FOLLOW_UP):
            started = time.perf_counter()
            try:
                display = client.predict(text, display, [], 6, "extractive", api_name="/chat")[0]
            except Exception as exc:  # a failed turn is what this check counts
                out["errors"].append(f"{name}: {type(exc).__name__}: {exc}")
                return
            out["latencies"].append((time.perf_counter() - started) * 1000)
            out["turns"] += 1
            if text == FOLLOW_UP:
                reply = str(display[-1]["content"])
                if first_author not in reply or any(other in reply for other in others):
                    out["crossed"].append(f"{name}: the follow-up was not about its own paper")
        display = []  # a new conversation, as after "clear"


def extra_papers(n: int, version: int, path: Path) -> Path:
    """N short papers about tides whose abstract (and so their chunks) changes with `version`."""
    records = [
        {
            "id": f"2599.{i:05d}",
            "title": f"Tidal Forecasting Study {i}",
            "abstract": f"Graph networks forecast tides at {i + 3} stations. In release {version} errors drop by {i % 40 + version}%.",
        }
        for i in range(1, n + 1)
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def update_during(store_dir: Path, source: Path, out: dict) -> None:
    """`rag ingest` of the changed papers, as an operator would run it beside the live app."""
    env = {**os.environ, "RAG_STORE_DIR": str(store_dir), "PYTHONPATH": str(ROOT)}
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "rag", "ingest", str(source), "--json"], env=env, capture_output=True, text=True
    )
    out["update_seconds"] = round(time.perf_counter() - started, 1)
    out["update"] = json.loads(done.stdout) if done.returncode == 0 else {"error": done.stderr[-500:]}


def watch_papers(url: str, expected: int, stop: threading.Event, out: dict) -> None:
    """List the papers through the API until told to stop; a short listing is a vanished paper."""
    from gradio_client import Client

    client = Client(url, verbose=False)
    while not stop.is_set():
        try:
            total = json.loads(client.predict(api_name="/list_papers"))["total"]
        except Exception as exc:
            out["errors"].append(f"list_papers: {type(exc).__name__}: {exc}")
            return
        out["listings"] += 1
        if total != expected:
            out["short_listings"].append(total)
        time.sleep(0.05)


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sessions", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--store", type=Path, help="a store already holding the shipped corpus")
    parser.add_argument("--update-papers", type=int, default=0, help="papers updated by a `rag ingest` during the run")
    args = parser.parse_args(argv)
    with shipped_store(args.store) as store, tempfile.TemporaryDirectory() as tmp:
        titles = {
            name: next(
                p for p in store.papers() if name.lower() in p.title.lower() or name.lower() in p.abstract.lower()
            )
            for name in OPENERS
        }
        out: dict[str, Any] = {
            "errors": [],
            "crossed": [],
            "latencies": [],
            "turns": 0,
            "listings": 0,
            "short_listings": [],
        }
        if args.update_papers:
            from rag.index.ingest import ingest

            ingest([extra_papers(args.update_papers, 1, Path(tmp) / "v1.jsonl")], store)
        expected_papers = len(store.papers())
        port = free_port()
        app = start_app(store.settings.store_dir, port, Path(tmp) / "app.log")
        try:
            names = [list(OPENERS)[i % len(OPENERS)] for i in range(args.sessions)]
            deadline = time.monotonic() + args.seconds
            threads = [
                threading.Thread(
                    target=session,
                    args=(
                        f"http://127.0.0.1:{port}/",
                        name,
                        titles[name].authors[0],
                        [titles[o].title for o in set(names) - {name}],
                        deadline,
                        out,
                    ),
                )
                for name in names
            ]
            stop = threading.Event()
            if args.update_papers:
                threads.append(
                    threading.Thread(
                        target=update_during,
                        args=(
                            store.settings.store_dir,
                            extra_papers(args.update_papers, 2, Path(tmp) / "v2.jsonl"),
                            out,
                        ),
                    )
                )
                watcher = threading.Thread(
                    target=watch_papers, args=(f"http://127.0.0.1:{port}/", expected_papers, stop, out)
                )
                watcher.start()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            stop.set()
            if args.update_papers:
                watcher.join()
        finally:
            app.terminate()
            app.wait(timeout=30)

    latency = percentiles(out["latencies"]) if out["latencies"] else {}
    result = {
        "machine": machine(),
        "sessions": args.sessions,
        "seconds": args.seconds,
        "turns": out["turns"],
        "errors": len(out["errors"]),
        "crossed_histories": len(out["crossed"]),
        "latency": latency,
        "problems": (out["errors"] + out["crossed"])[:20],
    }
    if args.update_papers:
        result.update(
            update_papers=args.update_papers,
            update=out.get("update"),
            update_seconds=out.get("update_seconds"),
            paper_listings=out["listings"],
            short_listings=len(out["short_listings"]),
        )
        print(
            f"update of {args.update_papers} papers: {out.get('update')} in {out.get('update_seconds')} s; "
            f"{out['listings']} listings, {len(out['short_listings'])} short"
        )
    print_table(
        ["sessions", "seconds", "turns", "errors", "crossed histories", "median ms", "p95 ms"],
        [
            [
                args.sessions,
                f"{args.seconds:g}",
                out["turns"],
                len(out["errors"]),
                len(out["crossed"]),
                latency.get("median_ms"),
                latency.get("p95_ms"),
            ]
        ],
    )
    for problem in result["problems"]:
        print("  ", problem)
    write_results("load_chat", result)
    return result


if __name__ == "__main__":
    main()
