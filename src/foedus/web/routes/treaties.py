"""Treaties: the list, and a page per treaty with its clauses and citations side by side."""

from __future__ import annotations

from fastapi import APIRouter, Request

from foedus.web import exports, schemas as S, views
from foedus.web.app import page, site_of
from foedus.web.coding import coding_for
from foedus.web.routes.common import CSVFile, IdPath, download

router = APIRouter()


def treaty_page(kb, treaty_id: str) -> S.TreatyOut:
    """The treaty with its ATOP coding; NotFound for an unknown id."""
    if treaty_id not in kb.treaties:
        raise views.NotFound(f"no treaty with id '{treaty_id}'")
    return views.treaty(kb, treaty_id, coding=coding_for(kb, treaty_id))


def _treaty(request: Request, treaty_id: str) -> S.TreatyOut:
    return site_of(request).view(treaty_page, treaty_id)


@router.get("/api/treaties", response_model=S.Listing, tags=["treaties"])
async def api_treaties(request: Request) -> S.Listing:
    """Every treaty, by date of entry into force (or signature)."""
    return site_of(request).json(views.listing, "treaty")


@router.get("/treaties", include_in_schema=False)
def treaties(request: Request):
    return page(request, "listing.html", title="Treaties", listing=site_of(request).view(views.listing, "treaty"),
                api="/api/treaties")


@router.get("/api/treaties/{treaty_id}", response_model=S.TreatyOut, tags=["treaties"])
async def api_treaty(request: Request, treaty_id: IdPath) -> S.TreatyOut:
    """One treaty: parties, dates, clauses with conditions and citations, claims and conflicts about it."""
    return site_of(request).json(treaty_page, treaty_id)


@router.get("/export/treaties/{treaty_id}/clauses.csv", tags=["exports"], response_class=CSVFile)
def export_clauses(request: Request, treaty_id: IdPath):
    """A treaty's clauses as CSV."""
    return download(exports.clauses_csv(_treaty(request, treaty_id)), f"{treaty_id}-clauses.csv", "text/csv")


@router.get("/treaties/{treaty_id}", include_in_schema=False)
def treaty(request: Request, treaty_id: IdPath):
    return page(request, "treaty.html", t=_treaty(request, treaty_id))
