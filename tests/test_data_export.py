"""Every export format reads back to the frame that was written; writes are atomic."""

import datetime as dt
import os

import duckdb
import networkx as nx
import pandas as pd
import polars as pl
import pytest

from foedus.data import export as ex
from foedus.data import importers as imp
from foedus.data.alliances import add_atop_alliance
from foedus.data.similarity import add_similarity
from foedus.data.statesys import add_cow_majors, add_nmc, create_dyadyears


@pytest.fixture(scope="module")
def frame():
    dy = add_cow_majors(add_nmc(add_atop_alliance(create_dyadyears(years=(1949, 1951)), kb_members=False)))
    return add_similarity(dy, measures=("s_unweighted", "tau_b")).sort("ccode1", "ccode2", "year")


def test_csv_round_trip(frame, tmp_path):
    p = ex.write_csv(frame, tmp_path / "dy.csv")
    back = pl.read_csv(p, schema=frame.schema)
    assert back.equals(frame)


def test_json_round_trip(frame, tmp_path):
    p = ex.write_json(frame, tmp_path / "dy.json")
    back = pl.read_json(p, schema=frame.schema)
    assert back.equals(frame)


def test_parquet_is_hive_partitioned_by_year_and_round_trips(frame, tmp_path):
    target = ex.write_parquet_by_year(frame, tmp_path / "dy")
    assert sorted(os.listdir(target)) == ["year=1949", "year=1950", "year=1951"]
    back = ex.read_parquet_by_year(target).select(frame.columns).cast(frame.schema).sort("ccode1", "ccode2", "year")
    assert back.equals(frame)
    n, years = duckdb.sql(
        f"select count(*), count(distinct year) from read_parquet('{target}/**/*.parquet', hive_partitioning=true)"
    ).fetchall()[0]
    assert (n, years) == (frame.height, 3)


def test_parquet_rewrite_replaces_the_whole_dataset(frame, tmp_path):
    ex.write_parquet_by_year(frame, tmp_path / "dy")
    ex.write_parquet_by_year(frame.filter(pl.col("year") == 1950), tmp_path / "dy")
    assert os.listdir(tmp_path / "dy") == ["year=1950"]
    assert [p.name for p in tmp_path.iterdir()] == ["dy"]  # no temporary or old folders left


def test_stata_round_trip(frame, tmp_path):
    p = ex.write_dta(frame, tmp_path / "dy.dta")
    back = pl.from_pandas(pd.read_stata(p)).cast(frame.schema)
    assert back.equals(frame)


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path):
    target = tmp_path / "out.csv"
    target.write_text("old\n")

    def boom(p):
        p.write_text("half")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        ex.atomic_path(target, boom)
    assert target.read_text() == "old\n" and [p.name for p in tmp_path.iterdir()] == ["out.csv"]


@pytest.fixture(scope="module")
def network_1950():
    cols = ["atopid", "member", "yrent", "moent", "dayent", "yrexit", "moexit", "dayexit",
            "defense", "offense", "neutral", "nonagg", "consul"]
    return ex.alliance_network(imp.read_atop_members().select(cols), dt.date(1950, 6, 1), imp.read_cow_states())


def test_network_of_a_date_holds_system_members_and_pledges(network_1950):
    g = network_1950
    assert g.nodes[2]["stateabb"] == "USA" and g.has_edge(2, 200) and g.edges[2, 200]["defense"] == 1
    assert 255 not in g  # no German state in the COW system in mid-1950


@pytest.mark.parametrize("fmt,reader", [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_graph_formats_round_trip(network_1950, tmp_path, fmt, reader):
    p = ex.write_graph(network_1950, tmp_path / f"net.{fmt}", fmt)
    h = reader(p)
    assert h.number_of_nodes() == network_1950.number_of_nodes()
    assert h.number_of_edges() == network_1950.number_of_edges()
    e = h.edges["2", "200"]
    assert int(e["defense"]) == 1 and e["alliances"] == network_1950.edges[2, 200]["alliances"]
    assert h.nodes["200"]["stateabb"] == "UKG"


def test_unknown_format_is_refused(frame, tmp_path):
    with pytest.raises(ValueError, match="unknown tabular format"):
        ex.write_frame(frame, tmp_path / "x", "xlsx")
