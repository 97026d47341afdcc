"""``foedus kb``: check, build and summarise the knowledge base."""

from __future__ import annotations

from collections import Counter

import typer
from rich.progress import Progress
from rich.table import Table

from foedus import paths
from foedus.cli.common import JsonOpt, KbOpt, OutOpt, SeedsOpt, console, err_console, print_json
from foedus.kb import KBError, KnowledgeBase, check_kb
from foedus.kb.build import build, database_path

PLURAL = {"person": "people", "crisis": "crises", "treaty": "treaties"}

app = typer.Typer(help="Check, build and summarise the knowledge base.", no_args_is_help=True)


def _report(errors: list[KBError], as_json: bool) -> None:
    if as_json:
        print_json({"ok": not errors, "errors": [e.to_dict() for e in errors]})
        return
    for e in errors:
        err_console.print(f"[bold red]error[/] {e}", markup=True, soft_wrap=True)
    if errors:
        files = len({e.file for e in errors})
        err_console.print(f"[red]{len(errors)} problem(s) in {files} file(s)[/]")


@app.command("check")
def check_cmd(kb: KbOpt = None, seeds: SeedsOpt = None, as_json: JsonOpt = False) -> None:
    """Load and validate the whole knowledge base; list every problem with file and line."""
    base, errors = check_kb(kb, seeds)
    _report(errors, as_json)
    if errors:
        raise typer.Exit(1)
    if not as_json:
        counts = base.counts()
        console.print(f"[green]ok[/] {len(base.files)} files, " + ", ".join(f"{v} {PLURAL.get(k, k + 's')}" for k, v in counts.items()))


@app.command("build")
def build_cmd(kb: KbOpt = None, seeds: SeedsOpt = None, out: OutOpt = None, as_json: JsonOpt = False) -> None:
    """Check the KB, then compile it to DuckDB and Parquet (atomically; the old build survives failure)."""
    _check_and_build(kb, seeds, out, as_json)


def _check_and_build(kb, seeds, out, as_json: bool) -> KnowledgeBase:
    """The checked KB, compiled under ``out``; exits 1 (building nothing) when it has problems."""
    base, errors = check_kb(kb, seeds)
    if errors:
        _report(errors, as_json)
        err_console.print("[red]build refused: the previous database is left as it was[/]")
        raise typer.Exit(1)
    target = out or paths.build_dir()
    with Progress(console=err_console, transient=True, disable=as_json) as prog:
        task = prog.add_task("writing tables", total=14)
        folder = build(base, target, progress=lambda name: prog.advance(task))
    if as_json:
        print_json({"ok": True, "folder": str(folder), "database": str(database_path(target))})
    else:
        console.print(f"[green]built[/] {database_path(target)} -> {folder.name}")
    return base


def _claims_by_source(base: KnowledgeBase) -> dict[str, int]:
    """How many claims each source witnesses (a claim citing two sources counts for both)."""
    per: Counter[str] = Counter()
    for c in base.claims.values():
        for sid in {cit.source for cit in c.cite}:
            per[sid] += 1
    return dict(sorted(per.items(), key=lambda kv: (-kv[1], kv[0])))


