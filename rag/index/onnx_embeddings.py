"""The embedding model on ONNX Runtime: no torch, the same vectors as sentence-transformers.

Does what sentence-transformers does for a Transformer → mean Pooling → Normalize model: the
model's own tokenizer (the `tokenizers` library, from tokenizer.json) truncating at the model's
max_seq_length, the transformer (the exported ONNX file), the mean of the token vectors under the
attention mask, unit length. Texts are sorted by length before batching, as sentence-transformers
does, so a batch pads to similar lengths.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

import numpy as np
from langchain_core.embeddings import Embeddings

log = logging.getLogger(__name__)


def onnx_compatible(model_dir: Path) -> bool:
    """Whether the model is one this runtime reproduces: a tokenizer.json, mean pooling, nothing after
    it but normalisation (a Dense layer or CLS pooling would need more than this file does)."""
    try:
        modules = json.loads((model_dir / "modules.json").read_text(encoding="utf-8"))
        pooling = json.loads((model_dir / "1_Pooling" / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    kinds = [m.get("type", "").rsplit(".", 1)[-1] for m in modules]
    mean_only = pooling.get("pooling_mode_mean_tokens") and not any(
        pooling.get(k)
        for k in ("pooling_mode_cls_token", "pooling_mode_max_tokens", "pooling_mode_mean_sqrt_len_tokens")
    )
    return (
        (model_dir / "tokenizer.json").is_file()
        and bool(mean_only)
        and kinds[:2] == ["Transformer", "Pooling"]
        and set(kinds[2:]) <= {"Normalize"}
    )


class OnnxEmbeddings(Embeddings):
    """LangChain `Embeddings` over ONNX Runtime; `encode` gives the float32 array ingest writes."""

    def __init__(self, onnx_file: Path, model_dir: Path, batch_size: int = 64, threads: int | None = None):
        self.onnx_file = onnx_file
        self.batch_size = batch_size
        self.threads = threads or len(os.sched_getaffinity(0))
        self.tokenizer = _tokenizer(model_dir)
        self._session = None

    def set_threads(self, count: int) -> None:
        """Threads of the inference session (like torch.set_num_threads: one for answering questions)."""
        if count != self.threads:
            self.threads = count
            self._session = None  # made again, with the new count, at the next call

    @property
    def session(self):
        if self._session is None:
            import onnxruntime as ort

            options = ort.SessionOptions()
            options.intra_op_num_threads = self.threads
            options.inter_op_num_threads = 1
            # Idle threads wait rather than spin: on a shared or busy machine, spinning threads take the
            # cores the working ones need.
            options.add_session_config_entry("session.intra_op.allow_spinning", "0")
            self._session = ort.InferenceSession(str(self.onnx_file), options, providers=["CPUExecutionProvider"])
        return self._session

    def encode(self, texts: list[str], batch_size: int | None = None) -> np.ndarray:
        """Unit vectors of `texts`, one float32 row each, in the order given."""
        batch_size = batch_size or self.batch_size
        out = np.zeros((len(texts), self.dimension), np.float32)
        order = np.argsort([-len(t) for t in texts], kind="stable")
        for start in range(0, len(texts), batch_size):
            index = order[start : start + batch_size]
            out[index] = self._encode_batch([texts[i] for i in index])
        return out

    def _encode_batch(self, texts: list[str]) -> np.ndarray:
        encodings = self.tokenizer.encode_batch(texts)
        feed = {
            "input_ids": np.array([e.ids for e in encodings], dtype=np.int64),
            "attention_mask": np.array([e.attention_mask for e in encodings], dtype=np.int64),
            "token_type_ids": np.array([e.type_ids for e in encodings], dtype=np.int64),
        }
        hidden = self.session.run(None, feed)[0]
        mask = feed["attention_mask"][..., None].astype(np.float32)
        pooled = (hidden * mask).sum(axis=1) / np.clip(mask.sum(axis=1), 1e-9, None)
        return pooled / np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)

    @property
    def dimension(self) -> int:
        return int(self.session.get_outputs()[0].shape[-1])

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.encode(list(texts)).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.encode([text])[0].tolist()


def _tokenizer(model_dir: Path):
    """The model's fast tokenizer, truncating where sentence-transformers does (max_seq_length, not
    the 128 tokens tokenizer.json itself carries) and padding to the longest text of a batch."""
    from tokenizers import Tokenizer

    config = (
        json.loads((model_dir / "sentence_bert_config.json").read_text(encoding="utf-8"))
        if (model_dir / "sentence_bert_config.json").is_file()
        else {}
    )
    tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
    tokenizer.enable_truncation(max_length=int(config.get("max_seq_length", 256)))
    padding = tokenizer.padding or {}
    tokenizer.enable_padding(pad_id=padding.get("pad_id", 0), pad_token=padding.get("pad_token", "[PAD]"))
    return tokenizer
