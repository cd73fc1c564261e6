"""Direct quotes: each quotation attributed by the cue beside it.

After it ('"…," he said'), before it ('He added: "…"'), or both sides of a cue that splits it
('"…," he said, "…"'); failing a verb, a name and a colon, a dash signature or a bracketed
credit (``bylines``).
"""

from __future__ import annotations

from spacy.tokens import Token

from wirewatch.extract.sentences import sentence_of
from wirewatch.extract.statements.arguments import content_children, draft_from_cue
from wirewatch.extract.statements.article import ParsedArticle
from wirewatch.extract.statements.bylines import colon_speaker, credit_speaker, dash_speaker
from wirewatch.extract.statements.draft import Draft
from wirewatch.extract.statements.quotes import Quote
from wirewatch.extract.statements.syntax import (
    SUBJECTS,
    inverted_speaker,
    subject_of,
    subject_outside_quotes,
    trim,
)

_SENTENCE_END = {".", "!", "?", ";"}


_MAX_CLAUSE = 40  # tokens scanned beside a quotation for its cue


_FILLERS = {"PUNCT", "ADV", "AUX", "PART", "SPACE"}


_NAMES = {"PROPN", "PRON"}


def clause_after(art: ParsedArticle, quote: Quote) -> tuple[int, int]:
    """Tokens after a quotation up to the end of its sentence, the next quotation or the
    paragraph's end."""
    doc = art.doc
    first = art.tokens_of(quote.start, quote.end)[1]
    last = first
    while last < len(doc) and last - first < _MAX_CLAUSE:
        token = doc[last]
        if art.breaks_paragraph(token):
            break
        if last in art.quote_at:
            inner = art.tokens_of(art.quote_at[last].start, art.quote_at[last].end)
            nickname = inner[1] - inner[0] <= 4 and doc[last - 1].is_alpha  # 'Marcia "Cia" Price'
            if not nickname:
                break
            last = inner[1]
            continue
        last += 1
        if token.text in _SENTENCE_END:
            break
    return first, last


def clause_before(art: ParsedArticle, quote: Quote) -> tuple[int, int]:
    """Tokens before a quotation back to the start of its sentence or paragraph."""
    doc = art.doc
    last = art.tokens_of(quote.start, quote.end)[0]
    first = last
    if first > 1 and art.breaks_paragraph(doc[first - 1]) and doc[first - 2].text == ":":
        first = last = first - 1  # 'In a 1963 speech, he declared:' ends the paragraph before
    while first > 0 and last - first < _MAX_CLAUSE:
        token = doc[first - 1]
        if art.breaks_paragraph(token) or token.text in _SENTENCE_END or art.in_quote[first - 1]:
            break
        first -= 1
    return first, last


def _cue_after(art: ParsedArticle, quote: Quote, clause: tuple[int, int]) -> Token | None:
    """The cue in the words after a quotation: '"…," he said', '"…," said X'. Only the
    speaker and adverbs may stand between ('"…," but Trump said …' begins a new clause)."""
    doc = art.doc
    first, last = clause
    if first >= last:
        return None
    open_ended = quote.last_char(art.text) in ",?!—–-…:"
    verbs = [  # not the verbs of the speaker's description ("a retired worker")
        t
        for t in doc[first : min(last, first + 20)]
        if t.pos_ == "VERB" and t.dep_ not in ("amod", "acl", "relcl", "compound")
    ]
    verb = next((t for t in verbs if art.cue_of(t)), verbs[0] if verbs else None)
    if verb is None:
        return None
    lemma = art.cue_of(verb)
    if not lemma and not (
        _is_clause(art, quote) and _bare_verb_fits(quote.last_char(art.text), verb)
    ):
        return None  # 'A self-described "geeky kid," Mr. Cruz changed …', '"…?" Nega put …'
    own = [c for c in verb.children if not art.in_quote[c.i]]
    if not open_ended and (
        verb.i - first > 6
        or any(not art.in_quote[c.i] for c in content_children(art, verb, lemma))
        or any(c.dep_ in ("xcomp", "ccomp", "advcl", "oprd") for c in own)
        or any(art.in_quote[c.i] for c in verb.rights)  # 'She called him "…"'
    ):
        return None  # '"…." He said the talks …' starts a statement of its own
    if last < len(doc) and last in art.quote_at and doc[last - 1].text == ":":
        return None  # '"…?" He answered: "…"' introduces the next quotation
    if doc[first].pos_ == "PRON" and doc[first].is_title and last in art.quote_at:
        return None  # '"…?" He answered, "…"': a new sentence, for the next quotation
    subject = subject_outside_quotes(art, verb)
    if subject is None and verb.tag_ in ("VBD", "VBZ", "VBP"):
        subject = inverted_speaker(verb)
    if subject is None or not first <= subject.i < last:
        return None
    if subject.tag_ in ("WDT", "WP") or subject.lower_ in ("it", "that", "which"):
        return None  # '"…," which led to …'
    for clause_head in verb.rights:  # '"Marco!," the senator said his campaign was …'
        if clause_head.dep_ == "ccomp" and clause_head.left_edge.i <= verb.i + 2:
            own = subject_outside_quotes(art, clause_head)
            if own is not None and own.i != subject.i:
                return None
    between = set(range(first, verb.i))
    if subject.i < verb.i:
        between -= {t.i for t in subject.subtree}
    if any(doc[i].pos_ not in _FILLERS for i in between):
        return None
    return verb


