"""Whatever bytes a user hands the COW/ATOP readers, they get a frame or a DataFormatError naming
the file (and, where it can, the line and column): wrong delimiters, missing columns, bad or huge
numbers, huge fields, NUL bytes, broken gzip. Never another exception."""

from __future__ import annotations

import gzip

import polars as pl
import pytest
from hypothesis import HealthCheck, event, given, settings, strategies as st

from foedus.data.importers import SPECS, DataFormatError, read_table

FUZZ = settings(max_examples=80, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

spec_names = st.sampled_from(sorted(SPECS))
cells = st.one_of(
    st.integers(-10**6, 10**6).map(str), st.sampled_from(["", " ", "1.0", "1.5", "nan", "inf", "-inf", "1e400",
                                                          "99999999999999999999", "0x10", "NA", ".", "\x00", '"',
                                                          '"a,b"', '"multi\nline"', "é", "\ufeff1"]),
    st.text(max_size=12), st.text(alphabet="0123456789", min_size=2000, max_size=5000))
delimiters = st.sampled_from([",", ",", ",", ";", "\t", "|"])


@st.composite
def csv_files(draw):
    """A CSV shaped like one of the tables, with its header and rows perturbed."""
    spec = SPECS[draw(spec_names)]
    cols = list(spec.required) + list(draw(st.lists(st.sampled_from(spec.ints + spec.floats + ("junk",)), max_size=3)))
    if draw(st.booleans()):
        cols = [c for c in cols if c != draw(st.sampled_from(cols))]  # a required column missing
    sep = draw(delimiters)
    rows = draw(st.lists(st.lists(cells, min_size=len(cols) - 1, max_size=len(cols) + 1), max_size=6))
    text = sep.join(cols) + "\n" + "".join(sep.join(r) + "\n" for r in rows)
    data = text.encode("utf-8", "surrogatepass")
    if draw(st.booleans()):
        data = data.replace(b"1", draw(st.sampled_from([b"\x00", b"\xff", b"1"])), 1)
    return spec.name, data


def _read(path, spec):
    try:
        df = read_table(path, spec)
    except DataFormatError as e:
        event("DataFormatError")
        assert str(path) in str(e) and e.path == str(path)
        return None
    event("read")
    assert isinstance(df, pl.DataFrame)
    return df


@FUZZ
@given(case=csv_files())
def test_perturbed_csv_gives_a_frame_or_a_located_error(tmp_path, case):
    spec, data = case
    path = tmp_path / "table.csv"
    path.write_bytes(data)
    df = _read(path, spec)
    if df is not None:  # what was read is whole: numeric columns are numbers, never silently dropped text
        for col in df.columns:
            if col in SPECS[spec].ints:
                assert df.schema[col] == pl.Int64


@FUZZ
@given(spec=spec_names, data=st.binary(max_size=400), gz=st.booleans())
def test_random_bytes_give_a_frame_or_a_located_error(tmp_path, spec, data, gz):
    path = tmp_path / ("table.csv.gz" if gz else "table.csv")
    path.write_bytes(data)
    _read(path, spec)


@FUZZ
@given(spec=spec_names, data=st.binary(min_size=1, max_size=200), cut=st.integers(0, 60))
def test_truncated_or_corrupt_gzip_is_a_located_error(tmp_path, spec, data, cut):
    path = tmp_path / "table.csv.gz"
    path.write_bytes(gzip.compress(data)[:cut] + data[:cut])
    _read(path, spec)


@pytest.mark.parametrize("cell", ["99999999999999999999", "inf", "-inf", "1e400"])
def test_whole_number_out_of_range_is_an_error_not_a_missing_value(tmp_path, cell):
    path = tmp_path / "cow_majors.csv"
    path.write_text("stateabb,ccode,styear,stmonth,stday,endyear,endmonth,endday\n"
                    f"FRN,220,{cell},1,1,1940,6,22\n")
    with pytest.raises(DataFormatError, match=r"table|cow_majors.csv:2 column 'styear'"):
        read_table(path, "cow_majors")


def test_nul_bytes_in_a_row_are_read_or_refused_cleanly(tmp_path):
    path = tmp_path / "cow_majors.csv"
    path.write_bytes(b"stateabb,ccode,styear,stmonth,stday,endyear,endmonth,endday\nFR\x00N,2\x0020,1919,1,1,1940,6,22\n")
    with pytest.raises(DataFormatError, match=r"cow_majors.csv:2 column 'ccode'"):
        read_table(path, "cow_majors")


def test_a_huge_field_is_read_without_trouble(tmp_path):
    path = tmp_path / "cow_majors.csv"
    path.write_text("stateabb,ccode,styear,stmonth,stday,endyear,endmonth,endday\n"
                    f"{'F' * 1_000_000},220,1919,1,1,1940,6,22\n")
    df = read_table(path, "cow_majors")
    assert len(df["stateabb"][0]) == 1_000_000 and df["ccode"][0] == 220


@pytest.mark.parametrize("args", [["data", "build", "--years", "1936"],
                                  ["data", "export", "--table", "stateyears", "--format", "csv", "--years", "1936"],
                                  ["data", "export", "--format", "graphml", "--date", "1936-06-01", "--no-kb"]])
def test_cli_reports_a_malformed_data_file_in_one_line_without_a_traceback(tmp_path, monkeypatch, args):
    from typer.testing import CliRunner

    from foedus.cli import app

    data = tmp_path / "data"
    data.mkdir()
    for spec in SPECS.values():  # every table broken the same way, whichever the command reads first
        (data / spec.default_file).write_bytes(gzip.compress(b"a;b\n1;2\n") if spec.default_file.endswith(".gz")
                                               else b"a;b\n1;2\n")
    monkeypatch.setenv("FOEDUS_DATA", str(data))
    monkeypatch.setenv("FOEDUS_BUILD", str(tmp_path / "build"))
    r = CliRunner().invoke(app, args)
    assert r.exit_code == 2, r.output
    assert "wrong delimiter" in r.output and str(data) in r.output.replace("\n", "")
    assert "Traceback" not in r.output
