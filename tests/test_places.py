"""Place mentions resolved to GeoNames: the seeds, disambiguation by evidence, the eval."""

from __future__ import annotations

import json
import math
import time
from pathlib import Path

import pytest
import spacy

from wirewatch.cli import seed_paths
from wirewatch.eval.geo import evaluate
from wirewatch.extract.places import extract_places
from wirewatch.geo.gazetteer import Gazetteer, gazetteer, index_path, name_key
from wirewatch.geo.resolve import resolve_toponyms
from wirewatch.ingest import read_inputs
from wirewatch.nlp import parse
from wirewatch.pipeline import analyse
from wirewatch.records import Article, Mention, Place, RawArticle

RECHYTSA_GOMEL = 622794  # the town of 65,000 near Ukraine, not the village near Pinsk


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 12742 * math.asin(math.sqrt(h))


def spans_of(text: str, *names: str) -> list[tuple[int, int]]:
    """Offsets of the first occurrence of each name, after the previous one."""
    spans, at = [], 0
    for name in names:
        start = text.index(name, at)
        spans.append((start, start + len(name)))
        at = start + len(name)
    return spans


def resolve(text: str, *names: str) -> dict[str, object]:
    """Name -> resolved entry (None when unresolved), for names in the order they occur."""
    results = resolve_toponyms(text, spans_of(text, *names))
    return {r.text: r.entry for r in results}


@pytest.fixture(scope="module")
def seed_places() -> dict[str, list[Place]]:
    """The places of each seed report, read as ingest reads them."""
    raws = [r for r in read_inputs([str(p) for p in seed_paths()]) if isinstance(r, RawArticle)]
    articles = [Article.from_raw(r) for r in raws]
    found = {}
    for raw, doc, article in zip(raws, parse(a.text for a in articles), articles, strict=True):
        mentions = analyse(doc, article).mentions
        found[Path(raw.origin.path).name] = extract_places(doc, article, mentions)
    return found


EXPECTED = [  # EXPECTED.md: surface forms, country, lat, lon
    (("Minsk",), "BY", 53.90, 27.57),
    (("Brussels",), "BE", 50.85, 4.35),
    (("Yelsk",), "BY", 51.81, 29.15),
    (("Rechitsa", "Rechytsa"), "BY", 52.36, 30.39),
    (("Luninets",), "BY", 52.25, 26.80),
    (("Moscow",), "RU", 55.75, 37.62),
    (("Kyiv", "Kiev"), "UA", 50.45, 30.52),
    (("Crimea",), "UA", 45.3, 34.4),
]
COUNTRIES = {
    "Russia": "RU",
    "Belarus": "BY",
    "Ukraine": "UA",
    "Poland": "PL",
    "Germany": "DE",
    "Romania": "RO",
    "China": "CN",
    "UK": "GB",
    "United Kingdom": "GB",
    "US": "US",
    "United States": "US",
    "U.S.": "US",
}


@pytest.mark.parametrize(("surfaces", "country", "lat", "lon"), EXPECTED)
def test_every_expected_seed_place_is_within_50_km(seed_places, surfaces, country, lat, lon):
    found = [p for ps in seed_places.values() for p in ps if p.text in surfaces]
    assert found, f"no place mention of {surfaces}"
    for place in found:
        assert place.country == country and place.geonameid is not None
        assert km(place.lat, place.lon, lat, lon) <= 50, (place.text, place.lat, place.lon)


def test_kyiv_and_kiev_are_one_place_and_crimea_is_a_region(seed_places):
    places = [p for ps in seed_places.values() for p in ps]
    assert len({p.geonameid for p in places if p.text in ("Kyiv", "Kiev")}) == 1
    assert {p.feature for p in places if p.text == "Crimea"} == {"region"}


def test_the_seed_countries_resolve_to_their_countries(seed_places):
    places = [p for ps in seed_places.values() for p in ps]
    named = {p.text.removeprefix("the "): p for p in places if p.feature == "country"}
    for surface in ("Russia", "Belarus", "Ukraine", "Poland", "Germany", "Romania", "China"):
        assert named[surface].country == COUNTRIES[surface]
    assert any(p.country == "GB" for p in named.values())
    assert any(p.country == "US" for p in named.values())


def test_seed_places_carry_offsets_sentences_and_entity_ids(seed_places):
    for places in seed_places.values():
        for p in places:
            assert p.start < p.end and p.sentence_start <= p.start < p.end <= p.sentence_end
            assert p.text in p.sentence and p.entity_id


def test_a_demonym_that_locates_something_is_a_place(seed_places):
    border = [p for p in seed_places["003_c7fe8a2188f260ca.txt"] if p.text == "Ukrainian"]
    assert border and border[0].country == "UA" and border[0].feature == "country"


