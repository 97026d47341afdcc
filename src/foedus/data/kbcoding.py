"""The KB's treaties expressed in ATOP's coding: one row per treaty x member x phase.

The coding rules (pure functions over the KB models; no I/O beyond loading the KB):

Obligations (a member carries one when it is an obligor of a clause of that kind; obligors
default to every party):

=================  ============  ==========================================================
KB obligation      ATOP column   note
=================  ============  ==========================================================
defense            defense
assistance         defense       mutual-assistance pacts promise armed aid if attacked
guarantee          defense       a guarantor promises armed support of the guaranteed
offense            offense
neutrality         neutral
non_assistance     neutral       "no aid to the aggressor": ATOP's neutrality family
nonaggression      nonagg
consultation       consul
sphere, procedure, other         no ATOP obligation
=================  ============  ==========================================================

Conditions (``clause.condition`` parsed with :func:`foedus.conditions.parse_condition`; the
family prefix is ``defco``/``offco``/``neuco``/``conco`` after the clause's ATOP column):

- ``attacked``/``threatened`` with ``by=`` a state or list of states -> ``<fam>adv`` = 1,
  ``specthrt`` = 1 (a named state), ``statthr1``/``statthr2`` = their COW codes;
- ``in_place``/``on_territory`` -> ``<fam>loc``; ``conflict_kind`` -> ``<fam>con``;
- ``attackers_at_least`` -> ``<fam>num``; ``demand_refused`` -> ``<fam>dem``;
- ``unprovoked`` -> ``defconpr``/``neuconpr`` (ATOP has no such flag for offence or consultation);
- ``requested`` -> ``concoreq``;
- ``league_finding``/``league_procedure`` -> ``<fam>lea``: **our own** flag (ATOP has none) for
  obligations that wait on a League of Nations finding or procedure;
- ``assisted(X, ...)`` -> ``contingent_on`` = "X" (``;``-joined; **our own** column: ATOP has no
  way to say an obligation binds only once another state acts).

A negated predicate still conditions the obligation and sets the same flag.  ``conditio``,
``defcon``, ``offcon``, ``neucon``, ``concon`` are set from these as ATOP does.

Treaties of kind ``covenant`` (the League Covenant) are left out by default, as in ATOP
(:data:`EXCLUDED_KINDS`).

Dates: a member enters at its ``joined`` date, else its own ``signed``, else the treaty's
signature, else entry into force; it leaves at its ``left`` date, else the treaty's end;
no end is ``yrexit = 0`` (ATOP's "still in force").  Uncertain dates use their earliest
strict bound.  A new phase starts whenever a member enters or leaves.
``pubsecr``: 0 public, 1 secret, 2 secret articles (a ``secret`` clause or protocol makes 2).
"""

from __future__ import annotations

import datetime as dt
import functools
import warnings
from typing import Any

import polars as pl

from foedus.conditions import Call, ListV, Ref, parse_condition, walk
from foedus.dates import FuzzyDate

__all__ = ["OBLIGATION_TO_ATOP", "KB_MEMBER_COLUMNS", "kb_atop_members", "code_treaty", "condition_flags"]

OBLIGATION_TO_ATOP: dict[str, str | None] = {
    "defense": "defense", "assistance": "defense", "guarantee": "defense", "offense": "offense",
    "neutrality": "neutral", "non_assistance": "neutral", "nonaggression": "nonagg", "consultation": "consul",
    "sphere": None, "procedure": None, "other": None,
}
_FAMILY = {"defense": "defco", "offense": "offco", "neutral": "neuco", "consul": "conco"}
_FLAG_OF_PRED = {
    "in_place": "loc", "on_territory": "loc", "conflict_kind": "con", "attackers_at_least": "num",
    "demand_refused": "dem", "league_finding": "lea", "league_procedure": "lea",
}
_VALID = {  # which ATOP condition columns exist per family (plus our own 'lea')
    "defco": {"adv", "loc", "con", "num", "dem", "npr", "lea"},
    "offco": {"adv", "loc", "con", "num", "dem", "lea"},
    "neuco": {"adv", "loc", "con", "num", "dem", "npr", "att", "lea"},
    "conco": {"adv", "loc", "con", "req", "lea"},
}
FLAG_COLUMNS = [f"{fam}{k}" for fam, ks in _VALID.items()
                for k in ("adv", "loc", "con", "num", "dem", "npr", "att", "req", "lea") if k in ks]

