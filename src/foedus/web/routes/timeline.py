"""The timeline of treaties, events and crises."""

from __future__ import annotations

from fastapi import APIRouter, Request

from foedus.web import exports, schemas as S, views
from foedus.web.app import page, site_of
from foedus.web.routes.common import CSVFile, download

router = APIRouter()


@router.get("/api/timeline", response_model=S.Timeline, tags=["timeline"])
async def api_timeline(request: Request) -> S.Timeline:
    """Every dated treaty, event and crisis, with the span of days each uncertain date may mean."""
    return site_of(request).json(views.timeline)


@router.get("/export/timeline.csv", tags=["exports"], response_class=CSVFile)
def export_timeline(request: Request):
    """The timeline rows as CSV."""
    return download(exports.timeline_csv(site_of(request).view(views.timeline)), "foedus-timeline.csv", "text/csv")


@router.get("/timeline", include_in_schema=False)
def timeline(request: Request):
    tl = site_of(request).view(views.timeline)
    return page(request, "timeline.html", tl=tl)
