"""Writing frames and alliance networks to the formats other tools read, atomically.

Every writer writes to a temporary file (or folder) beside the target and then moves it into
place with :func:`os.replace`, so a reader never sees half a file and a failed write leaves
the old output intact.

- CSV (:func:`write_csv`), JSON records (:func:`write_json`): polars.
- Parquet partitioned by year, hive style (``year=1936/part-0.parquet``: DuckDB's
  ``read_parquet('.../**/*.parquet', hive_partitioning=true)``, Spark, Dask and pyarrow read it
  unchanged): :func:`write_parquet_by_year`, via pyarrow.
- Stata ``.dta`` (:func:`write_dta`): pandas ``DataFrame.to_stata`` (version 118, UTF-8).
- GraphML / GEXF of the alliance network in force on a date (:func:`alliance_network`,
  :func:`write_graph`): networkx.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
import uuid
from pathlib import Path
from typing import Callable

import networkx as nx
import polars as pl

__all__ = [
    "FORMATS", "atomic_path", "write_csv", "write_json", "write_parquet_by_year", "write_dta", "write_frame",
    "alliance_network", "write_graph", "read_parquet_by_year",
]

FORMATS = ("csv", "parquet", "dta", "json", "graphml", "gexf")


def atomic_path(target: Path, write: Callable[[Path], None]) -> Path:
    """Call ``write(tmp)`` on a temporary path beside ``target``, then move it onto ``target``."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        write(tmp_path)
        os.replace(tmp_path, target)
    except BaseException:
        tmp_path.unlink(missing_ok=True)
        raise
    return target


def write_csv(frame: pl.DataFrame, target: Path) -> Path:
    """Write ``frame`` as CSV (header, comma, empty cell for missing)."""
    return atomic_path(target, lambda p: frame.write_csv(p))


def write_json(frame: pl.DataFrame, target: Path) -> Path:
    """Write ``frame`` as a JSON array of records (one object per row)."""
    return atomic_path(target, lambda p: frame.write_json(p))


def write_dta(frame: pl.DataFrame, target: Path) -> Path:
    """Write ``frame`` as a Stata 14+ ``.dta`` (format 118) via pandas.

    Stata names are limited to 32 characters and Stata has no 64-bit integers: complete
    Int64 columns are written as Stata ``long`` (32-bit; COW codes and years fit), integer
    columns with missing values as ``double`` (pandas' choice), and missing strings as empty
    strings (Stata has no missing string).
    """
    pdf = frame.to_pandas(use_pyarrow_extension_array=False)
    for c, dtype in zip(frame.columns, frame.dtypes):
        if dtype in (pl.Int64, pl.UInt32, pl.UInt64) and frame[c].null_count() == 0:
            pdf[c] = pdf[c].astype("int32")  # Stata has no 64-bit integer type
    return atomic_path(target, lambda p: pdf.to_stata(p, write_index=False, version=118))


