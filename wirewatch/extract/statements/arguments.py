"""A cue's arguments: its speaker, its target and the dependents that hold its content."""

from __future__ import annotations

from spacy.tokens import Token

from wirewatch.extract.statements.article import ParsedArticle
from wirewatch.extract.statements.draft import Draft
from wirewatch.extract.statements.quotes import Quote
from wirewatch.extract.statements.syntax import (
    agent_of,
    char_span,
    inverted_speaker,
    is_passive,
    noun_phrase,
    subject_of,
    subject_outside_quotes,
)
from wirewatch.records import Span


def draft_from_cue(
    art: ParsedArticle, cue: Token, pieces: list[Span], beside: Quote | None = None
) -> Draft | None:
    """A draft with the cue's speaker (and target) filled in; None when it has no speaker.
    ``beside``: the quotation the cue stands next to."""
    source = art.source_phrase_at(cue)
    if source is not None:
        obj = next((c for c in source.children if c.dep_ == "pobj"), None)
        if obj is None:
            return None
        last = source.i
        draft = Draft(pieces, cue=" ".join(t.lower_ for t in art.doc[cue.i : last + 1]))
        draft.cue_span = char_span(art.doc, cue.i, last + 1)
        draft.speaker_head = obj
        draft.speaker = noun_phrase(obj)
        return draft
    lemma = art.cue_of(cue) or cue.lemma_.lower()
    draft = Draft(pieces, cue=lemma, cue_span=(cue.idx, cue.idx + len(cue.text)))
    speaker = agent_of(cue) if is_passive(cue) else subject_of(cue) or agent_of(cue)
    if beside is not None and (speaker is None or art.in_quote[speaker.i]):
        speaker = subject_outside_quotes(art, cue) or inverted_speaker(cue)
    if speaker is None and beside is None:
        speaker = _name_before(art, cue)
    if speaker is None:
        return None
    draft.speaker = noun_phrase(speaker)
    # "Stoltenberg, who said …": the speaker as written is "who"; the entity, its antecedent.
    relative = speaker.tag_ in ("WP", "WDT") and cue.dep_ == "relcl"
    draft.speaker_head = cue.head if relative else speaker
    draft.target = _target(art, cue, lemma)
    draft.via = art.lex.via_verbs.get(lemma)
    return draft


def _name_before(art: ParsedArticle, cue: Token) -> Token | None:
    """A name right before a cue that has no subject: the parser took it into the phrase
    before ("In a meeting with the board of the Washington Post Trump said that …")."""
    if cue.i == 0 or cue.dep_ not in ("ROOT", "ccomp", "conj"):
        return None
    if any(c.dep_ in ("nsubj", "nsubjpass", "csubj", "expl") for c in cue.children):
        return None
    name = art.doc[cue.i - 1]
    if name.pos_ != "PROPN" or art.in_quote[name.i] or name.dep_ == "compound":
        return None
    return name


def _target(art: ParsedArticle, cue: Token, lemma: str) -> Token | None:
    """Whom the cue aims at: its object ("accused Ukraine"), or the object of the phrasal
    verb's preposition ("called on Minsk to ...")."""
    verb, _, particle = lemma.partition(" ")
    if particle:
        prep = art.lex.phrasal.get((verb, particle), ("", ""))[1]
        for child in cue.children:
            if child.dep_ == "prep" and child.lower_ == prep:
                return next((c for c in child.children if c.dep_ == "pobj"), None)
        return None
    if lemma not in art.lex.object_target:
        return None
    if is_passive(cue):
        return next((c for c in cue.children if c.dep_ == "nsubjpass"), None)
    return next((c for c in cue.children if c.dep_ in ("dobj", "dative")), None)


def content_children(art: ParsedArticle, cue: Token, lemma: str) -> list[Token]:
    """The dependents of a cue that hold its content, in the order of preference."""
    lex = art.lex
    verb = lemma.partition(" ")[0]
    para = art.paragraph_of(cue.i)  # the parser runs headlines into the sentence below
    kids = [c for c in cue.children if art.paragraph_of(c.i) == para]
    objects = [c for c in kids if c.dep_ == "dobj"]
    if objects and lemma not in lex.name_content and _names_entity(art, objects[0]):
        objects = []  # "accused Ukraine": a target, not what was said
    clauses = [
        c for c in kids if c.dep_ == "ccomp" or (c.dep_ == "advcl" and c.left_edge.lower_ == "that")
    ]  # the parser sometimes reads "tweeted that …" as an adverbial clause
    if clauses:  # one side: 'X said A; Y said B' may hang both clauses on one cue
        after = [c for c in clauses if c.i > cue.i]
        chosen = after or clauses[-1:]
        if lemma in lex.object_content and objects and objects[0].i < chosen[0].i:
            return objects[:1] + chosen  # 'cited remarks Trump had made …'
        return chosen
    as_phrase = [c for c in kids if c.dep_ == "prep" and c.lower_ == "as"]
    if objects and as_phrase and lemma not in lex.to_content:
        return objects[:1] + as_phrase  # 'blasted Clinton as a creature of …'
    if lemma in lex.call_naming:  # "called the move "an attempt …"", not "called the police"
        named = [c for c in kids if c.dep_ in ("oprd", "attr", "xcomp")]
        if named and objects:
            return objects + named
        if lemma not in lex.object_content:
            return []
    if lemma in lex.to_content or verb in lex.to_content or lemma in lex.phrasal_to_content:
        infinitives = [c for c in kids if c.dep_ == "xcomp"]
        if not infinitives and lemma in lex.phrasal_to_content:
            for prep in (c for c in kids if c.dep_ == "prep"):
                for obj in (c for c in prep.children if c.dep_ == "pobj"):
                    infinitives += [c for c in obj.children if c.dep_ in ("acl", "relcl")]
        if infinitives:
            return infinitives
    preps = lex.prep_content.get(lemma, frozenset())
    for prep in (c for c in kids if c.dep_ == "prep" and c.lower_ in preps):
        objects = [c for c in prep.children if c.dep_ in ("pobj", "pcomp")]
        if objects:
            return objects
    if lemma in lex.object_content:
        if is_passive(cue):
            return [c for c in kids if c.dep_ == "nsubjpass"]
        return objects[:1]
    if lemma in lex.document_object and objects:  # "satellite images show details of …"
        subject = subject_of(cue)
        if subject is not None and subject.lemma_.lower() in lex.documents:
            return objects[:1]
    return []


def _names_entity(art: ParsedArticle, token: Token) -> bool:
    """Whether a noun phrase is just a name ("Ukraine", "the NATO chief"): a target, not
    content."""
    first, last = noun_phrase(token)
    start, end = char_span(art.doc, first, last)
    return token.pos_ in ("PROPN", "PRON") or any(
        m.start <= token.idx < m.end for m in art.mentions_in(start, end)
    )
