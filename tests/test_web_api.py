"""The JSON API and the server-rendered pages, through FastAPI's test client.

On the seeds (what the pipeline really stores) and on a small database of hand-built
events, forces, statements and a cluster (tests/webdata.py), where every filter has a known
answer.
"""

from __future__ import annotations

import html
import re
import shutil
import threading

import pytest
import webdata
from fastapi.testclient import TestClient

from wirewatch.outputs import export
from wirewatch.records import Article, ArticleResult
from wirewatch.store.db import connect, save_result
from wirewatch.web import create_app

KINDS = tuple(export.TABLES)
# EXPECTED.md: the towns of the build-up, with their approximate coordinates.
SEED_TOWNS = {
    "Minsk": (53.90, 27.57),
    "Yelsk": (51.81, 29.15),
    "Rechitsa": (52.36, 30.39),
    "Luninets": (52.25, 26.80),
}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    db = tmp_path_factory.mktemp("web") / "events.db"
    ids = webdata.build(db)
    return db, ids


@pytest.fixture(scope="module")
def api(built):
    with TestClient(create_app(built[0])) as client:
        yield client


@pytest.fixture(scope="module")
def ids(built):
    return built[1]


@pytest.fixture(scope="module")
def seed_api(seed_db):
    with TestClient(create_app(seed_db)) as client:
        yield client


def get(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code, response.text[:500])
    return response.json() if "json" in response.headers["content-type"] else response.text


def every_item(client, url):
    """All items of a listing, page by page."""
    items, offset = [], 0
    while offset is not None:
        sep = "&" if "?" in url else "?"
        page = get(client, f"{url}{sep}limit=2&offset={offset}")
        assert len(page["items"]) <= 2
        items += page["items"]
        offset = page["next_offset"]
    return items


# --- every endpoint, on both databases --------------------------------------------------------


def test_index_counts_every_kind(api, built):
    counts = get(api, "/api/")["counts"]
    conn = connect(built[0], readonly=True)
    for kind in KINDS:
        assert counts[kind] == conn.execute(f"SELECT COUNT(*) FROM {kind}").fetchone()[0]
    assert counts["events"] == 4 and counts["clusters"] == 1


def _key(kind, record):
    if kind == "mentions":
        return (record["article_id"], record["start"], record["end"], record["entity_id"])
    if kind in ("timexes", "places"):
        return (record["article_id"], record["start"], record["end"])
    return record["id"]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("database", ["built", "seeds"])
def test_listing_holds_the_export_records(kind, database, api, built, seed_api, seed_db):
    """Each endpoint lists every record of its kind, with the exported fields and values."""
    client, db = (api, built[0]) if database == "built" else (seed_api, seed_db)
    conn = connect(db, readonly=True)
    exported = {_key(kind, r): r for r in export.TABLES[kind](conn)}
    listed = {_key(kind, r): r for r in every_item(client, f"/api/{kind}")}
    assert listed.keys() >= exported.keys()
    # The API also lists entities no mention names (a force's owner, say), with 0 mentions.
    assert all(listed[k]["mentions"] == 0 for k in listed.keys() - exported.keys())
    for key, record in exported.items():
        item = listed[key]
        for field, value in record.items():
            if field in ("lat", "lon") and value is not None:
                assert item[field] == pytest.approx(value)
            else:
                assert item[field] == value, (kind, key, field)


def test_pages_walk_without_gaps_or_repeats(seed_api):
    everything = get(seed_api, "/api/mentions?limit=1000")
    assert everything["next_offset"] is None
    walked = every_item(seed_api, "/api/mentions")
    assert walked == everything["items"]
    first = get(seed_api, "/api/mentions?limit=5")
    assert first["next_offset"] == 5 and len(first["items"]) == 5
    beyond = get(seed_api, "/api/mentions?offset=100000")
    assert beyond["items"] == [] and beyond["next_offset"] is None


def test_single_records(api, ids):
    assert get(api, "/api/articles/art1")["title"] == "Belarus accuses Ukraine "
    assert get(api, "/api/entities/person/sergei-shoigu")["mentions"] == 2
    assert get(api, f"/api/events/{ids['denial']}")["responds_to"] == ids["accusation"]
    assert get(api, f"/api/clusters/{ids['cluster']}")["events"] == ids["talks"]


# --- filters ---------------------------------------------------------------------------------


def event_ids(client, query):
    return {e["id"] for e in get(client, f"/api/events?{query}")["items"]}


