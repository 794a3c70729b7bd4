"""Text vectors for matching: any `TextVectoriser` reduced to a few dense dimensions, cached per profile.

Offers are compared with seeks for every candidate pair, so the vectors must be small and dense: a backend's
vectors (TF-IDF's sparse ones, or a sentence model's 384 dimensions) are projected by a truncated SVD (latent
semantic analysis for TF-IDF) onto `dims` dimensions and L2-normalised, so a dot product is a cosine.

The cache is plain data, `{"key": str, "entries": {person_id: {"hash": str, "offers": [...], "seeks": [...]}}}`:
an entry is reused while the person's text hash and the fitted encoder's key both still match.
"""

import hashlib
from collections.abc import Sequence
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

from joinedup.engine.matching.model import Person
from joinedup.engine.text import TextVectoriser, TfidfVectoriser

VectorCache = dict[str, Any]
# The SVD is learned on a sample: beyond this many texts the projection no longer changes materially.
_SVD_SAMPLE = 20_000


class WordTfidfVectoriser:
    """TF-IDF on word uni- and bi-grams only: the `TextVectoriser` for large rounds.

    The default TfidfVectoriser adds character n-grams, which catch spelling variants but cost about a
    millisecond a text in scikit-learn's Python analyser — minutes for 100,000 people. Words alone run about
    ten times faster, and `auto_vectoriser` switches to them above a size.
    """

    name = "tfidf-words"

    def __init__(self, max_features: int = 50_000) -> None:
        self.words = TfidfVectorizer(
            ngram_range=(1, 2), min_df=1, max_features=max_features, sublinear_tf=True, stop_words="english"
        )

    def fit(self, corpus: Sequence[str]) -> "WordTfidfVectoriser":
        self.words.fit([t or "" for t in corpus])
        return self

    def transform(self, texts: Sequence[str]) -> sp.csr_matrix:
        return sp.csr_matrix(normalize(self.words.transform([t or "" for t in texts])))


# Above this many people a round uses word TF-IDF rather than words and character n-grams (see WordTfidfVectoriser).
CHAR_NGRAM_LIMIT = 20_000


def auto_vectoriser(n_people: int) -> TextVectoriser:
    return TfidfVectoriser() if n_people <= CHAR_NGRAM_LIMIT else WordTfidfVectoriser()


class TextEncoder:
    """A fitted vectoriser followed by a fitted projection. `key` identifies the fitted state for the cache."""

    def __init__(self, vectoriser: TextVectoriser, dims: int = 64, seed: int = 0) -> None:
        self.vectoriser = vectoriser
        self.dims = dims
        self.seed = seed
        self.svd: TruncatedSVD | None = None
        self.key = ""
        self.out_dims = dims
        self.blank = False

    def fit(self, corpus: Sequence[str]) -> "TextEncoder":
        """Fit the vectoriser and the projection on `corpus` (deterministic for the seed)."""
        # Fitting on a sample keeps the cost flat as rounds grow; the vocabulary of 20,000 texts covers the rest.
        sample = _sample(_unique_nonempty(corpus), self.seed)
        self.svd = None
        self.blank = False
        try:
            self.vectoriser.fit(sample or [""])
        except ValueError:  # no words at all (every text empty or stop words): text counts for nothing
            self.blank, self.out_dims, self.key = True, self.dims, f"{self.vectoriser.name}-blank"
            return self
        raw = self.vectoriser.transform(sample)
        if raw.shape[1] > self.dims and len(sample) > self.dims:
            self.svd = TruncatedSVD(n_components=self.dims, random_state=self.seed, n_iter=4).fit(raw)
        self.out_dims = self.dims if self.svd is not None else int(raw.shape[1])
        self.key = self._fingerprint(raw.shape[1])
        return self

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """(len(texts), d) float32 rows, unit length, zero rows for empty texts. Identical texts embed once."""
        if not self.key:
            raise RuntimeError("fit the encoder before encoding")
        if not texts or self.blank:
            return np.zeros((len(texts), self.out_dims), dtype=np.float32)
        unique, inverse = np.unique(np.asarray([t or "" for t in texts], dtype=object), return_inverse=True)
        raw = self.vectoriser.transform(list(unique))
        reduced = self.svd.transform(raw) if self.svd is not None else _dense(raw)
        out = normalize(np.asarray(reduced, dtype=np.float64)).astype(np.float32)
        out[np.asarray([not u for u in unique])] = 0.0
        rows: np.ndarray = out[inverse.ravel()]
        return rows

    def _fingerprint(self, raw_dims: int) -> str:
        digest = hashlib.sha256(f"{self.vectoriser.name}:{self.dims}:{raw_dims}".encode())
        if self.svd is not None:
            digest.update(np.ascontiguousarray(self.svd.components_, dtype=np.float32).tobytes())
        return f"{self.vectoriser.name}-{self.dims}-{digest.hexdigest()[:16]}"


