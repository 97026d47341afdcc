"""``foedus reliability``: alliance reliability across every COW war and the KB's crises."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich import box
from rich.table import Table

from foedus.cli.common import console, err_console


class Fmt(str, Enum):
    csv = "csv"
    parquet = "parquet"
    json = "json"


def reliability_cmd(
    fmt: Annotated[Fmt, typer.Option("--format", help="format of the rows written with --out")] = Fmt.csv,
    out: Annotated[Optional[Path], typer.Option("--out", help="write every classified row (with its rule and explanation) here")] = None,
    plot: Annotated[Optional[Path], typer.Option("--plot", help="chart of the share honoured by period and obligation (.html, or .png with kaleido)")] = None,
    war: Annotated[Optional[list[int]], typer.Option("--war", help="only these COW war numbers (repeatable)")] = None,
    kb_crises: Annotated[bool, typer.Option("--kb-crises/--no-kb-crises", help="add the KB's own crises, judged by the audit")] = True,
    unverifiable: Annotated[str, typer.Option("--unverifiable", help="obligations failing only on place/kind/request conditions COW cannot settle: undetermined (default), met or not_met (sensitivity bounds)")] = "undetermined",
    data: Annotated[Optional[Path], typer.Option("--data", help="folder with the COW/ATOP files (default ../shared/data or $FOEDUS_DATA)")] = None,
) -> None:
    """Was each alliance obligation invoked by a partner's war, and honoured? Table in the style of Leeds, Long and Mitchell (2000)."""
    import polars as pl

    from foedus import reliability as rel
    from foedus.data import DataFormatError

    try:
        inputs = rel.load_inputs(data)
    except DataFormatError as e:
        err_console.print(f"[red]error:[/] {e}", soft_wrap=True)
        raise typer.Exit(2) from None
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=err_console, transient=True) as prog:
        task = prog.add_task("wars", total=None)

        def step(done: int, total: int, label: str) -> None:
            prog.update(task, completed=done, total=total, description=f"classifying: {label}")

        if unverifiable not in ("undetermined", "met", "not_met"):
            raise typer.BadParameter("--unverifiable must be undetermined, met or not_met")
        rows = rel.classify_war_responses(inputs, wars=war, progress=step, explanations=out is not None,
                                          unverifiable=unverifiable)
        if kb_crises:
            prog.update(task, description="auditing the KB's crises")
            from foedus import load_kb

            rows = pl.concat([rows, rel.classify_kb_crises(load_kb(), explanations=out is not None)])
    table = rel.reliability_table(rows)
    t = Table(title="Alliance reliability: share = honoured / (honoured + violated)", box=box.SIMPLE_HEAD, pad_edge=False,
              collapse_padding=True)
    for c in ("scope", "by", "value", "rows", "hon.", "viol.", "n/inv", "undet.", "share"):
        t.add_column(c, justify="right" if c not in ("scope", "by", "value") else "left", no_wrap=True)
    t.caption = "hon. honoured, viol. violated, n/inv not invoked, undet. undetermined; rules per row: --out"
    for r in table.iter_rows(named=True):
        rel_txt = "—" if r["reliability"] is None else f"{100 * r['reliability']:.1f}%"
        t.add_row(r["scope"], r["group"], r["value"], *(str(r[c]) for c in ("rows", "honoured", "violated", "not_invoked",
                                                                            "undetermined")), rel_txt)
    console.print(t)
    cmp = Table(title="Compared with published figures")
    for c in ("study", "measure", "figure", "verified via"):
        cmp.add_column(c)
    for r in rel.comparison(table, rel.reliability_table(rel.ally_level(rows))):
        cmp.add_row(r["study"], r["measure"], r["figure"], r["verified_via"])
    console.print(cmp)
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        if fmt is Fmt.csv:
            rows.write_csv(out)
        elif fmt is Fmt.parquet:
            rows.write_parquet(out)
        else:
            rows.write_json(out)  # 'explanation' stays a JSON string per row
        console.print(f"wrote {rows.height} rows to {out}")
    if plot is not None:
        try:
            console.print(f"wrote {rel.plot_reliability(rows, plot)}")
        except ValueError as e:
            err_console.print(f"[red]error:[/] {e}", soft_wrap=True)
            raise typer.Exit(2) from None
