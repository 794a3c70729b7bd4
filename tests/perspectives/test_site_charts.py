"""The opinion map SVG: hulls drawn right, text escaped, nothing the CSP forbids."""

from joinedup.perspectives.charts import convex_hull, opinion_map_svg


def test_it_finds_the_convex_hull_without_interior_points():
    hull = convex_hull([(0, 0), (2, 0), (2, 2), (0, 2), (1, 1), (1, 0)])
    assert sorted(hull) == [(0, 0), (0, 2), (2, 0), (2, 2)]


def test_it_keeps_degenerate_hulls():
    assert convex_hull([(1, 1), (1, 1)]) == [(1, 1)]
    assert convex_hull([(0, 0), (3, 3)]) == [(0, 0), (3, 3)]


def test_it_draws_points_outlines_and_a_text_alternative():
    points = [(0.0, 0.0, 0), (0.1, 0.2, 0), (0.2, 0.0, 0), (5.0, 5.0, 1), (9.0, 9.0, None)]
    svg = str(opinion_map_svg(ident="m", points=points, group_names={0: "Group A", 1: "Group <B>"}))
    assert svg.count('class="ju-group-outline"') == 2  # a triangle for A, a ring for B's single point
    assert "Group &lt;B&gt;" in svg and "<B>" not in svg
    assert 'role="img"' in svg and '<title id="m-title">' in svg and 'aria-labelledby="m-title m-desc"' in svg
    assert "<title>Not yet in a group</title>" in svg and "Participant" not in svg
    assert " style=" not in svg and "<script" not in svg


def test_it_draws_an_empty_map():
    assert "0 participants" in str(opinion_map_svg(ident="m", points=[], group_names={}))
