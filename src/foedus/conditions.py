"""The condition language in which treaty clauses say *when* an obligation binds.

A condition is a small boolean expression over predicates, e.g.::

    attacked(beneficiary, by=any) and unprovoked(beneficiary)
        and (league_finding("aggression") or not league_procedure(16))

    attacked(beneficiary) and assisted(FRN, beneficiary)      # "only if France acts first"

It is parsed by a fixed grammar (lark, LALR) into an immutable AST; nothing is ever
evaluated as Python.  Identifiers are roles (``obligor``, ``beneficiary``, ``any``) or
state ids (COW abbreviations such as ``FRN``, ``RUS``, ``GMY``).  Which predicates
exist, and the arguments each takes, is the table :data:`PREDICATES`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator, Union

from lark import Lark, Token, Transformer, v_args
from lark.exceptions import LarkError, UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken

__all__ = [
    "ConditionError", "parse_condition", "PREDICATES", "ROLES",
    "And", "Or", "Not", "Const", "Call", "Ref", "Lit", "ListV", "Node", "walk", "to_text",
]

MAX_LENGTH = 2000
MAX_DEPTH = 24

ROLES = ("obligor", "beneficiary", "any")

GRAMMAR = r"""
?start: or_expr
?or_expr: and_expr (_OR and_expr)*
?and_expr: not_expr (_AND not_expr)*
?not_expr: _NOT not_expr -> neg
         | atom
?atom: call
     | TRUE -> true
     | FALSE -> false
     | "(" or_expr ")"
call: NAME "(" [arg ("," arg)*] ")"
?arg: NAME "=" value -> kwarg
    | value
?value: NAME -> ref
      | ESCAPED_STRING -> string
      | SIGNED_INT -> integer
      | "[" [value ("," value)*] "]" -> list_value
