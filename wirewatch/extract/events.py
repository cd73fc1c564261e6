"""Events in one article, coded in the PLOVER ontology: who did what to whom, where, when,
and whether it happened.

Triggers come from the lexicons of ``wirewatch/data/events.toml`` (read once per process) and
the dependency parse, in one walk over the tokens:

- a verb is a trigger by its lemma, by a phrase hanging below it ("call on", "go on strike"),
  or by the class of its object or subject ("send troops" is a deployment, "send aid" is aid,
  "released a statement" and "shares rallied" are no event at all);
- a "light" verb ("hold", "launch", "impose") carries no event of its own: its object noun
  is the trigger ("held talks", "imposed sanctions"), and the verb lends it a subject, tense
  and negation;
- a noun is a trigger by itself ("the invasion of Ukraine", "Russia's exercise").

Actors and recipients are the entities the entity stage found in the trigger's subject,
object and prepositional complements (a capital acting or acted on stands for its
government), followed through conjunctions, participles and infinitives, pronouns ("he",
"they", "both countries", "we" in a quote) and definite descriptions ("the ministry").
Places and time expressions are assigned to the event they hang below in the parse. The mode
(asserted, claimed, denied, expected, hypothetical) comes from negation, auxiliaries, the
verbs governing the trigger, the statement it is reported in, and accusations; a denial is
linked to the accusation or claim it answers. See ``docs/events.md``.
"""

from __future__ import annotations

import tomllib
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from spacy.tokens import Doc, Span, Token

from wirewatch.extract.sentences import sentence_of
from wirewatch.knowledge import KnowledgeBase, knowledge
from wirewatch.records import Article, Event, Mention, Place, Statement, Timex, record_id

__all__ = ["PLOVER_TYPES", "extract_events", "lexicon"]

ASSERTED, CLAIMED, DENIED, EXPECTED, HYPOTHETICAL = (
    "asserted",
    "claimed",
    "denied",
    "expected",
    "hypothetical",
)
# When several signs apply, the strongest wins: what is denied did not happen, what is
# conditional may never happen, what is planned has not happened yet.
MODE_RANK = {DENIED: 0, HYPOTHETICAL: 1, EXPECTED: 2, CLAIMED: 3, ASSERTED: 4}
NONE = "none"  # the subtype of "no event" rules
SUBJECT_DEPS = ("nsubj", "csubj", "expl")
PASSIVE_SUBJECT_DEPS = ("nsubjpass", "csubjpass")
OBJECT_DEPS = ("dobj", "obj", "attr", "oprd")
# arcs an argument or a nominal trigger may climb to reach the verb it depends on
NOUN_CLIMB_DEPS = frozenset({"dobj", "pobj", "prep", "attr", "appos", "conj", "nsubjpass"})
ACTOR_LABELS = frozenset({"PERSON", "ORG", "COUNTRY", "GOV", "NORP", "ROLE", "GROUP", "UNIT"})
MODIFIER_DEPS = ("poss", "compound", "amod", "nmod", "npadvmod")


# ------------------------------------------------------------------------------ the lexicon
@dataclass(frozen=True)
class Sense:
    """What a trigger means: its PLOVER type and finer subtype, with the subtype's flags."""

    type: str
    subtype: str
    claim: bool = False
    deny: bool = False
    object_place: bool = False
    refine: bool = False


Phrase = tuple[tuple[str, ...], str]  # (words besides the head, subtype)


@dataclass
class Lexicon:
    """``data/events.toml``, indexed for the token walk."""

    senses: dict[str, Sense]
    verbs: dict[str, str]
    verb_phrases: dict[str, list[Phrase]]
    nouns: dict[str, str]
    noun_phrases: dict[str, list[tuple[tuple[str, ...], int, str]]]  # words, head index
    adjectives: dict[str, str]
    light_verbs: frozenset[str]
    weak_verbs: frozenset[str]
    containers: frozenset[str]
    classes: dict[str, frozenset[str]]
    verb_objects: dict[str, list[tuple[str, str]]]  # verb -> [(class, subtype)] in file order
    verb_subjects: list[tuple[frozenset[str], str, str]]  # (verbs or empty, class, subtype)
    noun_blockers: dict[str, tuple[str, ...]]
    noun_requires: dict[str, tuple[str, ...]]
    instrument_nouns: dict[str, str]
    military_words: frozenset[str]
    absorbs: dict[str, frozenset[str]]
    instruments: list[tuple[str, tuple[str, ...]]]
    modes: dict[str, frozenset[str]]
    stance_modes: dict[str, str]
    passive_none: frozenset[str]
    stative_heads: frozenset[str]
    actors: dict[str, frozenset[str]]
    recipient_preps: dict[str, tuple[str, ...]]
    noun_recipient_preps: tuple[str, ...]
    topic_preps: tuple[str, ...]
    place_preps: tuple[str, ...]
    max_climb: int
    plover_v1: dict[str, str]
    plover_v1_modes: list[dict]
    contexts: list[tuple[frozenset[str], tuple[str, ...], str]]
    capitalised: frozenset[str]
    acled: list[dict]
    acled_combinations: list[dict]
    acled_words: dict[str, frozenset[str]]

    def sense(self, subtype: str) -> Sense | None:
        return None if subtype == NONE else self.senses[subtype]

    def in_class(self, token: Token, name: str) -> bool:
        """Whether the word, or a noun compounded with it ("mediation efforts"), is in the
        object class."""
        if name == "*":
            return True
        words = self.classes.get(name, frozenset())
        return any(
            t.lower_ in words or t.lemma_.lower() in words
            for t in (token, *(c for c in token.children if c.dep_ == "compound"))
        )


def _words(phrase: str) -> tuple[str, ...]:
    """An entry's words; a hyphenated word ("de-escalate") stays one word."""
    return tuple(phrase.lower().split())


def _index_phrases(lex_verbs: dict, lex_phrases: dict, subtype: str, entries: list[str]) -> None:
    for entry in entries:
        words = _words(entry)
        if len(words) == 1:
            lex_verbs.setdefault(words[0], subtype)
        else:
            lex_phrases.setdefault(words[0], []).append((words[1:], subtype))


def _index_nouns(nouns: dict, phrases: dict, subtype: str, entries: list[str]) -> None:
    for entry in entries:
        words = _words(entry)
        if len(words) == 1:
            nouns.setdefault(words[0], subtype)
            continue
        head = words.index("of") - 1 if "of" in words else len(words) - 1
        phrases.setdefault(words[head], []).append((words, head, subtype))


