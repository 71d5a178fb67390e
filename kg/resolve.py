"""Corpus-level resolution on plain records, after every article was read on its own.

- A person named only by surname ("Alijew") in one article is the person with that surname
  ("Ilham Alijew") in another, when exactly one such full name is known.
- An event told without a date is the dated event of the same type and participants, when
  exactly one such dated event is known.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace

from kg.records import Entity, Event, Extraction, Post


def resolve(extractions: Sequence[Extraction]) -> list[Extraction]:
    renames = _surname_renames(extractions)
    out = [_rename(x, renames) for x in extractions] if renames else list(extractions)
    out = _same_labels(out)
    dates = _unique_dates(out)
    return [_dated(x, dates) for x in out] if dates else out


def _surname_renames(extractions: Sequence[Extraction]) -> dict[str, str]:
    full: dict[str, set[str]] = defaultdict(set)  # key of the surname -> full-name keys
    short: set[str] = set()
    for x in extractions:
        for e in x.entities:
            if e.type != "Person":
                continue
            parts = e.key.split("/", 1)[1].split("-")
            if len(parts) == 1 and len(e.label.split()) == 1:
                short.add(e.key)
            else:
                full["Person/" + parts[-1]].add(e.key)
    renames = {k: next(iter(full[k])) for k in short if len(full.get(k, ())) == 1}
    every = {e.key for x in extractions for e in x.entities if e.type == "Person"}
    for key in every:  # 'Recep Tayyip Erdogans' (a genitive read as a name)
        if key.endswith("s") and key[:-1] in every:
            renames[key] = key[:-1]
    return renames


def _rename(x: Extraction, renames: dict[str, str]) -> Extraction:
    def r(key: str | None) -> str | None:
        return renames.get(key, key) if key else key

    entities = {}
    for e in x.entities:
        key = renames.get(e.key, e.key)
        entities.setdefault(key, replace(e, key=key))
    events = tuple(replace(e, roles=tuple(sorted({(role, r(k) or k) for role, k in e.roles})))
                   for e in x.events)
    posts = tuple(Post(r(p.person) or p.person, p.role, r(p.where), p.evidence) for p in x.posts)
    return replace(x, entities=tuple(sorted(entities.values(), key=lambda e: e.key)),
                   events=events, posts=posts)


def _same_labels(extractions: list[Extraction]) -> list[Extraction]:
    """Every article names a person by the label most articles use (ties: the fullest, then
    alphabetical), so a one-off spelling does not become the canonical name."""
    votes: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for x in extractions:
        for e in x.entities:
            if e.type == "Person":
                votes[e.key][e.label] += 1
    best = {k: min(v, key=lambda lab: (-v[lab], -len(lab.split()), lab)) for k, v in votes.items()
            if len(v) > 1}
    if not best:
        return extractions
    return [replace(x, entities=tuple(_relabel(e, best.get(e.key)) for e in x.entities))
            for x in extractions]


def _relabel(e: Entity, label: str | None) -> Entity:
    if label is None or label == e.label:
        return e
    aliases = tuple(dict.fromkeys(a for a in (e.label, *e.aliases) if a != label))
    return replace(e, label=label, aliases=aliases)


def _unique_dates(extractions: Sequence[Extraction]) -> dict[tuple, object]:
    seen: dict[tuple, set] = defaultdict(set)
    for x in extractions:
        for e in x.events:
            if e.date is not None:
                seen[(e.type, e.roles)].add(e.date)
    return {k: next(iter(v)) for k, v in seen.items() if len(v) == 1}


def _dated(x: Extraction, dates: dict[tuple, object]) -> Extraction:
    if not any(e.date is None and (e.type, e.roles) in dates for e in x.events):
        return x
    events = tuple(replace(e, date=dates[(e.type, e.roles)])  # type: ignore[arg-type]
                   if e.date is None and (e.type, e.roles) in dates else e for e in x.events)
    return replace(x, events=events)


__all__ = ["Entity", "Event", "resolve"]
