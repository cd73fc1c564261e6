"""Walks over the dependency parse shared by the passes: subjects, agents, noun phrases."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from wirewatch.extract.statements.article import ParsedArticle
from wirewatch.records import Span

SUBJECTS = {"nsubj", "nsubjpass", "csubj"}


_SHARED_SUBJECT = {"conj", "advcl", "xcomp", "ccomp", "acl", "relcl", "pcomp"}


_SPEAKER_PARTS = {"compound", "det", "amod", "poss", "nmod", "appos", "flat", "nummod", "case"}


def _non_finite(verb: Token) -> bool:
    """A participle or an infinitive: it takes its subject from the verb it hangs from."""
    if verb.tag_ in ("VBG", "VBN"):
        return not any(c.dep_ in ("aux", "auxpass") and c.tag_ != "TO" for c in verb.children)
    return verb.tag_ == "VB" and any(c.tag_ == "TO" for c in verb.children)


def subject_of(verb: Token) -> Token | None:
    """The verb's subject, or the subject it shares with the verb it hangs from ("Kyiv
    refuted the charge, accusing Belarus ...", "met X and stated that ...", "a statement
    saying ...")."""
    for _ in range(6):
        for child in verb.children:
            if child.dep_ in ("nsubj", "csubj"):
                return child
        head = verb.head
        if head.i == verb.i:
            return None
        if verb.dep_ == "acl" and head.pos_ in ("NOUN", "PROPN") and head.i < verb.i:
            # "a statement saying …"; and the parser's reading of "The NATO boss called X
            # 'a …'" as a reduced relative
            if verb.tag_ == "VBG" or (verb.i == head.i + 1 and not agent_of(verb)):
                return head
            return None
        coordinated = verb.dep_ in ("conj", "parataxis")  # "…, noting X, said"
        if coordinated or (verb.dep_ in _SHARED_SUBJECT and _non_finite(verb)):
            verb = head
            if verb.pos_ == "ADP" and verb.head.i != verb.i:  # "responded by saying"
                verb = verb.head
            continue
        return None
    return None


def agent_of(verb: Token) -> Token | None:
    """The "by" agent of a passive verb ("was welcomed by Stoltenberg")."""
    for child in verb.children:
        if child.dep_ == "agent":
            for grandchild in child.children:
                if grandchild.dep_ == "pobj":
                    return grandchild
    return None


def is_passive(verb: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)


def noun_phrase(head: Token) -> tuple[int, int]:
    """Token range of a noun phrase as written: the head with its modifiers and apposition;
    not its relative clauses or prepositional phrases."""
    start, end = head.i, head.i + 1
    for child in head.children:
        if child.dep_ in _SPEAKER_PARTS:
            start = min(start, child.left_edge.i)
            end = max(end, child.right_edge.i + 1)
    doc = head.doc
    for i in range(head.i - 1, start - 1, -1):  # the phrase stays in its paragraph
        if doc[i].is_space and "\n" in doc[i].text:
            start = i + 1
            break
    for i in range(head.i + 1, end):
        if doc[i].is_space and "\n" in doc[i].text:
            end = i
            break
    while start < end - 1 and (doc[start].is_punct or doc[start].is_space):
        start += 1
    while end - 1 > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    return start, end


def trim(doc: Doc, first: int, last: int, keep_marks: bool = True) -> tuple[int, int]:
    """Token range without edge punctuation and space; quotation marks stay (they belong
    to the content) unless ``keep_marks`` is off."""

    def droppable(token: Token) -> bool:
        if token.is_space:
            return True
        if not token.is_punct:
            return False
        return not (keep_marks and token.is_quote)

    while first < last and droppable(doc[first]):
        first += 1
    while last > first and droppable(doc[last - 1]):
        last -= 1
    return first, last


def char_span(doc: Doc, first: int, last: int) -> Span:
    return doc[first].idx, doc[last - 1].idx + len(doc[last - 1].text)


def subject_outside_quotes(art: ParsedArticle, cue: Token) -> Token | None:
    """The cue's subject outside any quotation: the parser may also hang a word of the
    quotation on the cue as its subject."""
    for child in cue.children:
        if child.dep_ in ("nsubj", "csubj") and not art.in_quote[child.i]:
            return child
    return None


def inverted_speaker(cue: Token) -> Token | None:
    """'"…," added Murphy', '"…," said retired neurosurgeon Ben Carson, asked …': the parser
    may take the name after the verb for its object, or for the subject of the next verb."""
    for child in cue.rights:
        if child.dep_ in ("dobj", "attr", "npadvmod", "oprd", "nsubjpass", "appos", "dative"):
            if child.pos_ in ("PROPN", "NOUN", "PRON"):
                return child
    doc = cue.doc
    for token in doc[cue.i + 1 : min(cue.i + 4, len(doc))]:
        if token.pos_ in ("PROPN", "NOUN", "PRON"):
            while token.dep_ in ("compound", "flat", "amod") and token.head.i > token.i:
                token = token.head
            return token
        if not (token.pos_ in ("ADJ", "DET") or token.dep_ == "amod"):
            return None  # only modifiers may come before the name ("retired neurosurgeon")
    return None
