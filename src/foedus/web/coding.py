"""ATOP-style coding of a treaty (member-level rows), from ``foedus.data.kbcoding`` when installed."""

from __future__ import annotations

import importlib
from typing import Any

from foedus.kb.loader import KnowledgeBase

SHOWN = ["stateabb", "member", "phase", "yrent", "moent", "dayent", "yrexit", "moexit", "dayexit", "bilat", "pubsecr",
         "defense", "offense", "neutral", "nonagg", "consul", "conditio", "specthrt", "statthr1", "statthr2",
         "contingent_on", "kb_obligations"]
"""The columns shown first; condition flags follow when any row sets them."""


def coding_for(kb: KnowledgeBase, treaty_id: str) -> list[dict[str, Any]] | None:
    """The treaty's ATOP member-level rows (``foedus.data.kbcoding.code_treaty``), or None without a coder.

    Each row keeps the columns of :data:`SHOWN` and every condition flag set in some row.
    """
    try:
        mod = importlib.import_module("foedus.data.kbcoding")
        code = mod.code_treaty
    except (ImportError, AttributeError):
        return None
    ccodes = {sid: s.ccode for sid, s in kb.states.items() if s.ccode is not None}
    try:
        rows = code(kb.treaties[treaty_id], ccodes)
    except Exception as exc:  # a coder bug must not take the treaty page down
        return [{"error": f"{type(exc).__name__}: {exc}"}]
    flags = sorted({k for r in rows for k, v in r.items() if k not in SHOWN and isinstance(v, int) and v
                    and k not in ("atopid", "maxphase")})
    return [{k: r.get(k) for k in SHOWN + flags} for r in rows]
