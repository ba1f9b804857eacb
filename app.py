"""The paper chat web app (placeholder until the chat lands): indexes the shipped corpus, lists papers."""

from __future__ import annotations

import argparse

import gradio as gr

from rag.ingest import ingest
from rag.settings import load_settings
from rag.store import Store


def build(store: Store) -> gr.Blocks:
    with gr.Blocks(title="paper chat") as demo:
        gr.Markdown("# paper chat\nIndexed papers:")
        gr.Dataframe(
            [[p.title, ", ".join(p.authors), p.published] for p in store.papers()],
            headers=["title", "authors", "published"],
        )
    return demo


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default=None)
    parser.add_argument("--port", type=int, default=None)
    args = parser.parse_args()
    settings = load_settings(host=args.host, port=args.port)
    store = Store(settings)
    if not store.papers():
        ingest(["corpus"], store, progress=True)
    build(store).launch(server_name=settings.host, server_port=settings.port)


if __name__ == "__main__":
    main()
