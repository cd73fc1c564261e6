"""Multi-word triggers found in the parse: a verb phrase is the verb with the other
words hanging below it ("call on", "go on strike"); a noun phrase is the words spelled around
the head noun in the text ("war games", "letter of protest").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Doc, Token

from wirewatch.extract.events.grammar import descendants, lemmas, matches

if TYPE_CHECKING:
    from wirewatch.extract.events.lexicon import Lexicon


def verb_phrase(lex: Lexicon, verb: Token) -> tuple[str, list[Token]] | None:
    """The longest phrase of the lexicon headed by the verb, with the tokens it covers."""
    for lemma in lemmas(verb):
        for words, subtype in lex.verb_phrases.get(lemma, ()):
            below = list(descendants(verb, 3))
            covered = []
            for n, word in enumerate(words):
                last = n == len(words) - 1
                hit = next(
                    (
                        t
                        for t in below
                        if matches(t, word) and t not in covered and _fits(verb, t, last)
                    ),
                    None,
                )
                if hit is None:
                    break
                covered.append(hit)
            else:
                return subtype, covered
    return None


def _fits(verb: Token, token: Token, last: bool) -> bool:
    """A preposition ending a phrase must follow the verb ("called on Minsk", not "handed a
    letter ... over the violation"); particles and other words may be anywhere below."""
    return not (last and token.dep_ == "prep" and token.i != verb.i + 1)


def noun_phrase(lex: Lexicon, noun: Token) -> tuple[str, list[Token]] | None:
    doc = noun.doc
    for form in (noun.lower_, noun.lemma_.lower()):
        for words, head, subtype in lex.noun_phrases.get(form, ()):
            tokens = _aligned(doc, noun.i, words, head)
            if tokens is not None:
                return subtype, tokens
    return None


def _aligned(doc: Doc, at: int, words: tuple[str, ...], head: int) -> list[Token] | None:
    """The tokens around ``at`` spelling ``words`` with ``words[head]`` at ``at`` (hyphens
    in the text are skipped)."""
    tokens, i = [], at
    for word in reversed(words[:head]):  # leftwards
        i -= 1
        while i >= 0 and doc[i].text in ("-", "–"):
            i -= 1
        if i < 0 or not matches(doc[i], word):
            return None
        tokens.append(doc[i])
    i = at
    for word in words[head + 1 :]:
        i += 1
        while i < len(doc) and doc[i].text in ("-", "–"):
            i += 1
        if i >= len(doc) or not matches(doc[i], word):
            return None
        tokens.append(doc[i])
    return tokens
