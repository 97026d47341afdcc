"""The alliance-reliability page, its JSON twins and CSV export (restricted to one COW war to stay fast)."""

from __future__ import annotations

import csv
import io
import re

import polars as pl
import pytest
from fastapi.testclient import TestClient

from foedus import paths
from foedus.web import create_app
from foedus.web.reliability_data import plot_series, row_id_of, table_csv, table_records
from tests.e2e.fixture import KB, SEEDS

WAR = 139  # World War II: ATOP rows and the KB's 1918-45 coding meet there; about 60 rows, well under a second

needs_data = pytest.mark.skipif(not (paths.data_dir() / "cow_war_inter_dyad_year.csv").is_file(),
                                reason="shared COW/ATOP data folder not found")


@pytest.fixture(scope="module")
def client(tmp_path_factory) -> TestClient:
    return TestClient(create_app(kb_dir=KB, build_dir=tmp_path_factory.mktemp("build"), seeds_dir=SEEDS))


@pytest.fixture(scope="module")
def war(client) -> dict:
    r = client.get("/api/reliability", params={"war": WAR, "per_page": 200})
    assert r.status_code == 200, r.text
    return r.json()


# -- the JSON twin ----------------------------------------------------------------------------------------------------
@needs_data
def test_twin_for_one_war_has_overall_obligation_and_period_groups_whose_counts_add_up(war):
    assert war["data_available"] and war["note"] is None
    groups = {t["group"] for t in war["cow_war"]}
    assert groups == {"overall", "obligation", "period"}
    overall = next(t for t in war["cow_war"] if t["group"] == "overall")
    assert overall["rows"] == war["total_rows"] > 0
    assert overall["honoured"] + overall["violated"] + overall["not_invoked"] + overall["undetermined"] == overall["rows"]
    assert sum(overall["shares"].values()) == pytest.approx(1.0)
    judged = overall["honoured"] + overall["violated"]
    assert overall["reliability"] == pytest.approx(overall["honoured"] / judged)
    assert {r["warnum"] for r in war["rows"]} == {WAR}
    assert war["kb_crisis"] == [] and war["kb_crisis_rows"] == []  # a war filter leaves the KB's crises out


@needs_data
def test_twin_compares_with_published_figures_and_says_how_each_was_verified(war):
    by_figure = {c["figure"]: c for c in war["comparison"]}
    assert by_figure["74.5%"]["status"] == "verified"
    assert by_figure["27% / 61% / 12%"]["status"] == "secondary only, not verified"
    assert any(c["status"] == "computed here" for c in war["comparison"])


@needs_data
def test_plot_data_gives_shares_between_zero_and_one_per_obligation(war):
    assert war["plot"]
    for s in war["plot"]:
        assert len(s["periods"]) == len(s["share"]) == len(s["honoured"]) == len(s["violated"])
        for sh, h, v in zip(s["share"], s["honoured"], s["violated"]):
            assert 0 <= sh <= 1 and sh == pytest.approx(h / (h + v))


@needs_data
def test_state_filter_keeps_rows_where_the_state_is_ally_or_partner_by_abbreviation_or_cow_code(client):
    frn = client.get("/api/reliability", params={"war": WAR, "state": "FRN", "per_page": 200}).json()
    assert frn["total_rows"] > 0
    assert all("FRN" in (r["obligor"], r["beneficiary"]) for r in frn["rows"])
    by_code = client.get("/api/reliability", params={"war": WAR, "state": "220", "per_page": 200}).json()
    assert by_code["total_rows"] == frn["total_rows"]


