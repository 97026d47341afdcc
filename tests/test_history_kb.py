"""Facts users rely on in the people, events and claims of the knowledge base, and the
rules that keep the seeds' disagreements visible (claims of their authors, conflicts that
link different witnesses)."""

from __future__ import annotations

from collections import Counter

import pytest

from foedus import load_kb
from foedus.cli.kb import stats_data
from foedus.dates import parse_date


@pytest.fixture(scope="module")
def kb(real_kb_dir, seeds):
    return load_kb(real_kb_dir, seeds)


def _office(person, fragment: str):
    return [o for o in person.offices if fragment.lower() in o.title.lower()]


def test_barthou_died_on_9_october_1934_and_his_ministry_ends_that_day(kb):
    barthou = kb.people["barthou"]
    assert str(barthou.died) == "1934-10-09"
    (fm,) = _office(barthou, "Foreign Affairs")
    assert str(fm.end) == "1934-10-09"
    assert kb.events["ev-1934-10-09-marseille-assassination"].date == parse_date("1934-10-09")


def test_litvinov_office_as_commissar_ends_in_may_1939_when_molotov_takes_over(kb):
    (commissar,) = [o for o in kb.people["litvinov"].offices if o.title == "People's Commissar for Foreign Affairs"]
    assert str(commissar.end).startswith("1939-05")
    molotov_fm = _office(kb.people["molotov"], "Foreign Affairs")[0]
    assert str(molotov_fm.start) == str(commissar.end)


KEY_DATES = {
    "ev-1924-10-28-france-recognises-ussr": "1924-10-28",
    "ev-1933-01-30-hitler-chancellor": "1933-01-30",
    "ev-1934-09-18-ussr-joins-league": "1934-09-18",
    "ev-1934-10-09-marseille-assassination": "1934-10-09",
    "ev-1935-05-02-franco-soviet-pact-signed": "1935-05-02",
    "ev-1936-03-07-rhineland": "1936-03-07",
    "ev-1938-03-12-anschluss": "1938-03-12",
    "ev-1938-09-29-munich": "1938-09-29",
    "ev-1939-03-15-prague-occupied": "1939-03-15",
    "ev-1939-08-23-nazi-soviet-pact": "1939-08-23",
    "ev-1939-09-01-germany-invades-poland": "1939-09-01",
    "ev-1939-09-03-britain-declares-war": "1939-09-03",
    "ev-1939-09-03-france-declares-war": "1939-09-03",
    "ev-1939-09-17-soviet-invasion-of-poland": "1939-09-17",
    "ev-1940-06-22-armistice": "1940-06-22",
    "ev-1941-06-22-barbarossa": "1941-06-22",
    "ev-1944-12-10-franco-soviet-treaty": "1944-12-10",
}


@pytest.mark.parametrize("event_id,date", sorted(KEY_DATES.items()))
def test_key_events_carry_their_standard_dates(kb, event_id, date):
    assert str(kb.events[event_id].date) == date


def test_anschluss_spans_the_12th_and_13th_of_march_1938(kb):
    ev = kb.events["ev-1938-03-12-anschluss"]
    assert (str(ev.date), str(ev.end)) == ("1938-03-12", "1938-03-13")


def test_the_crisis_conduct_events_name_who_acted_and_against_whom(kb):
    kinds = {"mobilisation", "assistance", "refusal", "war_declaration", "invasion", "attack", "occupation", "annexation"}
    conduct = [e for e in kb.events.values() if e.kind in kinds]
    assert len(conduct) >= 20
    for e in conduct:
        assert e.actors and e.targets, f"{e.id} lacks actors or targets"
    refusals = {a for e in conduct if e.kind == "refusal" for a in e.actors}
    assert {"FRN", "UKG", "POL"} <= refusals
    declared = {(a, t) for e in conduct if e.kind == "war_declaration" for a in e.actors for t in e.targets}
    assert {("UKG", "GMY"), ("FRN", "GMY")} <= declared


BRIEF_PEOPLE = ["litvinov", "molotov", "stalin", "herriot", "paul-boncour", "barthou", "laval", "blum", "daladier",
                "bonnet", "benes", "titulescu", "beck", "potemkin", "maiskii", "surits", "chamberlain", "halifax",
                "eden", "hitler", "ribbentrop", "de-gaulle"]


