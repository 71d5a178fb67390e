"""The graph stage: extractions in, the contract's graph out; graph files back in."""
from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic
from rdflib.plugins.stores.memory import SimpleMemory

from kg import vocab
from kg.errors import GraphError
from kg.export.turtle import turtle_bytes
from kg.graph import (
    BuildStore,
    build_graph,
    doc_iri,
    entity_iri,
    event_iri,
    load_graph,
    post_iri,
    span_iri,
    triple_groups,
)
from kg.records import Article, DateValue, Entity, Event, Evidence, Extraction, Post
from kg.vocab import DCTERMS, DD, NIF, PROV, RDF, RDFS, RESOURCE, SKOS
from tests.graph_fixtures import (
    APRIL_2,
    BAKU,
    ERIKA,
    ITALY,
    MAX_A,
    MEETING_ROLES,
    TEXT_A,
    extraction_a,
    extraction_b,
    sample_extractions,
)

GOLDEN = Path(__file__).parent / "golden" / "graph_sample.ttl"
ERIKA_IRI, MAX_IRI = entity_iri(ERIKA.key), entity_iri(MAX_A.key)


def _assert_same_graph(built: Graph, expected: Graph) -> None:
    if isomorphic(built, expected):
        return
    _, only_built, only_expected = graph_diff(to_isomorphic(built), to_isomorphic(expected))
    lines = [f"+ {t}" for t in sorted(only_built)] + [f"- {t}" for t in sorted(only_expected)]
    print("\n".join(["graph differs from the golden file (+ built only, - expected only):",
                     *lines]))
    pytest.fail(f"{len(only_built)} triples only built, {len(only_expected)} only expected")


def _events_of(graph: Graph, cls: URIRef) -> list[URIRef]:
    return sorted(graph.subjects(RDF.type, cls))  # type: ignore[arg-type]


def _article(doc_id: str, text: str = "Ein Satz.") -> Article:
    return Article(doc_id, text)


def _meeting(doc_id: str, text: str, **changes: Any) -> Event:
    evidence = Evidence(doc_id, text, 0, len(text), "traf", 0.5)
    return dataclasses.replace(Event("Meeting", MEETING_ROLES, (evidence,), APRIL_2), **changes)


# --- the whole contract at once ----------------------------------------------------------


def test_sample_articles_give_the_golden_graph() -> None:
    _assert_same_graph(build_graph(sample_extractions()), Graph().parse(GOLDEN))


def test_graph_has_no_blank_nodes() -> None:
    graph = build_graph(sample_extractions())
    assert not [t for t in graph if any(isinstance(n, BNode) for n in t)]


def test_same_input_gives_identical_turtle_bytes_whatever_the_order() -> None:
    first = turtle_bytes(build_graph(sample_extractions()))
    again = turtle_bytes(build_graph(sample_extractions()))
    reversed_ = turtle_bytes(build_graph(reversed(sample_extractions())))
    assert first == again == reversed_


# --- entities --------------------------------------------------------------------------


def test_build_store_holds_walks_and_counts_as_simple_memory_does() -> None:
    triples = list(build_graph(sample_extractions()))
    store = BuildStore()
    fast, plain = Graph(store=store), Graph(store=SimpleMemory())
    store.add_all(triples + triples[:5])
    plain.addN((s, p, o, plain) for s, p, o in triples + triples[:5])
    assert list(fast) == list(plain) and len(fast) == len(plain) == len(triples)
    for pattern in [(None, RDF.type, None), (None, None, DD.Person), (ERIKA_IRI, None, None)]:
        assert list(fast.triples(pattern)) == list(plain.triples(pattern))  # same order too
    fast.remove((None, RDFS.label, None))
    plain.remove((None, RDFS.label, None))
    assert list(fast) == list(plain) and len(fast) == len(plain) < len(triples)


def test_triple_groups_give_every_triple_in_the_order_of_walking_the_graph() -> None:
    built = build_graph(sample_extractions())
    for graph in (built, Graph().parse(data=turtle_bytes(built), format="turtle")):
        grouped = [(s, p, o) for s, p, objects in triple_groups(graph) for o in objects]
        assert grouped == list(graph) and len(grouped) == len(built)


def test_same_key_in_two_documents_is_one_node_with_alt_labels_unioned() -> None:
    graph = build_graph(sample_extractions())
    assert set(graph.objects(MAX_IRI, RDFS.label)) == {Literal("Max Muster", lang="de")}
    assert set(graph.objects(MAX_IRI, SKOS.altLabel)) == {Literal("Muster", lang="de")}
    assert len(set(graph.subjects(RDF.type, DD.Person))) == 2


