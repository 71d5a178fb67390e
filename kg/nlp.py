"""The spaCy pipeline: blank German plus the project's own registered components.

Components do ``Doc -> Doc`` and put what they find into ``doc.spans``:

- ``gaz``: gazetteer names (label = entity type, ``kb_id_`` = entity key)
- ``adj``: country adjectives ("türkischen"; ``kb_id_`` = country key)
- ``role``: titles of office ("Verteidigungsminister"; label = base role, ``kb_id_`` = the
  country or organisation of a prefix like "US-" when there is one)
- ``title``: military ranks and honorifics ("Generaloberst", "Frau")
- ``person``: person names (``kb_id_`` = "full" for a full name, "short" for a surname mention)

A trained German pipeline is used as a bonus when installed (``DDKG_SPACY_MODEL``); the default
needs nothing beyond what the package ships.
"""
from __future__ import annotations

import functools
import re

import spacy
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from kg import gazetteer
from kg.gazetteer import Gazetteer
from kg.ids import slug

PIPELINE_VERSION = "1"
CLOSED_CLASS = frozenset("""der die das des dem den ein eine einer eines einem einen er sie es
wir ihr ich du am im in an auf aus bei mit nach von vor zu zum zur für über unter um gegen seit
und oder aber doch denn dass wenn als wie so auch nur noch schon nicht kein keine dies diese
dieser dieses jene alle man mehr sein seine ihre ihren unser unsere beide beiden während
laut trotz dabei damit dort hier heute gestern morgen derzeit zudem jedoch außerdem nun
januar februar märz april mai juni juli august september oktober november dezember
montag dienstag mittwoch donnerstag freitag samstag sonntag minister ministerin""".split())
NOUN_SUFFIXES = ("ung", "heit", "keit", "schaft", "tion", "ismus", "ität", "ment", "nis",
                 "tum", "chen", "ium", "ierung", "ungen", "heiten", "nisse", "ismen")
COLLEAGUE = re.compile(r"Amt?s?kolleg(e|en|in|innen)$")
ROMAN = frozenset(["I.", "II.", "III.", "IV.", "V.", "VI.", "II", "III", "IV"])
PARTICLES = frozenset(["von", "van", "de", "da", "di", "al", "bin", "ibn", "el", "ben", "zu",
                       "der", "den", "la", "le", "du", "dos", "del"])
NAME_RE = re.compile(r"(?:(?:al|el|ad|as|ash|at|ar|an|bin|ben|abu|ibn)-)?[A-ZÄÖÜÀ-ÞŞŽČŠĆ][a-zäöüßà-ÿğışžčšćńłęąéèçñ'’]+(-[A-ZÄÖÜa-zäöü][a-zäöüßà-ÿğışžčšćńłéèçñ]+)*")
SUMMIT_RE = re.compile(r"([A-Z][A-Za-z0-9]*)-(Gipfel|Gipfeltreffen|Sondergipfel|Konferenz)")
FAIR_RE = re.compile(r"(messe|ausstellung|schau|salon|konferenz|forum)$", re.IGNORECASE)
ROLE_ENDINGS = ("innen", "in", "en", "n", "es", "s", "e", "")


@functools.lru_cache(maxsize=4096)
def role_base(word: str, gaz: Gazetteer) -> tuple[str, str | None] | None:
    """'US-Außenministers' -> ('Außenminister', 'Country/us'); None when the word is no role."""
    where = None
    prefix, _, rest = word.rpartition("-")
    if prefix:
        where = gaz.surface.get(prefix) or gaz.surface.get(prefix.upper())
        if where is None and prefix + "-" not in gaz.modifiers["former"] + gaz.modifiers["deputy"]:
            return None
        word = rest
    if not word[:1].isupper() or word in gaz.not_roles:
        return None
    for ending in ROLE_ENDINGS:
        base = word[: len(word) - len(ending)] if ending else word
        if not word.endswith(ending) or len(base) < 4:
            continue
        if base + "r" in gaz.roles or (base.endswith("e") and base.lower().endswith(
                tuple(x[:-1] for x in gaz.role_suffixes if x.endswith("er")))):
            base += "r"  # adjectival nouns: 'Vorsitzende(n)' -> 'Vorsitzender'
        if base in gaz.roles or (base.lower().endswith(gaz.role_suffixes) and base not in gaz.not_roles):
            return base, where
    return None


