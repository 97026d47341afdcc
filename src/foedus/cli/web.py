"""``foedus serve``: run the web app; ``foedus up``: build the KB, then serve it."""

from __future__ import annotations

from typing import Annotated

import typer

from foedus import paths
from foedus.cli.common import KbOpt, OutOpt, SeedsOpt, console

HostOpt = Annotated[str, typer.Option("--host", help="address to listen on (loopback by default)")]
PortOpt = Annotated[int, typer.Option("--port", min=1, max=65535, help="TCP port")]


def serve(host: HostOpt = "127.0.0.1", port: PortOpt = 8000, kb: KbOpt = None, seeds: SeedsOpt = None,
          out: OutOpt = None) -> None:
    """Serve the web app (timeline, network, treaties, crises, what-if) at http://HOST:PORT/."""
    import uvicorn

    from foedus.web import create_app

    app = create_app(kb_dir=kb, build_dir=out or paths.build_dir(), seeds_dir=seeds)
    console.print(f"[green]foedus[/] serving on http://{host}:{port}/ (Ctrl-C to stop)")
    uvicorn.run(app, host=host, port=port, log_level="warning")


def up(kb: KbOpt = None, seeds: SeedsOpt = None, out: OutOpt = None, host: HostOpt = "127.0.0.1",
       port: PortOpt = 8000) -> None:
    """The main job: check and build the knowledge base into DuckDB, summarise it, then serve the web app."""
    from foedus.cli import kb as kb_cli

    kb_cli.up(kb=kb, seeds=seeds, out=out)
    serve(host=host, port=port, kb=kb, seeds=seeds, out=out)
