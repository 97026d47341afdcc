/* The crisis page: explanation trees on demand, and the what-if editor. Text only, never HTML. */
"use strict";
(function () {
  const crisis = JSON.parse(document.getElementById("crisis-data").textContent);
  const MAX_ROWS = 200;

  function el(tag, attrs, text) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  const MARK = {yes: "✔", no: "✘", uncertain: "?"};

  /* An engine Explanation {label, kind, value, cites, children} as a nested list. */
  function explanation(node) {
    const li = el("li");
    const head = el("span", {class: "verdict-" + (node.value || "note")},
      (node.value ? MARK[node.value] + " " : "") + node.label);
    li.appendChild(head);
    li.appendChild(el("span", {class: "small"}, ` [${node.kind}]`));
    for (const c of node.cites || []) li.appendChild(el("div", {class: "small"}, "— " + c));
    if (node.children && node.children.length) {
      const ul = el("ul");
      node.children.forEach(ch => ul.appendChild(explanation(ch)));
      li.appendChild(ul);
    }
    return li;
  }

  document.querySelectorAll("button.why").forEach(b => b.addEventListener("click", async () => {
    const box = b.nextElementSibling;
    if (box.childElementCount) { box.textContent = ""; return; }
    const r = await fetch(`/api/crises/${encodeURIComponent(crisis.id)}/obligation?key=${encodeURIComponent(b.dataset.key)}`);
    const o = await r.json();
    box.textContent = "";
    if (!r.ok) { box.appendChild(el("p", {class: "error"}, o.detail)); return; }
    const ul = el("ul");
    ul.appendChild(explanation(o.explanation));
    box.appendChild(ul);
  }));

  const added = [];
  const list = document.getElementById("nf-list");
  document.getElementById("nf-add").addEventListener("click", () => {
    const f = {id: `web-fact-${added.length + 1}`, kind: document.getElementById("nf-kind").value,
               date: document.getElementById("nf-date").value, actor: [document.getElementById("nf-actor").value]};
    const t = document.getElementById("nf-target").value;
    if (t) f.target = [t];
    added.push(f);
    list.appendChild(el("li", {}, `${f.date}: ${f.kind} by ${f.actor[0]}${t ? " against " + t : ""}`));
  });

  function counts(obj) {
    return Object.entries(obj).map(([k, v]) => `${k.replace(/_/g, " ")}: ${v}`).join(", ");
  }
  function table(headers, rows) {
    const t = el("table", {class: "data"});
    const tr = el("tr");
    headers.forEach(h => tr.appendChild(el("th", {}, h)));
    t.appendChild(tr);
    rows.slice(0, MAX_ROWS).forEach(r => {
      const row = el("tr");
      r.forEach(c => row.appendChild(el("td", {}, c === null || c === undefined ? "—" : c)));
      t.appendChild(row);
    });
    return t;
  }

  const out = document.getElementById("wi-result");
  document.getElementById("wi-run").addEventListener("click", async () => {
    const removed = [...document.querySelectorAll(".fact-toggle")].filter(c => !c.checked).map(c => c.dataset.fact);
    const body = {remove_facts: removed, add_facts: added, assume_performed: document.getElementById("wi-performed").checked};
    out.textContent = "running the engine…";
    const resp = await fetch(`/api/crises/${encodeURIComponent(crisis.id)}/whatif`,
      {method: "POST", headers: {"content-type": "application/json"}, body: JSON.stringify(body)});
    const res = await resp.json();
    out.textContent = "";
    if (!resp.ok) { out.appendChild(el("p", {class: "error", role: "alert"}, res.detail)); return; }
    const d = res.diff;
    const diff = el("div", {class: "diff", id: "wi-diff"});
    diff.appendChild(el("h3", {}, "What changes"));
    diff.appendChild(el("p", {}, `As recorded: ${counts(res.baseline.counts)}`));
    diff.appendChild(el("p", {}, `What-if: ${counts(res.what_if_evaluation.counts)}`));
    if (d.facts_removed.length) diff.appendChild(el("p", {}, "Facts removed or changed: " + d.facts_removed.join(", ")));
    if (d.facts_added.length) diff.appendChild(el("p", {}, "Facts added or changed: " + d.facts_added.join(", ")));
    if (d.treaties_changed.length)
      diff.appendChild(table(["treaty", "in force before", "after", "why"], d.treaties_changed.map(c => [c.key, c.before, c.after, c.reason_after])));
    diff.appendChild(el("p", {}, `${d.changed.length} obligation(s) change status` + (d.changed.length > MAX_ROWS ? ` (first ${MAX_ROWS} shown)` : "")));
    if (d.changed.length) diff.appendChild(table(["obligation", "before", "after", "why now"], d.changed.map(c => [c.key, c.before, c.after, c.reason_after])));
    out.appendChild(diff);
    const a = el("div", {class: "tree", id: "wi-audit"});
    a.appendChild(el("h3", {}, "Audit under the what-if"));
    a.appendChild(el("p", {id: "wi-audit-counts"}, counts(res.what_if_audit.counts)));
    a.appendChild(el("p", {}, `${res.verdict_changes.length} verdict(s) change`));
    if (res.verdict_changes.length) a.appendChild(table(["obligation", "verdict before", "after", "why now"],
      res.verdict_changes.map(v => [v.key, v.before, v.after, v.reason_after])));
    if (res.what_if_audit.betrayals.length) {
      a.appendChild(el("h4", {}, "Broken obligations and unlawful denunciations under the what-if"));
      const ul = el("ul");
      res.what_if_audit.betrayals.slice(0, MAX_ROWS).forEach(b => ul.appendChild(el("li", {}, b)));
      a.appendChild(ul);
    }
    out.appendChild(a);
  });
})();
