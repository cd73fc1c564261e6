"""Statements: who said (or was reported to say) what, through which cue and channel.

Four passes over one parsed article, each a walk over tokens (docs/statements.md):

1. Direct quotes. Quotation marks of every style are paired per paragraph (a quote that runs
   on into the next paragraph reopens it with a mark, as wire style has it). Each quote looks
   for its cue beside it: after it ("…," he said), before it (He added: "…"), or both sides
   of a cue that splits it ("…," he said, "…"). A verb next to a quotation is its cue whatever
   the verb; a name and a colon, a dash signature or a bracketed credit also attribute it.
2. Embedded posts: a paragraph that ends "— Name (@handle) date" is the named person's post.
3. Reported speech. A cue verb from ``data/cues.toml`` with a complement: a clause ("said
   that …", or inverted "…, he said"), a to-infinitive ("urged Russia to de-escalate"), a
   preposition ("accused Ukraine of …"), an object that is the content ("refuted the
   charge"), or "according to X" around a clause.
4. Floating quotes: a quotation with no cue of its own that opens a sentence right after a
   statement continues that statement (the next paragraph of a speech).

The speaker is resolved to an entity from the entity stage's mentions: the mention that
heads the speaker's phrase (a role such as "the NATO chief" through its resolved holder, a
metonym such as "Kyiv" through ``stands_for``), a document's author ("the document,
released by the Kremlin"), or for a pronoun the nearest compatible antecedent, subjects
first.
"""

from __future__ import annotations

import re
import tomllib
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import cache
from importlib import resources

from spacy.attrs import IDX
from spacy.tokens import Doc, Token

from wirewatch.extract.sentences import sentence_bounds, sentence_of
from wirewatch.knowledge import knowledge
from wirewatch.records import Article, Mention, Span, Statement, record_id

# --------------------------------------------------------------------------- the lexicon


@dataclass(frozen=True)
class CueLexicon:
    """``data/cues.toml``, indexed for lookups by lemma."""

    stance: dict[str, str]  # cue lemma -> stance
    object_target: frozenset[str]
    object_content: frozenset[str]
    to_content: frozenset[str]
    call_naming: frozenset[str]
    document_object: frozenset[str]  # "the poll shows X": content when a document speaks
    prep_content: dict[str, frozenset[str]]
    phrasal: dict[tuple[str, str], tuple[str, str]]  # (verb, particle) -> (stance, target prep)
    source_phrases: tuple[tuple[str, ...], ...]  # ("according", "to"), ("as", "per"), ...
    source_starts: frozenset[str]  # their first words, to skip most tokens at once
    outlets: dict[tuple[str, ...], str]  # lower-case words -> canonical via
    channels: dict[tuple[str, ...], str]
    via_verbs: dict[str, str]
    documents: frozenset[str]
    person_nouns: frozenset[str]  # "the minister": refers back to a person
    group_nouns: frozenset[str]  # "the company": refers back to an organisation

    def stance_of(self, cue: str) -> str | None:
        if cue in self.stance:
            return self.stance[cue]
        verb, _, particle = cue.partition(" ")
        found = self.phrasal.get((verb, particle))
        return found[0] if found else None


def _surface_forms(table: dict[str, list[str]]) -> dict[tuple[str, ...], str]:
    return {
        tuple(_WORD.findall(form.lower())): canonical
        for canonical, forms in table.items()
        for form in forms
    }


_WORD = re.compile(r"\w+(?:[-.']\w+)*|[^\w\s]")


@cache
def cue_lexicon() -> CueLexicon:
    """The cue lexicon, read once per process."""
    path = resources.files("wirewatch") / "data" / "cues.toml"
    data = tomllib.loads(path.read_text("utf-8"))
    frames = data["frames"]
    via = data["via"]
    sources = data["source_phrases"]
    stance = {lemma: name for name, lemmas in data["stance"].items() for lemma in lemmas}
    stance |= {phrase: sources["stance"] for phrase in sources["phrases"]}
    return CueLexicon(
        stance=stance,
        object_target=frozenset(frames["object_target"]),
        object_content=frozenset(frames["object_content"]),
        to_content=frozenset(frames["to_content"]),
        call_naming=frozenset(frames["call_naming"]),
        document_object=frozenset(frames["document_object"]),
        prep_content={k: frozenset(v) for k, v in frames["prep_content"].items()},
        phrasal={
            tuple(k.split(" ", 1)): (stance, prep)  # type: ignore[misc]
            for k, (stance, prep) in data["phrasal"].items()
        },
        source_phrases=tuple(tuple(p.split()) for p in sources["phrases"]),
        source_starts=frozenset(p.split()[0] for p in sources["phrases"]),
        outlets=_surface_forms(via["outlets"]) | _surface_forms(via["platforms"]),
        channels=_surface_forms(via["channels"]),
        via_verbs=dict(data["via_verbs"]),
        documents=frozenset(data["documents"]["nouns"]),
        person_nouns=frozenset(data["anaphora"]["person"]),
        group_nouns=frozenset(data["anaphora"]["organisation"]),
    )


# --------------------------------------------------------------------------- quotations

# Opening marks and the closing marks that end them.
# Scraped text mixes styles ("“…\"", "''…’’"): any double closing mark ends a double opening one.
_CLOSERS = {
    "“": {"”", "’’", '"', "''"},
    "„": {"“", "”"},
    "«": {"»"},
    "»": {"«"},  # »…« (Danish, some German print)
    "‘": {"’"},
    '"': {'"', "”", "’’", "''"},
    "''": {"''", "’’", "”", '"'},
    "``": {"''", "’’", "”", '"'},
}
_MARKS = re.compile(r"''|``|’’|[\"“”„«»‘’]")
_STANDALONE = re.compile(r"(?:^|[.!?:,;—–-])\s*$")  # what may stand before a speech's mark
_PARAGRAPH = re.compile(r"\n\s*")


