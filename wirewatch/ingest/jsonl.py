"""JSON Lines (``.jsonl``, ``.jsonl.gz``): one article per line.

``text`` is required; ``title``, ``date``, ``url``, ``source`` and ``id`` are optional. A bad
line is one error (locator ``line N``, counted from 1) and the other lines still go in; blank
lines are skipped. A ``date`` that is not an ISO date or datetime is dropped and the article
kept: a story without a date is still worth having, and later stages can infer one. Where a
record has no ``date``, ``published`` is used, so that ``wirewatch export articles`` output can
be ingested again.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator

from wirewatch.ingest.common import Item, fail, iso_date
from wirewatch.ingest.decode import decode
from wirewatch.records import Origin, RawArticle

NO_TEXT = 'record has no "text"'


def read(data: bytes, path: str, max_bytes: int) -> Iterator[Item]:
    """Each line of a JSONL file as an article or an error."""
    for number, line in enumerate(_lines(decode(data)), start=1):
        if line.strip():
            yield _line(line, Origin(path, f"line {number}"))


def _lines(text: str) -> Iterator[str]:
    """The text's lines one at a time (a list of them all would be a second copy of a big
    file, held for the whole ingest)."""
    start = 0
    while (end := text.find("\n", start)) >= 0:
        yield text[start:end]
        start = end + 1
    yield text[start:]


def _line(line: str, origin: Origin) -> Item:
    """One line as an article, or the error that says what is wrong with it."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        where = "column" if exc.msg.endswith(" at") else "at column"  # "starting at column 9"
        return fail(origin.path, f"invalid JSON ({exc.msg} {where} {exc.colno})", origin.locator)
    except RecursionError:
        return fail(origin.path, "invalid JSON (nested too deeply)", origin.locator)
    except ValueError:  # the one other way json.loads fails: Python's limit on int digits
        digits = sys.get_int_max_str_digits()
        return fail(
            origin.path, f"invalid JSON (a number of over {digits:,} digits)", origin.locator
        )
    problem = _problem(record)
    if problem:
        return fail(origin.path, problem, origin.locator)
    return RawArticle(
        text=record["text"].replace("\r\n", "\n").replace("\r", "\n"),
        origin=origin,
        title=_string(record.get("title")),
        source=_string(record.get("source")),
        url=_string(record.get("url")),
        published=iso_date(record.get("date")) or iso_date(record.get("published")),
        external_id=_string(record.get("id")),
    )


def _problem(record: object) -> str | None:
    """Why ``record`` cannot be an article, or None when it can."""
    if not isinstance(record, dict):
        return f"not a JSON object (a JSON {_json_type(record)})"
    if record.get("text") is None:
        return NO_TEXT
    if not isinstance(record["text"], str):
        return f'"text" is not a string (a JSON {_json_type(record["text"])})'
    if not record["text"].strip():
        return '"text" is empty'
    return None


def _string(value: object) -> str | None:
    """A metadata value as a stripped string; numbers too (ids often are), else None."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return None
    return str(value).strip() or None


def _json_type(value: object) -> str:
    names = {list: "array", str: "string", bool: "boolean", int: "number", float: "number"}
    return "null" if value is None else names.get(type(value), "value")
