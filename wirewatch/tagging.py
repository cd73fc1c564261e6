"""Entity tagging in one pass: the OntoNotes entities (``doc.ents``) and CoNLL names.

The stock ``en_core_web_sm`` NER decodes with a transition system, one state step per token
in Cython; on news that loop costs more than the stock tagger, parser and lemmatizer together.
wirewatch replaces it with two small per-token tagging heads that read features the stock
models compute anyway, so most of the NER's cost goes and nothing of its knowledge does:

- features: the stock shared ``tok2vec`` output (``doc.tensor``, what the tagger and parser
  read) and the stock NER's own token encoder (its weights, run unchanged);
- ``ents`` head: a window MLP distilled from the stock NER (trained to reproduce its BILUO
  tags), writing ``doc.ents`` with the OntoNotes labels the stages downstream expect;
- ``names`` head: a window MLP trained on CoNLL-2003 (PER/ORG/LOC/MISC) over the same
  features, plus small hashed embeddings of the word's norm/shape/affixes and of the
  ``ents`` head's tag, writing ``doc.spans["names"]``.

Both heads decode their tag scores with a left-to-right pass constrained to valid BILUO
sequences. Weights are shipped in ``wirewatch/models/tagger/``; training:
``training/train_taggers.py``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy
from spacy.attrs import NORM, PREFIX, SHAPE, SUFFIX
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import minibatch
from thinc.api import (
    HashEmbed,
    LayerNorm,
    Linear,
    Maxout,
    Model,
    Softmax,
    chain,
    concatenate,
    expand_window,
    with_array,
)

TAGGER_DIR = Path(__file__).resolve().parent / "models" / "tagger"
NAMES_KEY = "names"
NAMES_LABELS = ("LOC", "MISC", "ORG", "PER")
FEATURE_WIDTH = 96 + 96  # stock shared tok2vec + stock NER encoder
LEXICAL_ATTRS = (NORM, SHAPE, PREFIX, SUFFIX)
PREFIXES = "BILU"


# ---------------------------------------------------------------------------- tag sets


@dataclass(frozen=True)
class TagSet:
    """BILUO tags over a label set: tag 0 is ``O``, then B/I/L/U for each label."""

    labels: tuple[str, ...]

    @property
    def names(self) -> list[str]:
        return ["O"] + [f"{p}-{label}" for label in self.labels for p in PREFIXES]

    def __len__(self) -> int:
        return 1 + 4 * len(self.labels)

    def index(self, prefix: str, label: str) -> int:
        return 1 + 4 * self.labels.index(label) + PREFIXES.index(prefix)

    def encode(self, n_tokens: int, spans: Iterable[tuple[int, int, str]]) -> numpy.ndarray:
        """Tag ids for token spans ``(first, end, label)``; other tokens are ``O``."""
        tags = numpy.zeros(n_tokens, dtype="int32")
        for first, end, label in spans:
            if end - first == 1:
                tags[first] = self.index("U", label)
                continue
            tags[first] = self.index("B", label)
            tags[first + 1 : end - 1] = self.index("I", label)
            tags[end - 1] = self.index("L", label)
        return tags

    def decode(self, scores: numpy.ndarray) -> list[tuple[int, int, str]]:
        """The best valid BILUO sequence, read greedily left to right, as token spans.

        Outside a name a token is ``O``, ``B-x`` or ``U-x``; inside one it is ``I-x`` or
        ``L-x`` and the last token closes it; the name's label is settled by all its tokens.
        """
        n = len(scores)
        if not n:
            return []
        n_labels = len(self.labels)
        per_label = scores[:, 1:].reshape(n, n_labels, 4)
        starts = numpy.concatenate([scores[:, :1], per_label[:, :, 0], per_label[:, :, 3]], axis=1)
        outside = starts.argmax(axis=1)
        stays = per_label[:, :, 1] > per_label[:, :, 2]  # I-x beats L-x: the name goes on
        spans, first, label = [], -1, -1
        for i in range(n):
            if label >= 0:  # inside: go on, or close here
                if stays[i, label] and i + 1 < n:
                    continue
                spans.append((first, i + 1, self.labels[self._best_label(per_label, first, i)]))
                label = -1
                continue
            pick = int(outside[i])
            if pick == 0:
                continue
            if pick > n_labels:  # U-x
                spans.append((i, i + 1, self.labels[pick - n_labels - 1]))
            elif i + 1 < n:  # B-x
                first, label = i, pick - 1
            else:  # a B at the very end can only be a one-token name
                spans.append((i, i + 1, self.labels[pick - 1]))
        return spans

    @staticmethod
    def _best_label(per_label: numpy.ndarray, first: int, last: int) -> int:
        """The label whose B..I..L reading of tokens first..last scores best in all.

        The first token alone would decide "Maxar Technologies" as a person; its last word
        says organisation."""
        logs = numpy.log(per_label[first : last + 1] + 1e-6)
        total = logs[0, :, 0] + logs[-1, :, 2] + logs[1:-1, :, 1].sum(axis=0)
        return int(total.argmax())


# ---------------------------------------------------------------------------- models


def _split_inputs_forward(model: Model, inputs, is_train: bool):
    """``[(floats, ids), ...]`` per doc -> per-doc rows of [projected floats ; embedded ids]."""
    project, embed = model.layers
    lengths = [len(floats) for floats, _ in inputs]
    floats = model.ops.xp.vstack([f for f, _ in inputs])
    ids = model.ops.xp.vstack([i for _, i in inputs])
    projected, back_project = project(floats, is_train)
    embedded, back_embed = embed(ids, is_train)
    joined = model.ops.xp.hstack([projected, embedded])
    split = numpy.cumsum(lengths)[:-1]
    outputs = model.ops.xp.split(joined, split)
    width = projected.shape[1]

    def backprop(d_outputs):
        d_joined = model.ops.xp.vstack(d_outputs)
        back_project(d_joined[:, :width])
        back_embed(d_joined[:, width:])
        return []

    return outputs, backprop


def _split_inputs_init(model: Model, X=None, Y=None) -> None:
    for layer in model.layers:
        layer.initialize()


def split_inputs(project: Model, embed: Model) -> Model:
    return Model(
        "split_inputs",
        _split_inputs_forward,
        init=_split_inputs_init,
        layers=[project, embed],
        dims={"nO": project.get_dim("nO") + embed.get_dim("nO")},
    )


def lexical_embed(n_ents_tags: int) -> Model:
    """Hashed embeddings of NORM, SHAPE, PREFIX, SUFFIX (columns 0-3) and the ents tag (4)."""
    tables = [
        HashEmbed(nO=32, nV=10000, column=0, seed=1),
        HashEmbed(nO=8, nV=500, column=1, seed=2),
        HashEmbed(nO=8, nV=1000, column=2, seed=3),
        HashEmbed(nO=16, nV=3000, column=3, seed=4),
        HashEmbed(nO=16, nV=max(4 * n_ents_tags, 64), column=4, seed=5),
    ]
    model = concatenate(*tables)
    model.set_dim("nO", sum(t.get_dim("nO") for t in tables))
    return model


def window_mlp(width_in: int, hidden: int, n_tags: int) -> Model:
    """Per token: its row and its neighbours' -> maxout -> tag probabilities."""
    return with_array(
        chain(
            expand_window(window_size=1),
            Maxout(nO=hidden, nI=width_in * 3, nP=2, normalize=True),
            Softmax(nO=n_tags, nI=hidden),
        ),
        pad=1,
    )


