"""Places like mine: standardised nearest councils, explained factor by factor (engine, no database)."""

from joinedup.engine.places import CouncilStats, place_compare, place_factors, places_like


def council(key, kind="MD", population=500_000, area=500.0, nation="England", kind_name=None):
    names = {"MD": "Metropolitan district", "UA": "Unitary authority", "NMD": "Non-metropolitan district"}
    return CouncilStats(key, key.title(), kind, kind_name or names.get(kind, kind), nation, population, area)


PLACES = [
    council("city", population=800_000, area=550.0),
    council("twin", population=750_000, area=520.0),  # nearly the same size and density, same type
    council("town", population=300_000, area=300.0),  # same type, smaller
    council("shire", kind="NMD", population=90_000, area=1_500.0),  # small, rural, another tier
    council("welsh", kind="UA", population=780_000, area=540.0, nation="Wales", kind_name="Welsh unitary"),
    council("combo", kind="COMB", population=2_000_000, area=2_000.0),
    council("unknown", population=None, area=None),
]


def test_the_nearest_council_is_the_one_alike_on_every_factor():
    near = places_like(PLACES, "city", k=3)
    assert [n.key for n in near][:1] == ["twin"]
    assert near[0].rank == 1
    assert near[0].out_of == 4  # councils with figures: not the combined authority, not "unknown"
    assert all(f.alike for f in near[0].factors)


def test_a_different_nation_and_type_outweigh_a_close_size():
    order = [n.key for n in places_like(PLACES, "city", k=10)]
    assert order.index("twin") < order.index("welsh")
    assert order[-1] == "shire"  # another tier, a tenth of the size and far less dense


def test_it_explains_each_factor_in_words():
    reasons = {f.name: f for f in place_factors(PLACES[0], PLACES[3])}
    assert reasons["Tier"].alike is False
    assert reasons["Tier"].reason == "a different tier (lower-tier district, not single-tier)"
    assert reasons["Population"].reason.startswith("population 8.9 times lower (90,000 there, 800,000 here")
    twin = {f.name: f for f in place_factors(PLACES[0], PLACES[1])}
    assert twin["Population"].reason.startswith("population within 10%")
    assert twin["Nation"].reason == "the same nation (England)"


def test_an_unknown_figure_is_left_out_not_guessed():
    factors = {f.name for f in place_factors(PLACES[0], PLACES[6])}
    assert factors == {"Tier", "Type", "Nation"}
    assert place_compare(PLACES, "city", "unknown") is None  # not ranked: its rank would be a guess
    assert places_like(PLACES, "unknown") == []


def test_combined_authorities_are_compared_only_with_their_own_kind():
    assert place_compare(PLACES, "city", "combo") is None
    assert places_like(PLACES, "combo") == []
