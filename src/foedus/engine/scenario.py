"""Scenarios: a crisis (from the KB or a user's YAML/JSON file) and what-if edits to it.

A what-if file says how a crisis (and the treaties) would differ::

    what_if:
      id: france-mobilises-1938
      name: France mobilises in September 1938
      crisis: munich-1938            # the crisis it alters (may be given on the command line)
      add_facts: [{id: frn-mob, kind: mobilisation, date: 1938-09-24, actor: FRN}]
      remove_facts: [some-fact-id]
      change_facts: [{id: some-fact-id, set: {date: 1938-09-30}}]
      replace_condition:
        - {clause: fra-sov-mutual-assistance-1935/art2, condition: "attacked(beneficiary)"}
      add_treaties: [ {id: ..., name: ..., kind: ..., parties: [...], ...} ]
      assume_performed: true         # a triggered obligation counts as performed (for assisted())

Hypothetical facts and treaties need no citation (they are marked as the what-if's own).
Loading checks everything against the KB and raises :class:`ScenarioError` listing each
problem with its file, line and field.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from foedus.conditions import ROLES, ConditionError, parse_condition, refs
from foedus.dates import FuzzyDate, parse_date
from foedus.kb.errors import KBError
from foedus.kb.loader import KnowledgeBase, _errors_from_validation
from foedus.kb.models import Crisis, CrisisFact, Treaty
from foedus.kb.yamlsrc import TooComplex, dotted, locate, plain, read_yaml

__all__ = [
    "WhatIf", "FactChange", "ConditionReplacement", "Scenario", "ScenarioError",
    "load_scenario", "parse_scenario", "validate_scenario", "kb_period", "HYPOTHETICAL",
]

HYPOTHETICAL = "what-if"
"""The source id given to facts and treaties a what-if invents (they cite nothing real)."""

PROJECT_PERIOD = (dt.date(1917, 1, 1), dt.date(1991, 12, 31))


def _hypothetical_cite(note: str) -> list[dict]:
    return [{"source": HYPOTHETICAL, "confidence": "low", "note": note}]


class _M(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FactChange(_M):
    """Change some fields of an existing fact (by id)."""

    id: str
    set: dict[str, Any] = Field(min_length=1)


class ConditionReplacement(_M):
    """Give a clause a different condition (``null`` makes it unconditional)."""

    clause: str = Field(description="'treaty-id/clause-id'")
    condition: str | None
    note: str | None = None


class WhatIf(_M):
    """A counterfactual: edits to a crisis's facts and to the treaties, applied before evaluating."""

    id: str = "what-if"
    name: str = "what-if"
    crisis: str | None = None
    description: str | None = None
    on: FuzzyDate | None = None
    add_facts: list[CrisisFact] = Field(default_factory=list)
    remove_facts: list[str] = Field(default_factory=list)
    change_facts: list[FactChange] = Field(default_factory=list)
    replace_condition: list[ConditionReplacement] = Field(default_factory=list)
    add_treaties: list[Treaty] = Field(default_factory=list)
    assume_performed: bool = False

    @model_validator(mode="before")
    @classmethod
    def _mark_hypothetical(cls, data: Any) -> Any:
        """Facts and treaties a what-if invents cite the what-if itself."""
        if not isinstance(data, dict):
            return data
        data = dict(data)
        facts = []
        for f in data.get("add_facts") or []:
            if isinstance(f, dict) and "cite" not in f:
                f = {**f, "cite": _hypothetical_cite("hypothetical fact of a what-if")}
            facts.append(f)
        if "add_facts" in data:
            data["add_facts"] = facts
        treaties = []
        for t in data.get("add_treaties") or []:
            if isinstance(t, dict):
                t = dict(t)
                t.setdefault("cite", _hypothetical_cite("hypothetical treaty of a what-if"))
                t["clauses"] = [
                    {**c, "cite": _hypothetical_cite("hypothetical clause")} if isinstance(c, dict) and "cite" not in c else c
                    for c in t.get("clauses") or []
                ]
            treaties.append(t)
        if "add_treaties" in data:
            data["add_treaties"] = treaties
        return data


@dataclass
class Scenario:
    """What a scenario file held: a crisis, a what-if, or both; and where it was read from."""

    crisis: Crisis | None = None
    what_if: WhatIf | None = None
    file: str = "<scenario>"
    node: Any = None

    def where(self, loc: tuple) -> tuple[int | None, int | None]:
        return locate(self.node, loc) if self.node is not None else (None, None)


class ScenarioError(ValueError):
    """A scenario (crisis or what-if) that cannot be evaluated; lists every problem."""

    def __init__(self, errors: list[KBError]):
        self.errors = errors
        super().__init__("invalid scenario:\n" + "\n".join(f"  {e}" for e in errors))


