"""People and posts: what the name rules catch, and what they must not catch."""
from __future__ import annotations

import pytest
from extract_helpers import persons, posts, read


@pytest.mark.parametrize("text, name", [
    ("Präsident Miroslav Kadlec eröffnete die Sitzung.", "Miroslav Kadlec"),
    ("Der Besuch fand auf Einladung von Generaloberst Tural Mammadli statt.", "Tural Mammadli"),
    ("Verteidigungsministerin Ingrid Solberg reiste ab.", "Ingrid Solberg"),
    ("Die Delegation stand unter der Leitung von Kerem Aydin.", "Kerem Aydin"),
    ("Ilse Brandauer, die Außenministerin Österreichs, sprach.", "Ilse Brandauer"),
    ("König Faisal II. empfing die Gäste.", "Faisal II."),
    ("Präsident Baschar al-Numan sprach.", "Baschar al-Numan"),
    ("Die Kandidatin Ursula van der Linde lag vorn.", "Ursula van der Linde"),
    ("Jean-Luc de la Fontaine, Außenminister Frankreichs, sprach.", "Jean-Luc de la Fontaine"),
    ("Der Minister Carlos de los Santos kam.", "Carlos de los Santos"),
])
def test_person_found_after_titles_first_names_and_in_appositions(text: str, name: str) -> None:
    assert name in persons(read(text))


@pytest.mark.parametrize("text", [
    "Die Regierung will Anfang der Woche entscheiden.",
    "Im April stiegen die Preise.",
    "Das Treffen der Minister wurde verschoben.",
    "Sie sprach auf Deutsch mit den Journalisten.",
    "Das Haus de la Culture in Paris bleibt geschlossen.",
])
def test_ordinary_capitalised_words_are_no_people(text: str) -> None:
    assert persons(read(text)) == set()


def test_surname_and_genitive_join_the_full_name() -> None:
    x = read("Präsident Ilkin Rustamov traf ein. Rustamovs Rede wurde gelobt. Rustamov lachte.")
    assert persons(x) == {"Ilkin Rustamov"}
    person = next(e for e in x.entities if e.type == "Person")
    assert "Rustamov" in person.aliases


@pytest.mark.parametrize("text, post", [
    ("Der italienische Verteidigungsminister Paolo Ferrante kam an.",
     ("Paolo Ferrante", "Verteidigungsminister", "Italien")),
    ("Aserbaidschans Verteidigungsminister, Generaloberst Elnur Qasimov, sprach.",
     ("Elnur Qasimov", "Verteidigungsminister", "Aserbaidschan")),
    ("Der Präsident der Republik Kasachstan, Nurlan Abenov, reiste ab.",
     ("Nurlan Abenov", "Präsident", "Kasachstan")),
    ("US-Außenminister Mark Halloway landete.",
     ("Mark Halloway", "Außenminister", "Vereinigte Staaten")),
    ("Chinas Staats- und Parteichef Li Weiguo sprach.", ("Li Weiguo", "Staatschef", "China")),
    ("Die deutsche Bundeswirtschaftsministerin Karla Heine kam.",
     ("Karla Heine", "Wirtschaftsminister", "Deutschland")),
])
def test_post_is_role_and_country_from_the_phrase(text: str, post: tuple) -> None:
    assert post in posts(read(text))


def test_colleague_holds_the_other_persons_role() -> None:
    x = read("Der georgische Außenminister Levan Beridze traf sich mit seinem polnischen "
             "Amtskollegen Tomasz Wrona.")
    assert ("Tomasz Wrona", "Außenminister", "Polen") in posts(x)


@pytest.mark.parametrize("text, post", [
    ("Verteidigungsminister Aserbaidschans Elchin Rustamli reist nach Ankara. Der Minister wird "
     "mit seinem türkischen Amtskollegen Murat Yildirimoglu sprechen.",
     ("Murat Yildirimoglu", "Verteidigungsminister", "Türkei")),
    ("Der Verteidigungsminister empfing seinen georgischen Amtskollegen Irakli Beridse.",
     ("Irakli Beridse", "Verteidigungsminister", "Georgien")),
    ("Am Montag empfing der Außenminister seinen polnischen Amtskollegen Jan Wrona.",
     ("Jan Wrona", "Außenminister", "Polen")),
])
def test_colleague_of_a_role_word_subject_holds_that_role(text: str, post: tuple) -> None:
    assert post in posts(read(text))


@pytest.mark.parametrize("text, person", [
    # the role word is no subject: after a preposition, or a bare 'Minister' no one is named as
    ("Ein Treffen mit der Außenministerin und ihrem polnischen Amtskollegen Jan Wrona fand "
     "statt.", "Jan Wrona"),
    ("Der Minister traf seinen polnischen Amtskollegen Jan Wrona.", "Jan Wrona"),
    # no possessive: whose colleague is open
    ("Der Außenminister lobte den polnischen Amtskollegen Jan Wrona.", "Jan Wrona"),
])
def test_colleague_of_no_clear_subject_gets_no_role(text: str, person: str) -> None:
    assert not any(p[0] == person for p in posts(read(text)))


def test_apposition_does_not_reach_past_und() -> None:
    x = read("Es sprachen der Leiter des Amtes, Generalmajor Samir Karimli, und der Kommandeur "
             "der Landstreitkräfte, Generalleutnant Vugar Safarli.")
    assert not any(p[0] == "Samir Karimli" and p[1].startswith("Kommandeur") for p in posts(x))
    assert ("Vugar Safarli", "Kommandeur der Landstreitkräfte", None) in posts(x)


