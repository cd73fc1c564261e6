"""The event lexicon: ``wirewatch/data/events.toml`` read once per process and indexed for
the token walk (trigger words by lemma, phrases by their head word, object classes, mode
words, actor words, the two eval mappings).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

from spacy.tokens import Token

NONE = "none"  # the subtype of "no event" rules


@dataclass(frozen=True)
class Sense:
    """What a trigger means: its PLOVER type and finer subtype, with the subtype's flags."""

    type: str
    subtype: str
    claim: bool = False
    deny: bool = False
    object_place: bool = False
    refine: bool = False


Phrase = tuple[tuple[str, ...], str]  # (words besides the head, subtype)


@dataclass
class Lexicon:
    """``data/events.toml``, indexed for the token walk."""

    senses: dict[str, Sense]
    verbs: dict[str, str]
    verb_phrases: dict[str, list[Phrase]]
    nouns: dict[str, str]
    noun_phrases: dict[str, list[tuple[tuple[str, ...], int, str]]]  # words, head index
    adjectives: dict[str, str]
    light_verbs: frozenset[str]
    weak_verbs: frozenset[str]
    containers: frozenset[str]
    classes: dict[str, frozenset[str]]
    verb_objects: dict[str, list[tuple[str, str]]]  # verb -> [(class, subtype)] in file order
    verb_subjects: list[tuple[frozenset[str], str, str]]  # (verbs or empty, class, subtype)
    noun_blockers: dict[str, tuple[str, ...]]
    noun_requires: dict[str, tuple[str, ...]]
    instrument_nouns: dict[str, str]
    military_words: frozenset[str]
    absorbs: dict[str, frozenset[str]]
    instruments: list[tuple[str, tuple[str, ...]]]
    modes: dict[str, frozenset[str]]
    stance_modes: dict[str, str]
    passive_none: frozenset[str]
    stative_heads: frozenset[str]
    actors: dict[str, frozenset[str]]
    recipient_preps: dict[str, tuple[str, ...]]
    noun_recipient_preps: tuple[str, ...]
    topic_preps: tuple[str, ...]
    place_preps: tuple[str, ...]
    max_climb: int
    roles: dict[str, tuple[str, ...]]  # ordered preposition and word lists
    lemma_endings: tuple[str, ...]
    plover_v1: dict[str, str]
    plover_v1_modes: list[dict]
    contexts: list[tuple[frozenset[str], tuple[str, ...], str]]
    capitalised: frozenset[str]
    acled: list[dict]
    acled_combinations: list[dict]
    acled_words: dict[str, frozenset[str]]

    def sense(self, subtype: str) -> Sense | None:
        return None if subtype == NONE else self.senses[subtype]

    def in_class(self, token: Token, name: str) -> bool:
        """Whether the word, or a noun compounded with it ("mediation efforts"), is in the
        object class."""
        if name == "*":
            return True
        words = self.classes.get(name, frozenset())
        return any(
            t.lower_ in words or t.lemma_.lower() in words
            for t in (token, *(c for c in token.children if c.dep_ == "compound"))
        )


def _words(phrase: str) -> tuple[str, ...]:
    """An entry's words; a hyphenated word ("de-escalate") stays one word."""
    return tuple(phrase.lower().split())


def _index_phrases(lex_verbs: dict, lex_phrases: dict, subtype: str, entries: list[str]) -> None:
    for entry in entries:
        words = _words(entry)
        if len(words) == 1:
            lex_verbs.setdefault(words[0], subtype)
        else:
            lex_phrases.setdefault(words[0], []).append((words[1:], subtype))


def _index_nouns(nouns: dict, phrases: dict, subtype: str, entries: list[str]) -> None:
    for entry in entries:
        words = _words(entry)
        if len(words) == 1:
            nouns.setdefault(words[0], subtype)
            continue
        head = words.index("of") - 1 if "of" in words else len(words) - 1
        phrases.setdefault(words[head], []).append((words, head, subtype))


