// An indicator's figure over time, drawn with uPlot from the page's own data
// (json_script "series"); the table below carries the same figures.
(function () {
  "use strict";
  var holder = document.getElementById("chart");
  var source = document.getElementById("series");
  if (!holder || !source || !window.uPlot) { return; }
  var rows = JSON.parse(source.textContent);
  var text = JSON.parse((document.getElementById("chart-text") || {}).textContent || "{}");
  if (!rows.length) { holder.parentNode.hidden = true; return; }
  var xs = rows.map(function (r) {
    return Date.UTC(+r.date.slice(0, 4), +r.date.slice(5, 7) - 1, +r.date.slice(8, 10)) / 1000;
  });
  var ys = rows.map(function (r) { return r.value; });
  function size() {
    var width = Math.max(240, holder.clientWidth || 600);
    return { width: width, height: Math.round(Math.min(280, Math.max(200, width * 0.5))) };
  }
  var plot = new uPlot(Object.assign(size(), {
    series: [{}, { label: text.value || "", stroke: "#0b5cad", width: 2, points: { show: rows.length < 60 } }],
    scales: { x: { time: true } },
    axes: [{}, { size: 60 }]
  }), [xs, ys], holder);
  window.addEventListener("resize", function () { plot.setSize(size()); });
})();
