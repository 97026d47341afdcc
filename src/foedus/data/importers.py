"""Readers for the Correlates of War and ATOP files, keeping the codebooks' variable names.

Every reader takes the file a user brings (any years: the shipped copies lack 1918–1945 on
purpose) and returns a :class:`polars.DataFrame` whose columns are the original codebook
names (``ccode``, ``styear``, ``atopid``, ``defcoadv``...).  Malformed input raises
:class:`DataFormatError` naming the file, the line and the column:

- a delimiter other than a comma (``;``, tab, ``|``),
- a required column missing from the header,
- a cell that should be a number and is not.

Empty cells are missing values (ATOP's convention).  Gzipped files (``.csv.gz``) are read
transparently.
"""

from __future__ import annotations

import gzip
import io
import zlib
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from foedus.paths import data_dir

__all__ = [
    "DataFormatError", "TableSpec", "SPECS", "read_table",
    "read_cow_states", "read_cow_majors", "read_cow_nmc", "read_cow_wars",
    "read_atop_members", "read_atop_alliances", "read_atop_dyadyears", "read_cow_alliance_dyadyears",
]


class DataFormatError(ValueError):
    """A data file that does not have the expected shape; says where (file, line, column)."""

    def __init__(self, path: Path | str, message: str, line: int | None = None, column: str | None = None):
        where = str(path)
        if line is not None:
            where += f":{line}"
        if column is not None:
            where += f" column '{column}'"
        super().__init__(f"{where}: {message}")
        self.path, self.line, self.column = str(path), line, column


@dataclass(frozen=True)
class TableSpec:
    """What a file must hold: its default name, required columns, and which columns are numbers."""

    name: str
    default_file: str
    required: tuple[str, ...]
    ints: tuple[str, ...] = ()
    floats: tuple[str, ...] = ()
    int_prefixes: tuple[str, ...] = ()  # e.g. 'mem' for mem1..mem59


_ATOP_OBL = ("defense", "offense", "neutral", "nonagg", "consul")
_ATOP_MEMBER_INTS = (
    "atopid", "member", "yrent", "moent", "dayent", "yrexit", "moexit", "dayexit", "phase", "maxphase", "bilat",
    "pubsecr", "secrart", *_ATOP_OBL, "active", "conditio", "defcon", "offcon", "neucon", "concon",
    "defcoadv", "defcoloc", "defcocon", "defconum", "defcodem", "defconpr",
    "offcoadv", "offcoloc", "offcocon", "offconum", "offcodem",
    "neucoadv", "neucoloc", "neucocon", "neuconum", "neucodem", "neuconpr", "neucoatt",
    "concoadv", "concoloc", "concocon", "concoreq", "specthrt", "statthr1", "statthr2", "termcaus", "ineffect",
)

SPECS: dict[str, TableSpec] = {
    s.name: s
    for s in [
        TableSpec("cow_states", "cow_states.csv",
                  ("stateabb", "ccode", "styear", "stmonth", "stday", "endyear", "endmonth", "endday"),
                  ints=("ccode", "styear", "stmonth", "stday", "endyear", "endmonth", "endday", "version")),
        TableSpec("cow_majors", "cow_majors.csv",
                  ("ccode", "styear", "stmonth", "stday", "endyear", "endmonth", "endday"),
                  ints=("ccode", "styear", "stmonth", "stday", "endyear", "endmonth", "endday", "version")),
        TableSpec("cow_nmc", "cow_nmc.csv", ("ccode", "year", "cinc"),
                  ints=("ccode", "year", "milex", "milper", "irst", "pec"), floats=("tpop", "upop", "cinc")),
        TableSpec("cow_wars", "cow_war_inter_dyad_year.csv", ("warnum", "ccode1", "ccode2", "year"),
                  ints=("warnum", "ccode1", "ccode2", "year", "cowinterongoing", "cowinteronset", "sidea1", "sidea2",
                        "initiator1", "initiator2", "outcome1", "outcome2", "resume"),
                  floats=("batdeath1", "batdeath2")),
        TableSpec("atop_members", "atop_v4_01_member_level.csv",
                  ("atopid", "member", "yrent", "moent", "dayent", "yrexit", "moexit", "dayexit", *_ATOP_OBL),
                  ints=_ATOP_MEMBER_INTS),
        TableSpec("atop_alliances", "atop_v4_01_alliance_level.csv",
                  ("atopid", "begyr", "endyr", *_ATOP_OBL, "mem1"),
                  ints=("atopid", "begyr", "begmo", "begday", "endyr", "endmo", "endday", *_ATOP_OBL),
                  int_prefixes=("mem",)),
        TableSpec("atop_dyadyears", "atop_alliance_dyad_year.csv.gz",
                  ("ccode1", "ccode2", "year", *(f"atop_{o}" for o in _ATOP_OBL)),
                  ints=("ccode1", "ccode2", "year", *(f"atop_{o}" for o in _ATOP_OBL))),
        TableSpec("cow_alliance_dyadyears", "cow_alliance_dyad_year.csv.gz",
                  ("ccode1", "ccode2", "year", "cow_defense", "cow_neutral", "cow_nonagg", "cow_entente"),
                  ints=("ccode1", "ccode2", "year", "cow_defense", "cow_neutral", "cow_nonagg", "cow_entente")),
    ]
}


