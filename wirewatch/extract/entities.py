"""Entity mentions in one article, resolved to canonical entities.

Three recognisers propose spans (see :mod:`wirewatch.nlp`): the domain ruler (known entities,
with ids), the CoNLL-trained name recogniser and the stock OntoNotes NER. Overlaps are settled
by trust in that order. Each chosen span is then resolved within the article: known aliases,
surnames to the full name used elsewhere in the article, offices to their holder on the
article's date, and capitals acting as subjects to their government (metonymy).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

from spacy.tokens import Doc, Span

from wirewatch.extract.sentences import sentence_of
from wirewatch.knowledge import KnowledgeBase, knowledge, slugify, strip_the
from wirewatch.nlp import NAMES_KEY, entity_spans, office_spans, stock_entities
from wirewatch.records import Article, Entity, Mention

# OntoNotes and CoNLL labels mapped onto wirewatch's entity types; other labels
# (DATE, CARDINAL, MONEY, ...) are not entities here.
NER_LABELS = {
    "PERSON": "PERSON",
    "PER": "PERSON",
    "ORG": "ORG",
    "GPE": "PLACE",
    "LOC": "PLACE",
    "FAC": "PLACE",
    "NORP": "NORP",
    "EVENT": "EVENT",
    "PRODUCT": "MISC",
    "WORK_OF_ART": "MISC",
    "LAW": "MISC",
    "LANGUAGE": "MISC",
    "MISC": "MISC",
}
# Entity types whose discovered ids get their own prefix; the rest share "misc/".
ID_PREFIX = {"PERSON": "person", "ORG": "org", "PLACE": "place", "NORP": "group", "EVENT": "event"}
# Overlaps go to the most trusted recogniser. The CoNLL-trained names model draws name
# boundaries best; the data files know what it has no label for (weapons, units, named
# exercises); the stock NER comes last (measured on CoNLL testa: docs/evaluation.md).
TRUST = {"names": 1, "ruler": 2, "ontonotes": 3}
DOMAIN_ONLY = {"WEAPON", "UNIT", "EVENT"}
# The coarse class of each entity type: two recognisers agree on a span when its classes do.
COARSE = {
    "PERSON": "person",
    "ORG": "organisation",
    "GROUP": "organisation",
    "UNIT": "organisation",
    "COUNTRY": "location",
    "PLACE": "location",
    "NORP": "other",
    "EVENT": "other",
    "WEAPON": "other",
    "MISC": "other",
}
ACTING_DEPS = {"nsubj", "nsubjpass", "poss"}
TRAILING_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")


@dataclass
class Candidate:
    span: Span
    label: str  # wirewatch type
    source: str  # ruler, names, ontonotes
    entity_id: str | None = None

    @property
    def key(self) -> tuple[int, int]:
        domain_only = self.source == "ruler" and self.label in DOMAIN_ONLY
        return (0 if domain_only else TRUST[self.source], -(self.span.end - self.span.start))


@cache
def _title_pattern() -> re.Pattern[str]:
    path = resources.files("wirewatch") / "data" / "titles.toml"
    titles = tomllib.loads(path.read_text("utf-8"))["titles"]
    alternatives = "|".join(re.escape(t) for t in sorted(titles, key=len, reverse=True))
    return re.compile(rf"^(?:(?:{alternatives})\.?\s+)+")


def _without_title(span: Span) -> Span:
    """A person span without the titles and ranks that open it ("Brigadier", "Mr")."""
    match = _title_pattern().match(span.text)
    if not match or match.end() >= len(span.text):
        return span
    trimmed = span.doc.char_span(span.start_char + match.end(), span.end_char, span.label_)
    return trimmed or span


def _without_the(span: Span) -> Span:
    """An alias such as "the Kremlin" names the entity from its second word, as NER spans do:
    trimmed, it meets the names model's span and the curated entity wins it."""
    if len(span) > 1 and span[0].lower_ == "the":
        return Span(span.doc, span.start + 1, span.end, span.label_, span_id=span.id_)
    return span


def _looks_like_a_name(span: Span) -> bool:
    """English names are capitalised: a statistical span with no capital letter ("cts" in
    Reuters' "22 cts vs 15 cts") is not one."""
    return any(ch.isupper() for ch in span.text)


