"""Files that hold a causal map: CSV (factors.csv + links.csv), GraphML, and Kumu's JSON and CSV layouts.

Readers take the file's text or bytes and return a checked `CausalMap`, or raise `MapError` naming every
problem with its place ("links.csv line 7", "GraphML line 12 (edge e3)") — all or nothing, so a caller
never stores half a map. Writers return text. No file system access: callers read and write the files.

Every reader is bounded by `Limits` (file size, factors, links, label length): the size is checked before
parsing, and factors and links are counted while parsing, so a hostile file is refused as soon as it passes
a limit (`LimitExceeded`, a `MapError` naming the limit) instead of being read whole.
"""

import csv
import io
import json
import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from xml.parsers import expat
from xml.sax.saxutils import escape, quoteattr

from joinedup import csvsafe
from joinedup.engine.systems.model import (
    POLARITIES,
    CausalMap,
    Factor,
    Link,
    MapError,
    Problem,
    owner_parse,
    polarity_parse,
)

FACTOR_COLUMNS = ("id", "label", "owner", "organisation", "description", "x", "y")
LINK_COLUMNS = ("source", "target", "polarity", "delay", "strength")
_TRUE = {"1", "true", "yes", "y", "delay", "delayed"}
_FALSE = {"", "0", "false", "no", "n"}
GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"
_XML_CHUNK = 64 * 1024


@dataclass(frozen=True)
class Limits:
    """How much one map file may hold. Callers (the site, the command line) pass their configured values."""

    max_bytes: int = 2_000_000
    max_factors: int = 2_000
    max_links: int = 10_000
    max_label: int = 200

    @property
    def max_elements(self) -> int:
        """XML elements a GraphML file within the limits needs at most: each node or edge, its data, keys."""
        return 20 * (self.max_factors + self.max_links) + 1_000


DEFAULT_LIMITS = Limits()


class LimitExceeded(MapError):
    """The file passes one of the `Limits`; reading stopped there. The message names the limit."""


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:,.1f} MB" if size >= 100_000 else f"{size:,} bytes"


def size_check(size: int, name: str, limits: Limits) -> None:
    """Refuse a file larger than `limits.max_bytes` before anything reads it (callers pass its size)."""
    if size > limits.max_bytes:
        raise LimitExceeded(
            [
                Problem(
                    name,
                    f"the file is {_megabytes(size)}; the limit is {_megabytes(limits.max_bytes)} per map file",
                )
            ]
        )


def _count_check(count: int, what: str, limit: int, place: str) -> None:
    if count > limit:
        raise LimitExceeded(
            [Problem(place, f"more than {limit:,} {what}: the limit is {limit:,} {what} per map")]
        )


def _size_of(data: str | bytes) -> int:
    return len(data) if isinstance(data, bytes) else len(data.encode("utf-8"))


def _text(data: str | bytes, name: str) -> str:
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise MapError([Problem(name, f"is not UTF-8 text (bad byte at position {err.start})")]) from err


# --- field parsing shared by every format -------------------------------------------------------------


@dataclass
class _Fields:
    """Collects problems while turning one record's raw strings into typed values."""

    place: str
    problems: list[Problem]

    def owner(self, raw: str | None) -> str | None:
        owner, ok = owner_parse(raw)
        if not ok:
            self.problems.append(
                Problem(self.place, f"owner {raw!r} is not one of central, local, community, other")
            )
        return owner

    def polarity(self, raw: str | None) -> str:
        if raw is None or not str(raw).strip():
            self.problems.append(Problem(self.place, "the link has no polarity (+, - or ?)"))
            return "+"
        polarity = polarity_parse(str(raw))
        if polarity is None:
            self.problems.append(Problem(self.place, f"polarity {raw!r} is not +, - or ?"))
            return "+"
        return polarity

    def delay(self, raw: Any) -> bool:
        if isinstance(raw, bool):
            return raw
        text = str(raw if raw is not None else "").strip().lower()
        if text in _TRUE | _FALSE:
            return text in _TRUE
        self.problems.append(Problem(self.place, f"delay {raw!r} is not yes or no"))
        return False

    def number(self, raw: Any, what: str, default: float | None) -> float | None:
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            return default
        try:
            value = float(raw)
        except (TypeError, ValueError):
            value = math.nan
        if not math.isfinite(value):
            self.problems.append(Problem(self.place, f"{what} {raw!r} is not a number"))
            return default
        return value

    def strength(self, raw: Any) -> float:
        value = self.number(raw, "strength", 1.0)
        return 1.0 if value is None else value


