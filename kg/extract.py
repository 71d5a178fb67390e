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
from kg.equipment import NAMES
from kg.events import find_events
from kg.gazetteer import Gazetteer
from kg.ids import slug
from kg.nlp import CLOSED_CLASS, role_base, words_of
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
    multiword: dict[int, Span] | None = None
    phrase_posts: list[tuple[str, str, str, int]] = field(default_factory=list)  # (person, role,
    # where, role index) of posts whose country the phrase itself gives

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
    """One key for transliteration variants: Alijew / Aliyev, Qasimow / Qasimov, Yıldız / Yildiz."""
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
    _ministries(ctx)
    _person_mentions(ctx)
    _posts(ctx)
    _role_anaphora(ctx)
    _role_mentions(ctx)
    _group_mentions(ctx)
    ctx.mentions.sort(key=lambda m: (m.start, m.end))
    events = find_events(ctx)
    used = {m.key for m in ctx.mentions if m.via == "name" or (
        m.via == "group" and m.type == "Organisation")} | {  # 'die Ministerien beider Länder'
        k for e in events for _, k in e.roles}
    used |= {p.person for p in ctx.posts.values()} | {
        p.where for p in ctx.posts.values() if p.where}
    entities = tuple(sorted((ctx.entities[k] for k in used if k in ctx.entities),
                            key=lambda e: e.key))
    posts = tuple(sorted(_final_posts(ctx), key=lambda p: (p.person, p.role, p.where or "")))
    named = {e.key for e in entities}
    context = tuple(sorted({ctx.gaz.entities[e.country] for e in entities if e.country
                            and e.country not in named and e.country in ctx.gaz.entities},
                           key=lambda e: e.key))
    return Extraction(article=article, entities=entities, events=tuple(events), posts=posts,
                      context=context)


def _add_entity(ctx: Context, entity: Entity, form: str | None = None) -> None:
    known = ctx.entities.get(entity.key, entity)
    if form and form != known.label and form not in known.aliases:
        known = Entity(known.key, known.type, known.label, (*known.aliases, form),
                       known.wikidata, known.country)
    ctx.entities[entity.key] = known


def _gazetteer_mentions(ctx: Context) -> None:
    for span in ctx.doc.spans["gaz"]:
        entity = ctx.gaz.entities.get(span.kb_id_) or Entity(
            span.kb_id_, span.label_, ctx.doc.user_data.get(NAMES, {}).get(span.kb_id_, span.text))
        ctx.mentions.append(Mention(span.start, span.end, entity.key, entity.type))
        _add_entity(ctx, entity)
        if entity.country and entity.country in ctx.gaz.entities:
            _add_entity(ctx, ctx.gaz.entities[entity.country])
    for span in ctx.doc.spans["adj"]:
        ctx.mentions.append(Mention(span.start, span.end, span.kb_id_, "Country", via="adjective"))
        _add_entity(ctx, ctx.gaz.entities[span.kb_id_])


MINISTRY = re.compile(r"([A-ZÄÖÜ][a-zäöüß]*ministerium)s?$")


def _ministries(ctx: Context) -> None:
    """'das aserbaidschanische Verteidigungsministerium', 'Verteidigungsministerium Russlands'."""
    doc = ctx.doc
    words, _ = words_of(doc)
    for i, word in enumerate(words):
        if "inisterium" not in word:
            continue
        t = doc[i]
        m = MINISTRY.match(word)
        if not m or any(x.start <= t.i < x.end for x in ctx.mentions):
            continue
        country = next((x.key for x in ctx.mentions if x.type == "Country" and (
            (x.end == t.i and (x.via == "adjective" or doc[x.end - 1].text.endswith("s")))
            or (x.start == t.i + 1 and x.via == "name" and doc[x.end - 1].text.endswith("s"))
            or (x.start in (t.i + 2, t.i + 3) and doc[t.i + 1].lower_ == "der"))), None)
        if country is None:
            continue
        key = _ministry_entity(ctx, m.group(1), country)
        ctx.mentions.append(Mention(t.i, t.i + 1, key, "Organisation"))


def _ministry_entity(ctx: Context, ministry: str, country: str) -> str:
    """The ministry of a country as an organisation: ('Außenministerium', 'Country/at') ->
    'Organisation/aussenministerium-at', labelled 'Außenministerium Österreichs'."""
    place = ctx.gaz.entities[country].label
    genitive = _genitive(place)
    adj = next((x for x in ctx.gaz.adjectives if ctx.gaz.adjectives[x] == country), "")
    entity = Entity(f"Organisation/{slug(ministry)}-{country.split('/')[1]}", "Organisation",
                    f"{ministry} {genitive}",
                    aliases=(f"{adj}es {ministry}",) if adj else (), country=country)
    _add_entity(ctx, entity)
    return entity.key


FEMININE_OR_PLURAL = ("ei", "staaten", "emirate", "republik", "niederlande", "philippinen",
                      "malediven", "ukraine", "schweiz", "küste")


def _genitive(place: str) -> str:
    """A country's name in the genitive after a noun: 'Georgiens', 'Spaniens', but 'der Türkei',
    'der Ukraine', 'der Vereinigten Staaten' (feminine and plural names take the article)."""
    if place.lower().endswith(FEMININE_OR_PLURAL):
        return "der " + place.replace("Vereinigte ", "Vereinigten ").replace(
            "Arabische ", "Arabischen ").replace("ische Republik", "ischen Republik")
    return place if place.endswith(("s", "z", "ß", "x")) else place + "s"


