"""Invented German articles for build and property tests: people, posts, meetings and visits.

Every name here is made up; the countries and cities come from the project's gazetteers.
"""
from __future__ import annotations

import json
from pathlib import Path

FIRST = ("Miroslav", "Ilse", "Jonas", "Annika", "Tomas", "Greta", "Viktor", "Lena", "Pavel",
         "Marta", "Oskar", "Helga", "Radek", "Sofia", "Emil", "Katrin")
LAST = ("Kadlec", "Brandauer", "Pavyzdys", "Lindqvist", "Horvat", "Novak", "Ferreira", "Dunst",
        "Kowalczyk", "Barros", "Halvorsen", "Marek", "Stojanov", "Vidal", "Kerr", "Almeida")
ROLES = ("Präsident", "Verteidigungsminister", "Außenminister", "Premierminister", "Kanzler")
COUNTRIES = ("Litauen", "Italien", "Polen", "Österreich", "Frankreich", "Türkei", "Ungarn",
             "Portugal", "Norwegen", "Kroatien")
CITIES = ("Wien", "Ankara", "Vilnius", "Rom", "Warschau", "Paris", "Budapest", "Lissabon")


def person(i: int) -> str:
    return f"{FIRST[i % len(FIRST)]} {LAST[(i * 7 + i // len(FIRST)) % len(LAST)]}"


def article(i: int) -> str:
    """The ``i``-th invented article: a meeting, a visit and posts; different ``i``, other text."""
    a, b = person(i), person(i + 3)
    role_a, role_b = ROLES[i % len(ROLES)], ROLES[(i + 2) % len(ROLES)]
    city, country = CITIES[i % len(CITIES)], COUNTRIES[(i + 1) % len(COUNTRIES)]
    return (f"{role_a} {a} traf sich am Montag mit {role_b} {b} in {city}. "
            f"Danach besuchte {role_a} {a} {country}. "
            f"Es ging um die Ausbildung von Soldaten (Meldung {i}).")


def write_corpus(folder: Path, n: int, *, start: int = 0, name: str = "corpus.jsonl") -> Path:
    """``n`` invented articles as one JSONL file in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    lines = (json.dumps({"title": f"Meldung {i}", "text": article(i)}, ensure_ascii=False)
             for i in range(start, start + n))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