def write_parquet_by_year(frame: pl.DataFrame, target: Path, partition: str = "year") -> Path:
    """Write ``frame`` as a hive-partitioned Parquet dataset (``<target>/year=YYYY/part-0.parquet``).

    The partition column lives in the folder names (hive convention), not in the files.
    The whole folder is swapped in at once: written under a temporary name, then moved.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    _restore_interrupted(target)
    tmp = target.parent / f".{target.name}.{uuid.uuid4().hex}.tmp"
    try:
        frame.write_parquet(tmp, partition_by=partition)
        # polars names files "00000000.parquet"; keep them, the layout is hive either way
        old = None
        if target.exists():
            old = target.parent / f".{target.name}.{uuid.uuid4().hex}.old"
            os.replace(target, old)
        os.replace(tmp, target)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return target


def _restore_interrupted(target: Path) -> None:
    """Put back the previous dataset if a write died between moving it aside and moving the new one in.

    A folder cannot be swapped in one rename, so :func:`write_parquet_by_year` renames the old
    folder to ``.<name>.<hex>.old`` first; if the process is killed right then, the target is
    missing and the old folder is still whole under that name: move it back.
    """
    if target.exists():
        return
    olds = sorted(target.parent.glob(f".{target.name}.*.old"), key=lambda p: p.stat().st_mtime)
    if olds:
        os.replace(olds[-1], target)


def read_parquet_by_year(source: Path) -> pl.DataFrame:
    """Read a dataset written by :func:`write_parquet_by_year` back (``year`` restored as a column)."""
    _restore_interrupted(Path(source))
    return pl.read_parquet(Path(source) / "**" / "*.parquet", hive_partitioning=True)


def write_frame(frame: pl.DataFrame, target: Path, fmt: str) -> Path:
    """Write ``frame`` in one of the tabular formats: csv, parquet (by year), dta, json."""
    writers = {"csv": write_csv, "json": write_json, "dta": write_dta, "parquet": write_parquet_by_year}
    if fmt not in writers:
        raise ValueError(f"unknown tabular format {fmt!r}; choose one of {', '.join(writers)}")
    return writers[fmt](frame, target)


# ----------------------------------------------------------------------------- networks
def _member_dates(members: pl.DataFrame) -> pl.DataFrame:
    """Entry/exit dates of member rows (missing month/day: start or end of the year/month)."""
    def mk(y, m, d, first: bool):
        mm = pl.when(pl.col(m).is_null() | (pl.col(m) == 0)).then(1 if first else 12).otherwise(pl.col(m))
        base = pl.date(pl.col(y), mm, 1)
        if first:
            dd = pl.when(pl.col(d).is_null() | (pl.col(d) == 0)).then(1).otherwise(pl.col(d))
            return pl.date(pl.col(y), mm, dd)
        last = base.dt.month_end()
        return pl.when(pl.col(d).is_null() | (pl.col(d) == 0)).then(last).otherwise(pl.date(pl.col(y), mm, pl.col(d)))

    open_end = pl.col("yrexit").is_null() | (pl.col("yrexit") == 0)
    return members.with_columns(
        _start=mk("yrent", "moent", "dayent", True),
        _end=pl.when(open_end).then(pl.date(9999, 12, 31)).otherwise(mk("yrexit", "moexit", "dayexit", False)),
    )


def alliance_network(
    members: pl.DataFrame, on: dt.date, states: pl.DataFrame | None = None,
) -> nx.Graph:
    """The alliance network in force on a day: states as nodes, shared alliances as edges.

    ``members``: member-level rows in ATOP coding (ATOP's file, the KB's coding, or both
    concatenated; ``atopid`` may be a number or a KB treaty id).  Each edge carries the
    pledge dummies (1 if any shared alliance has it: ``defense``..``consul``), ``alliances``
    (the ids, ``;``-joined) and ``source``.  Nodes are the COW system members on that day when
    ``states`` is given (with ``stateabb`` and ``statenme``), else just the allied states.
    """
    m = _member_dates(members.with_columns(pl.col("atopid").cast(pl.String)))
    m = m.filter((pl.col("_start") <= on) & (pl.col("_end") >= on) & pl.col("member").is_not_null())
    if "source" not in m.columns:
        m = m.with_columns(source=pl.lit("atop"))
    g = nx.Graph(date=on.isoformat())
    if states is not None:
        st = states.with_columns(
            _s=pl.date("styear", "stmonth", "stday"), _e=pl.date("endyear", "endmonth", "endday"),
        ).filter((pl.col("_s") <= on) & (pl.col("_e") >= on))
        for r in st.iter_rows(named=True):
            g.add_node(int(r["ccode"]), stateabb=r["stateabb"], statenme=r.get("statenme") or r["stateabb"])
    obl = ("defense", "offense", "neutral", "nonagg", "consul")
    pairs = m.select("atopid", "member", "source", *obl).join(
        m.select("atopid", "member", *obl), on="atopid", suffix="_b",
    ).filter(pl.col("member") < pl.col("member_b"))
    agg = pairs.group_by("member", "member_b").agg(
        *(pl.max_horizontal(o, f"{o}_b").max().cast(pl.Int64).alias(o) for o in obl),
        alliances=pl.col("atopid").unique().sort().str.join(";"),
        source=pl.col("source").unique().sort().str.join(";"),
    ).sort("member", "member_b")
    for r in agg.iter_rows(named=True):
        a, b = int(r.pop("member")), int(r.pop("member_b"))
        for n in (a, b):
            if n not in g:
                g.add_node(n, stateabb=str(n), statenme=str(n))
        g.add_edge(a, b, **r)
    return g


def write_graph(graph: nx.Graph, target: Path, fmt: str) -> Path:
    """Write a network as GraphML or GEXF (node ids are COW codes, as strings in the file)."""
    if fmt == "graphml":
        return atomic_path(target, lambda p: nx.write_graphml(graph, p))
    if fmt == "gexf":
        return atomic_path(target, lambda p: nx.write_gexf(graph, p))
    raise ValueError(f"unknown graph format {fmt!r}; choose graphml or gexf")
