"""Pure functions from the knowledge base to what each page shows (the models in
:mod:`foedus.web.schemas`). No I/O here: the routes call these and render or serialise."""

from __future__ import annotations

import datetime as dt
from typing import Any, Iterable

from foedus.dates import FuzzyDate, Tri, parse_date
from foedus.engine.tri import t_and
from foedus.engine.validity import party_validity, treaty_start, treaty_validity
from foedus.kb.loader import KnowledgeBase
from foedus.kb.models import Citation, Claim, Treaty
from foedus.web import schemas as S

TIMELINE_START = dt.date(1917, 1, 1)
TIMELINE_END = dt.date(1991, 12, 31)

PAGE_OF_KIND = {"treaty": "treaties", "state": "states", "person": "people", "event": "events",
                "crisis": "crises", "conflict": "conflicts", "source": "sources"}


class NotFound(LookupError):
    """An id that names no entity of the kind asked for."""


# ------------------------------------------------------------------ small converters
def date_out(d: FuzzyDate | None) -> S.DateOut | None:
    """A date with its span of possible days and a '?'/'~' marker when it is not one known day."""
    if d is None:
        return None
    marker = "~" if "~" in d.edtf else ("?" if any(ch in d.edtf for ch in "?%Xu[{") else "")
    return S.DateOut(text=d.edtf, earliest=d.earliest, latest=d.latest, exact=d.exact, marker=marker)


def url_of(kind: str, ident: str) -> str:
    page = PAGE_OF_KIND.get(kind)
    if page is None:
        return "/search?q=" + ident
    if kind in ("conflict", "source"):
        return f"/{page}#{ident}"
    return f"/{page}/{ident}"


def label_of(kb: KnowledgeBase, kind: str, ident: str) -> str:
    ent = kb.table(kind).get(ident) if kind in kb.KINDS else None
    if ent is None:
        return ident
    for attr in ("short_name", "name", "title", "statement"):
        v = getattr(ent, attr, None)
        if v:
            return v
    return ident


def ref(kb: KnowledgeBase, ident: str, kind: str | None = None) -> S.Ref:
    """A link to any entity by id; an unknown id still gets a (search) link."""
    if kind is None:
        found = kb.get(ident)
        kind = found[0] if found else "unknown"
    if kind == "claim":
        claim = kb.claims.get(ident)
        if claim is not None:
            about = ref(kb, claim.about)
            return S.Ref(kind="claim", id=ident, label=claim.statement, url=about.url)
    if kind == "clause":
        tid = ident.rpartition("/")[0]
        return S.Ref(kind="clause", id=ident, label=ident, url=f"/treaties/{tid}#clause-{ident.rpartition('/')[2]}")
    return S.Ref(kind=kind, id=ident, label=label_of(kb, kind, ident), url=url_of(kind, ident))


def state_ref(kb: KnowledgeBase, ident: str) -> S.Ref:
    return ref(kb, ident, "state")


def cites(kb: KnowledgeBase, cs: Iterable[Citation]) -> list[S.CitationOut]:
    out = []
    for c in cs:
        src = kb.sources.get(c.source)
        out.append(S.CitationOut(
            source=c.source, source_title=src.title if src else None,
            grade=src.reliability.grade if src else None, seed=bool(src and src.kind == "seed"),
            quote=c.quote, loc=c.loc, confidence=c.confidence, note=c.note))
    return out


def claim_out(kb: KnowledgeBase, c: Claim) -> S.ClaimOut:
    return S.ClaimOut(id=c.id, about=c.about, about_ref=ref(kb, c.about) if kb.get(c.about) else None,
                      field=c.field, value=c.value if isinstance(c.value, (str, int, float, bool, list, dict, type(None)))
                      else str(c.value), kind=c.kind, statement=c.statement, by=c.by, cite=cites(kb, c.cite))


def claims_about(kb: KnowledgeBase, ident: str) -> list[S.ClaimOut]:
    return [claim_out(kb, c) for c in sorted(kb.claims.values(), key=lambda c: c.id) if c.about == ident]