def test_event_filters(api, ids):
    accusation, denial, talks = ids["accusation"], ids["denial"], set(ids["talks"])
    assert event_ids(api, "type=ACCUSE") == {accusation}
    assert event_ids(api, "type=accuse&type=REJECT") == {accusation, denial}
    assert event_ids(api, "mode=claimed") == {accusation}
    assert event_ids(api, "status=contested") == {accusation, denial}
    assert event_ids(api, "status=corroborated") == talks
    assert event_ids(api, "status=single_source") == set()
    assert event_ids(api, "actor=person/sergei-shoigu") == talks
    assert event_ids(api, "recipient=country/ua") == {accusation}
    assert event_ids(api, "entity=country/ua") == {accusation, denial}
    assert event_ids(api, "place=625144") == {accusation} | talks
    assert event_ids(api, "article_id=art2") == {ids["talks"][1]}
    assert event_ids(api, f"cluster={ids['cluster']}") == talks
    # Dates: the accusation spans January; an undated event takes its article's date.
    assert event_ids(api, "until=2022-01-10") == {accusation}
    assert event_ids(api, "since=2022-01-21") == {ids["talks"][1]}
    assert event_ids(api, "since=2022-01-20&until=2022-01-20") == {accusation, denial} | {
        ids["talks"][0]
    }


def test_event_records_carry_names_places_and_status(api, ids):
    page = get(api, "/api/events?type=ACCUSE")
    (event,) = page["items"]
    assert event["mode"] == "claimed" and event["claimed_by"] == "country/by"
    assert event["status"] == "contested"
    assert event["place_name"] == "Minsk" and event["lat"] == pytest.approx(53.90019)
    assert page["entities"]["country/ua"]["name"] == "Ukraine"
    assert event["sentence"].startswith("Belarus accused Ukraine")


def test_event_sorting(api):
    dates = [e["first"] or e["published"] for e in get(api, "/api/events?sort=date")["items"]]
    assert dates == sorted(dates)
    firsts = [e["first"] for e in get(api, "/api/events")["items"]]  # newest first
    assert firsts == sorted(firsts, key=lambda d: d or "", reverse=True)
    types = [e["type"] for e in get(api, "/api/events?sort=-type")["items"]]
    assert types == sorted(types, reverse=True)


def test_other_filters(api):
    forces = get(api, "/api/forces?owner=country/ru&kind=aircraft")["items"]
    assert [(f["count"], f["system"], f["place_name"]) for f in forces] == [
        (12, "weapon/su-25", "Luninyets")
    ]
    assert [f["count"] for f in get(api, "/api/forces?place=630336")["items"]] == [30000]
    assert len(get(api, "/api/statements?speaker=org/nato&about=country/by")["items"]) == 1
    assert get(api, "/api/statements?about=country/ua")["items"] == []
    mentions = get(api, "/api/mentions?entity_id=country/ua")["items"]
    assert {m["text"] for m in mentions} == {"Ukraine"} and len(mentions) == 2
    assert len(get(api, "/api/places?geonameid=625144")["items"]) == 4
    assert get(api, "/api/places?country=by&feature=country")["items"][0]["name"] == "Belarus"
    articles = get(api, "/api/articles?duplicates=false&text=false")["items"]
    assert [a["id"] for a in articles] == ["art1", "art2"]
    assert all(a["text"] is None for a in articles)
    assert [a["id"] for a in get(api, "/api/articles?place=625818")["items"]] == ["art2"]
    assert [a["id"] for a in get(api, "/api/articles?since=2022-01-21&until=2022-01-21")["items"]]
    assert [e["id"] for e in get(api, "/api/entities?type=person")["items"]] == [
        "person/sergei-shoigu"
    ]
    assert [e["id"] for e in get(api, "/api/entities?name=krai")["items"]] == ["country/ua"]
    assert [c["id"] for c in get(api, "/api/clusters?status=corroborated")["items"]] == ["cl-talks"]
    assert get(api, "/api/clusters?type=ACCUSE")["items"] == []


def test_map_markers_count_sources_once_per_story(api):
    markers = {f["properties"]["name"]: f for f in get(api, "/api/map")["features"]}
    minsk = markers["Minsk"]["properties"]
    # Reported by art1, art2 and art3, but art3 is a copy of art1: two sources.
    assert minsk["sources"] == 2
    assert minsk["event_types"] == {"CONSULT": 2, "ACCUSE": 1}
    assert minsk["top_type"] == "CONSULT"
    assert markers["Minsk"]["geometry"]["coordinates"] == pytest.approx([27.56653, 53.90019])
    assert markers["Luninyets"]["properties"]["forces"] == 1
    # An event-type filter keeps only the places where such events happened.
    accused = get(api, "/api/map?type=ACCUSE")["features"]
    assert [f["properties"]["name"] for f in accused] == ["Minsk"]
    assert accused[0]["properties"]["events"] == 1


