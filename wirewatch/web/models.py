"""The JSON API's response shapes (they make ``/docs`` and ``/openapi.json``).

The fields are those of ``CONTRACT.md`` and ``docs/fields.md``; records may carry a few more
for display (``sentence_start``, ``published``, a place's ``lat``/``lon``), allowed here.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Mode = Literal["asserted", "claimed", "denied", "expected", "hypothetical"]
Status = Literal["corroborated", "single_source", "contested"]


class Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class Provenance(Open):
    article_id: str
    start: int = Field(description="character offset of the span's start in the article text")
    end: int = Field(description="character offset just past the span's end")
    sentence: str | None = Field(description="the text of the sentence the span lies in")


class Article(Open):
    id: str
    title: str | None
    source: str | None
    url: str | None
    published: str | None = Field(description="ISO date, or null")
    published_inferred: bool
    published_window: list[str] | None
    duplicate_of: str | None
    text: str | None = None


class Entity(Open):
    id: str
    name: str
    type: str
    aliases: list[str]
    country: str | None
    wikidata: str | None
    mentions: int
    articles: int


class Mention(Provenance):
    entity_id: str
    text: str


class Timex(Provenance):
    text: str
    value: str
    first: str | None
    last: str | None
    kind: str
    anchor: str | None


class Place(Provenance):
    text: str
    name: str | None
    geonameid: int | None
    lat: float | None
    lon: float | None
    country: str | None
    feature: str | None


class Statement(Provenance):
    id: str
    speaker: str | None
    speaker_text: str | None
    kind: str
    cue: str | None
    quote: str
    via: str | None
    about: list[str]


class Event(Provenance):
    id: str
    type: str
    actors: list[str]
    recipients: list[str]
    place: int | None
    first: str | None
    last: str | None
    mode: str
    claimed_by: str | None
    responds_to: str | None
    cluster: str | None
    status: Status = Field(
        description="its cluster's status; an unclustered event is contested when denied or "
        "answered, else single_source"
    )


class Force(Provenance):
    id: str
    owner: str | None
    kind: str
    system: str | None
    count: int | None
    count_low: int | None
    count_high: int | None
    approx: bool
    place: int | None
    first: str | None
    last: str | None
    claimed_by: str | None


class Cluster(Open):
    id: str
    type: str
    events: list[str]
    articles: list[str]
    sources: int = Field(description="independent sources: copies of one wire story count once")
    first: str | None
    last: str | None
    status: Status


class EntityName(BaseModel):
    name: str
    type: str


class PageBase(BaseModel):
    limit: int
    offset: int
    next_offset: int | None = Field(description="offset of the next page; null on the last")
    entities: dict[str, EntityName] = Field(
        default_factory=dict, description="names of the entity ids the items refer to"
    )


class Articles(PageBase):
    items: list[Article]


class Entities(PageBase):
    items: list[Entity]


class Mentions(PageBase):
    items: list[Mention]


class Timexes(PageBase):
    items: list[Timex]


class Places(PageBase):
    items: list[Place]


class Statements(PageBase):
    items: list[Statement]


class Events(PageBase):
    items: list[Event]


class Forces(PageBase):
    items: list[Force]


class Clusters(PageBase):
    items: list[Cluster]


class MapMarker(BaseModel):
    geonameid: int
    name: str | None
    lat: float
    lon: float
    country: str | None
    feature: str | None
    sources: int = Field(description="independent sources reporting anything there")
    events: int
    event_types: dict[str, int]
    top_type: str | None
    forces: int
    mentions: int


class TimelineDay(BaseModel):
    day: str
    events: int = Field(description="event clusters starting that day")
    forces: int = Field(description="force reports dated that day")
    articles: int = Field(description="articles published that day (copies excluded)")


class ContestedPair(BaseModel):
    claim: Event
    denials: list[Event] = Field(description="the events answering the claim (responds_to)")


class Contested(BaseModel):
    items: list[ContestedPair]
    entities: dict[str, EntityName]


class SearchArticle(BaseModel):
    id: str
    title: str | None
    source: str | None
    published: str | None
    snippet: str | None = Field(description="matching words between \\u0002 and \\u0003")


class SearchStatement(Open):
    id: str
    article_id: str
    speaker: str | None
    quote: str
    snippet: str | None


class SearchArticles(PageBase):
    items: list[SearchArticle]


class SearchStatements(PageBase):
    items: list[SearchStatement]


class SearchResult(BaseModel):
    articles: SearchArticles
    statements: SearchStatements


class Index(BaseModel):
    counts: dict[str, int]
    endpoints: dict[str, str]


class Facets(BaseModel):
    types: list[str]
    modes: list[str]
    statuses: list[str]
    actors: list[dict[str, Any]]
    first: str | None
    last: str | None
