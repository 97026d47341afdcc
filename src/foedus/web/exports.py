"""What a page shows, as files to download: CSV tables and GraphML networks."""

from __future__ import annotations

import csv
import io
import json
from typing import Any, Iterable

import networkx as nx

from foedus.web import schemas as S


def to_csv(header: list[str], rows: Iterable[Iterable[Any]]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    for r in rows:
        w.writerow(["" if v is None else (json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else v)
                    for v in r])
    return buf.getvalue()


def _d(d: S.DateOut | None, part: str) -> Any:
    return None if d is None else getattr(d, part)


def timeline_csv(tl: S.Timeline) -> str:
    """One line per timeline bar: the dates as written and the span of days each may mean."""
    return to_csv(
        ["kind", "id", "label", "category", "start", "start_earliest", "start_latest", "end", "end_earliest",
         "end_latest", "open_end", "url"],
        ([r.kind, r.id, r.label, r.category, r.start.text, r.start.earliest, r.start.latest, _d(r.end, "text"),
          _d(r.end, "earliest"), _d(r.end, "latest"), r.open_end, r.url] for r in tl.rows))


def clauses_csv(t: S.TreatyOut) -> str:
    """A treaty's clauses with their conditions and the sources cited for each."""
    return to_csv(
        ["treaty", "clause", "article", "obligation", "obligors", "beneficiaries", "condition", "action", "text",
         "text_kind", "secret", "sources", "quotes"],
        ([t.id, c.id, c.article, c.obligation, " ".join(c.obligors), " ".join(c.beneficiaries), c.condition,
          c.action, c.text, c.text_kind, c.secret, " ".join(x.source for x in c.cite),
          " | ".join(x.quote for x in c.cite if x.quote)] for c in t.clauses))


def network_graph(net: S.Network) -> nx.Graph:
    g = nx.Graph(date=net.date.text)
    for n in net.nodes:
        g.add_node(n.id, kind=n.kind, label=n.label, category=n.category or "")
    for e in net.edges:
        g.add_edge(e.source, e.target, certain=e.certain)
    return g


def network_graphml(net: S.Network) -> str:
    """The network of states and treaties for one date, as GraphML (for Gephi, yEd, networkx)."""
    return "\n".join(nx.generate_graphml(network_graph(net))) + "\n"


def network_csv(net: S.Network) -> str:
    labels = {n.id: n.label for n in net.nodes}
    return to_csv(["date", "state", "state_name", "treaty", "treaty_name", "certain"],
                  ([net.date.text, e.source, labels.get(e.source), e.target, labels.get(e.target), e.certain]
                   for e in net.edges))
