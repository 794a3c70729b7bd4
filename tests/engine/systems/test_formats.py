"""Every format round-trips, other tools can read what we write, and bad input is refused whole,
with every problem named at its place."""

import networkx as nx
import pytest

from joinedup.engine.systems import CausalMap, Factor, Link, MapError, formats
from joinedup.engine.systems.picture import PictureUnavailable, render_png, render_svg


def sample() -> CausalMap:
    return CausalMap.build(
        [
            Factor(
                "voids",
                "Empty homes, on estates",
                "local",
                "Leeds City Council",
                "Homes left empty",
                12.5,
                -3,
            ),
            Factor("crime", 'Street "crime"', "community", "", "", 40, 7.25),
            Factor("targets", "Reporting demands & targets", "central", "MHCLG", "", 0, 0),
            Factor("trust", "Trust <in> services", None, "", "", 1, 1),
        ],
        [
            Link("voids", "crime", "+", delay=True, strength=2.5),
            Link("crime", "voids", "+"),
            Link("targets", "voids", "-", strength=0.5),
            Link("crime", "trust", "-"),
            Link("trust", "trust", "+"),
        ],
    )


def same_without_layout(a: CausalMap, b: CausalMap) -> bool:
    def strip(m: CausalMap) -> list[tuple[str, str, str | None, str, str]]:
        return [(f.id, f.label, f.owner, f.organisation, f.description) for f in m.factors]

    return strip(a) == strip(b) and a.links == b.links


def test_it_round_trips_csv():
    assert formats.read_csv(*formats.write_csv(sample())) == sample()


def test_it_round_trips_graphml():
    assert formats.read_graphml(formats.write_graphml(sample())) == sample()


def test_it_round_trips_kumu_json():
    assert same_without_layout(formats.read_kumu_json(formats.write_kumu_json(sample())), sample())


def test_it_round_trips_kumu_csv():
    assert same_without_layout(formats.read_kumu_csv(*formats.write_kumu_csv(sample())), sample())


def test_it_writes_graphml_that_networkx_reads():
    graph = nx.read_graphml(__import__("io").BytesIO(formats.write_graphml(sample()).encode()))
    assert graph.nodes["voids"]["label"] == "Empty homes, on estates"
    assert graph.edges["targets", "voids"]["polarity"] == "-"
    assert graph.number_of_edges() == 5


def test_it_reads_graphml_that_networkx_writes():
    graph: nx.DiGraph[str] = nx.DiGraph()
    graph.add_node("a", label="Alpha", owner="central")
    graph.add_node("b", label="Beta")
    graph.add_edge("a", "b", polarity="-")
    graph.add_edge("b", "a", polarity="+")
    cmap = formats.read_graphml("\n".join(nx.generate_graphml(graph)))
    assert [(f.id, f.label, f.owner) for f in cmap.factors] == [
        ("a", "Alpha", "central"),
        ("b", "Beta", None),
    ]
    assert [(lk.source, lk.target, lk.polarity) for lk in cmap.links] == [("a", "b", "-"), ("b", "a", "+")]


def test_it_reads_a_kumu_blueprint_with_labels_and_attributes():
    blueprint = """{"elements": [{"label": "Housing"}, {"attributes": {"label": "Health", "Owner": "Local"}}],
      "connections": [{"from": "Housing", "to": "Health", "attributes": {"connection type": "−"}}]}"""
    cmap = formats.read_kumu_json(blueprint)
    assert [(f.label, f.owner) for f in cmap.factors] == [("Housing", None), ("Health", "local")]
    assert cmap.links[0].polarity == "-"


def test_it_draws_an_svg_with_a_title_and_every_factor():
    svg = render_svg(sample(), title="Estates & crime")
    assert svg.startswith("<svg") and '<title id="map-title">Estates &amp; crime</title>' in svg
    assert "Trust &lt;in&gt; services" in svg
    assert svg.count("<circle") == 4 + 5  # factors and the legend
    assert 'stroke-dasharray="6 4"' in svg  # "-" links are dashed, not only red


def test_it_draws_a_png_when_cairo_is_there():
    try:
        png = render_png(render_svg(sample()))
    except PictureUnavailable:
        pytest.skip("cairosvg or the Cairo library is not installed")
    assert png.startswith(b"\x89PNG")


