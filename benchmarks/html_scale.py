"""How long the HTML picture takes at 5,000 nodes and 10,000 edges: to write, and to open.

Builds a seeded random graph that follows CONTRACT.md (entities, documents, events with
evidence spans, posts and the shortcut relations), writes it with the html writer, opens
it in Debian's headless Chromium and waits for ``window.ddkg.ready`` (set after the first
drawing; physics is off, so the picture is at rest from then on). Prints figures; it is
not a test. Target: page ready in under 10 s.

    python benchmarks/html_scale.py [--nodes 5000] [--edges 10000] [--screenshot out.png]
"""
from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path

from rdflib import Graph, Literal, URIRef

from kg.export.html import graph_view, write_html
from kg.vocab import DCTERMS, DD, NIF, PROV, RDF, RDFS, RESOURCE, SKOS, XSD

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# share of nodes per class
CLASS_SHARES = [("person", DD.Person, 0.50), ("country", DD.Country, 0.04),
                ("city", DD.City, 0.12), ("organisation", DD.Organisation, 0.18),
                ("equipmentmodel", DD.EquipmentModel, 0.08), ("agreement", DD.Agreement, 0.05),
                ("exhibition", DD.Exhibition, 0.03)]
# event class, role of the source, role of the target, shortcut, source and target class, weight
EVENT_KINDS = [
    (DD.Meeting, DD.participant, DD.participant, DD.meets, "person", "person", 0.35),
    (DD.Visit, DD.visitor, DD.destination, DD.visits, "person", "country", 0.20),
    (DD.Attendance, DD.participant, DD.attendedEvent, DD.attends, "organisation", "exhibition",
     0.10),
    (DD.AgreementSigning, DD.signatory, DD.agreement, DD.signs, "country", "agreement", 0.08),
    (DD.Delivery, DD.supplier, DD.recipient, DD.supplies, "organisation", "country", 0.12),
    (DD.Cooperation, DD.participant, DD.participant, DD.cooperatesWith, "country",
     "organisation", 0.15),
]
Triple = tuple[URIRef, URIRef, "URIRef | Literal"]
SYLLABLES = ["ka", "ro", "mi", "tan", "vel", "sa", "dor", "li", "ben", "ar", "to", "gur", "es"]


def _name(rng: random.Random) -> str:
    return " ".join("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).title()
                    for _ in range(2))


def _pick(rng: random.Random, pool: list[URIRef]) -> URIRef:
    """Skewed choice: a few nodes are hubs, as countries and ministers are in the news."""
    return pool[min(int(rng.paretovariate(1.2)) - 1, len(pool) - 1) if rng.random() < 0.5
                else rng.randrange(len(pool))]


