"""The alliance-reliability run behind ``/reliability``: computed once, lazily, and cut up for pages.

:class:`ReliabilityStore` runs :mod:`foedus.reliability` over the COW/ATOP files in the
shared data folder (:func:`foedus.paths.data_dir`) the first time a page asks, and keeps the
rows for the app's lifetime; a request restricted to one COW war computes (and keeps) only
that war, so a page for one war answers in a fraction of a second. The KB's own crises
(judged by the engine's audit) need no data folder and are shown even when it is missing.

The functions below the store are pure: row ids, filters, the table as records, the plot.
"""

from __future__ import annotations

from dataclasses import dataclass
import hashlib
import json
from pathlib import Path
import threading
from typing import Callable

import polars as pl

from foedus import paths
from foedus.kb.loader import KnowledgeBase

__all__ = ["ReliabilityStore", "Computed", "DataUnavailable", "row_id_of", "filter_rows", "table_records",
           "plot_figure", "plot_series", "ROW_ID_PATTERN", "OBLIGATIONS", "table_csv"]

DATA_FILES = ("cow_war_inter_dyad_year.csv", "cow_states.csv", "atop_v4_01_member_level.csv")
"""The shared-data files the run reads (see :func:`foedus.reliability.load_inputs`)."""

ROW_ID_PATTERN = r"^(w[0-9]{1,5}|kb)-[0-9a-f]{12}$"
"""A row id: ``w<COW war number>-<hash of the row's key>`` or ``kb-<hash>`` for a KB crisis."""

OBLIGATIONS = ("defense", "offense", "neutral", "nonagg", "consul")
MAX_CACHED_WARS = 128
"""Most single-war runs kept in memory besides the full run."""


class DataUnavailable(Exception):
    """The shared data folder, or one of its files, is missing or unreadable (message says which)."""


def row_id_of(scope: str, warnum: int | None, key: str) -> str:
    """A short, stable id for a row: the same row gets the same id in a full run and in a one-war run."""
    h = hashlib.sha1(key.encode()).hexdigest()[:12]
    return f"w{warnum}-{h}" if scope == "cow-war" and warnum is not None else f"kb-{h}"


def _with_ids(rows: pl.DataFrame) -> pl.DataFrame:
    ids = [row_id_of(s, w, k) for s, w, k in rows.select("scope", "warnum", "key").iter_rows()]
    return rows.with_columns(pl.Series("row_id", ids, dtype=pl.String))


@dataclass(frozen=True)
class Computed:
    """Rows of one run (COW wars, or one war, plus the KB crises) and why COW rows may be missing."""

    rows: pl.DataFrame
    data_note: str | None = None  # set when the data folder could not be read: only KB-crisis rows then
    wars: frozenset[int] = frozenset()  # the COW war numbers in the war file (empty without data)
    states: frozenset[str] = frozenset()  # state abbreviations and COW codes known to the run


