"""Alliance reliability on hand-built wars and alliances: each classification and the rule behind it."""

from __future__ import annotations

import json

import polars as pl
import pytest

from foedus.conditions import parse_condition
from foedus.reliability import (
    Conduct, atop_clauses, classify_war_responses, outcome, period_of, reliability_table,
)

CODES = {2: "USA", 200: "UKG", 220: "FRN", 255: "GMY", 290: "POL", 325: "ITA", 365: "RUS"}
OBL = ("defense", "offense", "neutral", "nonagg", "consul")


def war(warnum: int, year: int, side_a: list[int], side_b: list[int], initiators: set[int], joins: dict | None = None):
    """Directed dyad-years of a war: every state on side 1 against every state on side 2."""
    joins = joins or {}
    rows = []
    for a in side_a:
        for b in side_b:
            y = max(joins.get(a, year), joins.get(b, year))
            for (x, sx, z, sz) in ((a, 1, b, 2), (b, 2, a, 1)):
                rows.append({"warnum": warnum, "ccode1": x, "ccode2": z, "year": y, "sidea1": sx, "sidea2": sz,
                             "initiator1": int(x in initiators), "initiator2": int(z in initiators)})
    return rows


def member(atopid: int, c: int, yrent: int = 1900, yrexit: int = 0, moent: int = 1, **obl) -> dict:
    row = {"atopid": str(atopid), "member": c, "yrent": yrent, "moent": moent, "dayent": 1, "yrexit": yrexit,
           "moexit": 12 if yrexit else 0, "dayexit": 31 if yrexit else 0, "phase": 0, "wartime": 0, "cowwar": 0,
           "source": "atop-v4.01"}
    row |= {o: 0 for o in OBL} | obl
    return row


def run(wars: list[dict], members: list[dict]) -> pl.DataFrame:
    from foedus.reliability.classify import MEMBER_COLUMNS

    m = pl.DataFrame(members)
    for c in MEMBER_COLUMNS:
        if c not in m.columns:
            m = m.with_columns(pl.lit(0, dtype=pl.Int64).alias(c))
    m = m.with_columns([pl.col(c).cast(pl.Int64) for c in MEMBER_COLUMNS if c != "atopid"])
    states = pl.DataFrame({"ccode": list(CODES), "stateabb": list(CODES.values())})
    return classify_war_responses({"wars": pl.DataFrame(wars), "states": states, "members": m})


def one(df: pl.DataFrame, obligor: str, beneficiary: str, obligation: str) -> dict:
    hit = df.filter((pl.col("obligor") == obligor) & (pl.col("beneficiary") == beneficiary)
                    & (pl.col("obligation") == obligation))
    assert hit.height == 1, hit
    return hit.row(0, named=True)


# --------------------------------------------------------------------------- the rules as conditions
def test_every_atop_obligation_becomes_a_condition_the_engine_grammar_parses():
    row = {o: 1 for o in OBL} | {"defcoadv": 1, "defconum": 1, "defcoloc": 1, "neucoatt": 1, "neuconpr": 1,
                                 "concoreq": 1, "offcoadv": 1}
    specs = atop_clauses(row, ["GMY", "ITA"])
    assert [s.obligation for s in specs] == list(OBL)
    for s in specs:
        parse_condition(s.condition)
    d = specs[0].condition
    assert d.startswith("attacked(beneficiary, by=[GMY, ITA]) and unprovoked(beneficiary)")
    assert "attackers_at_least(2)" in d and 'in_place("ATOP-named area")' in d
    assert specs[1].condition == "(attacked(GMY, by=beneficiary) or attacked(ITA, by=beneficiary))"
    assert specs[2].condition.startswith("attacked(beneficiary, by=any) and unprovoked(beneficiary)")
    assert "requested(beneficiary)" in specs[4].condition


def test_named_adversary_flag_without_a_named_state_reads_any_and_says_so():
    spec = atop_clauses({"defense": 1, "defcoadv": 1}, [])[0]
    assert "by=any" in spec.condition and "R-ADV?" in spec.rules


def test_outcome_rules_for_duties_to_act_and_to_refrain():
    joined, stayed, against = Conduct(True, False), Conduct(False, False), Conduct(False, True)
    assert outcome("triggered", "defense", joined) == ("honoured", "R-JOIN")
    assert outcome("triggered", "defense", stayed) == ("violated", "R-STAY")
    assert outcome("triggered", "offense", against) == ("violated", "R-AGAINST")
    assert outcome("triggered", "neutral", stayed) == ("honoured", "R-REFRAIN")
    assert outcome("triggered", "nonagg", against) == ("violated", "R-AGAINST")
    assert outcome("triggered", "consul", stayed) == ("undetermined", "R-CON-UNOBS")
    assert outcome("not_triggered", "defense", joined) == ("not_invoked", "R-NOT")
    assert outcome("not_triggered", "defense", joined, only_unverifiable_failed=True) == ("undetermined", "R-UNV")
    assert outcome("pending", "defense", joined) == ("undetermined", "R-DATE")
    with pytest.raises(ValueError, match="status"):
        outcome("void", "defense", joined)


