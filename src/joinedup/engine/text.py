"""Text vectors behind one interface.

`TfidfVectoriser` is the fast default (words and character n-grams). A semantic backend built on a
sentence-embedding model that ships inside an installed package plugs in behind the same protocol.
Vectors are L2-normalised rows, so a dot product is a cosine similarity.
"""

from collections.abc import Callable, Sequence
from typing import Any, Protocol

import numpy as np
import scipy.sparse as sp
from scipy.special import erf
from threadpoolctl import ThreadpoolController  # type: ignore[import-untyped]  # ships no type hints


class TextVectoriser(Protocol):
    """Turns texts into L2-normalised row vectors (dense ndarray or CSR matrix), one row per text."""

    name: str

    def fit(self, corpus: Sequence[str]) -> "TextVectoriser": ...

    def transform(self, texts: Sequence[str]) -> np.ndarray | sp.csr_matrix: ...


class TfidfVectoriser:
    """TF-IDF on word uni/bi-grams and character 3–5-grams (within word boundaries), stacked and normalised."""

    name = "tfidf"

    def __init__(self, max_features: int = 50_000) -> None:
        # scikit-learn is imported here, not at module level: the web process imports this module at start-up,
        # and most requests never build a vectoriser.
        from sklearn.feature_extraction.text import TfidfVectorizer

        self.words = TfidfVectorizer(
            ngram_range=(1, 2), min_df=1, max_features=max_features, sublinear_tf=True, stop_words="english"
        )
        self.chars = TfidfVectorizer(
            analyzer="char_wb", ngram_range=(3, 5), min_df=1, max_features=max_features, sublinear_tf=True
        )

    def fit(self, corpus: Sequence[str]) -> "TfidfVectoriser":
        texts = [t or "" for t in corpus]
        self.words.fit(texts)
        self.chars.fit(texts)
        return self

    def transform(self, texts: Sequence[str]) -> sp.csr_matrix:
        texts = [t or "" for t in texts]
        stacked = sp.hstack([self.words.transform(texts), self.chars.transform(texts)], format="csr")
        return sp.csr_matrix(_l2_normalise(stacked))


class CharNgramVectoriser:
    """TF-IDF on character 3–5-grams within word boundaries: it matches word stems and spelling variants
    ("pooled"/"pooling", "organisation"/"organization") that whole-word keyword search misses. One of the three
    rankers fused in lesson search (ADR 0010).

    The n-grams are hashed (no vocabulary), so a text's counts never change and can be kept between index
    rebuilds (`counts`); only the IDF weights (`weigh`) depend on the whole collection, and they are cheap.
    """

    name = "chars"
    N_FEATURES = 2**20

    def __init__(self) -> None:
        from sklearn.feature_extraction.text import HashingVectorizer

        self.hasher = HashingVectorizer(
            analyzer="char_wb",
            ngram_range=(3, 5),
            n_features=self.N_FEATURES,
            alternate_sign=False,
            norm=None,
            lowercase=True,
            dtype=np.float32,
        )
        self.idf = np.ones(self.N_FEATURES, dtype=np.float32)

    def counts(self, texts: Sequence[str]) -> sp.csr_matrix:
        """Raw n-gram counts, one row per text (independent of every other text)."""
        return sp.csr_matrix(self.hasher.transform([t or "" for t in texts]))

    def weigh(self, counts: sp.csr_matrix, *, fit: bool = False) -> sp.csr_matrix:
        """Sublinear TF × IDF, rows L2-normalised; `fit` first learns the IDF from these rows
        (smooth IDF, as scikit-learn's: ln((1 + n) / (1 + df)) + 1)."""
        if fit:
            df = np.bincount(counts.indices, minlength=self.N_FEATURES)
            self.idf = (np.log((1 + counts.shape[0]) / (1 + df)) + 1).astype(np.float32)
        weighted = sp.csr_matrix(counts, dtype=np.float32, copy=True)
        weighted.data = (1 + np.log(weighted.data)) * self.idf[weighted.indices]
        return sp.csr_matrix(_l2_normalise(weighted))

    def fit(self, corpus: Sequence[str]) -> "CharNgramVectoriser":
        self.weigh(self.counts(corpus), fit=True)
        return self

    def transform(self, texts: Sequence[str]) -> sp.csr_matrix:
        return self.weigh(self.counts(texts))

    def fit_transform(self, corpus: Sequence[str]) -> sp.csr_matrix:
        return self.weigh(self.counts(corpus), fit=True)


