import json
import shutil

from typer.testing import CliRunner

from foedus.cli import app

from .conftest import FIXTURES

runner = CliRunner()


def test_kb_check_passes_on_the_real_kb(real_kb_dir, seeds):
    r = runner.invoke(app, ["kb", "check", "--kb", str(real_kb_dir), "--seeds", str(seeds)])
    assert r.exit_code == 0, r.output
    assert "ok" in r.output


def test_kb_check_exits_nonzero_and_names_file_and_line(base_kb, seeds):
    shutil.copy(FIXTURES / "broken" / "unknown_party.yaml", base_kb)
    shutil.copy(FIXTURES / "broken" / "bad_date.yaml", base_kb)
    r = runner.invoke(app, ["kb", "check", "--kb", str(base_kb), "--seeds", str(seeds)])
    assert r.exit_code == 1
    assert "unknown_party.yaml:8" in r.output and "bad_date.yaml:9" in r.output
    assert "2 problem(s)" in r.output


def test_kb_check_json_lists_errors(base_kb, seeds):
    shutil.copy(FIXTURES / "broken" / "duplicate_id.yaml", base_kb)
    r = runner.invoke(app, ["kb", "check", "--json", "--kb", str(base_kb), "--seeds", str(seeds)])
    data = json.loads(r.stdout)
    assert r.exit_code == 1 and data["ok"] is False
    assert data["errors"][0]["line"] == 4 and data["errors"][0]["field"] == "states[1].id"


def test_kb_build_and_stats(real_kb_dir, seeds, tmp_path):
    r = runner.invoke(app, ["kb", "build", "--kb", str(real_kb_dir), "--seeds", str(seeds), "--out", str(tmp_path)])
    assert r.exit_code == 0, r.output
    assert (tmp_path / "kb" / "foedus.duckdb").is_file()
    r = runner.invoke(app, ["kb", "stats", "--json", "--kb", str(real_kb_dir), "--seeds", str(seeds)])
    data = json.loads(r.stdout)
    assert data["entities"]["treaty"] >= 1 and data["citations"]["seed"] >= 1


def test_kb_build_refuses_a_broken_kb(base_kb, seeds, tmp_path):
    shutil.copy(FIXTURES / "broken" / "missing_citation.yaml", base_kb)
    out = tmp_path / "out"
    r = runner.invoke(app, ["kb", "build", "--kb", str(base_kb), "--seeds", str(seeds), "--out", str(out)])
    assert r.exit_code == 1 and "refused" in r.output
    assert not (out / "kb").exists()
