"""What-ifs: a crisis with facts added, removed or changed, clause conditions replaced and
treaties added; and the difference between two evaluations.
"""

from __future__ import annotations

import copy

from pydantic import BaseModel, Field

from foedus.kb.loader import KnowledgeBase
from foedus.kb.models import Crisis, CrisisFact
from foedus.engine.evaluate import Evaluation, Obligation
from foedus.engine.scenario import Scenario, WhatIf, validate_scenario

__all__ = ["apply_what_if", "diff", "Diff", "Change"]


def apply_what_if(kb: KnowledgeBase, crisis: Crisis, w: WhatIf, origin: Scenario | None = None,
                  validate: bool = True) -> tuple[KnowledgeBase, Crisis]:
    """The KB and crisis as the what-if would have them (the originals are left untouched).

    The what-if is first checked against the KB and the crisis (:class:`ScenarioError`,
    with file and line when ``origin`` is the scenario it was loaded from).
    """
    if validate:
        sc = Scenario(crisis=None, what_if=w, file=origin.file if origin else "<what-if>",
                      node=origin.node if origin else None)
        validate_scenario(kb, sc, base=crisis)
    facts = [f for f in crisis.facts if f.id not in set(w.remove_facts)]
    changes = {c.id: c.set for c in w.change_facts}
    out = []
    for f in facts:
        if f.id in changes:
            data = f.model_dump()
            data.update(changes[f.id])
            f = CrisisFact.model_validate(data)
        out.append(f)
    out += list(w.add_facts)
    new_crisis = crisis.model_copy(update={"facts": out})
    treaties = dict(kb.treaties)
    for t in w.add_treaties:
        treaties[t.id] = t
    for rc in w.replace_condition:
        tid, _, cid = rc.clause.rpartition("/")
        t = treaties[tid]
        clauses = [c.model_copy(update={"condition": rc.condition}) if c.id == cid else c for c in t.clauses]
        treaties[tid] = t.model_copy(update={"clauses": clauses})
    new_kb = copy.copy(kb)
    new_kb.treaties = treaties
    return new_kb, new_crisis


class Change(BaseModel):
    """One obligation whose verdict differs between two evaluations."""

    key: str
    before: str | None = Field(description="status in the first evaluation (None: absent)")
    after: str | None
    reason_before: str | None = None
    reason_after: str | None = None


class Diff(BaseModel):
    """What changed from evaluation ``a`` to evaluation ``b``."""

    a: str
    b: str
    changed: list[Change]
    treaties_changed: list[Change] = Field(default_factory=list)
    facts_added: list[str] = Field(default_factory=list)
    facts_removed: list[str] = Field(default_factory=list)
    cycles_before: int = 0
    cycles_after: int = 0

    @property
    def empty(self) -> bool:
        return not (self.changed or self.treaties_changed or self.facts_added or self.facts_removed)


def _label(e: Evaluation) -> str:
    return f"{e.crisis}" + (f" + {e.what_if}" if e.what_if else "") + f" on {e.on}"


def diff(a: Evaluation, b: Evaluation) -> Diff:
    """Obligations whose status differs (or that exist in only one), treaties whose validity differs."""
    ao: dict[str, Obligation] = {o.key: o for o in a.obligations}
    bo: dict[str, Obligation] = {o.key: o for o in b.obligations}
    changed = []
    for k in sorted(set(ao) | set(bo)):
        x, y = ao.get(k), bo.get(k)
        if x is not None and y is not None and (x.status, x.pending_on) == (y.status, y.pending_on):
            continue
        changed.append(Change(key=k, before=x.status if x else None, after=y.status if y else None,
                              reason_before=x.reason if x else None, reason_after=y.reason if y else None))
    at = {t.id: t for t in a.treaties}
    bt = {t.id: t for t in b.treaties}
    tch = [Change(key=k, before=at[k].in_force if k in at else None, after=bt[k].in_force if k in bt else None,
                  reason_before=at[k].reason if k in at else None, reason_after=bt[k].reason if k in bt else None)
           for k in sorted(set(at) | set(bt))
           if (at[k].in_force if k in at else None) != (bt[k].in_force if k in bt else None)]
    af = {f.id: f for f in a.facts}
    bf = {f.id: f for f in b.facts}
    added = sorted(k for k in bf if k not in af or bf[k] != af[k])
    removed = sorted(k for k in af if k not in bf or bf[k] != af[k])
    return Diff(a=_label(a), b=_label(b), changed=changed, treaties_changed=tch, facts_added=added,
                facts_removed=removed, cycles_before=len(a.cycles), cycles_after=len(b.cycles))
