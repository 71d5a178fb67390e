"""The network picture: one self-contained HTML file that makes no network request.

Entities are the nodes; the shortcut relations (``dd:meets``, ``dd:visits`` ...) and
posts are the edges, each carrying the evidence sentences of the events behind it.
The page inlines vis-network from the installed pyvis package, gets its data as JSON
in a ``<script type="application/json">`` block (never as HTML) and puts article text
in the DOM with ``textContent`` only. Positions are computed here, with a fixed seed,
so the picture is at rest as soon as it is drawn and the same graph gives the same bytes.
"""
from __future__ import annotations

import base64
import hashlib
import html
import importlib.util
import json
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain
from pathlib import Path
from typing import Any

import numpy as np
from rdflib import Graph
from rdflib.term import Literal, URIRef

from kg.errors import ExportError
from kg.export import register, write_atomic
from kg.graph import collector_paused, triple_groups
from kg.records import EVENT_ROLES, EVENT_TYPES
from kg.vocab import DCTERMS, DD, NIF, ONTOLOGY_FILE, PROV, RDF, RDFS, SKOS

ASSETS = Path(__file__).with_name("html_assets")
# vis-network's standalone build (it includes vis-data) as shipped inside pyvis.
VIS_JS = ("templates", "lib", "vis-9.1.2", "vis-network.min.js")
DEFAULT_TITLE = "ddkg: defence diplomacy graph"
LAYOUT_SEED = 7
PIXELS_PER_UNIT = 140  # layout unit (about one edge length) on screen


@dataclass(frozen=True)
class NodeClass:
    key: str
    label: str
    shape: str  # a vis-network shape with the label below it
    color: str
    classes: tuple[URIRef, ...] = ()


@dataclass(frozen=True)
class Relation:
    key: str
    label: str
    color: str
    directed: bool = True
    dashes: bool = False


@dataclass(frozen=True)
class Shortcut:
    """A binary shortcut property and the events whose evidence backs it."""

    prop: URIRef
    relation: str
    event: str  # local name of the event class
    subject_roles: tuple[str, ...]  # roles the edge's source plays in such an event
    object_roles: tuple[str, ...]
    symmetric: bool = False


# The order of the classes decides a node that has several types.
NODE_CLASSES: tuple[NodeClass, ...] = (
    NodeClass("person", "Person", "dot", "#4e79a7", (DD.Person,)),
    NodeClass("country", "Country", "diamond", "#e15759", (DD.Country,)),
    NodeClass("city", "City", "triangle", "#f28e2b", (DD.City,)),
    NodeClass("organisation", "Organisation", "square", "#59a14f", (DD.Organisation,)),
    NodeClass("equipment", "Equipment", "triangleDown", "#9c755f", (DD.EquipmentModel,)),
    NodeClass("agreement", "Agreement", "star", "#d4a418",
              (DD.MemorandumOfUnderstanding, DD.Agreement)),
    NodeClass("exhibition", "Exhibition", "hexagon", "#b07aa1", (DD.Exhibition,)),
    NodeClass("other", "Other", "dot", "#9d9d9d"),
)

RELATIONS: tuple[Relation, ...] = (
    Relation("meets", "meets", "#3b6fb6", directed=False),
    Relation("visits", "visits", "#e8771a"),
    Relation("attends", "attends", "#8e5fb3"),
    Relation("signs", "signs", "#b8930b"),
    Relation("supplies", "supplies", "#8c564b"),
    Relation("receives", "receives", "#c49c94"),
    Relation("cooperatesWith", "cooperates with", "#2c9a4a", directed=False),
    Relation("holdsPost", "holds post", "#1a9fb0"),
    Relation("in", "in", "#b5b5b5", dashes=True),
)

_ANY = ("participant", "visitor", "host", "signatory", "supplier", "recipient")
SHORTCUTS: tuple[Shortcut, ...] = (
    Shortcut(DD.meets, "meets", "Meeting", _ANY, _ANY, symmetric=True),
    Shortcut(DD.visits, "visits", "Visit", ("visitor", "participant"),
             ("destination", "host", "location")),
    Shortcut(DD.attends, "attends", "Attendance", ("participant",), ("attendedEvent",)),
    Shortcut(DD.signs, "signs", "AgreementSigning", ("signatory", "participant"), ("agreement",)),
    Shortcut(DD.supplies, "supplies", "Delivery", ("supplier",), ("recipient",)),
    Shortcut(DD.cooperatesWith, "cooperatesWith", "Cooperation", _ANY, _ANY, symmetric=True),
)
# Equipment has no shortcut of its own; these event roles tie it into the picture.
ITEM_EDGES: tuple[tuple[str, str], ...] = (("supplier", "supplies"), ("recipient", "receives"))