def _person_mentions(ctx: Context) -> None:
    """Full names become people; a surname or genitive form joins the full name it shortens."""
    spans = sorted(ctx.doc.spans["person"], key=lambda s: s.start)
    fulls = [s for s in spans if len(s) >= 2]
    forms = {_clean_name(s.text) for s in fulls}
    for span in spans:
        label = _clean_name(span.text)
        full = _full_form(label, fulls) if len(span) == 1 else None
        if full is None and label.endswith("s") and label[:-1] in forms:
            full = label[:-1]  # 'Ilse Brandauers' is Ilse Brandauer's genitive
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


COORDINATORS = frozenset(["und", "sowie", "oder", "bzw."])

NP_WORDS = frozenset(["der", "des", "die", "dem", "den", "von", "vom", "republik", ",",
                      "föderation", "königreich", "königreichs", "ehemalige", "ehemaliger",
                      "ehemaligen", "frühere", "früheren", "früherer", "stellvertretende",
                      "stellvertretender", "stellvertretenden", "scheidende", "scheidenden",
                      "neue", "neuen", "neuer", "amtierende", "amtierenden", "seinem", "seinen",
                      "ihrem", "ihren", "sein", "seine", "ihr", "ihre"])


def _role_near(ctx: Context, mention: Mention) -> tuple[str, str | None, int] | None:
    """The role a person's name stands next to: 'Präsident X', 'X, der Präsident Y'."""
    doc = ctx.doc
    for j in range(mention.start - 1, max(-1, mention.start - 10), -1):
        role = _role_at(ctx, j)
        if role:
            return _coordinated(ctx, j, role)
        if j > 1 and doc[j - 1].lower_ == "für" and doc[j].text[:1].isupper() and \
                doc[mention.start - 1].text == ",":
            continue  # 'der Minister für Verteidigungsindustrie Aserbaidschans, X'
        if doc[j].lower_ == "für" and j > 0 and doc[mention.start - 1].text == ",":
            role = _role_at(ctx, j - 1)  # 'der Sondergesandte für Burundi, X'
            return _coordinated(ctx, j - 1, role) if role and role[0] != "colleague" else None
        if _host_complement(ctx, j, mention):
            continue  # 'Botschafter Aserbaidschans in der Türkei, X'
        if not _inside_np(ctx, j) or doc[j].is_sent_start:
            break
    k = mention.end
    if k < len(doc) and doc[k].text == ",":  # apposition: 'X, der russische Präsident'
        for j in range(k + 1, min(len(doc), k + 5)):
            if doc[j].lower_ in COORDINATORS:
                break  # 'X, und der Kommandeur der Landstreitkräfte, Y': Y's title
            role = _role_at(ctx, j)
            if role and _is_person_at(ctx, _role_end(ctx, j) + 1):
                return None  # 'X, der britische Labour-Abgeordnete Y': Y's title
            if role:
                return _coordinated(ctx, _role_end(ctx, j), role)
            if not (_inside_np(ctx, j) or doc[j].text[:1].islower()) or _is_person_at(ctx, j):
                break
    return None


def _host_complement(ctx: Context, j: int, mention: Mention) -> bool:
    """'Botschafter Aserbaidschans in der Türkei, X', 'Militärattaché der Botschaft Polens in
    Aserbaidschan, Oberst X': ``j`` is the 'in' of the place where the envoy serves, between
    the role's own country or organisation and the comma of the apposition. The place is
    skipped; it is not the post's country."""
    doc = ctx.doc
    if doc[j].lower_ != "in" or j == 0:
        return False
    k = j + 1 + (doc[j + 1].lower_ in ("der", "den", "dem", "die"))
    place = next((m for m in ctx.mentions if m.start == k and m.via == "name"
                  and m.type in ("Country", "City")), None)
    own = any(m.end == j and m.via == "name" and m.type in ("Country", "Organisation")
              for m in ctx.mentions)
    if place is None or not own or place.end >= mention.start or doc[place.end].text != ",":
        return False
    return all(doc[x].text in ctx.gaz.ranks or doc[x].text in ctx.gaz.honorifics
               for x in range(place.end + 1, mention.start))


def _inside_np(ctx: Context, j: int) -> bool:
    """Words that may stand between a role and the name it introduces."""
    t = ctx.doc[j]
    if t.lower_ in NP_WORDS or any(s.start <= j < s.end for s in ctx.doc.spans["title"]):
        return True
    if j > 0 and ctx.doc[j - 1].lower_ in ("des", "der") and t.text[:1].isupper():
        return True  # 'Verteidigungsminister des Nachbarlandes, Emre Kaya'
    if j > 1 and ctx.doc[j - 2].lower_ in ("des", "der") and t.lower_ in \
            ctx.gaz.post_rules.state_bodies and any(m.end == j and m.via == "adjective"
                                                    for m in ctx.mentions):
        return True  # 'Chef des Generalstabs der pakistanischen Streitkräfte, General X'
    return any(m.start <= j < m.end and m.type != "Person" for m in ctx.mentions)


