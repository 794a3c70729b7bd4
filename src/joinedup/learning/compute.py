"""The learning app's one seam to the Django-free engine (import-linter checks that only this module imports
joinedup.engine): text vectors for lesson search and place likeness for "places like this"."""

from joinedup.engine.search import Likeness, PlaceFacts, dense_top_k, fused_top_k, place_likeness, query_terms
from joinedup.engine.text import SemanticVectoriser, TfidfVectoriser, blas_limit

__all__ = [
    "Likeness",
    "PlaceFacts",
    "SemanticVectoriser",
    "TfidfVectoriser",
    "blas_limit",
    "dense_top_k",
    "fused_top_k",
    "place_likeness",
    "query_terms",
]
