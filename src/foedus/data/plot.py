"""A dyad's alliance-portfolio similarity over time, as a self-contained HTML chart (plotly).

The HTML embeds plotly.js (no CDN: the file opens offline).  Years filled from the KB are
shaded so the reader sees which stretch rests on foedus's own coding rather than ATOP.
"""

from __future__ import annotations

from pathlib import Path

import plotly.graph_objects as go
import polars as pl

from foedus.data.export import atomic_path
from foedus.data.similarity import MEASURES

__all__ = ["similarity_series", "similarity_figure", "write_similarity_plot", "resolve_state"]

LABELS = {
    "s_unweighted": "S (unweighted)", "s_weighted": "S (CINC-weighted)", "tau_b": "tau-b",
    "kappa": "Cohen's kappa", "pi": "Scott's pi",
}


def resolve_state(name: str | int, states: pl.DataFrame) -> int:
    """A COW code from a code or abbreviation (``220``, ``"FRN"``); ValueError if unknown."""
    text = str(name).strip()
    if text.isdigit():
        code = int(text)
        if code in set(states["ccode"].to_list()):
            return code
    else:
        hit = states.filter(pl.col("stateabb").str.to_uppercase() == text.upper())
        if hit.height:
            return int(hit["ccode"][0])
    raise ValueError(f"unknown state {name!r}: give a COW code (220) or abbreviation (FRN)")


def similarity_series(frame: pl.DataFrame, a: int, b: int) -> pl.DataFrame:
    """The rows of dyad (a, b), one per year, with the similarity columns present and ``source``."""
    cols = [m for m in MEASURES if m in frame.columns]
    if not cols:
        raise ValueError("the frame has no similarity columns (run add_similarity first)")
    keep = ["year", *cols] + (["source"] if "source" in frame.columns else [])
    sel = frame.filter(
        ((pl.col("ccode1") == a) & (pl.col("ccode2") == b)) | ((pl.col("ccode1") == b) & (pl.col("ccode2") == a))
    )
    return sel.select(keep).unique("year", keep="first").sort("year")


def similarity_figure(series: pl.DataFrame, title: str) -> go.Figure:
    """A line per measure over the years; KB-filled years shaded."""
    fig = go.Figure()
    for m in MEASURES:
        if m in series.columns:
            fig.add_trace(go.Scatter(x=series["year"].to_list(), y=series[m].to_list(), mode="lines+markers",
                                     name=LABELS[m], connectgaps=False))
    if "source" in series.columns:
        kb_years = series.filter(pl.col("source") == "foedus-kb")["year"].to_list()
        if kb_years:
            fig.add_vrect(x0=min(kb_years) - 0.5, x1=max(kb_years) + 0.5, fillcolor="gold", opacity=0.15,
                          line_width=0, annotation_text="foedus KB", annotation_position="top left")
    fig.update_layout(title=title, xaxis_title="year", yaxis_title="similarity", yaxis_range=[-1.05, 1.05],
                      template="plotly_white", hovermode="x unified")
    return fig


def write_similarity_plot(series: pl.DataFrame, target: Path, title: str) -> Path:
    """Write the chart as HTML (plotly.js embedded) or, for ``.png``, as an image (needs kaleido)."""
    fig = similarity_figure(series, title)
    target = Path(target)
    if target.suffix.lower() == ".png":
        return atomic_path(target, lambda p: fig.write_image(str(p), format="png"))
    return atomic_path(target, lambda p: fig.write_html(str(p), include_plotlyjs=True, full_html=True))
