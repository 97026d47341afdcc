"""The reliability table in the style of Leeds, Long and Mitchell (2000), and the published figures.

:func:`reliability_table` counts, per group (overall, by obligation type, by period,
separately for COW wars and the KB's crises), how many alliance obligations were honoured,
violated, not invoked or undetermined, and the reliability: honoured / (honoured +
violated), i.e. the share of *invoked and judged* obligations that were kept. ``rules``
lists the rule ids the group's rows came from, with counts (see
:data:`foedus.reliability.rules.RULE_TEXT`).
"""

from __future__ import annotations

import polars as pl

from foedus.reliability.rules import OUTCOMES

__all__ = ["reliability_table", "ally_level", "PUBLISHED", "comparison"]

PUBLISHED: list[dict] = [
    {"study": "Leeds, Long and Mitchell (2000), J. Conflict Resolution 44(5): 686-699", "measure":
     "alliances reliable (obligations honoured when invoked), ATOP 1816-1944",
     "figure": "74.5%", "verified_via": "the article's abstract (EconPapers/RePEc record; Harvard Dataverse DOI 10.7910/DVN/55VDFM)"},
    {"study": "Leeds, Long and Mitchell (2000), summarising earlier work", "measure":
     "previously reported share of cases in which partners joined an ally's war", "figure": "about 25%",
     "verified_via": "the article's abstract"},
    {"study": "Sabrosky (1980), in Singer (ed.), The Correlates of War II", "measure":
     "allies fought alongside / stayed out / fought on the other side, 1816-1965", "figure": "27% / 61% / 12%",
     "verified_via": "secondary only (R. Lyon, 'Do alliances work?', ASPI The Strategist, 19 Dec 2012); "
                     "figure not verified here against the chapter itself"},
]
"""Published figures we compare with, and how far each was verified (never invented)."""


def _group(df: pl.DataFrame, by: list[str], label: str) -> pl.DataFrame:
    keys = by or [pl.lit("all").alias("value")]
    agg = [pl.len().alias("rows")] + [(pl.col("outcome") == o).sum().cast(pl.Int64).alias(o) for o in OUTCOMES]
    g = df.group_by(["scope", *keys] if by else ["scope"]).agg(*agg) if by else df.group_by("scope").agg(*agg).with_columns(
        pl.lit("all").alias("value"))
    if by:
        g = g.rename({by[0]: "value"})
    rules = (df.group_by(["scope", *by, "rule"]).len().sort(["len", "rule"], descending=[True, False])
             .group_by(["scope", *by], maintain_order=True).agg((pl.col("rule") + "×" + pl.col("len").cast(pl.String)).str.join(", ")
                                           .alias("rules")))
    if by:
        rules = rules.rename({by[0]: "value"})
        g = g.join(rules, on=["scope", "value"], how="left")
    else:
        g = g.join(rules, on="scope", how="left")
    return g.with_columns(
        pl.lit(label).alias("group"),
        pl.when((pl.col("honoured") + pl.col("violated")) > 0)
        .then(pl.col("honoured") / (pl.col("honoured") + pl.col("violated"))).otherwise(None).alias("reliability"),
    ).select("scope", "group", "value", "rows", *OUTCOMES, "reliability", "rules")


def reliability_table(rows: pl.DataFrame) -> pl.DataFrame:
    """Counts and reliability overall, by obligation type and by period, per scope (cow-war, kb-crisis)."""
    parts = [_group(rows, [], "overall"), _group(rows, ["obligation"], "obligation"), _group(rows, ["period"], "period")]
    order = {"overall": 0, "obligation": 1, "period": 2}
    return pl.concat(parts).with_columns(pl.col("group").replace_strict(order).alias("_o")).sort(
        ["scope", "_o", "value"]).drop("_o")


def ally_level(rows: pl.DataFrame) -> pl.DataFrame:
    """One row per (scope, war or crisis, alliance, ally): closer to Leeds, Long and Mitchell's unit.

    An ally *violated* if any of its obligations in that alliance was violated, *honoured* if
    some was honoured and none violated; otherwise not invoked (if some was judged so) or
    undetermined. Same columns as the rows it summarises, for :func:`reliability_table`.
    """
    rank = {"violated": 3, "honoured": 2, "not_invoked": 1, "undetermined": 0}
    back = {v: k for k, v in rank.items()}
    return (rows.with_columns(pl.col("outcome").replace_strict(rank, return_dtype=pl.Int64).alias("_r"))
            .sort("_r", descending=True)
            .group_by("scope", "crisis", "alliance", "obligor", maintain_order=True)
            .agg(pl.col("period").first(), pl.col("_r").max(), pl.col("rule").first(),
                 pl.col("obligation").first())
            .with_columns(pl.col("_r").replace_strict(back, return_dtype=pl.String).alias("outcome")).drop("_r"))


def comparison(table: pl.DataFrame, allies: pl.DataFrame | None = None) -> list[dict]:
    """Our overall figures beside the published ones (as text; see :data:`PUBLISHED`).

    ``allies``: the :func:`reliability_table` of :func:`ally_level` rows, reported too.
    """
    out = []
    if allies is not None:
        for r in allies.filter(pl.col("group") == "overall").iter_rows(named=True):
            rel = r["reliability"]
            out.append({"study": f"foedus ({r['scope']}, one row per ally x alliance x war)",
                        "measure": "honoured / (honoured + violated), any obligation violated = violated",
                        "figure": "n/a" if rel is None else f"{100 * rel:.1f}% of {r['honoured'] + r['violated']} judged",
                        "verified_via": "computed here"})
    for r in table.filter(pl.col("group") == "overall").iter_rows(named=True):
        rel = r["reliability"]
        judged = r["honoured"] + r["violated"]
        out.append({"study": f"foedus ({r['scope']}, one row per obligation)", "measure": "honoured / (honoured + violated)",
                    "figure": "n/a" if rel is None else f"{100 * rel:.1f}% of {judged} judged",
                    "verified_via": "computed here"})
    return out + PUBLISHED
