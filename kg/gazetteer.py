"""World knowledge from the data files in kg/data/, loaded once per process.

Everything here is data: a new country, city, firm, weapon system, fair, title or trigger word
is a line in a data file, not a code change. pycountry adds the official German country names.
"""
from __future__ import annotations

import csv
import functools
import gettext
import itertools
import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from kg.errors import DataFileError
from kg.ids import entity_key
from kg.records import Entity

DATA_DIR = Path(__file__).resolve().parent / "data"
ADJECTIVE_ENDINGS = ("", "e", "en", "er", "es", "em")


@dataclass(frozen=True)
class PostRules:
    """World knowledge about offices, from roles.toml: which roles name their organisation, which
    are a country's national offices, which only the German-speaking federations have."""

    implied: dict[str, tuple[str, str]]  # role word -> (post label, entity key)
    organ_heads: tuple[str, ...]  # 'sprecher': '<Organ>sprecher' is that organ's spokesperson
    organ_ministries: dict[str, str]  # 'Außenamt' -> 'Außenministerium'
    national: frozenset[str]
    national_suffixes: tuple[str, ...]
    not_national: frozenset[str]
    federal: frozenset[str]
    federal_countries: tuple[str, ...]  # country keys
    host: frozenset[str]
    state_bodies: frozenset[str] = frozenset()  # 'streitkräfte': a country's own body

    def is_national(self, role: str) -> bool:
        """'Kanzler', 'Außenminister': an office of a country's government or head of state."""
        return role not in self.not_national and (
            role in self.national or role.endswith(self.national_suffixes))


@dataclass(frozen=True, eq=False)
class Gazetteer:
    entities: dict[str, Entity]  # key -> entity
    surface: dict[str, str]  # surface form (exact text) -> entity key
    adjectives: dict[str, str]  # lower-cased inflected adjective -> country key
    roles: dict[str, str]  # base role -> kind
    role_suffixes: tuple[str, ...]
    not_roles: frozenset[str]
    modifiers: dict[str, tuple[str, ...]]
    multiword_roles: dict[tuple[str, str], str]  # (adjective stem, noun) -> role label
    ranks: frozenset[str]
    honorifics: frozenset[str]
    first_names: frozenset[str]
    genders: dict[str, str]  # first name -> 'm' / 'f' where the name list says
    triggers: dict[str, dict[str, list]]
    parties: frozenset[str]  # keys of political parties (parties.csv)
    post_rules: PostRules


def _read_csv(name: str) -> Iterator[dict[str, str]]:
    path = DATA_DIR / name
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if not ln.startswith("#")]
    for n, row in enumerate(csv.DictReader(lines), start=2):
        if None in row or any(v is None for v in row.values()):
            raise DataFileError(f"{path}: row {n} has the wrong number of fields: {row}")
        yield {k: v.strip() for k, v in row.items()}


def _split(value: str) -> list[str]:
    return [v.strip() for v in value.split("|") if v.strip()]


def read_data_toml(name: str) -> dict:
    """A TOML file of kg/data/ as a dict; DataFileError naming the file when it is broken."""
    path = DATA_DIR / name
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as e:
        raise DataFileError(f"{path}: {e}; fix the file or restore it from git") from e


def _pycountry_names() -> dict[str, list[str]]:
    """Official German names by ISO code, from pycountry's German catalogue."""
    import pycountry

    de = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["de"], fallback=True)
    names: dict[str, list[str]] = {}
    for c in pycountry.countries:
        forms = [de.gettext(c.name), c.name]
        if getattr(c, "official_name", None):
            forms.append(de.gettext(c.official_name))
        names[c.alpha_2] = [f for f in forms if "," not in f]
    return names


def inflections(phrase: str) -> set[str]:
    """German surface forms of a name: genitive -s, adjectives with -n ('Europäischen Union')."""
    words = phrase.split()
    if len(words) == 1:
        w = words[0]
        forms = {w}
        if w[-1:].isalpha() and w[-1] not in "sxzß" and not w.isupper():
            forms.add(w + "s")
        return forms
    options = []
    for i, w in enumerate(words):
        opts = [w]
        if w.endswith("e") and w[:1].isalpha():
            opts.append(w + "n")
        elif i == 0 and w[:1].isupper() and not w.isupper() and w[-1] not in "sxzß":
            opts += [w + "s", w + "es"]
        options.append(opts)
    return {" ".join(p) for p in itertools.islice(itertools.product(*options), 32)}


def _country_entities(pyc: dict[str, list[str]]) -> Iterator[tuple[Entity, list[str], list[str]]]:
    for row in _read_csv("countries.csv"):
        code = row["code"]
        aliases = _split(row["aliases"]) + [n for n in pyc.get(code, []) if n != row["label"]]
        entity = Entity(key=f"Country/{code.lower()}", type="Country", label=row["label"],
                        aliases=tuple(dict.fromkeys(aliases)), wikidata=row["wikidata"] or None)
        yield entity, [row["label"], *aliases], _split(row["adjectives"])


