"""``foedus crisis`` and ``foedus audit``: evaluate crises, what-ifs and betrayals in the terminal."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.markup import escape
from rich.table import Table
from rich.tree import Tree

from foedus.cli.common import JsonOpt, KbOpt, console, err_console, print_json
from foedus.engine import (
    EngineError, Evaluation, ScenarioError, audit, diff, evaluate, list_crises, load_scenario,
)
from foedus.engine.explain import to_rich
from foedus.kb import check_kb

app = typer.Typer(help="Evaluate crises: who was bound to do what, and what if.", no_args_is_help=True)

STYLE = {"triggered": "bold green", "pending": "yellow", "void": "dim", "not_triggered": "red",
         "honoured": "green", "broken": "bold red", "evaded": "magenta", "excused": "cyan", "undetermined": "yellow", "cycles": "yellow",
         "unlawful_denunciations": "bold red"}

WhatIfOpt = Annotated[Optional[Path], typer.Option("--what-if", help="a what-if YAML/JSON file to apply first")]


def _kb(kb: Path | None):
    """The KB as far as it validates; problems elsewhere (claims, quotes) only warn."""
    base, errors = check_kb(kb)
    if not base.treaties and errors:
        err_console.print(f"[red]the knowledge base could not be read ({len(errors)} problems); run 'foedus kb check'[/]")
        raise typer.Exit(1)
    if errors:
        err_console.print(f"[yellow]warning: {len(errors)} problem(s) in the knowledge base (run 'foedus kb check'); "
                          "evaluating what validated[/]")
    return base


def _fail(e: Exception) -> None:
    err_console.print(f"[bold red]error[/] {e}", soft_wrap=True)
    raise typer.Exit(2)


def _crisis_arg(kb, name: str):
    """A crisis id, or a path to a scenario file holding a crisis."""
    if name not in kb.crises and Path(name).suffix.lower() in (".yaml", ".yml", ".json"):
        return load_scenario(name)
    return name


@app.command("list")
def list_cmd(kb: KbOpt = None, as_json: JsonOpt = False) -> None:
    """The built-in crises, in date order."""
    base = _kb(kb)
    items = list_crises(base)
    if as_json:
        print_json([c.model_dump(mode="json") for c in items])
        return
    t = Table("id", "name", "evaluated on", "facts", title="Crises")
    for c in items:
        t.add_row(c.id, c.name, c.date, str(c.facts))
    console.print(t)


def _render(ev: Evaluation, show_all: bool, explain: bool) -> None:
    head = f"[bold]{escape(ev.crisis_name)}[/] — treaties judged on {ev.on}, facts through {ev.facts_until}"
    if ev.what_if:
        head += f"  [yellow](what-if: {ev.what_if}{', performance assumed' if ev.assume_performed else ''})[/]"
    console.print(head)
    console.print("  " + ", ".join(f"[{STYLE.get(k, '')}]{k}: {v}[/]" for k, v in ev.counts.items()))
    root = Tree("[bold]treaties[/]")
    for t in ev.treaties:
        if t.in_force == "no" and not show_all:
            continue
        style = {"yes": "green", "uncertain": "yellow", "no": "dim"}[t.in_force]
        branch = root.add(f"[{style}]{t.id}[/] in force: {t.in_force} — {escape(t.reason)}")
        obs = [o for o in ev.obligations if o.treaty == t.id]
        shown = [o for o in obs if show_all or o.status in ("triggered", "pending")]
        for o in shown:
            if explain:
                sub = to_rich(o.explanation)
                branch.add(sub)
            else:
                branch.add(f"[{STYLE[o.status]}]{o.status}[/] {o.obligor} → {o.beneficiary} {o.clause} "
                           f"({o.obligation}): {escape(o.reason)}")
        hidden = len(obs) - len(shown)
        if hidden:
            branch.add(f"[dim]{hidden} void or not triggered (use --all)[/]")
    console.print(root)
    for c in ev.cycles:
        console.print(f"[bold yellow]cycle[/] {escape(c.text)}")


@app.command("eval")
def eval_cmd(
    name: Annotated[str, typer.Argument(help="crisis id (see 'foedus crisis list') or a crisis YAML/JSON file")],
    on: Annotated[Optional[str], typer.Option("--on", help="judge on this day (EDTF); default the crisis date")] = None,
    what_if: WhatIfOpt = None,
    show_all: Annotated[bool, typer.Option("--all", help="show void and untriggered obligations too")] = False,
    explain: Annotated[bool, typer.Option("--explain", help="print each obligation's explanation tree")] = False,
    kb: KbOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Which obligations the crisis triggered, left pending, voided or did not trigger, and why.

    With --what-if, also prints the difference from the historical evaluation.
    """
    base = _kb(kb)
    try:
        crisis = _crisis_arg(base, name)
        ev = evaluate(base, crisis, on=on, what_if=what_if)
        d = diff(evaluate(base, crisis, on=on), ev) if what_if else None
    except (EngineError, ScenarioError) as e:
        _fail(e)
    if as_json:
        out = ev.model_dump(mode="json")
        if d is not None:
            out = {"evaluation": out, "diff": d.model_dump(mode="json")}
        print_json(out)
        return
    _render(ev, show_all, explain)
    if d is not None:
        console.print(f"\n[bold]difference from the historical crisis[/] ({len(d.changed)} obligation(s) changed)")
        t = Table("historically", "in the what-if")
        t.add_column("obligation / why now", overflow="fold")
        for ch in d.changed:
            t.add_row(ch.before or "—", ch.after or "—", f"[bold]{escape(ch.key)}[/]\n{escape((ch.reason_after or '')[:200])}")
        console.print(t)


def audit_cmd(
    name: Annotated[str, typer.Argument(help="crisis id or a crisis YAML/JSON file")],
    what_if: WhatIfOpt = None,
    show_all: Annotated[bool, typer.Option("--all", help="list every verdict, not only the betrayals")] = False,
    kb: KbOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Who betrayed whom: each engaged obligation honoured, broken, evaded or excused; unlawful denunciations."""
    base = _kb(kb)
    try:
        a = audit(base, _crisis_arg(base, name), what_if=what_if)
    except (EngineError, ScenarioError) as e:
        _fail(e)
    if as_json:
        print_json(a.model_dump(mode="json"))
        return
    console.print(f"[bold]Audit: {escape(a.crisis_name)}[/] (judged {a.on}, conduct through {a.facts_until})")
    console.print("  " + ", ".join(f"[{STYLE.get(k, '')}]{k}: {v}[/]" for k, v in a.counts.items()))
    t = Table("verdict", "obligor", "beneficiary", "treaty / clause", "why")
    for v in a.verdicts:
        if show_all or v.verdict in ("broken", "evaded"):
            t.add_row(f"[{STYLE[v.verdict]}]{v.verdict}[/]", v.obligor, v.beneficiary, f"{v.treaty}/{v.clause}", escape(v.reason))
    console.print(t)
    if a.denunciations:
        dt = Table("treaty", "by", "date", "lawful", "why", title="Denunciations")
        for d in a.denunciations:
            style = {"no": "bold red", "yes": "green", "uncertain": "yellow"}[d.lawful]
            dt.add_row(d.treaty, d.by or "", d.date, f"[{style}]{d.lawful}[/]", escape(d.reason))
        console.print(dt)
