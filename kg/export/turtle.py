"""Turtle export (format "turtle", .ttl): byte-identical for the same graph, and fast.

rdflib's pretty Turtle serializer needs minutes for 200k triples. Here the graph is written
as plain N-Triples, the lines exactly as rdflib's nt serializer writes them, the lines are
sorted (by subject, ``rdf:type`` first), and pyoxigraph re-reads them and writes Turtle with
the project's prefixes, grouping a subject's triples with ``;`` and ``,``.

Only the vocabulary gets prefixes: resources are written as full IRIs, because local names
such as ``doc:a.txt#char=0,9`` need backslash escapes that some parsers (rdflib among
them) do not read.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from operator import methodcaller
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, Literal
from rdflib.plugins.serializers.nt import _quoteLiteral
from rdflib.term import Node

from kg.errors import ExportError
from kg.export import register, write_atomic
from kg.graph import triple_groups
from kg.vocab import PREFIXES, RDF, RESOURCE

TURTLE_PREFIXES = {name: iri for name, iri in PREFIXES.items() if iri != str(RESOURCE)}
_HEADER = "".join(f"@prefix {name}: <{iri}> .\n" for name, iri in TURTLE_PREFIXES.items())
_TYPE_PREDICATE = f" <{RDF.type}> "
_FIRST = " <> "  # sorts before any other IRI
# Sorting str by code point is sorting its UTF-8 bytes: the order of the bytes written.
_line_key = methodcaller("replace", _TYPE_PREDICATE, _FIRST, 1)


def _sorted_ntriples(graph: Graph) -> bytes:
    # A raw line break could only sit in a bad IRI, which pyoxigraph rejects below.
    return "\n".join(sorted(set(_nt_lines(graph)), key=_line_key)).encode()


def _nt_lines(graph: Graph) -> list[str]:
    """The N-Triples lines (without newline) rdflib's nt serializer writes, but each distinct
    term is formatted once: a graph names the same few thousand terms again and again."""
    texts: dict[int, tuple[Node, str]] = {}  # by id(); the value keeps its term alive
    lines = []
    for s, p, objects in triple_groups(graph):
        s_text = (texts.get(id(s)) or _memo(texts, s))[1]
        p_text = (texts.get(id(p)) or _memo(texts, p))[1]
        head = f"{s_text} {p_text} "
        for o in objects:
            lines.append(f"{head}{(texts.get(id(o)) or _memo(texts, o))[1]} .")
    return lines


def _memo(texts: dict[int, tuple[Node, str]], term: Node) -> tuple[Node, str]:
    # rdflib writes an object literal with _quoteLiteral; a literal subject or predicate
    # (its n3() differs) makes no valid N-Triples either way, and pyoxigraph rejects it.
    text = _quoteLiteral(term) if isinstance(term, Literal) else term.n3()
    texts[id(term)] = found = (term, text)
    return found


def _quads(ntriples: bytes) -> Iterator[ox.Quad]:
    """The lines as quads of the default graph, which the Turtle writer takes as they are."""
    try:
        yield from ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES)
    except SyntaxError as e:
        raise ExportError(f"the graph holds a term pyoxigraph cannot read ({e.msg}); "
                          "rebuild it with `kg build`") from e


def sorted_triples(graph: Graph) -> list[ox.Triple]:
    """The graph's triples as pyoxigraph triples, sorted: the same graph, the same list."""
    return [quad.triple for quad in _quads(_sorted_ntriples(graph))]


def turtle_bytes(graph: Graph) -> bytes:
    """The graph as Turtle with the project's prefixes; the same graph gives the same bytes.
    The triples stream from the sorted N-Triples into the writer, never all in a list."""
    return serialize_prefixed(_quads(_sorted_ntriples(graph)), ox.RdfFormat.TURTLE)


def serialize_prefixed(items: Iterable[ox.Triple] | Iterable[ox.Quad], fmt: ox.RdfFormat) -> bytes:
    """Turtle or TriG of ``items`` (in their order) with the prefixes in a fixed order."""
    data = ox.serialize(items, format=fmt, prefixes=TURTLE_PREFIXES) or b""
    return _HEADER.encode() + _without_prefixes(data)


def _without_prefixes(data: bytes) -> bytes:
    """pyoxigraph's body without its @prefix lines (whose order is not fixed), with a blank
    line after each statement (literals never hold a raw newline: pyoxigraph escapes it)."""
    start = 0
    while data.startswith(b"@prefix ", start):
        start = data.index(b"\n", start) + 1
    return b"\n" + data[start:].replace(b" .\n", b" .\n\n")


@register("turtle", suffix=".ttl")
def write_turtle(graph: Graph, path: Path) -> None:
    write_atomic(path, turtle_bytes(graph))
