"""The knowledge base: YAML files under ``kb/``, their models, checks and compiled database."""

from __future__ import annotations

from pathlib import Path

from foedus import paths
from foedus.kb.check import check
from foedus.kb.errors import KBError, KBInvalid
from foedus.kb.loader import KnowledgeBase, load

__all__ = ["load_kb", "check_kb", "build_kb", "KnowledgeBase", "KBError", "KBInvalid"]


def check_kb(root: Path | str | None = None, seeds: Path | str | None = None) -> tuple[KnowledgeBase, list[KBError]]:
    """Load and cross-check a knowledge base; return it with every problem found."""
    root = Path(root) if root else paths.kb_dir()
    seeds = Path(seeds) if seeds else paths.seeds_dir()
    kb, errors = load(root)
    errors = errors + check(kb, seeds)
    return kb, sorted(set(errors), key=lambda e: (e.file, e.line or 0, e.column or 0, e.field or "", e.message))


def load_kb(root: Path | str | None = None, seeds: Path | str | None = None) -> KnowledgeBase:
    """The knowledge base, fully checked; raises :class:`KBInvalid` listing every problem."""
    kb, errors = check_kb(root, seeds)
    if errors:
        raise KBInvalid(errors)
    return kb


def build_kb(root: Path | str | None = None, out: Path | str | None = None, seeds: Path | str | None = None) -> Path:
    """Check the KB, then compile it to DuckDB + Parquet under ``out`` (default ``build/``).

    Raises :class:`KBInvalid` before writing anything when the KB has problems.
    """
    from foedus.kb.build import build

    kb = load_kb(root, seeds)
    return build(kb, Path(out) if out else paths.build_dir())
