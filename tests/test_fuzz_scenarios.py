"""Whatever a user puts in a scenario or what-if file (YAML or JSON, structure or bytes), loading,
checking and evaluating it ends in a result or a ScenarioError/EngineError naming the file:
never another exception, never code run, never a hang."""

from __future__ import annotations

import json

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings, strategies as st

from foedus.engine import EngineError, ScenarioError, evaluate, load_scenario, validate_scenario
from foedus.kb import check_kb
from foedus.kb.models import FACT_KINDS
from tests.e2e.fixture import KB, SEEDS

FUZZ = settings(max_examples=80, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
"""Examples per target; derandomized so a run is reproducible, bounded so the file runs in seconds."""


@pytest.fixture(scope="module")
def kb():
    base, errors = check_kb(KB, SEEDS)
    assert not errors
    return base


scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-10**12, 10**12), st.floats(allow_nan=True), st.text(max_size=30),
    st.sampled_from(["FRN", "RUS", "GMY", "CZE", "XXX", "crisis-test", "threat", "attack", "pact-1935/art2",
                     "1938-09-29", "1938-09?", "1938-09-31", "9999-12-31", "0001-01-01", "../../etc/passwd",
                     "attacked(beneficiary)", "attacked(beneficiary) and not", "((((((", "!!python/object", *FACT_KINDS]))
keys = st.sampled_from(["id", "name", "crisis", "on", "date", "start", "end", "facts", "add_facts", "remove_facts",
                        "change_facts", "set", "replace_condition", "clause", "condition", "add_treaties", "parties",
                        "state", "clauses", "kind", "actor", "target", "assume_performed", "cite", "x"])
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                       st.dictionaries(keys, inner, max_size=6)), max_leaves=30)
fact_fields = st.sampled_from(["id", "kind", "date", "actor", "target", "place", "region", "note", "cite", "x"])
good_fact = st.fixed_dictionaries({
    "id": st.sampled_from(["f1", "f2", "threat", "attack"]), "kind": st.sampled_from(FACT_KINDS),
    "date": st.sampled_from(["1938-09-20", "1938-09?", "1950-01-01", "1938-13-01", "junk"]),
    "actor": st.lists(st.sampled_from(["FRN", "RUS", "GMY", "CZE", "XXX"]), max_size=3)})
what_if = st.fixed_dictionaries({}, optional={
    "id": st.text(max_size=10), "crisis": st.sampled_from(["crisis-test", "nope", "", 3]),
    "on": st.sampled_from(["1938-09-29", "1938", "2100-01-01", "x", None]),
    "add_facts": st.lists(st.one_of(good_fact, values), max_size=3),
    "remove_facts": st.lists(st.sampled_from(["threat", "attack", "nope", 7]), max_size=3),
    "change_facts": st.lists(st.fixed_dictionaries({"id": st.sampled_from(["threat", "attack", "nope"]),
                                                    "set": st.dictionaries(fact_fields, values, max_size=3)}),
                             max_size=2),
    "replace_condition": st.lists(st.fixed_dictionaries({
        "clause": st.sampled_from(["pact-1935/art2", "fra-cze-1925/art1", "nope/x", "pact-1935"]),
        "condition": st.one_of(st.none(), scalars)}), max_size=2),
    "assume_performed": st.one_of(st.booleans(), scalars),
    "junk": values})
plausible_what_if = st.fixed_dictionaries({"crisis": st.just("crisis-test")}, optional={
    "add_facts": st.lists(good_fact, max_size=2),
    "remove_facts": st.lists(st.sampled_from(["threat", "attack"]), max_size=2, unique=True),
    "change_facts": st.lists(st.fixed_dictionaries({"id": st.sampled_from(["threat", "attack"]),
                                                    "set": st.dictionaries(fact_fields, scalars | st.lists(scalars, max_size=2),
                                                                           min_size=1, max_size=2)}), max_size=1),
    "replace_condition": st.lists(st.fixed_dictionaries({
        "clause": st.sampled_from(["pact-1935/art2", "fra-cze-1925/art1"]),
        "condition": st.one_of(st.none(), scalars)}), max_size=1),
    "assume_performed": st.booleans()})
