"""Document vectors kept on disk by text, so benchmarks re-embed nothing they embedded before.

Embedding is the slow part of every run here (SciFact: about five minutes on two cores); the
vectors of a given text under a given model never change, so they are cached by a hash of the text.
Used only by the benchmarks: `rag eval-retrieval` itself always embeds through the store.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from rag.index.embeddings import load_embeddings

RESULTS = Path(__file__).resolve().parent / "results"


def _key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


class EmbeddingCache:
    def __init__(self, name: str, folder: Path = RESULTS / "embeddings"):
        self.path = folder / f"{name}.npz"
        self.vectors: dict[str, np.ndarray] = {}
        if self.path.exists():
            data = np.load(self.path)
            self.vectors = dict(zip(data["keys"].tolist(), data["vectors"]))

    def embed(self, texts: Sequence[str], batch: int = 512, progress: bool = True) -> np.ndarray:
        """Unit vectors of `texts`, in order; the missing ones are embedded (and saved) batch by batch."""
        from tqdm import tqdm

        missing = list(dict.fromkeys(t for t in texts if _key(t) not in self.vectors))
        if missing:
            model = load_embeddings()
            with tqdm(total=len(missing), desc=f"Embedding ({self.path.stem})", disable=not progress) as bar:
                for start in range(0, len(missing), batch):
                    part = missing[start : start + batch]
                    for text, vector in zip(part, model.embed_documents(part)):
                        self.vectors[_key(text)] = np.asarray(vector, dtype=np.float32)
                    self.save()
                    bar.update(len(part))
        return np.stack([self.vectors[_key(t)] for t in texts]) if texts else np.zeros((0, 384), np.float32)

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        keys = list(self.vectors)
        tmp = self.path.with_suffix(".tmp.npz")
        np.savez(tmp, keys=np.array(keys), vectors=np.stack([self.vectors[k] for k in keys]))
        tmp.replace(self.path)
