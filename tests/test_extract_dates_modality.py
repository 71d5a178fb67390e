"""Dates resolved against the publication date; planned and negated events."""
from __future__ import annotations

import pytest
from extract_helpers import read

from kg.dates import find_dates

MEETING = "Präsident Miroslav Kadlec traf sich {when} mit Kanzlerin Ilse Brandauer."


@pytest.mark.parametrize("when, published, lexical, kind", [
    ("am 2. April", None, "--04-02", "gMonthDay"),
    ("am 2. April", "2024-04-05", "2024-04-02", "date"),
    ("am 30.11.2016", None, "2016-11-30", "date"),
    ("im Februar", "2024-04-05", "2024-02", "gYearMonth"),
    ("am Dienstag", "2024-04-05", "2024-04-02", "date"),
    ("gestern", "2024-04-05", "2024-04-04", "date"),
])
def test_event_date_keeps_the_precision_the_text_gives(when: str, published: str | None,
                                                       lexical: str, kind: str) -> None:
    x = read(MEETING.format(when=when), date=published)
    assert x.events[0].date is not None
    assert (x.events[0].date.lexical, x.events[0].date.kind) == (lexical, kind)


@pytest.mark.parametrize("text, lexical", [
    ("Präsident Miroslav Kadlec wird am Dienstag nach Japan reisen.", "2024-04-09"),
    ("Präsident Miroslav Kadlec reiste am Dienstag nach Japan.", "2024-04-02"),
    ("Präsident Miroslav Kadlec reist am kommenden Freitag nach Japan.", "2024-04-12"),
])
def test_weekday_of_an_announced_event_lies_ahead(text: str, lexical: str) -> None:
    x = read(text, date="2024-04-05")  # a Friday
    assert x.events[0].date is not None and x.events[0].date.lexical == lexical


def test_month_without_year_or_publication_date_is_left_out() -> None:
    assert find_dates("im Februar", None) == []


def test_december_read_in_january_is_last_year() -> None:
    assert find_dates("am 28. Dezember", "2024-01-03")[0][1].lexical == "2023-12-28"


@pytest.mark.parametrize("text, status", [
    ("Präsident Miroslav Kadlec soll nächste Woche nach Japan reisen.", "planned"),
    ("Präsident Miroslav Kadlec wird voraussichtlich nach Japan reisen.", "planned"),
    ("Präsident Miroslav Kadlec reiste nicht nach Japan.", "negated"),
    ("Präsident Miroslav Kadlec sagte die Reise nach Japan ab.", "negated"),
    ("Präsident Miroslav Kadlec reiste nach Japan.", "occurred"),
])
def test_status_from_modal_and_negating_words(text: str, status: str) -> None:
    visits = [e for e in read(text).events if e.type == "Visit"]
    assert visits and visits[0].status == status
