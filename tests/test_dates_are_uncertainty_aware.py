import datetime as dt

import pytest
from hypothesis import given, strategies as st

from foedus.dates import DateError, parse_date


def test_exact_day_is_exact():
    d = parse_date("1932-11-29")
    assert d.exact and not d.uncertain and d.earliest == dt.date(1932, 11, 29)


def test_month_precision_spans_the_month():
    d = parse_date("1935-05")
    assert (d.earliest, d.latest) == (dt.date(1935, 5, 1), dt.date(1935, 5, 31))


def test_uncertain_date_widens_the_possible_span():
    d = parse_date("1931-10-29?")
    assert d.uncertain and d.earliest < dt.date(1931, 10, 29) < d.latest


def test_comparison_is_three_valued():
    may = parse_date("1935-05")
    assert parse_date("1935-05-02").before(parse_date("1935-05-16")) is True
    assert parse_date("1935-05-16").before(parse_date("1935-05-02")) is False
    assert may.before(parse_date("1935-05-16")) is None  # some of May is before the 16th, some not
    assert parse_date("1932-11").same_day(parse_date("1932-11-29")) is None
    assert parse_date("1931-10-29").same_day(parse_date("1932-11-29")) is False


def test_yaml_dates_and_years_are_accepted():
    assert parse_date(dt.date(1939, 8, 23)).edtf == "1939-08-23"
    assert parse_date(1939).earliest == dt.date(1939, 1, 1)


def test_unspecified_digits_cover_a_decade():
    d = parse_date("193X")
    assert (d.earliest.year, d.latest.year) == (1930, 1939)


@pytest.mark.parametrize("bad", ["1932-13-45", "yesterday", "", "1935-05-02/1935-05-03", None, 3.5, True])
def test_bad_dates_are_rejected_with_the_expected_form(bad):
    with pytest.raises(DateError) as e:
        parse_date(bad)
    assert "EDTF" in str(e.value) or "interval" in str(e.value)


@given(st.dates(min_value=dt.date(1800, 1, 1), max_value=dt.date(2100, 12, 31)),
       st.dates(min_value=dt.date(1800, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_exact_dates_compare_like_calendar_dates(a, b):
    fa, fb = parse_date(a.isoformat()), parse_date(b.isoformat())
    assert fa.before(fb) is (a < b)
    assert fa.after(fb) is (a > b)
    assert fa.same_day(fb) is (a == b)


@given(st.text(max_size=30))
def test_any_text_either_parses_or_raises_date_error(text):
    try:
        d = parse_date(text)
    except DateError:
        return
    assert d.earliest <= d.latest


@given(st.dates(min_value=dt.date(1000, 1, 1), max_value=dt.date(2999, 12, 31)),
       st.sampled_from(["day", "month", "year"]), st.sampled_from(["", "?", "~", "%"]))
def test_fast_path_gives_the_same_bounds_as_the_edtf_library(d, precision, qualifier):
    from edtf import parse_edtf

    text = {"day": d.isoformat(), "month": d.isoformat()[:7], "year": d.isoformat()[:4]}[precision] + qualifier
    mine = parse_date(text)
    e = parse_edtf(text)
    assert (mine.strict_earliest, mine.strict_latest) == (dt.date(*e.lower_strict()[:3]), dt.date(*e.upper_strict()[:3]))
    assert (mine.earliest, mine.latest) == (dt.date(*e.lower_fuzzy()[:3]), dt.date(*e.upper_fuzzy()[:3]))
    assert str(e) == mine.edtf
