"""The embedding model as an ONNX file: exported once from the installed model folder, then cached.

    python -m rag.index.onnx_export      # export now (make setup does), print the file's path

Nothing is downloaded. Chroma's own `ONNXMiniLM_L6_V2` runs this model without torch too, but it
fetches its own copy from Chroma's servers, and sentence-transformers' `backend="onnx"` needs
`optimum-onnx`, which cannot be installed beside transformers 5; so the model's transformer is
exported here with `torch.onnx.export`, the one step that needs torch. The file lives in a user
cache folder, keyed by the model files it was made from, so a changed model is exported again.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
import warnings
from pathlib import Path

log = logging.getLogger(__name__)

# Bumped when the exported graph changes shape (inputs, outputs, opset), so old files are not reused.
EXPORT_FORMAT = 1
INPUTS = ("input_ids", "attention_mask", "token_type_ids")
_MIB = 1 << 20


def default_cache_dir() -> Path:
    """The user cache folder (XDG), where exports are kept between runs and shared by checkouts."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "paper-chat"


def exported_path(model_dir: Path, cache_dir: Path | None = None) -> Path:
    """Where the export of the model in `model_dir` lives, named after what it was made from: the
    config and a fingerprint of the weights (size, first and last MiB), cheap enough for every start.
    The same model installed in another environment (a test venv, a second checkout) finds it too."""
    key = hashlib.sha1(f"{EXPORT_FORMAT}".encode())
    for name in ("config.json", "model.safetensors", "pytorch_model.bin"):
        file = model_dir / name
        if file.is_file():
            key.update(f"|{name}:{file.stat().st_size}:".encode())
            with file.open("rb") as handle:
                key.update(handle.read(_MIB))
                handle.seek(max(0, file.stat().st_size - _MIB))
                key.update(handle.read(_MIB))
    return (
        (cache_dir or default_cache_dir())
        / "onnx"
        / f"{model_dir.resolve().name}-{key.hexdigest()[:16]}"
        / "model.onnx"
    )


def ensure_exported(model_dir: Path, cache_dir: Path | None = None) -> Path:
    """The ONNX file of the model, exporting it first if it is not cached yet."""
    target = exported_path(model_dir, cache_dir)
    if not target.is_file():
        export(model_dir, target)
    return target


def export(model_dir: Path, target: Path) -> None:
    """Export the transformer (its last hidden state; pooling runs in numpy) with dynamic batch and
    length. Written to a temporary file and renamed, so concurrent first uses never see half a file."""
    import torch
    from transformers import AutoModel, AutoTokenizer

    log.warning("exporting the embedding model to ONNX (once): %s", target)
    bert = AutoModel.from_pretrained(str(model_dir), local_files_only=True).eval()
    tokenizer = AutoTokenizer.from_pretrained(str(model_dir), local_files_only=True)
    sample = tokenizer(["a sentence", "another, longer sentence"], padding=True, return_tensors="pt")
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent) as folder:
        partial = Path(folder) / target.name
        # The tracer's warnings are about branches that are constant for this model (no cache, a mask given).
        with torch.no_grad(), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            torch.onnx.export(
                _LastHiddenState(bert),
                tuple(sample[name] for name in INPUTS),
                str(partial),
                input_names=list(INPUTS),
                output_names=["last_hidden_state"],
                opset_version=17,
                dynamo=False,
                dynamic_axes={name: {0: "batch", 1: "tokens"} for name in (*INPUTS, "last_hidden_state")},
            )
        os.replace(partial, target)


def _LastHiddenState(bert):
    """The model's forward with positional arguments (transformers 5 wraps forward() for keywords)."""
    import torch

    class LastHiddenState(torch.nn.Module):
        def __init__(self, inner):
            super().__init__()
            self.inner = inner

        def forward(self, input_ids, attention_mask, token_type_ids):
            return self.inner(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state

    return LastHiddenState(bert)


def main() -> None:
    from rag.index.embeddings import model_path
    from rag.settings import load_settings

    settings = load_settings()
    print(ensure_exported(model_path(settings.embedding_model), settings.cache_dir))


if __name__ == "__main__":
    main()
