"""One parsed article indexed for the passes: token offsets, paragraphs, quotations, cues."""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from spacy.attrs import IDX, LOWER, POS
from spacy.strings import get_string_id
from spacy.symbols import AUX, NOUN, VERB
from spacy.tokens import Doc, Token

from wirewatch.extract.sentences import sentence_of
from wirewatch.extract.statements.lexicon import CueLexicon
from wirewatch.extract.statements.quotes import Quote, find_quotes, paragraphs
from wirewatch.records import Mention


class ParsedArticle:
    """One parsed article with its mentions and quotations, indexed for the passes."""

    def __init__(self, doc: Doc, text: str, mentions: list[Mention], lexicon: CueLexicon):
        self.doc = doc
        self.text = text  # the article's text, which the doc was parsed from
        self.lex = lexicon
        self.mentions = sorted(mentions, key=lambda m: (m.start, -m.end))
        self.mention_starts = [m.start for m in self.mentions]
        self.token_starts = doc.to_array(IDX).tolist() if len(doc) else []
        # Candidate tokens for each pass, found on arrays: walking the Doc makes a Token each.
        pos, lower = doc.to_array([POS, LOWER]).T.tolist() if len(doc) else ([], [])
        starts = {get_string_id(word) for word in lexicon.source_starts}
        self.predicates = [i for i, p in enumerate(pos) if p in (VERB, AUX)]
        self.verbs = [i for i, p in enumerate(pos) if p == VERB]
        self.nouns = [i for i, p in enumerate(pos) if p == NOUN]
        self.source_starts = [i for i, w in enumerate(lower) if w in starts]
        self.para_starts = [start for start, _ in paragraphs(self.text)] or [0]
        self.quotes = find_quotes(self.text, lexicon)
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
        lemma = self.lex.lemma_of(token)
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


def sentence_tokens(art: ParsedArticle, token: Token) -> tuple[int, int]:
    start, end = sentence_of(art.doc, token.idx, token.idx + len(token.text))
    return art.within_paragraph(*art.tokens_of(start, end), token.i)
