"""Force postures in one article: whose force, what kind, how many, where, when, per whom.

A force is a noun phrase headed by a force-kind noun ("troops", "warships", "battalion
tactical groups") or holding a weapon system the entity stage found ("15 Su-25 ground attack
aircraft", "an S-400 air defence system"). It must be counted ("some 30,000", "more than
100,000", "dozens of", "between 5,000 and 7,000") or name a weapon system; a phrase that is
lost, fired, bought or sold ("killed 30 soldiers", "fired three missiles") is no posture.

Around the phrase, from the parse of its sentence:

- owner: a demonym, possessive or name in the phrase ("Russian troops", "US troops"); else the
  subject of a deploying verb ("Russia has deployed ..."); else the one country the sentence
  names outside its places; else the owner of the article's previous force;
- place and origin: the Place records under the locative prepositions of the phrase and its
  verb ("in Belarus", "near Ukraine's borders", "from Germany to Romania");
- date: the Timex records of its clause, else of its sentence;
- source: the Statement holding it (its speaker), else an explicit source in the sentence
  ("according to Maxar", "satellite images of Maxar show", "X claimed");
- a sentence with no place, date or source takes them from the three sentences before it where
  those are about forces too ("The imagery was taken near Yelsk on February 4. It shows ...").

Every word list is in ``wirewatch/data/forces.toml``; see ``docs/forces.md``.
"""

from __future__ import annotations

import re
import tomllib
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

from spacy.tokens import Doc, Token

from wirewatch.extract.sentences import sentence_bounds, sentence_of
from wirewatch.knowledge import KnowledgeBase, knowledge
from wirewatch.records import Article, Force, Mention, Place, Statement, Timex, record_id

__all__ = ["Count", "extract_forces", "lexicon", "parse_count"]

Phrase = tuple[str, ...]
_WORD_SPLIT = re.compile(r"[\s\-–—]+")
_DIGITS = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^\d+(?:\.\d+)?$")
_NOUNS = {"NOUN", "PROPN"}
_VERBS = {"VERB", "AUX"}
_NP_MODIFIERS = {"compound", "nmod", "amod", "nummod", "quantmod", "advmod", "npadvmod", "conj"}
_CLAUSE_LINKS = {"ccomp", "xcomp", "conj", "parataxis"}
_SUBJECTS = {"nsubj", "nsubjpass"}
CONTEXT_SENTENCES = 3  # how far back a force sentence looks for a place, date or source
MAX_COUNT = 10_000_000  # larger figures are money or population, not forces


def phrase(text: str) -> Phrase:
    """A lexicon entry as matched: lower-case words, hyphens dropped."""
    return tuple(w for w in _WORD_SPLIT.split(text.lower()) if w)


@dataclass(frozen=True)
class Lexicon:
    """``wirewatch/data/forces.toml``, indexed for matching."""

    kinds: dict[Phrase, str]  # intrinsically military phrases -> kind
    generic: dict[str, str]  # nouns military only when qualified -> kind
    carriers: frozenset[str]
    strength: frozenset[str]
    qualifiers: frozenset[Phrase]
    civilian: frozenset[str]
    not_posture_verbs: frozenset[str]
    not_posture_modifiers: frozenset[str]
    not_posture_nouns: frozenset[str]
    changes: frozenset[str]
    owner_verbs: frozenset[str]
    military_org_words: tuple[str, ...]
    possessive_pronouns: frozenset[str]
    locative: frozenset[str]
    origin: frozenset[str]
    source_verbs: frozenset[str]
    source_nouns: frozenset[str]
    according: tuple[Phrase, ...]
    statement_stances: frozenset[str]
    context: frozenset[str]
    count_modifiers: dict[Phrase, frozenset[str]]
    units: dict[str, int]
    tens: dict[str, int]
    scales: dict[str, int]
    abbreviations: dict[str, int]
    plurals: dict[str, int]
    vague: dict[Phrase, tuple[int, int]]
    range_words: frozenset[str]
    measures: frozenset[str]
    hyphened: frozenset[str]
    weapon_kinds: dict[str, str]  # weapon entity id -> force kind
    after_article: frozenset[str]  # "a dozen", "an estimated", "a few": "a" is part of it
    heads: frozenset[str]  # every word that can head a force phrase
    topic_words: frozenset[str]  # words that make a sentence about forces

    def number_word(self, word: str) -> bool:
        """A word that can make (part of) a count: "two", "hundred", "dozens", "several"."""
        return (
            word in self.units
            or word in self.tens
            or word in self.scales
            or word in self.plurals
            or any(word == p[-1] for p in self.vague)
        )


def _read_toml(name: str) -> dict:
    return tomllib.loads((resources.files("wirewatch") / "data" / name).read_text("utf-8"))


def _phrases(words: Iterable[str]) -> frozenset[Phrase]:
    return frozenset(phrase(w) for w in words)


