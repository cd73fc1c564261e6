"""A statement being assembled by the passes, before its speaker is resolved."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from wirewatch.records import Span


@dataclass
class Draft:
    """A statement being assembled, in token terms."""

    pieces: list[Span]  # content, character offsets
    cue: str | None = None
    cue_span: Span | None = None
    speaker: tuple[int, int] | None = None  # token range of the speaker as written
    speaker_head: Token | None = None
    target: Token | None = None
    via: str | None = None
    via_scope: tuple[int, int] | None = None  # token range to look for the channel in
    from_quote: bool = False  # found from a quotation (pass 1)
    verbatim: bool = False  # direct speech without quotation marks (an embedded post)

    @property
    def start(self) -> int:
        return self.pieces[0][0]

    @property
    def end(self) -> int:
        return self.pieces[-1][1]
