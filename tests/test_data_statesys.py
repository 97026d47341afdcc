"""State-years and dyad-years of the COW system, and the capability, major-power and war merges."""

from collections import Counter

import polars as pl
import pytest

from foedus.data import statesys as ss

SPELLS = pl.DataFrame({
    "stateabb": ["AAA", "BBB", "BBB", "CCC"], "ccode": [1, 2, 2, 3],
    "styear": [1816, 1816, 1819, 1817], "stmonth": [1, 1, 12, 12], "stday": [1, 1, 31, 31],
    "endyear": [1820, 1817, 1820, 1818], "endmonth": [12, 1, 12, 1], "endday": [31, 1, 31, 1],
})


def test_a_state_is_in_every_year_its_membership_touches():
    sy = ss.create_stateyears(SPELLS)
    years = {c: sorted(sy.filter(pl.col("ccode") == c)["year"].to_list()) for c in (1, 2, 3)}
    assert years[1] == [1816, 1817, 1818, 1819, 1820]
    assert years[2] == [1816, 1817, 1819, 1820]  # gap 1818, one day in 1817 and in 1819 count
    assert years[3] == [1817, 1818]


def test_directed_dyadyears_are_all_ordered_pairs_per_year():
    dy = ss.create_dyadyears(SPELLS)
    n = Counter(ss.create_stateyears(SPELLS)["year"].to_list())
    assert dy.height == sum(k * (k - 1) for k in n.values())
    assert dy.filter(pl.col("year") == 1818).height == 2  # AAA-CCC both ways; BBB out that year


def test_nondirected_keeps_ccode1_below_ccode2():
    dy = ss.create_dyadyears(SPELLS, directed=False)
    assert (dy["ccode1"] < dy["ccode2"]).all()
    assert dy.height * 2 == ss.create_dyadyears(SPELLS).height


@pytest.fixture(scope="module")
def real_dy():
    return ss.create_dyadyears(years=(1938, 1950))


def test_real_dyadyears_have_unique_keys_and_are_symmetric(real_dy):
    assert real_dy.select("ccode1", "ccode2", "year").is_unique().all()
    flipped = real_dy.select(ccode1="ccode2", ccode2="ccode1", year="year").sort("ccode1", "ccode2", "year")
    assert flipped.equals(real_dy.sort("ccode1", "ccode2", "year"))


def test_real_counts_match_system_size(real_dy):
    sy = ss.create_stateyears(years=(1938, 1950))
    n = sy.group_by("year").len()
    assert real_dy.height == sum(k * (k - 1) for k in n["len"].to_list())
    nd = ss.create_dyadyears(years=(1938, 1950), directed=False)
    assert nd.height * 2 == real_dy.height


def test_france_is_out_of_the_system_in_1943_only():
    sy = ss.create_stateyears(years=(1941, 1945))
    frn = sorted(sy.filter(pl.col("stateabb") == "FRN")["year"].to_list())
    assert frn == [1941, 1942, 1944, 1945]


def test_merges_add_columns_without_changing_rows(real_dy):
    out = ss.add_cow_wars(ss.add_cow_majors(ss.add_nmc(real_dy)))
    assert out.height == real_dy.height
    assert out.select("ccode1", "ccode2", "year").equals(real_dy)
    r = out.filter(pl.col("ccode1") == 2, pl.col("ccode2") == 365, pl.col("year") == 1945).row(0, named=True)
    assert r["cowmaj1"] == 1 and r["cowmaj2"] == 1
    assert 0 <= r["cinc_ratio"] <= 1
    assert r["cinc_ratio"] == pytest.approx(r["cinc1"] / (r["cinc1"] + r["cinc2"]))


def test_majors_follow_spells():
    sy = ss.add_cow_majors(ss.create_stateyears(years=(1897, 1899)))
    usa = dict(sy.filter(pl.col("ccode") == 2).select("year", "cowmaj").iter_rows())
    assert usa == {1897: 0, 1898: 1, 1899: 1}


def test_wars_mark_both_directions_and_state_years(real_dy):
    out = ss.add_cow_wars(real_dy)
    def war(a, b, y):
        return out.filter(pl.col("ccode1") == a, pl.col("ccode2") == b, pl.col("year") == y)["cowinterongoing"].item()
    assert war(220, 255, 1940) == 1 and war(255, 220, 1940) == 1
    assert war(2, 255, 1938) == 0
    sy = ss.add_cow_wars(ss.create_stateyears(years=(1939, 1939)))
    assert sy.filter(pl.col("ccode") == 290)["cowinterongoing"].item() == 1  # Poland 1939


def test_a_frame_without_state_keys_is_refused():
    with pytest.raises(ValueError, match="state-year frame"):
        ss.add_nmc(pl.DataFrame({"x": [1]}))
