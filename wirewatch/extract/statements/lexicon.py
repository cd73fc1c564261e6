"""The statements stage's data, read once per process: the cue lexicon (``data/cues.toml``),
indexed by lemma, and the typography and pronouns of ``data/statements.toml``."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

from spacy.tokens import Token


@dataclass(frozen=True)
class CueLexicon:
    """``data/cues.toml`` indexed for lookups by lemma, with ``data/statements.toml``."""

    stance: dict[str, str]  # cue lemma -> stance
    lemma_fixes: dict[str, str]  # word form -> lemma, where the lemmatiser slips
    noun_stance: dict[str, str]  # cue noun lemma -> stance
    noun_prep_content: dict[str, frozenset[str]]  # "support for X"
    noun_source_prepositions: frozenset[str]  # "criticism from X"
    support_verbs: frozenset[str]  # "issued a warning": the verb's subject is the source
    hedge_verbs: frozenset[str]  # "appears to": an attribution with no source
    hedge_passives: frozenset[str]  # "is expected to"
    object_target: frozenset[str]
    object_content: frozenset[str]
    to_content: frozenset[str]
    call_naming: frozenset[str]
    name_content: frozenset[str]  # "endorsed Clinton": a name object is the content
    phrasal_to_content: frozenset[str]  # "called on Minsk to withdraw"
    document_object: frozenset[str]  # "the poll shows X": content when a document speaks
    prep_content: dict[str, frozenset[str]]
    phrasal: dict[tuple[str, str], tuple[str, str]]  # (verb, particle) -> (stance, target prep)
    source_phrases: tuple[tuple[str, ...], ...]  # ("according", "to"), ("as", "per"), ...
    source_starts: frozenset[str]  # their first words, to skip most tokens at once
    outlets: dict[tuple[str, ...], str]  # lower-case words -> canonical via
    channels: dict[tuple[str, ...], str]
    channel_prepositions: frozenset[str]  # "in a statement"
    via_verbs: dict[str, str]
    documents: frozenset[str]
    author_prepositions: frozenset[str]  # "a statement from the Kremlin"
    person_nouns: frozenset[str]  # "the minister": refers back to a person
    group_nouns: frozenset[str]  # "the company": refers back to an organisation
    person_pronouns: frozenset[str]
    group_pronouns: frozenset[str]
    closers: dict[str, frozenset[str]]  # opening quotation mark -> the marks that close it
    reopeners: tuple[str, ...]  # marks that reopen a running quotation, longest first
    marks: re.Pattern[str]  # any quotation mark, opening or closing
    signature: re.Pattern[str]  # '… — Name (@handle) date' ending a paragraph
    twitter: re.Pattern[str]  # in a signature: the post is a tweet
    not_labels: frozenset[str]  # 'UPDATE: …', 'Photo: …': no speaker

    def lemma_of(self, token: Token) -> str:
        """The token's lemma, with the parser's known slips mended ("hoping" -> "hop")."""
        return self.lemma_fixes.get(token.lower_) or token.lemma_.lower()

    def stance_of(self, cue: str) -> str | None:
        if cue in self.stance:
            return self.stance[cue]
        if cue in self.noun_stance:
            return self.noun_stance[cue]
        verb, _, particle = cue.partition(" ")
        found = self.phrasal.get((verb, particle))
        return found[0] if found else None


def _surface_forms(table: dict[str, list[str]]) -> dict[tuple[str, ...], str]:
    return {
        tuple(_WORD.findall(form.lower())): canonical
        for canonical, forms in table.items()
        for form in forms
    }


_WORD = re.compile(r"\w+(?:[-.']\w+)*|[^\w\s]")


def _read(name: str) -> dict:
    return tomllib.loads((resources.files("wirewatch") / "data" / name).read_text("utf-8"))


def _alternatives(marks: set[str]) -> re.Pattern[str]:
    """One pattern matching any of ``marks``, the longest first ('' before ')."""
    return re.compile("|".join(re.escape(m) for m in sorted(marks, key=lambda m: -len(m))))


@cache
def cue_lexicon() -> CueLexicon:
    """The cue lexicon, read once per process."""
    data = _read("cues.toml")
    typography = _read("statements.toml")
    closers = {
        mark: frozenset(ends) for mark, ends in typography["quotation_marks"]["closers"].items()
    }
    frames = data["frames"]
    via = data["via"]
    sources = data["source_phrases"]
    stance = {lemma: name for name, lemmas in data["stance"].items() for lemma in lemmas}
    stance |= {phrase: sources["stance"] for phrase in sources["phrases"]}
    nouns = data["nouns"]
    return CueLexicon(
        stance=stance,
        lemma_fixes=dict(data["lemma_fixes"]),
        noun_stance={noun: name for name, ns in nouns["stance"].items() for noun in ns},
        noun_prep_content={k: frozenset(v) for k, v in nouns["prep_content"].items()},
        noun_source_prepositions=frozenset(nouns["source_prepositions"]),
        support_verbs=frozenset(nouns["support_verbs"]),
        hedge_verbs=frozenset(data["hedges"]["verbs"]),
        hedge_passives=frozenset(data["hedges"]["passives"]),
        object_target=frozenset(frames["object_target"]),
        object_content=frozenset(frames["object_content"]),
        to_content=frozenset(frames["to_content"]),
        call_naming=frozenset(frames["call_naming"]),
        name_content=frozenset(frames["name_content"]),
        phrasal_to_content=frozenset(frames["phrasal_to_content"]),
        document_object=frozenset(frames["document_object"]),
        prep_content={k: frozenset(v) for k, v in frames["prep_content"].items()},
        phrasal={
            tuple(k.split(" ", 1)): (stance, prep)  # type: ignore[misc]
            for k, (stance, prep) in data["phrasal"].items()
        },
        source_phrases=tuple(tuple(p.split()) for p in sources["phrases"]),
        source_starts=frozenset(p.split()[0] for p in sources["phrases"]),
        outlets=_surface_forms(via["outlets"]) | _surface_forms(via["platforms"]),
        channels=_surface_forms(via["channels"]),
        channel_prepositions=frozenset(via["channel_prepositions"]),
        via_verbs=dict(data["via_verbs"]),
        documents=frozenset(data["documents"]["nouns"]),
        author_prepositions=frozenset(data["documents"]["author_prepositions"]),
        person_nouns=frozenset(data["anaphora"]["person"]),
        group_nouns=frozenset(data["anaphora"]["organisation"]),
        person_pronouns=frozenset(typography["pronouns"]["person"]),
        group_pronouns=frozenset(typography["pronouns"]["group"]),
        closers=closers,
        reopeners=tuple(sorted(typography["quotation_marks"]["reopen"], key=lambda m: -len(m))),
        marks=_alternatives(set(closers).union(*closers.values())),
        signature=re.compile(typography["posts"]["signature"]),
        twitter=re.compile(typography["posts"]["twitter"]),
        not_labels=frozenset(typography["labelled_lines"]["not_speakers"]),
    )
