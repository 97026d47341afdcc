"""Conflicts between sources: both claims, with their quotes, side by side."""

from __future__ import annotations

from fastapi import APIRouter, Request

from foedus.web import schemas as S, views
from foedus.web.app import page, site_of

router = APIRouter()


@router.get("/api/conflicts", response_model=list[S.ConflictOut], tags=["conflicts"])
async def api_conflicts(request: Request) -> list[S.ConflictOut]:
    """Every conflict between sources, open ones first, each with its claims and quotes."""
    return site_of(request).json(views.conflicts)


@router.get("/conflicts", include_in_schema=False)
def conflicts(request: Request):
    return page(request, "conflicts.html", conflicts=site_of(request).view(views.conflicts))
