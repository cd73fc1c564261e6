"""The per-article path: ``Article -> ArticleResult``.

A pure function of the article and the loaded pipeline, so any engine (a loop, a process
pool, Dask) can run it. Order matters: offices and relative dates resolve against the
article's date; places need the entities; events and forces need the statements (whose
claim is it?), the time expressions and the places.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.tokens import Doc

from wirewatch.extract.entities import extract_entities
from wirewatch.extract.events import extract_events
from wirewatch.extract.forces import extract_forces
from wirewatch.extract.places import extract_places
from wirewatch.extract.statements import extract_statements
from wirewatch.extract.time import extract_timexes, infer_publication
from wirewatch.nlp import BATCH_SIZE, know_text, parse
from wirewatch.records import Article, ArticleResult


def date_undated(doc: Doc, article: Article) -> None:
    """Give an undated article the publication window its content implies, flagged inferred."""
    if article.published is None and article.published_window is None:
        window = infer_publication(doc, article)
        if window:
            article.published_window, article.published_inferred = window, True


def analyse(doc: Doc, article: Article) -> ArticleResult:
    """Everything wirewatch extracts from one parsed article."""
    know_text(doc, article.text)
    date_undated(doc, article)  # first: offices and relative dates resolve against it
    entities, mentions = extract_entities(doc, article)
    timexes = extract_timexes(doc, article)
    places = extract_places(doc, article, mentions)
    statements = extract_statements(doc, article, mentions)
    return ArticleResult(
        article=article,
        entities=entities,
        mentions=mentions,
        timexes=timexes,
        places=places,
        statements=statements,
        events=extract_events(doc, article, mentions, timexes, places, statements),
        forces=extract_forces(doc, article, mentions, timexes, places, statements),
    )


def analyse_many(
    articles: Iterable[Article], batch_size: int = BATCH_SIZE
) -> Iterator[ArticleResult]:
    """Parse and analyse articles in batches, yielding results in input order."""
    articles = list(articles)
    for doc, article in zip(parse((a.text for a in articles), batch_size), articles, strict=True):
        yield analyse(doc, article)
