"""Checking that a quotation really stands, character for character, in its seed text."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

_ws = re.compile(r"\s+")


def fold(text: str) -> str:
    """Text with Unicode normalised (NFC) and every run of whitespace folded to one space."""
    return _ws.sub(" ", unicodedata.normalize("NFC", text)).strip()


@lru_cache(maxsize=64)
def _folded_file(path: str, mtime: float) -> str:
    return fold(Path(path).read_text(encoding="utf-8"))


def seed_text(path: Path) -> str:
    """The folded text of a seed file (cached while the file is unchanged)."""
    return _folded_file(str(path), path.stat().st_mtime)


def quote_in(quote: str, path: Path) -> bool:
    """Does ``quote`` appear verbatim (after whitespace folding) in the file at ``path``?"""
    return fold(quote) in seed_text(path)
