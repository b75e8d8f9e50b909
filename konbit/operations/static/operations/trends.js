// The charts of the trends page, from the page's own data (json_script): two monthly
// charts drawn with uPlot (incidents and fatalities; victims by kind) and horizontal
// bars built here for the categories, perpetrators and top communes. The tables
// below each chart carry the same figures for screen readers and without JavaScript.
(function () {
  "use strict";

  function read(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }

  var text = read("chart-text") || {};
  var COLORS = { incidents: "#0b5cad", fatalities: "#b3261e", killed: "#b3261e",
    injured: "#9a6200", kidnapped: "#7b3fa0", sgbv: "#00838f" };

  // Every month from the first to the last of ``rows``, those without incidents as
  // zeros (a line never jumps across months that had none).
  function everyMonth(rows, keys) {
    var byMonth = {};
    rows.forEach(function (r) { byMonth[r.month.slice(0, 7)] = r; });
    var first = rows[0].month, last = rows[rows.length - 1].month;
    var year = +first.slice(0, 4), month = +first.slice(5, 7);
    var endYear = +last.slice(0, 4), endMonth = +last.slice(5, 7);
    var filled = [];
    while (year < endYear || (year === endYear && month <= endMonth)) {
      var key = year + "-" + (month < 10 ? "0" : "") + month;
      var row = byMonth[key];
      if (!row) {
        row = { month: key + "-01" };
        keys.forEach(function (k) { row[k] = 0; });
      }
      filled.push(row);
      month += 1;
      if (month > 12) { month = 1; year += 1; }
    }
    return filled;
  }

  // A month as the reader's language names it (the names come from the page).
  function monthLabel(ts, short) {
    var d = new Date(ts * 1000);
    var names = (short ? text.months_short : text.months) || [];
    var name = names[d.getUTCMonth()] || String(d.getUTCMonth() + 1);
    return name + " " + d.getUTCFullYear();
  }

  // A uPlot chart whose width follows its box (phones included).
  function monthly(holder, rows, keys) {
    if (!holder || !window.uPlot || !rows || !rows.length) { return; }
    rows = everyMonth(rows, keys);
    var xs = rows.map(function (r) {
      return Date.UTC(+r.month.slice(0, 4), +r.month.slice(5, 7) - 1, 1) / 1000;
    });
    var series = [{ label: text.time || "Month", value: function (u, v) { return v == null ? "" : monthLabel(v, false); } }];
    var data = [xs];
    keys.forEach(function (key) {
      series.push({ label: text[key] || key, stroke: COLORS[key], width: 2 });
      data.push(rows.map(function (r) { return r[key] || 0; }));
    });
    function size() {
      var width = Math.max(240, holder.clientWidth || 600);
      return { width: width, height: Math.round(Math.min(280, Math.max(200, width * 0.5))) };
    }
    var plot = new uPlot(Object.assign(size(), {
      series: series,
      scales: { x: { time: true } },
      axes: [{ values: function (u, splits) { return splits.map(function (v) { return monthLabel(v, true); }); } }, { size: 48 }]
    }), data, holder);
    var resize = function () { plot.setSize(size()); };
    if (window.ResizeObserver) {
      var last = holder.clientWidth;
      new ResizeObserver(function () {
        if (holder.clientWidth !== last) { last = holder.clientWidth; resize(); }
      }).observe(holder);
    } else {
      window.addEventListener("resize", resize);
    }
  }

  function element(tag, className, value) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (value !== undefined) { node.textContent = value; }
    return node;
  }

  // Horizontal bars, two a row on one scale: incidents and victims. Widths are
  // percentages of the container, so the chart follows the screen's width.
  function bars(holder, rows) {
    if (!rows || !rows.length) { return; }
    rows = rows.slice(0, 10);
    var top = Math.max.apply(null, rows.map(function (r) { return Math.max(r.incidents, r.victims); })) || 1;
    var list = element("ol", "bar-list");
    rows.forEach(function (r) {
      var item = element("li");
      item.appendChild(element("span", "bar-label", r.label));
      ["incidents", "victims"].forEach(function (key) {
        var track = element("span", "bar-track");
        var bar = element("span", "bar " + key);
        // at most 85% of the row, leaving room for the figure beside the bar
        bar.style.width = (85 * r[key] / top).toFixed(1) + "%";
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
    monthly(document.getElementById("chart-month"), months, ["incidents", "fatalities"]);
    monthly(document.getElementById("chart-victims"), months, ["killed", "injured", "kidnapped", "sgbv"]);
    document.querySelectorAll(".bars[data-source]").forEach(function (holder) {
      bars(holder, read(holder.dataset.source));
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", ready); } else { ready(); }
})();
