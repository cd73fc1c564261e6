"""A small database of hand-built records for the web and briefing tests.

Three short reports (one a copy of another) with an accusation and the denial that answers
it, a consultation reported by two sources (one cluster), force postures and statements,
every record at its real offsets in the text. ``hostile=True`` puts markup, event-handler
attributes and ``javascript:`` URLs into every piece of text a page shows.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from wirewatch.records import (
    Article,
    ArticleResult,
    Entity,
    Event,
    Force,
    Mention,
    Place,
    Statement,
    record_id,
)
from wirewatch.store.db import connect, save_result

XSS = '<script>window.__xss=1</script><img src=x onerror="window.__xss=2">'
MINSK = (625144, "Minsk", 53.90019, 27.56653, "BY", "city")
LUNINETS = (625818, "Luninyets", 52.24864, 26.80061, "BY", "city")
BELARUS = (630336, "Belarus", 53.2532, 27.9907, "BY", "country")


def _reports(hostile: bool) -> list[dict]:
    x = XSS if hostile else ""
    return [
        {
            "title": f"Belarus accuses Ukraine {x}",
            "url": "javascript:window.__xss=3" if hostile else "https://example.org/a1",
            "source": f"Agency A{x}",
            "published": "2022-01-20",
            "text": (
                f"Belarus accused Ukraine of violating its airspace with a drone near Minsk.{x} "
                f"Ukraine rejected the accusation as a provocation.{x} "
                f'NATO said "some 30,000 Russian troops are now in Belarus."{x} '
                f"Sergei Shoigu held talks in Minsk on Thursday.{x}"
            ),
        },
        {
            "title": "Shoigu in Minsk",
            "url": "https://example.org/a2",
            "source": "Agency B",
            "published": "2022-01-21",
            "text": (
                f"Sergei Shoigu held talks in Minsk with Belarusian officials.{x} "
                f"Russia moved 12 Su-25 aircraft to Luninets.{x}"
            ),
        },
    ]


def _sentences(text: str) -> list[tuple[int, int]]:
    """Sentence bounds: a space after a full stop, a closing quote or tag, before a capital
    or a tag."""
    bounds, start = [], 0
    for gap in re.finditer(r'(?<=[.">])\s+(?=[A-Z<])', text):
        bounds.append((start, gap.start()))
        start = gap.end()
    return [*bounds, (start, len(text))]


class _Builder:
    def __init__(self, article: Article):
        self.article = article
        self.result = ArticleResult(article)
        self.bounds = _sentences(article.text)

    def span(self, phrase: str, nth: int = 0) -> tuple[int, int, str, int, int]:
        start = -1
        for _ in range(nth + 1):
            start = self.article.text.index(phrase, start + 1)
        end = start + len(phrase)
        s0, s1 = next((a, b) for a, b in self.bounds if a <= start < b)
        return start, end, self.article.text[s0:s1], s0, s1

    def mention(self, phrase: str, entity: str, label: str, nth: int = 0) -> None:
        start, end, sentence, s0, s1 = self.span(phrase, nth)
        self.result.mentions.append(
            Mention(self.article.id, entity, phrase, start, end, sentence, s0, s1, label, "ruler")
        )

    def place(self, phrase: str, where: tuple, nth: int = 0) -> None:
        start, end, sentence, s0, s1 = self.span(phrase, nth)
        gid, name, lat, lon, country, feature = where
        self.result.places.append(
            Place(
                self.article.id, phrase, start, end, sentence, s0, s1, name, gid, lat, lon,
                country, feature,
            )
        )  # fmt: skip

    def event(self, trigger: str, type: str, mode: str, **fields) -> Event:
        start, end, sentence, s0, s1 = self.span(trigger)
        event = Event(
            id=record_id("ev", self.article.id, start, end, type),
            article_id=self.article.id,
            type=type,
            mode=mode,
            start=start,
            end=end,
            trigger=trigger,
            sentence=sentence,
            sentence_start=s0,
            sentence_end=s1,
            **fields,
        )
        self.result.events.append(event)
        return event

    def force(self, phrase: str, kind: str, **fields) -> None:
        start, end, sentence, s0, s1 = self.span(phrase)
        self.result.forces.append(
            Force(
                id=record_id("fo", self.article.id, start, end),
                article_id=self.article.id,
                kind=kind,
                text=phrase,
                start=start,
                end=end,
                sentence=sentence,
                sentence_start=s0,
                sentence_end=s1,
                **fields,
            )
        )

    def statement(self, quote: str, speaker: str, speaker_text: str, **fields) -> None:
        start, end, sentence, s0, s1 = self.span(quote)
        self.result.statements.append(
            Statement(
                id=record_id("st", self.article.id, start, end),
                article_id=self.article.id,
                kind="direct",
                quote=quote,
                start=start,
                end=end,
                sentence=sentence,
                sentence_start=s0,
                sentence_end=s1,
                speaker=speaker,
                speaker_text=speaker_text,
                quote_spans=[(start, end)],
                **fields,
            )
        )


ENTITIES = [
    Entity("country/by", "Belarus", "COUNTRY", "BY", "Q184"),
    Entity("country/ua", "Ukraine", "COUNTRY", "UA", "Q212"),
    Entity("country/ru", "Russia", "COUNTRY", "RU", "Q159"),
    Entity("org/nato", "NATO", "ORG"),
    Entity("person/sergei-shoigu", "Sergei Shoigu", "PERSON", "RU"),
    Entity("weapon/su-25", "Sukhoi Su-25", "WEAPON"),
]


def build(path: Path, *, hostile: bool = False) -> dict:
    """Write the database; returns the ids of its records by role."""
    conn = connect(path)
    reports = _reports(hostile)
    articles = [
        Article(
            id=f"art{i}",
            text=r["text"],
            title=r["title"],
            source=r["source"],
            url=r["url"],
            published=r["published"],
        )
        for i, r in enumerate(reports, 1)
    ]
    a1, a2 = (_Builder(a) for a in articles)
    for b in (a1, a2):
        b.result.entities = list(ENTITIES)
    a1.mention("Belarus", "country/by", "COUNTRY")
    a1.mention("Ukraine", "country/ua", "COUNTRY")
    a1.mention("Ukraine", "country/ua", "COUNTRY", nth=1)
    a1.mention("NATO", "org/nato", "ORG")
    a1.mention("Sergei Shoigu", "person/sergei-shoigu", "PERSON")
    a1.place("Minsk", MINSK)
    a1.place("Minsk", MINSK, nth=1)
    a1.place("Belarus", BELARUS, nth=1)
    accusation = a1.event(
        "accused", "ACCUSE", "claimed", actors=["country/by"], recipients=["country/ua"],
        claimed_by="country/by", place=MINSK[0], place_text="Minsk", first="2022-01-01",
        last="2022-01-20",
    )  # fmt: skip
    denial = a1.event(
        "rejected", "REJECT", "denied", actors=["country/ua"], recipients=["country/by"],
        responds_to=accusation.id, first="2022-01-20", last="2022-01-20",
    )  # fmt: skip
    talks_1 = a1.event(
        "held talks", "CONSULT", "asserted", actors=["person/sergei-shoigu"],
        recipients=["country/by"], place=MINSK[0], place_text="Minsk", first="2022-01-20",
        last="2022-01-20",
    )  # fmt: skip
    a1.force(
        "some 30,000 Russian troops", "troops", owner="country/ru", count=30000, approx=True,
        place=BELARUS[0], place_text="Belarus", claimed_by="org/nato",
    )  # fmt: skip
    a1.statement(
        "some 30,000 Russian troops are now in Belarus.", "org/nato", "NATO", cue="say",
        about=["country/ru", "country/by"],
    )  # fmt: skip
    a2.mention("Sergei Shoigu", "person/sergei-shoigu", "PERSON")
    a2.mention("Su-25", "weapon/su-25", "WEAPON")
    a2.place("Minsk", MINSK)
    a2.place("Luninets", LUNINETS)
    talks_2 = a2.event(
        "held talks", "CONSULT", "asserted", actors=["person/sergei-shoigu"],
        recipients=["country/by"], place=MINSK[0], place_text="Minsk",
    )  # fmt: skip
    a2.force(
        "12 Su-25 aircraft", "aircraft", owner="country/ru", system="weapon/su-25", count=12,
        place=LUNINETS[0], place_text="Luninets",
    )  # fmt: skip
    for b in (a1, a2):
        assert save_result(conn, b.result)
    # A copy of the first report (a re-run wire story): it must count as the same source.
    copy = Article(
        id="art3", text=articles[0].text + " (updated)", title=articles[0].title,
        source="Agency C", url="https://example.org/a3", published="2022-01-22",
        duplicate_of="art1",
    )  # fmt: skip
    copied = _Builder(copy)
    copied.result.entities = list(ENTITIES)
    copied.place("Minsk", MINSK)
    assert save_result(conn, copied.result)
    cluster = "cl-talks"
    with conn:
        conn.execute(
            "INSERT INTO clusters (id, type, label, actors, recipients, place, lat, lon, first,"
            " last, mode, events, articles, sources, status)"
            " VALUES (?, 'CONSULT', 'Shoigu talks in Minsk', ?, ?, ?, ?, ?, '2022-01-20',"
            " '2022-01-20', 'asserted', ?, ?, 2, 'corroborated')",
            (
                cluster,
                json.dumps(["person/sergei-shoigu"]),
                json.dumps(["country/by"]),
                MINSK[0],
                MINSK[2],
                MINSK[3],
                json.dumps([talks_1.id, talks_2.id]),
                json.dumps(["art1", "art2"]),
            ),
        )
        conn.execute(
            "UPDATE events SET cluster = ? WHERE id IN (?, ?)", (cluster, talks_1.id, talks_2.id)
        )
    conn.close()
    return {
        "accusation": accusation.id,
        "denial": denial.id,
        "talks": [talks_1.id, talks_2.id],
        "cluster": cluster,
    }