class ReliabilityStore:
    """The reliability rows for one KB, computed on first use and kept (thread-safe)."""

    def __init__(self, kb: KnowledgeBase, data_dir: Callable[[], Path] = paths.data_dir) -> None:
        self.kb = kb
        self._data_dir = data_dir
        self._lock = threading.Lock()
        self._inputs: dict | None = None
        self._inputs_error: str | None = None
        self._kb_rows: pl.DataFrame | None = None
        self._full: Computed | None = None
        self._wars: dict[int, Computed] = {}

    # -- inputs ---------------------------------------------------------------------------------------------------
    def _load_inputs(self) -> dict:
        if self._inputs is None and self._inputs_error is None:
            d = self._data_dir()
            missing = [f for f in DATA_FILES if not (d / f).is_file()]
            if not d.is_dir():
                self._inputs_error = (f"The shared data folder {d} is missing, so the COW wars cannot be classified "
                                      "(set FOEDUS_DATA or put the Correlates of War and ATOP files there).")
            elif missing:
                self._inputs_error = f"The shared data folder {d} lacks {', '.join(missing)}."
            else:
                from foedus import reliability as rel
                from foedus.data import DataFormatError

                try:
                    self._inputs = rel.load_inputs(d)
                except (DataFormatError, OSError, ValueError) as e:
                    self._inputs_error = f"The shared data in {d} could not be read: {e}"
        if self._inputs is None:
            raise DataUnavailable(self._inputs_error)
        return self._inputs

    def _kb_crisis_rows(self) -> pl.DataFrame:
        if self._kb_rows is None:
            from foedus import reliability as rel

            self._kb_rows = _with_ids(rel.classify_kb_crises(self.kb))
        return self._kb_rows

    def _known(self, inputs: dict | None) -> tuple[frozenset[int], frozenset[str]]:
        states = {s for s in self.kb.states} | {str(s.ccode) for s in self.kb.states.values() if s.ccode}
        if inputs is None:
            return frozenset(), frozenset(states)
        from foedus.reliability import state_abbs

        abb = state_abbs(inputs["states"])
        states |= set(abb.values()) | {str(c) for c in abb}
        return frozenset(inputs["wars"]["warnum"].unique().to_list()), frozenset(states)

    # -- runs -----------------------------------------------------------------------------------------------------
    def full(self) -> Computed:
        """Every COW war and the KB's crises (computed on the first call, then kept)."""
        with self._lock:
            if self._full is None:
                self._full = self._compute(None)
            return self._full

    def war(self, warnum: int) -> Computed:
        """One COW war only (no KB crises): from the full run if it is there, else computed alone and kept."""
        with self._lock:
            if self._full is not None:
                f = self._full
                return Computed(f.rows.filter(pl.col("warnum") == warnum), f.data_note, f.wars, f.states)
            if warnum not in self._wars:
                while len(self._wars) >= MAX_CACHED_WARS:
                    self._wars.pop(next(iter(self._wars)))
                self._wars[warnum] = self._compute(warnum)
            return self._wars[warnum]

    def _compute(self, warnum: int | None) -> Computed:
        from foedus import reliability as rel

        kb_rows = self._kb_crisis_rows() if warnum is None else None
        try:
            inputs = self._load_inputs()
        except DataUnavailable as e:
            wars, states = self._known(None)
            empty = _with_ids(pl.DataFrame(schema=kb_rows.schema if kb_rows is not None else
                                           self._kb_crisis_rows().drop("row_id").schema))
            return Computed(kb_rows if kb_rows is not None else empty, str(e), wars, states)
        cow = _with_ids(rel.classify_war_responses(inputs, wars=None if warnum is None else [warnum]))
        wars, states = self._known(inputs)
        rows = cow if kb_rows is None else pl.concat([cow, kb_rows])
        return Computed(rows, None, wars, states)

    def row(self, row_id: str) -> dict | None:
        """The row with this id (its war computed if need be), or None."""
        if row_id.startswith("w"):
            rows = self.war(int(row_id[1:].split("-", 1)[0])).rows
        else:
            with self._lock:
                rows = self._kb_crisis_rows()
        hit = rows.filter(pl.col("row_id") == row_id)
        return hit.row(0, named=True) if hit.height else None


# -- pure helpers ---------------------------------------------------------------------------------------------------
def filter_rows(rows: pl.DataFrame, state: str | None = None, scope: str | None = None,
                outcome: str | None = None, obligation: str | None = None) -> pl.DataFrame:
    """Rows where ``state`` (a state id/COW abbreviation or COW code) is the ally or the partner, etc."""
    if state:
        if state.isdigit():
            c = int(state)
            rows = rows.filter((pl.col("obligor_ccode") == c) | (pl.col("beneficiary_ccode") == c))
        else:
            rows = rows.filter((pl.col("obligor") == state) | (pl.col("beneficiary") == state))
    for col, val in (("scope", scope), ("outcome", outcome), ("obligation", obligation)):
        if val:
            rows = rows.filter(pl.col(col) == val)
    return rows


