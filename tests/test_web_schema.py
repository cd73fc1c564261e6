"""Property-based tests of the HTTP API from its own OpenAPI schema (schemathesis).

Every operation in ``/openapi.json`` is called with generated parameters (valid and not) on a
database with hostile text (tests/webdata.py); none may answer with a server error.
A longer run: ``WIREWATCH_API_EXAMPLES=500 .venv/bin/python -m pytest tests/test_web_schema.py``.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import schemathesis
import webdata
from hypothesis import HealthCheck, settings

from wirewatch.web import create_app

EXAMPLES = int(os.environ.get("WIREWATCH_API_EXAMPLES", "20"))


def _hostile_app():
    """The app over a fresh database of hostile records, removed when the session ends.

    Built at import: schemathesis reads the schema when the tests are collected."""
    folder = Path(tempfile.mkdtemp(prefix="wirewatch-schema-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    webdata.build(folder / "hostile.db", hostile=True)
    return create_app(folder / "hostile.db")


schema = schemathesis.openapi.from_asgi("/openapi.json", _hostile_app())


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    derandomize=True,
)
def test_no_server_errors(case):
    response = case.call()
    assert response.status_code < 500, (
        case.method,
        case.formatted_path,
        case.query,
        response.text[:300],
    )
