"""The treaty files of the knowledge base pin the facts users rely on: who is bound, from
when to when, under which condition, and what was secret."""

from __future__ import annotations

from pathlib import Path

import pytest

from foedus import paths
from foedus.conditions import Call, Ref, parse_condition, walk
from foedus.dates import parse_date
from foedus.engine.audit import denunciation_lawful
from foedus.engine.validity import party_validity, treaty_validity
from foedus.kb import check_kb

TREATY_DIR = paths.kb_dir() / "treaties"
OWN_FILES = ("kb/treaties/", "kb/sources/treaty-refs.yaml")


@pytest.fixture(scope="module")
def checked(seeds):
    """The real KB and the checker's problems, loaded once for the module."""
    return check_kb(paths.kb_dir(), seeds)


@pytest.fixture(scope="module")
def kb(checked):
    return checked[0]


@pytest.fixture(scope="module")
def treaties(kb):
    return kb.treaties


def _calls(condition: str | None, name: str) -> list[Call]:
    if condition is None:
        return []
    return [n for n in walk(parse_condition(condition)) if isinstance(n, Call) and n.name == name]


def _in_force(t, day: str):
    return treaty_validity(t, parse_date(day)).value


def test_treaty_files_pass_the_checker(checked):
    _, errors = checked
    mine = [e for e in errors if any(f in str(e.file).replace("\\", "/") for f in OWN_FILES)]
    assert mine == [], "\n".join(map(str, mine))


def test_every_treaty_file_is_named_for_its_treaty_and_has_an_obligation(treaties):
    files = sorted(TREATY_DIR.glob("*.yaml"))
    assert len(files) >= 19
    for f in files:
        t = treaties.get(f.stem)
        assert t is not None, f"{f.name}: no treaty with id '{f.stem}'"
        assert t.clauses, f"{f.name}: no clause"
        assert all(c.obligation for c in t.clauses)


def test_czechoslovak_soviet_assistance_waits_for_france(treaties):
    t = treaties["cze-sov-mutual-assistance-1935"]
    prot = next(c for c in t.clauses if c.id == "prot-france-first")
    assert "assisted(FRN, beneficiary)" in prot.condition
    assert prot.protocol == "protocol-of-signature"
    for c in t.clauses:
        waits = any(
            call.arg("helper") == Ref("FRN") and call.arg("helped") == Ref("beneficiary")
            for call in _calls(c.condition, "assisted")
        )
        if c.obligation == "defense":
            assert waits, f"{c.id}: a defence undertaking that does not wait for France"
        if c.obligation == "consultation":
            assert not waits, f"{c.id}: consultation is not contingent on France"


def test_czechoslovak_soviet_clauses_point_at_the_french_undertakings(treaties):
    t = treaties["cze-sov-mutual-assistance-1935"]
    prot = next(c for c in t.clauses if c.id == "prot-france-first")
    assert "fra-cze-guarantee-1925/art1" in prot.contingent_on
    assert any(ref.startswith("fra-sov-mutual-assistance-1935/") for ref in prot.contingent_on)


def test_franco_soviet_pact_binds_from_the_exchange_of_ratifications(treaties):
    t = treaties["fra-sov-mutual-assistance-1935"]
    assert str(t.signed.date) == "1935-05-02"
    assert _in_force(t, "1936-03-27") is True
    assert _in_force(t, "1936-03-26") is False
    assert _in_force(t, "1935-05-02") is False
    assert t.term.years == 5 and t.term.notice_months == 12


def test_franco_soviet_assistance_is_tied_to_the_league(treaties):
    t = treaties["fra-sov-mutual-assistance-1935"]
    art3 = next(c for c in t.clauses if c.id == "art3")
    assert [c.arg("article") for c in _calls(art3.condition, "league_procedure")] != []
    assert any(c.protocol == "protocol-of-signature" and "Locarno" in c.text for c in t.clauses)


def test_molotov_ribbentrop_has_a_secret_protocol_of_spheres(treaties):
    t = treaties["molotov-ribbentrop-1939"]
    assert t.public == "secret_articles"
    prot = {p.id: p for p in t.protocols}["secret-additional-protocol"]
    assert prot.secret is True
    spheres = [c for c in t.clauses if c.protocol == prot.id and c.obligation == "sphere"]
    assert len(spheres) >= 3 and all(c.secret for c in spheres)
    assert _in_force(t, "1939-09-01") is True
    assert _in_force(t, "1941-06-23") is False


