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
import os
import re
from pathlib import Path

import numpy
import spacy
import srsly
from spacy.attrs import IS_SPACE, LEMMA, ORTH, SENT_START
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from kg import gazetteer
from kg.gazetteer import Gazetteer
from kg.ids import slug

PIPELINE_VERSION = "1"
CLOSED_CLASS = frozenset(["der", "die", "das", "des", "dem", "den", "ein", "eine", "einer", "eines", "einem", "einen", "er", "sie", "es", "wir", "ihr", "ich", "du", "am", "im", "in", "an", "auf", "aus", "bei", "mit", "nach", "von", "vor", "zu", "zum", "zur", "für", "über", "unter", "um", "gegen", "seit", "und", "oder", "aber", "doch", "denn", "dass", "wenn", "als", "wie", "so", "auch", "nur", "noch", "schon", "nicht", "kein", "keine", "dies", "diese", "dieser", "dieses", "jene", "alle", "man", "mehr", "sein", "seine", "ihre", "ihren", "unser", "unsere", "beide", "beiden", "während", "laut", "trotz", "dabei", "damit", "dort", "hier", "heute", "gestern", "morgen", "derzeit", "zudem", "jedoch", "außerdem", "nun", "januar", "februar", "märz", "april", "mai", "juni", "juli", "august", "september", "oktober", "november", "dezember", "montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag", "minister", "ministerin"])
NOUN_SUFFIXES = ("ung", "heit", "keit", "schaft", "tion", "ismus", "ität", "ment", "nis",
                 "tum", "chen", "ium", "ierung", "ungen", "heiten", "nisse", "ismen")
COLLEAGUE = re.compile(r"Amt?s?kolleg(e|en|in|innen)$")
APPOSITION_WORDS = frozenset(["der", "die", "dem", "den", "des", "ein", "eine", "einem", "einen",
                              "einer", "eines"])
ROMAN = frozenset(["I.", "II.", "III.", "IV.", "V.", "VI.", "II", "III", "IV"])
PARTICLES = frozenset(["von", "van", "de", "da", "di", "al", "bin", "ibn", "el", "ben", "zu",
                       "la", "le", "du", "dos", "del", "der", "den", "los", "las"])
AFTER_PARTICLE_ONLY = frozenset(["der", "den"])  # 'Van der Bellen', 'von der Leyen'
SECOND_PARTICLES = {"van": ("der", "den"), "von": ("der", "den"),  # 'von der Leyen'
                    "de": ("la", "los", "las")}  # 'de la Fontaine', 'de los Santos'

NAME_RE = re.compile(r"(?:(?:al|el|ad|as|ash|at|ar|an|bin|ben|abu|ibn)-)?(?:Mc|Mac|O'|D')?[A-ZÄÖÜÀ-ÞŞŽČŠĆ][a-zäöüßà-ÿğışžčšćńłęąéèçñ'’]+(-[A-ZÄÖÜa-zäöü][a-zäöüßà-ÿğışžčšćńłéèçñ]+)*")
SUMMIT_RE = re.compile(r"([A-Z][A-Za-z0-9]*)-(Gipfel|Gipfeltreffen|Sondergipfel|Konferenz)")
EDITION_RE = re.compile(r"-(?:19|20)\d\d$")  # 'IDEF-2023'
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
    """Word tests shared by the components (pure functions of the text, memoised)."""

    def __init__(self, nlp: Language, gaz: Gazetteer) -> None:
        self.gaz = gaz
        self.lemmas = lemma_table()
        self._namelike: dict[str, bool] = {}
        self.nouns = common_nouns()

    def is_first_name(self, text: str) -> bool:
        return text in self.gaz.first_names

    def namelike(self, text: str) -> bool:
        known = self._namelike.get(text)
        if known is None:
            known = self._namelike[text] = self._test_namelike(text)
        return known

    def _test_namelike(self, text: str) -> bool:
        if len(text) < 2 or not NAME_RE.fullmatch(text) or text.lower() in CLOSED_CLASS:
            return False
        if text in self.gaz.ranks or text in self.gaz.honorifics or COLLEAGUE.match(text):
            return False
        if text.lower().endswith(NOUN_SUFFIXES) or role_base(text, self.gaz):
            return False
        lemma = self.lemmas.get(text)
        return not (lemma and lemma != text and text not in self.gaz.first_names)


