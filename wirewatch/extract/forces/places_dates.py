"""Where and when: the place under a locative (or origin) preposition of the phrase or its
verb ("in Belarus", "from Germany to Romania"), places elsewhere in a sentence about forces,
and the time expression of the phrase's clause.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from spacy.tokens import Token

from wirewatch.extract.forces.context import about_forces
from wirewatch.extract.forces.grammar import VERBS, governor
from wirewatch.records import Place, Timex

if TYPE_CHECKING:
    from wirewatch.extract.forces.context import ArticleContext
    from wirewatch.extract.forces.finder import Found
    from wirewatch.extract.forces.lexicon import Lexicon


@dataclass
class Where:
    place: Place | None = None
    text: str | None = None
    origin: Place | None = None


_CLAUSES = {"relcl", "acl", "advcl", "ccomp", "xcomp", "parataxis", "punct", "cc", "mark"}


def where_of(found: Found, ctx: ArticleContext) -> Where:
    where = Where()
    for prep in _preps(found):
        word = prep.lower_
        if word in ctx.lex.origin and where.origin is None:
            where.origin = _place_under(prep, ctx)[0]
        elif word in ctx.lex.locative and where.place is None:
            where.place, where.text = _place_under(prep, ctx)
    return where


def _preps(found: Found) -> list[Token]:
    """Prepositions that can place the phrase: its own, those of a participle on it
    ("troops stationed in"), of its verb and of the verb that one carries on in ("are
    expected to be deployed in")."""
    head, outer = found.head, found.outer
    preps = [c for c in (*head.rights, *outer.rights) if c.dep_ == "prep"]
    for acl in (c for c in head.rights if c.dep_ in ("acl", "relcl")):
        preps += [c for c in acl.children if c.dep_ == "prep"]
    verb = governor(outer)
    if verb is not None:
        for v in (verb, *(c for c in verb.children if c.dep_ == "xcomp")):
            preps += [c for c in v.children if c.dep_ == "prep"]
    return list(dict.fromkeys(preps))


def _place_under(prep: Token, ctx: ArticleContext) -> tuple[Place | None, str | None]:
    """The first resolved place under a preposition, and the prepositional phrase's text
    ("near Ukraine's borders", "to Poland and Germany")."""
    tokens = [t for o in prep.children if o.dep_ in ("pobj", "pcomp") for t in _place_phrase(o)]
    if not tokens:
        return None, None
    inside = {t.i for t in tokens}
    end = max(t.idx + len(t) for t in tokens)
    for p in ctx.places:
        span = ctx.doc.char_span(p.start, p.end, alignment_mode="expand")
        if span is not None and all(i in inside for i in range(span.start, span.end)):
            return p, ctx.doc.text[prep.idx : end]
    return None, None


def _place_phrase(obj: Token, preps: int = 1) -> list[Token]:
    """The tokens of a prepositional object that can say where: its modifiers, conjuncts
    and one nested prepositional phrase ("the west of Belarus", "an airfield near Minsk"),
    not its clauses ("... which increase the threat") nor deeper phrases ("in response to an
    attack on a ship in Kuwaiti waters")."""
    tokens = [obj]
    for child in obj.children:
        if child.dep_ in _CLAUSES:
            continue
        if child.dep_ == "prep":
            if preps:
                objects = (c for c in child.children if c.dep_ == "pobj")
                tokens += [child, *(t for o in objects for t in _place_phrase(o, preps - 1))]
        else:
            tokens += _place_phrase(child, preps)
    return tokens


def located_tokens(tokens: Iterable[Token], lex: Lexicon) -> set[int]:
    """Tokens under locative or origin prepositions: "around Ukraine", "from Germany"."""
    found: set[int] = set()
    for t in tokens:
        if t.dep_ == "prep" and t.lower_ in lex.locative | lex.origin:
            for obj in t.children:
                if obj.dep_ in ("pobj", "pcomp"):
                    found.update(x.i for x in obj.subtree)
    return found


def sentence_places(tokens: Sequence[Token], ctx: ArticleContext) -> list[tuple[Place, str]]:
    """Places under locative prepositions elsewhere in a sentence that are about forces: on a
    verb or a context noun whose phrase names forces, weapons or imagery ("the imagery ...
    was taken near X", "a movement of forces into X"; not "a broadcast monitored in X", "a
    report on arms sales to X", nor "a ship in Kuwaiti waters", another force's place)."""
    found = []
    for t in tokens:
        if t.dep_ != "prep" or t.lower_ not in ctx.lex.locative:
            continue
        head = t.head
        if head.pos_ not in VERBS and head.lemma_.lower() not in ctx.lex.context:
            continue
        outside = range(t.left_edge.i, t.right_edge.i + 1)
        if not about_forces([x for x in head.subtree if x.i not in outside], ctx):
            continue
        place, text = _place_under(t, ctx)
        if place is not None and text is not None:
            found.append((place, text))
    return found


def when_of(found: Found, sent: tuple[int, int], ctx: ArticleContext) -> Timex | None:
    """The timex of the phrase's clause, else the nearest in its sentence."""
    inside = [t for t in ctx.timexes if sent[0] <= t.start and t.end <= sent[1]]
    if not inside:
        return None
    verb = governor(found.outer) or found.head
    clause = (verb.left_edge.idx, verb.right_edge.idx + len(verb.right_edge))
    own = [t for t in inside if clause[0] <= t.start and t.end <= clause[1]] or inside
    return min(own, key=lambda t: abs(t.start - found.head.idx))


def first_timex_in(bounds: tuple[int, int], ctx: ArticleContext) -> Timex | None:
    return next((t for t in ctx.timexes if bounds[0] <= t.start and t.end <= bounds[1]), None)