@cache
def lexicon() -> Lexicon:
    """The event lexicon, read from ``wirewatch/data/events.toml`` once per process."""
    path = resources.files("wirewatch") / "data" / "events.toml"
    data = tomllib.loads(path.read_text("utf-8"))
    senses, verbs, verb_phrases, nouns, noun_phrases, adjectives = {}, {}, {}, {}, {}, {}
    for name, row in data["subtypes"].items():
        senses[name] = Sense(
            row["type"],
            name,
            claim=row.get("claim", False),
            deny=row.get("deny", False),
            object_place=row.get("object_place", False),
            refine=row.get("refine", False),
        )
        _index_phrases(verbs, verb_phrases, name, row.get("verbs", []))
        _index_nouns(nouns, noun_phrases, name, row.get("nouns", []))
        for adjective in row.get("adjectives", []):
            adjectives.setdefault(adjective, name)
    for phrases in (*verb_phrases.values(), *noun_phrases.values()):
        phrases.sort(key=lambda p: -len(p[0]))  # longest phrase first
    light = data["light_verbs"]
    verb_objects: dict[str, list[tuple[str, str]]] = {}
    for rule in data["verb_object"]:
        for verb in rule["verbs"]:
            verb_objects.setdefault(verb, []).append((rule["objects"], rule["subtype"]))
    actors = data["actors"]
    modes = data["modes"]
    return Lexicon(
        senses=senses,
        verbs=verbs,
        verb_phrases=verb_phrases,
        nouns=nouns,
        noun_phrases=noun_phrases,
        adjectives=adjectives,
        light_verbs=frozenset(light["verbs"]),
        weak_verbs=frozenset(light["weak"]),
        containers=frozenset(light["containers"]),
        classes={k: frozenset(v) for k, v in data["objects"].items()},
        verb_objects=verb_objects,
        verb_subjects=[
            (frozenset(r["verbs"]), r["subjects"], r["subtype"]) for r in data["verb_subject"]
        ],
        noun_blockers={k: tuple(v) for k, v in data["noun_blockers"].items()},
        noun_requires={k: tuple(v) for k, v in data["noun_requires"].items()},
        instrument_nouns={k: v for k, v in data["instrument_nouns"].items() if isinstance(v, str)},
        military_words=frozenset(data["instrument_nouns"]["military_words"]),
        absorbs={k: frozenset(v) for k, v in data["absorbs"].items()},
        instruments=[(k, tuple(v)) for k, v in data["instruments"].items()],
        modes={k: frozenset(v) for k, v in modes.items() if isinstance(v, list)},
        stance_modes=dict(modes["stances"]),
        passive_none=frozenset(data["not_events"]["passive_verbs"]),
        stative_heads=frozenset(data["not_events"]["stative_heads"]),
        actors={k: frozenset(v) for k, v in actors.items() if isinstance(v, list)},
        recipient_preps={k: tuple(v) for k, v in actors["recipient_preps"].items()},
        noun_recipient_preps=tuple(actors["noun_recipient_preps"]),
        topic_preps=tuple(actors["topic_preps"]),
        place_preps=tuple(actors["place_preps"]),
        max_climb=int(actors["max_climb"]),
        plover_v1=dict(data["plover_v1"]),
        plover_v1_modes=list(data["plover_v1_mode"]),
        contexts=[
            (frozenset(c["subtypes"]), tuple(c["words"]), c["subtype"]) for c in data["context"]
        ],
        capitalised=frozenset(data["not_events"]["capitalised"]),
        acled=list(data["acled"]),
        acled_combinations=list(data["acled_combination"]),
        acled_words={k: frozenset(v) for k, v in data["acled_words"].items()},
    )


PLOVER_TYPES = (
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
)


# ------------------------------------------------------------------------------ triggers
def lemmas(token: Token) -> tuple[str, ...]:
    """The token's lemma, and guesses from its form where the lemmatiser slips ("staged" ->
    "stag"): inflectional endings stripped, a final "e" restored, a doubled consonant undone."""
    return _lemma_forms(token.lower_, token.lemma_.lower())


@cache
def _lemma_forms(word: str, lemma: str) -> tuple[str, ...]:
    found = [lemma, word]
    for ending in ("ing", "ed", "es", "s", "d"):
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            stem = word[: -len(ending)]
            found += [stem, stem + "e"]
            if len(stem) > 3 and stem[-1] == stem[-2]:
                found.append(stem[:-1])
    return tuple(dict.fromkeys(found))


def _matches(token: Token, word: str) -> bool:
    return token.lower_ == word or token.lemma_.lower() == word


def _descendants(token: Token, depth: int) -> Iterable[Token]:
    frontier = [token]
    for _ in range(depth):
        frontier = [c for t in frontier for c in t.children]
        yield from frontier


def _verb_phrase(lex: Lexicon, verb: Token) -> tuple[str, list[Token]] | None:
    """The longest phrase of the lexicon headed by the verb, with the tokens it covers."""
    for lemma in lemmas(verb):
        for words, subtype in lex.verb_phrases.get(lemma, ()):
            below = list(_descendants(verb, 3))
            covered = []
            for n, word in enumerate(words):
                last = n == len(words) - 1
                hit = next(
                    (
                        t
                        for t in below
                        if _matches(t, word) and t not in covered and _fits(verb, t, last)
                    ),
                    None,
                )
                if hit is None:
                    break
                covered.append(hit)
            else:
                return subtype, covered
    return None


def _fits(verb: Token, token: Token, last: bool) -> bool:
    """A preposition ending a phrase must follow the verb ("called on Minsk", not "handed a
    letter ... over the violation"); particles and other words may be anywhere below."""
    return not (last and token.dep_ == "prep" and token.i != verb.i + 1)


def _noun_phrase(lex: Lexicon, noun: Token) -> tuple[str, list[Token]] | None:
    doc = noun.doc
    for form in (noun.lower_, noun.lemma_.lower()):
        for words, head, subtype in lex.noun_phrases.get(form, ()):
            tokens = _aligned(doc, noun.i, words, head)
            if tokens is not None:
                return subtype, tokens
    return None


def _aligned(doc: Doc, at: int, words: tuple[str, ...], head: int) -> list[Token] | None:
    """The tokens around ``at`` spelling ``words`` with ``words[head]`` at ``at`` (hyphens
    in the text are skipped)."""
    tokens, i = [], at
    for word in reversed(words[:head]):  # leftwards
        i -= 1
        while i >= 0 and doc[i].text in ("-", "–"):
            i -= 1
        if i < 0 or not _matches(doc[i], word):
            return None
        tokens.append(doc[i])
    i = at
    for word in words[head + 1 :]:
        i += 1
        while i < len(doc) and doc[i].text in ("-", "–"):
            i += 1
        if i >= len(doc) or not _matches(doc[i], word):
            return None
        tokens.append(doc[i])
    return tokens


def object_of(verb: Token) -> Token | None:
    """The verb's direct object; through "control of", "parts of" to the real one."""
    target = next((c for c in verb.children if c.dep_ in ("dobj", "obj")), None)
    return unwrapped(target) if target is not None else None


def unwrapped(token: Token) -> Token:
    """ "control of parts of the town" -> "town"; "a lot of weapons" -> "weapons"."""
    for _ in range(3):
        if token.lemma_.lower() not in lexicon().actors["wrappers"]:
            break
        inner = next((g for g in token.children if g.dep_ == "prep" and g.lower_ == "of"), None)
        pobj = next((g for g in inner.children if g.dep_ == "pobj"), None) if inner else None
        if pobj is None:
            break
        token = pobj
    return token


def subject_of(verb: Token) -> Token | None:
    return next((c for c in verb.children if c.dep_ in SUBJECT_DEPS + PASSIVE_SUBJECT_DEPS), None)


def _ruled_sense(lex: Lexicon, verb: Token, ctx: ArticleContext) -> str | None:
    """A subtype from the verb's subject or object class; None when no rule fits."""
    subject = subject_of(verb)
    names = lemmas(verb)
    if subject is not None and subject.dep_ in SUBJECT_DEPS:
        for verbs, name, subtype in lex.verb_subjects:
            if (not verbs or any(n in verbs for n in names)) and lex.in_class(subject, name):
                return subtype
    passive = _passive_subject(verb)
    target = object_of(verb) or (unwrapped(passive) if passive is not None else None)
    if target is None and verb.dep_ == "acl" and verb.tag_ == "VBN":
        target = verb.head  # "the document, released by the Kremlin"
    direct = target is not None
    if target is None:
        objects = _prep_objects(verb, ("on", "to", "upon"))  # "agreed on the text"
        target = objects[0] if objects else None
    if target is None:
        return None
    for lemma in names:
        for name, subtype in lex.verb_objects.get(lemma, ()):
            if name == "*" and not direct:
                continue  # "returned to Moscow" is no return of anything
            if lex.in_class(target, name) or _special_class(name, target, ctx):
                return subtype
    return None


def _special_class(name: str, token: Token, ctx: ArticleContext) -> bool:
    """Classes known from the entity stage: a place is territory, a person a person."""
    mention = ctx.mention_at.get(token.i)
    if name == "territory":
        return ctx.is_place(token)
    if name == "person":
        return mention is not None and mention.label in ("PERSON", "ROLE")
    return False


def _passive_subject(verb: Token) -> Token | None:
    return next((c for c in verb.children if c.dep_ in PASSIVE_SUBJECT_DEPS), None)


@dataclass
class Trigger:
    """A trigger found in the walk: the head token, the tokens of its phrase, its sense, and
    for nominal triggers the verb that lends them subject, tense and negation."""

    token: Token
    sense: Sense
    covered: list[Token] = field(default_factory=list)
    anchor: Token | None = None  # the governing verb of a nominal trigger, where there is one
    nominal: bool = False
    plan: Token | None = None  # "..., expected to take place this month" after a nominal

    @property
    def head(self) -> Token:
        """The token whose clause the event is in (the light verb of "held talks")."""
        return self.anchor if self.anchor is not None else self.token


