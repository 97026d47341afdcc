"""The network of states and the treaties binding them on a chosen date."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Request

from foedus.web import exports, schemas as S, views
from foedus.web.app import page, site_of
from foedus.web.routes.common import CSVFile, DateQuery, GraphMLFile, download

router = APIRouter()
DEFAULT_DAY = dt.date(1936, 3, 7)


def _net(request: Request, date: str | None) -> S.Network:
    return site_of(request).view(views.network, views.parse_day(date, DEFAULT_DAY))


@router.get("/api/network", response_model=S.Network, tags=["network"])
async def api_network(request: Request, date: DateQuery = None) -> S.Network:
    """States and treaties in force on ``date`` (default 1936-03-07); uncertain ties have certain=false."""
    return site_of(request).json(views.network, views.parse_day(date, DEFAULT_DAY))


@router.get("/export/network.graphml", tags=["exports"], response_class=GraphMLFile)
def export_graphml(request: Request, date: DateQuery = None):
    """The network for ``date`` as GraphML."""
    net = _net(request, date)
    return download(exports.network_graphml(net), f"foedus-network-{net.date.text}.graphml", "application/graphml+xml")


@router.get("/export/network.csv", tags=["exports"], response_class=CSVFile)
def export_network_csv(request: Request, date: DateQuery = None):
    """The network for ``date`` as CSV, one line per (state, treaty) tie."""
    net = _net(request, date)
    return download(exports.network_csv(net), f"foedus-network-{net.date.text}.csv", "text/csv")


@router.get("/network", include_in_schema=False)
def network(request: Request, date: DateQuery = None):
    return page(request, "network.html", net=_net(request, date))
