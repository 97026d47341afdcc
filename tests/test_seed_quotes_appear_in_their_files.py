"""Every quote the real KB attributes to a seed stands there, character for character
(after whitespace folding). Checked directly against the files, not through the checker."""

import re
import unicodedata

from foedus.kb import load


def _fold(s: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", s)).strip()


def test_every_seed_quote_is_verbatim_in_its_seed(real_kb_dir, seeds):
    kb, _ = load(real_kb_dir)
    checked = 0
    missing = []
    for kind, ident, path, cit in kb.citations():
        src = kb.sources.get(cit.source)
        if src is None or src.kind != "seed":
            continue
        assert cit.quote, f"{kind} {ident} cites seed {src.file} without a quote"
        text = _fold((seeds / src.file).read_text(encoding="utf-8"))
        checked += 1
        if _fold(cit.quote) not in text:
            missing.append(f"{kind} {ident} {path}: {cit.quote[:80]}")
    assert not missing, "quotes not found:\n" + "\n".join(missing)
    assert checked > 0


def test_every_seed_file_is_a_source(real_kb_dir, seeds):
    kb, _ = load(real_kb_dir)
    files = {s.file for s in kb.sources.values() if s.kind == "seed"}
    assert files == {p.name for p in seeds.glob("*.txt")}


def test_doubtful_seed_is_graded_doubtful(real_kb_dir):
    kb, _ = load(real_kb_dir)
    seed3 = next(s for s in kb.sources.values() if s.file == "003_e7a2dab83bbdea2f.txt")
    assert seed3.reliability.grade in ("D", "E")
