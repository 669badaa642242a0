"""The workbench's ASGI application: the JSON API, the built front end, security headers.

>>> app = create_app("warlog.db")  # doctest: +SKIP
>>> uvicorn.run(app, host="127.0.0.1", port=8000)  # doctest: +SKIP

No global state: the settings live on ``app.state.settings``, a store is opened per
request (SQLite connections are not shared across threads), and the coding pipeline of
``POST /api/documents`` is loaded once per app, on first use (``app.state.ingest``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from fastapi import FastAPI
from fastapi.responses import FileResponse, PlainTextResponse, Response
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from warlog import __version__
from warlog.web.api import router
from warlog.web.ingest import IngestState

# A request body: a report of MAX_CHARS characters, JSON-escaped at worst, fits.
MAX_BODY_BYTES = 16 * 1024 * 1024
STATIC_DIR = Path(__file__).resolve().parent / "static"
NOT_BUILT = (
    "The workbench's front end is not built: run `make web` (or `make install`) in the "
    "warlog checkout, then restart `warlog serve`. The JSON API is at /api/ "
    "(described at /openapi.json).\n"
)


@dataclass
class Settings:
    """What one app serves: the store, the ingest token, the tile server."""

    store_location: str
    token: str | None = None
    tiles: str | None = None


def tile_source(template: str | None) -> str | None:
    """The CSP source that allows a tile URL template's host ("{s}." becomes "*.")."""
    if not template:
        return None
    parts = urlsplit(template.replace("{s}.", "*."))
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    if "{" in parts.netloc or "}" in parts.netloc:
        return f"{parts.scheme}:"
    return f"{parts.scheme}://{parts.netloc}"


def security_headers(tiles: str | None) -> list[tuple[bytes, bytes]]:
    """The headers sent with every response."""
    img = " ".join(x for x in ("'self' data:", tile_source(tiles)) if x)
    csp = (
        f"default-src 'self'; img-src {img}; script-src 'self'; "
        "style-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'none'; "
        "frame-ancestors 'none'"
    )
    return [
        (b"content-security-policy", csp.encode("latin-1")),
        (b"x-content-type-options", b"nosniff"),
        (b"referrer-policy", b"no-referrer"),
    ]


class SecurityHeaders:
    """ASGI middleware adding :func:`security_headers` to every HTTP response."""

    def __init__(self, app: ASGIApp, headers: list[tuple[bytes, bytes]]) -> None:
        self.app = app
        self.headers = headers
        self.names = {name for name, _ in headers}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                kept = [h for h in message.get("headers", []) if h[0].lower() not in self.names]
                message["headers"] = kept + self.headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


def create_app(
    store_location: str | Path,
    *,
    token: str | None = None,
    tiles: str | None = None,
    static_dir: Path | None = None,
) -> FastAPI:
    """The workbench app over the store at ``store_location`` (path or PostgreSQL URL).

    ``token``: enables ``POST /api/documents`` for requests bearing it (off when None or
    empty). ``tiles``: a tile URL template (``https://{s}.tile.example.org/{z}/{x}/{y}.png``)
    the front end may use when it has network. ``static_dir``: the built front end
    (default: the package's ``static/``).
    """
    app = FastAPI(
        title="warlog workbench API",
        version=__version__,
        description="Coded, geocoded, evidence-backed conflict events (ACLED) from news reports.",
        # Swagger UI and ReDoc would load their scripts from a CDN: the description alone
        # (/openapi.json) is served, and every page asset is local.
        docs_url=None,
        redoc_url=None,
        max_body_size=MAX_BODY_BYTES,
    )
    app.state.settings = Settings(str(store_location), token or None, tiles or None)
    app.state.ingest = IngestState()
    app.include_router(router, prefix="/api")

    static = Path(static_dir) if static_dir is not None else STATIC_DIR
    index = static / "index.html"

    @app.api_route("/", methods=["GET", "HEAD"], include_in_schema=False)
    def home() -> Response:
        if not index.is_file():
            return PlainTextResponse(NOT_BUILT, status_code=503)
        return FileResponse(index, media_type="text/html; charset=utf-8")

    assets = static / "assets"
    if assets.is_dir():
        # StaticFiles resolves each path and refuses any outside its directory.
        app.mount("/assets", StaticFiles(directory=assets), name="assets")
    app.add_middleware(SecurityHeaders, headers=security_headers(tiles))
    return app
