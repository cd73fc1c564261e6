"""``wirewatch eval geo``: toponym resolution and recognition against GeoNames-style gold.

Two measures (``docs/places.md``):

(a) resolution given the gold spans: every gold toponym with coordinates goes through
    :func:`wirewatch.geo.resolve.resolve_toponyms` with the rest of its article as evidence;
    accuracy within 161 km (100 miles), median error in km, and exact GeoNames id match
    where the gold has ids. An unresolved span counts as a miss (error 20,038 km: half the
    earth's circumference). Two more keys split failures of the gazetteer from failures of
    the ranking: ``gazetteer_coverage``, the share of gold places for which some candidate
    lay within 161 km, and ``acc161_gold_spans_covered``, the accuracy on those.
(b) end to end: the real pipeline (entities, then places) on each article; toponym span
    P/R/F1 on exact offsets, and accuracy within 161 km on the gold spans it found exactly.

GeoWebNews marks non-place readings too: its ``Homonym``, ``Demonym`` and ``Language``
annotations and those with ``is_toponym`` false are left out of the span gold, as its README
advises for a tagger that marks places; wirewatch's demonym places ("the Ukrainian border")
are left out of the predictions to match.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wirewatch.eval.gold import read_gold
from wirewatch.eval.report import EvalReport
from wirewatch.eval.spans import score_spans
from wirewatch.geo.link import haversine_km
from wirewatch.geo.resolve import Resolution, resolve_toponyms
from wirewatch.records import Article, Place

ACC_KM = 161.0
MISS_KM = 20_038.0
NOT_PLACES = frozenset({"Homonym", "Demonym", "Language"})


@dataclass
class Resolved:
    """Distances and id matches of the gold spans scored so far."""

    errors: list[float] = field(default_factory=list)
    ids: list[bool] = field(default_factory=list)
    covered: list[bool] = field(default_factory=list)  # some candidate lay within 161 km

    def add(
        self, gold: dict[str, Any], lat: float | None, lon: float | None, geonameid: int | None
    ) -> None:
        found = lat is not None and lon is not None
        self.errors.append(haversine_km(gold["lat"], gold["lon"], lat, lon) if found else MISS_KM)
        if gold.get("geonameid"):
            self.ids.append(geonameid == gold["geonameid"])

    def accuracy(self) -> float | None:
        return _ratio(sum(e <= ACC_KM for e in self.errors), len(self.errors))

    def median(self) -> float | None:
        return round(statistics.median(self.errors), 1) if self.errors else None

    def exact(self) -> float | None:
        return _ratio(sum(self.ids), len(self.ids))

    def coverage(self) -> float | None:
        """Share of gold places the gazetteer offered a candidate within 161 km for."""
        return _ratio(sum(self.covered), len(self.covered))

    def accuracy_covered(self) -> float | None:
        """Accuracy on the gold places the gazetteer covers: the ranking's own share."""
        hits = sum(e <= ACC_KM for e, c in zip(self.errors, self.covered, strict=True) if c)
        return _ratio(hits, sum(self.covered))


def _ratio(hits: int, total: int) -> float | None:
    return round(hits / total, 4) if total else None


def located(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """The gold toponyms of a document that have coordinates."""
    return [
        t for t in doc.get("toponyms", []) if t.get("lat") is not None and t.get("lon") is not None
    ]


def is_place_span(toponym: dict[str, Any]) -> bool:
    """Whether a gold annotation is a place name for span scoring (see the module doc)."""
    return toponym.get("is_toponym", True) and toponym.get("type") not in NOT_PLACES


def resolve_gold(docs: list[dict[str, Any]]) -> Resolved:
    """Measure (a): resolve each document's gold spans and compare with the gold places."""
    scored = Resolved()
    for doc in docs:
        gold = located(doc)
        results: list[Resolution] = resolve_toponyms(
            doc["text"], [(t["start"], t["end"]) for t in gold]
        )
        for t, r in zip(gold, results, strict=True):
            e = r.entry
            scored.add(t, e.lat if e else None, e.lon if e else None, e.geonameid if e else None)
            scored.covered.append(
                any(haversine_km(t["lat"], t["lon"], o.lat, o.lon) <= ACC_KM for o in r.options)
            )
    return scored


def predicted_places(docs: list[dict[str, Any]]) -> Iterator[tuple[dict[str, Any], list[Place]]]:
    """Each gold document with the places the full pipeline finds in it."""
    from wirewatch.extract.entities import extract_entities
    from wirewatch.extract.places import extract_places
    from wirewatch.nlp import parse

    articles = [Article(id=d["id"], text=d["text"], published=d.get("date")) for d in docs]
    for doc, spacy_doc, article in zip(
        docs, parse(a.text for a in articles), articles, strict=True
    ):
        _, mentions = extract_entities(spacy_doc, article)
        places = extract_places(spacy_doc, article, mentions)
        yield doc, [p for p in places if not _is_demonym(p, mentions)]


def _is_demonym(place: Place, mentions: list) -> bool:
    return any(
        m.start == place.start and m.end == place.end and m.label == "NORP" for m in mentions
    )


def end_to_end(docs: list[dict[str, Any]]) -> tuple[Any, Resolved]:
    """Measure (b): span scores, and resolution of the gold spans found exactly."""
    gold_spans, predicted, scored = [], [], Resolved()
    for doc, places in predicted_places(docs):
        gold_spans += [
            (doc["id"], t["start"], t["end"], "LOC")
            for t in doc.get("toponyms", [])
            if is_place_span(t)
        ]
        predicted += [(doc["id"], p.start, p.end, "LOC") for p in places]
        found = {(p.start, p.end): p for p in places}
        for t in located(doc):
            place = found.get((t["start"], t["end"]))
            if place is not None:
                scored.add(t, place.lat, place.lon, place.geonameid)
    return score_spans(gold_spans, predicted).overall, scored


def _row(label: str, scored: Resolved) -> list[Any]:
    return [label, len(scored.errors), scored.accuracy(), scored.median(), scored.exact()]


def evaluate(gold_path: str | Path, with_end_to_end: bool = True) -> EvalReport:
    """Both measures on one gold file; ``with_end_to_end=False`` skips the (slow) parse."""
    docs = list(read_gold(gold_path))
    given = resolve_gold(docs)
    metrics: dict[str, Any] = {
        "task": "geo",
        "n": len(given.errors),
        "acc161_gold_spans": given.accuracy(),
        "median_km_gold_spans": given.median(),
        "exact_id_gold_spans": given.exact(),
        "span_f1": None,
        "acc161_end_to_end": None,
        "gazetteer_coverage": given.coverage(),
        "acc161_gold_spans_covered": given.accuracy_covered(),
    }
    rows = [
        _row("gold spans: resolution", given),
        [
            "gold spans the gazetteer covers",
            sum(given.covered),
            given.accuracy_covered(),
            None,
            None,
        ],
    ]
    if with_end_to_end:
        spans, found = end_to_end(docs)
        prf = [round(spans.precision, 4), round(spans.recall, 4), round(spans.f1, 4)]
        metrics |= dict(zip(("span_precision", "span_recall", "span_f1"), prf, strict=True))
        metrics |= {"acc161_end_to_end": found.accuracy(), "n_end_to_end": len(found.errors)}
        rows += [
            _row("end to end: matched spans", found),
            ["end to end: span P / R / F1", spans.tp + spans.fn, *prf],
        ]
    columns = ["measure", "n", "acc@161km (or P)", "median km (or R)", "exact id (or F1)"]
    rows = [["-" if v is None else v for v in row] for row in rows]  # n/a, not "None"
    return EvalReport("geo", metrics, columns, rows)