def ents_model(n_tags: int) -> Model:
    """Input: per doc, the feature rows (n, FEATURE_WIDTH). Output: tag probabilities."""
    return chain(
        with_array(chain(Linear(nO=96, nI=FEATURE_WIDTH), LayerNorm(nI=96))),
        window_mlp(96, 128, n_tags),
    )


def names_model(n_tags: int, n_ents_tags: int) -> Model:
    """Input: per doc, (feature rows, lexical ids + ents tag). Output: tag probabilities."""
    embed = lexical_embed(n_ents_tags)
    project = chain(Linear(nO=64, nI=FEATURE_WIDTH), LayerNorm(nI=64))
    width = 64 + embed.get_dim("nO")
    return chain(split_inputs(project, embed), window_mlp(width, 128, n_tags))


# ---------------------------------------------------------------------------- features


def ner_encoder(stock_ner) -> Model:
    """The stock NER's token encoder (96-d per token), without the transition system."""
    return stock_ner.model.get_ref("tok2vec").layers[0]


def features(docs: Sequence[Doc], encoder: Model) -> list[numpy.ndarray]:
    """Per doc, [doc.tensor ; stock NER encoding], float32 (n_tokens, FEATURE_WIDTH)."""
    for doc in docs:
        if doc.tensor.shape != (len(doc), 96):
            raise ValueError(
                f"the entity tagger needs doc.tensor from the stock 'tok2vec' component "
                f"(shape ({len(doc)}, 96)), got {doc.tensor.shape}: is 'tok2vec' disabled?"
            )
    encoded = encoder.predict(list(docs))
    return [
        numpy.hstack([doc.tensor, enc]).astype("float32", copy=False)
        for doc, enc in zip(docs, encoded, strict=True)
    ]


def lexical_ids(doc: Doc, ents_tags: numpy.ndarray) -> numpy.ndarray:
    ids = doc.to_array(list(LEXICAL_ATTRS)).astype("uint64").reshape((-1, len(LEXICAL_ATTRS)))
    return numpy.hstack([ids, ents_tags.astype("uint64").reshape((-1, 1))])


# ---------------------------------------------------------------------------- component


