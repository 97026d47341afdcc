"""Cross-checks over the whole knowledge base: references resolve, quotes stand in
their seeds, dates run in order, conditions parse, and disagreements are recorded.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from foedus.conditions import ROLES, ConditionError, parse_condition, refs
from foedus.dates import FuzzyDate, parse_date, DateError
from foedus.kb.errors import KBError
from foedus.kb.loader import KnowledgeBase
from foedus.kb.quotes import fold, quote_in
from foedus.kb.yamlsrc import dotted

DOUBTFUL_GRADES = ("D", "E")


class _Report:
    def __init__(self, kb: KnowledgeBase):
        self.kb = kb
        self.errors: list[KBError] = []

    def add(self, kind: str, ident: str, sub: tuple, message: str) -> None:
        o = self.kb.origins.get((kind, ident))
        if o is None:
            self.errors.append(KBError(str(self.kb.root), None, None, dotted(sub) or None, message))
            return
        line, col = o.at(*sub)
        self.errors.append(KBError(o.file, line, col, dotted(o.path + sub), message))


def check(kb: KnowledgeBase, seeds: Path) -> list[KBError]:
    """Every cross-entity problem in ``kb``, given the folder holding the seed texts."""
    r = _Report(kb)
    _check_sources(r, seeds)
    _check_citations(r, seeds)
    _check_ids_unique_across_kinds(r)
    _check_states_and_people(r)
    _check_treaties(r)
    _check_events_and_crises(r)
    _check_claims_and_conflicts(r)
    return r.errors


# ----------------------------------------------------------------------------- sources, citations
def _check_sources(r: _Report, seeds: Path) -> None:
    for s in r.kb.sources.values():
        if s.kind == "seed":
            p = seeds / (s.file or "")
            if not p.is_file():
                r.add("source", s.id, ("file",), f"seed file '{s.file}' not found in {seeds}")


def _check_citations(r: _Report, seeds: Path) -> None:
    for kind, ident, path, cit in r.kb.citations():
        src = r.kb.sources.get(cit.source)
        if src is None:
            r.add(kind, ident, path + ("source",), f"unknown source '{cit.source}' (define it under 'sources:')")
            continue
        if src.kind == "seed":
            if not cit.quote:
                r.add(kind, ident, path, f"a citation of seed '{src.id}' needs a verbatim 'quote'")
                continue
            p = seeds / (src.file or "")
            if p.is_file() and not quote_in(cit.quote, p):
                shown = fold(cit.quote)
                shown = shown if len(shown) <= 80 else shown[:77] + "..."
                r.add(kind, ident, path + ("quote",), f"quote not found in seed {src.file}: \"{shown}\"")
        elif cit.confidence is None:
            r.add(kind, ident, path, f"a citation of outside reference '{src.id}' needs a 'confidence' (certain, high, medium, low)")


def _check_ids_unique_across_kinds(r: _Report) -> None:
    seen: dict[str, str] = {}
    for kind, ent in r.kb.entities():
        if ent.id in seen and seen[ent.id] != kind:
            r.add(kind, ent.id, ("id",), f"id '{ent.id}' is also used by a {seen[ent.id]}; ids must be unique")
        seen.setdefault(ent.id, kind)


# ----------------------------------------------------------------------------- helpers
def _state(r: _Report, kind: str, ident: str, sub: tuple, sid: str | None) -> None:
    if sid is not None and sid not in r.kb.states:
        r.add(kind, ident, sub, f"unknown state '{sid}' (define it under 'states:')")


def _order(r: _Report, kind: str, ident: str, sub: tuple, first: FuzzyDate | None, then: FuzzyDate | None, what: str) -> None:
    if first is not None and then is not None and first.after(then) is True:
        r.add(kind, ident, sub, f"{what}: {then} is before {first}")


# ----------------------------------------------------------------------------- entities
def _check_states_and_people(r: _Report) -> None:
    for s in r.kb.states.values():
        _order(r, "state", s.id, ("existed_to",), s.existed_from, s.existed_to, "existence ends before it begins")
    for p in r.kb.people.values():
        _state(r, "person", p.id, ("nationality",), p.nationality)
        _order(r, "person", p.id, ("died",), p.born, p.died, "death before birth")
        for i, o in enumerate(p.offices):
            _state(r, "person", p.id, ("offices", i, "state"), o.state)
            _order(r, "person", p.id, ("offices", i, "end"), o.start, o.end, "office ends before it starts")


def _check_treaties(r: _Report) -> None:
    kb = r.kb
    for t in kb.treaties.values():
        parties = set(t.party_ids)
        for i, p in enumerate(t.parties):
            _state(r, "treaty", t.id, ("parties", i, "state"), p.state)
        if len(parties) != len(t.parties):
            r.add("treaty", t.id, ("parties",), "a state is listed twice among the parties")
        signed = t.signed.date if t.signed else None
        in_force = t.in_force.date if t.in_force else None
        _order(r, "treaty", t.id, ("in_force",), signed, in_force, "enters into force before it is signed")
        if t.ended:
            _order(r, "treaty", t.id, ("ended", "date"), in_force or signed, t.ended.date, "ends before it begins")
            _state(r, "treaty", t.id, ("ended", "by"), t.ended.by)
        if t.status == "proposal" and t.in_force:
            r.add("treaty", t.id, ("in_force",), "a proposal never in force cannot have 'in_force'")
        for rel_i, rel in enumerate(t.related):
            if rel not in kb.treaties:
                r.add("treaty", t.id, ("related", rel_i), f"unknown treaty '{rel}'")
        protocol_ids = {p.id for p in t.protocols}
        clause_ids: set[str] = set()
        for ci, c in enumerate(t.clauses):
            base = ("clauses", ci)
            if c.id in clause_ids:
                r.add("treaty", t.id, base + ("id",), f"duplicate clause id '{c.id}' in treaty '{t.id}'")
            clause_ids.add(c.id)
            for field in ("obligors", "beneficiaries"):
                for si, sid in enumerate(getattr(c, field) or []):
                    if sid not in kb.states:
                        r.add("treaty", t.id, base + (field, si), f"unknown state '{sid}'")
                    elif field == "obligors" and sid not in parties:
                        r.add("treaty", t.id, base + (field, si), f"'{sid}' is bound by the clause but is not a party")
            if c.protocol and c.protocol not in protocol_ids:
                r.add("treaty", t.id, base + ("protocol",), f"unknown protocol '{c.protocol}' (declare it under 'protocols:')")
            if c.condition is not None:
                try:
                    ast = parse_condition(c.condition)
                except ConditionError as e:
                    r.add("treaty", t.id, base + ("condition",), f"malformed condition: {e}")
                else:
                    for name in sorted(refs(ast)):
                        if name not in ROLES and name not in kb.states:
                            r.add("treaty", t.id, base + ("condition",), f"condition names unknown state or role '{name}'")
        for ci, c in enumerate(t.clauses):
            for ki, ref in enumerate(c.contingent_on):
                if kb.clause(ref, within=t.id) is None:
                    r.add("treaty", t.id, ("clauses", ci, "contingent_on", ki), f"unknown clause '{ref}' (use 'treaty-id/clause-id')")


def _check_events_and_crises(r: _Report) -> None:
    kb = r.kb
    for e in kb.events.values():
        for f in ("actors", "targets"):
            for i, sid in enumerate(getattr(e, f)):
                _state(r, "event", e.id, (f, i), sid)
        for i, pid in enumerate(e.people):
            if pid not in kb.people:
                r.add("event", e.id, ("people", i), f"unknown person '{pid}'")
        if e.treaty and e.treaty not in kb.treaties:
            r.add("event", e.id, ("treaty",), f"unknown treaty '{e.treaty}'")
        _order(r, "event", e.id, ("end",), e.date, e.end, "event ends before it begins")
    for c in kb.crises.values():
        _order(r, "crisis", c.id, ("end",), c.start, c.end, "crisis ends before it begins")
        fact_ids: set[str] = set()
        for i, f in enumerate(c.facts):
            if f.id in fact_ids:
                r.add("crisis", c.id, ("facts", i, "id"), f"duplicate fact id '{f.id}'")
            fact_ids.add(f.id)
            for fld in ("actor", "target"):
                for j, sid in enumerate(getattr(f, fld)):
                    _state(r, "crisis", c.id, ("facts", i, fld, j), sid)
            if f.event and f.event not in kb.events:
                r.add("crisis", c.id, ("facts", i, "event"), f"unknown event '{f.event}'")


def _as_date(v: Any) -> FuzzyDate | None:
    try:
        return parse_date(v)
    except DateError:
        return None


def _agree(a: Any, b: Any) -> bool:
    """Do two claimed values agree? Dates agree when their spans overlap; lists as sets."""
    if a is None or b is None:
        return True
    da, db = _as_date(a), _as_date(b)
    if da is not None and db is not None:
        return da.compatible(db)
    if isinstance(a, list) and isinstance(b, list):
        return sorted(map(str, a)) == sorted(map(str, b))
    return str(a).strip().lower() == str(b).strip().lower()


def _claim_sources(kb: KnowledgeBase, claim) -> set[str]:
    return {c.source for c in claim.cite}


def _check_claims_and_conflicts(r: _Report) -> None:
    kb = r.kb
    for c in kb.claims.values():
        if kb.get(c.about) is None:
            r.add("claim", c.id, ("about",), f"unknown entity '{c.about}'")
    in_conflict: dict[str, set[str]] = {}
    for k in kb.conflicts.values():
        if kb.get(k.about) is None:
            r.add("conflict", k.id, ("about",), f"unknown entity '{k.about}'")
        if len(set(k.claims)) != len(k.claims):
            r.add("conflict", k.id, ("claims",), "a claim is listed twice")
        for i, cid in enumerate(k.claims):
            if cid not in kb.claims:
                r.add("conflict", k.id, ("claims", i), f"unknown claim '{cid}'")
            in_conflict.setdefault(cid, set()).update(x for x in k.claims if x != cid)
    # disagreements must be recorded, never silently resolved
    groups: dict[tuple[str, str], list] = {}
    for c in kb.claims.values():
        if c.field and c.value is not None and c.kind in ("fact", "date"):
            groups.setdefault((c.about, c.field), []).append(c)
    for (about, fld), cs in sorted(groups.items()):
        cs = sorted(cs, key=lambda c: c.id)
        for i, a in enumerate(cs):
            for b in cs[i + 1:]:
                if not _agree(a.value, b.value) and b.id not in in_conflict.get(a.id, set()):
                    r.add("claim", b.id, ("value",),
                          f"disagrees with claim '{a.id}' on {about}.{fld} ({a.value!s} vs {b.value!s}) "
                          "and no conflict records it; add a Conflict listing both")
    # a doubtful source's claims must be cross-checked: corroborated or contested
    for c in kb.claims.values():
        grades = {kb.sources[s].reliability.grade for s in _claim_sources(kb, c) if s in kb.sources}
        if grades and grades <= set(DOUBTFUL_GRADES):
            corroborated = any(
                o.id != c.id and o.about == c.about and o.field == c.field and _agree(o.value, c.value)
                and any(kb.sources[s].reliability.grade not in DOUBTFUL_GRADES for s in _claim_sources(kb, o) if s in kb.sources)
                for o in kb.claims.values()
            ) if c.field else False
            if not corroborated and c.id not in in_conflict:
                r.add("claim", c.id, ("cite",),
                      "rests only on a doubtful source: corroborate it with a claim from a better source "
                      "or record the Conflict it is in")
