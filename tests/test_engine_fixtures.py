"""Small knowledge bases built in code, for the engine tests (and a check that they are sound)."""

from __future__ import annotations

from pathlib import Path

from foedus.dates import parse_date
from foedus.kb.loader import KnowledgeBase
from foedus.kb.models import Crisis, CrisisFact, Source, State, Treaty

CITE = [{"source": "ref", "confidence": "high"}]
STATES = ("FRN", "RUS", "GMY", "UKG", "POL", "CZE", "ROM", "ITA", "BEL", "AUS", "HUN", "YUG")


def clause(cid: str, condition: str | None = None, obligation: str = "assistance", **kw) -> dict:
    return {"id": cid, "article": f"Art. {cid}", "text": f"text of {cid}", "obligation": obligation,
            "condition": condition, "cite": CITE, **kw}


def treaty(tid: str, parties: list, clauses: list[dict], signed: str = "1935-05-02", **kw) -> Treaty:
    ps = [p if isinstance(p, dict) else {"state": p} for p in parties]
    return Treaty.model_validate({"id": tid, "name": tid, "kind": "mutual_assistance", "parties": ps,
                                  "signed": signed, "clauses": clauses, "cite": CITE, **kw})


def day(text: str):
    """A parsed date (parse_date caches by text, so property tests can build thousands of facts)."""
    return parse_date(text)


def fact(fid: str, kind: str, date: str, actor, target=(), **kw) -> dict:
    return {"id": fid, "kind": kind, "date": day(date), "actor": actor, "target": list(target) if not isinstance(target, str) else [target],
            "cite": CITE, **kw}


def crisis(cid: str, date: str, facts: list[dict], **kw) -> Crisis:
    kw = {k: day(v) if k in ("start", "end") else v for k, v in kw.items()}
    return Crisis.model_validate({"id": cid, "name": cid, "date": day(date), "facts": facts, "cite": CITE, **kw})


def make_kb(treaties: list[Treaty], crises: list[Crisis] = ()) -> KnowledgeBase:
    kb = KnowledgeBase(root=Path("fixture-kb"))
    kb.sources["ref"] = Source.model_validate({"id": "ref", "kind": "book", "title": "A reference",
                                               "reliability": {"grade": "B", "reason": "fixture reference"}})
    for s in STATES:
        kb.states[s] = State.model_validate({"id": s, "name": s, "cite": CITE})
    for t in treaties:
        kb.treaties[t.id] = t
    for c in crises:
        kb.crises[c.id] = c
    return kb


def pact_1935() -> Treaty:
    """A Franco-Soviet-like pact: assistance if a party is attacked, unprovoked, under League procedure."""
    return treaty("pact", ["FRN", "RUS"], [clause(
        "2", "attacked(beneficiary, by=any) and unprovoked(beneficiary) and league_procedure(16)")],
        in_force="1936-03-27")


def test_fixture_kb_builds_with_typed_models():
    kb = make_kb([pact_1935()], [crisis("c", "1938-09-30", [fact("f1", "attack", "1938-09-30", "GMY", "FRN")])])
    assert kb.treaties["pact"].clauses[0].condition.startswith("attacked")
    assert isinstance(kb.crises["c"].facts[0], CrisisFact)
