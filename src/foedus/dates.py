"""Uncertain historical dates, in the Extended Date/Time Format (EDTF, ISO 8601-2).

A :class:`FuzzyDate` is one EDTF expression ("1932-11-29", "1935-05", "1931-10-29?",
"1939-08~", "193X", "[1931-10-29,1932-11-29]") together with the range of days it may
denote.  Comparisons between fuzzy dates are three-valued: ``True`` when certain,
``False`` when certainly not, ``None`` when the uncertainty of either date leaves the
answer open.  Parsing is delegated to the maintained ``edtf`` package.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache, total_ordering
from typing import Any

from dateutil.relativedelta import relativedelta
from edtf import parse_edtf
from edtf.parser.edtf_exceptions import EDTFParseException
from pydantic import GetCoreSchemaHandler
from pydantic_core import core_schema

__all__ = ["FuzzyDate", "DateError", "parse_date", "Tri"]

Tri = bool | None
"""A three-valued truth: True, False, or None for 'cannot tell from the evidence'."""


class DateError(ValueError):
    """A value that is not a usable EDTF date."""


def _to_date(st: Any) -> dt.date:
    return dt.date(st.tm_year, st.tm_mon, st.tm_mday)


@total_ordering
@dataclass(frozen=True)
class FuzzyDate:
    """A possibly uncertain or approximate date, with the span of days it may mean.

    ``earliest``/``latest`` bound the days the expression *possibly* denotes (EDTF
    "fuzzy" bounds: precision and any ``?``/``~``/``%`` qualifier widen them);
    ``strict_earliest``/``strict_latest`` bound it by precision alone.
    Sorting uses (earliest, latest, text) so that lists of dates sort stably.
    """

    edtf: str
    earliest: dt.date
    latest: dt.date
    strict_earliest: dt.date
    strict_latest: dt.date

    @property
    def exact(self) -> bool:
        """True when the expression denotes one known day."""
        return self.earliest == self.latest

    @property
    def uncertain(self) -> bool:
        """True when the source qualifies the date as uncertain or approximate."""
        return any(q in self.edtf for q in "?~%") or self.earliest != self.strict_earliest

    @property
    def year(self) -> int:
        return self.strict_earliest.year

    # --- three-valued comparisons -------------------------------------------------
    def before(self, other: "FuzzyDate | dt.date") -> Tri:
        """Is this date strictly before ``other``? None when the spans overlap."""
        o = as_fuzzy(other)
        if self.latest < o.earliest:
            return True
        if self.earliest >= o.latest:
            return False
        return None

    def after(self, other: "FuzzyDate | dt.date") -> Tri:
        """Is this date strictly after ``other``? None when the spans overlap."""
        return as_fuzzy(other).before(self)

    def on_or_before(self, other: "FuzzyDate | dt.date") -> Tri:
        r = self.after(other)
        return None if r is None else not r

    def on_or_after(self, other: "FuzzyDate | dt.date") -> Tri:
        r = self.before(other)
        return None if r is None else not r

    def same_day(self, other: "FuzzyDate | dt.date") -> Tri:
        """Do both denote the same day? None when they might."""
        o = as_fuzzy(other)
        if self.exact and o.exact:
            return self.earliest == o.earliest
        if self.latest < o.earliest or o.latest < self.earliest:
            return False
        return None

    def compatible(self, other: "FuzzyDate") -> bool:
        """Could both expressions denote the same day? (Their spans overlap.)"""
        return self.same_day(other) is not False

    def __lt__(self, other: object) -> bool:  # ordering for sorting only
        if not isinstance(other, FuzzyDate):
            return NotImplemented
        return (self.earliest, self.latest, self.edtf) < (other.earliest, other.latest, other.edtf)

    def __str__(self) -> str:
        return self.edtf

    # --- pydantic integration -----------------------------------------------------
    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler):
        return core_schema.no_info_plain_validator_function(
            parse_date,
            serialization=core_schema.plain_serializer_function_ser_schema(str, return_schema=core_schema.str_schema()),
            json_schema_input_schema=core_schema.str_schema(),
        )


def parse_date(value: Any) -> FuzzyDate:
    """Read an EDTF date from a string, a ``datetime.date`` or a bare year number.

    Intervals ("a/b") are not single dates: spans are written as two fields.
    Raises :class:`DateError` with the expected form when the value is unusable.
    """
    if isinstance(value, FuzzyDate):
        return value
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        d = value
        return FuzzyDate(d.isoformat(), d, d, d, d)
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise DateError(f"expected an EDTF date string such as '1935-05-02' or '1931-10~', got {type(value).__name__}")
    text = f"{value:04d}" if isinstance(value, int) else value.strip()
    return _parse_text(text)


_PLAIN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?([?~%]?)$")
_QUALIFIER_FACTOR = {"?": 1, "~": 1, "%": 2}  # edtf's MULTIPLIER_IF_* settings: uncertain+approximate pad twice


@lru_cache(maxsize=4096)
def _parse_text(text: str) -> FuzzyDate:
    """Parse EDTF text; plain calendar dates take a fast path (the same bounds edtf gives)."""
    if "/" in text:
        raise DateError(f"'{text}' is an interval; write the two ends as separate dates")
    m = _PLAIN.match(text)
    if m:
        y, mo, d, q = int(m.group(1)), m.group(2), m.group(3), m.group(4)
        try:
            if d is not None:
                lo = hi = dt.date(y, int(mo), int(d))
            elif mo is not None:
                lo = dt.date(y, int(mo), 1)
                hi = dt.date(y, int(mo), calendar.monthrange(y, int(mo))[1])
            else:
                lo, hi = dt.date(y, 1, 1), dt.date(y, 12, 31)
        except ValueError as exc:
            raise DateError(f"'{text}' is not a valid EDTF date (e.g. '1935-05-02', '1935-05', '1931-10-29?', '193X')") from exc
        if y == 0:
            raise DateError(f"'{text}' is not a valid EDTF date (year 0000 is outside the supported range)")
        if not q:
            return FuzzyDate(text, lo, hi, lo, hi)
        # the edtf library's padding for a qualified date: a year, plus a month and a day
        # at those precisions, times the qualifier's factor
        k = _QUALIFIER_FACTOR[q]
        pad = relativedelta(years=k, months=k if mo else 0, days=k if d else 0)
        try:
            return FuzzyDate(text, lo - pad, hi + pad, lo, hi)
        except OverflowError:
            pass  # near the ends of the calendar: let the library decide
    try:
        e = parse_edtf(text)
    except (EDTFParseException, Exception) as exc:  # the parser raises pyparsing errors too
        raise DateError(f"'{text}' is not a valid EDTF date (e.g. '1935-05-02', '1935-05', '1931-10-29?', '193X')") from exc
    try:
        fe, fl = _to_date(e.lower_fuzzy()), _to_date(e.upper_fuzzy())
        se, sl = _to_date(e.lower_strict()), _to_date(e.upper_strict())
    except (AttributeError, TypeError, ValueError, OverflowError) as exc:
        raise DateError(f"'{text}' does not denote a bounded span of days") from exc
    return FuzzyDate(str(e), min(fe, se), max(fl, sl), se, sl)


def as_fuzzy(value: "FuzzyDate | dt.date | str") -> FuzzyDate:
    return value if isinstance(value, FuzzyDate) else parse_date(value)
