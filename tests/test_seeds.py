"""The canonical demo: what a reader expects from the two seed reports (EXPECTED.md)."""

from __future__ import annotations

from collections import defaultdict

import pytest

from tests.conftest import SEED_000, SEED_003


@pytest.fixture(scope="module")
def mentions_by_text(seed_tables, seed_articles):
    """(seed file name, mention text) -> set of entity ids."""
    names = {a["id"]: name for name, a in seed_articles.items()}
    found = defaultdict(set)
    for m in seed_tables["mentions"]:
        found[(names[m["article_id"]], m["text"])].add(m["entity_id"])
    return found


@pytest.fixture(scope="module")
def entity(seed_tables):
    by_id = {e["id"]: e for e in seed_tables["entities"]}
    return by_id.__getitem__


def only(ids: set[str]) -> str:
    assert len(ids) == 1, ids
    return next(iter(ids))


def test_two_articles_and_the_header_date(seed_articles):
    assert set(seed_articles) == {SEED_000, SEED_003}
    a000, a003 = seed_articles[SEED_000], seed_articles[SEED_003]
    assert a000["published"] == "2022-02-03"
    assert a000["text"].startswith("On Thursday, NATO Secretary-General Jens Stoltenberg")
    assert "date 2022" not in a000["text"]
    assert a003["published"] is None  # never today's date
    assert a003["published_inferred"] is True
    first, last = a003["published_window"]
    assert "2022-02-04" <= first <= "2022-02-07" <= last


def test_offsets_point_at_the_text(seed_tables, seed_articles):
    texts = {a["id"]: a["text"] for a in seed_articles.values()}
    for m in seed_tables["mentions"]:
        text = texts[m["article_id"]]
        assert text[m["start"] : m["end"]] == m["text"]
        assert m["text"] in m["sentence"]
        assert m["sentence"] in text


def test_stoltenberg_is_one_entity_across_both_articles(mentions_by_text, entity):
    stoltenberg = only(mentions_by_text[(SEED_000, "Jens Stoltenberg")])
    assert entity(stoltenberg)["type"] == "PERSON"
    assert entity(stoltenberg)["articles"] == 2
    for key in [
        (SEED_000, "Stoltenberg"),
        (SEED_000, "the NATO chief"),
        (SEED_000, "NATO Secretary-General"),
        (SEED_003, "Jens Stoltenberg"),
        (SEED_003, "Stoltenberg"),
        (SEED_003, "The NATO boss"),
    ]:
        assert mentions_by_text[key] == {stoltenberg}, key


def test_maxar_is_an_organisation(mentions_by_text, entity):
    maxar = only(mentions_by_text[(SEED_003, "Maxar Technologies")])
    assert entity(maxar)["type"] == "ORG"
    assert entity(maxar)["country"] == "US"


def test_weapon_systems(mentions_by_text, entity):
    iskander = only(mentions_by_text[(SEED_000, "Iskander")])
    assert mentions_by_text[(SEED_003, "SS26 Iskander")] == {iskander} or (
        mentions_by_text[(SEED_003, "SS26")] == {iskander}
    )
    assert entity(iskander)["type"] == "WEAPON"
    s400 = only(mentions_by_text[(SEED_000, "S-400")])
    assert mentions_by_text[(SEED_003, "S-400")] == {s400}
    assert entity(s400)["type"] == "WEAPON"
    su25 = only(mentions_by_text[(SEED_003, "Su-25")])
    assert entity(su25)["type"] == "WEAPON"


def test_kyiv_and_kiev_are_one_entity(mentions_by_text, seed_tables):
    kyiv = only(mentions_by_text[(SEED_000, "Kyiv")])
    assert mentions_by_text[(SEED_003, "Kiev")] == {kyiv}
    refuted = [m for m in seed_tables["mentions"] if m["text"] == "Kyiv"]
    assert refuted[0]["stands_for"] == "gov/ua"  # "Kyiv refuted the charge"


def test_metonyms_and_people(mentions_by_text, entity):
    assert mentions_by_text[(SEED_003, "Kremlin")] == {"gov/ru"} or (
        mentions_by_text[(SEED_003, "the Kremlin")] == {"gov/ru"}
    )
    assert entity(only(mentions_by_text[(SEED_003, "Crimea")]))["type"] == "PLACE"
    for seed, name in [
        (SEED_000, "Sergei Shoigu"),
        (SEED_000, "Alexander Lukashenko"),
        (SEED_000, "Oleg Nikolenko"),
        (SEED_003, "Andrzej Duda"),
        (SEED_003, "Vladimir Putin"),
        (SEED_000, "Joe Biden"),
    ]:
        assert entity(only(mentions_by_text[(seed, name)]))["type"] == "PERSON", name
    putin = only(mentions_by_text[(SEED_003, "Vladimir Putin")])
    assert mentions_by_text[(SEED_003, "Putin")] == {putin}
    assert entity(only(mentions_by_text[(SEED_003, "Xi")]))["name"] == "Xi Jinping"


def test_entity_ids_are_stable_names(seed_tables):
    ids = {e["id"] for e in seed_tables["entities"]}
    assert {"country/ru", "country/by", "country/ua", "org/nato"} <= ids
