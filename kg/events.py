"""Event rules: trigger words (kg/data/triggers.toml) plus German sentence structure.

Each rule looks at one sentence: the trigger (a verb lemma, a noun, a separable verb with its
particle at the clause end) and the mentions around it ("zwischen X und Y", "von X nach Y",
"mit X", "in / nach PLACE", the actor before or after the verb).
"""
from __future__ import annotations

import functools
import re
from bisect import bisect_left
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Span, Token

from kg.dates import find_dates
from kg.equipment import is_type_noun
from kg.ids import digest, slug
from kg.nlp import COLLEAGUE, lemma
from kg.records import DateValue, Entity, Event

if TYPE_CHECKING:
    from kg.extract import Context, Mention
    from kg.gazetteer import Gazetteer

ACTORS = ("Person", "Country", "Organisation")
PLACES = ("City", "Country")
EXCEPT = frozenset(["außer", "nicht", "ohne", "statt", "anstatt"])
CLAUSE_END = frozenset([".", ",", ";", ":", "!", "?", "–", "-", ")", "(", "“", "”", "\""])


@dataclass(frozen=True)
class Trigger:
    type: str
    token: Token
    kind: str  # verb | noun | separable
    lemma: str


def find_events(ctx: Context) -> list[Event]:
    found: list[Event] = []
    starts = sorted(m.start for m in ctx.mentions)
    met: tuple[int, list[str]] | None = None  # (sentence number, people) of the last meeting
    sents = [s for s in ctx.doc.sents if len(s) > 1 or not s[0].is_space]
    if _pronoun_mentions(ctx, sents):
        starts = sorted(m.start for m in ctx.mentions)
    for n, sent in enumerate(sents):
        if met and n - met[0] <= GROUP_REACH and _the_sides(ctx, sent, met[1]):
            starts = sorted(m.start for m in ctx.mentions)
        if bisect_left(starts, sent.end) - bisect_left(starts, sent.start) < 2:
            continue  # every rule needs two arguments
        if _sporty(ctx, sent):
            continue  # matches, goals and away games are no diplomacy
        for trig in _triggers(ctx, sent):
            event = RULES[trig.type](ctx, sent, trig)
            for e in event if isinstance(event, list) else [event] if event else []:
                found.append(e)
                people = [k for r, k in e.roles if r == "participant" and k.startswith("Person/")]
                if e.type == "Meeting" and len(people) == 2:
                    met = (n, people)
    countries = {k: v.country for k, v in ctx.entities.items() if v.type == "City" and v.country}
    return _merge(found, countries)


GROUP_REACH = 3  # sentences after a meeting in which 'die Seiten' are still its two people


def _the_sides(ctx: Context, sent: Span, people: list[str]) -> bool:
    """'Die Seiten unterzeichneten ...', 'Die beiden Minister wollen ...' right after a meeting
    of two people: the phrase stands for them (a mention of each). True when added."""
    words = [t.lower_ for t in sent[:3]]
    size = next((len(g) for g in ctx.gaz.triggers["groups"]["people"]
                 if words[:len(g)] == g), 0)
    if not size:
        return False
    from kg.extract import Mention

    end = sent.start + size  # 'die beiden Minister' is no one minister
    ctx.mentions[:] = [m for m in ctx.mentions if not (sent.start <= m.start < end)]
    ctx.mentions.extend(Mention(sent.start, sent.start + size, key, "Person", via="group")
                        for key in people)
    return True


def _pronoun_mentions(ctx: Context, sents: list[Span]) -> bool:
    """'Wang Jiandong ist in Moskau eingetroffen. Er wurde von Pawel Sorokin empfangen': the
    subject 'er' (or a singular 'sie') stands for the one person named in the nearest of the
    two sentences before it, or the one of them whose gender fits when the first names or
    'Ministerin' tell all of them. Not when someone is named before the pronoun in its own
    sentence, or when the referent is named again in it. Adds mentions via 'pronoun'; True
    when any was added."""
    from kg.extract import Mention

    added = False
    text = ctx.article.text  # the doc's text (doc.text would join every token again)
    for n, sent in enumerate(sents):
        if not PRONOUN.search(text, sent.start_char, sent[:8].end_char):
            continue
        tok = _subject_pronoun(sent, text)
        if tok is None:
            continue
        own = [m for m in _sent_mentions(ctx, sent) if m.type == "Person"]
        if any(m.start < tok.i for m in own):
            continue
        people: list[str] = []
        for prev in reversed(sents[max(0, n - 2): n]):
            people = _distinct([m for m in _sent_mentions(ctx, prev) if m.type == "Person"])
            if people:
                break
        referent = _of_the_gender(ctx, people, "f" if tok.lower_ == "sie" else "m")
        if referent is None or referent in {m.key for m in own}:
            continue
        ctx.mentions.append(Mention(tok.i, tok.i + 1, referent, "Person", via="pronoun"))
        added = True
    added = _where_pronouns(ctx, sents) or added
    ctx.mentions.sort(key=lambda m: (m.start, m.end))
    return added


def _where_pronouns(ctx: Context, sents: list[Span]) -> bool:
    """'Minister X reiste nach Ankara, wo er seinen Amtskollegen Y traf': the subject of a
    ', wo er' (', wo sie') clause is the one person named before it in its sentence, if the
    gender fits. Not when two or more people are named before it. Adds mentions via
    'pronoun'; True when any was added."""
    from kg.extract import Mention

    text = ctx.article.text
    if not WHERE_PRONOUN.search(text):
        return False
    added = False
    for sent in sents:
        if not WHERE_PRONOUN.search(text, sent.start_char, sent.end_char):
            continue
        for t in sent[2:-1]:
            if t.lower_ != "wo" or t.nbor(-1).text != "," or t.nbor(1).lower_ not in ("er", "sie"):
                continue
            tok = t.nbor(1)
            before = _distinct([m for m in _sent_mentions(ctx, sent)
                                if m.type == "Person" and m.end <= t.i])
            if len(before) != 1:
                continue
            referent = _of_the_gender(ctx, before, "f" if tok.lower_ == "sie" else "m")
            if referent is None:
                continue
            ctx.mentions.append(Mention(tok.i, tok.i + 1, referent, "Person", via="pronoun"))
            added = True
    return added


