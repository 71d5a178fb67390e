"""The graph stage: extractions (plain records) in, one rdflib Graph out, per CONTRACT.md.

The build is deterministic and has no blank nodes: every IRI comes from a slug, a
percent-quoted id or a digest (see the ``*_iri`` functions, which other stages use to find
nodes). One node per real-world thing and per event, however many articles report it:

- entities merge by ``Entity.key``; the longest label seen is the ``rdfs:label`` (ties: the
  first in sorted order), every other form a ``skos:altLabel``;
- events merge by identity = (type, roles, date, status) and collect the evidence and
  documents of every report;
- posts merge by (role, where); a post whose ``where`` is unknown belongs to its person alone.

Event nodes are typed with their contract class only (``dd:Event`` is inferred from the
ontology), so counting nodes "of a class" never counts an event twice. Shortcut relations
(``dd:meets`` ...) come from events that are not negated; planned events count.
"""
from __future__ import annotations

import datetime as dt
import gc
import math
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from itertools import permutations
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.plugins.stores.memory import SimpleMemory
from rdflib.store import Store
from rdflib.term import Node

from kg.errors import GraphError
from kg.ids import digest, slug
from kg.records import (
    DATE_KINDS,
    ENTITY_TYPES,
    EVENT_ROLES,
    EVENT_TYPES,
    STATUSES,
    Article,
    Entity,
    Event,
    Evidence,
    Extraction,
    Post,
)
from kg.vocab import DCTERMS, DD, NIF, PREFIXES, PROV, RDF, RDFS, RESOURCE, SKOS, XSD

Triple = tuple[Node, Node, Node]

# Characters that XML 1.0 and N-Triples cannot carry, plus C0/C1 controls (not \t \n \r).
_INVALID_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_SAFE_SEGMENT = re.compile(r"[A-Za-z0-9]+(?:[-_][A-Za-z0-9]+)*")
_LANG_TAG = re.compile(r"[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*")
_URL_FORBIDDEN = re.compile(r"[\s<>\"{}|\\^`\x00-\x1f\x7f]")
_DATE_LEXICAL = {
    "date": re.compile(r"-?\d{4,}-\d{2}-\d{2}"),
    "gYearMonth": re.compile(r"-?\d{4,}-(0[1-9]|1[0-2])"),
    "gYear": re.compile(r"-?\d{4,}"),
    "gMonthDay": re.compile(r"--(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])"),
}
# Shortcut per event type: (property, from role, to role); same roles = symmetric.
_SHORTCUTS: dict[str, tuple[URIRef, str, str]] = {
    "Meeting": (DD.meets, "participant", "participant"),
    "Visit": (DD.visits, "visitor", "destination"),
    "Attendance": (DD.attends, "participant", "attendedEvent"),
    "AgreementSigning": (DD.signs, "signatory", "agreement"),
    "Delivery": (DD.supplies, "supplier", "recipient"),
    "Cooperation": (DD.cooperatesWith, "participant", "participant"),
}
_FORMATS = {".ttl": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES,
            ".jsonld": ox.RdfFormat.JSON_LD, ".trig": ox.RdfFormat.TRIG,
            ".nq": ox.RdfFormat.N_QUADS}
GRAPH_FILE_NAME = "graph.ttl"

# Namespace attribute look-ups are slow enough to matter at 100k triples: resolve them once.
_TYPE, _LABEL, _ALT = RDF.type, RDFS.label, SKOS.altLabel
_CLASSES: dict[str, URIRef] = {name: DD[name] for name in ENTITY_TYPES + EVENT_TYPES}
_ROLES: dict[str, URIRef] = {r: DD[r] for roles in EVENT_ROLES.values() for r in roles}
_NNI, _DECIMAL = XSD.nonNegativeInteger, XSD.decimal
_NIF_STRING, _NIF_OFFSET_STRING = NIF.String, NIF.OffsetBasedString
_NIF_CONTEXT, _NIF_ANCHOR = NIF.referenceContext, NIF.anchorOf
_NIF_BEGIN, _NIF_END = NIF.beginIndex, NIF.endIndex
_TRIGGER, _CONFIDENCE = DD.trigger, DD.confidence
_DOCUMENT, _MENTIONS, _IDENTIFIER = DD.Document, DD.mentions, DCTERMS.identifier
_LANGUAGE, _TITLE, _SOURCE = DCTERMS.language, DCTERMS.title, DCTERMS.source
_PUBLISHED, _DATE = DCTERMS.date, XSD.date
_WIKIDATA, _COUNTRY = DD.wikidataId, DD.country
_POST, _ROLE, _ROLE_CLASS = DD.Post, DD.role, DD.Role
_POST_IN, _HOLDS_POST = DD.postIn, DD.holdsPost