def test_label_is_the_longest_form_and_ties_go_to_sorted_order() -> None:
    docs = [Extraction(_article(f"{i}.txt"), (Entity("Person/x", "Person", label),))
            for i, label in enumerate(["Bea Xu", "Ann Xu", "Xu"])]
    graph = build_graph(docs)
    node = entity_iri("Person/x")
    assert graph.value(node, RDFS.label) == Literal("Ann Xu", lang="de")
    assert set(graph.objects(node, SKOS.altLabel)) == {Literal("Bea Xu", lang="de"),
                                                       Literal("Xu", lang="de")}


def test_memorandum_is_also_an_agreement() -> None:
    graph = build_graph(sample_extractions())
    mou = next(graph.subjects(RDF.type, DD.MemorandumOfUnderstanding))
    assert (mou, RDF.type, DD.Agreement) in graph


def test_country_no_extraction_describes_is_left_out() -> None:
    city = Entity("City/gandscha", "City", "Gandscha", country="Country/nirgendwo")
    graph = build_graph([Extraction(_article("a.txt"), (city,))])
    assert graph.value(entity_iri(city.key), DD.country) is None


def test_documents_mention_their_entities_and_carry_metadata() -> None:
    graph = build_graph(sample_extractions())
    a, b = doc_iri("a.txt"), doc_iri("b.txt")
    assert graph.value(a, DCTERMS.identifier) == Literal("a.txt")
    assert graph.value(a, DCTERMS.date) == Literal("2024-04-03", datatype=vocab.XSD.date)
    assert graph.value(a, DCTERMS.source) == URIRef("https://example.org/a")
    assert graph.value(b, DCTERMS.source) == Literal("kein Link")
    assert graph.value(b, DCTERMS.date) is None
    assert (a, DD.mentions, entity_iri(BAKU.key)) in graph


# --- events --------------------------------------------------------------------------


def test_same_event_from_two_documents_is_one_node_with_two_sources_and_two_spans() -> None:
    graph = build_graph(sample_extractions())
    [meeting] = _events_of(graph, DD.Meeting)
    assert set(graph.objects(meeting, PROV.wasDerivedFrom)) == {doc_iri("a.txt"),
                                                                doc_iri("b.txt")}
    assert len(set(graph.objects(meeting, DD.evidence))) == 2


def test_same_event_twice_in_one_article_is_one_node() -> None:
    text = "Sie trafen sich. Sie trafen sich wieder."
    first = Evidence("a.txt", "Sie trafen sich.", 0, 16)
    second = Evidence("a.txt", "Sie trafen sich wieder.", 17, 40)
    events = (Event("Meeting", MEETING_ROLES, (first,)), Event("Meeting", MEETING_ROLES, (second,)))
    graph = build_graph([Extraction(_article("a.txt", text), events=events)])
    [meeting] = _events_of(graph, DD.Meeting)
    assert len(set(graph.objects(meeting, DD.evidence))) == 2


def test_different_status_or_date_makes_a_different_event() -> None:
    text = "Ein Satz."
    events = (_meeting("a.txt", text), _meeting("a.txt", text, status="planned"),
              _meeting("a.txt", text, date=DateValue("2024", "gYear")))
    graph = build_graph([Extraction(_article("a.txt", text), events=events)])
    assert len(_events_of(graph, DD.Meeting)) == 3


def test_event_iri_depends_on_identity_not_on_role_order() -> None:
    text = "Ein Satz."
    one = _meeting("a.txt", text)
    other = _meeting("b.txt", "Anders.", roles=tuple(reversed(MEETING_ROLES)))
    assert event_iri(one) == event_iri(other)
    assert str(event_iri(one)).startswith(f"{RESOURCE}event/meeting-")


def test_span_shared_by_two_events_keeps_the_highest_confidence() -> None:
    text = "Sie trafen sich und unterzeichneten."
    low = Evidence("a.txt", text, 0, len(text), "trafen", 0.4)
    high = dataclasses.replace(low, trigger="unterzeichneten", confidence=0.75)
    events = (Event("Meeting", MEETING_ROLES, (low,)),
              Event("AgreementSigning", (("signatory", ERIKA.key),), (high,)))
    graph = build_graph([Extraction(_article("a.txt", text), events=events)])
    span = span_iri(low)
    assert list(graph.objects(span, DD.confidence)) == [Literal("0.75", datatype=vocab.XSD.decimal)]
    assert set(graph.objects(span, DD.trigger)) == {Literal("trafen"),
                                                    Literal("unterzeichneten")}


