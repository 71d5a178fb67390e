"""Hand-built extractions for the graph, export, validate and stats tests.

Two invented articles about invented people: "a.txt" reports a meeting in Baku, a signed
memorandum and a planned cooperation; "b.txt" reports the same meeting again, a delivery,
a visit to a fair and a visit that did not happen.
"""
from __future__ import annotations

from kg.records import Article, DateValue, Entity, Event, Evidence, Extraction, Post

SENTENCES_A = (
    ("Die Verteidigungsministerin Italiens, Erika Beispiel, traf am 2. April 2024 in Baku "
     "ihren Amtskollegen Max Muster."),
    "Beide unterzeichneten eine Absichtserklärung über Ausbildung.",
    "Italien und Aserbaidschan wollen künftig enger zusammenarbeiten.",
)
SENTENCES_B = (
    "Beispiel und Muster kamen am 2. April 2024 in Baku zusammen.",
    "Italien liefert Aserbaidschan C-27J Spartan.",
    "Muster besuchte die Musterschau.",
    "Ein Besuch von Beispiel in der Türkei fand nicht statt.",
)
TEXT_A, TEXT_B = " ".join(SENTENCES_A), " ".join(SENTENCES_B)


def _span(doc: str, text: str, sentence: str, trigger: str, confidence: float) -> Evidence:
    start = text.index(sentence)
    return Evidence(doc, sentence, start, start + len(sentence), trigger, confidence)


ERIKA = Entity("Person/erika-beispiel", "Person", "Erika Beispiel", ("Beispiel",))
MAX_A = Entity("Person/max-muster", "Person", "Max Muster", ())
MAX_B = Entity("Person/max-muster", "Person", "Muster", ("Max Muster",))
ERIKA_B = Entity("Person/erika-beispiel", "Person", "Beispiel", ())
ITALY = Entity("Country/italien", "Country", "Italien", ("Italienische Republik",), "Q38")
AZERBAIJAN = Entity("Country/aserbaidschan", "Country", "Aserbaidschan", (), "Q227")
TURKEY = Entity("Country/tuerkei", "Country", "Türkei", (), "Q43")
BAKU = Entity("City/baku", "City", "Baku", (), "Q9248", "Country/aserbaidschan")
MOU = Entity("MemorandumOfUnderstanding/absichtserklaerung-ueber-ausbildung",
             "MemorandumOfUnderstanding", "Absichtserklärung über Ausbildung")
PLANE = Entity("EquipmentModel/c-27j-spartan", "EquipmentModel", "C-27J Spartan")
FAIR = Entity("Exhibition/musterschau", "Exhibition", "Musterschau")

MEETING_ROLES = (("participant", ERIKA.key), ("participant", MAX_A.key))
APRIL_2 = DateValue("2024-04-02", "date")


def extraction_a() -> Extraction:
    s = SENTENCES_A
    return Extraction(
        article=Article("a.txt", TEXT_A, title="Treffen in Baku", date="2024-04-03",
                        url="https://example.org/a"),
        entities=(AZERBAIJAN, BAKU, ERIKA, ITALY, MAX_A, MOU),
        events=(
            Event("Meeting", MEETING_ROLES, (_span("a.txt", TEXT_A, s[0], "traf", 0.9),),
                  APRIL_2, "occurred", BAKU.key),
            Event("AgreementSigning",
                  (("agreement", MOU.key), ("signatory", ERIKA.key), ("signatory", MAX_A.key)),
                  (_span("a.txt", TEXT_A, s[1], "unterzeichneten", 0.8),)),
            Event("Cooperation", (("participant", AZERBAIJAN.key), ("participant", ITALY.key)),
                  (_span("a.txt", TEXT_A, s[2], "zusammenarbeiten", 0.6),), status="planned"),
        ),
        posts=(Post(ERIKA.key, "Verteidigungsministerin", ITALY.key),
               Post(MAX_A.key, "Amtskollege", None)),
    )


def extraction_b() -> Extraction:
    s = SENTENCES_B
    return Extraction(
        article=Article("b.txt", TEXT_B, title=None, date=None, url="kein Link"),
        entities=(AZERBAIJAN, BAKU, ERIKA_B, FAIR, ITALY, MAX_B, PLANE, TURKEY),
        events=(
            Event("Meeting", MEETING_ROLES, (_span("b.txt", TEXT_B, s[0], "kamen zusammen", 0.7),),
                  APRIL_2, "occurred", BAKU.key),
            Event("Delivery", (("item", PLANE.key), ("recipient", AZERBAIJAN.key),
                               ("supplier", ITALY.key)),
                  (_span("b.txt", TEXT_B, s[1], "liefert", 0.9),)),
            Event("Attendance", (("attendedEvent", FAIR.key), ("participant", MAX_B.key)),
                  (_span("b.txt", TEXT_B, s[2], "besuchte", 0.9),)),
            Event("Visit", (("destination", TURKEY.key), ("visitor", ERIKA.key)),
                  (_span("b.txt", TEXT_B, s[3], "Besuch", 0.5),), status="negated"),
        ),
    )


def sample_extractions() -> list[Extraction]:
    return [extraction_a(), extraction_b()]
