"""The HTML pages: they render, link their JSON twin, and show source quotes as text, never HTML."""

from __future__ import annotations

import json
import re

import pytest
from fastapi.testclient import TestClient

from foedus.web import create_app
from tests.e2e.fixture import KB, SEEDS

PAGES = ["/", "/timeline", "/network", "/network?date=1937-01-01", "/treaties", "/treaties/pact-1935", "/crises",
         "/crises/crisis-test", "/states", "/states/FRN", "/people", "/people/laval", "/events",
         "/events/rhineland-1936", "/conflicts", "/search?q=pact", "/sources", "/reliability?war=139", "/api-docs"]


@pytest.fixture(scope="module")
def client(tmp_path_factory) -> TestClient:
    return TestClient(create_app(kb_dir=KB, build_dir=tmp_path_factory.mktemp("build"), seeds_dir=SEEDS))


@pytest.mark.parametrize("url", PAGES)
def test_page_renders_as_html_without_any_remote_asset(client, url):
    r = client.get(url)
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    assert "<main>" in r.text
    remote = re.findall(r'(?:src|href)="(https?:)?//', r.text)
    assert remote == [], "pages must work offline: no CDN"


def test_quote_with_script_is_escaped_on_the_treaty_page(client):
    html = client.get("/treaties/pact-1935").text
    assert '<script>alert("x")</script>' not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html


@pytest.mark.parametrize("url", ["/conflicts", "/search?q=minister", "/events/rhineland-1936", "/crises/crisis-test"])
def test_no_page_lets_a_quote_become_markup(client, url):
    html = client.get(url).text
    assert 'alert("x")</script>' not in html


def test_embedded_page_data_cannot_close_its_script_element(client):
    html = client.get("/timeline").text + client.get("/crises/crisis-test").text
    for block in re.findall(r'<script type="application/json" id="[a-z-]+">(.*?)</script>', html, re.S):
        json.loads(block)
    assert "</script>" not in "".join(re.findall(r'type="application/json"[^>]*>(.*?)</script>', html, re.S))


def test_search_query_is_escaped_when_echoed(client):
    html = client.get("/search", params={"q": "<b>bold</b>"}).text
    assert "<b>bold</b>" not in html and "&lt;b&gt;bold&lt;/b&gt;" in html


def test_treaty_page_shows_clause_condition_and_citation_side_by_side(client):
    html = client.get("/treaties/pact-1935").text
    row = re.search(r'<tr id="clause-art2">(.*?)</tr>', html, re.S).group(1)
    assert "Immediate aid and assistance" in row
    assert "attacked(beneficiary, by=any) and unprovoked(beneficiary)" in row
    assert "ref-book" in row
    assert 'href="/api/treaties/pact-1935"' in html
    assert 'href="/export/treaties/pact-1935/clauses.csv"' in html


def test_uncertain_dates_carry_their_marker_and_span(client):
    html = client.get("/treaties/fra-cze-1925").text
    assert re.search(r'<time class="date fuzzy" datetime="(\d{4}-\d\d-\d\d)" title="between \1 and \d{4}-\d\d-\d\d">1925-10-16\?</time>', html)


def test_conflict_page_shows_both_claims_with_their_grades(client):
    html = client.get("/conflicts").text
    sec = re.search(r'<section class="conflict" id="conflict-signing">(.*?)</section>', html, re.S).group(1)
    assert sec.count('class="claim ') == 2
    assert "Another writer says the pact was signed in 1936" in sec
    assert re.search(r'class="grade"[^>]*>D<', sec)


def test_network_page_embeds_the_network_for_its_date(client):
    html = client.get("/network", params={"date": "1930-01-01"}).text
    data = json.loads(re.search(r'<script type="application/json" id="network-data">(.*?)</script>', html, re.S).group(1))
    assert data["date"]["text"] == "1930-01-01"
    assert {n["id"] for n in data["nodes"]} == {"FRN", "CZE", "fra-cze-1925"}


def test_static_assets_are_served_from_the_package(client):
    for name in ("app.css", "svg.js", "timeline.js", "network.js", "crisis.js"):
        r = client.get(f"/static/{name}")
        assert r.status_code == 200 and len(r.content) > 100, name
    assert "innerHTML" not in client.get("/static/crisis.js").text


def test_cdn_backed_swagger_and_redoc_are_off(client):
    assert client.get("/docs").status_code == 404 and client.get("/redoc").status_code == 404
    assert "/api/crises/{crisis_id}/whatif" in client.get("/api-docs").text
