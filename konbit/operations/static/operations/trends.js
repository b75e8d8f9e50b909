// The monthly chart of the trends page, drawn with uPlot from the page's own data.
(function () {
  "use strict";
  var holder = document.getElementById("chart-month");
  var source = document.getElementById("by-month");
  if (!holder || !source || !window.uPlot) { return; }
  var script = document.currentScript || document.querySelector("script[data-incidents]");
  var rows = JSON.parse(source.textContent);
  if (!rows.length) { return; }
  var xs = rows.map(function (r) { return Date.UTC(+r.month.slice(0, 4), +r.month.slice(5, 7) - 1, 1) / 1000; });
  var data = [xs, rows.map(function (r) { return r.incidents; }), rows.map(function (r) { return r.fatalities; })];
  var width = Math.max(280, Math.min(900, holder.clientWidth || 600));
  new uPlot({
    width: width, height: 260,
    series: [{}, { label: script.dataset.incidents, stroke: "#1f5fa8", width: 2 },
                 { label: script.dataset.fatalities, stroke: "#b3261e", width: 2 }],
    axes: [{}, {}]
  }, data, holder);
})();
