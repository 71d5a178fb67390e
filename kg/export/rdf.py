"""The other RDF formats: N-Triples ("ntriples", .nt), JSON-LD ("jsonld", .jsonld) and
TriG ("trig", .trig), all byte-identical for the same graph.

TriG puts the whole build in one named graph. Its IRI is
``RESOURCE + "graph/" + <12 hex digits of the sorted N-Triples>`` unless one is passed, so
the same content always has the same name and a changed build gets a new one (loading two
builds into one store keeps them apart).
"""
from __future__ import annotations

import hashlib
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from kg.export import register, write_atomic
from kg.export.turtle import serialize_prefixed, sorted_triples
from kg.vocab import RESOURCE


def ntriples_bytes(graph: Graph) -> bytes:
    """Canonical N-Triples, one triple a line, lines sorted."""
    return _ntriples(sorted_triples(graph))


def content_graph_iri(graph: Graph) -> str:
    """A name for the graph that depends only on its content."""
    return _content_iri(_ntriples(sorted_triples(graph)))


def _ntriples(triples: list[ox.Triple]) -> bytes:
    data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
    return b"".join(sorted(set(data.splitlines(keepends=True))))


def _content_iri(ntriples: bytes) -> str:
    return f"{RESOURCE}graph/{hashlib.sha1(ntriples).hexdigest()[:12]}"


@register("ntriples", suffix=".nt")
def write_ntriples(graph: Graph, path: Path) -> None:
    write_atomic(path, ntriples_bytes(graph))


@register("jsonld", suffix=".jsonld")
def write_jsonld(graph: Graph, path: Path) -> None:
    """Expanded JSON-LD (full IRIs, no @context) as pyoxigraph writes it: compact, one line."""
    data = ox.serialize(sorted_triples(graph), format=ox.RdfFormat.JSON_LD) or b"[]"
    write_atomic(path, data + b"\n")


@register("trig", suffix=".trig")
def write_trig(graph: Graph, path: Path, *, graph_iri: str | None = None) -> None:
    triples = sorted_triples(graph)
    name = ox.NamedNode(graph_iri or _content_iri(_ntriples(triples)))
    quads = [ox.Quad(t.subject, t.predicate, t.object, name) for t in triples]
    write_atomic(path, serialize_prefixed(quads, ox.RdfFormat.TRIG))