@cache
def lexicon() -> Lexicon:
    """The force lexicon, read once per process."""
    data = _read_toml("forces.toml")
    kinds: dict[Phrase, str] = {}
    generic: dict[str, str] = {}
    for kind, table in data["kinds"].items():
        kinds.update({phrase(w): kind for w in table.get("words", [])})
        generic.update({w: kind for w in table.get("generic", [])})
    weapon_kind_of = data["weapon_kinds"]
    weapons = {
        row["id"]: weapon_kind_of[row["kind"]]
        for row in _read_toml("weapons.toml").get("entity", [])
        if row.get("kind") in weapon_kind_of
    }
    numbers = data["numbers"]
    carriers = frozenset(data["carriers"]["words"])
    strength = frozenset(data["strength"]["words"])
    kind_heads = {p[-1] for p in kinds}
    modifiers = {phrase(k): frozenset(v) for k, v in data["count_modifiers"].items()}
    vague = {phrase(k): (lo, hi) for k, (lo, hi) in numbers["vague"].items()}
    return Lexicon(
        kinds=kinds,
        generic=generic,
        carriers=carriers,
        strength=strength,
        qualifiers=_phrases(data["qualifiers"]["words"]),
        civilian=frozenset(data["civilian"]["words"]),
        not_posture_verbs=frozenset(data["not_posture"]["verbs"]),
        not_posture_modifiers=frozenset(data["not_posture"]["modifiers"]),
        not_posture_nouns=frozenset(data["not_posture"]["nouns"]),
        changes=frozenset(data["not_posture"]["changes"]),
        owner_verbs=frozenset(data["owner"]["verbs"]),
        military_org_words=tuple(data["owner"]["military_org_words"]),
        possessive_pronouns=frozenset(data["owner"]["possessive_pronouns"]),
        locative=frozenset(data["place"]["locative"]),
        origin=frozenset(data["place"]["origin"]),
        source_verbs=frozenset(data["source"]["verbs"]),
        source_nouns=frozenset(w for p in _phrases(data["source"]["nouns"]) for w in p[-1:]),
        according=tuple(phrase(w) for w in data["source"]["according"]),
        statement_stances=frozenset(data["source"]["statement_stances"]),
        context=frozenset(data["source"]["context"]),
        count_modifiers=modifiers,
        units=numbers["units"],
        tens=numbers["tens"],
        scales=numbers["scales"],
        abbreviations=numbers["abbreviations"],
        plurals=numbers["plurals"],
        vague=vague,
        range_words=frozenset(numbers["range_words"]),
        measures=frozenset(numbers["measures"]),
        hyphened=frozenset(numbers["hyphened"]),
        weapon_kinds=weapons,
        after_article=frozenset(
            {*numbers["scales"]}
            | {p[1] for p in [*vague, *modifiers] if len(p) == 2 and p[0] in ("a", "an")}
        ),
        heads=frozenset(kind_heads | set(generic) | carriers | strength),
        topic_words=frozenset(kind_heads | set(data["source"]["context"])),
    )


# --- How many ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Count:
    """A force's size: the stated figure and the bounds the wording puts on it."""

    count: int | None
    low: int | None
    high: int | None
    approx: bool


@dataclass(frozen=True)
class _Quantity:
    value: int | None  # an exact figure
    low: int | None  # bounds of a vague one ("thousands", "several hundred")
    high: int | None
    size: int  # words read


def _modifier_at(words: Sequence[str], i: int, lex: Lexicon) -> tuple[frozenset[str], int]:
    """The longest count modifier starting at ``words[i]`` and its length (0: none)."""
    for n in (3, 2, 1):
        effects = lex.count_modifiers.get(tuple(words[i : i + n]))
        if effects is not None and i + n <= len(words):
            return effects, n
    return frozenset(), 0


def _digits(word: str) -> float | None:
    return float(word.replace(",", "")) if _DIGITS.match(word) else None


def _word_number(words: Sequence[str], i: int, lex: Lexicon) -> tuple[int | None, int]:
    """A number written in words from ``words[i]`` ("two", "thirty-five", "a dozen",
    "two hundred and fifty thousand") and how many words it takes."""
    total, current, j, seen = 0, 0, i, False
    if j < len(words) - 1 and words[j] in ("a", "an") and words[j + 1] in lex.scales:
        current, j, seen = 1, j + 1, True
    while j < len(words):
        word = words[j]
        if word in lex.units or word in lex.tens:
            current += lex.units.get(word, 0) + lex.tens.get(word, 0)
        elif word in lex.scales and seen:
            scale = lex.scales[word]
            if scale >= 1000:
                total, current = total + current * scale, 0
            else:
                current *= scale
        elif word in ("-", "and") and seen and j + 1 < len(words) and _numeric(words[j + 1], lex):
            j += 1
            continue
        else:
            break
        seen = True
        j += 1
    return (total + current, j - i) if seen else (None, 0)


def _numeric(word: str, lex: Lexicon) -> bool:
    return word in lex.units or word in lex.tens or word in lex.scales


def _scaled(value: float, words: Sequence[str], j: int, lex: Lexicon) -> tuple[float, int]:
    """Apply the scale words after a figure: "1.5 million", "two dozen", "30 thousand"."""
    while j < len(words):
        scale = lex.scales.get(words[j]) or lex.abbreviations.get(words[j])
        if scale is None:
            break
        value, j = value * scale, j + 1
    return value, j