@pytest.mark.parametrize("pid", BRIEF_PEOPLE)
def test_each_leading_person_has_dated_offices_backed_by_an_outside_reference(kb, pid):
    person = kb.people[pid]
    dated = [o for o in person.offices if o.start is not None]
    assert dated, f"{pid} has no dated office"
    for o in dated:
        kinds = {kb.sources[c.source].kind for c in o.cite}
        assert kinds - {"seed"}, f"{pid}: office '{o.title}' has dates but no outside reference"


MIN_CLAIMS = {"seed-000": 8, "seed-001": 60, "seed-002": 6, "seed-003": 8, "seed-004": 20}


def test_every_seed_contributes_claims(kb):
    per = Counter(s for c in kb.claims.values() for s in {cit.source for cit in c.cite})
    for seed, n in MIN_CLAIMS.items():
        assert per[seed] >= n, f"{seed} has {per[seed]} claims, expected at least {n}"


def test_interpretations_and_judgements_are_claims_of_a_named_author(kb):
    opinions = [c for c in kb.claims.values() if c.kind in ("interpretation", "judgement")]
    assert len(opinions) >= 30
    mine = [c for c in opinions if not c.id.startswith("tc-")]
    assert all(c.by for c in mine), [c.id for c in mine if not c.by]


def test_carley_blames_france_and_britain_and_that_judgement_is_contested(kb):
    claim = kb.claims["s001-who-betrayed-whom"]
    assert claim.kind == "judgement" and claim.by == "Michael Jabara Carley"
    assert set(claim.value) == {"FRN", "UKG"}
    assert any(claim.id in k.claims for k in kb.conflicts.values())


def test_at_least_one_conflict_concerns_a_judgement(kb):
    assert any(any(kb.claims[c].kind == "judgement" for c in k.claims) for k in kb.conflicts.values())


def _witnesses(kb, claim_id: str) -> frozenset[str]:
    """Who stands behind a claim: its named author if any, else its sources."""
    c = kb.claims[claim_id]
    return frozenset([c.by]) if c.by else frozenset(cit.source for cit in c.cite)


def test_every_conflict_links_claims_of_at_least_two_different_witnesses(kb):
    for k in kb.conflicts.values():
        assert len({_witnesses(kb, c) for c in k.claims}) >= 2, k.id


def test_seed_003_reading_list_is_recorded_as_unidentified_and_contested(kb):
    finding = kb.claims["editors-seed003-reading-unidentified"]
    assert finding.about == "seed-003" and finding.value is False
    assert "conflict-seed003-reading-list" in kb.conflicts
    assert set(kb.conflicts["conflict-seed003-reading-list"].claims) == {"s003-recommended-reading", finding.id}


def test_every_seed_003_claim_is_corroborated_or_in_a_conflict(kb):
    in_conflict = {c for k in kb.conflicts.values() for c in k.claims}
    better = [c for c in kb.claims.values() if any(kb.sources[x.source].reliability.grade not in "DE" for x in c.cite)]
    for c in kb.claims.values():
        if {x.source for x in c.cite} != {"seed-003"}:
            continue
        corroborated = any(o.about == c.about and o.field == c.field and o.value == c.value for o in better)
        assert corroborated or c.id in in_conflict, c.id


def test_seeds_disagreeing_with_standard_references_are_recorded(kb):
    for conflict_id in ("conflict-nazi-soviet-pact-signing-hour", "conflict-de-gaulle-leader-from",
                        "conflict-alphand-post", "conflict-date-of-first-franco-soviet-pact"):
        k = kb.conflicts[conflict_id]
        sources = {kb.sources[x.source].kind for c in k.claims for x in kb.claims[c].cite}
        assert "seed" in sources and sources - {"seed"}, conflict_id


def test_stats_report_the_share_of_seed_quotes_and_outside_references(kb):
    data = stats_data(kb)
    cits = data["citations"]
    assert cits["seed"] > 0 and cits["reference"] > 0
    assert abs(cits["seed_share"] + cits["reference_share"] - 1) < 0.01
    assert data["offices"] >= 60
    assert {"fact", "date", "interpretation", "judgement"} <= set(data["claims_by_kind"])
    assert data["claims_by_source"]["seed-001"] >= MIN_CLAIMS["seed-001"]