@cache
def lexicon() -> Lexicon:
    """The event lexicon, read from ``wirewatch/data/events.toml`` once per process."""
    path = resources.files("wirewatch") / "data" / "events.toml"
    data = tomllib.loads(path.read_text("utf-8"))
    senses, verbs, verb_phrases, nouns, noun_phrases, adjectives = {}, {}, {}, {}, {}, {}
    for name, row in data["subtypes"].items():
        senses[name] = Sense(
            row["type"],
            name,
            claim=row.get("claim", False),
            deny=row.get("deny", False),
            object_place=row.get("object_place", False),
            refine=row.get("refine", False),
        )
        _index_phrases(verbs, verb_phrases, name, row.get("verbs", []))
        _index_nouns(nouns, noun_phrases, name, row.get("nouns", []))
        for adjective in row.get("adjectives", []):
            adjectives.setdefault(adjective, name)
    for phrases in (*verb_phrases.values(), *noun_phrases.values()):
        phrases.sort(key=lambda p: -len(p[0]))  # longest phrase first
    light = data["light_verbs"]
    verb_objects: dict[str, list[tuple[str, str]]] = {}
    for rule in data["verb_object"]:
        for verb in rule["verbs"]:
            verb_objects.setdefault(verb, []).append((rule["objects"], rule["subtype"]))
    actors = data["actors"]
    modes = data["modes"]
    return Lexicon(
        senses=senses,
        verbs=verbs,
        verb_phrases=verb_phrases,
        nouns=nouns,
        noun_phrases=noun_phrases,
        adjectives=adjectives,
        light_verbs=frozenset(light["verbs"]),
        weak_verbs=frozenset(light["weak"]),
        containers=frozenset(light["containers"]),
        classes={k: frozenset(v) for k, v in data["objects"].items()},
        verb_objects=verb_objects,
        verb_subjects=[
            (frozenset(r["verbs"]), r["subjects"], r["subtype"]) for r in data["verb_subject"]
        ],
        noun_blockers={k: tuple(v) for k, v in data["noun_blockers"].items()},
        noun_requires={k: tuple(v) for k, v in data["noun_requires"].items()},
        instrument_nouns={k: v for k, v in data["instrument_nouns"].items() if isinstance(v, str)},
        military_words=frozenset(data["instrument_nouns"]["military_words"]),
        absorbs={k: frozenset(v) for k, v in data["absorbs"].items()},
        instruments=[(k, tuple(v)) for k, v in data["instruments"].items()],
        modes={k: frozenset(v) for k, v in modes.items() if isinstance(v, list)},
        stance_modes=dict(modes["stances"]),
        passive_none=frozenset(data["not_events"]["passive_verbs"]),
        stative_heads=frozenset(data["not_events"]["stative_heads"]),
        actors={k: frozenset(v) for k, v in actors.items() if isinstance(v, list)},
        recipient_preps={k: tuple(v) for k, v in actors["recipient_preps"].items()},
        noun_recipient_preps=tuple(actors["noun_recipient_preps"]),
        topic_preps=tuple(actors["topic_preps"]),
        place_preps=tuple(actors["place_preps"]),
        max_climb=int(actors["max_climb"]),
        roles={k: tuple(v) for k, v in data["roles"].items()},
        lemma_endings=tuple(data["morphology"]["endings"]),
        plover_v1=dict(data["plover_v1"]),
        plover_v1_modes=list(data["plover_v1_mode"]),
        contexts=[
            (frozenset(c["subtypes"]), tuple(c["words"]), c["subtype"]) for c in data["context"]
        ],
        capitalised=frozenset(data["not_events"]["capitalised"]),
        acled=list(data["acled"]),
        acled_combinations=list(data["acled_combination"]),
        acled_words={k: frozenset(v) for k, v in data["acled_words"].items()},
    )


PLOVER_TYPES = (
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
)
