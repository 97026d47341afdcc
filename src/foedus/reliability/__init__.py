"""Alliance reliability across every COW inter-state war and the KB's crises (see docs/reliability.md)::

    import foedus
    rows = foedus.reliability.classify_war_responses()      # one row per ally x partner at war x obligation
    table = foedus.reliability.reliability_table(rows)      # Leeds-Long-Mitchell style counts and shares
    foedus.reliability.run()                                 # COW wars + KB crises, as one frame

ATOP obligations are written as the obligation engine's clause conditions, each war as a
crisis; the engine decides whether an obligation was invoked, COW participation and sides
decide whether it was honoured, and every row keeps its explanation tree.
"""

from __future__ import annotations

from typing import Callable

import polars as pl

from foedus.reliability.classify import (
    ROW_COLUMNS, candidate_phases, classify_kb_crises, classify_war_responses, load_inputs, state_abbs,
)
from foedus.reliability.plot import plot_reliability
from foedus.reliability.rules import OUTCOMES, PERIODS, RULE_TEXT, ClauseSpec, Conduct, atop_clauses, outcome, period_of
from foedus.reliability.table import PUBLISHED, ally_level, comparison, reliability_table

__all__ = [
    "run", "classify_war_responses", "classify_kb_crises", "reliability_table", "ally_level", "comparison", "plot_reliability",
    "load_inputs", "atop_clauses", "outcome", "period_of", "ClauseSpec", "Conduct", "RULE_TEXT", "OUTCOMES",
    "PERIODS", "PUBLISHED", "ROW_COLUMNS", "candidate_phases", "state_abbs",
]


def run(kb=None, inputs: dict | None = None, kb_crises: bool = True, explanations: bool = True,
        progress: Callable[[int, int, str], None] | None = None) -> pl.DataFrame:
    """Every COW war (ATOP + the KB's 1918–45 coding) and, with ``kb_crises``, the KB's crises."""
    frames = [classify_war_responses(inputs, progress=progress, explanations=explanations)]
    if kb_crises:
        if kb is None:
            from foedus import load_kb

            kb = load_kb()
        frames.append(classify_kb_crises(kb, explanations=explanations))
    return pl.concat(frames)
