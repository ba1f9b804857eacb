"""paper chat: grounded, cited question answering over research papers.

The public API, imported on first use so that `import rag` (and every `rag` command) stays fast:

    from rag import Pipeline, Settings, ingest
    answer = Pipeline(Settings()).ask("How does DataMan select pre-training data?")
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__all__ = ["Answer", "Citation", "Paper", "Passage", "Pipeline", "Settings", "Store", "ingest", "load_settings"]

_HOME = {
    "Answer": "rag.models",
    "Citation": "rag.models",
    "Paper": "rag.models",
    "Passage": "rag.models",
    "Pipeline": "rag.answer.pipeline",
    "Settings": "rag.settings",
    "load_settings": "rag.settings",
    "Store": "rag.index.store",
    "ingest": "rag.index.ingest",
}

if TYPE_CHECKING:
    from rag.answer.pipeline import Pipeline
    from rag.index.ingest import ingest
    from rag.index.store import Store
    from rag.models import Answer, Citation, Paper, Passage
    from rag.settings import Settings, load_settings


def __getattr__(name: str) -> Any:
    if name in _HOME:
        return getattr(importlib.import_module(_HOME[name]), name)
    raise AttributeError(f"module 'rag' has no attribute {name!r}")
