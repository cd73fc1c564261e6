"""Speakers and targets resolved to entity ids through the entity stage's mentions: names and
roles, metonyms, documents' authors, pronouns and definite descriptions."""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from spacy.tokens import Token

from wirewatch.extract.sentences import sentence_bounds
from wirewatch.extract.statements.article import ParsedArticle
from wirewatch.extract.statements.syntax import SUBJECTS, agent_of, char_span, noun_phrase
from wirewatch.records import Mention

PERSON_LABELS = {"PERSON", "ROLE"}


GROUP_LABELS = {"ORG", "GOV", "COUNTRY", "GROUP", "UNIT"}


_ORG_LABELS = {"ORG", "GOV", "GROUP", "UNIT"}


_SPEAKER_PRIORITY = {"PERSON": 0, "ROLE": 1, "ORG": 2, "GOV": 2, "UNIT": 2, "GROUP": 3}


_ANTECEDENT_SENTENCES = 5


class SpeakerResolver:
    """Speakers and targets to entity ids, through the entity stage's mentions."""

    def __init__(self, art: ParsedArticle):
        self.art = art
        self.subject_mentions: set[int] = set()  # ids of mentions that head a subject
        for i, m in enumerate(art.mentions):
            first, last = art.tokens_of(m.start, m.end)
            root = art.doc[first:last].root
            if root.dep_ in SUBJECTS or (root.dep_ == "appos" and root.head.dep_ in SUBJECTS):
                self.subject_mentions.add(i)

    @staticmethod
    def entity(mention: Mention) -> str:
        return mention.stands_for or mention.entity_id

    def phrase(self, head: Token, span: tuple[int, int]) -> str | None:
        """The entity a phrase names: the mention over its head first, then by type."""
        art = self.art
        if head.pos_ == "PRON" or head.lower_ in art.lex.person_pronouns | art.lex.group_pronouns:
            return self.pronoun(head)
        start, end = char_span(art.doc, *span)
        author = self._author(head)
        if author is not None:
            return author
        found = art.mentions_in(start, end)
        over_head = [m for m in found if m.start <= head.idx < m.end]
        ranked = sorted(
            over_head or found,
            key=lambda m: (_SPEAKER_PRIORITY.get(m.label, 4), -(m.end - m.start), m.start),
        )
        if ranked and (over_head or head.lemma_.lower() not in self.art.lex.documents):
            return self.entity(ranked[0])
        if not found and any(c.dep_ == "det" and c.lower_ in ("the", "this") for c in head.lefts):
            return self.description(head)
        return None

    def description(self, head: Token) -> str | None:
        """A definite description ("the company", "the minister") as an anaphor."""
        noun = head.lemma_.lower()
        if noun in self.art.lex.person_nouns:
            return self.antecedent(head, PERSON_LABELS)
        if noun in self.art.lex.group_nouns:
            return self.antecedent(head, _ORG_LABELS)
        return None

    def _author(self, head: Token) -> str | None:
        """A document's author: "the document, released by the Kremlin", "a Kremlin
        statement", "the ministry's statement"."""
        if head.lemma_.lower() not in self.art.lex.documents:
            return None
        for child in head.children:
            if child.dep_ in ("acl", "relcl"):
                agent = agent_of(child)
                if agent is not None:
                    return self.phrase(agent, noun_phrase(agent))
            if child.dep_ == "prep" and child.lower_ in self.art.lex.author_prepositions:
                # "satellite images of Maxar Technologies", "a statement from the Kremlin"
                for obj in (c for c in child.children if c.dep_ == "pobj"):
                    start, end = char_span(self.art.doc, obj.left_edge.i, obj.right_edge.i + 1)
                    names = [m for m in self.art.mentions_in(start, end) if m.label != "NORP"]
                    if names:
                        return self.entity(names[-1])
        return None

    def pronoun(self, token: Token) -> str | None:
        """The nearest compatible antecedent before a pronoun: the sentence's subjects first,
        sentence by sentence back."""
        word = token.lower_
        if word in self.art.lex.person_pronouns:
            return self.antecedent(token, PERSON_LABELS)
        if word in self.art.lex.group_pronouns:
            return self.antecedent(token, GROUP_LABELS)
        return None

    def antecedent(self, token: Token, labels: set[str]) -> str | None:
        """The nearest mention of a compatible type before a token, outside quotations; in
        each sentence, going back, a subject first."""
        art = self.art
        starts, bounds = sentence_bounds(art.doc)
        here = max(bisect_right(starts, token.idx) - 1, 0)
        for index in range(here, max(here - _ANTECEDENT_SENTENCES, -1), -1):
            sent_start, sent_end = bounds[index]
            limit = min(sent_end, token.idx)
            candidates = [
                (i, m)
                for i, m in self.indexed(sent_start, limit)
                if self._compatible(m, labels)
                and not art.in_quote[art.tokens_of(m.start, m.end)[0]]
            ]
            if not candidates:
                continue
            subjects = [m for i, m in candidates if i in self.subject_mentions]
            chosen = (subjects or [m for _, m in candidates])[-1]
            return self.entity(chosen)
        return None

    def quoted(self, mention: Mention) -> bool:
        return self.art.in_quote[self.art.tokens_of(mention.start, mention.end)[0]]

    def indexed(self, start: int, end: int) -> list[tuple[int, Mention]]:
        """(index, mention) of the mentions inside ``start:end``."""
        art = self.art
        lo = bisect_left(art.mention_starts, start)
        found = []
        for i in range(lo, len(art.mentions)):
            m = art.mentions[i]
            if m.start >= end:
                break
            if m.end <= end:
                found.append((i, m))
        return found

    @staticmethod
    def _compatible(mention: Mention, labels: set[str]) -> bool:
        if mention.label in labels:
            return True
        return labels is GROUP_LABELS and mention.stands_for is not None