def _ner_candidate(span: Span, source: str) -> Candidate:
    label = NER_LABELS[span.label_]
    return Candidate(_without_title(span) if label == "PERSON" else span, label, source)


def _candidates(doc: Doc) -> list[Candidate]:
    # Where the names model marks exactly a span the data files know, the curated entity wins:
    # both statistical recognisers call "Maxar Technologies" and even "Kyiv" a person.
    ruler = {(s.start, s.end): s for s in map(_without_the, entity_spans(doc))}
    found = [Candidate(s, s.label_, "ruler", s.id_ or None) for s in ruler.values()]
    for span in doc.spans.get(NAMES_KEY, []):
        if (span.start, span.end) not in ruler and _looks_like_a_name(span):
            found.append(_ner_candidate(span, "names"))
    for span in stock_entities(doc):
        if span.label_ in NER_LABELS and _looks_like_a_name(span):
            found.append(_ner_candidate(span, "ontonotes"))
    return found


def _choose(candidates: list[Candidate]) -> list[Candidate]:
    """Non-overlapping spans, most trusted (then longest) first; returned in text order."""
    taken: set[int] = set()
    chosen = []
    for cand in sorted(candidates, key=lambda c: (c.key, c.span.start)):
        tokens = set(range(cand.span.start, cand.span.end))
        if tokens & taken:
            continue
        taken |= tokens
        chosen.append(cand)
    return sorted(chosen, key=lambda c: c.span.start)


def _outside_offices(candidates: list[Candidate], doc: Doc) -> list[Candidate]:
    """Drop statistical spans inside an office phrase: "Defence" in "Russia's Defence
    Minister" names no organisation. Known entities inside one ("NATO" in "NATO chief") stay."""
    inside: set[int] = set()
    for span in office_spans(doc):
        inside.update(range(span.start, span.end))
    return [
        c
        for c in candidates
        if c.source == "ruler" or not set(range(c.span.start, c.span.end)) <= inside
    ]


def _refine_misc(cand: Candidate, doc: Doc) -> None:
    """A CoNLL MISC name takes the finer OntoNotes type (NORP, EVENT) where they agree."""
    if cand.label != "MISC":
        return
    for ent in stock_entities(doc):
        if ent.start == cand.span.start and ent.end == cand.span.end:
            cand.label = NER_LABELS.get(ent.label_, "MISC")


def clean_name(text: str) -> str:
    """The name a span gives, without a leading "the", honorifics or a possessive."""
    text = strip_the(text.strip())
    text = _title_pattern().sub("", text)
    return TRAILING_POSSESSIVE.sub("", text).strip()


class ArticleResolver:
    """Resolves the chosen spans of one article to entity ids."""

    def __init__(self, kb: KnowledgeBase, article: Article):
        self.kb = kb
        self.article = article
        self.discovered: dict[str, Entity] = {}
        self.full_names: dict[str, str] = {}  # surname -> person id seen in this article

    def resolve(self, cand: Candidate) -> str:
        if cand.entity_id is None:
            cand.entity_id = self._lookup(cand)
        return cand.entity_id

    def stands_for(self, cand: Candidate) -> str | None:
        """The government a seat of power stands for, where the text has it act."""
        if cand.entity_id in self.kb.seat_of and _is_acting(cand.span):
            return self.kb.seat_of[cand.entity_id]
        return None

    def _lookup(self, cand: Candidate) -> str:
        name = clean_name(cand.span.text)
        known = self.kb.resolve_alias(name) or self.kb.resolve_alias(cand.span.text)
        if known and self._agrees(known, cand):
            return known
        if name in self.full_names:  # "Stoltenberg" after "Jens Stoltenberg", however tagged
            cand.label = "PERSON"
            return self.full_names[name]
        if cand.label == "NORP" and name in self.kb.demonyms:
            return self.kb.demonyms[name]
        if cand.label == "PERSON":
            return self._person(name)
        return self._discover(name, cand.label)

    def _agrees(self, entity_id: str, cand: Candidate) -> bool:
        """Whether a known alias fits what the recogniser saw; if so, the mention takes the
        known entity's type. A person is never a place or an organisation of the same name
        ("Jordan" the player): person names are the common collision with aliases."""
        known_type = self.kb.entities[entity_id].type
        if cand.label == "PERSON" and known_type != "PERSON" and cand.source != "ruler":
            return False
        if COARSE.get(cand.label) != COARSE.get(known_type) and known_type in COARSE:
            cand.label = known_type
        return True

    def _person(self, name: str) -> str:
        if len(name.split()) == 1:
            known = self.kb.surnames.get(name, set())
            if len(known) == 1:
                return next(iter(known))
        return self._discover(name, "PERSON")

    def _discover(self, name: str, label: str) -> str:
        entity_id = f"{ID_PREFIX.get(label, 'misc')}/{slugify(name)}"
        if entity_id not in self.discovered:
            self.discovered[entity_id] = Entity(entity_id, name, label)
        return entity_id

    def learn_full_names(self, chosen: list[Candidate]) -> None:
        """Index the article's multi-word person names by surname before resolving."""
        for cand in chosen:
            if cand.label != "PERSON":
                continue
            name = clean_name(cand.span.text)
            if len(name.split()) > 1:
                self.full_names.setdefault(name.split()[-1], self._lookup(cand))

    def role_holder(self, role_id: str, named: set[str]) -> str:
        """Who holds the office: a holder the article names, else the holder on its date."""
        role = self.kb.roles[role_id]
        in_article = sorted(role.holders & named)
        if len(in_article) == 1:
            return in_article[0]
        day = self.article.published or _window_start(self.article)
        holder = role.holder_on(day) if day else None
        return holder or role_id


