"""Crises: who was bound (the engine's evaluation and audit), and the what-if editor."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Query, Request
from pydantic import BaseModel, ConfigDict, Field

from foedus.kb.models import FACT_KINDS
from foedus.web import engine_bridge as eng, schemas as S, views
from foedus.web.app import page, site_of
from foedus.web.limits import MAX_WHATIF_CHANGES
from foedus.web.routes.common import IdPath

router = APIRouter()

try:  # the engine's own result models document the full endpoints when it is installed
    from foedus.engine import Audit, Obligation
except ImportError:  # pragma: no cover - before the engine lands
    Audit = Obligation = dict  # type: ignore[misc,assignment]


class NewFact(BaseModel):
    """A hypothetical fact to add to the crisis."""

    model_config = ConfigDict(extra="forbid")
    id: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.:-]*$", max_length=80)
    kind: Literal[FACT_KINDS]  # type: ignore[valid-type]
    date: str = Field(max_length=40, description="EDTF date")
    actor: list[str] = Field(min_length=1, max_length=20)
    target: list[str] = Field(default_factory=list, max_length=20)
    place: str | None = Field(None, max_length=200)
    region: str | None = Field(None, max_length=200)
    note: str | None = Field(None, max_length=1000)


class FactEdit(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str = Field(max_length=120)
    set: dict[str, Any] = Field(min_length=1, max_length=10)


class ConditionEdit(BaseModel):
    model_config = ConfigDict(extra="forbid")
    clause: str = Field(max_length=250, description="'treaty-id/clause-id'")
    condition: str | None = Field(None, max_length=1000)


class WhatIfIn(BaseModel):
    """Edits to a crisis: facts removed (toggled off), added or changed; clause conditions replaced."""

    model_config = ConfigDict(extra="forbid")
    remove_facts: list[str] = Field(default_factory=list, max_length=MAX_WHATIF_CHANGES)
    add_facts: list[NewFact] = Field(default_factory=list, max_length=MAX_WHATIF_CHANGES)
    change_facts: list[FactEdit] = Field(default_factory=list, max_length=MAX_WHATIF_CHANGES)
    replace_condition: list[ConditionEdit] = Field(default_factory=list, max_length=MAX_WHATIF_CHANGES)
    assume_performed: bool = False


class WhatIfOut(BaseModel):
    """A crisis evaluated as recorded and under the what-if, with what changed."""

    crisis: str
    what_if: dict[str, Any] = Field(description="the edits as applied")
    baseline: dict[str, Any] = Field(description="evaluation as the sources record it (compact view)")
    what_if_evaluation: dict[str, Any] = Field(description="evaluation under the what-if (compact view)")
    baseline_audit: dict[str, Any]
    what_if_audit: dict[str, Any]
    diff: dict[str, Any] = Field(description="foedus.engine.diff(baseline, what_if)")
    verdict_changes: list[dict[str, Any]] = Field(description="audit verdicts that differ")


def _known_crisis(request: Request, crisis_id: str) -> None:
    if crisis_id not in site_of(request).kb.crises:
        raise views.NotFound(f"no crisis with id '{crisis_id}'")


def _crisis(request: Request, crisis_id: str) -> S.CrisisOut:
    _known_crisis(request, crisis_id)
    site = site_of(request)
    out = views.crisis(site.kb, crisis_id)
    if not eng.engine_available():
        return out
    try:
        ev, au = site.engine.views(crisis_id)
    except Exception as exc:  # an engine failure leaves the KB facts on show
        return out.model_copy(update={"engine": True, "engine_error": f"{type(exc).__name__}: {exc}"})
    return out.model_copy(update={"engine": True, "evaluation": ev, "audit": au})


def _need_engine() -> None:
    if not eng.engine_available():
        raise HTTPException(503, "the obligation engine (foedus.engine) is not installed")


@router.get("/api/crises", response_model=S.Listing, tags=["crises"])
def api_crises(request: Request) -> S.Listing:
    """Every crisis, by date."""
    return site_of(request).json(views.listing, "crisis")


@router.get("/crises", include_in_schema=False)
def crises(request: Request):
    return page(request, "listing.html", title="Crises", listing=site_of(request).view(views.listing, "crisis"),
                api="/api/crises")


@router.get("/api/crises/{crisis_id}", response_model=S.CrisisOut, tags=["crises"])
def api_crisis(request: Request, crisis_id: IdPath) -> S.CrisisOut:
    """One crisis: its facts with sources, and (when the engine is installed) who was bound, and the audit."""
    return _crisis(request, crisis_id)


@router.get("/api/crises/{crisis_id}/evaluation", response_model=dict[str, Any], tags=["crises"],
            responses={503: {"model": S.ErrorOut, "description": "obligation engine not installed"}})
def api_evaluation(request: Request, crisis_id: IdPath):
    """The engine's full evaluation of the crisis (foedus.engine.Evaluation: every obligation with its
    explanation tree; large). Typed as an object because the Evaluation's fuzzy dates have no
    JSON-schema for serialisation yet."""
    _known_crisis(request, crisis_id)
    _need_engine()
    return site_of(request).engine.baseline(crisis_id)[0].model_dump(mode="json")


@router.get("/api/crises/{crisis_id}/audit", response_model=Audit, tags=["crises"],
            responses={503: {"model": S.ErrorOut, "description": "obligation engine not installed"}})
def api_audit(request: Request, crisis_id: IdPath):
    """The engine's full audit of the crisis: honoured, broken, evaded, excused, with explanations."""
    _known_crisis(request, crisis_id)
    _need_engine()
    return site_of(request).engine.baseline(crisis_id)[1]


