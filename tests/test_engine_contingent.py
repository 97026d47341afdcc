"""Contingent obligations ("binds B only if C has assisted first"), chains and cycles."""

from __future__ import annotations

from foedus import engine
from foedus.engine import WhatIf
from tests.test_engine_fixtures import clause, crisis, fact, make_kb, treaty

DAY = "1938-10-02"
ATTACK = fact("att", "attack", "1938-10-01", "GMY", "CZE")
FRANCE_FIRST = "attacked(beneficiary, by=any) and assisted(FRN, beneficiary)"


def chain_kb(extra=()):
    """France guarantees Czechoslovakia; the USSR helps Czechoslovakia only if France has."""
    return make_kb([
        treaty("fc", ["FRN", "CZE"], [clause("1", "attacked(beneficiary, by=[GMY])", "defense")], signed="1925-10-16"),
        treaty("cs", ["CZE", "RUS"], [clause("2", FRANCE_FIRST, "defense")], signed="1935-05-16"),
        *extra,
    ])


def test_binds_once_the_partner_has_assisted_first():
    helped = [ATTACK, fact("fr", "assistance", "1938-10-02", "FRN", "CZE")]
    o = engine.evaluate(chain_kb(), crisis("c", DAY, helped)).get("cs/2:RUS->CZE")
    assert o.status == "triggered" and "assistance" in o.reason


def test_waits_on_the_partner_that_is_bound_but_has_not_acted():
    ev = engine.evaluate(chain_kb(), crisis("c", DAY, [ATTACK]))
    assert ev.get("fc/1:FRN->CZE").status == "triggered"
    o = ev.get("cs/2:RUS->CZE")
    assert o.status == "pending" and o.pending_on == "contingent"
    assert o.waits_on == ["fc/1:FRN->CZE"]
    assert ev.cycles == []


def test_not_triggered_when_the_partner_is_not_bound_and_did_not_act():
    kb = chain_kb()
    ev = engine.evaluate(kb, crisis("c", DAY, [fact("att", "attack", "1938-10-01", "HUN", "CZE")]))
    assert ev.get("fc/1:FRN->CZE").status == "not_triggered"
    o = ev.get("cs/2:RUS->CZE")
    assert o.status == "not_triggered" and "FRN has not come to the assistance of CZE" in o.reason


def test_assuming_performance_resolves_the_chain_to_a_fixed_point():
    kb = chain_kb()
    c = crisis("c", DAY, [ATTACK])
    kb.crises["c"] = c
    ev = engine.evaluate(kb, "c", what_if=WhatIf(assume_performed=True))
    assert ev.get("cs/2:RUS->CZE").status == "triggered"
    assert ev.assume_performed


def test_a_three_link_chain_resolves_in_order():
    # Romania helps Czechoslovakia only if the USSR has; the USSR only if France has.
    ro = treaty("rc", ["ROM", "CZE"], [clause("3", "attacked(beneficiary) and assisted(RUS, beneficiary)", "defense")],
                signed="1921-04-23")
    kb = chain_kb([ro])
    kb.crises["c"] = crisis("c", DAY, [ATTACK])
    waiting = engine.evaluate(kb, "c")
    assert waiting.get("rc/3:ROM->CZE").status == "pending"
    assert waiting.get("rc/3:ROM->CZE").waits_on == ["cs/2:RUS->CZE"]
    done = engine.evaluate(kb, "c", what_if=WhatIf(assume_performed=True))
    assert done.get("rc/3:ROM->CZE").status == "triggered"
    france_acts = engine.evaluate(kb, crisis("c2", DAY, [ATTACK, fact("fr", "assistance", DAY, "FRN", "CZE")]))
    assert france_acts.get("cs/2:RUS->CZE").status == "triggered"
    assert france_acts.get("rc/3:ROM->CZE").status == "pending"  # the USSR is now bound, but has not acted


def test_mutual_waiting_is_reported_as_a_cycle():
    # each of RUS and ROM helps POL only if the other has helped POL first
    kb = make_kb([
        treaty("a", ["RUS", "POL"], [clause("1", "attacked(beneficiary) and assisted(ROM, beneficiary)", "defense")]),
        treaty("b", ["ROM", "POL"], [clause("1", "attacked(beneficiary) and assisted(RUS, beneficiary)", "defense")]),
    ])
    ev = engine.evaluate(kb, crisis("c", DAY, [fact("att", "attack", DAY, "GMY", "POL")]))
    x, y = ev.get("a/1:RUS->POL"), ev.get("b/1:ROM->POL")
    assert x.status == y.status == "pending"
    assert x.pending_on == y.pending_on == "cycle"
    assert len(ev.cycles) == 1 and sorted(ev.cycles[0].members) == ["a/1:RUS->POL", "b/1:ROM->POL"]
    assert "mutual waiting" in ev.cycles[0].text and "cycle" in x.reason
    # either one acting breaks the cycle
    acted = engine.evaluate(kb, crisis("c", DAY, [fact("att", "attack", DAY, "GMY", "POL"),
                                                  fact("h", "assistance", DAY, "ROM", "POL")]))
    assert acted.get("a/1:RUS->POL").status == "triggered" and acted.cycles == []


def test_a_cycle_under_assumed_performance_stays_pending_nobody_moves_first():
    kb = make_kb([
        treaty("a", ["RUS", "POL"], [clause("1", "attacked(beneficiary) and assisted(ROM, beneficiary)", "defense")]),
        treaty("b", ["ROM", "POL"], [clause("1", "attacked(beneficiary) and assisted(RUS, beneficiary)", "defense")]),
    ])
    kb.crises["c"] = crisis("c", DAY, [fact("att", "attack", DAY, "GMY", "POL")])
    ev = engine.evaluate(kb, "c", what_if=WhatIf(assume_performed=True))
    assert ev.get("a/1:RUS->POL").pending_on == "cycle"


def test_contingent_on_without_assisted_waits_for_the_listed_clause():
    cs = treaty("cs", ["CZE", "RUS"], [clause("2", "attacked(beneficiary)", "defense", contingent_on=["fc/1"])],
                signed="1935-05-16")
    kb = make_kb([treaty("fc", ["FRN", "CZE"], [clause("1", "attacked(beneficiary, by=[GMY])", "defense")]), cs])
    ev = engine.evaluate(kb, crisis("c", DAY, [ATTACK]))
    assert ev.get("cs/2:RUS->CZE").status == "pending"
    assert ev.get("cs/2:RUS->CZE").waits_on == ["fc/1:FRN->CZE"]
    assert ev.get("cs/2:CZE->RUS").status == "not_triggered"


def test_contingent_on_limits_which_partner_duties_count():
    # France also owes Czechoslovakia a League guarantee, but only fc/1 is the awaited performance
    league = treaty("lg", ["FRN", "CZE"], [clause("10", "attacked(beneficiary)", "guarantee")])
    cs = treaty("cs", ["CZE", "RUS"], [clause("2", FRANCE_FIRST, "defense", contingent_on=["fc/1"])], signed="1935-05-16")
    kb = make_kb([treaty("fc", ["FRN", "CZE"], [clause("1", "attacked(beneficiary, by=[ITA])", "defense")]), cs, league])
    o = engine.evaluate(kb, crisis("c", DAY, [ATTACK])).get("cs/2:RUS->CZE")
    assert o.status == "not_triggered"
