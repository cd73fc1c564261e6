"""Attribution with no verb: 'Name: "…"', '"…" — Name', '"…" [Reuters.]', and posts
embedded in the text ('… — Name (@handle) February 3, 2022')."""

from __future__ import annotations

from wirewatch.extract.statements.article import ParsedArticle
from wirewatch.extract.statements.draft import Draft
from wirewatch.extract.statements.quotes import Quote, paragraphs
from wirewatch.extract.statements.speakers import GROUP_LABELS, PERSON_LABELS
from wirewatch.extract.statements.syntax import char_span, noun_phrase, trim

_DASHES = {"—", "―", "–", "--"}
_MAX_LABEL = 6  # tokens before the colon of a "Name: …" line


def colon_speaker(art: ParsedArticle, quote: Quote, clause: tuple[int, int]) -> Draft | None:
    """'Pew Research: "…"', 'Stoltenberg: "…"': a name and a colon before the quotation."""
    doc = art.doc
    first, last = clause
    colon = last - 1
    while colon > first and doc[colon].is_space:
        colon -= 1
    if colon <= first or doc[colon].text != ":":
        return None
    for i in range(colon - 1, first, -1):  # "Estimates are problematic - Pew Research:"
        if doc[i].text in _DASHES or doc[i].text == "-" and doc[i].whitespace_:
            first = i + 1
            break
    words = doc[first:colon]
    if not len(words) or len(words) > 8 or any(t.pos_ in ("VERB", "AUX") for t in words):
        return None
    head = doc[colon - 1]
    if head.pos_ not in ("PROPN", "NOUN") or head.dep_ == "pobj":
        return None  # not 'Then, later that month on CNN: "…"'
    draft = Draft(pieces=[], cue=":", cue_span=(doc[colon].idx, doc[colon].idx + 1))
    draft.speaker = noun_phrase(head)
    draft.speaker_head = head
    draft.via_scope = (first, colon)
    return draft


def dash_speaker(art: ParsedArticle, clause: tuple[int, int]) -> Draft | None:
    """'"…" — Name' (a reader's comment, a signed post): the name after a dash speaks."""
    doc = art.doc
    first, last = clause
    while first < last and doc[first].is_space:  # a no-break space before the dash
        first += 1
    if first >= last or doc[first].text not in _DASHES:
        return None
    name = first + 1
    if name >= last or not doc[name].is_title:
        return None
    head = doc[name]
    while head.head.i != head.i and head.head.i < last and head.dep_ in ("compound", "flat"):
        head = head.head
    dash = doc[first]
    draft = Draft(pieces=[], cue="—", cue_span=(dash.idx, dash.idx + len(dash.text)))
    draft.speaker = noun_phrase(head)
    draft.speaker_head = head
    if "@" in art.text[dash.idx : char_span(doc, first, last)[1]]:
        draft.via, draft.cue = "Twitter", "tweet"
    return draft


def credit_speaker(art: ParsedArticle, clause: tuple[int, int]) -> Draft | None:
    """'"…" [HuffPost.]': a bracketed credit after the quotation names its source."""
    doc = art.doc
    first, last = clause
    if first >= last or doc[first].text != "[":
        return None
    close = next((t.i for t in doc[first : first + 8] if t.text == "]"), None)
    names = [t for t in doc[first + 1 : close or first] if t.pos_ in ("PROPN", "NOUN")]
    if close is None or not names:
        return None
    start, end = char_span(doc, first, close + 1)
    draft = Draft(pieces=[], cue="credit", cue_span=(start, end))
    draft.speaker = (names[0].i, names[-1].i + 1)
    draft.speaker_head = names[-1]
    return draft


def find_posts(art: ParsedArticle, drafts: list[Draft]) -> list[Draft]:
    """Pass 2: paragraphs signed '— Name (@handle) date': an embedded post or tweet."""
    taken = [(d.start, d.end) for d in drafts]
    found = []
    for para_start, para_end in paragraphs(art.text):
        paragraph = art.text[para_start:para_end]
        match = art.lex.signature.search(paragraph)
        if match is None:
            continue
        dash = para_start + match.start() + 1
        content_end = para_start + match.start()
        if any(s < content_end and para_start < e for s, e in taken):
            continue
        tail_first, tail_last = art.tokens_of(dash, para_end)
        name = next(
            (m for m in art.mentions_in(dash, para_end) if m.label in PERSON_LABELS | GROUP_LABELS),
            None,
        )
        if name is None or art.text[dash + 1 : name.start].strip():
            continue
        if any(t.pos_ in ("VERB", "AUX") for t in art.doc[tail_first:tail_last]):
            continue  # "… — Putin ordered the troops home": a sentence, not a signature
        first, last = trim(art.doc, *art.tokens_of(para_start, content_end))
        if last - first < 3:
            continue
        draft = Draft([char_span(art.doc, first, last)], cue="—", cue_span=(dash, dash + 1))
        draft.verbatim = True
        for i in range(first, last):  # its words are the post's: no cues of their own
            art.in_quote[i] = True
        head_first, head_last = art.tokens_of(name.start, name.end)
        draft.speaker = (head_first, head_last)
        draft.speaker_head = art.doc[head_last - 1]
        if art.lex.twitter.search(art.text[dash:para_end]):
            draft.via, draft.cue = "Twitter", "tweet"
        draft.via_scope = (tail_first, tail_last)
        found.append(draft)
    return found


def find_labelled_lines(art: ParsedArticle, drafts: list[Draft]) -> list[Draft]:
    """Paragraphs that open with a short name and a colon: a headline ('Marco Rubio: I'm Not
    Interested In Being Vice President', 'Poll: Trump Ties Clinton') or a transcript's line
    ('BENENSON: This is a man who …'). The rest of the paragraph is what the name says."""
    doc = art.doc
    taken = [(d.start, d.end) for d in drafts]
    found = []
    for para_start, para_end in paragraphs(art.text):
        first, last = art.tokens_of(para_start, para_end)
        colon = next(
            (t.i for t in doc[first : min(last, first + _MAX_LABEL + 1)] if t.text == ":"), None
        )
        if colon is None or colon == first or art.in_quote[colon]:
            continue
        label = doc[first:colon]
        head = doc[colon - 1]
        if any(t.pos_ in ("VERB", "AUX") or t.is_digit for t in label) or head.pos_ not in (
            "PROPN",
            "NOUN",
        ):
            continue
        if head.lower_ in art.lex.not_labels or label.text.lower() in art.lex.not_labels:
            continue
        content = trim(doc, colon + 1, last, keep_marks=True)
        words = [t for t in doc[slice(*content)] if t.is_alpha]
        if len(words) < 3 or doc[content[0]].is_quote:
            continue  # a quotation after the colon is the direct pass's
        start, end = char_span(doc, *content)
        if any(s < end and start < e for s, e in taken):
            continue
        draft = Draft([(start, end)], cue=":", cue_span=(doc[colon].idx, doc[colon].idx + 1))
        draft.speaker = (first, colon)
        draft.speaker_head = head
        draft.via_scope = (first, colon)
        for i in range(*content):  # the line's words are the speaker's: no cues of their own
            art.in_quote[i] = True
        found.append(draft)
    return found
