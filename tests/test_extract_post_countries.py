"""Posts whose country or organisation the phrase leaves open: the clues German news gives
elsewhere (a party, the one German-speaking federation named, the ministry a person heads, the
organ a compound names), and the look-alikes that must stay without a country."""
from __future__ import annotations

import pytest
from extract_helpers import posts, read


def where_of(text: str, person: str) -> set[str | None]:
    return {where for name, _, where in posts(read(text)) if name == person}


# A party next to the name tells the country of a national office.

@pytest.mark.parametrize("text, post", [
    ("Kanzler Lukas Brandner (SPÖ) eröffnete die Sitzung.",
     ("Lukas Brandner", "Kanzler", "Österreich")),
    ("Der Vorschlag von Finanzministerin Marta Köhler (CDU) stieß auf Kritik.",
     ("Marta Köhler", "Finanzminister", "Deutschland")),
    ("SPD-Politiker Jan Kolb kritisierte den Plan. Finanzminister Kolb sagte, er sei dagegen.",
     ("Jan Kolb", "Finanzminister", "Deutschland")),
    ("Vizekanzler Rainer Aigner (ÖVP) verwies auf die Steuerreform.",
     ("Rainer Aigner", "Vizekanzler", "Österreich")),
])
def test_party_gives_the_country_of_a_national_office(text: str, post: tuple) -> None:
    assert post in posts(read(text))


@pytest.mark.parametrize("text, person", [
    ("Bürgermeister Franz Huber (SPÖ) eröffnete das Fest.", "Franz Huber"),  # a local office
    ("Ministerpräsident Tobias Weller (CSU) sprach im Landtag.", "Tobias Weller"),  # a Land's
    ("Bayerns Innenminister Jonas Reiter (CSU) forderte mehr Polizei.", "Jonas Reiter"),
    ("Kanzler Jonas Reiter (Grüne) sprach.", "Jonas Reiter"),  # Greens in several countries
    ("Der Kanzler der Universität, Jonas Reiter (SPD), sprach.", "Jonas Reiter"),
])
def test_party_says_nothing_about_regional_or_other_offices(text: str, person: str) -> None:
    assert where_of(text, person) <= {None}


# 'Bundes...' offices belong to Germany, Austria or Switzerland.

def test_federal_office_in_the_one_federation_the_article_names() -> None:
    text = ("Bundeswirtschaftsminister Peter Sommer hat dem deutschen Konzern den Export "
            "untersagt.")
    assert ("Peter Sommer", "Wirtschaftsminister", "Deutschland") in posts(read(text))


def test_federal_office_marked_foreign_points_to_the_other_federation() -> None:
    """The article calls one office 'deutsch': its unmarked federal offices are Austria's, and
    the colleague of the Austrian president is Germany's."""
    x = read("Bundespräsident Anton Gruber sprach in Berlin mit der deutschen Bundeskanzlerin "
             "Eva Roth und seinem Amtskollegen Klaus Weber. Gruber sagte, das Verhältnis "
             "zwischen Österreich und Deutschland sei gut.")
    assert {("Anton Gruber", "Bundespräsident", "Österreich"),
            ("Eva Roth", "Bundeskanzler", "Deutschland"),
            ("Klaus Weber", "Bundespräsident", "Deutschland")} <= posts(x)


@pytest.mark.parametrize("text, person", [
    # two chancellors without a country: which one is whose is not said
    ("Kanzlerin Eva Roth und Kanzler Lukas Brandner trafen sich in Wien.", "Eva Roth"),
    ("Kanzlerin Eva Roth und Kanzler Lukas Brandner trafen sich in Wien.", "Lukas Brandner"),
    # two federations named, none marked as foreign
    ("Bundespräsident Anton Gruber sprach in Bern und Wien.", "Anton Gruber"),
])
def test_federal_office_stays_open_when_the_article_does_not_decide(text: str,
                                                                   person: str) -> None:
    assert where_of(text, person) <= {None}


def test_federal_office_not_given_the_country_of_someone_elses_office() -> None:
    text = "Kanzlerin Eva Roth lobte Kanzler Lukas Brandner (SPÖ) in Wien."
    assert ("Lukas Brandner", "Kanzler", "Österreich") in posts(read(text))
    assert where_of(text, "Eva Roth") <= {None}


# '<X>ministerium unter <Person>': the person heads that ministry.

def test_ministry_under_a_person_is_headed_by_that_person() -> None:
    x = read("Der Verdacht ist, dass das Innenministerium, einst unter Karl Moser, nun unter "
             "Eva Lindner (beide ÖVP), Druck ausübt.")
    assert {("Karl Moser", "Innenminister", "Österreich"),
            ("Eva Lindner", "Innenminister", "Österreich")} <= posts(x)


def test_ministry_under_something_else_names_no_minister() -> None:
    x = read("Das Verteidigungsministerium stellte unter Mitwirkung von Jan Kolb einen Plan vor.")
    assert not any(role == "Verteidigungsminister" for _, role, _ in posts(x))


# Compounds that name the organ: '<Organ>sprecher', 'Ratspräsident', 'Kremlchef'.

