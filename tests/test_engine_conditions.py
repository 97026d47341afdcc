"""Each condition kind, read over a crisis's facts for one (obligor, beneficiary) pair."""

from __future__ import annotations

import pytest

from foedus import engine
from tests.test_engine_fixtures import clause, crisis, fact, make_kb, treaty

DAY = "1938-09-30"


def status(condition: str, facts: list[dict], on: str = DAY, key: str = "p/1:RUS->FRN") -> engine.Obligation:
    kb = make_kb([treaty("p", ["FRN", "RUS"], [clause("1", condition)], signed="1935-05-02")])
    return engine.evaluate(kb, crisis("c", on, facts)).get(key)


def attack(by="GMY", on="FRN", date=DAY, **kw):
    return fact(f"att-{by}-{on}-{date}", "attack", date, by, on, **kw)


@pytest.mark.parametrize("facts, expected", [
    ([attack("GMY")], "triggered"),
    ([attack("ITA")], "not_triggered"),
    ([attack("GMY", on="POL")], "not_triggered"),
    ([], "not_triggered"),
])
def test_named_adversary(facts, expected):
    assert status("attacked(beneficiary, by=[GMY])", facts).status == expected


def test_any_adversary_and_victim_role():
    assert status("attacked(beneficiary, by=any)", [attack("ITA")]).status == "triggered"
    assert status("attacked(obligor)", [attack("GMY", on="RUS")]).status == "triggered"
    assert status("attacked(POL)", [attack("GMY", on="POL")]).status == "triggered"


def test_place_matches_region_or_place_of_the_attack_on_the_beneficiary():
    assert status('attacked(beneficiary) and in_place("Europe")', [attack(region="Europe")]).status == "triggered"
    assert status('attacked(beneficiary) and in_place("Europe")', [attack(region="Asia")]).status == "not_triggered"
    assert status('in_place("Rhineland")', [attack(place="Rhineland demilitarised zone")]).status == "triggered"


def test_kind_of_conflict():
    colonial = attack(detail={"conflict_kind": "colonial"})
    assert status('conflict_kind("colonial")', [colonial]).status == "triggered"
    assert status('conflict_kind("colonial")', [attack()]).status == "not_triggered"
    assert status('conflict_kind("interstate")', [attack()]).status == "triggered"


def test_victim_not_the_provoker():
    cond = "attacked(beneficiary) and unprovoked(beneficiary)"
    assert status(cond, [attack()]).status == "triggered"
    provoked = [attack(), fact("prov", "provocation", "1938-09-29", "FRN", "GMY")]
    o = status(cond, provoked)
    assert o.status == "not_triggered" and "provoke" in o.reason
    # a provocation by someone else does not count against the victim
    assert status(cond, [attack(), fact("prov", "provocation", "1938-09-29", "POL", "GMY")]).status == "triggered"


def test_league_council_finding():
    found = fact("lf", "league_finding", DAY, "LON", "GMY", detail={"finding": "aggression by Germany"})
    assert status('league_finding("aggression")', [found]).status == "triggered"
    breach = fact("lf", "league_finding", DAY, "LON", "GMY", detail={"finding": "breach of the treaty"})
    assert status('league_finding("aggression")', [breach]).status == "not_triggered"


def test_covenant_procedure():
    ref16 = fact("lr", "league_referral", DAY, "FRN", detail={"article": 16})
    assert status("league_procedure(16)", [ref16]).status == "triggered"
    assert status("league_procedure(15)", [ref16]).status == "not_triggered"
    assert status("not league_procedure(15)", [ref16]).status == "triggered"


def test_number_of_attackers():
    one = [attack("GMY")]
    two = [attack("GMY"), attack("ITA")]
    assert status("attackers_at_least(2)", one).status == "not_triggered"
    assert status("attackers_at_least(2)", two).status == "triggered"
    assert status("attackers_at_least(2)", [attack("GMY"), attack("GMY", date="1938-09-29")]).status == "not_triggered"


def test_threat_war_request_refusal_territory():
    assert status("threatened(beneficiary, by=[GMY])", [fact("t", "threat", DAY, "GMY", "FRN")]).status == "triggered"
    assert status("threatened(beneficiary)", [fact("d", "demand", DAY, "GMY", "FRN")]).status == "triggered"
    assert status("at_war(GMY, beneficiary)", [fact("w", "war_declaration", DAY, "FRN", "GMY")]).status == "triggered"
    assert status("requested(beneficiary)", [fact("r", "request", DAY, "FRN", "RUS")]).status == "triggered"
    refused = [fact("d", "demand", "1938-09-22", "GMY", "FRN"), fact("r", "refusal", DAY, "FRN", "GMY")]
    assert status("demand_refused(beneficiary)", refused).status == "triggered"
    assert status("demand_refused(beneficiary)", refused[:1]).status == "not_triggered"
    assert status("on_territory(beneficiary)", [attack(detail={"on_territory": False})]).status == "not_triggered"
    assert status("on_territory(beneficiary)", [attack()]).status == "triggered"


def test_a_request_counts_only_when_made_of_the_named_addressee():
    to_moscow = [fact("r", "request", DAY, "FRN", "RUS")]
    assert status("requested(beneficiary, of=RUS)", to_moscow).status == "triggered"
    assert status("requested(beneficiary, of=LON)", to_moscow).status == "not_triggered"
    assert status("requested(beneficiary, of=LON)", [fact("l", "request", DAY, "FRN", "LON")]).status == "triggered"


def test_boolean_operators_and_constants():
    assert status("true", []).status == "triggered"
    assert status("false or attacked(beneficiary)", [attack()]).status == "triggered"
    assert status("not attacked(beneficiary)", [attack()]).status == "not_triggered"


def test_a_fact_whose_date_may_fall_after_the_day_makes_the_verdict_uncertain():
    o = status("attacked(beneficiary)", [attack(date="1938-09")], on="1938-09-15")
    assert o.status == "pending" and o.pending_on == "uncertain" and not o.certain
    labels = [n.label for n in _flat(o.explanation)]
    assert any("may fall after" in lb for lb in labels)


def test_facts_after_the_day_are_ignored():
    assert status("attacked(beneficiary)", [attack(date="1938-10-05")], on="1938-09-15").status == "not_triggered"


def test_explanation_cites_the_clause_and_each_fact_source():
    o = status("attacked(beneficiary, by=[GMY])", [attack()])
    nodes = _flat(o.explanation)
    clause_nodes = [n for n in nodes if n.kind == "clause"]
    assert clause_nodes and "text of 1" in clause_nodes[0].label and clause_nodes[0].cites
    fact_nodes = [n for n in nodes if n.kind == "fact"]
    assert fact_nodes and fact_nodes[0].cites == ["ref, confidence high"]


def _flat(e):
    out = [e]
    for c in e.children:
        out += _flat(c)
    return out
