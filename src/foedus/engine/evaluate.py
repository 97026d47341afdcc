"""Evaluating a crisis: which obligations were triggered, pending, void or not triggered, and why.

Every clause of every treaty is read per ordered (obligor, beneficiary) pair (see the
shared contract in ``docs/engine.md``). For each pair the engine checks, in order:

1. time validity: the treaty is in force on the day, and both states are bound by it
   (``void`` when not: the obligation cannot bind);
2. the clause's condition over the crisis's facts, in three-valued logic;
3. contingent parts (``assisted(H, V)`` and ``contingent_on``), which depend on other
   obligations: they are resolved together to a fixed point, and obligations left
   waiting on each other in a ring are reported as a cycle.

Results: ``triggered`` (bound to act), ``not_triggered`` (condition false), ``void``
(not bound that day), ``pending`` (waiting on another state's performance, a cycle of
mutual waiting, or facts/dates too uncertain to tell). The functions here are pure:
they read a :class:`KnowledgeBase` and a :class:`Crisis` and return pydantic models.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, Field

from foedus.conditions import And, Call, Const, Node, Not, Or, parse_condition, to_text, walk
from foedus.conditions import refs as cond_refs
from foedus.dates import FuzzyDate, Tri, parse_date
from foedus.engine.explain import Explanation, flatten, node
from foedus.engine.facts import Fact, FactIndex, cite_text, crisis_facts
from foedus.engine.predicates import PREDICATE_RULES, Pair, describe_actors, resolve
from foedus.engine.tri import t_and, t_not, t_or
from foedus.engine.validity import party_validity, treaty_validity
from foedus.kb.loader import KnowledgeBase
from foedus.kb.models import Clause, Crisis, Treaty

__all__ = [
    "Status", "Obligation", "TreatyStatus", "Cycle", "Evaluation", "evaluate_crisis",
    "ASSISTING_OBLIGATIONS", "crisis_days", "EngineError",
]

Status = Literal["triggered", "pending", "void", "not_triggered"]
STATUSES: tuple[str, ...] = ("triggered", "pending", "void", "not_triggered")

ASSISTING_OBLIGATIONS = frozenset({"defense", "offense", "assistance", "guarantee"})
"""Obligation kinds whose performance counts as 'coming to the assistance' of the beneficiary."""

MAX_CYCLES = 100


class EngineError(ValueError):
    """A request the engine cannot answer (unknown crisis, unparsable date...), naming the field."""


class Obligation(BaseModel):
    """One clause read for one (obligor, beneficiary) pair on one day, with its explanation."""

    key: str = Field(description="'treaty/clause:OBLIGOR->BENEFICIARY'")
    treaty: str
    treaty_name: str
    clause: str
    article: str
    obligation: str
    action: str | None = None
    obligor: str
    beneficiary: str
    condition: str | None = None
    status: Status
    certain: bool = Field(description="False when uncertain dates or facts entered the verdict")
    pending_on: Literal["contingent", "cycle", "uncertain"] | None = None
    waits_on: list[str] = Field(default_factory=list, description="keys of the obligations it waits on")
    reason: str
    explanation: Explanation


class TreatyStatus(BaseModel):
    """Whether a treaty is in force on the day evaluated, and why."""

    id: str
    name: str
    in_force: Literal["yes", "no", "uncertain"]
    reason: str
    parties: list[str]
    hypothetical: bool = False


class Cycle(BaseModel):
    """A ring of obligations each binding only if another in the ring is performed first."""

    members: list[str]
    text: str


class Evaluation(BaseModel):
    """The obligations of every party to every treaty in force on a crisis day."""

    crisis: str
    crisis_name: str
    on: str = Field(description="the day treaties and parties are judged in force")
    facts_until: str = Field(description="the last day whose facts are taken into account")
    what_if: str | None = None
    assume_performed: bool = False
    treaties: list[TreatyStatus]
    obligations: list[Obligation]
    cycles: list[Cycle] = Field(default_factory=list)
    facts: list[Fact]
    counts: dict[str, int]

    def get(self, key: str) -> Obligation | None:
        return next((o for o in self.obligations if o.key == key), None)

    def by_status(self, status: str) -> list[Obligation]:
        return [o for o in self.obligations if o.status == status]

    def find(self, treaty: str | None = None, obligor: str | None = None, beneficiary: str | None = None,
             clause: str | None = None) -> list[Obligation]:
        """Obligations matching every given field."""
        return [o for o in self.obligations
                if (treaty is None or o.treaty == treaty) and (obligor is None or o.obligor == obligor)
                and (beneficiary is None or o.beneficiary == beneficiary) and (clause is None or o.clause == clause)]


# ----------------------------------------------------------------------------- the pieces
@lru_cache(maxsize=4096)
def _parsed(text: str) -> Node:
    return parse_condition(text)


def okey(treaty: str, clause: str, obligor: str, beneficiary: str) -> str:
    return f"{treaty}/{clause}:{obligor}->{beneficiary}"


@dataclass
class _Item:
    treaty: Treaty
    clause: Clause
    ast: Node | None
    pair: Pair
    key: str
    validity: Tri
    validity_nodes: list[Explanation]
    contingent: bool
    uses_assisted: bool = False
    refs: frozenset = frozenset()


@dataclass
class _Result:
    status: str
    certain: bool
    pending_on: str | None
    waits: list[str]
    reason: str
    explanation: Explanation


@dataclass
class _Ctx:
    ix: FactIndex
    assume_performed: bool
    items: dict[str, _Item] = field(default_factory=dict)
    state: dict[str, str] = field(default_factory=dict)
    by_pair: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    cache: dict[tuple, tuple] = field(default_factory=dict)
    memo: bool = True


def _pairs(t: Treaty, c: Clause) -> list[Pair]:
    parties = t.party_ids
    obligors = c.obligors if c.obligors else parties
    out = []
    for o in obligors:
        bens = c.beneficiaries if c.beneficiaries else [p for p in parties if p != o]
        out += [Pair(o, b) for b in bens if b != o]
    return out


def crisis_days(crisis: Crisis, on: FuzzyDate | str | None) -> tuple[FuzzyDate, FuzzyDate]:
    """(the day validity is judged, the last day whose facts count).

    With an explicit ``on`` both are that day. Otherwise treaties are judged on the
    crisis's own date, and facts are read through its end (the crisis as it unfolded).
    """
    if on is not None:
        try:
            d = parse_date(on)
        except ValueError as e:
            raise EngineError(f"on: {e}") from None
        return d, d
    horizon = crisis.date
    if crisis.end is not None and crisis.end.after(crisis.date) is not False:
        horizon = crisis.end
    return crisis.date, horizon


# ----------------------------------------------------------------------------- conditions
def _eval(n: Node, it: _Item, ctx: _Ctx) -> tuple[Tri, Explanation, set[str]]:
    """A condition's three-valued truth for one pair, its explanation and the obligations it waits on."""
    if isinstance(n, Const):
        return n.value, node("true" if n.value else "false", "const", n.value), set()
    if isinstance(n, Not):
        v, e, w = _eval(n.item, it, ctx)
        nv = t_not(v)
        return nv, node("not", "not", nv, children=[e]), w
    if isinstance(n, (And, Or)):
        parts = [_eval(i, it, ctx) for i in n.items]
        vals = [p[0] for p in parts]
        v = t_and(vals) if isinstance(n, And) else t_or(vals)
        waits: set[str] = set()
        for p in parts:
            waits |= p[2]
        kind = "and" if isinstance(n, And) else "or"
        label = "all of" if kind == "and" else "any of"
        return v, node(label, kind, v, children=[p[1] for p in parts]), waits
    assert isinstance(n, Call)
    if n.name == "assisted":
        helpers, helped = resolve(n.arg("helper"), it.pair), resolve(n.arg("helped"), it.pair)
        refs = frozenset(r if "/" in r else f"{it.treaty.id}/{r}" for r in it.clause.contingent_on) or None
        return _assisted(helpers, helped, refs, it, ctx, label=to_text(n))
    v, e = PREDICATE_RULES[n.name](n, it.pair, ctx.ix)
    e.label = f"{to_text(n)}: {e.label}"
    return v, e, set()


