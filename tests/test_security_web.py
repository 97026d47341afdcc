"""The web app never serves a file outside its static folder, never lets KB text become markup,
and bounds what a request may make it do."""

from __future__ import annotations

import re
import shutil

import pytest
import yaml
from fastapi.testclient import TestClient

from foedus.web import create_app
from foedus.web.limits import MAX_BODY_BYTES, MAX_WHATIF_CHANGES
from tests.e2e.fixture import KB, SEEDS

SECRET_MARKERS = ("root:x:0:0", "def create_app", "[project]", "BodySizeLimit")
"""Text of files a traversal would reach: /etc/passwd, web/app.py, pyproject.toml, web/limits.py."""


@pytest.fixture(scope="module")
def client(tmp_path_factory) -> TestClient:
    return TestClient(create_app(kb_dir=KB, build_dir=tmp_path_factory.mktemp("build"), seeds_dir=SEEDS),
                      raise_server_exceptions=False)


TRAVERSALS = [
    "/static/../app.py", "/static/..%2fapp.py", "/static/..%2Fapp.py", "/static/%2e%2e/app.py",
    "/static/%2e%2e%2fapp.py", "/static/%252e%252e%252fapp.py", "/static/..%5capp.py", "/static/..\\app.py",
    "/static/../../../../../../etc/passwd", "/static/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/static/..%2f..%2f..%2f..%2f..%2f..%2fetc%2fpasswd", "/static//etc/passwd", "/static/%2fetc%2fpasswd",
    "/static/app.css%00.py", "/static/%00", "/static/..%00/app.py", "/static/....//app.py",
    "/static/%c0%ae%c0%ae/app.py", "/static/limits.py", "/static/../../../pyproject.toml",
    "/static/file:///etc/passwd",
]
ID_ROUTES = ["/api/treaties/{}", "/treaties/{}", "/api/states/{}", "/states/{}", "/api/people/{}", "/people/{}",
             "/api/events/{}", "/events/{}", "/api/crises/{}", "/crises/{}", "/api/crises/{}/evaluation",
             "/api/crises/{}/audit", "/export/treaties/{}/clauses.csv"]
HOSTILE_IDS = ["%2e%2e", "..%2f..%2f..%2fetc%2fpasswd", "%2fetc%2fpasswd", "..%5c..%5cpyproject.toml",
               "%00", "pact-1935%00", "pact-1935%2f..%2f..", "%252e%252e%252f", "~root", "file:%2f%2f%2fetc%2fpasswd"]
"""(A bare ``..`` segment is resolved by the HTTP client before sending: tests/test_faults_web_load.py sends
it raw over a socket to a real server.)"""


def _assert_nothing_leaked(r) -> None:
    assert r.status_code < 500, (r.request.url, r.status_code, r.text[:300])
    for marker in SECRET_MARKERS:
        assert marker not in r.text, (r.request.url, marker)


@pytest.mark.parametrize("url", TRAVERSALS)
def test_static_files_refuse_path_traversal(client, url):
    r = client.get(url, follow_redirects=False)
    assert r.status_code in (400, 404, 405), (url, r.status_code)
    _assert_nothing_leaked(r)


@pytest.mark.parametrize("route", ID_ROUTES)
def test_routes_taking_an_id_refuse_traversal_and_nul(client, route):
    for hostile in HOSTILE_IDS:
        r = client.get(route.format(hostile), follow_redirects=False)
        if r.status_code == 307:  # an id decoding to a trailing '/': Starlette redirects to the same site, minus '/'
            assert r.headers["location"].startswith("http://testserver/"), r.headers["location"]
            continue
        assert r.status_code in (404, 422), (route, hostile, r.status_code)
        for marker in SECRET_MARKERS:
            assert marker not in r.text


def test_the_real_static_files_are_still_served(client):
    r = client.get("/static/app.css")
    assert r.status_code == 200 and "text/css" in r.headers["content-type"]


def test_export_filename_cannot_inject_headers(client):
    r = client.get("/export/treaties/pact-1935%0d%0aSet-Cookie:%20x=1/clauses.csv")
    assert r.status_code == 404 and "set-cookie" not in r.headers


# ----------------------------------------------------------------------------- escaping of all KB text
PAYLOADS = ['<script>alert("kb")</script>', '"><img src=x onerror=alert(1)>', "'><svg onload=alert(2)>"]
TEXT_FIELDS = {"name", "title", "description", "statement", "summary", "text", "place", "action", "short_name",
               "author", "note", "value"}


def _poison(node, i=[0]):
    """Append a hostile payload to every free-text field of a KB document (quotes are left: the seed must hold them)."""
    if isinstance(node, dict):
        for k, v in node.items():
            if k in TEXT_FIELDS and isinstance(v, str):
                node[k] = v + " " + PAYLOADS[i[0] % len(PAYLOADS)]
                i[0] += 1
            else:
                _poison(v)
    elif isinstance(node, list):
        for v in node:
            _poison(v)
    return node


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    shutil.copytree(SEEDS, root / "seeds")
    (root / "kb").mkdir()
    for f in KB.glob("*.yaml"):
        doc = _poison(yaml.safe_load(f.read_text()))
        (root / "kb" / f.name).write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False))
    app = create_app(kb_dir=root / "kb", build_dir=root / "build", seeds_dir=root / "seeds")
    return TestClient(app)


