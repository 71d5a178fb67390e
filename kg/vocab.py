"""The one vocabulary module: every IRI the code uses comes from here.

``DD`` fails on a typo (``_fail = True``); tests/test_vocab.py keeps it in sync
with ontology/ddkg.ttl.
"""
from __future__ import annotations

from pathlib import Path

from rdflib import Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SH, SKOS, XSD, DefinedNamespace
from rdflib.term import URIRef

# ontology/ at the top of the repository; kg/ontology links to it so that wheels carry it too
ONTOLOGY_DIR = Path(__file__).resolve().parent / "ontology"
ONTOLOGY_FILE = ONTOLOGY_DIR / "ddkg.ttl"
SHAPES_FILE = ONTOLOGY_DIR / "shapes.ttl"
QUERIES_DIR = ONTOLOGY_DIR / "queries"

RESOURCE = Namespace("https://w3id.org/ddkg/resource/")


class DD(DefinedNamespace):
    """Defence-diplomacy ontology (contract v1 plus extensions)."""

    _NS = Namespace("https://w3id.org/ddkg/ontology#")
    _fail = True

    # classes: documents and entities
    Document: URIRef
    Actor: URIRef
    Place: URIRef
    Person: URIRef
    Country: URIRef
    City: URIRef
    Organisation: URIRef
    EquipmentModel: URIRef
    Agreement: URIRef
    MemorandumOfUnderstanding: URIRef
    Exhibition: URIRef
    Post: URIRef
    Role: URIRef
    # classes: events
    Event: URIRef
    Meeting: URIRef
    Visit: URIRef
    AgreementSigning: URIRef
    Delivery: URIRef
    Attendance: URIRef
    Cooperation: URIRef
    # properties
    mentions: URIRef
    wikidataId: URIRef
    country: URIRef
    participant: URIRef
    visitor: URIRef
    destination: URIRef
    host: URIRef
    signatory: URIRef
    agreement: URIRef
    supplier: URIRef
    recipient: URIRef
    item: URIRef
    attendedEvent: URIRef
    topic: URIRef
    location: URIRef
    date: URIRef
    status: URIRef
    evidence: URIRef
    trigger: URIRef
    confidence: URIRef
    holdsPost: URIRef
    role: URIRef
    postIn: URIRef
    meets: URIRef
    visits: URIRef
    attends: URIRef
    signs: URIRef
    supplies: URIRef
    cooperatesWith: URIRef
    # annotation properties: codes of event-data standards on the event classes
    cameoCode: URIRef
    ploverCode: URIRef


NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")

PREFIXES: dict[str, str] = {
    "dd": str(DD),
    "ddr": str(RESOURCE),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "prov": str(PROV),
    "nif": str(NIF),
}


__all__ = [
    "DCTERMS",
    "DD",
    "NIF",
    "ONTOLOGY_FILE",
    "OWL",
    "PREFIXES",
    "PROV",
    "QUERIES_DIR",
    "RDF",
    "RDFS",
    "RESOURCE",
    "SH",
    "SHAPES_FILE",
    "SKOS",
    "XSD",
]
