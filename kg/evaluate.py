"""Score a graph against hand-annotated gold files (``kg eval``).

The rules are the contract's ("Gold files" in CONTRACT.md): an entity is matched by
label, alt label or Wikidata id; an event is found when a node of its class, derived
from the article, links to every required argument; a post is found when the person
holds a post with the gold role (inflected forms and contract synonyms accepted) in
one of the gold places. Only gold articles present in the graph are scored; the
others are reported as missing.

Choices the contract leaves open: an entity also counts as found when it is an argument
of an event of the article (persons P/R use dd:mentions only); events with dd:status
"negated" neither match gold events nor count in precision, since gold never annotates
them; a gold event matched by several nodes counts once, the extra nodes as duplicates.

The graph is read with pyoxigraph (:func:`kg.graph.read_quads`; a 100k-triple file in
about half a second) into a small index of plain strings, not into an rdflib Graph.
"""
from __future__ import annotations

import json
import re
import tomllib
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import astuple, dataclass, field, fields
from functools import lru_cache
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.errors import DataFileError, SourceError
from kg.graph import read_quads
from kg.records import EVENT_TYPES
from kg.vocab import DCTERMS, DD, NIF, ONTOLOGY_FILE, PROV, RDF, RDFS, SKOS

ROLE_SYNONYMS_FILE = Path(__file__).resolve().parent / "data" / "role_synonyms.toml"

# ---------------------------------------------------------------------------------------------
# Gold files


@dataclass(frozen=True)
class GoldEntity:
    id: str
    type: str
    label: str
    aliases: tuple[str, ...] = ()
    wikidata: str | None = None


@dataclass(frozen=True)
class GoldEvent:
    type: str
    args: tuple[tuple[str, ...], ...]  # each required argument: any one of these ids
    optional_args: tuple[str, ...] = ()
    status: str = "occurred"  # or "planned"
    evidence: str = ""


@dataclass(frozen=True)
class GoldPost:
    person: str
    role: str
    of: tuple[str, ...]


@dataclass(frozen=True)
class GoldArticle:
    doc: str
    entities: tuple[GoldEntity, ...]
    events: tuple[GoldEvent, ...]
    posts: tuple[GoldPost, ...]
    where: str = ""  # "file:line"

    def entity(self, id_: str) -> GoldEntity:
        return next(e for e in self.entities if e.id == id_)


class _BadLine(ValueError):
    pass


def read_gold(path: Path) -> list[GoldArticle]:
    """The articles of one gold JSONL file; DataFileError names file:line of a bad line."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as e:
        raise SourceError(f"cannot read gold file {path}: {e}; check the path") from e
    articles = []
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            articles.append(_gold_article(json.loads(line), f"{path}:{n}"))
        except json.JSONDecodeError as e:
            raise DataFileError(f"{path}:{n}: not valid JSON ({e.msg}, column {e.colno}); "
                                "fix or remove the line") from e
        except (_BadLine, KeyError, TypeError, AttributeError) as e:
            raise DataFileError(f"{path}:{n}: malformed gold article: {_why(e)}; "
                                "see 'Gold files' in CONTRACT.md for the format") from e
    return articles


def _why(e: Exception) -> str:
    return f"missing key {e}" if isinstance(e, KeyError) else str(e)


def _gold_article(obj: Any, where: str) -> GoldArticle:
    if not isinstance(obj, dict):
        raise _BadLine(f"expected a JSON object, got {type(obj).__name__}")
    entities = tuple(_gold_entity(e) for e in obj.get("entities", []))
    ids = {e.id for e in entities}
    article = GoldArticle(
        doc=str(obj["doc"]),
        entities=entities,
        events=tuple(_gold_event(e) for e in obj.get("events", [])),
        posts=tuple(GoldPost(str(p["person"]), str(p["role"]), tuple(_ids(p["of"])))
                    for p in obj.get("posts", [])),
        where=where,
    )
    _check_ids(article, ids)
    return article


def _gold_entity(obj: dict[str, Any]) -> GoldEntity:
    return GoldEntity(str(obj["id"]), str(obj["type"]), str(obj["label"]),
                      tuple(str(a) for a in obj.get("aliases", [])), obj.get("wikidata"))


def _gold_event(obj: dict[str, Any]) -> GoldEvent:
    if obj["type"] not in EVENT_TYPES:
        raise _BadLine(f"unknown event type {obj['type']!r} (one of {', '.join(EVENT_TYPES)})")
    status = obj.get("status") or "occurred"
    if status not in ("occurred", "planned"):
        raise _BadLine(f"event status {status!r} (gold events are 'occurred' or 'planned')")
    return GoldEvent(obj["type"], tuple(tuple(_ids(a)) for a in obj["args"]),
                     tuple(i for a in obj.get("optional_args", []) for i in _ids(a)), status,
                     str(obj.get("evidence", "")))


def _ids(value: Any) -> list[str]:
    """One id or a list of alternative ids."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        return value
    raise _BadLine(f"expected an entity id or a list of ids, got {value!r}")