def parse_day(text: str | None, default: dt.date | None = None) -> FuzzyDate:
    """A request's date parameter as an EDTF date; raises DateError with the expected form."""
    if text is None or text == "":
        if default is None:
            raise ValueError("a date is required, e.g. '1936-03-07'")
        return parse_date(default)
    return parse_date(text)


# ------------------------------------------------------------------ validity (the engine's rules)
def treaty_active_on(t: Treaty, day: FuzzyDate) -> Tri:
    """Was the treaty in force on ``day``? True, False, or None when uncertain dates leave it open."""
    return treaty_validity(t, day).value


def party_bound_on(t: Treaty, state: str, day: FuzzyDate) -> Tri:
    """Was ``state`` bound by ``t`` on ``day`` (treaty in force, party joined and not yet left)?"""
    return t_and([treaty_validity(t, day).value, party_validity(t, state, day).value])


# ------------------------------------------------------------------ timeline, network
def timeline(kb: KnowledgeBase, kinds: Iterable[str] = ("treaty", "event", "crisis")) -> S.Timeline:
    """Every dated treaty (signature to end), event and crisis, sorted by their earliest day."""
    kinds = set(kinds)
    rows: list[S.TimelineRow] = []
    if "treaty" in kinds:
        for t in kb.treaties.values():
            start = t.signed.date if t.signed else treaty_start(t)
            if start is None:
                continue
            rows.append(S.TimelineRow(
                id=t.id, kind="treaty", label=t.short_name or t.name, category=t.kind, start=date_out(start),
                end=date_out(t.ended.date) if t.ended else None, open_end=t.ended is None and t.status == "concluded",
                url=url_of("treaty", t.id)))
    if "event" in kinds:
        for e in kb.events.values():
            rows.append(S.TimelineRow(id=e.id, kind="event", label=e.title, category=e.kind, start=date_out(e.date),
                                      end=date_out(e.end), url=url_of("event", e.id)))
    if "crisis" in kinds:
        for c in kb.crises.values():
            rows.append(S.TimelineRow(id=c.id, kind="crisis", label=c.name, category="crisis",
                                      start=date_out(c.start or c.date), end=date_out(c.end),
                                      url=url_of("crisis", c.id)))
    rows.sort(key=lambda r: (r.start.earliest, r.start.latest, r.kind, r.id))
    lo = min([TIMELINE_START] + [r.start.earliest for r in rows])
    hi = max([TIMELINE_END] + [r.end.latest for r in rows if r.end] + [r.start.latest for r in rows])
    return S.Timeline(start=lo, end=hi, rows=rows)


def network(kb: KnowledgeBase, day: FuzzyDate) -> S.Network:
    """States and the treaties binding them on ``day``; ties left open by uncertain dates are marked."""
    nodes: dict[str, S.NetNode] = {}
    edges: list[S.NetEdge] = []
    for t in sorted(kb.treaties.values(), key=lambda t: t.id):
        if treaty_active_on(t, day) is False:
            continue
        ties = [(p.state, party_bound_on(t, p.state, day)) for p in t.parties]
        ties = [(s, b) for s, b in ties if b is not False]
        if not ties:
            continue
        nodes[t.id] = S.NetNode(id=t.id, kind="treaty", label=t.short_name or t.name, url=url_of("treaty", t.id),
                                category=t.kind)
        for s, bound in ties:
            if s not in nodes:
                nodes[s] = S.NetNode(id=s, kind="state", label=label_of(kb, "state", s), url=url_of("state", s))
            edges.append(S.NetEdge(source=s, target=t.id, certain=bound is True))
    ordered = sorted(nodes.values(), key=lambda n: (n.kind != "state", n.id))
    return S.Network(date=date_out(day), nodes=ordered, edges=edges)


# ------------------------------------------------------------------ entity pages
def _get(kb: KnowledgeBase, kind: str, ident: str) -> Any:
    ent = kb.table(kind).get(ident)
    if ent is None:
        raise NotFound(f"no {kind} with id '{ident}'")
    return ent