def _quantity(words: Sequence[str], i: int, lex: Lexicon) -> _Quantity | None:
    """A figure (digits or words), a vague multiple or a plural scale at ``words[i]``."""
    if i >= len(words):
        return None
    figure = _digits(words[i])
    if figure is not None:
        value, j = _scaled(figure, words, i + 1, lex)
        return _Quantity(round(value), None, None, j - i) if value == int(value) else None
    number, size = _word_number(words, i, lex)
    if number is not None:
        return _Quantity(number, None, None, size)
    for n in (2, 1):
        bounds = lex.vague.get(tuple(words[i : i + n]))
        if bounds is not None:
            scale, j = _scaled(1, words, i + n, lex)
            j += 1 if j < len(words) and words[j] == "of" else 0  # "a handful of"
            return _Quantity(None, int(bounds[0] * scale), int(bounds[1] * scale), j - i)
    if words[i] in lex.plurals:  # "dozens", "tens of thousands", "hundreds of thousands"
        product, j = lex.plurals[words[i]], i + 1
        while j + 1 < len(words) and words[j] == "of" and words[j + 1] in lex.plurals:
            product, j = product * lex.plurals[words[j + 1]], j + 2
        return _Quantity(None, 2 * product, None, j - i)
    return None


def parse_count(words: Sequence[str], lex: Lexicon | None = None) -> Count | None:
    """The count a phrase's number words state: ``["more", "than", "100,000"]`` -> count
    100,000, low 100,000; ``["some", "30,000"]`` -> 30,000, approximate; ``["between",
    "5,000", "and", "7,000"]`` -> low 5,000, high 7,000. None when no figure is found."""
    lex = lex or lexicon()
    words = [w.lower() for w in words]
    effects: set[str] = set()
    i = 0
    while (found := _modifier_at(words, i, lex))[1]:
        effects |= found[0]
        i += found[1]
    first = _quantity(words, i, lex)
    if first is None:
        return None
    i += first.size
    second = None
    trailing, size = _modifier_at(words, i, lex)
    if size:
        effects |= trailing
    elif i < len(words) and words[i] in lex.range_words:
        second = _quantity(words, i + 1, lex)
    return _count(first, second, effects)


def _count(first: _Quantity, second: _Quantity | None, effects: set[str]) -> Count | None:
    approx = "approx" in effects
    if second is not None:
        low = first.value if first.value is not None else first.low
        high = second.value if second.value is not None else second.high
        if low is None or high is None or low >= high:
            return None
        return Count(None, low, high, approx)
    if first.value is None:
        return Count(None, first.low, first.high, True)
    value = first.value
    if not 0 < value <= MAX_COUNT:
        return None
    low = value if "low" in effects or not (approx or "high" in effects) else None
    high = value if "high" in effects or not (approx or "low" in effects) else None
    return Count(value, low, high, approx)


# --- The article's context --------------------------------------------------------------------


class _Article:
    """One article's parse and records, indexed by token for the force finders."""

    def __init__(
        self,
        doc: Doc,
        article: Article,
        mentions: Sequence[Mention],
        timexes: Sequence[Timex],
        places: Sequence[Place],
        statements: Sequence[Statement],
        lex: Lexicon,
        kb: KnowledgeBase,
    ):
        self.doc, self.article, self.lex, self.kb = doc, article, lex, kb
        self.statements = statements
        self.mentions_at: dict[int, list[Mention]] = {}
        self.roles: set[int] = set()  # tokens inside office phrases ("NATO chief")
        for m in mentions:
            for i in self._tokens(m.start, m.end):
                self.mentions_at.setdefault(i, []).append(m)
                if m.recogniser == "role":
                    self.roles.add(i)
        self.timex_tokens = {i for t in timexes for i in self._tokens(t.start, t.end)}
        self.timexes = [t for t in timexes if t.first and t.last]
        self.places = [p for p in places if p.geonameid is not None]
        self.starts, self.sentences = sentence_bounds(doc)

    def _tokens(self, start: int, end: int) -> range:
        span = self.doc.char_span(start, end, alignment_mode="expand")
        return range(span.start, span.end) if span is not None else range(0)

    def weapon_at(self, i: int) -> str | None:
        return next((m.entity_id for m in self.mentions_at.get(i, ()) if m.label == "WEAPON"), None)

    def in_mention(self, i: int) -> bool:
        return i in self.mentions_at

    def sentence_index(self, offset: int) -> int:
        return max(bisect_right(self.starts, offset) - 1, 0)


# --- The phrase -------------------------------------------------------------------------------


@dataclass
class _Found:
    head: Token  # the noun that names the force ("troops", "aircraft", "Su-25s")
    outer: Token  # where the phrase hangs on its clause: "dozens" in "dozens of tanks"
    first: int  # token index where the phrase's text starts
    kind: str
    system: str | None
    count: Count | None


def _words(tokens: Iterable[Token]) -> list[str]:
    """Lemmas of tokens, lower-case, hyphenated ones split, hyphen tokens dropped."""
    words: list[str] = []
    for t in tokens:
        words.extend(w for w in _WORD_SPLIT.split(t.lemma_.lower()) if w)
    return words


def _anchor(token: Token) -> Token:
    """The first conjunct of a coordinated noun phrase: where the whole list attaches."""
    while token.dep_ == "conj" and token.head.pos_ in _NOUNS | {"NUM"} and token.head.i < token.i:
        token = token.head
    return token


