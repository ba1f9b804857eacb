"""Load check of the web chat: concurrent gradio_client sessions holding conversations for a while.

    .venv/bin/python -m bench.load_chat [--sessions 8] [--seconds 60] [--store DIR]

Starts app.py on a free port of 127.0.0.1 over a store holding the shipped corpus (indexed into a
temporary folder unless --store is given), then runs N sessions at once, each through its own
gradio_client connection to the chat endpoint. Each session keeps to one paper: it asks about it,
then "Who are its authors?", and checks the follow-up names that paper's first author and no other
session's paper — a crossed history would show there. Sessions stop by themselves at the deadline
(finishing the turn in flight). Prints errors, crossed histories, turns, and latency median / p95
per turn as the client sees it; writes bench/results/load_chat.json.
"""

from __future__ import annotations

import argparse
import tempfile
import threading
import time
from pathlib import Path

from bench.common import free_port, machine, percentiles, print_table, shipped_store, start_app, write_results

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


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sessions", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--store", type=Path, help="a store already holding the shipped corpus")
    args = parser.parse_args(argv)
    with shipped_store(args.store) as store, tempfile.TemporaryDirectory() as tmp:
        titles = {name: next(p for p in store.papers() if name.lower() in p.title.lower() or name.lower() in p.abstract.lower()) for name in OPENERS}
        port = free_port()
        app = start_app(store.settings.store_dir, port, Path(tmp) / "app.log")
        try:
            names = [list(OPENERS)[i % len(OPENERS)] for i in range(args.sessions)]
            out = {"errors": [], "crossed": [], "latencies": [], "turns": 0}
            deadline = time.monotonic() + args.seconds
            threads = [
                threading.Thread(
                    target=session,
                    args=(f"http://127.0.0.1:{port}/", name, titles[name].authors[0],
                          [titles[o].title for o in set(names) - {name}], deadline, out),
                )
                for name in names
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
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
    print_table(
        ["sessions", "seconds", "turns", "errors", "crossed histories", "median ms", "p95 ms"],
        [[args.sessions, f"{args.seconds:g}", out["turns"], len(out["errors"]), len(out["crossed"]),
          latency.get("median_ms"), latency.get("p95_ms")]],
    )
    for problem in result["problems"]:
        print("  ", problem)
    write_results("load_chat", result)
    return result


if __name__ == "__main__":
    main()
