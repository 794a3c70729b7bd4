"""Text vectors behind one interface.

`TfidfVectoriser` is the fast default (words and character n-grams). A semantic backend built on a
sentence-embedding model that ships inside an installed package plugs in behind the same protocol.
Vectors are L2-normalised rows, so a dot product is a cosine similarity.
"""

from collections.abc import Sequence
from typing import Protocol

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize


class TextVectoriser(Protocol):
    """Turns texts into L2-normalised row vectors (dense ndarray or CSR matrix), one row per text."""

    name: str

    def fit(self, corpus: Sequence[str]) -> "TextVectoriser": ...

    def transform(self, texts: Sequence[str]) -> np.ndarray | sp.csr_matrix: ...


class TfidfVectoriser:
    """TF-IDF on word uni/bi-grams and character 3–5-grams (within word boundaries), stacked and normalised."""

    name = "tfidf"

    def __init__(self, max_features: int = 50_000) -> None:
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
        return sp.csr_matrix(normalize(stacked))