def test_map_on_the_seeds_marks_the_towns_of_the_build_up(seed_api):
    features = get(seed_api, "/api/map")["features"]
    for town, (lat, lon) in SEED_TOWNS.items():
        near = [
            f
            for f in features
            if abs(f["geometry"]["coordinates"][1] - lat) < 0.1
            and abs(f["geometry"]["coordinates"][0] - lon) < 0.1
        ]
        assert near, f"no marker at {town}"
        assert near[0]["properties"]["sources"] >= 1


def test_timeline_counts_clusters_forces_and_articles(api):
    days = {d["day"]: d for d in get(api, "/api/timeline")}
    assert days["2022-01-01"]["events"] == 1  # the accusation (January)
    # The denial and the talks (a cluster) on the 20th; the second report of the same
    # talks on the 21st is the same cluster again.
    assert days["2022-01-20"]["events"] == 2
    assert days["2022-01-21"]["events"] == 1
    assert days["2022-01-20"]["forces"] == 1 and days["2022-01-21"]["forces"] == 1
    assert days["2022-01-20"]["articles"] == 1
    assert "2022-01-22" not in days  # the copy published that day is not another article
    only_accusations = get(api, "/api/timeline?type=ACCUSE")
    assert sum(d["events"] for d in only_accusations) == 1
    assert sum(d["forces"] for d in only_accusations) == 0


def test_contested_pairs_claim_and_denial(api, ids):
    data = get(api, "/api/contested")
    assert [(p["claim"]["id"], [d["id"] for d in p["denials"]]) for p in data["items"]] == [
        (ids["accusation"], [ids["denial"]])
    ]
    assert data["entities"]["country/by"]["name"] == "Belarus"
    assert len(get(api, "/api/contested?type=REJECT")["items"]) == 1
    assert get(api, "/api/contested?type=CONSULT")["items"] == []


def test_search_finds_articles_and_statements(api, seed_api):
    found = get(api, "/api/search?q=shoigu talks")
    assert {a["id"] for a in found["articles"]["items"]} == {"art1", "art2", "art3"}
    assert "\x02" in found["articles"]["items"][0]["snippet"]
    said = get(api, "/api/search?q=troops")["statements"]["items"]
    assert [s["speaker"] for s in said] == ["org/nato"]
    seeds = get(seed_api, "/api/search?q=Iskander")["articles"]["items"]
    assert len(seeds) == 2
    # FTS5 syntax in the input is read as plain words, never as a query error.
    for text in ['"unbalanced', "NEAR(a b", "*", "title:x OR", "a AND", "'; DROP TABLE"]:
        get(api, f"/api/search?q={text}")


def test_facets_offer_what_the_store_holds(api):
    facets = get(api, "/api/facets")
    assert facets["types"] == ["ACCUSE", "CONSULT", "REJECT"]
    assert {a["id"] for a in facets["actors"]} >= {"country/by", "person/sergei-shoigu"}
    assert (facets["first"], facets["last"]) == ("2022-01-20", "2022-01-22")


# --- bad requests: a clear 4xx, never a 500 --------------------------------------------------

BAD = [
    ("/api/events?typo=1", 400, "unknown query parameter 'typo'"),
    ("/api/events?limit=0", 422, "limit"),
    ("/api/events?limit=100000", 422, "limit"),
    ("/api/events?offset=-1", 422, "offset"),
    ("/api/events?since=yesterday", 422, "since"),
    ("/api/events?since=2022-02-30", 400, "since must be a date"),
    ("/api/events?since=2022-03-01&until=2022-02-01", 400, "is after until"),
    ("/api/events?sort=first;DROP TABLE events", 400, "unknown sort"),
    ("/api/events?sort=rowid", 400, "unknown sort"),
    ("/api/events?mode=rumoured", 422, "mode"),
    ("/api/events?status=true", 422, "status"),
    ("/api/events?type=ACCUSE<script>", 400, "type"),
    ("/api/events?place=Minsk", 422, "place"),
    ("/api/map?place=-5", 422, "place"),
    ("/api/timeline?until=2022-1-1", 422, "until"),
    ("/api/articles?duplicates=maybe", 422, "duplicates"),
    ("/api/entities?country=BLR", 422, "country"),
    ("/api/entities?sort=-evil", 400, "unknown sort"),
    ("/api/places?geonameid=x", 422, "geonameid"),
    ("/api/timexes?kind=century", 422, "kind"),
    ("/api/statements?kind=shouted", 422, "kind"),
    ("/api/forces?since=2022-02-31", 400, "since"),
    ("/api/search", 422, "q"),
    ("/api/search?q=", 422, "q"),
    ("/api/search?q=" + "x" * 600, 422, "q"),
    ("/api/articles/nope", 404, "no article"),
    ("/api/entities/person/nobody", 404, "no entity"),
    ("/api/events/ev-0", 404, "no event"),
    ("/api/clusters/none", 404, "no cluster"),
    ("/api/nothing", 404, "Not Found"),
]


