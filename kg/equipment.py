"""Weapon-system models beyond the plain names of the data file (pipeline component
``ddkg_equipment``, after ``ddkg_gazetteer``; it adds to ``doc.spans["gaz"]``).

German news names a model next to a type noun (kg/data/equipment_types.toml):

- a designation joined to the type noun by a hyphen: "F-16-Kampfjets", "S-400-Systeme",
  "Bayraktar TB2-Drohnen";
- the type noun, perhaps a marker, then the designation: "Kampfjets vom Typ Rafale",
  "Transportflugzeuge C-27J Spartan", "Drohnen des Typs Anka";
- the designation, then the type noun: "Su-35 Kampfjets".

A designation the data file knows keeps its entity (also by the last word of its label:
"vom Typ Rafale" is the "Dassault Rafale"); another becomes a model of its own
("EquipmentModel/su-35"). Without a marker only a designation that looks like one (letters
with digits, "C-27J", "TB2"; or capitals, "HIMARS") counts, so "Fahrzeuge Mercedes" is no model.
"""
from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from kg import gazetteer
from kg.gazetteer import Gazetteer
from kg.ids import slug
from kg.nlp import common_nouns, words_of

LABEL = "EquipmentModel"
NAMES = "ddkg_names"  # doc.user_data: entity key -> its name, where the span has more words
# A designation has letters and digits: 'C-27J', 'F-16', 'TB2', 'Su-35', 'A400M', 'MiG-29'
DESIGNATION = re.compile(r"(?=\S*\d)[A-Z][A-Za-z]*-?[0-9][0-9A-Za-z]*(?:-[0-9A-Z][0-9A-Za-z]*)*")
# After 'vom Typ' a name in capitals counts too: 'HIMARS', 'IRIS-T'
CAPITALS = re.compile(r"[A-Z]{3,}(?:-[A-Z0-9]+)*|[A-Z]{2}-[A-Z0-9]+")
NUMBER = re.compile(r"\d{1,4}[A-Z]?\d?|I{1,3}|IV|VI{0,3}")  # "Leopard 2", "Mirage 2000", "Delta II"
CAPITALISED = re.compile(r"[A-Z][a-zA-Z]+")
ENDINGS = r"(?:e|en|n|s|es|er|ern)?"


@dataclass(frozen=True)
class _Types:
    compound: re.Pattern[str]  # a word ending in a type noun of `nouns`
    generic: re.Pattern[str]  # a word that is one of `generic`
    markers: tuple[tuple[str, ...], ...]


@functools.lru_cache(maxsize=1)
def _types() -> _Types:
    data = gazetteer.read_data_toml("equipment_types.toml")

    def alternatives(words: list[str]) -> str:
        return "|".join(re.escape(w.lower()) for w in sorted(words, key=len, reverse=True))

    return _Types(re.compile(f".*(?:{alternatives(data['nouns'])}){ENDINGS}"),
                  re.compile(f"(?:{alternatives(data['generic'])}){ENDINGS}"),
                  tuple(sorted((tuple(m) for m in data["markers"]), key=len, reverse=True)))


@functools.lru_cache(maxsize=1 << 16)  # asked of every word of every article
def is_type_noun(word: str) -> bool:
    """A noun of a weapon type: 'Kampfjets', 'Luftabwehrsysteme', 'Systeme'; not 'Jetzt' or
    'Kamerasystem'.

    >>> is_type_noun("Transportflugzeugen"), is_type_noun("Kamerasysteme")
    (True, False)
    """
    if not word[:1].isupper():
        return False
    low = word.lower()
    types = _types()
    return bool(types.generic.fullmatch(low) or types.compound.fullmatch(low))


@Language.factory("ddkg_equipment")
def make_equipment(nlp: Language, name: str) -> EquipmentTagger:
    return EquipmentTagger(gazetteer.load(), common_nouns())


