"""Event rules, one family at a time: what each catches and what it must not catch."""
from __future__ import annotations

import pytest
from extract_helpers import events, read


def roles(text: str, type_: str, **kw: str) -> list[frozenset]:
    return [r for _, r in events(read(text, **kw), type_)]


# --- Meeting ---------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Präsident Miroslav Kadlec traf sich am Montag mit Kanzlerin Ilse Brandauer.",
    "Außenministerin Ilse Brandauer empfing Präsident Miroslav Kadlec in Wien.",
    ("Bei einem Treffen zwischen Präsident Miroslav Kadlec und Kanzlerin Ilse Brandauer ging es "
    "um Energie."),
])
def test_meeting_of_two_named_people(text: str) -> None:
    found = roles(text, "Meeting")
    assert found and {("participant", "Miroslav Kadlec"),
                      ("participant", "Ilse Brandauer")} <= found[0]


@pytest.mark.parametrize("text", [
    "Präsident Miroslav Kadlec muss eine Entscheidung treffen, sagte Kanzlerin Ilse Brandauer.",
    ("Präsident Miroslav Kadlec telefonierte mit Kanzlerin Ilse Brandauer; das Gespräch dauerte "
    "eine Stunde."),
    "Im Gespräch mit der Zeitung warf Miroslav Kadlec der Ministerin Ilse Brandauer Fehler vor.",
    "Im Halbfinale trifft Jana Novak auf Petra Dvorak.",
    "Die Nato-Allianz sagte Präsident Miroslav Kadlec und Kanzlerin Ilse Brandauer Hilfe zu.",
])
def test_no_meeting_in_decisions_calls_interviews_or_matches(text: str) -> None:
    assert roles(text, "Meeting") == []


def test_partners_of_an_unresolved_pronoun_did_not_meet_each_other() -> None:
    text = ("In Kairo traf er mit seinem ägyptischen Kollegen Karim Nasser und anschließend auch "
            "mit Präsident Tarek Mansour zusammen.")
    assert roles(text, "Meeting") == []
    assert roles("In Kairo traf Minister Peter Maier mit seinem Kollegen Karim Nasser zusammen.",
                 "Meeting") != []


# 'er' / 'sie' as subject: the one person named in the nearest sentence before.
@pytest.mark.parametrize("text, met", [
    ("Der chinesische Verteidigungsminister Wang Jiandong ist in Moskau eingetroffen. Er wurde "
     "von seinem russischen Amtskollegen Pawel Sorokin empfangen.", "Pawel Sorokin"),
    ("Bundespräsident Konrad Weißenbacher ist nach Ljubljana gereist. Dort wird er mit dem "
     "slowenischen Präsidenten Janez Krajnc Gespräche führen.", "Janez Krajnc"),
    ("Außenministerin Ilse Brandauer reiste am Montag nach Aserbaidschan. Am Dienstag traf sie "
     "in Baku den Verteidigungsminister Rustam Guliyev.", "Rustam Guliyev"),
])
def test_pronoun_subject_is_the_one_person_named_before(text: str, met: str) -> None:
    found = roles(text, "Meeting")
    assert len(found) == 1 and ("participant", met) in found[0] and len(found[0]) == 2


@pytest.mark.parametrize("text", [
    # two people before: who is 'er'?
    ("Präsident Miroslav Kadlec sprach mit Kanzler Peter Maier über Energie. Am Dienstag traf "
     "er in Baku den Verteidigungsminister Rustam Guliyev."),
    # 'er' cannot be a woman
    ("Außenministerin Ilse Brandauer reiste am Montag nach Aserbaidschan. Am Dienstag traf er "
     "in Baku den Verteidigungsminister Rustam Guliyev."),
    # 'sie trafen' are several
    ("Außenministerin Ilse Brandauer reiste am Montag nach Aserbaidschan. Dort trafen sie mit "
     "Verteidigungsminister Rustam Guliyev zusammen."),
    # inside a quote 'er' is anyone
    ("Präsident Miroslav Kadlec kritisierte die Regierung. „Er wurde von Minister Rustam "
     "Guliyev empfangen“, hieß es."),
])
def test_no_meeting_for_an_ambiguous_pronoun(text: str) -> None:
    assert roles(text, "Meeting") == []


