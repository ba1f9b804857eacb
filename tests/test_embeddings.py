"""The embedding runtimes: ONNX Runtime (the default) gives torch's vectors, and a cold `rag ask` never
imports torch once the model's export is cached."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest

from rag.index.chunking import chunk_paper
from rag.readers import read_paths
from tests.conftest import CORPUS, ROOT, cli_env, run_cli

SCIFACT = ROOT / "bench" / "data" / "scifact" / "corpus.jsonl"
# What sentence-transformers' stack would bring in; none of it is needed to answer with ONNX Runtime.
TORCH_STACK = ("torch", "sentence_transformers", "transformers", "langchain_huggingface")


def _texts() -> list[str]:
    """The shipped papers' chunk texts (English and Japanese), ten SciFact abstracts (six of them longer
    than the model's 256 tokens, up to 450, so truncation is compared too), and edge cases: empty,
    one letter, a lone name."""
    chunks = [c.embedding_text for p in read_paths([CORPUS]) for c in chunk_paper(p)]
    with SCIFACT.open(encoding="utf-8") as lines:
        abstracts = [json.loads(line)["text"] for _, line in zip(range(10), lines)]
    return chunks + abstracts + ["", "a", "JOENA", "これは短い文です。"]


def test_onnx_vectors_match_torch_on_many_texts(embeddings):
    """fp32 ONNX against sentence-transformers on torch, text by text (bench.embedding_backends checks
    1,000 chunks); cosine >= 0.9999, so stores and calibrated thresholds stay valid across runtimes."""
    from rag.index.embeddings import encode, load_embeddings, uses_onnx

    texts = _texts()
    torch_model = load_embeddings(runtime="torch")
    assert uses_onnx(embeddings) and not uses_onnx(torch_model)
    onnx_vectors = encode(embeddings, texts, batch_size=32)
    torch_vectors = encode(torch_model, texts, batch_size=64)
    assert onnx_vectors.shape == torch_vectors.shape == (len(texts), 384) and onnx_vectors.dtype == np.float32
    cosines = (onnx_vectors * torch_vectors).sum(axis=1)
    assert cosines.min() >= 0.9999, f"text {int(cosines.argmin())} differs: cosine {cosines.min():.6f}"
    assert np.allclose(np.linalg.norm(onnx_vectors, axis=1), 1, atol=1e-5)
    # the LangChain interface gives the same vectors as the array path
    assert np.allclose(embeddings.embed_query(texts[0]), onnx_vectors[0], atol=1e-5)


def _imported_modules(stderr: str) -> set[str]:
    """Module names from `python -X importtime` (the last column of each line)."""
    return {
        line.rsplit("|", 1)[1].strip()
        for line in stderr.splitlines()
        if line.startswith("import time:") and "|" in line
    }


def test_cold_rag_ask_does_not_import_torch(corpus_store):
    """The cache is warm (the session's store was built with the export): a fresh `rag ask` process
    answers with a citation and never imports torch or sentence-transformers."""
    done = subprocess.run(
        [
            sys.executable,
            "-X",
            "importtime",
            "-m",
            "rag",
            "ask",
            "How does DataMan select pre-training data?",
            "--json",
        ],
        cwd=ROOT,
        env=cli_env(corpus_store.settings.store_dir),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads(done.stdout)["citations"], done.stdout
    imported = _imported_modules(done.stderr)
    assert "onnxruntime" in imported
    assert not [m for m in imported if m.split(".")[0] in TORCH_STACK]


WEB_APP_SCRIPT = """
import json, sys
import app
from rag.settings import load_settings
from rag.web.service import ChatService

service = ChatService(load_settings())
service.warm_up()
answer = service.ask("How does DataMan select pre-training data?")
print(json.dumps({"cited": len(answer["citations"]), "loaded": sorted(m for m in sys.modules if m.split(".")[0] in %r)}))
"""


def test_the_web_app_answers_without_torch(corpus_store):
    """What app.py does before serving (its module with Gradio, the chat service, warm-up) and a first
    answer, in a fresh process: torch is never imported."""
    done = subprocess.run(
        [sys.executable, "-c", WEB_APP_SCRIPT % (TORCH_STACK,)],
        cwd=ROOT,
        env=cli_env(corpus_store.settings.store_dir),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result == {"cited": result["cited"], "loaded": []} and result["cited"] >= 1


def test_torch_runtime_is_one_setting_away(monkeypatch):
    from rag.index.embeddings import load_embeddings, uses_onnx
    from rag.settings import load_settings

    monkeypatch.setenv("RAG_EMBEDDING_RUNTIME", "torch")
    settings = load_settings()
    model = load_embeddings(settings.embedding_model, settings.device, settings.batch_size, settings.embedding_runtime)
    assert settings.embedding_runtime == "torch" and not uses_onnx(model)
    assert type(model).__name__ == "HuggingFaceEmbeddings"


def test_an_unknown_runtime_is_one_line_naming_the_variable(tmp_path):
    result = run_cli("papers", store_dir=tmp_path / ".rag", RAG_EMBEDDING_RUNTIME="tensorflow")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [result.stderr.strip()]
    assert "RAG_EMBEDDING_RUNTIME" in result.stderr and "'onnx' or 'torch'" in result.stderr
    assert not (tmp_path / ".rag").exists()


def test_the_export_is_keyed_by_the_model_files(tmp_path):
    """The same model files find the same export wherever they are installed; changed files get a new one."""
    from rag.index.embeddings import model_path
    from rag.index.onnx_export import exported_path

    packaged = model_path("all-MiniLM-L6-v2")
    copy = tmp_path / "model"
    copy.mkdir()
    for file in packaged.iterdir():
        if file.is_file():
            (copy / file.name).symlink_to(file)
    first = exported_path(packaged, tmp_path / "cache")
    assert first.is_relative_to(tmp_path / "cache") and first.name == "model.onnx"
    assert exported_path(copy, tmp_path / "cache") == first  # another environment, the same model
    (copy / "config.json").unlink()
    (copy / "config.json").write_text((packaged / "config.json").read_text() + "\n")
    assert exported_path(copy, tmp_path / "cache") != first


@pytest.mark.parametrize("folder", ["no-pooling", "cls-pooling"])
def test_a_model_onnx_cannot_reproduce_is_refused(tmp_path, folder):
    from rag.index.embeddings import model_path
    from rag.index.onnx_embeddings import onnx_compatible

    model = tmp_path / folder
    model.mkdir()
    packaged = model_path("all-MiniLM-L6-v2")
    for name in ("modules.json", "tokenizer.json"):
        (model / name).symlink_to(packaged / name)
    assert onnx_compatible(packaged)
    if folder == "cls-pooling":
        (model / "1_Pooling").mkdir()
        config = json.loads((packaged / "1_Pooling" / "config.json").read_text())
        (model / "1_Pooling" / "config.json").write_text(
            json.dumps(config | {"pooling_mode_mean_tokens": False, "pooling_mode_cls_token": True})
        )
    assert not onnx_compatible(model)