@dataclass
class Quote:
    """A top-level quotation: one piece per paragraph it runs over, marks included."""

    pieces: list[Span]
    inner_end: int  # offset of the closing mark: text[inner_end - 1] ends the quoted words

    def last_char(self, text: str) -> str:
        """The punctuation that ends the quoted words ("," in '"…," he said'), looking through
        spaces and inner closing marks ('"… 'brain,' "')."""
        at = self.inner_end - 1
        while at > self.start and (text[at].isspace() or text[at] in "'’\""):
            at -= 1
        return text[at]

    @property
    def start(self) -> int:
        return self.pieces[0][0]

    @property
    def end(self) -> int:
        return self.pieces[-1][1]


def _is_word(ch: str) -> bool:
    return ch.isalnum()


def _opens(text: str, at: int, mark: str) -> bool:
    """Whether a mark at ``at`` can open a quotation: words follow, no word runs into it."""
    before = text[at - 1] if at else " "
    after = text[at + len(mark)] if at + len(mark) < len(text) else " "
    if mark == "‘":
        return not _is_word(before) and (after.isalpha() or after in '"“[')
    if mark == "»":
        return not _is_word(before) and _is_word(after)
    return not _is_word(before) and not after.isspace()


def _closes(text: str, at: int, mark: str) -> bool:
    """Whether a closing mark at ``at`` ends a quotation rather than sits in a word."""
    after = text[at + len(mark)] if at + len(mark) < len(text) else " "
    if mark in ("’", "’’"):  # also the apostrophe: "Russia’s", "countries’ ties"
        if (
            text[at - 1 : at] == "s"
            and text[at + 1 : at + 3].startswith(" ")
            and (text[at + 2 : at + 3].islower())
        ):
            return False  # "the allies’ doubts": a plural possessive
        return not _is_word(after) and at > 0 and not text[at - 1].isspace()
    return not _is_word(after) or mark in "”»"


def _paragraphs(text: str) -> list[Span]:
    bounds, start = [], 0
    for match in _PARAGRAPH.finditer(text):
        bounds.append((start, match.start()))
        start = match.end()
    bounds.append((start, len(text)))
    bounds = [(s, s + len(text[s:e].rstrip())) for s, e in bounds]
    return [(s, e) for s, e in bounds if e > s]


def _reopens(text: str, at: int) -> int:
    """Width of the mark that reopens a running quotation at a paragraph's start, else 0."""
    if text.startswith(("''", "``"), at):
        return 2
    return 1 if text[at] in '“"«„' else 0


def _closing(stack: list[str], text: str, at: int, mark: str) -> int | None:
    """Depth in ``stack`` of the open quotation this mark closes, if it closes one."""
    if not _closes(text, at, mark):
        return None
    for depth in range(len(stack) - 1, -1, -1):
        if mark in _CLOSERS[stack[depth]]:
            return depth
    return None


def find_quotes(text: str) -> list[Quote]:
    """Top-level quotations of a text, in order.

    Marks nest ("… ‘…’ …"); only the outermost quotation is returned. A quotation still open
    at a paragraph's end continues when the next paragraph opens with a quotation mark (the
    convention for a quote over several paragraphs); otherwise its stray mark is dropped.
    """
    quotes: list[Quote] = []
    carried: tuple[str, list[Span]] | None = None  # a quotation open at the paragraph's end
    for para_start, para_end in _paragraphs(text):
        stack: list[str] = []
        pieces: list[Span] = []
        piece_start = scan_from = para_start
        if carried is not None and (width := _reopens(text, para_start)):
            stack, pieces = [carried[0]], carried[1]
            scan_from = para_start + width
        carried = None
        for match in _MARKS.finditer(text, scan_from, para_end):
            mark, at = match.group(), match.start()
            depth = _closing(stack, text, at, mark) if stack else None
            if depth is not None:
                del stack[depth:]
                if not stack:
                    quotes.append(Quote([*pieces, (piece_start, match.end())], at))
                    pieces = []
                continue
            if mark in _CLOSERS and _opens(text, at, mark):
                if mark == "‘" and text[at + 1 : at + 2].isdigit():
                    continue  # ‘20s
                if not stack:
                    piece_start, pieces = at, []
                stack.append(mark)
        if stack and (pieces or _STANDALONE.search(text[para_start:piece_start])):
            # Speech left open at the paragraph's end runs on into the next paragraph, or
            # (no mark reopens it) ends here with its closing mark lost.
            carried = (stack[0], [*pieces, (piece_start, para_end)])
            quotes.append(Quote(carried[1], para_end))
    return _settled(quotes)


def _settled(quotes: list[Quote]) -> list[Quote]:
    """Drop the provisional quotations a later paragraph continued."""
    kept: list[Quote] = []
    for quote in quotes:
        if kept and kept[-1].pieces == quote.pieces[: len(kept[-1].pieces)]:
            kept.pop()
        kept.append(quote)
    return kept


# --------------------------------------------------------------------------- drafts


@dataclass
class Draft:
    """A statement being assembled, in token terms."""

    pieces: list[Span]  # content, character offsets
    cue: str | None = None
    cue_span: Span | None = None
    speaker: tuple[int, int] | None = None  # token range of the speaker as written
    speaker_head: Token | None = None
    target: Token | None = None
    via: str | None = None
    via_scope: tuple[int, int] | None = None  # token range to look for the channel in
    from_quote: bool = False  # found from a quotation (pass 1)
    verbatim: bool = False  # direct speech without quotation marks (an embedded post)

    @property
    def start(self) -> int:
        return self.pieces[0][0]

    @property
    def end(self) -> int:
        return self.pieces[-1][1]