def words_of(doc: Doc) -> tuple[list[str], list[bool]]:
    """The doc's words and sentence starts as plain lists, read once per doc and shared."""
    cached = doc.user_data.get("ddkg_words")
    if cached is None or len(cached[0]) != len(doc):
        strings = doc.vocab.strings  # from the arrays: no Python Token per token
        table = doc.to_array([ORTH, SENT_START]).tolist() if len(doc) else []
        words = [strings[orth] for orth, _ in table]
        starts = [start == 1 or i == 0 for i, (_, start) in enumerate(table)]
        cached = doc.user_data["ddkg_words"] = (words, starts)
    return cached


@functools.lru_cache(maxsize=1)
def lemma_table() -> dict[str, str]:
    """spacy-lookups-data's German lemma lookup table (form -> lemma)."""
    import spacy_lookups_data

    path = Path(spacy_lookups_data.__file__).parent / "data" / "de_lemma_lookup.json.gz"
    return dict(srsly.read_gzip_json(path))


@functools.lru_cache(maxsize=1)
def common_nouns() -> frozenset[str]:
    """Capitalised lemmas of inflected words are common nouns ('Anfangs' -> 'Anfang')."""
    return frozenset(v for v in lemma_table().values() if v[:1].isupper())


def lemma(word: str) -> str:
    return lemma_table().get(word, word)


@Language.factory("ddkg_lemmatizer")
def make_lemmatizer(nlp: Language, name: str) -> LookupLemmatizer:
    return LookupLemmatizer()


class LookupLemmatizer:
    """spaCy's lookup lemmatisation with spacy-lookups-data's German table, but per word type
    instead of per token: each form is looked up once per process and the lemmas are written
    with one array call (spaCy's own lookup mode builds a Python Token for every token)."""

    def __init__(self) -> None:
        self._memo: dict[int, int] = {}

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        strings, memo, table = doc.vocab.strings, self._memo, lemma_table()
        orths = doc.to_array(ORTH)
        lemmas = numpy.empty((len(doc), 1), dtype="uint64")
        for i, h in enumerate(orths.tolist()):
            found = memo.get(h)
            if found is None:
                form = table.get(strings[h])
                found = memo[h] = strings.add(form) if form else h
            lemmas[i, 0] = found
        doc.from_array([LEMMA], lemmas)
        return doc


@Language.factory("ddkg_newlines")
def make_newlines(nlp: Language, name: str) -> NewlineSentences:
    return NewlineSentences()


class NewlineSentences:
    """A line break ends a sentence (titles, datelines and list items have no full stop)."""

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        strings = doc.vocab.strings  # line breaks are whitespace tokens of their own
        table = doc.to_array([ORTH, IS_SPACE])
        for i in numpy.flatnonzero(table[:, 1]).tolist():
            if 0 < i + 1 < len(doc) and "\n" in strings[int(table[i, 0])]:
                doc[i + 1].is_sent_start = True
        return doc