def _of_the_gender(ctx: Context, people: list[str], gender: str) -> str | None:
    """The one of ``people`` a pronoun of ``gender`` can stand for: 'er' for anyone not known
    as a woman, 'sie' only for a woman known as one. Of several, only when all others are known
    to be of the other gender ('Ministerin Ilse Brandauer traf Präsident Miroslav Kadlec. Sie
    ...' -> Ilse Brandauer); else None."""
    genders = {p: _gender(ctx, p) for p in people}
    fits = [p for p in people if (genders[p] == "f") == (gender == "f")]
    if len(fits) != 1:
        return None
    other = "m" if gender == "f" else "f"
    return fits[0] if all(genders[p] == other for p in people if p != fits[0]) else None


def _subject_pronoun(sent: Span, text: str) -> Token | None:
    """The pronoun subject of the sentence's first clause: 'Er wurde ...', 'Dort wird er ...',
    'Am Dienstag traf er ...'; 'sie' only with a singular verb next to it ('Sie reiste',
    'traf sie'), as 'sie reisten' are several. None inside quotes or after a comma."""
    for t in sent[:8]:
        if t.text in (",", ";", ":") or t.text in QUOTES:
            return None
        if t.lower_ not in ("er", "sie") or (t.text[:1].isupper() and t.i != sent.start):
            continue
        if _in_quote(text[:t.idx]):
            return None
        verb = sent.doc[t.i + 1] if t.i == sent.start else sent.doc[t.i - 1]
        if not (verb.is_alpha and verb.text[:1].islower()) or verb.i >= sent.end:
            return None
        if t.lower_ == "sie" and (verb.lower_.endswith("n") or verb.lower_ == "sind"):
            return None  # 'sie trafen' are several
        return t
    return None


PRONOUN = re.compile(r"\b(?:[Ee]r|[Ss]ie)\b")  # a quick look before reading tokens
WHERE_PRONOUN = re.compile(r",\s*wo\s+(?:er|sie)\b", re.IGNORECASE)  # the same for ', wo er' 
QUOTES = frozenset(["„", "“", "\"", "»", "«", "‚", "‘"])


def _in_quote(before: str) -> bool:
    """The text before a word leaves a quote open: 'Er sagte: „Wir' -> True."""
    if "„" in before:
        return before.count("„") > before.count("“")
    if "»" in before:
        return before.count("»") > before.count("«")
    return (before.count('"') + before.count("“") + before.count("”")) % 2 == 1


def _gender(ctx: Context, key: str) -> str | None:
    """'m' or 'f' from a post ('Ministerin') or the first name (gender_guesser's list);
    None when neither says. Example: 'Konrad Weißenbacher' -> 'm', 'Ilse Brandauer' -> 'f'."""
    doc = ctx.doc
    if any(m.key == key and m.start > 0 and doc[m.start - 1].text[-2:] == "in" and
           doc[m.start - 1].text[:-2] in ctx.gaz.roles for m in ctx.mentions):
        return "f"  # 'Ministerin Ilse Brandauer'
    entity = ctx.entities.get(key)
    first = entity.label.split()[0] if entity and " " in entity.label else ""
    return ctx.gaz.genders.get(first)


def _sporty(ctx: Context, sent: Span) -> bool:
    """A sentence about a match: a sport word alone or at the end of a compound."""
    idx = _trigger_index(ctx)
    return any(t.lower_ in idx.sport or t.lower_.endswith(idx.sport_endings)
               for t in sent if t.is_alpha or "-" in t.text)


# --- triggers -----------------------------------------------------------------------------

@dataclass(frozen=True)
class TriggerIndex:
    """The trigger lists of triggers.toml as lookup tables (built once per process)."""

    verbs: dict[str, tuple[str, ...]]  # lemma or word -> event types
    nouns: dict[str, tuple[str, ...]]  # lower-cased noun -> event types
    suffixes: dict[str, tuple[str, ...]]  # compound ending (>= 7 letters) -> event types
    suffix_lengths: tuple[int, ...]
    separable: dict[str, tuple[tuple[str, str], ...]]  # stem -> (event type, particle)
    particles: frozenset[str]
    at: frozenset[str]
    sport: frozenset[str]  # sport words (kg/data/triggers.toml [sport])
    sport_endings: tuple[str, ...]  # the longer ones, also at the end of a compound


@functools.lru_cache(maxsize=2)
def _index(gaz: Gazetteer) -> TriggerIndex:
    conf = gaz.triggers
    verbs: dict[str, list[str]] = {}
    nouns: dict[str, list[str]] = {}
    separable: dict[str, list[tuple[str, str]]] = {}
    for etype in RULES:
        for v in conf[etype]["verbs"] + conf[etype].get("with_destination", []):
            verbs.setdefault(v, []).append(etype)
        for n in conf[etype]["nouns"]:
            nouns.setdefault(n, []).append(etype)
        for stem, particle in conf[etype].get("separable", []):
            separable.setdefault(stem, []).append((etype, particle))
    suffixes = {n: ts for n, ts in nouns.items() if len(n) >= 7}
    freeze = lambda d: {k: tuple(v) for k, v in d.items()}
    return TriggerIndex(freeze(verbs), freeze(nouns), freeze(suffixes),
                        tuple(sorted({len(n) for n in suffixes})), freeze(separable),
                        frozenset(p for v in separable.values() for _, p in v),
                        frozenset(conf["Attendance"]["at"]), frozenset(conf["sport"]["words"]),
                        tuple(w for w in conf["sport"]["words"] if len(w) >= 5))


def clear_caches() -> None:
    _index.cache_clear()


def _trigger_index(ctx: Context) -> TriggerIndex:
    return _index(ctx.gaz)


def _triggers(ctx: Context, sent: Span) -> Iterator[Trigger]:
    idx = _trigger_index(ctx)
    inside = {i for m in _sent_mentions(ctx, sent) if m.end - m.start > 1 and m.via == "name"
              for i in range(m.start, m.end)}  # 'Organisation für ... Zusammenarbeit in Europa'
    for t in sent:
        if not (t.is_alpha or "-" in t.text[1:-1]) or t.i in inside:  # 'China-Besuch'
            continue
        low = t.lower_
        if low in idx.at:
            yield Trigger("Attendance", t, "at", low)
        sep = _separable(ctx, sent, t, idx)
        if sep:
            yield sep
            continue
        if t.text[:1].islower():
            verb = t.lemma_.lower()
            for etype in idx.verbs.get(verb, ()) or idx.verbs.get(low, ()):
                yield Trigger(etype, t, "verb", verb if verb in idx.verbs else low)
            for etype in idx.nouns.get(low, ()):  # 'teilzunehmen'
                yield Trigger(etype, t, "verb", low)
        else:
            for etype in _noun_types(low, idx):
                yield Trigger(etype, t, "noun", low)


