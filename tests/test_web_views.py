"""The pure functions behind the pages: three-valued treaty validity and date markers."""

from __future__ import annotations

from foedus.dates import parse_date
from foedus.kb.models import Treaty
from foedus.web.views import date_out, party_bound_on, treaty_active_on

CITE = [{"source": "x", "confidence": "high"}]


def make(**kw) -> Treaty:
    return Treaty.model_validate({"id": "t", "name": "T", "kind": "alliance", "cite": CITE,
                                  "parties": [{"state": "FRN"}, {"state": "POL", "left": "1934"}], **kw})


def test_treaty_is_active_between_signature_and_end():
    t = make(signed="1921-02-19", ended={"date": "1939-09-17", "how": "war", "cite": CITE})
    assert treaty_active_on(t, parse_date("1921-02-18")) is False
    assert treaty_active_on(t, parse_date("1930-01-01")) is True
    assert treaty_active_on(t, parse_date("1939-09-17")) is True  # the engine's rule: the last day still binds
    assert treaty_active_on(t, parse_date("1939-09-18")) is False


def test_entry_into_force_counts_over_signature():
    t = make(signed="1935-05-02", in_force="1936-03-27")
    assert treaty_active_on(t, parse_date("1935-06-01")) is False
    assert treaty_active_on(t, parse_date("1936-04-01")) is True


def test_uncertain_dates_leave_activity_open():
    t = make(signed="1932-11")
    assert treaty_active_on(t, parse_date("1932-11-15")) is None
    assert treaty_active_on(t, parse_date("1933")) is True


def test_a_proposal_never_binds():
    assert treaty_active_on(make(signed="1934", status="proposal"), parse_date("1936")) is False


def test_a_party_that_left_is_no_longer_bound():
    t = make(signed="1921-02-19")
    assert party_bound_on(t, "FRN", parse_date("1935-01-01")) is True
    assert party_bound_on(t, "POL", parse_date("1935-01-01")) is False
    assert party_bound_on(t, "POL", parse_date("1934-06-01")) is None
    assert party_bound_on(t, "GMY", parse_date("1935-01-01")) is False


def test_date_markers_distinguish_uncertain_approximate_and_plain():
    assert date_out(parse_date("1935-05-02")).marker == ""
    assert date_out(parse_date("1931-10-29?")).marker == "?"
    assert date_out(parse_date("1939-08~")).marker == "~"
    assert date_out(parse_date("193X")).marker == "?"
    d = date_out(parse_date("1932-11"))
    assert d.marker == "" and not d.exact and (d.earliest.day, d.latest.day) == (1, 30)
