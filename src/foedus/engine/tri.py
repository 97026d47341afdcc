"""Three-valued (Kleene) logic: True, False, or None for 'cannot tell from the evidence'."""

from __future__ import annotations

from typing import Iterable

from foedus.dates import Tri

__all__ = ["Tri", "t_and", "t_or", "t_not", "t_text"]


def t_and(values: Iterable[Tri]) -> Tri:
    """Kleene conjunction: False if any is False, else None if any is None, else True."""
    unknown = False
    for v in values:
        if v is False:
            return False
        if v is None:
            unknown = True
    return None if unknown else True


def t_or(values: Iterable[Tri]) -> Tri:
    """Kleene disjunction: True if any is True, else None if any is None, else False."""
    unknown = False
    for v in values:
        if v is True:
            return True
        if v is None:
            unknown = True
    return None if unknown else False


def t_not(v: Tri) -> Tri:
    return None if v is None else not v


def t_text(v: Tri) -> str:
    """'yes', 'no' or 'uncertain'."""
    return "uncertain" if v is None else ("yes" if v else "no")
