"""Statements: who said (or was reported to say, think or want) what, through which cue and
channel.

Passes over one parsed article, each a walk over tokens (docs/statements.md):

1. ``direct``: quotations (``quotes``) attributed by the cue beside them, or by a name and a
   colon, a dash signature or a credit (``bylines``);
2. ``bylines``: embedded posts signed '— Name (@handle) date', and "Name: …" lines
   (headlines, transcripts);
3. ``reported``: cue verbs from ``data/cues.toml`` (``lexicon``) with a complement, and
   "according to X"; ``nouns``: cue nouns ("his call for …"); ``hedges``: attributions with
   no source ("is expected to"), unless a sourced statement holds them;
4. ``floating``: a quotation with no cue that continues the statement before it.

``arguments`` finds a cue's speaker, target and content in the parse (``syntax``);
``speakers`` resolves speakers to entity ids, ``via`` names the channel, ``assemble`` makes the
records.
"""

from __future__ import annotations

from spacy.tokens import Doc

from wirewatch.extract.statements.article import ParsedArticle
from wirewatch.extract.statements.assemble import drop_shadowed, to_statement
from wirewatch.extract.statements.bylines import find_labelled_lines, find_posts
from wirewatch.extract.statements.direct import find_direct
from wirewatch.extract.statements.floating import attach_floating
from wirewatch.extract.statements.hedges import find_hedges, unsourced
from wirewatch.extract.statements.lexicon import CueLexicon, cue_lexicon
from wirewatch.extract.statements.nouns import find_noun_cues
from wirewatch.extract.statements.quotes import Quote, find_quotes
from wirewatch.extract.statements.reported import find_reported
from wirewatch.extract.statements.speakers import SpeakerResolver
from wirewatch.records import Article, Mention, Statement

__all__ = ["CueLexicon", "Quote", "cue_lexicon", "extract_statements", "find_quotes"]


def extract_statements(doc: Doc, article: Article, mentions: list[Mention]) -> list[Statement]:
    """Direct and reported statements of one parsed article, with speakers resolved to the
    entity ids of ``mentions`` (the entity stage's output for the same article)."""
    art = ParsedArticle(doc, article.text, mentions, cue_lexicon())
    used: set[int] = set()
    direct, loose = find_direct(art, used)
    direct += find_posts(art, direct)
    direct += find_labelled_lines(art, direct)
    reported = find_reported(art, used) + find_noun_cues(art, used)
    reported += unsourced(find_hedges(art, used), direct + reported)
    drafts = direct + drop_shadowed(article.text, direct, reported)
    attach_floating(art, drafts, loose)
    resolver = SpeakerResolver(art)
    statements, seen = [], set()
    for draft in sorted(drafts, key=lambda d: (d.start, d.end)):
        if (draft.start, draft.end) in seen:
            continue
        seen.add((draft.start, draft.end))
        statements.append(to_statement(art, article, draft, resolver))
    return statements