_SENTENCE_END = {".", "!", "?", ";"}
_DASHES = {"—", "―", "–", "--"}
_OPENING_MARKS = set('“„«»‘"') | {"''", "``"}
_SUBJECTS = {"nsubj", "nsubjpass", "csubj"}
_SHARED_SUBJECT = {"conj", "advcl", "xcomp", "ccomp", "acl", "relcl", "pcomp"}
_SPEAKER_PARTS = {"compound", "det", "amod", "poss", "nmod", "appos", "flat", "nummod", "case"}
_PRONOUNS_PERSON = {"he", "she", "him", "her"}
_PRONOUNS_GROUP = {"it", "they", "them"}
_PERSON_LABELS = {"PERSON", "ROLE"}
_GROUP_LABELS = {"ORG", "GOV", "COUNTRY", "GROUP", "UNIT"}
_ORG_LABELS = {"ORG", "GOV", "GROUP", "UNIT"}
_SPEAKER_PRIORITY = {"PERSON": 0, "ROLE": 1, "ORG": 2, "GOV": 2, "UNIT": 2, "GROUP": 3}
_ANTECEDENT_SENTENCES = 5
_MAX_CLAUSE = 40  # tokens scanned beside a quotation for its cue


class _Article:
    """One parsed article with its mentions and quotations, indexed for the passes."""

    def __init__(self, doc: Doc, text: str, mentions: list[Mention], lexicon: CueLexicon):
        self.doc = doc
        self.text = text  # the article's text, which the doc was parsed from
        self.lex = lexicon
        self.mentions = sorted(mentions, key=lambda m: (m.start, -m.end))
        self.mention_starts = [m.start for m in self.mentions]
        self.token_starts = doc.to_array(IDX).tolist() if len(doc) else []
        self.para_starts = [start for start, _ in _paragraphs(self.text)] or [0]
        self.quotes = find_quotes(self.text)
        self.in_quote = [False] * len(doc)  # inside a quotation or a post: no cues there
        self.quote_index = [-1] * len(doc)  # which quotation a token lies in
        self.quote_at: dict[int, Quote] = {}  # first token -> quote
        for n, quote in enumerate(self.quotes):
            first, last = self.tokens_of(quote.start, quote.end)
            self.quote_at[first] = quote
            for i in range(first, last):
                self.in_quote[i] = True
                self.quote_index[i] = n

    # offsets and tokens

    def tokens_of(self, start: int, end: int) -> tuple[int, int]:
        """Token range [first, last) covering characters ``start:end``."""
        first = max(bisect_right(self.token_starts, start) - 1, 0)
        last = bisect_left(self.token_starts, end)
        return first, max(last, first + 1)

    def breaks_paragraph(self, token: Token) -> bool:
        return token.is_space and "\n" in token.text

    def paragraph_of(self, i: int) -> int:
        return bisect_right(self.para_starts, self.doc[i].idx) - 1

    def within_paragraph(self, first: int, last: int, anchor: int) -> tuple[int, int]:
        """The part of a token range in the anchor token's paragraph: the parser runs a
        headline into the sentence under it."""
        para = self.paragraph_of(anchor)
        while first < last and self.paragraph_of(first) < para:
            first += 1
        while last > first and self.paragraph_of(last - 1) > para:
            last -= 1
        return first, last

    def whole_quotes(self, first: int, last: int) -> tuple[int, int]:
        """A token range widened so that no quotation is cut (the parser may hang a closing
        mark on the main verb)."""
        index = self.quote_index
        while first > 0 and index[first] != -1 and index[first - 1] == index[first]:
            first -= 1
        while last < len(index) and index[last - 1] != -1 and index[last] == index[last - 1]:
            last += 1
        return first, last

    def mentions_in(self, start: int, end: int) -> list[Mention]:
        lo = bisect_left(self.mention_starts, start)
        found = []
        for m in self.mentions[lo:]:
            if m.start >= end:
                break
            if m.end <= end:
                found.append(m)
        return found

    # cues

    def cue_of(self, token: Token) -> str | None:
        """The cue lemma a verb token stands for, or None when it is no cue."""
        if token.pos_ not in ("VERB", "AUX") or self.in_quote[token.i]:
            return None
        if (
            token.tag_ == "VB"
            and token.dep_ != "ROOT"
            and not any(c.dep_ in ("aux", "auxpass") for c in token.children)
        ):
            return None  # a bare infinitive ("help Minsk oppose …") asserts nothing
        lemma = token.lemma_.lower()
        for child in token.children:
            if child.dep_ in ("prt", "prep") and (lemma, child.lower_) in self.lex.phrasal:
                return f"{lemma} {child.lower_}"
        if lemma in self.lex.stance and token.pos_ == "VERB":
            return lemma
        return None

    def source_phrase_at(self, token: Token) -> Token | None:
        """For the first word of "according to X" / "as per X", the word governing X."""
        if token.lower_ not in self.lex.source_starts:
            return None
        for phrase in self.lex.source_phrases:
            end = token.i + len(phrase)
            if end > len(self.doc):
                continue
            words = tuple(t.lower_ for t in self.doc[token.i : end])
            if words == phrase:
                return self.doc[end - 1]
        return None


