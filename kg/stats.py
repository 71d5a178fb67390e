"""Counts of what a graph holds, by SPARQL over an in-memory pyoxigraph store (fast)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.graph import open_store
from kg.records import ENTITY_TYPES, EVENT_TYPES, STATUSES
from kg.vocab import DD, NIF, RDF

_PREFIXES = f"PREFIX dd: <{DD}>\nPREFIX nif: <{NIF}>\nPREFIX rdf: <{RDF}>\n"

_COUNT_OF_CLASS = _PREFIXES + "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s rdf:type ?c } GROUP BY ?c"
_EVENTS = _PREFIXES + """
SELECT ?c ?status (COUNT(DISTINCT ?e) AS ?n) WHERE {
  ?e rdf:type ?c .
  OPTIONAL { ?e dd:status ?status }
} GROUP BY ?c ?status"""
_ENTITIES = _PREFIXES + f"""
SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{
  VALUES ?c {{ {" ".join(f"dd:{t}" for t in ENTITY_TYPES)} }}
  ?s rdf:type ?c .
}}"""
_SPANS = _PREFIXES + "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?e dd:evidence ?s }"


@dataclass(frozen=True)
class GraphStats:
    triples: int
    documents: int
    entity_total: int  # distinct nodes (a memorandum is also counted as an Agreement below)
    entities: dict[str, int]  # class local name -> nodes
    events: dict[str, dict[str, int]]  # class local name -> status -> nodes
    posts: int
    evidence_spans: int

    @property
    def event_total(self) -> int:
        return sum(sum(by_status.values()) for by_status in self.events.values())

    def render(self) -> str:
        lines = [f"triples           {self.triples:>8}",
                 f"documents         {self.documents:>8}",
                 f"entities          {self.entity_total:>8}"]
        lines += [f"  {name:<26}{n:>4}" for name, n in self.entities.items() if n]
        lines.append(f"events            {self.event_total:>8}")
        for name, by_status in self.events.items():
            if sum(by_status.values()):
                detail = ", ".join(f"{s} {n}" for s, n in by_status.items() if n)
                lines.append(f"  {name:<26}{sum(by_status.values()):>4}  ({detail})")
        lines.append(f"posts             {self.posts:>8}")
        lines.append(f"evidence spans    {self.evidence_spans:>8}")
        return "\n".join(lines)


def graph_stats(path: Path) -> GraphStats:
    """Count documents, entities by class, events by class and status, posts, spans, triples."""
    return store_stats(open_store(path))


def store_stats(store: ox.Store) -> GraphStats:
    classes = {row["c"].value: int(row["n"].value)
               for row in _select(store, _COUNT_OF_CLASS)}
    events: dict[str, dict[str, int]] = {t: dict.fromkeys(STATUSES, 0) for t in EVENT_TYPES}
    for row in _select(store, _EVENTS):
        name = row["c"].value.removeprefix(str(DD))
        if name in events:
            status = row["status"].value if row["status"] is not None else "(none)"
            events[name][status] = events[name].get(status, 0) + int(row["n"].value)
    return GraphStats(
        triples=len(store),
        documents=classes.get(str(DD.Document), 0),
        entity_total=_count(store, _ENTITIES),
        entities={t: classes.get(str(DD[t]), 0) for t in ENTITY_TYPES},
        events=events,
        posts=classes.get(str(DD.Post), 0),
        evidence_spans=_count(store, _SPANS),
    )


def _select(store: ox.Store, query: str) -> ox.QuerySolutions:
    # A TriG file's triples sit in a named graph: count every graph.
    return store.query(query, use_default_graph_as_union=True)  # type: ignore[return-value]


def _count(store: ox.Store, query: str) -> int:
    return int(next(iter(_select(store, query)))["n"].value)
