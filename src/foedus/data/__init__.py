"""Data interop at the scale of the whole state system: COW and ATOP in, dyad-years and
similarity scores out, in the verb style of peacesciencer::

    import foedus
    dy = foedus.data.create_dyadyears(directed=True)        # COW system 1816-2016
    dy = foedus.data.add_atop_alliance(dy)                   # ATOP pledges; 1918-45 from the KB
    dy = foedus.data.add_nmc(dy)                             # capabilities, cinc_ratio
    dy = foedus.data.add_similarity(dy)                      # S, weighted S, tau-b, kappa, pi
    foedus.data.write_parquet_by_year(dy, "build/data/dyadyears")

See ``docs/similarity.md`` for the formulas and ``foedus data --help`` for the command line.
"""

from foedus.data.alliances import (
    ATOP_PLEDGES, COW_PLEDGES, KB_WINDOW, add_atop_alliance, add_cow_alliance, alliance_level, member_dyadyears,
)
from foedus.data.export import (
    FORMATS, alliance_network, read_parquet_by_year, write_csv, write_dta, write_frame, write_graph, write_json,
    write_parquet_by_year,
)
from foedus.data.importers import (
    DataFormatError, read_atop_alliances, read_atop_dyadyears, read_atop_members, read_cow_alliance_dyadyears,
    read_cow_majors, read_cow_nmc, read_cow_states, read_cow_wars, read_table,
)
from foedus.data.kbcoding import kb_atop_members
from foedus.data.pipeline import build_dyadyears
from foedus.data.similarity import MEASURES, add_similarity, s_score, tau_b
from foedus.data.statesys import add_cow_majors, add_cow_wars, add_nmc, create_dyadyears, create_stateyears

__all__ = [
    "create_stateyears", "create_dyadyears", "add_atop_alliance", "add_cow_alliance", "add_nmc", "add_cow_majors",
    "add_cow_wars", "add_similarity", "build_dyadyears", "kb_atop_members", "member_dyadyears", "alliance_level",
    "s_score", "tau_b", "MEASURES", "ATOP_PLEDGES", "COW_PLEDGES", "KB_WINDOW",
    "read_table", "read_cow_states", "read_cow_majors", "read_cow_nmc", "read_cow_wars", "read_atop_members",
    "read_atop_alliances", "read_atop_dyadyears", "read_cow_alliance_dyadyears", "DataFormatError",
    "FORMATS", "write_csv", "write_json", "write_dta", "write_parquet_by_year", "read_parquet_by_year",
    "write_frame", "alliance_network", "write_graph",
]
