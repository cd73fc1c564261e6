"""Force postures: the seed reports (EXPECTED.md's Forces table), every count shape, owners,
places, dates and sources in crafted sentences, and what must not become a force."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import SEED_000, SEED_003
from wirewatch.cli import seed_paths
from wirewatch.extract.entities import extract_entities
from wirewatch.extract.forces import Count, extract_forces, lexicon, parse_count
from wirewatch.extract.places import extract_places
from wirewatch.extract.statements import extract_statements
from wirewatch.extract.time import extract_timexes
from wirewatch.ingest import read_inputs
from wirewatch.nlp import parse
from wirewatch.pipeline import date_undated
from wirewatch.records import Article, Force, RawArticle, Statement, record_id

BELARUS, UKRAINE, POLAND, GERMANY, ROMANIA = 630336, 690791, 798544, 2921044, 798549
YELSK = 619598


def run(article: Article, *, with_statements: bool = True, statements=None) -> list[Force]:
    """The forces of one article, through the stages that feed the forces stage."""
    doc = next(parse([article.text]))
    date_undated(doc, article)
    _, mentions = extract_entities(doc, article)
    timexes = extract_timexes(doc, article)
    places = extract_places(doc, article, mentions)
    if statements is None:
        statements = extract_statements(doc, article, mentions) if with_statements else []
    return extract_forces(doc, article, mentions, timexes, places, statements)


def forces_of(text: str, published: str = "2022-02-03", **kwargs) -> list[Force]:
    return run(Article(id="test", text=text, published=published), **kwargs)


def one(text: str, **kwargs) -> Force:
    found = forces_of(text, **kwargs)
    assert len(found) == 1, [f.text for f in found]
    return found[0]


# --- The seed reports -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_forces() -> dict[str, dict[str, Force]]:
    """Seed file name -> the text of each force -> the force."""
    raws = [r for r in read_inputs([str(p) for p in seed_paths()]) if isinstance(r, RawArticle)]
    found = {}
    for raw in raws:
        article = Article.from_raw(raw)
        found[Path(raw.origin.path).name] = {f.text: f for f in run(article)}
    return found


def test_seed_000_has_exactly_the_expected_forces(seed_forces):
    assert set(seed_forces[SEED_000]) == {
        "some 30,000 combat troops",
        "Iskander short-range ballistic missiles",
        "S-400 ground-to-air missile defence systems",
        "2,000 US troops",
        "1,000 more troops",
    }


def test_seed_000_some_30000_russian_troops_in_belarus_per_stoltenberg(seed_forces):
    f = seed_forces[SEED_000]["some 30,000 combat troops"]
    assert (f.kind, f.owner, f.system) == ("troops", "country/ru", None)
    assert (f.count, f.count_low, f.count_high, f.approx) == (30_000, None, None, True)
    assert (f.place, f.place_text) == (BELARUS, "in Belarus")
    assert (f.first, f.last) == ("2022-02-03", "2022-02-03")  # "On Thursday"
    assert f.claimed_by == "person/jens-stoltenberg"
    assert f.statement_id is not None


@pytest.mark.parametrize(
    ("text", "system", "kind"),
    [
        ("Iskander short-range ballistic missiles", "weapon/iskander", "missiles"),
        ("S-400 ground-to-air missile defence systems", "weapon/s-400", "air_defence"),
    ],
)
def test_seed_000_s400_and_iskander_present_in_belarus_per_stoltenberg(
    seed_forces, text, system, kind
):
    f = seed_forces[SEED_000][text]
    assert (f.system, f.kind, f.owner) == (system, kind, "country/ru")
    assert (f.count, f.count_low, f.count_high, f.approx) == (None, None, None, False)
    assert f.place == BELARUS  # "into Belarus", two sentences before, same report
    assert f.claimed_by == "person/jens-stoltenberg"  # "..., the NATO chief claimed"


def test_seed_000_us_troops_to_poland_and_germany_and_from_germany_to_romania(seed_forces):
    sent = seed_forces[SEED_000]["2,000 US troops"]
    assert (sent.owner, sent.kind, sent.count, sent.count_low, sent.count_high) == (
        "country/us",
        "troops",
        2000,
        2000,
        2000,
    )
    assert not sent.approx
    assert (sent.place, sent.place_text, sent.origin_place) == (
        POLAND,
        "to Poland and Germany",
        None,
    )
    moved = seed_forces[SEED_000]["1,000 more troops"]
    assert (moved.owner, moved.count, moved.place, moved.origin_place) == (
        "country/us",
        1000,
        ROMANIA,
        GERMANY,
    )
    # Stoltenberg welcomed the decision; he is not the source of the figures.
    assert sent.claimed_by is None and moved.claimed_by is None


def test_seed_003_more_than_100000_russian_troops_near_ukraines_borders(seed_forces):
    f = seed_forces[SEED_003]["more than 100,000 Russian troops"]
    assert (f.owner, f.kind) == ("country/ru", "troops")
    assert (f.count, f.count_low, f.count_high, f.approx) == (100_000, 100_000, None, False)
    assert (f.place, f.place_text) == (UKRAINE, "near Ukraine’s borders")
    assert f.claimed_by is None  # the article's own statement, not Stoltenberg's warning


def test_seed_003_15_su25_near_yelsk_rechitsa_luninets_on_feb_4_per_maxar(seed_forces):
    f = seed_forces[SEED_003]["15 Su-25 ground attack aircraft"]
    assert (f.owner, f.kind, f.system) == ("country/ru", "aircraft", "weapon/su-25")
    assert (f.count, f.count_low, f.count_high, f.approx) == (15, 15, 15, False)
    assert f.place == YELSK
    assert f.place_text == "near Yelsk, Rechitsa and Luninets"
    assert (f.first, f.last) == ("2022-02-04", "2022-02-04")
    assert f.claimed_by == "org/maxar-technologies"


def test_seed_003_s400_and_iskander_seen_by_maxar(seed_forces):
    forces = seed_forces[SEED_003]
    assert set(forces) == {
        "more than 100,000 Russian troops",
        "15 Su-25 ground attack aircraft",
        "S-400 air defence system",
        "SS26 Iskander missiles",
    }
    for text, system in [
        ("S-400 air defence system", "weapon/s-400"),
        ("SS26 Iskander missiles", "weapon/iskander"),
    ]:
        f = forces[text]
        assert (f.system, f.owner, f.count) == (system, "country/ru", None)
        assert (f.place, f.claimed_by) == (YELSK, "org/maxar-technologies")


def test_seed_s400_is_claimed_in_one_report_and_seen_in_the_other(seed_forces):
    """Stoltenberg's claim (000) and Maxar's imagery (003): two sources for one posture."""
    sources = {
        (f.system, f.owner, f.claimed_by)
        for forces in seed_forces.values()
        for f in forces.values()
        if f.system == "weapon/s-400"
    }
    assert sources == {
        ("weapon/s-400", "country/ru", "person/jens-stoltenberg"),
        ("weapon/s-400", "country/ru", "org/maxar-technologies"),
    }


def test_seed_provenance(seed_forces):
    for forces in seed_forces.values():
        for f in forces.values():
            article_text = f.sentence  # the sentence is a slice of the text
            assert f.text == article_text[f.start - f.sentence_start : f.end - f.sentence_start]
            assert f.sentence_start <= f.start < f.end <= f.sentence_end
            assert f.id == record_id("fo", f.article_id, f.start, f.end)


# --- How many ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("30,000", Count(30_000, 30_000, 30_000, False)),
        ("some 30,000", Count(30_000, None, None, True)),
        ("about 40", Count(40, None, None, True)),
        ("roughly 150,000", Count(150_000, None, None, True)),
        ("an estimated 190,000", Count(190_000, None, None, True)),
        ("more than 100,000", Count(100_000, 100_000, None, False)),
        ("at least 12", Count(12, 12, None, False)),
        ("up to 40", Count(40, None, 40, False)),
        ("nearly 2,000", Count(2000, None, 2000, True)),
        ("as many as 175,000", Count(175_000, None, 175_000, False)),
        ("between 5,000 and 7,000", Count(None, 5000, 7000, False)),
        ("5,000 - 7,000", Count(None, 5000, 7000, False)),
        ("two or three", Count(None, 2, 3, False)),
        ("two", Count(2, 2, 2, False)),
        ("thirty - five", Count(35, 35, 35, False)),
        ("two hundred and fifty", Count(250, 250, 250, False)),
        ("a dozen", Count(12, 12, 12, False)),
        ("two dozen", Count(24, 24, 24, False)),
        ("1.5 million", Count(1_500_000, 1_500_000, 1_500_000, False)),
        ("dozens", Count(None, 24, None, True)),
        ("thousands", Count(None, 2000, None, True)),
        ("tens of thousands", Count(None, 20_000, None, True)),
        ("hundreds of thousands", Count(None, 200_000, None, True)),
        ("several hundred", Count(None, 300, 900, True)),
        ("a few", Count(None, 2, 9, True)),
        ("1,000 or so", Count(1000, None, None, True)),
    ],
)
def test_count_shapes(words, expected):
    assert parse_count(words.split()) == expected


@pytest.mark.parametrize("words", ["some", "more than", "the", "percent", "0", "50 billion"])
def test_no_count(words):
    assert parse_count(words.split()) is None


@pytest.mark.parametrize(
    ("text", "phrase", "kind", "count", "low", "high", "approx"),
    [
        (
            "Russia has massed dozens of tanks near the border.",
            "dozens of tanks",
            "armour",
            None,
            24,
            None,
            True,
        ),
        (
            "Tens of thousands of Russian troops took part in the exercise.",
            "Tens of thousands of Russian troops",
            "troops",
            None,
            20_000,
            None,
            True,
        ),
        (
            "A 1,000-strong contingent of British troops arrived in Estonia.",
            "1,000-strong contingent",
            "troops",
            1000,
            1000,
            1000,
            False,
        ),
        (
            "The US will send between 5,000 and 7,000 soldiers to Poland.",
            "between 5,000 and 7,000 soldiers",
            "troops",
            None,
            5000,
            7000,
            False,
        ),
        (
            "Up to 40 warships were seen off the coast of Crimea.",
            "Up to 40 warships",
            "ships",
            40,
            None,
            40,
            False,
        ),
        (
            "Germany will station two battalions in Lithuania.",
            "two battalions",
            "battalions",
            2,
            2,
            2,
            False,
        ),
        (
            "Russia moved two battalion tactical groups into Crimea.",
            "two battalion tactical groups",
            "battalion_tactical_groups",
            2,
            2,
            2,
            False,
        ),
        (
            "The United Kingdom sent several hundred marines to Norway.",
            "several hundred marines",
            "troops",
            None,
            300,
            900,
            True,
        ),
        (
            "Iraq moved 2,000 of its troops to Basra.",
            "2,000 of its troops",
            "troops",
            2000,
            2000,
            2000,
            False,
        ),
        (
            "Nearly 2,000 paratroopers landed in Crimea.",
            "Nearly 2,000 paratroopers",
            "troops",
            2000,
            None,
            2000,
            True,
        ),
        (
            "Russia keeps roughly 300 armoured vehicles in Belarus.",
            "roughly 300 armoured vehicles",
            "armour",
            300,
            None,
            None,
            True,
        ),
    ],
)
def test_counted_phrases(text, phrase, kind, count, low, high, approx):
    f = one(text, with_statements=False)
    assert f.text == phrase
    assert (f.kind, f.count, f.count_low, f.count_high, f.approx) == (
        kind,
        count,
        low,
        high,
        approx,
    )


def test_each_conjunct_is_its_own_force():
    found = forces_of(
        "About 1,500 servicemen and 300 armoured vehicles were redeployed from Kaliningrad "
        "to Belarus in January.",
        with_statements=False,
    )
    assert [(f.text, f.kind, f.count) for f in found] == [
        ("About 1,500 servicemen", "troops", 1500),
        ("300 armoured vehicles", "armour", 300),
    ]
    for f in found:
        assert f.place == BELARUS and f.origin_place is not None
        assert (f.first, f.last) == ("2022-01-01", "2022-01-31")


# --- Whose, which system, where, per whom -----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "owner"),
    [
        ("Some 5,000 Russian troops are in Belarus.", "country/ru"),
        ("Russia's 5,000 troops are in Belarus.", "country/ru"),
        ("Russia has deployed 5,000 troops to Belarus.", "country/ru"),
        ("The US will send 2,000 troops to Poland.", "country/us"),
        ("5,000 troops were sent to Belarus by Moscow.", "country/ru"),
        ("NATO will deploy 4,000 troops to Romania.", "org/nato"),
    ],
)
def test_owner(text, owner):
    assert [f.owner for f in forces_of(text, with_statements=False)] == [owner]


def test_weapon_system_and_its_kind():
    f = one("Ukraine received a dozen HIMARS launchers from the United States in June.")
    assert (f.system, f.kind, f.count, f.owner) == ("weapon/himars", "artillery", 12, "country/ua")
    assert f.origin_place is not None and f.place is None
    assert (f.first, f.last) == ("2021-06-01", "2021-06-30")


def test_weapon_alone_heads_the_phrase():
    f = one("Israel has deployed 20 F-35 aircraft to the Negev.", with_statements=False)
    assert (f.system, f.kind, f.count, f.owner) == ("weapon/f-35", "aircraft", 20, "country/il")


def test_explicit_sources():
    f = one(
        "Satellite imagery from Maxar shows 15 Su-25 jets at an airfield near Minsk.",
        with_statements=False,
    )
    assert (f.claimed_by, f.count, f.system) == ("org/maxar-technologies", 15, "weapon/su-25")
    assert f.place_text == "at an airfield near Minsk"
    f = one(
        "According to Maxar, 40 warships were anchored off Crimea on Friday.",
        with_statements=False,
    )
    assert (f.claimed_by, f.kind, f.first) == ("org/maxar-technologies", "ships", "2022-01-28")
    f = one("The Pentagon said 8,500 US troops had been put on alert.", with_statements=False)
    assert (f.claimed_by, f.owner) == ("org/us-department-of-defense", "country/us")


def test_place_is_the_locative_phrase_not_its_clauses():
    f = one(
        "Iran has deployed about six large missiles near Bandar Abbas which increase "
        "the threat to shipping in the Gulf, the New York Times said.",
        with_statements=False,
    )
    assert (f.owner, f.count, f.approx) == ("country/ir", 6, True)
    assert f.place_text == "near Bandar Abbas"
    assert f.claimed_by == "org/nyt"
    f = one(
        "Four American frigates shelled two platforms in response to an attack on a ship in "
        "Kuwaiti waters.",
        with_statements=False,
    )
    assert (f.owner, f.count, f.place) == ("country/us", 4, None)


def test_place_date_and_source_carry_over_only_from_sentences_about_forces():
    found = forces_of(
        "A broadcast monitored in Nicosia said the platforms were damaged on Monday. "
        "Four American frigates shelled two Iranian platforms.",
        with_statements=False,
    )
    assert [(f.count, f.place) for f in found] == [(4, None)]
    found = forces_of(
        "Satellite images of Maxar Technologies show a build-up. The imagery was taken near "
        "Yelsk on February 4. These are locations near the border. The equipment includes "
        "15 Su-25 ground attack aircraft.",
        with_statements=False,
    )
    assert [(f.count, f.place, f.first, f.claimed_by) for f in found] == [
        (15, YELSK, "2022-02-04", "org/maxar-technologies")
    ]


def test_statement_speaker_is_the_source():
    text = "Russia has 30,000 troops in Belarus, the spokesman said."
    start, end = text.index("Russia"), text.index(", the")
    stated = Statement(
        id="st-1",
        article_id="test",
        kind="reported",
        quote=text[start:end],
        start=start,
        end=end,
        sentence=text,
        sentence_start=0,
        sentence_end=len(text),
        speaker="person/john-kirby",
        speaker_text="the spokesman",
        cue="say",
        stance="neutral",
    )
    f = one(text, statements=[stated])
    assert (f.claimed_by, f.statement_id) == ("person/john-kirby", "st-1")
    welcomed = Statement(**{**stated.__dict__, "stance": "welcome"})
    f = one(text, statements=[welcomed])
    assert (f.claimed_by, f.statement_id) == (None, "st-1")


# --- Not forces -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Three Ukrainian soldiers were killed and 12 wounded in shelling on Tuesday.",
        "Iran fired three Silkworm missiles at Kuwait, killing 30 soldiers.",
        "The attack left 40 dead soldiers on the road.",
        "Turkey will buy 40 F-16 fighter jets from the United States for $6 billion.",
        "The company said it would sell 20 aircraft to Air France.",
        "Boeing delivered 30 jets to airlines in March.",
        "Two oil tanks were damaged in the fire at the refinery.",
        "The army spent $30,000 on 18-year-old recruits in 1987.",
        "The 18-year-old soldiers were sent to the front.",
        "About 30 percent of the troops are conscripts.",
        "One of the soldiers spoke to reporters.",
        "The Senate voted 52 to 48 to send the troops home.",
        "Twenty ships were waiting to load grain at the port.",
        "McDonnell Douglas won a 60 mln dlr contract for F-15E aircraft, the Air Force said.",
        "Russian troops are in Belarus.",
        "The draft would slash such weapons elsewhere to 100 warheads.",
        "The U.S. is increasing its Gulf fleet from seven to 10 warships.",
        "The administration requested 590 mln dlrs for the 10-warhead MX missile.",
        "The Dutch seek 50 new army helicopters over a 10-year period.",
        "Colonel North tried to obtain 20 Blowpipe missiles and 10 launchers.",
        "The Pentagon awarded Grumman a contract for 18 F-14A Tomcat fighter aircraft.",
    ],
)
def test_not_a_force(text):
    assert forces_of(text, with_statements=False) == []


def test_lexicon_is_read_once():
    assert lexicon() is lexicon()
    assert lexicon().kinds[("troop",)] == "troops"
