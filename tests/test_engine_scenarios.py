"""Scenario files (crises and what-ifs): loading, applying, diffing, and clear errors for bad input."""

from __future__ import annotations

import json

import pytest

from foedus import engine
from foedus.engine import EngineError, ScenarioError
from tests.test_engine_fixtures import clause, crisis, fact, make_kb, treaty

DAY = "1938-10-02"


@pytest.fixture
def kb():
    k = make_kb([
        treaty("fc", ["FRN", "CZE"], [clause("1", "attacked(beneficiary, by=[GMY])", "defense")], signed="1925-10-16"),
        treaty("cs", ["CZE", "RUS"], [clause("2", "attacked(beneficiary) and assisted(FRN, beneficiary)", "defense")],
               signed="1935-05-16"),
    ])
    k.crises["munich"] = crisis("munich", DAY, [fact("threat", "threat", "1938-09-12", "GMY", "CZE")])
    return k


def write(tmp_path, text, name="w.yaml"):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_what_if_adding_facts_changes_the_verdicts_and_the_diff_says_which(kb, tmp_path):
    p = write(tmp_path, """\
what_if:
  id: war
  crisis: munich
  add_facts:
    - {id: att, kind: attack, date: 1938-10-01, actor: GMY, target: CZE}
    - {id: fr, kind: assistance, date: 1938-10-02, actor: FRN, target: CZE}
""")
    base = engine.evaluate(kb, "munich")
    alt = engine.evaluate(kb, "munich", what_if=p)
    assert alt.what_if == "war"
    d = engine.diff(base, alt)
    changed = {c.key: (c.before, c.after) for c in d.changed}
    assert changed["fc/1:FRN->CZE"] == ("not_triggered", "triggered")
    assert changed["cs/2:RUS->CZE"] == ("not_triggered", "triggered")
    assert "att" in d.facts_added and not d.facts_removed
    assert engine.diff(base, base).empty


def test_remove_and_change_facts(kb, tmp_path):
    kb.crises["munich"] = crisis("munich", DAY, [fact("att", "attack", "1938-10-01", "GMY", "CZE")])
    removed = engine.evaluate(kb, "munich", what_if={"remove_facts": ["att"]})
    assert removed.get("fc/1:FRN->CZE").status == "not_triggered"
    changed = engine.evaluate(kb, "munich", what_if={"change_facts": [{"id": "att", "set": {"actor": ["ITA"]}}]})
    assert changed.get("fc/1:FRN->CZE").status == "not_triggered"
    later = engine.evaluate(kb, "munich", what_if={"change_facts": [{"id": "att", "set": {"date": "1938-11-01"}}]})
    assert later.get("fc/1:FRN->CZE").status == "not_triggered"


def test_replace_condition_and_add_treaty(kb):
    kb.crises["munich"] = crisis("munich", DAY, [fact("att", "attack", "1938-10-01", "GMY", "CZE")])
    w = {"replace_condition": [{"clause": "cs/2", "condition": "attacked(beneficiary)"}],
         "add_treaties": [{"id": "uk", "name": "UK guarantee", "kind": "guarantee", "parties": [{"state": "UKG"}, {"state": "CZE"}],
                           "signed": "1938-09-01", "clauses": [{"id": "1", "article": "1", "text": "guarantee",
                                                                "obligation": "guarantee", "obligors": ["UKG"],
                                                                "beneficiaries": ["CZE"], "condition": "attacked(beneficiary)"}]}]}
    ev = engine.evaluate(kb, "munich", what_if=w)
    assert ev.get("cs/2:RUS->CZE").status == "triggered"
    assert ev.get("uk/1:UKG->CZE").status == "triggered"
    assert [t.hypothetical for t in ev.treaties if t.id == "uk"] == [True]
    assert "uk" not in kb.treaties and kb.treaties["cs"].clauses[0].condition.endswith("assisted(FRN, beneficiary)")


def test_unknown_state_is_reported_with_file_line_and_field(kb, tmp_path):
    p = write(tmp_path, """\
what_if:
  crisis: munich
  add_facts:
    - {id: x, kind: attack, date: 1938-10-01, actor: XYZ, target: CZE}
""")
    with pytest.raises(ScenarioError) as e:
        engine.evaluate(kb, "munich", what_if=p)
    err = e.value.errors[0]
    assert err.field == "what_if.add_facts[0].actor[0]" and "unknown state 'XYZ'" in err.message
    assert err.file.endswith("w.yaml") and err.line == 4


