"""Every alliance member whose partner was at war: was an obligation invoked, and was it honoured?

:func:`classify_war_responses` runs over every COW inter-state war: for each war and the
year a group of its belligerents entered it, it writes the war as a crisis and every
alliance phase in force that year with a member among them as a treaty
(:mod:`foedus.reliability.synth`), asks the obligation engine to evaluate them, and classes
each obligation's outcome from COW participation and sides (:mod:`foedus.reliability.rules`).
Each row keeps the engine's explanation tree, with a last node for the verdict.

Alliances: ATOP v4.01 member-level rows, plus, for the withheld years 1918–1945, the KB's
treaties coded in ATOP's variables (:func:`foedus.data.kb_atop_members`; ``source`` says
which). :func:`classify_kb_crises` adds the KB's own 1930s crises, judged by the engine's
audit.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Callable, Iterable, Mapping

import polars as pl

from foedus.engine.evaluate import evaluate_crisis
from foedus.engine.explain import Explanation, flatten, node
from foedus.kb.loader import KnowledgeBase
from foedus.reliability.rules import RULE_TEXT, UNVERIFIABLE, Conduct, outcome, period_of
from foedus.reliability.synth import ATOP_SOURCE, War, atop_treaty, war_crisis, wars_from_dyads

__all__ = ["classify_war_responses", "classify_kb_crises", "ROW_COLUMNS", "candidate_phases", "load_inputs",
           "state_abbs", "all_candidates"]

ROW_COLUMNS = [
    "scope", "source", "warnum", "crisis", "year", "period", "alliance", "phase", "obligation", "obligor",
    "obligor_ccode", "beneficiary", "beneficiary_ccode", "condition", "status", "invoked", "outcome", "rule", "rules",
    "conduct", "reason", "key", "explanation",
]

_SCHEMA = {c: pl.String for c in ROW_COLUMNS} | {
    "warnum": pl.Int64, "year": pl.Int64, "phase": pl.Int64, "obligor_ccode": pl.Int64, "beneficiary_ccode": pl.Int64}

MEMBER_COLUMNS = [
    "atopid", "member", "yrent", "moent", "dayent", "yrexit", "moexit", "dayexit", "phase", "defense", "offense",
    "neutral", "nonagg", "consul", "defcoadv", "defcoloc", "defcocon", "defconum", "defcodem", "defconpr", "offcoadv",
    "offcoloc", "offcocon", "offconum", "offcodem", "neucoadv", "neucoloc", "neucocon", "neuconum", "neucodem",
    "neuconpr", "neucoatt", "concoadv", "concoloc", "concocon", "concoreq", "specthrt", "statthr1", "statthr2",
]


def state_abbs(states: pl.DataFrame) -> dict[int, str]:
    """COW code -> COW state abbreviation (the engine's state ids)."""
    return {int(c): str(a) for c, a in states.select("ccode", "stateabb").unique().iter_rows()}


def _members_frame(members: pl.DataFrame, source: str) -> pl.DataFrame:
    cols = [c for c in (*MEMBER_COLUMNS, "wartime", "cowwar") if c in members.columns]
    df = members.select(cols).with_columns(pl.col("atopid").cast(pl.String))
    for c in MEMBER_COLUMNS:
        if c not in df.columns:
            df = df.with_columns(pl.lit(0, dtype=pl.Int64).alias(c))
    ints = [c for c in MEMBER_COLUMNS if c != "atopid"]
    df = df.with_columns([pl.col(c).cast(pl.Int64, strict=False).fill_null(0) for c in ints])
    flags = [(pl.col(c).cast(pl.Int64, strict=False).fill_null(0) if c in df.columns
              else pl.lit(0, dtype=pl.Int64)).alias(c) for c in ("wartime", "cowwar")]
    return df.with_columns(*flags, pl.lit(source).alias("source")).filter(pl.col("member") > 0)


def load_inputs(data_dir: Path | str | None = None, kb_members: bool = True) -> dict:
    """The COW war dyads, COW states and alliance member rows (ATOP, plus the KB's 1918–45 coding)."""
    from foedus import data as fd

    d = Path(data_dir) if data_dir else None
    wars = fd.read_cow_wars(d / "cow_war_inter_dyad_year.csv" if d else None)
    states = fd.read_cow_states(d / "cow_states.csv" if d else None)
    atop = fd.read_atop_members(d / "atop_v4_01_member_level.csv" if d else None)
    frames = [_members_frame(atop, ATOP_SOURCE)]
    if kb_members:
        frames.append(_members_frame(fd.kb_atop_members(), "foedus-kb"))
    return {"wars": wars, "states": states, "members": pl.concat(frames, how="diagonal_relaxed")}


def candidate_phases(members: pl.DataFrame, war: War, year: int, entrants: set[int]) -> dict[tuple[str, int], list[dict]]:
    """Alliance phases in force (at year resolution) in ``year`` with a member among ``entrants`` and another member.

    The KB's coding (``source`` = ``foedus-kb``) is used only for years inside
    :data:`foedus.data.KB_WINDOW` (1918–1945), the years ATOP's file here withholds.
    Phases formed during this very war (ATOP ``wartime`` = 1 and ``cowwar`` = its number) are
    war coalitions, not promises the war could invoke: they are left out.
    """
    from foedus.data import KB_WINDOW

    lo, hi = KB_WINDOW
    in_window = lo <= year <= hi
    members = members.filter((pl.col("source") != "foedus-kb") if not in_window else pl.lit(True))
    m = members.filter((pl.col("yrent") <= year) & ((pl.col("yrexit") == 0) | (pl.col("yrexit") >= year))
                       & ~((pl.col("wartime") == 1) & (pl.col("cowwar") == war.warnum)))
    hit = m.filter(pl.col("member").is_in(list(entrants))).select("atopid", "phase").unique()
    m = m.join(hit, on=["atopid", "phase"], how="semi")
    out: dict[tuple[str, int], list[dict]] = defaultdict(list)
    for r in m.iter_rows(named=True):
        out[(r["atopid"], r["phase"])].append(r)
    return {k: v for k, v in out.items() if len({r["member"] for r in v}) > 1}


def all_candidates(members: pl.DataFrame, entrants: pl.DataFrame) -> dict[tuple[int, int], dict]:
    """:func:`candidate_phases` for every (war, entry year) at once: one polars join instead of a loop.

    ``entrants``: columns ``warnum, year, ccode``. Returns ``{(warnum, year): {(atopid, phase): [rows]}}``.
    """
    from foedus.data import KB_WINDOW

    lo, hi = KB_WINDOW
    groups = entrants.select("warnum", "year").unique()
    m = groups.join(members, how="cross").filter(
        (pl.col("yrent") <= pl.col("year")) & ((pl.col("yrexit") == 0) | (pl.col("yrexit") >= pl.col("year")))
        & ~((pl.col("wartime") == 1) & (pl.col("cowwar") == pl.col("warnum")))
        & ((pl.col("source") != "foedus-kb") | pl.col("year").is_between(lo, hi)))
    hit = m.join(entrants, left_on=["warnum", "year", "member"], right_on=["warnum", "year", "ccode"], how="semi") \
        .select("warnum", "year", "atopid", "phase").unique()
    m = m.join(hit, on=["warnum", "year", "atopid", "phase"], how="semi")
    out: dict[tuple[int, int], dict] = defaultdict(lambda: defaultdict(list))
    for r in m.iter_rows(named=True):
        out[(r["warnum"], r["year"])][(r["atopid"], r["phase"])].append(r)
    return {g: {k: v for k, v in ph.items() if len({r["member"] for r in v}) > 1} for g, ph in out.items()}


def _only_unverifiable(e: Explanation) -> bool:
    """True when every failing predicate under the condition is one COW cannot settle."""
    cond = next((n for n in e.children if n.kind == "condition"), None)
    if cond is None:
        return False
    failing = [n for n in flatten(cond) if n.kind == "predicate" and n.value == "no"]
    return bool(failing) and all(n.label.startswith(UNVERIFIABLE) for n in failing)


def _verdict_node(war: War, o_c: int, b_c: int, res: str, rule: str, conduct: Conduct) -> Explanation:
    o, b = war.participants.get(o_c), war.participants.get(b_c)
    cites = []
    for p in (x for x in (o, b) if x is not None):
        cites.append(f"{'cow-interstate-wars-v4'}, war {war.warnum}: {p.abb} (ccode {p.ccode}) side {p.side}, "
                     f"{p.entry}-{p.last}{', initiator' if p.initiator else ''}")
    val = {"honoured": True, "violated": False}.get(res)
    text = "; ".join(f"{r}: {RULE_TEXT[r]}" for r in rule.split("/"))
    return node(f"verdict: {res.replace('_', ' ')} ({text}); the ally {conduct.text}", "verdict",
                val if val is not None else "uncertain" if res == "undetermined" else None, cites=cites)


UNVERIFIABLE_POLICIES = ("undetermined", "met", "not_met")


def _evaluate_group(war: War, year: int, phases: dict, abb: Mapping[int, str], entrants: set[int],
                    unverifiable: str = "undetermined") -> list[dict]:
    kb = KnowledgeBase(root=Path("<atop>"))
    meta: dict[str, tuple] = {}
    for (aid, ph), rows in sorted(phases.items()):
        bens = {int(r["member"]) for r in rows} & entrants
        t, rules = atop_treaty(aid, ph, rows, abb, bens, source=rows[0]["source"])
        kb.treaties[t.id] = t
        meta[t.id] = (aid, ph, rows[0]["source"], rules)
    crisis = war_crisis(war, year)
    ev = evaluate_crisis(kb, crisis)
    code = {v: k for k, v in abb.items()}
    out = []
    for ob in ev.obligations:
        if ob.status == "void":
            continue
        aid, ph, source, rules = meta[ob.treaty]
        o_c, b_c = code.get(ob.obligor), code.get(ob.beneficiary)
        atop_obl = ob.clause.rsplit("-", 1)[0]
        w, a = war.conduct(o_c, b_c)
        conduct = Conduct(w, a)
        only_unv = ob.status == "not_triggered" and _only_unverifiable(ob.explanation)
        res, rule = outcome(ob.status, atop_obl, conduct, only_unv)
        if only_unv and unverifiable == "met":  # sensitivity: read place/kind/request conditions as met
            res, rule = outcome("triggered", atop_obl, conduct)
            rule = f"R-UNV-MET/{rule}"
        elif only_unv and unverifiable == "not_met":
            res, rule = "not_invoked", "R-UNV-NOT"
        expl = ob.explanation  # the evaluation is ours and discarded: extend its tree in place
        expl.children.append(_verdict_node(war, o_c, b_c, res, rule, conduct))
        out.append({
            "scope": "cow-war", "source": source, "warnum": war.warnum, "crisis": crisis.id, "year": year,
            "period": period_of(year), "alliance": aid, "phase": ph, "obligation": atop_obl, "obligor": ob.obligor,
            "obligor_ccode": o_c, "beneficiary": ob.beneficiary, "beneficiary_ccode": b_c, "condition": ob.condition,
            "status": ob.status, "invoked": {"triggered": "yes", "not_triggered": "no"}.get(ob.status, "uncertain"),
            "outcome": res, "rule": rule, "rules": ";".join(rules.get(ob.clause, ())), "conduct": conduct.text,
            "reason": ob.reason, "key": f"{crisis.id}/{ob.key}", "explanation": expl,
        })
    return out


def classify_war_responses(inputs: dict | None = None, wars: Iterable[int] | None = None,
                           progress: Callable[[int, int, str], None] | None = None,
                           explanations: bool = True, unverifiable: str = "undetermined") -> pl.DataFrame:
    """One row per (war, alliance phase, obligation, ally, partner at war): invoked? honoured? why?

    ``inputs``: as :func:`load_inputs` returns (default: the files in the data folder and the
    KB's coding for 1918–45). ``wars``: limit to these COW war numbers. ``progress(done,
    total, label)`` is called after each (war, entry year) group. Columns: :data:`ROW_COLUMNS`;
    ``explanation`` holds the engine's tree as JSON (``explanations=False`` leaves it empty).
    ``unverifiable``: how to read an obligation that fails only on conditions COW cannot settle
    (place, kind of conflict, request): ``undetermined`` (default), or, as bounds for a
    sensitivity analysis, ``met`` (judged as if triggered; rule ``R-UNV-MET/...``) or
    ``not_met`` (not invoked; rule ``R-UNV-NOT``).
    """
    if unverifiable not in UNVERIFIABLE_POLICIES:
        raise ValueError(f"unverifiable: expected one of {', '.join(UNVERIFIABLE_POLICIES)}, got {unverifiable!r}")
    inputs = inputs or load_inputs()
    abb = state_abbs(inputs["states"])
    ws = inputs["wars"]
    if wars is not None:
        ws = ws.filter(pl.col("warnum").is_in(list(wars)))
    all_wars = wars_from_dyads(ws.iter_rows(named=True), abb)
    members = inputs["members"]
    groups = []
    for n in sorted(all_wars):
        war = all_wars[n]
        by_year: dict[int, set[int]] = defaultdict(set)
        for p in war.participants.values():
            by_year[p.entry].add(p.ccode)
        groups += [(war, y, by_year[y]) for y in sorted(by_year)]
    ent = pl.DataFrame([{"warnum": w.warnum, "year": y, "ccode": c} for w, y, cs in groups for c in cs],
                       schema={"warnum": pl.Int64, "year": pl.Int64, "ccode": pl.Int64})
    cands = all_candidates(members, ent) if groups else {}
    rows: list[dict] = []
    for i, (war, y, entrants) in enumerate(groups):
        phases = cands.get((war.warnum, y))
        if phases:
            rows += _evaluate_group(war, y, phases, abb, entrants, unverifiable)
        if progress:
            progress(i + 1, len(groups), f"war {war.warnum}, {y}")
    for r in rows:
        r["explanation"] = r["explanation"].model_dump_json() if explanations else None
    return pl.DataFrame(rows, schema=_SCHEMA, orient="row") if rows else pl.DataFrame(schema=_SCHEMA)


_AUDIT_TO_OUTCOME = {"honoured": "honoured", "broken": "violated", "evaded": "not_invoked", "excused": "not_invoked",
                     "undetermined": "undetermined"}
_KB_TO_ATOP = {"defense": "defense", "assistance": "defense", "guarantee": "defense", "offense": "offense",
               "neutrality": "neutral", "non_assistance": "neutral", "nonaggression": "nonagg",
               "consultation": "consul"}


def classify_kb_crises(kb: KnowledgeBase, crises: Iterable[str] | None = None, explanations: bool = True,
                       exclude_kinds: Iterable[str] | None = None) -> pl.DataFrame:
    """The KB's own crises (1930s), judged by the engine's audit, as rows of the same shape.

    ``evaded`` (the partner was attacked or threatened but a condition failed) and ``excused``
    (waiting on another's performance, or provoked) count as ``not_invoked``; ``broken`` as
    ``violated``; an ally that acted although its obligation was not triggered ("honoured
    though not bound") as ``not_invoked`` too. The audit's verdict is kept in ``rule``
    (``KB-AUDIT:<verdict>``). Treaties of a kind in ``exclude_kinds`` (default: the League
    Covenant, which ATOP does not code as an alliance) are left out.
    """
    from foedus.data.kbcoding import EXCLUDED_KINDS
    from foedus.engine import audit

    excluded = set(EXCLUDED_KINDS if exclude_kinds is None else exclude_kinds)

    rows = []
    ccode = {sid: s.ccode for sid, s in kb.states.items()}
    for cid in sorted(crises or kb.crises):
        c = kb.crises[cid]
        a = audit(kb, cid)
        year = c.date.year
        for v in a.verdicts:
            obl = _KB_TO_ATOP.get(v.obligation)
            if obl is None or kb.treaties[v.treaty].kind in excluded:
                continue
            res, rule = _AUDIT_TO_OUTCOME[v.verdict], f"KB-AUDIT:{v.verdict}"
            if v.status == "not_triggered" and v.verdict == "honoured":
                res, rule = "not_invoked", "KB-AUDIT:honoured-unbound"
            rows.append({
                "scope": "kb-crisis", "source": "foedus-kb", "warnum": None, "crisis": cid, "year": year,
                "period": period_of(year), "alliance": v.treaty, "phase": 0, "obligation": obl, "obligor": v.obligor,
                "obligor_ccode": ccode.get(v.obligor), "beneficiary": v.beneficiary,
                "beneficiary_ccode": ccode.get(v.beneficiary), "condition": None, "status": v.status,
                "invoked": {"triggered": "yes", "not_triggered": "no"}.get(v.status, "uncertain"),
                "outcome": res, "rule": rule, "rules": "KB-AUDIT",
                "conduct": "; ".join(v.conduct)[:500] or None, "reason": v.reason, "key": f"{cid}/{v.key}",
                "explanation": v.explanation.model_dump_json() if explanations else None,
            })
    return pl.DataFrame(rows, schema=_SCHEMA, orient="row") if rows else pl.DataFrame(schema=_SCHEMA)