def _candidates(helpers: frozenset[str] | None, helped: frozenset[str] | None, ctx: _Ctx):
    if helpers is not None and helped is not None:
        for o in sorted(helpers):
            for b in sorted(helped):
                yield (o, b), ctx.by_pair.get((o, b), [])
    else:
        yield from ctx.by_pair.items()


def _assisted(helpers: frozenset[str] | None, helped: frozenset[str] | None, clause_refs: frozenset[str] | None,
              it: _Item, ctx: _Ctx, label: str) -> tuple[Tri, Explanation, set[str]]:
    """Has a helper come to the helped's assistance? From assistance facts, else from its own obligations.

    ``clause_refs`` (from the clause's ``contingent_on``) limits which of the helper's
    obligations count as the performance awaited.
    """
    facts = [(f, w) for f, w in ctx.ix.of("assistance")
             if (helpers is None or helpers.intersection(f.actor)) and (helped is None or helped.intersection(f.target))
]
    fact_val = t_or(w for _, w in facts) if facts else False
    children = [node(f.label(), "fact", w, cites=f.sources) for f, w in facts]
    if fact_val is True:
        return True, node(f"{label}: {describe_actors(helpers)} came to the assistance of {describe_actors(helped)}",
                          "contingent", True, children=children), set()
    # no certain assistance: look at what the helpers are bound to do
    waits: set[str] = set()
    obl_val: Tri = False
    for (o, b), keys in _candidates(helpers, helped, ctx):
        if o == it.pair.obligor or (helpers is not None and o not in helpers) or (helped is not None and b not in helped):
            continue
        for k in keys:
            other = ctx.items[k]
            if k == it.key or other.clause.obligation not in ASSISTING_OBLIGATIONS:
                continue
            if clause_refs is not None and f"{other.treaty.id}/{other.clause.id}" not in clause_refs:
                continue
            st = ctx.state.get(k, "pending")
            if st == "triggered":
                if ctx.assume_performed:
                    obl_val = True
                    children.append(node(f"{o} is bound to assist {b} by {k} and, in this what-if, is taken to perform it",
                                         "contingent", True))
                else:
                    obl_val = t_or([obl_val, None])
                    waits.add(k)
                    children.append(node(f"{o} is bound to assist {b} by {k} but has not (yet) done so", "contingent", None))
            elif st == "pending":
                obl_val = t_or([obl_val, None])
                waits.add(k)
                children.append(node(f"{o}'s own obligation {k} is itself pending", "contingent", None))
    value = t_or([fact_val, obl_val])
    if value is True:
        waits = set()
    if value is False:
        text = f"{describe_actors(helpers)} has not come to the assistance of {describe_actors(helped)} and is not bound to"
    elif value is None and waits:
        text = f"waiting for {describe_actors(helpers)} to come to the assistance of {describe_actors(helped)} first"
    elif value is None:
        text = f"{describe_actors(helpers)} may have assisted {describe_actors(helped)} (uncertain date)"
    else:
        text = f"{describe_actors(helpers)} is taken to assist {describe_actors(helped)}"
    return value, node(f"{label}: {text}", "contingent", value, children=children), waits


