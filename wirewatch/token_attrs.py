"""The stock attribute ruler and lemmatizer, computed per distinct token instead of per token.

In ``en_core_web_sm`` these two components set POS, MORPH and LEMMA from the tagger's tags:
the attribute ruler runs a ``Matcher`` of 179 patterns over every token and then sets each
match's attributes from Python; the rule lemmatizer calls Python for every token. Together
they cost about a fifth of the whole stock parse of a news article. Almost every pattern reads
one token's own attributes (TAG, LOWER, DEP, IS_SPACE), and a lemma is a function of the
token's ORTH, POS and MORPH, so both outcomes can be worked out once per distinct key and
then written for a whole document with ``Doc.from_array``. The stock components stay in
charge of the answers: their patterns, tables and code compute every cache entry; the few
multi-token patterns still go through a (small) ``Matcher``. ``tests/test_token_attrs.py``
checks that the annotation is identical to the stock components' on real news.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import numpy
from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, ORTH, POS, TAG
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler, Lemmatizer
from spacy.tokens import Doc

KEY_ATTRS = [TAG, LOWER, DEP, IS_SPACE]  # every attribute a one-token pattern reads
_KEY_NAMES = ("TAG", "LOWER", "DEP", "IS_SPACE")
SET_ATTRS = [POS, MORPH, LEMMA, TAG, DEP]
Predicate = Callable[[tuple[Any, ...]], bool]


def _value_test(spec: Any) -> Callable[[Any], bool]:
    """One token pattern's test of one attribute: a value, or IN / NOT_IN / REGEX."""
    if not isinstance(spec, dict):
        return lambda value: value == spec
    if set(spec) == {"IN"}:
        allowed = set(spec["IN"])
        return lambda value: value in allowed
    if set(spec) == {"NOT_IN"}:
        barred = set(spec["NOT_IN"])
        return lambda value: value not in barred
    if set(spec) == {"REGEX"}:
        pattern = re.compile(spec["REGEX"])
        return lambda value: bool(pattern.search(value))
    raise ValueError(f"attribute ruler pattern not supported here: {spec}")


def _distinct(specs: list[Any]) -> list[Any]:
    seen: dict[str, Any] = {}
    for spec in specs:
        seen.setdefault(repr(spec), spec)
    return list(seen.values())


def _token_test(pattern: dict[str, Any]) -> Predicate | None:
    """A test over (tag, lower, dep, is_space) strings, or None if it reads anything else."""
    tests = []
    for name, spec in pattern.items():
        if name not in _KEY_NAMES:
            return None
        tests.append((_KEY_NAMES.index(name), _value_test(spec)))
    return lambda key: all(test(key[at]) for at, test in tests)


class CachedAttributeRuler:
    """The stock attribute ruler's annotation, with one-token rules cached per token key."""

    def __init__(self, ruler: AttributeRuler):
        self.ruler = ruler
        self.strings = ruler.vocab.strings
        self.single: list[tuple[int, Predicate]] = []  # (rule number, test)
        self.multi = Matcher(ruler.vocab)
        lower_specs: list[Any] = []
        for rule, entry in enumerate(ruler.patterns):
            tests = [_token_test(p[0]) for p in entry["patterns"] if len(p) == 1]
            if len(tests) == len(entry["patterns"]) and all(tests):
                self.single += [(rule, test) for test in tests]
                lower_specs += [p[0]["LOWER"] for p in entry["patterns"] if "LOWER" in p[0]]
            else:
                self.multi.add(str(rule), entry["patterns"])
        # Words the rules never tell apart share a class ("troops" and "tanks" are both
        # "no rule's word"), so the cache is keyed by few classes, not every word.
        self.lower_tests = [_value_test(spec) for spec in _distinct(lower_specs)]
        self.lower_class: dict[int, int] = {}
        self.classes: dict[tuple[bool, ...], int] = {}
        self.examples: list[str] = []  # a word of each class
        self.cache: dict[tuple[int, ...], tuple[int, ...]] = {}

    def _class_of(self, lower: int) -> int:
        found = self.lower_class.get(lower)
        if found is None:
            word = self.strings[lower]
            found = self.classes.setdefault(
                tuple(test(word) for test in self.lower_tests), len(self.classes)
            )
            if found == len(self.examples):
                self.examples.append(word)
            self.lower_class[lower] = found
        return found

    def _rules_for(self, tag: int, lower: int, dep: int, space: int) -> tuple[int, ...]:
        key = (tag, self._class_of(lower), dep, space)
        rules = self.cache.get(key)
        if rules is None:
            word = self.examples[key[1]]
            text = (self.strings[tag], word, self.strings[dep], bool(space))
            rules = tuple(sorted({rule for rule, test in self.single if test(text)}))
            self.cache[key] = rules
        return rules

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        keys = doc.to_array(KEY_ATTRS).tolist()
        matched: dict[int, list[int]] = {}
        for i, (tag, lower, dep, space) in enumerate(keys):
            rules = self._rules_for(tag, lower, dep, space)
            if rules:
                matched[i] = list(rules)
        for match_id, start, end in self.multi(doc, allow_missing=True):
            rule = int(self.strings[match_id])
            token = range(start, end)[self.ruler.indices[rule]]
            matched.setdefault(token, []).append(rule)
        values = doc.to_array(SET_ATTRS)
        for i, rules in matched.items():
            for rule in sorted(rules):  # later rules win, as in the stock ruler
                for attr, value in self.ruler.attrs[rule].items():
                    if attr in SET_ATTRS:
                        values[i, SET_ATTRS.index(attr)] = _stored_value(doc, attr, value)
                    else:
                        raise ValueError(f"attribute ruler sets {attr}: not supported here")
        _write(doc, values)
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for doc in docs:
            yield self(doc)