def _noun_forms(low: str) -> tuple[str, ...]:
    """A noun in the forms to look up: the last part of a hyphenated compound ('China-Besuch'),
    without genitive or plural endings ('Treffens', 'Staatsbesuchs')."""
    low = low.rpartition("-")[2] or low
    return (low, low[:-1], low[:-2]) if len(low) > 5 else (low,)


def _noun_types(low: str, idx: TriggerIndex) -> tuple[str, ...]:
    """Event types of a noun or a compound ending in one, in any case form."""
    for form in _noun_forms(low):
        if form in idx.nouns:
            return idx.nouns[form]
        for n in idx.suffix_lengths:
            if len(form) > n and form[-n:] in idx.suffixes:
                return idx.suffixes[form[-n:]]
    return ()


def _noun_match(low: str, nouns: list[str]) -> bool:
    """The noun or a compound ending in one (of at least 7 letters), in any case form."""
    return any(form in nouns or any(form.endswith(n) and len(n) >= 7 for n in nouns)
               for form in _noun_forms(low))


def _separable(ctx: Context, sent: Span, t: Token, idx: TriggerIndex) -> Trigger | None:
    if t.text[:1].isupper() and not t.is_sent_start:
        return None  # a noun ('Treffen'), not a verb with its particle
    verb = t.lemma_.lower()
    for etype, particle in idx.separable.get(verb, ()):
        if _particle_at_clause_end(sent, t, particle):
            return Trigger(etype, t, "separable", particle + verb)
    low = t.lower_
    for particle in idx.particles:
        if low.startswith(particle) and len(low) > len(particle) + 3:
            rest = low[len(particle):]
            rest = rest[2:] if rest.startswith(("zu", "ge")) and rest[2:4] != "ge" else rest
            for stem in (rest, lemma(rest), lemma("ge" + rest)):
                for etype, p in idx.separable.get(stem, ()):
                    if p == particle:
                        return Trigger(etype, t, "separable", particle + stem)
    return None


def _particle_at_clause_end(sent: Span, t: Token, particle: str) -> bool:
    for u in sent.doc[t.i + 1: sent.end]:
        if u.lower_ == particle:
            nxt = u.doc[u.i + 1] if u.i + 1 < len(u.doc) else None
            if nxt is None or nxt.i >= sent.end or nxt.text in CLAUSE_END or nxt.lower_ in ("und", "um"):
                return True
        if u.text in (".", ";", "!", "?"):
            return False
    return False


# --- argument helpers ---------------------------------------------------------------------

def _sent_mentions(ctx: Context, sent: Span) -> list[Mention]:
    return ctx.in_span(sent.start, sent.end)


def _after_word(ctx: Context, sent: Span, words: tuple[str, ...], types: tuple[str, ...],
                lo: int | None = None, hi: int | None = None) -> list[Mention]:
    """Mentions right after one of ``words`` ('nach Baku', 'in der Türkei', 'von Italien')."""
    out = []
    for t in sent.doc[lo if lo is not None else sent.start: hi if hi is not None else sent.end]:
        if t.lower_ not in words or (t.lower_ == "mit" and t.i > sent.start
                                     and sent.doc[t.i - 1].lower_ in EXCEPT):
            continue  # 'außer mit der Linkspartei' names who is left out
        for m in _sent_mentions(ctx, sent):
            gap = sent.doc[t.i + 1: m.start]
            if m.start > t.i and m.type in types and len(gap) <= 3 and all(
                    g.text[:1].islower() or g.lower_ in ("republik",) for g in gap):
                out.append(m)
                break
    return out


def _objects_of(ctx: Context, sent: Span, words: tuple[str, ...], *, lo: int) -> list[Mention]:
    """People after 'mit' / 'bei' up to the next punctuation ('Gespräche mit
    Gesundheitsministerin X', 'Besuch bei seiner kranken Mutter X'): hosts, not visitors."""
    out = []
    for t in sent.doc[lo: sent.end]:
        if t.lower_ not in words:
            continue
        stop = next((u.i for u in sent.doc[t.i + 1: sent.end] if u.is_punct), sent.end)
        out += [m for m in _sent_mentions(ctx, sent) if m.type == "Person"
                and t.i < m.start < min(stop, t.i + 8)]
    return out


def _between(ctx: Context, sent: Span, types: tuple[str, ...]) -> list[Mention]:
    """'zwischen X und Y' (also 'zwischen türkischen und aserbaidschanischen Unternehmen')."""
    for t in sent:
        if t.lower_ != "zwischen":
            continue
        ms = [m for m in _sent_mentions(ctx, sent) if m.start > t.i and m.type in types
              and m.start - t.i <= 12]
        keys = _distinct(ms)
        if len(keys) >= 2:
            return [m for m in ms if m.key in keys[:2]][:2] if len(keys) == 2 else ms[:2]
    return []


def _named_after_role(ctx: Context, sent: Span, words: tuple[str, ...], clause: Span) -> list[Mention]:
    """The person a role phrase after 'mit' introduces: 'kam X mit dem Präsidenten der
    türkischen Verteidigungsindustrie, Emre Kocabaş, zusammen' -> Emre Kocabaş. Between the
    word and the name only what a role phrase holds: articles, adjectives, the role, ranks,
    genitive nouns, countries and a comma. The word stands in the trigger's clause."""
    out = []
    for t in clause:
        if t.lower_ in words:
            m = _name_of_role_phrase(ctx, sent, t.i + 1)
            out += [m] if m else []
    return out


def _name_of_role_phrase(ctx: Context, sent: Span, start: int) -> Mention | None:
    """The person named at the end of the role phrase from token ``start``: 'dem Präsidenten
    der türkischen Verteidigungsindustrie, Emre Kocabaş' -> Emre Kocabaş. Between: articles,
    adjectives, roles, genitive nouns, countries and a comma; a role among them."""
    from kg.extract import _inside_np

    roles = {k for s in ctx.doc.spans["role"] for k in range(s.start, s.end)}
    people = {m.start: m for m in _sent_mentions(ctx, sent)
              if m.type == "Person" and m.via == "name"}
    for j in range(start, min(sent.end, start + 14)):
        if j in people:
            return people[j] if any(k in roles for k in range(start, j)) else None
        u = ctx.doc[j]
        if not (j in roles or _inside_np(ctx, j) or u.text[:1].islower() and
                u.lower_.endswith(("e", "en", "er", "em", "es")) and not u.is_punct
                or u.lower_ == "für" and j - 1 in roles  # 'Minister für Verteidigung'
                or ctx.doc[j - 1].lower_ == "für" and j - 2 in roles):
            return None
    return None