def test_periods():
    assert period_of(1914) == "1914-1918" and period_of(1950) == "1946-1989" and period_of(1816) == "1816-1870"


# --------------------------------------------------------------------------- hand-built wars through the engine
def test_defense_honoured_when_the_ally_joins_an_attacked_partner():
    df = run(war(1, 1950, [255], [220, 200], {255}),
             [member(10, 220, defense=1), member(10, 200, defense=1)])
    r = one(df, "UKG", "FRN", "defense")
    assert (r["status"], r["outcome"], r["rule"]) == ("triggered", "honoured", "R-JOIN")


def test_defense_violated_when_the_ally_stays_out():
    df = run(war(1, 1950, [255], [220], {255}), [member(10, 220, defense=1), member(10, 200, defense=1)])
    r = one(df, "UKG", "FRN", "defense")
    assert (r["outcome"], r["rule"], r["conduct"]) == ("violated", "R-STAY", "did not take part in the war")


def test_defensive_pact_with_initiating_partner_is_not_invoked():
    df = run(war(1, 1950, [220], [255], {220}), [member(10, 220, defense=1), member(10, 200, defense=1)])
    r = one(df, "UKG", "FRN", "defense")
    assert (r["status"], r["outcome"]) == ("not_triggered", "not_invoked")
    assert "FRN attacked by any state: no such attack" in r["reason"]


def test_named_adversary_not_the_enemy_is_not_invoked():
    members = [member(10, c, defense=1, defcoadv=1, specthrt=1, statthr1=365) for c in (220, 200)]
    df = run(war(1, 1950, [255], [220], {255}), members)
    r = one(df, "UKG", "FRN", "defense")
    assert r["outcome"] == "not_invoked" and "by=RUS" in r["condition"]
    df2 = run(war(1, 1950, [365], [220], {365}), members)
    assert one(df2, "UKG", "FRN", "defense")["outcome"] == "violated"


def test_neutrality_partner_joins_the_enemy_side_is_violated():
    wars = war(1, 1950, [255, 325], [220], {255})
    df = run(wars, [member(10, 220, neutral=1), member(10, 325, neutral=1)])
    r = one(df, "ITA", "FRN", "neutral")
    assert (r["outcome"], r["rule"]) == ("violated", "R-AGAINST")


def test_neutrality_honoured_when_the_ally_stays_out():
    df = run(war(1, 1950, [255], [220], {255}), [member(10, 220, neutral=1), member(10, 325, neutral=1)])
    assert one(df, "ITA", "FRN", "neutral")["outcome"] == "honoured"


def test_neutrality_conditional_on_attack_is_not_invoked_for_an_initiating_partner():
    df = run(war(1, 1950, [220], [255], {220}), [member(10, c, neutral=1, neucoatt=1) for c in (220, 325)])
    assert one(df, "ITA", "FRN", "neutral")["outcome"] == "not_invoked"


def test_nonaggression_broken_by_attacking_the_partner():
    df = run(war(1, 1950, [255], [290], {255}), [member(10, 255, nonagg=1), member(10, 290, nonagg=1)])
    assert one(df, "GMY", "POL", "nonagg")["outcome"] == "violated"


def test_offense_honoured_when_the_ally_joins_the_partners_attack():
    df = run(war(1, 1950, [255, 325], [220], {255}), [member(10, c, offense=1) for c in (255, 325)])
    r = one(df, "ITA", "GMY", "offense")
    assert (r["status"], r["outcome"]) == ("triggered", "honoured")


def test_place_condition_cannot_be_settled_from_cow_and_stays_undetermined():
    df = run(war(1, 1950, [255], [220], {255}), [member(10, c, defense=1, defcoloc=1) for c in (220, 200)])
    r = one(df, "UKG", "FRN", "defense")
    assert (r["outcome"], r["rule"]) == ("undetermined", "R-UNV")


def test_alliance_starting_in_the_entry_year_is_undetermined_for_lack_of_days():
    df = run(war(1, 1950, [255], [220], {255}), [member(10, c, yrent=1950, moent=6, defense=1) for c in (220, 200)])
    r = one(df, "UKG", "FRN", "defense")
    assert (r["status"], r["outcome"], r["rule"]) == ("pending", "undetermined", "R-DATE")
    assert "uncertain" in r["reason"]


def test_alliance_ended_before_the_war_is_not_counted():
    df = run(war(1, 1950, [255], [220], {255}), [member(10, c, yrexit=1940, defense=1) for c in (220, 200)])
    assert df.height == 0


def test_every_row_explains_itself_with_the_clause_condition_facts_and_verdict():
    df = run(war(1, 1950, [255], [220, 200], {255}), [member(10, c, defense=1) for c in (220, 200)])
    tree = json.loads(one(df, "UKG", "FRN", "defense")["explanation"])
    kinds = set()

    def walk(n):
        kinds.add(n["kind"])
        for c in n["children"]:
            walk(c)

    walk(tree)
    assert {"validity", "clause", "condition", "predicate", "fact", "verdict"} <= kinds
    assert tree["children"][-1]["label"].startswith("verdict: honoured")
    assert any("cow-interstate-wars-v4" in c for c in tree["children"][-1]["cites"])