def _phrase_head(token: Token) -> Token:
    """The noun a weapon name modifies ("Su-25" in "15 Su-25 ground attack aircraft")."""
    while (
        token.dep_ in ("compound", "nmod", "amod")
        and token.head.pos_ in _NOUNS
        and token.head.i > token.i
    ):
        token = token.head
    return token


def _kind(modifiers: list[Token], head: Token, lex: Lexicon) -> tuple[str | None, bool]:
    """The kind the phrase's own words name, and whether it still needs a military qualifier
    or a weapon system: "aircraft" (generic) or "system" (a carrier, no kind of its own)."""
    words = _words([*modifiers, head])
    for tail in (words, [*words[:-1], head.lower_]):
        for n in range(min(len(tail), 6), 0, -1):
            kind = lex.kinds.get(tuple(tail[-n:]))
            if kind is not None:
                return kind, False
    for word in (words[-1] if words else "", head.lower_):
        if word in lex.generic:
            return lex.generic[word], True
    return None, True


def _qualified(modifiers: list[Token], ctx: _Article) -> bool:
    """A military word, armed service or weapon system among the phrase's modifiers."""
    words = _words(modifiers)
    for q in ctx.lex.qualifiers:
        n = len(q)
        if any(tuple(words[i : i + n]) == q for i in range(len(words) - n + 1)):
            return True
    for t in modifiers:
        for m in ctx.mentions_at.get(t.i, ()):
            if m.label in ("WEAPON", "UNIT") or _military_org(m, ctx) is not None:
                return True
    return False


def _civilian(modifiers: list[Token], head: Token, lex: Lexicon) -> bool:
    """A civilian compound ("oil tanks", "cargo ships") or a following "of" ("tanks of oil")."""
    if any(
        t.dep_ in ("compound", "nmod", "amod") and t.lemma_.lower() in lex.civilian
        for t in modifiers
    ):
        return True
    return head.lemma_.lower() == "tank" and any(c.lower_ == "of" for c in head.rights)


def _is_number(token: Token, ctx: _Article) -> bool:
    """A token that can carry a count: digits or a number word, not part of a name, a date,
    a sum of money or a measure ("F-16", "1987", "$30", "18-year-old", "155 mm")."""
    lex = ctx.lex
    if token.i in ctx.timex_tokens or ctx.in_mention(token.i):
        return False
    if token.i > 0 and token.nbor(-1).tag_ == "$":
        return False
    after = token.doc[token.i + 1 : token.i + 3]
    if len(after) and after[0].lower_ in lex.measures:
        return False
    if len(after) == 2 and after[0].lower_ == "-" and after[1].lower_ not in lex.hyphened:
        return False  # "a 10-warhead missile" counts warheads, not missiles
    return bool(_DIGITS.match(token.lower_)) or lex.number_word(token.lower_)


def _reaches(token: Token, head: Token, lex: Lexicon) -> bool:
    """Whether a number modifies ``head`` through modifiers only, none of them a measure."""
    node = token
    while node.i != head.i:
        if node.dep_ not in _NP_MODIFIERS or node.lower_ in lex.measures or node.i > head.i:
            return False
        node = node.head
    return True


def _widen(first: int, doc: Doc, lex: Lexicon) -> int:
    """Take in count modifiers before a figure that the parser hung elsewhere ("more than",
    "an estimated", "a few", "between")."""
    while first > 0:
        before = next(
            (
                n
                for n in (3, 2, 1)
                if first - n >= 0 and phrase(doc[first - n : first].text) in lex.count_modifiers
            ),
            0,
        )
        if before:
            first -= before
        elif doc[first - 1].lower_ in ("a", "an") and doc[first].lower_ in lex.after_article:
            return first - 1
        else:
            return first
    return first


def _count_words(first: int, last: int, doc: Doc) -> list[str]:
    return [t.lower_ for t in doc[first : last + 1] if t.lower_ != ","]


def _inner_count(head: Token, start: int, ctx: _Article) -> tuple[Count | None, int]:
    """The count written inside the phrase ("some 30,000 combat troops") and where it starts."""
    numbers = [
        t for t in ctx.doc[start : head.i] if _is_number(t, ctx) and _reaches(t, head, ctx.lex)
    ]
    if not numbers:
        return None, start
    first = _widen(max(min(t.left_edge.i for t in numbers), start), ctx.doc, ctx.lex)
    last = min(max(t.right_edge.i for t in numbers), head.i - 1)
    return parse_count(_count_words(first, last, ctx.doc), ctx.lex), first


def _of_count(head: Token, ctx: _Article) -> tuple[Count | None, Token | None]:
    """The count of "thousands of troops", "2,000 of its soldiers", "dozens of tanks", and
    the quantity word that carries it."""
    if head.dep_ != "pobj" or head.head.lower_ != "of":
        return None, None
    quantity = head.head.head
    if quantity.i >= head.i or not _is_number(quantity, ctx):
        return None, None
    first = _widen(quantity.left_edge.i, ctx.doc, ctx.lex)
    count = parse_count(_count_words(first, quantity.i, ctx.doc), ctx.lex)
    if count is None or count.count == 1:  # "one of the soldiers" picks, does not count
        return None, None
    return count, quantity


