"""Is torch the right runtime for the embedding model? torch vs ONNX Runtime (fp32 and dynamic int8).

    python -m bench.embedding_backends [--texts 240] [--repeats 3] [--data bench/data]

The fp32 runtime is the library's (rag.index.onnx_export, rag.index.onnx_embeddings: the packaged
all-MiniLM-L6-v2 exported locally, run with its tokenizer.json, mean pooling, unit length); int8 is
that export quantised with onnxruntime's `quantize_dynamic`. Nothing is downloaded.

Reports texts/s per runtime (median over rotating repeats) and the cosine agreement of each
runtime's vectors with torch's on the same texts (chunks of recombined SciFact abstracts).
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PACKAGED_MODEL = "all-MiniLM-L6-v2"


def export(folder: Path) -> dict[str, Path]:
    """The library's fp32 export (rag.index.onnx_export, cached), and its dynamic int8 quantisation."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    from rag.index.embeddings import model_path
    from rag.index.onnx_export import ensure_exported

    fp32, int8 = ensure_exported(model_path(PACKAGED_MODEL)), folder / "model-int8.onnx"
    # per-channel scales: per-tensor ones (the default) move the vectors to a mean cosine of ~0.95
    quantize_dynamic(str(fp32), str(int8), weight_type=QuantType.QInt8, per_channel=True)
    return {"onnx-fp32": fp32, "onnx-int8": int8}


def onnx_encoder(path: Path, threads: int, batch_size: int = 64):
    """The library's ONNX Runtime embeddings (tokenizer.json, mean pooling, unit length) over `path`."""
    from rag.index.embeddings import model_path
    from rag.index.onnx_embeddings import OnnxEmbeddings

    model = OnnxEmbeddings(path, model_path(PACKAGED_MODEL), batch_size, threads)
    return model.encode


def main(argv: list[str] | None = None) -> dict:
    import os

    from bench.synthetic import recombined_records, sentences_of_beir
    from rag.index.chunking import chunk_paper
    from rag.index.embeddings import load_embeddings, sentence_model
    from rag.models import Paper
    from rag.readers.arxiv_json import paper_from_record

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--texts", type=int, default=240)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--data", type=Path, default=ROOT / "bench" / "data")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "embedding_backends.json")
    args = parser.parse_args(argv)

    model = sentence_model(load_embeddings(runtime="torch"))
    sentences = sentences_of_beir(args.data / "scifact" / "corpus.jsonl", limit=600)
    records = recombined_records(sentences, args.texts, per_abstract=(3, 7), id_prefix="backend")
    papers = [p for p in (paper_from_record(r, "bench", "-") for r in records) if isinstance(p, Paper)]
    texts = [c.embedding_text for p in papers for c in chunk_paper(p)][: args.texts]
    threads = len(os.sched_getaffinity(0))
    with tempfile.TemporaryDirectory() as folder:
        encoders = {"torch": lambda t: model.encode(t, batch_size=64, normalize_embeddings=True)}
        encoders |= {name: onnx_encoder(path, threads) for name, path in export(Path(folder)).items()}
        reference = encoders["torch"](texts)
        rates: dict[str, list[float]] = {name: [] for name in encoders}
        agreement = {}
        names = list(encoders)
        for r in range(args.repeats):
            for name in names[r % len(names) :] + names[: r % len(names)]:
                started = time.perf_counter()
                vectors = encoders[name](texts)
                rates[name].append(len(texts) / (time.perf_counter() - started))
                cosines = (vectors * reference).sum(axis=1)
                agreement[name] = {"mean": round(float(cosines.mean()), 6), "min": round(float(cosines.min()), 6)}
    results: dict[str, Any] = {
        "texts": len(texts),
        "threads": threads,
        "runtimes": {
            n: {
                "texts_per_s_median": round(statistics.median(rates[n]), 2),
                "texts_per_s_all": [round(x, 2) for x in rates[n]],
                "cosine_vs_torch": agreement[n],
            }
            for n in names
        },
    }
    print(f"{'runtime':<10} {'texts/s':>8} {'vs torch':>9} {'cos mean':>9} {'cos min':>8}")
    base = results["runtimes"]["torch"]["texts_per_s_median"]
    for name, row in results["runtimes"].items():
        print(
            f"{name:<10} {row['texts_per_s_median']:>8.1f} {row['texts_per_s_median'] / base:>9.2f} "
            f"{row['cosine_vs_torch']['mean']:>9.4f} {row['cosine_vs_torch']['min']:>9.6f}"
        )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return results


if __name__ == "__main__":
    main()