class SemanticVectoriser:
    """A sentence-embedding model (a 6-layer BERT encoder, such as all-MiniLM-L6-v2) run in plain numpy.

    The caller hands in the weights (name -> float32 array, as in the model's safetensors file) and an
    `encode` function mapping texts to token-id lists (the model's own WordPiece tokenizer, [CLS] … [SEP],
    already truncated), so the engine does no I/O. Output: an (n, hidden) float32 array of mean-pooled,
    L2-normalised rows. Deterministic; `fit` learns nothing (the model is pre-trained).
    """

    def __init__(
        self,
        weights: "dict[str, np.ndarray]",
        encode: "Callable[[Sequence[str]], list[list[int]]]",
        *,
        name: str = "minilm",
        heads: int = 12,
        eps: float = 1e-12,
        batch_size: int = 32,
        threads: int = 1,
    ) -> None:
        self.name = name
        self.threads = threads
        self.encode = encode
        self.heads = heads
        self.eps = eps
        self.batch_size = batch_size
        self.layers = _bert_layers(weights)
        self.embed = {k: weights[f"embeddings.{k}"] for k in _EMBEDDING_KEYS}

    def fit(self, corpus: Sequence[str]) -> "SemanticVectoriser":
        return self

    def transform(self, texts: Sequence[str]) -> np.ndarray:
        # One BLAS thread: the matrices are small, and several web or worker processes share the cores;
        # with more threads than free cores OpenBLAS spins and a query can take ten times as long.
        with blas_limit(self.threads):
            return self._transform(texts)

    def _transform(self, texts: Sequence[str]) -> np.ndarray:
        ids = self.encode([t or "" for t in texts])
        out = np.zeros((len(ids), self.embed["word_embeddings.weight"].shape[1]), dtype=np.float32)
        # Batches of similar length waste little work on padding.
        order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
        for start in range(0, len(order), self.batch_size):
            chunk = order[start : start + self.batch_size]
            out[chunk] = self._embed_batch([ids[i] for i in chunk])
        return out

    def _embed_batch(self, batch: list[list[int]]) -> np.ndarray:
        width = max(len(row) for row in batch)
        ids = np.zeros((len(batch), width), dtype=np.int64)
        mask = np.zeros((len(batch), width), dtype=np.float32)
        for i, row in enumerate(batch):
            ids[i, : len(row)] = row
            mask[i, : len(row)] = 1.0
        x = self._embeddings(ids)
        bias = ((1.0 - mask) * np.float32(-1e9))[:, None, None, :]
        for layer in self.layers:
            x = self._encoder_layer(x, bias, layer)
        pooled = (x * mask[..., None]).sum(axis=1) / np.clip(mask.sum(axis=1, keepdims=True), 1e-9, None)
        norms = np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)
        return np.asarray(pooled / norms, dtype=np.float32)

    def _embeddings(self, ids: np.ndarray) -> np.ndarray:
        e = self.embed
        x = (
            e["word_embeddings.weight"][ids]
            + e["position_embeddings.weight"][: ids.shape[1]][None, :, :]
            + e["token_type_embeddings.weight"][0]
        )
        return _layer_norm(x, e["LayerNorm.weight"], e["LayerNorm.bias"], self.eps)

    def _encoder_layer(self, x: np.ndarray, bias: np.ndarray, w: "dict[str, np.ndarray]") -> np.ndarray:
        b, n, hidden = x.shape
        d = hidden // self.heads
        qkv = (x @ w["qkv_w"] + w["qkv_b"]).reshape(b, n, 3, self.heads, d).transpose(2, 0, 3, 1, 4)
        # Contiguous operands make the batched matmuls about twice as fast.
        q = np.ascontiguousarray(qkv[0]) * np.float32(1.0 / np.sqrt(d))
        scores = q @ np.ascontiguousarray(qkv[1].transpose(0, 1, 3, 2)) + bias
        scores -= scores.max(axis=-1, keepdims=True)
        np.exp(scores, out=scores)
        scores /= scores.sum(axis=-1, keepdims=True)
        context = (scores @ np.ascontiguousarray(qkv[2])).transpose(0, 2, 1, 3).reshape(b, n, hidden)
        x = _layer_norm(x + context @ w["out_w"] + w["out_b"], w["ln1_w"], w["ln1_b"], self.eps)
        inner = _gelu(x @ w["up_w"] + w["up_b"])
        return _layer_norm(x + inner @ w["down_w"] + w["down_b"], w["ln2_w"], w["ln2_b"], self.eps)


