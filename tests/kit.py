"""Shared helpers for the per-component tests of the extraction stages (no tests here): a
text parsed by the real pipeline and analysed by the stages before the one under test."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token

from wirewatch.records import Article, ArticleResult, record_id


@dataclass
class Parsed:
    """One parsed text and what ``wirewatch.pipeline.analyse`` made of it."""

    doc: Doc
    article: Article
    result: ArticleResult

    def token(self, text: str, nth: int = 0) -> Token:
        """The ``nth`` token spelled ``text`` (case-sensitive)."""
        found = [t for t in self.doc if t.text == text]
        assert len(found) > nth, f"no {text!r} #{nth} in {self.doc.text!r}"
        return found[nth]


def parsed(text: str, published: str = "2022-02-03") -> Parsed:
    """Parse ``text`` with ``wirewatch.nlp.parse`` and run every stage on it."""
    from wirewatch.nlp import parse
    from wirewatch.pipeline import analyse

    (doc,) = parse([text])
    article = Article(id=record_id("t", text)[2:], text=text, published=published)
    return Parsed(doc, article, analyse(doc, article))
