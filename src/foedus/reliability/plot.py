"""The share honoured, by period and obligation type, as a self-contained plotly chart (HTML or PNG)."""

from __future__ import annotations

from pathlib import Path

import polars as pl

__all__ = ["plot_reliability"]


def plot_reliability(rows: pl.DataFrame, path: Path | str) -> Path:
    """Write a grouped bar chart of reliability (honoured / judged) by period, one bar per obligation type.

    ``.html`` embeds plotly.js (no CDN); ``.png`` needs the ``kaleido`` package.
    """
    import plotly.graph_objects as go

    path = Path(path)
    d = (rows.filter(pl.col("scope") == "cow-war").group_by("period", "obligation")
         .agg((pl.col("outcome") == "honoured").sum().alias("h"), (pl.col("outcome") == "violated").sum().alias("v"))
         .filter((pl.col("h") + pl.col("v")) > 0).with_columns((pl.col("h") / (pl.col("h") + pl.col("v"))).alias("share"))
         .sort("period", "obligation"))
    fig = go.Figure()
    for obl in sorted(set(d["obligation"].to_list())):
        s = d.filter(pl.col("obligation") == obl)
        fig.add_bar(name=obl, x=s["period"].to_list(), y=s["share"].to_list(),
                    customdata=list(zip(s["h"].to_list(), s["v"].to_list())),
                    hovertemplate="%{x}: %{y:.0%} (%{customdata[0]} honoured, %{customdata[1]} violated)")
    fig.update_layout(title="Alliance obligations honoured when invoked (COW wars, ATOP + KB coding)",
                      yaxis={"title": "share honoured", "tickformat": ".0%", "range": [0, 1]}, barmode="group",
                      xaxis={"title": "period of the partner's entry into war"})
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix.lower() == ".png":
        try:
            fig.write_image(str(path))
        except Exception as e:  # kaleido missing or broken
            raise ValueError(f"--plot {path}: PNG needs the 'kaleido' package ({e}); use .html instead") from None
    else:
        fig.write_html(str(path), include_plotlyjs=True, full_html=True)
    return path
