"""The COW/ATOP readers: real files keep codebook names and counts; malformed files say file, line, column."""

import gzip

import polars as pl
import pytest

from foedus.data import importers as imp
from foedus.data.alliances import add_atop_alliance
from foedus.data.statesys import create_dyadyears

README_ROWS = {
    "read_atop_members": 1962, "read_atop_alliances": 616, "read_atop_dyadyears": 265968,
    "read_cow_alliance_dyadyears": 114098, "read_cow_states": 243, "read_cow_majors": 14,
    "read_cow_nmc": 17121, "read_cow_wars": 1932,
}


@pytest.mark.parametrize("reader,rows", sorted(README_ROWS.items()))
def test_real_files_have_the_rows_the_data_readme_states(reader, rows):
    assert getattr(imp, reader)().height == rows


def test_atop_member_file_keeps_codebook_names_and_types():
    m = imp.read_atop_members()
    for col in ("atopid", "member", "defcoadv", "defconpr", "specthrt", "statthr1", "statthr2", "pubsecr", "neucoatt"):
        assert col in m.columns
    assert m.schema["defcoadv"] == pl.Int64 and m.schema["statthr1"] == pl.Int64
    assert m.filter(pl.col("statthr1") == 255).height > 0  # Germany named as a threat somewhere


def test_years_filter_keeps_rows_touching_the_span():
    st = imp.read_cow_states(years=(1936, 1936))
    assert "FRN" in st["stateabb"].to_list() and "CZE" in st["stateabb"].to_list()
    assert (st["styear"] <= 1936).all() and (st["endyear"] >= 1936).all()


def _write(path, text):
    path.write_text(text)
    return path


def test_bad_number_names_file_line_and_column(tmp_path):
    p = _write(tmp_path / "nmc.csv", "ccode,year,cinc\n2,1816,0.04\n200,18x6,0.3\n")
    with pytest.raises(imp.DataFormatError) as e:
        imp.read_cow_nmc(p)
    msg = str(e.value)
    assert "nmc.csv:3" in msg and "column 'year'" in msg and "18x6" in msg
    assert e.value.line == 3 and e.value.column == "year"


def test_fractional_value_in_an_integer_column_is_an_error(tmp_path):
    p = _write(tmp_path / "states.csv", "stateabb,ccode,styear,stmonth,stday,endyear,endmonth,endday\n"
                                        "USA,2.5,1816,1,1,2016,12,31\n")
    with pytest.raises(imp.DataFormatError, match=r"states.csv:2 column 'ccode'"):
        imp.read_cow_states(p)


def test_missing_required_column_is_named(tmp_path):
    p = _write(tmp_path / "majors.csv", "ccode,styear,stmonth,stday,endyear,endmonth\n2,1898,8,13,2016,12\n")
    with pytest.raises(imp.DataFormatError) as e:
        imp.read_cow_majors(p)
    assert "missing required column 'endday'" in str(e.value) and e.value.line == 1


def test_wrong_delimiter_is_reported_as_such(tmp_path):
    p = _write(tmp_path / "wars.csv", "warnum;ccode1;ccode2;year\n1;220;230;1823\n")
    with pytest.raises(imp.DataFormatError, match="wrong delimiter.*semicolon"):
        imp.read_cow_wars(p)


def test_missing_file_is_an_error_naming_it(tmp_path):
    with pytest.raises(imp.DataFormatError, match="nope.csv"):
        imp.read_cow_states(tmp_path / "nope.csv")


def test_gzipped_files_and_empty_cells_read(tmp_path):
    p = tmp_path / "ady.csv.gz"
    p.write_bytes(gzip.compress(b"ccode1,ccode2,year,atop_defense,atop_offense,atop_neutral,atop_nonagg,atop_consul\n"
                                b"220,365,1936,1,,0,1,1\n"))
    df = imp.read_atop_dyadyears(p)
    assert df.row(0) == (220, 365, 1936, 1, None, 0, 1, 1)


def test_user_brought_atop_years_inside_the_kb_window_are_used_as_atop(tmp_path):
    """A user with ATOP rows for 1936 gets them (source atop), not the KB's coding."""
    p = _write(tmp_path / "ady.csv", "ccode1,ccode2,year,atop_defense,atop_offense,atop_neutral,atop_nonagg,atop_consul\n"
                                     "200,220,1936,1,0,0,0,1\n")
    dy = add_atop_alliance(create_dyadyears(years=(1936, 1936)), atop=imp.read_atop_dyadyears(p), kb_members=False)
    row = dy.filter(pl.col("ccode1") == 220, pl.col("ccode2") == 200)
    assert row["atop_defense"].item() == 1 and row["source"].item() == "atop"
    assert dy.filter(pl.col("ccode1") == 220, pl.col("ccode2") == 365)["atop_defense"].item() == 0