def _factor(fields: _Fields, row: Mapping[str, Any], factor_id: str) -> Factor:
    return Factor(
        id=factor_id,
        label=str(row.get("label") or "").strip(),
        owner=fields.owner(row.get("owner")),
        organisation=str(row.get("organisation") or "").strip(),
        description=str(row.get("description") or "").strip(),
        x=fields.number(row.get("x"), "x", None),
        y=fields.number(row.get("y"), "y", None),
    )


def _link(fields: _Fields, row: Mapping[str, Any], source: str, target: str) -> Link:
    return Link(
        source,
        target,
        fields.polarity(row.get("polarity")),
        fields.delay(row.get("delay")),
        fields.strength(row.get("strength")),
    )


def _build(
    factors: list[Factor],
    fplaces: list[str],
    links: list[Link],
    lplaces: list[str],
    problems: list[Problem],
    limits: Limits,
) -> CausalMap:
    """Check the map itself too, so the caller hears every problem at once, not the first batch."""
    problems = problems + [
        Problem(
            place,
            f"the label is {len(f.label):,} characters long; the limit is {limits.max_label:,} characters",
        )
        for f, place in zip(factors, fplaces, strict=True)
        if len(f.label) > limits.max_label
    ]
    try:
        cmap = CausalMap.build(factors, links, factor_places=fplaces, link_places=lplaces)
    except MapError as err:
        problems = problems + [p for p in err.problems if p not in problems]
        raise MapError(problems) from err
    if problems:
        raise MapError(problems)
    return cmap


def _fmt(value: float | None) -> str:
    """Numbers that read back exactly: whole numbers without ".0", others in Python's shortest exact form.

    Verbatim: a number we formatted stays a number in a CSV (see joinedup.csvsafe)."""
    if value is None:
        return ""
    number = float(value)
    return csvsafe.Verbatim(str(int(number)) if number.is_integer() and abs(number) < 1e15 else repr(number))


def _polarity_cell(polarity: str) -> str:
    """`+` or `-` as they are (one character is no formula); anything else is escaped like any text."""
    return csvsafe.Verbatim(polarity) if polarity in POLARITIES else polarity


# --- CSV: factors.csv and links.csv ---------------------------------------------------------------------


def _csv_rows(
    data: str | bytes,
    name: str,
    required: Sequence[str],
    problems: list[Problem],
    limit: tuple[int, str],
) -> Iterator[tuple[str, dict[str, str]]]:
    """(place, row with lower-cased headers) for each non-blank row; header and syntax faults go to problems.

    Stops with `LimitExceeded` at the first row past `limit` (how many, of what), before reading on."""
    rows = 0
    reader = csvsafe.reader(io.StringIO(_text(data, name), newline=""))
    try:
        header = [h.strip().lower() for h in next(reader, [])]
        if not header:
            problems.append(Problem(name, "the file is empty"))
            return
        missing = [c for c in required if c not in header]
        if missing:
            problems.append(Problem(f"{name} line 1", f"missing column(s): {', '.join(missing)}"))
            return
        for cells in reader:
            place = f"{name} line {reader.line_num}"
            if not any(c.strip() for c in cells):
                continue
            if len(cells) > len(header):
                problems.append(
                    Problem(place, f"{len(cells)} cells but the header has {len(header)} columns")
                )
                continue
            rows += 1
            _count_check(rows, limit[1], limit[0], place)
            yield place, {h: c.strip() for h, c in zip(header, cells, strict=False)}
    except csv.Error as err:
        problems.append(Problem(f"{name} line {reader.line_num}", f"not valid CSV ({err})"))


