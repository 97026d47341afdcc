"""Reading YAML while remembering where every value stood (file, line, column)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from foedus.kb.errors import KBError

MAX_FILE_BYTES = 2_000_000
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when the wheel has it
_SAFE = yaml.constructor.SafeConstructor()
_TAG = "tag:yaml.org,2002:"


class YamlMap(dict):
    """A mapping read from YAML that remembers where it and each of its keys stood."""

    pos: tuple[int, int] = (0, 0)
    key_pos: dict


class YamlSeq(list):
    """A sequence read from YAML that remembers where it and each of its items stood."""

    pos: tuple[int, int] = (0, 0)
    item_pos: list


class _Problem(ValueError):
    def __init__(self, message: str, mark: Any):
        super().__init__(message)
        self.mark = mark


def _scalar(node: yaml.ScalarNode) -> Any:
    """A scalar in YAML 1.2 spirit: only true/false are booleans; dates stay the text written.

    Dates are EDTF strings validated by the models, so that "1932-13-45" is reported
    with its field and line instead of failing the whole file.
    """
    tag = node.tag
    if tag == _TAG + "str" or tag == _TAG + "timestamp":
        return node.value
    if tag == _TAG + "null":
        return None
    if tag == _TAG + "bool":
        low = node.value.lower()
        return {"true": True, "false": False}.get(low, node.value)
    if tag == _TAG + "int":
        return _SAFE.construct_yaml_int(node)
    if tag == _TAG + "float":
        return _SAFE.construct_yaml_float(node)
    raise _Problem(f"unsupported YAML tag {tag!r} (only plain data is allowed)", node.start_mark)


def _construct(node: yaml.Node, memo: dict[int, Any]) -> Any:
    if id(node) in memo:  # an alias: share, do not copy (expansion is bounded later)
        return memo[id(node)]
    if isinstance(node, yaml.ScalarNode):
        out = _scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        if node.tag != _TAG + "seq":
            raise _Problem(f"unsupported YAML tag {node.tag!r}", node.start_mark)
        out = YamlSeq()
        out.pos = (node.start_mark.line + 1, node.start_mark.column + 1)
        out.item_pos = []
        memo[id(node)] = out
        for item in node.value:
            out.item_pos.append((item.start_mark.line + 1, item.start_mark.column + 1))
            out.append(_construct(item, memo))
    elif isinstance(node, yaml.MappingNode):
        if node.tag != _TAG + "map":
            raise _Problem(f"unsupported YAML tag {node.tag!r}", node.start_mark)
        out = YamlMap()
        out.pos = (node.start_mark.line + 1, node.start_mark.column + 1)
        out.key_pos = {}
        memo[id(node)] = out
        for knode, vnode in node.value:
            if not isinstance(knode, yaml.ScalarNode):
                raise _Problem("a mapping key must be a plain value", knode.start_mark)
            key = str(_scalar(knode))
            if key in out:
                first = out.key_pos[key][0]
                raise _Problem(f"duplicate key '{key}' (first on line {first})", knode.start_mark)
            out.key_pos[key] = (knode.start_mark.line + 1, knode.start_mark.column + 1)
            out[key] = _construct(vnode, memo)
    else:  # pragma: no cover - compose yields only the three node kinds
        raise _Problem("unexpected YAML node", node.start_mark)
    memo[id(node)] = out
    return out


def read_yaml(path: Path, display: str) -> tuple[Any, list[KBError]]:
    """Parse one YAML file into (positioned tree of YamlMap/YamlSeq/scalars, errors).

    The tree is None on failure. Only plain data is accepted: no Python tags, no merge
    magic; booleans are only true/false, dates stay as written.
    """
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return None, [KBError(display, None, None, None, f"file larger than {MAX_FILE_BYTES} bytes")]
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as e:
        return None, [KBError(display, None, None, None, f"not UTF-8 text ({e.reason} at byte {e.start})")]
    except OSError as e:
        return None, [KBError(display, None, None, None, f"cannot read file: {e.strerror}")]
    return parse_yaml_text(text, display)


def parse_yaml_text(text: str, display: str) -> tuple[Any, list[KBError]]:
    """Parse YAML text (see :func:`read_yaml`)."""
    try:
        root = yaml.compose(text, Loader=_LOADER)
        return (None if root is None else _construct(root, {})), []
    except _Problem as e:
        return None, [KBError(display, e.mark.line + 1, e.mark.column + 1, None, str(e))]
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = mark.line + 1 if mark else None
        col = mark.column + 1 if mark else None
        what = " ".join(x for x in (e.context, e.problem) if x)
        return None, [KBError(display, line, col, None, f"YAML syntax error: {what}")]
    except (yaml.YAMLError, RecursionError, ValueError) as e:
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
    return node


def locate(node: Any, loc: tuple) -> tuple[int | None, int | None]:
    """(line, column), 1-based, of the deepest part of ``loc`` found in the tree."""
    line = col = None
    if isinstance(node, (YamlMap, YamlSeq)):
        line, col = node.pos
    cur = node
    for part in loc:
        if isinstance(cur, YamlMap) and isinstance(part, str) and part in cur:
            line, col = cur.key_pos[part]
            cur = cur[part]
        elif isinstance(cur, YamlSeq) and isinstance(part, int) and 0 <= part < len(cur):
            line, col = cur.item_pos[part]
            cur = cur[part]
        elif isinstance(part, str) and not isinstance(cur, (YamlMap, YamlSeq)):
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