def _place_entities(name: str, type_: str) -> Iterator[Entity]:
    for row in _read_csv(name):
        country = row.get("country") or row.get("maker_country") or ""
        yield Entity(key=entity_key(type_, row["label"]), type=type_, label=row["label"],
                     aliases=tuple(_split(row.get("aliases", ""))),
                     wikidata=row.get("wikidata") or None,
                     country=f"Country/{country.lower()}" if country else None)


GENDERS = {"M": "m", "1M": "m", "?M": "m", "F": "f", "1F": "f", "?F": "f"}


def _first_names() -> tuple[frozenset[str], dict[str, str]]:
    """First names from gender-guesser's list (nam_dict.txt, by Jörg Michael), less the words of
    name_stopwords.txt; and the gender ('m' / 'f') of each name the list gives only one."""
    import gender_guesser

    path = Path(gender_guesser.__file__).parent / "data" / "nam_dict.txt"
    stop = {ln.strip() for ln in (DATA_DIR / "name_stopwords.txt").read_text("utf-8").splitlines()
            if ln.strip() and not ln.startswith("#")}
    names = set()
    genders: dict[str, set[str]] = {}
    with path.open(encoding="latin-1") as f:
        for line in f:
            if line.startswith("#") or len(line) < 30:
                continue
            name = line[3:29].strip()
            if re.fullmatch(r"[A-Z][a-z]{2,}(-[A-Z][a-z]+)?", name):
                if name not in stop:
                    names.add(name)
                genders.setdefault(name, set()).add(GENDERS.get(line[:2].strip(), "?"))
    return frozenset(names), {n: g.pop() for n, g in genders.items() if len(g) == 1 and "?" not in g}


def _multiword(labels: list[str]) -> dict[tuple[str, str], str]:
    """'Hoher Vertreter' -> {('hoh', 'vertreter'): 'Hoher Vertreter'}: the adjective by its
    stem, so 'der Hohe Vertreter' and 'des Hohen Vertreters' match too."""
    out = {}
    for label in labels:
        adj, noun = label.split(" ", 1)
        stem = adj.lower().removesuffix("er")
        out[(stem, noun.lower())] = label
    return out


def _post_rules(roles: dict, surface: dict[str, str]) -> PostRules:
    implied = {}
    for word, spec in roles["implied"].items():
        key = surface.get(spec["of"])
        if key is None:
            raise DataFileError(f"{DATA_DIR / 'roles.toml'}: [implied] {word}: unknown {spec['of']!r}")
        implied[word] = (spec.get("role", word), key)
    return PostRules(
        implied=implied, organ_heads=tuple(roles["organs"]["heads"]),
        organ_ministries=dict(roles["organs"]["ministries"]),
        national=frozenset(roles["national"]["roles"]),
        national_suffixes=tuple(roles["national"]["suffixes"]),
        not_national=frozenset(roles["national"]["not"]),
        federal=frozenset(roles["federal"]["roles"]),
        federal_countries=tuple(f"Country/{c.lower()}" for c in roles["federal"]["countries"]),
        host=frozenset(roles["host"]["roles"]),
        state_bodies=frozenset(roles["state_bodies"]["nouns"]))


@functools.lru_cache(maxsize=1)
def load() -> Gazetteer:
    entities: dict[str, Entity] = {}
    surface: dict[str, str] = {}
    adjectives: dict[str, str] = {}
    for entity, names, adjs in _country_entities(_pycountry_names()):
        entities[entity.key] = entity
        for name in names:
            for form in inflections(name):
                surface.setdefault(form, entity.key)
        for stem in adjs:
            for ending in ADJECTIVE_ENDINGS:
                adjectives[stem + ending] = entity.key
    parties = set()
    for file, type_ in (("cities.csv", "City"), ("organisations.csv", "Organisation"),
                        ("parties.csv", "Organisation"), ("equipment.csv", "EquipmentModel"),
                        ("exhibitions.csv", "Exhibition")):
        for entity in _place_entities(file, type_):
            if file == "parties.csv":
                parties.add(entity.key)
            entities[entity.key] = entity
            for name in (entity.label, *entity.aliases):
                forms = inflections(name) if type_ in ("City", "Organisation") else {name}
                for form in forms:
                    surface.setdefault(form, entity.key)
    roles = read_data_toml("roles.toml")
    first_names, genders = _first_names()
    return Gazetteer(
        entities=entities, surface=surface, adjectives=adjectives,
        roles=dict(roles["roles"]), role_suffixes=tuple(roles["suffixes"]["list"]),
        not_roles=frozenset(roles["not_roles"]["list"]),
        modifiers={k: tuple(v) for k, v in roles["modifiers"].items()},
        multiword_roles=_multiword(roles.get("multiword", {}).get("list", [])),
        ranks=frozenset(roles["titles"]["ranks"]),
        honorifics=frozenset(roles["titles"]["honorifics"]),
        first_names=first_names, genders=genders, triggers=read_data_toml("triggers.toml"),
        parties=frozenset(parties), post_rules=_post_rules(roles, surface),
    )