def _verb_trigger(lex: Lexicon, token: Token, ctx: ArticleContext) -> Trigger | None:
    if _adjectival(lex, token):
        return None
    phrase = _verb_phrase(lex, token)
    if phrase is not None:
        sense = lex.sense(phrase[0])
        return Trigger(token, sense, phrase[1]) if sense else None
    ruled = _ruled_sense(lex, token, ctx)
    if ruled is not None:
        sense = lex.sense(ruled)
        return Trigger(token, sense) if sense else None
    for lemma in lemmas(token):
        if lemma in lex.light_verbs:
            return None
        if lemma in lex.weak_verbs and _event_noun(lex, object_of(token)):
            return None
        if lemma in lex.verbs:
            return Trigger(token, lex.senses[lex.verbs[lemma]])
    return None


def _event_noun(lex: Lexicon, token: Token | None) -> bool:
    return token is not None and (token.lower_ in lex.nouns or token.lemma_.lower() in lex.nouns)


def _adjectival(lex: Lexicon, token: Token) -> bool:
    """Participles used as adjectives ("the occupied territory", "feels threatened") and
    passives that mean no event ("would be met with a heavy price")."""
    if token.dep_ in ("amod", "acomp") or token.lemma_ in ("be", "have"):
        return True
    if token.tag_ == "VBN":
        aux = {c.lower_ for c in token.children if c.dep_ in ("aux", "auxpass")}
        if aux & lex.stative_heads or token.head.lemma_.lower() in lex.stative_heads:
            return True
        if _is_passive(token) and token.lemma_.lower() in lex.passive_none:
            return True
    return False


def _hyphenated(lex: Lexicon, doc: Doc, i: int) -> Trigger | None:
    """A hyphenated trigger the tokenizer split ("de-escalate", "cease-fire", "sit-in"),
    headed by whichever part hangs outside the word."""
    left = doc[i]
    if left.whitespace_ or i + 2 >= len(doc):
        return None
    dash, right = doc[i + 1], doc[i + 2]
    if dash.text not in ("-", "–"):
        return None
    if dash.idx != left.idx + len(left.text) or right.idx != dash.idx + 1:
        return None
    forms = [f"{left.lower_}-{r}" for r in lemmas(right)]
    subtype = next(
        (lex.verbs.get(f) or lex.nouns.get(f) for f in forms if f in lex.verbs or f in lex.nouns),
        None,
    )
    sense = lex.sense(subtype) if subtype else None
    if sense is None:
        return None
    parts = {left.i, dash.i, right.i}
    head = left if left.head.i not in parts else right
    nominal = any(f in lex.nouns for f in forms) and head.pos_ != "VERB"
    return Trigger(head, sense, [t for t in (left, dash, right) if t is not head], nominal=nominal)


def _adjective_trigger(lex: Lexicon, token: Token) -> Trigger | None:
    subtype = lex.adjectives.get(token.lower_)
    if subtype and any(
        c.dep_ == "xcomp" or (c.dep_ == "prep" and c.lower_ == "to") for c in token.children
    ):
        return Trigger(token, lex.senses[subtype])  # "ready to talk", "committed to opening"
    return None


def _noun_trigger(lex: Lexicon, token: Token, ctx: ArticleContext) -> Trigger | None:
    word, lemma = token.lower_, token.lemma_.lower()
    if not (
        word in lex.nouns
        or lemma in lex.nouns
        or word in lex.noun_phrases
        or lemma in lex.noun_phrases
    ):
        return None
    if token.dep_ == "compound" and token.head.pos_ in ("NOUN", "PROPN"):
        if token.head.lemma_.lower() not in lex.containers:
            return None  # "attack aircraft", "war games": the head decides
    if token.text[:1].isupper() and token.lower_ in lex.capitalised:
        return None  # "in March"
    mention = ctx.mention_at.get(token.i)
    if mention is not None and mention.label not in ("ROLE", "NORP", "MISC", "EVENT"):
        return None  # "the Organisation of Islamic Cooperation"
    phrase = _noun_phrase(lex, token)
    covered: list[Token] = []
    if phrase is not None:
        subtype, covered = phrase
    else:
        subtype = lex.nouns.get(token.lower_) or lex.nouns.get(token.lemma_.lower())
        if subtype is None or _blocked(lex, token):
            return None
        if token.lower_ in lex.instrument_nouns and ctx.has_instruments(token):
            subtype = lex.instrument_nouns[token.lower_]
    sense = lex.sense(subtype)
    if sense is None:
        return None
    return Trigger(token, sense, covered, nominal=True)


def _near_words(token: Token) -> Iterable[Token]:
    """The noun's modifiers and its prepositional complements' heads, and the words of the
    clause it is the object of (for "filed charges", "face charges")."""
    for child in token.children:
        yield child
        if child.dep_ == "prep":
            yield from (g for g in child.children if g.dep_ == "pobj")
        if child.dep_ in ("acl", "relcl", "ccomp"):
            yield from child.children
    if token.dep_ in ("dobj", "nsubjpass"):
        yield token.head


def _listed(lex: Lexicon, token: Token, entries: tuple[str, ...]) -> bool:
    for entry in entries:
        if entry.startswith("class:"):
            if lex.in_class(token, entry[6:]):
                return True
        elif _matches(token, entry):
            return True
    return False


def _blocked(lex: Lexicon, noun: Token) -> bool:
    """Whether the noun means something else here ("a one-time charge", "stocks rally")."""
    for key in {noun.lower_, noun.lemma_.lower()}:
        blockers = lex.noun_blockers.get(key)
        if blockers and any(_listed(lex, t, blockers) for t in _near_words(noun)):
            return True
        required = lex.noun_requires.get(key)
        if required and not any(_listed(lex, t, required) for t in _near_words(noun)):
            return True
    return False


def find_triggers(doc: Doc, ctx: ArticleContext) -> list[Trigger]:
    """Every trigger of the document, in text order; phrases consume the words they cover."""
    lex = lexicon()
    found: list[Trigger] = []
    covered: set[int] = set()  # words of phrases: no trigger of their own
    for token in doc:
        if token.i in covered:
            continue
        trigger = _hyphenated(lex, doc, token.i)
        if trigger is not None:
            pass
        elif token.pos_ == "VERB":
            trigger = _verb_trigger(lex, token, ctx)
        elif token.pos_ in ("NOUN", "PROPN"):
            trigger = _noun_trigger(lex, token, ctx)
        elif token.pos_ == "ADJ":
            trigger = _adjective_trigger(lex, token)
        if trigger is not None:
            found.append(trigger)
            covered.update(t.i for t in trigger.covered)
    found = [t for t in found if t.token.i not in covered]
    triggers_at = {t.token.i: t for t in found}
    kept = []
    for trigger in found:
        if trigger.nominal:
            verb, prep = _governing_verb(lex, trigger.token)
            if verb is not None and verb.i in triggers_at:
                if _absorbed(lex, trigger, triggers_at[verb.i]):
                    continue  # "refuted the charge": the charge is the accusation answered
            elif verb is not None and (_is_light(lex, verb) or prep in lex.actors["scene_preps"]):
                trigger.anchor = verb
            trigger.plan = _plan_after(lex, trigger.token)
        kept.append(trigger)
    return kept


def _plan_after(lex: Lexicon, noun: Token) -> Token | None:
    """A participle of planning right after a nominal trigger, however the parser attached
    it: "Russia's nuclear exercise, expected to take place this month"."""
    doc, i = noun.doc, noun.right_edge.i + 1
    while i < len(doc) and doc[i].is_punct and doc[i].text in (",", "—", "–"):
        i += 1
    if i < len(doc) and i - noun.i <= 3 and doc[i].tag_ == "VBN" and _plans(doc[i], lex):
        return doc[i]
    return None


def _is_light(lex: Lexicon, verb: Token) -> bool:
    return any(lemma in lex.light_verbs or lemma in lex.weak_verbs for lemma in lemmas(verb))


