"""Events: PLOVER types, actors, places, dates, modes and denials, and the eval task.

Everything goes through the public functions on text parsed by the real pipeline: the seed
reports (what ``../shared/seeds/EXPECTED.md`` says an analyst expects), sentences written
for each mode, hand-built statements, and small slices of the public gold files through
``wirewatch eval events``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import SEED_000, SEED_003, SHARED
from wirewatch.cli import app
from wirewatch.eval.events import acled_label, gold_kind, snippet_label
from wirewatch.eval.gold import GoldFileError
from wirewatch.extract.events import PLOVER_TYPES, extract_events, lexicon
from wirewatch.ingest import read_inputs
from wirewatch.knowledge import knowledge
from wirewatch.records import Article, Event, Statement, record_id

SEEDS = Path(__file__).resolve().parents[1] / "wirewatch" / "data" / "seeds"
MINSK = 625144  # GeoNames ids
BRUSSELS = 2800866
CRIMEA = 703883
runner = CliRunner()


@pytest.fixture(scope="module")
def nlp():
    from wirewatch.nlp import pipeline

    try:
        return pipeline()
    except FileNotFoundError as error:  # a model of the pipeline not built in this checkout
        pytest.skip(f"the spaCy pipeline cannot be built here: {error}")


def stages(nlp, article: Article):
    """The parse and the records of the stages before this one, as the pipeline runs them."""
    from wirewatch.pipeline import analyse

    doc = nlp(article.text)
    return doc, analyse(doc, article)


def events_of(nlp, article: Article, statements: list[Statement] | None = None) -> list[Event]:
    doc, result = stages(nlp, article)
    chosen = result.statements if statements is None else statements
    return extract_events(doc, article, result.mentions, result.timexes, result.places, chosen)


def sentence_events(nlp, text: str, published: str = "2022-02-03") -> list[Event]:
    return events_of(nlp, Article(id=record_id("t", text)[2:], text=text, published=published))


def countries(ids) -> set[str]:
    """The countries of entities: "Belarus accuses" and "the Belarusian ministry accuses" are
    both Belarus acting."""
    kb = knowledge()
    return {kb.entities[i].country for i in ids if i in kb.entities and kb.entities[i].country}


def seed(name: str) -> Article:
    (raw,) = list(read_inputs(str(SEEDS / name)))
    return Article.from_raw(raw)


@pytest.fixture(scope="module")
def seed_events(nlp) -> dict[str, tuple[Article, list[Event]]]:
    found = {}
    for name in (SEED_000, SEED_003):
        article = seed(name)
        found[name] = (article, events_of(nlp, article))
    return found


def find(events: list[Event], type_: str, **want) -> list[Event]:
    """Events of a type whose fields hold what is asked (sets: the field's countries)."""
    hits = []
    for event in events:
        if event.type != type_:
            continue
        ok = True
        for key, value in want.items():
            if key in ("actor_countries", "recipient_countries"):
                field = event.actors if key == "actor_countries" else event.recipients
                ok &= value <= countries(field)
            else:
                ok &= getattr(event, key) == value
        if ok:
            hits.append(event)
    return hits


# ------------------------------------------------------------------------------ the seeds
def test_seed_events_have_provenance_and_stable_ids(nlp, seed_events):
    for article, events in seed_events.values():
        assert events
        ids = [e.id for e in events]
        assert len(ids) == len(set(ids))
        for event in events:
            assert event.type in PLOVER_TYPES
            assert event.article_id == article.id
            assert article.text[event.start : event.end] == event.trigger
            assert article.text[event.sentence_start : event.sentence_end] == event.sentence
            assert event.sentence_start <= event.start < event.end <= event.sentence_end
            assert event.mode in ("asserted", "claimed", "denied", "expected", "hypothetical")
            assert event.subtype in lexicon().senses
            assert event.id == record_id("ev", article.id, event.start, event.end, event.type)
    article, events = seed_events[SEED_000]
    assert [e.id for e in events_of(nlp, article)] == [e.id for e in events]


def test_belarus_accuses_ukraine_and_ukraine_rejects_it(seed_events):
    _, events = seed_events[SEED_000]
    accusations = find(
        events, "ACCUSE", actor_countries={"BY"}, recipient_countries={"UA"}, mode="claimed"
    )
    assert accusations, "Belarus ACCUSE Ukraine"
    assert all(countries([a.claimed_by]) == {"BY"} for a in accusations)
    assert any(a.first == "2022-01-01" and a.last == "2022-01-31" for a in accusations)
    denials = [e for e in find(events, "REJECT", actor_countries={"UA"}) if e.responds_to]
    assert denials, "Ukraine's REJECT answers the accusation"
    answered = {e.id for e in accusations}
    assert all(d.responds_to in answered for d in denials)
    assert any("refuted" in d.trigger for d in denials)
    assert all("BY" in countries(d.recipients) for d in denials)


def test_belarus_protests_to_ukraine_by_summoning_its_attache(seed_events):
    _, events = seed_events[SEED_000]
    protests = find(events, "PROTEST", actor_countries={"BY"}, recipient_countries={"UA"})
    assert any(p.trigger == "summoned" and p.subtype == "summon" for p in protests)


def test_shoigu_visits_minsk_on_the_day(seed_events):
    _, events = seed_events[SEED_000]
    (visit,) = [e for e in find(events, "CONSULT") if "person/sergei-shoigu" in e.actors]
    assert visit.subtype == "visit" and visit.mode == "asserted"
    assert countries(visit.recipients) == {"BY"}
    assert (visit.place, visit.place_text) == (MINSK, "Minsk")
    assert visit.first == visit.last == "2022-02-03"


def test_union_resolve_exercise_is_expected_in_both_reports(seed_events):
    for name in (SEED_000, SEED_003):
        _, events = seed_events[name]
        drills = find(events, "MOBILIZE", subtype="exercise", actor_countries={"RU", "BY"})
        assert any(
            d.first == "2022-02-10" and d.last == "2022-02-20" and d.mode == "expected"
            for d in drills
        ), name


def test_nato_urges_russia_to_de_escalate(seed_events):
    _, events = seed_events[SEED_000]
    requests = find(events, "REQUEST", recipient_countries={"RU"})
    assert any("person/jens-stoltenberg" in r.actors for r in requests)
    de_escalation = find(events, "RETREAT", subtype="disarm", actor_countries={"RU"})
    assert de_escalation and de_escalation[0].mode == "hypothetical"  # urged, not done


def test_us_sends_troops_to_poland_and_relocates_others_to_romania(seed_events):
    _, events = seed_events[SEED_000]
    deployments = find(events, "MOBILIZE", subtype="deploy", actor_countries={"US"})
    assert {d.place_text for d in deployments} >= {"Poland", "Romania"}
    assert all(d.mode == "asserted" for d in deployments)


def test_expected_troop_deployment_and_nuclear_exercise(seed_events):
    _, events = seed_events[SEED_000]
    troops = find(events, "MOBILIZE", subtype="deploy", mode="expected", actor_countries={"RU"})
    assert troops and troops[0].claimed_by == "person/jens-stoltenberg"
    nuclear = find(events, "MOBILIZE", subtype="exercise", mode="expected")
    assert any(
        n.first == "2022-02-01" and n.last == "2022-02-28" and countries(n.actors) == {"RU"}
        for n in nuclear
    )


def test_stoltenberg_meets_duda_in_brussels(seed_events):
    _, events = seed_events[SEED_003]
    meetings = [
        e
        for e in find(events, "CONSULT")
        if e.actors == ["person/jens-stoltenberg"] and "person/andrzej-duda" in e.recipients
    ]
    assert any(m.place == BRUSSELS and m.first and m.first >= "2022-02-04" for m in meetings)


def test_russia_and_china_oppose_nato_expansion(seed_events):
    _, events = seed_events[SEED_003]
    opposed = [
        e
        for t in ("REJECT", "PROTEST", "ACCUSE")
        for e in find(events, t, actor_countries={"RU", "CN"})
        if "org/nato" in e.recipients
    ]
    assert opposed
    assert find(events, "REQUEST", actor_countries={"RU", "CN"})  # "called on NATO to stop"


def test_crimea_seized_in_2014(seed_events):
    _, events = seed_events[SEED_003]
    seized = [e for e in events if e.place == CRIMEA and countries(e.actors) == {"RU"}]
    assert seized and all(e.first == "2014-01-01" and e.last == "2014-12-31" for e in seized)
    assert {e.type for e in seized} <= {"ASSAULT", "COERCE"}


# ------------------------------------------------------------------------------ modes
def test_an_attack_the_article_reports_is_asserted(nlp):
    events = sentence_events(nlp, "Russian troops attacked the village on Monday.")
    (attack,) = find(events, "ASSAULT")
    assert attack.mode == "asserted" and countries(attack.actors) == {"RU"}
    assert attack.first == attack.last == "2022-01-31"


def test_what_someone_says_happened_is_claimed_by_them(nlp):
    events = sentence_events(nlp, "Ukraine said Russian forces shelled Kharkiv on Tuesday.")
    (shelling,) = find(events, "ASSAULT")
    assert shelling.subtype == "shelling"
    assert shelling.mode == "claimed" and countries([shelling.claimed_by]) == {"UA"}
    assert shelling.place_text == "Kharkiv"


def test_denied_and_negated_events(nlp):
    events = sentence_events(nlp, "Russia denied that its troops had shelled Kharkiv.")
    assert find(events, "ASSAULT", mode="denied")
    assert find(events, "REJECT", subtype="deny", actor_countries={"RU"})
    (release,) = find(sentence_events(nlp, "Israel will not release the prisoners."), "RETREAT")
    assert release.mode == "denied"


def test_planned_events_are_expected(nlp):
    events = sentence_events(nlp, "Russia and Belarus will hold joint military exercises in May.")
    (drills,) = find(events, "MOBILIZE", subtype="exercise")
    assert drills.mode == "expected" and countries(drills.actors) == {"RU", "BY"}
    events = sentence_events(nlp, "NATO plans to deploy more troops to Romania.")
    (deployment,) = find(events, "MOBILIZE")
    assert deployment.mode == "expected" and deployment.place_text == "Romania"


def test_conditional_and_threatened_events_are_hypothetical(nlp):
    events = sentence_events(nlp, "If Russia invades Ukraine, the West will respond.")
    (invasion,) = find(events, "ASSAULT")
    assert invasion.mode == "hypothetical" and countries(invasion.recipients) == {"UA"}
    events = sentence_events(nlp, "Moscow threatened to cut gas supplies to Kyiv.")
    assert find(events, "THREATEN", actor_countries={"RU"})


def test_a_denial_answers_the_accusation_before_it(nlp):
    text = "Moscow accused Kyiv of shelling Donetsk. Kyiv rejected the accusation on Friday."
    events = sentence_events(nlp, text)
    (accusation,) = find(events, "ACCUSE")
    assert accusation.mode == "claimed" and accusation.claimed_by == "gov/ru"
    (denial,) = find(events, "REJECT")
    assert denial.responds_to == accusation.id
    assert denial.actors == ["gov/ua"] and denial.recipients == ["gov/ru"]


# ------------------------------------------------------------------------------ statements
def _statement(article: Article, content: str, speaker: str, stance: str) -> Statement:
    start = article.text.index(content)
    return Statement(
        id=record_id("st", article.id, start),
        article_id=article.id,
        kind="direct",
        quote=content,
        start=start,
        end=start + len(content),
        sentence=article.text,
        sentence_start=0,
        sentence_end=len(article.text),
        speaker=speaker,
        speaker_text="the ministry",
        stance=stance,
        quote_spans=[(start, start + len(content))],
    )


def test_events_inside_a_statement_take_its_speaker_and_stance(nlp):
    text = '"Russian forces shelled the town," the ministry said.'
    article = Article(id="st1", text=text, published="2022-02-03")
    said = _statement(article, '"Russian forces shelled the town,"', "gov/ua", "neutral")
    (shelling,) = find(events_of(nlp, article, [said]), "ASSAULT")
    assert (shelling.mode, shelling.claimed_by, shelling.statement_id) == (
        "claimed",
        "gov/ua",
        said.id,
    )
    denied = _statement(article, '"Russian forces shelled the town,"', "gov/ru", "deny")
    (shelling,) = find(events_of(nlp, article, [denied]), "ASSAULT")
    assert shelling.mode == "denied"


def test_a_speech_act_in_the_speakers_own_words_is_asserted(nlp):
    text = '"We reject these accusations," Oleg Nikolenko wrote.'
    article = Article(id="st2", text=text, published="2022-02-03")
    quote = _statement(article, '"We reject these accusations,"', "person/oleg-nikolenko", "x")
    (rejection,) = find(events_of(nlp, article, [quote]), "REJECT")
    assert rejection.actors == ["person/oleg-nikolenko"]
    assert rejection.mode == "asserted" and rejection.statement_id == quote.id


# ------------------------------------------------------------------------------ the eval task
def _event(**fields) -> Event:
    base = dict(
        id="e",
        article_id="a",
        type="ASSAULT",
        mode="asserted",
        start=0,
        end=1,
        trigger="x",
        sentence="x",
        sentence_start=0,
        sentence_end=1,
    )
    return Event(**{**base, **fields})


def test_acled_mapping_uses_subtypes_victims_and_actors():
    lex = lexicon()
    assert acled_label(_event(subtype="air_strike"), lex) == "AIR_STRIKE"
    assert acled_label(_event(subtype="attack", recipient_text="the villagers"), lex) == "ATTACK"
    assert acled_label(_event(subtype="attack", recipient_text="army positions")) == ("ARMED_CLASH")
    seized = _event(subtype="seize_territory", actor_text="government forces")
    assert acled_label(seized) == "GOV_REGAINS_TERIT"
    seized = _event(subtype="seize_territory", actor_text="rebel fighters")
    assert acled_label(seized) == "NON_STATE_ACTOR_OVERTAKES_TER"
    talks = _event(type="CONSULT", subtype="meeting", actors=["person/jens-stoltenberg"])
    assert acled_label(talks) == "DIPLO"


def test_a_protest_with_arrests_is_a_protest_with_intervention(nlp):
    text = "Thousands of students protested in the capital. Police arrested dozens of them."
    doc = nlp(text)
    events = events_of(nlp, Article(id="p1", text=text, published="2022-02-03"))
    assert snippet_label(events, doc) == "PROTEST_WITH_INTER"
    assert snippet_label([], doc) == "NONE"


def test_gold_kind_rejects_other_files(tmp_path):
    with pytest.raises(GoldFileError):
        gold_kind([{"id": "x", "text": "y", "entities": []}], tmp_path / "x.jsonl")


def _cli(*args: str):
    return runner.invoke(app, list(args))


def _role(text: str, phrase: str) -> dict:
    start = text.find(phrase)
    return {"text": phrase, "spans": [[start, start + len(phrase)]] if start >= 0 else []}


def test_eval_events_on_hand_written_plover_gold(nlp, tmp_path):
    rows = [
        ("Russian troops attacked the village of Yelsk.", "ASSAULT", "Russian troops", "Yelsk"),
        ("Belarus accused Ukraine of violating its airspace.", "ACCUSE", "Belarus", "Ukraine"),
        ("Israel will not release the prisoners.", "REJECT", "Israel", "the prisoners"),
        ("The weather was fine.", "AGREE", "nobody", "nothing"),
    ]
    gold = tmp_path / "plover.jsonl"
    with gold.open("w") as handle:
        for n, (text, type_, source, target) in enumerate(rows):
            event = {
                "type": type_,
                "quad_class": 4,
                "source": _role(text, source),
                "target": _role(text, target),
            }
            row = {"id": f"p{n}", "text": text, "date": None, "events": [event]}
            handle.write(json.dumps(row) + "\n")
    result = _cli("eval", "events", "--gold", str(gold))
    assert result.exit_code == 0, result.output
    metrics = json.loads(result.stdout.strip().splitlines()[-1])
    assert metrics["task"] == "events" and metrics["n"] == 4
    assert metrics["weighted_f1"] is None
    assert metrics["precision"] == 1.0 and metrics["recall"] == 0.75  # the weather: no event
    assert metrics["micro_f1"] == pytest.approx(6 / 7, abs=1e-4)
    assert metrics["actor_overlap"] == 1.0 and metrics["recipient_overlap"] == 1.0


def _slice(path: Path, n: int, tmp_path: Path) -> Path:
    if not path.is_file():
        pytest.skip(f"{path} is not here")
    out = tmp_path / path.parent.name
    out.write_text("".join(path.read_text(encoding="utf-8").splitlines(True)[:n]))
    return out


@pytest.mark.parametrize(
    ("folder", "keys"),
    [
        ("plover", {"micro_f1", "macro_f1", "actor_exact", "recipient_overlap"}),
        ("case2021_task2", {"micro_f1", "macro_f1", "weighted_f1", "weighted_f1_subtask1"}),
    ],
)
def test_eval_events_on_public_gold_slices(nlp, tmp_path, folder, keys):
    gold = _slice(SHARED / "eval" / folder / "dev.jsonl", 12, tmp_path)
    result = _cli("eval", "events", "--gold", str(gold))
    assert result.exit_code == 0, result.output
    metrics = json.loads(result.stdout.strip().splitlines()[-1])
    assert metrics["task"] == "events" and metrics["n"] >= 12
    for key in keys:
        assert 0.0 <= metrics[key] <= 1.0, key
    assert (metrics["weighted_f1"] is None) == (folder == "plover")


def test_eval_events_rejects_a_gold_file_of_another_task(tmp_path):
    gold = tmp_path / "ner.jsonl"
    gold.write_text(json.dumps({"id": "d", "text": "x", "entities": []}) + "\n")
    result = _cli("eval", "events", "--gold", str(gold))
    assert result.exit_code == 1
    assert "not an events gold file" in result.stderr
