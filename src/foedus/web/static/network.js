/* The network for a date: states on a circle, each treaty between its parties; a slider moves the date. */
"use strict";
(function () {
  const box = document.getElementById("network");
  const slider = document.getElementById("net-slider");
  const input = document.getElementById("net-input");
  let data = JSON.parse(document.getElementById("network-data").textContent);

  function draw() {
    const width = Math.max(600, box.clientWidth || 900), height = 620;
    box.textContent = "";
    const svg = svgEl("svg", {width: width, height: height, viewBox: `0 0 ${width} ${height}`, role: "img"}, box);
    const states = data.nodes.filter(n => n.kind === "state");
    const treaties = data.nodes.filter(n => n.kind === "treaty");
    const cx = width / 2, cy = height / 2, R = Math.min(width, height) / 2 - 70;
    const pos = {};
    states.forEach((n, i) => {
      const a = 2 * Math.PI * i / Math.max(1, states.length) - Math.PI / 2;
      pos[n.id] = [cx + R * Math.cos(a), cy + R * Math.sin(a)];
    });
    const seen = {};
    treaties.forEach(t => {
      const ps = data.edges.filter(e => e.target === t.id).map(e => pos[e.source]).filter(Boolean);
      let x = ps.reduce((s, p) => s + p[0], 0) / Math.max(1, ps.length);
      let y = ps.reduce((s, p) => s + p[1], 0) / Math.max(1, ps.length);
      x = cx + (x - cx) * 0.8; y = cy + (y - cy) * 0.8;
      const key = Math.round(x / 12) + ":" + Math.round(y / 12);
      const k = seen[key] = (seen[key] || 0) + 1;
      pos[t.id] = [x + (k - 1) * 16, y + (k - 1) * 14];
    });
    const edges = svgEl("g", {class: "edges"}, svg);
    data.edges.forEach(e => {
      const a = pos[e.source], b = pos[e.target];
      if (!a || !b) return;
      svgEl("line", {x1: a[0], y1: a[1], x2: b[0], y2: b[1], class: e.certain ? "edge" : "edge uncertain"}, edges);
    });
    treaties.forEach(t => {
      const [x, y] = pos[t.id];
      const l = svgLink(svg, t.url);
      svgEl("title", {}, l).textContent = t.label;
      svgEl("rect", {x: x - 6, y: y - 6, width: 12, height: 12, class: `treaty-node kind-${t.category}`}, l);
      svgText(l, x + 9, y + 4, t.label.length > 34 ? t.label.slice(0, 32) + "…" : t.label, {class: "tlabel"});
    });
    states.forEach(s => {
      const [x, y] = pos[s.id];
      const l = svgLink(svg, s.url);
      svgEl("title", {}, l).textContent = s.label;
      svgEl("circle", {cx: x, cy: y, r: 16, class: "state-node"}, l);
      svgText(l, x, y + 4, s.id, {class: "slabel", "text-anchor": "middle"});
      svgText(l, x, y + 30, s.label, {class: "sname", "text-anchor": "middle"});
    });
    if (!data.nodes.length) svgText(svg, cx, cy, "No treaty in force on this date in the knowledge base.", {"text-anchor": "middle", class: "empty"});
    document.getElementById("net-date").textContent = data.date.text;
    const nS = states.length, nT = treaties.length;
    document.getElementById("net-count").textContent = `${nS} states, ${nT} treaties in force.`;
    const q = encodeURIComponent(data.date.text);
    document.getElementById("exp-graphml").href = `/export/network.graphml?date=${q}`;
    document.getElementById("exp-csv").href = `/export/network.csv?date=${q}`;
    document.getElementById("exp-json").href = `/api/network?date=${q}`;
  }

  async function load(date) {
    const resp = await fetch(`/api/network?date=${encodeURIComponent(date)}`);
    const body = await resp.json();
    if (!resp.ok) { input.setCustomValidity(body.detail || "bad date"); input.reportValidity(); return; }
    input.setCustomValidity("");
    data = body;
    input.value = data.date.text;
    history.replaceState(null, "", `/network?date=${encodeURIComponent(data.date.text)}`);
    draw();
  }
  let timer = null;
  slider.addEventListener("input", () => {
    const v = Number(slider.value), y = Math.floor(v / 12), m = v % 12 + 1;
    const date = `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-01`;
    input.value = date;
    clearTimeout(timer);
    timer = setTimeout(() => load(date), 120);
  });
  document.getElementById("net-form").addEventListener("submit", ev => { ev.preventDefault(); load(input.value); });
  window.addEventListener("resize", draw);
  draw();
})();