def _governing_verb(lex: Lexicon, noun: Token) -> tuple[Token | None, str | None]:
    """The verb a nominal trigger is the object or complement of, through containers ("a
    letter of protest") and prepositions ("took part in exercises"), with the preposition
    it hangs from, if any."""
    token, prep = noun, None
    for _ in range(lex.max_climb):
        if token.dep_ not in NOUN_CLIMB_DEPS or token.head is token:
            return None, None
        head = token.head
        if head.pos_ in ("VERB", "AUX"):
            return head, prep
        if head.pos_ == "ADP" and prep is None:
            prep = head.lower_
        if head.pos_ == "ADP" or head.lemma_.lower() in lex.containers or token.dep_ == "conj":
            token = head
            continue
        return None, None
    return None, None


def _absorbed(lex: Lexicon, trigger: Trigger, governing: Trigger) -> bool:
    """Whether a nominal trigger is only the argument of the trigger it hangs from
    (``[absorbs]``)."""
    sense = governing.sense
    empty: frozenset[str] = frozenset()
    absorbed = lex.absorbs.get(sense.subtype, empty) | lex.absorbs.get(sense.type, empty)
    return trigger.sense.type in absorbed or trigger.sense.subtype in absorbed


# ------------------------------------------------------------------------------ the article
class ArticleContext:
    """What the event stage knows about one article: its mentions, places and statements
    indexed by token, and the resolution of noun phrases to entities."""

    def __init__(
        self,
        doc: Doc,
        article: Article,
        mentions: Sequence[Mention],
        places: Sequence[Place],
        statements: Sequence[Statement],
        kb: KnowledgeBase,
    ):
        self.doc, self.article, self.kb, self.lex = doc, article, kb, lexicon()
        self.statements = sorted(statements, key=lambda s: s.end - s.start)
        self.token_starts = [t.idx for t in doc]
        self.mention_at = self._index_mentions(mentions)
        self.mentions = sorted(mentions, key=lambda m: m.start)
        self.mention_starts = [m.start for m in self.mentions]
        self.place_at = {self.token_at(p.start).i: p for p in places if p.geonameid}
        self.sentence_text: dict[int, str] = {}
        self.sentence_starts = [sent.start for sent in doc.sents] or [0]
        self.trigger_at: dict[int, Trigger] = {}  # trigger token -> trigger
        self.trigger_heads: set[int] = set()  # tokens of triggers and their light verbs

    def token_at(self, offset: int) -> Token:
        return self.doc[max(bisect_right(self.token_starts, offset) - 1, 0)]

    def _index_mentions(self, mentions: Sequence[Mention]) -> dict[int, Mention]:
        """The longest mention covering each token."""
        best: dict[int, Mention] = {}
        for mention in mentions:
            first = self.token_at(mention.start).i
            last = self.token_at(max(mention.end - 1, mention.start)).i
            for i in range(first, last + 1):
                held = best.get(i)
                if held is None or mention.end - mention.start > held.end - held.start:
                    best[i] = mention
        return best

    def is_place(self, token: Token) -> bool:
        mention = self.mention_at.get(token.i)
        return token.i in self.place_at or (
            mention is not None and mention.label in ("PLACE", "COUNTRY")
        )

    def sentence_index(self, token: Token) -> int:
        """The number of the token's sentence (``Token.sent`` walks the document each time)."""
        return max(bisect_right(self.sentence_starts, token.i) - 1, 0)

    def sentence(self, token: Token, back: int = 0) -> Span:
        """The token's sentence, or the one ``back`` sentences before it."""
        index = max(self.sentence_index(token) - back, 0)
        start = self.sentence_starts[index]
        ends = self.sentence_starts[index + 1 :]
        return self.doc[start : ends[0] if ends else len(self.doc)]

    def lower_sentence(self, token: Token) -> str:
        sent = self.sentence(token)
        text = self.sentence_text.get(sent.start)
        if text is None:
            text = " " + " ".join(t.lower_ for t in sent) + " "
            self.sentence_text[sent.start] = text
        return text

    def instrument(self, token: Token) -> str | None:
        """The first kind of weapon ([instruments]) the token's sentence speaks of."""
        text = self.lower_sentence(token)
        for subtype, words in self.lex.instruments:
            if any(f" {w} " in text for w in words):
                return subtype
        return None

    def has_instruments(self, token: Token) -> bool:
        """Whether the sentence speaks of weapons or fighting (a "strike" is then military)."""
        if self.instrument(token) is not None:
            return True
        return any(t.lower_ in self.lex.military_words for t in self.sentence(token))

    def statement_at(self, offset: int) -> Statement | None:
        """The innermost statement whose content holds the offset."""
        for statement in self.statements:
            spans = statement.quote_spans or [(statement.start, statement.end)]
            if any(s <= offset < e for s, e in spans):
                return statement
        return None

    # ---------------------------------------------------------------- entity resolution
    def entity_ids(self, mention: Mention) -> list[str]:
        """The entities a mention names as an actor: a government for its seat ("the Kremlin",
        "Kyiv"), every country of a hyphenated pair ("Russia-Belarus")."""
        if mention.stands_for:
            return [mention.stands_for]
        pair = [p for p in mention.text.replace("–", "-").split("-") if p]
        if len(pair) > 1:
            ids = [self.kb.resolve_alias(p.strip()) for p in pair]
            if all(ids):
                return [i for i in ids if i]
        return [self.kb.seat_of.get(mention.entity_id, mention.entity_id)]

    def resolve(
        self, head: Token, depth: int = 0, recipient: bool = False
    ) -> tuple[list[str], str]:
        """Entity ids and text of the noun phrase headed by ``head``, with its conjuncts. A
        recipient may be named in an "of" complement ("the expansion of NATO")."""
        heads = [head, *(c for c in head.conjuncts if c.i > head.i)]
        ids: list[str] = []
        for token in heads:
            for entity_id in self._resolve_one(token, depth, recipient):
                if entity_id not in ids:
                    ids.append(entity_id)
        return ids, self.phrase_text(heads)

    def phrase_text(self, heads: list[Token]) -> str:
        """The phrase from its first modifier to its last head, within the head's paragraph
        (a headline run into the next sentence by the parser stays out)."""
        start = min(self._phrase_start(h) for h in heads)
        end = max(self._phrase_end(h) for h in heads)
        text = self.doc[start : end + 1].text
        return text.rsplit("\n", 1)[-1].strip() if "\n" in text else text

    def _phrase_end(self, head: Token) -> int:
        """A noun naming members of a body takes its "of" complement along: "members of the
        New People's Army", "dozens of people"."""
        lemma = head.lemma_.lower()
        if lemma in self.lex.actors["agent_nouns"] or lemma in self.lex.actors["wrappers"]:
            for prep in head.rights:
                if prep.dep_ == "prep" and prep.lower_ == "of":
                    return prep.right_edge.i
        return head.i

    def _phrase_start(self, head: Token) -> int:
        left = [c for c in head.lefts if c.dep_ in (*MODIFIER_DEPS, "det", "nummod", "quantmod")]
        return min([head.i, *(c.left_edge.i for c in left)])

    def _resolve_one(self, token: Token, depth: int, recipient: bool = False) -> list[str]:
        mention = self.mention_at.get(token.i)
        if mention is not None and mention.label != "MISC":
            return self.entity_ids(mention)
        if mention is not None:
            ids = self.entity_ids(mention)
            if ids and ids[0] in self.kb.entities:
                return ids
        word = token.lower_
        if word in self.lex.actors["first_person"]:
            return self._speaker(token)
        if word in self.lex.actors["personal_pronouns"]:
            return self._person_before(token)
        if word in self.lex.actors["plural_anaphors"] or self._plural_anaphor(token):
            return self._coordination_before(token)
        owned = self.owner(token, depth, recipient)
        if owned:
            return owned
        if depth == 0 and token.pos_ == "NOUN" and any(c.lower_ == "the" for c in token.lefts):
            return self._same_noun_before(token)
        return []

    def _plural_anaphor(self, token: Token) -> bool:
        """ "both countries", "the two sides", "the parties"."""
        return token.tag_ == "NNS" and (
            token.lower_ in self.lex.actors["plural_anaphors"]
            or any(c.lower_ in ("both", "two") for c in token.children)
        )

    def owner(self, token: Token, depth: int, recipient: bool = False) -> list[str]:
        """Entities in the phrase's modifiers: "Ukraine's defence attaché", "Russian troops",
        "members of Hamas" (the "of" complement for nouns naming people or bodies, and for
        recipients)."""
        if depth > 2:
            return []
        ids: list[str] = []
        for child in token.children:
            if child.dep_ in MODIFIER_DEPS and (
                child.dep_ != "amod" or self.mention_at.get(child.i) is not None
            ):
                ids += self.resolve(child, depth + 1)[0]
        agent = token.lemma_.lower() in self.lex.actors["agent_nouns"]
        if not ids and (agent or recipient):
            for prep in token.children:
                if prep.dep_ == "prep" and prep.lower_ in ("of", "from"):
                    for pobj in prep.children:
                        if pobj.dep_ == "pobj":
                            ids += self.resolve(pobj, depth + 1)[0]
        return list(dict.fromkeys(ids))

    def _speaker(self, token: Token) -> list[str]:
        statement = self.statement_at(token.idx)
        return [statement.speaker] if statement and statement.speaker else []

    def _actor_mentions_before(self, token: Token, sentences: int) -> list[Mention]:
        """Actor mentions before the token, back to the start of an earlier sentence."""
        start = self.sentence(token, sentences).start_char
        first = bisect_left(self.mention_starts, start)
        last = bisect_left(self.mention_starts, token.idx)
        return [
            m
            for m in self.mentions[first:last]
            if m.label in ACTOR_LABELS or m.entity_id in self.kb.seat_of
        ]

    def _person_before(self, token: Token) -> list[str]:
        """ "he": the last person named before, in the same sentence (an object pronoun) or
        up to two sentences back (a subject)."""
        back = 2 if token.dep_ in SUBJECT_DEPS + ("poss",) else 0
        for mention in reversed(self._actor_mentions_before(token, back)):
            entity_id = self.entity_ids(mention)[0]
            if entity_id.startswith("person/") or mention.label in ("PERSON", "ROLE"):
                return [entity_id]
        sent = self.sentence(token)
        for earlier in reversed(list(sent)[: token.i - sent.start]):
            if earlier.lemma_.lower() in self.lex.actors["agent_nouns"] and earlier.pos_ == "NOUN":
                owned = self.owner(earlier, 1)
                if owned:
                    return owned
        return self._main_subject_person(token)

    def _main_subject_person(self, token: Token) -> list[str]:
        """ "In his meeting with Duda, Stoltenberg ...": a possessive pronoun in a fronted
        phrase points forward to the sentence's subject."""
        if token.dep_ != "poss":
            return []
        root = self.sentence(token).root
        subject = next((c for c in root.children if c.dep_ in SUBJECT_DEPS), None)
        mention = self.mention_at.get(subject.i) if subject is not None else None
        if mention is not None and subject.i > token.i and mention.label in ("PERSON", "ROLE"):
            return self.entity_ids(mention)
        return []

    def _coordination_before(self, token: Token) -> list[str]:
        """ "they", "both countries": the last actors named together ("Russia and China")."""
        mentions = self._actor_mentions_before(token, 2)
        best: list[str] = []
        run: list[Mention] = []
        for mention in mentions:
            if run and self._joined(run[-1], mention):
                run.append(mention)
            else:
                run = [mention]
            if len(run) > 1:
                best = [i for m in run for i in self.entity_ids(m)]
        if not best and mentions:
            ids = self.entity_ids(mentions[-1])
            best = ids if len(ids) > 1 else []
        return list(dict.fromkeys(best))

    def _joined(self, left: Mention, right: Mention) -> bool:
        gap = self.article.text[left.end : right.start]
        words = gap.replace(",", " , ").split()
        return bool(words) and all(w in (",", "and", "&", "’s", "'s", "or") for w in words)

    def _same_noun_before(self, token: Token) -> list[str]:
        """ "the ministry": the entities of the last phrase with the same noun."""
        lemma = token.lemma_.lower()
        start = self.sentence(token, 3).start
        for earlier in reversed(self.doc[start : token.i]):
            if earlier.lemma_.lower() == lemma:
                ids = self._resolve_one(earlier, 1)
                if ids:
                    return ids
        return []


