"""foedus: a source-grounded model of treaty and alliance systems.

The public API::

    import foedus
    kb = foedus.load_kb()                # the checked knowledge base (pydantic models)
    kb.treaties["fra-sov-mutual-assistance-1935"].clauses
    foedus.parse_date("1931-10-29?")     # uncertain EDTF dates, three-valued comparisons
    foedus.parse_condition("attacked(beneficiary) and assisted(FRN, beneficiary)")
"""

from foedus.conditions import ConditionError, parse_condition
from foedus.dates import DateError, FuzzyDate, parse_date
from foedus.kb import KBError, KBInvalid, KnowledgeBase, build_kb, check_kb, load_kb
from foedus.kb.models import (
    Citation, Claim, Clause, Conflict, Crisis, CrisisFact, Event, Office, Party, Person, Source, State, Treaty,
)
from foedus import engine  # the obligation engine: evaluate, audit, diff, list_crises, load_scenario
from foedus.engine import Audit, Diff, Evaluation, WhatIf, audit, diff, evaluate, list_crises, load_scenario

_DATA_API = ("create_stateyears", "create_dyadyears", "add_atop_alliance", "add_similarity", "build_dyadyears",
             "kb_atop_members")


def __getattr__(name: str):
    """``foedus.data`` and its main verbs, imported on first use (polars/numpy load only then)."""
    if name == "reliability":  # alliance reliability across COW wars (polars loads only then)
        import importlib

        return importlib.import_module("foedus.reliability")
    if name == "data" or name in _DATA_API:
        import importlib

        mod = importlib.import_module("foedus.data")
        return mod if name == "data" else getattr(mod, name)
    raise AttributeError(f"module 'foedus' has no attribute {name!r}")

__version__ = "0.1.0"

__all__ = [
    "load_kb", "check_kb", "build_kb", "KnowledgeBase", "KBError", "KBInvalid",
    "parse_date", "FuzzyDate", "DateError", "parse_condition", "ConditionError",
    "Citation", "Claim", "Clause", "Conflict", "Crisis", "CrisisFact", "Event", "Office", "Party", "Person",
    "Source", "State", "Treaty",
    "engine", "evaluate", "audit", "diff", "list_crises", "load_scenario", "Evaluation", "Audit", "Diff", "WhatIf",
    "data", "create_stateyears", "create_dyadyears", "add_atop_alliance", "add_similarity", "build_dyadyears",
    "kb_atop_members", "reliability",
]
