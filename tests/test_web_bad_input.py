"""Bad input to every endpoint gets a 4xx with a message that says what is wrong."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from foedus.web import create_app
from foedus.web.limits import MAX_BODY_BYTES, MAX_WHATIF_CHANGES
from tests.e2e.fixture import KB, SEEDS


@pytest.fixture(scope="module")
def client(tmp_path_factory) -> TestClient:
    return TestClient(create_app(kb_dir=KB, build_dir=tmp_path_factory.mktemp("build"), seeds_dir=SEEDS))


@pytest.mark.parametrize("url, words", [
    ("/api/treaties/no-such-treaty", "no treaty with id 'no-such-treaty'"),
    ("/api/states/XXX", "no state with id 'XXX'"),
    ("/api/people/nobody", "no person with id 'nobody'"),
    ("/api/events/nothing", "no event with id 'nothing'"),
    ("/api/crises/no-crisis", "no crisis with id 'no-crisis'"),
    ("/export/treaties/no-such-treaty/clauses.csv", "no treaty with id"),
    ("/api/nowhere", "Not Found"),
])
def test_unknown_id_is_404_with_the_id_named(client, url, words):
    r = client.get(url)
    assert r.status_code == 404
    assert words in r.json()["detail"]


@pytest.mark.parametrize("url", ["/treaties/no-such-treaty", "/states/XXX", "/people/nobody", "/events/nothing",
                                 "/crises/no-crisis"])
def test_unknown_id_page_is_a_readable_404(client, url):
    r = client.get(url)
    assert r.status_code == 404 and r.headers["content-type"].startswith("text/html")
    assert "with id" in r.text and "Not found" in r.text


@pytest.mark.parametrize("url", ["/api/network", "/network", "/export/network.graphml", "/export/network.csv"])
@pytest.mark.parametrize("date", ["banana", "1936-13-45", "1930/1940"])
def test_malformed_date_is_422_naming_the_date(client, url, date):
    r = client.get(url, params={"date": date})
    assert r.status_code == 422
    text = r.json()["detail"] if url.startswith(("/api", "/export")) else r.text
    assert "bad date" in text and date in text


def test_overlong_date_and_query_are_refused(client):
    r = client.get("/api/network", params={"date": "1" * 100})
    assert r.status_code == 422 and "query parameter 'date'" in r.json()["detail"]
    r = client.get("/api/search", params={"q": "x" * 1000})
    assert r.status_code == 422 and "query parameter 'q'" in r.json()["detail"]
    assert client.get("/api/search", params={"q": "a", "limit": 0}).status_code == 422


def test_overlong_id_is_refused(client):
    assert client.get("/api/treaties/" + "a" * 500).status_code == 422


def test_oversized_whatif_body_is_413(client):
    body = b'{"remove_facts": ["' + b"x" * (MAX_BODY_BYTES + 10) + b'"]}'
    r = client.post("/api/crises/crisis-test/whatif", content=body, headers={"content-type": "application/json"})
    assert r.status_code == 413 and "too large" in r.json()["detail"]


def test_oversized_chunked_whatif_body_is_413(client):
    def chunks():
        yield b'{"remove_facts": ["'
        for _ in range(MAX_BODY_BYTES // 1000 + 2):
            yield b"x" * 1000
        yield b'"]}'

    r = client.post("/api/crises/crisis-test/whatif", content=chunks(), headers={"content-type": "application/json"})
    assert r.status_code == 413


def test_too_many_whatif_changes_is_422(client):
    r = client.post("/api/crises/crisis-test/whatif", json={"remove_facts": ["threat"] * (MAX_WHATIF_CHANGES + 1)})
    assert r.status_code == 422 and "remove_facts" in r.json()["detail"]


@pytest.mark.parametrize("body, words", [
    ({"remove_facts": ["no-such-fact"]}, "no fact with id 'no-such-fact'"),
    ({"add_facts": [{"id": "x", "kind": "attack", "date": "soon", "actor": ["GMY"]}]}, "added fact 'x'"),
    ({"add_facts": [{"id": "x", "kind": "invasion!", "date": "1938", "actor": ["GMY"]}]}, "add_facts.0.kind"),
    ({"unknown_key": 1}, "unknown_key"),
])
def test_invalid_whatif_is_422_naming_the_problem(client, body, words):
    r = client.post("/api/crises/crisis-test/whatif", json=body)
    assert r.status_code == 422, r.text
    assert words in r.json()["detail"]


def test_whatif_on_unknown_crisis_is_404(client):
    r = client.post("/api/crises/nope/whatif", json={})
    assert r.status_code == 404 and "no crisis with id 'nope'" in r.json()["detail"]


def test_whatif_body_that_is_not_json_is_422(client):
    r = client.post("/api/crises/crisis-test/whatif", content=b"{not json", headers={"content-type": "application/json"})
    assert r.status_code == 422