def _bare_verb_fits(ending: str, verb: Token) -> bool:
    """Whether a verb outside the lexicon can attribute the quotation before it: after a
    comma ('"…," he went on'); after "?" or "!" only inverted or with a pronoun ('"…!"
    beamed Donald Hartley', '"…?" he barked'), not '"…?" Nega put his house up for sale'."""
    if ending in ",—–-…":
        return True
    if ending not in "?!":
        return False
    subject = next((c for c in verb.children if c.dep_ in SUBJECTS), None)
    return subject is None or subject.i > verb.i or (subject.pos_ == "PRON" and subject.is_lower)


def _cue_before(
    art: ParsedArticle, quote: Quote, clause: tuple[int, int], used: set[int]
) -> tuple[Token, bool] | None:
    """The cue in the words before a quotation: 'He added: "…"', 'X told reporters, "…"',
    'He says "…"'; and whether it names what follows ('called the move "an attempt …"'),
    when the content begins at the cue's object."""
    doc = art.doc
    first, last = clause
    end = last
    while end > first and (doc[end - 1].is_space or doc[end - 1].text in ",:—–-"):
        end -= 1
    if end == first:
        return None
    gap = art.text[doc[end - 1].idx + len(doc[end - 1].text) : quote.start]
    introduced = ":" in gap or "," in gap
    for token in reversed(doc[first:end]):
        if token.dep_ == "mark" or (token.lower_ == "that" and token.pos_ == "SCONJ"):
            return None  # 'said that "…"': reported speech with a quotation in it
        if token.pos_ == "AUX" and token.dep_ not in ("aux", "auxpass"):
            return None
        if token.pos_ != "VERB":
            continue
        if token.i in used:
            return None
        lemma = art.cue_of(token)
        if introduced and not lemma:  # 'Beck joked, again using an accent, "…"'
            governing = _governing_cue(art, token, first)
            if governing is not None:
                token, lemma = governing, art.cue_of(governing)
        if introduced and lemma:
            return token, False
        if ":" in gap:  # 'I had to change my answer: "…"'; not 'the deal happened: "…"'
            subject = subject_of(token)
            if subject is None:
                return None
            speaks = subject.pos_ in _NAMES or subject.lemma_.lower() in art.lex.documents
            return (token, False) if speaks else None
        if lemma and token.lemma_.lower() in art.lex.call_naming and token.i < end - 1:
            return token, True
        # 'He says "…"', 'told reporters "…"': right after the verb or its object
        beside = doc[end - 1]
        if beside.i != token.i and not (
            beside.head.i == token.i and beside.dep_ in ("dobj", "dative", "npadvmod", "advmod")
        ):
            return None
        if lemma in art.lex.call_naming and beside.i == token.i and _object_before(token):
            return token, False  # 'what it calls “sensible laws”', 'which Cook called “crap”'
        if lemma and _is_clause(art, quote) and _ends_clause(art, quote):
            return token, False
        return None
    return None


def _object_before(verb: Token) -> bool:
    """Whether the verb's object stands before it: a relative pronoun ('which he called')."""
    return any(c.dep_ in ("dobj", "nsubjpass") and c.i < verb.i for c in verb.children)


def _ends_clause(art: ParsedArticle, quote: Quote) -> bool:
    """Whether the sentence ends (or pauses) with the quotation: not 'said "there could be" a
    line that …'."""
    after = art.text[quote.end : quote.end + 2].lstrip(" ")
    return not after or not after[0].isalnum()


def _governing_cue(art: ParsedArticle, verb: Token, first: int) -> Token | None:
    """A cue the verb hangs from, within the clause ('joked, again using …')."""
    for _ in range(2):
        if verb.dep_ not in ("advcl", "xcomp", "conj", "pcomp", "prep") or verb.head.i == verb.i:
            return None
        verb = verb.head
        if verb.i < first:
            return None
        if art.cue_of(verb):
            return verb
    return None


def _is_clause(art: ParsedArticle, quote: Quote) -> bool:
    """Whether a quotation holds a finite verb: words said, not a phrase borrowed."""
    first, last = art.tokens_of(quote.start, quote.end)
    words = [t for t in art.doc[first:last] if t.is_alpha]
    return len(words) > 2 and any(t.pos_ in ("VERB", "AUX") for t in art.doc[first:last])


def _split_continuation(art: ParsedArticle, clause: tuple[int, int], cue: Token) -> Quote | None:
    """The second half of a split quote: '"…," he said, "…"' (not '"…," he said, adding,
    "…"', where the second half has a cue of its own)."""
    first, last = clause
    doc = art.doc
    if first < last < len(doc) and last in art.quote_at:
        own_cue = [  # '"…," he said, adding, "…"': the second half has a cue of its own
            t
            for t in doc[first:last]
            if t.i != cue.i and (art.cue_of(t) or (t.pos_ == "VERB" and t.head.i == cue.i))
        ]
        if doc[last - 1].text in (",", ":", "—") and not own_cue:
            return art.quote_at[last]
    return None