def read_csv(
    factors_data: str | bytes,
    links_data: str | bytes,
    *,
    names: tuple[str, str] = ("factors.csv", "links.csv"),
    limits: Limits = DEFAULT_LIMITS,
) -> CausalMap:
    """factors.csv (id,label[,owner,organisation,description,x,y]) and links.csv (source,target,polarity[,delay,strength])."""
    size_check(_size_of(factors_data), names[0], limits)
    size_check(_size_of(links_data), names[1], limits)
    problems: list[Problem] = []
    factors, fplaces, links, lplaces = [], [], [], []
    for place, row in _csv_rows(
        factors_data, names[0], ("id", "label"), problems, (limits.max_factors, "factors")
    ):
        factors.append(_factor(_Fields(place, problems), row, row.get("id", "")))
        fplaces.append(place)
    for place, row in _csv_rows(
        links_data, names[1], ("source", "target", "polarity"), problems, (limits.max_links, "links")
    ):
        links.append(_link(_Fields(place, problems), row, row.get("source", ""), row.get("target", "")))
        lplaces.append(place)
    return _build(factors, fplaces, links, lplaces, problems, limits)


def write_csv(cmap: CausalMap) -> tuple[str, str]:
    """(factors.csv, links.csv) text."""
    factors, links = io.StringIO(), io.StringIO()
    fw, lw = csvsafe.writer(factors), csvsafe.writer(links)
    fw.writerow(FACTOR_COLUMNS)
    for f in cmap.factors:
        fw.writerow([f.id, f.label, f.owner or "", f.organisation, f.description, _fmt(f.x), _fmt(f.y)])
    lw.writerow(LINK_COLUMNS)
    for link in cmap.links:
        lw.writerow(
            [
                link.source,
                link.target,
                _polarity_cell(link.polarity),
                "yes" if link.delay else "no",
                _fmt(link.strength),
            ]
        )
    return factors.getvalue(), links.getvalue()


# --- GraphML ---------------------------------------------------------------------------------------------


@dataclass
class _Element:
    tag: str
    attrib: dict[str, str]
    line: int
    children: list["_Element"] = field(default_factory=list)
    text: str = ""


def _xml_tree(data: bytes, name: str, limits: Limits) -> _Element:
    """Parse XML keeping each element's line. DOCTYPEs (and so every entity trick: billion laughs, external
    entities) are refused outright. Fed in chunks, counting nodes, edges and elements as they start, so a
    file past the limits is refused at the first element over, without building the rest."""
    parser = expat.ParserCreate(namespace_separator="}")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    root = _Element("", {}, 0)
    stack = [root]
    counts = {"node": 0, "edge": 0, "": 0}

    def start(tag: str, attrib: dict[str, str]) -> None:
        local = tag.rsplit("}", 1)[-1]
        place = f"{name} line {parser.CurrentLineNumber}"
        counts[""] += 1
        _count_check(counts[""], "XML elements", limits.max_elements, place)
        if local in ("node", "edge"):
            counts[local] += 1
            if local == "node":
                _count_check(counts[local], "factors", limits.max_factors, place)
            else:
                _count_check(counts[local], "links", limits.max_links, place)
        element = _Element(local, attrib, parser.CurrentLineNumber)
        stack[-1].children.append(element)
        stack.append(element)

    def doctype(*_: Any) -> None:
        raise MapError(
            [Problem(f"{name} line {parser.CurrentLineNumber}", "DOCTYPE declarations are not accepted")]
        )

    parser.StartElementHandler = start
    parser.EndElementHandler = lambda _tag: stack.pop()
    parser.CharacterDataHandler = lambda text: setattr(stack[-1], "text", stack[-1].text + text)
    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = doctype
    try:
        for offset in range(0, len(data), _XML_CHUNK):
            parser.Parse(data[offset : offset + _XML_CHUNK], False)
        parser.Parse(b"", True)
    except expat.ExpatError as err:
        place = f"{name} line {err.lineno}, column {err.offset + 1}"
        raise MapError([Problem(place, f"not well-formed XML ({expat.ErrorString(err.code)})")]) from err
    if not root.children:
        raise MapError([Problem(name, "the file is empty")])
    return root.children[0]


