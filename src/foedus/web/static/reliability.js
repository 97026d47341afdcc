/* The reliability page's chart: the figure is JSON in the page, drawn with the locally served plotly.js. */
"use strict";
(function () {
  const data = document.getElementById("reliability-fig");
  const target = document.getElementById("reliability-plot");
  if (!data || !target || typeof Plotly === "undefined") return;
  const fig = JSON.parse(data.textContent);
  Plotly.newPlot(target, fig.data, fig.layout, {responsive: true, displaylogo: false});
})();