documents = st.one_of(
    st.fixed_dictionaries({"what_if": what_if}),
    st.fixed_dictionaries({"what_if": plausible_what_if}),
    st.fixed_dictionaries({"what_if": plausible_what_if}),
    st.dictionaries(st.sampled_from(["crisis", "what_if", "junk"]), values, max_size=3),
    values)


def _run(kb, path) -> None:
    """Load, check and evaluate a scenario file; only the engine's own errors may come out."""
    try:
        sc = load_scenario(path)
        validate_scenario(kb, sc, kb.crises["crisis-test"])
        evaluate(kb, sc if sc.crisis is not None else "crisis-test", what_if=sc if sc.what_if else None)
        event("evaluated")
    except ScenarioError as e:
        event("ScenarioError")
        assert e.errors and all(err.file == str(path) and err.message for err in e.errors)
    except EngineError as e:
        event("EngineError")
        assert str(e)


@FUZZ
@given(doc=documents)
def test_random_yaml_scenarios_give_errors_not_crashes(kb, tmp_path, doc):
    path = tmp_path / "scenario.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True))
    _run(kb, path)


@FUZZ
@given(doc=documents)
def test_random_json_scenarios_give_errors_not_crashes(kb, tmp_path, doc):
    path = tmp_path / "scenario.json"
    path.write_text(json.dumps(doc))  # NaN and Infinity included: Python's json reads them back
    _run(kb, path)


@FUZZ
@given(fact=st.sampled_from(["threat", "attack"]), field=fact_fields,
       value=scalars | st.lists(scalars, max_size=3) | st.dictionaries(keys, scalars, max_size=2),
       suffix=st.sampled_from([".yaml", ".json"]))
def test_changing_a_fact_field_to_any_value_gives_a_result_or_an_error(kb, tmp_path, fact, field, value, suffix):
    doc = {"what_if": {"crisis": "crisis-test", "change_facts": [{"id": fact, "set": {field: value}}]}}
    path = tmp_path / f"scenario{suffix}"
    path.write_text(json.dumps(doc) if suffix == ".json" else yaml.safe_dump(doc))
    _run(kb, path)


@FUZZ
@given(data=st.one_of(st.binary(max_size=400),
                      st.builds(lambda a, b: a + b, st.sampled_from([b"what_if:\n  ", b'{"what_if": ', b"crisis: "]),
                                st.binary(max_size=200))),
       suffix=st.sampled_from([".yaml", ".json"]))
def test_random_bytes_in_a_scenario_file_give_errors_not_crashes(kb, tmp_path, data, suffix):
    path = tmp_path / f"scenario{suffix}"
    path.write_bytes(data)
    _run(kb, path)


def test_python_tags_in_a_scenario_are_not_executed(kb, tmp_path):
    marker = tmp_path / "pwned"
    path = tmp_path / "evil.yaml"
    path.write_text(f"what_if: !!python/object/apply:os.system ['touch {marker}']\n")
    with pytest.raises(ScenarioError) as e:
        load_scenario(path)
    assert not marker.exists()
    assert str(path) in str(e.value)


def test_yaml_alias_bomb_in_a_scenario_is_refused(kb, tmp_path):
    lines = ["what_if:", "  crisis: crisis-test", "  junk:", "    l0: &l0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"    l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 10) + "]" for i in range(1, 9)]
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(ScenarioError) as e:
        load_scenario(path)
    assert "too complex" in str(e.value)


def test_deeply_nested_json_scenario_is_an_error_not_a_recursion_crash(kb, tmp_path):
    path = tmp_path / "deep.json"
    path.write_text('{"what_if": ' + "[" * 100_000 + "]" * 100_000 + "}")
    with pytest.raises(ScenarioError) as e:
        load_scenario(path)
    assert str(path) in str(e.value)


def test_deeply_nested_yaml_scenario_is_an_error_not_a_recursion_crash(kb, tmp_path):
    n = 900
    path = tmp_path / "deep.yaml"
    path.write_text("what_if:\n  junk:\n" + "".join("  " * (i + 1) + "-\n" for i in range(1, n)) + "  " * (n + 1) + "- x\n")
    with pytest.raises(ScenarioError) as e:
        load_scenario(path)
    assert str(path) in str(e.value)


def test_scenario_that_is_a_directory_or_missing_is_a_clear_error(tmp_path):
    for p in (tmp_path, tmp_path / "missing.yaml"):
        with pytest.raises(ScenarioError, match="not found"):
            load_scenario(p)
