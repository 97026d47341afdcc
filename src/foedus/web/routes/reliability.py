"""Alliance reliability across every COW war and the KB's crises (see docs/reliability.md).

``/reliability`` shows the Leeds–Long–Mitchell-style table (overall, by obligation type, by
period), the comparison with the published figures, the KB-crisis rows apart, a plotly chart
of the share honoured, and the classified rows, each linking to its explanation tree. JSON
twins: ``/api/reliability`` and ``/api/reliability/rows/{row_id}``; the table as CSV:
``/export/reliability.csv``. The run is computed once per app, on first use
(:class:`foedus.web.reliability_data.ReliabilityStore`); ``?war=N`` computes one war only.
"""

from __future__ import annotations

import json
from pathlib import Path as FilePath
import threading
from urllib.parse import urlencode
from typing import Annotated, Literal

from fastapi import APIRouter, HTTPException, Path, Query, Request
from fastapi.responses import FileResponse
from pydantic import BaseModel, Field

from foedus.web.app import page, site_of
from foedus.web.routes.common import CSVFile, download
from foedus.web.reliability_data import (
    ROW_ID_PATTERN, Computed, ReliabilityStore, filter_rows, plot_figure, plot_series, table_csv, table_records,
)

router = APIRouter()

WarQuery = Annotated[int | None, Query(ge=1, le=99999, description="COW war number (e.g. 139, World War II)")]
StateQuery = Annotated[str | None, Query(max_length=40, pattern=r"^([A-Za-z][A-Za-z0-9_-]{0,39}|[0-9]{1,4})$",
                                         description="state as ally or partner: COW abbreviation / KB id or COW code")]
ScopeQuery = Annotated[Literal["cow-war", "kb-crisis"] | None, Query(description="only COW wars or only the KB's crises")]
OutcomeQuery = Annotated[Literal["honoured", "violated", "not_invoked", "undetermined"] | None,
                         Query(description="rows with this outcome")]
ObligationQuery = Annotated[Literal["defense", "offense", "neutral", "nonagg", "consul"] | None,
                            Query(description="rows of this ATOP obligation type")]
PageQuery = Annotated[int, Query(ge=1, le=100000, description="page of rows (1-based)")]
PerPageQuery = Annotated[int, Query(ge=1, le=200, description="rows per page (at most 200)")]
RowIdPath = Annotated[str, Path(max_length=40, pattern=ROW_ID_PATTERN,
                                description="row id: w<war>-<12 hex> or kb-<12 hex>, as /api/reliability lists")]

MAX_KB_ROWS = 500
"""KB-crisis rows listed on the page (the seven 1930s crises give fewer than 100)."""


# -- response models --------------------------------------------------------------------------------------------------
class Shares(BaseModel):
    honoured: float | None
    violated: float | None
    not_invoked: float | None
    undetermined: float | None


class TableRow(BaseModel):
    scope: str = Field(description="cow-war or kb-crisis")
    group: str = Field(description="overall, obligation or period")
    value: str
    rows: int
    honoured: int
    violated: int
    not_invoked: int
    undetermined: int
    shares: Shares = Field(description="each outcome's share of all rows of the group")
    reliability: float | None = Field(description="honoured / (honoured + violated); none if nothing was judged")
    rules: str | None = Field(None, description="rule ids the rows came from, with counts")


class ComparisonRow(BaseModel):
    study: str
    measure: str
    figure: str
    verified_via: str
    status: Literal["computed here", "verified", "secondary only, not verified"]


class PlotSeries(BaseModel):
    obligation: str
    periods: list[str]
    share: list[float]
    honoured: list[int]
    violated: list[int]


class RowOut(BaseModel):
    row_id: str
    url: str = Field(description="the row's explanation page; its JSON twin is /api/reliability/rows/{row_id}")
    scope: str
    warnum: int | None
    crisis: str | None
    year: int | None
    period: str | None
    alliance: str | None
    phase: int | None
    obligation: str | None
    obligor: str | None
    beneficiary: str | None
    status: str | None
    invoked: str | None
    outcome: str
    rule: str | None
    conduct: str | None
    reason: str | None