# A clause with the verb last: ', wo er ... traf', 'Als X ... traf, ...'.
@pytest.mark.parametrize("text, a, b", [
    ("Verteidigungsminister Karel Novotny reiste am Montag nach Ankara, wo er seinen türkischen "
     "Amtskollegen Emre Yilmaz traf.", "Karel Novotny", "Emre Yilmaz"),
    ("Kanzlerin Ilse Brandauer reiste nach Vilnius, wo sie Präsident Jonas Berg traf.",
     "Ilse Brandauer", "Jonas Berg"),
    ("Als Präsident Miroslav Kadlec den litauischen Regierungschef Tomas Horvat traf, ging es "
     "um Munition.", "Miroslav Kadlec", "Tomas Horvat"),
])
def test_meeting_in_a_clause_with_the_verb_last(text: str, a: str, b: str) -> None:
    assert roles(text, "Meeting") == [{("participant", a), ("participant", b)}]


@pytest.mark.parametrize("text", [
    # two people before ', wo er': who is 'er'?
    ("Minister Karel Novotny und sein Berater Tomas Horvat reisten nach Rom, wo er Emre Yilmaz "
     "traf."),
    # 'er' cannot be a woman
    "Kanzlerin Ilse Brandauer reiste nach Vilnius, wo er Präsident Jonas Berg traf.",
    # 'auf ... traf': came up against
    "Als Präsident Miroslav Kadlec in Wien auf Kanzler Peter Maier traf, wurde es laut.",
])
def test_no_meeting_in_a_verb_last_clause_without_one_subject(text: str) -> None:
    assert roles(text, "Meeting") == []


def test_pronoun_of_the_one_whose_gender_fits() -> None:
    text = ("Außenministerin Ilse Brandauer empfing Präsident Miroslav Kadlec. Am Dienstag reiste "
            "sie nach Baku.")
    assert roles(text, "Visit") == [{("visitor", "Ilse Brandauer"), ("destination", "Baku")}]
    both_men = text.replace("Außenministerin Ilse Brandauer", "Kanzler Peter Maier").replace(
        "reiste sie", "reiste er")
    assert roles(both_men, "Visit") == []


def test_pronoun_of_someone_without_a_post_travels_nowhere() -> None:
    text = "Der Schriftsteller Ahmed Karimi wurde 1970 geboren. 2008 kam er nach Deutschland."
    assert roles(text, "Visit") == []


def test_meetings_one_after_another_are_two_meetings() -> None:
    text = ("US-Außenminister Samuel Bradley ist zu einem Besuch in Ägypten eingetroffen. In Kairo "
            "traf er mit seinem ägyptischen Kollegen Karim Nasser und anschließend auch mit "
            "Präsident Tarek Mansour zusammen.")
    found = roles(text, "Meeting")
    assert {("participant", "Samuel Bradley"), ("participant", "Karim Nasser")} in found
    assert {("participant", "Samuel Bradley"), ("participant", "Tarek Mansour")} in found
    assert len(found) == 2
    together = text.replace("und anschließend auch mit", "und")
    assert [len(r) for r in roles(together, "Meeting")] == [3]


@pytest.mark.parametrize("text", [
    ("Am Rande der Messe traf Ramil Gasimzade auch den Minister für Verteidigungsindustrie "
     "Georgiens, Levan Kapanadze."),
    "Am Montag traf Ramil Gasimzade in Tiflis den georgischen Minister Levan Kapanadze.",
])
def test_subject_after_the_verb_meets_the_accusative_object(text: str) -> None:
    assert roles(text, "Meeting") == [{("participant", "Ramil Gasimzade"),
                                       ("participant", "Levan Kapanadze")}]


@pytest.mark.parametrize("text", [
    "Am Montag traf Ramil Gasimzade die Entscheidung, Levan Kapanadze zu entlassen.",
    "Am Montag traf den Minister Ramil Gasimzade der Vorwurf von Levan Kapanadze.",
])
def test_no_meeting_when_treffen_has_no_person_object(text: str) -> None:
    assert roles(text, "Meeting") == []


