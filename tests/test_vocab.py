"""kg.vocab and ontology/ddkg.ttl name the same terms, and the ontology says what the contract says."""
from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef

from kg.records import ENTITY_TYPES, EVENT_ROLES, EVENT_TYPES
from kg.vocab import DD, ONTOLOGY_FILE, OWL, RDF, RDFS, SHAPES_FILE, SKOS

DECLARING_TYPES = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty,
                   RDFS.Class, RDF.Property)


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY_FILE, format="turtle")


def _declared(ontology: Graph) -> set[URIRef]:
    return {s for t in DECLARING_TYPES for s in ontology.subjects(RDF.type, t)
            if isinstance(s, URIRef) and str(s).startswith(str(DD))}


def _dd_terms() -> set[URIRef]:
    return {DD[name] for name in DD.__annotations__}


def test_every_dd_term_is_declared_in_the_ontology(ontology: Graph) -> None:
    assert _dd_terms() - _declared(ontology) == set()


def test_every_term_the_ontology_declares_is_in_dd(ontology: Graph) -> None:
    assert _declared(ontology) - _dd_terms() == set()


def test_ontology_uses_no_undeclared_dd_term(ontology: Graph) -> None:
    used = {n for t in ontology for n in t
            if isinstance(n, URIRef) and str(n).startswith(str(DD))}
    assert used - _declared(ontology) == set()


def test_a_typo_in_dd_raises() -> None:
    with pytest.raises(AttributeError):
        DD.Meetnig  # noqa: B018


def test_every_term_has_a_german_and_an_english_label_and_a_definition(
        ontology: Graph) -> None:
    for term in _dd_terms():
        langs = {lit.language for lit in ontology.objects(term, RDFS.label)
                 if isinstance(lit, Literal)}
        assert {"de", "en"} <= langs, term
        assert ontology.value(term, SKOS.definition) is not None, term


def test_contract_classes_and_roles_are_in_the_ontology(ontology: Graph) -> None:
    for name in ENTITY_TYPES + EVENT_TYPES:
        assert (DD[name], RDF.type, OWL.Class) in ontology
    for name in EVENT_TYPES:
        assert (DD[name], RDFS.subClassOf, DD.Event) in ontology
    for role in {r for roles in EVENT_ROLES.values() for r in roles}:
        assert (DD[role], RDF.type, OWL.ObjectProperty) in ontology


def test_specific_roles_are_kinds_of_participant(ontology: Graph) -> None:
    for role in (DD.visitor, DD.host, DD.signatory, DD.supplier, DD.recipient):
        assert (role, RDFS.subPropertyOf, DD.participant) in ontology


def test_hierarchy_matches_the_contract(ontology: Graph) -> None:
    assert (DD.MemorandumOfUnderstanding, RDFS.subClassOf, DD.Agreement) in ontology
    for actor in (DD.Person, DD.Country, DD.Organisation):
        assert (actor, RDFS.subClassOf, DD.Actor) in ontology
    for place in (DD.Country, DD.City):
        assert (place, RDFS.subClassOf, DD.Place) in ontology
    for symmetric in (DD.meets, DD.cooperatesWith):
        assert (symmetric, RDF.type, OWL.SymmetricProperty) in ontology


def test_every_event_class_has_cameo_and_plover_codes(ontology: Graph) -> None:
    for name in EVENT_TYPES:
        codes = [str(c) for c in ontology.objects(DD[name], DD.cameoCode)]
        assert codes and all(c.isdigit() and 2 <= len(c) <= 4 for c in codes), name
        assert set(ontology.objects(DD[name], DD.ploverCode)), name


@pytest.mark.parametrize("path", [ONTOLOGY_FILE, SHAPES_FILE], ids=lambda p: p.name)
def test_ontology_files_parse_in_rdflib_and_pyoxigraph_alike(path: Path) -> None:
    rdflib_count = len(Graph().parse(path, format="turtle"))
    assert len(list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))) == rdflib_count