def _check_ids(article: GoldArticle, ids: set[str]) -> None:
    used = [i for ev in article.events for alts in ev.args for i in alts]
    used += [i for ev in article.events for i in ev.optional_args]
    used += [i for p in article.posts for i in (p.person, *p.of)]
    unknown = sorted(set(used) - ids)
    if unknown:
        raise _BadLine(f"unknown entity id {unknown[0]!r} (not in this line's 'entities')")


# ---------------------------------------------------------------------------------------------
# Names and roles

_TYPOGRAPHY = str.maketrans({
    **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d", "-"),
    **dict.fromkeys("\u201c\u201d\u201e\u201f\u00ab\u00bb\u2033\uff02", '"'),
    **dict.fromkeys("\u2018\u2019\u201a\u201b\u2039\u203a\u2032\u00b4`", "'"),
    "\u00ad": None,  # soft hyphen
})


def normalise_name(text: str) -> str:
    """Compare names this way: NFC, one hyphen and quote of each kind, casefold, single spaces."""
    text = unicodedata.normalize("NFC", text).translate(_TYPOGRAPHY).casefold()
    return " ".join(text.split())


# Longest first. Stripped repeatedly while at least 3 letters remain, so
# "Kanzlerin" -> "kanzler" -> "kanzl" = "Kanzler" -> "kanzl" and
# "stellvertretende" / "stellvertretender" -> "stellvertretend".
_ENDINGS = ("innen", "in", "en", "er", "es", "e", "s")


@lru_cache(maxsize=4096)
def _stem(word: str) -> str:
    while True:
        end = next((e for e in _ENDINGS if word.endswith(e) and len(word) - len(e) >= 3), None)
        if end is None:
            return word
        word = word[: -len(end)]


def _role_stems(text: str) -> list[str]:
    return [_stem(w) for w in re.findall(r"\w+", normalise_name(text))]


@lru_cache(maxsize=1)
def _synonyms() -> dict[str, frozenset[str]]:
    """Stem -> the stems of its group in data/role_synonyms.toml."""
    try:
        groups = tomllib.loads(ROLE_SYNONYMS_FILE.read_text(encoding="utf-8"))["groups"]
        table: dict[str, frozenset[str]] = {}
        for group in groups:
            stems = frozenset(s for name in group for s in _role_stems(name))
            table.update(dict.fromkeys(stems, stems))
    except (OSError, KeyError, TypeError, tomllib.TOMLDecodeError) as e:
        raise DataFileError(f"{ROLE_SYNONYMS_FILE}: cannot read role synonyms ({e}); "
                            "expected groups = [[\"Premier\", ...], ...]") from e
    return table


def role_matches(gold_role: str, label: str) -> bool:
    """True when ``label`` has every word of ``gold_role``, inflected or as a contract synonym.

    >>> role_matches("stellvertretender Generalsekretär", "stellvertretende Generalsekretärin")
    True
    """
    have = set(_role_stems(label))
    have |= {s for h in have for s in _synonyms().get(h, ())}
    return all(w in have for w in _role_stems(gold_role))


# ---------------------------------------------------------------------------------------------
# The graph, as an index of plain strings


