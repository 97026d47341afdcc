"""The rules: ATOP obligations as the engine's clause conditions, and responses as outcomes.

Pure functions, no I/O. Each ATOP member row says what that member (the obligor O)
promised its partners (each beneficiary B). It becomes one clause per obligation, whose
condition is written in the engine's grammar (:mod:`foedus.conditions`), so that the
obligation engine decides whether the war invoked it:

==========  ==================================================================  ======
ATOP        condition (``X`` = the named adversaries ``statthr1/2``, else any)   rule
==========  ==================================================================  ======
defense     ``attacked(beneficiary, by=X) and unprovoked(beneficiary)``          R-DEF
offense     ``attacked(any, by=beneficiary)`` (or ``attacked(X, by=beneficiary)``) R-OFF
neutral     ``at_war(beneficiary, X)``; ``neucoatt``: ``attacked(beneficiary, by=X)``  R-NEU
nonagg      ``at_war(beneficiary, any)``                                         R-NAG
consul      ``at_war(beneficiary, any)`` (``concoreq``: ``and requested(beneficiary)``)  R-CON
==========  ==================================================================  ======

Condition families add parts: ``*coadv`` names the adversary (only when the row gives
``statthr1``/``statthr2``; otherwise ``by=any`` and the row says the adversary was not
identified), ``*conpr`` adds ``unprovoked(beneficiary)``, ``*conum`` adds
``attackers_at_least(2)`` (ATOP gives no number: two is the usual "two or more powers"),
``*codem`` adds ``not demand_refused(beneficiary)``, ``*coloc`` adds
``in_place("ATOP-named area")`` and ``*cocon`` adds ``conflict_kind("ATOP-named kind")``.
COW's war file has no location or kind of conflict and no record of requests, so
``in_place``, ``conflict_kind`` and ``requested`` are *unverifiable* here: an obligation
that fails only on them is ``undetermined`` (rule ``R-UNV``), never "not invoked".

Outcomes (:func:`outcome`), from COW war participation and sides:

- the engine says ``not_triggered``: ``not_invoked`` (the failing condition parts are its
  reason), unless only unverifiable parts failed (``undetermined``, R-UNV);
- ``pending`` (dates too coarse: COW's dyad-years have no days): ``undetermined`` (R-DATE);
- ``triggered`` defense/offense: ``honoured`` if O fought in the war on B's side, else
  ``violated`` (stayed out, or fought against B);
- ``triggered`` neutral/nonagg: ``violated`` if O fought against B, else ``honoured``;
- ``triggered`` consul: ``violated`` if O fought against B, else ``undetermined``
  (consultation is not observable in COW data, R-CON-UNOBS).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Mapping

__all__ = [
    "ATOP_OBLIGATIONS", "KB_OF_ATOP", "UNVERIFIABLE", "OUTCOMES", "PERIODS", "ClauseSpec", "Conduct",
    "atop_clauses", "outcome", "period_of", "RULE_TEXT",
]

ATOP_OBLIGATIONS = ("defense", "offense", "neutral", "nonagg", "consul")
KB_OF_ATOP = {"defense": "defense", "offense": "offense", "neutral": "neutrality", "nonagg": "nonaggression",
              "consul": "consultation"}
"""The KB obligation kind each ATOP obligation is written as (the engine reads KB clauses)."""

UNVERIFIABLE = ("in_place", "conflict_kind", "requested")
"""Predicates COW's war file cannot settle (no location, kind of conflict or requests)."""

OUTCOMES = ("honoured", "violated", "not_invoked", "undetermined")
Outcome = Literal["honoured", "violated", "not_invoked", "undetermined"]

PERIODS: tuple[tuple[str, int, int], ...] = (
    ("1816-1870", 1816, 1870), ("1871-1913", 1871, 1913), ("1914-1918", 1914, 1918),
    ("1919-1938", 1919, 1938), ("1939-1945", 1939, 1945), ("1946-1989", 1946, 1989), ("1990-2016", 1990, 2016),
)

RULE_TEXT: dict[str, str] = {
    "R-DEF": "defense: invoked if the partner was attacked (by the named adversary, if any) and did not initiate",
    "R-OFF": "offense: invoked if the partner attacked (the named target, if any)",
    "R-NEU": "neutrality: invoked if the partner was at war (attacked, if neucoatt; by the named adversary, if any)",
    "R-NAG": "non-aggression: invoked if the partner was at war",
    "R-CON": "consultation: invoked if the partner was at war (on request, if concoreq)",
    "R-ADV?": "the treaty names an adversary ATOP does not identify (statthr1/2 empty): read as any adversary",
    "R-UNV": "fails only on conditions COW cannot settle (place, kind of conflict, request): undetermined",
    "R-UNV-MET": "sensitivity (--unverifiable met): place/kind/request conditions read as met, then judged on conduct",
    "R-UNV-NOT": "sensitivity (--unverifiable not_met): place/kind/request conditions read as unmet: not invoked",
    "R-DATE": "alliance began or ended in the partner's entry year: COW dyad-years have no days: undetermined",
    "R-JOIN": "duty to act honoured: the ally fought in the war on the partner's side",
    "R-STAY": "duty to act violated: the ally stayed out of the war",
    "R-AGAINST": "violated: the ally fought on the enemy's side",
    "R-REFRAIN": "duty to refrain honoured: the ally did not fight against the partner",
    "R-CON-UNOBS": "consultation is not observable in COW data: undetermined unless the ally fought against the partner",
    "R-NOT": "not invoked: the condition was not met (see the explanation)",
    "KB-AUDIT": "a KB crisis judged by the engine's audit (honoured/broken/evaded/excused/undetermined)",
    "KB-AUDIT:honoured-unbound": "the ally acted although its obligation was not triggered: not invoked",
}