def text_hash(person: Person) -> str:
    return hashlib.sha256(person.text_key.encode()).hexdigest()[:20]


def encode_people(
    people: Sequence[Person], encoder: TextEncoder, cache: VectorCache | None = None
) -> tuple[np.ndarray, np.ndarray, VectorCache | None]:
    """Offers and seeks vectors, (n, d) each, reusing cached entries; returns the refreshed cache.

    With `cache=None` nothing is cached (a one-off round from files). The encoder is fitted on this round's
    texts if it is not fitted yet.
    """
    if not encoder.key:
        encoder.fit([p.offers for p in people] + [p.seeks for p in people])
    entries = cache.get("entries", {}) if cache and cache.get("key") == encoder.key else {}
    hashes = [text_hash(p) for p in people]
    stale = [i for i, p in enumerate(people) if entries.get(p.id, {}).get("hash") != hashes[i]]
    fresh = encoder.encode([people[i].offers for i in stale] + [people[i].seeks for i in stale])
    offers, seeks = _assemble(people, entries, stale, fresh)
    if cache is None:
        return offers, seeks, None
    kept = {p.id: entries[p.id] for i, p in enumerate(people) if p.id in entries}
    for j, i in enumerate(stale):
        kept[people[i].id] = {
            "hash": hashes[i],
            "offers": fresh[j].tolist(),
            "seeks": fresh[len(stale) + j].tolist(),
        }
    return offers, seeks, {"key": encoder.key, "entries": kept}


def _assemble(
    people: Sequence[Person], entries: dict[str, Any], stale: list[int], fresh: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    if not people:
        return np.zeros((0, fresh.shape[1]), np.float32), np.zeros((0, fresh.shape[1]), np.float32)
    dims = fresh.shape[1] if len(stale) else len(entries[people[0].id]["offers"])
    offers = np.zeros((len(people), dims), dtype=np.float32)
    seeks = np.zeros((len(people), dims), dtype=np.float32)
    stale_set = set(stale)
    for i, p in enumerate(people):
        if i not in stale_set:
            offers[i] = entries[p.id]["offers"]
            seeks[i] = entries[p.id]["seeks"]
    if stale:
        offers[stale] = fresh[: len(stale)]
        seeks[stale] = fresh[len(stale) :]
    return offers, seeks


def _unique_nonempty(corpus: Sequence[str]) -> list[str]:
    return sorted({t for t in corpus if t})


def _sample(texts: list[str], seed: int) -> list[str]:
    if len(texts) <= _SVD_SAMPLE:
        return texts
    pick = np.random.default_rng(seed).choice(len(texts), size=_SVD_SAMPLE, replace=False)
    return [texts[i] for i in np.sort(pick)]


def _dense(matrix: np.ndarray | sp.csr_matrix) -> np.ndarray:
    return matrix.toarray() if sp.issparse(matrix) else np.asarray(matrix)