def _contingent_on(it: _Item, ctx: _Ctx) -> tuple[Tri, list[Explanation], set[str]]:
    """A clause with ``contingent_on`` and no ``assisted()`` binds once any listed clause is performed for B."""
    refs = frozenset(r if "/" in r else f"{it.treaty.id}/{r}" for r in it.clause.contingent_on)
    v, e, w = _assisted(None, frozenset([it.pair.beneficiary]), refs, it, ctx,
                        label=f"contingent on {' or '.join(sorted(refs))} being performed for {it.pair.beneficiary}")
    return v, [e], w


def _flat(e: Explanation, ctx: _Ctx) -> list[Explanation]:
    key = ("flat", id(e))
    if key not in ctx.cache:
        ctx.cache[key] = (e, flatten(e))  # keep e alive so its id stays unique
    return ctx.cache[key][1]


def _leaves(flat: list[Explanation], value: str) -> list[str]:
    return [n.label for n in flat if n.kind in ("predicate", "contingent", "const") and n.value == value
            and not any(c.kind in ("predicate", "contingent") for c in n.children)]


def _condition(it: _Item, ctx: _Ctx) -> tuple[Tri, Explanation, set[str]]:
    """The clause's condition for the pair; memoised when it cannot depend on the obligor or on others."""
    if it.ast is None:
        return True, node("no condition: binds whenever the treaty binds both", "condition", True), set()
    key = None
    if ctx.memo and not it.contingent:
        who = it.pair if "obligor" in it.refs else it.pair.beneficiary
        key = ("cond", it.treaty.id, it.clause.id, it.ast, who)
        if key in ctx.cache:
            return ctx.cache[key]
    v, e, w = _eval(it.ast, it, ctx)
    out = (v, node(f"condition: {it.clause.condition}", "condition", v, children=[e]), w)
    if key is not None:
        ctx.cache[key] = out
    return out


def _clause_node(it: _Item, ctx: _Ctx) -> Explanation:
    t, c = it.treaty, it.clause
    key = ("clause", t.id, c.id)
    if ctx.memo and key in ctx.cache:
        return ctx.cache[key]
    n = node(f"{t.short_name or t.name}, {c.article} ({c.obligation}, {c.text_kind}): {c.text.strip()}",
             "clause", cites=[cite_text(x) for x in c.cite])
    if c.action:
        n.children.append(node(f"owed when triggered: {c.action}", "note"))
    ctx.cache[key] = n
    return n


