"""How fast the obligation engine evaluates the built-in crises and a what-if sweep.

Baseline, measured in the same run: the same engine with memoisation off (every condition
re-evaluated for every obligor/beneficiary pair, every clause node rebuilt) — the plain loop
over clauses and pairs. Prints times and the ratio naive/engine (higher is better).
Run: .venv/bin/python bench/bench_engine.py
"""

from __future__ import annotations


from rich.progress import track

from timing import median_time

from foedus import engine
from foedus.engine.evaluate import evaluate_crisis
from foedus.engine.whatif import apply_what_if
from foedus.kb import check_kb


def main() -> None:
    kb, _ = check_kb()
    crises = [kb.crises[c.id] for c in engine.list_crises(kb)]
    print(f"crises: {len(crises)}, treaties: {len(kb.treaties)}")

    # the what-if sweep: for each crisis, Germany (Italy, when Germany is the victim) attacks each core state in turn
    sweep = []
    parties = ["FRN", "RUS", "CZE", "POL", "UKG", "GMY"]  # the system's core states
    for c in crises:
        for victim in parties:
            attacker = "ITA" if victim == "GMY" else "GMY"
            w = engine.WhatIf(id=f"sweep-{victim}", add_facts=[{
                "id": "sweep-attack", "kind": "attack", "date": c.date, "actor": attacker, "target": victim,
                "region": "Europe"}])
            sweep.append(apply_what_if(kb, c, w))
    print(f"what-if sweep: {len(sweep)} scenarios")

    def crises_with(memo: bool):
        return lambda: [evaluate_crisis(kb, c, memo=memo) for c in crises]

    def sweep_with(memo: bool):
        return lambda: [evaluate_crisis(k, c, memo=memo) for k, c in sweep]

    per = {}
    for c in track(crises, description="per crisis"):
        per[c.id] = (median_time(lambda: evaluate_crisis(kb, c, memo=False), 1), median_time(lambda: evaluate_crisis(kb, c), 1))
    for cid, (naive, fast) in per.items():
        n = len(evaluate_crisis(kb, kb.crises[cid]).obligations)
        print(f"  {cid:32s} {n:6d} obligations  naive {naive * 1000:7.1f} ms  engine {fast * 1000:7.1f} ms  "
              f"ratio {naive / fast:5.2f}x")
    b, f = median_time(crises_with(False)), median_time(crises_with(True))
    print(f"all built-in crises: naive {b * 1000:.0f} ms, engine {f * 1000:.0f} ms, ratio naive/engine {b / f:.2f}x")
    bs, fs = median_time(sweep_with(False), 1), median_time(sweep_with(True), 1)
    print(f"what-if sweep ({len(sweep)}): naive {bs:.2f} s, engine {fs:.2f} s, ratio naive/engine {bs / fs:.2f}x, "
          f"{fs / len(sweep) * 1000:.1f} ms per scenario")


if __name__ == "__main__":
    main()