# ------------------------------------------------------------------------------ arguments
def _chain_subject(verb: Token, lex: Lexicon, depth: int = 0) -> tuple[Token | None, bool]:
    """The verb's subject (and whether it is a passive one), inherited through conjunction,
    control ("urged Russia to de-escalate": Russia), participles ("accusing Belarus": the main
    clause's subject) and clauses attached to nouns ("Biden's decision to send": Biden)."""
    for child in verb.children:
        if child.dep_ in SUBJECT_DEPS:
            return (child if child.dep_ != "expl" else None), False
        if child.dep_ in PASSIVE_SUBJECT_DEPS:
            return child, True
    if depth > 4 or verb.head is verb:
        return None, False
    head = verb.head
    if verb.dep_ in ("conj", "acomp"):
        return _chain_subject(head, lex, depth + 1)
    if verb.dep_ in ("xcomp", "pcomp") or (verb.dep_ == "advcl" and verb.tag_ == "VBG"):
        controller = None
        if verb.dep_ == "pcomp":
            # "accused Ukraine of using": the object acts; "dealt a blow by recapturing": not
            prep, head = head, head.head
            if prep.lower_ == "of" and head.pos_ == "VERB":
                controller = object_of(head)
        elif head.pos_ == "VERB":
            controller = object_of(head)
        if controller is not None and verb.dep_ != "advcl":
            return controller, False
        if head.pos_ in ("VERB", "AUX", "ADJ"):
            return _chain_subject(head, lex, depth + 1)
    if verb.dep_ in ("acl", "relcl") and head.pos_ in ("NOUN", "PROPN"):
        if verb.dep_ == "relcl":
            return head, False
        owner = next((c for c in head.children if c.dep_ == "poss"), None)
        if owner is not None and verb.tag_ != "VBN":
            return owner, False
    return None, False


def _agent(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ == "agent":
            return next((g for g in child.children if g.dep_ == "pobj"), None)
    return None


def _is_passive(verb: Token) -> bool:
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children) or (
        verb.tag_ == "VBN" and verb.dep_ == "acl"
    )


def _prep_objects(token: Token, preps: tuple[str, ...]) -> list[Token]:
    """Objects of the token's prepositions, in the order the prepositions are listed."""
    found = []
    for word in preps:
        for child in token.children:
            if child.dep_ in ("prep", "dative", "agent") and child.lower_ == word:
                found += [g for g in child.children if g.dep_ == "pobj"]
    return found


@dataclass
class Roles:
    actor: Token | None = None
    recipient: Token | None = None
    patient: Token | None = None  # what a deployment moves: owned by the actor


def verb_roles(trigger: Trigger, ctx: ArticleContext) -> Roles:
    lex, verb = ctx.lex, trigger.head
    preps = lex.recipient_preps.get(trigger.sense.type, lex.recipient_preps["default"])
    roles = Roles()
    subject, passive = _chain_subject(verb, lex)
    if passive or _is_passive(verb):
        roles.actor = _agent(verb)
        roles.recipient = subject if passive else None
        if verb.dep_ == "acl" and verb.tag_ == "VBN":
            roles.recipient = verb.head
    else:
        roles.actor = subject
        if not trigger.nominal:
            roles.recipient = _verb_recipient(trigger, verb, preps, ctx)
    if roles.recipient is None and not trigger.nominal:
        objects = [o for o in _prep_objects(verb, preps) if not _is_date(o)]
        roles.recipient = objects[0] if objects else None
    if roles.recipient is not None and lex.in_class(roles.recipient, "forces"):
        roles.patient, roles.recipient = roles.recipient, None
    if trigger.sense.type == "MOBILIZE" and roles.recipient is not None:
        roles.patient, roles.recipient = roles.recipient, None
    return roles


def _verb_recipient(
    trigger: Trigger, verb: Token, preps: tuple[str, ...], ctx: ArticleContext
) -> Token | None:
    """Whom the verb acts on: its object, unless the object is a thing and someone is named
    beside it ("demanded the withdrawal of US staff", "reduced military aid to Argentina");
    else a prepositional object; else the object of its complement ("agreed to withdraw
    from X", "refused to meet with Pence", "demanded that the prime minister apologise")."""
    target = object_of(verb)
    if target is not None and target in trigger.covered:
        # "expressed concerns over Russia's expansion": the phrase's noun is no recipient
        inner = _prep_objects(target, ctx.lex.topic_preps)
        target = inner[0] if inner else None
    if target is None:
        dative = next((c for c in verb.children if c.dep_ == "dative"), None)
        if dative is not None and dative.pos_ == "ADP":
            dative = next((g for g in dative.children if g.dep_ == "pobj"), None)
        target = dative
    if target is not None and not _names_someone(target, ctx):
        beside = _prep_objects(target, ("of", "by", "from")) + _prep_objects(verb, preps)
        target = next((b for b in beside if _names_someone(b, ctx)), target)
    if target is None:
        objects = [o for o in _prep_objects(verb, preps) if not _is_date(o)]
        target = objects[0] if objects else None
    if target is None:
        target = _complement_recipient(verb)
    return target


