"""Small builders for maps in tests: `causal_map(["a", "b"], "a+b b-a")`."""

from joinedup.engine.systems import CausalMap, Factor, Link


def causal_map(factors: list[str] | dict[str, str | None], links: str, **owners: str) -> CausalMap:
    """Factors by id (label = id); links as space-separated "a+b" / "a-b" (source, polarity, target)."""
    owner_of = dict(factors) if isinstance(factors, dict) else {}
    items = [Factor(f, f.replace("_", " "), owner_of.get(f) or owners.get(f)) for f in factors]
    parsed = []
    for token in links.split():
        sign = "+" if "+" in token else "-"
        source, target = token.split(sign)
        parsed.append(Link(source, target, sign))
    return CausalMap.build(items, parsed)
