/* The zoomable timeline: bars from signature to end, pale bands with ?/~ for uncertain dates. */
"use strict";
(function () {
  const data = JSON.parse(document.getElementById("timeline-data").textContent);
  const box = document.getElementById("timeline");
  const ROW = 20, TOP = 28, LEFT = 8;
  const full = [dayNumber(data.start), dayNumber(data.end)];
  let view = [dayNumber("1924-01-01"), dayNumber("1940-01-01")];
  const shown = {treaty: true, event: true, crisis: true};

  /* Rows of the chosen kinds whose span meets the visible window. */
  function rows() {
    return data.rows.filter(r => {
      if (!shown[r.kind]) return false;
      const first = dayNumber(r.start.earliest);
      const last = r.open_end ? Infinity : dayNumber((r.end || r.start).latest);
      return first <= view[1] && last >= view[0];
    });
  }

  function draw() {
    const rs = rows();
    document.getElementById("tl-count").textContent = `${rs.length} of ${data.rows.length} rows in view`;
    const width = Math.max(600, box.clientWidth || 900);
    const height = TOP + rs.length * ROW + 10;
    box.textContent = "";
    const svg = svgEl("svg", {width: width, height: height, viewBox: `0 0 ${width} ${height}`, role: "img"}, box);
    const x = d => LEFT + (d - view[0]) / (view[1] - view[0]) * (width - 2 * LEFT);
    // year ticks
    const y0 = new Date(view[0] * 86400000).getUTCFullYear(), y1 = new Date(view[1] * 86400000).getUTCFullYear() + 1;
    const step = Math.max(1, Math.ceil((y1 - y0) / 20));
    const axis = svgEl("g", {class: "axis"}, svg);
    for (let y = y0; y <= y1; y += 1) {
      const d = dayNumber(`${String(y).padStart(4, "0")}-01-01`);
      if (d < view[0] || d > view[1]) continue;
      svgEl("line", {x1: x(d), x2: x(d), y1: TOP - 6, y2: height, class: y % step === 0 ? "tick major" : "tick"}, axis);
      if (y % step === 0) svgText(axis, x(d) + 2, TOP - 10, String(y), {class: "ticklabel"});
    }
    const clipEnd = x(view[1]);
    rs.forEach((r, i) => {
      const yy = TOP + i * ROW;
      const g = svgEl("g", {class: `tl-row tl-${r.kind}`, "data-id": r.id}, svg);
      const s0 = dayNumber(r.start.earliest), s1 = dayNumber(r.start.latest);
      let e0 = null, e1 = null;
      if (r.end) { e0 = dayNumber(r.end.earliest); e1 = dayNumber(r.end.latest); }
      const link = svgLink(g, r.url);
      const title = svgEl("title", {}, link);
      title.textContent = `${r.label} — ${r.start.text}${r.end ? " to " + r.end.text : (r.open_end ? " (no end recorded)" : "")}`;
      // certain part of the bar
      const barFrom = s1, barTo = r.end ? e0 : (r.open_end ? full[1] : null);
      if (barTo !== null && barTo > barFrom) {
        svgEl("rect", {x: x(barFrom), y: yy + 4, width: Math.max(1, x(barTo) - x(barFrom)), height: ROW - 8,
                       class: "bar" + (r.open_end ? " open" : "")}, link);
      } else if (s0 === s1 && !r.end) {
        svgEl("circle", {cx: x(s0), cy: yy + ROW / 2, r: 5, class: "dot"}, link);
      }
      // uncertain spans, with their marker
      const band = (a, b, d) => {
        if (a === b) return;
        svgEl("rect", {x: x(a), y: yy + 2, width: Math.max(3, x(b + 1) - x(a)), height: ROW - 4, class: "band"}, link);
        svgText(link, (x(a) + x(b + 1)) / 2, yy + ROW - 5, d.marker || "?", {class: "band-marker", "text-anchor": "middle"});
      };
      band(s0, s1, r.start);
      if (r.end) band(e0, e1, r.end);
      const after = s0 === s1 ? x(s0) + 9 : x(s1 + 1) + 4;  // the label starts after any uncertainty band
      const lx = Math.max(LEFT + 2, Math.min(after, clipEnd - 40));
      svgText(link, lx, yy + ROW - 6, r.label + (r.start.marker ? ` (${r.start.text})` : ""), {class: "label"});
    });
  }

  function zoom(factor, centre) {
    const c = centre === undefined ? (view[0] + view[1]) / 2 : centre;
    let span = (view[1] - view[0]) * factor;
    span = Math.max(60, Math.min(span, (full[1] - full[0]) * 1.05));
    view = [c - (c - view[0]) * span / (view[1] - view[0]), 0];
    view[1] = view[0] + span;
    draw();
  }
  box.addEventListener("wheel", ev => {
    ev.preventDefault();
    const rect = box.getBoundingClientRect();
    const frac = (ev.clientX - rect.left) / rect.width;
    zoom(ev.deltaY > 0 ? 1.25 : 0.8, view[0] + frac * (view[1] - view[0]));
  }, {passive: false});
  let drag = null;
  box.addEventListener("mousedown", ev => { drag = {x: ev.clientX, v: view.slice()}; });
  window.addEventListener("mouseup", () => { drag = null; });
  window.addEventListener("mousemove", ev => {
    if (!drag) return;
    const dd = (ev.clientX - drag.x) / box.clientWidth * (drag.v[1] - drag.v[0]);
    view = [drag.v[0] - dd, drag.v[1] - dd];
    draw();
  });
  document.querySelectorAll("#tl-controls [data-zoom]").forEach(b =>
    b.addEventListener("click", () => zoom(b.dataset.zoom === "in" ? 0.5 : 2)));
  document.querySelectorAll("#tl-controls [data-range]").forEach(b =>
    b.addEventListener("click", () => {
      view = b.dataset.range === "all" ? full.slice() : [dayNumber("1924-01-01"), dayNumber("1940-01-01")];
      draw();
    }));
  document.querySelectorAll("#tl-controls [data-kind]").forEach(c =>
    c.addEventListener("change", () => { shown[c.dataset.kind] = c.checked; draw(); }));
  window.addEventListener("resize", draw);
  draw();
})();