@pytest.mark.parametrize("text, post", [
    ("Kremlsprecher Igor Petrenko dementierte.", ("Igor Petrenko", "Sprecher", "Kreml")),
    ("Pentagonsprecher John Miller bestätigte den Angriff.",
     ("John Miller", "Sprecher", "Pentagon")),
    ("Ratspräsident Jan Kowal lud zum Gipfel.",
     ("Jan Kowal", "Ratspräsident", "Europäische Union")),
    ("Kremlchef Oleg Sorin empfing die Gäste.", ("Oleg Sorin", "Präsident", "Russland")),
    ("Außenministerin Eva Lindner (ÖVP) schwieg. Außenamtssprecher Felix Bauer wies die Kritik "
     "zurück.", ("Felix Bauer", "Sprecher", "Außenministerium Österreichs")),
])
def test_compound_names_the_organ_of_the_post(text: str, post: tuple) -> None:
    assert post in posts(read(text))


def test_ministry_spokesperson_of_an_unknown_country_keeps_the_word() -> None:
    x = read("Außenamtssprecher Felix Bauer wies die Kritik zurück.")
    assert posts(x) == {("Felix Bauer", "Außenamtssprecher", None)}


# An organisation's role with a 'für' complement before the name.

def test_role_with_a_complement_before_the_name() -> None:
    x = read("Die Gespräche gehen weiter, erklärte der AU-Sondergesandte für Mali, Amadou Diallo, "
             "in Bamako.")
    assert ("Amadou Diallo", "Sondergesandter", "Afrikanische Union") in posts(x)


def test_the_country_an_envoy_is_for_is_not_the_envoys() -> None:
    x = read("Das sagte der Sondergesandte für Syrien, Erik Lindqvist, am Sonntag.")
    assert where_of(x.article.text, "Erik Lindqvist") == {None}


def test_a_role_that_titles_the_next_name_is_no_apposition() -> None:
    x = read("Dazu zählen der US-Ökonom Tom Baker, der britische Labour-Abgeordnete John Miles "
             "und andere.")
    assert ("John Miles", "Abgeordneter", "Labour") in posts(x)
    assert where_of(x.article.text, "Tom Baker") == set()


# 'Der <militärische Rolle> ...' right after a person introduced by rank.

def test_definite_military_role_after_a_ranked_person_is_that_persons_post() -> None:
    x = read("In Oslo äußerte sich Generalmajor Erik Lund zur Lage im Norden. Der "
             "Vize-Generalstabschef hatte gesagt, man müsse wachsam sein.")
    assert any(p[:2] == ("Erik Lund", "Vize-Generalstabschef") for p in posts(x))


@pytest.mark.parametrize("text", [
    # two people before the role
    "Generalmajor Erik Lund und Oberst Jan Berg kamen an. Der Generalstabschef sagte nichts.",
    # no rank: the role may be anyone's
    "Erik Lund kam an. Der Generalstabschef sagte nichts.",
])
def test_definite_role_is_not_guessed(text: str) -> None:
    assert not any(role.endswith("Generalstabschef") for _, role, _ in posts(read(text)))


# The monarch one meets in a country is that country's.

def test_king_met_in_a_country_is_its_king() -> None:
    x = read("Außenminister Mark Halloway traf in Jordanien auch König Faisal II. Danach reiste "
             "er ab.")
    assert ("Faisal II.", "König", "Jordanien") in posts(x)


@pytest.mark.parametrize("text, person", [
    # a president met abroad is often a guest there too
    ("Außenminister Mark Halloway traf in Jordanien auch Präsident Samir Haddad.",
     "Samir Haddad"),
    # the monarch is the subject, not the one met
    ("König Faisal II. traf in Jordanien auch Präsident Samir Haddad.", "Faisal II."),
])
def test_only_a_monarch_met_in_a_country_is_placed_there(text: str, person: str) -> None:
    assert "Jordanien" not in where_of(text, person)


# Ministries: a country's ministry is an organisation of its own, named in the genitive.

def _ministries(text: str) -> set[str]:
    return {e.label for e in read(text).entities if e.key.startswith("Organisation/")
            and "ministerium" in e.key}


@pytest.mark.parametrize("text, ministries", [
    ("Eine Delegation des Verteidigungsministeriums Aserbaidschans traf in Tiflis ein.",
     {"Verteidigungsministerium Aserbaidschans"}),
    ("Das georgische Verteidigungsministerium teilte es mit.", {"Verteidigungsministerium Georgiens"}),
    ("Das Außenministerium der Türkei teilte es mit.", {"Außenministerium der Türkei"}),
])
def test_a_countrys_ministry_is_an_organisation(text: str, ministries: set[str]) -> None:
    assert _ministries(text) == ministries


@pytest.mark.parametrize("text", [
    "Aserbaidschan und Georgien vertiefen ihre Partnerschaft. Die Verteidigungsministerien der "
    "beiden Länder unterzeichneten einen Plan.",
    "Aserbaidschan und Georgien vertiefen ihre Partnerschaft. Die Verteidigungsministerien "
    "beider Länder unterzeichneten einen Plan.",
])
def test_ministries_of_the_two_countries_are_both_named(text: str) -> None:
    assert _ministries(text) == {"Verteidigungsministerium Aserbaidschans",
                                 "Verteidigungsministerium Georgiens"}


@pytest.mark.parametrize("text", [
    # no pair of countries to share out
    "Georgien plant eine Reform. Die Verteidigungsministerien der beiden Länder sind zuständig.",
    # ministries in general, not those of the two countries
    "Aserbaidschan und Georgien vertiefen ihre Partnerschaft. Viele Verteidigungsministerien "
    "loben die beiden Länder.",
])
def test_plural_ministries_without_the_pair_name_no_ministry(text: str) -> None:
    assert _ministries(text) == set()
