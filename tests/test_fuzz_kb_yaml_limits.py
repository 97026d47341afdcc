"""KB YAML at the edges the random fuzzing (tests/test_kb_loader_fuzz.py) rarely reaches: nesting
deeper than Python recurses, NUL and other control bytes, oversized files, a huge scalar, many keys.
Each is a located error; the rest of the KB still loads."""

from __future__ import annotations

import pytest

from foedus.kb import check_kb

DEPTH = 900  # deeper than Python's default recursion limit allows a naive walk, small enough to stay under 2 MB

CASES = {
    "deep block nesting": "claims:\n" + "".join("  " * (i + 1) + "-\n" for i in range(1, DEPTH)) + "  " * (DEPTH + 1) + "- x\n",
    "deep flow nesting": "claims: " + "[" * 5000 + "]" * 5000 + "\n",
    "NUL byte": "states:\n  - {id: P\x00L, name: Poland}\n",
    "escape byte": "states:\n  - {id: POL, name: \"Pol\x1band\"}\n",
    "file over the size limit": "states:\n  - {id: POL, name: " + "x" * 2_100_000 + "}\n",
    "many keys": "states:\n  - {" + ", ".join(f"k{i}: {i}" for i in range(2000)) + "}\n",
    "tab indentation": "states:\n\t- {id: POL}\n",
    "duplicate anchors and merge keys": "states:\n  - &a {id: POL}\n  - <<: *a\n    <<: *a\n",
}


@pytest.mark.parametrize("text", CASES.values(), ids=list(CASES))
def test_pathological_kb_file_is_a_located_error(base_kb, seeds, text):
    (base_kb / "edge.yaml").write_text(text, encoding="utf-8", errors="surrogateescape")
    kb, errors = check_kb(base_kb, seeds)
    assert {"FRN", "RUS"} <= set(kb.states)
    assert errors and all(e.message for e in errors)
    assert any(e.file.endswith("edge.yaml") for e in errors)
    assert "POL" not in kb.states
