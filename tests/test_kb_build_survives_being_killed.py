"""A `kb build` killed in the middle of writing leaves the previous database intact."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import duckdb

from foedus.kb import build_kb
from foedus.kb.build import database_path

KILL_AFTER_TABLES = 3

SCRIPT = textwrap.dedent("""
    import os, signal, sys
    import pyarrow.parquet as pq
    from foedus.kb import build_kb
    written = 0
    real = pq.write_table
    def write_then_die(*a, **k):
        global written
        real(*a, **k)
        written += 1
        if written == {n}:
            os.kill(os.getpid(), signal.SIGKILL)
    pq.write_table = write_then_die
    build_kb(sys.argv[1], sys.argv[2], sys.argv[3])
""").format(n=KILL_AFTER_TABLES)


def _count(db, table):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(f"select count(*) from {table}").fetchone()[0]
    finally:
        con.close()


def test_killed_build_leaves_previous_database_intact(base_kb, seeds, tmp_path):
    out = tmp_path / "build"
    good = build_kb(base_kb, out, seeds)
    n_states = _count(database_path(out), "states")
    (base_kb / "more.yaml").write_text(
        "states:\n  - {id: POL, name: Poland, cite: [{source: ref-book, confidence: high}]}\n")
    proc = subprocess.run([sys.executable, "-c", SCRIPT, str(base_kb), str(out), str(seeds)],
                          capture_output=True, text=True)
    assert proc.returncode == -9, proc.stderr  # really killed mid-write
    leftovers = list(out.glob(".tmp-kb-*"))
    assert leftovers, "the killed build should have left its half-written folder"
    assert (out / "kb").resolve() == good.resolve()
    assert _count(database_path(out), "states") == n_states
    # the next build cleans up after the killed one and publishes the new KB
    build_kb(base_kb, out, seeds)
    assert not list(out.glob(".tmp-*"))
    assert _count(database_path(out), "states") == n_states + 1