def _named_later(ctx: Context, sent: Span, m: Mention) -> bool:
    """A role mention whose phrase goes on to a name ('den Minister für Verteidigungsindustrie
    Georgiens, Levan Kapanadze'): the named one is meant, not an earlier holder of the role."""
    return m.via == "role" and _name_of_role_phrase(ctx, sent, m.start) is not None


def _distinct(ms: list[Mention]) -> list[str]:
    return list(dict.fromkeys(m.key for m in ms))


def _nearest(ms: list[Mention], i: int, *, before_first: bool = True) -> Mention | None:
    if not ms:
        return None
    before = [m for m in ms if m.end <= i]
    if before_first and before:
        return before[-1]
    return min(ms, key=lambda m: abs(m.start - i))


def _roles(*pairs: tuple[str, str | None]) -> tuple[tuple[str, str], ...]:
    return tuple(sorted({(r, k) for r, k in pairs if k}))


def _status(ctx: Context, sent: Span, trig: Trigger) -> str:
    mod = ctx.gaz.triggers["modality"]
    clause = _clause(sent, trig.token)
    words = {t.lower_ for t in clause}
    if words & set(mod["negated"]) or any(
            t.lemma_.lower() == stem and _particle_at_clause_end(sent, t, particle)
            for t in sent for stem, particle in mod["negated_separable"]):
        return "negated"
    before = {t.lower_ for t in sent.doc[sent.start: trig.token.i]}
    if (words | before) & set(mod["planned"]):
        return "planned"
    return "occurred"


def _clause(sent: Span, t: Token) -> Span:
    start = t.i
    while start > sent.start and sent.doc[start - 1].text not in (",", ";", ":", "–"):
        start -= 1
    end = t.i + 1
    while end < sent.end and sent.doc[end].text not in (",", ";", ":", "–"):
        end += 1
    return sent.doc[start:end]


def _date(ctx: Context, sent: Span, trig: Trigger, status: str) -> DateValue | None:
    text = sent.text
    found = find_dates(text, ctx.article.date, ahead=status == "planned")
    if not found:
        return None
    pos = trig.token.idx - sent.start_char
    return min(found, key=lambda f: abs(f[0] - pos))[1]


def _event(ctx: Context, sent: Span, trig: Trigger, roles: tuple[tuple[str, str], ...],
           confidence: float, location: str | None = None) -> Event:
    weak = any(m.via in ("role", "group", "adjective", "pronoun") for m in _sent_mentions(ctx, sent)
               if m.key in {k for _, k in roles})
    ev = ctx.evidence(sent, trig.token.text, confidence - (0.15 if weak else 0.0))
    status = _status(ctx, sent, trig)
    return Event(type=trig.type, roles=roles, evidence=(ev,), date=_date(ctx, sent, trig, status),
                 status=status, location=location)


# --- the six rules ------------------------------------------------------------------------

def _meeting(ctx: Context, sent: Span, trig: Trigger) -> Event | list[Event] | None:
    conf = ctx.gaz.triggers["Meeting"]
    low = sent.text.lower()
    i = trig.token.i
    if any(w in low for w in conf["not_context"]):
        return None
    after = sent.doc[i + 1: min(sent.end, i + 6)]
    if _interview(sent, conf):
        return None  # 'im Gespräch mit der Zeitung'
    before = sent.doc[max(sent.start, i - 12): i]
    if any(t.lower_ in conf["not_objects"] for t in list(before) + list(after[:3])):
        return None
    if trig.kind == "verb" and any(_particle_at_clause_end(sent, trig.token, p)
                                   for p in conf["not_particles"]):
        return None  # 'trifft auf', 'trifft ein', 'trifft zu'
    if trig.lemma.removeprefix("sich") in conf.get("summon", ()):
        return _summons(ctx, sent, trig)
    clause = _clause(sent, trig.token)
    ms = [m for m in _sent_mentions(ctx, sent) if m.type == "Person" and not _quoted(ctx, m)
          and not _named_later(ctx, sent, m)]
    if trig.kind == "verb":  # the clause, and who follows the verb ('traf sich mit ..., X')
        ms = [m for m in ms if clause.start <= m.start < clause.end or i < m.start <= i + 10] or ms
        if trig.lemma == "treffen" and not _meets(clause, ms, i, conf):
            return None
    else:  # a noun: who is in its clause, after its 'mit' / 'zwischen', and who comes before
        bound = _after_word(ctx, sent, ("mit", "zwischen", "und"), ("Person",), lo=i)
        before = [m for m in ms if m.end <= i]
        ms = [m for m in ms if clause.start <= m.start < clause.end] + bound + before[-1:]
        if i > sent.start and sent.doc[i - 1].lower_.startswith(("sein", "ihr")):
            ms += [m for m in _sent_mentions(ctx, sent) if m.type == "Person"  # 'nach seinen
                   and m.start >= clause.end and not _quoted(ctx, m)][:1]  # Gesprächen ..., X
    if not ms:
        return None  # talks between parties or states alone are no meeting of people
    ms += _and_the_next(ctx, sent, [m for m in ms if m.start > i])
    keys = _distinct(ms)
    if len(keys) < 2:
        ms = ms + _after_word(ctx, sent, ("mit",), ("Organisation", "Person"))
        ms += _named_after_role(ctx, sent, ("mit", "zwischen"), clause)
        keys = _distinct(ms)
    if len(keys) < 2 or len(keys) > 4 or _partners_of_a_pronoun(sent, clause, trig, ms):
        return None
    loc = next((m.key for m in _after_word(ctx, sent, ("in",), ("City",))), None)
    groups = _one_after_another(sent, trig, ms, conf) or [keys]
    meetings = [_event(ctx, sent, trig, _roles(*[("participant", k) for k in g]),
                       0.8 if trig.kind != "noun" else 0.7, location=loc) for g in groups]
    visit = _visit_of_guest(ctx, sent, trig, ms)
    return meetings + [visit] if visit else meetings


