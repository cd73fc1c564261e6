"""Link wirewatch's hand-written places and countries to their GeoNames entries.

The entity ruler knows places by id (``place/kyiv``, ``country/by``); the gazetteer knows them
by GeoNames id. Linking at index-build time lets a mention that came with an entity id go
straight to its entry, and teaches the gazetteer the curated spellings ("Kiev", "Rechitsa").
Places GeoNames' populated-place table cannot hold (seas, straits, facilities) become
entries of their own, with the hand-written coordinates and no GeoNames id.
"""

from __future__ import annotations

import math
import tomllib
from collections import defaultdict
from typing import TYPE_CHECKING

from wirewatch.geo.gazetteer import DATA_DIR, KB_DIR, Q_ALIAS, Q_ALTERNATE, name_key

if TYPE_CHECKING:
    from wirewatch.geo.gazetteer import _Builder

# How far a hand-written point may lie from the GeoNames entry it names: regions' points
# are approximate centroids, cities' are GeoNames' own.
LINK_KM = {"city": 60.0, "town": 60.0, "region": 300.0, "peninsula": 300.0, "island": 150.0}
_MATCHES = {
    "city": ("city", "town"),
    "town": ("city", "town"),
    "region": ("region", "district"),
    "peninsula": ("region",),
    "island": ("region",),
}


# Adjectives that locate something on a continent ("African leaders"), as countries.toml's
# demonyms do for countries.
CONTINENT_ADJECTIVES = {
    "Africa": ["African"],
    "Europe": ["European"],
    "Asia": ["Asian"],
    "North America": ["North American"],
    "South America": ["South American"],
    "Oceania": ["Oceanian"],
    "Antarctica": ["Antarctic"],
}


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 12742.0 * math.asin(min(1.0, math.sqrt(h)))


def _read(name: str) -> list[dict]:
    with (KB_DIR / f"{name}.toml").open("rb") as handle:
        data = tomllib.load(handle)
    return data.get("entity") or data.get("country") or []


def _name_index(b: _Builder) -> dict[str, list[int]]:
    index: dict[str, list[int]] = defaultdict(list)
    for k, place in b.names:
        index[k].append(place)
    return index


def _best_match(b: _Builder, index: dict[str, list[int]], row: dict) -> int | None:
    """The most populous entry of a matching kind, name, country and position."""
    kinds = _MATCHES.get(row.get("feature", ""))
    if not kinds:
        return None
    keys = {p for n in [row["name"], *row.get("aliases", [])] for p in index.get(name_key(n), [])}
    best = None
    for key in keys:
        place = b.places[key - 1]
        if place[8] not in kinds or (row.get("country") and place[5] != row["country"]):
            continue
        if (
            "lat" in row
            and haversine_km(row["lat"], row["lon"], place[3], place[4]) > LINK_KM[row["feature"]]
        ):
            continue
        if best is None or place[7] > b.places[best - 1][7]:
            best = key
    return best


def _link_place(b: _Builder, index: dict[str, list[int]], row: dict) -> None:
    key = _best_match(b, index, row)
    if key is not None:
        place = b.places[key - 1]
        place[10] = place[10] or row["id"]
        if "lat" in row and place[8] == "region":  # a curated centroid beats the derived one
            place[2], place[3], place[4] = row["name"], row["lat"], row["lon"]
    elif "lat" in row:
        key = b.place(
            None,
            row["name"],
            row["lat"],
            row["lon"],
            row.get("country"),
            None,
            0,
            row.get("feature", "place"),
            row["id"],
        )
    else:
        return
    for alias in row.get("aliases", []):
        b.name(key, alias, Q_ALIAS)


def _link_country(b: _Builder, row: dict) -> None:
    entity = f"country/{row['iso2'].lower()}"
    key = next((p[0] for p in b.places if p[10] == entity), None)
    if key is None:
        return
    for alias in [row["name"], *row.get("aliases", []), *row.get("demonyms", [])]:
        b.name(key, alias, Q_ALIAS)


def _link_abbreviations(b: _Builder) -> None:
    regions = {(p[5], p[6]): p[0] for p in b.places if p[8] == "region"}
    for line in (DATA_DIR / "abbreviations.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            country, admin1, names = line.split("\t")
            key = regions.get((country, admin1))
            for name in names.split("|") if key else ():
                b.name(key, name, Q_ALTERNATE)


def _link_continents(b: _Builder) -> None:
    for place in b.places:
        for adjective in CONTINENT_ADJECTIVES.get(place[2], []) if place[8] == "continent" else ():
            b.name(place[0], adjective, Q_ALIAS)


def link_knowledge(b: _Builder) -> None:
    """Attach ``places.toml`` and ``countries.toml`` entities to the builder's entries."""
    for row in _read("countries"):
        _link_country(b, row)
    _link_abbreviations(b)
    _link_continents(b)
    index = _name_index(b)
    for row in _read("places"):
        _link_place(b, index, row)
