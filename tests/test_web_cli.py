"""`foedus serve` and `foedus up` (build the KB, then serve the web app), without opening a port."""

from __future__ import annotations

import pytest
import uvicorn
from typer.testing import CliRunner

from foedus.cli import app
from foedus.kb.build import database_path
from tests.e2e.fixture import KB, SEEDS


@pytest.fixture
def served(monkeypatch):
    calls = []
    monkeypatch.setattr(uvicorn, "run", lambda application, **kw: calls.append((application, kw)))
    return calls


def test_serve_runs_the_app_on_loopback_by_default(served):
    r = CliRunner().invoke(app, ["serve", "--kb", str(KB), "--seeds", str(SEEDS), "--port", "8123"])
    assert r.exit_code == 0, r.output
    (application, kw), = served
    assert kw == {"host": "127.0.0.1", "port": 8123, "log_level": "warning"}
    assert set(application.state.site.kb.treaties) == {"pact-1935", "fra-cze-1925"}


def test_up_builds_the_database_then_serves_it(served, tmp_path):
    r = CliRunner().invoke(app, ["up", "--kb", str(KB), "--seeds", str(SEEDS), "--out", str(tmp_path)])
    assert r.exit_code == 0, r.output
    assert database_path(tmp_path).exists()
    (application, _), = served
    assert application.state.site.database == database_path(tmp_path)


def test_serve_refuses_a_bad_port(served):
    r = CliRunner().invoke(app, ["serve", "--port", "70000"])
    assert r.exit_code != 0 and served == []
