"""Domain knowledge loaded from the TOML files in ``wirewatch/data/``.

The files hold what wirewatch knows before it reads anything: countries (with demonyms,
capitals and seats of government), organisations, people, offices and who held them when,
weapon systems, places and military units. This module turns them into one
:class:`KnowledgeBase` that the entity ruler and the resolver share.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

from wirewatch.records import Entity

ENTITY_FILES = ("organisations", "people", "weapons", "places", "units")


def slugify(name: str) -> str:
    """ASCII, lower-case, hyphen-separated: the stable part of a discovered entity's id."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-") or "x"


@dataclass(frozen=True)
class RoleTerm:
    """One person's term in an office; ``end`` is None for the current holder."""

    person: str
    start: str
    end: str | None

    def covers(self, day: str) -> bool:
        return self.start <= day and (self.end is None or day < self.end)


@dataclass
class Role:
    """An office ("NATO Secretary-General") and the people who held it, with dates."""

    id: str
    office: str
    org: str | None
    phrases: list[str]
    terms: list[RoleTerm]

    def holder_on(self, day: str) -> str | None:
        return next((t.person for t in self.terms if t.covers(day)), None)

    @property
    def holders(self) -> set[str]:
        return {t.person for t in self.terms}


@dataclass
class Country:
    iso2: str
    name: str
    capital: str | None
    demonyms: list[str] = field(default_factory=list)

    @property
    def entity_id(self) -> str:
        return f"country/{self.iso2.lower()}"

    @property
    def government_id(self) -> str:
        return f"gov/{self.iso2.lower()}"


@dataclass
class KnowledgeBase:
    """Everything in ``wirewatch/data``, indexed for matching and resolution."""

    entities: dict[str, Entity] = field(default_factory=dict)
    roles: dict[str, Role] = field(default_factory=dict)
    countries: dict[str, Country] = field(default_factory=dict)
    # surface form -> entity id, for every alias (case-sensitive)
    aliases: dict[str, str] = field(default_factory=dict)
    # demonym ("Belarusian") -> country entity id
    demonyms: dict[str, str] = field(default_factory=dict)
    # capital or seat entity id / alias -> government entity id, for metonymy
    seat_of: dict[str, str] = field(default_factory=dict)
    # surname -> person ids with that surname (for "Mr Shoigu" with no full name nearby)
    surnames: dict[str, set[str]] = field(default_factory=dict)

    def add(self, entity: Entity, aliases: list[str]) -> None:
        if entity.id in self.entities:
            raise ValueError(f"duplicate entity id in data files: {entity.id}")
        entity.aliases = sorted({entity.name, *aliases})
        self.entities[entity.id] = entity
        for alias in entity.aliases:
            self.aliases.setdefault(alias, entity.id)

    def resolve_alias(self, text: str) -> str | None:
        return self.aliases.get(text) or self.aliases.get(strip_the(text))


def strip_the(text: str) -> str:
    """The text without a leading "the" ("the Kremlin" -> "Kremlin")."""
    return re.sub(r"^(?:the|The|THE)\s+", "", text)


def _data_dir() -> Path:
    return Path(str(resources.files("wirewatch") / "data"))


def _read(path: Path) -> dict:
    with path.open("rb") as handle:
        return tomllib.load(handle)


def _add_countries(kb: KnowledgeBase, rows: list[dict]) -> None:
    for row in rows:
        iso2 = row["iso2"].upper()
        country = Country(iso2, row["name"], row.get("capital"), row.get("demonyms", []))
        kb.countries[iso2] = country
        kb.add(
            Entity(country.entity_id, row["name"], "COUNTRY", iso2, row.get("wikidata")),
            row.get("aliases", []),
        )
        government = Entity(country.government_id, f"Government of {row['name']}", "ORG", iso2)
        kb.add(government, row.get("seats", []))
        for demonym in country.demonyms:
            kb.demonyms.setdefault(demonym, country.entity_id)


def _add_capitals(kb: KnowledgeBase, rows: list[dict]) -> None:
    """Capitals become places (unless places.toml has them) and stand for their government."""
    for row in rows:
        capital = row.get("capital")
        if not capital:
            continue
        iso2 = row["iso2"].upper()
        place_id = kb.resolve_alias(capital)
        if place_id is None or not place_id.startswith("place/"):
            place_id = f"place/{slugify(capital)}"
            if place_id in kb.entities:
                continue
            kb.add(Entity(place_id, capital, "PLACE", iso2), row.get("capital_aliases", []))
        else:
            for alias in row.get("capital_aliases", []):
                kb.aliases.setdefault(alias, place_id)
        kb.seat_of[place_id] = kb.countries[iso2].government_id


def _add_entities(kb: KnowledgeBase, rows: list[dict]) -> None:
    for row in rows:
        entity = Entity(
            id=row["id"],
            name=row["name"],
            type=row["type"],
            country=row.get("country"),
            wikidata=row.get("wikidata"),
            description=row.get("role") or row.get("kind") or row.get("feature"),
        )
        kb.add(entity, row.get("aliases", []))
        if entity.type == "PERSON":
            for name in entity.aliases:
                parts = name.split()
                if len(parts) > 1:
                    kb.surnames.setdefault(parts[-1], set()).add(entity.id)


def _add_roles(kb: KnowledgeBase, rows: list[dict]) -> None:
    for row in rows:
        terms = [
            RoleTerm(h["person"], str(h["from"]), _opt_str(h.get("to"))) for h in row["holders"]
        ]
        role = Role(row["id"], row["office"], row.get("org"), row["phrases"], terms)
        kb.roles[role.id] = role
        kb.entities[role.id] = Entity(role.id, role.office, "ROLE")


def _opt_str(value: object) -> str | None:
    return None if value is None else str(value)


def load_knowledge(data_dir: Path | None = None) -> KnowledgeBase:
    """Load and index every data file. Raises ``ValueError`` on a clash between files."""
    data_dir = data_dir or _data_dir()
    kb = KnowledgeBase()
    countries = _read(data_dir / "countries.toml").get("country", [])
    _add_countries(kb, countries)
    for name in ENTITY_FILES:
        path = data_dir / f"{name}.toml"
        if path.exists():
            _add_entities(kb, _read(path).get("entity", []))
    _add_capitals(kb, countries)
    roles_path = data_dir / "roles.toml"
    if roles_path.exists():
        _add_roles(kb, _read(roles_path).get("role", []))
    return kb


@cache
def knowledge() -> KnowledgeBase:
    """The packaged knowledge base, loaded once per process."""
    return load_knowledge()
