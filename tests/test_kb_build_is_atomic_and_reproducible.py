import shutil

import duckdb
import pytest

from foedus.kb import KBInvalid, build_kb
from foedus.kb.build import database_path


def _tables(db):
    con = duckdb.connect(str(db), read_only=True)
    try:
        names = [r[0] for r in con.execute("select table_name from information_schema.tables order by 1").fetchall()]
        return {n: con.execute(f'select * from "{n}" order by all').fetchall() for n in names}
    finally:
        con.close()


def test_building_twice_gives_identical_output(real_kb_dir, seeds, tmp_path):
    a = build_kb(real_kb_dir, tmp_path / "a", seeds)
    b = build_kb(real_kb_dir, tmp_path / "b", seeds)
    assert a.name == b.name  # content-addressed folder
    pa_files = sorted(p.name for p in (a / "parquet").iterdir())
    assert pa_files == sorted(p.name for p in (b / "parquet").iterdir())
    for name in pa_files:
        assert (a / "parquet" / name).read_bytes() == (b / "parquet" / name).read_bytes(), name
    assert (a / "manifest.json").read_text() == (b / "manifest.json").read_text()
    assert _tables(a / "foedus.duckdb") == _tables(b / "foedus.duckdb")


def test_database_holds_the_kb(real_kb_dir, seeds, tmp_path):
    build_kb(real_kb_dir, tmp_path, seeds)
    con = duckdb.connect(str(database_path(tmp_path)), read_only=True)
    n_treaties = con.execute("select count(*) from treaties").fetchone()[0]
    n_cites = con.execute("select count(*) from citations where source like 'seed-%' and quote is not null").fetchone()[0]
    assert n_treaties >= 1 and n_cites >= 1


def test_failing_build_leaves_previous_database_untouched(base_kb, seeds, tmp_path):
    out = tmp_path / "build"
    first = build_kb(base_kb, out, seeds)
    before = _tables(database_path(out))
    (base_kb / "broken.yaml").write_text("states:\n  - {id: POL, name: Poland}\n")  # no citation
    with pytest.raises(KBInvalid) as e:
        build_kb(base_kb, out, seeds)
    assert "broken.yaml:2" in str(e.value)
    assert (out / "kb").resolve() == first.resolve()
    assert _tables(database_path(out)) == before


def test_a_new_build_replaces_the_link_and_drops_the_old_folder(base_kb, seeds, tmp_path):
    out = tmp_path / "build"
    first = build_kb(base_kb, out, seeds)
    (base_kb / "more.yaml").write_text(
        "states:\n  - {id: POL, name: Poland, cite: [{source: ref-book, confidence: high}]}\n")
    second = build_kb(base_kb, out, seeds)
    assert first != second and not first.exists()
    assert ("POL",) in [r[:1] for r in _tables(database_path(out))["states"]]


def test_leftover_temporary_folder_from_a_killed_build_is_ignored(base_kb, seeds, tmp_path):
    out = tmp_path / "build"
    good = build_kb(base_kb, out, seeds)
    junk = out / ".tmp-kb-deadbeef-1"
    junk.mkdir()
    (junk / "foedus.duckdb").write_bytes(b"half a file")
    assert (out / "kb").resolve() == good.resolve()
    shutil.rmtree(junk)
