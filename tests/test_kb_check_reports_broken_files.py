"""`foedus kb check` names file, line and field for each kind of bad input."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from foedus.kb import check_kb

from .conftest import FIXTURES

BROKEN = sorted((FIXTURES / "broken").glob("*.yaml"))


def expectation(path: Path) -> tuple[int, str | None, str]:
    m = re.match(r"# expect: (\d+) \| (\S+) \| (.+)", path.read_text().splitlines()[0])
    assert m, f"{path.name} lacks its '# expect:' header"
    field = None if m.group(2) == "-" else m.group(2)
    return int(m.group(1)), field, m.group(3).strip()


def test_base_fixture_is_valid(base_kb, seeds):
    _, errors = check_kb(base_kb, seeds)
    assert errors == []


@pytest.mark.parametrize("broken", BROKEN, ids=[p.stem for p in BROKEN])
def test_each_broken_file_is_reported_with_file_line_and_field(broken, base_kb, seeds):
    shutil.copy(broken, base_kb / broken.name)
    line, field, message = expectation(broken)
    _, errors = check_kb(base_kb, seeds)
    mine = [e for e in errors if e.file.endswith(broken.name)]
    assert mine, f"no error reported for {broken.name}; got {errors}"
    hit = [e for e in mine if message in e.message and e.line == line and (field is None or e.field == field)]
    assert hit, f"expected line {line}, field {field}, '{message}'; got:\n" + "\n".join(map(str, mine))


def test_all_errors_are_reported_not_just_the_first(base_kb, seeds):
    for broken in BROKEN:
        shutil.copy(broken, base_kb / broken.name)
    _, errors = check_kb(base_kb, seeds)
    files = {Path(e.file).name for e in errors}
    assert files >= {p.name for p in BROKEN}


def test_one_bad_entity_does_not_hide_the_good_ones_in_the_same_file(base_kb, seeds):
    (base_kb / "mixed.yaml").write_text(
        "states:\n"
        "  - {id: POL, name: Poland, cite: [{source: ref-book, confidence: high}]}\n"
        "  - {id: bad id, name: Nowhere, cite: [{source: ref-book, confidence: high}]}\n"
        "  - {id: ITA, name: Italy, cite: [{source: ref-book, confidence: high}]}\n"
    )
    kb, errors = check_kb(base_kb, seeds)
    assert {"POL", "ITA"} <= set(kb.states)
    assert [(e.line, e.field) for e in errors] == [(3, "states[1].id")]


def test_missing_kb_folder_is_an_error_not_a_crash(tmp_path, seeds):
    _, errors = check_kb(tmp_path / "nope", seeds)
    assert errors and "not found" in errors[0].message


def test_non_utf8_file_is_reported(base_kb, seeds):
    (base_kb / "latin1.yaml").write_bytes("states: [{id: FRN, name: Fran\xe7e}]".encode("latin-1"))
    _, errors = check_kb(base_kb, seeds)
    assert any(e.file.endswith("latin1.yaml") and "UTF-8" in e.message for e in errors)


def test_unknown_top_level_section_is_reported(base_kb, seeds):
    (base_kb / "odd.yaml").write_text("treatys: []\n")
    _, errors = check_kb(base_kb, seeds)
    assert any(e.field == "treatys" and e.line == 1 and "unknown section" in e.message for e in errors)


def test_missing_seed_file_is_reported(base_kb, seeds):
    (base_kb / "src.yaml").write_text(
        "sources:\n  - id: seed-999\n    kind: seed\n    file: 999_missing.txt\n    title: Nothing\n"
        "    reliability: {grade: C, reason: 'a seed that does not exist'}\n")
    _, errors = check_kb(base_kb, seeds)
    assert any("999_missing.txt" in e.message and e.line == 4 for e in errors)


def test_clause_bound_party_must_be_a_party(base_kb, seeds):
    (base_kb / "t.yaml").write_text(
        "states: [{id: GMY, name: Germany, cite: [{source: ref-book, confidence: high}]}]\n"
        "treaty:\n  id: t1\n  name: T\n  kind: alliance\n  parties: [{state: FRN}, {state: RUS}]\n"
        "  cite: [{source: ref-book, confidence: high}]\n"
        "  clauses:\n    - {id: a1, article: '1', text: x, obligation: defense, obligors: [GMY],"
        " cite: [{source: ref-book, confidence: low}]}\n")
    _, errors = check_kb(base_kb, seeds)
    assert any("not a party" in e.message and e.field == "treaty.clauses[0].obligors[0]" for e in errors)


def test_unknown_state_in_condition_is_reported(base_kb, seeds):
    (base_kb / "t.yaml").write_text(
        "treaty:\n  id: t1\n  name: T\n  kind: alliance\n  parties: [{state: FRN}, {state: RUS}]\n"
        "  cite: [{source: ref-book, confidence: high}]\n"
        "  clauses:\n    - {id: a1, article: '1', text: x, obligation: defense,"
        " condition: 'attacked(beneficiary, by=ZZZ)', cite: [{source: ref-book, confidence: low}]}\n")
    _, errors = check_kb(base_kb, seeds)
    assert any("unknown state or role 'ZZZ'" in e.message for e in errors)
