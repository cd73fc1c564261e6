"""Nouns as cues: "his call for a ceasefire", "the Kremlin's claim that …", "issued a warning
that …", "criticism from Republicans of the deal".

A noun from ``[nouns]`` in ``data/cues.toml`` is a cue when it has content, a clause ("the
claim that …"), a to-infinitive ("his promise to …") or a preposition of its frame ("support
for …"), and a source: its possessor ("his", "Trump's"), a "from"/"by" phrase, or the subject
of a support verb it is the object of ("voiced hope that …", "issued a warning that …").
"""

from __future__ import annotations

from spacy.tokens import Token

from wirewatch.extract.statements.article import ParsedArticle, sentence_tokens
from wirewatch.extract.statements.draft import Draft
from wirewatch.extract.statements.syntax import char_span, noun_phrase, subject_of, trim


def find_noun_cues(art: ParsedArticle, used: set[int]) -> list[Draft]:
    """Drafts for the cue nouns of an article that have both content and a source."""
    drafts = []
    for i in art.nouns:
        if i in used or art.in_quote[i]:
            continue
        token = art.doc[i]
        lemma = token.lemma_.lower()
        if lemma not in art.lex.noun_stance:
            continue
        draft = _noun_draft(art, token, lemma)
        if draft is not None:
            used.add(token.i)
            drafts.append(draft)
    return drafts


def _noun_draft(art: ParsedArticle, noun: Token, lemma: str) -> Draft | None:
    content = _content(art, noun, lemma)
    if content is None:
        return None
    source = _source(art, noun)
    if source is None:
        return None
    first, last = content
    speaker = noun_phrase(source)
    if speaker[0] < last and first < speaker[1]:
        return None
    draft = Draft([char_span(art.doc, first, last)], cue=lemma)
    draft.cue_span = (noun.idx, noun.idx + len(noun.text))
    draft.speaker, draft.speaker_head = speaker, source
    draft.via_scope = sentence_tokens(art, noun)
    return draft


def _content(art: ParsedArticle, noun: Token, lemma: str) -> tuple[int, int] | None:
    """The clause, to-infinitive or prepositional object the noun introduces."""
    preps = art.lex.noun_prep_content.get(lemma, frozenset())
    for child in noun.rights:
        if child.dep_ in ("acl", "ccomp", "relcl") and _introduces(art, child):
            return _settled(art, noun, child.left_edge.i, child.right_edge.i + 1)
        if child.dep_ == "prep" and child.lower_ in preps:
            objects = [c for c in child.children if c.dep_ in ("pobj", "pcomp")]
            if objects:
                return _settled(art, noun, objects[0].left_edge.i, child.right_edge.i + 1)
    return None


def _introduces(art: ParsedArticle, clause: Token) -> bool:
    """A complement clause ("that …") or a to-infinitive, not a relative clause ("the claim
    he made"). The parser often reads the "that" of "a warning that Russia could attack" as
    a relative pronoun: after a cue noun, it is one only before a verb that wants an object
    ("the claim that he made")."""
    first = clause.left_edge
    if clause.dep_ == "relcl" and first.lower_ == "that" and first.head.i == clause.i:
        if first.dep_ in ("nsubj", "nsubjpass"):
            return False  # "the claim that stunned everyone"
        return art.lex.lemma_of(clause) not in art.lex.support_verbs
    for child in clause.children:
        if child.dep_ == "mark" and child.lower_ == "that":
            return True
        if child.dep_ == "aux" and child.tag_ == "TO" and child.i < clause.i:
            return clause.dep_ == "acl"
    return False


def _settled(art: ParsedArticle, noun: Token, first: int, last: int) -> tuple[int, int] | None:
    first, last = art.within_paragraph(first, last, noun.i)
    first, last = trim(art.doc, *art.whole_quotes(first, last))
    words = [t for t in art.doc[first:last] if t.is_alpha]
    return (first, last) if len(words) >= 2 else None


def _source(art: ParsedArticle, noun: Token) -> Token | None:
    """Whose the noun is: its possessor, a "from"/"by" phrase, or the subject of the support
    verb it is the object of."""
    for child in noun.children:
        if child.dep_ == "poss":
            return child
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ in art.lex.noun_source_prepositions:
            obj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if obj is not None:
                return obj
    verb = noun.head
    if noun.dep_ == "dobj" and verb.lemma_.lower() in art.lex.support_verbs:
        subject = subject_of(verb)
        if subject is not None and not art.in_quote[subject.i]:
            return subject
    return None
