"""How fast the whole reliability run is (every COW war x every alliance), against a row-by-row baseline.

Ours: for each war and entry year, the alliance phases in force are found with one polars
filter/join, and all of them are evaluated by the obligation engine as one synthetic crisis.
Baseline, measured in the same run: a plain Python loop over war participants x alliance
member rows, and one engine evaluation per (partner at war, alliance phase). Both give the
same outcome for every obligation (checked). Prints times and the ratio baseline/ours.
Run: .venv/bin/python bench/bench_reliability.py
"""

from __future__ import annotations

import time
from collections import defaultdict
from pathlib import Path


from foedus.engine.evaluate import evaluate_crisis
from foedus.kb.loader import KnowledgeBase
from foedus.reliability import classify_war_responses, load_inputs, state_abbs
from foedus.reliability.classify import _only_unverifiable
from foedus.reliability.rules import Conduct, outcome
from foedus.reliability.synth import atop_treaty, war_crisis, wars_from_dyads
from foedus.data import KB_WINDOW


def baseline(inputs: dict, per_dyad: bool = True) -> dict[str, str]:
    """Row by row: every war dyad-year (or, ``per_dyad=False``, every participant) x every member row,
    one engine call per (row, alliance phase)."""
    abb = state_abbs(inputs["states"])
    code = {v: k for k, v in abb.items()}
    wars = wars_from_dyads(inputs["wars"].iter_rows(named=True), abb)
    members = list(inputs["members"].iter_rows(named=True))
    out: dict[str, str] = {}
    if per_dyad:
        units = [(r["warnum"], r["ccode1"]) for r in inputs["wars"].iter_rows(named=True)]
    else:
        units = [(n, c) for n in sorted(wars) for c in sorted(wars[n].participants)]
    for n, c in units:
        war = wars[n]
        for b in [war.participants[c]]:
            y = b.entry
            phases: dict[tuple, list[dict]] = defaultdict(list)
            for r in members:  # the plain loop over alliances
                if r["source"] == "foedus-kb" and not KB_WINDOW[0] <= y <= KB_WINDOW[1]:
                    continue
                if r["yrent"] > y or (r["yrexit"] != 0 and r["yrexit"] < y):
                    continue
                if r["wartime"] == 1 and r["cowwar"] == n:
                    continue
                phases[(r["atopid"], r["phase"])].append(r)
            for (aid, ph), rows in sorted(phases.items()):
                ms = {r["member"] for r in rows}
                if b.ccode not in ms or len(ms) < 2:
                    continue
                kb = KnowledgeBase(root=Path("<atop>"))
                t, _ = atop_treaty(aid, ph, rows, abb, {b.ccode}, source=rows[0]["source"])
                kb.treaties[t.id] = t
                crisis = war_crisis(war, y)
                for ob in evaluate_crisis(kb, crisis).obligations:
                    if ob.status == "void":
                        continue
                    w, a = war.conduct(code.get(ob.obligor), code.get(ob.beneficiary))
                    only = ob.status == "not_triggered" and _only_unverifiable(ob.explanation)
                    res, _ = outcome(ob.status, ob.clause.rsplit("-", 1)[0], Conduct(w, a), only)
                    out[f"{crisis.id}/{ob.key}"] = res
    return out


def main() -> None:
    t0 = time.perf_counter()
    inputs = load_inputs()
    t_load = time.perf_counter() - t0
    print(f"inputs: {inputs['wars'].height} war dyad-years, {inputs['members'].height} alliance member rows "
          f"(loaded in {t_load:.2f} s, not timed below)")
    t0 = time.perf_counter()
    rows = classify_war_responses(inputs)
    t_ours = time.perf_counter() - t0
    t0 = time.perf_counter()
    classify_war_responses(inputs, explanations=False)
    t_lean = time.perf_counter() - t0
    ours = dict(zip(rows["key"].to_list(), rows["outcome"].to_list()))
    print(f"ours (batched crises per war and entry year, polars candidate search, explanation trees kept): "
          f"{t_ours:.2f} s, {len(ours)} rows")
    print(f"ours without serialising the explanation trees to JSON: {t_lean:.2f} s")
    for label, per_dyad in (("war dyad-year", True), ("war participant", False)):
        t0 = time.perf_counter()
        base = baseline(inputs, per_dyad=per_dyad)
        t_base = time.perf_counter() - t0
        same = ours == base
        print(f"baseline, plain loop over every {label} x alliance member row, one evaluation each: {t_base:.2f} s; "
              f"same outcome for every obligation: {same}")
        if not same:
            diff = [k for k in set(ours) | set(base) if ours.get(k) != base.get(k)]
            print(f"  {len(diff)} differ, e.g. {diff[:3]}")
        print(f"  ratio baseline/ours: {t_base / t_ours:.2f}x")
    summary = rows.group_by("outcome").len().sort("outcome")
    print(summary)


if __name__ == "__main__":
    main()