class Lexicon:
    """Token tests shared by the components (all pure functions of the text)."""

    def __init__(self, nlp: Language, gaz: Gazetteer) -> None:
        self.gaz = gaz
        try:
            self.lemmas = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_lookup")
        except (KeyError, ValueError):
            self.lemmas = {}

    def is_first_name(self, text: str) -> bool:
        return text in self.gaz.first_names

    def namelike(self, token: Token) -> bool:
        text = token.text
        if len(text) < 2 or not NAME_RE.fullmatch(text) or text.lower() in CLOSED_CLASS:
            return False
        if text in self.gaz.ranks or text in self.gaz.honorifics:
            return False
        if text.lower().endswith(NOUN_SUFFIXES) or role_base(text, self.gaz) or COLLEAGUE.match(text):
            return False
        lemma = self.lemmas.get(text)
        return not (lemma and lemma != text and text not in self.gaz.first_names)


@Language.factory("ddkg_newlines")
def make_newlines(nlp: Language, name: str) -> "NewlineSentences":
    return NewlineSentences()


class NewlineSentences:
    """A line break ends a sentence (titles, datelines and list items have no full stop)."""

    def __call__(self, doc: Doc) -> Doc:
        for i, token in enumerate(doc[:-1]):
            if "\n" in token.text or "\n" in token.whitespace_:
                doc[i + 1].is_sent_start = True
        return doc


@Language.factory("ddkg_gazetteer")
def make_gazetteer(nlp: Language, name: str) -> "GazetteerTagger":
    return GazetteerTagger(nlp, gazetteer.load())


class GazetteerTagger:
    """Names from the data files, country adjectives, titles of office, ranks."""

    def __init__(self, nlp: Language, gaz: Gazetteer) -> None:
        self.gaz = gaz
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        by_key: dict[str, list[str]] = {}
        for form, key in gaz.surface.items():
            by_key.setdefault(key, []).append(form)
        for key, forms in by_key.items():
            self.matcher.add(key, list(nlp.tokenizer.pipe(forms)))

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        for match_id, start, end in self.matcher(doc):
            key = doc.vocab.strings[match_id]
            spans.append(Span(doc, start, end, label=key.split("/", 1)[0], kb_id=key))
        spans += self._summits(doc)
        doc.spans["gaz"] = filter_spans(spans)
        doc.spans["adj"], doc.spans["role"], doc.spans["title"] = self._token_spans(doc)
        return doc

    def _token_spans(self, doc: Doc) -> tuple[list[Span], list[Span], list[Span]]:
        adjs, roles, titles = [], [], []
        for t in doc:
            low = t.lower_
            country = self.gaz.adjectives.get(low) or self._hyphen_adjective(low)
            if country and not t.is_sent_start or (country and t.text[:1].islower()):
                adjs.append(Span(doc, t.i, t.i + 1, label="Country", kb_id=country))
            elif country and t.is_sent_start and doc[t.i + 1: t.i + 2].text[:1].isupper():
                adjs.append(Span(doc, t.i, t.i + 1, label="Country", kb_id=country))
            role = role_base(t.text, self.gaz)
            if role:
                roles.append(Span(doc, t.i, t.i + 1, label=role[0], kb_id=role[1] or ""))
            elif t.text in self.gaz.ranks or t.text in self.gaz.honorifics:
                titles.append(Span(doc, t.i, t.i + 1, label="title"))
        return adjs, roles, titles

    def _summits(self, doc: Doc) -> list[Span]:
        """'EU-Gipfel', 'Nato-Gipfeltreffen', 'G20-Gipfel'; 'Verteidigungsmesse (ADEX)'."""
        found = []
        for t in doc:
            m = SUMMIT_RE.fullmatch(t.text)
            if m and (m.group(1) in self.gaz.surface or re.fullmatch(r"G\d+", m.group(1))):
                key = "Exhibition/" + slug(t.text)
                found.append(Span(doc, t.i, t.i + 1, label="Exhibition", kb_id=key))
            if t.text == "(" and t.i + 2 < len(doc) and doc[t.i + 2].text == ")" and \
                    doc[t.i + 1].text.isupper() and FAIR_RE.search(doc[t.i - 1].text if t.i else ""):
                key = "Exhibition/" + slug(doc[t.i + 1].text)
                found.append(Span(doc, t.i + 1, t.i + 2, label="Exhibition", kb_id=key))
        return found

    def _hyphen_adjective(self, low: str) -> str | None:
        if "-" not in low:
            return None
        last = low.rsplit("-", 1)[-1]
        return self.gaz.adjectives.get(last) or self.gaz.adjectives.get(low.replace("-", ""))


@Language.factory("ddkg_people")
def make_people(nlp: Language, name: str) -> "PersonTagger":
    return PersonTagger(Lexicon(nlp, gazetteer.load()))