def test_span_records_offsets_and_sentence_per_nif() -> None:
    graph = build_graph([extraction_a()])
    [meeting] = _events_of(graph, DD.Meeting)
    span = graph.value(meeting, DD.evidence)
    begin = graph.value(span, NIF.beginIndex).toPython()  # type: ignore[union-attr]
    end = graph.value(span, NIF.endIndex).toPython()  # type: ignore[union-attr]
    assert str(graph.value(span, NIF.anchorOf)) == TEXT_A[begin:end]
    assert graph.value(span, NIF.referenceContext) == doc_iri("a.txt")
    assert {NIF.String, NIF.OffsetBasedString} <= set(graph.objects(span, RDF.type))
    assert str(span) == f"{doc_iri('a.txt')}#char={begin},{end}"


def test_dates_keep_their_precision() -> None:
    text = "Ein Satz."
    event = _meeting("a.txt", text, date=DateValue("--04-02", "gMonthDay"))
    graph = build_graph([Extraction(_article("a.txt", text), events=(event,))])
    [meeting] = _events_of(graph, DD.Meeting)
    assert graph.value(meeting, DD.date) == Literal("--04-02", datatype=vocab.XSD.gMonthDay)


def test_unknown_role_is_an_error_naming_it() -> None:
    text = "Ein Satz."
    event = _meeting("a.txt", text, roles=(("visitor", ERIKA.key),))
    with pytest.raises(GraphError, match="'visitor'.*participant"):
        build_graph([Extraction(_article("a.txt", text), events=(event,))])


# --- shortcuts -------------------------------------------------------------------------


def test_meets_and_cooperates_with_go_both_ways() -> None:
    graph = build_graph(sample_extractions())
    assert (ERIKA_IRI, DD.meets, MAX_IRI) in graph and (MAX_IRI, DD.meets, ERIKA_IRI) in graph
    italy, azerbaijan = entity_iri(ITALY.key), entity_iri("Country/aserbaidschan")
    assert (italy, DD.cooperatesWith, azerbaijan) in graph
    assert (azerbaijan, DD.cooperatesWith, italy) in graph
    assert (italy, DD.supplies, azerbaijan) in graph
    assert (azerbaijan, DD.supplies, italy) not in graph


def test_negated_event_gives_no_shortcut() -> None:
    graph = build_graph(sample_extractions())
    assert not list(graph.objects(ERIKA_IRI, DD.visits))
    [visit] = _events_of(graph, DD.Visit)
    assert graph.value(visit, DD.status) == Literal("negated")


# --- posts -----------------------------------------------------------------------------


def test_post_names_role_and_place_and_is_shared_by_its_holders() -> None:
    other = Post("Person/zweite-person", "Verteidigungsministerin", ITALY.key)
    extra = Extraction(_article("c.txt"), (ITALY,), posts=(other,))
    graph = build_graph([extraction_a(), extra])
    post = post_iri("Verteidigungsministerin", ITALY.key, ERIKA.key)
    assert graph.value(post, RDFS.label) == Literal("Verteidigungsministerin (Italien)", lang="de")
    assert graph.value(post, DD.postIn) == entity_iri(ITALY.key)
    role = graph.value(post, DD.role)
    assert graph.value(role, RDFS.label) == Literal("Verteidigungsministerin", lang="de")
    assert set(graph.subjects(DD.holdsPost, post)) == {ERIKA_IRI,
                                                       entity_iri("Person/zweite-person")}


def test_post_without_place_has_no_post_in_and_belongs_to_its_person() -> None:
    posts = (Post("Person/a", "Minister", None), Post("Person/b", "Minister", None))
    graph = build_graph([Extraction(_article("a.txt"), posts=posts)])
    held = {graph.value(entity_iri(p), DD.holdsPost) for p in ("Person/a", "Person/b")}
    assert len(held) == 2
    assert not list(graph.objects(None, DD.postIn))


# --- hostile input ---------------------------------------------------------------------

HOSTILE = 'Er sagte "<b>Hallo</b>" \\ \n und \u202eRTL\u202c 🚀 \x00\x07\x1b\ufffe Ende'


