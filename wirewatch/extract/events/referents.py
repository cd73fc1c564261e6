"""Noun phrases to entity ids: names the entity stage found (a capital acting stands for
its government, "Russia-Belarus" is both), first-person pronouns to the quote's speaker,
"he" to the last person named, "they" / "both countries" to the last actors named together,
"the ministry" to the last phrase with the same noun, and owners in modifiers ("Russian
troops", "members of Hamas").
"""

from __future__ import annotations

from bisect import bisect_left
from typing import TYPE_CHECKING

from spacy.tokens import Token

from wirewatch.extract.events.grammar import MODIFIER_DEPS, SUBJECT_DEPS
from wirewatch.records import Mention

if TYPE_CHECKING:
    from wirewatch.extract.events.context import ArticleContext


ACTOR_LABELS = frozenset({"PERSON", "ORG", "COUNTRY", "GOV", "NORP", "ROLE", "GROUP", "UNIT"})


def entity_ids(ctx: ArticleContext, mention: Mention) -> list[str]:
    """The entities a mention names as an actor: a government for its seat ("the Kremlin",
    "Kyiv"), every country of a hyphenated pair ("Russia-Belarus")."""
    if mention.stands_for:
        return [mention.stands_for]
    pair = [p for p in mention.text.replace("–", "-").split("-") if p]
    if len(pair) > 1:
        ids = [ctx.kb.resolve_alias(p.strip()) for p in pair]
        if all(ids):
            return [i for i in ids if i]
    return [ctx.kb.seat_of.get(mention.entity_id, mention.entity_id)]


def resolve(
    ctx: ArticleContext, head: Token, depth: int = 0, recipient: bool = False
) -> tuple[list[str], str]:
    """Entity ids and text of the noun phrase headed by ``head``, with its conjuncts. A
    recipient may be named in an "of" complement ("the expansion of NATO")."""
    heads = [head, *(c for c in head.conjuncts if c.i > head.i)]
    ids: list[str] = []
    for token in heads:
        for entity_id in _resolve_one(ctx, token, depth, recipient):
            if entity_id not in ids:
                ids.append(entity_id)
    return ids, phrase_text(ctx, heads, whole=recipient)


def phrase_text(ctx: ArticleContext, heads: list[Token], whole: bool = False) -> str:
    """The phrase from its first modifier to its last head, within the head's paragraph
    (a headline run into the next sentence by the parser stays out). ``whole``: with the
    complements after the head (``[roles] recipient_right_deps``), as a recipient is named:
    "a military base in Borno state", "dozens of political activists"."""
    start = min(_phrase_start(ctx, h) for h in heads)
    end = max(_phrase_end(ctx, h, whole) for h in heads)
    while end > start and ctx.doc[end].is_punct:
        end -= 1
    text = ctx.doc[start : end + 1].text
    return text.rsplit("\n", 1)[-1].strip() if "\n" in text else text


def _phrase_end(ctx: ArticleContext, head: Token, whole: bool = False) -> int:
    """A noun naming members of a body takes its "of" complement along: "members of the
    New People's Army", "dozens of people"; a whole phrase every complement after it."""
    if whole:
        deps = ctx.lex.roles["recipient_right_deps"]
        return max([head.i, *(_last_word(c, ctx) for c in head.rights if c.dep_ in deps)])
    lemma = head.lemma_.lower()
    if lemma in ctx.lex.actors["agent_nouns"] or lemma in ctx.lex.actors["wrappers"]:
        for prep in head.rights:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                return prep.right_edge.i
    return head.i


def _last_word(token: Token, ctx: ArticleContext) -> int:
    """The last word of the token's phrase, leaving out the clauses hanging in it
    (``[roles] clause_deps``): "one of two men(, who are facing ...)"."""
    clauses = ctx.lex.roles["clause_deps"]
    return max([token.i, *(_last_word(c, ctx) for c in token.rights if c.dep_ not in clauses)])


def _phrase_start(ctx: ArticleContext, head: Token) -> int:
    left = [c for c in head.lefts if c.dep_ in (*MODIFIER_DEPS, "det", "nummod", "quantmod")]
    return min([head.i, *(c.left_edge.i for c in left)])


def _resolve_one(
    ctx: ArticleContext, token: Token, depth: int, recipient: bool = False
) -> list[str]:
    mention = ctx.mention_at.get(token.i)
    if mention is not None and mention.label != "MISC":
        return [*_hyphen_partners(ctx, token), *entity_ids(ctx, mention)]
    if mention is not None:
        ids = entity_ids(ctx, mention)
        if ids and ids[0] in ctx.kb.entities:
            return ids
    word = token.lower_
    if word in ctx.lex.actors["first_person"]:
        return _speaker(ctx, token)
    if word in ctx.lex.actors["personal_pronouns"]:
        return _person_before(ctx, token)
    if word in ctx.lex.actors["plural_anaphors"] or _plural_anaphor(ctx, token):
        return _coordination_before(ctx, token)
    owned = owners_in(ctx, token, depth, recipient)
    if owned:
        return owned
    if depth == 0 and token.pos_ == "NOUN" and any(c.lower_ == "the" for c in token.lefts):
        return _same_noun_before(ctx, token)
    return []


