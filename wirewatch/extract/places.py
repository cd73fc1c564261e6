"""Place mentions of one article, resolved to GeoNames entries.

Which mentions are places: everything the entity stage typed ``COUNTRY`` or ``PLACE`` (the
domain ruler's known places and countries, and GPE/LOC/FAC names from the recognisers), and
demonyms where they locate something ("the Ukrainian border", "Belarusian airspace"), not
where they describe people or things ("Ukrainian officials"). Each is resolved by
:func:`wirewatch.geo.resolve.resolve_toponyms` with the whole article as evidence; the
countries of the people and organisations the article names count as evidence too.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc

from wirewatch.geo.resolve import Resolution, resolve_toponyms
from wirewatch.knowledge import knowledge
from wirewatch.records import Article, Mention, Place

PLACE_LABELS = frozenset({"COUNTRY", "PLACE"})
# Nouns after a demonym that make it name the country's territory, not its people.
LOCATING_NOUNS = frozenset(
    """
border borders frontier territory territories airspace soil side waters coast coastline
land lands capital city cities town towns region regions province provinces village
villages countryside mainland port ports peninsula enclave exclave
""".split()
)

__all__ = ["extract_places", "is_place_mention", "resolve_toponyms"]


def _locates(doc: Doc, mention: Mention) -> bool:
    """A demonym followed by a locating noun: "the Ukrainian border", "Belarusian soil"."""
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    if span is None or span.end >= len(doc):
        return False
    nxt = doc[span.end]
    return nxt.lower_ in LOCATING_NOUNS or nxt.lemma_.lower() in LOCATING_NOUNS


def is_place_mention(doc: Doc, mention: Mention) -> bool:
    """Whether a mention names a place (see the module doc)."""
    if mention.recogniser == "role":
        return False
    if mention.label in PLACE_LABELS:
        return True
    return (
        mention.label == "NORP"
        and mention.entity_id.startswith("country/")
        and _locates(doc, mention)
    )


def _context_countries(mentions: Sequence[Mention]) -> set[str]:
    """Countries of the known people and organisations the article names."""
    kb = knowledge()
    found = set()
    for m in mentions:
        entity = kb.entities.get(m.entity_id)
        if entity is not None and entity.country and entity.type not in ("PLACE", "COUNTRY"):
            found.add(entity.country)
    return found


def _place(article: Article, mention: Mention, res: Resolution) -> Place:
    entry = res.entry
    return Place(
        article_id=article.id,
        text=mention.text,
        start=mention.start,
        end=mention.end,
        sentence=mention.sentence,
        sentence_start=mention.sentence_start,
        sentence_end=mention.sentence_end,
        name=entry.name if entry else None,
        geonameid=entry.geonameid if entry else None,
        lat=round(entry.lat, 5) if entry else None,
        lon=round(entry.lon, 5) if entry else None,
        country=entry.country if entry else None,
        feature=entry.feature if entry else None,
        entity_id=mention.entity_id,
    )


def extract_places(doc: Doc, article: Article, mentions: list[Mention]) -> list[Place]:
    """One :class:`Place` per place mention, in text order; unresolved ones have no id."""
    chosen = sorted(
        (m for m in mentions if is_place_mention(doc, m)), key=lambda m: (m.start, m.end)
    )
    if not chosen:
        return []
    resolved = resolve_toponyms(
        article.text,
        [(m.start, m.end) for m in chosen],
        entity_ids=[m.entity_id for m in chosen],
        countries=_context_countries(mentions),
    )
    return [_place(article, m, r) for m, r in zip(chosen, resolved, strict=True)]