class EntityTagger:
    """The pipeline component: ``doc.ents`` (OntoNotes) and ``doc.spans["names"]`` (CoNLL)."""

    def __init__(
        self,
        encoder: Model,
        ents: Model,
        names: Model,
        ents_tags: TagSet,
        names_tags: TagSet,
        batch_size: int = 32,
    ):
        self.encoder, self.ents, self.names = encoder, ents, names
        self.ents_tags, self.names_tags = ents_tags, names_tags
        self.batch_size = batch_size

    def __call__(self, doc: Doc) -> Doc:
        self.annotate([doc])
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int | None = None) -> Iterator[Doc]:
        for batch in minibatch(docs, size=batch_size or self.batch_size):
            self.annotate(batch)
            yield from batch

    def annotate(self, docs: list[Doc]) -> None:
        docs = list(docs)
        live = [d for d in docs if len(d)]
        for doc in docs:
            if not len(doc):
                doc.spans[NAMES_KEY] = []
        if not live:
            return
        feats = features(live, self.encoder)
        ents_scores = self.ents.predict(feats)
        ents_spans = [self.ents_tags.decode(s) for s in ents_scores]
        names_inputs = []
        for doc, f, spans in zip(live, feats, ents_spans, strict=True):
            names_inputs.append((f, lexical_ids(doc, self.ents_tags.encode(len(doc), spans))))
        names_scores = self.names.predict(names_inputs)
        for doc, e_spans, n_scores in zip(live, ents_spans, names_scores, strict=True):
            doc.set_ents([Span(doc, a, b, label=lab) for a, b, lab in e_spans], default="outside")
            doc.spans[NAMES_KEY] = trimmed(doc, self.names_tags.decode(n_scores))


def trimmed(doc: Doc, spans: list[tuple[int, int, str]]) -> list[Span]:
    """Names without punctuation at their edges or lower-case words and numbers at their end.

    Names end in a capitalised word; a tagger that has read past one ("Maxar shows 15",
    "Maxar ." at a sentence's end) is cut back to it. (Not applied to ``doc.ents``: the
    stock NER it reproduces has dates, amounts and quoted titles.)"""
    out = []
    for first, end, label in spans:
        while first < end and doc[first].is_punct:
            first += 1
        while end > first and (doc[end - 1].is_punct or _not_a_name_end(doc[end - 1])):
            end -= 1
        if end > first:
            out.append(Span(doc, first, end, label=label))
    return out


def _not_a_name_end(token) -> bool:
    return token.is_lower or (token.like_num and not token.is_alpha)


def load_heads(path: Path = TAGGER_DIR) -> tuple[Model, Model, TagSet, TagSet]:
    meta = json.loads((path / "meta.json").read_text(encoding="utf-8"))
    ents_tags = TagSet(tuple(meta["ents_labels"]))
    names_tags = TagSet(tuple(meta["names_labels"]))
    ents = ents_model(len(ents_tags))
    names = names_model(len(names_tags), len(ents_tags))
    ents.from_bytes((path / "ents.bin").read_bytes())
    names.from_bytes((path / "names.bin").read_bytes())
    return ents, names, ents_tags, names_tags


@Language.factory(
    "wirewatch_entity_tagger",
    assigns=["doc.ents", "doc.spans"],
    default_config={"path": ""},
)
def make_entity_tagger(nlp: Language, name: str, path: str) -> EntityTagger:
    """Built beside the stock ``ner``, whose encoder it keeps (see :func:`replace_ner`)."""
    if "ner" not in nlp.pipe_names:
        raise ValueError(
            "the entity tagger reads the stock 'ner' encoder: add it before removing 'ner'"
        )
    folder = Path(path) if path else TAGGER_DIR
    _check_stock_model(nlp, folder)
    ents, names, ents_tags, names_tags = load_heads(folder)
    return EntityTagger(ner_encoder(nlp.get_pipe("ner")), ents, names, ents_tags, names_tags)


def _check_stock_model(nlp: Language, folder: Path) -> None:
    """The heads read the stock model's features: they only fit the model they were trained on."""
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    running = f"{nlp.meta.get('lang')}_{nlp.meta.get('name')}", nlp.meta.get("version")
    trained = meta["stock"], meta["spacy_model_version"]
    if running != trained:
        raise ValueError(
            f"the entity tagger in {folder} was trained on {trained[0]} {trained[1]}, "
            f"but the pipeline is {running[0]} {running[1]}: install the pinned model "
            "(pyproject.toml) or retrain (training/train_taggers.py)"
        )


def replace_ner(nlp: Language, path: Path | None = None) -> None:
    """Swap the stock ``ner`` for the entity tagger (in place), keeping the NER's encoder."""
    if "ner" not in nlp.pipe_names:
        raise ValueError("replace_ner needs a pipeline with the stock 'ner' component")
    config = {"path": str(path or "")}
    nlp.add_pipe("wirewatch_entity_tagger", name="entities", after="ner", config=config)
    nlp.remove_pipe("ner")