def _coordinated(ctx: Context, j: int, role: tuple[str, str | None]) -> tuple[str, str | None, int]:
    """'Staats- und Parteichef Xi': the first conjunct is the post ('Staatschef')."""
    doc = ctx.doc
    if j >= 2 and doc[j - 1].lower_ in ("und", "oder") and doc[j - 2].text.endswith("-"):
        tail = next((x for x in ctx.gaz.role_suffixes if role[0].lower().endswith(x)), None)
        if tail:
            first = doc[j - 2].text[:-1] + tail
            if role_base(first[0].upper() + first[1:], ctx.gaz):
                return first[0].upper() + first[1:], role[1], j - 2
    return role[0], role[1], j


def _is_person_at(ctx: Context, i: int) -> bool:
    return any(m.start <= i < m.end and m.type == "Person" for m in ctx.mentions)


def _multiword_role(ctx: Context, i: int) -> Span | None:
    if ctx.multiword is None:  # built once per article: SpanGroup makes new Spans on each read
        ctx.multiword = {k: s for s in ctx.doc.spans["role"] if len(s) > 1
                         for k in range(s.start, s.end)}
    return ctx.multiword.get(i)


def _role_end(ctx: Context, i: int) -> int:
    """The last token of the role at ``i`` ('Vertreter' of 'Hoher Vertreter')."""
    multi = _multiword_role(ctx, i)
    return multi.end - 1 if multi is not None else i


def _role_at(ctx: Context, i: int) -> tuple[str, str | None] | None:
    token = ctx.doc[i]
    if COLLEAGUE.match(token.text):
        return "colleague", None
    multi = _multiword_role(ctx, i)
    if multi is not None:
        return multi.label_, None  # 'Hoher Vertreter'
    role = role_base(token.text, ctx.gaz)
    if role is None:
        return None
    label = role[0]
    if label.startswith("Bundes") and label.endswith("minister") and len(label) > 14:
        label = label[6].upper() + label[7:]  # 'Bundeswirtschaftsminister' -> 'Wirtschaftsminister'
    if token.text.startswith(("Vize-", "Ex-")) and not role[1]:
        label = token.text.split("-", 1)[0] + "-" + label
    return _deputy(ctx, i, _with_body(ctx, i, label)), role[1]


def _with_body(ctx: Context, i: int, label: str) -> str:
    """'Chef des Generalstabs', 'Kommandeur der Luftstreitkräfte', 'Präsident der (türkischen)
    Verteidigungsindustrie': a role keeps the body of state it leads (roles.toml
    [state_bodies]) in its title; the country adjective is left to the post's country. A
    minister keeps his portfolio: 'Minister für Verteidigungsindustrie'."""
    doc = ctx.doc
    if label == "Minister" and i + 2 < len(doc) and doc[i + 1].lower_ == "für" and \
            doc[i + 2].text[:1].isupper() and not any(m.start == i + 2 for m in ctx.mentions):
        return f"Minister für {doc[i + 2].text}"  # 'Minister für Verteidigungsindustrie'
    if i + 2 >= len(doc) or doc[i + 1].lower_ not in ("des", "der"):
        return label
    k = i + 2
    if any(m.start == k and m.via == "adjective" for m in ctx.mentions) and k + 1 < len(doc):
        k += 1
    body = doc[k]
    if body.lower_ not in ctx.gaz.post_rules.state_bodies:
        return label
    return f"{label} {doc[i + 1].lower_} {body.text}"


def _deputy(ctx: Context, i: int, label: str) -> str:
    """'der stellvertretende Verteidigungsminister X' is the deputy, not the minister:
    'stellvertretender Verteidigungsminister'. The words are roles.toml's [modifiers] deputy
    adjectives ('Vize-' is part of the word and kept by the caller)."""
    if i == 0:
        return label
    before = ctx.doc[i - 1].text
    if before in ctx.gaz.modifiers["deputy"] and before.lower().startswith("stellvertretend"):
        return "stellvertretender " + label
    return label


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
        if doc[j].lower_ not in ("der", "des", "von", "vom", "republik", "föderation",
                                 "botschaft"):
            break  # 'Militärattaché der Botschaft der Türkei'
    return _where_of_body(ctx, role_index) or _where_after_complement(ctx, role_index)


def _where_of_body(ctx: Context, role_index: int) -> str | None:
    """'Chef des Generalstabs der pakistanischen Streitkräfte', 'Präsident der türkischen
    Verteidigungsindustrie': the country adjective of a body of state (roles.toml
    [state_bodies]) in the role's genitive chain."""
    doc = ctx.doc
    adjectives = {m.end: m.key for m in ctx.mentions if m.via == "adjective"}
    bodies = ctx.gaz.post_rules.state_bodies
    for j in range(role_index + 1, min(len(doc), role_index + 7)):
        t = doc[j]
        if j in adjectives and t.lower_ in bodies and doc[j - 2].lower_ in ("der", "des"):
            return adjectives[j]
        if doc[j - 1].lower_ in bodies and doc[j - 2].lower_ in ("der", "des"):
            named = _genitive_country(ctx, j)  # 'Kommandeur der Landstreitkräfte Aserbaidschans'
            if named:
                return named
        if not (t.lower_ in ("der", "des") or j + 1 in adjectives or (
                t.text[:1].isupper() and doc[j - 1].lower_ in ("der", "des"))):
            return None
    return None


