"""Whatever a user writes into a KB file, the checker answers with errors, never a crash."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings, strategies as st
import yaml

from foedus.kb import check_kb
from foedus.kb.models import SECTIONS

scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(allow_nan=False),
                    st.text(max_size=20), st.sampled_from(["FRN", "RUS", "1935-05-02", "1931-10-29?", "seed-001",
                                                           "ref-book", "attacked(beneficiary)", "defense"]))
keys = st.sampled_from(["id", "name", "kind", "cite", "source", "quote", "confidence", "date", "parties", "state",
                        "clauses", "condition", "obligation", "text", "article", "claims", "about", "field", "value",
                        "statement", "signed", "in_force", "ended", "x"])
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                       st.dictionaries(keys, inner, max_size=6)), max_leaves=25)
documents = st.dictionaries(st.sampled_from(sorted(SECTIONS) + ["junk"]), values, min_size=1, max_size=3)

FUZZ = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@FUZZ
@given(documents)
def test_random_structures_give_errors_not_crashes(base_kb, seeds, doc):
    (base_kb / "fuzz.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True))
    kb, errors = check_kb(base_kb, seeds)
    assert {"FRN", "RUS"} <= set(kb.states)  # nothing already stored is lost
    for e in errors:
        assert e.file and e.message


@FUZZ
@given(st.binary(max_size=300))
def test_random_bytes_give_errors_not_crashes(base_kb, seeds, data):
    (base_kb / "fuzz.yaml").write_bytes(data)
    kb, errors = check_kb(base_kb, seeds)
    assert {"FRN", "RUS"} <= set(kb.states)
    assert all(e.file.endswith("fuzz.yaml") for e in errors)


def test_yaml_bomb_is_refused_quickly(base_kb, seeds):
    lines = ["claims:", "  - id: c-bomb", "    about: FRN", "    statement: an alias bomb",
             "    value:", "      l0: &l0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"      l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 10) + "]" for i in range(1, 9)]
    (base_kb / "bomb.yaml").write_text("\n".join(lines) + "\n")
    kb, errors = check_kb(base_kb, seeds)
    assert any(e.file.endswith("bomb.yaml") and "too complex" in e.message for e in errors)
    assert "c-bomb" not in kb.claims


def test_python_object_tags_are_not_executed(base_kb, seeds, tmp_path):
    marker = tmp_path / "pwned"
    (base_kb / "evil.yaml").write_text(
        f"states: !!python/object/apply:os.system ['touch {marker}']\n")
    _, errors = check_kb(base_kb, seeds)
    assert not marker.exists()
    assert any(e.file.endswith("evil.yaml") for e in errors)