def test_table_counts_outcomes_and_reliability_over_judged_rows():
    wars = war(1, 1950, [255], [220], {255}) + war(2, 1960, [255], [290], {255})
    members = [member(10, c, defense=1) for c in (220, 200)] + [member(11, c, defense=1) for c in (290, 220)]
    df = run(wars, members)
    t = reliability_table(df)
    overall = t.filter(pl.col("group") == "overall").row(0, named=True)
    assert overall["rows"] == df.height
    assert overall["honoured"] + overall["violated"] + overall["not_invoked"] + overall["undetermined"] == df.height
    judged = overall["honoured"] + overall["violated"]
    assert overall["reliability"] == pytest.approx(overall["honoured"] / judged)
    assert set(t["group"]) == {"overall", "obligation", "period"}
    assert "R-" in overall["rules"]


def test_ally_level_counts_an_ally_that_violated_any_obligation_as_violated():
    from foedus.reliability import ally_level

    wars = war(1, 1950, [255, 325], [220], {255})
    df = run(wars, [member(10, 220, defense=1, neutral=1), member(10, 325, defense=1, neutral=1)])
    allies = ally_level(df).filter(pl.col("obligor") == "ITA")
    assert allies.height == 1 and allies["outcome"][0] == "violated"


def test_one_pass_candidate_search_matches_the_per_war_search():
    from foedus.reliability.classify import all_candidates, candidate_phases
    from foedus.reliability.synth import wars_from_dyads

    members = pl.DataFrame([member(10, 220, defense=1), member(10, 200, defense=1), member(11, 220, yrexit=1940),
                            member(11, 290), member(12, 255, nonagg=1), member(12, 2, nonagg=1)])
    members = members.with_columns([pl.col(c).cast(pl.Int64) for c in members.columns if c not in ("atopid", "source")])
    w = wars_from_dyads(war(7, 1950, [255], [220, 200], {255}), CODES)[7]
    entrants = {255, 220, 200}
    one_war = candidate_phases(members, w, 1950, entrants)
    ent = pl.DataFrame({"warnum": [7] * 3, "year": [1950] * 3, "ccode": sorted(entrants)})
    assert set(one_war) == {("10", 0), ("12", 0)}
    assert {k: len(v) for k, v in all_candidates(members, ent)[(7, 1950)].items()} == {k: len(v) for k, v in one_war.items()}


def test_unverifiable_place_condition_sensitivity_bounds():
    from foedus.reliability.classify import MEMBER_COLUMNS

    wars = war(1, 1950, [255], [220], {255})
    members = [member(10, c, defense=1, defcoloc=1) for c in (220, 200)]
    m = pl.DataFrame(members)
    for c in MEMBER_COLUMNS:
        if c not in m.columns:
            m = m.with_columns(pl.lit(0, dtype=pl.Int64).alias(c))
    m = m.with_columns([pl.col(c).cast(pl.Int64) for c in MEMBER_COLUMNS if c != "atopid"])
    inputs = {"wars": pl.DataFrame(wars), "states": pl.DataFrame({"ccode": list(CODES), "stateabb": list(CODES.values())}),
              "members": m}
    met = one(classify_war_responses(inputs, unverifiable="met"), "UKG", "FRN", "defense")
    assert (met["outcome"], met["rule"]) == ("violated", "R-UNV-MET/R-STAY")
    assert "read as met" in json.loads(met["explanation"])["children"][-1]["label"]
    unmet = one(classify_war_responses(inputs, unverifiable="not_met"), "UKG", "FRN", "defense")
    assert (unmet["outcome"], unmet["rule"]) == ("not_invoked", "R-UNV-NOT")
    with pytest.raises(ValueError, match="unverifiable"):
        classify_war_responses(inputs, unverifiable="maybe")


def test_reliability_table_is_the_same_whatever_the_row_order():
    import polars as pl

    from foedus.reliability.table import reliability_table

    rows = pl.DataFrame({
        "scope": ["cow-war"] * 6,
        "obligation": ["defense", "defense", "neutral", "defense", "neutral", "nonagg"],
        "period": ["1816-1917"] * 3 + ["1946-2016"] * 3,
        "outcome": ["honoured", "violated", "honoured", "not_invoked", "violated", "honoured"],
        "rule": ["R-JOIN", "R-STAY", "R-REFRAIN", "R-NOT", "R-AGAINST", "R-REFRAIN"],
    })
    first = reliability_table(rows)
    for seed in range(5):
        assert reliability_table(rows.sample(fraction=1.0, shuffle=True, seed=seed)).equals(first)
    overall = first.filter(pl.col("group") == "overall").row(0, named=True)
    assert overall["rules"] == "R-REFRAIN×2, R-AGAINST×1, R-JOIN×1, R-NOT×1, R-STAY×1"
