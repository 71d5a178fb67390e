"""Plain records passed between the stages (no spaCy, no rdflib types here).

``sources`` yields :class:`Article`; ``extract`` turns each into an
:class:`Extraction`; ``graph`` turns extractions into RDF.
"""
from __future__ import annotations

from dataclasses import dataclass, field

# Entity types, as the local names of the contract classes.
ENTITY_TYPES = (
    "Person", "Country", "City", "Organisation", "EquipmentModel",
    "Agreement", "MemorandumOfUnderstanding", "Exhibition",
)
EVENT_TYPES = ("Meeting", "Visit", "AgreementSigning", "Delivery", "Attendance", "Cooperation")
# Role properties (local names in dd:) allowed per event type.
EVENT_ROLES: dict[str, tuple[str, ...]] = {
    "Meeting": ("participant",),
    "Visit": ("visitor", "destination", "host"),
    "AgreementSigning": ("signatory", "agreement"),
    "Delivery": ("supplier", "recipient", "item"),
    "Attendance": ("participant", "attendedEvent"),
    "Cooperation": ("participant", "topic"),
}
STATUSES = ("occurred", "planned", "negated")
DATE_KINDS = ("date", "gYearMonth", "gYear", "gMonthDay")


@dataclass(frozen=True)
class Article:
    """One article's body text and metadata. Offsets in evidence refer to ``text``."""

    id: str  # path relative to the sources folder; "file.jsonl#3" for JSONL line 3
    text: str
    title: str | None = None
    date: str | None = None  # ISO date "YYYY-MM-DD" when known
    url: str | None = None
    lang: str = "de"


@dataclass(frozen=True)
class Problem:
    """An input that could not be read; the build goes on without it."""

    path: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class Entity:
    """A real-world thing. ``key`` is the same for the same thing in every article."""

    key: str  # "<Type>/<slug>", e.g. "Country/aserbaidschan"; see kg.ids
    type: str  # one of ENTITY_TYPES
    label: str  # canonical name (German)
    aliases: tuple[str, ...] = ()  # other forms seen in text
    wikidata: str | None = None  # "Q227"
    country: str | None = None  # key of the country a city / organisation belongs to


@dataclass(frozen=True)
class DateValue:
    lexical: str  # "2024-04-02", "2024-04", "2024", "--04-02"
    kind: str  # one of DATE_KINDS (xsd local name)


@dataclass(frozen=True)
class Evidence:
    doc_id: str
    sentence: str  # exactly text[start:end] of the article
    start: int
    end: int
    trigger: str = ""
    confidence: float = 1.0


@dataclass(frozen=True)
class Event:
    type: str  # one of EVENT_TYPES
    roles: tuple[tuple[str, str], ...]  # (role local name, entity key), sorted
    evidence: tuple[Evidence, ...]
    date: DateValue | None = None
    status: str = "occurred"
    location: str | None = None  # entity key of a place


@dataclass(frozen=True)
class Post:
    person: str  # entity key of a Person
    role: str  # role label, German base form: "Verteidigungsminister"
    where: str | None  # entity key of a Country or Organisation
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True)
class Extraction:
    """Everything read from one article."""

    article: Article
    entities: tuple[Entity, ...] = ()  # every entity named in the body
    events: tuple[Event, ...] = ()
    posts: tuple[Post, ...] = ()
    # entities referred to but not named in the body (the country of a named city)
    context: tuple[Entity, ...] = ()
    meta: dict[str, str] = field(default_factory=dict, compare=False, hash=False)