@Language.factory("ddkg_gazetteer")
def make_gazetteer(nlp: Language, name: str) -> GazetteerTagger:
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
        self._word: dict[str, tuple] = {}
        self._stems = {st.rstrip("nmrse") for st, _ in gaz.multiword_roles} | {
            (st + "e").rstrip("nmrse") for st, _ in gaz.multiword_roles}

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        for match_id, start, end in self.matcher(doc):
            key = doc.vocab.strings[match_id]
            spans.append(Span(doc, start, end, label=key.split("/", 1)[0], kb_id=key))
        words, starts = words_of(doc)
        spans += self._summits(doc, words)
        doc.spans["gaz"] = filter_spans(spans)
        doc.spans["adj"], doc.spans["role"], doc.spans["title"] = self._token_spans(doc, words,
                                                                                     starts)
        return doc

    def _classify(self, word: str) -> tuple:
        """(country of an adjective, role, is a title) of one word, memoised."""
        known = self._word.get(word)
        if known is None:
            low = word.lower()
            country = self.gaz.adjectives.get(low) or self._hyphen_adjective(low)
            title = word in self.gaz.ranks or word in self.gaz.honorifics
            known = self._word[word] = (country, role_base(word, self.gaz), title)
        return known

    def _token_spans(self, doc: Doc, words: list[str], starts: list[bool]):  # type: ignore[no-untyped-def]
        adjs, roles, titles = [], [], []
        roles += self._multiword_roles(doc, words)
        for i, word in enumerate(words):
            country, role, title = self._classify(word)
            if country and (word[:1].islower() or word[:1].isupper() and starts[i]
                            and i + 1 < len(words) and words[i + 1][:1].isupper()):
                adjs.append(Span(doc, i, i + 1, label="Country", kb_id=country))
            if role:
                roles.append(Span(doc, i, i + 1, label=role[0], kb_id=role[1] or ""))
            elif title:
                titles.append(Span(doc, i, i + 1, label="title"))
        return adjs, roles, titles

    def _multiword_roles(self, doc: Doc, words: list[str]) -> list[Span]:
        """'der Hohe Vertreter', 'des Politischen Direktors' (two-word titles from the data)."""
        found = []
        table = self.gaz.multiword_roles
        stems = self._stems
        for i in range(len(words) - 1):
            adj = words[i].lower()
            stem = adj.rstrip("nmrse") if adj[:1].isalpha() else ""
            if stem not in stems:
                continue
            noun = words[i + 1].lower()
            for form in (noun, noun[:-1], noun[:-2], noun[:-3], noun[:-5]):
                label = table.get((stem, form)) or table.get((stem + "e", form))
                if label and noun.startswith(form):
                    found.append(Span(doc, i, i + 2, label=label, kb_id=""))
                    break
        return found

    def _summits(self, doc: Doc, words: list[str]) -> list[Span]:
        """'EU-Gipfel', 'Nato-Gipfeltreffen', 'G20-Gipfel'; 'Verteidigungsmesse (ADEX)';
        'IDEF-2023' (a fair of the data with its year)."""
        found = []
        for i, word in enumerate(words):
            if "-" in word:
                m = SUMMIT_RE.fullmatch(word)
                if m and (m.group(1) in self.gaz.surface or re.fullmatch(r"G\d+", m.group(1))):
                    found.append(Span(doc, i, i + 1, label="Exhibition",
                                      kb_id="Exhibition/" + slug(word)))
                fair = self.gaz.surface.get(EDITION_RE.sub("", word), "")
                if fair.startswith("Exhibition/"):  # 'IDEF-2023', 'ADEX-2022': the fair
                    found.append(Span(doc, i, i + 1, label="Exhibition", kb_id=fair))
            elif word == "(" and 0 < i and i + 2 < len(words) and words[i + 2] == ")" and \
                    words[i + 1].isupper() and FAIR_RE.search(words[i - 1]):
                found.append(Span(doc, i + 1, i + 2, label="Exhibition",
                                  kb_id="Exhibition/" + slug(words[i + 1])))
        return found

    def _hyphen_adjective(self, low: str) -> str | None:
        if "-" not in low:
            return None
        last = low.rsplit("-", 1)[-1]
        return self.gaz.adjectives.get(last) or self.gaz.adjectives.get(low.replace("-", ""))


@Language.factory("ddkg_people")
def make_people(nlp: Language, name: str) -> PersonTagger:
    return PersonTagger(Lexicon(nlp, gazetteer.load()))