def _genitive_country(ctx: Context, j: int) -> str | None:
    """The country named in the genitive at ``j``: 'Aserbaidschans', 'der Türkei', 'der
    Republik Aserbaidschan'."""
    doc = ctx.doc
    for k in range(j, min(len(doc), j + 3)):
        m = next((m for m in ctx.mentions if m.start == k and m.via == "name"
                  and m.type == "Country"), None)
        if m is not None:
            return m.key if k > j or doc[m.end - 1].text.endswith("s") else None
        if doc[k].lower_ not in ("der", "republik"):
            return None
    return None


def _where_after_complement(ctx: Context, role_index: int) -> str | None:
    """'der Hohe Vertreter für die gemeinsame Außenpolitik der EU': the organisation or country
    in the genitive that closes the role's complement ('für ...', 'im ...')."""
    doc = ctx.doc
    if role_index + 1 >= len(doc) or doc[role_index + 1].lower_ not in ("für", "im", "in", "beim"):
        return None
    for j in range(role_index + 2, min(len(doc), role_index + 10)):
        m = next((m for m in ctx.mentions if m.start == j and m.via == "name"), None)
        if m is not None:  # '... der EU', '... für Verteidigungsindustrie Aserbaidschans'
            ok = m.type in ("Country", "Organisation") and (doc[j - 1].lower_ in ("der", "des") or (
                j == role_index + 3 and doc[m.end - 1].text.endswith("s")))
            return m.key if ok else None
        if doc[j].is_punct and doc[j].text != "-":
            return None
    return None


@dataclass
class Pending:
    """A post the phrase leaves open: a colleague's role, or a role without its country."""

    mention: Mention
    role: str
    where: str | None
    index: int  # the role word
    ministry: str | None = None  # 'Außenamtssprecher': the spokesperson of this ministry
    word: str = ""  # the role as written, kept when the ministry's country stays unknown


def _posts(ctx: Context) -> None:
    """Explicit posts first; then colleagues ('sein Amtskollege') and posts whose country the
    text leaves implicit, which need the explicit ones."""
    later = []
    for m in [m for m in ctx.mentions if m.type == "Person"]:
        near = _role_near(ctx, m)
        if not near:
            continue
        word, prefix_where, index = near
        role, prefix_where, ministry = _organ_role(ctx, word, prefix_where)
        where = _where(ctx, index, prefix_where)
        if ministry and where and where.startswith("Country/"):
            where, ministry = _ministry_entity(ctx, ministry, where), None
        if role == "colleague" or where is None or ministry:
            later.append(Pending(m, role, None if ministry else where, index, ministry, word))
        else:
            _add_post(ctx, m, role, where, index, 0.9)
            ctx.phrase_posts.append((m.key, role, where, index))
    later += _ministry_heads(ctx)
    _open_posts(ctx, later)


def _open_posts(ctx: Context, later: list[Pending]) -> None:
    """The country of a post the phrase leaves open, from the strongest clue to the weakest:
    the holder's party, the one German-speaking federation the article names (for 'Bundes...'
    offices), the ministry the article places, the colleague's country, the monarch met in his
    country, the country the article is about."""
    parties = _affiliations(ctx)
    open_: list[Pending] = []
    for p in later:
        country = parties.get(p.mention.key)
        if (p.role != "colleague" and not p.ministry and country
                and ctx.gaz.post_rules.is_national(p.role) and _plain_office(ctx, p.index)):
            _add_post(ctx, p.mention, p.role, country, p.index, 0.8)
        else:
            open_.append(p)
    rest = []
    unplaced = {(p.mention.key, _office(p.role)) for p in open_ if p.role != "colleague"}
    for p in open_:
        where = None
        if p.role != "colleague" and not p.ministry and _federal(ctx, p.role, p.index):
            where = _federal_where(ctx, p, unplaced)
        if where:
            _add_post(ctx, p.mention, p.role, where, p.index, 0.7)
        else:
            rest.append(p)
    for p in rest:
        role, where, confidence = p.role, p.where, 0.9
        if p.ministry:
            country = _ministry_country(ctx, p.ministry)
            if country:
                where = _ministry_entity(ctx, p.ministry, country)
            else:
                role = p.word  # 'Innenministeriumssprecher' of an unknown country
        if role == "colleague":
            role, where = _colleague_post(ctx, p.mention, where, p.index)
        if not role:
            continue
        if where is None and role in ctx.gaz.post_rules.host:
            where = _host_country(ctx, p.index)
        if where is None:
            where, confidence = _implicit_where(ctx, p.mention)
        _add_post(ctx, p.mention, role, where, p.index, confidence)


def _organ_role(ctx: Context, role: str,
                where: str | None) -> tuple[str, str | None, str | None]:
    """Roles that name their organisation: 'Ratspräsident' -> ('Ratspräsident', EU, None),
    'Kremlsprecher' -> ('Sprecher', 'Organisation/kreml', None), 'Außenamtssprecher' ->
    ('Sprecher', None, 'Außenministerium'): the ministry's country comes from the article."""
    rules = ctx.gaz.post_rules
    if where is None and role in rules.implied:
        return rules.implied[role][0], rules.implied[role][1], None
    head = next((h for h in rules.organ_heads if role.lower().endswith(h)), None)
    if head is None or len(role) == len(head):
        return role, where, None
    organ = role[: -len(head)]
    for form in dict.fromkeys((organ, organ.removesuffix("s"))):
        ministry = rules.organ_ministries.get(form) or (
            MINISTRY.match(form).group(1) if MINISTRY.match(form) else None)
        if ministry:
            return head.capitalize(), where, ministry
        key = ctx.gaz.surface.get(form)
        if where is None and key and key.startswith("Organisation/"):
            return head.capitalize(), key, None
    return role, where, None


