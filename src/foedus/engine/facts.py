"""A crisis as facts: who did what to whom, when, where, per which source.

The engine reads a crisis's own facts (and, for conduct, KB events with actors and
targets) as :class:`Fact` records, each carrying the text of its citations so that an
explanation can say where every fact comes from. :class:`FactIndex` files them by kind
and by the states involved, for fast predicate look-ups.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any, Iterable, Literal

from pydantic import BaseModel, ConfigDict, Field

from foedus.dates import FuzzyDate, Tri
from foedus.kb.loader import KnowledgeBase
from foedus.kb.models import Citation, Crisis, CrisisFact, Event

__all__ = ["Fact", "FactIndex", "cite_text", "crisis_facts", "event_facts", "EVENT_TO_FACT"]

EVENT_TO_FACT: dict[str, str] = {
    "attack": "attack", "invasion": "attack", "occupation": "occupation", "annexation": "annexation",
    "mobilisation": "mobilisation", "war_declaration": "war_declaration", "assistance": "assistance",
    "refusal": "refusal", "denunciation": "denunciation", "ultimatum": "demand", "league_action": "league_referral",
}
"""KB event kinds that count as conduct, and the fact kind each is read as."""


def cite_text(c: Citation) -> str:
    """A citation in one line: the source and its quote, or its location and confidence."""
    if c.quote:
        q = " ".join(c.quote.split())
        return f"{c.source}: “{q if len(q) <= 220 else q[:217] + '...'}”"
    bits = [c.source]
    if c.loc:
        bits.append(c.loc)
    if c.confidence:
        bits.append(f"confidence {c.confidence}")
    out = ", ".join(bits)
    return f"{out} ({c.note})" if c.note else out


class Fact(BaseModel):
    """One fact as the engine sees it, with where it came from."""

    model_config = ConfigDict(frozen=True)

    id: str
    kind: str
    date: FuzzyDate
    actor: tuple[str, ...]
    target: tuple[str, ...] = ()
    place: str | None = None
    region: str | None = None
    detail: dict[str, Any] = Field(default_factory=dict)
    origin: Literal["crisis", "event", "what-if"] = "crisis"
    hypothetical: bool = False
    sources: tuple[str, ...] = ()

    def label(self) -> str:
        """The fact in words: 'GMY attack CZE (1938-09-30, Sudetenland)'."""
        who = "/".join(self.actor)
        to = f" → {'/'.join(self.target)}" if self.target else ""
        where = f", {self.place or self.region}" if (self.place or self.region) else ""
        extra = ""
        if self.detail:
            extra = " [" + ", ".join(f"{k}={v}" for k, v in sorted(self.detail.items())) + "]"
        flag = " (hypothetical)" if self.hypothetical else ""
        return f"{self.id}: {who} {self.kind}{to} ({self.date}{where}){extra}{flag}"


def _from_crisis_fact(f: CrisisFact, origin: str = "crisis") -> Fact:
    hypo = any(c.source == "what-if" for c in f.cite)
    return Fact(
        id=f.id, kind=f.kind, date=f.date, actor=tuple(f.actor), target=tuple(f.target), place=f.place,
        region=f.region, detail=dict(f.detail), origin="what-if" if hypo else "crisis", hypothetical=hypo,
        sources=tuple(cite_text(c) for c in f.cite),
    )


def crisis_facts(crisis: Crisis) -> tuple[Fact, ...]:
    """The crisis's facts, in date order."""
    return tuple(sorted((_from_crisis_fact(f) for f in crisis.facts), key=lambda x: (x.date, x.id)))


def event_facts(kb: KnowledgeBase, start: FuzzyDate | None, end: FuzzyDate) -> tuple[Fact, ...]:
    """KB events of a conduct kind (attack, assistance, refusal...) that may fall in [start, end]."""
    out = []
    for e in kb.events.values():
        kind = EVENT_TO_FACT.get(e.kind)
        if kind is None or not e.actors:
            continue
        if e.date.after(end) is True or (start is not None and e.date.before(start) is True):
            continue
        out.append(_from_event(e, kind))
    return tuple(sorted(out, key=lambda x: (x.date, x.id)))


def _from_event(e: Event, kind: str) -> Fact:
    return Fact(
        id=e.id, kind=kind, date=e.date, actor=tuple(e.actors), target=tuple(e.targets), place=e.place,
        detail={"treaty": e.treaty} if e.treaty else {}, origin="event", sources=tuple(cite_text(c) for c in e.cite),
    )


class FactIndex:
    """Facts known by a day, filed by kind; each hit comes with whether its date is certainly by then.

    ``by_day(f)`` is True when the fact certainly happened by the evaluation horizon, None
    when its date straddles it; facts certainly after the horizon are left out.
    """

    def __init__(self, facts: Iterable[Fact], horizon: FuzzyDate):
        self.horizon = horizon
        self.facts: list[tuple[Fact, Tri]] = []
        self.by_kind: dict[str, list[tuple[Fact, Tri]]] = defaultdict(list)
        for f in facts:
            when = f.date.on_or_before(horizon)
            if when is False:
                continue
            self.facts.append((f, when))
            self.by_kind[f.kind].append((f, when))

    def of(self, *kinds: str) -> list[tuple[Fact, Tri]]:
        if len(kinds) == 1:
            return self.by_kind.get(kinds[0], [])
        return [x for k in kinds for x in self.by_kind.get(k, [])]
