"""From a processed spaCy ``Doc`` to plain records: entities, posts and events of one article.

spaCy types stay in this module and in :mod:`kg.nlp`; what leaves is a
:class:`kg.records.Extraction`.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from kg import gazetteer
from kg.events import find_events
from kg.gazetteer import Gazetteer
from kg.nlp import role_base
from kg.records import Article, Entity, Evidence, Extraction, Post

COLLEAGUE = re.compile(r"Amt?s?kolleg(e|en|in|innen)$")


@dataclass(frozen=True)
class Mention:
    """An entity named at tokens [start, end) of the doc; ``via`` says how it was found."""

    start: int
    end: int
    key: str
    type: str
    via: str = "name"  # name | adjective | role | group


@dataclass
class Context:
    """What the rules need about one article: the doc, its mentions and known people."""

    doc: Doc
    article: Article
    gaz: Gazetteer
    mentions: list[Mention] = field(default_factory=list)
    entities: dict[str, Entity] = field(default_factory=dict)
    posts: dict[tuple[str, str, str | None], Post] = field(default_factory=dict)
    person_roles: dict[str, set[tuple[str, str | None]]] = field(default_factory=dict)

    def in_span(self, start: int, end: int) -> list[Mention]:
        return [m for m in self.mentions if start <= m.start and m.end <= end]

    def evidence(self, sent: Span, trigger: str, confidence: float) -> Evidence:
        text = self.article.text[sent.start_char: sent.end_char]
        stripped = text.rstrip()
        lead = len(text) - len(text.lstrip())
        return Evidence(doc_id=self.article.id, sentence=stripped.strip(),
                        start=sent.start_char + lead, end=sent.start_char + len(stripped),
                        trigger=trigger, confidence=round(confidence, 2))


def name_key(name: str) -> str:
    """One key for transliteration variants: Alijew / Aliyev, Hasanov / Hasanow, Görgün / Gorgun."""
    s = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    for a, b in (("tsch", "ch"), ("sch", "sh"), ("zh", "sh"), ("kh", "ch"), ("j", "y"),
                 ("w", "v"), ("z", "s"), ("ph", "f"), ("dt", "t"), ("ou", "u")):
        s = s.replace(a, b)
    s = re.sub(r"(ey|ei|iy|ij|yy)\b", "y", s)
    s = re.sub(r"(.)\1+", r"\1", s)
    return re.sub(r"[^a-z]+", "-", s).strip("-")


def extract(article: Article, doc: Doc) -> Extraction:
    ctx = Context(doc=doc, article=article, gaz=gazetteer.load())
    _gazetteer_mentions(ctx)
    _person_mentions(ctx)
    _posts(ctx)
    _role_mentions(ctx)
    _group_mentions(ctx)
    ctx.mentions.sort(key=lambda m: (m.start, m.end))
    events = find_events(ctx)
    used = {m.key for m in ctx.mentions if m.via == "name"} | {
        k for e in events for _, k in e.roles}
    used |= {p.person for p in ctx.posts.values()} | {
        p.where for p in ctx.posts.values() if p.where}
    entities = tuple(sorted((ctx.entities[k] for k in used if k in ctx.entities),
                            key=lambda e: e.key))
    posts = tuple(sorted(_final_posts(ctx), key=lambda p: (p.person, p.role, p.where or "")))
    return Extraction(article=article, entities=entities, events=tuple(events), posts=posts)


def _add_entity(ctx: Context, entity: Entity, form: str | None = None) -> None:
    known = ctx.entities.get(entity.key, entity)
    if form and form != known.label and form not in known.aliases:
        known = Entity(known.key, known.type, known.label, (*known.aliases, form),
                       known.wikidata, known.country)
    ctx.entities[entity.key] = known


def _gazetteer_mentions(ctx: Context) -> None:
    for span in ctx.doc.spans["gaz"]:
        entity = ctx.gaz.entities[span.kb_id_]
        ctx.mentions.append(Mention(span.start, span.end, entity.key, entity.type))
        _add_entity(ctx, entity)
        if entity.country and entity.country in ctx.gaz.entities:
            _add_entity(ctx, ctx.gaz.entities[entity.country])
    for span in ctx.doc.spans["adj"]:
        ctx.mentions.append(Mention(span.start, span.end, span.kb_id_, "Country", via="adjective"))
        _add_entity(ctx, ctx.gaz.entities[span.kb_id_])


def _person_mentions(ctx: Context) -> None:
    """Full names become people; a surname or genitive form joins the full name it shortens."""
    spans = sorted(ctx.doc.spans["person"], key=lambda s: s.start)
    fulls = [s for s in spans if len(s) >= 2]
    for span in spans:
        label = _clean_name(span.text)
        full = _full_form(label, fulls) if len(span) == 1 else None
        canonical = full or label
        key = "Person/" + name_key(canonical)
        _add_entity(ctx, Entity(key, "Person", canonical), form=label)
        ctx.mentions.append(Mention(span.start, span.end, key, "Person"))


def _clean_name(text: str) -> str:
    return " ".join(text.replace("’", "'").split())


def _full_form(surname: str, fulls: list[Span]) -> str | None:
    base = surname[:-1] if surname.endswith("s") and not surname.endswith("ss") else surname
    for cand in (surname, base):
        matches = {_clean_name(s.text) for s in fulls if s[-1].text in (cand, cand + "s")}
        if len(matches) == 1:
            return matches.pop()
    return None


def _role_near(ctx: Context, mention: Mention) -> tuple[str, str | None, int] | None:
    """The role a person's name stands next to: 'Präsident X', 'X, der Präsident Y'."""
    doc = ctx.doc
    i = mention.start - 1
    while i >= 0 and (doc[i].text == "," or any(s.start == i for s in doc.spans["title"])):
        i -= 1
    for j in range(i, max(-1, i - 6), -1):
        role = _role_at(ctx, j)
        if role:
            return (*role, j)
        if doc[j].is_sent_start or doc[j].text in (".", ";", ":") or _is_person_at(ctx, j):
            break
    k = mention.end
    if k < len(doc) and doc[k].text == ",":
        for j in range(k + 1, min(len(doc), k + 5)):
            role = _role_at(ctx, j)
            if role:
                return (*role, j)
    return None