ROLE_PROPERTIES = (*sorted({r for roles in EVENT_ROLES.values() for r in roles}), "location")
_SAFE_URL = re.compile(r"^https?://[^\s]+$", re.IGNORECASE)
_WIKIDATA_ID = re.compile(r"^Q[1-9][0-9]*$")


@register("html", suffix=".html")
def write_html(graph: Graph, path: Path) -> None:
    """Write the graph as one self-contained, offline HTML page."""
    write_atomic(path, render_html(graph))


def render_html(graph: Graph, *, title: str = DEFAULT_TITLE) -> str:
    """The page as text: same graph, same bytes."""
    return _page(graph_view(graph), title)


# --- reading the graph -----------------------------------------------------------------

# IRIs and blank nodes become plain strings on reading: rdflib terms compare in Python,
# plain strings in C, and the tables below are hit hundreds of thousands of times.
Term = str  # an IRI, a blank node id, or a Literal (a str subclass keeping lang/datatype)
Table = dict[str, list[Term]]


def _first(values: list[Term] | None) -> Term | None:
    """The smallest value, so that a node with two titles always shows the same one."""
    if not values:
        return None
    return values[0] if len(values) == 1 else min(values, key=str)


def _text(values: list[Term] | None) -> str:
    value = _first(values)
    return "" if value is None else str(value)


def _best_label(values: list[Term] | None) -> str:
    """German first, then untagged, then any language; ties by text."""
    def rank(v: Term) -> tuple[int, str]:
        lang = v.language if isinstance(v, Literal) else None
        return (0 if lang == "de" else 1 if lang is None else 2, str(v))
    if not values:
        return ""
    return str(values[0] if len(values) == 1 else min(values, key=rank))


def _number(values: list[Term] | None) -> float | None:
    try:
        return float(str(_first(values)))
    except ValueError:
        return None


# Attribute of _Facts -> the predicate whose triples it holds.
_FACTS: dict[str, URIRef] = {
    "types": RDF.type, "label": RDFS.label, "alt": SKOS.altLabel, "wikidata": DD.wikidataId,
    "country": DD.country, "mentions": DD.mentions, "anchor": NIF.anchorOf,
    "context": NIF.referenceContext, "begin": NIF.beginIndex, "trigger": DD.trigger,
    "confidence": DD.confidence, "evidence": DD.evidence, "derived": PROV.wasDerivedFrom,
    "date": DD.date, "status": DD.status, "title": DCTERMS.title, "published": DCTERMS.date,
    "source": DCTERMS.source, "identifier": DCTERMS.identifier, "role": DD.role,
    "post_in": DD.postIn, "holds": DD.holdsPost, "subclass_of": RDFS.subClassOf,
}


class _Facts:
    """Every predicate the page shows, as subject -> objects tables, read in one pass.

    One pass over the triples costs about half of asking rdflib predicate by predicate,
    and keeps its per-call cost out of every later loop (5,000 nodes: ~160,000 triples).
    """

    def __init__(self, graph: Graph) -> None:
        roles = {str(DD[r]): r for r in ROLE_PROPERTIES}
        shortcuts = {str(sc.prop): sc.relation for sc in SHORTCUTS}
        facts = {str(prop): name for name, prop in _FACTS.items()}
        tables: dict[str, Table] = {p: defaultdict(list) for p in [*facts, *roles, *shortcuts]}
        for s, p, objects in triple_groups(graph):
            table = tables.get(str(p))
            if table is not None:
                row = table[str(s)]
                for o in objects:
                    row.append(o if isinstance(o, Literal) else str(o))
        for prop, name in facts.items():
            setattr(self, name, tables[prop])
        self.roles = {name: tables[prop] for prop, name in roles.items()}
        self.shortcuts = {relation: tables[prop] for prop, relation in shortcuts.items()}
        self.subclasses = _subclass_map(graph, in_graph=bool(self.subclass_of))

    types: Table
    label: Table
    alt: Table
    wikidata: Table
    country: Table
    mentions: Table
    anchor: Table
    context: Table
    begin: Table
    trigger: Table
    confidence: Table
    evidence: Table
    derived: Table
    date: Table
    status: Table
    title: Table
    published: Table
    source: Table
    identifier: Table
    role: Table
    post_in: Table
    holds: Table
    subclass_of: Table