class RowDetail(RowOut):
    key: str | None
    condition: str | None
    rule_text: str | None = Field(None, description="what the rule means (foedus.reliability.RULE_TEXT)")
    explanation: dict | None = Field(None, description="the obligation engine's explanation tree for this row")


class ReliabilityOut(BaseModel):
    data_available: bool = Field(description="false if the shared COW/ATOP data folder could not be read")
    note: str | None = Field(None, description="why the COW rows are missing, if they are")
    filters: dict[str, str | int | None]
    cow_war: list[TableRow]
    kb_crisis: list[TableRow]
    comparison: list[ComparisonRow]
    plot: list[PlotSeries]
    total_rows: int
    page: int
    per_page: int
    pages: int
    rows: list[RowOut]
    kb_crisis_rows: list[RowOut]


# -- the store, one per app -----------------------------------------------------------------------------------------
_store_lock = threading.Lock()


def store_of(request: Request) -> ReliabilityStore:
    """The app's reliability store, made on first use."""
    st = request.app.state
    with _store_lock:
        if getattr(st, "reliability_store", None) is None:
            st.reliability_store = ReliabilityStore(site_of(request).kb)
        return st.reliability_store


def _computed(request: Request, war: int | None) -> Computed:
    store = store_of(request)
    c = store.war(war) if war is not None else store.full()
    if war is not None and c.data_note is None and war not in c.wars:
        raise HTTPException(404, f"no COW war {war} in cow_war_inter_dyad_year.csv (query parameter 'war')")
    return c


def _status(verified_via: str) -> str:
    v = verified_via.lower()
    if v.startswith("computed"):
        return "computed here"
    if "secondary only" in v or "not verified" in v:
        return "secondary only, not verified"
    return "verified"


def _row_out(r: dict) -> dict:
    return {k: r.get(k) for k in RowOut.model_fields if k != "url"} | {"url": f"/reliability/rows/{r['row_id']}"}


