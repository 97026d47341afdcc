"""State-years and dyad-years of the Correlates of War state system, and the merges onto them.

The verbs follow peacesciencer (Miller 2022): *create* a frame, then *add* data to it::

    dy = create_dyadyears(directed=True)           # ccode1, ccode2, year for 1816..2016
    dy = add_nmc(dy)                                # milex1..cinc1, milex2..cinc2, cinc_ratio
    dy = add_cow_majors(dy)                         # cowmaj1, cowmaj2
    dy = add_cow_wars(dy)                           # cowinterongoing, cowinteronset, ...

Each ``add_*`` works on a state-year frame (column ``ccode``) and a dyad-year frame
(``ccode1``, ``ccode2``) alike, adds columns and never drops or duplicates a row.  The
data argument of each verb defaults to the shipped file (see :mod:`foedus.data.importers`);
pass your own frame to use other years or versions.
"""

from __future__ import annotations

import polars as pl

from foedus.data import importers as imp

__all__ = [
    "create_stateyears", "create_dyadyears", "add_nmc", "add_cow_majors", "add_cow_wars",
    "spell_years", "is_dyadic",
]

NMC_VARS = ("milex", "milper", "irst", "pec", "tpop", "upop", "cinc")


def is_dyadic(frame: pl.DataFrame) -> bool:
    """True for a dyad-year frame (``ccode1``/``ccode2``), False for a state-year frame (``ccode``)."""
    if {"ccode1", "ccode2", "year"} <= set(frame.columns):
        return True
    if {"ccode", "year"} <= set(frame.columns):
        return False
    raise ValueError("expected a state-year frame (ccode, year) or a dyad-year frame (ccode1, ccode2, year)")


def spell_years(spells: pl.DataFrame, keep: tuple[str, ...] = ("ccode",)) -> pl.DataFrame:
    """Expand spells (``styear``..``endyear``) to one row per year the spell touches, unique per ``keep`` + year.

    A state is in a year when any day of that year falls within one of its spells.
    """
    return (
        spells.select(*keep, year=pl.int_ranges("styear", pl.col("endyear") + 1))
        .explode("year")
        .unique([*keep, "year"] if "stateabb" not in keep else ["ccode", "year"], keep="first")
    )


def create_stateyears(states: pl.DataFrame | None = None, years: tuple[int, int] | None = None) -> pl.DataFrame:
    """Every (state, year) of the COW system: ``ccode``, ``stateabb``, ``year``, sorted.

    ``states`` is a COW State System Membership table (default: the shipped v2016 file);
    ``years`` an inclusive (first, last) span to keep.
    """
    states = imp.read_cow_states() if states is None else states
    sy = spell_years(states, keep=("ccode", "stateabb"))
    if years is not None:
        sy = sy.filter(pl.col("year").is_between(*years))
    return sy.select(pl.col("ccode").cast(pl.Int64), "stateabb", pl.col("year").cast(pl.Int64)).sort("ccode", "year")


def create_dyadyears(
    states: pl.DataFrame | None = None, directed: bool = True, years: tuple[int, int] | None = None,
) -> pl.DataFrame:
    """Every dyad of system members in every year both are members: ``ccode1``, ``ccode2``, ``year``.

    Directed (default) keeps both (a, b) and (b, a); non-directed keeps ``ccode1 < ccode2``
    (peacesciencer's convention).  Sorted by ccode1, ccode2, year.
    """
    sy = create_stateyears(states, years).select("ccode", "year")
    dy = sy.join(sy, on="year", suffix="2").rename({"ccode": "ccode1"})
    keep = pl.col("ccode1") != pl.col("ccode2") if directed else pl.col("ccode1") < pl.col("ccode2")
    return dy.filter(keep).select("ccode1", "ccode2", "year").sort("ccode1", "ccode2", "year")


def _add_by_state(frame: pl.DataFrame, table: pl.DataFrame, cols: list[str]) -> pl.DataFrame:
    """Join state-year ``table`` (ccode, year, cols) onto either kind of frame (suffix 1/2 for dyads)."""
    table = table.select("ccode", "year", *cols).unique(["ccode", "year"], keep="first")
    if not is_dyadic(frame):
        return frame.join(table, on=["ccode", "year"], how="left")
    for k in ("1", "2"):
        t = table.rename({"ccode": f"ccode{k}", **{c: f"{c}{k}" for c in cols}})
        frame = frame.join(t, on=[f"ccode{k}", "year"], how="left")
    return frame


