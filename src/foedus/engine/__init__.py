"""The obligation engine: who was bound to do what in a crisis, who honoured it, and what if.

The API a program (or the web app) calls::

    from foedus import engine, load_kb
    kb = load_kb()
    engine.list_crises(kb)                                   # [CrisisSummary]
    ev = engine.evaluate(kb, "munich-1938")                  # Evaluation (pydantic)
    ev2 = engine.evaluate(kb, "munich-1938", what_if="kb/whatifs/france-mobilises-1938.yaml")
    engine.diff(ev, ev2)                                     # Diff
    engine.audit(kb, "munich-1938")                          # Audit: honoured/broken/evaded/excused
    engine.load_scenario("my-crisis.yaml")                   # Scenario (crisis and/or what-if)

Every result is a pydantic model: ``model_dump(mode="json")`` gives plain JSON.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel

from foedus.engine.audit import Audit, DenunciationFinding, Verdict, audit_evaluation, denunciation_findings
from foedus.engine.evaluate import Cycle, EngineError, Evaluation, Obligation, TreatyStatus, evaluate_crisis
from foedus.engine.explain import Explanation
from foedus.engine.facts import Fact
from foedus.engine.scenario import Scenario, ScenarioError, WhatIf, load_scenario, parse_scenario, validate_scenario
from foedus.engine.whatif import Change, Diff, apply_what_if, diff
from foedus.kb.loader import KnowledgeBase
from foedus.kb.models import Crisis

__all__ = [
    "evaluate", "audit", "diff", "list_crises", "load_scenario", "parse_scenario", "resolve_crisis",
    "Evaluation", "Obligation", "TreatyStatus", "Cycle", "Explanation", "Fact", "Audit", "Verdict",
    "DenunciationFinding", "Diff", "Change", "Scenario", "WhatIf", "ScenarioError", "EngineError", "CrisisSummary",
    "apply_what_if", "denunciation_findings",
]


class CrisisSummary(BaseModel):
    """A crisis as listed: id, name, the day it is evaluated on, and how many facts it has."""

    id: str
    name: str
    date: str
    start: str | None = None
    end: str | None = None
    facts: int
    summary: str | None = None


def list_crises(kb: KnowledgeBase) -> list[CrisisSummary]:
    """Every crisis in the KB, in date order."""
    return [
        CrisisSummary(id=c.id, name=c.name, date=str(c.date), start=str(c.start) if c.start else None,
                      end=str(c.end) if c.end else None, facts=len(c.facts), summary=c.summary)
        for c in sorted(kb.crises.values(), key=lambda c: (c.date, c.id))
    ]


def resolve_crisis(kb: KnowledgeBase, crisis: str | Crisis | Scenario) -> Crisis:
    """A crisis given by id, as a model, or as a loaded scenario holding one."""
    if isinstance(crisis, Crisis):
        return crisis
    if isinstance(crisis, Scenario):
        if crisis.crisis is None:
            raise EngineError(f"{crisis.file}: the scenario holds no crisis")
        validate_scenario(kb, Scenario(crisis=crisis.crisis, file=crisis.file, node=crisis.node))
        return crisis.crisis
    if isinstance(crisis, str) and crisis in kb.crises:
        return kb.crises[crisis]
    known = ", ".join(sorted(kb.crises)) or "none"
    raise EngineError(f"crisis: unknown crisis '{crisis}'; known: {known}")


def _what_if(w: WhatIf | Scenario | str | Path | dict | None) -> tuple[WhatIf | None, Scenario | None]:
    if w is None:
        return None, None
    if isinstance(w, WhatIf):
        return w, None
    if isinstance(w, dict):
        sc = parse_scenario(w if "what_if" in w else {"what_if": w})
    elif isinstance(w, Scenario):
        sc = w
    else:
        sc = load_scenario(w)
    if sc.what_if is None:
        raise EngineError(f"what_if: {sc.file} holds no 'what_if:' section")
    return sc.what_if, sc


def _check_on(kb: KnowledgeBase, on) -> None:
    """An explicit day must be a date inside the period the KB covers."""
    if on is None:
        return
    from foedus.engine.scenario import kb_period
    from foedus.dates import parse_date

    try:
        d = parse_date(on)
    except ValueError as e:
        raise EngineError(f"on: {e}") from None
    lo, hi = kb_period(kb)
    if d.latest < lo or d.earliest > hi:
        raise EngineError(f"on: {d} is outside the period the KB covers ({lo} to {hi})")


def evaluate(kb: KnowledgeBase, crisis: str | Crisis | Scenario, on=None,
             what_if: WhatIf | Scenario | str | Path | dict | None = None) -> Evaluation:
    """Evaluate a crisis: for every pair bound by a treaty in force, triggered/pending/void/not triggered, and why.

    ``crisis``: a KB crisis id, a :class:`Crisis`, or a loaded scenario. ``on``: the day
    (EDTF string or date) to judge; default the crisis's date, with facts read through
    its end. ``what_if``: a :class:`WhatIf`, a scenario, a dict or a YAML/JSON file path.
    Raises :class:`EngineError` / :class:`ScenarioError` naming the offending field.
    """
    c = resolve_crisis(kb, crisis)
    _check_on(kb, on)
    w, origin = _what_if(what_if)
    assume = False
    label = None
    hypothetical: set[str] = set()
    if w is not None:
        kb, c = apply_what_if(kb, c, w, origin)
        on = on if on is not None else w.on
        assume = w.assume_performed
        label = w.id
        hypothetical = {t.id for t in w.add_treaties}
    return evaluate_crisis(kb, c, on=on, assume_performed=assume, what_if=label, hypothetical_treaties=hypothetical)


def audit(kb: KnowledgeBase, crisis: str | Crisis | Scenario,
          what_if: WhatIf | Scenario | str | Path | dict | None = None) -> Audit:
    """Who honoured, broke, evaded or was excused from each obligation the crisis engaged; unlawful denunciations."""
    c = resolve_crisis(kb, crisis)
    w, origin = _what_if(what_if)
    if w is not None:
        kb2, c2 = apply_what_if(kb, c, w, origin)
        ev = evaluate_crisis(kb2, c2, on=w.on, assume_performed=w.assume_performed, what_if=w.id,
                             hypothetical_treaties={t.id for t in w.add_treaties})
        return audit_evaluation(kb2, c2, ev)
    return audit_evaluation(kb, c, evaluate_crisis(kb, c))