@dataclass(frozen=True)
class ClauseSpec:
    """One obligation of one member, as the engine's clause: ATOP kind, condition, rule ids."""

    obligation: str
    condition: str
    rules: tuple[str, ...]


def _by(adv: int, threats: list[str]) -> tuple[str, tuple[str, ...]]:
    if not adv:
        return "any", ()
    if not threats:
        return "any", ("R-ADV?",)
    return (threats[0] if len(threats) == 1 else "[" + ", ".join(threats) + "]"), ()


def _flag(row: Mapping, col: str) -> int:
    v = row.get(col)
    return int(v) if v not in (None, "") else 0


def atop_clauses(row: Mapping, threats: list[str]) -> list[ClauseSpec]:
    """The clauses one ATOP member row stands for; ``threats``: the named adversaries' state ids.

    ``row`` holds ATOP member-level columns (``defense``... ``defcoadv``..., missing = 0).
    """
    out: list[ClauseSpec] = []
    f = lambda c: _flag(row, c)  # noqa: E731
    if f("defense"):
        by, extra = _by(f("defcoadv"), threats)
        parts = [f"attacked(beneficiary, by={by})", "unprovoked(beneficiary)"]
        parts += _common(f, "defco")
        out.append(ClauseSpec("defense", " and ".join(parts), ("R-DEF", *extra)))
    if f("offense"):
        by, extra = _by(f("offcoadv"), threats)
        if by.startswith("["):
            att = "(" + " or ".join(f"attacked({t}, by=beneficiary)" for t in threats) + ")"
        else:
            att = f"attacked({by}, by=beneficiary)"
        out.append(ClauseSpec("offense", " and ".join([att, *_common(f, "offco")]), ("R-OFF", *extra)))
    if f("neutral"):
        by, extra = _by(f("neucoadv"), threats)
        head = f"attacked(beneficiary, by={by})" if f("neucoatt") else f"at_war(beneficiary, {by})"
        parts = [head] + (["unprovoked(beneficiary)"] if f("neuconpr") else []) + _common(f, "neuco")
        out.append(ClauseSpec("neutral", " and ".join(parts), ("R-NEU", *extra)))
    if f("nonagg"):
        out.append(ClauseSpec("nonagg", "at_war(beneficiary, any)", ("R-NAG",)))
    if f("consul"):
        by, extra = _by(f("concoadv"), threats)
        parts = [f"at_war(beneficiary, {by})"] + (["requested(beneficiary)"] if f("concoreq") else [])
        parts += [p for p in _common(f, "conco") if not p.startswith(("attackers", "not demand"))]
        out.append(ClauseSpec("consul", " and ".join(parts), ("R-CON", *extra)))
    return out


def _common(f, fam: str) -> list[str]:
    """Condition parts shared by the families (non-provocation is handled per obligation)."""
    parts = []
    if f(f"{fam}num"):
        parts.append("attackers_at_least(2)")
    if f(f"{fam}dem"):
        parts.append("not demand_refused(beneficiary)")
    if f(f"{fam}loc"):
        parts.append('in_place("ATOP-named area")')
    if f(f"{fam}con"):
        parts.append('conflict_kind("ATOP-named kind")')
    return parts


@dataclass(frozen=True)
class Conduct:
    """What the obligor did in the war, from COW: fought on the partner's side, against it, or not at all."""

    with_partner: bool
    against_partner: bool

    @property
    def text(self) -> str:
        if self.against_partner:
            return "fought on the enemy's side"
        return "fought on the partner's side" if self.with_partner else "did not take part in the war"


def outcome(status: str, obligation: str, conduct: Conduct, only_unverifiable_failed: bool = False) -> tuple[Outcome, str]:
    """The response class and its rule id, from the engine's status and the obligor's conduct."""
    if status == "not_triggered":
        return ("undetermined", "R-UNV") if only_unverifiable_failed else ("not_invoked", "R-NOT")
    if status == "pending":
        return "undetermined", "R-DATE"
    if status != "triggered":
        raise ValueError(f"status: no outcome for an obligation that is {status!r}")
    if obligation in ("defense", "offense"):
        if conduct.against_partner:
            return "violated", "R-AGAINST"
        return ("honoured", "R-JOIN") if conduct.with_partner else ("violated", "R-STAY")
    if conduct.against_partner:
        return "violated", "R-AGAINST"
    if obligation == "consul":
        return "undetermined", "R-CON-UNOBS"
    return "honoured", "R-REFRAIN"


def period_of(year: int) -> str:
    """The period label a year falls in (:data:`PERIODS`)."""
    for label, lo, hi in PERIODS:
        if lo <= year <= hi:
            return label
    return "before 1816" if year < 1816 else "after 2016"