def add_nmc(frame: pl.DataFrame, nmc: pl.DataFrame | None = None) -> pl.DataFrame:
    """Add COW National Material Capabilities (milex, milper, irst, pec, tpop, upop, cinc).

    On dyad-years the columns get suffixes 1 and 2, and ``cinc_ratio`` is ccode1's share of
    the dyad's capabilities, ``cinc1 / (cinc1 + cinc2)`` (0.5 = parity; null if either is missing
    or both are zero).
    """
    nmc = imp.read_cow_nmc() if nmc is None else nmc
    cols = [c for c in NMC_VARS if c in nmc.columns]
    out = _add_by_state(frame, nmc, cols)
    if is_dyadic(frame) and "cinc" in cols:
        tot = pl.col("cinc1") + pl.col("cinc2")
        out = out.with_columns(cinc_ratio=pl.when(tot > 0).then(pl.col("cinc1") / tot).otherwise(None))
    return out


def add_cow_majors(frame: pl.DataFrame, majors: pl.DataFrame | None = None) -> pl.DataFrame:
    """Add COW major-power status (1/0): ``cowmaj`` on state-years, ``cowmaj1``/``cowmaj2`` on dyad-years.

    A state is a major power in a year when one of its major-power spells touches that year.
    """
    majors = imp.read_cow_majors() if majors is None else majors
    my = spell_years(majors).with_columns(cowmaj=pl.lit(1, pl.Int8), year=pl.col("year").cast(pl.Int64))
    out = _add_by_state(frame, my, ["cowmaj"])
    names = ["cowmaj1", "cowmaj2"] if is_dyadic(frame) else ["cowmaj"]
    return out.with_columns(pl.col(n).fill_null(0) for n in names)


def add_cow_wars(frame: pl.DataFrame, wars: pl.DataFrame | None = None) -> pl.DataFrame:
    """Add COW inter-state war participation.

    Dyad-years: ``cowinterongoing`` (1 when the two fought each other in a war that year),
    ``cowinteronset`` (1 when such a war began that year), ``cowinter_wars`` (how many wars
    between them that year), ``initiator1``/``initiator2`` (1 when that side initiated one).
    State-years: ``cowinterongoing``/``cowinteronset`` for the state's participation in any
    inter-state war, and ``cowinter_wars``.
    """
    wars = imp.read_cow_wars() if wars is None else wars
    ongoing = pl.col("cowinterongoing") if "cowinterongoing" in wars.columns else pl.lit(1)
    onset = pl.col("cowinteronset") if "cowinteronset" in wars.columns else pl.lit(0)
    if is_dyadic(frame):
        agg = wars.group_by("ccode1", "ccode2", "year").agg(
            cowinterongoing=ongoing.max().cast(pl.Int8), cowinteronset=onset.max().cast(pl.Int8),
            cowinter_wars=pl.col("warnum").n_unique().cast(pl.Int16),
            initiator1=pl.col("initiator1").max().cast(pl.Int8) if "initiator1" in wars.columns else pl.lit(0, pl.Int8),
            initiator2=pl.col("initiator2").max().cast(pl.Int8) if "initiator2" in wars.columns else pl.lit(0, pl.Int8),
        )
        new = ["cowinterongoing", "cowinteronset", "cowinter_wars", "initiator1", "initiator2"]
        out = frame.join(agg, on=["ccode1", "ccode2", "year"], how="left")
    else:
        agg = wars.group_by(pl.col("ccode1").alias("ccode"), "year").agg(
            cowinterongoing=ongoing.max().cast(pl.Int8), cowinteronset=onset.max().cast(pl.Int8),
            cowinter_wars=pl.col("warnum").n_unique().cast(pl.Int16),
        )
        new = ["cowinterongoing", "cowinteronset", "cowinter_wars"]
        out = frame.join(agg, on=["ccode", "year"], how="left")
    return out.with_columns(pl.col(c).fill_null(0) for c in new)
