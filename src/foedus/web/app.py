"""The foedus web app: a FastAPI application over the knowledge base.

``create_app()`` loads and checks the KB once (serving whatever validated, with the
problems listed on the home page), builds the search index and mounts one router per
domain. Every HTML page has a JSON twin under ``/api`` with a response model, so the
whole API is described by ``/openapi.json``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
import json
import threading
from typing import Any, Callable

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from foedus import paths
from foedus.dates import DateError
from foedus.kb import check_kb
from foedus.kb.build import database_path
from foedus.kb.loader import KnowledgeBase
from foedus.web import assets
from foedus.web.engine_bridge import EngineRunner
from foedus.web.limits import MAX_BODY_BYTES, BodySizeLimit
from foedus.web.schemas import error_response
from foedus.web.search import SearchIndex
from foedus.web.views import NotFound

HERE = Path(__file__).resolve().parent
templates = Jinja2Templates(directory=str(HERE / "templates"))
templates.env.autoescape = True  # every template, whatever its suffix: quotes are text, never HTML


@dataclass
class Site:
    """What the app serves: the checked KB, its problems, the search index, the build folder."""

    kb: KnowledgeBase
    problems: list[str]
    index: SearchIndex
    build_dir: Path
    seeds_dir: Path | None = None
    engine: EngineRunner = field(init=False)
    _memo: dict[tuple, Any] = field(default_factory=dict, repr=False)
    _memo_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def __post_init__(self) -> None:
        self.engine = EngineRunner(self.kb)

    def view(self, fn: Callable[..., Any], *args: Any) -> Any:
        """``fn(kb, *args)``, remembered: the KB does not change while the app runs."""
        key = (fn.__module__, fn.__name__, args)
        with self._memo_lock:  # sync routes run in a thread pool: evicting while another thread inserts must not race
            if key in self._memo:
                return self._memo[key]
        value = fn(self.kb, *args)
        with self._memo_lock:
            while len(self._memo) >= MEMO_SIZE:
                self._memo.pop(next(iter(self._memo)))
            self._memo[key] = value
        return value

    def json(self, fn: Callable[..., Any], *args: Any) -> Response:
        """The JSON twin of ``fn(kb, *args)``, serialised once and then served from memory."""
        return Response(self.view(_json_bytes, fn, *args), media_type="application/json")

    @property
    def database(self) -> Path | None:
        db = database_path(self.build_dir)
        return db if db.exists() else None


MEMO_SIZE = 1024
"""Most page views kept in memory (networks for many dates, search queries...)."""


def _json_bytes(kb: KnowledgeBase, fn: Callable[..., Any], *args: Any) -> bytes:
    value = fn(kb, *args)
    if isinstance(value, list):
        return json.dumps([v.model_dump(mode="json") for v in value], ensure_ascii=False).encode()
    return value.model_dump_json().encode()


def load_site(kb_dir: Path | str | None = None, build_dir: Path | str | None = None,
              seeds_dir: Path | str | None = None) -> Site:
    kb, errors = check_kb(kb_dir, seeds_dir)
    return Site(kb=kb, problems=[str(e) for e in errors], index=SearchIndex(kb),
                build_dir=Path(build_dir) if build_dir else paths.build_dir(),
                seeds_dir=Path(seeds_dir) if seeds_dir else None)


def wants_json(request: Request) -> bool:
    p = request.url.path
    return p.startswith("/api/") or p.startswith("/export/") or p in ("/openapi.json",)


def _error(request: Request, status: int, detail: str) -> Response:
    if wants_json(request):
        return JSONResponse({"detail": detail}, status_code=status)
    return templates.TemplateResponse(request, "error.html", {"status": status, "detail": detail}, status_code=status)


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors():
        loc = [str(x) for x in err.get("loc", ())]
        where = (f"{loc[0]} parameter '{'.'.join(loc[1:])}'" if loc and loc[0] in ("query", "path")
                 else "request body field '" + ".".join(loc[1:]) + "'" if loc and loc[0] == "body" and len(loc) > 1
                 else "request body" if loc and loc[0] == "body" else ".".join(loc))
        parts.append(f"{where}: {err.get('msg', 'invalid')}")
    return "; ".join(parts) or "invalid request"


def create_app(kb_dir: Path | str | None = None, build_dir: Path | str | None = None,
               seeds_dir: Path | str | None = None) -> FastAPI:
    """The web application over the KB in ``kb_dir`` (default ./kb), with ``build_dir`` for the database."""
    from foedus.web.routes import ALL_ROUTERS

    app = FastAPI(
        title="foedus",
        description="Treaty and alliance systems, source by source: timeline, network, treaties, crises, "
                    "what-if, conflicts between sources. Every HTML page has a JSON twin under /api.",
        version="0.1.0",
        docs_url=None,  # Swagger UI and ReDoc load their scripts from a CDN: /api-docs is our own page
        redoc_url=None,
        # every error answer is {"detail": "<message>"} (see _error), so document that, not FastAPI's default list
        responses={404: error_response("unknown id"),
                   422: error_response("invalid parameter or body, named in 'detail'")},
    )
    app.state.site = load_site(kb_dir, build_dir, seeds_dir)
    app.add_middleware(BodySizeLimit, max_bytes=MAX_BODY_BYTES)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        return _error(request, exc.status_code, str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        return _error(request, 422, _validation_message(exc))

    @app.exception_handler(NotFound)
    async def _missing(request: Request, exc: NotFound) -> Response:
        return _error(request, 404, str(exc))

    @app.exception_handler(DateError)
    async def _bad_date(request: Request, exc: DateError) -> Response:
        return _error(request, 422, f"bad date: {exc}")

    for router in ALL_ROUTERS:
        app.include_router(router)
    assets.mount(app)
    return app


def site_of(request: Request) -> Site:
    return request.app.state.site


def page(request: Request, template: str, **ctx: Any) -> HTMLResponse:
    """Render an HTML page with the common context (KB problems banner, engine flag)."""
    s = site_of(request)
    return templates.TemplateResponse(request, template, {"problems": s.problems, **ctx})
