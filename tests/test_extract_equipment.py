"""Weapon-system models and the deliveries that carry them: what is read, and what is not."""
from __future__ import annotations

import pytest
from extract_helpers import events, read

from kg.equipment import is_type_noun
from kg.nlp import build_pipeline


def models(text: str) -> set[str]:
    return {e.label for e in read(text).entities if e.type == "EquipmentModel"}


def deliveries(text: str) -> list[dict[str, str]]:
    return [dict(roles) for _, roles in events(read(text), "Delivery")]


# --- models ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "model"), [
    ("Die Armee erhielt Transportflugzeuge vom Typ C-27J Spartan.", "C-27J Spartan"),
    ("Das Land bestellte weitere F-16-Kampfjets.", "F-16 Fighting Falcon"),
    ("Die Marine kaufte Kampfjets vom Typ Rafale.", "Dassault Rafale"),  # the label's last word
    ("Die Truppe setzt Bayraktar TB2-Drohnen ein.", "Bayraktar TB2"),
    ("Die Luftwaffe will Su-57 Kampfjets kaufen.", "Su-57"),  # not in the data file
    ("Die Luftwaffe fliegt Kampfflugzeuge des Typs J-10C Vigorous Dragon.", "J-10C Vigorous Dragon"),
    ("Die Armee bekam Panzer der Baureihe Kestrel 3 aus Polen.", "Kestrel 3"),
    ("Die Armee bekam neue Flugabwehrsysteme vom Typ ZETA-X.", "ZETA-X"),
    ("Die Armee bekam mehrere Systeme vom Typ IRIS-T.", "IRIS-T SLM"),  # period not read as ordinal
])
def test_models_named_next_to_their_type_noun(text: str, model: str) -> None:
    assert model in models(text)


@pytest.mark.parametrize("text", [
    "Die Firma stellte ein neues Kamerasystem CCD-2000 vor.",  # a camera, not a weapon type
    "Das Flagschiff SUV-7 des Herstellers kommt im Mai.",
    "Die NATO-Systeme sind nicht kompatibel.",  # an organisation before the hyphen
    "Die Behörde prüft Fahrzeuge Mercedes und Volvo.",  # no designation, no 'vom Typ'
    "Das Bundesheer bekam neue Fahrzeuge.",
])
def test_no_model_without_a_designation_or_a_weapon_type(text: str) -> None:
    assert models(text) == set()


def test_a_sentence_ending_in_a_designation_still_ends() -> None:
    doc = build_pipeline()("Die Luftwaffe erhielt F-35. Am 2. April folgte die Übergabe.")
    assert [s.text for s in doc.sents] == ["Die Luftwaffe erhielt F-35.",
                                           "Am 2. April folgte die Übergabe."]


def test_type_nouns_in_compounds_and_inflected() -> None:
    assert all(map(is_type_noun, ["Kampfjets", "Luftabwehrsystemen", "Schützenpanzer",
                                  "Systeme", "U-Boote"]))
    assert not any(map(is_type_noun, ["Kamerasystem", "Flagschiff", "Jetzt", "kampfjets"]))


# --- deliveries ------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("Frankreich liefert Kampfjets vom Typ Rafale an Indien.",
     {"supplier": "Frankreich", "recipient": "Indien", "item": "Dassault Rafale"}),
    ("In der vergangenen Woche hatten die USA acht F-16-Kampfjets an Ägypten geliefert.",
     {"supplier": "Vereinigte Staaten", "recipient": "Ägypten", "item": "F-16 Fighting Falcon"}),
    ("Russland hat Indien S-400-Systeme geliefert.",  # subject, auxiliary, dative
     {"supplier": "Russland", "recipient": "Indien", "item": "S-400"}),
    ("Russland liefert Indien weitere Systeme vom Typ S-400.",
     {"supplier": "Russland", "recipient": "Indien", "item": "S-400"}),
    ("Die Ukraine erhält aus Deutschland weitere Luftabwehrsysteme vom Typ IRIS-T.",
     {"supplier": "Deutschland", "recipient": "Ukraine", "item": "IRIS-T SLM"}),
    ("Deutschland liefert Panzer an die Ukraine.",  # weapons, model unnamed
     {"supplier": "Deutschland", "recipient": "Ukraine"}),
    ("Norwegen genehmigte Waffenlieferungen an Saudi-Arabien.",
     {"supplier": "Norwegen", "recipient": "Saudi-Arabien"}),
])
def test_delivery_arguments_from_german_word_order(text: str, expected: dict[str, str]) -> None:
    assert expected in deliveries(text)


@pytest.mark.parametrize("text", [
    "Russland liefert Gas an Europa.",  # not weapons, no model
    "Norwegen exportiert Fisch nach Polen.",
    "Die Regierung hat dem Konzern den Export von Panzern nach Russland untersagt.",
])
def test_no_delivery_of_goods_or_when_forbidden(text: str) -> None:
    assert [d for d in read(text).events if d.type == "Delivery" and d.status != "negated"] == []


def test_where_a_person_is_from_does_not_make_a_supplier() -> None:
    text = ("Der Minister will mit seinem türkischen Amtskollegen Mehmet Kaya über die Lieferung "
            "von Luftabwehrsystemen vom Typ SAMP/T an die Türkei sprechen.")
    assert all("supplier" not in d for d in deliveries(text))
    assert {"supplier": "Türkei", "recipient": "Polen", "item": "Bayraktar TB2"} in deliveries(
        "Türkische Unternehmen liefern Drohnen vom Typ Bayraktar TB2 an Polen.")
