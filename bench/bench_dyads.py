"""Benchmark: all directed dyad-years 1816–2016 with every merge and every similarity score.

Runs, in this one script:

1. the foedus build (:func:`foedus.data.build_dyadyears`: polars joins + per-year BLAS
   matrix products for S, weighted S, tau-b, kappa, pi) over all years, timed per step,
   with the process's peak resident memory;
2. a straightforward pandas implementation of the same output (pandas merges for the
   data, and a loop over dyads computing each score from the two portfolio rows) on a
   sample of years, since over all years it would run for hours; its time is extrapolated
   to all years in proportion to the dyad count of each year (its per-dyad cost is
   dominated by Python/pandas overhead, not by the portfolio length);
3. the foedus build over the span of the sample years (one call, reading the files once as
   the baseline does, and computing every year in between too), for a conservative
   like-for-like ratio.

The KB's treaties are coded once beforehand and handed to both (loading the KB parses
every EDTF date and is the KB's cost, not the dyad builder's); its time is printed apart.
The two outputs are compared on the sample years (scores equal to 1e-9).

    .venv/bin/python bench/bench_dyads.py [--sample 1850,1900,1936] [--out bench/out]
"""

from __future__ import annotations

import argparse
import itertools
import json
import resource
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import polars as pl

from foedus import paths
from foedus.data.alliances import member_dyadyears
from foedus.data.kbcoding import kb_atop_members
from foedus.data.pipeline import build_dyadyears
from foedus.data.similarity import MEASURES

DATA = paths.data_dir()


def rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# ----------------------------------------------------------------------------- pandas baseline
def pandas_build(years: list[int], kb_members: pl.DataFrame) -> pd.DataFrame:
    """The same dyad-years, the straightforward pandas way (merges + a loop over dyads for scores)."""
    st = pd.read_csv(DATA / "cow_states.csv")
    rows = []
    for r in st.itertuples():
        for y in range(r.styear, r.endyear + 1):
            if y in years:
                rows.append((r.ccode, y))
    sy = pd.DataFrame(rows, columns=["ccode", "year"]).drop_duplicates()
    dy = sy.merge(sy, on="year", suffixes=("1", "2"))
    dy = dy[dy.ccode1 != dy.ccode2].rename(columns={"ccode1": "ccode1", "ccode2": "ccode2"})
    dy = dy[["ccode1", "ccode2", "year"]].reset_index(drop=True)

    def nondirected(df, cols):
        df = df.copy()
        df["lo"] = df[["ccode1", "ccode2"]].min(axis=1)
        df["hi"] = df[["ccode1", "ccode2"]].max(axis=1)
        return df.groupby(["lo", "hi", "year"], as_index=False)[cols].max()

    pledges = ["atop_defense", "atop_offense", "atop_neutral", "atop_nonagg", "atop_consul"]
    atop = pd.read_csv(DATA / "atop_alliance_dyad_year.csv.gz")
    kb_years = [y for y in range(1918, 1946) if y not in set(atop.year)]
    kb_dy = member_dyadyears(kb_members, last_year=1945).to_pandas()
    kb_dy = kb_dy[kb_dy.year.isin(kb_years)]
    atop = pd.concat([atop, kb_dy[atop.columns]])
    a = nondirected(atop, pledges)
    dy["lo"] = dy[["ccode1", "ccode2"]].min(axis=1)
    dy["hi"] = dy[["ccode1", "ccode2"]].max(axis=1)
    dy = dy.merge(a, on=["lo", "hi", "year"], how="left")
    cow_cols = ["cow_defense", "cow_neutral", "cow_nonagg", "cow_entente"]
    dy = dy.merge(nondirected(pd.read_csv(DATA / "cow_alliance_dyad_year.csv.gz"), cow_cols),
                  on=["lo", "hi", "year"], how="left")
    dy[pledges + cow_cols] = dy[pledges + cow_cols].fillna(0).astype("int8")
    dy["source"] = np.where(dy.year.isin(kb_years), "foedus-kb", "atop")
    dy = dy.drop(columns=["lo", "hi"])
    nmc = pd.read_csv(DATA / "cow_nmc.csv")
    nv = ["milex", "milper", "irst", "pec", "tpop", "upop", "cinc"]
    for k in ("1", "2"):
        dy = dy.merge(nmc.rename(columns={"ccode": f"ccode{k}", **{c: f"{c}{k}" for c in nv}}),
                      on=[f"ccode{k}", "year"], how="left")
    tot = dy.cinc1 + dy.cinc2
    dy["cinc_ratio"] = np.where(tot > 0, dy.cinc1 / tot, np.nan)
    mj = pd.read_csv(DATA / "cow_majors.csv")
    mrows = {(r.ccode, y) for r in mj.itertuples() for y in range(r.styear, r.endyear + 1)}
    dy["cowmaj1"] = [int((c, y) in mrows) for c, y in zip(dy.ccode1, dy.year)]
    dy["cowmaj2"] = [int((c, y) in mrows) for c, y in zip(dy.ccode2, dy.year)]
    wars = pd.read_csv(DATA / "cow_war_inter_dyad_year.csv")
    w = wars.groupby(["ccode1", "ccode2", "year"], as_index=False).agg(
        cowinterongoing=("cowinterongoing", "max"), cowinteronset=("cowinteronset", "max"),
        cowinter_wars=("warnum", "nunique"), initiator1=("initiator1", "max"), initiator2=("initiator2", "max"))
    dy = dy.merge(w, on=["ccode1", "ccode2", "year"], how="left")
    wc = ["cowinterongoing", "cowinteronset", "cowinter_wars", "initiator1", "initiator2"]
    dy[wc] = dy[wc].fillna(0).astype(int)

    # similarity: per year a portfolio table, then one dyad at a time
    def level(r):
        if r.atop_defense or r.atop_offense:
            return 3
        if r.atop_neutral or r.atop_nonagg:
            return 2
        return 1 if r.atop_consul else 0

    out = {m: np.full(len(dy), np.nan) for m in MEASURES}
    for y, grp in dy.groupby("year"):
        members = sorted(set(grp.ccode1) | set(grp.ccode2))
        P = pd.DataFrame(0, index=members, columns=members)
        for r in grp.itertuples():
            P.loc[r.ccode1, r.ccode2] = level(r)
        for c in members:
            P.loc[c, c] = 3
        wts = nmc[nmc.year == y].set_index("ccode").cinc.reindex(members).fillna(0).to_numpy()
        n = len(members)
        for idx, r in zip(grp.index, grp.itertuples()):
            x, z = P.loc[r.ccode1].to_numpy(), P.loc[r.ccode2].to_numpy()
            d = np.abs(x - z)
            out["s_unweighted"][idx] = 1 - 2 * d.sum() / (3 * n)
            out["s_weighted"][idx] = 1 - 2 * (wts * d).sum() / (3 * wts.sum()) if wts.sum() > 0 else np.nan
            tab = pd.crosstab(x, z).reindex(index=range(4), columns=range(4), fill_value=0).to_numpy()
            conc = disc = 0
            for (a, b), (c2, e) in itertools.combinations(itertools.product(range(4), range(4)), 2):
                if (a - c2) * (b - e) > 0:
                    conc += tab[a, b] * tab[c2, e]
                elif (a - c2) * (b - e) < 0:
                    disc += tab[a, b] * tab[c2, e]
            n0 = n * (n - 1) / 2
            tx = (tab.sum(1) * (tab.sum(1) - 1) / 2).sum()
            tz = (tab.sum(0) * (tab.sum(0) - 1) / 2).sum()
            den = np.sqrt((n0 - tx) * (n0 - tz))
            out["tau_b"][idx] = (conc - disc) / den if den else np.nan
            px, pz = tab.sum(1) / n, tab.sum(0) / n
            M = np.abs(np.subtract.outer(np.arange(4), np.arange(4)))
            do = d.sum() / (3 * n)
            dek = px @ M @ pz / 3
            pp = (px + pz) / 2
            dep = pp @ M @ pp / 3
            out["kappa"][idx] = 1 - do / dek if dek else np.nan
            out["pi"][idx] = 1 - do / dep if dep else np.nan
    for m in MEASURES:
        dy[m] = out[m]
    return dy


