"""The force lexicon: ``wirewatch/data/forces.toml`` (and the weapon kinds of
``weapons.toml``) read once per process and indexed for matching: kinds by phrase, count
modifiers, number words, and the word lists of owner, place and source.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources

Phrase = tuple[str, ...]
# What separates the words of an entry or a lemma: spaces and hyphens or dashes, so that
# "ground-to-air" and "ground to air" are the same words.
WORD_SPLIT = re.compile(r"[\s\-–—]+")


def phrase(text: str) -> Phrase:
    """A lexicon entry as matched: lower-case words, hyphens dropped."""
    return tuple(w for w in WORD_SPLIT.split(text.lower()) if w)


@dataclass(frozen=True)
class Lexicon:
    """``wirewatch/data/forces.toml``, indexed for matching."""

    kinds: dict[Phrase, str]  # intrinsically military phrases -> kind
    generic: dict[str, str]  # nouns military only when qualified -> kind
    carriers: frozenset[str]
    strength: frozenset[str]
    qualifiers: frozenset[Phrase]
    civilian: frozenset[str]
    not_posture_verbs: frozenset[str]
    not_posture_modifiers: frozenset[str]
    not_posture_nouns: frozenset[str]
    changes: frozenset[str]
    owner_verbs: frozenset[str]
    military_org: re.Pattern[str]  # any [owner] military_org_words, as a whole word
    possessive_pronouns: frozenset[str]
    locative: frozenset[str]
    origin: frozenset[str]
    source_verbs: frozenset[str]
    source_nouns: frozenset[str]
    according: tuple[Phrase, ...]
    statement_stances: frozenset[str]
    context: frozenset[str]
    count_modifiers: dict[Phrase, frozenset[str]]
    units: dict[str, int]
    tens: dict[str, int]
    scales: dict[str, int]
    abbreviations: dict[str, int]
    plurals: dict[str, int]
    vague: dict[Phrase, tuple[int, int]]
    range_words: frozenset[str]
    measures: frozenset[str]
    hyphened: frozenset[str]
    weapon_kinds: dict[str, str]  # weapon entity id -> force kind
    articles: frozenset[str]
    number_joiners: frozenset[str]
    max_count: int
    strength_marker: str
    strength_kind: str
    of_containers: frozenset[str]
    change_preps: frozenset[str]
    act_preps: frozenset[str]
    context_sentences: int
    after_article: frozenset[str]  # "a dozen", "an estimated", "a few": "a" is part of it
    heads: frozenset[str]  # every word that can head a force phrase
    topic_words: frozenset[str]  # words that make a sentence about forces

    def number_word(self, word: str) -> bool:
        """A word that can make (part of) a count: "two", "hundred", "dozens", "several"."""
        return (
            word in self.units
            or word in self.tens
            or word in self.scales
            or word in self.plurals
            or any(word == p[-1] for p in self.vague)
        )


def _read_toml(name: str) -> dict:
    return tomllib.loads((resources.files("wirewatch") / "data" / name).read_text("utf-8"))


def _any_word(words: Iterable[str]) -> re.Pattern[str]:
    """One pattern for "any of these words or phrases, as whole words", to search a name."""
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b")


def _phrases(words: Iterable[str]) -> frozenset[Phrase]:
    return frozenset(phrase(w) for w in words)


@cache
def lexicon() -> Lexicon:
    """The force lexicon, read once per process."""
    data = _read_toml("forces.toml")
    kinds: dict[Phrase, str] = {}
    generic: dict[str, str] = {}
    for kind, table in data["kinds"].items():
        kinds.update({phrase(w): kind for w in table.get("words", [])})
        generic.update({w: kind for w in table.get("generic", [])})
    weapon_kind_of = data["weapon_kinds"]
    weapons = {
        row["id"]: weapon_kind_of[row["kind"]]
        for row in _read_toml("weapons.toml").get("entity", [])
        if row.get("kind") in weapon_kind_of
    }
    numbers = data["numbers"]
    articles = frozenset(numbers["articles"])
    carriers = frozenset(data["carriers"]["words"])
    strength = frozenset(data["strength"]["words"])
    kind_heads = {p[-1] for p in kinds}
    modifiers = {phrase(k): frozenset(v) for k, v in data["count_modifiers"].items()}
    vague = {phrase(k): (lo, hi) for k, (lo, hi) in numbers["vague"].items()}
    return Lexicon(
        kinds=kinds,
        generic=generic,
        carriers=carriers,
        strength=strength,
        qualifiers=_phrases(data["qualifiers"]["words"]),
        civilian=frozenset(data["civilian"]["words"]),
        not_posture_verbs=frozenset(data["not_posture"]["verbs"]),
        not_posture_modifiers=frozenset(data["not_posture"]["modifiers"]),
        not_posture_nouns=frozenset(data["not_posture"]["nouns"]),
        changes=frozenset(data["not_posture"]["changes"]),
        owner_verbs=frozenset(data["owner"]["verbs"]),
        military_org=_any_word(data["owner"]["military_org_words"]),
        possessive_pronouns=frozenset(data["owner"]["possessive_pronouns"]),
        locative=frozenset(data["place"]["locative"]),
        origin=frozenset(data["place"]["origin"]),
        source_verbs=frozenset(data["source"]["verbs"]),
        source_nouns=frozenset(w for p in _phrases(data["source"]["nouns"]) for w in p[-1:]),
        according=tuple(phrase(w) for w in data["source"]["according"]),
        statement_stances=frozenset(data["source"]["statement_stances"]),
        context=frozenset(data["source"]["context"]),
        count_modifiers=modifiers,
        units=numbers["units"],
        tens=numbers["tens"],
        scales=numbers["scales"],
        abbreviations=numbers["abbreviations"],
        plurals=numbers["plurals"],
        vague=vague,
        range_words=frozenset(numbers["range_words"]),
        measures=frozenset(numbers["measures"]),
        hyphened=frozenset(numbers["hyphened"]),
        weapon_kinds=weapons,
        articles=articles,
        number_joiners=frozenset(numbers["joiners"]),
        max_count=int(numbers["max_count"]),
        strength_marker=data["strength"]["marker"],
        strength_kind=data["strength"]["kind"],
        of_containers=frozenset(data["civilian"]["of_heads"]),
        change_preps=frozenset(data["not_posture"]["change_preps"]),
        act_preps=frozenset(data["not_posture"]["act_preps"]),
        context_sentences=int(data["source"]["context_sentences"]),
        after_article=frozenset(
            {*numbers["scales"]}
            | {p[1] for p in [*vague, *modifiers] if len(p) == 2 and p[0] in articles}
        ),
        heads=frozenset(kind_heads | set(generic) | carriers | strength),
        topic_words=frozenset(kind_heads | set(data["source"]["context"])),
    )