_CONTROLLER: list[ThreadpoolController] = []


def _blas() -> ThreadpoolController:
    # Found once: looking up the loaded BLAS libraries reads /proc/self/maps, ~5 ms a time.
    if not _CONTROLLER:
        _CONTROLLER.append(ThreadpoolController())
    return _CONTROLLER[0]


def blas_limit(threads: int = 1) -> Any:
    """A context manager limiting BLAS to `threads` threads (see SemanticVectoriser.transform for why)."""
    return _blas().limit(limits=threads, user_api="blas")


_EMBEDDING_KEYS = (
    "word_embeddings.weight",
    "position_embeddings.weight",
    "token_type_embeddings.weight",
    "LayerNorm.weight",
    "LayerNorm.bias",
)


def _bert_layers(weights: "dict[str, np.ndarray]") -> "list[dict[str, np.ndarray]]":
    """Regroup a BERT checkpoint's per-layer tensors, transposed once so each step is `x @ w`."""
    layers = []
    i = 0
    while f"encoder.layer.{i}.attention.self.query.weight" in weights:
        p = f"encoder.layer.{i}."
        a = p + "attention."
        qkv = [weights[f"{a}self.{k}.weight"] for k in ("query", "key", "value")]
        layers.append(
            {
                "qkv_w": np.ascontiguousarray(np.concatenate(qkv, axis=0).T),
                "qkv_b": np.concatenate([weights[f"{a}self.{k}.bias"] for k in ("query", "key", "value")]),
                "out_w": np.ascontiguousarray(weights[f"{a}output.dense.weight"].T),
                "out_b": weights[f"{a}output.dense.bias"],
                "ln1_w": weights[f"{a}output.LayerNorm.weight"],
                "ln1_b": weights[f"{a}output.LayerNorm.bias"],
                "up_w": np.ascontiguousarray(weights[f"{p}intermediate.dense.weight"].T),
                "up_b": weights[f"{p}intermediate.dense.bias"],
                "down_w": np.ascontiguousarray(weights[f"{p}output.dense.weight"].T),
                "down_b": weights[f"{p}output.dense.bias"],
                "ln2_w": weights[f"{p}output.LayerNorm.weight"],
                "ln2_b": weights[f"{p}output.LayerNorm.bias"],
            }
        )
        i += 1
    if not layers:
        raise ValueError("no encoder layers found: is this a BERT checkpoint?")
    return layers


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, eps: float) -> np.ndarray:
    mean = x.mean(axis=-1, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    return np.asarray((x - mean) / np.sqrt(var + eps) * weight + bias, dtype=np.float32)


def _gelu(x: np.ndarray) -> np.ndarray:
    # BERT's exact GELU (the erf form), not the tanh approximation.
    return np.asarray(0.5 * x * (1.0 + erf(x / np.sqrt(2.0))), dtype=np.float32)


def _l2_normalise(matrix: Any) -> Any:
    """Rows scaled to unit length (scikit-learn's normalize), sparse in, sparse out."""
    from sklearn.preprocessing import normalize

    return normalize(matrix)
