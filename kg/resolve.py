"""Corpus-level resolution on plain records, after every article was read on its own.

- A person named only by surname ("Qasimov") in one article is the person with that surname
  ("Elnur Qasimov") in another, when exactly one such full name is known; a genitive read as a
  name ("Emre Kayas") is the name without it.
- Every article names a person by the label most articles use.
- An event told without a date is the dated event of the same type and participants, when
  exactly one such dated event is known.

:func:`plan` reads all records once and returns a :class:`Resolution` that rewrites one record
at a time, so a large build never holds two copies of its records.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace

from kg.records import DateValue, Entity, Event, Extraction, Post


@dataclass(frozen=True)
class Resolution:
    renames: dict[str, str]  # person key -> the key it is
    labels: dict[str, str]  # person key -> the label most articles use
    dates: dict[tuple, DateValue]  # (type, roles) -> the one date known for that event

    def apply(self, x: Extraction) -> Extraction:
        if self.renames:
            x = _rename(x, self.renames)
        if self.labels:
            x = replace(x, entities=tuple(_relabel(e, self.labels.get(e.key)) for e in x.entities))
        if self.dates:
            x = _dated(x, self.dates)
        return x


def resolve(extractions: Sequence[Extraction]) -> list[Extraction]:
    resolution = plan(extractions)
    return [resolution.apply(x) for x in extractions]


def plan(extractions: Sequence[Extraction]) -> Resolution:
    renames = _surname_renames(extractions)
    return Resolution(renames, _labels(extractions, renames), _unique_dates(extractions, renames))


def _surname_renames(extractions: Sequence[Extraction]) -> dict[str, str]:
    full: dict[str, set[str]] = defaultdict(set)  # key of the surname -> full-name keys
    short: set[str] = set()
    every: set[str] = set()
    for x in extractions:
        for e in x.entities:
            if e.type != "Person":
                continue
            every.add(e.key)
            parts = e.key.split("/", 1)[1].split("-")
            if len(parts) == 1 and len(e.label.split()) == 1:
                short.add(e.key)
            else:
                full["Person/" + parts[-1]].add(e.key)
    renames = {k: next(iter(full[k])) for k in short if len(full.get(k, ())) == 1}
    for key in every:  # 'Emre Kayas' (a genitive read as a name)
        if key.endswith("s") and key[:-1] in every:
            renames[key] = key[:-1]
    return renames


def _rename(x: Extraction, renames: dict[str, str]) -> Extraction:
    def r(key: str | None) -> str | None:
        return renames.get(key, key) if key else key

    entities: dict[str, Entity] = {}
    for e in x.entities:
        key = renames.get(e.key, e.key)
        entities.setdefault(key, replace(e, key=key))
    events = tuple(replace(e, roles=_renamed_roles(e.roles, renames)) for e in x.events)
    posts = tuple(Post(r(p.person) or p.person, p.role, r(p.where), p.evidence) for p in x.posts)
    return replace(x, entities=tuple(sorted(entities.values(), key=lambda e: e.key)),
                   events=events, posts=posts)


def _renamed_roles(roles: tuple[tuple[str, str], ...],
                   renames: dict[str, str]) -> tuple[tuple[str, str], ...]:
    return tuple(sorted({(role, renames.get(k, k)) for role, k in roles}))


def _labels(extractions: Sequence[Extraction], renames: dict[str, str]) -> dict[str, str]:
    """The label most articles use for a person (ties: the fullest, then alphabetical), so a
    one-off spelling does not become the canonical name."""
    votes: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for x in extractions:
        for e in x.entities:
            if e.type == "Person":
                votes[renames.get(e.key, e.key)][e.label] += 1
    return {k: min(v, key=lambda lab: (-v[lab], -len(lab.split()), lab))
            for k, v in votes.items() if len(v) > 1}


def _relabel(e: Entity, label: str | None) -> Entity:
    if label is None or label == e.label:
        return e
    aliases = tuple(dict.fromkeys(a for a in (e.label, *e.aliases) if a != label))
    return replace(e, label=label, aliases=aliases)


def _unique_dates(extractions: Sequence[Extraction],
                  renames: dict[str, str]) -> dict[tuple, DateValue]:
    seen: dict[tuple, set[DateValue]] = defaultdict(set)
    for x in extractions:
        for e in x.events:
            if e.date is not None:
                seen[(e.type, _renamed_roles(e.roles, renames))].add(e.date)
    return {k: next(iter(v)) for k, v in seen.items() if len(v) == 1}


def _dated(x: Extraction, dates: dict[tuple, DateValue]) -> Extraction:
    if not any(e.date is None and (e.type, e.roles) in dates for e in x.events):
        return x
    events = tuple(replace(e, date=dates[(e.type, e.roles)])
                   if e.date is None and (e.type, e.roles) in dates else e for e in x.events)
    return replace(x, events=events)


__all__ = ["Event", "Resolution", "plan", "resolve"]