@dataclass
class _Event:
    type: str
    roles: dict[str, set[Term]] = field(default_factory=lambda: defaultdict(set))

    def playing(self, roles: tuple[str, ...]) -> set[Term]:
        return set().union(*(self.roles.get(r, ()) for r in roles))


@dataclass
class _Edge:
    source: Term
    relation: str
    target: Term
    label: str = ""
    events: tuple[Term, ...] = ()
    spans: tuple[Term, ...] = ()


@lru_cache(maxsize=4)
def _ontology(path: Path) -> Graph:
    onto = Graph()
    if path.exists():
        try:
            onto.parse(path, format="turtle")
        except Exception as e:  # rdflib raises many kinds for bad Turtle
            raise ExportError(f"cannot read the ontology {path}: {e}; fix the file") from e
    return onto


def _subclass_map(graph: Graph, *, in_graph: bool) -> dict[str, str]:
    """RDF class -> key of its NodeClass, subclasses (in the graph or ontology) included.
    ``in_graph``: whether the graph has subclasses at all (a built one has none, and need
    not index itself to answer the question)."""
    onto = _ontology(ONTOLOGY_FILE)
    found: dict[str, str] = {}
    for nc in NODE_CLASSES:  # in order: the first class that claims a subclass keeps it
        for cls in nc.classes:
            for sub in [*(graph.transitive_subjects(RDFS.subClassOf, cls) if in_graph else [cls]),
                        *onto.transitive_subjects(RDFS.subClassOf, cls)]:
                found.setdefault(str(sub), nc.key)
    return found


def _node_classes(facts: _Facts) -> dict[str, str]:
    """Entity -> key of its NodeClass; a node of several classes gets the first in order."""
    rank = {nc.key: i for i, nc in enumerate(NODE_CLASSES)}
    kinds: dict[str, str] = {}
    for s, classes in facts.types.items():
        keys = [facts.subclasses[c] for c in classes if c in facts.subclasses]
        if keys:
            kinds[s] = min(keys, key=rank.__getitem__)
    return kinds


def _events(facts: _Facts) -> dict[str, _Event]:
    names = {str(DD[name]): name for name in EVENT_TYPES}
    events = {s: _Event(names[c]) for s, classes in facts.types.items()
              for c in sorted(classes, key=str) if c in names}
    for role, table in facts.roles.items():
        for s, objects in table.items():
            if s in events:
                events[s].roles[role].update(objects)
    return events


def _backing(events: dict[str, _Event]) -> dict[tuple[str, Term, Term], list[str]]:
    """(relation, source, target) -> the events that give a shortcut edge its evidence."""
    by_event = {sc.event: sc for sc in SHORTCUTS}
    index: dict[tuple[str, Term, Term], list[str]] = defaultdict(list)
    for ev, info in events.items():
        sc = by_event[info.type]
        for a in info.playing(sc.subject_roles):
            for b in info.playing(sc.object_roles) - {a}:
                index[(sc.relation, a, b)].append(ev)
    return index


def _shortcut_edges(facts: _Facts, events: dict[str, _Event]) -> Iterator[_Edge]:
    backing = _backing(events)
    for sc in SHORTCUTS:
        pairs = {(a, b) for a, targets in facts.shortcuts[sc.relation].items() for b in targets}
        if sc.symmetric:
            pairs = {(min(a, b, key=str), max(a, b, key=str)) for a, b in pairs}
        for a, b in pairs:
            found = backing.get((sc.relation, a, b), ())
            yield _Edge(a, sc.relation, b, events=tuple(sorted(found, key=str)))


def _item_edges(events: dict[str, _Event]) -> Iterator[_Edge]:
    backing: dict[tuple[Term, str, Term], list[str]] = defaultdict(list)
    for ev, info in events.items():
        for role, relation in ITEM_EDGES:
            for who in info.roles.get(role, ()):
                for item in info.roles.get("item", ()):
                    backing[(who, relation, item)].append(ev)
    for (who, relation, item), evs in backing.items():
        yield _Edge(who, relation, item, events=tuple(sorted(evs, key=str)))


