"""Whatever bytes arrive, a reader either returns a checked map or raises MapError — never anything else."""

from hypothesis import given, settings
from hypothesis import strategies as st

from joinedup.engine.systems import MapError, formats

CSV_CELLS = st.sampled_from(
    ["a", "b", "c", "+", "-", "−", "x", "", "central", "1.5", "-2", "yes", '"', ",", "\n", "\x00"]
)
csv_text = st.lists(CSV_CELLS, max_size=40).map("".join)


def accepts_or_refuses(call, *args) -> None:
    try:
        call(*args)
    except MapError as err:
        assert err.problems and all(p.message for p in err.problems)


@settings(max_examples=150, deadline=None)
@given(
    st.just("id,label,owner\n") | csv_text, st.just("source,target,polarity\n") | csv_text, csv_text, csv_text
)
def test_it_never_crashes_on_csv(factors_head, links_head, factors_body, links_body):
    accepts_or_refuses(formats.read_csv, factors_head + factors_body, links_head + links_body)
    accepts_or_refuses(formats.read_kumu_csv, factors_head + factors_body, links_head + links_body)


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=300) | st.text(max_size=300))
def test_it_never_crashes_on_graphml_or_json(data):
    accepts_or_refuses(formats.read_graphml, data)
    accepts_or_refuses(formats.read_kumu_json, data)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                '<node id="a"/>',
                '<node id="b"><data key="label">B</data></node>',
                '<edge source="a" target="b"><data key="polarity">+</data></edge>',
                '<edge source="b" target="a"/>',
                '<edge source="a" target="zz"/>',
                "<key/>",
                '<key id="polarity" for="edge" attr.name="polarity"><default>-</default></key>',
            ]
        ),
        max_size=8,
    )
)
def test_it_never_crashes_on_odd_graphml(parts):
    accepts_or_refuses(formats.read_graphml, "<graphml><graph>" + "".join(parts) + "</graph></graphml>")
