"""States, people and events: a list and a page for each."""

from __future__ import annotations

from fastapi import APIRouter, Request

from foedus.web import schemas as S, views
from foedus.web.app import page, site_of
from foedus.web.routes.common import IdPath

router = APIRouter()


@router.get("/api/states", response_model=S.Listing, tags=["states"])
async def api_states(request: Request) -> S.Listing:
    """Every state or other international actor."""
    return site_of(request).json(views.listing, "state")


@router.get("/states", include_in_schema=False)
def states(request: Request):
    return page(request, "listing.html", title="States", listing=site_of(request).view(views.listing, "state"),
                api="/api/states")


@router.get("/api/states/{state_id}", response_model=S.StateOut, tags=["states"])
async def api_state(request: Request, state_id: IdPath) -> S.StateOut:
    """One state: its treaties, events, office holders and the claims about it."""
    return site_of(request).json(views.state, state_id)


@router.get("/states/{state_id}", include_in_schema=False)
def state(request: Request, state_id: IdPath):
    return page(request, "state.html", s=site_of(request).view(views.state, state_id))


@router.get("/api/people", response_model=S.Listing, tags=["people"])
async def api_people(request: Request) -> S.Listing:
    """Every person in the KB."""
    return site_of(request).json(views.listing, "person")


@router.get("/people", include_in_schema=False)
def people(request: Request):
    return page(request, "listing.html", title="People", listing=site_of(request).view(views.listing, "person"),
                api="/api/people")


@router.get("/api/people/{person_id}", response_model=S.PersonOut, tags=["people"])
async def api_person(request: Request, person_id: IdPath) -> S.PersonOut:
    """One person: offices, events, claims."""
    return site_of(request).json(views.person, person_id)


@router.get("/people/{person_id}", include_in_schema=False)
def person(request: Request, person_id: IdPath):
    return page(request, "person.html", p=site_of(request).view(views.person, person_id))


@router.get("/api/events", response_model=S.Listing, tags=["events"])
async def api_events(request: Request) -> S.Listing:
    """Every event, by date."""
    return site_of(request).json(views.listing, "event")


@router.get("/events", include_in_schema=False)
def events(request: Request):
    return page(request, "listing.html", title="Events", listing=site_of(request).view(views.listing, "event"),
                api="/api/events")


@router.get("/api/events/{event_id}", response_model=S.EventOut, tags=["events"])
async def api_event(request: Request, event_id: IdPath) -> S.EventOut:
    """One event."""
    return site_of(request).json(views.event, event_id)


@router.get("/events/{event_id}", include_in_schema=False)
def event(request: Request, event_id: IdPath):
    return page(request, "event.html", e=site_of(request).view(views.event, event_id))