_AND.2: /and\b/
_OR.2: /or\b/
_NOT.2: /not\b/
TRUE.2: /true\b/
FALSE.2: /false\b/
NAME: /[A-Za-z_][A-Za-z0-9_]*/
%import common.ESCAPED_STRING
%import common.SIGNED_INT
%import common.WS
%ignore WS
"""


class ConditionError(ValueError):
    """A condition that does not parse or does not fit the predicate table."""

    def __init__(self, message: str, column: int | None = None):
        super().__init__(message if column is None else f"{message} (at column {column})")
        self.column = column


# ----------------------------------------------------------------------------- AST
@dataclass(frozen=True)
class Ref:
    name: str


@dataclass(frozen=True)
class Lit:
    value: str | int


@dataclass(frozen=True)
class ListV:
    items: tuple["Value", ...]


Value = Union[Ref, Lit, ListV]


@dataclass(frozen=True)
class Call:
    name: str
    args: tuple[Value, ...]
    kwargs: tuple[tuple[str, Value], ...]

    def arg(self, name: str) -> Value | None:
        """The argument bound to parameter ``name`` (positional or keyword), or None."""
        spec = PREDICATES[self.name]
        for k, v in self.kwargs:
            if k == name:
                return v
        names = [p.name for p in spec.params]
        i = names.index(name)
        return self.args[i] if i < len(self.args) else None


@dataclass(frozen=True)
class And:
    items: tuple["Node", ...]


@dataclass(frozen=True)
class Or:
    items: tuple["Node", ...]


@dataclass(frozen=True)
class Not:
    item: "Node"


@dataclass(frozen=True)
class Const:
    value: bool


Node = Union[And, Or, Not, Const, Call]


# ----------------------------------------------------------------------------- predicate table
@dataclass(frozen=True)
class Param:
    name: str
    type: str  # actor | actors | text | int
    required: bool = True
    default: object = None


@dataclass(frozen=True)
class Predicate:
    name: str
    params: tuple[Param, ...]
    kind: str  # the condition kind it expresses (ATOP family)
    doc: str


def _p(name, params, kind, doc) -> Predicate:
    return Predicate(name, tuple(params), kind, doc)


PREDICATES: dict[str, Predicate] = {
    p.name: p
    for p in [
        _p("attacked", [Param("victim", "actor"), Param("by", "actors", False, "any")], "attack",
           "the victim suffered an armed attack (by the named adversary, if given)"),
        _p("threatened", [Param("victim", "actor"), Param("by", "actors", False, "any")], "threat",
           "the victim is threatened with or in danger of attack"),
        _p("unprovoked", [Param("victim", "actor")], "provocation",
           "the victim did not provoke the attack"),
        _p("in_place", [Param("place", "text")], "place",
           "the attack took place in the named place or region (e.g. \"Europe\")"),
        _p("on_territory", [Param("victim", "actor")], "place",
           "the attack fell on the victim's own territory"),
        _p("conflict_kind", [Param("kind", "text")], "conflict",
           "the conflict is of the named kind (e.g. \"interstate\", \"colonial\")"),
        _p("attackers_at_least", [Param("n", "int")], "number",
           "at least n states took part in the attack"),
        _p("league_finding", [Param("finding", "text", False, "aggression")], "league",
           "the League Council found as named (e.g. \"aggression\")"),
        _p("league_procedure", [Param("article", "int")], "league",
           "the Covenant procedure of the given article was set in motion"),
        _p("assisted", [Param("helper", "actor"), Param("helped", "actor")], "contingent",
           "the helper has come to the assistance of the helped (contingent obligation)"),
        _p("at_war", [Param("a", "actor"), Param("b", "actors", False, "any")], "war",
           "a is at war (with b, if given)"),
        _p("requested", [Param("by", "actor"), Param("of", "actors", False, "any")], "request",
           "the named party asked for the obligation to be performed (of the named addressee, if given)"),
        _p("demand_refused", [Param("victim", "actor")], "demands",
           "the victim refused the adversary's demands or to negotiate"),
    ]
}


# ----------------------------------------------------------------------------- parsing
@v_args(inline=True)
class _ToAst(Transformer):
    def or_expr(self, *items):
        return Or(tuple(items))

    def and_expr(self, *items):
        return And(tuple(items))

    def neg(self, item):
        return Not(item)

    def true(self, _):
        return Const(True)

    def false(self, _):
        return Const(False)

    def call(self, name: Token, *args):
        pos = tuple(a for a in args if a is not None and not isinstance(a, tuple))
        kw = tuple(a for a in args if isinstance(a, tuple))
        return _check_call(str(name), pos, kw, name.column)

    def kwarg(self, name: Token, value):
        return (str(name), value)

    def ref(self, name: Token):
        return Ref(str(name))

    def string(self, s: Token):
        return Lit(str(s)[1:-1].replace('\\"', '"'))

    def integer(self, s: Token):
        return Lit(int(s))

    def list_value(self, *items):
        return ListV(tuple(i for i in items if i is not None))


_parser = Lark(GRAMMAR, parser="lalr", maybe_placeholders=True)


def _check_value(pred: str, param: Param, v: Value, col: int | None) -> None:
    where = f"{pred}({param.name}=...)"
    ok = {
        "actor": isinstance(v, Ref),
        "actors": isinstance(v, Ref) or (isinstance(v, ListV) and all(isinstance(i, Ref) for i in v.items) and v.items),
        "text": isinstance(v, Lit) and isinstance(v.value, str),
        "int": isinstance(v, Lit) and isinstance(v.value, int),
    }[param.type]
    if not ok:
        expected = {
            "actor": "a role (obligor, beneficiary, any) or a state id",
            "actors": "a role, a state id, or a non-empty list of state ids",
            "text": "a quoted string",
            "int": "a whole number",
        }[param.type]
        raise ConditionError(f"{where}: expected {expected}", col)


def _check_call(name: str, args: tuple, kwargs: tuple, col: int | None) -> Call:
    spec = PREDICATES.get(name)
    if spec is None:
        raise ConditionError(f"unknown predicate '{name}'; known: {', '.join(sorted(PREDICATES))}", col)
    if len(args) > len(spec.params):
        raise ConditionError(f"{name}() takes at most {len(spec.params)} arguments, got {len(args)}", col)
    bound = {p.name: v for p, v in zip(spec.params, args)}
    for k, v in kwargs:
        if k not in {p.name for p in spec.params}:
            raise ConditionError(f"{name}() has no parameter '{k}'", col)
        if k in bound:
            raise ConditionError(f"{name}() got '{k}' twice", col)
        bound[k] = v
    for p in spec.params:
        if p.name not in bound:
            if p.required:
                raise ConditionError(f"{name}() is missing its argument '{p.name}'", col)
            continue
        _check_value(name, p, bound[p.name], col)
    return Call(name, args, kwargs)


def _depth(text: str) -> int:
    d = m = 0
    for ch in text:
        if ch in "([":
            d += 1
            m = max(m, d)
        elif ch in ")]":
            d -= 1
    return m


def parse_condition(text: str) -> Node:
    """Parse a condition into its AST; raise :class:`ConditionError` saying what was expected."""
    if not isinstance(text, str):
        raise ConditionError("a condition must be a string")
    if len(text) > MAX_LENGTH:
        raise ConditionError(f"condition longer than {MAX_LENGTH} characters")
    if _depth(text) > MAX_DEPTH:
        raise ConditionError(f"condition nested deeper than {MAX_DEPTH} levels")
    if not text.strip():
        raise ConditionError("empty condition")
    try:
        tree = _parser.parse(text)
        return _ToAst().transform(tree)
    except ConditionError:
        raise
    except UnexpectedCharacters as e:
        raise ConditionError(f"unexpected character {text[e.pos_in_stream]!r}", e.column) from None
    except UnexpectedEOF:
        raise ConditionError("condition ends too early (unbalanced parenthesis or dangling operator?)") from None
    except UnexpectedToken as e:
        got = "end of condition" if e.token.type == "$END" else repr(str(e.token))
        raise ConditionError(f"unexpected {got}", getattr(e, "column", None)) from None
    except UnexpectedInput as e:
        raise ConditionError("malformed condition", getattr(e, "column", None)) from None
    except LarkError as e:  # a ConditionError raised inside the transformer arrives wrapped
        inner = getattr(e, "orig_exc", None)
        if isinstance(inner, ConditionError):
            raise inner from None
        raise ConditionError(f"malformed condition: {e}") from None


def walk(node: Node) -> Iterator[Node]:
    """Every node of the AST, depth first."""
    yield node
    if isinstance(node, (And, Or)):
        for i in node.items:
            yield from walk(i)
    elif isinstance(node, Not):
        yield from walk(node.item)


def refs(node: Node) -> set[str]:
    """Every identifier the condition names (roles and state ids)."""
    out: set[str] = set()

    def add(v: Value) -> None:
        if isinstance(v, Ref):
            out.add(v.name)
        elif isinstance(v, ListV):
            for i in v.items:
                add(i)

    for n in walk(node):
        if isinstance(n, Call):
            for v in n.args:
                add(v)
            for _, v in n.kwargs:
                add(v)
    return out


def _value_text(v: Value) -> str:
    if isinstance(v, Ref):
        return v.name
    if isinstance(v, ListV):
        return "[" + ", ".join(_value_text(i) for i in v.items) + "]"
    return f'"{v.value}"' if isinstance(v.value, str) else str(v.value)


def to_text(node: Node) -> str:
    """The canonical text of an AST; ``parse_condition(to_text(n)) == n``."""
    if isinstance(node, Const):
        return "true" if node.value else "false"
    if isinstance(node, Not):
        return f"not {_wrap(node.item)}"
    if isinstance(node, (And, Or)):
        op = " and " if isinstance(node, And) else " or "
        return op.join(_wrap(i) for i in node.items)
    args = [_value_text(a) for a in node.args] + [f"{k}={_value_text(v)}" for k, v in node.kwargs]
    return f"{node.name}({', '.join(args)})"


def _wrap(node: Node) -> str:
    return f"({to_text(node)})" if isinstance(node, (And, Or)) else to_text(node)