def _kind_and_system(
    modifiers: list[Token], head: Token, ctx: _Article
) -> tuple[str | None, str | None]:
    lex = ctx.lex
    systems = [w for t in [*modifiers, head] if (w := ctx.weapon_at(t.i))]
    system = systems[0] if systems else None
    kind, needs_qualifier = _kind(modifiers, head, lex)
    if kind is None and head.lemma_.lower() in lex.strength:
        if any(t.lower_ == "strong" for t in modifiers):  # "a 1,000-strong contingent"
            kind, needs_qualifier = "troops", False
    weapon_kind = lex.weapon_kinds.get(system) if system else None
    if weapon_kind is not None and not (weapon_kind == "small_arms" and kind):
        kind, needs_qualifier = weapon_kind, False  # "Patriot missiles" are air defence
    if kind is None or _civilian(modifiers, head, lex):
        return None, None
    if needs_qualifier and not (system or _qualified(modifiers, ctx)):
        return None, None
    return kind, system


def _find(head: Token, ctx: _Article) -> _Found | None:
    """The force a head noun names, or None."""
    if head.pos_ not in _NOUNS or (
        head.dep_ in ("compound", "nmod") and head.head.i > head.i  # "battalion tactical group"
    ):
        return None
    start = head.left_edge.i
    modifiers = [t for t in ctx.doc[start : head.i] if t.dep_ not in ("det", "punct", "case")]
    kind, system = _kind_and_system(modifiers, head, ctx)
    if kind is None:
        return None
    count, first = _inner_count(head, start, ctx)
    outer = _anchor(head)
    if count is None:
        count, quantity = _of_count(head, ctx)
        if quantity is not None:
            outer, first = _anchor(quantity), _widen(quantity.left_edge.i, ctx.doc, ctx.lex)
    if count is None and system is None:
        return None
    first = min(first, start)
    while first < head.i and ctx.doc[first].dep_ in ("det", "punct", "cc", "prep", "case"):
        first += 1
    return _Found(head, outer, first, kind, system, count)


def _candidates(doc: Doc, ctx: _Article) -> list[Token]:
    """Tokens that may head a force phrase, in text order: force-kind nouns and the nouns
    weapon names modify."""
    words = ctx.lex.heads
    found = {t.i for t in doc if t.lemma_.lower() in words or t.lower_ in words}
    for i in list(ctx.mentions_at):
        if ctx.weapon_at(i) is not None:
            found.add(_phrase_head(doc[i]).i)
    return [doc[i] for i in sorted(found)]


# --- Posture or not ---------------------------------------------------------------------------


def _governor(token: Token) -> Token | None:
    """The verb a noun phrase depends on, through prepositions and conjunctions."""
    node = token
    while node.head.i != node.i:  # the root is its own head
        node = node.head
        if node.pos_ in _VERBS:
            return node
    return None


def _is_posture(found: _Found, lex: Lexicon) -> bool:
    """Not a loss, an attack or a sale: "killed 30 soldiers", "fired three missiles", "30
    dead soldiers", "soldiers who died", "the capture of 12 marines"."""
    head, outer = found.head, found.outer
    near = [*head.lefts, *head.rights, *outer.lefts, *outer.rights]
    for t in near:
        if t.lemma_.lower() in lex.not_posture_modifiers or t.lower_ in lex.not_posture_modifiers:
            return False
        if t.dep_ in ("acl", "relcl") and t.lemma_.lower() in lex.not_posture_verbs:
            return False
    verb = outer.head
    if outer.dep_ == "pobj" and verb.dep_ == "agent":
        outer, verb = verb, verb.head
    if outer.dep_ == "pobj" and verb.lower_ in ("to", "from", "by"):
        changed = verb.head
        while changed.pos_ == "ADV" and changed.head.i != changed.i:  # "slash them elsewhere to"
            changed = changed.head
        if changed.lemma_.lower() in lex.changes:  # "cut from seven to 10 warships"
            return False
    if outer.dep_ == "pobj" and verb.lower_ in ("of", "for", "on"):
        return verb.head.lemma_.lower() not in lex.not_posture_nouns  # "contract for 18 jets"
    if outer.dep_ in (*_SUBJECTS, "dobj", "attr", "oprd", "agent") and verb.pos_ in _VERBS:
        return verb.lemma_.lower() not in lex.not_posture_verbs
    return True


# --- Owner ------------------------------------------------------------------------------------


def _military_org(m: Mention, ctx: _Article) -> str | None:
    """The owner an armed service stands for: its country, or itself where it has none."""
    entity = ctx.kb.entities.get(m.entity_id)
    name = (entity.name if entity else m.text).lower()
    military = any(re.search(rf"\b{re.escape(w)}\b", name) for w in ctx.lex.military_org_words)
    if not military:
        return None
    if entity is None:
        return m.entity_id if m.label in ("ORG", "GROUP") else None
    if entity.type == "ORG":
        return f"country/{entity.country.lower()}" if entity.country else entity.id
    return None