@router.get("/api/crises/{crisis_id}/obligation", response_model=Obligation, tags=["crises"],
            responses={503: {"model": S.ErrorOut, "description": "obligation engine not installed"}})
def api_obligation(request: Request, crisis_id: IdPath,
                   key: Annotated[str, Query(max_length=400, description="'treaty/clause:OBLIGOR->BENEFICIARY'")]):
    """One obligation of the crisis with its explanation tree (why it is triggered, pending or void)."""
    _known_crisis(request, crisis_id)
    _need_engine()
    o = site_of(request).engine.obligation(crisis_id, key)
    if o is None:
        raise HTTPException(404, f"no obligation '{key}' in crisis '{crisis_id}'")
    return o


@router.post("/api/crises/{crisis_id}/whatif", response_model=WhatIfOut, tags=["crises"],
             responses={400: S.error_response("request body could not be decoded (not UTF-8)"),
                        413: {"model": S.ErrorOut, "description": "request body too large"},
                        422: {"model": S.ErrorOut, "description": "invalid what-if"},
                        503: {"model": S.ErrorOut, "description": "obligation engine not installed"}})
def api_whatif(request: Request, crisis_id: IdPath, body: WhatIfIn) -> WhatIfOut:
    """Evaluate the crisis again with facts toggled off, added or changed, and show the difference."""
    _known_crisis(request, crisis_id)
    kb = site_of(request).kb
    known = {f.id for f in kb.crises[crisis_id].facts}
    unknown = [f for f in body.remove_facts + [c.id for c in body.change_facts] if f not in known]
    if unknown:
        raise HTTPException(422, f"no fact with id {', '.join(repr(u) for u in unknown)} in crisis '{crisis_id}'")
    for f in body.add_facts:
        try:
            views.parse_day(f.date)
        except ValueError as exc:
            raise HTTPException(422, f"added fact '{f.id}': {exc}") from None
    payload = body.model_dump(mode="json", exclude_defaults=True)
    runner = site_of(request).engine
    try:
        res = runner.compare(crisis_id, runner.what_if_model(crisis_id, payload))
    except eng.EngineMissing as exc:
        raise HTTPException(503, str(exc)) from None
    except eng.WhatIfInvalid as exc:
        raise HTTPException(422, f"invalid what-if: {exc}") from None
    return WhatIfOut(crisis=crisis_id, what_if=payload, baseline=res["baseline"], what_if_evaluation=res["what_if"],
                     baseline_audit=res["baseline_audit"], what_if_audit=res["what_if_audit"], diff=res["diff"],
                     verdict_changes=res["verdict_changes"])


@router.get("/crises/{crisis_id}", include_in_schema=False)
def crisis(request: Request, crisis_id: IdPath):
    c = _crisis(request, crisis_id)
    kb = site_of(request).kb
    states = sorted(kb.states.values(), key=lambda s: s.name)
    return page(request, "crisis.html", c=c, states=states, fact_kinds=FACT_KINDS)
