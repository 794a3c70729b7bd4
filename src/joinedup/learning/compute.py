"""The learning app's one seam to the Django-free engine (import-linter checks that only this module imports
joinedup.engine): text vectors for lesson search and place likeness for "places like this"."""

from joinedup.engine.search import (
    Likeness,
    PlaceFacts,
    dense_top_k,
    fused_scores,
    fusion_char_weight,
    highlight,
    place_likeness,
    query_terms,
    reciprocal_rank_fusion,
    relevance_floor,
    top_k_scores,
)
from joinedup.engine.text import CharNgramVectoriser, SemanticVectoriser, TfidfVectoriser, blas_limit

__all__ = [
    "CharNgramVectoriser",
    "Likeness",
    "PlaceFacts",
    "SemanticVectoriser",
    "TfidfVectoriser",
    "blas_limit",
    "dense_top_k",
    "fused_scores",
    "fusion_char_weight",
    "highlight",
    "place_likeness",
    "query_terms",
    "reciprocal_rank_fusion",
    "relevance_floor",
    "top_k_scores",
]
