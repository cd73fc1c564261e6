"""Toponym resolution: each place name of one article to a gazetteer entry, with evidence.

Population alone places a quarter to a third of news toponyms (see ``docs/places.md``); the
rest needs the article. Resolution is article-level and iterative:

1. every name gets candidates from the gazetteer (exact name key; "X region"/"X Oblast" to
   the region around city X; a mention's own entity id, where the entity ruler gave one);
2. each candidate is scored by a linear model of *prior* evidence: population (log), kind
   of place, how well the name matches, the entity ruler's id, "X, Belarus" / "X, Kan.";
3. then, for a few rounds, by *article* evidence from every *other* name's current belief:
   the countries and first-level regions they point at, the countries and demonyms the
   text names, the distance to the other names' best places, and how many other names
   could lie near the candidate at all (co-occurrence). Names that are
   unambiguous or large (countries, capitals) settle the article's focus in the first
   round; the ambiguous ones then move toward it.

A name with no candidates contributes nothing and takes nothing: it cannot spoil the others.
The weights were fitted on the dev halves of four public gold sets (``docs/places.md``).
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache

from wirewatch.geo.gazetteer import Q_ALTERNATE, Entry, Gazetteer, gazetteer, name_key
from wirewatch.geo.link import haversine_km

MAX_CANDIDATES = 60  # most populous kept per name: bounds the work on "San José"-like names
ROUNDS = 3
# Words after a name that make it a first-level region ("Gomel region", "Donetsk Oblast").
REGION_WORDS = r"region|oblast|province|governorate|voblast|krai|kray|prefecture|state"
_REGION_AFTER = re.compile(rf"^\s+(?:{REGION_WORDS})\b", re.IGNORECASE)
_REGION_SUFFIX = re.compile(rf"\s+(?:{REGION_WORDS})$", re.IGNORECASE)
_GENERIC_SUFFIX = re.compile(r"\s+(?:city|town|village|county|parish|district)$", re.I)
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
_COMMA_AFTER = re.compile(r"^\s*,\s*((?:[A-Z][\w.’'-]*\.?)(?:\s+[A-Z][\w.’'-]*\.?){0,2})")
# Words that name a kind of place, not a place: "Lake Manassas" may fall back to "Manassas",
# never to "Lake".
GENERIC_WORDS = frozenset(
    """
lake river mount mountains point park north south east west northern southern eastern western
central upper lower new old great little avenue street road st drive square bridge hotel club
golf school high middle elementary university college hospital airport international station
metro centre center village town city county parish district region province state office
church cathedral museum market complex area local government republic of the and
""".split()
)
_WORD = re.compile(r"[A-Z][A-Za-z]+(?:\s+[A-Z][A-Za-z]+)*")

FEATURES = (
    "log_pop",
    "country",
    "region",
    "district",
    "capital",
    "city",
    "town",
    "continent",
    "other",
    "q_alias",
    "q_alternate",
    "entity",
    "region_word",
    "within",
    "not_within",
    "ctx_country",
    "ctx_admin1",
    "top_country",
    "text_country",
    "near_50",
    "near_200",
    "near_1000",
    "in_region",
    "pop_share",
    "part",
    "cooccur",
)
# Fitted on the dev halves of GeoWebNews, LGL, TR-News and GeoVirus (each set weighing the
# same; docs/places.md). The fixed ones (entity, region_word, within, not_within) are too
# rare in those sets to fit and are set by hand: they are explicit statements of the text.
WEIGHTS: dict[str, float] = {
    "log_pop": 1.943,
    "country": 1.618,
    "region": 0.699,
    "district": -1.072,
    "capital": 0.536,
    "city": -0.203,
    "town": -1.755,
    "continent": 0.117,
    "other": 0.064,
    "q_alias": -0.882,
    "q_alternate": -1.297,
    "entity": 2.0,
    "region_word": 3.0,
    "within": 3.0,
    "not_within": -2.0,
    "ctx_country": 0.616,
    "ctx_admin1": 1.609,
    "top_country": 0.524,
    "text_country": 0.599,
    "near_50": 0.592,
    "near_200": 0.55,
    "near_1000": 0.475,
    "in_region": 0.305,
    "pop_share": 1.942,
    "part": 0.0,
    "cooccur": 0.457,
}
_KINDS = {"country", "region", "district", "city", "town", "continent"}
_LOCAL = frozenset({"district", "city", "town"})  # small enough for "near" to mean something
CELL_DEG = 0.5


@dataclass
class Candidate:
    """One gazetteer entry a name may stand for, with its features."""

    entry: Entry
    quality: int
    features: dict[str, float] = field(default_factory=dict)
    score: float = 0.0


@dataclass
class Name:
    """One distinct name of the article (its mentions share a reading) and its candidates."""

    key: str
    spans: list[int]  # indexes into the article's spans
    candidates: list[Candidate]
    containers: set[tuple[str, str | None]] = field(default_factory=set)  # "X, Y": Y's ids
    how: str = "name"  # how the candidates were found (see candidates_for)
    probs: list[float] = field(default_factory=list)

    @property
    def best(self) -> Candidate | None:
        if not self.candidates:
            return None
        return max(zip(self.probs, self.candidates, strict=True), key=lambda pc: pc[0])[1]


@dataclass
class Resolution:
    """The reading of one span: its entry (None when unresolved) and the model's confidence."""

    start: int
    end: int
    text: str
    entry: Entry | None
    confidence: float = 0.0
    options: tuple[Entry, ...] = ()  # every candidate that was weighed