@pytest.mark.parametrize(("url", "status", "says"), BAD)
def test_bad_requests_get_a_clear_4xx(api, url, status, says):
    body = get(api, url, status)
    assert isinstance(body["detail"], str) and says in body["detail"]


# --- pages -----------------------------------------------------------------------------------


def focus_text(page: str) -> str:
    pieces = re.findall(r'<span class="hl [^"]*k-focus [^"]*"[^>]*>(.*?)</span>', page, re.S)
    return html.unescape("".join(pieces))


def test_article_page_marks_every_record_and_the_chosen_sentence(api, ids):
    page = get(api, f"/article/art1?event={ids['accusation']}")
    for kind in ("mention", "place", "statement", "claim", "event", "force"):
        assert f"k-{kind}" in page, kind
    event = get(api, f"/api/events/{ids['accusation']}")
    assert focus_text(page) == event["sentence"]
    mention = get(api, "/api/places?geonameid=625818")["items"][0]
    page = get(api, f"/article/art2?start={mention['start']}&end={mention['end']}")
    assert focus_text(page) == "Luninets"
    assert "original" in page and 'href="https://example.org/a1"' not in page


def test_article_page_shows_claim_and_denial_side_by_side(api):
    page = get(api, "/article/art1")
    pair = page[page.index('<div class="pair">') :]
    assert pair.index('class="side claim"') < pair.index('class="side denial"')
    assert "claim by Belarus" in page


def test_entity_and_search_pages(api, seed_api):
    page = get(api, "/entity/person/sergei-shoigu")
    assert "Events as actor" in page and page.count('data-event="') == 2
    assert "Sergei Shoigu" in page and "Named with" in page
    nato = get(api, "/entity/org/nato")
    assert "some 30,000 Russian troops are now in Belarus." in nato
    stoltenberg = get(seed_api, "/entity/person/jens-stoltenberg")
    for alias in ("NATO Secretary-General", "The NATO boss"):
        assert alias in stoltenberg
    assert "Secretary General of NATO: 2014-10-01" in stoltenberg  # the role, from data
    found = get(seed_api, "/search?q=Iskander")
    assert found.count("<mark>Iskander</mark>") >= 2
    assert get(api, "/article/nope", 404).startswith("<!doctype html>")
    assert "No entity" in get(api, "/entity/nobody", 404)


def test_dashboard_page_and_docs(seed_api):
    response = seed_api.get("/?type=ACCUSE&place=625144")
    assert response.status_code == 200
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert '<option value="625144" selected>' in response.text
    docs = get(seed_api, "/docs")
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in docs
    assert not re.search(r"(src|href)=\"https?:", docs)
    paths = get(seed_api, "/openapi.json")["paths"]
    for kind in KINDS:
        assert f"/api/{kind}" in paths
    assert {"/api/map", "/api/timeline", "/api/search", "/api/contested"} <= set(paths)


def test_no_page_or_asset_loads_anything_from_outside(seed_api):
    for url in ("/", "/article/5987703cdcaab570", "/entity/country/by", "/search?q=NATO"):
        page = get(seed_api, url)
        assert not re.search(r"(src|href)=\"(https?:)?//", page), url


# --- reading while ingest writes -------------------------------------------------------------


def test_serves_while_another_process_writes(built, tmp_path):
    db = tmp_path / "busy.db"
    shutil.copy(built[0], db)
    stop = threading.Event()
    written = []

    def writer():
        conn = connect(db)
        n = 0
        while not stop.is_set() and n < 400:
            n += 1
            text = f"Report {n}: troops moved near Minsk. " * 20
            save_result(conn, ArticleResult(Article(id=f"w{n}", text=text, published="2022-02-01")))
            written.append(n)
        conn.close()

    thread = threading.Thread(target=writer)
    with TestClient(create_app(db)) as client:
        thread.start()
        try:
            for _ in range(40):
                for url in ("/api/articles?text=false&limit=5", "/api/map", "/api/timeline"):
                    assert client.get(url).status_code == 200
        finally:
            stop.set()
            thread.join()
        assert written
        assert get(client, "/api/")["counts"]["articles"] == 3 + len(written)
