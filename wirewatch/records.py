"""Typed records passed between wirewatch's stages.

Each stage takes and returns these plain dataclasses, so a stage can be tested alone and run
under any engine. The exported fields of ``CONTRACT.md`` are the fields of these records.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field

_SPACES = re.compile(r"\s+")


def normalise_text(text: str) -> str:
    """The form of an article's text that its id is hashed from.

    Unicode NFC, whitespace runs collapsed, ends stripped: the same story re-wrapped or
    re-encoded gets the same id.
    """
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()


def article_id_for(text: str) -> str:
    """Article id: first 16 hex digits of the SHA-256 of the normalised text."""
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Origin:
    """Where an article came from: the input path (or ``-``) and a locator inside it."""

    path: str
    locator: str | None = None  # JSONL line number, feed entry index, WARC record URI

    def __str__(self) -> str:
        return f"{self.path}:{self.locator}" if self.locator else self.path


@dataclass
class RawArticle:
    """One article as a reader found it, before any NLP."""

    text: str
    origin: Origin
    title: str | None = None
    source: str | None = None
    url: str | None = None
    published: str | None = None  # ISO date YYYY-MM-DD
    external_id: str | None = None  # an id the input gave (JSONL `id`)

    @property
    def id(self) -> str:
        return article_id_for(self.text)


@dataclass(frozen=True)
class IngestError:
    """An input, or part of one, that could not be read. ``str()`` is the one-line message."""

    origin: Origin
    reason: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.reason}"


@dataclass
class Article:
    """An article as stored."""

    id: str
    text: str
    title: str | None = None
    source: str | None = None
    url: str | None = None
    published: str | None = None
    published_inferred: bool = False
    published_window: tuple[str, str] | None = None
    duplicate_of: str | None = None
    external_id: str | None = None
    origin: str | None = None

    @classmethod
    def from_raw(cls, raw: RawArticle) -> Article:
        return cls(
            id=raw.id,
            text=raw.text,
            title=raw.title,
            source=raw.source,
            url=raw.url,
            published=raw.published,
            external_id=raw.external_id,
            origin=str(raw.origin),
        )


@dataclass
class Entity:
    """A canonical real-world entity. ``id`` is stable across runs and databases."""

    id: str
    name: str
    type: str  # PERSON, ORG, COUNTRY, PLACE, WEAPON, UNIT, GROUP, EVENT, NORP, MISC
    country: str | None = None  # ISO 3166 alpha-2
    wikidata: str | None = None
    aliases: list[str] = field(default_factory=list)
    description: str | None = None


@dataclass
class Mention:
    """One stretch of an article's text that names an entity."""

    article_id: str
    entity_id: str
    text: str
    start: int
    end: int
    sentence: str
    sentence_start: int
    sentence_end: int
    label: str  # the entity type this mention was recognised as
    recogniser: str  # what found it: "ruler", "role", "names", "ontonotes"
    stands_for: str | None = None  # metonymy: "Kyiv refuted" names a city, means a government


@dataclass
class ArticleResult:
    """Everything the per-article stages extracted from one article."""

    article: Article
    entities: list[Entity] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    timexes: list[Timex] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    forces: list[Force] = field(default_factory=list)


@dataclass
class Timex:
    """A time expression, normalised against its article's date (TIMEX3-style ``value``)."""

    article_id: str
    text: str
    start: int
    end: int
    sentence: str
    sentence_start: int
    sentence_end: int
    value: str  # "2022-02-03", "2022-01", "2022-W05", "2022", "P2W", "XXXX-XX-XX" ...
    first: str | None  # ISO date bounding it from below, where known
    last: str | None  # ISO date bounding it from above, where known
    kind: str  # date, interval, duration, set
    anchor: str | None  # the ISO date it was resolved against (None: nothing to resolve by)


@dataclass
class Place:
    """A place mention resolved to a gazetteer (GeoNames) entry."""

    article_id: str
    text: str
    start: int
    end: int
    sentence: str
    sentence_start: int
    sentence_end: int
    name: str | None  # the gazetteer's name; None when unresolved
    geonameid: int | None
    lat: float | None
    lon: float | None
    country: str | None  # ISO 3166-1 alpha-2
    feature: str | None  # country, region, city, ...
    entity_id: str | None = None  # the entity the mention resolved to, where there is one


