"""Explanation trees: why an obligation is triggered, pending, void or not triggered.

Each node states one step of the reasoning (a validity check, a clause, a condition
part, a fact) with its three-valued result and the citations it rests on. Trees are
pydantic models (JSON-ready) and render as rich Trees for the terminal.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field
from rich.markup import escape
from rich.tree import Tree

from foedus.dates import Tri
from foedus.engine.tri import t_text

__all__ = ["Explanation", "node", "to_rich", "flatten"]

Value = Literal["yes", "no", "uncertain"]


class Explanation(BaseModel):
    """One step of reasoning, with its result, its sources and the steps beneath it."""

    label: str
    kind: str = Field(description="obligation, validity, clause, condition, and, or, not, predicate, fact, contingent, cycle, note")
    value: Value | None = None
    cites: list[str] = Field(default_factory=list)
    children: list["Explanation"] = Field(default_factory=list)


def node(label: str, kind: str, value: Tri | str | None = ..., cites=(), children=()) -> Explanation:
    """An explanation node; ``value`` is a three-valued truth (omit it for a plain note)."""
    if value is ...:
        v = None
    elif isinstance(value, str):
        v = value
    else:
        v = t_text(value)
    # built without re-validation: the engine makes thousands of these per crisis
    return Explanation.model_construct(label=label, kind=kind, value=v, cites=list(cites), children=list(children))


_STYLE = {"yes": "green", "no": "red", "uncertain": "yellow"}
_MARK = {"yes": "✔", "no": "✘", "uncertain": "?"}


def to_rich(e: Explanation, tree: Tree | None = None, cites: bool = True) -> Tree:
    """The explanation as a rich Tree (citations as dim leaves)."""
    if e.value is not None:
        text = f"[{_STYLE[e.value]}]{_MARK[e.value]}[/] {escape(e.label)}"
    else:
        text = escape(e.label)
    branch = tree.add(text) if tree is not None else Tree(text)
    if cites:
        for c in e.cites:
            branch.add(f"[dim]source: {escape(c)}[/]")
    for ch in e.children:
        to_rich(ch, branch, cites)
    return branch


def flatten(e: Explanation) -> list[Explanation]:
    """Every node, depth first."""
    out = [e]
    for c in e.children:
        out += flatten(c)
    return out
