"""The workbench: ``warlog serve``'s web server (FastAPI) over the store.

A JSON API under ``/api`` (OpenAPI description at ``/openapi.json``)
and the built front end (``static/``: a map, a timeline, a table, an event panel).
"""

from warlog.web.app import create_app

__all__ = ["create_app"]
