"""Reported speech: cue verbs with their complements, and "according to X"."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from wirewatch.extract.sentences import sentence_of
from wirewatch.extract.statements.arguments import content_children, draft_from_cue
from wirewatch.extract.statements.article import ParsedArticle, sentence_tokens
from wirewatch.extract.statements.draft import Draft
from wirewatch.extract.statements.syntax import SUBJECTS, char_span, trim
from wirewatch.records import Span

_OBJECTS = {"dobj", "ccomp", "xcomp", "attr", "oprd", "dative", "prep"}


_MISPARSED = {"dobj", "xcomp", "advcl", "dep", "attr", "oprd"}
_FINITE = {"VBD", "VBZ", "VBP", "MD"}
_RUN_ON = {"advcl", "conj", "cc", "npadvmod", "dep", "punct", "xcomp", "oprd"}
_ADJUNCTS = {"prep", "advmod", "npadvmod", "advcl", "intj", "cc", "mark", "nsubj", "aux"}


def _content_range(art: ParsedArticle, children: list[Token]) -> tuple[int, int]:
    first = min(c.left_edge.i for c in children)
    last = max(c.right_edge.i for c in children) + 1
    return trim(art.doc, first, last)


def _settle(art: ParsedArticle, first: int, last: int, cue: Token) -> tuple[int, int]:
    """A content range kept to the cue's paragraph, with whole quotations, trimmed."""
    first, last = art.within_paragraph(first, last, cue.i)
    first, last = art.whole_quotes(*trim(art.doc, first, last))
    return trim(art.doc, first, last)


def _framing_content(art: ParsedArticle, cue: Token) -> list[tuple[int, int]]:
    """The clause a cue closes or interrupts: 'Troops will stay, the NATO chief claimed',
    'The years that followed, he said, brought a shift', 'People like Scott, he said.'"""
    doc = art.doc
    head = cue.head
    if head.i == cue.i:  # the sentence's root: what stands before its subject
        subject = next((c for c in cue.lefts if c.dep_ in SUBJECTS), None)
        if subject is None or any(c.dep_ in _OBJECTS for c in cue.rights):
            return []
        left = subject.left_edge.i
        if left == 0 or doc[left - 1].text not in (",", "—", "–"):
            return []
        start = art.tokens_of(*sentence_of(doc, cue.idx, cue.idx + 1))[0]
        framed = [c for c in cue.lefts if c.i < left and not c.is_punct]
        if any(c.dep_ in _ADJUNCTS for c in framed):
            return []  # 'In his address, Perez slams …': a setting, not what was said
        return [trim(doc, start, left)] if left - start > 2 else []
    words = [t.i for t in cue.subtree if not t.is_punct]
    left, right = min(words), max(words) + 1
    as_said = any(c.dep_ == "mark" and c.lower_ == "as" for c in cue.children)
    if as_said:  # 'As this reporter revealed, CONTENT'
        runs = [(head.left_edge.i, left), (right, head.right_edge.i + 1)]
        return [r for r in (trim(doc, *run) for run in runs) if r[1] > r[0]]
    if left == 0 or doc[left - 1].text not in (",", "—", "–"):
        return []
    if cue.dep_ not in ("parataxis", "ccomp", "advcl", "conj"):
        return []
    if cue.dep_ == "conj" and any(c.dep_ == "cc" for c in head.children if c.i < cue.i):
        return []  # "X did this and said …"
    if head.i > cue.i and (right >= len(doc) or doc[right].text not in (",", "—", "–")):
        return []
    runs = [(head.left_edge.i, left), (right, head.right_edge.i + 1)]
    return [r for r in (trim(doc, *run) for run in runs) if r[1] > r[0]]


def _misparsed_clause(art: ParsedArticle, cue: Token) -> list[Token]:
    """A clause the parser did not hang on the cue as one: "said he had secured contracts"
    read as "said [contracts]", "said legalizing it could put …" as an open complement. The
    first dependent after the cue that holds a finite verb is the content."""
    for child in cue.rights:
        if child.dep_ not in _MISPARSED or art.paragraph_of(child.i) != art.paragraph_of(cue.i):
            continue
        if any(t.tag_ in _FINITE and not art.in_quote[t.i] for t in child.subtree):
            return [child]
        return []
    return []


def _run_on(art: ParsedArticle, cue: Token, last: int) -> int:
    """Where a content after its cue ends: the parser hangs some of it on the cue ("said
    money is needed to develop a vaccine, educate the public and …"), so what follows the
    clause to the end of the cue's phrase goes with it, unless it attributes on its own."""
    following = [c for c in cue.rights if c.i >= last]
    if not following or cue.i >= last:
        return last
    for child in following:
        if child.dep_ not in _RUN_ON or art.cue_of(child):
            return last
        if any(c.dep_ in SUBJECTS for c in child.children):
            return last
    return max(last, max(c.right_edge.i for c in following) + 1)