@dataclass
class _Graph:
    links: dict[str, list[tuple[str, str]]] = field(default_factory=lambda: defaultdict(list))
    values: dict[str, list[tuple[str, str]]] = field(default_factory=lambda: defaultdict(list))
    subclass: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    by_name: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    by_qid: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    docs: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    events: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    def objects(self, s: str, p: str) -> list[str]:
        return [o for q, o in self.links.get(s, ()) if q == p]

    def literals(self, s: str, p: str) -> list[str]:
        return [v for q, v in self.values.get(s, ()) if q == p]

    def linked(self, s: str) -> set[str]:
        return {o for _, o in self.links.get(s, ())}

    def label(self, node: str) -> str:
        return next(iter(self.literals(node, str(RDFS.label))), node.rsplit("/", 1)[-1])

    def is_a(self, node: str, cls: str) -> bool:
        return any(cls in self._supers(t) for t in self.objects(node, str(RDF.type)))

    def _supers(self, cls: str) -> set[str]:
        seen, todo = {cls}, [cls]
        while todo:
            for sup in self.subclass.get(todo.pop(), ()):
                if sup not in seen:
                    seen.add(sup)
                    todo.append(sup)
        return seen

    def status(self, event: str) -> str:
        return next(iter(self.literals(event, str(DD.status))), "occurred")


def _read_triples(path: Path) -> Iterator[tuple[str, str, str | None, str]]:
    """(subject, predicate, object node or None, literal value) for every triple."""
    for q in read_quads(path):
        o = q.object
        if isinstance(o, ox.Literal):
            yield _node(q.subject), q.predicate.value, None, o.value
        else:
            yield _node(q.subject), q.predicate.value, _node(o), ""


def _node(term: Any) -> str:
    return "_:" + term.value if isinstance(term, ox.BlankNode) else str(getattr(term, "value", term))


def _load_index(path: Path) -> _Graph:
    """Read a graph file (or a build folder's graph.ttl) into the evaluator's index."""
    g = _Graph()
    _add_triples(g, _read_triples(path))
    if ONTOLOGY_FILE.is_file():  # subclasses, so a dd:Ministry is a dd:Organisation
        _add_triples(g, ((s, p, o, v) for s, p, o, v in _read_triples(ONTOLOGY_FILE)
                         if p == str(RDFS.subClassOf)))
    _build_indexes(g)
    return g


def _add_triples(g: _Graph, triples: Iterable[tuple[str, str, str | None, str]]) -> None:
    sub = str(RDFS.subClassOf)
    for s, p, o, v in triples:
        if o is None:
            g.values[s].append((p, v))
        else:
            g.links[s].append((p, o))
            if p == sub:
                g.subclass[s].add(o)


def _build_indexes(g: _Graph) -> None:
    names = (str(RDFS.label), str(SKOS.altLabel))
    qid, ident, derived = str(DD.wikidataId), str(DCTERMS.identifier), str(PROV.wasDerivedFrom)
    event_classes = [str(getattr(DD, t)) for t in EVENT_TYPES]
    for s, vals in g.values.items():
        for p, v in vals:
            if p in names:
                g.by_name[normalise_name(v)].add(s)
            elif p == qid:
                g.by_qid[v.strip()].add(s)
            elif p == ident and g.is_a(s, str(DD.Document)):
                g.docs[v].append(s)
    for s, lks in g.links.items():
        for p, o in lks:
            if p == qid:
                g.by_qid[o.rsplit("/", 1)[-1]].add(s)
            elif p == derived and any(g.is_a(s, c) for c in event_classes):
                g.events[o].append(s)


# ---------------------------------------------------------------------------------------------
# Scores


