"""SHACL shapes of the contract: built graphs conform, broken ones fail with a useful line."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from kg import vocab
from kg.export.turtle import turtle_bytes
from kg.graph import build_graph, entity_iri
from kg.records import Article, Entity, Extraction, Post
from kg.validate import ValidationResult, validate_graph, validate_rdflib_graph
from kg.vocab import DD, NIF, PROV, RDF, RDFS
from tests.graph_fixtures import sample_extractions


@pytest.fixture
def graph() -> Graph:
    return build_graph(sample_extractions())


def _event(graph: Graph, cls: URIRef) -> URIRef:
    [node] = list(graph.subjects(RDF.type, cls))
    return node  # type: ignore[return-value]


def _fails(graph: Graph, message: str) -> ValidationResult:
    result = validate_rdflib_graph(graph)
    assert not result.conforms
    assert any(message in f.message for f in result.violations), result.render()
    return result


def test_built_graph_conforms(graph: Graph) -> None:
    result = validate_rdflib_graph(graph)
    assert result.conforms, result.render()
    assert result.render().endswith(f"conforms: {result.focus_nodes} focus nodes checked")
    assert result.focus_nodes > 20


def test_visit_needs_destination(graph: Graph) -> None:
    visit = _event(graph, DD.Visit)
    graph.remove((visit, DD.destination, None))
    result = _fails(graph, "dd:Visit needs a dd:destination")
    assert str(result.violations[0]).startswith("ddr:event/visit-")


def test_visit_destination_must_be_a_place(graph: Graph) -> None:
    visit = _event(graph, DD.Visit)
    graph.set((visit, DD.destination, entity_iri("Person/max-muster")))
    _fails(graph, "dd:Visit needs a dd:destination, a dd:Place")


def test_country_counts_as_a_place_through_the_ontology(graph: Graph) -> None:
    visit = _event(graph, DD.Visit)
    assert (graph.value(visit, DD.destination), RDF.type, DD.Country) in graph
    assert validate_rdflib_graph(graph).conforms


def test_meeting_needs_two_participants(graph: Graph) -> None:
    meeting = _event(graph, DD.Meeting)
    graph.remove((meeting, DD.participant, entity_iri("Person/max-muster")))
    _fails(graph, "at least two dd:participant")


def test_delivery_needs_item_or_supplier_and_recipient(graph: Graph) -> None:
    delivery = _event(graph, DD.Delivery)
    graph.remove((delivery, DD.item, None))
    assert validate_rdflib_graph(graph).conforms  # supplier and recipient are enough
    graph.remove((delivery, DD.recipient, None))
    result = validate_rdflib_graph(graph)
    assert not result.conforms
    assert "dd:item, or a dd:supplier and a dd:recipient" in result.render()


def test_signing_needs_a_signatory_but_not_a_named_agreement(graph: Graph) -> None:
    signing = _event(graph, DD.AgreementSigning)
    graph.remove((signing, DD.agreement, None))
    assert validate_rdflib_graph(graph).conforms
    graph.remove((signing, DD.signatory, None))
    _fails(graph, "needs a dd:signatory")


def test_event_needs_a_source_document(graph: Graph) -> None:
    graph.remove((_event(graph, DD.Cooperation), PROV.wasDerivedFrom, None))
    _fails(graph, "prov:wasDerivedFrom a dd:Document")


def test_status_outside_the_three_values_fails(graph: Graph) -> None:
    graph.set((_event(graph, DD.Meeting), DD.status, Literal("happened")))
    _fails(graph, "dd:status is one of")


def test_evidence_that_begins_after_it_ends_fails(graph: Graph) -> None:
    span = graph.value(_event(graph, DD.Attendance), DD.evidence)
    assert span is not None
    graph.set((span, NIF.beginIndex, Literal(999, datatype=vocab.XSD.nonNegativeInteger)))
    _fails(graph, "not after its nif:endIndex")


def test_entity_with_two_labels_fails(graph: Graph) -> None:
    graph.add((entity_iri("Country/italien"), RDFS.label, Literal("Italia", lang="it")))
    _fails(graph, "exactly one language-tagged rdfs:label")


def test_post_without_post_in_is_only_a_warning(graph: Graph) -> None:
    result = validate_rdflib_graph(graph)
    assert result.conforms
    assert any(f.severity == "warning" and "no dd:postIn" in f.message for f in result.findings)
    assert "warning: ddr:post/amtskollege--unknown-person-max-muster" in result.render()


def test_validate_graph_reads_a_file(tmp_path: Path, graph: Graph) -> None:
    (tmp_path / "graph.ttl").write_bytes(turtle_bytes(graph))
    assert validate_graph(tmp_path / "graph.ttl").conforms


def test_kg_validate_exits_1_on_a_broken_graph(tmp_path: Path, graph: Graph) -> None:
    graph.remove((_event(graph, DD.Visit), DD.destination, None))
    (tmp_path / "graph.ttl").write_bytes(turtle_bytes(graph))
    run = subprocess.run([sys.executable, "-m", "kg", "validate", str(tmp_path / "graph.ttl")],
                         capture_output=True, text=True, check=False)
    assert run.returncode == 1
    assert "dd:destination: a dd:Visit needs a dd:destination" in run.stdout
    assert run.stdout.strip().splitlines()[-1].startswith("does not conform: 1 violation,")



def test_many_alike_warnings_are_one_line_unless_verbose() -> None:
    posts = tuple(Post(f"Person/p{i}", "Minister", None) for i in range(3))
    people = tuple(Entity(f"Person/p{i}", "Person", f"Person {i}") for i in range(3))
    result = validate_rdflib_graph(build_graph([Extraction(Article("a.txt", "."), people,
                                                           posts=posts)]))
    assert result.conforms
    assert "warning: 3 nodes, e.g. ddr:post/minister--unknown-person-p0" in result.render()
    assert len(result.render(verbose=True).splitlines()) == 4
