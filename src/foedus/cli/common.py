"""Shared pieces of the command line: consoles and option types."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any, Optional

import typer
from rich.console import Console

console = Console(highlight=False)
err_console = Console(stderr=True, highlight=False)

KbOpt = Annotated[Optional[Path], typer.Option("--kb", help="knowledge-base folder (default: ./kb or $FOEDUS_KB)")]
SeedsOpt = Annotated[Optional[Path], typer.Option("--seeds", help="seed texts folder (default: ../shared/seeds or $FOEDUS_SEEDS)")]
OutOpt = Annotated[Optional[Path], typer.Option("--out", help="build folder (default: ./build or $FOEDUS_BUILD)")]
JsonOpt = Annotated[bool, typer.Option("--json", help="print machine-readable JSON instead of tables")]


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n")
