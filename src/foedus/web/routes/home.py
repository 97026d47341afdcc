"""Home page, full-text search and the list of sources with their grades (the alliance-reliability
table is in :mod:`foedus.web.routes.reliability`)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request

from foedus.web import schemas as S
from foedus.web import views
from foedus.web.app import page, site_of
from foedus.web.engine_bridge import engine_available
from foedus.web.limits import MAX_QUERY_CHARS

router = APIRouter()
Q = Annotated[str, Query(max_length=MAX_QUERY_CHARS, description="words to find (all must occur)")]


def summary(request: Request) -> S.Summary:
    s = site_of(request)
    db = s.database
    return S.Summary(counts=s.kb.counts(), problems=s.problems, engine=engine_available(),
                     database=str(db) if db else None)


@router.get("/api/summary", response_model=S.Summary, tags=["home"])
async def api_summary(request: Request) -> S.Summary:
    """Counts of each kind of entity, KB problems, whether the engine and database are there."""
    return summary(request)


@router.get("/", include_in_schema=False)
def home(request: Request):
    kb = site_of(request).kb
    return page(request, "home.html", s=summary(request), crises=views.listing(kb, "crisis").items)


@router.get("/api/search", response_model=S.SearchResults, tags=["search"])
async def api_search(request: Request, q: Q = "", limit: Annotated[int, Query(ge=1, le=500)] = 100) -> S.SearchResults:
    """Entities whose texts (names, clauses, claims, quotes) contain every word of ``q``."""
    return site_of(request).index.search(q, limit)


@router.get("/search", include_in_schema=False)
def search(request: Request, q: Q = ""):
    return page(request, "search.html", r=site_of(request).index.search(q, 200), q=q)


@router.get("/api/sources", response_model=S.Reliability, tags=["sources"])
async def api_sources(request: Request) -> S.Reliability:
    """Each source's reliability grade and citation count."""
    return site_of(request).json(views.reliability)


@router.get("/sources", include_in_schema=False)
def sources(request: Request):
    return page(request, "reliability.html", r=site_of(request).view(views.reliability))


@router.get("/api-docs", include_in_schema=False)
async def api_docs(request: Request):
    """The JSON API, listed from the OpenAPI document (Swagger UI would need a CDN)."""
    doc = request.app.openapi()
    ops = [{"path": path, "method": method.upper(), "summary": op.get("summary", ""),
            "description": (op.get("description") or "").split("\n")[0],
            "params": [p["name"] for p in op.get("parameters", [])], "tag": (op.get("tags") or [""])[0]}
           for path, item in doc["paths"].items() for method, op in item.items()]
    return page(request, "api_docs.html", ops=ops)