def conflicts_about(kb: KnowledgeBase, ident: str) -> list[S.Ref]:
    return [S.Ref(kind="conflict", id=k.id, label=k.description, url=url_of("conflict", k.id))
            for k in sorted(kb.conflicts.values(), key=lambda k: k.id) if k.about == ident]


def _dated(kb: KnowledgeBase, d: Any) -> S.DatedOut | None:
    if d is None:
        return None
    return S.DatedOut(date=date_out(d.date), place=d.place, note=d.note, cite=cites(kb, d.cite))


def treaty(kb: KnowledgeBase, ident: str, coding: list[dict[str, Any]] | None = None) -> S.TreatyOut:
    """A treaty with parties, dates, clauses (text, condition, citations) and the claims about it."""
    t: Treaty = _get(kb, "treaty", ident)
    parties = t.party_ids
    clauses = []
    for c in t.clauses:
        obligors = list(c.obligors) if c.obligors is not None else parties
        benef = list(c.beneficiaries) if c.beneficiaries is not None else [p for p in parties if p not in obligors] or parties
        clauses.append(S.ClauseOut(
            id=c.id, ref=f"{t.id}/{c.id}", article=c.article, text=c.text, text_kind=c.text_kind,
            obligation=c.obligation, obligors=obligors, beneficiaries=benef, condition=c.condition,
            contingent_on=list(c.contingent_on), action=c.action, protocol=c.protocol, secret=c.secret,
            notes=c.notes, cite=cites(kb, c.cite)))
    return S.TreatyOut(
        id=t.id, name=t.name, short_name=t.short_name, kind=t.kind, status=t.status, public=t.public,
        parties=[S.PartyOut(state=state_ref(kb, p.state), signed=date_out(p.signed), ratified=date_out(p.ratified),
                            joined=date_out(p.joined), left=date_out(p.left), role=p.role) for p in t.parties],
        signed=_dated(kb, t.signed), in_force=_dated(kb, t.in_force),
        ended=S.EndingOut(date=date_out(t.ended.date), how=t.ended.how, by=t.ended.by, note=t.ended.note,
                          cite=cites(kb, t.ended.cite)) if t.ended else None,
        term=t.term.model_dump(mode="json", exclude_none=True) if t.term else None,
        protocols=[{"id": p.id, "title": p.title, "signed": p.signed.edtf if p.signed else None, "secret": p.secret}
                   for p in t.protocols],
        clauses=clauses, related=[ref(kb, r) for r in t.related], summary=t.summary, cite=cites(kb, t.cite),
        claims=claims_about(kb, t.id), conflicts=conflicts_about(kb, t.id), coding=coding)


def event(kb: KnowledgeBase, ident: str) -> S.EventOut:
    e = _get(kb, "event", ident)
    return S.EventOut(id=e.id, title=e.title, kind=e.kind, date=date_out(e.date), end=date_out(e.end),
                      actors=[state_ref(kb, s) for s in e.actors], targets=[state_ref(kb, s) for s in e.targets],
                      people=[ref(kb, p, "person") for p in e.people], place=e.place,
                      treaty=ref(kb, e.treaty, "treaty") if e.treaty else None, description=e.description,
                      cite=cites(kb, e.cite))


def person(kb: KnowledgeBase, ident: str) -> S.PersonOut:
    p = _get(kb, "person", ident)
    events = [ref(kb, e.id, "event") for e in sorted(kb.events.values(), key=lambda e: (e.date, e.id)) if p.id in e.people]
    return S.PersonOut(
        id=p.id, name=p.name, aliases=list(p.aliases), born=date_out(p.born), died=date_out(p.died),
        nationality=state_ref(kb, p.nationality) if p.nationality else None,
        offices=[S.OfficeOut(title=o.title, state=state_ref(kb, o.state), start=date_out(o.start), end=date_out(o.end),
                             cite=cites(kb, o.cite)) for o in p.offices],
        events=events, claims=claims_about(kb, p.id), cite=cites(kb, p.cite))