def _compute(it: _Item, ctx: _Ctx) -> _Result:
    c, t, p = it.clause, it.treaty, it.pair
    clause_node = _clause_node(it, ctx)
    head = f"{p.obligor} → {p.beneficiary}: {t.id}/{c.id}"
    if it.validity is False:
        why = "; ".join(n.label for n in it.validity_nodes if n.value == "no")
        return _Result("void", True, None, [], why,
                       node(f"{head}: VOID", "obligation", False, children=it.validity_nodes + [clause_node]))
    cond_v, cond_e, waits = _condition(it, ctx)
    waits = set(waits)
    extra: list[Explanation] = []
    if c.contingent_on and not it.uses_assisted:
        cv, extra, w2 = _contingent_on(it, ctx)
        cond_v = t_and([cond_v, cv])
        waits |= w2
    flat = _flat(cond_e, ctx)
    uncertain_facts = any(n.value == "uncertain" and n.kind == "fact" for n in flat)
    if cond_v is False:
        status, why = "not_triggered", "condition not met: " + "; ".join(_leaves(flat, "no") or ["false"])
        for e in extra:
            if e.value == "no":
                why += "; " + e.label
        waits = set()
    elif cond_v is True and it.validity is True:
        status, why = "triggered", ("unconditional while in force" if it.ast is None and not c.contingent_on
                                    else "condition met: " + "; ".join(_leaves(flat, "yes")[:4]))
    else:
        status = "pending"
        if waits and cond_v is None:
            why = "waits on another state's performance: " + ", ".join(sorted(waits))
        else:
            bits = _leaves(flat, "uncertain") + [e.label for e in extra if e.value == "uncertain"]
            if it.validity is None:
                bits = [n.label for n in it.validity_nodes if n.value == "uncertain"] + bits
            why = "uncertain: " + "; ".join(bits or ["the evidence does not settle it"])
    pending_on = None
    if status == "pending":
        pending_on = "contingent" if (waits and cond_v is None) else "uncertain"
    certain = it.validity is not None and cond_v is not None and not (status != "not_triggered" and uncertain_facts)
    label = {"triggered": "TRIGGERED", "pending": "PENDING", "not_triggered": "NOT TRIGGERED"}[status]
    value: Tri = {"triggered": True, "not_triggered": False}.get(status)
    root = node(f"{head}: {label}", "obligation", value, children=it.validity_nodes + [clause_node, cond_e] + extra)
    return _Result(status, certain, pending_on, sorted(waits), why, root)


# ----------------------------------------------------------------------------- the whole crisis
def _in_force_text(v: Tri) -> str:
    return {True: "yes", False: "no", None: "uncertain"}[v]


