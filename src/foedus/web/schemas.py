"""The shapes of what the web app shows: one pydantic model per page, shared by the HTML
page and its JSON twin under ``/api`` (and so described in ``/openapi.json``)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, Field


class DateOut(BaseModel):
    """An EDTF date as shown: its text, the span of days it may mean, and a marker for doubt."""

    text: str = Field(description="the EDTF expression as written in the KB")
    earliest: dt.date
    latest: dt.date
    exact: bool = Field(description="one known day")
    marker: Literal["", "?", "~"] = Field(
        description="'~' approximate, '?' uncertain, unspecified digits or one of a set, '' otherwise "
                    "(a month or year without qualifier is shown by its span alone)")


class CitationOut(BaseModel):
    source: str
    source_title: str | None = None
    grade: str | None = Field(None, description="reliability grade A-E of the source")
    seed: bool = False
    quote: str | None = None
    loc: str | None = None
    confidence: str | None = None
    note: str | None = None


class Ref(BaseModel):
    """A link to another page."""

    kind: str
    id: str
    label: str
    url: str


# ------------------------------------------------------------------ timeline, network
class TimelineRow(BaseModel):
    id: str
    kind: Literal["treaty", "event", "crisis"]
    label: str
    category: str = Field(description="treaty kind, event kind or 'crisis'")
    start: DateOut
    end: DateOut | None = None
    open_end: bool = Field(False, description="a treaty with no recorded end: drawn to the edge")
    url: str


class Timeline(BaseModel):
    start: dt.date
    end: dt.date
    rows: list[TimelineRow]


class NetNode(BaseModel):
    id: str
    kind: Literal["state", "treaty"]
    label: str
    url: str
    category: str | None = None


class NetEdge(BaseModel):
    source: str = Field(description="state id")
    target: str = Field(description="treaty id")
    certain: bool = Field(description="False when uncertain dates leave open whether the tie held that day")


class Network(BaseModel):
    date: DateOut
    nodes: list[NetNode]
    edges: list[NetEdge]


# ------------------------------------------------------------------ entities
class ClaimOut(BaseModel):
    id: str
    about: str
    about_ref: Ref | None = None
    field: str | None = None
    value: Any = None
    kind: str
    statement: str
    by: str | None = None
    cite: list[CitationOut]


class ConflictOut(BaseModel):
    id: str
    about: str
    about_ref: Ref | None = None
    field: str | None = None
    kind: str
    description: str
    status: str
    assessment: str | None = None
    claims: list[ClaimOut]
    cite: list[CitationOut] = []


class PartyOut(BaseModel):
    state: Ref
    signed: DateOut | None = None
    ratified: DateOut | None = None
    joined: DateOut | None = None
    left: DateOut | None = None
    role: str | None = None


class DatedOut(BaseModel):
    date: DateOut
    place: str | None = None
    note: str | None = None
    cite: list[CitationOut] = []


class ClauseOut(BaseModel):
    id: str
    ref: str
    article: str
    text: str
    text_kind: str
    obligation: str
    obligors: list[str]
    beneficiaries: list[str]
    condition: str | None = None
    contingent_on: list[str] = []
    action: str | None = None
    protocol: str | None = None
    secret: bool = False
    notes: str | None = None
    cite: list[CitationOut]


class EndingOut(BaseModel):
    date: DateOut
    how: str
    by: str | None = None
    note: str | None = None
    cite: list[CitationOut] = []


class TreatyOut(BaseModel):
    id: str
    name: str
    short_name: str | None = None
    kind: str
    status: str
    public: str
    parties: list[PartyOut]
    signed: DatedOut | None = None
    in_force: DatedOut | None = None
    ended: EndingOut | None = None
    term: dict[str, Any] | None = None
    protocols: list[dict[str, Any]] = []
    clauses: list[ClauseOut]
    related: list[Ref] = []
    summary: str | None = None
    cite: list[CitationOut]
    claims: list[ClaimOut] = []
    conflicts: list[Ref] = []
    coding: list[dict[str, Any]] | None = Field(
        None, description="ATOP member-level coding rows (foedus.data.kbcoding.code_treaty), when available")


class EventOut(BaseModel):
    id: str
    title: str
    kind: str
    date: DateOut
    end: DateOut | None = None
    actors: list[Ref] = []
    targets: list[Ref] = []
    people: list[Ref] = []
    place: str | None = None
    treaty: Ref | None = None
    description: str | None = None
    cite: list[CitationOut]


class OfficeOut(BaseModel):
    title: str
    state: Ref
    start: DateOut | None = None
    end: DateOut | None = None
    holder: Ref | None = None
    cite: list[CitationOut] = []


class PersonOut(BaseModel):
    id: str
    name: str
    aliases: list[str] = []
    born: DateOut | None = None
    died: DateOut | None = None
    nationality: Ref | None = None
    offices: list[OfficeOut] = []
    events: list[Ref] = []
    claims: list[ClaimOut] = []
    cite: list[CitationOut]


class StateOut(BaseModel):
    id: str
    name: str
    kind: str
    ccode: int | None = None
    aliases: list[str] = []
    existed_from: DateOut | None = None
    existed_to: DateOut | None = None
    treaties: list[Ref] = []
    events: list[Ref] = []
    office_holders: list[OfficeOut] = []
    claims: list[ClaimOut] = []
    cite: list[CitationOut]


class FactOut(BaseModel):
    id: str
    kind: str
    date: DateOut
    actor: list[Ref]
    target: list[Ref] = []
    place: str | None = None
    region: str | None = None
    detail: dict[str, Any] = {}
    note: str | None = None
    cite: list[CitationOut] = []


class CrisisOut(BaseModel):
    id: str
    name: str
    date: DateOut
    start: DateOut | None = None
    end: DateOut | None = None
    summary: str | None = None
    facts: list[FactOut]
    cite: list[CitationOut]
    claims: list[ClaimOut] = []
    engine: bool = Field(description="whether the obligation engine (foedus.engine) is installed")
    evaluation: dict[str, Any] | None = Field(None, description="foedus.engine.evaluate(...) as JSON")
    audit: dict[str, Any] | None = Field(None, description="foedus.engine.audit(...) as JSON")
    engine_error: str | None = None


# ------------------------------------------------------------------ lists, search, misc
class Listing(BaseModel):
    kind: str
    items: list[Ref]


class SearchHit(BaseModel):
    ref: Ref
    field: str
    snippet: str


class SearchResults(BaseModel):
    q: str
    total: int
    hits: list[SearchHit]


class SourceRow(BaseModel):
    id: str
    title: str
    kind: str
    author: str | None = None
    year: int | None = None
    grade: str
    reason: str
    citations: int


class Reliability(BaseModel):
    note: str
    sources: list[SourceRow]


class Summary(BaseModel):
    counts: dict[str, int]
    problems: list[str] = Field(description="KB check problems; the app serves what validated")
    engine: bool
    database: str | None = Field(None, description="the compiled DuckDB database, if built")


class ErrorOut(BaseModel):
    detail: str


def error_response(description: str) -> dict:
    """An OpenAPI response entry for an error: always JSON ``{"detail": "..."}``, whatever the route returns
    on success (a CSV export's 404 is still JSON)."""
    return {"description": description, "content": {"application/json": {"schema": ErrorOut.model_json_schema()}}}
