"""Alliance reliability on the real COW and ATOP files: a few well-known cases, and the command line."""

from __future__ import annotations

import json

import polars as pl
import pytest
from typer.testing import CliRunner

from foedus.cli import app
from foedus.paths import data_dir

pytestmark = pytest.mark.skipif(not (data_dir() / "cow_war_inter_dyad_year.csv").is_file(),
                                reason="the shared COW/ATOP files are not present")


@pytest.fixture(scope="module")
def rows() -> pl.DataFrame:
    from foedus.reliability import classify_war_responses, load_inputs

    return classify_war_responses(load_inputs(), wars=[106, 151, 156])


def pick(df, war, alliance, obligation, obligor, beneficiary) -> dict:
    hit = df.filter((pl.col("warnum") == war) & (pl.col("alliance") == alliance) & (pl.col("obligation") == obligation)
                    & (pl.col("obligor") == obligor) & (pl.col("beneficiary") == beneficiary))
    assert hit.height == 1, hit
    return hit.row(0, named=True)


def test_franco_russian_alliance_honoured_in_1914(rows):
    r = pick(rows, 106, "1385", "defense", "FRN", "RUS")
    assert (r["year"], r["status"], r["outcome"]) == (1914, "triggered", "honoured")


def test_warsaw_pact_nonaggression_violated_by_the_soviet_invasion_of_hungary_1956(rows):
    r = pick(rows, 156, "3285", "nonagg", "RUS", "HUN")
    assert (r["outcome"], r["rule"]) == ("violated", "R-AGAINST")


def test_nato_defence_in_korea_1950_hinges_on_its_place_condition(rows):
    r = pick(rows, 151, "3180", "defense", "USA", "UKG")
    assert 'in_place("ATOP-named area")' in r["condition"]
    assert (r["outcome"], r["rule"]) == ("undetermined", "R-UNV")


def test_every_real_row_has_an_outcome_a_rule_and_an_explanation(rows):
    assert rows.height > 100
    assert set(rows["outcome"]) <= {"honoured", "violated", "not_invoked", "undetermined"}
    assert rows["rule"].null_count() == 0
    tree = json.loads(rows["explanation"][0])
    assert tree["kind"] == "obligation" and tree["children"][-1]["kind"] == "verdict"


def test_cli_writes_rows_and_a_plot(tmp_path):
    out, plot = tmp_path / "rows.csv", tmp_path / "share.html"
    res = CliRunner().invoke(app, ["reliability", "--war", "156", "--no-kb-crises", "--format", "csv",
                                   "--out", str(out), "--plot", str(plot)])
    assert res.exit_code == 0, res.output
    assert "Alliance reliability" in res.output and "share" in res.output and "74.5%" in res.output
    df = pl.read_csv(out)
    assert {"outcome", "rule", "explanation"} <= set(df.columns) and df.height > 0
    html = plot.read_text(encoding="utf-8")
    assert "<html>" in html and "share honoured" in html and "<script src=\"http" not in html


def test_cli_bad_data_folder_names_the_file(tmp_path):
    res = CliRunner().invoke(app, ["reliability", "--data", str(tmp_path), "--no-kb-crises"])
    assert res.exit_code == 2
    assert "cow_war_inter_dyad_year.csv" in res.output


def test_kb_crisis_poland_1939_britain_honoured_and_soviet_nonaggression_broken():
    from foedus import load_kb
    from foedus.reliability import classify_kb_crises

    df = classify_kb_crises(load_kb(), ["poland-1939"])
    assert "league-covenant" not in set(df["alliance"])  # ATOP does not code the Covenant
    uk = df.filter((pl.col("alliance") == "anglo-polish-mutual-assistance-1939") & (pl.col("obligor") == "UKG"))
    assert uk.height >= 1 and set(uk["outcome"]) == {"honoured"}
    sov = df.filter((pl.col("alliance") == "pol-sov-nonaggression-1932") & (pl.col("obligation") == "nonagg"))
    assert set(sov["outcome"]) == {"violated"} and (df["scope"] == "kb-crisis").all()
    tree = json.loads(sov["explanation"][0])
    assert tree["kind"] == "verdict" and "obligation" in {c["kind"] for c in tree["children"]}
