"""Full-text search over the knowledge base: a small in-memory index of every text field
(names, summaries, clause texts, claim statements, quoted source passages)."""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from typing import Iterator

from pydantic import BaseModel

from foedus.kb.loader import KnowledgeBase, _walk_citations
from foedus.web import schemas as S
from foedus.web.views import ref

_WORD = re.compile(r"\w+", re.UNICODE)


def fold(text: str) -> str:
    """Lower-case, accent-free, whitespace-folded text, so 'Lavál' finds 'Laval'."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(text.lower().split())


@dataclass(frozen=True)
class Doc:
    kind: str
    id: str
    field: str
    text: str
    folded: str


def _docs(kb: KnowledgeBase) -> Iterator[Doc]:
    def d(kind: str, ident: str, field: str, text: str | None) -> Iterator[Doc]:
        if text:
            yield Doc(kind, ident, field, text, fold(text))

    for kind, ent in kb.entities():
        for attr in ("name", "short_name", "title", "statement", "summary", "description", "assessment", "author"):
            yield from d(kind, ent.id, attr, getattr(ent, attr, None))
        for alias in getattr(ent, "aliases", []) or []:
            yield from d(kind, ent.id, "aliases", alias)
        if kind == "treaty":
            for c in ent.clauses:
                yield from d("clause", f"{ent.id}/{c.id}", f"{c.article}", c.text)
                yield from d("clause", f"{ent.id}/{c.id}", f"{c.article} (action)", c.action)
        if kind == "person":
            for o in ent.offices:
                yield from d(kind, ent.id, "office", o.title)
        if kind == "crisis":
            for f in ent.facts:
                yield from d(kind, ent.id, f"fact {f.id}", f.note)
        if isinstance(ent, BaseModel):
            for path, cit in _walk_citations(ent, ()):
                yield from d(kind, ent.id, f"quote ({cit.source})", cit.quote)
                yield from d(kind, ent.id, f"note ({cit.source})", cit.note)
        yield from d(kind, ent.id, "id", ent.id)


class SearchIndex:
    """Every text of the KB, searched by all-words-present (accent- and case-insensitive)."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.docs = list(_docs(kb))

    @functools.lru_cache(maxsize=256)  # one index per app; the KB does not change while it runs
    def search(self, q: str, limit: int = 100) -> S.SearchResults:
        terms = [t for t in _WORD.findall(fold(q))]
        if not terms:
            return S.SearchResults(q=q, total=0, hits=[])
        best: dict[tuple[str, str], tuple[int, Doc]] = {}
        for doc in self.docs:
            if all(t in doc.folded for t in terms):
                score = sum(doc.folded.count(t) for t in terms) + (5 if doc.field in ("name", "title", "short_name") else 0)
                key = (doc.kind, doc.id)
                if key not in best or score > best[key][0]:
                    best[key] = (score, doc)
        ranked = sorted(best.values(), key=lambda sd: (-sd[0], sd[1].kind, sd[1].id))
        hits = [S.SearchHit(ref=ref(self.kb, doc.id, doc.kind), field=doc.field, snippet=snippet(doc.text, terms[0]))
                for _, doc in ranked[:limit]]
        return S.SearchResults(q=q, total=len(ranked), hits=hits)


def snippet(text: str, term: str, width: int = 90) -> str:
    """A window of ``text`` around the first place ``term`` occurs (plain text, never HTML)."""
    folded = fold(text)
    flat = " ".join(text.split())
    i = folded.find(term)
    if i < 0 or len(flat) != len(folded):
        i = flat.lower().find(term)
    if i < 0:
        return flat[: 2 * width] + ("…" if len(flat) > 2 * width else "")
    a, b = max(0, i - width), min(len(flat), i + len(term) + width)
    return ("…" if a else "") + flat[a:b] + ("…" if b < len(flat) else "")
