// The outreach statistics' charts, from the page's own data (json_script): two monthly
// charts drawn with uPlot (activities; children and adults reached) and horizontal
// bars for communes, topics and kinds (activities and people reached). The tables
// below carry the same figures without JavaScript and for screen readers.
(function () {
  "use strict";

  function read(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }

  var text = read("chart-text") || {};
  var COLORS = { activities: "#0b5cad", children: "#c05600", adults: "#2e7d32", reached: "#2e7d32" };

  function monthly(holder, rows, keys) {
    if (!holder || !window.uPlot || !rows || !rows.length) { return; }
    var xs = rows.map(function (r) {
      return Date.UTC(+r.month.slice(0, 4), +r.month.slice(5, 7) - 1, 1) / 1000;
    });
    var series = [{}];
    var data = [xs];
    keys.forEach(function (key) {
      series.push({ label: text[key] || key, stroke: COLORS[key], width: 2 });
      data.push(rows.map(function (r) { return r[key]; }));
    });
    function size() {
      var width = Math.max(240, holder.clientWidth || 600);
      return { width: width, height: Math.round(Math.min(280, Math.max(200, width * 0.5))) };
    }
    var plot = new uPlot(Object.assign(size(), {
      series: series,
      scales: { x: { time: true } },
      axes: [{}, { size: 48 }]
    }), data, holder);
    if (window.ResizeObserver) {
      var last = holder.clientWidth;
      new ResizeObserver(function () {
        if (holder.clientWidth !== last) { last = holder.clientWidth; plot.setSize(size()); }
      }).observe(holder);
    }
  }

  function element(tag, className, value) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (value !== undefined) { node.textContent = value; }
    return node;
  }

  // Two bars a row, each on its own scale (activities; people reached).
  function bars(holder, rows) {
    if (!rows || !rows.length) { return; }
    rows = rows.slice(0, 10);
    var top = {};
    ["activities", "reached"].forEach(function (key) {
      top[key] = Math.max.apply(null, rows.map(function (r) { return r[key]; })) || 1;
    });
    var list = element("ol", "bar-list");
    rows.forEach(function (r) {
      var item = element("li");
      item.appendChild(element("span", "bar-label", r.label));
      ["activities", "reached"].forEach(function (key) {
        var track = element("span", "bar-track");
        var bar = element("span", "bar " + key);
        bar.style.width = (85 * r[key] / top[key]).toFixed(1) + "%";
        track.appendChild(bar);
        track.appendChild(element("span", "bar-value", r[key].toLocaleString()));
        item.appendChild(track);
      });
      list.appendChild(item);
    });
    holder.appendChild(list);
    var legend = document.querySelector(".legend[hidden]");
    if (legend) { legend.hidden = false; }
  }

  function ready() {
    var months = read("by-month");
    monthly(document.getElementById("chart-activities"), months, ["activities"]);
    monthly(document.getElementById("chart-reached"), months, ["children", "adults"]);
    document.querySelectorAll(".bars[data-source]").forEach(function (holder) {
      bars(holder, read(holder.dataset.source));
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", ready); } else { ready(); }
})();
