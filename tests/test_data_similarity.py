"""Alliance-portfolio similarity: S, weighted S, tau-b, kappa, pi against direct formulas and known cases."""

import itertools

import numpy as np
import polars as pl
import pytest

from foedus.data.alliances import add_atop_alliance
from foedus.data.similarity import MEASURES, add_similarity, s_score, tau_b, year_similarity
from foedus.data.statesys import add_nmc, create_dyadyears


def naive_s(x, y, w, dmax=3):
    return 1 - 2 * sum(wk * abs(a - b) for a, b, wk in zip(x, y, w)) / (dmax * sum(w))


def naive_tau_b(x, y):
    n = len(x)
    conc = disc = tx = ty = 0
    for i, j in itertools.combinations(range(n), 2):
        dx, dy = np.sign(x[i] - x[j]), np.sign(y[i] - y[j])
        if dx == 0 and dy == 0:
            continue
        if dx == 0:
            tx += 1
        elif dy == 0:
            ty += 1
        elif dx == dy:
            conc += 1
        else:
            disc += 1
    den = np.sqrt((conc + disc + tx) * (conc + disc + ty))
    return (conc - disc) / den if den else np.nan


def naive_kappa_pi(x, y):
    levels = range(4)
    n = len(x)
    do = sum(abs(a - b) for a, b in zip(x, y)) / (3 * n)
    px = [sum(1 for a in x if a == v) / n for v in levels]
    py = [sum(1 for b in y if b == v) / n for v in levels]
    pp = [(a + b) / 2 for a, b in zip(px, py)]
    de_k = sum(px[a] * py[b] * abs(a - b) for a in levels for b in levels) / 3
    de_p = sum(pp[a] * pp[b] * abs(a - b) for a in levels for b in levels) / 3
    return 1 - do / de_k, 1 - do / de_p


def random_portfolios(seed, n=9):
    rng = np.random.default_rng(seed)
    A = rng.integers(0, 4, size=(n, n))
    A = np.maximum(A, A.T)
    np.fill_diagonal(A, 3)
    return A, rng.random(n)


@pytest.mark.parametrize("seed", range(5))
def test_matrix_measures_equal_the_direct_formulas(seed):
    A, w = random_portfolios(seed)
    res = year_similarity(A, w)
    for i, j in [(0, 1), (2, 5), (3, 8), (4, 4)]:
        assert res["s_unweighted"][i, j] == pytest.approx(naive_s(A[i], A[j], np.ones(len(w))))
        assert res["s_weighted"][i, j] == pytest.approx(naive_s(A[i], A[j], w))
        assert res["tau_b"][i, j] == pytest.approx(naive_tau_b(A[i], A[j]))
        k, p = naive_kappa_pi(A[i], A[j])
        assert res["kappa"][i, j] == pytest.approx(k) and res["pi"][i, j] == pytest.approx(p)


def test_squared_metric_uses_squared_distances():
    A, _ = random_portfolios(7)
    S = s_score(A, metric="squared")
    assert S[1, 2] == pytest.approx(1 - 2 * ((A[1] - A[2]) ** 2).sum() / (9 * A.shape[1]))


def test_identical_portfolios_score_one():
    # states 0 and 1: defence allies of each other, same ties to everyone else
    A = np.array([[3, 3, 1, 0], [3, 3, 1, 0], [1, 1, 3, 2], [0, 0, 2, 3]])
    res = year_similarity(A, np.array([0.4, 0.3, 0.2, 0.1]))
    for m in MEASURES:
        assert res[m][0, 1] == pytest.approx(1.0), m


def test_tau_b_and_s_agree_in_sign_for_rival_blocs_and_for_allies():
    # two blocs {0,1,2} and {3,4,5}, each allied inside, none across
    A = np.zeros((6, 6), dtype=int)
    A[:3, :3] = 3
    A[3:, 3:] = 3
    s, t = s_score(A), tau_b(A)
    assert s[0, 3] < 0 and t[0, 3] < 0
    assert s[0, 1] > 0 and t[0, 1] > 0


def test_unknown_measure_and_missing_pledges_are_refused():
    dy = create_dyadyears(years=(1950, 1950))
    with pytest.raises(ValueError, match="add_atop_alliance first"):
        add_similarity(dy)
    with pytest.raises(ValueError, match="unknown similarity"):
        add_similarity(add_atop_alliance(dy, kb_members=False), measures=("s", "nope"))


@pytest.fixture(scope="module")
def sim_1950():
    dy = add_nmc(add_atop_alliance(create_dyadyears(years=(1949, 1950)), kb_members=False))
    return add_similarity(dy)


def test_real_scores_are_bounded_symmetric_and_complete(sim_1950):
    for m in MEASURES:
        col = sim_1950[m]
        assert col.null_count() == 0 and col.min() >= -1 - 1e-9 and col.max() <= 1 + 1e-9
    a = sim_1950.select("ccode1", "ccode2", "year", *MEASURES).sort("ccode1", "ccode2", "year")
    b = sim_1950.select(ccode1="ccode2", ccode2="ccode1", year="year", *MEASURES).sort("ccode1", "ccode2", "year")
    assert np.allclose(a.select(MEASURES).to_numpy(), b.select(MEASURES).to_numpy())


def test_usa_ukg_1950_are_similar_by_s_and_tau_b(sim_1950):
    r = sim_1950.filter(pl.col("ccode1") == 2, pl.col("ccode2") == 200, pl.col("year") == 1950).row(0, named=True)
    assert r["s_unweighted"] > 0 and r["tau_b"] > 0 and r["s_weighted"] > 0


def test_nondirected_frames_give_the_same_scores(sim_1950):
    nd = add_similarity(add_nmc(add_atop_alliance(create_dyadyears(years=(1950, 1950), directed=False),
                                                  kb_members=False)))
    joined = nd.join(sim_1950, on=["ccode1", "ccode2", "year"], suffix="_d")
    assert joined.height == nd.height
    for m in MEASURES:
        assert np.allclose(joined[m].to_numpy(), joined[f"{m}_d"].to_numpy())


def test_weighted_s_is_null_without_capabilities():
    dy = add_similarity(add_atop_alliance(create_dyadyears(years=(1950, 1950)), kb_members=False),
                        measures=("s_unweighted", "s_weighted"))
    assert dy["s_weighted"].null_count() == dy.height and dy["s_unweighted"].null_count() == 0
