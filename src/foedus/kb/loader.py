"""Loading the YAML knowledge base into typed entities, collecting every problem."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from pydantic import BaseModel, ValidationError

from foedus.kb.errors import KBError
from foedus.kb.models import (
    ENTITY_OF_SECTION, SECTIONS, Citation, Claim, Clause, Conflict, Crisis, Event, Person, Source, State, Treaty,
)
from foedus.kb.yamlsrc import TooComplex, dotted, locate, plain, read_yaml


@dataclass
class Origin:
    """Where an entity was written: its file, the path to it and its YAML node."""

    file: str
    path: tuple
    node: Any = field(repr=False, compare=False)

    def at(self, *sub: Any) -> tuple[int | None, int | None]:
        return locate(self.node, tuple(sub))


@dataclass
class KnowledgeBase:
    """The whole knowledge base: every entity by id, and where each was written."""

    root: Path
    sources: dict[str, Source] = field(default_factory=dict)
    states: dict[str, State] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)
    treaties: dict[str, Treaty] = field(default_factory=dict)
    events: dict[str, Event] = field(default_factory=dict)
    crises: dict[str, Crisis] = field(default_factory=dict)
    claims: dict[str, Claim] = field(default_factory=dict)
    conflicts: dict[str, Conflict] = field(default_factory=dict)
    origins: dict[tuple[str, str], Origin] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)

    def table(self, kind: str) -> dict[str, BaseModel]:
        return {
            "source": self.sources, "state": self.states, "person": self.people, "treaty": self.treaties,
            "event": self.events, "crisis": self.crises, "claim": self.claims, "conflict": self.conflicts,
        }[kind]

    KINDS = ("source", "state", "person", "treaty", "event", "crisis", "claim", "conflict")

    def entities(self) -> Iterator[tuple[str, BaseModel]]:
        """Every top-level entity as (kind, model), in a stable order."""
        for kind in self.KINDS:
            for key in sorted(self.table(kind)):
                yield kind, self.table(kind)[key]

    def get(self, ident: str) -> tuple[str, BaseModel] | None:
        """The entity with this id, whatever its kind (clauses as 'treaty/clause')."""
        for kind in self.KINDS:
            if ident in self.table(kind):
                return kind, self.table(kind)[ident]
        clause = self.clause(ident)
        return ("clause", clause) if clause else None

    def clauses(self) -> Iterator[tuple[Treaty, Clause]]:
        for tid in sorted(self.treaties):
            t = self.treaties[tid]
            for c in t.clauses:
                yield t, c

    def clause(self, ref: str, within: str | None = None) -> Clause | None:
        """A clause by qualified ref 'treaty/clause', or by local id within a treaty."""
        tid, _, cid = ref.rpartition("/")
        tid = tid or within
        t = self.treaties.get(tid or "")
        if t is None:
            return None
        return next((c for c in t.clauses if c.id == cid), None)

    def citations(self) -> Iterator[tuple[str, str, tuple, Citation]]:
        """Every citation as (entity kind, entity id, path inside the entity, citation)."""
        for kind, ent in self.entities():
            for path, cit in _walk_citations(ent, ()):
                yield kind, ent.id, path, cit

    def counts(self) -> dict[str, int]:
        out = {k: len(self.table(k)) for k in self.KINDS}
        out["clause"] = sum(1 for _ in self.clauses())
        return out


def _walk_citations(obj: Any, path: tuple) -> Iterator[tuple[tuple, Citation]]:
    if isinstance(obj, Citation):
        yield path, obj
    elif isinstance(obj, BaseModel):
        for name in type(obj).model_fields:
            yield from _walk_citations(getattr(obj, name), path + (name,))
    elif isinstance(obj, (list, tuple)):
        for i, v in enumerate(obj):
            yield from _walk_citations(v, path + (i,))


def _errors_from_validation(exc: ValidationError, display: str, node: Any, base: tuple) -> list[KBError]:
    out = []
    for err in exc.errors(include_url=False):
        loc = tuple(err.get("loc", ()))
        line, col = locate(node, base + loc)
        msg = err.get("msg", "invalid")
        if err.get("type") == "extra_forbidden":
            msg = "unknown field (misspelt?)"
        elif err.get("type") == "missing":
            msg = "required field is missing"
        elif err.get("type") == "literal_error":
            msg = "expected " + str(err.get("ctx", {}).get("expected", "one of the allowed values"))
        elif msg.startswith("Value error, "):
            msg = msg[len("Value error, "):]
        out.append(KBError(display, line, col, dotted(base + loc) or None, msg))
    return out


def kb_files(root: Path) -> list[Path]:
    """The YAML files of a knowledge base, in a stable order."""
    return sorted(p for p in root.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())


def load(root: Path) -> tuple[KnowledgeBase, list[KBError]]:
    """Read every YAML file under ``root``; return what validated and every problem found.

    One bad entity never hides the others: each is validated on its own.
    """
    root = Path(root)
    kb = KnowledgeBase(root=root)
    errors: list[KBError] = []
    if not root.is_dir():
        return kb, [KBError(str(root), None, None, None, "knowledge-base folder not found")]
    for path in kb_files(root):
        display = path.relative_to(root.parent).as_posix() if root.parent != root else path.name
        kb.files.append(display)
        node, errs = read_yaml(path, display)
        errors += errs
        if errs:
            continue
        if node is None:
            errors.append(KBError(display, None, None, None, "empty file"))
            continue
        if not isinstance(node, dict):
            errors.append(KBError(display, 1, 1, None, f"expected a mapping with one of: {', '.join(SECTIONS)}"))
            continue
        for key in node:
            if key not in SECTIONS:
                line, col = locate(node, (key,))
                errors.append(KBError(display, line, col, str(key), f"unknown section; expected one of: {', '.join(SECTIONS)}"))
                continue
            model, is_list = SECTIONS[key]
            items = node[key]
            if is_list and not isinstance(items, list):
                line, col = locate(node, (key,))
                errors.append(KBError(display, line, col, key, "expected a list of entries"))
                continue
            if not is_list:
                items = [items]
            for i, item in enumerate(items):
                base = (key, i) if is_list else (key,)
                sub = item
                try:
                    ent = model.model_validate(plain(sub))
                except ValidationError as exc:
                    errors += _errors_from_validation(exc, display, node, base)
                    continue
                except (TooComplex, RecursionError) as exc:
                    line, col = locate(node, base)
                    errors.append(KBError(display, line, col, dotted(base), f"too complex: {exc}"))
                    continue
                kind = ENTITY_OF_SECTION[key]
                table = kb.table(kind)
                if ent.id in table:
                    first = kb.origins[(kind, ent.id)]
                    fl, _ = first.at()
                    line, col = locate(node, base + ("id",))
                    errors.append(KBError(display, line, col, dotted(base + ("id",)),
                                          f"duplicate {kind} id '{ent.id}' (first defined in {first.file}:{fl})"))
                    continue
                table[ent.id] = ent
                kb.origins[(kind, ent.id)] = Origin(display, base, locate_node(node, base))
    return kb, errors


def locate_node(node: Any, path: tuple) -> Any:
    for p in path:
        node = node[p]
    return node
