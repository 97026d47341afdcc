"""A data export killed in the middle of writing leaves the previous output intact and readable.

Each case runs the export in a subprocess whose writer SIGKILLs itself at a chosen point
(deterministic: no sleeping, no timing): half-way through the bytes of a file, or for the
year-partitioned Parquet folder, after the partitions are written or between moving the old
folder aside and moving the new one in. The test then reads the target back and finds the
previous export, whole; the next export succeeds and replaces it.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import networkx as nx
import pandas as pd
import polars as pl
import pytest

from foedus.data import export as ex

ROOT = Path(__file__).resolve().parents[1]


def frame(version: int) -> pl.DataFrame:
    return pl.DataFrame({"ccode1": [220, 365, 255], "ccode2": [365, 220, 220], "year": [1935, 1936, 1936],
                         "defense": [version, version, 0]})


def graph(version: int) -> nx.Graph:
    g = nx.Graph(date="1936-03-07")
    g.add_edge(220, 365, defense=version, alliances="pact-1935")
    return g


def write(fmt: str, target, version: int) -> None:
    if fmt in ("graphml", "gexf"):
        ex.write_graph(graph(version), target, fmt)
    else:
        ex.write_frame(frame(version), target, fmt)


def read_back(fmt: str, target):
    """The export as a comparable value."""
    if fmt == "csv":
        return pl.read_csv(target).to_dicts()
    if fmt == "json":
        return pl.read_json(target).to_dicts()
    if fmt == "dta":
        return pd.read_stata(target).to_dict("records")
    if fmt == "parquet":
        return ex.read_parquet_by_year(target).sort("ccode1").to_dicts()
    reader = nx.read_graphml if fmt == "graphml" else nx.read_gexf
    return sorted(reader(target).edges(data=True))


SCRIPT = textwrap.dedent("""
    import os, signal, sys
    from pathlib import Path
    from tests.test_faults_export_killed import write
    from foedus.data import export as ex
    import polars as pl

    fmt, target, point = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
    real_replace = os.replace
    moves = 0

    def die():
        os.kill(os.getpid(), signal.SIGKILL)

    def replace(src, dst):
        global moves
        moves += 1
        if point == "half-written":  # the temporary file holds only half its bytes when the process dies
            data = Path(src).read_bytes()
            Path(src).write_bytes(data[: len(data) // 2])
            die()
        if point == "between-moves" and moves == 2:  # old folder moved aside, new one not yet in place
            die()
        real_replace(src, dst)

    def parquet_then_die(self, *a, **k):
        real_write_parquet(self, *a, **k)
        die()

    real_write_parquet = pl.DataFrame.write_parquet
    if point == "partitions-written":
        pl.DataFrame.write_parquet = parquet_then_die
    ex.os.replace = replace
    write(fmt, target, 2)
    sys.exit("the writer was never interrupted")
""")

CASES = [(fmt, "half-written") for fmt in ("csv", "json", "dta", "graphml", "gexf")] + [
    ("parquet", "partitions-written"), ("parquet", "between-moves")]


@pytest.mark.parametrize("fmt, point", CASES)
def test_killed_export_leaves_the_previous_output_intact(tmp_path, fmt, point):
    target = tmp_path / f"out.{fmt}"
    write(fmt, target, 1)
    before = read_back(fmt, target)
    proc = subprocess.run([sys.executable, "-c", SCRIPT, fmt, str(target), point], capture_output=True, text=True,
                          timeout=120, cwd=ROOT)
    assert proc.returncode == -9, proc.stderr  # really killed mid-write
    assert read_back(fmt, target) == before
    write(fmt, target, 2)  # the next export goes through and replaces it
    after = read_back(fmt, target)
    assert after != before
    assert not [p.name for p in tmp_path.iterdir() if p.name.endswith(".old")]
