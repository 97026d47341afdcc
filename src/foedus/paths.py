"""Where the knowledge base, the seed texts, the shared data and the build output live.

Each can be set by an environment variable (FOEDUS_KB, FOEDUS_SEEDS, FOEDUS_DATA,
FOEDUS_BUILD); otherwise they are found beside the project: ``kb/`` and ``build/`` in
the project, ``../shared/seeds`` and ``../shared/data`` next to it.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def project_root() -> Path:
    """The project checkout: the folder holding ``kb/`` and ``pyproject.toml``."""
    env = os.environ.get("FOEDUS_ROOT")
    if env:
        return Path(env)
    for cand in (PACKAGE_DIR.parent.parent, Path.cwd(), *Path.cwd().parents):
        if (cand / "kb").is_dir() and (cand / "pyproject.toml").is_file():
            return cand
    return Path.cwd()


def _shared(sub: str) -> Path:
    root = project_root()
    for cand in (root.parent / "shared" / sub, root / "shared" / sub, root.parent.parent / "shared" / sub):
        if cand.is_dir():
            return cand
    return root.parent / "shared" / sub


def kb_dir() -> Path:
    return Path(os.environ.get("FOEDUS_KB") or project_root() / "kb")


def seeds_dir() -> Path:
    return Path(os.environ.get("FOEDUS_SEEDS") or _shared("seeds"))


def data_dir() -> Path:
    return Path(os.environ.get("FOEDUS_DATA") or _shared("data"))


def build_dir() -> Path:
    return Path(os.environ.get("FOEDUS_BUILD") or project_root() / "build")