KB_MEMBER_COLUMNS = [
    "atopid", "member", "stateabb", "yrent", "moent", "dayent", "yrexit", "moexit", "dayexit", "phase", "maxphase",
    "bilat", "pubsecr", "defense", "offense", "neutral", "nonagg", "consul",
    "conditio", "defcon", "offcon", "neucon", "concon", *FLAG_COLUMNS,
    "specthrt", "statthr1", "statthr2", "contingent_on", "kb_obligations", "kb_kind", "source",
]
EXCLUDED_KINDS = ("covenant",)
"""Treaty kinds left out by default: ATOP does not code the League Covenant (the charter of a
collective-security organisation open to every state) as an alliance, and neither do we."""


def _actor_ids(v: Any) -> list[str]:
    if isinstance(v, Ref):
        return [v.name]
    if isinstance(v, ListV):
        return [i.name for i in v.items if isinstance(i, Ref)]
    return []


_ROLES = {"obligor", "beneficiary", "any"}


def condition_flags(condition: str | None, atop_obligation: str) -> dict[str, Any]:
    """The ATOP condition flags (and our own ``contingent_on``, ``threats``) of one clause condition.

    Returns ``{"flags": {column: 1}, "threats": [state ids], "contingent_on": [state ids]}``.
    """
    out: dict[str, Any] = {"flags": {}, "threats": [], "contingent_on": []}
    if not condition:
        return out
    fam = _FAMILY.get(atop_obligation)
    node = parse_condition(condition)
    for n in walk(node):
        if not isinstance(n, Call):
            continue
        kind = None
        if n.name in ("attacked", "threatened"):
            named = [s for s in _actor_ids(n.arg("by")) if s not in _ROLES]
            if named:
                kind = "adv"
                out["threats"].extend(s for s in named if s not in out["threats"])
        elif n.name == "unprovoked":
            kind = "npr"
        elif n.name == "requested":
            kind = "req"
        elif n.name == "assisted":
            helpers = [s for s in _actor_ids(n.arg("helper")) if s not in _ROLES]
            out["contingent_on"].extend(s for s in helpers if s not in out["contingent_on"])
        else:
            kind = _FLAG_OF_PRED.get(n.name)
        if kind and fam and kind in _VALID[fam]:
            out["flags"][f"{fam}{kind}"] = 1
    return out


def _day(d: FuzzyDate | None) -> dt.date | None:
    return None if d is None else d.strict_earliest


def code_treaty(treaty: Any, ccodes: dict[str, int]) -> list[dict[str, Any]]:
    """ATOP member-level rows for one KB treaty (see the module docstring for the rules)."""
    if treaty.status != "concluded":
        return []
    t_start = _day(treaty.signed.date if treaty.signed else None) or _day(
        treaty.in_force.date if treaty.in_force else None)
    t_end = _day(treaty.ended.date) if treaty.ended else None
    spans: dict[str, tuple[dt.date | None, dt.date | None]] = {}
    for p in treaty.parties:
        start = _day(p.joined) or _day(p.signed) or t_start
        end = _day(p.left) or t_end
        if start is None:
            continue
        spans[p.state] = (start, end)
    if not spans:
        return []
    parties = list(spans)
    # obligations and conditions per member
    per: dict[str, dict[str, Any]] = {
        s: {"obl": set(), "kb_obl": set(), "flags": {}, "threats": [], "contingent_on": []} for s in parties}
    secret_any = treaty.public == "secret_articles" or any(c.secret for c in treaty.clauses) or any(
        pr.secret for pr in treaty.protocols)
    for c in treaty.clauses:
        atop = OBLIGATION_TO_ATOP.get(c.obligation)
        obligors = c.obligors if c.obligors is not None else parties
        for s in obligors:
            if s not in per:
                continue
            per[s]["kb_obl"].add(c.obligation)
            if atop is None:
                continue
            per[s]["obl"].add(atop)
            cf = condition_flags(c.condition, atop)
            per[s]["flags"].update(cf["flags"])
            per[s]["threats"].extend(x for x in cf["threats"] if x not in per[s]["threats"])
            per[s]["contingent_on"].extend(x for x in cf["contingent_on"] if x not in per[s]["contingent_on"])
    # phases: a new one at every entry or exit after the first entry
    cuts = sorted({d for st, en in spans.values() for d in (st, en) if d is not None} - {min(st for st, _ in spans.values())})
    bounds = [min(st for st, _ in spans.values()), *cuts]
    phases = []
    for i, lo in enumerate(bounds):
        hi = bounds[i + 1] if i + 1 < len(bounds) else None
        members = [s for s, (st, en) in spans.items() if st <= lo and (en is None or en > lo)]
        if members:
            phases.append((lo, hi, members))
    multi = len(phases) > 1
    pubsecr = 1 if treaty.public == "secret" else (2 if secret_any else 0)
    rows = []
    for k, (lo, hi, members) in enumerate(phases, start=1):
        for s in members:
            m = per[s]
            end = spans[s][1]
            if hi is not None and (end is None or hi < end):
                end = hi
            flags = {f: m["flags"].get(f, 0) for f in FLAG_COLUMNS}
            fam_on = {fam: int(any(v for f, v in flags.items() if f.startswith(fam))) for fam in _FAMILY.values()}
            threats = [ccodes.get(x) for x in m["threats"]]
            rows.append({
                "atopid": treaty.id, "member": ccodes.get(s), "stateabb": s,
                "yrent": lo.year, "moent": lo.month, "dayent": lo.day,
                "yrexit": end.year if end else 0, "moexit": end.month if end else 0, "dayexit": end.day if end else 0,
                "phase": k if multi else 0, "maxphase": len(phases) if multi else 0,
                "bilat": int(len(parties) == 2), "pubsecr": pubsecr,
                **{o: int(o in m["obl"]) for o in ("defense", "offense", "neutral", "nonagg", "consul")},
                "conditio": int(any(fam_on.values()) or bool(m["contingent_on"])),
                "defcon": fam_on["defco"], "offcon": fam_on["offco"], "neucon": fam_on["neuco"],
                "concon": fam_on["conco"], **flags,
                "specthrt": int(bool(threats)),
                "statthr1": threats[0] if threats else 0, "statthr2": threats[1] if len(threats) > 1 else 0,
                "contingent_on": ";".join(m["contingent_on"]) or None,
                "kb_obligations": ";".join(sorted(m["kb_obl"])) or None,
                "kb_kind": treaty.kind,
                "source": "foedus-kb",
            })
    return rows


