"""``foedus data``: build dyad-years from COW, ATOP and the KB; export them; plot similarity."""

from __future__ import annotations

import datetime as dt
import functools
import time
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from foedus import paths
from foedus.cli.common import console, err_console

app = typer.Typer(help="Dyad-years, alliance similarity and exports from COW, ATOP and the KB.",
                  no_args_is_help=True)

YearsOpt = Annotated[Optional[str], typer.Option("--years", help="inclusive span, e.g. 1816-2016 or 1936")]
DirectedOpt = Annotated[bool, typer.Option("--directed/--non-directed", help="directed (default) or non-directed dyads")]
TABLES = ("dyadyears", "stateyears", "kb-atop")


def _reports_bad_data(fn):
    """Turn a malformed data file (DataFormatError: file, line, column) into a one-line error and exit 2."""
    @functools.wraps(fn)
    def run(*args, **kwargs):
        from foedus.data.importers import DataFormatError

        try:
            return fn(*args, **kwargs)
        except DataFormatError as exc:
            err_console.print(f"[bold red]error[/] {escape(str(exc))}", soft_wrap=True)
            raise typer.Exit(2) from None
    return run


def _years(text: str | None) -> tuple[int, int] | None:
    if not text:
        return None
    try:
        parts = [int(p) for p in text.replace("..", "-").split("-")]
    except ValueError:
        raise typer.BadParameter(f"--years must look like 1816-2016 or 1936, got {text!r}") from None
    if len(parts) == 1:
        parts = parts * 2
    if len(parts) != 2 or parts[0] > parts[1]:
        raise typer.BadParameter(f"--years must look like 1816-2016 or 1936, got {text!r}")
    return parts[0], parts[1]


def _data_out() -> Path:
    return paths.build_dir() / "data"


def _progress() -> Progress:
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    console=err_console, transient=True)


def _build(years, directed: bool, similarity: bool = True):
    from foedus.data.pipeline import STEPS, build_dyadyears

    with _progress() as prog:
        steps = prog.add_task("building dyad-years", total=len(STEPS) - (0 if similarity else 1))
        sim = prog.add_task("similarity (years)", total=None, visible=False)

        def step(name: str) -> None:
            prog.update(steps, description=f"building dyad-years: {name}")
            prog.advance(steps)

        def per_year(done: int, total: int) -> None:
            prog.update(sim, completed=done, total=total, visible=True)

        return build_dyadyears(years=years, directed=directed, similarity=similarity, step=step,
                               year_progress=per_year)


def _load_or_build(years, directed: bool):
    """The dyad-years from the last ``foedus data build`` when it matches, else built now."""
    import polars as pl

    from foedus.data.export import read_parquet_by_year

    folder = _data_out() / ("dyadyears" if directed else "dyadyears-nondirected")
    if folder.is_dir():
        df = read_parquet_by_year(folder)
        if years is not None:
            df = df.filter(pl.col("year").is_between(*years))
        if years is None or df.height:
            return df.sort("ccode1", "ccode2", "year")
    return _build(years, directed)


@app.command("build")
@_reports_bad_data
def build_cmd(
    years: YearsOpt = None,
    directed: DirectedOpt = True,
    similarity: Annotated[bool, typer.Option("--similarity/--no-similarity", help="compute S, tau-b, kappa, pi")] = True,
    out: Annotated[Optional[Path], typer.Option("--out", help="folder (default build/data/dyadyears)")] = None,
) -> None:
    """Build dyad-years 1816–2016 with every merge and similarity score; write Parquet by year."""
    from foedus.data.export import write_parquet_by_year

    t0 = time.perf_counter()
    df = _build(_years(years), directed, similarity)
    target = out or _data_out() / ("dyadyears" if directed else "dyadyears-nondirected")
    write_parquet_by_year(df, target)
    src = df.group_by("source").len().sort("source").rows()
    console.print(f"[green]built[/] {df.height:,} dyad-years x {df.width} columns -> {target} "
                  f"({time.perf_counter() - t0:.1f} s; " + ", ".join(f"{s}: {n:,}" for s, n in src) + ")")