def contract_graph(n_nodes: int, n_edges: int, *, seed: int = 1) -> Graph:
    """About ``n_nodes`` entities and exactly ``n_edges`` edges in the picture (shortcuts,
    posts and 'in' links), every shortcut backed by an event with one evidence sentence."""
    rng = random.Random(seed)
    triples: list[tuple[URIRef, URIRef, URIRef | Literal]] = []
    pools = {key: [RESOURCE[f"{key}/n{i}"] for i in range(max(1, round(n_nodes * share)))]
             for key, _, share in CLASS_SHARES}
    for key, cls, _ in CLASS_SHARES:
        for node in pools[key]:
            triples += _entity(node, cls, rng)
    for node in pools["city"] + pools["organisation"]:
        triples.append((node, DD.country, rng.choice(pools["country"])))
    docs = [RESOURCE[f"doc/{i:04d}.txt"] for i in range(max(1, n_edges // 10))]
    for i, doc in enumerate(docs):
        triples += _document(doc, i, rng)
    posts = pools["person"][: n_nodes // 20]
    for i, person in enumerate(posts):
        triples += _post(person, RESOURCE[f"post/p{i}"], rng.choice(pools["country"]))
    drawn: set[tuple[object, ...]] = {(a, b) for a, p, b in triples if p == DD.country}
    drawn |= {(p, None) for p in posts}
    weights = [kind[-1] for kind in EVENT_KINDS]
    i = 0
    while len(drawn) < n_edges:
        cls, role_a, role_b, shortcut, kind_a, kind_b, _ = rng.choices(EVENT_KINDS, weights)[0]
        a, b = _pick(rng, pools[kind_a]), _pick(rng, pools[kind_b])
        symmetric = shortcut in (DD.meets, DD.cooperatesWith)
        if a == b:
            continue
        drawn.add((shortcut, *sorted((a, b))) if symmetric else (shortcut, a, b))
        i += 1
        triples += _event(RESOURCE[f"event/e{i}"], cls, [(role_a, a), (role_b, b)],
                          rng.choice(docs), rng)
        triples += [(a, shortcut, b), (b, shortcut, a)] if symmetric else [(a, shortcut, b)]
    graph = Graph()
    graph.addN((s, p, o, graph) for s, p, o in triples)
    return graph


def _entity(node: URIRef, cls: URIRef, rng: random.Random) -> list[Triple]:
    label = _name(rng)
    found: list[Triple] = [(node, RDF.type, cls), (node, RDFS.label, Literal(label, lang="de")),
                           (node, SKOS.altLabel, Literal(label.split()[-1], lang="de"))]
    if rng.random() < 0.3:
        found.append((node, DD.wikidataId, Literal(f"Q{rng.randint(1, 10**6)}")))
    return found


def _document(doc: URIRef, i: int, rng: random.Random) -> list[Triple]:
    date = f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    return [(doc, RDF.type, DD.Document), (doc, DCTERMS.identifier, Literal(f"{i:04d}.txt")),
            (doc, DCTERMS.title, Literal(f"Artikel {i}: {_name(rng)}")),
            (doc, DCTERMS.date, Literal(date, datatype=XSD.date)),
            (doc, DCTERMS.source, URIRef(f"https://example.org/news/{i}"))]


def _post(person: URIRef, post: URIRef, country: URIRef) -> list[Triple]:
    role = RESOURCE["role/minister"]
    return [(person, DD.holdsPost, post), (post, RDF.type, DD.Post), (post, DD.role, role),
            (post, DD.postIn, country), (role, RDFS.label, Literal("Minister", lang="de"))]


def _event(event: URIRef, cls: URIRef, roles: list[tuple[URIRef, URIRef]], doc: URIRef,
           rng: random.Random) -> list[Triple]:
    begin = rng.randint(0, 5000)
    names = " und ".join(who.rsplit("/", 1)[-1] for _, who in roles)
    sentence = f"{names} trafen sich, hiess es am Montag."
    span = URIRef(f"{doc}#char={begin},{begin + len(sentence)}")
    return [(event, RDF.type, cls), *((event, role, who) for role, who in roles),
            (event, DD.status, Literal("occurred")), (event, PROV.wasDerivedFrom, doc),
            (event, DD.evidence, span), (span, RDF.type, NIF.String),
            (span, NIF.referenceContext, doc), (span, NIF.anchorOf, Literal(sentence)),
            (span, NIF.beginIndex, Literal(begin, datatype=XSD.nonNegativeInteger)),
            (span, NIF.endIndex, Literal(begin + len(sentence), datatype=XSD.nonNegativeInteger)),
            (span, DD.trigger, Literal("trafen")),
            (span, DD.confidence, Literal("0.8", datatype=XSD.decimal))]


def open_in_chromium(path: Path, screenshot: Path | None) -> None:
    from tests.browser import chromium, missing_browser, open_file

    reason = missing_browser()
    if reason:
        print(f"browser: skipped ({reason})")
        return
    with chromium() as browser:
        started = time.perf_counter()
        opened = open_file(browser, path, timeout_ms=60_000)
        wall = time.perf_counter() - started
        page = opened.page
        in_page = page.evaluate("window.ddkg.readyMs") / 1000
        search = page.evaluate("""() => { const t = performance.now();
            window.ddkg.search('ka'); return performance.now() - t; }""")
        shown = len(page.evaluate("window.ddkg.visibleNodeIds()"))
        relation = page.evaluate("""() => { const t = performance.now();
            window.ddkg.showAll(); window.ddkg.setRelations(['meets']);
            return performance.now() - t; }""")
        print(f"browser: ready (drawn, physics off) {wall:.2f} s after goto "
              f"({in_page:.2f} s after navigation start)")
        print(f"browser: search 'ka' {search:.0f} ms ({shown} nodes shown), "
              f"relation filter {relation:.0f} ms")
        print(f"browser: requests to other URLs {len(opened.foreign_requests())}, "
              f"console errors {len(opened.console_errors) + len(opened.page_errors)}")
        if screenshot:
            page.evaluate("window.ddkg.showAll()")
            page.screenshot(path=str(screenshot))
            print(f"browser: screenshot {screenshot}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=5000)
    parser.add_argument("--edges", type=int, default=10000)
    parser.add_argument("--out", type=Path, default=ROOT / "test-artifacts" / "scale.html")
    parser.add_argument("--screenshot", type=Path,
                        default=ROOT / "test-artifacts" / "graph-scale.png")
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    started = time.perf_counter()
    graph = contract_graph(args.nodes, args.edges)
    print(f"graph: {len(graph)} triples, built in {time.perf_counter() - started:.2f} s")
    started = time.perf_counter()
    view = graph_view(graph)
    print(f"view: {len(view['nodes'])} nodes, {len(view['edges'])} edges, "
          f"{len(view['spans'])} sentences in {time.perf_counter() - started:.2f} s")
    started, cpu = time.perf_counter(), time.process_time()
    write_html(graph, args.out)
    print(f"write_html: {time.perf_counter() - started:.2f} s "
          f"({time.process_time() - cpu:.2f} s CPU), "
          f"{args.out.stat().st_size / 1e6:.1f} MB -> {args.out}")
    open_in_chromium(args.out, args.screenshot)


if __name__ == "__main__":
    main()