class PersonTagger:
    """Person names: after titles, with a known first name, in appositions, as known surnames."""

    max_len = 3

    def __init__(self, lex: Lexicon) -> None:
        self.lex = lex

    def __call__(self, doc: Doc) -> Doc:
        words, starts = words_of(doc)
        taken = {i for span in doc.spans["gaz"] for i in range(span.start, span.end)}
        cues = {s.end for group in ("role", "title") for s in doc.spans[group]}
        cues |= {i + 1 for i, w in enumerate(words) if w.startswith("Amt") and COLLEAGUE.match(w)}
        role_at = {s.start for s in doc.spans["role"]}
        cues |= {s.end for s in doc.spans["gaz"] if role_at & set(range(s.start - 4, s.start))}
        cues |= {i + 1 for i, w in enumerate(words) if w == "von" and i >= 1
                 and words[i - 1].lower() in ("leitung", "einladung")}
        cues |= {e.start for e in doc.ents if e.label_ in ("PER", "PERSON")}  # a trained model
        runs = list(self._runs(words, starts, taken))
        found = [run for run in runs if self._is_person(words, run, cues, role_at)
                 and not (run[1] - run[0] == 1 and words[run[0]] in self.lex.nouns)]
        surnames = self._surnames(words, found)
        spans = [Span(doc, s, e, label="Person", kb_id="full") for s, e in found]
        covered = {i for s, e in found for i in range(s, e)}
        for i, word in enumerate(words):  # surnames alone, also at sentence starts
            if i not in taken and i not in covered and _strip_genitive(word) in surnames:
                spans.append(Span(doc, i, i + 1, label="Person", kb_id="short"))
        doc.spans["person"] = filter_spans(spans)
        return doc

    def _runs(self, words: list[str], starts: list[bool], taken: set[int]):  # type: ignore[no-untyped-def]
        i, n = 0, len(words)
        while i < n:
            if i in taken or not self.lex.namelike(words[i]) or (
                    i + 1 < n and not self.lex.is_first_name(words[i])
                    and self.lex.is_first_name(words[i + 1]) and i + 1 not in taken):
                i += 1  # 'Kandidatin Ursula ...': the name starts at the first name
                continue
            j = i + 1
            while j < n and j not in taken and not starts[j] and (
                    self._continues(words, j) or self._particle(words, j, taken)
                    or (words[j].isspace() and j + 1 < n and self.lex.namelike(words[j + 1]))):
                if j >= i + 2 and self._noun_after_name(words, j):
                    break
                j += 1
            if j < n and words[j] in ROMAN:
                j += 1  # 'Farid II.'
            while j - 1 > i and (words[j - 1].lower() in PARTICLES or words[j - 1].isspace()):
                j -= 1  # a name does not end in 'van der'
            yield from self._trim(words, i, j)
            i = j

    def _noun_after_name(self, words: list[str], j: int) -> bool:
        """'Friedrich Hollaender Anfang der 1920er': a third word that is a common noun."""
        word = words[j]
        if self.lex.is_first_name(word) or word.lower() in PARTICLES:
            return False
        return word in self.lex.nouns or (j + 1 < len(words) and words[j + 1] in ("der", "des"))

    def _particle(self, words: list[str], j: int, taken: set[int]) -> bool:
        low = words[j].lower()
        if low not in PARTICLES or j + 1 >= len(words) or j + 1 in taken:
            return False
        if low in AFTER_PARTICLE_ONLY and words[j - 1].lower() not in ("van", "von"):
            return False
        k = j + 1
        while k < len(words) and words[k].lower() in SECOND_PARTICLES.get(low, ()):
            k += 1  # 'van der Linde', 'de la Fontaine'
        return k < len(words) and k not in taken and self.lex.namelike(words[k])

    def _continues(self, words: list[str], j: int) -> bool:
        """A name goes on; after a first name even a word that is also a noun ('Franz Josef Jung')."""
        word = words[j]
        if self.lex.namelike(word):
            return True
        return (self.lex.is_first_name(words[j - 1]) and NAME_RE.fullmatch(word) is not None
                and not (j + 1 < len(words) and words[j + 1] in ("der", "des"))
                and word.lower() not in CLOSED_CLASS and not role_base(word, self.lex.gaz)
                and word not in self.lex.gaz.surface)

    def _trim(self, words: list[str], start: int, end: int):  # type: ignore[no-untyped-def]
        """A long run is split where a new first name starts; particles do not count."""
        limit = self.max_len + sum(w.lower() in PARTICLES or w.isspace() for w in words[start:end])
        if end - start <= limit:
            yield start, end
            return
        cut = next((k for k in range(start + 2, end) if self.lex.is_first_name(words[k])), None)
        if cut is None:
            yield start, min(end, start + limit)
        else:
            yield start, min(cut, start + limit)
            yield from self._trim(words, cut, end)

    def _is_person(self, words: list[str], run: tuple[int, int], cues: set[int],
                   role_at: set[int]) -> bool:
        s, e = run
        if words[s] in self.lex.gaz.first_names and e - s >= 2:
            return True
        if s in cues or (s >= 1 and words[s - 1] == "," and s - 1 in cues):
            return True
        return self._apposition_follows(words, e, role_at) and (e - s >= 2 or s > 0)

    def _apposition_follows(self, words: list[str], end: int, role_at: set[int]) -> bool:
        """'Emre Kaya, dem Präsidenten ...' / 'Halloway, der US-Außenminister' — only articles
        and adjectives between the comma and the role ('..., wie Generalsekretär X' is none)."""
        if end >= len(words) or words[end] != ",":
            return False
        for j in range(end + 1, min(len(words), end + 5)):
            if j in role_at:
                return True
            if words[j].lower() not in APPOSITION_WORDS and not (
                    words[j][:1].islower() and words[j].endswith(("e", "en", "er", "es", "em"))):
                return False
        return False

    def _surnames(self, words: list[str], found: list[tuple[int, int]]) -> set[str]:
        names = set()
        for s, e in found:
            if words[e - 1] in ROMAN:
                e -= 1
            if e - s >= 2 and words[e - 1][:1].isupper():
                names.add(_strip_genitive(words[e - 1]))
        return names


