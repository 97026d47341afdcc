"""The obligation engine (``foedus.engine``) as the crisis and what-if pages use it.

An evaluation holds thousands of obligations (every pair of League members...), each with
its explanation tree, so the pages show a compact view: the treaties in force, the
triggered and pending obligations, the audit's verdicts; one obligation's explanation
tree is fetched on demand. Baseline results are cached per crisis (the KB does not change
while the app runs).

The engine is optional at import time: without it the crisis pages show the KB's facts
only, and the what-if endpoint answers 503 naming the missing module.
"""

from __future__ import annotations

import importlib
import threading
from collections import OrderedDict
from typing import Any

from foedus.kb.loader import KnowledgeBase

SHOWN_STATUSES = ("triggered", "pending")
"""Obligation statuses listed on the page; 'void' and 'not_triggered' are only counted."""

CACHE_SIZE = 4


class EngineMissing(RuntimeError):
    """The obligation engine is not installed (yet)."""


class WhatIfInvalid(ValueError):
    """A what-if that the engine cannot apply to this crisis; the message lists each problem."""


def _engine():
    try:
        mod = importlib.import_module("foedus.engine")
    except ImportError as exc:
        raise EngineMissing(f"the obligation engine (foedus.engine) is not available: {exc}") from None
    if not all(hasattr(mod, n) for n in ("evaluate", "audit", "diff")):
        raise EngineMissing("the obligation engine (foedus.engine) has no evaluate()/audit()/diff() yet")
    return mod


def engine_available() -> bool:
    """Whether ``foedus.engine`` with evaluate/audit/diff can be imported."""
    try:
        _engine()
    except EngineMissing:
        return False
    return True


# ------------------------------------------------------------------ compact views (pure)
def evaluation_view(ev: Any) -> dict[str, Any]:
    """An Evaluation without explanation trees: counts, treaties, triggered/pending obligations by treaty."""
    groups: "OrderedDict[str, dict[str, Any]]" = OrderedDict()
    for o in ev.obligations:
        if o.status not in SHOWN_STATUSES:
            continue
        g = groups.setdefault(o.treaty, {"treaty": o.treaty, "treaty_name": o.treaty_name, "obligations": []})
        g["obligations"].append({
            "key": o.key, "clause": o.clause, "article": o.article, "obligation": o.obligation, "obligor": o.obligor,
            "beneficiary": o.beneficiary, "status": o.status, "certain": o.certain, "pending_on": o.pending_on,
            "action": o.action, "reason": o.reason})
    return {
        "crisis": ev.crisis, "on": ev.on, "facts_until": ev.facts_until, "what_if": ev.what_if,
        "assume_performed": ev.assume_performed, "counts": dict(ev.counts),
        "treaties": [t.model_dump(mode="json") for t in ev.treaties],
        "bound": list(groups.values()),
        "cycles": [c.model_dump(mode="json") for c in ev.cycles],
        "facts": [f.label() if hasattr(f, "label") else str(f) for f in ev.facts],
    }


def audit_view(au: Any) -> dict[str, Any]:
    """An Audit without explanation trees: counts, betrayals, verdicts, denunciation findings."""
    return {
        "crisis": au.crisis, "on": au.on, "what_if": au.what_if, "counts": dict(au.counts),
        "betrayals": list(au.betrayals),
        "verdicts": [{"key": v.key, "treaty": v.treaty, "article": v.article, "obligation": v.obligation,
                      "obligor": v.obligor, "beneficiary": v.beneficiary, "verdict": v.verdict, "reason": v.reason,
                      "conduct": list(v.conduct)} for v in au.verdicts],
        "denunciations": [d.model_dump(mode="json") for d in au.denunciations],
    }


def verdict_changes(a: dict[str, Any], b: dict[str, Any]) -> list[dict[str, Any]]:
    """Verdicts that differ between two audit views (or exist in only one)."""
    va = {v["key"]: v for v in a["verdicts"]}
    vb = {v["key"]: v for v in b["verdicts"]}
    out = []
    for k in sorted(set(va) | set(vb)):
        x, y = va.get(k), vb.get(k)
        if x and y and x["verdict"] == y["verdict"]:
            continue
        out.append({"key": k, "before": x["verdict"] if x else None, "after": y["verdict"] if y else None,
                    "reason_after": y["reason"] if y else None})
    return out


# ------------------------------------------------------------------ running the engine
class EngineRunner:
    """Runs the engine for one KB, caching the baseline of the last few crises asked for."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self._cache: "OrderedDict[str, tuple[Any, Any]]" = OrderedDict()
        self._lock = threading.Lock()

    def baseline(self, crisis_id: str) -> tuple[Any, Any]:
        """(Evaluation, Audit) of the crisis as the sources record it."""
        with self._lock:
            if crisis_id in self._cache:
                self._cache.move_to_end(crisis_id)
                return self._cache[crisis_id]
        eng = _engine()
        crisis = self.kb.crises[crisis_id]
        res = (eng.evaluate(self.kb, crisis), eng.audit(self.kb, crisis))
        with self._lock:
            self._cache[crisis_id] = res
            while len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)
        return res

    def views(self, crisis_id: str) -> tuple[dict, dict]:
        ev, au = self.baseline(crisis_id)
        return evaluation_view(ev), audit_view(au)

    def obligation(self, crisis_id: str, key: str) -> Any | None:
        """One obligation of the baseline evaluation, with its explanation tree."""
        ev, _ = self.baseline(crisis_id)
        return ev.get(key)

    def what_if_model(self, crisis_id: str, payload: dict[str, Any]) -> Any:
        """The engine's WhatIf for ``payload``, checked against the KB (raises WhatIfInvalid)."""
        eng = _engine()
        data = {"id": "web-what-if", "name": "what-if from the web editor", **payload, "crisis": crisis_id}
        try:
            sc = eng.parse_scenario({"what_if": data}, file="what-if")
            importlib.import_module("foedus.engine.scenario").validate_scenario(self.kb, sc)
        except eng.ScenarioError as exc:
            raise WhatIfInvalid("; ".join(
                f"{e.field + ': ' if e.field else ''}{e.message}" for e in exc.errors)) from None
        return sc.what_if

    def compare(self, crisis_id: str, what_if: Any) -> dict[str, Any]:
        """Baseline and what-if (evaluation and audit views), the engine's diff and the verdict changes."""
        eng = _engine()
        base_ev, base_au = self.baseline(crisis_id)
        crisis = self.kb.crises[crisis_id]
        try:
            alt_ev = eng.evaluate(self.kb, crisis, what_if=what_if)
            alt_au = eng.audit(self.kb, crisis, what_if=what_if)
        except (eng.EngineError, eng.ScenarioError) as exc:
            raise WhatIfInvalid(str(exc)) from None
        a, b = audit_view(base_au), audit_view(alt_au)
        return {
            "baseline": evaluation_view(base_ev), "what_if": evaluation_view(alt_ev),
            "baseline_audit": a, "what_if_audit": b,
            "diff": eng.diff(base_ev, alt_ev).model_dump(mode="json"),
            "verdict_changes": verdict_changes(a, b),
        }