def _non_finite(verb: Token) -> bool:
    """A participle or an infinitive: it takes its subject from the verb it hangs from."""
    if verb.tag_ in ("VBG", "VBN"):
        return not any(c.dep_ in ("aux", "auxpass") and c.tag_ != "TO" for c in verb.children)
    return verb.tag_ == "VB" and any(c.tag_ == "TO" for c in verb.children)


def _subject(verb: Token) -> Token | None:
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
            if verb.tag_ == "VBG" or (verb.i == head.i + 1 and not _agent(verb)):
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


def _agent(verb: Token) -> Token | None:
    """The "by" agent of a passive verb ("was welcomed by Stoltenberg")."""
    for child in verb.children:
        if child.dep_ == "agent":
            for grandchild in child.children:
                if grandchild.dep_ == "pobj":
                    return grandchild
    return None


def _is_passive(verb: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)


def _phrase(head: Token) -> tuple[int, int]:
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


def _trim(doc: Doc, first: int, last: int, keep_marks: bool = True) -> tuple[int, int]:
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


def _char_span(doc: Doc, first: int, last: int) -> Span:
    return doc[first].idx, doc[last - 1].idx + len(doc[last - 1].text)


# --------------------------------------------------------------------------- pass 1: quotes


def _clause_after(art: _Article, quote: Quote) -> tuple[int, int]:
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


def _clause_before(art: _Article, quote: Quote) -> tuple[int, int]:
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


_FILLERS = {"PUNCT", "ADV", "AUX", "PART", "SPACE"}
_OBJECTS = {"dobj", "ccomp", "xcomp", "attr", "oprd", "dative", "prep"}
_ADJUNCTS = {"prep", "advmod", "npadvmod", "advcl", "intj", "cc", "mark", "nsubj", "aux"}
_NAMES = {"PROPN", "PRON"}


def _cue_after(art: _Article, quote: Quote, clause: tuple[int, int]) -> Token | None:
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
        or any(not art.in_quote[c.i] for c in _content_children(art, verb, lemma))
        or any(c.dep_ in ("xcomp", "ccomp", "advcl", "oprd") for c in own)
        or any(art.in_quote[c.i] for c in verb.rights)  # 'She called him "…"'
    ):
        return None  # '"…." He said the talks …' starts a statement of its own
    if last < len(doc) and last in art.quote_at and doc[last - 1].text == ":":
        return None  # '"…?" He answered: "…"' introduces the next quotation
    if doc[first].pos_ == "PRON" and doc[first].is_title and last in art.quote_at:
        return None  # '"…?" He answered, "…"': a new sentence, for the next quotation
    subject = _speaker_outside(art, verb)
    if subject is None and verb.tag_ in ("VBD", "VBZ", "VBP"):
        subject = _inverted_speaker(verb)
    if subject is None or not first <= subject.i < last:
        return None
    if subject.tag_ in ("WDT", "WP") or subject.lower_ in ("it", "that", "which"):
        return None  # '"…," which led to …'
    for clause_head in verb.rights:  # '"Marco!," the senator said his campaign was …'
        if clause_head.dep_ == "ccomp" and clause_head.left_edge.i <= verb.i + 2:
            own = _speaker_outside(art, clause_head)
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
    subject = next((c for c in verb.children if c.dep_ in _SUBJECTS), None)
    return subject is None or subject.i > verb.i or (subject.pos_ == "PRON" and subject.is_lower)


