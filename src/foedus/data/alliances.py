"""Alliance pledges on dyad-years: ATOP (filled from the KB for the withheld years) and COW.

- :func:`member_dyadyears` turns member-level rows in ATOP's coding (one row per alliance x
  member x phase: ``atopid``, ``member``, ``yrent``, ``yrexit``, ``defense``...) into
  non-directed dyad-years with ``atop_defense``..``atop_consul``.  It serves both ATOP's own
  member file and the KB's treaties coded by :mod:`foedus.data.kbcoding`.
- :func:`add_atop_alliance` merges ATOP dyad-year pledges onto a frame and, for years the
  ATOP table does not cover inside ``kb_window`` (1918–1945 in the shipped files), the KB's
  pledges instead; the ``source`` column says which: ``"atop"`` or ``"foedus-kb"``.
- :func:`add_cow_alliance` merges COW Formal Alliances dyad-years.

Pledges are non-directed as in peacesciencer: a dyad-year has ``atop_defense = 1`` when either
member promised defence to the other in an alliance both belonged to that year.
"""

from __future__ import annotations

import polars as pl

from foedus.data import importers as imp
from foedus.data.statesys import is_dyadic

__all__ = [
    "ATOP_PLEDGES", "COW_PLEDGES", "KB_WINDOW", "member_dyadyears", "add_atop_alliance", "add_cow_alliance",
    "alliance_level",
]

ATOP_PLEDGES = ("atop_defense", "atop_offense", "atop_neutral", "atop_nonagg", "atop_consul")
COW_PLEDGES = ("cow_defense", "cow_neutral", "cow_nonagg", "cow_entente")
KB_WINDOW = (1918, 1945)
"""Years the shipped ATOP/COW files withhold and the foedus KB covers."""


def member_dyadyears(members: pl.DataFrame, last_year: int = 2016) -> pl.DataFrame:
    """Non-directed dyad-years (``ccode1 < ccode2``) with ATOP pledge dummies from member-level rows.

    A member row covers ``yrent``..``yrexit`` (``yrexit`` 0 or missing: still in force, so up to
    ``last_year``).  Two members of the same alliance whose rows touch a common year form a
    dyad that year; each pledge is 1 when either row carries it.
    """
    end = pl.when(pl.col("yrexit").is_null() | (pl.col("yrexit") == 0)).then(last_year).otherwise(pl.col("yrexit"))
    obl = ["defense", "offense", "neutral", "nonagg", "consul"]
    my = (
        members.select(
            pl.col("atopid").cast(pl.String), pl.col("member").cast(pl.Int64),
            *(pl.col(o).fill_null(0).cast(pl.Int8) for o in obl),
            year=pl.int_ranges("yrent", end + 1),
        )
        .explode("year")
        .drop_nulls("year")
    )
    pairs = my.join(my, on=["atopid", "year"], suffix="_b").filter(pl.col("member") < pl.col("member_b"))
    if pairs.height == 0:
        return pl.DataFrame(schema={"ccode1": pl.Int64, "ccode2": pl.Int64, "year": pl.Int64,
                                    **{p: pl.Int8 for p in ATOP_PLEDGES}})
    return (
        pairs.group_by(pl.col("member").alias("ccode1"), pl.col("member_b").alias("ccode2"), "year")
        .agg(*(pl.max_horizontal(o, f"{o}_b").max().alias(f"atop_{o}") for o in obl))
        .with_columns(pl.col("year").cast(pl.Int64))
        .sort("ccode1", "ccode2", "year")
    )


def _merge_nondirected(frame: pl.DataFrame, table: pl.DataFrame, cols: tuple[str, ...]) -> pl.DataFrame:
    """Left-join a non-directed dyad-year table onto a directed or non-directed frame."""
    t = table.select(
        pl.min_horizontal("ccode1", "ccode2").alias("_lo"), pl.max_horizontal("ccode1", "ccode2").alias("_hi"),
        "year", *cols,
    ).group_by("_lo", "_hi", "year").agg(pl.col(c).max() for c in cols)
    out = (
        frame.with_columns(_lo=pl.min_horizontal("ccode1", "ccode2"), _hi=pl.max_horizontal("ccode1", "ccode2"))
        .join(t, on=["_lo", "_hi", "year"], how="left")
        .drop("_lo", "_hi")
    )
    return out.with_columns(pl.col(c).fill_null(0).cast(pl.Int8) for c in cols)


def add_atop_alliance(
    frame: pl.DataFrame,
    atop: pl.DataFrame | None = None,
    kb_members: pl.DataFrame | None | bool = True,
    kb_window: tuple[int, int] = KB_WINDOW,
) -> pl.DataFrame:
    """Add ATOP pledges ``atop_defense``..``atop_consul`` and their ``source`` to dyad-years.

    ``atop`` is a non-directed ATOP dyad-year table (default: the shipped file).  Years inside
    ``kb_window`` that the table has no row for are filled from ``kb_members`` (member-level rows
    in ATOP coding; ``True``: the KB's treaties via :func:`foedus.data.kbcoding.kb_atop_members`;
    ``False``/``None``: not filled) and marked ``source = "foedus-kb"``; all other rows are
    ``"atop"``.  A 0 in a KB year means the KB holds no such treaty, which for states outside
    its subject is absence of evidence, not evidence of absence.
    """
    if not is_dyadic(frame):
        raise ValueError("add_atop_alliance needs a dyad-year frame (ccode1, ccode2, year)")
    atop = imp.read_atop_dyadyears() if atop is None else atop
    covered = set(atop.get_column("year").unique().to_list())
    present = set(frame.get_column("year").unique().to_list())
    kb_years = [y for y in range(kb_window[0], kb_window[1] + 1) if y not in covered and y in present]
    table = atop.select("ccode1", "ccode2", "year", *ATOP_PLEDGES)
    if kb_years and kb_members is not None and kb_members is not False:
        if kb_members is True:
            from foedus.data.kbcoding import kb_atop_members

            kb_members = kb_atop_members()
        kb_dy = member_dyadyears(kb_members, last_year=kb_window[1]).filter(pl.col("year").is_in(kb_years))
        table = pl.concat([table, kb_dy.select(table.columns).cast(table.schema)], how="vertical")
    out = _merge_nondirected(frame, table, ATOP_PLEDGES)
    src = pl.when(pl.col("year").is_in(kb_years)).then(pl.lit("foedus-kb")).otherwise(pl.lit("atop"))
    return out.with_columns(source=src)


def add_cow_alliance(frame: pl.DataFrame, cow: pl.DataFrame | None = None) -> pl.DataFrame:
    """Add COW Formal Alliance dummies ``cow_defense``, ``cow_neutral``, ``cow_nonagg``, ``cow_entente``."""
    if not is_dyadic(frame):
        raise ValueError("add_cow_alliance needs a dyad-year frame (ccode1, ccode2, year)")
    cow = imp.read_cow_alliance_dyadyears() if cow is None else cow
    return _merge_nondirected(frame, cow, COW_PLEDGES)


def alliance_level() -> pl.Expr:
    """The ordinal alliance tie used for portfolios: 3 defence or offence, 2 neutrality or
    non-aggression, 1 consultation only, 0 none (after the EUGene ordering of COW types)."""
    return (
        pl.when((pl.col("atop_defense") == 1) | (pl.col("atop_offense") == 1)).then(3)
        .when((pl.col("atop_neutral") == 1) | (pl.col("atop_nonagg") == 1)).then(2)
        .when(pl.col("atop_consul") == 1).then(1)
        .otherwise(0)
        .cast(pl.Int8)
    )