def test_molotov_ribbentrop_signature_date_dispute_is_recorded(kb):
    conflict = kb.conflicts["tc-conflict-mr-signature-date"]
    values = {str(kb.claims[c].value) for c in conflict.claims}
    assert values == {"1939-08-23", "1939-08-24"}


def test_eastern_locarno_is_a_proposal_that_never_binds(treaties):
    t = treaties["eastern-locarno-1934"]
    assert t.status == "proposal" and t.in_force is None and t.signed is None
    assert _in_force(t, "1935-01-01") is False
    assert {"RUS", "GMY", "POL", "CZE", "FRN"} <= set(t.party_ids)


def test_locarno_ends_with_the_german_denunciation(treaties):
    t = treaties["locarno-rhineland-pact-1925"]
    assert (str(t.ended.date), t.ended.how, t.ended.by) == ("1936-03-07", "denunciation", "GMY")
    assert _in_force(t, "1926-09-14") is True
    assert _in_force(t, "1936-03-08") is False
    lawful, _ = denunciation_lawful(t, t.ended.date, "GMY")
    assert lawful is False  # no term, no unilateral denunciation clause
    guarantors = {p.state for p in t.parties if p.role == "guarantor"}
    assert guarantors == {"UKG", "ITA"}


def test_german_polish_declaration_was_denounced_within_its_term(treaties):
    t = treaties["gmy-pol-declaration-1934"]
    assert (str(t.ended.date), t.ended.by) == ("1939-04-28", "GMY")
    lawful, why = denunciation_lawful(t, t.ended.date, "GMY")
    assert lawful is False, why


def test_league_membership_follows_joining_leaving_and_expulsion(treaties):
    t = treaties["league-covenant"]
    assert t.kind == "covenant"
    on = parse_date
    assert party_validity(t, "RUS", on("1933-06-01")).value is False
    assert party_validity(t, "RUS", on("1938-09-29")).value is True
    assert party_validity(t, "RUS", on("1939-12-15")).value is False
    assert party_validity(t, "GMY", on("1925-12-01")).value is False
    assert party_validity(t, "GMY", on("1930-01-01")).value is True
    assert party_validity(t, "JPN", on("1936-01-01")).value is False
    assert party_validity(t, "USA", on("1930-01-01")).value is False
    articles = {c.article.split(",")[0] for c in t.clauses}
    assert {"Art. 10", "Art. 11", "Art. 16"} <= articles
    assert any(a.startswith("Art. 15") for a in articles)


def test_anglo_polish_agreement_binds_against_germany_only(treaties):
    t = treaties["anglo-polish-mutual-assistance-1939"]
    art1 = next(c for c in t.clauses if c.id == "art1")
    (call,) = _calls(art1.condition, "attacked")
    assert "GMY" in str(call.arg("by"))
    assert any(p.secret for p in t.protocols)
    assert _in_force(t, "1939-09-01") is True


def test_munich_german_italian_guarantee_never_arose(treaties):
    t = treaties["munich-agreement-1938"]
    c = next(c for c in t.clauses if c.id == "annex-german-italian-guarantee")
    assert c.condition == "false" and set(c.obligors) == {"GMY", "ITA"}
    assert "CZE" not in t.party_ids


def test_franco_soviet_alliance_of_1944_was_annulled_by_the_ussr_in_1955(treaties):
    t = treaties["fra-sov-alliance-1944"]
    assert (t.ended.how, t.ended.by, t.ended.date.year) == ("annulled", "RUS", 1955)
    assert any(c.source == "seed-004" and "1955" in (c.quote or "") for c in t.ended.cite)
    assert _in_force(t, "1950-01-01") is True


def test_the_1932_pact_is_complete(treaties):
    t = treaties["fra-sov-nonaggression-1932"]
    assert str(t.in_force.date) == "1933-02-15"
    assert any(p.id == "conciliation-convention" for p in t.protocols)
    assert t.term is not None and t.term.notice_months == 12


def test_verbatim_clauses_rest_on_a_firm_outside_witness(treaties):
    for t in treaties.values():
        for c in t.clauses:
            if c.text_kind in ("verbatim", "translation"):
                assert any(x.confidence in ("certain", "high") for x in c.cite), f"{t.id}/{c.id}"
