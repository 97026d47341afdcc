"""KB treaties in ATOP coding, member rows to dyad-years, and ATOP/KB pledges on dyad-years."""

import warnings
from types import SimpleNamespace

import polars as pl
import pytest

from foedus.data.alliances import add_atop_alliance, add_cow_alliance, member_dyadyears
from foedus.data.kbcoding import code_treaty, condition_flags, kb_atop_members
from foedus.data.statesys import create_dyadyears
from foedus.kb.models import Treaty

CITE = [{"source": "x", "confidence": "high"}]
CCODES = {"FRN": 220, "RUS": 365, "CZE": 315, "GMY": 255, "POL": 290}


def treaty(**kw) -> Treaty:
    base = {"id": "t", "name": "T", "kind": "mutual_assistance", "parties": [{"state": "FRN"}, {"state": "RUS"}],
            "signed": "1935-05-02", "cite": CITE, "clauses": []}
    base.update(kw)
    return Treaty.model_validate(base)


def clause(obligation, condition=None, **kw):
    return {"id": f"c{abs(hash((obligation, condition))) % 10**6}", "article": "Art. 1", "text": "x",
            "obligation": obligation, "condition": condition, "cite": CITE, **kw}


def one(rows, state="FRN"):
    return next(r for r in rows if r["stateabb"] == state)


def test_named_adversary_sets_defcoadv_specthrt_statthr():
    rows = code_treaty(treaty(clauses=[clause("defense", "attacked(beneficiary, by=[GMY, POL])")]), CCODES)
    r = one(rows)
    assert (r["defense"], r["defcoadv"], r["specthrt"], r["statthr1"], r["statthr2"]) == (1, 1, 1, 255, 290)
    assert r["conditio"] == 1 and r["defcon"] == 1


def test_any_attacker_is_not_a_named_adversary():
    r = one(code_treaty(treaty(clauses=[clause("assistance", "attacked(beneficiary, by=any)")]), CCODES))
    assert (r["defense"], r["defcoadv"], r["specthrt"], r["statthr1"], r["conditio"]) == (1, 0, 0, 0, 0)


@pytest.mark.parametrize("cond,flag", [
    ('attacked(beneficiary) and in_place("Europe")', "defcoloc"),
    ("attacked(beneficiary) and unprovoked(beneficiary)", "defconpr"),
    ("attacked(beneficiary) and attackers_at_least(2)", "defconum"),
    ('attacked(beneficiary) and conflict_kind("interstate")', "defcocon"),
    ("attacked(beneficiary) and demand_refused(beneficiary)", "defcodem"),
    ('attacked(beneficiary) and (league_finding("aggression") or not league_procedure(16))', "defcolea"),
])
def test_condition_predicates_map_to_atop_flags(cond, flag):
    assert condition_flags(cond, "defense")["flags"] == {flag: 1}


def test_assisted_becomes_contingent_on_our_own_column():
    r = one(code_treaty(treaty(parties=[{"state": "CZE"}, {"state": "RUS"}, {"state": "FRN"}], clauses=[
        clause("assistance", "attacked(beneficiary) and assisted(FRN, beneficiary)", obligors=["CZE", "RUS"])]),
        CCODES), "CZE")
    assert r["contingent_on"] == "FRN" and r["conditio"] == 1 and r["defense"] == 1
    assert one(code_treaty(treaty(parties=[{"state": "CZE"}, {"state": "RUS"}, {"state": "FRN"}], clauses=[
        clause("assistance", "assisted(FRN, beneficiary)", obligors=["CZE", "RUS"])]), CCODES))["defense"] == 0


def test_obligations_map_to_atop_columns():
    t = treaty(clauses=[clause("nonaggression"), clause("non_assistance", "attacked(beneficiary) and unprovoked(beneficiary)"),
                        clause("consultation", "requested(obligor)")])
    r = one(code_treaty(t, CCODES))
    assert (r["nonagg"], r["neutral"], r["consul"], r["defense"]) == (1, 1, 1, 0)
    assert r["neuconpr"] == 1 and r["concoreq"] == 1 and r["neucon"] == 1 and r["concon"] == 1


def test_dates_phases_and_secrecy():
    t = treaty(parties=[{"state": "FRN"}, {"state": "RUS"}, {"state": "CZE", "joined": "1936-03-01"}],
               ended={"date": "1939-03-15", "how": "war", "cite": CITE},
               clauses=[clause("defense", secret=True)])
    rows = code_treaty(t, CCODES)
    assert sorted((r["stateabb"], r["phase"]) for r in rows) == [("CZE", 2), ("FRN", 1), ("FRN", 2), ("RUS", 1), ("RUS", 2)]
    p1 = next(r for r in rows if r["stateabb"] == "FRN" and r["phase"] == 1)
    assert (p1["yrent"], p1["moent"], p1["dayent"], p1["yrexit"], p1["moexit"], p1["dayexit"]) == (1935, 5, 2, 1936, 3, 1)
    assert all(r["maxphase"] == 2 and r["pubsecr"] == 2 for r in rows)
    assert one([r for r in rows if r["phase"] == 2], "CZE")["yrexit"] == 1939


def test_proposals_are_not_coded():
    assert code_treaty(treaty(status="proposal", clauses=[clause("defense")]), CCODES) == []