def _and_the_next(ctx: Context, sent: Span, partners: list[Mention]) -> list[Mention]:
    """'traf sich mit A und dem Generalstabschef der serbischen Streitkräfte, General B': the
    person a role phrase right after 'und' / 'sowie' names, when that word follows a partner."""
    out: list[Mention] = []
    for m in partners:
        if m.end < sent.end and sent.doc[m.end].lower_ in ("und", "sowie"):
            nxt = _name_of_role_phrase(ctx, sent, m.end + 1)
            out += [nxt] if nxt and nxt not in partners else []
    return out


def _one_after_another(sent: Span, trig: Trigger, ms: list[Mention],
                       conf: dict) -> list[list[str]]:
    """'X traf mit A und anschließend mit B zusammen': two meetings, X with A and X with B
    (the 'mit' after the word of sequence opens the second); [] when the sentence tells one.
    X is the one named before the first 'mit'."""
    doc = sent.doc
    mits = [t.i for t in doc[trig.token.i: sent.end] if t.lower_ == "mit"]
    if len(mits) < 2 or not any(doc[k].lower_ in conf["sequence"] for k in range(mits[0], mits[-1])):
        return []
    subject = _distinct([m for m in ms if m.start < mits[0]])
    sides = [_distinct([m for m in ms if a < m.start < b])
             for a, b in zip(mits, [*mits[1:], sent.end])]
    if len(subject) != 1 or not all(sides):
        return []
    return [subject + side for side in sides]


def _partners_of_a_pronoun(sent: Span, clause: Span, trig: Trigger, ms: list[Mention]) -> bool:
    """'In Kairo traf er mit A und anschließend mit B zusammen': 'er' met A and B, who did not
    meet each other; with the pronoun unresolved there is no meeting to tell."""
    if trig.kind == "noun" or any(m.end <= trig.token.i or m.via == "pronoun" for m in ms):
        return False
    i = trig.token.i
    near = [sent.doc[i + 1]] if i + 1 < sent.end else []
    return any(t.lower_ in ("er", "sie") for t in [*clause[:1], *near])


def _summons(ctx: Context, sent: Span, trig: Trigger) -> Event | None:
    """'X zitierte am Montag Verteidigungsminister Y zu sich': X (the last person before the
    verb) and Y (the first after it) met; not 'zitierte, was sich ...' nor those named later
    in the clause ('nach Aussagen von Z')."""
    if not _summoned(sent, trig.token):
        return None
    people = [m for m in _sent_mentions(ctx, sent) if m.type == "Person" and not _quoted(ctx, m)]
    before = [m for m in people if m.end <= trig.token.i]
    after = [m for m in people if m.start > trig.token.i]
    if not before or not after or before[-1].key == after[0].key:
        return None
    return _event(ctx, sent, trig, _roles(("participant", before[-1].key),
                                         ("participant", after[0].key)), 0.8)


def _summoned(sent: Span, t: Token) -> bool:
    """'X zitierte am Montag Verteidigungsminister Y zu sich': 'zu sich' closes the clause."""
    for u in sent.doc[t.i + 1: sent.end - 1]:
        if u.lower_ == "zu" and sent.doc[u.i + 1].lower_ == "sich":
            return _particle_at_clause_end(sent, t, "sich")
        if u.text in CLAUSE_END:
            return False
    return False


def _visit_of_guest(ctx: Context, sent: Span, trig: Trigger, persons: list[Mention]) -> Event | None:
    """'Ministerin Ilse Brandauer traf in Jordanien König Farid': the one who meets abroad, named before the
    verb and holding a post in another country, visited that place."""
    if trig.kind != "verb":
        return None
    i = trig.token.i
    place = next((m for m in _after_word(ctx, sent, ("in",), PLACES, lo=i, hi=i + 3)), None)
    subject = next((m for m in reversed(persons) if m.end <= i), None)
    if place is None or subject is None:
        return None
    country = place.key if place.type == "Country" else ctx.entities.get(place.key, None)
    country = country if isinstance(country, str) else getattr(country, "country", None)
    homes = {w for _, w in ctx.person_roles.get(subject.key, ()) if w and w.startswith("Country/")}
    if not country or not homes or country in homes:
        return None
    return _event(ctx, sent, Trigger("Visit", trig.token, trig.kind, trig.lemma),
                  _roles(("visitor", subject.key), ("destination", place.key)), 0.6)


def _interview(sent: Span, conf: dict) -> bool:
    """'im Gespräch mit der Süddeutschen Zeitung', 'STANDARD-Gespräch', talks shown on TV:
    talks with or for the press are interviews."""
    talks = [t for t in sent if "gespräch" in t.lower_ or "interview" in t.lower_]
    return bool(talks) and any(any(m in t.lower_ for m in conf["media"]) for t in sent)


def _quoted(ctx: Context, m: Mention) -> bool:
    """The person is the speaker of a quote: 'sagte (Sprecher) X', 'X sagte', 'laut X'."""
    speech = ctx.gaz.triggers["speech"]["words"]
    doc = ctx.doc
    for j in range(m.start - 1, max(-1, m.start - 4), -1):
        if doc[j].lower_ in speech:
            return True
        if not (doc[j].text[:1].isupper() or doc[j].lower_ in ("der", "die", "den", "dem", "des")):
            break
    nxt = doc[m.end] if m.end < len(doc) else None
    if nxt is None or nxt.lower_ not in speech or nxt.lower_ in ("so", "laut"):
        return False
    after = doc[nxt.i + 1: nxt.i + 3]  # 'X sagte, ...' / 'X sagte: ...' / 'X sagte, dass'
    return any(t.is_punct or t.lower_ == "dass" for t in after)


def _meets(clause: Span, persons: list[Mention], i: int, conf: dict) -> bool:
    """'traf sich mit X' / 'X traf Y' — not 'trifft auf X' (plays against) nor 'trafen (30.)'."""
    words = {t.lower_ for t in clause}
    if "auf" in {t.lower_ for t in clause if t.i > i} and "sich" not in words:
        return False
    if words & set(conf["verb_needs"]):
        return True
    return any(m.end <= i for m in persons) and any(m.start > i for m in persons) or \
        _subject_then_object(clause.doc, persons, i, conf) or \
        _verb_last(clause.doc, persons, i, conf)


SUBORDINATORS = frozenset(["wo", "als", "nachdem", "bevor", "während"])