def _window_start(article: Article) -> str | None:
    """The earliest day an undated article can be from: the same anchor as its timexes."""
    return article.published_window[0] if article.published_window else None


def _name_end(span: Span) -> int:
    """Where the name ends: before a possessive the tokenizer left attached ("Xi’s")."""
    match = TRAILING_POSSESSIVE.search(span.text)
    return span.end_char - (len(match.group()) if match and len(span.text) > 3 else 0)


def _is_acting(span: Span) -> bool:
    """A place name used as the subject or owner of an action stands for its government."""
    root = span.root
    while root.dep_ == "conj" and root.head is not root:
        root = root.head
    if root.dep_ in ACTING_DEPS:
        return True
    return root.dep_ == "pobj" and root.head.dep_ == "agent"


def _with_article(doc: Doc, span: Span) -> tuple[int, int]:
    """Character offsets of a role span, taking in a preceding "the"."""
    start = span.start
    if start > 0 and doc[start - 1].lower_ == "the":
        start -= 1
    return doc[start].idx, span.end_char


def _mention(
    article: Article,
    doc: Doc,
    start: int,
    end: int,
    entity_id: str,
    label: str,
    recogniser: str,
    stands_for: str | None = None,
) -> Mention:
    sentence_start, sentence_end = sentence_of(doc, start, end)
    return Mention(
        article_id=article.id,
        entity_id=entity_id,
        text=article.text[start:end],
        start=start,
        end=end,
        sentence=article.text[sentence_start:sentence_end],
        sentence_start=sentence_start,
        sentence_end=sentence_end,
        label=label,
        recogniser=recogniser,
        stands_for=stands_for,
    )


def extract_entities(
    doc: Doc, article: Article, kb: KnowledgeBase | None = None
) -> tuple[list[Entity], list[Mention]]:
    """Entities and mentions of one parsed article, with character offsets into its text."""
    kb = kb or knowledge()
    resolver = ArticleResolver(kb, article)
    chosen = _choose(_outside_offices(_candidates(doc), doc))
    for cand in chosen:
        _refine_misc(cand, doc)
    resolver.learn_full_names(chosen)
    mentions = [
        _mention(
            article,
            doc,
            c.span.start_char,
            _name_end(c.span),
            resolver.resolve(c),
            c.label,
            c.source,
            resolver.stands_for(c),
        )
        for c in chosen
    ]
    named = {m.entity_id for m in mentions}
    for span in office_spans(doc):
        start, end = _with_article(doc, span)
        holder = resolver.role_holder(span.id_, named)
        mentions.append(_mention(article, doc, start, end, holder, "ROLE", "role"))
    mentions.sort(key=lambda m: (m.start, m.end))
    entity_ids = {m.entity_id for m in mentions} | {m.stands_for for m in mentions if m.stands_for}
    entities = [kb.entities.get(i) or resolver.discovered[i] for i in sorted(entity_ids)]
    return entities, mentions
