"""Crisis pages and the what-if editor, through the obligation engine, on the fixture KB."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from foedus.web import create_app, engine_bridge
from tests.e2e.fixture import KB, SEEDS

pytest.importorskip("foedus.engine", reason="the obligation engine (foedus.engine) is not installed yet")
if not engine_bridge.engine_available():
    pytest.skip("foedus.engine has no evaluate()/audit()/diff() yet", allow_module_level=True)

KEY = "fra-cze-1925/art1:FRN->CZE"


@pytest.fixture(scope="module")
def client(tmp_path_factory) -> TestClient:
    return TestClient(create_app(kb_dir=KB, build_dir=tmp_path_factory.mktemp("build"), seeds_dir=SEEDS))


def test_crisis_twin_shows_who_was_bound_and_the_audit(client):
    c = client.get("/api/crises/crisis-test").json()
    assert c["engine"] is True and c["engine_error"] is None
    (group,) = c["evaluation"]["bound"]
    assert [o["key"] for o in group["obligations"]] == [KEY]
    assert {t["id"]: t["in_force"] for t in c["evaluation"]["treaties"]}["pact-1935"] == "uncertain"
    assert c["audit"]["counts"]["broken"] == 1
    assert "explanation" not in str(c["evaluation"]["bound"]), "explanation trees are fetched one at a time"


def test_obligation_explanation_on_demand(client):
    o = client.get("/api/crises/crisis-test/obligation", params={"key": KEY}).json()
    assert o["status"] == "triggered" and o["explanation"]["children"]
    r = client.get("/api/crises/crisis-test/obligation", params={"key": "nope"})
    assert r.status_code == 404 and "no obligation 'nope'" in r.json()["detail"]


def test_full_evaluation_and_audit_twins(client):
    ev = client.get("/api/crises/crisis-test/evaluation").json()
    assert ev["counts"]["triggered"] == 1 and ev["obligations"][0]["explanation"]
    au = client.get("/api/crises/crisis-test/audit").json()
    assert au["verdicts"][0]["verdict"] == "broken"


def test_removing_the_attack_changes_the_obligation_and_the_audit(client):
    r = client.post("/api/crises/crisis-test/whatif", json={"remove_facts": ["attack"]})
    assert r.status_code == 200, r.text
    w = r.json()
    assert w["diff"]["facts_removed"] == ["attack"]
    assert [(c["key"], c["before"], c["after"]) for c in w["diff"]["changed"]] == [(KEY, "triggered", "not_triggered")]
    assert w["verdict_changes"] == [{"key": KEY, "before": "broken", "after": "evaded",
                                     "reason_after": w["verdict_changes"][0]["reason_after"]}]
    assert w["baseline_audit"]["counts"]["broken"] == 1 and w["what_if_audit"]["counts"]["broken"] == 0


def test_adding_a_hypothetical_attack_triggers_a_new_obligation(client):
    body = {"remove_facts": ["attack"],
            "add_facts": [{"id": "new-attack", "kind": "attack", "date": "1938-09-25", "actor": ["GMY"], "target": ["CZE"]}]}
    w = client.post("/api/crises/crisis-test/whatif", json=body).json()
    assert "new-attack" in w["diff"]["facts_added"]
    assert w["what_if_evaluation"]["counts"]["triggered"] == 1


def test_whatif_with_an_unknown_state_is_422_from_the_engine_checks(client):
    body = {"add_facts": [{"id": "x", "kind": "attack", "date": "1938-09-25", "actor": ["ZZZ"]}]}
    r = client.post("/api/crises/crisis-test/whatif", json=body)
    assert r.status_code == 422 and "unknown state 'ZZZ'" in r.json()["detail"]


def test_crisis_page_shows_counts_betrayals_and_the_editor(client):
    html = client.get("/crises/crisis-test").text
    assert 'id="audit-counts"' in html and "broken: 1" in html
    assert "FRN broke fra-cze-1925/art1" in html
    assert 'data-fact="attack"' in html and 'id="wi-run"' in html and "disabled" not in html.split('id="wi-run"')[1][:40]


def test_without_the_engine_the_page_shows_facts_and_whatif_is_503(client, monkeypatch):
    monkeypatch.setattr(engine_bridge, "engine_available", lambda: False)

    def missing():
        raise engine_bridge.EngineMissing("the obligation engine (foedus.engine) is not available: test")

    monkeypatch.setattr(engine_bridge, "_engine", missing)
    c = client.get("/api/crises/crisis-test").json()
    assert c["engine"] is False and c["evaluation"] is None and len(c["facts"]) == 2
    assert 'id="engine-missing"' in client.get("/crises/crisis-test").text
    r = client.post("/api/crises/crisis-test/whatif", json={"remove_facts": ["attack"]})
    assert r.status_code == 503 and "foedus.engine" in r.json()["detail"]
    assert client.get("/api/crises/crisis-test/audit").status_code == 503
