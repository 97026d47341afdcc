"""COW wars and ATOP alliances as the engine's own models: synthetic crises and treaties.

For one war and the year a group of belligerents entered it, :func:`war_crisis` writes the
war as crisis facts (every state on the initiating side *attacks* every enemy it fought,
and each initiating-side state's entry is a *provocation*: so ``unprovoked(B)`` fails for
a partner that started the war), and :func:`atop_treaty` writes one ATOP alliance phase as
a treaty whose clauses carry the conditions of :func:`foedus.reliability.rules.atop_clauses`.
The engine (:func:`foedus.engine.evaluate.evaluate_crisis`) then decides each obligation
exactly as it decides the KB's own crises. Pure functions over plain rows.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Iterable, Mapping

from foedus.dates import parse_date
from foedus.kb.models import Citation, Crisis, CrisisFact, Treaty
from foedus.reliability.rules import KB_OF_ATOP, atop_clauses

__all__ = ["Participant", "War", "wars_from_dyads", "war_crisis", "atop_treaty", "COW_WAR_SOURCE",
           "ATOP_SOURCE"]

COW_WAR_SOURCE = "cow-interstate-wars-v4"
ATOP_SOURCE = "atop-v4.01"


@dataclass(frozen=True)
class Participant:
    """One state in one COW war: its side at entry, whether that side initiated, first and last year.

    ``sides`` maps each year to the side it fought on (states that changed sides, such as
    France in 1940 or Italy in 1943, have two).
    """

    ccode: int
    abb: str
    side: int
    initiator: bool
    side_initiated: bool
    entry: int
    last: int
    sides: tuple[tuple[int, int], ...] = ()

    def side_in(self, year: int) -> set[int]:
        return {s for y, s in self.sides if y == year}


@dataclass
class War:
    """A COW inter-state war: participants by code and the directed dyads (a, b) -> (first year, a's side)."""

    warnum: int
    participants: dict[int, Participant] = field(default_factory=dict)
    dyads: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)
    init_sides: frozenset[int] = frozenset()

    @property
    def first(self) -> int:
        return min(p.entry for p in self.participants.values())

    @property
    def last(self) -> int:
        return max(p.last for p in self.participants.values())

    def conduct(self, obligor: int | None, partner: int | None) -> tuple[bool, bool]:
        """(fought on the partner's side, fought against it) in this war, year by year.

        Against: they fought each other directly, or were on opposite sides in a year both fought.
        """
        o, b = self.participants.get(obligor), self.participants.get(partner)
        if o is None or b is None:
            return False, False
        with_, against = False, (obligor, partner) in self.dyads or (partner, obligor) in self.dyads
        for y, so in o.sides:
            sb = b.side_in(y)
            with_ |= so in sb
            against |= bool(sb - {so})
        return with_, against


def wars_from_dyads(rows: Iterable[Mapping], abb: Mapping[int, str]) -> dict[int, War]:
    """Wars from COW directed dyad-years (``warnum, ccode1, ccode2, year, sidea1, initiator1``)."""
    acc: dict[int, dict] = defaultdict(lambda: {"sides": defaultdict(set), "ini": set(), "d": {}})
    for r in rows:
        w = acc[int(r["warnum"])]
        a, b, y = int(r["ccode1"]), int(r["ccode2"]), int(r["year"])
        side, ini = int(r.get("sidea1") or 0), bool(r.get("initiator1") or 0)
        w["sides"][a].add((y, side))
        if ini:
            w["ini"].add((a, side))
        if (a, b) not in w["d"] or y < w["d"][(a, b)][0]:
            w["d"][(a, b)] = (y, side)
    out: dict[int, War] = {}
    for n, w in acc.items():
        init_sides = frozenset(s for _, s in w["ini"])
        war = War(n, dyads=w["d"], init_sides=init_sides)
        initiators = {c for c, _ in w["ini"]}
        for c, ys in w["sides"].items():
            ys_sorted = tuple(sorted(ys))
            entry, last = ys_sorted[0][0], ys_sorted[-1][0]
            side = ys_sorted[0][1]
            war.participants[c] = Participant(c, abb.get(c, f"C{c}"), side, c in initiators, side in init_sides,
                                              entry, last, ys_sorted)
        out[n] = war
    return out


def _cite(loc: str, source: str) -> list[Citation]:
    return [Citation(source=source, loc=loc, confidence="high")]