def table_records(rows: pl.DataFrame, scope: str) -> list[dict]:
    """The Leeds–Long–Mitchell-style table (overall, by obligation, by period) of one scope, with shares."""
    from foedus.reliability import OUTCOMES, reliability_table

    sub = rows.filter(pl.col("scope") == scope)
    if sub.height == 0:
        return []
    out = []
    for r in reliability_table(sub.drop("row_id")).iter_rows(named=True):
        n = r["rows"] or 0
        r["shares"] = {o: (r[o] / n if n else None) for o in OUTCOMES}
        r["rules"] = _rules_in_order(r.get("rules"))
        out.append(r)
    return out


def _rules_in_order(rules: str | None) -> str | None:
    """``"R-A×3, R-B×7"`` with the most frequent rule first and ties by name, so the same rows give the same text."""
    if not rules:
        return rules
    parts = [p.rsplit("×", 1) for p in rules.split(", ")]
    parts.sort(key=lambda p: (-int(p[1]) if len(p) == 2 and p[1].isdigit() else 0, p[0]))
    return ", ".join("×".join(p) for p in parts)


def table_csv(records: list[dict]) -> str:
    """The table shown, as CSV: one line per group, counts then shares of all rows, then reliability."""
    from foedus.reliability import OUTCOMES

    cols = ["scope", "group", "value", "rows", *OUTCOMES, *(f"share_{o}" for o in OUTCOMES), "reliability", "rules"]
    flat = [{**{c: r.get(c) for c in cols if not c.startswith("share_")},
             **{f"share_{o}": r["shares"][o] for o in OUTCOMES}} for r in records]
    df = pl.DataFrame(flat, schema={c: (pl.String if c in ("scope", "group", "value", "rules") else
                                       pl.Float64 if c.startswith("share_") or c == "reliability" else pl.Int64)
                                    for c in cols}, orient="row").select(cols)
    return df.write_csv()


def plot_series(rows: pl.DataFrame) -> list[dict]:
    """The share honoured (honoured / judged) by period, one series per obligation type (COW-war rows only).

    Groups with no judged row are left out (no bar, rather than a false zero).
    """
    d = (rows.filter(pl.col("scope") == "cow-war").group_by("period", "obligation")
         .agg((pl.col("outcome") == "honoured").sum().cast(pl.Int64).alias("h"),
              (pl.col("outcome") == "violated").sum().cast(pl.Int64).alias("v"))
         .filter((pl.col("h") + pl.col("v")) > 0)
         .with_columns((pl.col("h") / (pl.col("h") + pl.col("v"))).alias("share")).sort("period", "obligation"))
    out = []
    for obl in sorted(set(d["obligation"].to_list())):
        s = d.filter(pl.col("obligation") == obl)
        out.append({"obligation": obl, "periods": s["period"].to_list(), "share": s["share"].to_list(),
                    "honoured": s["h"].to_list(), "violated": s["v"].to_list()})
    return out


def plot_figure(series: list[dict]) -> dict:
    """A grouped bar chart of :func:`plot_series`, as a plotly figure (JSON-ready dict)."""
    import plotly.graph_objects as go

    fig = go.Figure()
    for s in series:
        fig.add_bar(name=s["obligation"], x=s["periods"], y=s["share"],
                    customdata=list(zip(s["honoured"], s["violated"])),
                    hovertemplate="%{x}: %{y:.0%} (%{customdata[0]} honoured, %{customdata[1]} violated)")
    fig.update_layout(title="Obligations honoured when invoked, by period and obligation (COW wars)",
                      yaxis={"title": "share honoured", "tickformat": ".0%", "range": [0, 1]}, barmode="group",
                      xaxis={"title": "period of the partner's entry into war"}, margin={"t": 50})
    return json.loads(fig.to_json())