def _hyphen_partners(ctx: ArticleContext, token: Token) -> list[str]:
    """The names a hyphen joins to this one's left: "Russia" in "Russia-Belarus war games"
    when the two are separate mentions."""
    ids: list[str] = []
    first = _mention_start(ctx, token.i)
    doc = ctx.doc
    while first >= 2 and doc[first - 1].text in ("-", "–"):
        if doc[first - 2].whitespace_ or doc[first - 1].whitespace_:
            break  # "Russia - Belarus": a dash between phrases, not a pair
        partner = ctx.mention_at.get(first - 2)
        if partner is None or partner.label not in ACTOR_LABELS:
            break
        ids = [*entity_ids(ctx, partner), *ids]
        first = _mention_start(ctx, first - 2)
    return ids


def _mention_start(ctx: ArticleContext, i: int) -> int:
    """The first token of the mention covering token ``i``."""
    mention = ctx.mention_at.get(i)
    while i > 0 and ctx.mention_at.get(i - 1) is mention:
        i -= 1
    return i


def _plural_anaphor(ctx: ArticleContext, token: Token) -> bool:
    """ "both countries", "the two sides", "the parties"."""
    return token.tag_ == "NNS" and (
        token.lower_ in ctx.lex.actors["plural_anaphors"]
        or any(c.lower_ in ctx.lex.roles["plural_counters"] for c in token.children)
    )


def owners_in(ctx: ArticleContext, token: Token, depth: int, recipient: bool = False) -> list[str]:
    """Entities in the phrase's modifiers: "Ukraine's defence attaché", "Russian troops",
    "members of Hamas" (the "of" complement for nouns naming people or bodies, and for
    recipients)."""
    if depth > 2:
        return []
    ids: list[str] = []
    for child in token.children:
        if child.dep_ in MODIFIER_DEPS and (
            child.dep_ != "amod" or ctx.mention_at.get(child.i) is not None
        ):
            ids += resolve(ctx, child, depth + 1)[0]
    agent = token.lemma_.lower() in ctx.lex.actors["agent_nouns"]
    if not ids and (agent or recipient):
        for prep in token.children:
            if prep.dep_ == "prep" and prep.lower_ in ctx.lex.roles["owner_preps"]:
                for pobj in prep.children:
                    if pobj.dep_ == "pobj":
                        ids += resolve(ctx, pobj, depth + 1)[0]
    return list(dict.fromkeys(ids))


def _speaker(ctx: ArticleContext, token: Token) -> list[str]:
    statement = ctx.statement_at(token.idx)
    return [statement.speaker] if statement and statement.speaker else []


def _actor_mentions_before(ctx: ArticleContext, token: Token, sentences: int) -> list[Mention]:
    """Actor mentions before the token, back to the start of an earlier sentence."""
    start = ctx.sentence(token, sentences).start_char
    first = bisect_left(ctx.mention_starts, start)
    last = bisect_left(ctx.mention_starts, token.idx)
    return [
        m
        for m in ctx.mentions[first:last]
        if m.label in ACTOR_LABELS or m.entity_id in ctx.kb.seat_of
    ]


def _person_before(ctx: ArticleContext, token: Token) -> list[str]:
    """ "he": the last person named before, in the same sentence (an object pronoun) or
    up to two sentences back (a subject)."""
    back = 2 if token.dep_ in SUBJECT_DEPS + ("poss",) else 0
    for mention in reversed(_actor_mentions_before(ctx, token, back)):
        entity_id = entity_ids(ctx, mention)[0]
        if entity_id.startswith("person/") or mention.label in ("PERSON", "ROLE"):
            return [entity_id]
    sent = ctx.sentence(token)
    for earlier in reversed(list(sent)[: token.i - sent.start]):
        if earlier.lemma_.lower() in ctx.lex.actors["agent_nouns"] and earlier.pos_ == "NOUN":
            owned = owners_in(ctx, earlier, 1)
            if owned:
                return owned
    return _main_subject_person(ctx, token)


def _main_subject_person(ctx: ArticleContext, token: Token) -> list[str]:
    """ "In his meeting with Duda, Stoltenberg ...": a possessive pronoun in a fronted
    phrase points forward to the sentence's subject."""
    if token.dep_ != "poss":
        return []
    root = ctx.sentence(token).root
    subject = next((c for c in root.children if c.dep_ in SUBJECT_DEPS), None)
    mention = ctx.mention_at.get(subject.i) if subject is not None else None
    if mention is not None and subject.i > token.i and mention.label in ("PERSON", "ROLE"):
        return entity_ids(ctx, mention)
    return []


def _coordination_before(ctx: ArticleContext, token: Token) -> list[str]:
    """ "they", "both countries": the last actors named together ("Russia and China")."""
    mentions = _actor_mentions_before(ctx, token, 2)
    best: list[str] = []
    run: list[Mention] = []
    for mention in mentions:
        if run and _joined(ctx, run[-1], mention):
            run.append(mention)
        else:
            run = [mention]
        if len(run) > 1:
            best = [i for m in run for i in entity_ids(ctx, m)]
    if not best and mentions:
        ids = entity_ids(ctx, mentions[-1])
        best = ids if len(ids) > 1 else []
    return list(dict.fromkeys(best))


def _joined(ctx: ArticleContext, left: Mention, right: Mention) -> bool:
    gap = ctx.article.text[left.end : right.start]
    words = gap.replace(",", " , ").split()
    return bool(words) and all(w in ctx.lex.roles["joiners"] for w in words)


def _same_noun_before(ctx: ArticleContext, token: Token) -> list[str]:
    """ "the ministry": the entities of the last phrase with the same noun."""
    lemma = token.lemma_.lower()
    start = ctx.sentence(token, 3).start
    for earlier in reversed(ctx.doc[start : token.i]):
        if earlier.lemma_.lower() == lemma:
            ids = _resolve_one(ctx, earlier, 1)
            if ids:
                return ids
    return []
