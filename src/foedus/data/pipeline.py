"""The whole build in one call: dyad-years with every merge and every similarity score.

:func:`build_dyadyears` is what ``foedus data build`` runs and what ``bench/bench_dyads.py``
times; it is the verbs of :mod:`foedus.data.statesys`, :mod:`foedus.data.alliances` and
:mod:`foedus.data.similarity` chained in the order peacesciencer users write them.
"""

from __future__ import annotations

from typing import Callable

import polars as pl

from foedus.data import importers as imp
from foedus.data.alliances import add_atop_alliance, add_cow_alliance
from foedus.data.similarity import MEASURES, add_similarity
from foedus.data.statesys import add_cow_majors, add_cow_wars, add_nmc, create_dyadyears

__all__ = ["build_dyadyears", "STEPS"]

STEPS = ("dyad-years", "ATOP pledges (+KB)", "COW alliances", "capabilities", "major powers", "wars", "similarity")


def build_dyadyears(
    years: tuple[int, int] | None = None,
    directed: bool = True,
    similarity: bool = True,
    measures=MEASURES,
    kb_members: pl.DataFrame | None | bool = True,
    step: Callable[[str], None] | None = None,
    year_progress: Callable[[int, int], None] | None = None,
) -> pl.DataFrame:
    """Dyad-years of the COW system with ATOP (KB-filled) and COW pledges, NMC, majors, wars, similarity.

    ``years`` restricts the output (the similarity of a year uses that whole year's system,
    so restricting years does not change any score).  ``step`` is called with the name of
    each step as it starts; ``year_progress(done, total)`` during the similarity step.
    """
    def note(name: str) -> None:
        if step is not None:
            step(name)

    note(STEPS[0])
    dy = create_dyadyears(imp.read_cow_states(), directed=directed, years=years)
    note(STEPS[1])
    dy = add_atop_alliance(dy, kb_members=kb_members)
    note(STEPS[2])
    dy = add_cow_alliance(dy)
    note(STEPS[3])
    dy = add_nmc(dy)
    note(STEPS[4])
    dy = add_cow_majors(dy)
    note(STEPS[5])
    dy = add_cow_wars(dy)
    if similarity:
        note(STEPS[6])
        dy = add_similarity(dy, measures=measures, progress=year_progress)
    return dy
