"""The built-in crises in kb/crises/ against the real knowledge base.

The treaties are written by another part of the project; each assertion about a treaty is
skipped (with the reason) when that treaty is not (yet) in the KB, so the tests pin only
what the current KB supports.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from foedus import engine, paths
from foedus.kb import check_kb

EXAMPLES = paths.project_root() / "examples" / "whatifs"
CRISES = ["rhineland-1936", "anschluss-1938", "munich-1938", "prague-1939", "poland-1939", "barbarossa-1941",
          "franco-soviet-treaty-end-1955"]


@pytest.fixture(scope="module")
def kb():
    base, _ = check_kb()  # problems elsewhere in the KB (claims, quotes) do not concern the engine
    return base


def need(kb, *treaties):
    missing = [t for t in treaties if t not in kb.treaties]
    if missing:
        pytest.skip(f"treaty not in the KB yet: {', '.join(missing)}")


def test_every_builtin_crisis_is_listed_and_cites_its_facts(kb):
    listed = [c.id for c in engine.list_crises(kb)]
    assert set(CRISES) <= set(listed)
    for cid in CRISES:
        for f in kb.crises[cid].facts:
            assert f.cite, f"{cid}/{f.id} has no citation"


@pytest.mark.parametrize("cid", CRISES)
def test_every_builtin_crisis_evaluates_with_explanations(kb, cid):
    ev = engine.evaluate(kb, cid)
    in_force = {t.id for t in ev.treaties if t.in_force != "no"}
    assert {o.treaty for o in ev.obligations} <= in_force
    for o in ev.obligations:
        assert o.explanation.children, o.key
    assert ev.model_dump(mode="json")["crisis"] == cid


def test_poland_1939_soviet_invasion_breaks_the_1932_pact(kb):
    need(kb, "pol-sov-nonaggression-1932")
    a = engine.audit(kb, "poland-1939")
    broken = {(v.obligor, v.beneficiary, v.treaty) for v in a.verdicts if v.verdict == "broken"}
    assert ("RUS", "POL", "pol-sov-nonaggression-1932") in broken


def test_poland_1939_germanys_denunciation_of_the_1934_declaration_is_unlawful(kb):
    need(kb, "gmy-pol-declaration-1934")
    a = engine.audit(kb, "poland-1939")
    d = [d for d in a.denunciations if d.treaty == "gmy-pol-declaration-1934"]
    assert d and d[0].by == "GMY" and d[0].lawful == "no"


def test_poland_1939_france_and_britain_declared_war(kb):
    need(kb, "fra-pol-guarantee-1925")
    a = engine.audit(kb, "poland-1939")
    assert [v.verdict for v in a.find(obligor="FRN", beneficiary="POL", treaty="fra-pol-guarantee-1925")] == ["honoured"]


def test_rhineland_germanys_repudiation_of_locarno_is_unlawful(kb):
    need(kb, "locarno-rhineland-pact-1925")
    a = engine.audit(kb, "rhineland-1936")
    d = [d for d in a.denunciations if d.treaty == "locarno-rhineland-pact-1925"]
    assert d and d[0].lawful == "no"


def test_the_1955_annulment_of_the_1944_treaty_is_unlawful(kb):
    need(kb, "fra-sov-alliance-1944")
    a = engine.audit(kb, "franco-soviet-treaty-end-1955")
    assert [(d.by, d.lawful) for d in a.denunciations if d.treaty == "fra-sov-alliance-1944"] == [("RUS", "no")]


def test_munich_soviet_duty_was_never_triggered_and_is_excused(kb):
    need(kb, "cze-sov-mutual-assistance-1935", "fra-cze-guarantee-1925")
    ev = engine.evaluate(kb, "munich-1938")
    o = ev.get("cze-sov-mutual-assistance-1935/prot-france-first:RUS->CZE")
    assert o.status == "not_triggered" and "FRN" in o.reason
    a = engine.audit(kb, "munich-1938")
    v = a.find(obligor="RUS", beneficiary="CZE", treaty="cze-sov-mutual-assistance-1935")
    assert {x.verdict for x in v if x.clause == "prot-france-first"} == {"excused"}
    assert [x.verdict for x in a.find(obligor="FRN", beneficiary="CZE", treaty="fra-cze-guarantee-1925")
            if x.clause == "art1"] == ["evaded"]


def test_munich_what_if_germany_attacks_leaves_the_ussr_waiting_on_france(kb):
    need(kb, "cze-sov-mutual-assistance-1935", "fra-cze-guarantee-1925")
    ev = engine.evaluate(kb, "munich-1938", what_if=EXAMPLES / "germany-attacks-france-waits-1938.yaml")
    o = ev.get("cze-sov-mutual-assistance-1935/prot-france-first:RUS->CZE")
    assert o.status == "pending" and o.pending_on == "contingent"
    assert "fra-cze-guarantee-1925/art1:FRN->CZE" in o.waits_on
    assumed = engine.evaluate(kb, "munich-1938", what_if=EXAMPLES / "germany-attacks-performance-assumed-1938.yaml")
    assert assumed.get(o.key).status == "triggered"


def test_munich_what_if_france_mobilises_and_assists_triggers_the_soviet_duty(kb):
    need(kb, "cze-sov-mutual-assistance-1935", "fra-cze-guarantee-1925")
    base = engine.evaluate(kb, "munich-1938")
    alt = engine.evaluate(kb, "munich-1938", what_if=EXAMPLES / "france-mobilises-1938.yaml")
    d = engine.diff(base, alt)
    changed = {c.key: c.after for c in d.changed}
    assert changed["cze-sov-mutual-assistance-1935/prot-france-first:RUS->CZE"] == "triggered"
    assert changed["fra-cze-guarantee-1925/art1:FRN->CZE"] == "triggered"


def test_barthou_survives_what_if_makes_french_assistance_automatic(kb):
    need(kb, "fra-sov-mutual-assistance-1935")
    base = engine.evaluate(kb, "barbarossa-1941")
    key = "fra-sov-mutual-assistance-1935/art3:FRN->RUS"
    if base.get(key) is None:
        pytest.skip("the 1935 pact is not in force in June 1941 in the current KB")
    alt = engine.evaluate(kb, "barbarossa-1941", what_if=EXAMPLES / "barthou-survives.yaml")
    assert base.get(key).status == "not_triggered" and alt.get(key).status == "triggered"


def test_britain_signs_what_if_adds_a_treaty_the_ussr_then_breaks(kb):
    alt = engine.evaluate(kb, "poland-1939", what_if=EXAMPLES / "britain-signs-1939.yaml")
    assert alt.get("wi-anglo-franco-soviet-1939/art2:RUS->POL").status == "triggered"
    a = engine.audit(kb, "poland-1939", what_if=EXAMPLES / "britain-signs-1939.yaml")
    v = a.find(obligor="RUS", beneficiary="POL", treaty="wi-anglo-franco-soviet-1939")
    assert [x.verdict for x in v] == ["broken"]
    assert [x.verdict for x in a.find(obligor="UKG", beneficiary="POL", treaty="wi-anglo-franco-soviet-1939")] == ["honoured"]


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.stem)
def test_every_example_what_if_applies_cleanly(kb, path: Path):
    sc = engine.load_scenario(path)
    ev = engine.evaluate(kb, sc.what_if.crisis, what_if=sc)
    assert ev.what_if == sc.what_if.id