# --- text and IRIs -----------------------------------------------------------------------


def clean_text(text: str, *, replacement: str = "") -> str:
    """Remove (or replace) characters that XML 1.0 and N-Triples literals cannot carry."""
    return _INVALID_CHARS.sub(replacement, text)


def clean_label(text: str) -> str:
    """A one-line label: invalid characters removed, runs of white space made one space."""
    return " ".join(clean_text(text).split())


def _segment(text: str) -> str:
    """A slug stays as it is; anything else is percent-quoted (dots too: no '..' segments)."""
    if _SAFE_SEGMENT.fullmatch(text):
        return text
    return quote(text, safe="").replace(".", "%2E") or "%20"


@lru_cache(maxsize=65536)
def doc_iri(doc_id: str) -> URIRef:
    quoted = quote(doc_id, safe="")
    if quoted in ("", ".", ".."):  # would be no segment or a dot segment
        quoted = quoted.replace(".", "%2E") or "%20"
    return URIRef(f"{RESOURCE}doc/{quoted}")


@lru_cache(maxsize=65536)
def entity_iri(key: str) -> URIRef:
    """'Country/aserbaidschan' -> <.../resource/country/aserbaidschan>."""
    type_, slash, rest = key.partition("/")
    if not slash:
        return URIRef(f"{RESOURCE}entity/{_segment(key)}")
    return URIRef(f"{RESOURCE}{_segment(type_.lower())}/{_segment(rest)}")


def span_iri(evidence: Evidence) -> URIRef:
    return URIRef(f"{doc_iri(evidence.doc_id)}#char={evidence.start},{evidence.end}")


def role_iri(role: str) -> URIRef:
    return URIRef(f"{RESOURCE}role/{slug(role)}")


def post_iri(role: str, where: str | None, person: str) -> URIRef:
    """One post per (role, where); a post held 'somewhere unknown' is its person's own."""
    place = slug(where) if where else f"unknown-{slug(person)}"
    return URIRef(f"{RESOURCE}post/{slug(role)}--{place}")


def event_identity(event: Event) -> tuple[str, tuple[tuple[str, str], ...], str, str]:
    date = event.date.lexical if event.date and _valid_date(event.date.lexical,
                                                            event.date.kind) else ""
    return (event.type, tuple(sorted(set(event.roles))), date, event.status)


def event_iri(event: Event) -> URIRef:
    type_, roles, date, status = event_identity(event)
    text = "\x1f".join([type_, "\x1e".join(f"{r}={k}" for r, k in roles), date, status])
    return URIRef(f"{RESOURCE}event/{type_.lower()}-{digest(text, 12)}")


def _valid_date(lexical: str, kind: str) -> bool:
    pattern = _DATE_LEXICAL.get(kind)
    return bool(pattern and pattern.fullmatch(lexical))


@lru_cache(maxsize=65536)
def _label(text: str) -> Literal:
    return Literal(text, lang="de")


# Names, aliases and roles recur in article after article; titles and URLs do not.
_clean_name = lru_cache(maxsize=65536)(clean_label)


@lru_cache(maxsize=4096)
def _plain(text: str) -> Literal:
    """A literal that recurs: a language code, a status, a trigger word."""
    return Literal(text)


@lru_cache(maxsize=65536)
def _typed(lexical: str, datatype: URIRef) -> Literal:
    return Literal(lexical, datatype=datatype)


def _choose(forms: Iterable[str]) -> str:
    """The longest form; ties broken by sorted order."""
    return min(forms, key=lambda s: (-len(s), s))


# --- accumulating extractions -------------------------------------------------------------


@dataclass
class _EntityAcc:
    type: str
    labels: set[str] = field(default_factory=set)
    aliases: set[str] = field(default_factory=set)
    wikidata: set[str] = field(default_factory=set)
    country: set[str] = field(default_factory=set)


@dataclass
class _EventAcc:
    iri: URIRef
    event: Event
    locations: set[str] = field(default_factory=set)
    docs: set[str] = field(default_factory=set)
    spans: set[URIRef] = field(default_factory=set)