def _graphml_keys(root: _Element) -> dict[tuple[str, str], tuple[str, str | None]]:
    """(for, key id) -> (attribute name, default). `for="all"` keys apply to nodes and edges."""
    keys: dict[tuple[str, str], tuple[str, str | None]] = {}
    for key in (c for c in root.children if c.tag == "key"):
        default = next((c.text for c in key.children if c.tag == "default"), None)
        attr = key.attrib.get("attr.name") or key.attrib.get("id", "")
        for kind in (
            ("node", "edge") if key.attrib.get("for", "all") == "all" else (key.attrib.get("for", ""),)
        ):
            keys[(kind, key.attrib.get("id", ""))] = (attr.strip().lower(), default)
    return keys


def _graphml_data(
    element: _Element, kind: str, keys: Mapping[tuple[str, str], tuple[str, str | None]]
) -> dict[str, str]:
    values = {attr: default for (k, _), (attr, default) in keys.items() if k == kind and default is not None}
    for data in (c for c in element.children if c.tag == "data"):
        attr, _ = keys.get((kind, data.attrib.get("key", "")), (data.attrib.get("key", ""), None))
        values[attr] = data.text.strip()
    return values


def read_graphml(data: str | bytes, *, name: str = "GraphML", limits: Limits = DEFAULT_LIMITS) -> CausalMap:
    """GraphML: nodes carry `label` (else the id is the label) and optionally `owner`, `organisation`,
    `description`, `x`, `y`; edges carry `polarity` (+, - or ? when it is not known which way) and optionally `delay` and `strength`."""
    size_check(_size_of(data), name, limits)
    root = _xml_tree(_text(data, name).encode("utf-8"), name, limits)
    if root.tag != "graphml":
        raise MapError(
            [Problem(f"{name} line {root.line}", f"the root element is <{root.tag}>, not <graphml>")]
        )
    graph = next((c for c in root.children if c.tag == "graph"), None)
    if graph is None:
        raise MapError([Problem(name, "there is no <graph> element")])
    keys, problems = _graphml_keys(root), []
    if graph.attrib.get("edgedefault", "directed") != "directed":
        problems.append(
            Problem(f"{name} line {graph.line}", "the graph is undirected; causal links have a direction")
        )
    factors, fplaces, links, lplaces = [], [], [], []
    for node in (c for c in graph.children if c.tag == "node"):
        place = f"{name} line {node.line} (node {node.attrib.get('id', '?')!r})"
        values = _graphml_data(node, "node", keys)
        values.setdefault("label", "")
        values["label"] = values["label"] or node.attrib.get("id", "")
        factors.append(_factor(_Fields(place, problems), values, node.attrib.get("id", "")))
        fplaces.append(place)
    for edge in (c for c in graph.children if c.tag == "edge"):
        source, target = edge.attrib.get("source", ""), edge.attrib.get("target", "")
        place = f"{name} line {edge.line} (edge {source!r} → {target!r})"
        if edge.attrib.get("directed", "true") == "false":
            problems.append(Problem(place, "the edge is undirected; causal links have a direction"))
        links.append(_link(_Fields(place, problems), _graphml_data(edge, "edge", keys), source, target))
        lplaces.append(place)
    return _build(factors, fplaces, links, lplaces, problems, limits)


_GRAPHML_KEYS = (
    ("node", "label", "string"),
    ("node", "owner", "string"),
    ("node", "organisation", "string"),
    ("node", "description", "string"),
    ("node", "x", "double"),
    ("node", "y", "double"),
    ("edge", "polarity", "string"),
    ("edge", "delay", "boolean"),
    ("edge", "strength", "double"),
)


