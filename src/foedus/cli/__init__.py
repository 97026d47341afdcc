"""The ``foedus`` command line: one sub-command group per part of the system."""

from __future__ import annotations

import typer

from foedus.cli import kb as kb_cli

app = typer.Typer(
    name="foedus",
    help="Study treaty and alliance systems: knowledge base, obligation engine, data interop.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
app.add_typer(kb_cli.app, name="kb")
app.command("up")(kb_cli.up)


def main() -> None:
    app()