@dataclass
class _SpanAcc:
    evidence: Evidence
    triggers: set[str] = field(default_factory=set)
    confidence: float = 0.0


@dataclass
class _PostAcc:
    role: str
    where: str | None
    holders: set[str] = field(default_factory=set)


class _Builder:
    """Collects every extraction, merges what is the same, then emits the triples."""

    def __init__(self) -> None:
        self.triples: list[Triple] = []
        self.entities: dict[str, _EntityAcc] = {}
        self.events: dict[URIRef, _EventAcc] = {}
        self.spans: dict[URIRef, _SpanAcc] = {}
        self.posts: dict[URIRef, _PostAcc] = {}
        self.role_forms: dict[str, set[str]] = {}

    def add(self, extraction: Extraction) -> None:
        article = extraction.article
        self._document(article, extraction.entities)
        for entity in extraction.entities + extraction.context:
            self._entity(entity, article.id)
        for event in extraction.events:
            self._event(event, article.id)
        for post in extraction.posts:
            self._post(post)

    def _document(self, article: Article, entities: tuple[Entity, ...]) -> None:
        doc = doc_iri(article.id)
        add = self.triples.append
        add((doc, _TYPE, _DOCUMENT))
        add((doc, _IDENTIFIER, Literal(clean_text(article.id))))
        if language := _clean_name(article.lang):
            add((doc, _LANGUAGE, _plain(language)))
        if article.title and (title := clean_label(article.title)):
            lang = article.lang if _LANG_TAG.fullmatch(article.lang) else None
            add((doc, _TITLE, Literal(title, lang=lang)))
        published = _iso_date(article.date)
        if published:
            add((doc, _PUBLISHED, _typed(published, _DATE)))
        if article.url and clean_label(article.url):
            add((doc, _SOURCE, _source(article.url)))
        for entity in entities:
            add((doc, _MENTIONS, entity_iri(entity.key)))

    def _entity(self, entity: Entity, doc_id: str) -> None:
        if entity.type not in ENTITY_TYPES:
            raise GraphError(f"{doc_id}: entity {entity.key!r} has unknown type "
                             f"{entity.type!r}; use one of {', '.join(ENTITY_TYPES)}")
        acc = self.entities.get(entity.key)
        if acc is None:
            acc = self.entities[entity.key] = _EntityAcc(entity.type)
        acc.labels.add(_clean_name(entity.label))
        acc.aliases.update(map(_clean_name, entity.aliases))
        if entity.wikidata:
            acc.wikidata.add(_clean_name(entity.wikidata))
        if entity.country and entity.country != entity.key:
            acc.country.add(entity.country)

    def _event(self, event: Event, doc_id: str) -> None:
        _check_event(event, doc_id)
        iri = event_iri(event)
        acc = self.events.setdefault(iri, _EventAcc(iri, event))
        acc.docs.add(doc_id)
        if event.location:
            acc.locations.add(event.location)
        for evidence in event.evidence:
            acc.spans.add(self._span(evidence, doc_id))

    def _span(self, evidence: Evidence, doc_id: str) -> URIRef:
        if not 0 <= evidence.start <= evidence.end:
            raise GraphError(f"{doc_id}: evidence offsets {evidence.start},{evidence.end} are "
                             "not 0 <= start <= end; fix the extractor that produced them")
        iri = span_iri(evidence)
        acc = self.spans.setdefault(iri, _SpanAcc(evidence, confidence=evidence.confidence))
        acc.confidence = max(acc.confidence, evidence.confidence)
        if evidence.trigger and clean_label(evidence.trigger):
            acc.triggers.add(clean_label(evidence.trigger))
        return iri

    def _post(self, post: Post) -> None:
        role = clean_label(post.role)
        if not role:  # nothing to say about it
            return
        self.role_forms.setdefault(slug(role), set()).add(role)
        iri = post_iri(role, post.where, post.person)
        self.posts.setdefault(iri, _PostAcc(role, post.where)).holders.add(post.person)

    # --- emitting the merged nodes ---

    def emit(self) -> list[Triple]:
        for key, acc in self.entities.items():
            self.triples.extend(self._entity_triples(key, acc))
        for event in self.events.values():
            self.triples.extend(self._event_triples(event))
        for iri, span in self.spans.items():
            self.triples.extend(_span_triples(iri, span))
        for iri, post in self.posts.items():
            self.triples.extend(self._post_triples(iri, post))
        return self.triples

    def _entity_triples(self, key: str, acc: _EntityAcc) -> Iterator[Triple]:
        node = entity_iri(key)
        yield node, _TYPE, _CLASSES[acc.type]
        if acc.type == "MemorandumOfUnderstanding":
            yield node, _TYPE, DD.Agreement
        label = self.label_of(key)
        yield node, _LABEL, _label(label)
        for alt in (acc.labels | acc.aliases) - {label, ""}:
            yield node, _ALT, _label(alt)
        if acc.wikidata:
            yield node, _WIKIDATA, Literal(min(acc.wikidata))
        # A country no extraction describes would be a node without type or label: left out.
        known = sorted(k for k in acc.country if k in self.entities)
        if known:
            yield node, _COUNTRY, entity_iri(known[0])

    def label_of(self, key: str) -> str:
        """The merged entity's label; for a key no extraction listed, its slug."""
        acc = self.entities.get(key)
        forms = {f for f in acc.labels | acc.aliases if f} if acc else set()
        labels = {f for f in acc.labels if f} if acc else set()
        if labels or forms:
            return _choose(labels or forms)
        return key.partition("/")[2] or key

    def _event_triples(self, acc: _EventAcc) -> Iterator[Triple]:
        node, event = acc.iri, acc.event
        yield node, _TYPE, _CLASSES[event.type]
        type_, roles, date, status = event_identity(event)
        for role, key in roles:
            yield node, _ROLES[role], entity_iri(key)
        if date and event.date:
            yield node, DD.date, Literal(date, datatype=XSD[event.date.kind])
        yield node, DD.status, _plain(status)
        for location in acc.locations:
            yield node, DD.location, entity_iri(location)
        for doc_id in acc.docs:
            yield node, PROV.wasDerivedFrom, doc_iri(doc_id)
        for span in acc.spans:
            yield node, DD.evidence, span
        if status != "negated":
            yield from _shortcuts(type_, roles)

    def _post_triples(self, iri: URIRef, acc: _PostAcc) -> Iterator[Triple]:
        role_label = _choose(self.role_forms[slug(acc.role)])
        role = role_iri(role_label)
        yield iri, _TYPE, _POST
        yield iri, _ROLE, role
        yield role, _TYPE, _ROLE_CLASS
        yield role, _LABEL, _label(role_label)
        if acc.where:
            yield iri, _LABEL, _label(f"{role_label} ({self.label_of(acc.where)})")
            yield iri, _POST_IN, entity_iri(acc.where)
        else:
            yield iri, _LABEL, _label(role_label)
        for person in acc.holders:
            yield entity_iri(person), _HOLDS_POST, iri


