"""Time validity: is a treaty, and each party to it, bound on a given day?

A treaty binds from ``in_force.date`` (or, if absent, ``signed.date``) through
``ended.date`` (the day it ended is still counted, so that the crisis that ended a
treaty is judged under it). A treaty with a fixed term and no renewal expires
``term.years`` after it began. ``status: proposal`` never binds. A party is bound
from its own ``joined``/``ratified`` date (if later than the treaty's start) through
its ``left`` date. Every answer is three-valued (uncertain dates give ``None``) and
comes with the reason in words.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from foedus.dates import FuzzyDate, Tri
from foedus.engine.tri import t_and
from foedus.kb.models import Party, Treaty

__all__ = ["Validity", "treaty_start", "treaty_end", "treaty_validity", "party_validity", "add_months", "shift"]


@dataclass(frozen=True)
class Validity:
    """Whether something binds on a day (True/False/None) and why."""

    value: Tri
    reason: str


def add_months(d: dt.date, months: float) -> dt.date:
    """``d`` moved by a (possibly fractional, possibly negative) number of months."""
    whole = int(months)
    days = round((months - whole) * 30.44)
    y, m = divmod(d.month - 1 + whole, 12)
    year, month = d.year + y, m + 1
    day = min(d.day, calendar.monthrange(year, month)[1])
    return dt.date(year, month, day) + dt.timedelta(days=days)


def shift(d: FuzzyDate, months: float) -> FuzzyDate:
    """A fuzzy date moved by ``months``, keeping its uncertainty span."""
    e, l = add_months(d.earliest, months), add_months(d.latest, months)
    se, sl = add_months(d.strict_earliest, months), add_months(d.strict_latest, months)
    text = e.isoformat() if e == l else f"[{e.isoformat()}..{l.isoformat()}]"
    return FuzzyDate(text, e, l, min(se, sl), max(se, sl))


def treaty_start(t: Treaty) -> FuzzyDate | None:
    """The day the treaty began to bind: entry into force, else signature."""
    if t.in_force is not None:
        return t.in_force.date
    if t.signed is not None:
        return t.signed.date
    return None


def treaty_end(t: Treaty) -> tuple[FuzzyDate | None, str]:
    """The last day the treaty bound, and how it ended (or would expire)."""
    if t.ended is not None:
        by = f" by {t.ended.by}" if t.ended.by else ""
        return t.ended.date, f"ended {t.ended.date} ({t.ended.how}{by})"
    start = treaty_start(t)
    if t.term and t.term.years and t.term.renewal == "none" and start is not None:
        end = shift(start, t.term.years * 12)
        return end, f"expired {end} at the end of its {t.term.years:g}-year term"
    return None, ""


def treaty_validity(t: Treaty, on: FuzzyDate) -> Validity:
    """Is treaty ``t`` in force on day ``on``? Three-valued, with the reason."""
    if t.status == "proposal":
        return Validity(False, f"{t.id} is a proposal, never concluded: it binds nobody")
    start = treaty_start(t)
    if start is None:
        return Validity(None, f"{t.id} has no date of signature or entry into force in the KB")
    what = "entered into force" if t.in_force is not None else "was signed (no entry into force recorded)"
    began = start.on_or_before(on)
    if began is False:
        return Validity(False, f"{t.id} {what} {start}, after {on}: not yet in force")
    end, how = treaty_end(t)
    running = True if end is None else end.on_or_after(on)
    if running is False:
        return Validity(False, f"{t.id} {how}, before {on}: no longer in force")
    value = t_and([began, running])
    parts = [f"{what} {start}"] + ([how] if how else ["no end recorded"])
    if value is None:
        unsure = []
        if began is None:
            unsure.append(f"whether it {what.split(' (')[0]} by {on} ({start})")
        if running is None:
            unsure.append(f"whether it still bound on {on} ({how})")
        return Validity(None, f"{t.id}: uncertain " + " and ".join(unsure))
    return Validity(True, f"{t.id} in force on {on}: " + "; ".join(parts))


def party_validity(t: Treaty, state: str, on: FuzzyDate) -> Validity:
    """Is ``state`` bound by treaty ``t`` on day ``on``, by its own accession and withdrawal?"""
    party: Party | None = next((p for p in t.parties if p.state == state), None)
    if party is None:
        return Validity(False, f"{state} is not a party to {t.id}")
    parts: list[Tri] = []
    reasons: list[str] = []
    own_start = party.joined or party.ratified
    if own_start is not None:
        ok = own_start.on_or_before(on)
        verb = "acceded" if party.joined else "ratified"
        if ok is False:
            return Validity(False, f"{state} {verb} {t.id} only on {own_start}, after {on}")
        parts.append(ok)
        reasons.append(f"{verb} {own_start}" + (" (uncertain against the date)" if ok is None else ""))
    if party.left is not None:
        still = party.left.on_or_after(on)
        if still is False:
            return Validity(False, f"{state} left {t.id} on {party.left}, before {on}")
        parts.append(still)
        reasons.append(f"left {party.left}" + (" (uncertain against the date)" if still is None else ""))
    value = t_and(parts) if parts else True
    detail = ", ".join(reasons) if reasons else "a party from the start"
    return Validity(value, f"{state} bound by {t.id}: {detail}" if value else f"{state}: uncertain whether bound by {t.id} ({detail})")