def _post_edges(facts: _Facts) -> Iterator[_Edge]:
    for person, post in ((p, post) for p, posts in facts.holds.items() for post in posts):
        role = _first(facts.role.get(post))
        label = _best_label(facts.label.get(role)) if role is not None else ""
        label = label or _best_label(facts.label.get(post)) or "holds post"
        spans = tuple(sorted(facts.evidence.get(post, ()), key=str))
        for place in facts.post_in.get(post, ()):
            yield _Edge(person, "holdsPost", place, label=label, spans=spans)


def _country_edges(facts: _Facts, kinds: dict[str, str]) -> Iterator[_Edge]:
    for s, places in facts.country.items():
        if s in kinds:
            yield from (_Edge(s, "in", o) for o in places)


# --- the page's data -------------------------------------------------------------------


def _date_interval(lexical: str, year: str | None = None) -> tuple[str, str] | None:
    """ISO dates as a closed interval of days, e.g. '2024-04' -> ('2024-04-01', '2024-04-31')."""
    if m := re.match(r"^(\d{4}-\d{2}-\d{2})", lexical):
        return (m[1], m[1])
    if m := re.match(r"^(\d{4}-\d{2})$", lexical):
        return (m[1] + "-01", m[1] + "-31")
    if m := re.match(r"^(\d{4})$", lexical):
        return (m[1] + "-01-01", m[1] + "-12-31")
    if (m := re.match(r"^--(\d{2}-\d{2})$", lexical)) and year:
        return (f"{year}-{m[1]}", f"{year}-{m[1]}")
    return None