@dataclass(frozen=True)
class Tally:
    """Counts, summed over documents; every figure of the report derives from these."""

    docs: int = 0
    entities_found: int = 0
    entities_gold: int = 0
    persons_correct: int = 0  # predicted persons that match a gold person
    persons_predicted: int = 0
    persons_found: int = 0  # gold persons matched by a predicted person
    persons_gold: int = 0
    events_correct: int = 0  # extracted events (not negated) that match a gold event
    events_predicted: int = 0
    events_found: int = 0
    events_gold: int = 0
    events_negated: int = 0  # not counted in precision
    duplicates: int = 0
    posts_found: int = 0
    posts_gold: int = 0
    status_agree: int = 0  # among found gold events
    planned_gold: int = 0
    planned_found: int = 0
    planned_agree: int = 0

    def __add__(self, other: Tally) -> Tally:
        return Tally(*(a + b for a, b in zip(astuple(self), astuple(other))))

    @property
    def entity_recall(self) -> float | None:
        return _ratio(self.entities_found, self.entities_gold)

    @property
    def person_prf(self) -> tuple[float | None, float | None, float | None]:
        return _prf(self.persons_correct, self.persons_predicted,
                    self.persons_found, self.persons_gold)

    @property
    def event_prf(self) -> tuple[float | None, float | None, float | None]:
        return _prf(self.events_correct, self.events_predicted,
                    self.events_found, self.events_gold)

    @property
    def post_recall(self) -> float | None:
        return _ratio(self.posts_found, self.posts_gold)

    def line(self) -> str:
        pp, pr, pf = self.person_prf
        ep, er, ef = self.event_prf
        return (f"entities R={_f(self.entity_recall)} ({self.entities_found}/"
                f"{self.entities_gold}) | persons P={_f(pp)} R={_f(pr)} F1={_f(pf)} | "
                f"events P={_f(ep)} R={_f(er)} F1={_f(ef)} | posts R={_f(self.post_recall)} | "
                f"duplicate events {self.duplicates}")

    def as_dict(self) -> dict[str, Any]:
        pp, pr, pf = self.person_prf
        ep, er, ef = self.event_prf
        counts = {f.name: getattr(self, f.name) for f in fields(self)}
        return {**counts, "entity_recall": self.entity_recall, "person_precision": pp,
                "person_recall": pr, "person_f1": pf, "event_precision": ep,
                "event_recall": er, "event_f1": ef, "post_recall": self.post_recall}


def _ratio(a: int, b: int) -> float | None:
    return a / b if b else None


def _prf(correct: int, predicted: int, found: int, gold: int
         ) -> tuple[float | None, float | None, float | None]:
    p, r = _ratio(correct, predicted), _ratio(found, gold)
    f1 = 2 * p * r / (p + r) if p is not None and r is not None and p + r else None
    if f1 is None and p is not None and r is not None:
        f1 = 0.0
    return p, r, f1


def _docs(t: Tally) -> str:
    return f"{t.docs} doc" if t.docs == 1 else f"{t.docs} docs"


def _f(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.2f}"


@dataclass(frozen=True)
class Issue:
    """One error to read: a missed or spurious item."""

    doc: str
    kind: str  # "missed entity", "spurious person", "missed event", "spurious event", ...
    text: str

    def render(self) -> str:
        return f"  {self.doc}  {self.kind}: {self.text}"


@dataclass(frozen=True)
class FileScore:
    path: str
    tally: Tally
    missing_docs: tuple[str, ...] = ()
    issues: tuple[Issue, ...] = ()


@dataclass(frozen=True)
class EvalResult:
    files: tuple[FileScore, ...]

    @property
    def total(self) -> Tally:
        return sum((f.tally for f in self.files), Tally())

    @property
    def missing_docs(self) -> tuple[str, ...]:
        return tuple(d for f in self.files for d in f.missing_docs)

    def render(self, verbose: bool = False) -> str:
        lines = [i.render() for f in self.files for i in f.issues] if verbose else []
        width = max((len(Path(f.path).name) for f in self.files), default=0)
        for f in self.files:
            lines.append(f"{Path(f.path).name:{width}} ({_docs(f.tally)}): {f.tally.line()}")
        lines.append(f"all ({_docs(self.total)}): {self.total.line()}")
        return "\n".join(lines + self._notes())

    def _notes(self) -> list[str]:
        t = self.total
        status = (f"status agrees for {t.status_agree}/{t.events_found} found gold events "
                  f"(planned: {t.planned_agree}/{t.planned_found} found marked planned, "
                  f"{t.planned_gold} in gold)")
        negated = (f"{t.events_negated} negated events left out of event precision "
                   "(gold does not annotate negated events)")
        notes = [status, negated]
        if self.missing_docs:
            notes.append(f"{len(self.missing_docs)} gold docs not in the graph, not scored: "
                         + ", ".join(self.missing_docs))
        return notes

    def as_dict(self) -> dict[str, Any]:
        return {
            "total": self.total.as_dict(),
            "files": [{"path": f.path, **f.tally.as_dict(), "missing_docs": list(f.missing_docs),
                       "issues": [vars(i) for i in f.issues]} for f in self.files],
        }