def _hostile_extraction(text: str) -> Extraction:
    doc_id = f"ordner/{text[:20]}.txt"
    key = f"Person/{text[:10]}"
    person = Entity(key, "Person", text, (text[::-1],), country=None)
    evidence = Evidence(doc_id, text, 0, len(text), text[:5], 0.3)
    event = Event("Meeting", ((("participant", key)), ("participant", ERIKA.key)), (evidence,))
    return Extraction(Article(doc_id, text, title=text, url=f"https://x.org/{text}"),
                      (person, ERIKA), (event,), (Post(key, text, key),))


def _parses_everywhere(graph: Graph) -> None:
    data = turtle_bytes(graph)
    assert len(Graph().parse(data=data, format="turtle")) == len(graph)
    assert len(list(ox.parse(data, format=ox.RdfFormat.TURTLE))) == len(graph)
    nt = graph.serialize(format="nt", encoding="utf-8")
    assert len(list(ox.parse(nt, format=ox.RdfFormat.N_TRIPLES))) == len(graph)


def test_hostile_strings_give_valid_iris_and_parseable_turtle() -> None:
    graph = build_graph([_hostile_extraction(HOSTILE)])
    _parses_everywhere(graph)
    for node in graph.all_nodes():
        if isinstance(node, URIRef) and str(node).startswith(str(RESOURCE)):
            ox.NamedNode(str(node))  # raises on an invalid IRI
            assert not set(str(node)) & set(' <>"{}|\\^`\n')
    labels = {str(o) for o in graph.objects(None, RDFS.label)}
    assert 'Er sagte "<b>Hallo</b>" \\ und \u202eRTL\u202c 🚀 Ende' in labels


@pytest.mark.parametrize("key", ["Person/..", "Person/.", "Person/", "ohne-typ", "Person/a b",
                                 "Per son/ü"])
def test_entity_iris_have_no_dot_segments_or_unsafe_characters(key: str) -> None:
    iri = str(entity_iri(key))
    ox.NamedNode(iri)
    tail = iri.removeprefix(str(RESOURCE))
    assert tail.count("/") == 1 and all(part not in ("", ".", "..") for part in tail.split("/"))


@pytest.mark.parametrize("doc_id", [".", "..", "", "a/../b.txt"])
def test_doc_iris_have_no_dot_segments(doc_id: str) -> None:
    tail = str(doc_iri(doc_id)).removeprefix(f"{RESOURCE}doc/")
    assert tail not in ("", ".", "..") and "/" not in tail


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(min_size=1, max_size=30))
def test_any_text_gives_parseable_turtle(text: str) -> None:
    _parses_everywhere(build_graph([_hostile_extraction(text)]))


# --- reading graph files ---------------------------------------------------------------


def test_load_graph_reads_what_turtle_export_wrote(tmp_path: Path) -> None:
    graph = build_graph(sample_extractions())
    (tmp_path / "graph.ttl").write_bytes(turtle_bytes(graph))
    assert isomorphic(load_graph(tmp_path / "graph.ttl"), graph)
    assert isomorphic(load_graph(tmp_path), graph)  # a build folder


def test_load_graph_of_missing_file_says_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(GraphError, match="nothing.ttl: no such graph file.*kg build"):
        load_graph(tmp_path / "nothing.ttl")
    with pytest.raises(GraphError, match="no graph.ttl in this folder"):
        load_graph(tmp_path)


def test_load_graph_of_broken_turtle_names_the_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text('<https://a.org/x> <https://a.org/p> "ok" .\n<https://a.org/x> <p "x .\n')
    with pytest.raises(GraphError, match=r"bad.ttl: not valid .*line 2"):
        load_graph(bad)


def test_load_graph_of_unknown_suffix_lists_the_known_ones(tmp_path: Path) -> None:
    odd = tmp_path / "graph.xyz"
    odd.write_text("")
    with pytest.raises(GraphError, match=r"'\.xyz'.*\.ttl"):
        load_graph(odd)


def test_extraction_b_alone_is_consistent_with_the_merge() -> None:
    alone, merged = build_graph([extraction_b()]), build_graph(sample_extractions())
    [visit] = _events_of(alone, DD.Visit)
    assert visit in set(merged.subjects(RDF.type, DD.Visit))


def test_names_without_ascii_letters_get_different_slugs() -> None:
    from kg.ids import slug

    assert slug("Путин") != slug("Шойгу")
    assert slug("Øvergård") != slug("vergard")