def _mark_crisis_facts(data: Any) -> Any:
    """A user's own crisis file may leave facts uncited: they are marked as the user's."""
    if isinstance(data, dict):
        data = dict(data)
        data.setdefault("cite", [{"source": "user", "confidence": "low", "note": "supplied by the user"}])
        data["facts"] = [
            {**f, "cite": [{"source": "user", "confidence": "low", "note": "supplied by the user"}]}
            if isinstance(f, dict) and "cite" not in f else f
            for f in data.get("facts") or []
        ]
    return data


def parse_scenario(data: Any, file: str = "<scenario>", node: Any = None) -> Scenario:
    """A scenario from already-parsed data: ``{crisis: ...}``, ``{what_if: ...}`` or both."""
    errors: list[KBError] = []
    if not isinstance(data, dict) or not ({"crisis", "what_if"} & set(data)):
        raise ScenarioError([KBError(file, 1, 1, None, "expected a mapping with 'crisis:' and/or 'what_if:'")])
    for key in data:
        if key not in ("crisis", "what_if"):
            line, col = locate(node, (key,)) if node is not None else (None, None)
            errors.append(KBError(file, line, col, str(key), "unknown section; expected 'crisis' or 'what_if'"))
    sc = Scenario(file=file, node=node)
    for key, model, prep in (("crisis", Crisis, _mark_crisis_facts), ("what_if", WhatIf, lambda d: d)):
        if key not in data:
            continue
        try:
            setattr(sc, key, model.model_validate(prep(data[key])))
        except ValidationError as exc:
            errors += _errors_from_validation(exc, file, node, (key,))
    if errors:
        raise ScenarioError(errors)
    return sc


def load_scenario(path: str | Path) -> Scenario:
    """Read a scenario from a YAML or JSON file; raise :class:`ScenarioError` naming file, line, field."""
    path = Path(path)
    display = str(path)
    if not path.is_file():
        raise ScenarioError([KBError(display, None, None, None, "scenario file not found")])
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError) as e:
            line = getattr(e, "lineno", None)
            raise ScenarioError([KBError(display, line, getattr(e, "colno", None), None, f"not valid JSON: {e}")]) from None
        except RecursionError:
            raise ScenarioError([KBError(display, None, None, None, "not valid JSON: nested too deeply")]) from None
        return parse_scenario(data, display, None)
    node, errs = read_yaml(path, display)
    if errs:
        raise ScenarioError(errs)
    try:
        data = plain(node)
    except (TooComplex, RecursionError) as exc:  # an alias bomb, or nesting deeper than Python recurses
        raise ScenarioError([KBError(display, 1, 1, None, f"too complex: {exc}")]) from None
    return parse_scenario(data, display, node)


# ----------------------------------------------------------------------------- checks against the KB
def kb_period(kb: KnowledgeBase) -> tuple[dt.date, dt.date]:
    """The span of days the KB can speak about: the project's period, widened by any KB date."""
    lo, hi = PROJECT_PERIOD
    for t in kb.treaties.values():
        for d in (t.signed.date if t.signed else None, t.in_force.date if t.in_force else None,
                  t.ended.date if t.ended else None):
            if d is not None:
                lo, hi = min(lo, d.earliest), max(hi, d.latest)
    for e in kb.events.values():
        lo, hi = min(lo, e.date.earliest), max(hi, e.date.latest)
    return lo, hi