class _ViewBuilder:
    """Turns the graph into the compact, index-based JSON the page reads."""

    def __init__(self, graph: Graph) -> None:
        self.facts = _Facts(graph)
        self.kinds = _node_classes(self.facts)
        self.events = _events(self.facts)
        edges = [*_shortcut_edges(self.facts, self.events), *_item_edges(self.events),
                 *_post_edges(self.facts), *_country_edges(self.facts, self.kinds)]
        self.edges = [e for e in edges if e.source != e.target]
        ends = {n for e in self.edges for n in (e.source, e.target)}
        self.nodes = sorted(set(self.kinds) | ends, key=str)
        self.node_ix = {n: i for i, n in enumerate(self.nodes)}
        self.intervals: dict[str, frozenset[tuple[str, str]]] = {}

    def build(self) -> dict[str, Any]:
        f = self.facts
        used_events = sorted({ev for e in self.edges for ev in e.events}, key=str)
        spans = {s for ev in used_events for s in f.evidence.get(ev, ())}
        spans |= {s for e in self.edges for s in e.spans}
        docs = {d for s in spans for d in f.context.get(s, ())}
        docs |= {d for ev in used_events for d in f.derived.get(ev, ())}
        docs |= {d for d, ents in f.mentions.items() if any(x in self.node_ix for x in ents)}
        self.doc_list = sorted(docs, key=str)
        self.doc_ix = {d: i for i, d in enumerate(self.doc_list)}
        self.doc_rows = [self._doc_row(d) for d in self.doc_list]
        self.span_doc = {s: self.doc_ix.get(_text(f.context.get(s)), -1) for s in spans}
        span_list = sorted(spans, key=lambda s: (self.span_doc[s], self._begin(s), str(s)))
        self.span_ix = {s: i for i, s in enumerate(span_list)}
        self.event_ix = {ev: i for i, ev in enumerate(used_events)}
        edges = self._edge_rows()
        return {
            "meta": self._meta(edges),
            "nodes": self._node_rows(edges),
            "edges": edges,
            "events": [self._event_row(ev) for ev in used_events],
            "spans": [self._span_row(s) for s in span_list],
            "docs": self.doc_rows,
        }

    def _begin(self, s: str) -> int:
        value = _number(self.facts.begin.get(s))
        return int(value) if value is not None else -1

    def _doc_row(self, d: str) -> dict[str, Any]:
        f = self.facts
        url = _text(f.source.get(d))
        return _compact({"id": _text(f.identifier.get(d)) or str(d),
                         "ti": _best_label(f.title.get(d)),
                         "d": _text(f.published.get(d))[:10],
                         "u": url if _SAFE_URL.match(url) else None})

    def _span_row(self, s: str) -> dict[str, Any]:
        f = self.facts
        confidence = _number(f.confidence.get(s))
        return _compact({"doc": self.span_doc[s], "x": _text(f.anchor.get(s)),
                         "b": self._begin(s), "tr": _text(f.trigger.get(s)),
                         "cf": None if confidence is None else round(confidence, 3)})

    def _event_row(self, ev: str) -> dict[str, Any]:
        f = self.facts
        return _compact({
            "t": self.events[ev].type, "d": _text(f.date.get(ev)), "s": _text(f.status.get(ev)),
            "sp": sorted(self.span_ix[s] for s in f.evidence.get(ev, ()) if s in self.span_ix),
            "doc": sorted(self.doc_ix[d] for d in f.derived.get(ev, ()) if d in self.doc_ix),
        })

    def _doc_dates(self, docs: Iterable[str]) -> list[str]:
        dates = (self.doc_rows[self.doc_ix[d]].get("d", "") for d in docs if d in self.doc_ix)
        return [d for d in dates if d]

    def _event_intervals(self, ev: str) -> frozenset[tuple[str, str]]:
        if ev not in self.intervals:
            self.intervals[ev] = self._read_event_intervals(ev)
        return self.intervals[ev]

    def _read_event_intervals(self, ev: str) -> frozenset[tuple[str, str]]:
        """The event's own date, or else the dates of the articles that report it."""
        f = self.facts
        docs = set(f.derived.get(ev, ()))
        docs |= {d for s in f.evidence.get(ev, ()) for d in f.context.get(s, ())}
        dates = self._doc_dates(docs)
        own = _first(f.date.get(ev))
        if own is not None and (hit := _date_interval(str(own), min(dates)[:4] if dates else None)):
            return frozenset([hit])
        return frozenset(h for h in map(_date_interval, dates) if h)

    def _intervals(self, edge: _Edge) -> list[list[str]]:
        found = set().union(*(self._event_intervals(ev) for ev in edge.events))
        span_docs = {d for s in edge.spans for d in self.facts.context.get(s, ())}
        found |= {h for h in map(_date_interval, self._doc_dates(span_docs)) if h}
        return [list(h) for h in sorted(found)]

    def _edge_rows(self) -> list[dict[str, Any]]:
        order = {r.key: i for i, r in enumerate(RELATIONS)}
        rows = [_compact({
            "f": self.node_ix[e.source], "t": self.node_ix[e.target], "r": e.relation,
            "l": e.label, "ev": sorted(self.event_ix[ev] for ev in e.events),
            "sp": sorted(self.span_ix[s] for s in e.spans), "dt": self._intervals(e),
        }) for e in self.edges]
        rows.sort(key=lambda r: (r["f"], order[r["r"]], r["t"], r.get("l", ""), r.get("ev", []),
                                 r.get("sp", [])))
        return _number_parallel(rows)

    def _node_rows(self, edges: list[dict[str, Any]]) -> list[dict[str, Any]]:
        f = self.facts
        degree = np.bincount([i for e in edges for i in (e["f"], e["t"])],
                             minlength=len(self.nodes))
        xy = layout_positions(len(self.nodes), [(e["f"], e["t"]) for e in edges]).tolist()
        mentioned = self._mentioned_in()
        rows = []
        for n, (x, y), deg in zip(self.nodes, xy, degree.tolist()):
            label = _best_label(f.label.get(n)) or _local_name(n)
            wikidata = _text(f.wikidata.get(n))
            rows.append(_compact({
                "iri": str(n), "l": label, "c": self.kinds.get(n, "other"),
                "x": round(x), "y": round(y), "deg": deg,
                "alt": sorted({str(a) for a in f.alt.get(n, ())} - {label}),
                "co": min((self.node_ix[c] for c in f.country.get(n, ()) if c in self.node_ix),
                          default=None),
                "m": sorted(mentioned.get(n, ())),
                "wd": wikidata if _WIKIDATA_ID.match(wikidata) else None,
            }))
        return rows

    def _mentioned_in(self) -> dict[str, set[int]]:
        found: dict[str, set[int]] = defaultdict(set)
        for doc, entities in self.facts.mentions.items():
            if doc in self.doc_ix:
                for x in entities:
                    found[x].add(self.doc_ix[doc])
        return found

    def _meta(self, edges: list[dict[str, Any]]) -> dict[str, Any]:
        node_counts = Counter(self.kinds.get(n, "other") for n in self.nodes)
        edge_counts = Counter(e["r"] for e in edges)
        days = [d for e in edges for interval in e.get("dt", ()) for d in interval]
        return {
            "classes": [{"key": c.key, "label": c.label, "shape": c.shape, "color": c.color,
                         "count": node_counts[c.key]} for c in NODE_CLASSES],
            "relations": [{"key": r.key, "label": r.label, "color": r.color,
                           "directed": r.directed, "dashes": r.dashes,
                           "count": edge_counts[r.key]} for r in RELATIONS],
            "dates": [min(days), max(days)] if days else [],
        }