def _verb_last(doc: Doc, persons: list[Mention], i: int, conf: dict) -> bool:
    """'..., wo er seinen Amtskollegen Y traf', 'als Präsident X Regierungschef Y traf': in a
    clause opened by 'wo', 'als', 'nachdem' ..., the subject right after that word (and its
    title), then the one met, the verb last."""
    if i + 1 < len(doc) and doc[i + 1].text not in CLAUSE_END:
        return False
    subject = next((m for m in persons if m.end <= i and _opens_clause(doc, m.start)), None)
    if subject is None or any(doc[k].text in CLAUSE_END or doc[k].lower_ == "auf"
                              for k in range(subject.end, i)):
        return False  # 'als X auf Y traf' (played against), 'auf Fragen traf'
    return any(subject.end <= m.start < i and m.key != subject.key for m in persons)


def _opens_clause(doc: Doc, start: int) -> bool:
    """A subordinating word right before ``start``, or before the title words ahead of it."""
    for k in range(start - 1, max(-1, start - 5), -1):
        if doc[k].lower_ in SUBORDINATORS:
            return True
        if not (doc[k].is_alpha and doc[k].text[:1].isupper()):
            return False
    return False


def _subject_then_object(doc: Doc, persons: list[Mention], i: int, conf: dict) -> bool:
    """'Am Rande der Messe traf X auch den Minister ..., Y', 'Am Dienstag traf er in Baku den
    Verteidigungsminister Y': the subject right after the verb, then an accusative article
    ('den', 'seinen') opening the phrase that names the one met."""
    subject = next((m for m in persons if i < m.start <= i + 2), None)
    if subject is None or doc[i + 1].lower_ in conf["accusative"]:
        return False  # 'traf den Minister Y': Y is the object, the subject is elsewhere
    for k in range(subject.end, min(len(doc), subject.end + 8)):
        if doc[k].text in CLAUSE_END:
            return False
        if doc[k].lower_ in conf["accusative"]:
            return any(k < m.start <= k + 10 and m.key != subject.key for m in persons)
    return False


def _visit(ctx: Context, sent: Span, trig: Trigger) -> Event | None:
    conf = ctx.gaz.triggers["Visit"]
    i = trig.token.i
    prefix = trig.token.text.rpartition("-")[0]
    if prefix and ctx.gaz.surface.get(prefix, "").startswith(PLACES):
        key = ctx.gaz.surface[prefix]
        _ensure(ctx, key)
        dest = [_mention(i, key, key.split("/")[0])]
    elif trig.lemma in conf["with_destination"]:
        dest = _after_word(ctx, sent, ("nach",), PLACES, lo=i + 1, hi=min(sent.end, i + 3))
    else:
        dest = _after_word(ctx, sent, ("nach", "in", "im"), PLACES, lo=max(sent.start, i - 2))
        if not dest and trig.lemma in ("besuchen", "bereisen"):
            dest = [m for m in _sent_mentions(ctx, sent) if m.type in PLACES and
                    m.via == "name" and i < m.start <= i + 4] or _object_before_participle(
                        ctx, sent, trig.token, conf)
        if not dest and trig.kind == "noun":
            dest = [m for m in _sent_mentions(ctx, sent) if m.type in PLACES and m.via == "name"
                    and i < m.start <= i + 7]
    if not dest:
        return None
    if any(m.type == "Exhibition" for m in _sent_mentions(ctx, sent)) and trig.lemma == "besuchen":
        return None  # 'besuchte die IDEF' is an attendance
    clause = _clause(sent, trig.token)
    lo = clause.start if trig.kind != "noun" else sent.start
    if lo >= sent.start + 2 and sent.doc[lo].lower_ in ("der", "die", "das", "dem", "den"):
        lo = _clause(sent, sent.doc[lo - 2]).start  # apposition: 'X, der ... reist'
    visitors = [m for m in _sent_mentions(ctx, sent) if m.type in ACTORS and m.key != dest[0].key
                and m.start not in range(dest[0].start, dest[0].end) and m.start >= lo
                and (m.start < clause.end or trig.kind == "noun")
                and m.type != "Country" and not _quoted(ctx, m)
                and not (m.type == "Organisation" and trig.kind != "noun" and m.start > i)
                and not (m.via == "pronoun" and not ctx.person_roles.get(m.key))]
    # 'So kam er nach Uganda': a pronoun stands for a traveller only if they hold a post
    hosts = {m.key for m in _objects_of(ctx, sent, ("mit", "bei"), lo=i)}
    hosts |= _who_ordered(ctx, sent, conf["ordered_by"])
    visitors = [m for m in visitors if m.key not in hosts]
    if not visitors:  # 'sagte Kommissar X bei einem Besuch in Athen': the speaker travelled
        visitors = [m for m in _sent_mentions(ctx, sent) if m.type == "Person" and _quoted(ctx, m)
                    and m.key not in hosts and clause.start <= m.start < clause.end]
    persons = [m for m in visitors if m.type == "Person"]
    genitive = [m for m in persons if m.start == i + 1 or (  # 'der China-Besuch Gaucks'
        m.start in (i + 2, i + 3) and sent.doc[i + 1].lower_ in ("von", "des", "der"))]
    visitor = genitive[0] if genitive else _nearest(persons or visitors, i)
    if visitor is None:
        return None
    host = next((m.key for m in _after_word(ctx, sent, ("einladung",), ACTORS)), None)
    if host is None:
        host_ms = _host_after_invitation(ctx, sent)
        host = host_ms.key if host_ms else None
    return _event(ctx, sent, trig, _roles(("visitor", visitor.key), ("destination", dest[0].key),
                                         ("host", host if host != visitor.key else None)), 0.8)


def _object_before_participle(ctx: Context, sent: Span, t: Token, conf: dict) -> list[Mention]:
    """'Im März hatte X bereits Kroatien besucht', 'X hat am Montag die Türkei bereist': the
    place right before the participle at the clause end (after an article or an adverb, not
    after a preposition: 'Gäste aus Kroatien besucht'), with 'hat' / 'hatte' before it."""
    if not t.lower_.startswith(("besucht", "bereist")) or t.i + 1 < sent.end and \
            sent.doc[t.i + 1].text not in CLAUSE_END and sent.doc[t.i + 1].lower_ != "und":
        return []
    clause = _clause(sent, t)
    if not any(u.lower_ in conf["perfect"] for u in clause if u.i < t.i):
        return []
    places = [m for m in _sent_mentions(ctx, sent) if m.type in PLACES and m.via == "name"
              and m.end == t.i]
    if not places or sent.doc[places[0].start - 1].lower_ in conf["not_before_object"]:
        return []
    return places