def build(request: Request, war: int | None, state: str | None, scope: str | None, outcome: str | None,
          obligation: str | None, page_no: int, per_page: int) -> ReliabilityOut:
    """Everything the page and its twin show, for these filters."""
    import polars as pl

    from foedus import reliability as rel

    c = _computed(request, war)
    if state and state not in c.states:
        raise HTTPException(404, f"unknown state {state!r} (query parameter 'state': a COW abbreviation such as FRN, "
                                 "a KB state id or a COW code)")
    rows = filter_rows(c.rows, state=state)  # the tables follow war and state; outcome/obligation cut the list only
    cow, kb = table_records(rows, "cow-war"), table_records(rows, "kb-crisis")
    cmp: list[dict] = list(rel.PUBLISHED)
    if rows.height:
        plain = rows.drop("row_id")
        cmp = rel.comparison(rel.reliability_table(plain), rel.reliability_table(rel.ally_level(plain)))
    listed = filter_rows(rows, scope=scope, outcome=outcome, obligation=obligation)
    total = listed.height
    pages = max(1, -(-total // per_page))
    if page_no > pages:
        raise HTTPException(404, f"page {page_no} is past the last page ({pages}) (query parameter 'page')")
    shown = listed.slice((page_no - 1) * per_page, per_page)
    kb_rows = rows.filter(pl.col("scope") == "kb-crisis").head(MAX_KB_ROWS)
    return ReliabilityOut(
        data_available=c.data_note is None, note=c.data_note,
        filters={"war": war, "state": state, "scope": scope, "outcome": outcome, "obligation": obligation},
        cow_war=cow, kb_crisis=kb, comparison=[{**r, "status": _status(r["verified_via"])} for r in cmp],
        plot=plot_series(rows), total_rows=total, page=page_no, per_page=per_page, pages=pages,
        rows=[_row_out(r) for r in shown.iter_rows(named=True)],
        kb_crisis_rows=[_row_out(r) for r in kb_rows.iter_rows(named=True)],
    )


def detail(request: Request, row_id: str) -> RowDetail:
    from foedus.reliability import RULE_TEXT

    store = store_of(request)
    if row_id.startswith("w"):
        _computed(request, int(row_id[1:].split("-", 1)[0]))  # 404 for an unknown war, before computing anything
    r = store.row(row_id)
    if r is None:
        raise HTTPException(404, f"no reliability row {row_id!r}")
    rule = r.get("rule") or ""
    text = RULE_TEXT.get(rule) or RULE_TEXT.get(rule.split("/")[0]) or RULE_TEXT.get(rule.split(":")[0])
    return RowDetail(**_row_out(r), key=r.get("key"), condition=r.get("condition"), rule_text=text,
                     explanation=json.loads(r["explanation"]) if r.get("explanation") else None)


# -- routes ---------------------------------------------------------------------------------------------------------
@router.get("/api/reliability", response_model=ReliabilityOut, tags=["reliability"])
def api_reliability(request: Request, war: WarQuery = None, state: StateQuery = None, scope: ScopeQuery = None,
                    outcome: OutcomeQuery = None, obligation: ObligationQuery = None, page: PageQuery = 1,
                    per_page: PerPageQuery = 50) -> ReliabilityOut:
    """Alliance reliability: the table (overall, by obligation, by period), the published figures, the chart's
    data and one page of classified rows. ``war`` restricts everything to one COW war, ``state`` to rows where it
    is the ally or the partner; ``scope``, ``outcome`` and ``obligation`` filter the listed rows only."""
    return build(request, war, state, scope, outcome, obligation, page, per_page)


@router.get("/reliability", include_in_schema=False)
def reliability_page(request: Request, war: WarQuery = None, state: StateQuery = None, scope: ScopeQuery = None,
                     outcome: OutcomeQuery = None, obligation: ObligationQuery = None, page_no: Annotated[int, Query(ge=1, le=100000, alias="page", description="page of rows")] = 1,
                     per_page: PerPageQuery = 50):
    r = build(request, war, state, scope, outcome, obligation, page_no, per_page)
    fig = plot_figure([s.model_dump() for s in r.plot]) if r.plot else None
    qs = {k: v for k, v in r.filters.items() if v is not None}
    csv_q = urlencode({k: v for k, v in qs.items() if k in ("war", "state")})
    return page(request, "reliability_table.html", r=r, fig=fig, qs=qs,
                csv_href="/export/reliability.csv" + (f"?{csv_q}" if csv_q else ""))


@router.get("/api/reliability/rows/{row_id}", response_model=RowDetail, tags=["reliability"])
def api_reliability_row(request: Request, row_id: RowIdPath) -> RowDetail:
    """One classified row with its rule and the obligation engine's explanation tree."""
    return detail(request, row_id)


@router.get("/reliability/rows/{row_id}", include_in_schema=False)
def reliability_row_page(request: Request, row_id: RowIdPath):
    return page(request, "reliability_row.html", d=detail(request, row_id))


@router.get("/export/reliability.csv", response_class=CSVFile, tags=["reliability"],
            responses={200: {"content": {"text/csv": {}}, "description": "the reliability table as CSV"}})
def export_reliability(request: Request, war: WarQuery = None, state: StateQuery = None):
    """The table shown on /reliability (same ``war`` and ``state`` filters) as CSV: counts, shares, reliability."""
    r = build(request, war, state, None, None, None, 1, 1)
    recs = [t.model_dump() for t in (*r.cow_war, *r.kb_crisis)]
    name = "reliability" + (f"-war{war}" if war else "") + (f"-{state}" if state else "") + ".csv"
    return download(table_csv(recs), name, "text/csv")


PLOTLY_JS = FilePath(__import__("plotly").__file__).resolve().parent / "package_data" / "plotly.min.js"
"""plotly.js as shipped inside the installed ``plotly`` Python package: served locally, never from a CDN."""


@router.get("/vendor/plotly.min.js", include_in_schema=False)
def plotly_js():
    if not PLOTLY_JS.is_file():
        raise HTTPException(503, "plotly.js is not in the installed plotly package")
    return FileResponse(PLOTLY_JS, media_type="text/javascript", headers={"cache-control": "public, max-age=86400"})
