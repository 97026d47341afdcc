"""Smoke tests of the web app on the real, growing knowledge base (no exact counts)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.e2e.fixture import real_app


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(real_app())


@pytest.fixture(scope="module")
def kb(client):
    return client.app.state.site.kb


def test_every_listed_page_and_twin_answers(client):
    for kind in ("treaties", "states", "people", "events", "crises"):
        items = client.get(f"/api/{kind}").json()["items"]
        if kind == "crises":
            items = items[:3]  # each runs the obligation engine; the browser test covers Munich
        assert client.get(f"/{kind}").status_code == 200
        for item in items:
            assert client.get(item["url"]).status_code == 200, item["url"]
            assert client.get("/api" + item["url"]).status_code == 200, item["url"]


def test_timeline_has_a_row_per_dated_treaty(client, kb):
    rows = client.get("/api/timeline").json()["rows"]
    dated = {t.id for t in kb.treaties.values() if t.signed or t.in_force}
    assert dated <= {r["id"] for r in rows}
    assert client.get("/timeline").status_code == 200


@pytest.mark.parametrize("date", ["1925-01-01", "1933-06-15", "1936-03-07", "1939-09-01"])
def test_network_for_key_dates_links_only_known_nodes(client, date):
    net = client.get("/api/network", params={"date": date}).json()
    ids = {n["id"] for n in net["nodes"]}
    assert all(e["source"] in ids and e["target"] in ids for e in net["edges"])


def test_conflicts_page_renders_every_conflict(client, kb):
    html = client.get("/conflicts").text
    assert all(f'id="{k}"' in html for k in kb.conflicts)


def test_search_finds_the_1932_pact(client, kb):
    if "fra-sov-nonaggression-1932" not in kb.treaties:
        pytest.skip("the 1932 pact is not in the KB")
    hits = client.get("/api/search", params={"q": "non-aggression"}).json()["hits"]
    assert "fra-sov-nonaggression-1932" in {h["ref"]["id"] for h in hits}