def validate_scenario(kb: KnowledgeBase, sc: Scenario, base: Crisis | None = None) -> None:
    """Check a scenario against the KB: states, dates, fact ids, clause refs and conditions.

    Raises :class:`ScenarioError` listing every problem with its field path.
    """
    errs: list[KBError] = []
    lo, hi = kb_period(kb)

    def err(loc: tuple, msg: str) -> None:
        line, col = sc.where(loc)
        errs.append(KBError(sc.file, line, col, dotted(loc), msg))

    def check_date(loc: tuple, d: FuzzyDate | None) -> None:
        if d is not None and (d.latest < lo or d.earliest > hi):
            err(loc, f"date {d} is outside the period the KB covers ({lo} to {hi})")

    def check_states(loc: tuple, ids: list[str]) -> None:
        for i, sid in enumerate(ids):
            if sid not in kb.states:
                err(loc + (i,), f"unknown state '{sid}' (not in the KB's states)")

    def check_fact(loc: tuple, f: CrisisFact) -> None:
        check_states(loc + ("actor",), f.actor)
        check_states(loc + ("target",), f.target)
        check_date(loc + ("date",), f.date)

    if sc.crisis is not None:
        c = sc.crisis
        for fld in ("date", "start", "end"):
            check_date(("crisis", fld), getattr(c, fld))
        seen: set[str] = set()
        for i, f in enumerate(c.facts):
            check_fact(("crisis", "facts", i), f)
            if f.id in seen:
                err(("crisis", "facts", i, "id"), f"duplicate fact id '{f.id}'")
            seen.add(f.id)
    w = sc.what_if
    if w is None:
        if errs:
            raise ScenarioError(errs)
        return
    base_crisis = sc.crisis or base or (kb.crises.get(w.crisis) if w.crisis else None)
    if w.crisis and sc.crisis is None and base is None and w.crisis not in kb.crises:
        err(("what_if", "crisis"), f"unknown crisis '{w.crisis}'; known: {', '.join(sorted(kb.crises)) or 'none'}")
    fact_ids = {f.id for f in base_crisis.facts} if base_crisis else set()
    check_date(("what_if", "on"), w.on)
    for i, f in enumerate(w.add_facts):
        check_fact(("what_if", "add_facts", i), f)
        if f.id in fact_ids:
            err(("what_if", "add_facts", i, "id"), f"fact id '{f.id}' already exists in the crisis (use change_facts)")
    for i, fid in enumerate(w.remove_facts):
        if base_crisis is not None and fid not in fact_ids:
            err(("what_if", "remove_facts", i), f"no fact '{fid}' in crisis '{base_crisis.id}'")
    for i, ch in enumerate(w.change_facts):
        loc = ("what_if", "change_facts", i)
        before = len(errs)
        if base_crisis is not None and ch.id not in fact_ids:
            err(loc + ("id",), f"no fact '{ch.id}' in crisis '{base_crisis.id}'")
        bad = set(ch.set) - set(CrisisFact.model_fields) - {"id"}
        for k in sorted(bad):
            err(loc + ("set", k), f"facts have no field '{k}'")
        for k in ("actor", "target"):
            if k in ch.set:
                v = ch.set[k]
                if v is None or isinstance(v, str) or (isinstance(v, list) and all(isinstance(x, str) for x in v)):
                    check_states(loc + ("set", k), [v] if isinstance(v, str) else list(v or []))
                else:
                    err(loc + ("set", k), "expected a state id or a list of state ids")
        new_id = ch.set.get("id", ch.id)
        if isinstance(new_id, str) and new_id != ch.id and new_id in fact_ids:
            err(loc + ("set", "id"), f"fact id '{new_id}' already exists in the crisis")
        if "date" in ch.set:
            try:
                check_date(loc + ("set", "date"), parse_date(ch.set["date"]))
            except (ValueError, TypeError) as e:
                err(loc + ("set", "date"), str(e))
        old_fact = next((f for f in base_crisis.facts if f.id == ch.id), None) if base_crisis else None
        if old_fact is not None and len(errs) == before:  # the changed fact must still be a valid fact
            try:
                CrisisFact.model_validate({**old_fact.model_dump(), **ch.set})
            except ValidationError as e:
                for x in e.errors():
                    err(loc + ("set",) + tuple(x["loc"][:1]), x["msg"])
    new_treaties = {t.id: t for t in w.add_treaties}
    for i, rc in enumerate(w.replace_condition):
        loc = ("what_if", "replace_condition", i)
        tid, _, cid = rc.clause.rpartition("/")
        t = kb.treaties.get(tid) or new_treaties.get(tid)
        if t is None or not any(c.id == cid for c in t.clauses):
            err(loc + ("clause",), f"unknown clause '{rc.clause}' (use 'treaty-id/clause-id')")
        if rc.condition is not None:
            try:
                ast = parse_condition(rc.condition)
            except ConditionError as e:
                err(loc + ("condition",), f"malformed condition: {e}")
            else:
                for name in sorted(refs(ast)):
                    if name not in ROLES and name not in kb.states:
                        err(loc + ("condition",), f"condition names unknown state or role '{name}'")
    for i, t in enumerate(w.add_treaties):
        loc = ("what_if", "add_treaties", i)
        if t.id in kb.treaties:
            err(loc + ("id",), f"treaty '{t.id}' already exists in the KB")
        check_states(loc + ("parties",), [p.state for p in t.parties])
        for fld in ("signed", "in_force"):
            d = getattr(t, fld)
            check_date(loc + (fld, "date"), d.date if d else None)
        for j, c in enumerate(t.clauses):
            if c.condition is not None:
                try:
                    parse_condition(c.condition)
                except ConditionError as e:
                    err(loc + ("clauses", j, "condition"), f"malformed condition: {e}")
            check_states(loc + ("clauses", j, "obligors"), c.obligors or [])
            check_states(loc + ("clauses", j, "beneficiaries"), c.beneficiaries or [])
    if errs:
        raise ScenarioError(errs)
