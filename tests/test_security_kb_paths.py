"""A KB cannot make the checker read files outside the seeds folder: a seed source's ``file`` is a
plain file name, never a path (else the quote check would tell whether any file holds a text)."""

from __future__ import annotations

import pytest

from foedus.kb import check_kb


@pytest.mark.parametrize("file", ["../../../../etc/passwd", "/etc/passwd", "..", "sub/dir.txt", "..\\\\x.txt",
                                  "a\\x00.txt"])
def test_seed_file_that_is_a_path_is_refused_and_not_read(base_kb, seeds, file):
    (base_kb / "evil.yaml").write_text(
        "sources:\n"
        f'  - {{id: evil-seed, kind: seed, file: "{file}", title: x, reliability: {{grade: B, reason: a hostile test source}}}}\n'
        "states:\n"
        "  - {id: POL, name: Poland, cite: [{source: evil-seed, quote: 'root:x:0:0'}]}\n")
    kb, errors = check_kb(base_kb, seeds)
    assert "evil-seed" not in kb.sources
    assert any(e.file.endswith("evil.yaml") and "not a path" in e.message for e in errors)
    assert not any("quote not found" in e.message for e in errors)  # nothing was read to compare against