TENURE = frozenset([",", "einst", "nun", "jetzt", "damals", "zuvor", "bisher", "zuletzt",
                    "derzeit", "heute", "noch", "später", "dann", "und", "seither"])


def _ministry_heads(ctx: Context) -> list[Pending]:
    """'das Außenministerium, einst unter A, nun unter B' and 'das Ministerium unter (der
    Leitung von) C': A, B and C head it ('Außenminister'); the country is the ministry's when
    the phrase gives one, else left open."""
    doc = ctx.doc
    words, _ = words_of(doc)
    found = []
    for i, word in enumerate(words):
        if "inisterium" not in word or not MINISTRY.match(word):
            continue
        role = MINISTRY.match(word).group(1)[:-3]  # 'Außenministerium' -> 'Außenminister'
        place = next((ctx.entities[x.key].country for x in ctx.mentions if x.start == i
                      and x.key in ctx.entities), None)
        j = i + 1
        while j < len(doc) and not doc[j].is_sent_start:
            if words[j].lower() in TENURE:
                j += 1
                continue
            country = next((x for x in ctx.mentions if x.type == "Country" and x.via == "name"
                            and j <= x.start <= j + 2 and all(
                                w in ("der", "Republik") for w in words[j: x.start])), None)
            if j == i + 1 and country is not None:
                j = country.end  # 'des Verteidigungsministeriums (der Republik) Aserbaidschan(s)'
                continue
            if words[j] != "unter":
                break
            k = j + 1
            while k < len(doc) and words[k].lower() in ("der", "leitung", "führung", "von"):
                k += 1
            head, k = _head_named(ctx, k, role)
            person = next((x for x in ctx.mentions if x.start == k and x.type == "Person"), None)
            if person is None:
                break
            found.append(Pending(person, head, place, i))
            j = person.end
            if j < len(doc) and words[j] == "(":  # '(beide ÖVP)'
                j = next((n + 1 for n in range(j, min(len(doc), j + 6)) if words[n] == ")"), j)
    return found


def _head_named(ctx: Context, k: int, role: str) -> tuple[str, int]:
    """'unter der Leitung des stellvertretenden Verteidigungsministers Generalleutnant X': the
    role the phrase gives the ministry's head (the minister or his deputy) and where X starts."""
    doc = ctx.doc
    if k + 1 >= len(doc) or doc[k].lower_ != "des":
        return role, k
    n = k + 1
    if doc[n].text in ctx.gaz.modifiers["deputy"]:
        n += 1
    said = _role_at(ctx, n)
    if said is None or not said[0].endswith(role):
        return role, k
    n += 1
    while n < len(doc) and doc[n].text in ctx.gaz.ranks:
        n += 1
    return said[0], n


def _affiliations(ctx: Context) -> dict[str, str]:
    """The country of each person's party: 'Anna Huber (SPÖ)', 'A, nun unter B (beide ÖVP)',
    'SPD-Politiker Jan Kolb', 'X, der FPÖ-Chef'. A person with parties of two countries, or of a
    party found in several countries ('Grüne'), has none."""
    doc = ctx.doc
    party_at = {m.start: m.key for m in ctx.mentions if m.key in ctx.gaz.parties}
    found: dict[str, set[str]] = {}
    people = [m for m in ctx.mentions if m.type == "Person"]
    for n, m in enumerate(people):
        k = m.end
        named = []
        if k + 2 < len(doc) and doc[k].text == "(":
            if k + 1 in party_at:  # 'Anna Huber (SPÖ)'
                named = [(m.key, party_at[k + 1])]
            elif doc[k + 1].lower_ == "beide" and k + 2 in party_at:  # '(beide ÖVP)'
                sent_start = doc[m.start].sent.start
                pair = list(dict.fromkeys(p.key for p in people[: n + 1]
                                          if p.start >= sent_start))[-2:]
                named = [(key, party_at[k + 2]) for key in pair] if len(pair) == 2 else []
        prefix = doc[m.start - 1].text.split("-", 1)[0] if m.start > 0 else ""
        if ctx.gaz.surface.get(prefix) in ctx.gaz.parties and "-" in doc[m.start - 1].text:
            named.append((m.key, ctx.gaz.surface[prefix]))  # 'SPD-Politiker Jan Kolb'
        for person, party in named:
            found.setdefault(person, set()).add(party)
    for p in ctx.posts.values():
        if p.where in ctx.gaz.parties:  # 'X, der FPÖ-Chef'
            found.setdefault(p.person, set()).add(p.where)
    out = {}
    for person, parties in found.items():
        countries = {ctx.gaz.entities[p].country for p in parties}
        if len(countries) == 1 and None not in countries:
            out[person] = countries.pop()
    return out