def _attribute(
    art: ParsedArticle,
    quote: Quote,
    before: tuple[int, int],
    after: tuple[int, int],
    used: set[int],
) -> tuple[Draft, Token | None, str, bool] | None:
    """A quotation's draft, its cue token, the side the cue stands on and whether the cue
    names what follows ('called the move "…"'); None when nothing beside it attributes it."""
    inner = quote.last_char(art.text)
    options: list[tuple[Token, str, bool]] = []
    cue_after = _cue_after(art, quote, after)
    if cue_after is None and inner in ",—–-":
        cue_after = _source_cue_after(art, after)
    if cue_after is not None:
        options.append((cue_after, "after", False))
    found_before = _cue_before(art, quote, before, used)
    if found_before is not None:
        # '"…," he said' over 'He said: "…"' only when the quotation ends open
        colon = ":" in art.text[art.doc[before[1] - 1].idx : quote.start] if before[1] else False
        at = len(options) if inner in ",?!" and not colon else 0
        options.insert(at, (found_before[0], "before", found_before[1]))
    for cue, side, naming in options:
        draft = draft_from_cue(art, cue, list(quote.pieces), beside=quote)
        if draft is None or draft.speaker is None:
            continue
        if side == "before" and draft.speaker[1] > before[1]:
            continue  # the subject of a verb before the quotation lies after it
        return draft, cue, side, naming
    draft = dash_speaker(art, after)
    if draft is None and not any(t.pos_ == "VERB" for t in art.doc[before[0] : before[1]]):
        draft = credit_speaker(art, after)  # not 'X said he had "Syrian roots." [Reuters.]'
    if draft is not None:
        return draft, None, "after", False
    draft = colon_speaker(art, quote, before)
    if draft is not None:
        return draft, None, "before", False
    cue = _cue_in_sentence_before(art, quote, before, used)
    if cue is not None:
        draft = draft_from_cue(art, cue, list(quote.pieces))
        if draft is not None:
            return draft, cue, "before", False
    return None


def _cue_in_sentence_before(
    art: ParsedArticle, quote: Quote, before: tuple[int, int], used: set[int]
) -> Token | None:
    """'Dianne Bystrom agreed. "…"': a short sentence ending in a bare cue introduces the
    quotation that opens the next one."""
    doc = art.doc
    first = before[0]
    if before[1] > first or first < 2 or doc[first - 1].text not in (".", ":"):
        return None
    if art.paragraph_of(first - 1) != art.paragraph_of(art.tokens_of(quote.start, quote.end)[0]):
        return None
    start = art.tokens_of(*sentence_of(doc, doc[first - 1].idx, doc[first - 1].idx + 1))[0]
    if first - start > 25:
        return None
    root = next((t for t in doc[start:first] if t.head.i == t.i), None)
    if root is None or root.i in used or not art.cue_of(root):
        return None
    if content_children(art, root, art.cue_of(root) or "") or root.i < first - 6:
        return None
    return root


def find_direct(art: ParsedArticle, used: set[int]) -> tuple[list[Draft], list[Quote]]:
    """Pass 1: quotations attributed by a cue beside them. Returns the drafts and the
    quotations left without a cue."""
    drafts, loose = [], []
    joined: set[int] = set()
    for quote in art.quotes:
        if id(quote) in joined:
            continue
        after, before = clause_after(art, quote), clause_before(art, quote)
        found = _attribute(art, quote, before, after, used)
        if found is None:
            loose.append(quote)
            continue
        draft, cue, side, naming = found
        draft.pieces = list(quote.pieces)
        draft.from_quote = True
        if cue is not None:
            used.add(cue.i)
        if side == "after":
            # A quote inside a sentence ('America needs leaders "who …," she said'): the
            # content starts where the sentence does.
            if before[1] > before[0] and not _has_cue(art, before):
                lead = trim(art.doc, *before)
                if lead[1] > lead[0]:
                    draft.pieces[0] = (art.doc[lead[0]].idx, draft.pieces[0][1])
            following = _split_continuation(art, after, cue) if cue is not None else None
            if following is not None:
                joined.add(id(following))
                draft.pieces.extend(following.pieces)
            draft.via_scope = after
        else:
            if naming and cue is not None:  # 'called the move "an attempt …"'
                draft.pieces[0] = (art.doc[cue.i + 1].idx, draft.pieces[0][1])
            draft.via_scope = before
        drafts.append(draft)
    return drafts, [q for q in loose if id(q) not in joined]


def _has_cue(art: ParsedArticle, clause: tuple[int, int]) -> bool:
    return any(art.cue_of(t) for t in art.doc[clause[0] : clause[1]])


def _source_cue_after(art: ParsedArticle, clause: tuple[int, int]) -> Token | None:
    """'"…," according to X.'"""
    for token in art.doc[clause[0] : min(clause[1], clause[0] + 3)]:
        if art.source_phrase_at(token) is not None:
            return token
    return None