class EquipmentTagger:
    max_extra = 2  # words after the first of a designation: 'C-27J Spartan', 'F-16 Fighting Falcon'

    def __init__(self, gaz: Gazetteer, nouns: frozenset[str]) -> None:
        self.gaz = gaz
        self.nouns = nouns
        self.known = {form: key for form, key in gaz.surface.items()
                      if key.startswith(LABEL + "/")}
        tails: dict[str, set[str]] = {}
        for key, e in gaz.entities.items():
            if e.type == LABEL:
                for name in (e.label, *e.aliases):
                    if " " in name:
                        tails.setdefault(name.rsplit(" ", 1)[1], set()).add(key)
        self.tails = {w: next(iter(keys)) for w, keys in tails.items() if len(keys) == 1}

    def __call__(self, doc: Doc) -> Doc:
        words, _ = words_of(doc)
        found = list(self._compounds(doc, words)) + list(self._after_type(doc, words))
        found += list(self._before_type(doc, words))
        if found:
            doc.spans["gaz"] = filter_spans(list(doc.spans["gaz"]) + found)
        return doc

    def _key(self, text: str, *, loose: bool) -> str | None:
        key = self.known.get(text) or (self.tails.get(text) if loose else None)
        if key is None and (loose or DESIGNATION.fullmatch(text)):
            key = f"{LABEL}/{slug(text)}"
        return key

    def _compounds(self, doc: Doc, words: list[str]) -> Iterator[Span]:
        """'F-16-Kampfjets', 'Bayraktar TB2-Drohnen', 'Rafale-Kampfflugzeuge'."""
        for i, word in enumerate(words):
            if "-" not in word or not is_type_noun(word.rsplit("-", 1)[1]):
                continue
            head = word.rsplit("-", 1)[0]
            if not self.known.get(head, LABEL).startswith(LABEL) or \
                    not self.gaz.surface.get(head, LABEL).startswith(LABEL):
                continue  # 'NATO-Systeme' are no model
            if i > 0 and f"{words[i - 1]} {head}" in self.known:
                yield Span(doc, i - 1, i + 1, label=LABEL,
                           kb_id=self.known[f"{words[i - 1]} {head}"])
                continue
            key = self.known.get(head) or self.tails.get(head)
            if key is None and DESIGNATION.fullmatch(head):
                key = f"{LABEL}/{slug(head)}"
                doc.user_data.setdefault(NAMES, {})[key] = head  # not 'F-22-Kampfjets'
            if key:
                yield Span(doc, i, i + 1, label=LABEL, kb_id=key)

    def _after_type(self, doc: Doc, words: list[str]) -> Iterator[Span]:
        """'Kampfjets vom Typ Rafale', 'Transportflugzeuge C-27J Spartan'."""
        markers = _types().markers
        for i, word in enumerate(words):
            if not is_type_noun(word):
                continue
            j = i + 1
            marker = next((m for m in markers if tuple(words[j:j + len(m)]) == m), ())
            j += len(marker)
            if j >= len(words) or not self._first_word(words[j], explicit=bool(marker)):
                continue
            end = self._designation_end(doc, words, j)
            text = doc[j:end].text
            key = self._key(text, loose=bool(marker)) or self._key(words[j], loose=bool(marker))
            if key is None:
                continue
            if key.endswith("/" + slug(words[j])) and end > j + 1 and not self.known.get(words[j]):
                key = f"{LABEL}/{slug(text)}"
            yield Span(doc, j, end, label=LABEL, kb_id=key)

    def _before_type(self, doc: Doc, words: list[str]) -> Iterator[Span]:
        """'Su-35 Kampfjets': a designation right before its type noun."""
        for i in range(len(words) - 1):
            if is_type_noun(words[i + 1]) and DESIGNATION.fullmatch(words[i]) and \
                    words[i] not in self.gaz.surface:
                yield Span(doc, i, i + 1, label=LABEL, kb_id=f"{LABEL}/{slug(words[i])}")

    def _first_word(self, word: str, *, explicit: bool) -> bool:
        """A designation's first word: one with digits; after 'vom Typ' also capitals or a
        capitalised word. Not a place or organisation of the gazetteer."""
        if not self.gaz.surface.get(word, LABEL).startswith(LABEL):
            return False
        return bool(DESIGNATION.fullmatch(word) or explicit and (
            CAPITALS.fullmatch(word) or CAPITALISED.fullmatch(word)))

    def _designation_end(self, doc: Doc, words: list[str], j: int) -> int:
        """The end of the designation starting at ``j``: numbers and designations join it
        ('Leopard 2A7'); after a designation with digits, so do capitalised words that are no
        German noun, name or place ('C-27J Spartan', 'F-16 Fighting Falcon')."""
        people = {i for s in doc.spans.get("person", ()) for i in range(s.start, s.end)}
        end = j + 1
        while end < len(words) and end - j <= self.max_extra and end not in people:
            w = words[end]
            if " ".join(words[j:end + 1]) in self.known or NUMBER.fullmatch(w) or \
                    DESIGNATION.fullmatch(w) or any(c.isdigit() for c in words[j]) and CAPITALISED.fullmatch(w) and \
                    w not in self.nouns and w not in self.gaz.surface and not is_type_noun(w):
                end += 1
            else:
                break
        return end