def _owner_of(m: Mention, ctx: _Article, *, loose: bool) -> str | None:
    """The entity that owns a force a mention names: a country for its demonym, government,
    acting capital, units and armed services; an armed group as itself. ``loose`` (the phrase
    itself, the subject of a deploying verb) also takes international bodies (NATO, the UN)
    and people (their country)."""
    entity_id = m.stands_for or m.entity_id
    if entity_id.startswith(("country/", "gov/")):
        return "country/" + entity_id.split("/", 1)[1]
    if entity_id in ctx.kb.seat_of and loose:  # "Moscow's troops"
        return "country/" + ctx.kb.seat_of[entity_id].split("/", 1)[1]
    entity = ctx.kb.entities.get(entity_id)
    if entity is not None and entity.type == "UNIT":
        return f"country/{entity.country.lower()}" if entity.country else entity.id
    if entity is not None and entity.type == "GROUP":
        return entity.id
    military = _military_org(m, ctx)
    if military is not None or not loose or entity is None:
        return military
    if entity.type == "ORG" and entity.country is None:
        return entity.id
    if entity.type == "PERSON" and entity.country:
        return f"country/{entity.country.lower()}"
    return None


def _mention_owner(tokens: Iterable[Token], ctx: _Article, *, loose: bool) -> str | None:
    for t in tokens:
        for m in ctx.mentions_at.get(t.i, ()):
            if m.label != "WEAPON" and (owner := _owner_of(m, ctx, loose=loose)):
                return owner
    return None


def _subject(verb: Token) -> Token | None:
    """The subject of a verb, or of the verb its participle or infinitive hangs on
    ("claiming ..." after "Stoltenberg expressed"; "plans to deploy")."""
    for _ in range(4):
        subject = next((c for c in verb.children if c.dep_ in _SUBJECTS), None)
        if subject is not None:
            return subject
        if verb.dep_ not in ("advcl", "xcomp", "conj", "acl") or verb.head.i == verb.i:
            return None
        verb = verb.head
    return None


def _own_owner(found: _Found, ctx: _Article) -> str | None:
    """An owner named in the phrase ("Russian troops", "Russia's forces", "NATO troops"),
    in its first conjunct ("2,000 Russian troops and 50 tanks"), or by "its"/"their": the
    subject of the clause ("Iraq moved 2,000 of its troops")."""
    doc = ctx.doc
    for head in dict.fromkeys([found.head, _anchor(found.head), found.outer]):
        tokens = [t for t in doc[head.left_edge.i : head.i + 1] if not ctx.weapon_at(t.i)]
        tokens += [t for c in head.rights if c.lower_ == "of" for t in c.subtree]
        owner = _mention_owner(tokens, ctx, loose=True)
        if owner:
            return owner
        if any(t.lower_ in ctx.lex.possessive_pronouns and t.dep_ == "poss" for t in tokens):
            verb = _governor(head)
            subject = _subject(verb) if verb is not None else None
            if subject is not None:
                return _mention_owner(subject.subtree, ctx, loose=True)
    return None


def _verb_owner(found: _Found, ctx: _Article) -> str | None:
    """The subject of a deploying verb: "Russia has deployed ...", "troops sent by the US"."""
    outer, verb = found.outer, found.outer.head
    if verb.lemma_.lower() not in ctx.lex.owner_verbs:
        return None
    if outer.dep_ == "dobj":
        subject = _subject(verb)
        return _mention_owner(subject.subtree, ctx, loose=True) if subject is not None else None
    if outer.dep_ == "nsubjpass":
        for agent in (c for c in verb.children if c.dep_ == "agent"):
            return _mention_owner(agent.subtree, ctx, loose=True)
    return None


def _sentence_owner(sent_tokens: Sequence[Token], ctx: _Article, placed: set[int]) -> str | None:
    """The one country (or armed group) the sentence names outside its places and offices."""
    owners = set()
    for t in sent_tokens:
        if t.i in placed or t.i in ctx.roles:
            continue
        for m in ctx.mentions_at.get(t.i, ()):
            if m.label != "WEAPON" and (owner := _owner_of(m, ctx, loose=False)):
                owners.add(owner)
    return owners.pop() if len(owners) == 1 else None


# --- Where, when, per whom --------------------------------------------------------------------


def _located_tokens(tokens: Iterable[Token], lex: Lexicon) -> set[int]:
    """Tokens under locative or origin prepositions: "around Ukraine", "from Germany"."""
    found: set[int] = set()
    for t in tokens:
        if t.dep_ == "prep" and t.lower_ in lex.locative | lex.origin:
            for obj in t.children:
                if obj.dep_ in ("pobj", "pcomp"):
                    found.update(x.i for x in obj.subtree)
    return found


@dataclass
class _Where:
    place: Place | None = None
    text: str | None = None
    origin: Place | None = None


_CLAUSES = {"relcl", "acl", "advcl", "ccomp", "xcomp", "parataxis", "punct", "cc", "mark"}


def _place_phrase(obj: Token, preps: int = 1) -> list[Token]:
    """The tokens of a prepositional object that can say where: its modifiers, conjuncts
    and one nested prepositional phrase ("the west of Belarus", "an airfield near Minsk"),
    not its clauses ("... which increase the threat") nor deeper phrases ("in response to an
    attack on a ship in Kuwaiti waters")."""
    tokens = [obj]
    for child in obj.children:
        if child.dep_ in _CLAUSES:
            continue
        if child.dep_ == "prep":
            if preps:
                objects = (c for c in child.children if c.dep_ == "pobj")
                tokens += [child, *(t for o in objects for t in _place_phrase(o, preps - 1))]
        else:
            tokens += _place_phrase(child, preps)
    return tokens