def write_graphml(cmap: CausalMap) -> str:
    """GraphML that networkx, yEd, Gephi and Cytoscape read; key ids are the attribute names."""
    out = ['<?xml version="1.0" encoding="UTF-8"?>', f'<graphml xmlns="{GRAPHML_NS}">']
    for kind, attr, kind_type in _GRAPHML_KEYS:
        out.append(f'  <key id="{attr}" for="{kind}" attr.name="{attr}" attr.type="{kind_type}"/>')
    out.append('  <graph id="map" edgedefault="directed">')
    for f in cmap.factors:
        values = {
            "label": f.label,
            "owner": f.owner or "",
            "organisation": f.organisation,
            "description": f.description,
            "x": _fmt(f.x),
            "y": _fmt(f.y),
        }
        out.append(f"    <node id={quoteattr(f.id)}>{_data(values)}</node>")
    for link in cmap.links:
        values = {
            "polarity": link.polarity,
            "delay": "true" if link.delay else "false",
            "strength": _fmt(link.strength),
        }
        out.append(
            f"    <edge source={quoteattr(link.source)} target={quoteattr(link.target)}>{_data(values)}</edge>"
        )
    out += ["  </graph>", "</graphml>", ""]
    return "\n".join(out)


def _data(values: Mapping[str, str]) -> str:
    return "".join(f'<data key="{k}">{escape(v)}</data>' for k, v in values.items() if v)


# --- Kumu: JSON blueprints and the spreadsheet layout -------------------------------------------------------


def _lower_keys(record: Mapping[str, Any]) -> dict[str, Any]:
    """Kumu puts fields at the top level or under "attributes", with any capitalisation."""
    flat = {str(k).strip().lower(): v for k, v in record.items() if k != "attributes"}
    nested = record.get("attributes")
    if isinstance(nested, Mapping):
        flat.update({str(k).strip().lower(): v for k, v in nested.items()})
    flat.setdefault("organisation", flat.get("organization"))
    return flat


class _Resolver:
    """Kumu connections name their ends by element id or, failing that, by label."""

    def __init__(self, elements: Sequence[tuple[str, str]]) -> None:
        self.ids = {i for i, _ in elements}
        labels: dict[str, list[str]] = {}
        for element_id, label in elements:
            labels.setdefault(label.strip().lower(), []).append(element_id)
        self.labels = labels

    def __call__(self, ref: Any, fields: _Fields) -> str:
        text = str(ref if ref is not None else "").strip()
        if text in self.ids:
            return text
        matches = self.labels.get(text.lower(), [])
        if len(matches) > 1:
            fields.problems.append(Problem(fields.place, f"{text!r} is the label of {len(matches)} elements"))
        return matches[0] if matches else text


def _kumu_map(
    elements: Sequence[tuple[str, Mapping[str, Any]]],
    connections: Sequence[tuple[str, Mapping[str, Any]]],
    problems: list[Problem],
    limits: Limits,
) -> CausalMap:
    factors, fplaces, links, lplaces = [], [], [], []
    for n, (place, raw) in enumerate(elements, start=1):
        row = _lower_keys(raw)
        element_id = str(row.get("_id") or row.get("id") or "").strip() or f"element-{n}"
        factors.append(_factor(_Fields(place, problems), row, element_id))
        fplaces.append(place)
    resolve = _Resolver([(f.id, f.label) for f in factors])
    for place, raw in connections:
        row, fields = _lower_keys(raw), _Fields(place, problems)
        if str(row.get("direction") or "directed").strip().lower() != "directed":
            problems.append(
                Problem(place, f"direction {row.get('direction')!r}: causal links must be directed")
            )
        row["polarity"] = next((row[k] for k in ("polarity", "connection type", "type") if row.get(k)), None)
        links.append(_link(fields, row, resolve(row.get("from"), fields), resolve(row.get("to"), fields)))
        lplaces.append(place)
    return _build(factors, fplaces, links, lplaces, problems, limits)