FUNCTION_WORDS = frozenset(["eines", "dieses", "jenes", "unser", "euer", "jeder", "jener", "aller",
                            "weder", "wieder", "später", "immer", "unter", "hinter", "außer"])


def _plain_office(ctx: Context, index: int) -> bool:
    """The role word stands for a national office: no complement after it ('Kanzler der
    Habsburgermonarchie') and no region before it ('Bayerns Innenminister', 'der steirische
    Landesrat', 'Wiener Stadtrat')."""
    doc = ctx.doc
    if index + 1 < len(doc) and doc[index + 1].lower_ in ("der", "des", "von", "vom"):
        return False
    if index == 0 or any(m.end == index for m in ctx.mentions):
        return True
    before = doc[index - 1]
    word = before.text
    if word[:1].islower():
        return not word.rstrip("nmrse").endswith("isch")
    return not (word[:1].isupper() and word.endswith(("s", "er")) and word not in ctx.gaz.surface
                and word.lower() not in CLOSED_CLASS and word.lower() not in FUNCTION_WORDS
                and not role_base(word, ctx.gaz) and word not in ctx.gaz.ranks
                and word not in ctx.gaz.honorifics)


def _federal(ctx: Context, role: str, index: int) -> bool:
    """'Bundespräsident', 'Kanzler', 'Bundeswirtschaftsminister': offices only the
    German-speaking federations have."""
    return role in ctx.gaz.post_rules.federal or (
        role.endswith("minister") and ctx.doc[index].text.startswith("Bundes"))


def _dach_named(ctx: Context) -> set[str]:
    dach = ctx.gaz.post_rules.federal_countries
    return {c for c in (_country_of(ctx, m) for m in ctx.mentions) if c in dach}


def _office(role: str) -> str:
    """'Bundeskanzler' and 'Kanzler' are one office."""
    return role.removeprefix("Bundes").lower()


def _federal_where(ctx: Context, p: Pending, unplaced: set[tuple[str, str]]) -> str | None:
    """The country of a federal office the phrase leaves open ('Bundespräsident X'): the one
    German-speaking federation the article names; or, when the article marks another's office
    as foreign ('der deutschen Bundeskanzlerin Y'), the one other federation it names. Not when
    someone else in the article holds the office there or with no country ('Kanzlerin Y' next
    to 'Kanzler X (SPÖ)' or 'Kanzler X')."""
    m, role = p.mention, p.role
    same = _office(role)
    if not _plain_office(ctx, p.index) or any(
            o != m.key and office == same for o, office in unplaced):
        return None
    named = _dach_named(ctx)
    candidates = named
    if len(named) > 1:
        marked = {w for o, r, w, i in ctx.phrase_posts
                  if o != m.key and w in named and _federal(ctx, r, i)}
        candidates = named - marked if len(marked) == 1 else set()
    if len(candidates) != 1:
        return None
    country = candidates.pop()
    taken = any(w == country and _office(r) == same and o != m.key
                for o, roles in ctx.person_roles.items() for r, w in roles)
    return None if taken else country


def _ministry_country(ctx: Context, ministry: str) -> str | None:
    """The one country whose ``ministry`` (or its minister) the article names."""
    minister = ministry[:-3]
    prefix = f"Organisation/{slug(ministry)}-"
    countries = {ctx.entities[x.key].country for x in ctx.mentions
                 if x.key.startswith(prefix) and x.key in ctx.entities}
    countries |= {w for roles in ctx.person_roles.values() for r, w in roles
                  if r == minister and w and w.startswith("Country/")}
    countries.discard(None)
    return countries.pop() if len(countries) == 1 else None


HOST_FILLERS = frozenset(["auch", "zudem", "außerdem", "dann", "anschließend", "später",
                          "ebenfalls", "zuvor", "den", "dem", "mit"])
MEET_VERBS = frozenset(["traf", "trifft", "besuchte", "besucht", "getroffen"])


def _host_country(ctx: Context, index: int) -> str | None:
    """'Die Ministerin traf in Jordanien auch König Farid': the monarch one meets in a country
    (named by the country, not a city) is that country's."""
    doc = ctx.doc
    j = index - 1
    while j >= 0 and doc[j].lower_ in HOST_FILLERS:
        j -= 1
    place = next((x for x in ctx.mentions if x.end == j + 1 and x.type == "Country"
                  and x.via == "name"), None)
    if place is None or place.start < 2 or doc[place.start - 1].lower_ != "in":
        return None
    verb = place.start - 2
    if doc[verb].lower_ == "sich" and verb > 0:
        verb -= 1
    return place.key if doc[verb].lower_ in MEET_VERBS else None


def _add_post(ctx: Context, m: Mention, role: str, where: str | None, index: int,
              confidence: float) -> None:
    if where and where in ctx.gaz.entities:
        _add_entity(ctx, ctx.gaz.entities[where])
    ev = ctx.evidence(ctx.doc[m.start].sent, ctx.doc[index].text, confidence)
    ctx.posts.setdefault((m.key, role, where), Post(m.key, role, where, (ev,)))
    ctx.person_roles.setdefault(m.key, set()).add((role, where))


def _implicit_where(ctx: Context, m: Mention) -> tuple[str | None, float]:
    """A post whose country the text leaves implicit: the country the article is overwhelmingly
    about (named three times as often as any other), else unknown."""
    counts = Counter(_country_of(ctx, x) for x in ctx.mentions if _country_of(ctx, x))
    top = counts.most_common(2)
    if top and top[0][1] >= 4 and (len(top) == 1 or top[0][1] >= 3 * top[1][1]):
        return top[0][0], 0.5
    return None, 0.5


