"""Force postures in one article: whose force, what kind, how many, where, when, per whom.

A force is a noun phrase headed by a force-kind noun ("troops", "warships", "battalion
tactical groups") or holding a weapon system the entity stage found ("15 Su-25 ground attack
aircraft", "an S-400 air defence system"). It must be counted ("some 30,000", "more than
100,000", "dozens of", "between 5,000 and 7,000") or name a weapon system; a phrase that is
lost, fired, bought or sold ("killed 30 soldiers", "fired three missiles") is no posture.

The stage is a chain of small components, each tested alone
(``tests/test_forces_<component>.py``); every word list is in ``wirewatch/data/forces.toml``
(read once per process by :mod:`.lexicon`):

- :mod:`.lexicon`      the TOML data, indexed for matching;
- :mod:`.counts`       words to a count with bounds ("some 30,000", "more than 100,000",
                       "dozens", "between 5,000 and 7,000");
- :mod:`.grammar`      small questions put to the parse (governing verb, subject, head);
- :mod:`.context`      one article's mentions, places, times and sentences by token;
- :mod:`.kinds`        force kind and weapon system of a phrase;
- :mod:`.finder`       candidate heads, and the force phrase with its count in the parse;
- :mod:`.posture`      posture or not (a loss, an attack, a sale, a target figure);
- :mod:`.owner`        whose force: in the phrase, the deploying verb's subject, the sentence;
- :mod:`.places_dates` where (and where from) and when;
- :mod:`.source`       per whom: the statement, "according to", the reporting verb, imagery;
- :mod:`.assemble`     the Force record, with context from the sentences before.

See ``docs/forces.md``.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc

from wirewatch.extract.forces.assemble import assemble_force
from wirewatch.extract.forces.context import ArticleContext
from wirewatch.extract.forces.counts import Count, parse_count
from wirewatch.extract.forces.finder import candidates, find_force
from wirewatch.extract.forces.lexicon import Lexicon, lexicon
from wirewatch.extract.forces.posture import is_posture
from wirewatch.knowledge import knowledge
from wirewatch.records import Article, Force, Mention, Place, Statement, Timex

__all__ = ["Count", "Lexicon", "extract_forces", "lexicon", "parse_count"]


def extract_forces(
    doc: Doc,
    article: Article,
    mentions: Sequence[Mention],
    timexes: Sequence[Timex],
    places: Sequence[Place],
    statements: Sequence[Statement],
) -> list[Force]:
    """The force postures of one parsed article, in text order (see the module doc)."""
    lex = lexicon()
    ctx = ArticleContext(doc, article, mentions, timexes, places, statements, lex, knowledge())
    forces: list[Force] = []
    owner = None
    for head in candidates(doc, ctx):
        found = find_force(head, ctx)
        if found is None or not is_posture(found, lex):
            continue
        force = assemble_force(found, ctx, owner)
        if force is not None:
            forces.append(force)
            owner = force.owner or owner
    return forces