def clean(surface: str) -> str:
    """A span's text as a name: no possessive, no line breaks."""
    return _POSSESSIVE.sub("", " ".join(surface.split())).strip()


def _as_candidates(found: Iterable[tuple[Entry, int]]) -> list[Candidate]:
    best: dict[int, Candidate] = {}
    for entry, quality in found:
        if entry.key not in best or quality < best[entry.key].quality:
            best[entry.key] = Candidate(entry, quality)
    ranked = sorted(best.values(), key=lambda c: (-c.entry.population, c.entry.key))
    return ranked[:MAX_CANDIDATES]


def regions_named_after(gaz: Gazetteer, base: str) -> list[tuple[Entry, int]]:
    """First-level regions called "X" or named after their city X (Gomel -> Gomel Oblast)."""
    found = [(e, q) for e, q in gaz.lookup(name_key(base)) if e.feature == "region"]
    for entry, quality in gaz.lookup(name_key(base)):
        if entry.feature in ("city", "town") and entry.country and entry.admin1:
            region = gaz.region(entry.country, entry.admin1)
            if region is not None:
                found.append((region, quality))
    return found


def part_candidates(gaz: Gazetteer, name: str) -> list[tuple[Entry, int]]:
    """For a name the gazetteer lacks ("Walker County Sheriff's Office", "Lake Manassas"):
    the candidates of its longest part that is a place name and not a generic word."""
    words = name.split()
    for size in range(len(words) - 1, 0, -1):
        for i in range(len(words) - size + 1):
            part = words[i : i + size]
            if not part[0][:1].isupper() or all(w.lower() in GENERIC_WORDS for w in part):
                continue
            # only a part's own or curated names: alternate names of parts are too loose
            found = [(e, q) for e, q in gaz.lookup(name_key(" ".join(part))) if q < Q_ALTERNATE]
            if found:
                return found
    return []


def candidates_for(gaz: Gazetteer, text: str, after: str) -> tuple[list[Candidate], str]:
    """Candidates for one name, and how they were found: "name", "region" ("X region",
    "Gomel Oblast"), "part" (a part of a longer name) or "" (not at all)."""
    name = clean(text)
    if all(w.lower() in GENERIC_WORDS for w in name.split()):
        return [], ""  # "the West", "Central": a direction or a kind, not a place
    suffix = _REGION_SUFFIX.search(name)
    if suffix or _REGION_AFTER.match(after):
        base = name[: suffix.start()] if suffix else name
        found = regions_named_after(gaz, base)
        if found:
            return _as_candidates(found + list(gaz.lookup(name_key(name)))), "region"
    found = list(gaz.lookup(name_key(name)))
    if not found and _GENERIC_SUFFIX.search(name):
        found = list(gaz.lookup(name_key(_GENERIC_SUFFIX.sub("", name))))
    if found:
        return _as_candidates(found), "name"
    found = part_candidates(gaz, name)
    return _as_candidates(found), "part" if found else ""


def containers_after(gaz: Gazetteer, after: str) -> set[tuple[str, str | None]]:
    """What "X, Y" puts X in: Y's country, and Y's region where Y is one."""
    match = _COMMA_AFTER.match(after)
    if not match:
        return set()
    words = match.group(1).split()
    for n in range(len(words), 0, -1):  # "Kan." or "West Virginia" or "Belarus"
        phrase = " ".join(words[:n])
        suffix = _REGION_SUFFIX.search(phrase)
        named = regions_named_after(gaz, phrase[: suffix.start()]) if suffix else []
        found = [
            e
            for e, _ in named or gaz.lookup(name_key(phrase))
            if e.feature in ("country", "region") and e.country
        ]
        if found:
            return {(e.country, e.admin1 if e.feature == "region" else None) for e in found}
    return set()