def _country_of(ctx: Context, m: Mention) -> str | None:
    if m.type == "Country":
        return m.key
    if m.type == "City":
        return ctx.gaz.entities[m.key].country if m.key in ctx.gaz.entities else None
    return None


def _colleague_post(ctx: Context, m: Mention, where: str | None,
                    index: int) -> tuple[str, str | None]:
    """'X traf sich mit seinem russischen Amtskollegen Y': Y holds X's role. X is the sentence's
    subject: a person with a role in the sentence who is not inside a 'mit ...' phrase. A
    colleague in a federal office holds it in the other German-speaking federation the article
    names ('Bundespräsident X (Österreich) ... seinem Amtskollegen Y': Germany)."""
    sent = ctx.doc[m.start].sent
    others = [o for o in ctx.mentions if o.type == "Person" and o.key != m.key
              and sent.start <= o.start < sent.end and ctx.person_roles.get(o.key)]
    free = [o for o in others if not any(t.lower_ == "mit" for t in
                                         ctx.doc[max(sent.start, o.start - 4): o.start])]
    for o in free or others:
        posts = ctx.person_roles.get(o.key, set())
        roles = {r for r, _ in posts}
        if len(roles) != 1:
            continue
        role = roles.pop()
        homes = {w for _, w in posts if w in ctx.gaz.post_rules.federal_countries}
        if where is None and role in ctx.gaz.post_rules.federal and len(homes) == 1:
            others_named = _dach_named(ctx) - homes
            where = others_named.pop() if len(others_named) == 1 else None
        return role, where
    return _subject_role(ctx, index, m.key), where


POSSESSIVES = frozenset(["seinem", "seinen", "sein", "seine", "seiner", "ihrem", "ihren", "ihr",
                         "ihre", "ihrer"])
PREPOSITIONS = frozenset(["mit", "von", "vom", "bei", "beim", "zu", "zum", "zur", "für", "nach",
                          "unter", "an", "am", "auf", "in", "im", "aus", "zwischen", "gegenüber",
                          "über", "vor", "hinter", "neben", "durch", "gegen", "ohne", "um",
                          "seit", "laut", "trotz", "wegen", "während", "dass", "als", "wie"])


def _subject_role(ctx: Context, index: int, colleague: str) -> str:
    """'Der Minister wird mit seinem türkischen Amtskollegen X sprechen', 'Am Montag empfing der
    Verteidigungsminister seinen georgischen Amtskollegen X': the subject is a role word, not a
    name; X holds that role. A bare 'Minister' is the one minister's office the article gives
    someone else ('Verteidigungsminister'). Only with a possessive before the colleague word
    ('seinen'), and only a role after 'der'/'die' that opens the sentence or follows a verb:
    'mit der Ministerin' or 'die Gespräche des Ministers' are no subject."""
    doc = ctx.doc
    if not any(doc[j].lower_ in POSSESSIVES for j in range(max(0, index - 3), index)):
        return ""
    sent = doc[index].sent
    adjectives = {m.end: m.start for m in ctx.mentions if m.via == "adjective"}
    for span in doc.spans["role"]:
        if not sent.start <= span.start < index or _names_a_person(ctx, span.end - 1):
            continue
        art = adjectives.get(span.start, span.start) - 1  # 'Der aserbaidschanische Minister'
        if art < sent.start or doc[art].lower_ not in ("der", "die"):
            continue
        if art > sent.start and not (doc[art - 1].text[:1].islower()
                                     and doc[art - 1].lower_ not in PREPOSITIONS):
            continue
        said = _role_at(ctx, span.end - 1)
        if said is None or said[0] == "colleague":
            continue
        held = {r for p, roles in ctx.person_roles.items() if p != colleague for r, _ in roles}
        if said[0] == "Minister":
            ministers = {r for r in held if r.endswith("minister") and r[:1].isupper()}
            return ministers.pop() if len(ministers) == 1 else ""
        return said[0]
    return ""


def _final_posts(ctx: Context) -> list[Post]:
    """A role without its country is dropped when the same person holds it (or a more specific
    one, 'Verteidigungsminister' for 'Minister') with a country."""
    posts = list(ctx.posts.values())
    placed = [p for p in posts if p.where]
    return [p for p in posts if p.where or not any(
        q.person == p.person and q.role.lower().endswith(p.role.lower()) for q in placed)]