@app.command("export")
@_reports_bad_data
def export_cmd(
    fmt: Annotated[str, typer.Option("--format", "-f", help="csv, parquet, dta, json, graphml or gexf")],
    table: Annotated[str, typer.Option("--table", help="dyadyears, stateyears or kb-atop (tabular formats)")] = "dyadyears",
    years: YearsOpt = None,
    directed: DirectedOpt = True,
    date: Annotated[Optional[str], typer.Option("--date", help="day of the alliance network (graphml/gexf), e.g. 1936-06-01")] = None,
    out: Annotated[Optional[Path], typer.Option("--out", help="output file or folder (default under build/data/)")] = None,
    kb: Annotated[bool, typer.Option("--kb/--no-kb", help="add the KB's treaties to the network (graphml/gexf)")] = True,
) -> None:
    """Export dyad-years (or state-years, or the KB's treaties in ATOP coding), or the alliance network of a day."""
    from foedus.data import export as ex

    fmt = fmt.lower()
    if fmt not in ex.FORMATS:
        raise typer.BadParameter(f"--format must be one of {', '.join(ex.FORMATS)}, got {fmt!r}")
    if fmt in ("graphml", "gexf"):
        day = _network_date(date)
        graph = _network(day, kb)
        target = out or _data_out() / f"alliances-{day.isoformat()}.{fmt}"
        ex.write_graph(graph, target, fmt)
        console.print(f"[green]wrote[/] {target} ({graph.number_of_nodes()} states, {graph.number_of_edges()} ties)")
        return
    if table not in TABLES:
        raise typer.BadParameter(f"--table must be one of {', '.join(TABLES)}, got {table!r}")
    span = _years(years)
    if table == "dyadyears":
        df = _load_or_build(span, directed)
    elif table == "stateyears":
        from foedus.data import statesys as ss

        df = ss.add_cow_wars(ss.add_cow_majors(ss.add_nmc(ss.create_stateyears(years=span))))
    else:
        from foedus.data.kbcoding import kb_atop_members

        df = kb_atop_members()
    ext = {"csv": ".csv", "json": ".json", "dta": ".dta", "parquet": ""}[fmt]
    stem = table if table != "dyadyears" or directed else "dyadyears-nondirected"
    target = out or _data_out() / "export" / f"{stem}{ext}"
    with _progress() as prog:
        task = prog.add_task(f"writing {fmt}", total=1)
        ex.write_frame(df, target, fmt)
        prog.advance(task)
    console.print(f"[green]wrote[/] {target} ({df.height:,} rows x {df.width} columns)")


def _network_date(text: str | None) -> dt.date:
    if not text:
        raise typer.BadParameter("graph formats need --date (e.g. --date 1936-06-01)")
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(f"--date must be YYYY-MM-DD, got {text!r}") from None


def _network(day: dt.date, with_kb: bool = True):
    import polars as pl

    from foedus.data import importers as imp
    from foedus.data.export import alliance_network
    from foedus.data.kbcoding import kb_atop_members

    cols = ["atopid", "member", "yrent", "moent", "dayent", "yrexit", "moexit", "dayexit",
            "defense", "offense", "neutral", "nonagg", "consul"]
    atop = imp.read_atop_members().select(cols).with_columns(pl.col("atopid").cast(pl.String), source=pl.lit("atop"))
    frames = [atop, kb_atop_members().select(*cols, "source")] if with_kb else [atop]
    return alliance_network(pl.concat(frames), day, imp.read_cow_states())


@app.command("plot-similarity")
@_reports_bad_data
def plot_similarity_cmd(
    a: Annotated[str, typer.Argument(help="first state: COW abbreviation or code (FRN, 220)")],
    b: Annotated[str, typer.Argument(help="second state (RUS, 365)")],
    years: YearsOpt = None,
    out: Annotated[Optional[Path], typer.Option("--out", help="HTML (default) or .png file")] = None,
) -> None:
    """Plot a dyad's alliance-portfolio similarity (S, weighted S, tau-b, kappa, pi) over time."""
    from foedus.data import importers as imp
    from foedus.data.plot import resolve_state, similarity_series, write_similarity_plot

    states = imp.read_cow_states()
    try:
        ca, cb = resolve_state(a, states), resolve_state(b, states)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None
    df = _load_or_build(_years(years), True)
    series = similarity_series(df, ca, cb)
    if series.height == 0:
        err_console.print(f"[red]no dyad-years for {a}-{b} in the requested years[/]")
        raise typer.Exit(1)
    abb = dict(zip(states["ccode"].to_list(), states["stateabb"].to_list()))
    target = out or _data_out() / f"similarity-{abb[ca]}-{abb[cb]}.html"
    write_similarity_plot(series, target, f"Alliance-portfolio similarity, {abb[ca]}–{abb[cb]}")
    console.print(f"[green]wrote[/] {target} ({series.height} years)")
