"""Draw the precision-audit sample: N random events of a built graph with their evidence.

    python benchmarks/audit_sample.py exports/graph.ttl --seed 99 --n 30
"""
from __future__ import annotations

import argparse
import random

import pyoxigraph as ox

QUERY = """
PREFIX dd: <https://w3id.org/ddkg/ontology#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
PREFIX dcterms: <http://purl.org/dc/terms/> PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT ?e ?type (GROUP_CONCAT(DISTINCT CONCAT(STRAFTER(STR(?p), "#"), "=", ?l); separator=", ")
       AS ?args) (SAMPLE(?st) AS ?status) (SAMPLE(?s) AS ?sent) (SAMPLE(?id) AS ?doc) WHERE {
  ?e a ?type ; dd:evidence/nif:anchorOf ?s ; prov:wasDerivedFrom/dcterms:identifier ?id .
  FILTER(STRSTARTS(STR(?type), STR(dd:)))
  OPTIONAL { ?e dd:status ?st }
  ?e ?p ?x . ?x rdfs:label ?l . FILTER(?p != dd:location)
} GROUP BY ?e ?type ORDER BY ?e"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("graph")
    ap.add_argument("--seed", type=int, default=99)
    ap.add_argument("--n", type=int, default=30)
    args = ap.parse_args()
    store = ox.Store()
    store.load(path=args.graph, format=ox.RdfFormat.TURTLE)
    rows = list(store.query(QUERY))
    print(f"{len(rows)} events")
    random.seed(args.seed)
    for n, r in enumerate(random.sample(rows, min(args.n, len(rows))), 1):
        status = r["status"].value if r["status"] else ""
        print(f"{n}. {str(r['type']).split('#')[1][:-1]} | {r['args'].value} | {status} | "
              f"{r['doc'].value} | {r['sent'].value[:260]}")


if __name__ == "__main__":
    main()