def _role_anaphora(ctx: Context) -> None:
    """'In Oslo sprach Generalmajor X. Der Vize-Generalstabschef hatte gesagt ...': a military
    role with 'Der'/'Die' opening a sentence or a clause after a colon, with no name after it,
    is the post of the one person named just before (in this or the previous sentence), when
    that person was introduced by a military rank, holds no post yet, and nobody else in the
    article holds that role."""
    doc = ctx.doc
    military = tuple(r.lower() for r, kind in ctx.gaz.roles.items() if kind == "military")
    for span in ctx.doc.spans["role"]:
        art = span.start - 1
        if art < 0 or doc[art].text not in ("Der", "Die") or _names_a_person(ctx, span.end - 1):
            continue
        opens = doc[art].is_sent_start or (art > 0 and doc[art - 1].text == ":")
        near = _role_at(ctx, span.start)
        if not opens or near is None or not near[0].lower().endswith(military):
            continue
        role = near[0]
        if any(r == role for roles in ctx.person_roles.values() for r, _ in roles):
            continue
        sent = doc[art].sent
        lo = doc[sent.start - 1].sent.start if doc[art].is_sent_start and sent.start else sent.start
        named = [m for m in ctx.mentions if m.type == "Person" and m.via == "name"
                 and lo <= m.start < art]
        if len({m.key for m in named}) != 1 or ctx.person_roles.get(named[0].key):
            continue
        if not any(_ranked(ctx, m) for m in named):
            continue
        where = _where(ctx, span.end - 1, near[1] or span.kb_id_ or None)
        confidence = 0.7
        if where is None:
            where, confidence = _implicit_where(ctx, named[0])
        _add_post(ctx, named[-1], role, where, span.start, confidence)


def _ranked(ctx: Context, m: Mention) -> bool:
    """The name follows a military rank ('Generalmajor X')."""
    return m.start > 0 and ctx.doc[m.start - 1].text in ctx.gaz.ranks


def _role_mentions(ctx: Context) -> None:
    """'der Präsident', 'des Verteidigungsministers' without a name: the person holding it."""
    for span in ctx.doc.spans["role"]:
        if _names_a_person(ctx, span.start) or _appositive(ctx, span.start):
            continue
        person = _holder(ctx, span)
        if person:
            ctx.mentions.append(Mention(span.start, span.end, person, "Person", via="role"))


def _appositive(ctx: Context, i: int) -> bool:
    """The role word describes the name before it ('Jan Horak, der Verteidigungsminister')."""
    for j in range(i - 1, max(-1, i - 6), -1):
        if ctx.doc[j].text == "," and j > 0:
            return _is_person_at(ctx, j - 1)
        if not (_inside_np(ctx, j) or ctx.doc[j].text[:1].islower()):
            return False
    return False


def _names_a_person(ctx: Context, i: int) -> bool:
    """The role word is the title of a name right after it ('Präsident Kadlec')."""
    for j in range(i + 1, min(len(ctx.doc), i + 6)):
        if _is_person_at(ctx, j):
            return True
        if not _inside_np(ctx, j):
            return False
    return False


def _holder(ctx: Context, span: Span) -> str | None:
    role = span.label_
    where = span.kb_id_ or next((m.key for m in ctx.mentions if m.end == span.start
                                 and m.via == "adjective"), None)
    holders = [(p, w) for p, roles in ctx.person_roles.items() for r, w in roles
               if r == role or (role == "Minister" and (r.endswith("minister") or r.startswith(
                   "Minister ")) and not r.startswith("stellvertretender "))]
    if where:
        holders = [(p, w) for p, w in holders if w == where]
    candidates = {p for p, _ in holders}
    sent = span.sent
    named_here = {m.key for m in ctx.in_span(sent.start, sent.end) if m.type == "Person"}
    if len(candidates - named_here) == 1:
        return (candidates - named_here).pop()
    if len(candidates) == 1:
        return candidates.pop()
    before = [m for m in ctx.mentions if m.key in candidates and m.start < span.start]
    return max(before, key=lambda m: m.start).key if before else None


MINISTRIES = re.compile(r"([A-ZÄÖÜ][a-zäöüß]*ministeri)en$")


def _group_mentions(ctx: Context) -> None:
    """'die beiden Länder': the two countries the article is about; 'die Verteidigungsministerien
    der beiden Länder' (or 'beider Länder') are also those countries' two ministries."""
    counts = Counter(m.key for m in ctx.mentions if m.type == "Country")
    top = counts.most_common(3)
    if len(top) < 2 or (len(top) == 3 and top[2][1] == top[1][1]):
        return
    pair = [k for k, _ in top[:2]]
    doc = ctx.doc
    for t in doc[:-1]:
        if t.lower_ not in ("beiden", "beide", "beider") or doc[t.i + 1].lower_ not in (
                "länder", "ländern", "staaten", "nationen", "seiten", "regierungen"):
            continue
        if t.lower_ != "beider":  # 'beider Länder' alone stays no actor of an event
            for key in pair:
                ctx.mentions.append(Mention(t.i, t.i + 2, key, "Country", via="group"))
        _group_ministries(ctx, t.i, pair)


def _group_ministries(ctx: Context, i: int, pair: list[str]) -> None:
    """'die Verteidigungsministerien der beiden Länder', 'die Außenministerien beider Staaten':
    at ``i`` ('beiden', 'beider') a group of two countries owns a plural ministry; each country's
    ministry is named (the entity of 'Verteidigungsministerium Aserbaidschans')."""
    doc = ctx.doc
    k = i - 1 if doc[i].lower_ == "beider" else i - 2
    if k < 0 or (k == i - 2 and doc[i - 1].lower_ != "der"):
        return
    m = MINISTRIES.match(doc[k].text)
    if m is None or any(x.start <= k < x.end for x in ctx.mentions):
        return
    for country in pair:
        key = _ministry_entity(ctx, m.group(1) + "um", country)
        ctx.mentions.append(Mention(k, k + 1, key, "Organisation", via="group"))
