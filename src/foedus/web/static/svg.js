/* Tiny helpers for drawing SVG with text nodes only (never innerHTML): source quotes stay text. */
"use strict";
const SVGNS = "http://www.w3.org/2000/svg";
function svgEl(name, attrs, parent) {
  const el = document.createElementNS(SVGNS, name);
  for (const [k, v] of Object.entries(attrs || {})) el.setAttribute(k, v);
  if (parent) parent.appendChild(el);
  return el;
}
function svgText(parent, x, y, text, attrs) {
  const t = svgEl("text", Object.assign({x: x, y: y}, attrs || {}), parent);
  t.textContent = text;
  return t;
}
function svgLink(parent, href) {
  const a = svgEl("a", {}, parent);
  a.setAttribute("href", href);
  return a;
}
function dayNumber(iso) { return Date.parse(iso + "T00:00:00Z") / 86400000; }
function isoOfDay(n) { return new Date(n * 86400000).toISOString().slice(0, 10); }