def record_id(prefix: str, article_id: str, *parts: object) -> str:
    """A stable id for a per-article record: ``prefix-`` and 16 hex digits of a hash of
    the article id and the record's distinguishing parts (offsets, type).

    The same article always yields the same ids, in any engine, on any machine.
    """
    key = "\x1f".join([article_id, *(str(p) for p in parts)])
    return f"{prefix}-{hashlib.sha256(key.encode('utf-8')).hexdigest()[:16]}"


Span = tuple[int, int]


@dataclass
class Statement:
    """Something a source said, wrote or was reported to say, with who said it.

    ``start``/``end`` bound the content (the quote or the reported clause); ``quote_spans``
    lists its pieces when the cue splits it ("The plan", he said, "is dead").
    """

    id: str
    article_id: str
    kind: str  # direct (in quotation marks) or reported
    quote: str  # the content's text; pieces joined by one space
    start: int
    end: int
    sentence: str  # the sentence (or sentences) the statement lies in
    sentence_start: int
    sentence_end: int
    speaker: str | None  # entity id; None when no entity could be named
    speaker_text: str | None  # the speaker as written ("he", "the NATO chief", "Kyiv")
    speaker_start: int | None = None
    speaker_end: int | None = None
    cue: str | None = None  # the cue's lemma: say, accuse, deny, according to, ...
    cue_start: int | None = None
    cue_end: int | None = None
    stance: str | None = None  # the cue's stance (data/cues.toml): accuse, deny, warn, ...
    via: str | None = None  # the channel or outlet: AP, Twitter, a statement, ...
    about: list[str] = field(default_factory=list)  # entity ids the content mentions
    target: str | None = None  # entity id the cue aims at ("accused Ukraine"), where one
    quote_spans: list[Span] = field(default_factory=list)


@dataclass
class Event:
    """Who did what to whom (PLOVER type), where, when, and whether it happened.

    ``mode``: asserted (the article states it), claimed (only someone's claim: see
    ``claimed_by``), denied, expected (planned or future), hypothetical (conditional).
    """

    id: str
    article_id: str
    type: str  # PLOVER root type, upper case: ACCUSE, CONSULT, MOBILIZE, ...
    mode: str
    start: int  # the event's trigger phrase
    end: int
    trigger: str
    sentence: str
    sentence_start: int
    sentence_end: int
    actors: list[str] = field(default_factory=list)  # entity ids
    recipients: list[str] = field(default_factory=list)
    actor_text: str | None = None
    recipient_text: str | None = None
    subtype: str | None = None  # finer kind from data/events.toml: exercise, air_strike, ...
    place: int | None = None  # geonameid
    place_text: str | None = None
    first: str | None = None  # ISO dates bounding when it happened (or is to happen)
    last: str | None = None
    claimed_by: str | None = None  # entity id of whoever claims it, when mode is claimed
    statement_id: str | None = None  # the statement it was reported in, if any
    responds_to: str | None = None  # event id this one answers (a denial -> the accusation)
    cluster: str | None = None  # set by cross-document resolution


@dataclass
class Force:
    """A force posture: whose, what kind, how many, where, when, according to whom."""

    id: str
    article_id: str
    kind: str  # troops, aircraft, air_defence, missiles, artillery, armour, ships, ...
    text: str  # the phrase the count and kind come from ("some 30,000 combat troops")
    start: int
    end: int
    sentence: str
    sentence_start: int
    sentence_end: int
    owner: str | None = None  # entity id
    system: str | None = None  # weapon entity id
    count: int | None = None  # the stated figure (None: present, no count given)
    count_low: int | None = None  # bounds: "more than 100,000" -> low 100,000, high None
    count_high: int | None = None
    approx: bool = False  # "some", "about", "around", "nearly"
    place: int | None = None  # geonameid where they are (or go to)
    place_text: str | None = None
    origin_place: int | None = None  # geonameid they move from ("from Germany to Romania")
    first: str | None = None
    last: str | None = None
    claimed_by: str | None = None  # entity id of the source of the figure, where one
    statement_id: str | None = None