def _is_person_at(ctx: Context, i: int) -> bool:
    return any(m.start <= i < m.end and m.type == "Person" for m in ctx.mentions)


def _role_at(ctx: Context, i: int) -> tuple[str, str | None] | None:
    token = ctx.doc[i]
    if COLLEAGUE.match(token.text):
        return "colleague", None
    role = role_base(token.text, ctx.gaz)
    return role


def _where(ctx: Context, role_index: int, prefix_where: str | None) -> str | None:
    """The country or organisation of the role at ``role_index``."""
    if prefix_where:
        return prefix_where
    doc = ctx.doc
    for m in ctx.mentions:  # right before: 'italienische Verteidigungsminister', 'Russlands Präsident'
        if m.end in (role_index, role_index - 1) and m.type in ("Country", "Organisation") and (
                m.via == "adjective" or doc[m.end - 1].text.endswith("s")):
            return m.key
    for j in range(role_index + 1, min(len(doc), role_index + 5)):
        # after: 'Präsident der Republik Aserbaidschan', 'Minister von Italien', 'Präsident Irans'
        m = next((m for m in ctx.mentions if m.start == j and m.type in ("Country", "Organisation")
                  and m.via == "name"), None)
        if m is not None and (j > role_index + 1 or doc[m.end - 1].text.endswith("s")):
            return m.key
        if doc[j].lower_ not in ("der", "des", "von", "vom", "republik", "föderation"):
            break
    return None


def _posts(ctx: Context) -> None:
    for m in [m for m in ctx.mentions if m.type == "Person"]:
        near = _role_near(ctx, m)
        if not near:
            continue
        role, prefix_where, index = near
        if role == "colleague":
            role = _colleague_role(ctx, m)
            if not role:
                continue
        where = _where(ctx, index, prefix_where)
        sent = ctx.doc[m.start].sent
        ev = ctx.evidence(sent, ctx.doc[index].text, 0.9 if where else 0.6)
        ctx.posts.setdefault((m.key, role, where), Post(m.key, role, where, (ev,)))
        ctx.person_roles.setdefault(m.key, set()).add((role, where))


def _colleague_role(ctx: Context, m: Mention) -> str | None:
    """'X traf sich mit seinem russischen Amtskollegen Y': Y holds X's role."""
    sent = ctx.doc[m.start].sent
    for other in ctx.mentions:
        if other.type == "Person" and other.key != m.key and sent.start <= other.start < m.start:
            roles = {r for r, _ in ctx.person_roles.get(other.key, ())}
            if len(roles) == 1:
                return roles.pop()
    return None


def _final_posts(ctx: Context) -> list[Post]:
    """A role without its country is dropped when the same person holds it (or a more specific
    one, 'Verteidigungsminister' for 'Minister') with a country."""
    posts = list(ctx.posts.values())
    placed = [p for p in posts if p.where]
    return [p for p in posts if p.where or not any(
        q.person == p.person and q.role.lower().endswith(p.role.lower()) for q in placed)]


def _role_mentions(ctx: Context) -> None:
    """'der Präsident', 'des Verteidigungsministers' without a name: the person holding it."""
    named = {i for m in ctx.mentions if m.type == "Person" for i in range(m.start - 3, m.end + 3)}
    for span in ctx.doc.spans["role"]:
        if span.start in named:
            continue
        person = _holder(ctx, span)
        if person:
            ctx.mentions.append(Mention(span.start, span.end, person, "Person", via="role"))


def _holder(ctx: Context, span: Span) -> str | None:
    role = span.label_
    where = span.kb_id_ or next((m.key for m in ctx.mentions if m.end == span.start
                                 and m.via == "adjective"), None)
    holders = [(p, w) for p, roles in ctx.person_roles.items() for r, w in roles
               if r == role or (role == "Minister" and r.endswith("minister"))]
    if where:
        holders = [(p, w) for p, w in holders if w == where]
    candidates = {p for p, _ in holders}
    if len(candidates) == 1:
        return candidates.pop()
    before = [m for m in ctx.mentions if m.key in candidates and m.start < span.start]
    return before[-1].key if before else None


def _group_mentions(ctx: Context) -> None:
    """'die beiden Länder': the two countries the article is about."""
    counts = Counter(m.key for m in ctx.mentions if m.type == "Country")
    top = counts.most_common(3)
    if len(top) < 2 or (len(top) == 3 and top[2][1] == top[1][1]):
        return
    pair = [k for k, _ in top[:2]]
    doc = ctx.doc
    for t in doc[:-1]:
        if t.lower_ in ("beiden", "beide") and doc[t.i + 1].lower_ in (
                "länder", "ländern", "staaten", "nationen", "seiten", "regierungen"):
            for key in pair:
                ctx.mentions.append(Mention(t.i, t.i + 2, key, "Country", via="group"))