def stats_data(base: KnowledgeBase) -> dict:
    """Counts per entity type, citations per source and open conflicts."""
    per_source: Counter[str] = Counter()
    seed_cited = ref_cited = 0
    facts_seed = facts_ref = 0
    by_entity: dict[tuple[str, str], set[str]] = {}
    for kind, ident, _, cit in base.citations():
        per_source[cit.source] += 1
        src = base.sources.get(cit.source)
        is_seed = bool(src and src.kind == "seed")
        seed_cited += is_seed
        ref_cited += not is_seed
        by_entity.setdefault((kind, ident), set()).add("seed" if is_seed else "ref")
    for kinds in by_entity.values():
        if "seed" in kinds:
            facts_seed += 1
        else:
            facts_ref += 1
    open_conflicts = [k for k in base.conflicts.values() if k.status == "open"]
    total_cited = seed_cited + ref_cited
    return {
        "entities": base.counts(),
        "offices": sum(len(p.offices) for p in base.people.values()),
        "citations": {"total": total_cited, "seed": seed_cited, "reference": ref_cited,
                      "seed_share": round(seed_cited / total_cited, 3) if total_cited else 0.0,
                      "reference_share": round(ref_cited / total_cited, 3) if total_cited else 0.0},
        "claims_by_kind": dict(sorted(Counter(c.kind for c in base.claims.values()).items())),
        "claims_by_source": _claims_by_source(base),
        "conflicts_by_kind": dict(sorted(Counter(k.kind for k in base.conflicts.values()).items())),
        "entities_with_seed_quote": facts_seed,
        "entities_with_reference_only": facts_ref,
        "citations_per_source": dict(sorted(per_source.items(), key=lambda kv: (-kv[1], kv[0]))),
        "conflicts": {"total": len(base.conflicts), "open": len(open_conflicts)},
        "open_conflicts": [{"id": k.id, "about": k.about, "field": k.field, "kind": k.kind,
                            "claims": list(k.claims), "description": k.description} for k in open_conflicts],
    }


def print_stats(data: dict, base: KnowledgeBase) -> None:
    t = Table(title="Entities")
    t.add_column("type")
    t.add_column("count", justify="right")
    for k, v in data["entities"].items():
        t.add_row(k, str(v))
    console.print(t)
    s = Table(title="Citations per source")
    s.add_column("source")
    s.add_column("grade")
    s.add_column("citations", justify="right")
    for sid, n in data["citations_per_source"].items():
        src = base.sources.get(sid)
        s.add_row(sid, src.reliability.grade if src else "?", str(n))
    console.print(s)
    tot = data["entities_with_seed_quote"] + data["entities_with_reference_only"]
    if tot:
        console.print(f"entities with a seed quote: {data['entities_with_seed_quote']} "
                      f"({100 * data['entities_with_seed_quote'] / tot:.0f}%), outside reference only: "
                      f"{data['entities_with_reference_only']}")
    cits = data["citations"]
    if cits["total"]:
        console.print(f"citations: {cits['total']}, of which seed quotes {cits['seed']} "
                      f"({100 * cits['seed_share']:.0f}%) and outside references {cits['reference']} "
                      f"({100 * cits['reference_share']:.0f}%)")
    console.print(f"offices held by people: {data['offices']}")
    console.print("claims by kind: " + ", ".join(f"{k} {v}" for k, v in data["claims_by_kind"].items()))
    console.print("claims by source: " + ", ".join(f"{k} {v}" for k, v in data["claims_by_source"].items()))
    console.print("conflicts by kind: " + ", ".join(f"{k} {v}" for k, v in data["conflicts_by_kind"].items()))
    c = Table(title=f"Open conflicts ({data['conflicts']['open']} of {data['conflicts']['total']})")
    for col in ("id", "about", "field", "claims"):
        c.add_column(col)
    for k in data["open_conflicts"]:
        c.add_row(k["id"], k["about"], k["field"] or "", ", ".join(k["claims"]))
    console.print(c)


@app.command("stats")
def stats_cmd(kb: KbOpt = None, seeds: SeedsOpt = None, as_json: JsonOpt = False) -> None:
    """Counts per entity type, citations per source, and the open conflicts between sources."""
    base, errors = check_kb(kb, seeds)
    if errors:
        _report(errors, as_json)
        raise typer.Exit(1)
    data = stats_data(base)
    if as_json:
        print_json(data)
    else:
        print_stats(data, base)


def up(kb: KbOpt = None, seeds: SeedsOpt = None, out: OutOpt = None) -> None:
    """The main job: check and build the knowledge base, then summarise it."""
    base = _check_and_build(kb, seeds, out, as_json=False)
    print_stats(stats_data(base), base)
