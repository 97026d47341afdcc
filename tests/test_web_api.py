"""The JSON twins of the web pages, on a fixed fixture KB: precise content and the OpenAPI document."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET

import pytest
from fastapi.testclient import TestClient

from foedus.web import create_app
from tests.e2e.fixture import KB, SEEDS


@pytest.fixture(scope="module")
def client(tmp_path_factory) -> TestClient:
    return TestClient(create_app(kb_dir=KB, build_dir=tmp_path_factory.mktemp("build"), seeds_dir=SEEDS))


def test_fixture_kb_loads_without_problems(client):
    s = client.get("/api/summary").json()
    assert s["problems"] == []
    assert s["counts"]["treaty"] == 2 and s["counts"]["crisis"] == 1


def test_treaty_twin_has_parties_dates_clauses_and_citations(client):
    t = client.get("/api/treaties/pact-1935").json()
    assert [p["state"]["id"] for p in t["parties"]] == ["FRN", "RUS"]
    assert t["signed"]["date"]["text"] == "1935-05-02" and t["signed"]["date"]["marker"] == ""
    assert t["signed"]["place"] == "Paris"
    assert t["ended"]["date"]["marker"] == "~"
    (art2,) = t["clauses"]
    assert art2["ref"] == "pact-1935/art2"
    assert art2["condition"] == "attacked(beneficiary, by=any) and unprovoked(beneficiary)"
    assert art2["obligors"] == ["FRN", "RUS"]
    assert art2["cite"][0]["source"] == "ref-book" and art2["cite"][0]["grade"] == "B"
    assert t["signed"]["cite"][0]["quote"].endswith('<script>alert("x")</script>')
    assert [c["id"] for c in t["claims"]] == ["claim-signed-1935", "claim-signed-1936"]
    assert [k["id"] for k in t["conflicts"]] == ["conflict-signing"]


def test_timeline_marks_uncertain_dates_with_their_span(client):
    rows = {r["id"]: r for r in client.get("/api/timeline").json()["rows"]}
    assert set(rows) == {"pact-1935", "fra-cze-1925", "rhineland-1936", "crisis-test"}
    fc = rows["fra-cze-1925"]
    assert fc["start"]["marker"] == "?" and fc["start"]["earliest"] < "1925-10-16" < fc["start"]["latest"]
    assert fc["open_end"] is True and fc["end"] is None
    end = rows["pact-1935"]["end"]
    assert end["text"] == "1939-08~" and end["marker"] == "~" and end["earliest"] < "1939-08-01"


def test_timeline_rows_are_in_date_order(client):
    starts = [r["start"]["earliest"] for r in client.get("/api/timeline").json()["rows"]]
    assert starts == sorted(starts)


def test_network_holds_only_treaties_in_force_that_day(client):
    def ids(date):
        return {n["id"] for n in client.get("/api/network", params={"date": date}).json()["nodes"]}

    assert ids("1930-01-01") == {"FRN", "CZE", "fra-cze-1925"}
    assert ids("1937-01-01") == {"FRN", "CZE", "RUS", "fra-cze-1925", "pact-1935"}


def test_network_tie_is_uncertain_while_the_end_date_is(client):
    net = client.get("/api/network", params={"date": "1939-08-15"}).json()
    ties = {(e["source"], e["target"]): e["certain"] for e in net["edges"]}
    assert ties[("FRN", "pact-1935")] is False
    assert ties[("FRN", "fra-cze-1925")] is True


def test_network_before_entry_into_force_has_no_pact(client):
    net = client.get("/api/network", params={"date": "1935-06-01"}).json()
    assert "pact-1935" not in {n["id"] for n in net["nodes"]}


def test_state_person_event_twins(client):
    s = client.get("/api/states/FRN").json()
    assert {r["id"] for r in s["treaties"]} == {"pact-1935", "fra-cze-1925"}
    assert s["office_holders"][0]["holder"]["id"] == "laval"
    p = client.get("/api/people/laval").json()
    assert p["offices"][0]["title"] == "Foreign Minister" and p["offices"][0]["state"]["id"] == "FRN"
    e = client.get("/api/events/rhineland-1936").json()
    assert e["actors"][0]["label"] == "Germany"


def test_conflicts_list_both_claims_with_quotes(client):
    (k,) = client.get("/api/conflicts").json()
    assert k["status"] == "open"
    quotes = [c["cite"][0]["quote"] for c in k["claims"]]
    assert quotes[1] == "Another writer says the pact was signed in 1936, which is wrong."
    assert [c["cite"][0]["grade"] for c in k["claims"]] == ["B", "D"]


def test_search_finds_quotes_clauses_and_names(client):
    r = client.get("/api/search", params={"q": "rhineland"}).json()
    assert {h["ref"]["id"] for h in r["hits"]} == {"rhineland-1936"}
    r = client.get("/api/search", params={"q": "UNPROVOKED aggression"}).json()
    assert {h["ref"]["id"] for h in r["hits"]} == {"pact-1935/art2"}
    assert r["hits"][0]["ref"]["url"] == "/treaties/pact-1935#clause-art2"
    assert client.get("/api/search", params={"q": "zzzzqq"}).json()["total"] == 0


def test_search_ignores_accents_and_case(client):
    assert client.get("/api/search", params={"q": "LAVÁL"}).json()["total"] >= 1


def test_crisis_twin_shows_facts_from_the_kb(client):
    c = client.get("/api/crises/crisis-test").json()
    assert [f["id"] for f in c["facts"]] == ["threat", "attack"]
    assert c["facts"][1]["target"][0]["id"] == "CZE"


def test_sources_list_counts_citations_per_source(client):
    rows = {s["id"]: s for s in client.get("/api/sources").json()["sources"]}
    assert rows["seed-bad"]["grade"] == "D" and rows["seed-bad"]["citations"] == 1
    assert rows["seed-web"]["citations"] == 3


def test_listings_are_sorted_by_date(client):
    assert [r["id"] for r in client.get("/api/treaties").json()["items"]] == ["fra-cze-1925", "pact-1935"]


def test_openapi_documents_every_api_route_with_a_response_model(client):
    doc = client.get("/openapi.json").json()
    paths = doc["paths"]
    for p in ("/api/timeline", "/api/network", "/api/treaties/{treaty_id}", "/api/crises/{crisis_id}",
              "/api/crises/{crisis_id}/whatif", "/api/conflicts", "/api/search", "/api/states/{state_id}",
              "/api/people/{person_id}"):
        assert p in paths, p
        op = paths[p].get("get") or paths[p].get("post")
        assert "$ref" in str(op["responses"]["200"]["content"]["application/json"]["schema"]), p
    assert not any(p.startswith("/treaties") for p in paths), "HTML pages stay out of the API document"


def test_timeline_csv_export_has_one_line_per_row(client):
    r = client.get("/export/timeline.csv")
    assert r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert len(rows) == 4
    fc = next(x for x in rows if x["id"] == "fra-cze-1925")
    assert fc["start"] == "1925-10-16?" and fc["open_end"] == "True"


def test_network_graphml_export_is_valid_graphml(client):
    r = client.get("/export/network.graphml", params={"date": "1937-01-01"})
    root = ET.fromstring(r.text)
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    nodes = {n.get("id") for n in root.findall(".//g:node", ns)}
    assert nodes == {"FRN", "CZE", "RUS", "fra-cze-1925", "pact-1935"}
    assert len(root.findall(".//g:edge", ns)) == 4


def test_network_csv_and_clause_csv_exports(client):
    lines = client.get("/export/network.csv", params={"date": "1937-01-01"}).text.strip().splitlines()
    assert lines[0].startswith("date,state") and len(lines) == 5
    rows = list(csv.DictReader(io.StringIO(client.get("/export/treaties/pact-1935/clauses.csv").text)))
    assert rows[0]["clause"] == "art2" and rows[0]["obligation"] == "defense"


def test_treaty_twin_carries_its_atop_coding(client):
    pytest.importorskip("foedus.data.kbcoding")
    rows = client.get("/api/treaties/pact-1935").json()["coding"]
    assert {r["stateabb"]: (r["member"], r["defense"], r["bilat"]) for r in rows} == {"FRN": (220, 1, 1), "RUS": (365, 1, 1)}
    assert 'id="coding"' in client.get("/treaties/pact-1935").text