def _stored_value(doc: Doc, attr: int, value: Any) -> int:
    """A rule's value as the token array holds it: a morph string's key, as
    ``Token.set_morph`` stores it; any other attribute's value as it is."""
    if attr != MORPH:
        return value
    return doc.vocab.morphology.add(value if isinstance(value, str) else doc.vocab.strings[value])


def _write(doc: Doc, values: numpy.ndarray) -> None:
    """Write POS, MORPH, LEMMA (whole arrays) and any TAG/DEP a rule changed."""
    tag_dep = doc.to_array([TAG, DEP])
    doc.from_array([POS, MORPH, LEMMA], numpy.ascontiguousarray(values[:, :3]))
    for i in numpy.nonzero((values[:, 3:] != tag_dep).any(axis=1))[0]:
        token = doc[int(i)]
        token.tag = int(values[i, 3])
        token.dep = int(values[i, 4])


class CachedLemmatizer:
    """The stock rule lemmatizer's lemmas, cached per (ORTH, POS, MORPH) for the process."""

    def __init__(self, lemmatizer: Lemmatizer):
        if lemmatizer.mode != "rule" or lemmatizer.overwrite:
            raise ValueError("CachedLemmatizer wraps the stock rule lemmatizer (no overwrite)")
        self.lemmatizer = lemmatizer
        self.strings = lemmatizer.vocab.strings
        self.cache: dict[tuple[int, int, int], int] = {}

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        rows = doc.to_array([ORTH, POS, MORPH, LEMMA])
        lemmas = rows[:, 3].copy()
        for i, (orth, pos, morph, lemma) in enumerate(rows.tolist()):
            if lemma:
                continue  # set by the attribute ruler: the stock lemmatizer keeps it too
            key = (orth, pos, morph)
            found = self.cache.get(key)
            if found is None:
                found = self.strings.add(self.lemmatizer.lemmatize(doc[i])[0])
                self.cache[key] = found
            lemmas[i] = found
        doc.from_array([LEMMA], lemmas.reshape((-1, 1)))
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for doc in docs:
            yield self(doc)


@Language.factory("wirewatch_cached_attribute_ruler", assigns=["token.pos", "token.morph"])
def _make_ruler(nlp: Language, name: str) -> CachedAttributeRuler:
    return CachedAttributeRuler(nlp.get_pipe("attribute_ruler"))


@Language.factory("wirewatch_cached_lemmatizer", assigns=["token.lemma"])
def _make_lemmatizer(nlp: Language, name: str) -> CachedLemmatizer:
    return CachedLemmatizer(nlp.get_pipe("lemmatizer"))


def cache_token_attrs(nlp: Language) -> None:
    """Swap the stock attribute ruler and lemmatizer for their cached forms (in place)."""
    for stock, factory in (
        ("attribute_ruler", "wirewatch_cached_attribute_ruler"),
        ("lemmatizer", "wirewatch_cached_lemmatizer"),
    ):
        if stock not in nlp.pipe_names:
            raise ValueError(f"cache_token_attrs needs the stock {stock!r} component")
        nlp.add_pipe(factory, name=f"{stock}_cached", after=stock)
        nlp.remove_pipe(stock)
