"""Every setting in one place: environment variables prefixed RAG_, overridden by CLI flags."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal, get_args

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

PACKAGED_MODEL = "all-MiniLM-L6-v2"
# Who writes answers: the offline answerer, or an LLM backend (its settings below, its factory in
# rag.answer.llm.FACTORIES). The CLI's and the web chat's choices are these.
Answerer = Literal["extractive", "openai", "ollama"]
ANSWERERS: tuple[str, ...] = get_args(Answerer)
LLM_BACKENDS: tuple[str, ...] = tuple(a for a in ANSWERERS if a != "extractive")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="RAG_", extra="ignore", populate_by_name=True)

    # Store
    store_dir: Path = Field(Path(".rag"), description="Folder of the embedded Chroma store and the lexical index.")
    collection: str = Field("papers", description="Chroma collection holding the chunks.")
    chroma_host: str | None = Field(
        None, description="Chroma server host; when set, the server is used instead of the embedded store."
    )
    chroma_port: int = Field(8000, description="Chroma server port.")
    chroma_ssl: bool = Field(False, description="Use HTTPS to reach the Chroma server.")
    chroma_token: str | None = Field(None, description="Bearer token for a Chroma server that requires one.")

    # Embeddings
    embedding_model: str = Field(
        PACKAGED_MODEL,
        description="Sentence-transformers model: the packaged all-MiniLM-L6-v2, or the path of a local model folder.",
    )
    embedding_runtime: Literal["onnx", "torch"] = Field(
        "onnx",
        description="What runs the embedding model: onnx (ONNX Runtime, no torch at run time; the model is "
        "exported once into cache_dir) or torch (sentence-transformers). Both give the same vectors; a device "
        "other than cpu, or a model onnx cannot reproduce, uses torch.",
    )
    cache_dir: Path | None = Field(
        None,
        description="Where the ONNX export of the model is kept (default: ~/.cache/paper-chat, or under XDG_CACHE_HOME).",
    )
    device: str = Field(
        "cpu", description="Torch device for embedding: cpu, cuda, mps (anything but cpu runs on torch)."
    )
    batch_size: int = Field(64, ge=1, description="Texts per embedding batch.")
    answer_threads: int = Field(
        1,
        ge=1,
        description="Threads of the embedding model in a process that answers questions (the CLI, the web chat). One short "
        "question embeds in ~20 ms on one thread; two threads on a busy machine can take 20 times longer.",
    )

    # Ingest
    sentence_vectors_at_ingest: bool = Field(
        False,
        description="Embed every sentence of the papers at ingest, as well as their words, so that no answer embeds "
        "a passage's sentences when it first reads them (at 100k abstracts, first answers as fast as later ones): "
        "about twice the embedding work of an ingest (300 abstracts: 8.6 instead of 14.2 abstracts/s).",
    )
    max_abstract_chars: int = Field(
        20_000,
        ge=100,
        le=20_000,
        description="Longer abstracts are rejected (20,000 is also the readers' own ceiling).",
    )
    pdf_max_pages: int = Field(500, ge=1, description="PDFs with more pages are refused unread.")
    pdf_max_mb: float = Field(100.0, gt=0, description="PDFs larger than this many MB are refused unread.")
    pdf_max_memory_mb: int = Field(
        1536, ge=256, description="Memory the PDF parser's process may use; a PDF that needs more (a bomb) is refused."
    )
    workers: int = Field(
        1,
        ge=1,
        le=64,
        description="Processes that encode in parallel during ingest with the torch runtime (sentence-transformers' multi-process pool; ONNX Runtime uses every core in one).",
    )
    lock_timeout: float = Field(
        600.0, ge=0, description="Seconds an ingest waits for another ingest into the same store before giving up."
    )

    # Retrieval and answers
    top_k: int = Field(6, ge=1, le=50, description="Passages retrieved per question.")
    answerer: Answerer = Field(
        "extractive", description="Who writes answers: the offline extractive answerer or an LLM backend."
    )

    # LLM backends (used only when answerer names one). Each backend NAME has NAME_model and NAME_base_url
    # (and may have NAME_api_key); `backend(NAME)` gathers them, rag.answer.llm.FACTORIES builds its chat model.
    openai_base_url: str | None = Field(
        None,
        validation_alias=AliasChoices("RAG_OPENAI_BASE_URL", "OPENAI_BASE_URL"),
        description="Base URL of an OpenAI-compatible server, e.g. http://127.0.0.1:8000/v1.",
    )
    openai_model: str = Field("gpt-4o-mini", description="Model name sent to the OpenAI-compatible server.")
    openai_api_key: str | None = Field(
        None,
        validation_alias=AliasChoices("RAG_OPENAI_API_KEY", "OPENAI_API_KEY"),
        description="API key for the OpenAI-compatible server (local servers usually accept any).",
    )
    ollama_base_url: str = Field("http://127.0.0.1:11434", description="Ollama server URL.")
    ollama_model: str = Field("llama3.1", description="Ollama model name.")
    llm_timeout: float = Field(30.0, gt=0, description="Seconds to wait for an LLM reply before falling back.")
    llm_max_retries: int = Field(1, ge=0, description="Retries of a failed LLM call before falling back.")

    # Web app
    host: str = Field(
        "127.0.0.1",
        description="Address the web chat binds to; any address other than loopback must also be given as `app.py --host`.",
    )
    port: int = Field(7860, description="Port of the web chat.")
    auth_user: str | None = Field(
        None, description="User name the web chat asks for (set together with auth_password)."
    )
    auth_password: SecretStr | None = Field(None, description="Password for auth_user.")
    max_upload_mb: float = Field(20.0, gt=0, description="Largest paper file the web chat accepts, in MB.")
    web_concurrency: int = Field(
        4, ge=1, description="Questions the web chat answers at the same time; more wait in Gradio's queue."
    )

    @property
    def server_mode(self) -> bool:
        return bool(self.chroma_host)

    def with_llm(
        self,
        answerer: str | None = None,
        model: str | None = None,
        base_url: str | None = None,
        timeout: float | None = None,
        retries: int | None = None,
    ) -> Settings:
        """A copy for another answerer: `model` and `base_url` go to that backend's own fields; None keeps a value."""
        answerer = answerer or self.answerer
        prefix = answerer if answerer in LLM_BACKENDS else LLM_BACKENDS[0]  # "extractive" keeps the values for later
        given = {
            "answerer": answerer,
            f"{prefix}_model": model,
            f"{prefix}_base_url": base_url,
            "llm_timeout": timeout,
            "llm_max_retries": retries,
        }
        return self.model_validate({**self.model_dump(), **{k: v for k, v in given.items() if v is not None}})

    def backend(self, name: str) -> BackendSettings:
        """One LLM backend's settings, gathered from its NAME_… fields and the shared timeout and retries."""
        return BackendSettings(
            name=name,
            model=getattr(self, f"{name}_model"),
            base_url=getattr(self, f"{name}_base_url"),
            api_key=getattr(self, f"{name}_api_key", None),
            timeout=self.llm_timeout,
            max_retries=self.llm_max_retries,
        )


@dataclass(frozen=True)
class BackendSettings:
    """What building one LLM backend needs."""

    name: str
    model: str
    base_url: str | None
    api_key: str | None
    timeout: float
    max_retries: int


def load_settings(**overrides) -> Settings:
    """Settings from the environment, with explicit values (CLI flags) winning; None means "not given"."""
    return Settings(**{k: v for k, v in overrides.items() if v is not None})