def _place_under(prep: Token, ctx: _Article) -> tuple[Place | None, str | None]:
    """The first resolved place under a preposition, and the prepositional phrase's text
    ("near Ukraine's borders", "to Poland and Germany")."""
    tokens = [t for o in prep.children if o.dep_ in ("pobj", "pcomp") for t in _place_phrase(o)]
    if not tokens:
        return None, None
    inside = {t.i for t in tokens}
    end = max(t.idx + len(t) for t in tokens)
    for p in ctx.places:
        span = ctx.doc.char_span(p.start, p.end, alignment_mode="expand")
        if span is not None and all(i in inside for i in range(span.start, span.end)):
            return p, ctx.doc.text[prep.idx : end]
    return None, None


def _preps(found: _Found) -> list[Token]:
    """Prepositions that can place the phrase: its own, those of a participle on it
    ("troops stationed in"), of its verb and of the verb that one carries on in ("are
    expected to be deployed in")."""
    head, outer = found.head, found.outer
    preps = [c for c in (*head.rights, *outer.rights) if c.dep_ == "prep"]
    for acl in (c for c in head.rights if c.dep_ in ("acl", "relcl")):
        preps += [c for c in acl.children if c.dep_ == "prep"]
    verb = _governor(outer)
    if verb is not None:
        for v in (verb, *(c for c in verb.children if c.dep_ == "xcomp")):
            preps += [c for c in v.children if c.dep_ == "prep"]
    return list(dict.fromkeys(preps))


def _where(found: _Found, ctx: _Article) -> _Where:
    where = _Where()
    for prep in _preps(found):
        word = prep.lower_
        if word in ctx.lex.origin and where.origin is None:
            where.origin = _place_under(prep, ctx)[0]
        elif word in ctx.lex.locative and where.place is None:
            where.place, where.text = _place_under(prep, ctx)
    return where


def _sentence_places(tokens: Sequence[Token], ctx: _Article) -> list[tuple[Place, str]]:
    """Places under locative prepositions elsewhere in a sentence that are about forces: on a
    verb or a context noun whose phrase names forces, weapons or imagery ("the imagery ...
    was taken near X", "a movement of forces into X"; not "a broadcast monitored in X", "a
    report on arms sales to X", nor "a ship in Kuwaiti waters", another force's place)."""
    found = []
    for t in tokens:
        if t.dep_ != "prep" or t.lower_ not in ctx.lex.locative:
            continue
        head = t.head
        if head.pos_ not in _VERBS and head.lemma_.lower() not in ctx.lex.context:
            continue
        outside = range(t.left_edge.i, t.right_edge.i + 1)
        if not _topical([x for x in head.subtree if x.i not in outside], ctx):
            continue
        place, text = _place_under(t, ctx)
        if place is not None and text is not None:
            found.append((place, text))
    return found


def _when(found: _Found, sent: tuple[int, int], ctx: _Article) -> Timex | None:
    """The timex of the phrase's clause, else the nearest in its sentence."""
    inside = [t for t in ctx.timexes if sent[0] <= t.start and t.end <= sent[1]]
    if not inside:
        return None
    verb = _governor(found.outer) or found.head
    clause = (verb.left_edge.idx, verb.right_edge.idx + len(verb.right_edge))
    own = [t for t in inside if clause[0] <= t.start and t.end <= clause[1]] or inside
    return min(own, key=lambda t: abs(t.start - found.head.idx))


def _source_entity(tokens: Iterable[Token], ctx: _Article) -> str | None:
    """The entity a source phrase names: a person (an office resolves to its holder), an
    organisation, a government, a country; the longest mention at the earliest token."""
    for t in tokens:
        for m in sorted(ctx.mentions_at.get(t.i, ()), key=lambda m: m.start - m.end):
            if m.stands_for:
                return m.stands_for
            if m.label in SOURCE_LABELS or (
                m.label == "NORP" and m.entity_id.startswith("country/")
            ):
                return m.entity_id
    return None


SOURCE_LABELS = {"PERSON", "ROLE", "ORG", "COUNTRY", "GROUP", "UNIT", "GOV"}


def _according(tokens: Sequence[Token], ctx: _Article) -> str | None:
    """The entity after "according to" / "as per" in a sentence."""
    for t in tokens:
        if t.i > 0 and (t.nbor(-1).lower_, t.lower_) in ctx.lex.according:
            for obj in (c for c in t.children if c.dep_ == "pobj"):
                if (entity := _source_entity(obj.subtree, ctx)) is not None:
                    return entity
    return None


def _source_nouns(tokens: Sequence[Token], ctx: _Article) -> str | None:
    """A source named by its product: "Maxar's imagery", "satellite images of Maxar"."""
    for t in tokens:
        if t.pos_ in _NOUNS and t.lemma_.lower() in ctx.lex.source_nouns:
            named = [
                x for c in t.children if c.dep_ in ("poss", "compound", "prep") for x in c.subtree
            ]
            if (entity := _source_entity(named, ctx)) is not None:
                return entity
    return None


