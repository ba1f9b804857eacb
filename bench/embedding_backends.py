"""Is torch the right runtime for the embedding model? torch vs ONNX Runtime (fp32 and dynamic int8).

    python -m bench.embedding_backends [--texts 240] [--repeats 3] [--data bench/data]

The packaged all-MiniLM-L6-v2 is exported to ONNX locally (torch.onnx.export; needs the `onnx`
package of the dev extras) and quantised with onnxruntime's `quantize_dynamic`; nothing is
downloaded. sentence-transformers' own `backend="onnx"` would do this through `optimum-onnx`, which
requires transformers < 4.58 (this project runs 5.x), and `optimum-intel` (OpenVINO) pulls another
torch; so the ONNX runs here are driven by hand: the model's tokenizer, mean pooling, unit length.

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

import numpy as np

ROOT = Path(__file__).resolve().parents[1]


def export(model, folder: Path) -> dict[str, Path]:
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    bert = model[0].auto_model.eval()

    class LastHiddenState(torch.nn.Module):  # keyword arguments: transformers 5 wraps forward()
        def __init__(self, inner):
            super().__init__()
            self.inner = inner

        def forward(self, input_ids, attention_mask, token_type_ids):
            return self.inner(input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids).last_hidden_state

    names = ["input_ids", "attention_mask", "token_type_ids"]
    sample = model.tokenizer(["a sentence", "another, longer sentence"], padding=True, return_tensors="pt")
    fp32, int8 = folder / "model.onnx", folder / "model-int8.onnx"
    torch.onnx.export(
        LastHiddenState(bert), tuple(sample[n] for n in names), str(fp32), input_names=names,
        output_names=["last_hidden_state"], opset_version=17, dynamo=False,
        dynamic_axes={n: {0: "batch", 1: "tokens"} for n in [*names, "last_hidden_state"]},
    )
    # per-channel scales: per-tensor ones (the default) move the vectors to a mean cosine of ~0.95
    quantize_dynamic(str(fp32), str(int8), weight_type=QuantType.QInt8, per_channel=True)
    return {"onnx-fp32": fp32, "onnx-int8": int8}


def onnx_encoder(model, path: Path, threads: int, batch_size: int = 64):
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])

    def encode(texts: list[str]) -> np.ndarray:
        order = np.argsort([-len(t) for t in texts])  # as sentence-transformers does: less padding
        out = np.zeros((len(texts), model.get_embedding_dimension()), np.float32)
        for start in range(0, len(texts), batch_size):
            index = order[start : start + batch_size]
            tokens = model.tokenizer([texts[i] for i in index], padding=True, truncation=True,
                                     max_length=model.max_seq_length, return_tensors="np")
            hidden = session.run(None, {k: tokens[k].astype(np.int64) for k in ("input_ids", "attention_mask", "token_type_ids")})[0]
            mask = tokens["attention_mask"][..., None].astype(np.float32)
            pooled = (hidden * mask).sum(1) / mask.sum(1)
            out[index] = pooled / np.linalg.norm(pooled, axis=1, keepdims=True)
        return out

    return encode


def main(argv: list[str] | None = None) -> dict:
    import os

    from bench.synthetic import recombined_records, sentences_of_beir
    from rag.index.chunking import chunk_paper
    from rag.index.embeddings import load_embeddings, sentence_model
    from rag.readers.arxiv_json import paper_from_record

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--texts", type=int, default=240)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--data", type=Path, default=ROOT / "bench" / "data")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "embedding_backends.json")
    args = parser.parse_args(argv)

    model = sentence_model(load_embeddings())
    sentences = sentences_of_beir(args.data / "scifact" / "corpus.jsonl", limit=600)
    records = recombined_records(sentences, args.texts, per_abstract=(3, 7), id_prefix="backend")
    texts = [c.embedding_text for r in records for c in chunk_paper(paper_from_record(r, "bench", "-"))][: args.texts]
    threads = len(os.sched_getaffinity(0))
    with tempfile.TemporaryDirectory() as folder:
        encoders = {"torch": lambda t: model.encode(t, batch_size=64, normalize_embeddings=True)}
        encoders |= {name: onnx_encoder(model, path, threads) for name, path in export(model, Path(folder)).items()}
        reference = encoders["torch"](texts)
        rates: dict[str, list[float]] = {name: [] for name in encoders}
        agreement = {}
        names = list(encoders)
        for r in range(args.repeats):
            for name in names[r % len(names):] + names[: r % len(names)]:
                started = time.perf_counter()
                vectors = encoders[name](texts)
                rates[name].append(len(texts) / (time.perf_counter() - started))
                cosines = (vectors * reference).sum(axis=1)
                agreement[name] = {"mean": round(float(cosines.mean()), 4), "min": round(float(cosines.min()), 4)}
    results = {
        "texts": len(texts), "threads": threads,
        "runtimes": {n: {"texts_per_s_median": round(statistics.median(rates[n]), 2), "texts_per_s_all": [round(x, 2) for x in rates[n]],
                         "cosine_vs_torch": agreement[n]} for n in names},
    }
    print(f"{'runtime':<10} {'texts/s':>8} {'vs torch':>9} {'cos mean':>9} {'cos min':>8}")
    base = results["runtimes"]["torch"]["texts_per_s_median"]
    for name, row in results["runtimes"].items():
        print(f"{name:<10} {row['texts_per_s_median']:>8.1f} {row['texts_per_s_median'] / base:>9.2f} "
              f"{row['cosine_vs_torch']['mean']:>9.4f} {row['cosine_vs_torch']['min']:>8.4f}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return results


if __name__ == "__main__":
    main()
