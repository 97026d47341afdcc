"""Compiling the knowledge base into an embedded DuckDB database and Parquet files.

The output is a folder ``kb-<hash>/`` holding ``foedus.duckdb``, one Parquet file per
table and ``manifest.json``; ``build/kb`` is a symbolic link to it, swapped atomically
once the new folder is complete.  A failed or interrupted build leaves the link, and
so the previous database, untouched.  The same KB always gives byte-identical Parquet
files and the same hash.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path
from typing import Any, Callable, Iterable

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from foedus.dates import FuzzyDate
from foedus.kb.loader import KnowledgeBase
from foedus.kb.yamlsrc import dotted

DB_NAME = "foedus.duckdb"
LINK_NAME = "kb"


def _d(prefix: str, v: FuzzyDate | None) -> dict[str, Any]:
    return {
        prefix: None if v is None else v.edtf,
        f"{prefix}_earliest": None if v is None else v.earliest,
        f"{prefix}_latest": None if v is None else v.latest,
    }


def _json(v: Any) -> str | None:
    return None if v is None else json.dumps(v, sort_keys=True, ensure_ascii=False, default=str)


def rows(kb: KnowledgeBase) -> dict[str, list[dict[str, Any]]]:
    """The knowledge base flattened into relational rows, one list per table."""
    t: dict[str, list[dict[str, Any]]] = {k: [] for k in (
        "sources", "states", "people", "offices", "treaties", "treaty_parties", "protocols", "clauses",
        "events", "crises", "crisis_facts", "claims", "conflicts", "citations")}
    for s in sorted(kb.sources.values(), key=lambda x: x.id):
        t["sources"].append({**s.model_dump(exclude={"reliability"}), "grade": s.reliability.grade,
                             "grade_reason": s.reliability.reason, "file_of": kb.origins[("source", s.id)].file})
    for s in sorted(kb.states.values(), key=lambda x: x.id):
        t["states"].append({"id": s.id, "name": s.name, "kind": s.kind, "ccode": s.ccode, "aliases": list(s.aliases),
                            **_d("existed_from", s.existed_from), **_d("existed_to", s.existed_to)})
    for p in sorted(kb.people.values(), key=lambda x: x.id):
        t["people"].append({"id": p.id, "name": p.name, "aliases": list(p.aliases), **_d("born", p.born),
                            **_d("died", p.died), "nationality": p.nationality})
        for i, o in enumerate(p.offices):
            t["offices"].append({"person": p.id, "seq": i, "title": o.title, "state": o.state,
                                 **_d("start", o.start), **_d("end", o.end)})
    for tr in sorted(kb.treaties.values(), key=lambda x: x.id):
        term = tr.term
        t["treaties"].append({
            "id": tr.id, "name": tr.name, "short_name": tr.short_name, "kind": tr.kind, "status": tr.status,
            "public": tr.public, **_d("signed", tr.signed.date if tr.signed else None),
            "signed_place": tr.signed.place if tr.signed else None,
            **_d("in_force", tr.in_force.date if tr.in_force else None),
            **_d("ended", tr.ended.date if tr.ended else None),
            "ended_how": tr.ended.how if tr.ended else None, "ended_by": tr.ended.by if tr.ended else None,
            "term_years": term.years if term else None, "renewal": term.renewal if term else None,
            "renewal_years": term.renewal_years if term else None, "notice_months": term.notice_months if term else None,
            "summary": tr.summary, "related": list(tr.related), "file_of": kb.origins[("treaty", tr.id)].file,
        })
        for p in tr.parties:
            t["treaty_parties"].append({"treaty": tr.id, "state": p.state, **_d("signed", p.signed),
                                        **_d("ratified", p.ratified), **_d("joined", p.joined), **_d("left", p.left),
                                        "role": p.role})
        for p in tr.protocols:
            t["protocols"].append({"treaty": tr.id, "id": p.id, "title": p.title, **_d("signed", p.signed), "secret": p.secret})
        for i, c in enumerate(tr.clauses):
            t["clauses"].append({
                "treaty": tr.id, "id": c.id, "ref": f"{tr.id}/{c.id}", "seq": i, "article": c.article, "text": c.text,
                "text_kind": c.text_kind, "obligation": c.obligation,
                "obligors": list(c.obligors) if c.obligors is not None else None,
                "beneficiaries": list(c.beneficiaries) if c.beneficiaries is not None else None,
                "condition": c.condition, "contingent_on": list(c.contingent_on), "action": c.action,
                "protocol": c.protocol, "secret": c.secret, "notes": c.notes})
    for e in sorted(kb.events.values(), key=lambda x: x.id):
        t["events"].append({"id": e.id, **_d("date", e.date), **_d("end", e.end), "title": e.title, "kind": e.kind,
                            "actors": list(e.actors), "targets": list(e.targets), "people": list(e.people),
                            "place": e.place, "treaty": e.treaty, "description": e.description})
    for c in sorted(kb.crises.values(), key=lambda x: x.id):
        t["crises"].append({"id": c.id, "name": c.name, **_d("date", c.date), **_d("start", c.start), **_d("end", c.end),
                            "summary": c.summary, "file_of": kb.origins[("crisis", c.id)].file})
        for i, f in enumerate(c.facts):
            t["crisis_facts"].append({"crisis": c.id, "id": f.id, "seq": i, "kind": f.kind, **_d("date", f.date),
                                      "actor": list(f.actor), "target": list(f.target), "place": f.place,
                                      "region": f.region, "detail": _json(f.detail), "event": f.event, "note": f.note})
    for c in sorted(kb.claims.values(), key=lambda x: x.id):
        t["claims"].append({"id": c.id, "about": c.about, "field": c.field, "value": _json(c.value), "kind": c.kind,
                            "statement": c.statement, "by": c.by})
    for k in sorted(kb.conflicts.values(), key=lambda x: x.id):
        t["conflicts"].append({"id": k.id, "about": k.about, "field": k.field, "kind": k.kind, "claims": list(k.claims),
                               "description": k.description, "status": k.status, "assessment": k.assessment})
    for kind, ident, path, cit in kb.citations():
        t["citations"].append({"entity_kind": kind, "entity_id": ident, "path": dotted(path), "source": cit.source,
                               "quote": cit.quote, "loc": cit.loc, "confidence": cit.confidence, "note": cit.note})
    return t


S, I, F, B, D = pa.string(), pa.int64(), pa.float64(), pa.bool_(), pa.date32()
L = pa.list_(pa.string())


def _dates(*names: str) -> list[tuple[str, pa.DataType]]:
    return [c for n in names for c in ((n, S), (f"{n}_earliest", D), (f"{n}_latest", D))]


SCHEMAS: dict[str, list[tuple[str, pa.DataType]]] = {
    "sources": [("id", S), ("kind", S), ("file", S), ("author", S), ("title", S), ("year", I), ("container", S),
                ("publisher", S), ("pages", S), ("identifier", S), ("notes", S), ("grade", S), ("grade_reason", S),
                ("file_of", S)],
    "states": [("id", S), ("name", S), ("kind", S), ("ccode", I), ("aliases", L), *_dates("existed_from", "existed_to")],
    "people": [("id", S), ("name", S), ("aliases", L), *_dates("born", "died"), ("nationality", S)],
    "offices": [("person", S), ("seq", I), ("title", S), ("state", S), *_dates("start", "end")],
    "treaties": [("id", S), ("name", S), ("short_name", S), ("kind", S), ("status", S), ("public", S),
                 *_dates("signed"), ("signed_place", S), *_dates("in_force", "ended"), ("ended_how", S),
                 ("ended_by", S), ("term_years", F), ("renewal", S), ("renewal_years", F), ("notice_months", F),
                 ("summary", S), ("related", L), ("file_of", S)],
    "treaty_parties": [("treaty", S), ("state", S), *_dates("signed", "ratified", "joined", "left"), ("role", S)],
    "protocols": [("treaty", S), ("id", S), ("title", S), *_dates("signed"), ("secret", B)],
    "clauses": [("treaty", S), ("id", S), ("ref", S), ("seq", I), ("article", S), ("text", S), ("text_kind", S),
                ("obligation", S), ("obligors", L), ("beneficiaries", L), ("condition", S), ("contingent_on", L),
                ("action", S), ("protocol", S), ("secret", B), ("notes", S)],
    "events": [("id", S), *_dates("date", "end"), ("title", S), ("kind", S), ("actors", L), ("targets", L),
               ("people", L), ("place", S), ("treaty", S), ("description", S)],
    "crises": [("id", S), ("name", S), *_dates("date", "start", "end"), ("summary", S), ("file_of", S)],
    "crisis_facts": [("crisis", S), ("id", S), ("seq", I), ("kind", S), *_dates("date"), ("actor", L), ("target", L),
                     ("place", S), ("region", S), ("detail", S), ("event", S), ("note", S)],
    "claims": [("id", S), ("about", S), ("field", S), ("value", S), ("kind", S), ("statement", S), ("by", S)],
    "conflicts": [("id", S), ("about", S), ("field", S), ("kind", S), ("claims", L), ("description", S),
                  ("status", S), ("assessment", S)],
    "citations": [("entity_kind", S), ("entity_id", S), ("path", S), ("source", S), ("quote", S), ("loc", S),
                  ("confidence", S), ("note", S)],
}


def _arrow(name: str, data: list[dict[str, Any]]) -> pa.Table:
    schema = pa.schema(SCHEMAS[name])
    extra = {k for row in data for k in row} - set(schema.names)
    if extra:  # a column the schema forgot is a programming error, not a KB error
        raise KeyError(f"table {name}: columns not in schema: {sorted(extra)}")
    return pa.table({f.name: pa.array([row.get(f.name) for row in data], f.type) for f in schema}, schema=schema)


def content_hash(tables: dict[str, pa.Table]) -> str:
    h = hashlib.sha256()
    for name in sorted(tables):
        h.update(name.encode())
        sink = pa.BufferOutputStream()
        with pa.ipc.new_stream(sink, tables[name].schema) as w:
            w.write_table(tables[name])
        h.update(sink.getvalue().to_pybytes())
    return h.hexdigest()


def build(kb: KnowledgeBase, out: Path, *, progress: Callable[[str], None] | None = None) -> Path:
    """Write the database and Parquet files for ``kb`` under ``out``; return the folder.

    ``kb`` must already have passed :func:`foedus.kb.check_kb`.  Nothing visible changes
    until the new folder is complete: then the ``kb`` link is swapped in one rename.
    """
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    _remove_abandoned(out)
    tables = {name: _arrow(name, data) for name, data in rows(kb).items()}
    digest = content_hash(tables)[:16]
    final = out / f"kb-{digest}"
    link = out / LINK_NAME
    if not final.is_dir():
        tmp = out / f".tmp-kb-{digest}-{os.getpid()}"
        if tmp.exists():
            shutil.rmtree(tmp)
        (tmp / "parquet").mkdir(parents=True)
        for name, table in tables.items():
            if progress:
                progress(name)
            pq.write_table(table, tmp / "parquet" / f"{name}.parquet", compression="zstd", write_statistics=True)
        con = duckdb.connect(str(tmp / DB_NAME))
        try:
            con.execute("SET threads TO 1")
            for name in sorted(tables):
                con.register("_src", tables[name])
                con.execute(f'CREATE TABLE "{name}" AS SELECT * FROM _src')
                con.unregister("_src")
            meta = {"hash": digest, "tables": {n: tables[n].num_rows for n in sorted(tables)},
                    "files": list(kb.files)}
            con.execute("CREATE TABLE _meta AS SELECT ? AS manifest", [json.dumps(meta, sort_keys=True)])
            con.execute("CHECKPOINT")
        finally:
            con.close()
        (tmp / "manifest.json").write_text(json.dumps(meta, indent=2, sort_keys=True) + "\n")
        _fsync_tree(tmp)
        os.replace(tmp, final)
    tmp_link = out / f".tmp-link-{os.getpid()}"
    if tmp_link.is_symlink() or tmp_link.exists():
        tmp_link.unlink()
    tmp_link.symlink_to(final.name)
    os.replace(tmp_link, link)  # the atomic switch
    for old in out.glob("kb-*"):
        if old != final and old.is_dir():
            shutil.rmtree(old, ignore_errors=True)
    return final


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _remove_abandoned(out: Path) -> None:
    """Delete temporary folders and links left by builds that were killed mid-write."""
    for tmp in out.glob(".tmp-*"):
        try:
            pid = int(tmp.name.rsplit("-", 1)[1])
        except (IndexError, ValueError):
            continue
        if pid != os.getpid() and not _pid_alive(pid):
            if tmp.is_symlink() or tmp.is_file():
                tmp.unlink(missing_ok=True)
            else:
                shutil.rmtree(tmp, ignore_errors=True)


def _fsync_tree(path: Path) -> None:
    for p in sorted(path.rglob("*")):
        if p.is_file():
            with open(p, "rb") as f:
                os.fsync(f.fileno())


def database_path(out: Path) -> Path:
    """The current database file under a build folder."""
    return Path(out) / LINK_NAME / DB_NAME


def connect(out: Path, read_only: bool = True) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(database_path(out)), read_only=read_only)


def iter_tables(out: Path) -> Iterable[Path]:
    return sorted((Path(out) / LINK_NAME / "parquet").glob("*.parquet"))
