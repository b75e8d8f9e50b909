/* The strength chart: deployed personnel stacked by country, with the authorized
   ceiling or planning figure as a line. Data from /api/v1/strength/series/. */
(function () {
  "use strict";
  var COLORS = ["#0b5cad", "#1d7a3a", "#9a6200", "#7b3fa0", "#b3261e", "#00838f", "#5b6675", "#c2185b"];

  function draw(box, data) {
    var dates = data.dates.map(function (d) { return Date.parse(d + "T00:00:00Z") / 1000; });
    var series = [{}];
    var columns = [dates];
    var running = dates.map(function () { return 0; });
    var stacked = data.by_contingent.map(function (country) {
      running = running.map(function (sum, i) { return sum + country.counts[i]; });
      return { label: country.name, values: running.slice() };
    });
    // Draw the top of the stack first so each lower band's fill covers the one above.
    for (var i = stacked.length - 1; i >= 0; i--) {
      columns.push(stacked[i].values);
      series.push({ label: stacked[i].label, stroke: COLORS[i % COLORS.length],
        fill: COLORS[i % COLORS.length] + "88", width: 1 });
    }
    columns.push(data.authorized_ceiling);
    series.push({ label: box.dataset.labelCeiling, stroke: "#b3261e", width: 2, dash: [6, 4], spanGaps: false });
    columns.push(data.planning_figure);
    series.push({ label: box.dataset.labelPlanning, stroke: "#5b6675", width: 2, dash: [2, 4], spanGaps: false });
    var width = Math.max(box.clientWidth, 280);
    var plot = new uPlot({ width: width, height: 320, series: series, scales: { x: { time: true } },
      axes: [{}, { size: 50 }] }, columns, box);
    window.addEventListener("resize", function () { plot.setSize({ width: Math.max(box.clientWidth, 280), height: 320 }); });
  }

  function ready() {
    var box = document.getElementById("strength-chart");
    if (!box || typeof uPlot === "undefined") { return; }
    var url = box.dataset.seriesUrl + "?start=" + box.dataset.start + "&end=" + box.dataset.end + "&step=7";
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
      .then(function (data) { draw(box, data); })
      .catch(function () { box.textContent = ""; });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", ready); } else { ready(); }
})();
