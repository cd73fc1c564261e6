"""The web face of a wirewatch database: dashboard pages and a read-only JSON API.

``create_app(db)`` builds the FastAPI application; ``wirewatch serve`` runs it with uvicorn.
See ``docs/web.md``.
"""

from wirewatch.web.app import create_app

__all__ = ["create_app"]