@pytest.mark.parametrize("text, post", [
    ("Botschafter Aserbaidschans in der Türkei, Tural Husseinli, nahm teil.",
     ("Tural Husseinli", "Botschafter", "Aserbaidschan")),
    ("Der Militärattaché der Botschaft der Türkei in Aserbaidschan, Oberst Kemal Arslanoglu, "
     "war anwesend.", ("Kemal Arslanoglu", "Militärattaché", "Türkei")),
])
def test_envoy_serves_his_own_country_not_the_host(text: str, post: tuple) -> None:
    x = read(text)
    assert post in posts(x)
    assert len([p for p in posts(x) if p[0] == post[0]]) == 1


def test_post_without_country_is_not_guessed_from_other_places_in_the_sentence() -> None:
    x = read("Minister Jorma Salo sagte in Berlin und Paris, man sei einig.")
    assert all(where is None for _, _, where in posts(x))


@pytest.mark.parametrize("text, post", [
    ("Kaja Tamm, die Hohe Vertreterin für Außenpolitik der EU, reiste ab.",
     ("Kaja Tamm", "Hoher Vertreter", "Europäische Union")),
    ("Der Ständige Vertreter Polens, Jan Wrobel, sprach.", ("Jan Wrobel", "Ständiger Vertreter", "Polen")),
])
def test_two_word_titles_are_posts(text: str, post: tuple) -> None:
    assert post in posts(read(text))


# --- deputies, bodies of state and portfolios -------------------------------------------------

@pytest.mark.parametrize("text, post", [
    ("Der stellvertretende Verteidigungsminister Aserbaidschans, Generalmajor Anar Mammadli, "
     "empfing die Gäste.", ("Anar Mammadli", "stellvertretender Verteidigungsminister",
                            "Aserbaidschan")),
    ("Eine Delegation des Verteidigungsministeriums Aserbaidschans unter der Leitung des "
     "stellvertretenden Verteidigungsministers Generalleutnant Kerim Aliyarov traf ein.",
     ("Kerim Aliyarov", "stellvertretender Verteidigungsminister", "Aserbaidschan")),
    ("Er empfing den Chef des Generalstabs der pakistanischen Streitkräfte, General Tariq Rana.",
     ("Tariq Rana", "Chef des Generalstabs", "Pakistan")),
    ("Er traf den Präsidenten der türkischen Verteidigungsindustrie, Emre Kocabaş.",
     ("Emre Kocabaş", "Präsident der Verteidigungsindustrie", "Türkei")),
    ("Der Minister für Verteidigungsindustrie Aserbaidschans, Mirza Talibzade, sprach.",
     ("Mirza Talibzade", "Minister für Verteidigungsindustrie", "Aserbaidschan")),
])
def test_deputy_body_of_state_and_portfolio_stay_in_the_post(text: str, post: tuple) -> None:
    assert post in posts(read(text))


@pytest.mark.parametrize("text, post", [
    ("Der Kommandeur der Landstreitkräfte Aserbaidschans, Generalleutnant Vugar Safarli, sprach.",
     ("Vugar Safarli", "Kommandeur der Landstreitkräfte", "Aserbaidschan")),
    ("Der Kommandeur der Luftstreitkräfte der Republik Aserbaidschan, Generalleutnant Ramiz "
     "Tahirov, sprach.", ("Ramiz Tahirov", "Kommandeur der Luftstreitkräfte", "Aserbaidschan")),
    ("Der Chef des Generalstabs der Streitkräfte der Türkei, General Metin Aksoylu, sprach.",
     ("Metin Aksoylu", "Chef des Generalstabs", "Türkei")),
])
def test_body_of_state_named_with_its_country_in_the_genitive(text: str, post: tuple) -> None:
    assert post in posts(read(text))


@pytest.mark.parametrize("text, person", [
    # a chamber is no body of state: its country is not the president's
    ("Der Präsident der Handelskammer Österreichs, Jan Auer, sprach.", "Jan Auer"),
    # a country elsewhere in the sentence is not the body's
    ("Der Kommandeur der Landstreitkräfte, Generalleutnant Vugar Safarli, sprach in Georgien.",
     "Vugar Safarli"),
])
def test_genitive_country_only_right_after_a_body_of_state(text: str, person: str) -> None:
    assert all(where is None for name, _, where in posts(read(text)) if name == person)


def test_deputy_is_not_the_minister() -> None:
    x = read("Der stellvertretende Verteidigungsminister Österreichs, Jan Auer, sprach. "
             "Der Minister selbst schwieg.")
    assert ("Jan Auer", "Verteidigungsminister", "Österreich") not in posts(x)


def test_president_of_an_industry_is_not_head_of_state() -> None:
    x = read("Er traf den Präsidenten der deutschen Rüstungsindustrie, Jan Auer.")
    assert ("Jan Auer", "Präsident", "Deutschland") not in posts(x)


def test_head_of_an_association_gets_no_country_from_the_article() -> None:
    x = read("Das sagte die Präsidentin des griechischen Bankenverbandes, Lina Karas, in Athen. "
             "Griechenland, Griechenland und Griechenland.")
    assert not any(p[0] == "Lina Karas" and p[2] == "Griechenland" for p in posts(x))


def test_minister_of_another_country_does_not_take_a_named_ministrys_country() -> None:
    x = read("Das österreichische Innenministerium prüft. Innenminister Petar Jankovic sagte "
             "in Belgrad, die Lage sei ruhig.")
    assert ("Petar Jankovic", "Innenminister", "Österreich") not in posts(x)