def _compact(row: dict[str, Any]) -> dict[str, Any]:
    """Leave out empty fields (but keep 0, a valid index) to keep the page small."""
    return {k: v for k, v in row.items() if v is not None and v != "" and v != []}


def _local_name(node: str) -> str:
    return re.split(r"[/#]", str(node).rstrip("/#"))[-1]


def _number_parallel(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Number edges that join the same two nodes, so the page can bend them apart."""
    seen: dict[tuple[int, int], int] = defaultdict(int)
    for row in rows:
        pair = (min(row["f"], row["t"]), max(row["f"], row["t"]))
        if seen[pair]:
            row["k"] = seen[pair]
        seen[pair] += 1
    return rows


def graph_view(graph: Graph) -> dict[str, Any]:
    """The data the page shows: nodes with positions, edges with their evidence, documents."""
    with collector_paused():
        return _ViewBuilder(graph).build()


# --- layout ----------------------------------------------------------------------------

# A component to lay out: (its size, its edges in local numbers, its seed). Its layout is a
# pure function of these, so a rebuild in the same process (watch mode) reuses the layouts of
# the components that did not change.
_Job = tuple[int, tuple[tuple[int, int], ...], tuple[int, int]]
_last_layouts: dict[_Job, np.ndarray] = {}  # the previous page's, read-only
_BATCH_CELLS = 1 << 18  # floats per array when components are laid out together


def layout_positions(n: int, edges: list[tuple[int, int]], *,
                     seed: int = LAYOUT_SEED) -> np.ndarray:
    """Pixel positions: each connected component laid out on its own, then packed in rows.

    The largest component comes first, isolated nodes last, so a graph with many small
    islands reads like a page instead of a cloud flung apart by repulsion.
    """
    pairs = np.asarray(sorted({(min(a, b), max(a, b)) for a, b in edges if a != b}),
                       dtype=np.int64).reshape(-1, 2)
    parts = _components(n, pairs)
    jobs = [(len(members), tuple(map(tuple, local.tolist())), (seed, i))
            for i, (members, local) in enumerate(parts) if len(members) > 2]
    laid_out = iter(_layouts(jobs))
    boxes = [(members, _SMALL[len(members)] if len(members) <= 2 else
              next(laid_out) * PIXELS_PER_UNIT) for members, _ in parts]
    return _pack(n, boxes)


# Positions of a lone node and of a pair, which need no layout.
_SMALL = {1: np.zeros((1, 2)), 2: np.array([[0.0, 0.0], [1.2 * PIXELS_PER_UNIT, 0.0]])}


def _components(n: int, pairs: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
    """Connected components, largest first, each as (node indices, its edges renumbered)."""
    root = list(range(n))

    def find(i: int) -> int:
        while root[i] != i:
            root[i] = root[root[i]]
            i = root[i]
        return i

    for a, b in pairs.tolist():
        root[find(a)] = find(b)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(n):
        groups[find(i)].append(i)
    parts = sorted(groups.values(), key=lambda c: (-len(c), c[0]))
    # All at once in numpy, then sliced: a page has thousands of one-node components.
    sizes = [len(members) for members in parts]
    nodes = np.fromiter(chain.from_iterable(parts), dtype=np.int64, count=n)
    starts = np.cumsum([0, *sizes])
    which, local = np.empty(n, dtype=np.int64), np.empty(n, dtype=np.int64)
    which[nodes] = np.repeat(np.arange(len(parts)), sizes)
    local[nodes] = np.arange(n) - np.repeat(starts[:-1], sizes)
    part_of_edge = which[pairs[:, 0]]
    order = np.argsort(part_of_edge, kind="stable")
    ends = np.cumsum([0, *np.bincount(part_of_edge, minlength=len(parts))]).tolist()
    local_pairs = local[pairs[order]].reshape(-1, 2)
    bounds = starts.tolist()
    return [(nodes[bounds[i]:bounds[i + 1]], local_pairs[ends[i]:ends[i + 1]])
            for i in range(len(parts))]


def _layouts(jobs: list[_Job]) -> list[np.ndarray]:
    """The layout of each job: the previous page's if it had the same job, else computed,
    components of one size together (a page has many small ones, and numpy's cost per call
    would otherwise dominate theirs)."""
    global _last_layouts
    found = {job: _last_layouts[job] for job in jobs if job in _last_layouts}
    by_size: dict[int, list[_Job]] = defaultdict(list)
    for job in jobs:
        if job not in found:
            by_size[job[0]].append(job)
    for size, group in by_size.items():
        for job, xy in zip(group, _batch_layouts(size, [j[1] for j in group],
                                                 [j[2] for j in group])):
            xy.flags.writeable = False  # shared with the next page's layout
            found[job] = xy
    _last_layouts = found
    return [found[job] for job in jobs]


def _batch_layouts(n: int, edge_lists: list[tuple[tuple[int, int], ...]],
                   seeds: list[tuple[int, int]], *, exact_limit: int = 300,
                   samples: int = 24) -> list[np.ndarray]:
    """Layouts of components of ``n`` nodes, each exactly as laying it out alone gives it,
    computed a few at a time to bound the memory of the (k, n, n) arrays."""
    cells = n * (n if n <= exact_limit else samples)
    per = max(1, _BATCH_CELLS // cells)
    found: list[np.ndarray] = []
    for i in range(0, len(seeds), per):
        found += _component_layouts(n, edge_lists[i:i + per], seeds[i:i + per],
                                    exact_limit=exact_limit, samples=samples)
    return found


def _component_layouts(n: int, edge_lists: list[tuple[tuple[int, int], ...]],
                       seeds: list[tuple[int, int]], *, exact_limit: int = 300,
                       samples: int = 24) -> list[np.ndarray]:
    """Fruchterman-Reingold with a little gravity, in units of about one edge length.

    Small components get exact repulsion; larger ones repel a fresh random sample of
    nodes per step ("random vertex sampling", Gove 2019), which keeps 5,000 nodes well
    under a second.

    The components (all of ``n`` nodes) are computed side by side, row ``c`` of each array
    being component ``c``; every number is what laying it out alone gives, to the last bit:
    each row sees the same operations, and a row's sums run over that row alone.
    """
    k = len(seeds)
    rngs = [np.random.default_rng(seed) for seed in seeds]
    pairs = [np.asarray(edges, dtype=np.int64).reshape(-1, 2) for edges in edge_lists]
    src = np.concatenate([p[:, 0] + c * n for c, p in enumerate(pairs)])
    dst = np.concatenate([p[:, 1] + c * n for c, p in enumerate(pairs)])
    gravity = np.stack([0.02 * (np.bincount(p.ravel(), minlength=n) + 1.0) for p in pairs])
    start = np.stack([(rng.random((2, n)) - 0.5) * np.sqrt(n) * 1.5 for rng in rngs])
    x, y = start[:, 0], start[:, 1]
    steps = 60 if n < 20 else 250 if n <= exact_limit else 150
    hot = np.sqrt(n) * 0.1 + 1.0
    for step in range(steps):
        fx, fy = _repulsion(x, y, rngs, exact=n <= exact_limit, samples=samples)
        ex, ey = x.ravel()[src] - x.ravel()[dst], y.ravel()[src] - y.ravel()[dst]
        dist = np.sqrt(ex * ex + ey * ey)
        ax, ay = ex * dist, ey * dist
        fx -= (np.bincount(src, ax, k * n) - np.bincount(dst, ax, k * n)).reshape(k, n) \
            + gravity * x
        fy -= (np.bincount(src, ay, k * n) - np.bincount(dst, ay, k * n)).reshape(k, n) \
            + gravity * y
        length = np.sqrt(fx * fx + fy * fy)
        limit = hot * (1 - step / steps) + 0.01
        scale = np.minimum(length, limit) / np.maximum(length, 1e-9)
        x, y = x + fx * scale, y + fy * scale
    return [np.column_stack([x[c] - x[c].mean(), y[c] - y[c].mean()]) for c in range(k)]


def _repulsion(x: np.ndarray, y: np.ndarray, rngs: list[np.random.Generator], *, exact: bool,
               samples: int) -> tuple[np.ndarray, np.ndarray]:
    k, n = x.shape
    if exact:
        dx, dy = x[:, :, None] - x[:, None, :], y[:, :, None] - y[:, None, :]
        d2 = dx * dx + dy * dy
        d2[:, np.arange(n), np.arange(n)] = np.inf
        weight = 1.0
    else:
        other = np.stack([rng.integers(0, n, size=(n, samples)) for rng in rngs])
        rows = np.arange(k)[:, None, None]
        dx, dy = x[:, :, None] - x[rows, other], y[:, :, None] - y[rows, other]
        d2 = dx * dx + dy * dy
        d2[other == np.arange(n)[:, None]] = np.inf
        weight = (n - 1) / samples
    inverse = weight / np.maximum(d2, 1e-4)
    return (dx * inverse).sum(axis=2), (dy * inverse).sum(axis=2)


def _pack(n: int, boxes: list[tuple[np.ndarray, np.ndarray]], *, margin: float = 90.0
          ) -> np.ndarray:
    """Every node's position: each box (component) moved to its corner of the shelf packing."""
    xy = np.zeros((n, 2))
    if not boxes:
        return xy
    counts = [len(members) for members, _ in boxes]
    points = np.concatenate([placed for _, placed in boxes])
    starts = np.cumsum([0, *counts[:-1]])
    low = np.minimum.reduceat(points, starts, axis=0)
    sizes = (np.maximum.reduceat(points, starts, axis=0) - low) + 2 * margin
    corners = np.array(_corners(sizes.tolist(), margin))
    members = np.concatenate([members for members, _ in boxes])
    xy[members] = points - np.repeat(low, counts, axis=0) + np.repeat(corners, counts, axis=0)
    return xy


def _corners(sizes: list[list[float]], margin: float) -> list[tuple[float, float]]:
    """Shelf packing: boxes left to right in rows, each row centred under the first.
    (Sums run left to right: Python 3.12's sum() of floats would round differently.)"""
    area = 0.0
    for w, h in sizes:
        area += w * h
    width = max(sizes[0][0], math.sqrt(area) * 1.3)
    rows: list[list[int]] = []
    used = width
    for i, (w, _) in enumerate(sizes):
        if used + w > width and (not rows or used > 0):
            rows.append([])
            used = 0.0
        rows[-1].append(i)
        used += w
    corners = []
    top = 0.0
    for row in rows:
        row_width = 0.0
        for i in row:
            row_width += sizes[i][0]
        left = (width - row_width) / 2
        for i in row:
            corners.append((left + margin, top + margin))
            left += sizes[i][0]
        top += max(sizes[i][1] for i in row)
    return corners


# --- the page ---------------------------------------------------------------------------

_SCRIPT_ESCAPES = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                                 "\u2028": "\\u2028", "\u2029": "\\u2029"})