# ----------------------------------------------------------------------------- main
def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sample", default="1850,1900,1936", help="years the pandas baseline runs on")
    ap.add_argument("--out", default="bench/out", help="folder for the JSON result")
    args = ap.parse_args()
    sample = [int(y) for y in args.sample.split(",")]
    warnings.simplefilter("ignore")

    t = time.perf_counter()
    kb_members = kb_atop_members()
    t_kb = time.perf_counter() - t
    rss0 = rss_mib()

    steps: dict[str, float] = {}
    last = [None, time.perf_counter()]

    def step(name: str) -> None:
        now = time.perf_counter()
        if last[0] is not None:
            steps[last[0]] = now - last[1]
        last[0], last[1] = name, now

    t0, c0 = time.perf_counter(), time.process_time()
    full = build_dyadyears(kb_members=kb_members, step=step)
    t_full, cpu_full = time.perf_counter() - t0, time.process_time() - c0
    steps[last[0]] = time.perf_counter() - last[1]
    rss_full = rss_mib()

    # like-for-like, conservatively: one foedus call over the whole span of the sample years
    # (it reads the files once, as the baseline does, and does more work: every year in between)
    t0 = time.perf_counter()
    fast_sample = build_dyadyears(kb_members=kb_members, years=(min(sample), max(sample)))
    t_fast_sample = time.perf_counter() - t0
    fast_sample = fast_sample.filter(pl.col("year").is_in(sample))

    t0, c0 = time.perf_counter(), time.process_time()
    base = pandas_build(sample, kb_members)
    t_base_sample, cpu_base_sample = time.perf_counter() - t0, time.process_time() - c0

    # agreement on the sample
    b = pl.from_pandas(base[["ccode1", "ccode2", "year", *MEASURES]]).sort("ccode1", "ccode2", "year")
    f = fast_sample.select("ccode1", "ccode2", "year", *MEASURES).sort("ccode1", "ccode2", "year")
    assert b.height == f.height, (b.height, f.height)
    maxdiff = max(float(np.nanmax(np.abs(b[m].to_numpy() - f[m].fill_null(np.nan).to_numpy()))) for m in MEASURES)

    per_year = full.group_by("year").len()
    n_sample = per_year.filter(pl.col("year").is_in(sample))["len"].sum()
    t_base_full = t_base_sample * full.height / n_sample
    res = {
        "rows_directed": full.height, "columns": full.width,
        "rows_by_source": dict(full.group_by("source").len().iter_rows()),
        "foedus_wall_s": round(t_full, 2), "foedus_cpu_s": round(cpu_full, 2),
        "load_average_1min": round(__import__("os").getloadavg()[0], 2), "foedus_steps_s": {k: round(v, 3) for k, v in steps.items()},
        "peak_rss_mib": round(rss_full, 1), "rss_before_build_mib": round(rss0, 1),
        "kb_coding_s": round(t_kb, 2),
        "sample_years": sample, "sample_rows": int(n_sample),
        "pandas_sample_s": round(t_base_sample, 2), "foedus_sample_span_s": round(t_fast_sample, 3),
        "ratio_on_sample_conservative": round(t_base_sample / t_fast_sample, 1),
        "pandas_extrapolated_full_s": round(t_base_full, 1),
        "ratio_full_extrapolated": round(t_base_full / t_full, 1),
        "ratio_full_extrapolated_cpu_time": round(cpu_base_sample * full.height / n_sample / cpu_full, 1),
        "max_abs_score_difference_on_sample": maxdiff,
    }
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "bench_dyads.json").write_text(json.dumps(res, indent=2))
    print(json.dumps(res, indent=2))
    print(f"\nfoedus: {full.height:,} directed dyad-years x {full.width} cols in {t_full:.1f} s, "
          f"peak RSS {rss_full:.0f} MiB; pandas baseline ~{t_base_full:.0f} s (extrapolated from "
          f"{n_sample:,} dyad-years of {sample}): {t_base_full / t_full:.0f}x; on the sample (foedus over the whole span): "
          f"{t_base_sample / t_fast_sample:.0f}x", file=sys.stderr)


if __name__ == "__main__":
    main()
