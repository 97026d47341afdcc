"""The audit: honoured, broken, evaded, excused; and denunciations against the treaty's own terms."""

from __future__ import annotations

from foedus import engine
from foedus.dates import parse_date
from foedus.engine.audit import denunciation_lawful
from tests.test_engine_fixtures import CITE, clause, crisis, fact, make_kb, treaty

DAY = "1939-09-01"


def kb_for(*facts, end="1939-09-20"):
    kb = make_kb([
        treaty("guar", ["FRN", "POL"], [clause("1", "attacked(beneficiary, by=[GMY]) and unprovoked(beneficiary)", "defense")],
               signed="1925-10-16"),
        treaty("league", ["FRN", "POL", "UKG"], [clause("16", "attacked(beneficiary) and league_procedure(16)", "assistance")],
               signed="1920-01-10"),
        treaty("nap", ["RUS", "POL"], [clause("1", None, "nonaggression")], signed="1932-07-25"),
        treaty("firstfr", ["RUS", "POL"], [clause("2", "attacked(beneficiary) and assisted(FRN, beneficiary)", "defense")],
               signed="1935-01-01"),
    ])
    kb.crises["c"] = crisis("c", DAY, [fact("att", "attack", DAY, "GMY", "POL"), *facts], end=end)
    return kb


def verdict(a, key):
    return next(v for v in a.verdicts if v.key == key)


def test_war_on_the_attacker_honours_a_duty_to_assist():
    a = engine.audit(kb_for(fact("war", "war_declaration", "1939-09-03", "FRN", "GMY")), "c")
    v = verdict(a, "guar/1:FRN->POL")
    assert v.verdict == "honoured" and any("war_declaration" in c for c in v.conduct)


def test_doing_nothing_or_refusing_breaks_a_triggered_duty():
    a = engine.audit(kb_for(), "c")
    assert verdict(a, "guar/1:FRN->POL").verdict == "broken"
    r = engine.audit(kb_for(fact("no", "refusal", "1939-09-02", "FRN", "POL")), "c")
    assert "refused" in verdict(r, "guar/1:FRN->POL").reason
    assert any("FRN broke guar/1" in b for b in a.betrayals)


def test_attacking_the_partner_breaks_non_aggression():
    a = engine.audit(kb_for(fact("sov", "attack", "1939-09-17", "RUS", "POL")), "c")
    assert verdict(a, "nap/1:RUS->POL").verdict == "broken"
    calm = engine.audit(kb_for(), "c")
    assert verdict(calm, "nap/1:RUS->POL").verdict == "honoured"


def test_a_procedural_condition_left_unmet_is_evasion():
    a = engine.audit(kb_for(), "c")
    v = verdict(a, "league/16:UKG->POL")
    assert v.verdict == "evaded" and "league_procedure(16)" in v.reason


def test_a_partner_who_did_not_act_first_excuses_the_contingent_obligor():
    a = engine.audit(kb_for(), "c")
    v = verdict(a, "firstfr/2:RUS->POL")
    assert v.status == "pending" and v.verdict == "excused"


def test_acting_beyond_duty_counts_as_honoured():
    a = engine.audit(kb_for(fact("h", "assistance", "1939-09-05", "UKG", "POL")), "c")
    assert verdict(a, "league/16:UKG->POL").verdict == "honoured"


def test_uninvolved_obligations_are_not_judged():
    a = engine.audit(kb_for(), "c")
    assert not [v for v in a.verdicts if v.beneficiary in ("FRN", "UKG", "RUS")]


# ----------------------------------------------------------------------------- denunciations
def term_treaty(**term):
    return treaty("t", ["GMY", "POL"], [], signed="1934-01-26", in_force="1934-02-24", term=term)


def test_denouncing_before_a_fixed_term_runs_out_is_unlawful():
    ok, why = denunciation_lawful(term_treaty(years=10, renewal="indefinite", notice_months=6), parse_date("1939-04-28"), "GMY")
    assert ok is False and "10-year term" in why and "1944-02-24" in why


def test_denouncing_after_the_term_with_notice_allowed_is_lawful():
    ok, _ = denunciation_lawful(term_treaty(years=2, renewal="indefinite", notice_months=6), parse_date("1939-04-28"))
    assert ok is True


def test_a_treaty_without_a_denunciation_clause_cannot_be_denounced():
    ok, why = denunciation_lawful(term_treaty(renewal="indefinite", text="until the Council decides"), parse_date("1936-03-07"))
    assert ok is False and "no provision for unilateral denunciation" in why


def test_tacitly_renewed_treaty_ends_only_at_a_period_end():
    t = term_treaty(years=3, renewal="tacit", renewal_years=2, notice_months=6)
    ok, why = denunciation_lawful(t, parse_date("1939-09-17"), "RUS")
    assert ok is False and "1941-02-24" in why
    assert denunciation_lawful(t, parse_date("1941-02-24"))[0] is True


def test_no_terms_recorded_means_cannot_tell():
    assert denunciation_lawful(treaty("t", ["GMY", "POL"], []), parse_date("1939-01-01"))[0] is None


def test_audit_lists_denunciations_in_the_crisis_window():
    t = term_treaty(years=10, renewal="indefinite", notice_months=6)
    t = t.model_copy(update={"ended": t.model_validate({**t.model_dump(mode="json"), "ended": {
        "date": "1939-04-28", "how": "denunciation", "by": "GMY", "cite": CITE}}).ended})
    kb = make_kb([t])
    kb.crises["c"] = crisis("c", DAY, [], start="1939-03-21")
    a = engine.audit(kb, "c")
    assert [(d.treaty, d.by, d.lawful) for d in a.denunciations] == [("t", "GMY", "no")]
    assert a.counts["unlawful_denunciations"] == 1 and any("against its terms" in b for b in a.betrayals)
    kb.crises["late"] = crisis("late", "1939-09-01", [], start="1939-08-01")
    assert engine.audit(kb, "late").denunciations == []