@needs_data
def test_rows_are_paginated_and_outcome_filter_cuts_the_list_not_the_table(client, war):
    p1 = client.get("/api/reliability", params={"war": WAR, "per_page": 10}).json()
    p2 = client.get("/api/reliability", params={"war": WAR, "per_page": 10, "page": 2}).json()
    assert len(p1["rows"]) == 10 and p1["pages"] == -(-war["total_rows"] // 10)
    assert not {r["row_id"] for r in p1["rows"]} & {r["row_id"] for r in p2["rows"]}
    und = client.get("/api/reliability", params={"war": WAR, "outcome": "undetermined"}).json()
    assert {r["outcome"] for r in und["rows"]} == {"undetermined"}
    assert und["cow_war"] == war["cow_war"]


@needs_data
def test_each_row_links_to_its_explanation_tree(client, war):
    row = war["rows"][0]
    assert row["url"] == f"/reliability/rows/{row['row_id']}"
    d = client.get(f"/api/reliability/rows/{row['row_id']}").json()
    assert d["outcome"] == row["outcome"] and d["rule"] == row["rule"]
    assert d["explanation"]["label"].startswith(f"{row['obligor']} → {row['beneficiary']}")
    assert d["explanation"]["children"]
    html = client.get(row["url"]).text
    assert "Explanation" in html and row["rule"] in html


# -- the page, the chart, the CSV ---------------------------------------------------------------------------------------
@needs_data
def test_page_shows_table_chart_comparison_and_rows_with_local_plotly_only(client, war):
    r = client.get("/reliability", params={"war": WAR})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    html = r.text
    assert "Alliance reliability" in html and "Compared with published figures" in html
    assert 'id="reliability-fig"' in html and '<script src="/vendor/plotly.min.js">' in html
    assert re.findall(r'(?:src|href)="(https?:)?//', html) == []
    assert war["rows"][0]["url"] in html
    js = client.get("/vendor/plotly.min.js")
    assert js.status_code == 200 and js.headers["content-type"].startswith("text/javascript")
    assert b"plotly" in js.content[:2000].lower()


@needs_data
def test_csv_export_is_the_table_shown(client, war):
    r = client.get("/export/reliability.csv", params={"war": WAR})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert "attachment" in r.headers["content-disposition"]
    lines = list(csv.DictReader(io.StringIO(r.text)))
    assert len(lines) == len(war["cow_war"]) + len(war["kb_crisis"])
    overall = next(x for x in lines if x["group"] == "overall")
    shown = next(t for t in war["cow_war"] if t["group"] == "overall")
    assert int(overall["honoured"]) == shown["honoured"] and float(overall["share_violated"]) == pytest.approx(
        shown["shares"]["violated"])


# -- bad input -------------------------------------------------------------------------------------------------------
@needs_data
@pytest.mark.parametrize("url, status, says", [
    ("/api/reliability/rows/not-an-id", 422, "row_id"),
    ("/api/reliability/rows/w139-000000000000", 404, "no reliability row"),
    ("/api/reliability/rows/kb-000000000000", 404, "no reliability row"),
    ("/api/reliability/rows/w99998-000000000000", 404, "no COW war 99998"),
    ("/api/reliability?war=abc", 422, "'war'"),
    ("/api/reliability?war=99998", 404, "no COW war 99998"),
    ("/api/reliability?war=139&state=%3Cb%3E", 422, "'state'"),
    ("/api/reliability?war=139&state=XXQ", 404, "unknown state"),
    ("/api/reliability?war=139&outcome=kept", 422, "'outcome'"),
    ("/api/reliability?war=139&per_page=5000", 422, "'per_page'"),
    ("/api/reliability?war=139&page=9999", 404, "past the last page"),
    ("/export/reliability.csv?war=99998", 404, "no COW war"),
])
def test_bad_input_gets_a_clear_4xx(client, url, status, says):
    r = client.get(url)
    assert r.status_code == status
    assert says in r.json()["detail"]


def test_bad_row_id_on_the_html_page_is_an_html_error(client):
    r = client.get("/reliability/rows/kb-000000000000")
    assert r.status_code == 404 and "no reliability row" in r.text and r.headers["content-type"].startswith("text/html")


def test_row_text_is_rendered_as_text_never_html(client):
    client.get("/reliability/rows/kb-000000000000")  # makes the app's store
    st = client.app.state.reliability_store
    rows = st._kb_crisis_rows()
    assert rows.height > 0, "the fixture KB's crisis gives KB-crisis rows"
    st._kb_rows = rows.with_columns(pl.lit('<script>alert("x")</script>').alias("reason"))
    rid = rows["row_id"][0]
    html = client.get(f"/reliability/rows/{rid}").text
    assert '<script>alert("x")</script>' not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
    st._kb_rows = rows


# -- without the data folder --------------------------------------------------------------------------------------------
def test_missing_data_folder_is_said_plainly_and_the_kb_crises_still_show(tmp_path, monkeypatch):
    monkeypatch.setenv("FOEDUS_DATA", str(tmp_path / "no-such-folder"))
    c = TestClient(create_app(kb_dir=KB, build_dir=tmp_path / "build", seeds_dir=SEEDS))
    page = c.get("/reliability")
    assert page.status_code == 200
    assert "no-such-folder is missing" in page.text
    twin = c.get("/api/reliability").json()
    assert twin["data_available"] is False and "missing" in twin["note"]
    assert twin["cow_war"] == [] and twin["kb_crisis"] and twin["kb_crisis_rows"]
    assert c.get("/export/reliability.csv").status_code == 200


# -- pure helpers -------------------------------------------------------------------------------------------------------
def test_row_id_names_the_war_and_is_stable():
    a = row_id_of("cow-war", 139, "cow-war-139-1939/x")
    assert a == row_id_of("cow-war", 139, "cow-war-139-1939/x") and a.startswith("w139-")
    assert row_id_of("kb-crisis", None, "rhineland/x").startswith("kb-")
    assert a != row_id_of("cow-war", 139, "cow-war-139-1939/y")


def _rows(outcomes: list[tuple[str, str, str]]) -> pl.DataFrame:
    return pl.DataFrame([{"scope": "cow-war", "period": p, "obligation": o, "outcome": x, "rule": "R-X", "crisis": "c",
                          "alliance": "a", "obligor": "A", "row_id": f"w1-{i:012x}"}
                         for i, (p, o, x) in enumerate(outcomes)])


def test_plot_leaves_out_groups_with_nothing_judged_rather_than_drawing_zero():
    s = plot_series(_rows([("1990-2016", "defense", "honoured"), ("1990-2016", "defense", "violated"),
                           ("1990-2016", "consul", "undetermined")]))
    assert [x["obligation"] for x in s] == ["defense"] and s[0]["share"] == [0.5]


def test_table_csv_has_counts_shares_and_reliability_per_group():
    recs = table_records(_rows([("1990-2016", "defense", "honoured"), ("1990-2016", "defense", "not_invoked")]),
                         "cow-war")
    lines = list(csv.DictReader(io.StringIO(table_csv(recs))))
    overall = next(x for x in lines if x["group"] == "overall")
    assert overall["rows"] == "2" and float(overall["share_honoured"]) == 0.5 and float(overall["reliability"]) == 1.0


def test_rules_text_lists_the_most_frequent_first_and_ties_by_name():
    recs = table_records(_rows([("1990-2016", "defense", "honoured")] * 2), "cow-war")
    assert recs[0]["rules"] == "R-X×2"
    from foedus.web.reliability_data import _rules_in_order

    assert _rules_in_order("R-B×4, R-A×4, R-C×9") == "R-C×9, R-A×4, R-B×4"