def _who_ordered(ctx: Context, sent: Span, heads: list[str]) -> set[str]:
    """People right after 'auf Anordnung von', 'im Auftrag des' ...: who sent, not who went."""
    out: set[str] = set()
    for t in sent[:-1]:
        if t.lower_ in heads and sent.doc[t.i + 1].lower_ in ("von", "des", "der"):
            out |= {m.key for m in _sent_mentions(ctx, sent)
                    if m.type == "Person" and t.i + 1 < m.start <= t.i + 6}
    return out


def _mention(i: int, key: str, type_: str) -> Mention:
    from kg.extract import Mention

    return Mention(i, i + 1, key, type_, via="compound")


def _ensure(ctx: Context, key: str) -> None:
    if key not in ctx.entities and key in ctx.gaz.entities:
        ctx.entities[key] = ctx.gaz.entities[key]


def _host_after_invitation(ctx: Context, sent: Span) -> Mention | None:
    for t in sent:
        if t.lower_ == "einladung":
            after = [m for m in _sent_mentions(ctx, sent) if m.type == "Person" and
                     t.i < m.start <= t.i + 9]
            return after[0] if after else None
    return None


def _signing(ctx: Context, sent: Span, trig: Trigger) -> Event | None:
    agreement = _agreement(ctx, sent, trig)
    if agreement is None:
        return None
    parties = _between(ctx, sent, ACTORS)
    if not parties:
        persons = [m for m in _sent_mentions(ctx, sent) if m.type == "Person" and not _quoted(ctx, m)]
        others = [m for m in _sent_mentions(ctx, sent) if m.type in ("Country", "Organisation")
                  and m.via == "name" and not _quoted(ctx, m)]
        parties = persons if len(_distinct(persons)) >= 2 else (persons + others)
    keys = _distinct(parties)[:4]
    if len(keys) < 2:
        return None  # a signing has two sides
    roles = _roles(("agreement", agreement.key), *[("signatory", k) for k in keys])
    return _event(ctx, sent, trig, roles, 0.8)


def _agreement(ctx: Context, sent: Span, trig: Trigger) -> Entity | None:
    conf = ctx.gaz.triggers["agreements"]
    nouns = [(t, "MemorandumOfUnderstanding") for t in sent if _noun_match(t.lower_, conf["mou"])]
    nouns += [(t, "Agreement") for t in sent if t.text[:1].isupper()
              and _noun_match(t.lower_, conf["other"]) and t.i != trig.token.i]
    if not nouns:
        return None
    tok, type_ = min(nouns, key=lambda n: abs(n[0].i - trig.token.i))
    label = _agreement_label(sent, tok)
    specific = label != tok.text and len(label.split()) > 1
    key = f"{type_}/" + (slug(label) if specific else
                         f"{slug(label)}-{digest(ctx.article.id + sent.text, 10)}")
    entity = Entity(key, type_, label)
    ctx.entities.setdefault(key, entity)
    return entity


def _agreement_label(sent: Span, tok: Token) -> str:
    """'Kooperationsplan für 2017', 'Gemeinsame Erklärung zur strategischen Partnerschaft'."""
    doc = sent.doc
    start = tok.i
    if start > sent.start and doc[start - 1].text[:1].isupper() and doc[start - 1].lower_.endswith(
            ("e", "en")) and not doc[start - 1].is_sent_start:
        start -= 1
    end = tok.i + 1
    if end < sent.end and doc[end].lower_ in ("für", "zur", "zum", "über"):
        k = end + 1
        while k < sent.end and (doc[k].like_num or doc[k].text[:1].islower() and
                                doc[k].lower_.endswith(("en", "er", "e")) and
                                doc[k].lower_ not in ("der", "die", "den", "dem", "des", "eine")):
            k += 1
        if k < sent.end and (doc[k].text[:1].isupper() or doc[k].like_num):
            end = k + 1
        elif k > end + 1 and doc[k - 1].like_num:
            end = k
    text = doc[start:end].text
    return text[0].upper() + text[1:]


def _delivery(ctx: Context, sent: Span, trig: Trigger) -> Event | None:
    """Supplier, recipient and model: 'X liefert Y an Z', 'Z erhält Y aus X', 'X hat Z Y
    geliefert'. Without a named model, only weapons ('Waffenlieferungen an Z', 'liefert
    Panzer an Z') between a named supplier and recipient count: not gas or grain."""
    conf = ctx.gaz.triggers["Delivery"]
    ms = _sent_mentions(ctx, sent)
    items = [m for m in ms if m.type == "EquipmentModel"]
    i = trig.token.i
    lo = i if trig.kind == "noun" else _clause(sent, trig.token).start  # '... an Ägypten geliefert'
    supplier = _first(_after_word(ctx, sent, ("von", "aus"), ("Country", "Organisation"), lo=lo))
    recipient = _first(_after_word(ctx, sent, ("nach", "an"), ("Country", "Organisation"), lo=lo))
    actors = [m for m in ms if m.type in ("Country", "Organisation")
              and m.key not in (supplier, recipient) and not _of_a_person(ctx, m)]
    subject, dative = _subject_and_dative(sent, [m for m in actors if m.end <= i], conf)
    buyer = trig.lemma in conf["recipient_subject"]
    if dative is None and not buyer and trig.kind == "verb":
        dative = next((m for m in actors if m.start == i + 1), None)  # 'liefert Indien S-400'
    if subject is not None:
        if buyer and recipient is None:
            recipient = subject.key
        elif supplier is None and not buyer:
            supplier = subject.key
    if dative is not None and recipient is None and not buyer and dative.key != supplier:
        recipient = dative.key
    item = items[0].key if items else None
    if supplier == recipient:
        recipient = None
    if not (supplier or recipient) or not (item or supplier and recipient and _weapons(
            ctx, sent, trig, conf)):
        return None
    return _event(ctx, sent, trig, _roles(("supplier", supplier), ("recipient", recipient),
                                         ("item", item)), 0.8 if item else 0.7)


def _of_a_person(ctx: Context, m: Mention) -> bool:
    """'seinem türkischen Amtskollegen', 'der italienische Minister': an adjective that says
    where a person is from, not who delivers."""
    if m.via != "adjective" or m.end >= len(ctx.doc):
        return False
    return any(s.start == m.end for group in ("role", "person") for s in ctx.doc.spans[group]) \
        or bool(COLLEAGUE.match(ctx.doc[m.end].text))