def _strip_genitive(text: str) -> str:
    return text[:-1] if text.endswith("s") and len(text) > 4 and not text.endswith("ss") else text


def _installed_model() -> Language | None:
    """A trained German pipeline the user installed and named in DDKG_SPACY_MODEL (a bonus:
    its named entities become extra cues for person names); never required."""
    name = os.environ.get("DDKG_SPACY_MODEL")
    if not name:
        return None
    try:
        return spacy.load(name)
    except OSError:
        return None


@functools.lru_cache(maxsize=1)
def build_pipeline() -> Language:
    """Blank German + newline sentences + sentencizer + lookup lemmatizer + ddkg components."""
    nlp = _installed_model() or spacy.blank("de")
    if not nlp.has_pipe("parser") and not nlp.has_pipe("senter"):
        nlp.add_pipe("ddkg_newlines", first=True)
        nlp.add_pipe("sentencizer", after="ddkg_newlines")
    if not nlp.has_pipe("lemmatizer"):
        nlp.add_pipe("ddkg_lemmatizer")
    from kg import equipment  # registers ddkg_equipment

    nlp.tokenizer.suffix_search = DesignationPeriod(nlp.tokenizer.suffix_search)
    nlp.add_pipe("ddkg_gazetteer")
    nlp.add_pipe("ddkg_people")
    nlp.add_pipe("ddkg_equipment")
    del equipment
    return nlp


FINAL_PERIOD = re.compile(r"\.$")
# A word with letters and digits, or a hyphenated word in capitals: 'F-35', 'A400M', 'IRIS-T'
DESIGNATION_WORD = re.compile(r"(?=.*[A-Za-z])(?=.*\d)[\w-]+|[A-Z]+-[A-Z]+")


class DesignationPeriod:
    """The tokenizer's suffix search, which also splits the period off 'F-35.' or 'IRIS-T.'

    spaCy's German rules keep a period after a digit ('am 2. April' has an ordinal), so a
    sentence ending in a model designation ran on into the next one. A word of letters and
    digits is no ordinal: its final period ends the sentence.
    """

    def __init__(self, base) -> None:  # type: ignore[no-untyped-def]
        self.base = base

    def __call__(self, text: str):  # type: ignore[no-untyped-def]
        found = self.base(text)
        if found is None and text.endswith(".") and DESIGNATION_WORD.fullmatch(text[:-1]):
            return FINAL_PERIOD.search(text)
        return found
