from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from foedus import paths

HERE = Path(__file__).parent
FIXTURES = HERE / "fixtures"


@pytest.fixture(scope="session")
def seeds() -> Path:
    d = paths.seeds_dir()
    assert d.is_dir(), f"seed texts not found at {d}"
    return d


@pytest.fixture(scope="session")
def real_kb_dir() -> Path:
    return paths.kb_dir()


@pytest.fixture
def base_kb(tmp_path: Path) -> Path:
    """A copy of the minimal valid fixture KB in a temporary folder."""
    root = tmp_path / "kb"
    shutil.copytree(FIXTURES / "base", root)
    return root