def evaluate_crisis(kb: KnowledgeBase, crisis: Crisis, on: FuzzyDate | str | None = None,
                    facts: tuple[Fact, ...] | None = None, assume_performed: bool = False,
                    what_if: str | None = None, hypothetical_treaties: set[str] | None = None,
                    memo: bool = True) -> Evaluation:
    """Evaluate every clause of every treaty in force on the crisis day, for every pair.

    ``facts`` defaults to the crisis's own facts; ``assume_performed`` makes a triggered
    obligation count as performed when another clause waits on it (a what-if option).
    ``memo=False`` re-evaluates every condition for every pair (the benchmark's baseline).
    """
    day, horizon = crisis_days(crisis, on)
    facts = crisis_facts(crisis) if facts is None else facts
    ix = FactIndex(facts, horizon)
    ctx = _Ctx(ix=ix, assume_performed=assume_performed, memo=memo)
    hypothetical = hypothetical_treaties or set()
    statuses: list[TreatyStatus] = []
    for tid in sorted(kb.treaties):
        t = kb.treaties[tid]
        tv = treaty_validity(t, day)
        statuses.append(TreatyStatus(id=t.id, name=t.name, in_force=_in_force_text(tv.value), reason=tv.reason,
                                     parties=t.party_ids, hypothetical=t.id in hypothetical))
        if tv.value is False:
            continue
        tnode = node(tv.reason, "validity", tv.value, cites=[cite_text(x) for x in (t.in_force.cite if t.in_force else [])])
        party_cache: dict[str, tuple[Tri, Explanation]] = {}

        def bound(state: str, role: str) -> tuple[Tri, Explanation] | None:
            if state not in t.party_ids:
                return None if role == "beneficiary" else (False, node(f"{state} is not a party to {t.id}", "validity", False))
            if state not in party_cache:
                pv = party_validity(t, state, day)
                party_cache[state] = (pv.value, node(pv.reason, "validity", pv.value))
            return party_cache[state]

        for c in t.clauses:
            ast = _parsed(c.condition) if c.condition else None
            uses_assisted = ast is not None and any(isinstance(n, Call) and n.name == "assisted" for n in walk(ast))
            contingent = bool(c.contingent_on) or uses_assisted
            names = frozenset(cond_refs(ast)) if ast is not None else frozenset()
            for pair in _pairs(t, c):
                vals: list[Tri] = [tv.value]
                vnodes = [tnode]
                for state, role in ((pair.obligor, "obligor"), (pair.beneficiary, "beneficiary")):
                    b = bound(state, role)
                    if b is not None:
                        vals.append(b[0])
                        vnodes.append(b[1])
                key = okey(t.id, c.id, pair.obligor, pair.beneficiary)
                ctx.items[key] = _Item(t, c, ast, pair, key, t_and(vals), vnodes, contingent, uses_assisted, names)
                ctx.by_pair.setdefault((pair.obligor, pair.beneficiary), []).append(key)
    results = _resolve(ctx)
    cycles = _cycles(ctx, results)
    obligations = [
        Obligation(
            key=k, treaty=it.treaty.id, treaty_name=it.treaty.short_name or it.treaty.name, clause=it.clause.id,
            article=it.clause.article, obligation=it.clause.obligation, action=it.clause.action,
            obligor=it.pair.obligor, beneficiary=it.pair.beneficiary, condition=it.clause.condition,
            status=r.status, certain=r.certain, pending_on=r.pending_on, waits_on=r.waits, reason=r.reason,
            explanation=r.explanation,
        )
        for k, it in sorted(ctx.items.items()) for r in [results[k]]
    ]
    counts = {s: 0 for s in STATUSES}
    for o in obligations:
        counts[o.status] += 1
    counts["cycles"] = len(cycles)
    return Evaluation(
        crisis=crisis.id, crisis_name=crisis.name, on=str(day), facts_until=str(horizon), what_if=what_if,
        assume_performed=assume_performed, treaties=statuses, obligations=obligations, cycles=cycles,
        facts=[f for f, _ in ix.facts], counts=counts,
    )


def _resolve(ctx: _Ctx) -> dict[str, _Result]:
    """Evaluate plain obligations once, then contingent ones repeatedly until nothing changes.

    Contingent obligations start 'pending' (unknown) and only ever become more definite,
    so the iteration reaches the least fixed point; what stays pending is waiting.
    """
    results: dict[str, _Result] = {}
    contingent = []
    for k in sorted(ctx.items):
        it = ctx.items[k]
        if it.contingent and it.validity is not False:
            contingent.append(it)
            ctx.state[k] = "pending"
            continue
        results[k] = _compute(it, ctx)
        ctx.state[k] = results[k].status
    for _ in range(len(contingent) + 2):
        changed = False
        for it in contingent:
            r = _compute(it, ctx)
            results[it.key] = r
            if r.status != ctx.state[it.key]:
                ctx.state[it.key] = r.status
                changed = True
        if not changed:
            break
    return results


def _cycles(ctx: _Ctx, results: dict[str, _Result]) -> list[Cycle]:
    """Rings of pending obligations each waiting on the next; their members are marked 'cycle'."""
    import networkx as nx  # imported here: only evaluations reach it, not every 'import foedus'

    g = nx.DiGraph()
    for k, r in results.items():
        if r.status == "pending" and r.pending_on == "contingent":
            for w in r.waits:
                if results.get(w) and results[w].status == "pending":
                    g.add_edge(k, w)
    out: list[Cycle] = []
    for ring in nx.simple_cycles(g):
        if len(out) >= MAX_CYCLES:
            break
        i = ring.index(min(ring))
        ring = ring[i:] + ring[:i]
        text = " → ".join(ring + [ring[0]])
        out.append(Cycle(members=ring, text=f"mutual waiting: {text} (each binds only if the next acts first)"))
    for cyc in out:
        for k in cyc.members:
            r = results[k]
            if r.pending_on != "cycle":
                r.pending_on = "cycle"
                r.reason = f"cycle of mutual waiting: {cyc.text.split(': ', 1)[1]}"
                r.explanation.children.append(node(r.reason, "cycle", None))
    out.sort(key=lambda c: c.members)
    return out