def _check_event(event: Event, doc_id: str) -> None:
    if event.type not in EVENT_TYPES:
        raise GraphError(f"{doc_id}: unknown event type {event.type!r}; "
                         f"use one of {', '.join(EVENT_TYPES)}")
    if event.status not in STATUSES:
        raise GraphError(f"{doc_id}: {event.type} has unknown status {event.status!r}; "
                         f"use one of {', '.join(STATUSES)}")
    allowed = EVENT_ROLES[event.type]
    for role, _key in event.roles:
        if role not in allowed:
            raise GraphError(f"{doc_id}: {event.type} has unknown role {role!r}; "
                             f"use one of {', '.join(allowed)}")
    if event.date and event.date.kind not in DATE_KINDS:
        raise GraphError(f"{doc_id}: date {event.date.lexical!r} has unknown kind "
                         f"{event.date.kind!r}; use one of {', '.join(DATE_KINDS)}")


def _span_triples(iri: URIRef, acc: _SpanAcc) -> Iterator[Triple]:
    ev = acc.evidence
    yield iri, _TYPE, _NIF_STRING
    yield iri, _TYPE, _NIF_OFFSET_STRING
    yield iri, _NIF_CONTEXT, doc_iri(ev.doc_id)
    # Replacing (not removing) bad characters keeps the offsets true to the anchor text.
    yield iri, _NIF_ANCHOR, Literal(clean_text(ev.sentence, replacement="\ufffd"))
    yield iri, _NIF_BEGIN, _index(ev.start)
    yield iri, _NIF_END, _index(ev.end)
    for trigger in acc.triggers:
        yield iri, _TRIGGER, _plain(trigger)
    yield iri, _CONFIDENCE, _decimal(acc.confidence)


@lru_cache(maxsize=65536)
def _index(offset: int) -> Literal:
    return Literal(str(offset), datatype=_NNI)