def test_date_outside_the_kb_is_reported(kb):
    with pytest.raises(ScenarioError) as e:
        engine.evaluate(kb, "munich", what_if={"add_facts": [{"id": "x", "kind": "attack", "date": "1850-01-01",
                                                              "actor": "GMY", "target": "CZE"}]})
    assert e.value.errors[0].field == "what_if.add_facts[0].date"
    assert "outside the period" in e.value.errors[0].message


def test_malformed_condition_is_reported(kb):
    with pytest.raises(ScenarioError) as e:
        engine.evaluate(kb, "munich", what_if={"replace_condition": [{"clause": "cs/2", "condition": "attacked(beneficiary"}]})
    assert e.value.errors[0].field == "what_if.replace_condition[0].condition"
    assert "malformed condition" in e.value.errors[0].message
    with pytest.raises(ScenarioError) as e:
        engine.evaluate(kb, "munich", what_if={"replace_condition": [{"clause": "cs/2", "condition": "__import__('os')"}]})
    assert "malformed condition" in e.value.errors[0].message


def test_unknown_fact_clause_and_fact_kind_are_reported(kb):
    with pytest.raises(ScenarioError) as e:
        engine.evaluate(kb, "munich", what_if={"remove_facts": ["nope"],
                                               "replace_condition": [{"clause": "cs/9", "condition": "true"}]})
    fields = {x.field for x in e.value.errors}
    assert fields == {"what_if.remove_facts[0]", "what_if.replace_condition[0].clause"}
    with pytest.raises(ScenarioError) as e:
        engine.evaluate(kb, "munich", what_if={"add_facts": [{"id": "x", "kind": "bombing", "date": "1938-10-01", "actor": "GMY"}]})
    assert e.value.errors[0].field == "what_if.add_facts[0].kind"


def test_unknown_crisis_and_bad_day_are_engine_errors(kb):
    with pytest.raises(EngineError, match="crisis: unknown crisis 'nope'"):
        engine.evaluate(kb, "nope")
    with pytest.raises(EngineError, match="on: "):
        engine.evaluate(kb, "munich", on="1938-13-45")
    with pytest.raises(EngineError, match="on: 1850-01-01 is outside the period"):
        engine.evaluate(kb, "munich", on="1850-01-01")


def test_a_users_crisis_file_in_json_with_uncited_facts(kb, tmp_path):
    p = write(tmp_path, json.dumps({"crisis": {"id": "mine", "name": "mine", "date": DAY, "facts": [
        {"id": "att", "kind": "attack", "date": "1938-10-01", "actor": "GMY", "target": "CZE"}]}}), "c.json")
    sc = engine.load_scenario(p)
    ev = engine.evaluate(kb, sc)
    assert ev.crisis == "mine" and ev.get("fc/1:FRN->CZE").status == "triggered"
    assert ev.facts[0].sources == ("user, confidence low (supplied by the user)",)


def test_a_users_crisis_with_an_unknown_state_names_the_field(kb, tmp_path):
    p = write(tmp_path, "crisis:\n  id: mine\n  name: mine\n  date: 1938-10-02\n  facts:\n"
                        "    - {id: a, kind: attack, date: 1938-10-01, actor: GMY, target: [ZZZ]}\n")
    with pytest.raises(ScenarioError) as e:
        engine.evaluate(kb, engine.load_scenario(p))
    assert e.value.errors[0].field == "crisis.facts[0].target[0]" and e.value.errors[0].line == 6


def test_malformed_files(tmp_path):
    with pytest.raises(ScenarioError, match="expected a mapping"):
        engine.load_scenario(write(tmp_path, "- just a list\n"))
    with pytest.raises(ScenarioError, match="unknown section"):
        engine.load_scenario(write(tmp_path, "what_if: {}\nextra: 1\n"))
    with pytest.raises(ScenarioError, match="not valid JSON"):
        engine.load_scenario(write(tmp_path, "{oops", "x.json"))
    with pytest.raises(ScenarioError, match="not found"):
        engine.load_scenario(tmp_path / "missing.yaml")
    with pytest.raises(ScenarioError) as e:
        engine.load_scenario(write(tmp_path, "what_if:\n  add_facts: [{id: a, kind: attack, date: 1938-13-45, actor: GMY}]\n"))
    assert e.value.errors[0].field == "what_if.add_facts[0].date"
