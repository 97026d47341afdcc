import pytest
from hypothesis import given, strategies as st

from foedus.conditions import And, Call, ConditionError, Not, Or, Ref, parse_condition, refs, to_text


def test_parses_the_czechoslovak_contingent_clause():
    ast = parse_condition("attacked(beneficiary) and assisted(FRN, beneficiary)")
    assert isinstance(ast, And)
    assert ast.items[1] == Call("assisted", (Ref("FRN"), Ref("beneficiary")), ())
    assert refs(ast) == {"beneficiary", "FRN"}


def test_operators_bind_not_then_and_then_or():
    ast = parse_condition("not attacked(obligor) and unprovoked(beneficiary) or league_finding()")
    assert isinstance(ast, Or) and isinstance(ast.items[0], And) and isinstance(ast.items[0].items[0], Not)


def test_named_adversary_list_and_keyword_arguments():
    ast = parse_condition('attacked(beneficiary, by=[GMY, ITA]) and in_place("Europe") and attackers_at_least(n=2)')
    assert "GMY" in refs(ast) and "ITA" in refs(ast)


@pytest.mark.parametrize("text,needle", [
    ("attacked(", "end of condition"),
    ("attack(FRN)", "unknown predicate 'attack'"),
    ("attacked(1)", "expected a role"),
    ("attacked(FRN, by=2)", "expected a role"),
    ("attacked()", "missing its argument 'victim'"),
    ("attacked(FRN, colour=GMY)", "no parameter 'colour'"),
    ("attacked(FRN) && unprovoked(FRN)", "unexpected character"),
    ("__import__('os')", "unexpected"),
    ("", "empty"),
    ("(" * 40 + "true" + ")" * 40, "nested deeper"),
    ("true or " * 400 + "true", "longer than"),
])
def test_malformed_conditions_say_what_was_expected(text, needle):
    with pytest.raises(ConditionError) as e:
        parse_condition(text)
    assert needle in str(e.value)


_names = st.sampled_from(["obligor", "beneficiary", "any", "FRN", "RUS", "GMY"])
_calls = st.one_of(
    _names.map(lambda n: f"attacked({n})"),
    st.tuples(_names, _names).map(lambda t: f"assisted({t[0]}, {t[1]})"),
    st.integers(0, 9).map(lambda n: f"attackers_at_least({n})"),
    st.just('league_finding("aggression")'),
)
_exprs = st.recursive(_calls, lambda inner: st.one_of(
    st.tuples(inner, inner).map(lambda t: f"({t[0]} and {t[1]})"),
    st.tuples(inner, inner).map(lambda t: f"({t[0]} or {t[1]})"),
    inner.map(lambda e: f"not {e}"),
), max_leaves=12)


@given(_exprs)
def test_canonical_text_round_trips(text):
    ast = parse_condition(text)
    assert parse_condition(to_text(ast)) == ast


@given(st.text(max_size=60))
def test_arbitrary_text_parses_or_raises_condition_error(text):
    try:
        parse_condition(text)
    except ConditionError:
        pass
