"""Shared helpers for the extraction specs: run the real pipeline on one invented text."""
from __future__ import annotations

from kg.extract import extract
from kg.nlp import build_pipeline
from kg.records import Article, Extraction


def read(text: str, *, date: str | None = None) -> Extraction:
    return extract(Article(id="t.txt", text=text, date=date), build_pipeline()(text))


def persons(x: Extraction) -> set[str]:
    return {e.label for e in x.entities if e.type == "Person"}


def labels(x: Extraction) -> dict[str, str]:
    return {e.key: e.label for e in x.entities}


def events(x: Extraction, type_: str | None = None) -> list[tuple[str, frozenset[tuple[str, str]]]]:
    names = labels(x)
    return [(e.type, frozenset((r, names.get(k, k)) for r, k in e.roles))
            for e in x.events if type_ is None or e.type == type_]


def posts(x: Extraction) -> set[tuple[str, str, str | None]]:
    names = labels(x)
    return {(names[p.person], p.role, names.get(p.where) if p.where else None) for p in x.posts}