def evaluate(graph: Path, gold: list[Path]) -> EvalResult:
    """Score the graph file ``graph`` against the gold JSONL files ``gold``."""
    articles = [(Path(p), read_gold(Path(p))) for p in gold]  # bad gold fails before parsing
    g = _load_index(Path(graph))
    return EvalResult(tuple(_score_file(g, str(p), arts) for p, arts in articles))


def _score_file(g: _Graph, path: str, articles: list[GoldArticle]) -> FileScore:
    tally, issues, missing = Tally(), [], []
    for art in articles:
        if art.doc not in g.docs:
            missing.append(art.doc)
            continue
        doc_tally, doc_issues = _DocScorer(g, art).score()
        tally += doc_tally
        issues += doc_issues
    return FileScore(path, tally, tuple(missing), tuple(issues))


class _DocScorer:
    """Scores one gold article against the graph's document(s) with the same identifier."""

    def __init__(self, g: _Graph, art: GoldArticle) -> None:
        self.g, self.art = g, art
        self.doc_nodes = g.docs[art.doc]
        self.matches = {e.id: self._matching_nodes(e) for e in art.entities}
        mentioned = {o for d in self.doc_nodes for o in g.objects(d, str(DD.mentions))}
        events = [e for d in self.doc_nodes for e in g.events.get(d, ())]
        self.negated = [e for e in dict.fromkeys(events) if g.status(e) == "negated"]
        self.events = [e for e in dict.fromkeys(events) if g.status(e) != "negated"]
        self.mentioned = mentioned
        self.in_doc = mentioned | {o for e in self.events + self.negated for o in g.linked(e)}
        self.issues: list[Issue] = []

    def _matching_nodes(self, e: GoldEntity) -> set[str]:
        nodes = {n for name in (e.label, *e.aliases)
                 for n in self.g.by_name.get(normalise_name(name), ())}
        return nodes | (self.g.by_qid.get(e.wikidata, set()) if e.wikidata else set())

    def score(self) -> tuple[Tally, list[Issue]]:
        tally = Tally(docs=1, events_negated=len(self.negated))
        for part in (self._entities(), self._persons(), self._events(), self._posts()):
            tally += part
        return tally, self.issues

    def _issue(self, kind: str, text: str) -> None:
        self.issues.append(Issue(self.art.doc, kind, text))

    def _entities(self) -> Tally:
        found = 0
        for e in self.art.entities:
            if self.matches[e.id] & self.in_doc:
                found += 1
            else:
                note = " (in the graph, not mentioned by this doc)" if self.matches[e.id] else ""
                self._issue("missed entity", f"{e.type} {e.label}{note}")
        return Tally(entities_found=found, entities_gold=len(self.art.entities))

    def _persons(self) -> Tally:
        gold = [e for e in self.art.entities if e.type == "Person"]
        predicted = sorted(n for n in self.mentioned if self.g.is_a(n, str(DD.Person)))
        gold_nodes = set().union(*(self.matches[e.id] for e in gold))
        for n in predicted:
            if n not in gold_nodes:
                self._issue("spurious person", self.g.label(n))
        found = [e for e in gold if self.matches[e.id].intersection(predicted)]
        for e in gold:
            if e not in found:
                self._issue("missed person", e.label)
        return Tally(persons_correct=sum(n in gold_nodes for n in predicted),
                     persons_predicted=len(predicted), persons_found=len(found),
                     persons_gold=len(gold))

    def _event_matches(self, ev: GoldEvent) -> list[str]:
        cls = str(getattr(DD, ev.type))
        return [n for n in self.events if self.g.is_a(n, cls) and self._links_all(n, ev.args)]

    def _links_all(self, node: str, args: tuple[tuple[str, ...], ...]) -> bool:
        linked = self.g.linked(node)
        return all(any(self.matches[i] & linked for i in alts) for alts in args)

    def _events(self) -> Tally:
        t, matched = Tally(events_gold=len(self.art.events)), set()
        for ev in self.art.events:
            nodes = self._event_matches(ev)
            matched.update(nodes)
            t += self._one_event(ev, nodes)
        for n in self.events:
            if n not in matched:
                self._issue("spurious event", self._describe(n))
        return t + Tally(events_correct=len(matched), events_predicted=len(self.events))

    def _one_event(self, ev: GoldEvent, nodes: list[str]) -> Tally:
        planned = int(ev.status == "planned")
        if not nodes:
            self._issue("missed event", self._describe_gold(ev))
            return Tally(planned_gold=planned)
        if len(nodes) > 1:
            self._issue("duplicate event", f"{self._describe_gold(ev)} x{len(nodes)}")
        agree = any(self.g.status(n) == ev.status for n in nodes)
        if not agree:
            self._issue("status", f"{self._describe_gold(ev)}: gold {ev.status}, graph "
                        + "/".join(sorted({self.g.status(n) for n in nodes})))
        return Tally(events_found=1, duplicates=len(nodes) - 1, status_agree=int(agree),
                     planned_gold=planned, planned_found=planned, planned_agree=planned * agree)

    def _describe_gold(self, ev: GoldEvent) -> str:
        args = ", ".join("|".join(self.art.entity(i).label for i in alts) for alts in ev.args)
        quote = f' "{_clip(ev.evidence)}"' if ev.evidence else ""
        return f"{ev.type}({args}){' planned' if ev.status == 'planned' else ''}{quote}"

    def _describe(self, node: str) -> str:
        types = [t.rsplit("#", 1)[-1] for t in self.g.objects(node, str(RDF.type))]
        args = [f"{p.rsplit('#', 1)[-1]}={self.g.label(o)}" for p, o in self.g.links.get(node, ())
                if self.g.literals(o, str(RDFS.label))]
        spans = self.g.objects(node, str(DD.evidence))
        here = [s for s in spans
                if set(self.g.objects(s, str(NIF.referenceContext))) & set(self.doc_nodes)]
        spans = here or spans
        text = next((t for s in spans for t in self.g.literals(s, str(NIF.anchorOf))), "")
        quote = f' "{_clip(text)}"' if text else " (no evidence sentence)"
        return f"{'/'.join(types)}({', '.join(args)}){quote}"

    def _posts(self) -> Tally:
        found = 0
        for post in self.art.posts:
            if self._post_found(post):
                found += 1
            else:
                self._issue("missed post", self._describe_post(post))
        return Tally(posts_found=found, posts_gold=len(self.art.posts))

    def _post_found(self, gp: GoldPost) -> bool:
        places = set().union(*(self.matches[i] for i in gp.of))
        return any(
            any(role_matches(gp.role, label) for label in self._role_labels(post))
            and self._post_places(post) & places
            for person in self.matches[gp.person]
            for post in self.g.objects(person, str(DD.holdsPost)))

    def _role_labels(self, post: str) -> list[str]:
        return [lb for r in self.g.objects(post, str(DD.role))
                for lb in self.g.literals(r, str(RDFS.label))]

    def _post_places(self, post: str) -> set[str]:
        where = set(self.g.objects(post, str(DD.postIn)))
        return where | {c for w in where for c in self.g.objects(w, str(DD.country))}

    def _describe_post(self, gp: GoldPost) -> str:
        of = "|".join(self.art.entity(i).label for i in gp.of)
        have = [f"{'/'.join(self._role_labels(p)) or '?'} in "
                f"{'/'.join(self.g.label(w) for w in self._post_places(p)) or '?'}"
                for n in self.matches[gp.person] for p in self.g.objects(n, str(DD.holdsPost))]
        return (f"{self.art.entity(gp.person).label}: {gp.role} of {of}; graph has: "
                f"{'; '.join(have) or 'no post'}")


def _clip(text: str, n: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"
