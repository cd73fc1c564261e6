"""Statements: the seeds' quotes and claims, every quote style, speakers, cues, the eval."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import SEED_000, SEED_003, SHARED
from wirewatch.cli import app, seed_paths
from wirewatch.extract.entities import extract_entities
from wirewatch.extract.statements import cue_lexicon, extract_statements, find_quotes
from wirewatch.extract.statements.article import ParsedArticle
from wirewatch.ingest import read_inputs
from wirewatch.nlp import parse
from wirewatch.pipeline import date_undated
from wirewatch.records import Article, RawArticle, Statement, record_id

POLNEAR_DEV = SHARED / "eval" / "polnear" / "dev.jsonl"


def statements_of(text: str, published: str | None = "2022-02-03") -> list[Statement]:
    article = Article(id="t", text=text, published=published)
    doc = next(iter(parse([text])))
    _, mentions = extract_entities(doc, article)
    return extract_statements(doc, article, mentions)


def parsed(text: str, published: str | None = "2022-02-03") -> tuple[ParsedArticle, Article]:
    """A text parsed and indexed as the stage indexes it, for tests of single components."""
    article = Article(id="t", text=text, published=published)
    doc = next(iter(parse([text])))
    _, mentions = extract_entities(doc, article)
    return ParsedArticle(doc, text, mentions, cue_lexicon()), article


def token(art: ParsedArticle, word: str, nth: int = 0):
    """The ``nth`` token whose text is ``word``."""
    return [t for t in art.doc if t.text == word][nth]


def only(statements: list[Statement], needle: str) -> Statement:
    """The one statement whose content holds ``needle``."""
    found = [s for s in statements if needle in s.quote]
    assert len(found) == 1, [s.quote for s in statements]
    return found[0]


@pytest.fixture(scope="module")
def seeds() -> dict[str, tuple[Article, list[Statement]]]:
    """Each seed report, read as ingest reads it, with its statements."""
    raws = [r for r in read_inputs([str(p) for p in seed_paths()]) if isinstance(r, RawArticle)]
    articles = [Article.from_raw(r) for r in raws]
    found = {}
    for raw, doc, article in zip(raws, parse(a.text for a in articles), articles, strict=True):
        date_undated(doc, article)
        _, mentions = extract_entities(doc, article)
        found[Path(raw.origin.path).name] = (article, extract_statements(doc, article, mentions))
    return found


# --------------------------------------------------------------------------- the seeds


def test_stoltenberg_quoted_via_the_ap(seeds):
    _, statements = seeds[SEED_000]
    first = only(statements, "We have seen a significant movement of Russian military forces")
    assert (first.kind, first.speaker, first.speaker_text) == (
        "direct",
        "person/jens-stoltenberg",
        "he",
    )
    assert (first.cue, first.stance, first.via) == ("tell", "neutral", "AP")
    assert "This is the biggest Russian deployment there since the Cold War" in first.quote
    assert {"country/by", "country/ru"} <= set(first.about)
    second = only(statements, "So, we speak about a wide range of modern military capabilities")
    assert (second.kind, second.speaker, second.cue) == ("direct", "person/jens-stoltenberg", "add")
    third = only(statements, "We are committed to finding a political solution to the crisis")
    assert (third.speaker, third.speaker_text, third.via) == (
        "person/jens-stoltenberg",
        "the NATO chief",
        "AP",
    )


def test_lukashenko_reported(seeds):
    _, statements = seeds[SEED_000]
    claim = only(statements, "strengthen the border with Ukraine")
    assert (claim.kind, claim.speaker, claim.cue) == (
        "reported",
        "person/alexander-lukashenko",
        "state",
    )
    assert "country/ua" in claim.about


def test_nikolenko_on_twitter_quoted_and_embedded(seeds):
    _, statements = seeds[SEED_000]
    tweets = [s for s in statements if "We categorically reject accusations" in s.quote]
    assert len(tweets) == 2  # quoted in the text, then the embedded tweet itself
    quoted, embedded = tweets
    assert (quoted.kind, quoted.speaker, quoted.via) == (
        "direct",
        "person/oleg-nikolenko",
        "Twitter",
    )
    assert quoted.speaker_text.startswith("Oleg Nikolenko")
    assert (embedded.kind, embedded.speaker, embedded.via, embedded.cue) == (
        "direct",
        "person/oleg-nikolenko",
        "Twitter",
        "tweet",
    )
    assert not embedded.quote.endswith("2022")  # the signature is not the tweet


def test_accusation_and_denial_with_target_and_stance(seeds):
    _, statements = seeds[SEED_000]
    accusation = only(statements, "using a drone to violate the country's airspace")
    assert (accusation.speaker, accusation.stance, accusation.target) == (
        "org/belarusian-ministry-of-defence",
        "accuse",
        "country/ua",
    )
    denial = only(statements, "the charge")
    assert (denial.speaker, denial.speaker_text, denial.stance) == ("gov/ua", "Kyiv", "deny")
    counter = only(statements, "collaborating with Russia")
    assert (counter.speaker, counter.stance, counter.target) == ("gov/ua", "accuse", "country/by")


def test_stoltenberg_in_brussels_direct(seeds):
    _, statements = seeds[SEED_003]
    first = only(statements, "These deployments are not justified")
    assert (first.kind, first.speaker, first.speaker_text) == (
        "direct",
        "person/jens-stoltenberg",
        "He",
    )
    invitation = only(statements, "Today, I reiterate my invitation to Russia")
    assert (invitation.kind, invitation.speaker) == ("direct", "person/jens-stoltenberg")
    # one quotation over three paragraphs, each reopened with a mark
    assert len(invitation.quote_spans) == 3
    assert "But NATO will not compromise on core principles" in invitation.quote


def test_shoigu_reported_with_a_partial_quote(seeds):
    _, statements = seeds[SEED_003]
    shoigu = only(statements, "the West’s destructive line")
    assert (shoigu.kind, shoigu.speaker, shoigu.cue) == (
        "reported",
        "person/sergei-shoigu",
        "say",
    )
    assert shoigu.quote.startswith("Moscow would be keen to help Minsk")
    assert shoigu.quote.endswith("”")  # the closing mark stays with the quotation
    assert {"gov/ru", "gov/by"} <= set(shoigu.about)


def test_joint_statement_released_by_the_kremlin(seeds):
    _, statements = seeds[SEED_003]
    joint = only(statements, "The parties oppose the further expansion of Nato")
    assert (joint.kind, joint.speaker, joint.via, joint.speaker_text) == (
        "direct",
        "gov/ru",
        "a statement",
        "The document",
    )


def test_seed_provenance(seeds):
    for article, statements in seeds.values():
        assert statements
        ids = [s.id for s in statements]
        assert len(ids) == len(set(ids))
        for s in statements:
            assert s.id == record_id("st", article.id, s.start, s.end)
            assert s.quote == " ".join(article.text[a:b] for a, b in s.quote_spans)
            assert (s.start, s.end) == (s.quote_spans[0][0], s.quote_spans[-1][1])
            assert s.sentence == article.text[s.sentence_start : s.sentence_end]
            assert s.sentence_start <= s.start and s.end <= s.sentence_end
            assert s.kind in ("direct", "reported")
            if s.speaker_start is not None:
                assert article.text[s.speaker_start : s.speaker_end] == s.speaker_text
                assert "\n" not in s.speaker_text
            if s.cue_start is not None:
                assert s.sentence_start <= s.cue_start < s.cue_end <= s.sentence_end


# --------------------------------------------------------------------------- crafted texts


@pytest.mark.parametrize(
    "opening, closing",
    [("“", "”"), ('"', '"'), ("«", "»"), ("‘", "’"), ("''", "''"), ("„", "“"), ("»", "«")],
)
def test_every_quote_style(opening, closing):
    quoted = f"{opening}We will not back down,{closing}"
    statements = statements_of(f"{quoted} Sergei Lavrov said.")
    assert [(s.kind, s.quote, s.speaker, s.cue) for s in statements] == [
        ("direct", quoted, "person/sergey-lavrov", "say")
    ]


def test_apostrophes_are_not_quotation_marks():
    text = "‘We reject Russia’s claims and the allies’ doubts,’ Dmitry Peskov said of the ‘90s."
    assert [text[q.start : q.end] for q in find_quotes(text)] == [
        "‘We reject Russia’s claims and the allies’ doubts,’"
    ]


def test_cue_before_the_quote():
    statement = only(statements_of("Sergei Lavrov said: “We will not back down.”"), "back down")
    assert (statement.kind, statement.speaker, statement.quote) == (
        "direct",
        "person/sergey-lavrov",
        "“We will not back down.”",
    )


def test_a_quote_split_around_its_cue():
    text = "“The plan,” Dmitry Peskov said, “is dead.”"
    [statement] = statements_of(text)
    assert [text[a:b] for a, b in statement.quote_spans] == ["“The plan,”", "“is dead.”"]
    assert statement.quote == "“The plan,” “is dead.”"
    assert statement.speaker == "person/dmitry-peskov"


def test_multi_sentence_and_multi_paragraph_quotes():
    text = (
        "Dmitry Peskov added: “The first part. It goes on.\n\n"
        "“The second part ends here.”\n\n"
        "“And a third, after the cue,” he said. “With a floating sentence.”"
    )
    first, second = statements_of(text)
    assert len(first.quote_spans) == 2
    assert first.quote.endswith("The second part ends here.”")
    assert (second.speaker, second.speaker_text) == ("person/dmitry-peskov", "he")
    assert second.quote.endswith("“With a floating sentence.”")


def test_pronoun_speaker_takes_the_nearest_subject_before_it():
    text = (
        "Jens Stoltenberg met Andrzej Duda in Brussels. The NATO chief praised Poland’s army. "
        "He said the alliance would respond."
    )
    statement = only(statements_of(text), "the alliance would respond")
    assert (statement.speaker_text, statement.speaker) == ("He", "person/jens-stoltenberg")


def test_according_to_and_channels():
    text = (
        "Russian troops crossed the border, according to the Ukrainian defence ministry. "
        "Sergei Lavrov said in a statement that talks had failed. "
        "Dmitry Peskov told Reuters the Kremlin would respond. "
        "Oleg Nikolenko tweeted that Kyiv would not yield."
    )
    statements = statements_of(text)
    according = only(statements, "Russian troops crossed the border")
    assert (according.cue, according.speaker) == (
        "according to",
        "org/ukrainian-ministry-of-defence",
    )
    assert only(statements, "talks had failed").via == "a statement"
    assert only(statements, "the Kremlin would respond").via == "Reuters"
    assert only(statements, "Kyiv would not yield").via == "Twitter"


def test_accusations_denials_and_urging():
    text = (
        "Moscow accused Kyiv of shelling the town on Sunday. Kyiv denied the claim. "
        "Jens Stoltenberg urged Russia to withdraw its troops."
    )
    statements = statements_of(text)
    accusation = only(statements, "shelling the town")
    assert (accusation.speaker, accusation.stance, accusation.target) == (
        "gov/ru",
        "accuse",
        "gov/ua",  # a capital aimed at is its government
    )
    denial = only(statements, "the claim")
    assert (denial.speaker, denial.stance, denial.kind) == ("gov/ua", "deny", "reported")
    urging = only(statements, "to withdraw its troops")
    assert (urging.stance, urging.target) == ("urge", "country/ru")


def test_a_name_before_a_colon_and_a_dash_signature():
    statements = statements_of(
        "Sergei Lavrov: “We will not back down.”\n\n“Peace is possible.” — Dmitry Peskov"
    )
    assert [(s.speaker, s.cue) for s in statements] == [
        ("person/sergey-lavrov", ":"),
        ("person/dmitry-peskov", "—"),
    ]


def test_scare_quotes_and_titles_are_not_statements():
    text = (
        "The so-called “special operation” began at dawn. "
        "Officers watched the film “Come and See” on Friday."
    )
    assert statements_of(text) == []


def test_the_cue_lexicon_is_coherent_and_read_once():
    lexicon = cue_lexicon()
    assert cue_lexicon() is lexicon
    for frame in (lexicon.object_target, lexicon.object_content, lexicon.to_content):
        assert frame <= lexicon.stance.keys()
    assert lexicon.stance_of("according to") == "neutral"
    assert lexicon.stance_of("call on") == "urge"
    assert lexicon.stance["deny"] == "deny" and lexicon.stance["warn"] == "warn"


# --------------------------------------------------------------------------- the eval


@pytest.mark.skipif(not POLNEAR_DEV.exists(), reason="PolNeAR gold not available")
def test_eval_quotes_on_a_polnear_slice(tmp_path):
    gold = tmp_path / "polnear.jsonl"
    with POLNEAR_DEV.open(encoding="utf-8") as handle:
        docs = [json.loads(line) for line, _ in zip(handle, range(3), strict=False)]
    gold.write_text("".join(json.dumps(d) + "\n" for d in docs), encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", "quotes", "--gold", str(gold)])
    assert result.exit_code == 0, result.output
    metrics = json.loads(result.stdout.strip().splitlines()[-1])
    expected_n = sum(1 for d in docs for a in d["attributions"] if a["content"])
    assert metrics["task"] == "quotes" and metrics["n"] == expected_n
    for key in (
        "content_precision",
        "content_recall",
        "content_f1",
        "content_precision_exact",
        "content_recall_exact",
        "content_f1_exact",
        "content_f1_08",
        "source_accuracy",
        "cue_accuracy",
        "direct_content_f1",
    ):
        assert 0.0 <= metrics[key] <= 1.0, key
    assert metrics["content_f1_exact"] <= metrics["content_f1_08"] <= metrics["content_f1"]
    assert metrics["content_f1"] > 0.4 and metrics["source_accuracy"] > 0.6