def _kind(entry: Entry) -> str:
    if entry.capital:
        return "capital"
    return entry.feature if entry.feature in _KINDS else "other"


def prior_features(
    cand: Candidate, entity_ids: set[str], how: str, containers: set[tuple[str, str | None]]
) -> dict[str, float]:
    """Evidence about one candidate from its own name and span alone."""
    e = cand.entry
    f = {"log_pop": math.log10(e.population + 1) / 7.0, _kind(e): 1.0}
    if cand.quality == 1:
        f["q_alias"] = 1.0
    elif cand.quality == 2:
        f["q_alternate"] = 1.0
    if e.entity_id and e.entity_id in entity_ids:
        f["entity"] = 1.0
    if how == "region" and e.feature == "region":
        f["region_word"] = 1.0
    if how == "part":
        f["part"] = 1.0
    if containers:
        inside = any(e.country == cc and (a1 is None or e.admin1 == a1) for cc, a1 in containers)
        f["within" if inside else "not_within"] = 1.0
    return f


def _score(features: dict[str, float], weights: dict[str, float]) -> float:
    return sum(weights.get(k, 0.0) * v for k, v in features.items())


def _softmax(scores: Sequence[float]) -> list[float]:
    top = max(scores)
    exps = [math.exp(s - top) for s in scores]
    total = sum(exps)
    return [x / total for x in exps]


@dataclass
class _Context:
    """What the other names of the article believe, as seen from one name."""

    country: dict[str, float]
    admin1: dict[tuple[str, str], float]
    regions: set[tuple[str, str]]
    anchors: list[tuple[float, float, float]]  # lat, lon, weight of others' best places


def _belief(names: list[Name], skip: Name) -> _Context:
    ctx = _Context(defaultdict(float), defaultdict(float), set(), [])
    for other in names:
        if other is skip or other.key == skip.key or not other.candidates:
            continue
        weight = 1.0 + math.log(len(other.spans))
        for p, cand in zip(other.probs, other.candidates, strict=True):
            e = cand.entry
            if e.country:
                ctx.country[e.country] += p * weight
            if e.country and e.admin1 and e.feature != "country":
                ctx.admin1[(e.country, e.admin1)] += p * weight
        best = other.best
        if best and best.entry.feature in ("region", "district") and max(other.probs) > 0.5:
            ctx.regions.add((best.entry.country or "", best.entry.admin1 or ""))
        if best and best.entry.feature not in ("country", "continent", "region"):
            ctx.anchors.append((best.entry.lat, best.entry.lon, max(other.probs)))
    return ctx


def context_features(cand: Candidate, ctx: _Context, text_countries: set[str]) -> dict[str, float]:
    """Evidence about one candidate from the rest of the article."""
    e = cand.entry
    f: dict[str, float] = {}
    if e.country:
        f["ctx_country"] = math.log1p(ctx.country.get(e.country, 0.0))
        if ctx.country and e.country == max(ctx.country, key=ctx.country.__getitem__):
            f["top_country"] = 1.0
        if e.country in text_countries:
            f["text_country"] = 1.0
    if e.country and e.admin1 and e.feature != "country":
        f["ctx_admin1"] = math.log1p(ctx.admin1.get((e.country, e.admin1), 0.0))
        if e.feature != "region" and (e.country, e.admin1) in ctx.regions:
            f["in_region"] = 1.0
    if e.feature not in ("country", "continent") and ctx.anchors:
        nearest = min(haversine_km(e.lat, e.lon, la, lo) for la, lo, _ in ctx.anchors)
        for km in (50, 200, 1000):
            if nearest <= km:
                f[f"near_{km}"] = 1.0
    return f


@cache
def _country_words() -> dict[str, str]:
    """Country names, aliases and demonyms of ``countries.toml``, to find in running text."""
    from wirewatch.knowledge import knowledge

    kb = knowledge()
    words = {
        alias: kb.entities[eid].country
        for alias, eid in kb.aliases.items()
        if eid.startswith("country/") and kb.entities[eid].country
    }
    words |= {d: kb.entities[eid].country for d, eid in kb.demonyms.items()}
    return {w: cc for w, cc in words.items() if cc}


def text_countries(text: str) -> set[str]:
    """Countries the article names anywhere, by name or demonym (capitalised phrases only)."""
    words = _country_words()
    found = set()
    for match in _WORD.finditer(text):
        tokens = match.group().split()
        for i in range(len(tokens)):
            for j in range(i + 1, min(len(tokens), i + 4) + 1):
                cc = words.get(" ".join(tokens[i:j]))
                if cc:
                    found.add(cc)
    return found