def test_third_partner_named_after_und_and_a_role_phrase() -> None:
    text = ("Generaloberst Karim Valiyev traf sich mit dem serbischen Verteidigungsminister "
            "Milovan Jovanić und dem Generalstabschef der serbischen Streitkräfte, General "
            "Dragan Ristić.")
    assert roles(text, "Meeting") == [{("participant", "Karim Valiyev"),
                                       ("participant", "Milovan Jovanić"),
                                       ("participant", "Dragan Ristić")}]


def test_spokesman_quoted_about_a_meeting_is_not_a_participant() -> None:
    text = ("Das Gespräch mit Präsident Miroslav Kadlec sei offen gewesen, sagte Sprecher "
            "Tomas Bilek nach dem Treffen.")
    assert all(("participant", "Tomas Bilek") not in r for r in roles(text, "Meeting"))


# --- Visit -----------------------------------------------------------------------------------

@pytest.mark.parametrize("text, place", [
    ("Der polnische Verteidigungsminister Tomasz Wrona trifft in Baku ein.", "Baku"),
    ("Verteidigungsminister Tomasz Wrona kam nach Ankara, um Gespräche zu führen.", "Ankara"),
    ("Präsident Miroslav Kadlec besuchte am Dienstag Georgien.", "Georgien"),
    ("Während des Staatsbesuchs von Präsident Miroslav Kadlec in Japan wurde gefeiert.", "Japan"),
])
def test_visit_has_visitor_and_destination(text: str, place: str) -> None:
    found = roles(text, "Visit")
    assert found and ("destination", place) in found[0]


@pytest.mark.parametrize("text, place", [
    ("Im März hatte Bundespräsident Konrad Weißenbacher bereits Kroatien besucht.", "Kroatien"),
    ("Verteidigungsminister Konrad Weißenbacher hat am Montag die Türkei besucht.", "Türkei"),
])
def test_visit_of_a_place_before_the_participle(text: str, place: str) -> None:
    assert roles(text, "Visit") == [{("visitor", "Konrad Weißenbacher"),
                                     ("destination", place)}]


@pytest.mark.parametrize("text", [
    "Verteidigungsminister Konrad Weißenbacher hat Gäste aus Kroatien besucht.",
    "Verteidigungsminister Konrad Weißenbacher hat die Botschafterin von Kroatien besucht.",
])
def test_no_visit_of_a_place_after_a_preposition(text: str) -> None:
    assert roles(text, "Visit") == []


def test_who_ordered_a_journey_did_not_travel() -> None:
    text = ("Er sei auf Anordnung von Milizenchef Omar Haddad erst 24 Stunden zuvor aus dem Irak "
            "kommend in Syrien eingetroffen.")
    assert roles(text, "Visit") == []


def test_visit_needs_destination() -> None:
    assert roles("Präsident Miroslav Kadlec lobte den Besuch der Delegation.", "Visit") == []


def test_people_arriving_as_a_group_are_no_visitors() -> None:
    assert roles("Täglich kommen 2.000 Migranten in Serbien an, sagte Minister Jan Horak.",
                 "Visit") == []


# --- AgreementSigning ------------------------------------------------------------------------

def test_signing_between_two_countries_of_adjectives() -> None:
    found = roles("Gestern folgte die Unterzeichnung von zwei Verträgen zwischen polnischen "
                  "und ukrainischen Werften.", "AgreementSigning")
    assert found and {("signatory", "Polen"), ("signatory", "Ukraine")} <= found[0]


def test_signing_needs_an_agreement_and_two_sides() -> None:
    assert roles("Minister Jan Horak unterzeichnete die Urkunde.", "AgreementSigning") == []


@pytest.mark.parametrize("follow_up", [
    "Die Seiten unterzeichneten anschließend ein Memorandum über die Ausbildung.",
    "Die beiden Minister wollen zudem eine Absichtserklärung unterzeichnen.",
])
def test_the_sides_of_a_meeting_sign_together(follow_up: str) -> None:
    text = ("Verteidigungsminister Jan Horak traf in Prag seinen Amtskollegen Tomas Bilek. "
            f"Sie sprachen über Ausbildung. {follow_up}")
    found = roles(text, "AgreementSigning")
    assert found and {("signatory", "Jan Horak"), ("signatory", "Tomas Bilek")} <= found[0]


