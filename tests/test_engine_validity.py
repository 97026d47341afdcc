"""Time validity: treaties bind only while in force, parties only between accession and withdrawal."""

from __future__ import annotations

from foedus import engine
from foedus.dates import parse_date
from foedus.engine.validity import party_validity, treaty_validity
from tests.test_engine_fixtures import clause, crisis, fact, make_kb, treaty

ATTACK = [fact("a", "attack", "1936-01-01", "GMY", "FRN")]


def _kb(**kw):
    t = treaty("p", ["FRN", "RUS"], [clause("1", "attacked(beneficiary)")], signed="1935-05-02", **kw)
    return make_kb([t])


def test_a_pact_one_day_before_entry_into_force_binds_nobody():
    kb = _kb(in_force="1936-03-27")
    before = engine.evaluate(kb, crisis("c", "1936-03-26", ATTACK))
    assert before.obligations == []
    assert [t.in_force for t in before.treaties] == ["no"]
    assert "not yet in force" in before.treaties[0].reason
    on_the_day = engine.evaluate(kb, crisis("c", "1936-03-27", ATTACK))
    assert on_the_day.get("p/1:RUS->FRN").status == "triggered"


def test_signature_date_counts_when_no_entry_into_force_is_recorded():
    kb = _kb()
    assert engine.evaluate(kb, crisis("c", "1935-05-01", ATTACK)).obligations == []
    assert engine.evaluate(kb, crisis("c", "1935-05-02", [])).get("p/1:RUS->FRN").status == "not_triggered"


def test_treaty_binds_on_the_day_it_ended_and_not_after():
    kb = _kb(ended={"date": "1939-04-28", "how": "denunciation", "by": "RUS", "cite": [{"source": "ref", "confidence": "high"}]})
    assert engine.evaluate(kb, crisis("c", "1939-04-28", ATTACK)).get("p/1:RUS->FRN").status == "triggered"
    after = engine.evaluate(kb, crisis("c", "1939-04-29", ATTACK))
    assert after.obligations == [] and "no longer in force" in after.treaties[0].reason


def test_fixed_term_without_renewal_expires():
    kb = _kb(term={"years": 2, "renewal": "none"})
    assert treaty_validity(kb.treaties["p"], parse_date("1937-05-01")).value is True
    v = treaty_validity(kb.treaties["p"], parse_date("1937-05-03"))
    assert v.value is False and "2-year term" in v.reason


def test_tacit_renewal_keeps_the_treaty_in_force():
    kb = _kb(term={"years": 2, "renewal": "tacit", "renewal_years": 2})
    assert treaty_validity(kb.treaties["p"], parse_date("1950-01-01")).value is True


def test_a_proposal_never_binds():
    kb = _kb(status="proposal")
    ev = engine.evaluate(kb, crisis("c", "1938-01-01", ATTACK))
    assert ev.obligations == [] and "proposal" in ev.treaties[0].reason


def test_a_party_binds_only_between_its_accession_and_its_withdrawal():
    t = treaty("p", [{"state": "FRN"}, {"state": "RUS", "joined": "1937-01-01", "left": "1938-06-30"}, {"state": "POL"}],
               [clause("1", "attacked(beneficiary)")], signed="1935-05-02")
    kb = make_kb([t])
    early = engine.evaluate(kb, crisis("c", "1936-06-01", ATTACK))
    assert early.get("p/1:RUS->FRN").status == "void" and "acceded" in early.get("p/1:RUS->FRN").reason
    assert early.get("p/1:POL->FRN").status == "triggered"
    mid = engine.evaluate(kb, crisis("c", "1937-06-01", ATTACK))
    assert mid.get("p/1:RUS->FRN").status == "triggered"
    late = engine.evaluate(kb, crisis("c", "1938-07-01", ATTACK))
    assert late.get("p/1:RUS->FRN").status == "void" and "left" in late.get("p/1:RUS->FRN").reason
    assert late.get("p/1:FRN->RUS").status == "void"  # nothing is owed to a state no longer a party


def test_an_uncertain_entry_into_force_gives_a_pending_uncertain_verdict():
    kb = _kb(in_force="1936-03")
    ev = engine.evaluate(kb, crisis("c", "1936-03-15", ATTACK))
    o = ev.get("p/1:RUS->FRN")
    assert ev.treaties[0].in_force == "uncertain"
    assert o.status == "pending" and o.pending_on == "uncertain" and not o.certain
    assert "uncertain" in o.reason


def test_party_validity_names_the_state_and_treaty():
    t = treaty("p", [{"state": "FRN"}, {"state": "RUS", "ratified": "1936-02-27"}], [], signed="1935-05-02")
    v = party_validity(t, "RUS", parse_date("1936-01-01"))
    assert v.value is False and "RUS" in v.reason and "p" in v.reason
    assert party_validity(t, "POL", parse_date("1936-01-01")).value is False
