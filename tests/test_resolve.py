"""Cross-document resolution: copies, entity merges, event clusters, force series, timeline."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from wirewatch.cli import app
from wirewatch.records import (
    Article,
    ArticleResult,
    Entity,
    Event,
    Force,
    Mention,
    Place,
    article_id_for,
    record_id,
)
from wirewatch.resolve.run import resolve
from wirewatch.store.db import connect, save_result

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from conftest import SHARED  # noqa: E402
from copies import score  # noqa: E402
from copies_corpus import make_corpus  # noqa: E402

REUTERS = SHARED / "corpus/reuters21578.jsonl.gz"
ENTITIES = [
    Entity("country/ru", "Russia", "COUNTRY", "RU"),
    Entity("gov/ru", "Russian government", "GOV", "RU"),
    Entity("country/by", "Belarus", "COUNTRY", "BY"),
    Entity("gov/by", "Belarusian government", "GOV", "BY"),
    Entity("country/ua", "Ukraine", "COUNTRY", "UA"),
    Entity("person/nazer", "Nazer", "PERSON"),
    Entity("person/hisham-nazer", "Hisham Nazer", "PERSON"),
]


def article(text: str, published: str = "2022-02-03") -> Article:
    return Article(id=article_id_for(text), text=text, published=published)


def event(a: Article, type_: str, trigger: str, **fields) -> Event:
    start = a.text.index(trigger)
    return Event(
        id=record_id("ev", a.id, start, type_), article_id=a.id, type=type_,
        mode=fields.pop("mode", "asserted"), start=start, end=start + len(trigger),
        trigger=trigger, sentence=a.text, sentence_start=0, sentence_end=len(a.text), **fields,
    )  # fmt: skip


def store(conn, a: Article, events=(), forces=(), mentions=(), places=()) -> None:
    save_result(conn, ArticleResult(a, ENTITIES, list(mentions), [], list(places), [],
                                    list(events), list(forces)))  # fmt: skip


def exercise_reports(conn):
    one = article("Russia and Belarus will hold war games between February 10 to 20.")
    two = article(
        "Moscow and Minsk will hold joint exercises from February 10 to 20.", "2022-02-07"
    )
    dates = {"first": "2022-02-10", "last": "2022-02-20", "subtype": "exercise", "mode": "expected"}
    store(conn, one, [event(one, "MOBILIZE", "war games", actors=["country/ru", "country/by"],
                            **dates)])  # fmt: skip
    store(conn, two, [event(two, "MOBILIZE", "exercises", actors=["gov/ru", "gov/by"], **dates)])
    return one, two


def test_two_reports_of_one_exercise_are_one_corroborated_cluster(tmp_path):
    conn = connect(tmp_path / "w.db")
    one, two = exercise_reports(conn)
    report = resolve(conn)
    assert report.clusters == 1
    [cluster] = conn.execute("SELECT * FROM clusters").fetchall()
    assert cluster["status"] == "corroborated" and cluster["sources"] == 2
    assert sorted(json.loads(cluster["articles"])) == sorted([one.id, two.id])
    assert (cluster["first"], cluster["last"]) == ("2022-02-10", "2022-02-20")
    assert {r[0] for r in conn.execute("SELECT cluster FROM events")} == {cluster["id"]}


def test_resolution_is_repeatable_with_the_same_ids(tmp_path):
    conn = connect(tmp_path / "w.db")
    exercise_reports(conn)
    resolve(conn)
    first = conn.execute("SELECT * FROM clusters").fetchall()
    again = resolve(conn)
    assert again.signed == 0
    assert [tuple(r) for r in conn.execute("SELECT * FROM clusters")] == [tuple(r) for r in first]


def test_a_copy_adds_no_independent_source(tmp_path):
    conn = connect(tmp_path / "w.db")
    text = (
        "Russia and Belarus will hold war games between February 10 to 20, the defence "
        "ministry in Minsk said on Thursday, adding that thousands of troops would take part "
        "in the drills near the border with Ukraine and Poland.\n\nMore follows."
    )
    one, two = article(text), article(text.replace("Thursday", "Thursady") + " Updated.")
    dates = {"first": "2022-02-10", "last": "2022-02-20", "subtype": "exercise"}
    for a in (one, two):
        store(conn, a, [event(a, "MOBILIZE", "war games", actors=["country/ru"], **dates)])
    resolve(conn)
    assert (
        conn.execute("SELECT duplicate_of FROM articles WHERE id = ?", (two.id,)).fetchone()[0]
        == one.id
    )
    [cluster] = conn.execute("SELECT sources, status FROM clusters").fetchall()
    assert (cluster["sources"], cluster["status"]) == (1, "single_source")


def test_a_denial_contests_what_it_answers(tmp_path):
    conn = connect(tmp_path / "w.db")
    a = article("Minsk accused Kyiv of sending a drone. Kyiv rejected the accusation.")
    accuse = event(a, "ACCUSE", "accused", actors=["gov/by"], recipients=["country/ua"])
    reject = event(a, "REJECT", "rejected", actors=["country/ua"], responds_to=accuse.id)
    store(conn, a, [accuse, reject])
    resolve(conn)
    status = dict(conn.execute("SELECT type, status FROM clusters"))
    assert status == {"ACCUSE": "contested", "REJECT": "single_source"}


def test_events_of_other_countries_or_days_stay_apart(tmp_path):
    conn = connect(tmp_path / "w.db")
    one = article("Russian troops attacked a village near Kharkiv.", "2022-03-01")
    two = article("Russian troops attacked a village near Kharkiv again.", "2022-05-20")
    for a in (one, two):
        store(conn, a, [event(a, "ASSAULT", "attacked", actors=["country/ru"])])
    assert resolve(conn).clusters == 2


def test_forces_from_two_sources_corroborate_and_conflicting_counts_contest(tmp_path):
    conn = connect(tmp_path / "w.db")
    texts = ["Russia has 30,000 troops in Belarus.", "Russia has some 30,000 troops in Belarus.",
             "Russia has 3,000 troops in Belarus."]  # fmt: skip
    for text in texts:
        a = article(text)
        start = text.index("Belarus")
        place = Place(a.id, "Belarus", start, start + 7, text, 0, len(text), "Belarus", 630336,
                      53.0, 28.0, "BY", "country")  # fmt: skip
        count = int(text.split(" troops")[0].split()[-1].replace(",", ""))
        force = Force(
            id=record_id("fo", a.id, 0), article_id=a.id, kind="troops", text=text, start=0,
            end=len(text), sentence=text, sentence_start=0, sentence_end=len(text),
            owner="country/ru", count=count, count_low=count, count_high=count,
            approx="some" in text, place=630336,
        )  # fmt: skip
        store(conn, a, forces=[force], places=[place])
        resolve(conn)
        status = conn.execute("SELECT status FROM force_series").fetchall()
        assert len(status) == 1
    assert status[0][0] == "contested"


def test_a_surname_alone_merges_with_the_one_full_name(tmp_path):
    conn = connect(tmp_path / "w.db")
    for text, entity_id, name in (
        ("Hisham Nazer spoke.", "person/hisham-nazer", "Hisham Nazer"),
        ("Nazer said so.", "person/nazer", "Nazer"),
    ):
        a = article(text)
        start = text.index(name)
        mention = Mention(a.id, entity_id, name, start, start + len(name), text, 0, len(text),
                          "PERSON", "names")  # fmt: skip
        store(conn, a, mentions=[mention])
    resolve(conn)
    merges = conn.execute("SELECT entity_id, canonical_id FROM entity_merges").fetchall()
    assert [tuple(m) for m in merges] == [("person/nazer", "person/hisham-nazer")]


@pytest.mark.skipif(not REUTERS.exists(), reason="needs ../shared/corpus")
def test_copies_of_perturbed_reuters_stories_are_found(tmp_path):
    articles, copied_from = make_corpus(REUTERS, n_originals=300, copy_share=0.3, seed=11)
    conn = connect(tmp_path / "w.db")
    for a in articles:
        conn_article = Article(id=article_id_for(a["text"]), text=a["text"], title=a["title"])
        save_result(conn, ArticleResult(conn_article))
    resolve(conn)
    figures = score(conn, articles, copied_from)
    assert figures["copies"] == 90
    assert figures["precision"] >= 0.95 and figures["recall"] >= 0.95


def test_timeline_lists_clusters_by_date_and_filters(tmp_path):
    db = tmp_path / "w.db"
    conn = connect(db)
    exercise_reports(conn)
    a = article("Minsk accused Kyiv of sending a drone.", "2022-01-20")
    store(conn, a, [event(a, "ACCUSE", "accused", actors=["gov/by"], recipients=["country/ua"],
                          first="2022-01-14", last="2022-01-14")])  # fmt: skip
    resolve(conn)
    conn.close()
    runner = CliRunner()
    result = runner.invoke(app, ["timeline", "--db", str(db)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert result.output.index("2022-01-14") < result.output.index("2022-02-10..2022-02-20")
    only = runner.invoke(app, ["timeline", "--db", str(db), "--entity", "Ukraine"],
                         env={"COLUMNS": "200"})  # fmt: skip
    assert "ACCUSE" in only.output and "MOBILIZE" not in only.output
    later = runner.invoke(app, ["timeline", "--db", str(db), "--since", "2022-02-01"],
                          env={"COLUMNS": "200"})  # fmt: skip
    assert "MOBILIZE" in later.output and "ACCUSE" not in later.output
    bad = runner.invoke(app, ["timeline", "--db", str(db), "--since", "Feb 1"])
    assert bad.exit_code == 2 and "not an ISO date" in bad.output