def test_beide_politiker_after_a_meeting_are_its_two_people() -> None:
    text = ("Ministerpräsident Gábor Szalay wurde von Präsident Mehmet Kaya empfangen. Beide "
            "Politiker unterzeichneten ein Abkommen über die Zusammenarbeit im Energiebereich.")
    found = roles(text, "AgreementSigning")
    assert found and {("signatory", "Gábor Szalay"), ("signatory", "Mehmet Kaya")} <= found[0]


def test_the_sides_are_only_those_of_a_recent_meeting() -> None:
    assert roles("Die Seiten unterzeichneten ein Abkommen.", "AgreementSigning") == []
    text = ("Minister Jan Horak traf sich mit General Tomas Bilek. Das Wetter war gut. Es "
            "regnete. Dann kam Schnee. Die Seiten unterzeichneten ein Memorandum.")
    assert roles(text, "AgreementSigning") == []


def test_a_signed_plan_of_cooperation_is_an_agreement() -> None:
    text = ("Nach den Gesprächen wurde ein Plan der bilateralen militärischen Zusammenarbeit "
            "zwischen Aserbaidschan und Serbien für das Jahr 2024 unterzeichnet.")
    found = roles(text, "AgreementSigning")
    assert found and {("signatory", "Aserbaidschan"), ("signatory", "Serbien")} <= found[0]
    assert roles("Der Plan der Regierung sieht keine Unterschrift vor.", "AgreementSigning") == []


# --- Delivery --------------------------------------------------------------------------------

def test_delivery_from_supplier_to_recipient_with_model() -> None:
    found = roles("Die Lieferung des Kampfjets F-16 von den USA nach Rumänien ist abgeschlossen.",
                  "Delivery")
    assert found and {("supplier", "Vereinigte Staaten"), ("recipient", "Rumänien")} <= found[0]


def test_buying_makes_the_subject_the_recipient() -> None:
    found = roles("Polen kauft Leopard 2 von Deutschland.", "Delivery")
    assert found and ("recipient", "Polen") in found[0] and ("supplier", "Deutschland") in found[0]


def test_no_delivery_without_equipment() -> None:
    assert roles("Deutschland liefert Getreide nach Ägypten.", "Delivery") == []


# --- Attendance ------------------------------------------------------------------------------

def test_attendance_at_a_named_fair() -> None:
    found = roles("Minister Tomasz Wrona kam nach Abu Dhabi, um an der IDEX teilzunehmen.",
                  "Attendance")
    assert found and ("attendedEvent", "IDEX") in found[0]


def test_a_fair_with_its_year_is_the_fair() -> None:
    found = roles("Minister Jan Horak nimmt an der Rüstungsmesse IDEF-2023 in Istanbul teil.",
                  "Attendance")
    assert found and ("attendedEvent", "IDEF") in found[0]


def test_acronym_after_a_fair_name_is_a_fair() -> None:
    found = roles("Minister Jan Horak nahm an der Internationalen Marinemesse (NAVEX) teil.",
                  "Attendance")
    assert found and ("attendedEvent", "NAVEX") in found[0]


@pytest.mark.parametrize("text, event", [
    ("Verteidigungsminister Wang Jiandong wird an der Moskauer Sicherheitskonferenz teilnehmen.",
     "Moskauer Sicherheitskonferenz"),
    ("Verteidigungsminister Wang Jiandong sprach auf dem Shangri-La-Dialog in Singapur.",
     "Shangri-La-Dialog"),
    ("Präsident Gitanas Kairys nahm am NATO-Gipfel in Vilnius teil.", "NATO-Gipfel"),
])
def test_attendance_at_security_conferences_and_summits(text: str, event: str) -> None:
    found = roles(text, "Attendance")
    assert found and ("attendedEvent", event) in found[0]


# --- Cooperation -----------------------------------------------------------------------------