def _shortcuts(type_: str, roles: tuple[tuple[str, str], ...]) -> Iterator[Triple]:
    prop, from_role, to_role = _SHORTCUTS[type_]
    if from_role == to_role:  # symmetric: every ordered pair of distinct participants
        keys = sorted({k for r, k in roles if r == from_role})
        for a, b in permutations(keys, 2):
            yield entity_iri(a), prop, entity_iri(b)
        return
    for a in (k for r, k in roles if r == from_role):
        for b in (k for r, k in roles if r == to_role):
            if a != b:
                yield entity_iri(a), prop, entity_iri(b)


@lru_cache(maxsize=4096)
def _decimal(value: float) -> Literal:
    value = float(value) if math.isfinite(value) else 0.0
    number = Decimal(repr(round(value, 6)))
    text = format(number, "f")
    return Literal(text if "." in text else f"{text}.0", datatype=_DECIMAL)


def _iso_date(value: str | None) -> str | None:
    if not value:
        return None
    head = value.strip()[:10]
    try:
        return dt.date.fromisoformat(head).isoformat()
    except ValueError:
        return None


def _source(url: str) -> URIRef | Literal:
    """An http(s) URL that is a valid IRI becomes an IRI; anything else stays text."""
    url = url.strip()
    if not _URL_FORBIDDEN.search(url):
        parts = urlsplit(url)
        if parts.scheme in ("http", "https") and parts.netloc and _valid_iri(url):
            return URIRef(url)
    return Literal(clean_label(url))


def _valid_iri(text: str) -> bool:
    try:
        ox.NamedNode(text)
    except ValueError:
        return False
    return True


def build_graph(extractions: Iterable[Extraction]) -> Graph:
    """The knowledge graph of all extractions, exactly per CONTRACT.md; same input, same graph."""
    with collector_paused():
        builder = _Builder()
        for extraction in extractions:
            builder.add(extraction)
        store = BuildStore()
        graph = new_graph(store=store)
        store.add_all(builder.emit())
    return graph


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector: a stage that allocates many small objects would set it
    off again and again, and each full collection walks the whole graph (a fifth of the time
    of a stage). The stages make next to no reference cycles; the few wait for the next
    collection."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class BuildStore(SimpleMemory):
    """rdflib's SimpleMemory, fast where a build spends its time: adding every triple at once,
    walking them all (each export does) and counting them (SimpleMemory counts by walking).

    A build asks no pattern (its exports walk all triples), so of SimpleMemory's three indexes
    only subject -> predicate -> object is filled as triples come; the two that answer
    patterns are filled from the same triples, in the same order, when a pattern, an ``add``
    or a ``remove`` first needs them. Either way they end up the dicts SimpleMemory would
    hold, so everything else it does is SimpleMemory's.
    """

    # SimpleMemory's private indexes (rdflib 7): subject -> predicate -> object -> 1, and so on.
    _SimpleMemory__spo: dict[Node, dict[Node, dict[Node, int]]]
    _SimpleMemory__pos: dict[Node, dict[Node, dict[Node, int]]]
    _SimpleMemory__osp: dict[Node, dict[Node, dict[Node, int]]]

    def __init__(self, configuration: str | None = None, identifier: Any = None) -> None:
        super().__init__(configuration, identifier)
        self._unindexed: list[Triple] = []  # in spo, not yet in pos and osp

    def add_all(self, triples: Iterable[Triple]) -> None:
        """Add each triple, as ``add`` would one by one, without rdflib's per-triple layers."""
        spo, unindexed = self._SimpleMemory__spo, self._unindexed
        for triple in triples:
            s, p, o = triple
            spo.setdefault(s, {}).setdefault(p, {})[o] = 1
            unindexed.append(triple)

    def _index(self) -> None:
        pos, osp = self._SimpleMemory__pos, self._SimpleMemory__osp
        for s, p, o in self._unindexed:
            pos.setdefault(p, {}).setdefault(o, {})[s] = 1
            osp.setdefault(o, {}).setdefault(s, {})[p] = 1
        self._unindexed = []

    def add(self, triple: Any, context: Any, quoted: bool = False) -> None:
        if self._unindexed:
            self._index()
        super().add(triple, context, quoted)

    def remove(self, triple_pattern: Any, context: Any = None) -> None:
        if self._unindexed:
            self._index()
        super().remove(triple_pattern, context)

    def triples(self, triple_pattern: Any, context: Any = None) -> Iterator[Any]:
        if any(term is not None for term in triple_pattern):
            if self._unindexed:
                self._index()
            yield from super().triples(triple_pattern, context)
            return
        for s, predicates in self._SimpleMemory__spo.items():
            for p, objects in predicates.items():
                for o in objects:
                    yield (s, p, o), iter(())

    def __len__(self, context: Any = None) -> int:
        return sum(len(objects) for predicates in self._SimpleMemory__spo.values()
                   for objects in predicates.values())

    def groups(self) -> Iterator[tuple[Node, Node, Iterable[Node]]]:
        for s, predicates in self._SimpleMemory__spo.items():
            for p, objects in predicates.items():
                yield s, p, objects


