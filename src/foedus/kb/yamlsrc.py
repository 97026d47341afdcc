"""Reading YAML while remembering where every value stood (file, line, column)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from foedus.kb.errors import KBError

MAX_FILE_BYTES = 2_000_000


class _Constructor(RoundTripConstructor):
    """Round-trip constructor that leaves dates as the text the editor wrote.

    Dates are EDTF strings validated by the models, so that "1932-13-45" is reported
    with its field and line instead of failing the whole file.
    """


_Constructor.add_constructor("tag:yaml.org,2002:timestamp", _Constructor.construct_yaml_str)


def _yaml() -> YAML:
    y = YAML(typ="rt", pure=True)
    y.Constructor = _Constructor
    y.allow_duplicate_keys = False
    return y


def read_yaml(path: Path, display: str) -> tuple[Any, list[KBError]]:
    """Parse one YAML file into (round-trip node tree, errors); None on failure."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return None, [KBError(display, None, None, None, f"file larger than {MAX_FILE_BYTES} bytes")]
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as e:
        return None, [KBError(display, None, None, None, f"not UTF-8 text ({e.reason} at byte {e.start})")]
    except OSError as e:
        return None, [KBError(display, None, None, None, f"cannot read file: {e.strerror}")]
    try:
        return _yaml().load(text), []
    except MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = mark.line + 1 if mark else None
        col = mark.column + 1 if mark else None
        what = " ".join(x for x in (e.context, e.problem) if x)
        return None, [KBError(display, line, col, None, f"YAML syntax error: {what}")]
    except (YAMLError, RecursionError, ValueError) as e:
        return None, [KBError(display, None, None, None, f"YAML error: {e}")]


MAX_VALUES = 200_000


class TooComplex(ValueError):
    """A YAML document whose aliases expand to more values than any KB file needs."""


def plain(node: Any, _budget: list[int] | None = None) -> Any:
    """The node tree as plain Python (dicts, lists, str, int, float, bool, date, None).

    Raises :class:`TooComplex` when aliases would expand it beyond ``MAX_VALUES`` values
    (a "billion laughs" document).
    """
    budget = _budget if _budget is not None else [MAX_VALUES]
    budget[0] -= 1
    if budget[0] < 0:
        raise TooComplex(f"document expands to more than {MAX_VALUES} values (alias bomb?)")
    if isinstance(node, dict):
        return {str(k): plain(v, budget) for k, v in node.items()}
    if isinstance(node, list):
        return [plain(v, budget) for v in node]
    if isinstance(node, dt.datetime):
        return node.date() if node.time() == dt.time() else node
    if isinstance(node, str):
        return str(node)
    return node


def locate(node: Any, loc: tuple) -> tuple[int | None, int | None]:
    """(line, column), 1-based, of the deepest part of ``loc`` found in the node tree."""
    line = col = None
    if hasattr(node, "lc"):
        line, col = node.lc.line + 1, node.lc.col + 1
    cur = node
    for part in loc:
        if isinstance(cur, CommentedMap) and isinstance(part, str) and part in cur:
            try:
                kl, kc = cur.lc.key(part)
                line, col = kl + 1, kc + 1
            except (KeyError, TypeError, AttributeError):
                pass
            cur = cur[part]
        elif isinstance(cur, CommentedSeq) and isinstance(part, int) and 0 <= part < len(cur):
            try:
                il, ic = cur.lc.item(part)
                line, col = il + 1, ic + 1
            except (KeyError, TypeError, AttributeError):
                pass
            cur = cur[part]
        elif isinstance(part, str) and not isinstance(cur, (CommentedMap, CommentedSeq)):
            break
        # parts that name a validator or union branch are skipped
    return line, col


def dotted(loc: tuple) -> str:
    """A field path such as ``treaty.clauses[2].condition``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif isinstance(part, str) and ("[" in part or "-" in part and "function" in part):
            continue
        else:
            out += ("." if out else "") + str(part)
    return out