def _cue_before(
    art: _Article, quote: Quote, clause: tuple[int, int], used: set[int]
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
            subject = _subject(token)
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
        if lemma and _is_clause(art, quote) and _ends_clause(art, quote):
            return token, False
        return None
    return None


def _ends_clause(art: _Article, quote: Quote) -> bool:
    """Whether the sentence ends (or pauses) with the quotation: not 'said "there could be" a
    line that …'."""
    after = art.text[quote.end : quote.end + 2].lstrip(" ")
    return not after or not after[0].isalnum()


def _governing_cue(art: _Article, verb: Token, first: int) -> Token | None:
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


def _is_clause(art: _Article, quote: Quote) -> bool:
    """Whether a quotation holds a finite verb: words said, not a phrase borrowed."""
    first, last = art.tokens_of(quote.start, quote.end)
    words = [t for t in art.doc[first:last] if t.is_alpha]
    return len(words) > 2 and any(t.pos_ in ("VERB", "AUX") for t in art.doc[first:last])


def _split_continuation(art: _Article, clause: tuple[int, int], cue: Token) -> Quote | None:
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
    art: _Article, quote: Quote, before: tuple[int, int], after: tuple[int, int], used: set[int]
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
        draft = _draft_from_cue(art, cue, list(quote.pieces), beside=quote)
        if draft is None or draft.speaker is None:
            continue
        if side == "before" and draft.speaker[1] > before[1]:
            continue  # the subject of a verb before the quotation lies after it
        return draft, cue, side, naming
    draft = _dash_speaker(art, after)
    if draft is None and not any(t.pos_ == "VERB" for t in art.doc[before[0] : before[1]]):
        draft = _credit_speaker(art, after)  # not 'X said he had "Syrian roots." [Reuters.]'
    if draft is not None:
        return draft, None, "after", False
    draft = _colon_speaker(art, quote, before)
    if draft is not None:
        return draft, None, "before", False
    cue = _cue_in_sentence_before(art, quote, before, used)
    if cue is not None:
        draft = _draft_from_cue(art, cue, list(quote.pieces))
        if draft is not None:
            return draft, cue, "before", False
    return None


def _cue_in_sentence_before(
    art: _Article, quote: Quote, before: tuple[int, int], used: set[int]
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
    if _content_children(art, root, art.cue_of(root) or "") or root.i < first - 6:
        return None
    return root


def _credit_speaker(art: _Article, clause: tuple[int, int]) -> Draft | None:
    """'"…" [HuffPost.]': a bracketed credit after the quotation names its source."""
    doc = art.doc
    first, last = clause
    if first >= last or doc[first].text != "[":
        return None
    close = next((t.i for t in doc[first : first + 8] if t.text == "]"), None)
    names = [t for t in doc[first + 1 : close or first] if t.pos_ in ("PROPN", "NOUN")]
    if close is None or not names:
        return None
    start, end = _char_span(doc, first, close + 1)
    draft = Draft(pieces=[], cue="credit", cue_span=(start, end))
    draft.speaker = (names[0].i, names[-1].i + 1)
    draft.speaker_head = names[-1]
    return draft


def _direct(art: _Article, used: set[int]) -> tuple[list[Draft], list[Quote]]:
    """Pass 1: quotations attributed by a cue beside them. Returns the drafts and the
    quotations left without a cue."""
    drafts, loose = [], []
    joined: set[int] = set()
    for quote in art.quotes:
        if id(quote) in joined:
            continue
        after, before = _clause_after(art, quote), _clause_before(art, quote)
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
                lead = _trim(art.doc, *before)
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


def _has_cue(art: _Article, clause: tuple[int, int]) -> bool:
    return any(art.cue_of(t) for t in art.doc[clause[0] : clause[1]])


def _source_cue_after(art: _Article, clause: tuple[int, int]) -> Token | None:
    """'"…," according to X.'"""
    for token in art.doc[clause[0] : min(clause[1], clause[0] + 3)]:
        if art.source_phrase_at(token) is not None:
            return token
    return None


def _colon_speaker(art: _Article, quote: Quote, clause: tuple[int, int]) -> Draft | None:
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
    draft.speaker = _phrase(head)
    draft.speaker_head = head
    draft.via_scope = (first, colon)
    return draft


def _dash_speaker(art: _Article, clause: tuple[int, int]) -> Draft | None:
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
    draft.speaker = _phrase(head)
    draft.speaker_head = head
    if "@" in art.text[dash.idx : _char_span(doc, first, last)[1]]:
        draft.via, draft.cue = "Twitter", "tweet"
    return draft


# --------------------------------------------------------------------------- cues' arguments


def _draft_from_cue(
    art: _Article, cue: Token, pieces: list[Span], beside: Quote | None = None
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
        draft.cue_span = _char_span(art.doc, cue.i, last + 1)
        draft.speaker_head = obj
        draft.speaker = _phrase(obj)
        return draft
    lemma = art.cue_of(cue) or cue.lemma_.lower()
    draft = Draft(pieces, cue=lemma, cue_span=(cue.idx, cue.idx + len(cue.text)))
    speaker = _agent(cue) if _is_passive(cue) else _subject(cue) or _agent(cue)
    if beside is not None and (speaker is None or art.in_quote[speaker.i]):
        speaker = _speaker_outside(art, cue) or _inverted_speaker(cue)
    if speaker is None:
        return None
    draft.speaker = _phrase(speaker)
    # "Stoltenberg, who said …": the speaker as written is "who"; the entity, its antecedent.
    relative = speaker.tag_ in ("WP", "WDT") and cue.dep_ == "relcl"
    draft.speaker_head = cue.head if relative else speaker
    draft.target = _target(art, cue, lemma)
    draft.via = art.lex.via_verbs.get(lemma)
    return draft


def _speaker_outside(art: _Article, cue: Token) -> Token | None:
    """The cue's subject outside any quotation: the parser may also hang a word of the
    quotation on the cue as its subject."""
    for child in cue.children:
        if child.dep_ in ("nsubj", "csubj") and not art.in_quote[child.i]:
            return child
    return None


def _inverted_speaker(cue: Token) -> Token | None:
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


def _target(art: _Article, cue: Token, lemma: str) -> Token | None:
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
    if _is_passive(cue):
        return next((c for c in cue.children if c.dep_ == "nsubjpass"), None)
    return next((c for c in cue.children if c.dep_ in ("dobj", "dative")), None)


def _content_children(art: _Article, cue: Token, lemma: str) -> list[Token]:
    """The dependents of a cue that hold its content, in the order of preference."""
    lex = art.lex
    verb = lemma.partition(" ")[0]
    para = art.paragraph_of(cue.i)  # the parser runs headlines into the sentence below
    kids = [c for c in cue.children if art.paragraph_of(c.i) == para]
    objects = [c for c in kids if c.dep_ == "dobj"]
    if objects and _names_entity(art, objects[0]):
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
    if lemma in lex.to_content or verb in lex.to_content or lemma in ("call on", "call upon"):
        infinitives = [c for c in kids if c.dep_ == "xcomp"]
        if not infinitives and lemma in ("call on", "call upon"):
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
    if lemma == "call for":
        for prep in (c for c in kids if c.dep_ == "prep" and c.lower_ == "for"):
            return [c for c in prep.children if c.dep_ in ("pobj", "pcomp")]
    if lemma in lex.object_content:
        if _is_passive(cue):
            return [c for c in kids if c.dep_ == "nsubjpass"]
        return objects[:1]
    if lemma in lex.document_object and objects:  # "satellite images show details of …"
        subject = _subject(cue)
        if subject is not None and subject.lemma_.lower() in lex.documents:
            return objects[:1]
    return []


def _names_entity(art: _Article, token: Token) -> bool:
    """Whether a noun phrase is just a name ("Ukraine", "the NATO chief"): a target, not
    content."""
    first, last = _phrase(token)
    start, end = _char_span(art.doc, first, last)
    return token.pos_ in ("PROPN", "PRON") or any(
        m.start <= token.idx < m.end for m in art.mentions_in(start, end)
    )


def _content_range(art: _Article, children: list[Token]) -> tuple[int, int]:
    first = min(c.left_edge.i for c in children)
    last = max(c.right_edge.i for c in children) + 1
    return _trim(art.doc, first, last)


def _settle(art: _Article, first: int, last: int, cue: Token) -> tuple[int, int]:
    """A content range kept to the cue's paragraph, with whole quotations, trimmed."""
    first, last = art.within_paragraph(first, last, cue.i)
    first, last = art.whole_quotes(*_trim(art.doc, first, last))
    return _trim(art.doc, first, last)


def _framing_content(art: _Article, cue: Token) -> list[tuple[int, int]]:
    """The clause a cue closes or interrupts: 'Troops will stay, the NATO chief claimed',
    'The years that followed, he said, brought a shift', 'People like Scott, he said.'"""
    doc = art.doc
    head = cue.head
    if head.i == cue.i:  # the sentence's root: what stands before its subject
        subject = next((c for c in cue.lefts if c.dep_ in _SUBJECTS), None)
        if subject is None or any(c.dep_ in _OBJECTS for c in cue.rights):
            return []
        left = subject.left_edge.i
        if left == 0 or doc[left - 1].text not in (",", "—", "–"):
            return []
        start = art.tokens_of(*sentence_of(doc, cue.idx, cue.idx + 1))[0]
        framed = [c for c in cue.lefts if c.i < left and not c.is_punct]
        if any(c.dep_ in _ADJUNCTS for c in framed):
            return []  # 'In his address, Perez slams …': a setting, not what was said
        return [_trim(doc, start, left)] if left - start > 2 else []
    words = [t.i for t in cue.subtree if not t.is_punct]
    left, right = min(words), max(words) + 1
    as_said = any(c.dep_ == "mark" and c.lower_ == "as" for c in cue.children)
    if as_said:  # 'As this reporter revealed, CONTENT'
        runs = [(head.left_edge.i, left), (right, head.right_edge.i + 1)]
        return [r for r in (_trim(doc, *run) for run in runs) if r[1] > r[0]]
    if left == 0 or doc[left - 1].text not in (",", "—", "–"):
        return []
    if cue.dep_ not in ("parataxis", "ccomp", "advcl", "conj"):
        return []
    if cue.dep_ == "conj" and any(c.dep_ == "cc" for c in head.children if c.i < cue.i):
        return []  # "X did this and said …"
    if head.i > cue.i and (right >= len(doc) or doc[right].text not in (",", "—", "–")):
        return []
    runs = [(head.left_edge.i, left), (right, head.right_edge.i + 1)]
    return [r for r in (_trim(doc, *run) for run in runs) if r[1] > r[0]]


def _cut_coordinated(art: _Article, first: int, last: int, cue: Token) -> int:
    """Where a content ends before a second attribution coordinated with it ('X said A;
    46 percent said B', '… and Democrats accused …')."""
    doc = art.doc
    for i in range(first, last):
        token = doc[i]
        if token.text == ";":
            return i
        if token.dep_ == "conj" and token.i != cue.i and art.cue_of(token):
            if any(c.dep_ in _SUBJECTS for c in token.children):
                return min(c.left_edge.i for c in token.children if c.dep_ in _SUBJECTS)
    return last


def _reported(art: _Article, used: set[int]) -> list[Draft]:
    """Pass 2: cue verbs and "according to" with their complements."""
    drafts = []
    doc = art.doc
    for token in doc:
        if token.i in used or art.in_quote[token.i]:
            continue
        source = art.source_phrase_at(token)
        if source is not None:
            draft = _according(art, token, source)
        else:
            lemma = art.cue_of(token)
            if lemma is None:
                continue
            draft = _reported_from_cue(art, token, lemma)
        if draft is not None:
            used.add(token.i)
            drafts.append(draft)
    return drafts


def _reported_from_cue(art: _Article, cue: Token, lemma: str) -> Draft | None:
    doc = art.doc
    children = _content_children(art, cue, lemma)
    if children:
        first, last = _content_range(art, children)
        ranges = [(first, _cut_coordinated(art, first, last, cue))]
    else:
        ranges = _framing_content(art, cue)
    ranges = [r for r in (_settle(art, *r, cue) for r in ranges) if r[1] > r[0]]
    if not ranges or any(first <= cue.i < last for first, last in ranges):
        return None
    if not any(_has_substance(doc, *r) for r in ranges):
        return None
    draft = _draft_from_cue(art, cue, [_char_span(doc, *r) for r in ranges])
    if draft is None:
        return None
    speaker = draft.speaker
    if speaker and any(a < speaker[1] and speaker[0] < b for a, b in ranges):
        return None  # the speaker inside the content: a misparse
    draft.via_scope = _sentence_tokens(art, cue)
    return draft


def _has_substance(doc: Doc, first: int, last: int) -> bool:
    """More than a lone pronoun or filler ("it", "well"): something said."""
    words = [t for t in doc[first:last] if t.is_alpha or t.like_num]
    if len(words) > 1:
        return True
    return bool(words) and words[0].pos_ in ("NOUN", "PROPN", "VERB", "NUM")


def _according(art: _Article, token: Token, source: Token) -> Draft | None:
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
        left, right = _trim(doc, first, phrase_first), _trim(doc, phrase_last, last)
        pieces = [_char_span(doc, *r) for r in (left, right) if r[1] > r[0]]
        return _according_draft(art, token, pieces)
    first, last = _settle(art, first, last, token)
    if last <= first:
        return None
    return _according_draft(art, token, [_char_span(doc, first, last)])


def _according_draft(art: _Article, token: Token, pieces: list[Span]) -> Draft | None:
    if not pieces:
        return None
    draft = _draft_from_cue(art, token, pieces)
    if draft is None:
        return None
    draft.via_scope = _sentence_tokens(art, token)
    return draft


def _sentence_tokens(art: _Article, token: Token) -> tuple[int, int]:
    start, end = sentence_of(art.doc, token.idx, token.idx + len(token.text))
    return art.within_paragraph(*art.tokens_of(start, end), token.i)


# --------------------------------------------------------------------------- pass 3: posts

_SIGNED = re.compile(r"\s[—―–]\s*(?=[A-Z])(?P<tail>[^\n]{2,120})$")
_HANDLE = re.compile(r"\(@\w+\)|pic\.twitter\.com|twitter\.com/")


def _posts(art: _Article, drafts: list[Draft]) -> list[Draft]:
    """Pass 3: paragraphs signed '— Name (@handle) date': an embedded post or tweet."""
    taken = [(d.start, d.end) for d in drafts]
    found = []
    for para_start, para_end in _paragraphs(art.text):
        paragraph = art.text[para_start:para_end]
        match = _SIGNED.search(paragraph)
        if match is None:
            continue
        dash = para_start + match.start() + 1
        content_end = para_start + match.start()
        if any(s < content_end and para_start < e for s, e in taken):
            continue
        tail_first, tail_last = art.tokens_of(dash, para_end)
        name = next(
            (
                m
                for m in art.mentions_in(dash, para_end)
                if m.label in _PERSON_LABELS | _GROUP_LABELS
            ),
            None,
        )
        if name is None or art.text[dash + 1 : name.start].strip():
            continue
        if any(t.pos_ in ("VERB", "AUX") for t in art.doc[tail_first:tail_last]):
            continue  # "… — Putin ordered the troops home": a sentence, not a signature
        first, last = _trim(art.doc, *art.tokens_of(para_start, content_end))
        if last - first < 3:
            continue
        draft = Draft([_char_span(art.doc, first, last)], cue="—", cue_span=(dash, dash + 1))
        draft.verbatim = True
        for i in range(first, last):  # its words are the post's: no cues of their own
            art.in_quote[i] = True
        head_first, head_last = art.tokens_of(name.start, name.end)
        draft.speaker = (head_first, head_last)
        draft.speaker_head = art.doc[head_last - 1]
        if _HANDLE.search(art.text[dash:para_end]):
            draft.via, draft.cue = "Twitter", "tweet"
        draft.via_scope = (tail_first, tail_last)
        found.append(draft)
    return found


# --------------------------------------------------------------------------- pass 4: floats


def _attach_floating(art: _Article, drafts: list[Draft], loose: list[Quote]) -> None:
    """A quotation with no cue that opens a sentence right after a statement continues it:
    '"…," she said. "…"' or the next paragraph of the same speech."""
    drafts.sort(key=lambda d: d.start)
    starts = [d.start for d in drafts]
    for quote in loose:
        after = _clause_after(art, quote)
        if any(art.cue_of(t) for t in art.doc[after[0] : after[1]]):
            continue  # a cue of its own that did not attribute it: no continuation either
        words = sum(1 for t in art.doc[slice(*art.tokens_of(quote.start, quote.end))] if t.is_alpha)
        at = bisect_left(starts, quote.start) - 1
        if words < 3 or at < 0:
            continue
        previous = drafts[at]
        if not previous.from_quote and at > 0 and drafts[at - 1].from_quote:
            # '"…," X said, claiming that …. "…"': the speech goes on, not the claim
            earlier = drafts[at - 1]
            if earlier.cue_span and previous.cue_span:
                if sentence_of(art.doc, *earlier.cue_span) == sentence_of(
                    art.doc, *previous.cue_span
                ):
                    previous = earlier
        before = _clause_before(art, quote)
        lead = [i for i in range(*before) if not art.doc[i].is_space]
        cue_at = art.tokens_of(*previous.cue_span)[0] if previous.cue_span else -1
        if lead and (cue_at not in lead or not art.doc[lead[-1]].text.endswith((".", "!", "?"))):
            continue  # the quotation sits inside a sentence of its own
        reach = max(previous.end, previous.cue_span[1] if previous.cue_span else 0)
        if previous.speaker is not None:
            reach = max(reach, _char_span(art.doc, *previous.speaker)[1])
        between = art.text[reach : quote.start]
        if between.count("\n") > 2 or len(between) > 400:
            continue
        if not previous.from_quote and "\n" in between:
            continue
        previous.pieces.extend(quote.pieces)


# --------------------------------------------------------------------------- resolution


class _Resolver:
    """Speakers and targets to entity ids, through the entity stage's mentions."""

    def __init__(self, art: _Article):
        self.art = art
        self.subject_mentions: set[int] = set()  # ids of mentions that head a subject
        for i, m in enumerate(art.mentions):
            first, last = art.tokens_of(m.start, m.end)
            root = art.doc[first:last].root
            if root.dep_ in _SUBJECTS or (root.dep_ == "appos" and root.head.dep_ in _SUBJECTS):
                self.subject_mentions.add(i)

    @staticmethod
    def entity(mention: Mention) -> str:
        return mention.stands_for or mention.entity_id

    def phrase(self, head: Token, span: tuple[int, int]) -> str | None:
        """The entity a phrase names: the mention over its head first, then by type."""
        art = self.art
        if head.pos_ == "PRON" or head.lower_ in _PRONOUNS_PERSON | _PRONOUNS_GROUP:
            return self.pronoun(head)
        start, end = _char_span(art.doc, *span)
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
            return self.antecedent(head, _PERSON_LABELS)
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
                agent = _agent(child)
                if agent is not None:
                    return self.phrase(agent, _phrase(agent))
            if child.dep_ == "prep" and child.lower_ in ("of", "by", "from"):
                # "satellite images of Maxar Technologies", "a statement from the Kremlin"
                for obj in (c for c in child.children if c.dep_ == "pobj"):
                    start, end = _char_span(self.art.doc, obj.left_edge.i, obj.right_edge.i + 1)
                    names = [m for m in self.art.mentions_in(start, end) if m.label != "NORP"]
                    if names:
                        return self.entity(names[-1])
        return None

    def pronoun(self, token: Token) -> str | None:
        """The nearest compatible antecedent before a pronoun: the sentence's subjects first,
        sentence by sentence back."""
        word = token.lower_
        if word in _PRONOUNS_PERSON:
            return self.antecedent(token, _PERSON_LABELS)
        if word in _PRONOUNS_GROUP:
            return self.antecedent(token, _GROUP_LABELS)
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
        return labels is _GROUP_LABELS and mention.stands_for is not None


# --------------------------------------------------------------------------- via


def _via(art: _Article, draft: Draft) -> str | None:
    """The outlet or channel named in the cue's clause, outside the content and the speaker."""
    if draft.via or draft.via_scope is None:
        return draft.via
    doc = art.doc
    first, last = draft.via_scope
    outside = [
        t
        for t in doc[first:last]
        if not any(s <= t.idx < e for s, e in draft.pieces)
        and not (draft.speaker and draft.speaker[0] <= t.i < draft.speaker[1])
    ]
    words = [t.lower_ for t in outside]
    best = None
    for i in range(len(words)):
        for length in (4, 3, 2, 1):
            key = tuple(words[i : i + length])
            if len(key) < length:
                continue
            if key in art.lex.outlets:
                return art.lex.outlets[key]
            if best is None and key in art.lex.channels and _after_preposition(outside, i):
                best = art.lex.channels[key]
    return best


def _document_channel(art: _Article, draft: Draft) -> str | None:
    """A document that speaks is the channel: "The document, released by the Kremlin,
    read: …" came through a statement."""
    head = draft.speaker_head
    if head is None or head.lemma_.lower() not in art.lex.documents:
        return None
    return art.lex.channels.get((head.lower_,))


def _after_preposition(tokens: list[Token], at: int) -> bool:
    """A channel word counts after "in", "on", "via" ... ("in a statement")."""
    for token in reversed(tokens[max(at - 4, 0) : at]):
        if token.pos_ == "ADP":
            return token.lower_ in ("in", "on", "via", "through", "during", "at", "to", "per")
    return False


# --------------------------------------------------------------------------- the stage


def _overlaps(a: list[Span], b: list[Span]) -> int:
    return sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in a for s2, e2 in b)


def _drop_shadowed(direct: list[Draft], reported: list[Draft]) -> list[Draft]:
    """Reported drafts whose content is mostly a quotation already attributed go."""
    kept = []
    for draft in reported:
        size = sum(e - s for s, e in draft.pieces)
        if any(_overlaps(draft.pieces, d.pieces) * 2 > size for d in direct):
            continue
        kept.append(draft)
    return kept


def _is_direct(text: str, pieces: list[Span]) -> bool:
    """Direct speech: every piece of the content is inside quotation marks."""
    for start, end in pieces:
        piece = text[start:end].strip()
        if not piece or not (piece[0] in _OPENING_MARKS or piece[:2] in ("''", "``")):
            return False
    return True


def _to_statement(art: _Article, article: Article, draft: Draft, resolver: _Resolver) -> Statement:
    doc = art.doc
    start, end = draft.start, draft.end
    lo, hi = start, end
    speaker_text = speaker_start = speaker_end = speaker = None
    if draft.speaker is not None:
        speaker_start, speaker_end = _char_span(doc, *draft.speaker)
        speaker_text = article.text[speaker_start:speaker_end]
        lo, hi = min(lo, speaker_start), max(hi, speaker_end)
        if draft.speaker_head is not None:
            speaker = resolver.phrase(draft.speaker_head, draft.speaker)
    if draft.cue_span is not None:
        lo, hi = min(lo, draft.cue_span[0]), max(hi, draft.cue_span[1])
    sentence_start, sentence_end = sentence_of(doc, lo, hi)
    target = None
    if draft.target is not None:
        target = resolver.phrase(draft.target, _phrase(draft.target))
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
        kind="direct" if draft.verbatim or _is_direct(article.text, draft.pieces) else "reported",
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
        via=_via(art, draft) or _document_channel(art, draft),
        about=about,
        target=target,
        quote_spans=list(draft.pieces),
    )


def extract_statements(doc: Doc, article: Article, mentions: list[Mention]) -> list[Statement]:
    """Direct and reported statements of one parsed article, with speakers resolved to the
    entity ids of ``mentions`` (the entity stage's output for the same article)."""
    art = _Article(doc, article.text, mentions, cue_lexicon())
    used: set[int] = set()
    direct, loose = _direct(art, used)
    direct += _posts(art, direct)
    drafts = direct + _drop_shadowed(direct, _reported(art, used))
    _attach_floating(art, drafts, loose)
    resolver = _Resolver(art)
    statements, seen = [], set()
    for draft in sorted(drafts, key=lambda d: (d.start, d.end)):
        if (draft.start, draft.end) in seen:
            continue
        seen.add((draft.start, draft.end))
        statements.append(_to_statement(art, article, draft, resolver))
    return statements