def script_json(value: Any) -> str:
    """JSON that is safe inside <script type="application/json"> (no '</script>', no '<!--')."""
    text = json.dumps(value, ensure_ascii=True, sort_keys=True, separators=(",", ":"),
                      allow_nan=False)
    return text.translate(_SCRIPT_ESCAPES)


@lru_cache(maxsize=1)
def _vis_network_js() -> str:
    # find_spec locates pyvis without importing it (its import pulls in 0.4 s of modules).
    spec = importlib.util.find_spec("pyvis")
    folders = list(spec.submodule_search_locations or []) if spec else []
    path = Path(folders[0] if folders else "pyvis").joinpath(*VIS_JS)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as e:
        raise ExportError(f"vis-network not found at {path} ({e.strerror or e}); reinstall "
                          "ddkg's dependencies (pip install 'pyvis>=0.3.2,<0.4')") from e
    return re.sub(r"</(script)", r"<\\/\1", text, flags=re.IGNORECASE)


@lru_cache(maxsize=4)
def _asset(name: str) -> str:
    try:
        return (ASSETS / name).read_text(encoding="utf-8")
    except OSError as e:
        raise ExportError(f"the page asset {ASSETS / name} is missing ({e}); "
                          "reinstall ddkg") from e


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def _page(data: dict[str, Any], title: str) -> str:
    vis_js, app_js = _vis_network_js(), _asset("graph.js")
    # Only these two scripts may run: an injected <script> or onerror= would be blocked
    # even if escaping ever failed. default-src 'none' forbids every network request.
    csp = ("default-src 'none'; script-src " + _sha256(vis_js) + " " + _sha256(app_js)
           + "; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'")
    parts = {"TITLE": html.escape(title), "CSP": html.escape(csp, quote=False), "CSS": _asset("graph.css"),
             "VIS_JS": vis_js, "APP_JS": app_js, "DATA": script_json(data)}
    return re.sub(r"\{\{([A-Z_]+)\}\}", lambda m: parts[m[1]], _asset("template.html"))