def _subject_and_dative(sent: Span, before: list[Mention],
                        conf: dict) -> tuple[Mention | None, Mention | None]:
    """The actor before the trigger, and in 'Russland hat Indien ... geliefert' (two actors with
    an auxiliary between them) the first as subject and the second as dative object."""
    if len(before) >= 2:
        a, b = before[-2], before[-1]
        gap = sent.doc[a.end: b.start]
        if len(gap) == 1 and (gap[0].lower_ in conf["auxiliaries"] or
                              gap[0].lemma_.lower() in conf["verbs"]):
            return a, b
    return (before[-1] if before else None), None


def _weapons(ctx: Context, sent: Span, trig: Trigger, conf: dict) -> bool:
    """A weapon word in the trigger ('Granatenlieferungen') or its clause ('Panzer')."""
    stems = tuple(conf["weapons"])
    return any(w in trig.token.lower_ for w in stems) or any(
        t.lower_.startswith(stems) or is_type_noun(t.text) for t in _clause(sent, trig.token))


def _first(ms: list[Mention]) -> str | None:
    return ms[0].key if ms else None


def _attendance(ctx: Context, sent: Span, trig: Trigger) -> Event | None:
    ms = _sent_mentions(ctx, sent)
    if trig.kind == "at" and not any(m.type == "Exhibition" and trig.token.i < m.start <=
                                     trig.token.i + 3 for m in ms):
        return None
    fairs = [m for m in ms if m.type == "Exhibition"]
    if not fairs:
        return None
    fair = _nearest(fairs, trig.token.i, before_first=False)
    owner = _owner(ctx, fair.key) if fair else None
    actors = () if trig.kind == "at" else ("Organisation", "Country")  # 'beim Gipfel': people
    people = [m for m in ms if m.type == "Person"] or [
        m for m in ms if m.type in actors and m.via == "name" and m.key != owner
        and not (fair and fair.start <= m.start < fair.end)]
    participant = _nearest(people, trig.token.i)
    if fair is None or participant is None:
        return None
    return _event(ctx, sent, trig, _roles(("participant", participant.key),
                                         ("attendedEvent", fair.key)), 0.8)


def _noun_types_in(low: str, nouns: list[str]) -> bool:
    """'US-Partner', 'Partnern' are 'partner'; 'Partnerschaft' is not."""
    word = low.rpartition("-")[2]
    return any(word.rstrip("ns").endswith(n) for n in nouns)


def _owner(ctx: Context, fair_key: str) -> str | None:
    """The organisation or country a fair or summit belongs to ('EU' of 'EU-Gipfel')."""
    entity = ctx.entities.get(fair_key)
    if entity is None:
        return None
    if entity.country:
        return entity.country
    prefix = entity.label.partition("-")[0]
    return ctx.gaz.surface.get(prefix) if prefix != entity.label else None


def _cooperation(ctx: Context, sent: Span, trig: Trigger) -> Event | None:
    """Two countries or organisations bound to the trigger: 'zwischen X und Y', 'X und Y
    arbeiten zusammen', 'X kooperiert mit Y'."""
    conf = ctx.gaz.triggers["Cooperation"]
    if trig.kind == "noun" and _noun_types_in(trig.lemma, conf.get("possessive_nouns", [])) and (
            trig.token.i == 0 or not sent.doc[trig.token.i - 1].lower_.startswith(("sein", "ihr"))):
        return None  # 'einen dritten Partner' is no cooperation; 'sein Partner X' is
    parties = _between(ctx, sent, ("Country", "Organisation"))
    clause = _clause(sent, trig.token)
    if not parties and any(t.lower_ == "zwischen" for t in clause):
        return None  # 'zwischen Russland und dem Westen': one side is no entity
    if not parties:
        ms = [m for m in _sent_mentions(ctx, sent) if m.type in ("Country", "Organisation")
              and clause.start <= m.start < clause.end and m.via in ("name", "group")]
        linked = any(t.lower_ in ("und", "mit", "sowie") for t in clause)
        if len(_distinct(ms)) > 2:  # 'X und sein Partner Y ... für Z': one on each side
            i = trig.token.i
            before = [m for m in ms if m.end <= i]
            after = [m for m in ms if m.start > i]
            ms = [before[-1], after[0]] if before and after else ms
        if len(_distinct(ms)) != 2 or not linked:
            return None
        parties = ms
    keys = _distinct(parties)
    if len(keys) != 2:
        return None
    return _event(ctx, sent, trig, _roles(*[("participant", k) for k in keys]),
                  0.75 if trig.kind == "noun" else 0.8)


RULES: dict[str, Callable[[Context, Span, Trigger], Event | list[Event] | None]] = {
    "Meeting": _meeting,
    "Visit": _visit,
    "AgreementSigning": _signing,
    "Delivery": _delivery,
    "Attendance": _attendance,
    "Cooperation": _cooperation,
}
STATUS_RANK = {"occurred": 0, "planned": 1, "negated": 2}


def _merge(events: list[Event], countries: dict[str, str] | None = None) -> list[Event]:
    """One event told in several sentences is one event with several pieces of evidence; a
    visit to a city and a visit to its country by the same visitor are one visit."""
    merged: dict[tuple, Event] = {}
    for e in _visits_to_cities(events, countries or {}):
        k = (e.type, tuple(x for x in e.roles if x[0] != "host"))
        old = merged.get(k)
        if old is None:
            merged[k] = e
            continue
        evidence = tuple(sorted(set(old.evidence) | set(e.evidence), key=lambda v: v.start))
        status = min(old.status, e.status, key=STATUS_RANK.__getitem__)
        roles = tuple(sorted(set(old.roles) | set(e.roles)))
        merged[k] = Event(e.type, roles, evidence, old.date or e.date, status,
                          old.location or e.location)
    return sorted(merged.values(), key=lambda e: (e.type, e.roles))


def _visits_to_cities(events: list[Event], countries: dict[str, str]) -> list[Event]:
    cities = {(dict(e.roles).get("visitor"), countries.get(k)): k for e in events
              if e.type == "Visit" for r, k in e.roles if r == "destination" and k in countries}
    out = []
    for e in events:
        roles = dict(e.roles)
        city = cities.get((roles.get("visitor"), roles.get("destination")))
        if e.type == "Visit" and city:
            e = Event(e.type, tuple(sorted({*e.roles, ("destination", city)} -
                                           {("destination", roles["destination"])})),
                      e.evidence, e.date, e.status, e.location or roles["destination"])
        out.append(e)
    return out