def test_cooperation_between_two_countries() -> None:
    found = roles("Die militärische Zusammenarbeit zwischen Georgien und Polen wächst.",
                  "Cooperation")
    assert found == [frozenset({("participant", "Georgien"), ("participant", "Polen")})]


def test_cooperation_of_an_authority_with_an_organisation_is_not_its_countrys() -> None:
    assert roles("Wir arbeiten mit dem deutschen Bundeskriminalamt und Interpol zusammen.",
                 "Cooperation") == []


# --- one event, several sentences --------------------------------------------------------------

def test_same_event_twice_in_an_article_is_one_event_with_two_evidence_spans() -> None:
    x = read("Präsident Miroslav Kadlec traf sich mit Kanzlerin Ilse Brandauer. "
             "Das Treffen von Kadlec und Brandauer dauerte zwei Stunden.")
    meetings = [e for e in x.events if e.type == "Meeting"]
    assert len(meetings) == 1 and len(meetings[0].evidence) == 2


def test_evidence_offsets_point_at_the_sentence() -> None:
    text = "Vorspann.\nPräsident Miroslav Kadlec traf sich mit Kanzlerin Ilse Brandauer."
    x = read(text)
    ev = x.events[0].evidence[0]
    assert text[ev.start:ev.end] == ev.sentence and ev.sentence.startswith("Präsident")


def test_meeting_abroad_is_also_a_visit_of_the_guest() -> None:
    text = "US-Außenminister Mark Halloway traf in Jordanien auch König Faisal II."
    assert ("destination", "Jordanien") in next(iter(roles(text, "Visit")), frozenset())


def test_meeting_at_home_is_no_visit() -> None:
    text = "Der jordanische Außenminister Samir Haddad traf in Jordanien König Faisal II."
    assert roles(text, "Visit") == []


def test_a_trigger_inside_a_name_is_no_trigger() -> None:
    text = ("Der Bericht der Organisation für Sicherheit und Zusammenarbeit in Europa über "
            "Georgien wurde veröffentlicht.")
    assert roles(text, "Cooperation") == []


def test_who_is_left_out_is_no_participant() -> None:
    text = "Kanzlerin Ilse Brandauer will Gespräche mit allen Parteien führen, außer mit der AfD."
    assert roles(text, "Meeting") == []


# --- Meeting: partners named after a role phrase, and summons ---------------------------------

def test_meeting_partner_named_after_a_long_role_phrase() -> None:
    text = ("Im Rahmen des Besuchs kam Generalleutnant Kerim Aliyarov mit dem Präsidenten der "
            "türkischen Verteidigungsindustrie, Emre Kocabaş, zusammen.")
    assert {("participant", "Kerim Aliyarov"), ("participant", "Emre Kocabaş")} in roles(
        text, "Meeting")


def test_role_phrase_partner_only_from_the_triggers_clause() -> None:
    text = ("Nach seinen Gesprächen mit der Kanzlerin Ilse Brandauer und dem Präsidenten "
            "Miroslav Kadlec, der ihn in Schloss Hof empfing, reiste Jan Novak ab.")
    assert all(len(r) >= 3 for r in roles(text, "Meeting"))  # no extra two-person meeting


def test_summoning_someone_is_a_meeting() -> None:
    text = "Premier Dov Harel zitierte am Montag Verteidigungsminister Avi Shamron zu sich."
    assert {("participant", "Dov Harel"), ("participant", "Avi Shamron")} in roles(text, "Meeting")


@pytest.mark.parametrize("text", [
    "Premier Dov Harel zitierte Minister Avi Shamron mit den Worten, er freue sich.",
    "Premier Dov Harel zitierte einen Bericht von Minister Avi Shamron, der sich irrte.",
])
def test_quoting_someone_is_no_meeting(text: str) -> None:
    assert roles(text, "Meeting") == []


def test_summons_are_between_the_two_named_around_the_verb() -> None:
    text = ("Premier Dov Harel zitierte seinen Minister Avi Shamron wegen eines Berichts von "
            "Oberst Eli Navon zu sich.")
    assert roles(text, "Meeting") == [frozenset({("participant", "Dov Harel"),
                                                 ("participant", "Avi Shamron")})]