def _complement_recipient(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ == "ccomp" and child.pos_ in ("VERB", "AUX"):
            subject = next((c for c in child.children if c.dep_ in SUBJECT_DEPS), None)
            if subject is not None and subject.pos_ != "PRON":
                return subject
        if child.dep_ == "xcomp" and child.pos_ == "VERB":
            inner = object_of(child)
            objects = _prep_objects(child, ("with", "to", "from", "against", "on", "in"))
            return inner or (objects[0] if objects else None)
    return None


def _names_someone(token: Token, ctx: ArticleContext) -> bool:
    """Whether a phrase names a party (an entity, a body, people) rather than a thing."""
    lemma = token.lemma_.lower()
    return (
        token.pos_ == "PROPN"
        or token.i in ctx.mention_at
        or lemma in ctx.lex.actors["agent_nouns"]
        or ctx.lex.in_class(token, "people")
        or bool(ctx.owner(token, 1))
    )


def _is_date(token: Token) -> bool:
    return token.ent_type_ in ("DATE", "TIME")


def noun_roles(trigger: Trigger, ctx: ArticleContext) -> Roles:
    """A nominal trigger's own actor (possessive, "by", national modifier) and recipient
    ("of", "with", "on", "against", "to"); else those of the light verb it depends on."""
    lex, noun = ctx.lex, trigger.token
    roles = Roles(actor=_nominal_actor(noun, ctx))
    objects = [o for o in _prep_objects(noun, lex.noun_recipient_preps) if o is not roles.actor]
    roles.recipient = objects[0] if objects else None
    if roles.recipient is None and noun.dep_ == "nsubj" and noun.head.pos_ == "VERB":
        roles.recipient = object_of(noun.head)  # "a car bombing killed 75 people"
    if roles.recipient is not None and lex.in_class(roles.recipient, "forces"):
        roles.patient, roles.recipient = roles.recipient, None
    anchor = trigger.anchor
    if anchor is not None:
        lent = verb_roles(Trigger(anchor, trigger.sense), ctx)
        if roles.actor is None:
            roles.actor = lent.actor if not _is_passive(anchor) else _agent(anchor)
        if roles.recipient is None and trigger.sense.type != "MOBILIZE":
            preps = lex.recipient_preps.get(trigger.sense.type, lex.recipient_preps["default"])
            objects = [o for o in _prep_objects(anchor, preps) if o is not noun]
            roles.recipient = objects[0] if objects else None
    return roles


def _nominal_actor(noun: Token, ctx: ArticleContext) -> Token | None:
    """ "Russia's exercise", "Russia's annual nuclear forces exercise", "an announcement by
    Moscow", "the Russian deployment", "Russia-Belarus war games"; a conjoined noun shares
    its first conjunct's ("Moscow's seizure and annexation")."""
    for token in (noun, *(c for c in noun.children if c.dep_ in ("compound", "nmod"))):
        owner = next((c for c in token.children if c.dep_ == "poss"), None)
        if owner is not None:
            return owner
    by = _prep_objects(noun, ("by",))
    if by:
        return by[0]
    for child in noun.children:
        if child.dep_ in ("amod", "compound", "nmod") and ctx.mention_at.get(child.i):
            return child
    if noun.dep_ == "conj":
        return next((c for c in noun.head.children if c.dep_ == "poss"), None)
    return None


# ------------------------------------------------------------------------------ modes
def _negated(token: Token, lex: Lexicon) -> bool:
    negations = lex.modes["negations"]
    return any(
        c.dep_ == "neg" or (c.dep_ in ("det", "advmod") and c.lower_ in negations)
        for c in token.children
    )


def _aux_words(token: Token) -> set[str]:
    return {c.lower_ for c in token.children if c.dep_ in ("aux", "auxpass")}


def _climb(token: Token, limit: int) -> Iterable[tuple[Token, str]]:
    """(ancestor, the arc we came up by), from the token towards the sentence root."""
    for _ in range(limit):
        if token.head is token:
            return
        yield token.head, token.dep_
        token = token.head


COMPLEMENT_ARCS = frozenset({"xcomp", "dobj", "pobj", "acl", "prep", "pcomp", "attr", "oprd"})


def clause_mode(trigger: Trigger, ctx: ArticleContext) -> str:
    """The mode the parse around the trigger gives (statements and accusations aside)."""
    lex, modes = ctx.lex, ctx.lex.modes
    head = trigger.head
    if _negated(head, lex) or (trigger.nominal and _negated(trigger.token, lex)):
        return DENIED
    found = ASSERTED
    for modifier in trigger.token.children if trigger.nominal else ():
        word = modifier.lower_
        if modifier.dep_ in ("amod", "det", "compound") and word in modes["hypothetical_modifiers"]:
            found = _stronger(found, HYPOTHETICAL)
        if modifier.dep_ in ("amod", "compound") and word in modes["future_modifiers"]:
            found = _stronger(found, EXPECTED)
        if modifier.dep_ == "acl" and _plans(modifier, lex):
            found = _stronger(found, EXPECTED)
    if trigger.plan is not None:
        found = _stronger(found, EXPECTED)
    found = _stronger(found, _own_mode(head, lex))
    for ancestor, arc in _climb(head, lex.max_climb):
        found = _stronger(found, _inherited_mode(ancestor, arc, lex, ctx))
        if found == DENIED:
            break
    return found


def _plans(verb: Token, lex: Lexicon) -> bool:
    """ "set to take place", "expected to take place", "scheduled for Monday"."""
    return verb.lemma_.lower() in lex.modes["future_heads"] and any(
        c.dep_ == "xcomp" or (c.dep_ == "prep" and c.lower_ == "for") for c in verb.children
    )


def _own_mode(verb: Token, lex: Lexicon) -> str:
    modes = lex.modes
    aux = _aux_words(verb)
    if any(c.dep_ == "mark" and c.lower_ in modes["conditional_marks"] for c in verb.children):
        return HYPOTHETICAL
    if aux & modes["hypothetical_aux"]:
        return EXPECTED if _future_in_past(verb, aux, lex) else HYPOTHETICAL
    if aux & modes["future_aux"]:
        return EXPECTED
    if "going" in aux or (verb.tag_ == "VB" and "to" in aux and verb.head.lemma_ == "be"):
        return EXPECTED  # "is going to", "is to resume"
    return ASSERTED


def _future_in_past(verb: Token, aux: set[str], lex: Lexicon) -> bool:
    """ "said it would free 1,500 prisoners": reported "will", not a condition."""
    return (
        aux & lex.modes["hypothetical_aux"] <= {"would", "'d"}
        and verb.dep_ == "ccomp"
        and verb.head.lemma_.lower() in lex.modes["report_cues"]
    )


def _inherited_mode(ancestor: Token, arc: str, lex: Lexicon, ctx: ArticleContext) -> str:
    """What a governing word does to the mode of what hangs below it."""
    modes, lemma = lex.modes, ancestor.lemma_.lower()
    if arc == "advcl" and any(
        c.dep_ == "mark" and c.lower_ in modes["conditional_marks"] for c in ancestor.children
    ):
        return HYPOTHETICAL
    if arc in ("xcomp", "ccomp", "pcomp", "dobj", "pobj", "prep") and _denies(ancestor, ctx):
        return DENIED
    if arc in ("xcomp", "dobj") and lemma in modes["negating_heads"]:
        return DENIED  # "refused to withdraw", "cancelled a planned visit"
    if arc == "xcomp" and _negated(ancestor, lex):
        return DENIED
    if arc in COMPLEMENT_ARCS and lemma in modes["irrealis_heads"]:
        return HYPOTHETICAL
    if arc in ("xcomp", "acomp", "conj", "ccomp") and ancestor.pos_ in ("VERB", "AUX", "ADJ"):
        if _aux_words(ancestor) & modes["hypothetical_aux"]:
            return HYPOTHETICAL
    if arc in ("xcomp", "acl", "acomp") and lemma in modes["future_heads"]:
        return EXPECTED
    if arc in ("xcomp", "conj", "acomp") and _aux_words(ancestor) & modes["future_aux"]:
        return EXPECTED
    return ASSERTED


def _denies(token: Token, ctx: ArticleContext) -> bool:
    trigger = ctx.trigger_at.get(token.i)
    return trigger is not None and trigger.sense.deny


def _stronger(a: str, b: str) -> str:
    return a if MODE_RANK[a] <= MODE_RANK[b] else b


def _reported_by(trigger: Trigger, ctx: ArticleContext) -> Token | None:
    """The subject of a reporting verb the trigger is the content of ("claiming some 30,000
    troops deployed"), used where no statement record covers the trigger."""
    cues = ctx.lex.modes["report_cues"]
    for ancestor, arc in _climb(trigger.head, ctx.lex.max_climb):
        if arc in ("ccomp", "xcomp", "advcl", "dobj", "conj") and ancestor.lemma_.lower() in cues:
            if ctx.trigger_at.get(ancestor.i) is not None:
                return None  # "accused X of ...": the accusation carries the claim
            subject, passive = _chain_subject(ancestor, ctx.lex)
            return None if passive else subject
    return None


# ------------------------------------------------------------------------------ where, when
def _assign_places(events: list[Draft], ctx: ArticleContext) -> None:
    """Each event takes the place it governs: its object where it is a place ("visited
    Minsk", "the annexation of Crimea"), else the best-ranked place under a locative
    preposition of the event ("deployed in Belarus") or of a place noun below it ("a meeting
    at NATO's headquarters in Brussels"). A place that is the event's recipient ("an
    invitation to Russia") is not where it happens."""
    ranks = {p: i for i, p in enumerate(ctx.lex.place_preps)}
    by_head: dict[int, list[Draft]] = {}
    for draft in events:
        for token in draft.heads:
            by_head.setdefault(token.i, []).append(draft)
    for index, place in ctx.place_at.items():
        token, prep, steps = ctx.doc[index], None, 0
        for ancestor, arc in _climb(token, ctx.lex.max_climb):
            steps += 1
            if arc == "pobj" and ancestor.pos_ == "ADP" and prep is None:
                prep = ancestor.lower_
            elif ancestor.i not in by_head and _owns_place(ancestor, prep, ctx):
                break  # "expansion around Ukraine": the place belongs to another word
            for draft in by_head.get(ancestor.i, ()):
                _offer(draft, place, token, arc, prep, steps, ranks)
            if ancestor.i in by_head:
                break


def _owns_place(token: Token, prep: str | None, ctx: ArticleContext) -> bool:
    """A verb, or a noun that is no place itself, keeps the places below it."""
    if token.pos_ in ("VERB", "AUX"):
        return True
    return token.pos_ in ("NOUN", "PROPN") and bool(prep) and not _locative_noun(token, ctx)


def _locative_noun(token: Token, ctx: ArticleContext) -> bool:
    return ctx.is_place(token) or ctx.lex.in_class(token, "territory")


def _offer(
    draft: Draft,
    place: Place,
    token: Token,
    arc: str,
    prep: str | None,
    steps: int,
    ranks: dict[str, int],
) -> None:
    if draft.sense.object_place and (arc == "dobj" or prep in ("of", "to")):
        draft.offer_place(place, (-1, steps))
    elif prep in ranks and token.i not in draft.role_tokens:
        draft.offer_place(place, (ranks[prep], steps))


def _assign_timexes(events: list[Draft], timexes: Sequence[Timex], ctx: ArticleContext) -> None:
    """A time expression dates the first event it hangs below; failing that, events in
    clauses below the verb it hangs from ("in 2020 when the Kremlin helped ...")."""
    by_head: dict[int, list[Draft]] = {}
    by_sentence: dict[int, list[Draft]] = {}
    for draft in events:
        by_sentence.setdefault(draft.sentence, []).append(draft)
        for token in draft.heads:
            by_head.setdefault(token.i, []).append(draft)
    for timex in timexes:
        if timex.first is None and timex.last is None:
            continue
        span = ctx.doc.char_span(timex.start, timex.end, alignment_mode="expand")
        if span is None or not len(span):
            continue
        owner = None
        for ancestor, _ in _climb(span.root, ctx.lex.max_climb):
            if ancestor.i in by_head:
                owner = ancestor
                break
        if owner is not None:
            for draft in by_head[owner.i]:
                draft.offer_timex(timex, 0)
            continue
        verb = next((a for a, _ in _climb(span.root, 3) if a.pos_ in ("VERB", "AUX")), None)
        if verb is None:
            continue
        for draft in by_sentence.get(ctx.sentence_index(verb), ()):
            if verb in draft.head.ancestors:
                draft.offer_timex(timex, 1)


# ------------------------------------------------------------------------------ assembly
@dataclass
class Draft:
    """An event under construction."""

    trigger: Trigger
    start: int
    end: int
    actors: list[str]
    actor_text: str | None
    recipients: list[str]
    recipient_text: str | None
    subtype: str
    mode: str = ASSERTED
    claimed_by: str | None = None
    statement_id: str | None = None
    place: Place | None = None
    place_rank: tuple[int, int] = (99, 99)
    timex: Timex | None = None
    timex_rank: int = 99
    responds_to: Draft | None = None
    id: str = ""
    role_tokens: set[int] = field(default_factory=set)  # heads of the actor and recipient
    sentence: int = 0  # the number of the trigger's sentence

    @property
    def sense(self) -> Sense:
        return self.trigger.sense

    @property
    def type(self) -> str:
        return self.trigger.sense.type

    @property
    def head(self) -> Token:
        return self.trigger.head

    @property
    def heads(self) -> list[Token]:
        """The tokens places and times may hang from."""
        tokens = (self.trigger.token, self.trigger.head, self.trigger.plan)
        return list({t.i: t for t in tokens if t is not None}.values())

    def offer_place(self, place: Place, rank: tuple[int, int]) -> None:
        if rank < self.place_rank:
            self.place, self.place_rank = place, rank

    def offer_timex(self, timex: Timex, rank: int) -> None:
        if rank < self.timex_rank:
            self.timex, self.timex_rank = timex, rank


def _subtype(trigger: Trigger, ctx: ArticleContext) -> str:
    if trigger.sense.refine:
        kind = ctx.instrument(trigger.token)
        if kind is not None:
            return kind
    for subtypes, words, finer in ctx.lex.contexts:
        if trigger.sense.subtype in subtypes:
            text = ctx.lower_sentence(trigger.token)
            if any(f" {w} " in text for w in words):
                return finer
    return trigger.sense.subtype


def _trigger_span(trigger: Trigger) -> tuple[int, int]:
    """The trigger's words: the head, its phrase, and a light verb right before a nominal
    trigger ("held talks")."""
    tokens = [trigger.token, *trigger.covered]
    anchor = trigger.anchor
    if anchor is not None and 0 < trigger.token.i - anchor.i <= 3 and _is_light(lexicon(), anchor):
        tokens.append(anchor)
    first = min(tokens, key=lambda t: t.i)
    last = max(tokens, key=lambda t: t.i)
    if last.i - first.i > 5:
        first = last = trigger.token
    return first.idx, last.idx + len(last.text)


def _draft(trigger: Trigger, ctx: ArticleContext) -> Draft:
    roles = noun_roles(trigger, ctx) if trigger.nominal else verb_roles(trigger, ctx)
    actors, actor_text = ctx.resolve(roles.actor) if roles.actor is not None else ([], None)
    if not actors and roles.patient is not None:
        owner = ctx.owner(roles.patient, 0)  # "2,000 US troops": the forces' country acts
        if owner:
            actors, actor_text = owner, ctx.phrase_text([roles.patient])
    recipients, recipient_text = ([], None)
    if roles.recipient is not None:
        recipients, recipient_text = ctx.resolve(roles.recipient, recipient=True)
        recipients = [r for r in recipients if r not in actors]
    start, end = _trigger_span(trigger)
    subtype = _subtype(trigger, ctx)
    trigger.sense = ctx.lex.senses[subtype]  # a finer subtype may be of another type
    draft = Draft(
        trigger,
        start,
        end,
        actors,
        actor_text,
        recipients,
        recipient_text,
        subtype,
    )
    for role in (roles.actor, roles.recipient):
        if role is not None:
            draft.role_tokens.update(t.i for t in (role, *role.conjuncts))
    draft.sentence = ctx.sentence_index(trigger.token)
    return draft


def _set_mode(draft: Draft, ctx: ArticleContext) -> None:
    """Mode, claimed_by and statement_id (see the module doc for the order of precedence)."""
    mode = clause_mode(draft.trigger, ctx)
    claimant: str | None = None
    statement = ctx.statement_at(draft.start)
    if statement is not None and statement.speaker != ctx.article.id:
        draft.statement_id = statement.id
        content = ctx.lex.stance_modes.get(statement.stance or "", CLAIMED)
        if content == CLAIMED and _performed(draft, statement, ctx):
            content = ASSERTED
        mode = _stronger(mode, content)
        if content in (CLAIMED, DENIED, HYPOTHETICAL, EXPECTED):
            claimant = statement.speaker
    elif draft.sense.claim and draft.actors:
        claimant = draft.actors[0]
        mode = _stronger(mode, CLAIMED)
    else:
        reporter = _reported_by(draft.trigger, ctx)
        if reporter is not None:
            ids, _ = ctx.resolve(reporter)
            claimant = ids[0] if ids else None
            mode = _stronger(mode, CLAIMED)
    if mode == ASSERTED and draft.timex is not None and _in_future(draft.timex):
        mode = EXPECTED
    draft.mode, draft.claimed_by = mode, claimant


def _performed(draft: Draft, statement: Statement, ctx: ArticleContext) -> bool:
    """A speech act in the speaker's own words ("We reject ...") is done by saying it."""
    return draft.type in ctx.lex.modes["performative_types"] and (
        statement.speaker is not None and statement.speaker in draft.actors
    )


def _in_future(timex: Timex) -> bool:
    return bool(timex.first and timex.anchor and timex.first > timex.anchor)


def _countries(ids: Iterable[str], kb: KnowledgeBase) -> set[str]:
    found = set()
    for entity_id in ids:
        entity = kb.entities.get(entity_id)
        if entity is not None and entity.country:
            found.add(entity.country)
        elif entity_id.startswith(("country/", "gov/")):
            found.add(entity_id.split("/", 1)[1].upper())
    return found


def _link_responses(drafts: list[Draft], ctx: ArticleContext) -> None:
    """A denial answers the last accusation (or claim) against its actor's side before it;
    failing that, the last accusation of the few sentences before."""
    kb = ctx.kb
    for index, draft in enumerate(drafts):
        if not _is_denial(draft, ctx):
            continue
        own = _countries(draft.actors, kb)
        earlier = [d for d in drafts[:index] if d.start < draft.start and d is not draft]
        accusations = [d for d in earlier if d.type == "ACCUSE"]
        answered = next(
            (d for d in reversed(accusations) if own & _countries(d.recipients, kb)), None
        )
        if answered is None and own:
            answered = next(
                (
                    d
                    for d in reversed(earlier)
                    if d.mode in (HYPOTHETICAL, EXPECTED, CLAIMED)
                    and own & _countries(d.actors, kb)
                    and d.type != "REJECT"
                ),
                None,
            )
        if answered is None and not own and accusations:
            answered = accusations[-1]
        if answered is not None:
            draft.responds_to = answered
            if not draft.recipients and answered.type == "ACCUSE":
                draft.recipients = [a for a in answered.actors if a not in draft.actors]
                draft.recipient_text = answered.actor_text


def _is_denial(draft: Draft, ctx: ArticleContext) -> bool:
    if draft.type != "REJECT" or draft.mode not in (ASSERTED, CLAIMED):
        return False
    if draft.sense.deny:
        return True
    target = object_of(draft.trigger.token)
    return target is not None and target.lower_ in ctx.lex.modes["accusation_nouns"]


def _merge_duplicates(drafts: list[Draft]) -> list[Draft]:
    """One event per sentence, type and actors: "summoned the attaché and handed a letter of
    protest" is one protest; "seizure and annexation of Crimea" one seizure."""
    kept: list[Draft] = []
    by_sentence: dict[int, list[Draft]] = {}
    for draft in drafts:
        same = by_sentence.setdefault(draft.sentence, [])
        twin = next((k for k in same if _same_event(k, draft)), None)
        if twin is None:
            kept.append(draft)
            same.append(draft)
            continue
        twin.recipients = twin.recipients or draft.recipients
        twin.recipient_text = twin.recipient_text or draft.recipient_text
        if twin.place is None:
            twin.place = draft.place
        if twin.timex is None:
            twin.timex = draft.timex
    return kept


def _same_event(a: Draft, b: Draft) -> bool:
    if a.type != b.type or a.sentence != b.sentence or a.mode != b.mode:
        return False
    if a.place and b.place and a.place.geonameid != b.place.geonameid:
        return False  # "send troops to Poland ... relocate troops to Romania"
    linked = b.trigger.token.dep_ == "conj" and b.trigger.token.head.i in (
        a.trigger.token.i,
        a.head.i,
    )
    if not a.actors or a.actors != b.actors:
        return linked and not (a.actors and b.actors and a.actors != b.actors)
    return not a.recipients or not b.recipients or a.recipients == b.recipients or linked


def _inherit_from_conjuncts(drafts: list[Draft]) -> None:
    """ "seizure and annexation of Crimea": a conjoined trigger shares missing arguments."""
    at = {d.trigger.token.i: d for d in drafts}
    for draft in drafts:
        token = draft.trigger.token
        if token.dep_ == "conj" and token.head.i in at:
            first = at[token.head.i]
            if not draft.actors:
                draft.actors, draft.actor_text = list(first.actors), first.actor_text
            if not first.recipients and draft.recipients and first.type == draft.type:
                first.recipients, first.recipient_text = draft.recipients, draft.recipient_text


def _event(draft: Draft, article: Article, doc: Doc) -> Event:
    sentence_start, sentence_end = sentence_of(doc, draft.start, draft.end)
    place, timex = draft.place, draft.timex
    return Event(
        id=draft.id,
        article_id=article.id,
        type=draft.type,
        mode=draft.mode,
        start=draft.start,
        end=draft.end,
        trigger=article.text[draft.start : draft.end],
        sentence=article.text[sentence_start:sentence_end],
        sentence_start=sentence_start,
        sentence_end=sentence_end,
        actors=draft.actors,
        recipients=draft.recipients,
        actor_text=draft.actor_text,
        recipient_text=draft.recipient_text,
        subtype=draft.subtype,
        place=place.geonameid if place else None,
        place_text=place.text if place else None,
        first=timex.first if timex else None,
        last=timex.last if timex else None,
        claimed_by=draft.claimed_by,
        statement_id=draft.statement_id,
        responds_to=draft.responds_to.id if draft.responds_to else None,
    )


def extract_events(
    doc: Doc,
    article: Article,
    mentions: Sequence[Mention],
    timexes: Sequence[Timex],
    places: Sequence[Place],
    statements: Sequence[Statement] = (),
    kb: KnowledgeBase | None = None,
) -> list[Event]:
    """The PLOVER events of one parsed article, in text order."""
    ctx = ArticleContext(doc, article, mentions, places, statements, kb or knowledge())
    triggers = find_triggers(doc, ctx)
    ctx.trigger_at = {t.token.i: t for t in triggers}
    ctx.trigger_heads = {t.head.i for t in triggers} | set(ctx.trigger_at)
    drafts = [_draft(t, ctx) for t in triggers]
    _inherit_from_conjuncts(drafts)
    _assign_places(drafts, ctx)
    _assign_timexes(drafts, timexes, ctx)
    for draft in drafts:
        _set_mode(draft, ctx)
    drafts = _merge_duplicates(drafts)
    for draft in drafts:
        draft.id = record_id("ev", article.id, draft.start, draft.end, draft.type)
    _link_responses(drafts, ctx)
    return [_event(d, article, doc) for d in drafts]