def test_poisoned_kb_loads_cleanly(hostile):
    assert hostile.get("/api/summary").json()["problems"] == []


HTML_PAGES = ["/", "/timeline", "/network", "/treaties", "/treaties/pact-1935", "/treaties/fra-cze-1925", "/crises",
              "/crises/crisis-test", "/states", "/states/FRN", "/states/RUS", "/people", "/people/laval", "/events",
              "/events/rhineland-1936", "/conflicts", "/search?q=alert", "/reliability", "/api-docs"]


@pytest.mark.parametrize("url", HTML_PAGES)
def test_no_kb_text_becomes_markup_on_any_page(hostile, url):
    r = hostile.get(url)
    assert r.status_code == 200
    html = r.text
    assert 'alert("kb")</script>' not in html
    assert "<img src=x" not in html and "<svg onload" not in html
    # payloads inside embedded JSON data are inert only if they cannot close their <script> element
    for block in re.findall(r'<script type="application/json"[^>]*>(.*?)</script>', html, re.S):
        assert "<" not in block or "</script" not in block.lower()


def test_the_payloads_do_reach_the_pages_as_text(hostile):
    html = hostile.get("/treaties/pact-1935").text + hostile.get("/conflicts").text
    assert "&lt;script&gt;alert(&#34;kb&#34;)&lt;/script&gt;" in html or "&lt;script&gt;alert(&quot;kb&quot;)" in html


# ----------------------------------------------------------------------------- bounds
def test_body_over_the_limit_is_refused_before_it_is_read(client):
    r = client.post("/api/crises/crisis-test/whatif", content=b"{" + b" " * (MAX_BODY_BYTES + 10) + b"}",
                    headers={"content-type": "application/json"})
    assert r.status_code == 413 and "too large" in r.json()["detail"]


def test_body_lying_about_its_length_is_refused(client):
    r = client.post("/api/crises/crisis-test/whatif", content=b"{}",
                    headers={"content-type": "application/json", "content-length": str(10 * MAX_BODY_BYTES)})
    assert r.status_code in (400, 413)


def test_what_if_complexity_is_bounded(client):
    ids = [f"f{i}" for i in range(MAX_WHATIF_CHANGES + 1)]
    r = client.post("/api/crises/crisis-test/whatif", json={"remove_facts": ids})
    assert r.status_code == 422 and "remove_facts" in r.json()["detail"]
    r = client.post("/api/crises/crisis-test/whatif",
                    json={"replace_condition": [{"clause": "pact-1935/art2", "condition": "x(" * 600}]})
    assert r.status_code == 422 and "condition" in r.json()["detail"]


def test_deeply_nested_condition_is_a_clear_error(client):
    cond = "not " * 400 + "attacked(beneficiary)"
    r = client.post("/api/crises/crisis-test/whatif",
                    json={"replace_condition": [{"clause": "pact-1935/art2", "condition": cond[:1000]}]})
    assert r.status_code in (200, 422), r.text[:300]
    cond = "(" * 480 + "attacked(beneficiary)" + ")" * 480
    r = client.post("/api/crises/crisis-test/whatif",
                    json={"replace_condition": [{"clause": "pact-1935/art2", "condition": cond[:1000]}]})
    assert r.status_code in (200, 422), r.text[:300]


@pytest.mark.parametrize("change", [{"note": 5}, {"note": [[1]]}, {"actor": 5}, {"actor": [[1]]}, {"kind": "zzz"},
                                    {"date": None}, {"cite": "x"}, {"target": {"a": 1}}, {"id": None},
                                    {"id": "attack"}])
def test_badly_typed_fact_change_is_422_not_500(client, change):
    r = client.post("/api/crises/crisis-test/whatif", json={"change_facts": [{"id": "threat", "set": change}]})
    assert r.status_code == 422, r.text[:300]
    assert "change_facts" in r.json()["detail"]


def test_deeply_nested_json_body_is_a_clear_error(client):
    body = b'{"remove_facts": ' + b"[" * 20000 + b"]" * 20000 + b"}"
    r = client.post("/api/crises/crisis-test/whatif", content=body, headers={"content-type": "application/json"})
    assert r.status_code in (400, 422) and r.json()["detail"]


def test_non_utf8_body_is_a_clear_error(client):
    r = client.post("/api/crises/crisis-test/whatif", content=b'{"remove_facts": ["\xff\xfe"]}',
                    headers={"content-type": "application/json"})
    assert r.status_code in (400, 422) and r.json()["detail"]


@pytest.mark.parametrize("url", ["//evil.example/", "/%2f%2fevil.example/", "/treaties/%2f%2fevil.example%2f",
                                 "/\\evil.example/", "/static/%2f%2fevil.example/"])
def test_trailing_slash_redirects_never_leave_the_site(client, url):
    r = client.get(url, follow_redirects=False)
    assert r.status_code < 500
    if 300 <= r.status_code < 400:
        assert r.headers["location"].startswith("http://testserver/"), r.headers["location"]