def read_kumu_json(
    data: str | bytes, *, name: str = "Kumu JSON", limits: Limits = DEFAULT_LIMITS
) -> CausalMap:
    """A Kumu blueprint: {"elements": [{"label", ...}], "connections": [{"from", "to", "polarity"|"type"}]}."""
    size_check(_size_of(data), name, limits)
    try:
        blueprint = json.loads(_text(data, name))
    except json.JSONDecodeError as err:
        raise MapError(
            [Problem(f"{name} line {err.lineno}, column {err.colno}", f"not valid JSON ({err.msg})")]
        ) from err
    except RecursionError as err:
        raise MapError([Problem(name, "the JSON is nested too deeply to be a map")]) from err
    if not isinstance(blueprint, dict):
        raise MapError([Problem(name, 'expected an object with "elements" and "connections"')])
    problems: list[Problem] = []
    sections = {}
    for key in ("elements", "connections"):
        items = blueprint.get(key, [])
        if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
            problems.append(Problem(f"{name} {key}", "must be a list of objects"))
            items = []
        limit, what = (limits.max_factors, "factors") if key == "elements" else (limits.max_links, "links")
        _count_check(len(items), what, limit, f"{name} {key}")
        sections[key] = [(f"{name} {key[:-1]} {i + 1}", item) for i, item in enumerate(items)]
    if problems:
        raise MapError(problems)
    return _kumu_map(sections["elements"], sections["connections"], problems, limits)


def write_kumu_json(cmap: CausalMap) -> str:
    elements = [
        {
            "_id": f.id,
            "label": f.label,
            "type": "Factor",
            "owner": f.owner or "",
            "organisation": f.organisation,
            "description": f.description,
        }
        for f in cmap.factors
    ]
    connections = [
        {
            "from": link.source,
            "to": link.target,
            "direction": "directed",
            "type": link.polarity,
            "polarity": link.polarity,
            "delay": link.delay,
            "strength": link.strength,
        }
        for link in cmap.links
    ]
    return json.dumps({"elements": elements, "connections": connections}, indent=2, ensure_ascii=False) + "\n"


# Same signature as read_csv (two files, names, limits): two formats with their own column names; both share
# size_check, then each parses its own columns into its own builder.
def read_kumu_csv(
    elements_data: str | bytes,
    connections_data: str | bytes,
    *,
    names: tuple[str, str] = ("elements.csv", "connections.csv"),
    limits: Limits = DEFAULT_LIMITS,
) -> CausalMap:
    """Kumu's spreadsheet layout: an Elements sheet (Label, Type, Description, … and our ID, Owner,
    Organisation) and a Connections sheet (From, To, Type or Polarity, Direction, Delay, Strength)."""
    size_check(_size_of(elements_data), names[0], limits)
    size_check(_size_of(connections_data), names[1], limits)
    problems: list[Problem] = []
    elements = list(_csv_rows(elements_data, names[0], ("label",), problems, (limits.max_factors, "factors")))
    connections = list(
        _csv_rows(connections_data, names[1], ("from", "to"), problems, (limits.max_links, "links"))
    )
    return _kumu_map(elements, connections, problems, limits)


def write_kumu_csv(cmap: CausalMap) -> tuple[str, str]:
    elements, connections = io.StringIO(), io.StringIO()
    ew, cw = csvsafe.writer(elements), csvsafe.writer(connections)
    ew.writerow(["ID", "Label", "Type", "Owner", "Organisation", "Description"])
    for f in cmap.factors:
        ew.writerow([f.id, f.label, "Factor", f.owner or "", f.organisation, f.description])
    cw.writerow(["From", "To", "Type", "Direction", "Polarity", "Delay", "Strength"])
    for link in cmap.links:
        cw.writerow(
            [
                link.source,
                link.target,
                _polarity_cell(link.polarity),
                "directed",
                _polarity_cell(link.polarity),
                "yes" if link.delay else "no",
                _fmt(link.strength),
            ]
        )
    return elements.getvalue(), connections.getvalue()