def test_the_two_rechytsas_are_told_apart_by_the_article():
    gomel = resolve(
        "Jets were seen at Rechytsa, in the Gomel region, 50 km from Ukraine.",
        "Rechytsa",
        "Gomel",
        "Ukraine",
    )
    assert gomel["Rechytsa"].geonameid == RECHYTSA_GOMEL
    brest = resolve(
        "Villagers in Rechytsa, Brest Oblast, near Pinsk saw the convoy.",
        "Rechytsa",
        "Brest Oblast",
        "Pinsk",
    )
    assert brest["Rechytsa"].geonameid != RECHYTSA_GOMEL
    assert km(brest["Rechytsa"].lat, brest["Rechytsa"].lon, 52.11, 26.10) < 100  # near Pinsk


def test_x_comma_country_picks_the_place_in_that_country():
    assert resolve("Talks in Ivanovo, Belarus, ended.", "Ivanovo")["Ivanovo"].country == "BY"
    assert resolve("Talks in Ivanovo ended, Russia said.", "Ivanovo")["Ivanovo"].country == "RU"
    assert resolve("He grew up in Moscow, Idaho.", "Moscow")["Moscow"].country == "US"


def test_x_region_and_oblast_are_first_level_regions():
    found = resolve(
        "Shelling in the Donetsk Oblast and the Gomel region.", "Donetsk Oblast", "Gomel"
    )
    donetsk, gomel = found["Donetsk Oblast"], found["Gomel"]
    assert (donetsk.country, donetsk.feature, gomel.country, gomel.feature) == (
        "UA",
        "region",
        "BY",
        "region",
    )
    assert km(donetsk.lat, donetsk.lon, 48.0, 37.8) < 100


def test_an_unresolvable_name_does_not_spoil_the_others():
    text = "Troops moved from Qzxwvth Flats to Yelsk and then to Luninets."
    found = resolve(text, "Qzxwvth Flats", "Yelsk", "Luninets")
    assert found["Qzxwvth Flats"] is None
    assert found["Yelsk"].country == found["Luninets"].country == "BY"


def test_extract_places_keeps_unresolved_mentions():
    text = "Troops moved from Qzxwvth to Minsk."
    doc = spacy.blank("en")(text)
    article = Article(id="a1", text=text)
    mentions = [
        Mention(
            "a1",
            f"place/{n.lower()}",
            n,
            text.index(n),
            text.index(n) + len(n),
            text,
            0,
            len(text),
            "PLACE",
            "names",
        )
        for n in ("Qzxwvth", "Minsk")
    ]
    places = extract_places(doc, article, mentions)
    assert [p.text for p in places] == ["Qzxwvth", "Minsk"]
    assert places[0].geonameid is None and places[0].lat is None
    assert places[1].country == "BY" and places[1].entity_id == "place/minsk"


def test_names_match_across_spelling_and_punctuation():
    assert name_key("St. Petersburg") == name_key("Saint Petersburg") == "saint petersburg"
    assert name_key("Yel’sk") == name_key("Yelsk")
    gaz = gazetteer()
    kiev = {e.geonameid for e, _ in gaz.lookup(name_key("Kiev")) if e.feature == "city"}
    kyiv = {e.geonameid for e, _ in gaz.lookup(name_key("Kyiv")) if e.feature == "city"}
    assert kiev & kyiv


def test_the_gazetteer_index_opens_fast():
    gazetteer()  # built on first use
    start = time.perf_counter()
    fresh = Gazetteer(index_path())
    assert fresh.lookup(name_key("Minsk"))
    assert time.perf_counter() - start < 2.0


def _gold_file(tmp_path: Path) -> Path:
    text = "Russian jets landed near Rechitsa and Luninets in Belarus, Minsk said."
    toponyms = []
    for name, gid, lat, lon in [
        ("Rechitsa", 622794, 52.3617, 30.3916),
        ("Luninets", 625818, 52.2486, 26.8006),
        ("Belarus", 630336, 53.0, 28.0),
        ("Minsk", 625144, 53.9, 27.5667),
    ]:
        start = text.index(name)
        toponyms.append(
            {
                "start": start,
                "end": start + len(name),
                "text": name,
                "geonameid": gid,
                "lat": lat,
                "lon": lon,
            }
        )
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps({"id": "g1", "text": text, "toponyms": toponyms}) + "\n")
    return path


def test_eval_geo_scores_a_tiny_gold_file(tmp_path):
    report = evaluate(_gold_file(tmp_path))
    m = report.metrics
    assert (m["task"], m["n"]) == ("geo", 4)
    assert m["acc161_gold_spans"] == 1.0 and m["exact_id_gold_spans"] == 1.0
    assert m["median_km_gold_spans"] < 50
    assert m["span_f1"] is not None and 0.0 <= m["span_f1"] <= 1.0
    assert m["acc161_end_to_end"] in (None, 1.0)
    assert list(m)[:2] == ["task", "n"]
