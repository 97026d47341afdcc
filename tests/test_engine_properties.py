"""Properties of the evaluator (hypothesis): irrelevant facts change nothing; evaluation is deterministic."""

from __future__ import annotations

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from foedus import engine
from tests.test_engine_fixtures import clause, crisis, fact, make_kb, treaty

PARTIES = ["FRN", "RUS", "CZE", "POL"]
OUTSIDERS = ["HUN", "YUG", "BEL"]  # never parties, never named in a condition
DAY = "1938-10-02"

KB = make_kb([
    treaty("fc", ["FRN", "CZE"], [clause("1", "attacked(beneficiary, by=[GMY]) and unprovoked(beneficiary)", "defense")],
           signed="1925-10-16"),
    treaty("cs", ["CZE", "RUS"], [clause("2", 'attacked(beneficiary) and in_place("Europe") and assisted(FRN, beneficiary)',
                                         "defense"),
                                  clause("1", "threatened(beneficiary)", "consultation")], signed="1935-05-16"),
    treaty("fp", ["FRN", "POL"], [clause("1", "attacked(beneficiary) and league_procedure(16)", "assistance"),
                                  clause("2", "attackers_at_least(2)", "defense"),
                                  clause("3", None, "nonaggression")], signed="1921-02-19"),
])

kinds = st.sampled_from(["attack", "threat", "assistance", "provocation", "league_referral", "demand", "mobilisation"])
dates = st.sampled_from(["1938-09-12", "1938-09-30", "1938-10-01", "1938-09", "1938"])


@st.composite
def facts(draw, actors=st.sampled_from(["GMY", "ITA", *PARTIES]), targets=st.sampled_from(PARTIES)):
    n = draw(st.integers(0, 6))
    out = []
    for i in range(n):
        out.append(fact(f"f{i}", draw(kinds), draw(dates), draw(actors), [draw(targets)], region="Europe",
                        detail={"article": 16}))
    return out


def _statuses(ev):
    return [(o.key, o.status, o.pending_on, o.reason) for o in ev.obligations]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(base=facts(), kind=st.sampled_from(["cession", "neutrality_declared", "mobilisation", "consultation", "denunciation"]),
       date=dates, actor=st.sampled_from(["GMY", *PARTIES, *OUTSIDERS]))
def test_adding_a_fact_that_satisfies_no_condition_changes_nothing(base, kind, date, actor):
    # no predicate reads these kinds, so no verdict may change
    before = engine.evaluate(KB, crisis("c", DAY, base))
    after = engine.evaluate(KB, crisis("c", DAY, base + [fact("extra", kind, date, actor, ["CZE"])]))
    assert _statuses(before) == _statuses(after)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(base=facts(), kind=kinds, a=st.sampled_from(OUTSIDERS), b=st.sampled_from(OUTSIDERS))
def test_a_fact_between_outsiders_changes_nothing(base, kind, a, b):
    # attacks, threats or help among states no clause names or protects leave every verdict alone,
    # except the count of attackers, which such a fact cannot reach (its target is an outsider)
    before = engine.evaluate(KB, crisis("c", DAY, base))
    after = engine.evaluate(KB, crisis("c", DAY, base + [fact("extra", kind, DAY, a, [b], region="Europe")]))
    assert _statuses(before) == _statuses(after)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(base=facts(), seed=st.integers(0, 1000))
def test_evaluation_is_deterministic_and_ignores_fact_order(base, seed):
    one = engine.evaluate(KB, crisis("c", DAY, base)).model_dump(mode="json")
    two = engine.evaluate(KB, crisis("c", DAY, base)).model_dump(mode="json")
    assert one == two
    shuffled = list(base)
    random.Random(seed).shuffle(shuffled)
    three = engine.evaluate(KB, crisis("c", DAY, shuffled)).model_dump(mode="json")
    assert one["obligations"] == three["obligations"]