def _cut_coordinated(art: ParsedArticle, first: int, last: int, cue: Token, used: set[int]) -> int:
    """Where a content ends before a second attribution coordinated with it ('X said A;
    46 percent said B', '… and Democrats accused …', 'says he respects her and calls her
    "…"', where the second cue attributes a quotation)."""
    doc = art.doc
    for i in range(first, last):
        token = doc[i]
        if token.text == ";":
            return i
        if token.dep_ == "conj" and token.i != cue.i and token.i in used:
            return i - 1 if doc[i - 1].dep_ == "cc" else i
        if token.dep_ == "conj" and token.i != cue.i and art.cue_of(token):
            if any(c.dep_ in SUBJECTS for c in token.children):
                return min(c.left_edge.i for c in token.children if c.dep_ in SUBJECTS)
    return last


def find_reported(art: ParsedArticle, used: set[int]) -> list[Draft]:
    """Pass 3: cue verbs and "according to" with their complements."""
    drafts = []
    doc = art.doc
    for i in sorted(art.predicates + art.source_starts):
        token = doc[i]
        if i in used or art.in_quote[i]:
            continue
        source = art.source_phrase_at(token)
        if source is not None:
            draft = _according(art, token, source)
        else:
            lemma = art.cue_of(token)
            if lemma is None:
                continue
            draft = _reported_from_cue(art, token, lemma, used)
        if draft is not None:
            used.add(token.i)
            drafts.append(draft)
    return drafts


def _around_cue(
    art: ParsedArticle, children: list[Token], first: int, last: int
) -> list[tuple[int, int]]:
    """A content the cue sits inside ("which he said would be its lowest"): the runs of the
    content's own words, without the cue and its speaker."""
    inside = {t.i for child in children for t in child.subtree}
    runs: list[tuple[int, int]] = []
    for i in range(first, last):
        if i not in inside:
            continue
        if runs and runs[-1][1] == i:
            runs[-1] = (runs[-1][0], i + 1)
        else:
            runs.append((i, i + 1))
    return [r for r in (trim(art.doc, *run) for run in runs) if r[1] > r[0]]


def _reported_from_cue(art: ParsedArticle, cue: Token, lemma: str, used: set[int]) -> Draft | None:
    doc = art.doc
    children = content_children(art, cue, lemma) or _misparsed_clause(art, cue)
    if children:
        first, last = _content_range(art, children)
        last = _cut_coordinated(art, first, _run_on(art, cue, last), cue, used)
        ranges = [(first, last)]
        if first <= cue.i < last:  # "which he said would be …": the cue inside its clause
            ranges = _around_cue(art, children, first, last)
    else:
        ranges = _framing_content(art, cue)
    ranges = [r for r in (_settle(art, *r, cue) for r in ranges) if r[1] > r[0]]
    if not ranges or any(first <= cue.i < last for first, last in ranges):
        return None
    if not any(_has_substance(doc, *r) for r in ranges):
        return None
    draft = draft_from_cue(art, cue, [char_span(doc, *r) for r in ranges])
    if draft is None:
        return None
    speaker = draft.speaker
    if speaker and any(a < speaker[1] and speaker[0] < b for a, b in ranges):
        return None  # the speaker inside the content: a misparse
    draft.via_scope = sentence_tokens(art, cue)
    return draft


def _has_substance(doc: Doc, first: int, last: int) -> bool:
    """More than a lone pronoun or filler ("it", "well"): something said."""
    words = [t for t in doc[first:last] if t.is_alpha or t.like_num]
    if len(words) > 1:
        return True
    return bool(words) and words[0].pos_ in ("NOUN", "PROPN", "VERB", "NUM")


def _according(art: ParsedArticle, token: Token, source: Token) -> Draft | None:
    """'According to X, CONTENT' / 'CONTENT, according to X'."""
    doc = art.doc
    head = token.head
    while head.pos_ not in ("VERB", "AUX") and head.head.i != head.i:
        head = head.head
    if head.i in (token.i, source.i):
        return None
    phrase_first = token.i
    phrase_last = max(source.right_edge.i, source.i) + 1
    if art.lex.stance_of(art.cue_of(head) or "") == "neutral":
        return None  # "X said …, according to the AP": the phrase names the channel
    first, last = head.left_edge.i, head.right_edge.i + 1
    if phrase_first <= first:  # "According to X, CONTENT"
        first = phrase_last
    elif phrase_last >= last:  # "CONTENT, according to X"
        last = phrase_first
    else:  # "CONTENT, according to X, CONTENT"
        left, right = trim(doc, first, phrase_first), trim(doc, phrase_last, last)
        pieces = [char_span(doc, *r) for r in (left, right) if r[1] > r[0]]
        return _according_draft(art, token, pieces)
    first, last = _settle(art, first, last, token)
    if last <= first:
        return None
    return _according_draft(art, token, [char_span(doc, first, last)])


def _according_draft(art: ParsedArticle, token: Token, pieces: list[Span]) -> Draft | None:
    if not pieces:
        return None
    draft = draft_from_cue(art, token, pieces)
    if draft is None:
        return None
    draft.via_scope = sentence_tokens(art, token)
    return draft
