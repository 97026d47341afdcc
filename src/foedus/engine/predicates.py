"""What each condition predicate means over a crisis's facts, for one (obligor, beneficiary) pair.

Every function returns a three-valued truth and an explanation node listing the facts
(with their sources) that decided it. A fact whose date may or may not fall by the
evaluation horizon makes an otherwise-true predicate uncertain. ``assisted`` is not
here: it depends on other obligations and is resolved in :mod:`foedus.engine.evaluate`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from foedus.conditions import Call, ListV, Lit, Ref, Value
from foedus.dates import Tri
from foedus.engine.explain import Explanation, node
from foedus.engine.facts import Fact, FactIndex
from foedus.engine.tri import t_or

__all__ = ["Pair", "resolve", "PREDICATE_RULES", "ATTACK_LIKE", "describe_actors"]

ATTACK_LIKE = ("attack", "threat", "occupation", "annexation", "war_declaration", "demand")


@dataclass(frozen=True)
class Pair:
    """The obligor and beneficiary a clause is being read for."""

    obligor: str
    beneficiary: str


def resolve(v: Value | None, pair: Pair) -> frozenset[str] | None:
    """The states a condition argument names for this pair; None means 'any state'."""
    if v is None:
        return None
    if isinstance(v, Ref):
        if v.name == "any":
            return None
        if v.name == "obligor":
            return frozenset([pair.obligor])
        if v.name == "beneficiary":
            return frozenset([pair.beneficiary])
        return frozenset([v.name])
    if isinstance(v, ListV):
        out: set[str] = set()
        for i in v.items:
            r = resolve(i, pair)
            if r is None:
                return None
            out |= r
        return frozenset(out)
    raise TypeError(f"not a state argument: {v!r}")


def describe_actors(s: frozenset[str] | None) -> str:
    return "any state" if s is None else "/".join(sorted(s))


def _hits(s: frozenset[str] | None, ids: tuple[str, ...]) -> bool:
    return True if s is None else bool(s.intersection(ids))


def _lit(v: Value | None, default=None):
    return v.value if isinstance(v, Lit) else default


def _fact_node(f: Fact, when: Tri) -> Explanation:
    suffix = "" if when else " (its date may fall after the day evaluated)"
    return node(f.label() + suffix, "fact", when, cites=f.sources)


def _exists(label: str, matches: list[tuple[Fact, Tri]], none_text: str) -> tuple[Tri, Explanation]:
    """True if a matching fact certainly happened, None if one may have, else False."""
    if not matches:
        return False, node(f"{label}: {none_text}", "predicate", False)
    value = t_or(w for _, w in matches)
    return value, node(label, "predicate", value, children=[_fact_node(f, w) for f, w in matches])


def _attacks_on(ix: FactIndex, victims: frozenset[str] | None, kinds=("attack",)) -> list[tuple[Fact, Tri]]:
    return [(f, w) for f, w in ix.of(*kinds) if _hits(victims, f.target)]


def p_attacked(c: Call, pair: Pair, ix: FactIndex) -> tuple[Tri, Explanation]:
    victims, by = resolve(c.arg("victim"), pair), resolve(c.arg("by"), pair)
    m = [(f, w) for f, w in _attacks_on(ix, victims) if _hits(by, f.actor)]
    return _exists(f"{describe_actors(victims)} attacked by {describe_actors(by)}", m, "no such attack among the facts")


def p_threatened(c: Call, pair: Pair, ix: FactIndex) -> tuple[Tri, Explanation]:
    victims, by = resolve(c.arg("victim"), pair), resolve(c.arg("by"), pair)
    m = [(f, w) for f, w in _attacks_on(ix, victims, ("threat", "demand")) if _hits(by, f.actor)]
    return _exists(f"{describe_actors(victims)} threatened by {describe_actors(by)}", m, "no threat or demand among the facts")


def p_unprovoked(c: Call, pair: Pair, ix: FactIndex) -> tuple[Tri, Explanation]:
    victims = resolve(c.arg("victim"), pair)
    m = [(f, w) for f, w in ix.of("provocation") if _hits(victims, f.actor)]
    if not m:
        return True, node(f"{describe_actors(victims)} did not provoke: no provocation by it among the facts",
                          "predicate", True)
    provoked = t_or(w for _, w in m)
    value = None if provoked is None else not provoked
    return value, node(f"{describe_actors(victims)} did not provoke", "predicate", value,
                       children=[_fact_node(f, w) for f, w in m])


def _about_beneficiary(ix: FactIndex, pair: Pair) -> list[tuple[Fact, Tri]]:
    return [(f, w) for f, w in ix.of(*ATTACK_LIKE) if pair.beneficiary in f.target]


def p_in_place(c: Call, pair: Pair, ix: FactIndex) -> tuple[Tri, Explanation]:
    place = str(_lit(c.arg("place"), "")).lower()
    m = [(f, w) for f, w in _about_beneficiary(ix, pair)
         if place and any(place in (x or "").lower() for x in (f.place, f.region))]
    return _exists(f"the attack on {pair.beneficiary} took place in {_lit(c.arg('place'))}", m,
                   "no attack or threat against it there among the facts")


def p_on_territory(c: Call, pair: Pair, ix: FactIndex) -> tuple[Tri, Explanation]:
    victims = resolve(c.arg("victim"), pair)
    m = [(f, w) for f, w in _attacks_on(ix, victims) if f.detail.get("on_territory", True) is not False]
    return _exists(f"the attack fell on the territory of {describe_actors(victims)}", m,
                   "no attack on its own territory among the facts")


def p_conflict_kind(c: Call, pair: Pair, ix: FactIndex) -> tuple[Tri, Explanation]:
    kind = str(_lit(c.arg("kind"), "")).lower()
    m = [(f, w) for f, w in _about_beneficiary(ix, pair)
         if str(f.detail.get("conflict_kind", "interstate")).lower() == kind]
    return _exists(f"the conflict involving {pair.beneficiary} is {kind}", m, "no conflict of that kind among the facts")


def p_attackers_at_least(c: Call, pair: Pair, ix: FactIndex) -> tuple[Tri, Explanation]:
    n = int(_lit(c.arg("n"), 1))
    attacks = _attacks_on(ix, frozenset([pair.beneficiary]))
    certain = {a for f, w in attacks if w for a in f.actor}
    possible = {a for f, w in attacks for a in f.actor}
    value: Tri = True if len(certain) >= n else (None if len(possible) >= n else False)
    label = (f"at least {n} attacker(s) of {pair.beneficiary}: "
             f"{len(certain)} certain ({', '.join(sorted(certain)) or 'none'})"
             + (f", {len(possible - certain)} possible" if possible - certain else ""))
    return value, node(label, "predicate", value, children=[_fact_node(f, w) for f, w in attacks])


def p_league_finding(c: Call, pair: Pair, ix: FactIndex) -> tuple[Tri, Explanation]:
    finding = str(_lit(c.arg("finding"), "aggression")).lower()
    m = [(f, w) for f, w in ix.of("league_finding") if finding in str(f.detail.get("finding", "")).lower()]
    return _exists(f"the League Council found '{finding}'", m, "no such League finding among the facts")


def p_league_procedure(c: Call, pair: Pair, ix: FactIndex) -> tuple[Tri, Explanation]:
    art = _lit(c.arg("article"))
    m = [(f, w) for f, w in ix.of("league_referral") if str(f.detail.get("article", "")).strip() == str(art)]
    return _exists(f"the procedure of Covenant Art. {art} was set in motion", m,
                   f"no referral under Art. {art} among the facts")


def p_at_war(c: Call, pair: Pair, ix: FactIndex) -> tuple[Tri, Explanation]:
    a, b = resolve(c.arg("a"), pair), resolve(c.arg("b"), pair)
    m = [(f, w) for f, w in ix.of("war_declaration", "attack")
         if (_hits(a, f.actor) and _hits(b, f.target)) or (_hits(b, f.actor) and _hits(a, f.target))]
    return _exists(f"{describe_actors(a)} at war with {describe_actors(b)}", m, "no war or attack between them among the facts")


def p_requested(c: Call, pair: Pair, ix: FactIndex) -> tuple[Tri, Explanation]:
    by = resolve(c.arg("by"), pair)
    of = resolve(c.arg("of"), pair)
    m = [(f, w) for f, w in ix.of("request", "consultation") if _hits(by, f.actor) and _hits(of, f.target)]
    whom = "" if of is None else f" of {describe_actors(of)}"
    return _exists(f"{describe_actors(by)} asked for it{whom}", m, f"no request{whom} or call for consultation among the facts")


def p_demand_refused(c: Call, pair: Pair, ix: FactIndex) -> tuple[Tri, Explanation]:
    victims = resolve(c.arg("victim"), pair)
    demands = [(f, w) for f, w in ix.of("demand") if _hits(victims, f.target)]
    demanders = {a for f, _ in demands for a in f.actor}
    m = [(f, w) for f, w in ix.of("refusal") if _hits(victims, f.actor)
         and (f.detail.get("of") == "demand" or demanders.intersection(f.target))]
    return _exists(f"{describe_actors(victims)} refused the demands made of it", m, "no refusal of a demand among the facts")


PREDICATE_RULES: dict[str, Callable[[Call, Pair, FactIndex], tuple[Tri, Explanation]]] = {
    "attacked": p_attacked,
    "threatened": p_threatened,
    "unprovoked": p_unprovoked,
    "in_place": p_in_place,
    "on_territory": p_on_territory,
    "conflict_kind": p_conflict_kind,
    "attackers_at_least": p_attackers_at_least,
    "league_finding": p_league_finding,
    "league_procedure": p_league_procedure,
    "at_war": p_at_war,
    "requested": p_requested,
    "demand_refused": p_demand_refused,
}
"""Every predicate of :data:`foedus.conditions.PREDICATES` except ``assisted`` (contingent)."""
