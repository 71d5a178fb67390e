"""Dates in German news text, resolved against the article's publication date when known.

A regular expression finds the expressions; the arithmetic below keeps the precision the text
gives ("am 2. April" without a year stays ``--04-02``), which a general date parser would fill
in with today's year.
"""
from __future__ import annotations

import re
from datetime import date, timedelta

from kg.records import DateValue

MONTHS = {m: i for i, m in enumerate(
    ["januar", "februar", "märz", "april", "mai", "juni", "juli", "august", "september", "oktober", "november", "dezember"], 1)}
MONTHS["jänner"] = 1
WEEKDAYS = {d: i for i, d in enumerate(
    ["montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag"])}
_M = "|".join(MONTHS)
_W = "|".join(WEEKDAYS)
PATTERN = re.compile(
    rf"(?P<day>\d{{1,2}})\.\s*(?P<month>{_M})(?:\s+(?P<year>(?:19|20)\d\d))?"
    rf"|(?P<day2>\d{{1,2}})\.(?P<month2>\d{{1,2}})\.(?P<year2>(?:19|20)\d\d)"
    rf"|\b(?:im|Im|Anfang|Mitte|Ende)\s+(?P<month3>{_M})(?:\s+(?P<year3>(?:19|20)\d\d))?"
    rf"|\b(?P<month4>{_M})\s+(?P<year4>(?:19|20)\d\d)"
    rf"|\b(?:am|Am|seit|vom|bis)\s+(?:(?P<past>vergangenen|letzten)\s+|"
    rf"(?P<next>kommenden|nächsten)\s+)?(?P<weekday>{_W})"
    rf"|\b(?P<rel>heute|gestern|vorgestern|morgen)\b"
    rf"|\b(?:im\s+Jahr|Im\s+Jahr)\s+(?P<year5>(?:19|20)\d\d)",
    re.IGNORECASE,
)


def find_dates(text: str, published: str | None, *,
               ahead: bool = False) -> list[tuple[int, DateValue]]:
    """(character offset, value) of every date expression in ``text``.

    A weekday is the one before publication ('am Dienstag' in a report), or the one after it
    with ``ahead`` (an announced event: 'wird am Dienstag ... unterzeichnen') or 'kommenden'.

    >>> find_dates("am Dienstag", "2024-05-10", ahead=True)[0][1].lexical
    '2024-05-14'
    """
    try:
        pub = date.fromisoformat(published) if published else None
    except ValueError:
        pub = None  # a publication date that is no ISO date resolves nothing
    found = []
    for m in PATTERN.finditer(text):
        value = _resolve(m, pub, ahead=ahead)
        if value is not None:
            found.append((m.start(), value))
    return found


def _resolve(m: re.Match[str], pub: date | None, *, ahead: bool = False) -> DateValue | None:
    g = {k: v for k, v in m.groupdict().items() if v}
    if "day" in g:
        return _day_month(int(g["day"]), MONTHS[g["month"].lower()], g.get("year"), pub)
    if "day2" in g:
        return _day_month(int(g["day2"]), int(g["month2"]), g["year2"], pub)
    for mk, yk in (("month3", "year3"), ("month4", "year4")):
        if mk in g:
            year = g.get(yk) or (str(pub.year) if pub else None)
            return DateValue(f"{year}-{MONTHS[g[mk].lower()]:02d}", "gYearMonth") if year else None
    if "weekday" in g and pub:
        day = WEEKDAYS[g["weekday"].lower()]
        if "next" in g:  # 'am kommenden Freitag' written on a Friday: a week later
            return DateValue((pub + timedelta(days=(day - pub.weekday() - 1) % 7 + 1)).isoformat(),
                             "date")
        if ahead and "past" not in g:
            return DateValue((pub + timedelta(days=(day - pub.weekday()) % 7)).isoformat(), "date")
        back = (pub.weekday() - day) % 7
        return DateValue((pub - timedelta(days=back)).isoformat(), "date")
    if "rel" in g and pub:
        shift = {"heute": 0, "gestern": -1, "vorgestern": -2, "morgen": 1}[g["rel"].lower()]
        return DateValue((pub + timedelta(days=shift)).isoformat(), "date")
    if "year5" in g:
        return DateValue(g["year5"], "gYear")
    return None


def _day_month(day: int, month: int, year: str | None, pub: date | None) -> DateValue | None:
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    if year is None and pub is not None:
        y = pub.year if (month, day) <= (pub.month, pub.day) or month - pub.month <= 1 else pub.year - 1
        year = str(y)
    try:
        if year is None:
            date(2000, month, day)  # validates day-of-month (leap year allowed)
            return DateValue(f"--{month:02d}-{day:02d}", "gMonthDay")
        return DateValue(date(int(year), month, day).isoformat(), "date")
    except ValueError:
        return None