def war_crisis(war: War, entry_year: int) -> Crisis:
    """The war as a crisis judged in ``entry_year`` (the whole year: COW has no days), facts through its end."""
    facts = []
    for (a, b), (y, side) in sorted(war.dyads.items()):
        pa, pb = war.participants[a], war.participants[b]
        if side in war.init_sides and not (pb.side_in(y) & war.init_sides):
            facts.append(CrisisFact.model_construct(
                id=f"w{war.warnum}-attack-{pa.abb}-{pb.abb}", kind="attack", date=parse_date(str(y)), actor=[pa.abb],
                target=[pb.abb], place=None, region=None, detail={}, event=None,
                note="COW: on the initiating side against this state", cite=_cite(
                    f"war {war.warnum}, ccode {a} (side {side}{', initiator' if pa.initiator else ''}) "
                    f"vs {b}, from {y}", COW_WAR_SOURCE)))
    for p in sorted(war.participants.values(), key=lambda p: p.ccode):
        if p.side_initiated:
            enemies = sorted({war.participants[b].abb for (a, b) in war.dyads if a == p.ccode})
            facts.append(CrisisFact.model_construct(
                id=f"w{war.warnum}-provocation-{p.abb}", kind="provocation", date=parse_date(str(p.entry)), actor=[p.abb],
                target=enemies, place=None, region=None, detail={}, event=None,
                note="COW: its side initiated the war", cite=_cite(
                    f"war {war.warnum}, ccode {p.ccode}: side {p.side}, which COW codes as initiating", COW_WAR_SOURCE)))
    return Crisis.model_construct(
        id=f"cow-war-{war.warnum}-{entry_year}", name=f"COW inter-state war {war.warnum}, partners entering {entry_year}",
        date=parse_date(str(entry_year)), start=None, end=parse_date(f"{war.last}-12-31"), summary=None, facts=facts,
        cite=_cite(f"war {war.warnum}", COW_WAR_SOURCE))


def _ymd(y, m, d) -> str | None:
    y = int(y or 0)
    if y <= 0:
        return None
    m, d = int(m or 0), int(d or 0)
    if not 1 <= m <= 12:
        return f"{y:04d}"
    if not 1 <= d <= 31:
        return f"{y:04d}-{m:02d}"
    return f"{y:04d}-{m:02d}-{d:02d}"


def atop_treaty(atopid: str, phase: int, rows: list[Mapping], abb: Mapping[int, str], beneficiaries: set[int],
                source: str = ATOP_SOURCE) -> tuple[Treaty, dict[str, tuple[str, ...]]]:
    """One alliance phase (its member rows) as a treaty; returns it and the rule ids of each clause.

    Only ``beneficiaries`` (the members at war) are owed anything, so the engine reads the
    pairs that matter. Members enter at ``yrent/moent/dayent`` and leave at ``yrexit...``
    (``yrexit = 0``: still in force).
    """
    members = []
    starts, ends = [], []
    for r in rows:
        c = int(r["member"])
        s, e = _ymd(r["yrent"], r.get("moent"), r.get("dayent")), _ymd(r["yrexit"], r.get("moexit"), r.get("dayexit"))
        members.append((c, s, e))
        starts.append(parse_date(s) if s else None)
        ends.append(parse_date(e) if e else None)
    known = [s for s in starts if s is not None]
    t_start = min(known) if known else None
    t_end = None if (not ends or any(e is None for e in ends)) else max(ends)
    parties = []
    for (c, s, e), sd, ed in zip(members, starts, ends):
        p = {"state": abb.get(c, f"C{c}")}
        if sd is not None and t_start is not None and sd.after(t_start) is True:
            p["joined"] = sd
        if ed is not None and (t_end is None or ed.before(t_end) is True):
            p["left"] = ed
        parties.append(p)
    groups: dict[tuple[str, str], list[str]] = {}
    rules: dict[tuple[str, str], tuple[str, ...]] = {}
    for r in rows:
        threats = [abb.get(int(x), f"C{int(x)}") for x in (r.get("statthr1"), r.get("statthr2")) if x not in (None, "", 0)]
        for spec in atop_clauses(r, threats):
            k = (spec.obligation, spec.condition)
            groups.setdefault(k, []).append(abb.get(int(r["member"]), f"C{int(r['member'])}"))
            rules[k] = spec.rules
    bens = sorted(abb.get(c, f"C{c}") for c in beneficiaries)
    clauses, clause_rules = [], {}
    cite = _cite(f"atopid {atopid}, phase {phase}", source)
    for i, ((obl, cond), obligors) in enumerate(sorted(groups.items())):
        cid = f"{obl}-{i + 1}"
        clause_rules[cid] = rules[(obl, cond)]
        clauses.append({"id": cid, "article": f"ATOP {obl}", "text": f"{obl} obligation as {source} codes it",
                        "text_kind": "summary", "obligation": KB_OF_ATOP[obl], "obligors": sorted(set(obligors)),
                        "beneficiaries": bens, "condition": cond, "cite": cite})
    tid = f"atop-{atopid}" + (f"-p{phase}" if phase else "")
    t = Treaty.model_validate({
        "id": tid, "name": f"{source} alliance {atopid}" + (f", phase {phase}" if phase else ""), "kind": "alliance",
        "parties": parties, "signed": {"date": t_start} if t_start else None,
        "ended": {"date": t_end, "how": "expiry", "cite": cite} if t_end else None, "clauses": clauses, "cite": cite,
    })
    return t, clause_rules
