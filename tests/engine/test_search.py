import numpy as np
import pytest
import scipy.sparse as sp

from joinedup.engine.search import (
    PlaceFacts,
    dense_top_k,
    highlight,
    mrr_at_k,
    ndcg_at_k,
    place_likeness,
    query_terms,
    reciprocal_rank_fusion,
    relevance_floor,
    term_stem,
)


def test_it_fuses_rankings_so_agreement_wins():
    fused = reciprocal_rank_fusion([["a", "b", "c"], ["b", "c", "a"]])
    assert [key for key, _ in fused][0] == "b"
    assert fused[0][1] == pytest.approx(1 / 62 + 1 / 61)


def test_it_counts_ids_found_by_one_ranker_only():
    fused = dict(reciprocal_rank_fusion([["a"], ["b", "c"]]))
    assert set(fused) == {"a", "b", "c"}
    assert fused["a"] == fused["b"] > fused["c"]


def test_it_breaks_fusion_ties_by_first_seen_order():
    assert [k for k, _ in reciprocal_rank_fusion([["x", "y"], ["y", "x"]])] == ["x", "y"]


def test_it_weights_rankers():
    fused = reciprocal_rank_fusion([["a", "b"], ["b", "a"]], weights=[2.0, 1.0])
    assert fused[0][0] == "a"


def test_it_refuses_a_weight_count_mismatch():
    with pytest.raises(ValueError):
        reciprocal_rank_fusion([["a"]], weights=[1.0, 2.0])


def test_it_finds_nearest_rows_and_respects_the_mask():
    matrix = np.array([[1.0, 0.0], [0.8, 0.6], [0.0, 1.0]])
    assert [i for i, _ in dense_top_k(matrix, np.array([1.0, 0.0]), 2)] == [0, 1]
    allowed = np.array([False, True, True])
    assert [i for i, _ in dense_top_k(matrix, np.array([1.0, 0.0]), 5, allowed=allowed)] == [1, 2]


def test_it_handles_sparse_and_empty_matrices():
    matrix = sp.csr_matrix(np.array([[0.0, 1.0], [1.0, 0.0]]))
    assert dense_top_k(matrix, np.array([0.0, 1.0]), 1)[0][0] == 0
    assert dense_top_k(np.zeros((0, 2)), np.array([1.0, 0.0]), 3) == []


def test_it_breaks_similarity_ties_on_the_lower_row():
    matrix = np.array([[1.0, 0.0], [1.0, 0.0], [1.0, 0.0]])
    assert [i for i, _ in dense_top_k(matrix, np.array([1.0, 0.0]), 2)] == [0, 1]


def test_it_drops_stop_words_and_repeats_from_queries():
    assert query_terms("How do we share the DATA, data and budgets?") == ["share", "data", "budgets"]
    assert query_terms("") == []
    assert query_terms('"quoted" AND (OR)') == ["quoted"]


def test_it_scores_reciprocal_rank_and_ndcg():
    relevant = {"b": 2}
    assert mrr_at_k(["a", "b"], relevant) == 0.5
    assert mrr_at_k(["a"] * 11 + ["b"], relevant) == 0.0
    assert ndcg_at_k(["b", "a"], relevant) == pytest.approx(1.0)
    assert ndcg_at_k(["a", "b"], relevant) == pytest.approx(1 / np.log2(3))
    assert ndcg_at_k(["a"], {}) == 0.0


def test_it_finds_identical_places_wholly_alike():
    leeds = PlaceFacts("Leeds", "MD", "Yorkshire", 800_000, {"funding": True})
    likeness = place_likeness(leeds, leeds)
    assert likeness.score == 1.0
    assert likeness.band == "very like"
    assert likeness.shared_factors == ["funding"]


def test_it_explains_each_part_of_the_likeness():
    reader = PlaceFacts(
        "Rutland", "UA", "East Midlands", 40_000, {"pooled_funding": False, "timescale": True}
    )
    lesson = PlaceFacts("Leeds", "MD", "Yorkshire", 800_000, {"pooled_funding": True, "timescale": True})
    likeness = place_likeness(reader, lesson)
    parts = {c.name: c for c in likeness.components}
    assert parts["Place type"].score == 0.6  # both single-tier
    assert parts["Region"].score == 0.0
    assert parts["Population"].score == 0.0  # twenty times the size
    assert parts["Context factors"].score == 0.5
    assert likeness.differing_factors == ["pooled_funding"]
    assert "20.0×" in parts["Population"].reason
    assert 0 < likeness.score < 0.5


def test_it_leaves_out_parts_it_cannot_compare():
    likeness = place_likeness(PlaceFacts("A", region="London"), PlaceFacts("B", region="London"))
    assert [c.name for c in likeness.components] == ["Region"]
    assert likeness.score == 1.0
    assert place_likeness(PlaceFacts("A"), PlaceFacts("B")).score == 0.0


def test_it_highlights_whole_words_that_start_with_a_query_stem():
    pieces = highlight("Partners pooled their money. Pooling took a year.", ["pooling", "money"])
    assert [p for p, matched in pieces if matched] == ["pooled", "money", "Pooling"]
    assert "".join(p for p, _ in pieces) == "Partners pooled their money. Pooling took a year."


def test_it_shows_the_stretch_with_the_matches_and_marks_cut_ends():
    text = "Nothing here. " * 40 + "The legal gateway for sharing data was clear. " + "Filler words. " * 40
    pieces = highlight(text, ["gateway", "sharing"], width=80)
    shown = "".join(p for p, _ in pieces)
    assert shown.startswith("…") and shown.endswith("…")
    assert ("gateway", True) in pieces and ("sharing", True) in pieces
    assert len(shown) <= 84


def test_it_shows_the_start_when_nothing_matches():
    pieces = highlight("A short lesson about trust.", ["bananas"])
    assert pieces == [("A short lesson about trust.", False)]


def test_it_stems_long_words_only():
    assert term_stem("data") == "data"
    assert term_stem("pooling") == "pool"
    assert term_stem("secondments") == "secondme"


def test_it_has_a_floor_only_for_the_model_it_was_calibrated_on():
    floor = relevance_floor("all-MiniLM-L6-v2")
    assert floor is not None and 0 < floor < 1
    assert relevance_floor("tfidf") is None


def test_character_ngrams_match_stems_and_misspellings_and_keep_counts_independent():
    from joinedup.engine.text import CharNgramVectoriser

    texts = ["Pooled budgets need one accountable officer", "Secondments built trust between teams"]
    chars = CharNgramVectoriser()
    matrix = chars.fit_transform(texts)
    assert np.allclose(sp.linalg.norm(matrix, axis=1), 1.0)
    scores = (matrix @ chars.transform(["poolling budgetts"]).T).toarray().ravel()
    assert scores[0] > 0.2 > scores[1]
    # Counts of one text do not depend on the others (so they can be kept between index rebuilds).
    assert (chars.counts(texts[:1]) != CharNgramVectoriser().counts(texts)[0]).nnz == 0