def test_member_rows_become_nondirected_dyadyears():
    m = pl.DataFrame({
        "atopid": [1, 1, 1, 2, 2], "member": [220, 365, 315, 220, 365],
        "yrent": [1935, 1935, 1935, 1932, 1932], "yrexit": [1937, 0, 1936, 0, 0],
        "defense": [1, 0, 0, 0, 0], "offense": [0] * 5, "neutral": [0] * 5, "nonagg": [0, 0, 0, 1, 1], "consul": [0] * 5,
    })
    dy = member_dyadyears(m, last_year=1938)
    assert (dy["ccode1"] < dy["ccode2"]).all() and dy.select("ccode1", "ccode2", "year").is_unique().all()
    get = lambda a, b, y: dy.filter(pl.col("ccode1") == a, pl.col("ccode2") == b, pl.col("year") == y)
    assert get(220, 365, 1936).select("atop_defense", "atop_nonagg").row(0) == (1, 1)  # either side's pledge counts
    assert get(220, 365, 1938).select("atop_defense", "atop_nonagg").row(0) == (0, 1)  # FRN left alliance 1 in 1937
    assert get(315, 365, 1936)["atop_defense"].item() == 0 and get(315, 365, 1937).height == 0


@pytest.fixture(scope="module")
def kb_members():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return kb_atop_members()


def test_kb_members_are_coded_from_the_real_kb(kb_members):
    m = kb_members
    pact = m.filter(pl.col("atopid") == "fra-sov-nonaggression-1932")
    assert set(pact["member"].to_list()) == {220, 365}
    assert (pact["nonagg"] == 1).all() and (pact["source"] == "foedus-kb").all()
    assert pact["yrent"].min() == 1932


@pytest.fixture(scope="module")
def dy_pledges(kb_members):
    dy = create_dyadyears(years=(1932, 1950))
    return add_cow_alliance(add_atop_alliance(dy, kb_members=kb_members))


def test_usa_ukg_defence_pledge_in_1950_from_atop(dy_pledges):
    r = dy_pledges.filter(pl.col("ccode1") == 2, pl.col("ccode2") == 200, pl.col("year") == 1950).row(0, named=True)
    assert r["atop_defense"] == 1 and r["source"] == "atop"
    r2 = dy_pledges.filter(pl.col("ccode1") == 200, pl.col("ccode2") == 2, pl.col("year") == 1950).row(0, named=True)
    assert r2["atop_defense"] == 1


def test_frn_rus_dyadyears_are_filled_from_the_kb(dy_pledges, kb_members):
    fr = dy_pledges.filter(pl.col("ccode1") == 220, pl.col("ccode2") == 365, pl.col("year").is_between(1933, 1939))
    assert fr.height == 7 and (fr["source"] == "foedus-kb").all() and (fr["atop_nonagg"] == 1).all()
    pact = kb_members.filter(pl.col("atopid") == "fra-sov-mutual-assistance-1935", pl.col("defense") == 1,
                             pl.col("yrent") <= 1936)
    if set(pact["member"].to_list()) >= {220, 365}:  # once the 1935 pact is in the KB with its assistance clause
        assert fr.filter(pl.col("year") == 1936)["atop_defense"].item() == 1


def test_source_marks_the_withheld_years_only(dy_pledges):
    src = dict(dy_pledges.group_by("year").agg(pl.col("source").unique()).select(
        "year", pl.col("source").list.join(",")).iter_rows())
    assert all(src[y] == "foedus-kb" for y in range(1932, 1946))
    assert all(src[y] == "atop" for y in range(1946, 1951))


def test_pledge_merges_keep_rows_and_directed_symmetry(dy_pledges):
    assert dy_pledges.height == create_dyadyears(years=(1932, 1950)).height
    a = dy_pledges.select("ccode1", "ccode2", "year", "atop_defense", "cow_defense").sort("ccode1", "ccode2", "year")
    b = dy_pledges.select(ccode1="ccode2", ccode2="ccode1", year="year", atop_defense="atop_defense",
                          cow_defense="cow_defense").sort("ccode1", "ccode2", "year")
    assert a.equals(b)


def test_nondirected_frame_carries_the_same_pledges_as_the_directed_one(dy_pledges, kb_members):
    nd = add_cow_alliance(add_atop_alliance(create_dyadyears(years=(1932, 1950), directed=False), kb_members=kb_members))
    d = dy_pledges.filter(pl.col("ccode1") < pl.col("ccode2")).sort("ccode1", "ccode2", "year")
    assert nd.sort("ccode1", "ccode2", "year").equals(d)


def test_the_league_covenant_is_not_coded_as_an_alliance_unless_asked():
    kb = SimpleNamespace(
        states={s: SimpleNamespace(ccode=c) for s, c in CCODES.items()},
        treaties={"cov": treaty(id="cov", kind="covenant", clauses=[clause("guarantee")]),
                  "t": treaty(clauses=[clause("nonaggression")])},
    )
    assert set(kb_atop_members(kb)["atopid"].to_list()) == {"t"}
    assert set(kb_atop_members(kb, exclude_kinds=())["atopid"].to_list()) == {"cov", "t"}
