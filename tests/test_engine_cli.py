"""The command line: foedus crisis list / eval, foedus audit; JSON output and clear errors.

Runs on a small knowledge base written to a temporary folder (loading the real KB takes
tens of seconds; the real crises are covered through the Python API in
test_engine_builtin_crises.py).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from foedus.cli import app

runner = CliRunner()

KB_YAML = """\
sources:
  - {id: ref, kind: book, title: A reference, author: A. Author, year: 1990,
     reliability: {grade: B, reason: "fixture reference for the CLI tests"}}
states:
  - {id: FRN, name: France, cite: [{source: ref, confidence: high}]}
  - {id: RUS, name: Soviet Union, cite: [{source: ref, confidence: high}]}
  - {id: CZE, name: Czechoslovakia, cite: [{source: ref, confidence: high}]}
  - {id: GMY, name: Germany, cite: [{source: ref, confidence: high}]}
treaties:
  - id: fc
    name: Franco-Czechoslovak guarantee
    kind: guarantee
    parties: [{state: FRN}, {state: CZE}]
    signed: 1925-10-16
    term: {renewal: indefinite, text: no denunciation clause}
    ended: {date: 1938-10-01, how: denunciation, by: FRN, cite: [{source: ref, confidence: high}]}
    cite: [{source: ref, confidence: high}]
    clauses:
      - {id: "1", article: Art. 1, text: France helps if Germany attacks., obligation: defense,
         condition: "attacked(beneficiary, by=[GMY])", cite: [{source: ref, confidence: high}]}
  - id: cs
    name: Czechoslovak-Soviet pact
    kind: mutual_assistance
    parties: [{state: CZE}, {state: RUS}]
    signed: 1935-05-16
    cite: [{source: ref, confidence: high}]
    clauses:
      - {id: "2", article: Art. 2, text: Help only if France helps first., obligation: defense,
         condition: "attacked(beneficiary) and assisted(FRN, beneficiary)", cite: [{source: ref, confidence: high}]}
crises:
  - id: munich
    name: Munich
    date: 1938-09-30
    start: 1938-09-12
    end: 1938-10-05
    cite: [{source: ref, confidence: high}]
    facts:
      - {id: threat, kind: threat, date: 1938-09-12, actor: GMY, target: CZE, cite: [{source: ref, confidence: high}]}
"""

WHAT_IF = """\
what_if:
  id: war
  crisis: munich
  add_facts:
    - {id: att, kind: attack, date: 1938-09-30, actor: GMY, target: CZE}
"""


@pytest.fixture
def kb(tmp_path: Path) -> Path:
    root = tmp_path / "kb"
    root.mkdir()
    (root / "kb.yaml").write_text(KB_YAML, encoding="utf-8")
    return root


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


def test_crisis_list_json_names_the_crises(kb):
    r = run("crisis", "list", "--kb", kb, "--json")
    assert r.exit_code == 0, r.output
    assert [c["id"] for c in json.loads(r.stdout)] == ["munich"]
    assert "Munich" in run("crisis", "list", "--kb", kb).stdout


def test_crisis_eval_json_with_what_if_includes_the_diff(kb, tmp_path):
    w = tmp_path / "w.yaml"
    w.write_text(WHAT_IF, encoding="utf-8")
    r = run("crisis", "eval", "munich", "--kb", kb, "--what-if", w, "--json")
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert out["evaluation"]["what_if"] == "war"
    changed = {c["key"]: c["after"] for c in out["diff"]["changed"]}
    assert changed == {"fc/1:FRN->CZE": "triggered", "cs/2:RUS->CZE": "pending"}


def test_crisis_eval_renders_a_tree_and_explanations(kb, tmp_path):
    w = tmp_path / "w.yaml"
    w.write_text(WHAT_IF, encoding="utf-8")
    r = run("crisis", "eval", "munich", "--kb", kb, "--what-if", w, "--explain")
    assert r.exit_code == 0, r.output
    assert "PENDING" in r.stdout and "waiting for FRN" in r.stdout and "difference from the historical" in r.stdout
    plain = run("crisis", "eval", "munich", "--kb", kb, "--all", "--on", "1938-09-15")
    assert plain.exit_code == 0 and "not_triggered" in plain.stdout


def test_audit_json_and_table(kb):
    r = run("audit", "munich", "--kb", kb, "--json")
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert [(d["treaty"], d["lawful"]) for d in out["denunciations"]] == [("fc", "no")]
    assert any("fc/1" in b for b in out["betrayals"])
    t = run("audit", "munich", "--kb", kb, "--all")
    assert t.exit_code == 0 and "Denunciations" in t.stdout and "evaded" in t.stdout


def test_bad_what_if_exits_2_naming_the_field(kb, tmp_path):
    p = tmp_path / "bad.yaml"
    p.write_text("what_if:\n  add_facts:\n    - {id: x, kind: attack, date: 1938-10-01, actor: NOPE}\n", encoding="utf-8")
    r = run("crisis", "eval", "munich", "--kb", kb, "--what-if", p)
    assert r.exit_code == 2
    assert "what_if.add_facts[0].actor[0]" in r.output and "NOPE" in r.output


def test_unknown_crisis_exits_2(kb):
    r = run("crisis", "eval", "no-such-crisis", "--kb", kb)
    assert r.exit_code == 2 and "unknown crisis" in r.output


def test_a_crisis_file_can_be_evaluated_directly(kb, tmp_path):
    c = tmp_path / "mine.yaml"
    c.write_text("crisis:\n  id: mine\n  name: Mine\n  date: 1938-09-30\n  facts:\n"
                 "    - {id: a, kind: attack, date: 1938-09-30, actor: GMY, target: CZE}\n", encoding="utf-8")
    r = run("crisis", "eval", c, "--kb", kb, "--json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["counts"]["triggered"] == 1