def problems_of(call, *args, **kwargs) -> list[str]:
    with pytest.raises(MapError) as caught:
        call(*args, **kwargs)
    return [str(p) for p in caught.value.problems]


FACTORS = "id,label,owner\na,Alpha,central\nb,Beta,local\n"


def test_it_names_the_line_of_a_link_to_an_unknown_factor():
    links = "source,target,polarity\na,b,+\nb,zz,-\n"
    assert problems_of(formats.read_csv, FACTORS, links) == [
        "links.csv line 3: the link refers to an unknown factor 'zz'"
    ]


def test_it_names_the_line_of_a_bad_polarity():
    links = "source,target,polarity\na,b,+\nb,a,positive\n"
    assert problems_of(formats.read_csv, FACTORS, links) == [
        "links.csv line 3: polarity 'positive' is not +, - or ?"
    ]


def test_it_reports_every_problem_at_once():
    factors = "id,label,owner\na,Alpha,central\na,Again,nowhere\nc,,local\n"
    links = "source,target,polarity,strength\na,c,x,-1\n"
    found = problems_of(formats.read_csv, factors, links)
    assert "factors.csv line 3: owner 'nowhere' is not one of central, local, community, other" in found
    assert "factors.csv line 3: the factor id 'a' is used twice" in found
    assert "factors.csv line 4: factor 'c' has no label" in found
    assert "links.csv line 2: polarity 'x' is not +, - or ?" in found
    assert "links.csv line 2: strength -1.0 must be a positive number" in found


def test_it_names_missing_columns_and_empty_files():
    assert problems_of(formats.read_csv, "id,name\n", "") == [
        "factors.csv line 1: missing column(s): label",
        "links.csv: the file is empty",
    ]


def test_it_refuses_malformed_csv_with_its_line():
    found = problems_of(formats.read_csv, FACTORS, 'source,target,polarity\na,b,+\n"b,a,+\nzzz')
    assert found and found[0].startswith("links.csv line")


def test_it_refuses_text_that_is_not_utf8():
    assert problems_of(formats.read_csv, b"id,label\n\xff\xfe,x\n", b"source,target,polarity\n") == [
        "factors.csv: is not UTF-8 text (bad byte at position 9)"
    ]


def test_it_names_the_line_of_malformed_graphml():
    found = problems_of(formats.read_graphml, '<graphml>\n<graph>\n<node id="a">\n</graph>\n</graphml>')
    assert found == ["GraphML line 4, column 3: not well-formed XML (mismatched tag)"]


def test_it_names_the_graphml_edge_with_a_bad_polarity():
    text = formats.write_graphml(sample()).replace(
        '<data key="polarity">-</data>', '<data key="polarity">x</data>', 1
    )
    found = problems_of(formats.read_graphml, text)
    assert len(found) == 1
    assert (
        found[0].startswith("GraphML line ")
        and "(edge 'targets' → 'voids'): polarity 'x' is not +, - or ?" in found[0]
    )


def test_it_refuses_graphml_with_a_doctype():
    evil = '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">]><graphml>&lol;</graphml>'
    assert problems_of(formats.read_graphml, evil) == [
        "GraphML line 1: DOCTYPE declarations are not accepted"
    ]


def test_it_refuses_an_undirected_graph():
    text = formats.write_graphml(sample()).replace('edgedefault="directed"', 'edgedefault="undirected"')
    assert problems_of(formats.read_graphml, text) == [
        "GraphML line 12: the graph is undirected; causal links have a direction"
    ]


def test_it_names_the_line_of_malformed_json():
    assert problems_of(formats.read_kumu_json, '{"elements": [\n{"label": "A"},,\n]}') == [
        "Kumu JSON line 2, column 16: not valid JSON (Expecting value)"
    ]


def test_it_names_the_kumu_connection_to_an_unknown_element():
    blueprint = '{"elements": [{"label": "A"}], "connections": [{"from": "A", "to": "B", "polarity": "+"}]}'
    assert problems_of(formats.read_kumu_json, blueprint) == [
        "Kumu JSON connection 1: the link refers to an unknown factor 'B'"
    ]


def test_it_refuses_a_second_link_between_the_same_factors():
    links = "source,target,polarity\na,b,+\na,b,-\n"
    assert problems_of(formats.read_csv, FACTORS, links) == [
        "links.csv line 3: a second link from 'a' to 'b'"
    ]
