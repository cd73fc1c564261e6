"""Attributions with no source: "Trump is expected to win", "the figures appear to be
fabricated", "it seems that …". The content is the subject with what is said of it; the
speaker is unknown (null)."""

from __future__ import annotations

from spacy.tokens import Token

from wirewatch.extract.statements.article import ParsedArticle, sentence_tokens
from wirewatch.extract.statements.draft import Draft
from wirewatch.extract.statements.syntax import agent_of, char_span, is_passive, trim

_PREDICATES = ("xcomp", "acomp", "oprd", "attr")  # "appeared poised to win"


def find_hedges(art: ParsedArticle, used: set[int]) -> list[Draft]:
    """Drafts for "appears to", "seems", and agentless passives ("is expected to")."""
    drafts = []
    for i in art.verbs:
        if i in used or art.in_quote[i]:
            continue
        token = art.doc[i]
        lemma = token.lemma_.lower()
        if lemma in art.lex.hedge_verbs:
            draft = _hedge(art, token, lemma)
        elif lemma in art.lex.hedge_passives and is_passive(token) and agent_of(token) is None:
            draft = _hedge(art, token, lemma)
        else:
            continue
        if draft is not None:
            used.add(token.i)
            drafts.append(draft)
    return drafts


def unsourced(hedges: list[Draft], sourced: list[Draft]) -> list[Draft]:
    """The hedges outside every sourced statement: "more troops are expected to be deployed,
    the NATO chief claimed" is the NATO chief's claim, not an attribution with no source."""
    return [h for h in hedges if not any(_inside(h, d) for d in sourced)]


def _inside(hedge: Draft, statement: Draft) -> bool:
    return all(any(s <= a and b <= e for s, e in statement.pieces) for a, b in hedge.pieces)


def _hedge(art: ParsedArticle, verb: Token, lemma: str) -> Draft | None:
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    predicate = next((c for c in verb.rights if c.dep_ in _PREDICATES), None)
    clause = next((c for c in verb.rights if c.dep_ == "ccomp"), None)
    if subject is not None and subject.lower_ == "it" and clause is not None:
        ranges = [(clause.left_edge.i, clause.right_edge.i + 1)]  # "it appears (that) …"
    elif subject is not None and predicate is not None and _infinitive_or_state(predicate):
        ranges = [
            (subject.left_edge.i, subject.right_edge.i + 1),
            (predicate.left_edge.i, predicate.right_edge.i + 1),
        ]
    else:
        return None
    if subject.tag_ in ("WDT", "WP") and len(ranges) == 2:
        ranges[0] = (verb.head.left_edge.i, verb.head.i + 1)  # "a year expected to …"
    pieces = []
    for first, last in ranges:
        first, last = art.within_paragraph(first, last, verb.i)
        first, last = trim(art.doc, *art.whole_quotes(first, last))
        if last > first:
            pieces.append(char_span(art.doc, first, last))
    words = sum(1 for s, e in pieces for t in art.doc[slice(*art.tokens_of(s, e))] if t.is_alpha)
    if not pieces or words < 3:
        return None
    draft = Draft(pieces, cue=lemma, cue_span=(verb.idx, verb.idx + len(verb.text)))
    draft.via_scope = sentence_tokens(art, verb)
    return draft


def _infinitive_or_state(predicate: Token) -> bool:
    """'to be competitive', 'poised to win', 'likely to', not 'appeared on television'."""
    if predicate.dep_ == "xcomp":
        return any(c.tag_ == "TO" for c in predicate.children)
    return predicate.pos_ in ("ADJ", "VERB")
