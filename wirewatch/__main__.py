"""``python -m wirewatch``: the same command line as ``wirewatch``."""

from wirewatch.cli import app

app(prog_name="wirewatch")