def build_names(
    text: str, spans: Sequence[tuple[int, int]], entity_ids: Sequence[str | None], gaz: Gazetteer
) -> list[Name]:
    """Group the spans by name and find each name's candidates and prior features."""
    groups: dict[str, Name] = {}
    ids_by_key: dict[str, set[str]] = defaultdict(set)
    for i, (start, end) in enumerate(spans):
        after = text[end : end + 40]
        cands, how = candidates_for(gaz, text[start:end], after)
        key = name_key(clean(text[start:end])) + ("#region" if how == "region" else "")
        name = groups.setdefault(key, Name(key, [], cands, how=how))
        name.spans.append(i)
        name.containers |= containers_after(gaz, after)
        if entity_ids[i]:
            ids_by_key[key].add(entity_ids[i])
            _add_entity_candidate(name, entity_ids[i], gaz)
    names = list(groups.values())
    for name in names:
        top = max((c.entry.population for c in name.candidates), default=0)
        for cand in name.candidates:
            cand.features = prior_features(cand, ids_by_key[name.key], name.how, name.containers)
            cand.features["pop_share"] = math.log10((cand.entry.population + 1) / (top + 1)) / 7
    add_cooccurrence(names)
    return names


def _cell(entry: Entry) -> tuple[int, int]:
    return int(math.floor(entry.lat / CELL_DEG)), int(math.floor(entry.lon / CELL_DEG))


def add_cooccurrence(names: list[Name]) -> None:
    """How many other names *could* lie near each candidate, whatever they are read as.

    The local paper's "Paris" and "Henry County" are both ambiguous, but only Paris,
    Tennessee has a Henry County next to it. Neighbourhoods are grid cells of CELL_DEG
    degrees and the 8 around them (about 60 to 150 km), so this stays linear in candidates.
    """
    cells = []
    for name in names:
        cells.append({_cell(c.entry) for c in name.candidates if c.entry.feature in _LOCAL})
    for own, name in zip(cells, names, strict=True):
        others = [c for c in cells if c is not own]
        for cand in name.candidates:
            if cand.entry.feature not in _LOCAL:
                continue
            y, x = _cell(cand.entry)
            near = {(y + dy, x + dx) for dy in (-1, 0, 1) for dx in (-1, 0, 1)}
            count = sum(1 for other in others if other & near)
            if count:
                cand.features["cooccur"] = math.log1p(count)


def _add_entity_candidate(name: Name, entity_id: str, gaz: Gazetteer) -> None:
    entry = gaz.by_entity(entity_id)
    if entry is not None and all(c.entry.key != entry.key for c in name.candidates):
        name.candidates.append(Candidate(entry, 1))


def rank(names: list[Name], countries: set[str], weights: dict[str, float]) -> None:
    """Score every candidate: prior first, then rounds of article evidence."""
    for name in names:
        for cand in name.candidates:
            cand.score = _score(cand.features, weights)
        name.probs = _softmax([c.score for c in name.candidates]) if name.candidates else []
    for _ in range(ROUNDS):
        contexts = [_belief(names, name) for name in names]
        for name, ctx in zip(names, contexts, strict=True):
            for cand in name.candidates:
                cand.score = _score(
                    {**cand.features, **context_features(cand, ctx, countries)}, weights
                )
            name.probs = _softmax([c.score for c in name.candidates]) if name.candidates else []


def resolve_toponyms(
    text: str,
    spans: Sequence[tuple[int, int]],
    entity_ids: Sequence[str | None] | None = None,
    countries: Iterable[str] = (),
    gaz: Gazetteer | None = None,
    weights: dict[str, float] | None = None,
) -> list[Resolution]:
    """Resolve place-name spans of one article (character offsets into ``text``), in order.

    ``entity_ids`` (one per span, or None) are the entity ruler's ids, which favour the
    entry linked to them; ``countries`` adds ISO codes the caller knows the article is
    about (e.g. from its entity mentions) to those the text itself names.
    """
    gaz = gaz or gazetteer()
    entity_ids = list(entity_ids) if entity_ids is not None else [None] * len(spans)
    names = build_names(text, spans, entity_ids, gaz)
    rank(names, text_countries(text) | set(countries), weights or WEIGHTS)
    out: list[Resolution | None] = [None] * len(spans)
    for name in names:
        best = name.best
        for i in name.spans:
            start, end = spans[i]
            out[i] = Resolution(
                start,
                end,
                text[start:end],
                best.entry if best else None,
                max(name.probs) if name.probs else 0.0,
                tuple(c.entry for c in name.candidates),
            )
    return [r for r in out if r is not None]