def triple_groups(graph: Graph) -> Iterator[tuple[Node, Node, Iterable[Node]]]:
    """Every triple of ``graph``, in the order of walking it, as (subject, predicate, objects):
    a built graph gives each subject's objects of a predicate at once, straight from its
    index, which is several times faster than walking it; any other graph one by one."""
    if isinstance(graph.store, BuildStore) and not graph.context_aware:
        return graph.store.groups()
    return ((t[0], t[1], (t[2],)) for t in graph)


def new_graph(*, store: str | Store = "default") -> Graph:
    """An empty graph that knows the project's prefixes (and no others).

    A :class:`BuildStore` (what a build uses) adds twice as fast as the default store in a
    quarter less memory but is not context-aware; :func:`kg.validate.validate_rdflib_graph`
    copies such a graph for pySHACL, which needs one.
    """
    graph = Graph(store=store, bind_namespaces="none")
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    return graph


# --- reading graph files -------------------------------------------------------------------


def graph_file(path: Path) -> Path:
    """The graph file itself, or a build folder's graph.ttl."""
    if path.is_dir():
        path = path / GRAPH_FILE_NAME
        if not path.is_file():
            raise GraphError(f"{path.parent}: no {GRAPH_FILE_NAME} in this folder; "
                             "run `kg build` with --out pointing here first")
    elif not path.exists():
        raise GraphError(f"{path}: no such graph file or build folder; "
                         "run `kg build` or check the path")
    return path


def rdf_format(path: Path) -> ox.RdfFormat:
    fmt = _FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise GraphError(f"{path}: unknown graph format {path.suffix!r}; "
                         f"use one of {', '.join(sorted(_FORMATS))}")
    return fmt


def read_quads(path: Path) -> list[ox.Quad]:
    """Every quad of a graph file (or a build folder's graph.ttl), parsed by pyoxigraph."""
    path = graph_file(path)
    fmt = rdf_format(path)
    try:
        return list(ox.parse(path=str(path), format=fmt))
    except SyntaxError as e:
        raise GraphError(f"{path}: not valid {fmt.name}: {e.msg}; "
                         "rebuild it with `kg build` or fix that line") from e
    except OSError as e:
        raise GraphError(f"{path}: cannot read: {e.strerror or e}") from e


def open_store(path: Path) -> ox.Store:
    """An in-memory pyoxigraph store holding a graph file, for fast SPARQL."""
    store = ox.Store()
    store.bulk_extend(read_quads(path))
    return store


def load_graph(path: Path) -> Graph:
    """An rdflib Graph of a graph file (.ttl .nt .jsonld .trig) or a build folder.

    Named graphs of a TriG file are merged into one graph.
    """
    graph = new_graph()
    convert = _Converter()
    graph.addN((convert(q.subject), convert(q.predicate), convert(q.object), graph)
               for q in read_quads(path))
    return graph


class _Converter:
    """pyoxigraph terms to rdflib terms, each distinct term converted once."""

    def __init__(self) -> None:
        self.cache: dict[ox.NamedNode | ox.BlankNode | ox.Literal, Node] = {}

    def __call__(self, term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> Node:
        node = self.cache.get(term)  # type: ignore[arg-type]
        if node is None:
            node = self.cache[term] = _convert(term)  # type: ignore[index]
        return node


def _convert(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> Node:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        return _literal(term)
    raise GraphError(f"RDF-star triple term {term} is not supported in a ddkg graph")


_XSD_STRING = str(XSD.string)


def _literal(term: ox.Literal) -> Literal:
    if term.language:
        return Literal(term.value, lang=term.language)
    datatype = term.datatype.value
    if datatype == _XSD_STRING:
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(datatype))