def _schema() -> dict[str, pl.DataType]:
    strs = {"atopid", "stateabb", "contingent_on", "kb_obligations", "kb_kind", "source"}
    return {c: (pl.String if c in strs else pl.Int64) for c in KB_MEMBER_COLUMNS}


def kb_atop_members(kb: Any = None, strict: bool = False, exclude_kinds=EXCLUDED_KINDS) -> pl.DataFrame:
    """Every concluded KB treaty in ATOP member-level coding (columns :data:`KB_MEMBER_COLUMNS`).

    Treaties whose ``kind`` is in ``exclude_kinds`` (default :data:`EXCLUDED_KINDS`: the League
    Covenant) are left out; pass ``()`` to keep them.

    ``kb`` defaults to the project KB, loaded and checked once per process and again only
    when a file under ``kb/`` changes (loading parses every EDTF date and takes seconds).
    When the KB has check errors, ``strict`` raises :class:`foedus.KBInvalid`; otherwise the
    treaties that load are coded and a warning says so.  Members without a COW code (e.g.
    the League) keep ``member`` null and drop out of dyad-years.
    """
    if kb is None:
        from foedus import paths

        root = paths.kb_dir()
        stamp = tuple(sorted((str(f), f.stat().st_mtime_ns, f.stat().st_size) for f in root.rglob("*.yaml")))
        frame, errors = _project_kb_members(str(root), stamp)
        if errors:
            if strict:
                from foedus.kb import KBInvalid

                raise KBInvalid(list(errors))
            warnings.warn(f"the KB has {len(errors)} problem(s); coding the treaties that load", stacklevel=2)
    else:
        frame = _code_kb(kb)
    return frame.filter(~pl.col("kb_kind").is_in(list(exclude_kinds)))


def _code_kb(kb: Any) -> pl.DataFrame:
    ccodes = {sid: s.ccode for sid, s in kb.states.items() if s.ccode is not None}
    rows = [r for tid in sorted(kb.treaties) for r in code_treaty(kb.treaties[tid], ccodes)]
    return pl.DataFrame(rows, schema=_schema(), orient="row") if rows else pl.DataFrame(schema=_schema())


@functools.lru_cache(maxsize=4)
def _project_kb_members(root: str, stamp: tuple) -> tuple[pl.DataFrame, tuple]:
    from foedus.kb import check_kb

    kb, errors = check_kb(root)
    return _code_kb(kb), tuple(errors)