def _open_text(path: Path) -> bytes:
    raw = path.read_bytes()
    if path.suffix == ".gz" or raw[:2] == b"\x1f\x8b":
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError, zlib.error) as exc:  # not gzip, truncated or corrupt
            raise DataFormatError(path, f"not a readable gzip file: {exc}") from None
    return raw


def _check_header(path: Path, header: str, spec: TableSpec) -> list[str]:
    cols = [c.strip().strip('"') for c in header.rstrip("\r\n").split(",")]
    if len(cols) == 1:
        for sep, name in ((";", "semicolon"), ("\t", "tab"), ("|", "pipe")):
            if sep in header:
                raise DataFormatError(path, f"wrong delimiter: the header is separated by {name}s ('{sep}'); "
                                            "expected commas", line=1)
    for req in spec.required:
        if req not in cols:
            raise DataFormatError(path, f"missing required column '{req}' for {spec.name} "
                                        f"(header has: {', '.join(cols[:12])}{'...' if len(cols) > 12 else ''})",
                                  line=1, column=req)
    return cols


def _cast(path: Path, df: pl.DataFrame, col: str, dtype: pl.DataType) -> pl.Series:
    s = df[col].str.strip_chars()
    s = pl.Series(col, s).replace("", None) if s.dtype == pl.String else s
    if dtype == pl.Int64:
        # integers may be written "3" or "3.0" (re-saved files); anything fractional, infinite or
        # beyond what a float holds exactly (2**53) is an error, never a silently missing value
        as_i = s.cast(pl.Int64, strict=False)
        as_f = s.cast(pl.Float64, strict=False)
        whole = (as_f.is_finite() & (as_f == as_f.round(0)) & (as_f.abs() < 2.0 ** 53)).fill_null(False)
        bad = s.is_not_null() & as_i.is_null() & ~whole
        out = as_i.zip_with(as_i.is_not_null(), as_f.cast(pl.Int64, strict=False)) if not bad.any() else None
    else:
        out = s.cast(pl.Float64, strict=False)
        bad = s.is_not_null() & out.is_null()
    if bad.any():
        i = int(bad.arg_max())
        kind = "a whole number" if dtype == pl.Int64 else "a number"
        raise DataFormatError(path, f"expected {kind}, got {s[i]!r}", line=i + 2, column=col)
    return out


def read_table(path: Path | str, spec: TableSpec | str, years: tuple[int, int] | None = None) -> pl.DataFrame:
    """Read one CSV (optionally gzipped) per ``spec``, validating header and numbers.

    Column names and order are the file's own; numeric columns named in the spec become
    Int64/Float64, the others stay strings.  ``years`` keeps only rows whose year column
    (``year``; ``styear``..``endyear``; ``yrent``..``yrexit``) touches that span.
    """
    spec = SPECS[spec] if isinstance(spec, str) else spec
    path = Path(path)
    if not path.is_file():
        raise DataFormatError(path, f"no such file (expected the {spec.name} table)")
    raw = _open_text(path)
    first = raw.split(b"\n", 1)[0].decode("utf-8", "replace")
    if not first.strip():
        raise DataFormatError(path, "empty file or empty header line", line=1)
    _check_header(path, first, spec)
    try:
        df = pl.read_csv(io.BytesIO(raw), infer_schema=False)
    except pl.exceptions.PolarsError as exc:  # ragged rows and the like
        msg = str(exc).splitlines()[0]
        raise DataFormatError(path, f"malformed CSV: {msg}") from None
    casts = []
    for col in df.columns:
        if col in spec.ints or any(col.startswith(p) and col[len(p):].isdigit() for p in spec.int_prefixes):
            casts.append(_cast(path, df, col, pl.Int64))
        elif col in spec.floats:
            casts.append(_cast(path, df, col, pl.Float64))
    if casts:
        df = df.with_columns(casts)
    if years is not None:
        df = _filter_years(df, *years)
    return df


def _filter_years(df: pl.DataFrame, lo: int, hi: int) -> pl.DataFrame:
    if "year" in df.columns:
        return df.filter(pl.col("year").is_between(lo, hi))
    for a, b in (("styear", "endyear"), ("yrent", "yrexit"), ("begyr", "endyr")):
        if a in df.columns:
            end = pl.when(pl.col(b).is_null() | (pl.col(b) == 0)).then(9999).otherwise(pl.col(b))
            return df.filter((pl.col(a) <= hi) & (end >= lo))
    return df


def _reader(name: str):
    spec = SPECS[name]

    def read(path: Path | str | None = None, years: tuple[int, int] | None = None) -> pl.DataFrame:
        return read_table(path or data_dir() / spec.default_file, spec, years)

    read.__name__ = f"read_{name}"
    read.__doc__ = (f"Read the {name} table ({spec.default_file} in the data folder unless ``path`` is given), "
                    f"keeping the codebook's column names; required: {', '.join(spec.required)}.")
    return read


read_cow_states = _reader("cow_states")
read_cow_majors = _reader("cow_majors")
read_cow_nmc = _reader("cow_nmc")
read_cow_wars = _reader("cow_wars")
read_atop_members = _reader("atop_members")
read_atop_alliances = _reader("atop_alliances")
read_atop_dyadyears = _reader("atop_dyadyears")
read_cow_alliance_dyadyears = _reader("cow_alliance_dyadyears")