class PersonTagger:
    """Person names: after titles, with a known first name, in appositions, as known surnames."""

    max_len = 3

    def __init__(self, lex: Lexicon) -> None:
        self.lex = lex

    def __call__(self, doc: Doc) -> Doc:
        taken = {i for span in doc.spans["gaz"] for i in range(span.start, span.end)}
        cues = {s.end for group in ("role", "title") for s in doc.spans[group]}
        cues |= {t.i + 1 for t in doc if COLLEAGUE.match(t.text)}
        cues |= {s.end for s in doc.spans["gaz"] if self._after_role(doc, s.start)}
        cues |= self._phrase_cues(doc)
        runs = list(self._runs(doc, taken))
        found = [run for run in runs if self._is_person(doc, run, cues)]
        surnames = self._surnames(doc, found)
        spans = [Span(doc, s, e, label="Person", kb_id="full") for s, e in found]
        for s, e in runs:
            if (s, e) not in found and e - s == 1 and _strip_genitive(doc[s].text) in surnames:
                spans.append(Span(doc, s, e, label="Person", kb_id="short"))
        for t in doc:  # surnames inside longer runs or at sentence starts
            if t.i not in taken and _strip_genitive(t.text) in surnames and not any(
                    sp.start <= t.i < sp.end for sp in spans):
                spans.append(Span(doc, t.i, t.i + 1, label="Person", kb_id="short"))
        doc.spans["person"] = filter_spans(spans)
        return doc

    def _runs(self, doc: Doc, taken: set[int]):
        i = 0
        while i < len(doc):
            if i in taken or not self.lex.namelike(doc[i]):
                i += 1
                continue
            j = i + 1
            while j < len(doc) and j not in taken and not doc[j].is_sent_start and (
                    self._continues(doc, j) or (doc[j].lower_ in PARTICLES and j + 1 < len(doc)
                                                and self.lex.namelike(doc[j + 1])
                                                and doc[j + 1].i not in taken)):
                j += 1
            if j < len(doc) and doc[j].text in ROMAN:
                j += 1  # 'Abdullah II.'
            yield from self._trim(doc, i, j)
            i = j

    def _continues(self, doc: Doc, j: int) -> bool:
        """A name goes on; after a first name even a word that is also a noun ('Franz Josef Jung')."""
        if self.lex.namelike(doc[j]):
            return True
        t = doc[j]
        return (self.lex.is_first_name(doc[j - 1].text) and NAME_RE.fullmatch(t.text) is not None
                and t.lower_ not in CLOSED_CLASS and not role_base(t.text, self.lex.gaz)
                and t.text not in self.lex.gaz.surface)

    def _trim(self, doc: Doc, start: int, end: int):
        """A long run is split where a new first name starts."""
        if end - start <= self.max_len:
            yield start, end
            return
        cut = next((k for k in range(start + 2, end) if self.lex.is_first_name(doc[k].text)), None)
        if cut is None:
            yield start, min(end, start + self.max_len)
        else:
            yield start, min(cut, start + self.max_len)
            yield from self._trim(doc, cut, end)

    def _after_role(self, doc: Doc, start: int) -> bool:
        """'Präsident der Republik Aserbaidschan, Ilham Alijew': a name may follow a place."""
        window = doc[max(0, start - 4): start]
        return any(role_base(t.text, self.lex.gaz) for t in window)

    def _phrase_cues(self, doc: Doc) -> set[int]:
        cues = set()
        for t in doc:
            if t.lower_ == "von" and t.i >= 2 and doc[t.i - 1].lower_ in ("leitung", "einladung"):
                cues.add(t.i + 1)
        return cues

    def _is_person(self, doc: Doc, run: tuple[int, int], cues: set[int]) -> bool:
        s, e = run
        first = doc[s].text
        if first in self.lex.gaz.first_names and e - s >= 2:
            return True
        if s in cues or (s >= 1 and doc[s - 1].text == "," and s - 1 in cues):
            return True
        return self._apposition_follows(doc, e) and (e - s >= 2 or doc[s].i > 0)

    def _apposition_follows(self, doc: Doc, end: int) -> bool:
        """'Haluk Gorgun, dem Präsidenten ...' / 'Kerry, der US-Außenminister'."""
        window = doc[end: end + 5]
        if not len(window) or window[0].text != ",":
            return False
        return any(role_base(t.text, self.lex.gaz) for t in window[1:])

    def _surnames(self, doc: Doc, found: list[tuple[int, int]]) -> set[str]:
        names = set()
        for s, e in found:
            if doc[e - 1].text in ROMAN:
                e -= 1
            if e - s >= 2:
                names.add(_strip_genitive(doc[e - 1].text))
        return names


def _strip_genitive(text: str) -> str:
    return text[:-1] if text.endswith("s") and len(text) > 4 and not text.endswith("ss") else text


@functools.lru_cache(maxsize=1)
def build_pipeline() -> Language:
    """Blank German + newline sentences + sentencizer + lookup lemmatizer + ddkg components."""
    nlp = spacy.blank("de")
    nlp.add_pipe("ddkg_newlines")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()
    nlp.add_pipe("ddkg_gazetteer")
    nlp.add_pipe("ddkg_people")
    return nlp
