"""The ``foedus`` command line: one sub-command group per part of the system."""

from __future__ import annotations

import typer

from foedus.cli import kb as kb_cli
from foedus.cli import web as web_cli
from foedus.cli import data as data_cli

app = typer.Typer(
    name="foedus",
    help="Study treaty and alliance systems: knowledge base, obligation engine, data interop.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
app.add_typer(kb_cli.app, name="kb")
app.add_typer(data_cli.app, name="data")
from foedus.cli import crisis as crisis_cli  # noqa: E402  (obligation engine)
app.add_typer(crisis_cli.app, name="crisis")
app.command("audit")(crisis_cli.audit_cmd)
from foedus.cli import reliability as reliability_cli  # noqa: E402  (alliance reliability)
app.command("reliability")(reliability_cli.reliability_cmd)
app.command("serve")(web_cli.serve)
app.command("up")(web_cli.up)


def main() -> None:
    app()
