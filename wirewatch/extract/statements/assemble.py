"""Drafts to ``Statement`` records: provenance, kind, speaker, target, channel, about."""

from __future__ import annotations

import re
from collections.abc import Collection

from wirewatch.extract.sentences import sentence_of
from wirewatch.extract.statements.article import ParsedArticle
from wirewatch.extract.statements.draft import Draft
from wirewatch.extract.statements.speakers import SpeakerResolver
from wirewatch.extract.statements.syntax import char_span, noun_phrase
from wirewatch.extract.statements.via import document_channel, via_of
from wirewatch.knowledge import knowledge
from wirewatch.records import Article, Span, Statement, record_id

_WORDS = re.compile(r"\w+")
_MIN_WORDS = 3  # what is left of a reported content once a quotation is taken out


def _overlaps(a: list[Span], b: list[Span]) -> int:
    return sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in a for s2, e2 in b)


def drop_shadowed(text: str, direct: list[Draft], reported: list[Draft]) -> list[Draft]:
    """Reported drafts whose content is mostly a quotation already attributed lose it: what
    is left stays when it still says something ('said he respects her and calls her "…"')."""
    kept = []
    for draft in reported:
        size = sum(e - s for s, e in draft.pieces)
        shadows = [d for d in direct if _overlaps(draft.pieces, d.pieces) * 2 > size]
        if shadows:
            draft.pieces = _without(text, draft.pieces, [p for d in shadows for p in d.pieces])
            if len(_WORDS.findall(" ".join(text[s:e] for s, e in draft.pieces))) < _MIN_WORDS:
                continue
        kept.append(draft)
    return kept


def _without(text: str, pieces: list[Span], holes: list[Span]) -> list[Span]:
    """``pieces`` less the ``holes``, each rest stripped of edge space and punctuation."""
    rests = []
    for start, end in pieces:
        cuts = sorted((max(s, start), min(e, end)) for s, e in holes if s < end and start < e)
        at = start
        for cut_start, cut_end in cuts:
            rests.append((at, cut_start))
            at = max(at, cut_end)
        rests.append((at, end))
    stripped = []
    for start, end in rests:
        while start < end and not text[start].isalnum():
            start += 1
        while end > start and not text[end - 1].isalnum():
            end -= 1
        if end > start:
            stripped.append((start, end))
    return stripped


def is_direct(text: str, pieces: list[Span], openers: Collection[str]) -> bool:
    """Direct speech: every piece of the content is inside quotation marks."""
    for start, end in pieces:
        piece = text[start:end].strip()
        if not piece or not (piece[0] in openers or piece[:2] in openers):
            return False
    return True


def to_statement(
    art: ParsedArticle, article: Article, draft: Draft, resolver: SpeakerResolver
) -> Statement:
    doc = art.doc
    start, end = draft.start, draft.end
    lo, hi = start, end
    speaker_text = speaker_start = speaker_end = speaker = None
    if draft.speaker is not None:
        speaker_start, speaker_end = char_span(doc, *draft.speaker)
        speaker_text = article.text[speaker_start:speaker_end]
        lo, hi = min(lo, speaker_start), max(hi, speaker_end)
        if draft.speaker_head is not None:
            speaker = resolver.phrase(draft.speaker_head, draft.speaker)
    if draft.cue_span is not None:
        lo, hi = min(lo, draft.cue_span[0]), max(hi, draft.cue_span[1])
    sentence_start, sentence_end = sentence_of(doc, lo, hi)
    target = None
    if draft.target is not None:
        target = resolver.phrase(draft.target, noun_phrase(draft.target))
        target = knowledge().seat_of.get(target or "", target)  # "accused Kyiv": its government
    about = []
    for piece_start, piece_end in draft.pieces:
        for m in art.mentions_in(piece_start, piece_end):
            entity = resolver.entity(m)
            if entity not in about:
                about.append(entity)
    return Statement(
        id=record_id("st", article.id, start, end),
        article_id=article.id,
        kind="direct"
        if draft.verbatim or is_direct(article.text, draft.pieces, art.lex.closers)
        else "reported",
        quote=" ".join(article.text[s:e] for s, e in draft.pieces),
        start=start,
        end=end,
        sentence=article.text[sentence_start:sentence_end],
        sentence_start=sentence_start,
        sentence_end=sentence_end,
        speaker=speaker,
        speaker_text=speaker_text,
        speaker_start=speaker_start,
        speaker_end=speaker_end,
        cue=draft.cue,
        cue_start=draft.cue_span[0] if draft.cue_span else None,
        cue_end=draft.cue_span[1] if draft.cue_span else None,
        stance=art.lex.stance_of(draft.cue) if draft.cue else None,
        via=via_of(art, draft) or document_channel(art, draft),
        about=about,
        target=target,
        quote_spans=list(draft.pieces),
    )
