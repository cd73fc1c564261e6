"""Time expressions: the grammar, calendar arithmetic and resolution behind
:mod:`wirewatch.extract.time` (which is the public API)."""
