"""``foedus data``: build, export in each format, plot a dyad's similarity; output under build/data/."""

import pandas as pd
import polars as pl
import pytest
from typer.testing import CliRunner

from foedus.cli import app

runner = CliRunner()


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("build")
    mp = pytest.MonkeyPatch()
    mp.setenv("FOEDUS_BUILD", str(out))
    r = runner.invoke(app, ["data", "build", "--years", "1949-1951"])
    assert r.exit_code == 0, r.output
    yield out
    mp.undo()


def test_build_writes_parquet_by_year_under_build_data(built):
    folder = built / "data" / "dyadyears"
    assert sorted(p.name for p in folder.iterdir()) == ["year=1949", "year=1950", "year=1951"]


@pytest.mark.parametrize("fmt,name", [("csv", "dyadyears.csv"), ("json", "dyadyears.json"), ("dta", "dyadyears.dta")])
def test_export_tabular_formats_from_the_build(built, monkeypatch, fmt, name):
    monkeypatch.setenv("FOEDUS_BUILD", str(built))
    r = runner.invoke(app, ["data", "export", "--format", fmt, "--years", "1950"])
    assert r.exit_code == 0, r.output
    p = built / "data" / "export" / name
    df = pl.read_csv(p) if fmt == "csv" else pl.read_json(p) if fmt == "json" else pl.from_pandas(pd.read_stata(p))
    assert set(df["year"].to_list()) == {1950} and "s_unweighted" in df.columns and "source" in df.columns


def test_export_stateyears_table(tmp_path, monkeypatch):
    monkeypatch.setenv("FOEDUS_BUILD", str(tmp_path))
    r = runner.invoke(app, ["data", "export", "--format", "csv", "--table", "stateyears", "--years", "1950"])
    assert r.exit_code == 0, r.output
    df = pl.read_csv(tmp_path / "data" / "export" / "stateyears.csv")
    assert df.filter(pl.col("stateabb") == "USA")["cowmaj"].item() == 1


def test_export_network_of_a_date(tmp_path, monkeypatch):
    monkeypatch.setenv("FOEDUS_BUILD", str(tmp_path))
    r = runner.invoke(app, ["data", "export", "--format", "gexf", "--date", "1950-06-01", "--no-kb"])
    assert r.exit_code == 0, r.output
    assert (tmp_path / "data" / "alliances-1950-06-01.gexf").read_text().count("<edge ") > 100


def test_graph_export_without_date_and_unknown_format_fail_clearly(tmp_path, monkeypatch):
    monkeypatch.setenv("FOEDUS_BUILD", str(tmp_path))
    r = runner.invoke(app, ["data", "export", "--format", "graphml"])
    assert r.exit_code == 2 and "--date" in r.output
    r = runner.invoke(app, ["data", "export", "--format", "xlsx"])
    assert r.exit_code == 2 and "csv, parquet, dta" in r.output


def test_plot_similarity_writes_self_contained_html(built, monkeypatch):
    monkeypatch.setenv("FOEDUS_BUILD", str(built))
    r = runner.invoke(app, ["data", "plot-similarity", "USA", "200", "--years", "1949-1951"])
    assert r.exit_code == 0, r.output
    html = (built / "data" / "similarity-USA-UKG.html").read_text()
    assert "plotly" in html.lower() and "S (unweighted)" in html and 'src="https://cdn' not in html


def test_plot_similarity_rejects_unknown_state(built, monkeypatch):
    monkeypatch.setenv("FOEDUS_BUILD", str(built))
    r = runner.invoke(app, ["data", "plot-similarity", "USA", "ZZZ"])
    assert r.exit_code == 2 and "unknown state" in r.output