def _reporter(found: _Found, ctx: _Article) -> str | None:
    """The subject of the reporting verb the phrase's clause is the content of: "claiming
    some 30,000 troops ... deployed", "..., the NATO chief claimed", "images of Maxar show"."""
    verb = _governor(found.outer)
    for _ in range(6):
        if verb is None:
            return None
        if verb.lemma_.lower() in ctx.lex.source_verbs:
            subject = _subject(verb)
            if subject is not None and subject.i != found.outer.i:
                named = [subject, *(t for t in subject.subtree if t.i != subject.i)]
                return _source_entity(named, ctx)
        if verb.dep_ not in _CLAUSE_LINKS or verb.head.i == verb.i:
            return None
        verb = verb.head
    return None


def _statement(start: int, end: int, ctx: _Article) -> Statement | None:
    """The innermost statement whose content holds the phrase."""
    holding = [
        s
        for s in ctx.statements
        if any(a <= start and end <= b for a, b in (s.quote_spans or [(s.start, s.end)]))
    ]
    return min(holding, key=lambda s: s.end - s.start) if holding else None


def _topical(tokens: Sequence[Token], ctx: _Article) -> bool:
    """Whether a sentence is about forces: it names a force kind, a weapon or imagery."""
    words = ctx.lex.topic_words
    return any(t.lemma_.lower() in words or ctx.weapon_at(t.i) for t in tokens)


def _sentences_before(found: _Found, ctx: _Article) -> list[list[Token]]:
    """The sentences before the phrase's own that it may take a place, date or source from,
    nearest first: up to CONTEXT_SENTENCES back, those about forces."""
    here = ctx.sentence_index(found.head.idx)
    before = []
    for k in range(here - 1, max(here - 1 - CONTEXT_SENTENCES, -1), -1):
        span = ctx.doc.char_span(*ctx.sentences[k], alignment_mode="expand")
        if span is not None and _topical(span, ctx):
            before.append(list(span))
    return before


# --- Putting it together ----------------------------------------------------------------------


def _force(found: _Found, ctx: _Article, previous_owner: str | None) -> Force | None:
    doc, article = ctx.doc, ctx.article
    start, end = doc[found.first].idx, found.head.idx + len(found.head)
    sentence_start, sentence_end = sentence_of(doc, start, end)
    span = doc.char_span(sentence_start, sentence_end, alignment_mode="expand")
    sent_tokens = list(span) if span is not None else list(found.head.sent)
    owner = (
        _own_owner(found, ctx)
        or _verb_owner(found, ctx)
        or _sentence_owner(sent_tokens, ctx, _located_tokens(sent_tokens, ctx.lex))
        or previous_owner
    )
    if found.count is None and owner is None:
        return None  # a weapon named, no count, nobody's: a product, not a posture
    where = _where(found, ctx)
    if where.place is None and (places := _sentence_places(sent_tokens, ctx)):
        where.place, where.text = min(places, key=lambda p: abs(p[0].start - start))
    timex = _when(found, (sentence_start, sentence_end), ctx)
    statement = _statement(start, end, ctx)
    vouched = statement is not None and (statement.stance or "neutral") in ctx.lex.statement_stances
    claimed_by = (statement.speaker if vouched else None) or (
        _according(sent_tokens, ctx) or _reporter(found, ctx) or _source_nouns(sent_tokens, ctx)
    )
    if None in (where.place, timex, claimed_by):
        for tokens in _sentences_before(found, ctx):
            if where.place is None and (places := _sentence_places(tokens, ctx)):
                where.place, where.text = places[0]
            if timex is None:
                bounds = (tokens[0].idx, tokens[-1].idx + len(tokens[-1]))
                timex = _when_in(bounds, ctx)
            claimed_by = claimed_by or _according(tokens, ctx) or _source_nouns(tokens, ctx)
    if found.count is None and where.place is None:
        return None  # a weapon named, no count, nowhere: a product ("a contract for F-15Es")
    count = found.count or Count(None, None, None, False)
    return Force(
        id=record_id("fo", article.id, start, end),
        article_id=article.id,
        kind=found.kind,
        text=article.text[start:end],
        start=start,
        end=end,
        sentence=article.text[sentence_start:sentence_end],
        sentence_start=sentence_start,
        sentence_end=sentence_end,
        owner=owner,
        system=found.system,
        count=count.count,
        count_low=count.low,
        count_high=count.high,
        approx=count.approx,
        place=where.place.geonameid if where.place else None,
        place_text=where.text if where.place else None,
        origin_place=where.origin.geonameid if where.origin else None,
        first=timex.first if timex else None,
        last=timex.last if timex else None,
        claimed_by=claimed_by,
        statement_id=statement.id if statement is not None else None,
    )


def _when_in(bounds: tuple[int, int], ctx: _Article) -> Timex | None:
    return next((t for t in ctx.timexes if bounds[0] <= t.start and t.end <= bounds[1]), None)


def extract_forces(
    doc: Doc,
    article: Article,
    mentions: Sequence[Mention],
    timexes: Sequence[Timex],
    places: Sequence[Place],
    statements: Sequence[Statement],
) -> list[Force]:
    """The force postures of one parsed article, in text order (see the module doc)."""
    lex = lexicon()
    ctx = _Article(doc, article, mentions, timexes, places, statements, lex, knowledge())
    forces: list[Force] = []
    owner = None
    for head in _candidates(doc, ctx):
        found = _find(head, ctx)
        if found is None or not _is_posture(found, lex):
            continue
        force = _force(found, ctx, owner)
        if force is not None:
            forces.append(force)
            owner = force.owner or owner
    return forces
