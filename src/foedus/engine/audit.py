"""The audit, or "who betrayed whom": obligations set against what each state actually did.

Conduct is read from the crisis's facts (assistance, refusal, mobilisation,
war_declaration, attack, neutrality_declared...) and from KB events with actors and
targets that fall in the crisis. Each obligation that the crisis engaged is classed:

- ``honoured``: a triggered duty to act was performed (assistance, or war on the
  attacker), or a triggered duty to refrain was respected;
- ``broken``: a triggered duty to act was not performed (or refused), or a duty to
  refrain was violated (the obligor attacked the beneficiary, or aided its attacker);
- ``evaded``: the beneficiary was attacked or threatened, but a condition of the clause
  (a League procedure, an attack rather than a threat...) was not met, and the obligor
  did nothing;
- ``excused``: the obligation was contingent on another state's acting first (or on the
  victim not having provoked) and that did not happen, or it was caught in a cycle of
  mutual waiting;
- ``undetermined``: dates or facts too uncertain to tell.

Denunciations are checked against the treaty's own termination terms (``term``).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from foedus.dates import FuzzyDate, Tri, parse_date
from foedus.engine.evaluate import ASSISTING_OBLIGATIONS, Evaluation, Obligation
from foedus.engine.explain import Explanation, flatten, node
from foedus.engine.facts import Fact, cite_text, event_facts
from foedus.engine.predicates import ATTACK_LIKE
from foedus.engine.tri import t_text
from foedus.engine.validity import shift, treaty_start
from foedus.kb.loader import KnowledgeBase
from foedus.kb.models import Crisis, Treaty

__all__ = ["Audit", "Verdict", "DenunciationFinding", "audit_evaluation", "denunciation_lawful", "denunciation_findings"]

VerdictKind = Literal["honoured", "broken", "evaded", "excused", "undetermined"]
VERDICTS: tuple[str, ...] = ("honoured", "broken", "evaded", "excused", "undetermined")
TO_ACT = ASSISTING_OBLIGATIONS | {"consultation"}
TO_REFRAIN = frozenset({"nonaggression", "neutrality", "non_assistance"})
HOSTILE = ("attack", "war_declaration", "occupation", "annexation")
ENDINGS_BY_A_PARTY = ("denunciation", "renunciation", "annulled")


class Verdict(BaseModel):
    """How one obligation fared in the crisis, with the conduct that decided it."""

    key: str
    treaty: str
    clause: str
    article: str
    obligation: str
    obligor: str
    beneficiary: str
    status: str = Field(description="the obligation's status in the evaluation")
    verdict: VerdictKind
    reason: str
    conduct: list[str] = Field(default_factory=list, description="the facts about the obligor's conduct, with sources")
    explanation: Explanation


class DenunciationFinding(BaseModel):
    """Whether a party's denunciation respected the treaty's own termination terms."""

    treaty: str
    by: str | None
    date: str
    how: str
    lawful: Literal["yes", "no", "uncertain"]
    reason: str
    cites: list[str] = Field(default_factory=list)


class Audit(BaseModel):
    """Who honoured, broke, evaded or was excused from what, in one crisis."""

    crisis: str
    crisis_name: str
    on: str
    facts_until: str
    what_if: str | None = None
    verdicts: list[Verdict]
    denunciations: list[DenunciationFinding]
    counts: dict[str, int]
    betrayals: list[str] = Field(description="one line per broken obligation or unlawful denunciation")

    def find(self, obligor: str | None = None, beneficiary: str | None = None, treaty: str | None = None) -> list[Verdict]:
        return [v for v in self.verdicts if (obligor is None or v.obligor == obligor)
                and (beneficiary is None or v.beneficiary == beneficiary) and (treaty is None or v.treaty == treaty)]


# ----------------------------------------------------------------------------- conduct
def _fnode(f: Fact) -> Explanation:
    return node(f.label(), "fact", True, cites=f.sources)


class _Conduct:
    def __init__(self, facts: list[Fact]):
        self.facts = facts

    def by(self, actor: str, *kinds: str, target: set[str] | None = None) -> list[Fact]:
        return [f for f in self.facts if f.kind in kinds and actor in f.actor
                and (target is None or target.intersection(f.target))]

    def attackers_of(self, victim: str) -> set[str]:
        return {a for f in self.facts if f.kind in ("attack", "war_declaration", "occupation", "annexation", "threat")
                and victim in f.target for a in f.actor}

    def engaged(self, victim: str) -> list[Fact]:
        return [f for f in self.facts if f.kind in ATTACK_LIKE and victim in f.target]


def _judge(o: Obligation, cd: _Conduct) -> tuple[VerdictKind, str, list[Fact]] | None:
    """The verdict on one obligation, or None when the crisis did not engage it."""
    O, B = o.obligor, o.beneficiary
    foes = cd.attackers_of(B) - {O}
    helped = cd.by(O, "assistance", target={B})
    fought = cd.by(O, "war_declaration", "attack", target=foes) if foes else []
    refused = cd.by(O, "refusal", target={B})
    mobilised = cd.by(O, "mobilisation")
    neutral = cd.by(O, "neutrality_declared")
    acted = helped + fought
    kind = o.obligation
    if o.status == "void":
        return None
    if o.condition is None and kind not in TO_REFRAIN:
        return None  # a standing duty (consultation, economic aid...) that no crisis fact engages
    aggressor = O in cd.attackers_of(B)
    if kind in TO_REFRAIN:
        if o.status not in ("triggered", "pending"):
            return None
        hostile = cd.by(O, *HOSTILE, target={B})
        aided_foe = cd.by(O, "assistance", target=foes) if kind != "nonaggression" and foes else []
        bad = hostile + aided_foe
        if bad:
            what = "attacked or made war on" if hostile else "aided the attacker of"
            return "broken", f"{O} {what} {B} despite {o.treaty}/{o.clause} ({kind})", bad
        if o.status == "pending":
            return "undetermined", f"{o.reason}; {O} did nothing against it", []
        if not cd.engaged(B) and kind == "nonaggression" and not hostile:
            return None
        return "honoured", f"{O} did not attack {B} or aid its attacker", neutral
    if kind not in TO_ACT:
        return None
    if aggressor:
        if o.status == "triggered":
            return "broken", f"{O} was itself among those attacking or threatening {B}", cd.by(O, *ATTACK_LIKE, target={B})
        return None  # the aggressor's own guarantee is judged under its duties to refrain
    if kind == "consultation":
        consulted = cd.by(O, "consultation", "request", target={B})
        if o.status != "triggered":
            return None
        if consulted:
            return "honoured", f"{O} consulted {B}", consulted
        return "broken", f"{O} was bound to consult {B} and no consultation is recorded", refused
    if o.status == "triggered":
        if acted:
            return "honoured", f"{O} came to the assistance of {B}", acted
        if refused:
            return "broken", f"{O} was bound to assist {B} and refused", refused + mobilised
        extra = " (it mobilised, but neither assisted nor went to war)" if mobilised else ""
        return "broken", f"{O} was bound to assist {B} and did not{extra}", mobilised + neutral
    if o.status == "pending":
        if acted:
            return "honoured", f"{O} came to the assistance of {B} though its duty was still pending", acted
        if o.pending_on == "cycle":
            return "excused", f"caught in a cycle of mutual waiting: {o.reason}", []
        if o.pending_on == "contingent":
            return "excused", (f"bound only if another state acted first, and none did ({o.reason})"), refused
        return "undetermined", o.reason, []
    # not triggered: was the situation the clause is written for there?
    engaged = cd.engaged(B)
    if not engaged:
        return None
    if acted:
        return "honoured", f"{O} came to the assistance of {B} though not bound to", acted
    failing = [n for n in flatten(o.explanation) if n.kind in ("predicate", "contingent") and n.value == "no"
               and not any(c.kind in ("predicate", "contingent") for c in n.children)]
    labels = [n.label for n in failing]
    excusing = [lb for lb in labels if lb.startswith(("assisted(", "unprovoked(", "contingent on"))]
    if excusing:
        return "excused", ("bound only if another state acted first or the victim had not provoked, and that "
                           "condition failed: " + "; ".join(labels)), refused
    return "evaded", (f"{B} was attacked or threatened, but a condition was not met and {O} stayed out: "
                      + "; ".join(labels or [o.reason])), refused + mobilised + neutral + engaged[:3]


# ----------------------------------------------------------------------------- denunciations
def denunciation_lawful(t: Treaty, date: FuzzyDate, by: str | None = None) -> tuple[Tri, str]:
    """Did ending ``t`` on ``date`` respect its own termination terms? (True/False/None, why)."""
    term = t.term
    start = treaty_start(t)
    who = by or "a party"
    if term is None:
        return None, f"the KB records no termination terms for {t.id}: cannot judge {who}'s denunciation"
    if term.years is None:
        if term.notice_months is None and term.renewal == "indefinite":
            return False, (f"{t.id} was concluded without a fixed term and makes no provision for unilateral "
                           f"denunciation{': ' + term.text if term.text else ''}; {who} ended it on {date}")
        if term.notice_months is not None:
            return None, (f"{t.id} may be denounced on {term.notice_months:g} months' notice; "
                          f"whether {who} gave it before {date} is not recorded")
        return None, f"{t.id} has no fixed term or notice period in the KB: cannot judge {who}'s denunciation"
    if start is None:
        return None, f"{t.id} has no start date in the KB"
    first_end = shift(start, term.years * 12)
    early = date.before(first_end)
    if early is True:
        notice = f", with {term.notice_months:g} months' notice" if term.notice_months else ""
        return False, (f"{who} ended {t.id} on {date}, before its {term.years:g}-year term ran out "
                       f"({start} to {first_end}{notice})")
    if early is None:
        return None, f"{date} and the end of the {term.years:g}-year term ({first_end}) are too close to tell"
    if term.renewal == "none":
        return True, f"{t.id}'s {term.years:g}-year term had run out on {first_end}"
    if term.renewal == "tacit" and term.renewal_years:
        period_end = first_end
        while period_end.before(date) is True:
            period_end = shift(period_end, term.renewal_years * 12)
        at_end = date.same_day(period_end) if date.exact else None
        if at_end is True:
            return True, f"{t.id} ended on {period_end}, at the end of a {term.renewal_years:g}-year renewal period"
        notice = f" on {term.notice_months:g} months' notice" if term.notice_months else ""
        return False, (f"{t.id} ran on in tacitly renewed {term.renewal_years:g}-year periods; the current one ran "
                       f"to {period_end}, so it could end only then{notice}, not on {date} as {who} ended it")
    if term.notice_months:
        return True, (f"{t.id} had passed its {term.years:g}-year term ({first_end}) and could then be "
                      f"denounced on {term.notice_months:g} months' notice")
    return True, f"{t.id} had passed its {term.years:g}-year term ({first_end})"


def denunciation_findings(kb: KnowledgeBase, start: FuzzyDate | None = None, end: FuzzyDate | None = None,
                          facts: list[Fact] | None = None) -> list[DenunciationFinding]:
    """Every denunciation (treaty endings by a party, and denunciation facts) in [start, end], judged."""
    out: dict[tuple[str, str | None], DenunciationFinding] = {}

    def within(d: FuzzyDate) -> bool:
        return not ((start is not None and d.before(start) is True) or (end is not None and d.after(end) is True))

    for tid in sorted(kb.treaties):
        t = kb.treaties[tid]
        e = t.ended
        if e is None or e.how not in ENDINGS_BY_A_PARTY or not within(e.date):
            continue
        ok, why = denunciation_lawful(t, e.date, e.by)
        out[(t.id, e.by)] = DenunciationFinding(treaty=t.id, by=e.by, date=str(e.date), how=e.how, lawful=t_text(ok),
                                                reason=why, cites=[cite_text(c) for c in e.cite])
    for f in facts or []:
        tid = f.detail.get("treaty")
        if f.kind != "denunciation" or not tid or tid not in kb.treaties:
            continue
        t = kb.treaties[tid]
        for by in f.actor:
            if (tid, by) in out:
                out[(tid, by)].cites.extend(c for c in f.sources if c not in out[(tid, by)].cites)
                continue
            ok, why = denunciation_lawful(t, f.date, by)
            out[(tid, by)] = DenunciationFinding(treaty=tid, by=by, date=str(f.date), how="denunciation",
                                                 lawful=t_text(ok), reason=why, cites=list(f.sources))
    return sorted(out.values(), key=lambda d: (d.date, d.treaty))


# ----------------------------------------------------------------------------- the audit
def audit_evaluation(kb: KnowledgeBase, crisis: Crisis, ev: Evaluation) -> Audit:
    """Judge each obligation of an evaluation against the conduct recorded in the crisis and the KB."""
    horizon = parse_date(ev.facts_until)
    begin = crisis.start or crisis.date
    facts = list(ev.facts)
    known = {f.id for f in facts}
    facts += [f for f in event_facts(kb, begin, horizon) if f.id not in known]
    cd = _Conduct([f for f in facts if f.date.on_or_before(horizon) is not False])
    verdicts = []
    for o in ev.obligations:
        j = _judge(o, cd)
        if j is None:
            continue
        kind, why, conduct = j
        expl = node(f"{o.obligor} → {o.beneficiary}: {o.treaty}/{o.clause}: {kind.upper()}", "verdict",
                    {"honoured": True, "broken": False}.get(kind),
                    children=[node(why, "note"), *(_fnode(f) for f in conduct), o.explanation])
        verdicts.append(Verdict(key=o.key, treaty=o.treaty, clause=o.clause, article=o.article, obligation=o.obligation,
                                obligor=o.obligor, beneficiary=o.beneficiary, status=o.status, verdict=kind, reason=why,
                                conduct=[f.label() for f in conduct], explanation=expl))
    dens = denunciation_findings(kb, begin, horizon, facts)
    counts = {k: 0 for k in VERDICTS}
    for v in verdicts:
        counts[v.verdict] += 1
    counts["unlawful_denunciations"] = sum(d.lawful == "no" for d in dens)
    betrayals = [f"{v.obligor} broke {v.treaty}/{v.clause} ({v.obligation}) toward {v.beneficiary}: {v.reason}"
                 for v in verdicts if v.verdict == "broken"]
    betrayals += [f"{v.obligor} evaded {v.treaty}/{v.clause} toward {v.beneficiary}: {v.reason}"
                  for v in verdicts if v.verdict == "evaded"]
    betrayals += [f"{d.by or 'a party'} ended {d.treaty} on {d.date} against its terms: {d.reason}"
                  for d in dens if d.lawful == "no"]
    return Audit(crisis=ev.crisis, crisis_name=ev.crisis_name, on=ev.on, facts_until=ev.facts_until, what_if=ev.what_if,
                 verdicts=verdicts, denunciations=dens, counts=counts, betrayals=betrayals)