def state(kb: KnowledgeBase, ident: str) -> S.StateOut:
    s = _get(kb, "state", ident)
    treaties = [ref(kb, t.id, "treaty") for t in sorted(kb.treaties.values(), key=lambda t: (treaty_start(t) or parse_date("9999"), t.id))
                if s.id in t.party_ids]
    events = [ref(kb, e.id, "event") for e in sorted(kb.events.values(), key=lambda e: (e.date, e.id))
              if s.id in e.actors or s.id in e.targets]
    holders = []
    for p in sorted(kb.people.values(), key=lambda p: p.id):
        for o in p.offices:
            if o.state == s.id:
                holders.append(S.OfficeOut(title=o.title, state=state_ref(kb, s.id), start=date_out(o.start),
                                           end=date_out(o.end), holder=ref(kb, p.id, "person"), cite=cites(kb, o.cite)))
    holders.sort(key=lambda o: (o.start.earliest if o.start else dt.date.min, o.title))
    return S.StateOut(id=s.id, name=s.name, kind=s.kind, ccode=s.ccode, aliases=list(s.aliases),
                      existed_from=date_out(s.existed_from), existed_to=date_out(s.existed_to), treaties=treaties,
                      events=events, office_holders=holders, claims=claims_about(kb, s.id), cite=cites(kb, s.cite))


def crisis(kb: KnowledgeBase, ident: str) -> S.CrisisOut:
    """A crisis's own facts from the KB (the engine's evaluation is added by the route)."""
    c = _get(kb, "crisis", ident)
    facts = [S.FactOut(id=f.id, kind=f.kind, date=date_out(f.date), actor=[state_ref(kb, a) for a in f.actor],
                       target=[state_ref(kb, a) for a in f.target], place=f.place, region=f.region,
                       detail=dict(f.detail), note=f.note, cite=cites(kb, f.cite)) for f in c.facts]
    return S.CrisisOut(id=c.id, name=c.name, date=date_out(c.date), start=date_out(c.start), end=date_out(c.end),
                       summary=c.summary, facts=facts, cite=cites(kb, c.cite), claims=claims_about(kb, c.id),
                       engine=False)


def conflicts(kb: KnowledgeBase) -> list[S.ConflictOut]:
    """Every conflict between sources, each with its claims and their quotes."""
    out = []
    for k in sorted(kb.conflicts.values(), key=lambda k: (k.status != "open", k.id)):
        claims = [claim_out(kb, kb.claims[c]) for c in k.claims if c in kb.claims]
        out.append(S.ConflictOut(id=k.id, about=k.about, about_ref=ref(kb, k.about) if kb.get(k.about) else None,
                                 field=k.field, kind=k.kind, description=k.description, status=k.status,
                                 assessment=k.assessment, claims=claims, cite=cites(kb, k.cite)))
    return out


def listing(kb: KnowledgeBase, kind: str) -> S.Listing:
    table = kb.table(kind)
    items = [ref(kb, i, kind) for i in table]
    if kind == "treaty":
        items.sort(key=lambda r: (treaty_start(kb.treaties[r.id]) or parse_date("9999"), r.id))
    elif kind == "crisis":
        items.sort(key=lambda r: (kb.crises[r.id].date, r.id))
    elif kind == "event":
        items.sort(key=lambda r: (kb.events[r.id].date, r.id))
    else:
        items.sort(key=lambda r: r.label.lower())
    return S.Listing(kind=kind, items=items)


def reliability(kb: KnowledgeBase) -> S.Reliability:
    """Placeholder for the reliability table: each source's grade and how often it is cited."""
    counts: dict[str, int] = {}
    for _, _, _, c in kb.citations():
        counts[c.source] = counts.get(c.source, 0) + 1
    rows = [S.SourceRow(id=s.id, title=s.title, kind=s.kind, author=s.author, year=s.year, grade=s.reliability.grade,
                        reason=s.reliability.reason, citations=counts.get(s.id, 0))
            for s in sorted(kb.sources.values(), key=lambda s: (s.reliability.grade, s.id))]
    return S.Reliability(note="Placeholder: the graded reliability table (agreement of each source with the "
                              "others, claim by claim) is to come; for now, each source's grade and citation count.",
                         sources=rows)
