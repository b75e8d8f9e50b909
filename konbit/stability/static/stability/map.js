// The indicator map: the communes of the gazetteer coloured by their figure at the
// chosen date (from /api/v1/indicators/<id>/map/), in five classes; a commune
// without a figure stays grey. A tooltip gives the figure, its date and source.
(function () {
  "use strict";
  var box = document.getElementById("map");
  var source = document.getElementById("map-text");
  if (!box || !source || !window.L) { return; }
  var text = JSON.parse(source.textContent);
  var status = document.getElementById("map-status");
  var legend = document.getElementById("map-legend");
  var COLORS = ["#fee5d9", "#fcae91", "#fb6a4a", "#de2d26", "#a50f15"];
  var map = L.map(box, { preferCanvas: true, maxZoom: 14 }).setView([18.9, -72.6], 8);
  if (box.dataset.tiles) { L.tileLayer(box.dataset.tiles, { maxZoom: 14 }).addTo(map); }
  status.textContent = text.loading;
  function json(url) {
    return fetch(url, { credentials: "same-origin" }).then(function (r) {
      if (!r.ok) { throw new Error(r.status); }
      return r.json();
    });
  }
  var format;
  try { format = new Intl.NumberFormat(document.documentElement.lang || undefined); }
  catch (e) { format = { format: String }; }
  Promise.all([json(box.dataset.communes), json(box.dataset.figures)]).then(function (both) {
    var doc = both[0], figures = both[1].communes || {};
    var values = Object.keys(figures).map(function (k) { return figures[k].value; }).sort(function (a, b) { return a - b; });
    var breaks = [];
    for (var i = 1; i < COLORS.length; i++) {
      breaks.push(values.length ? values[Math.floor(i * values.length / COLORS.length)] : 0);
    }
    function colour(v) {
      var k = 0;
      while (k < breaks.length && v >= breaks[k]) { k++; }
      return COLORS[k];
    }
    L.geoJSON(doc, {
      style: function (f) {
        var fig = figures[f.properties.pcode];
        return { color: "#555", weight: 1, fillOpacity: fig ? 0.8 : 0.3,
          fillColor: fig ? colour(fig.value) : "#ddd" };
      },
      onEachFeature: function (f, layer) {
        var fig = figures[f.properties.pcode];
        var label = f.properties.name + " (" + f.properties.pcode + "): ";
        label += fig ? format.format(fig.value) + " · " + text.as_of + " " + fig.date + " · " + fig.source : text.none;
        layer.bindTooltip(label);
      }
    }).addTo(map);
    status.textContent = text.shown + " " + values.length;
    legend.textContent = "";
    var lower = 0;
    COLORS.forEach(function (c, k) {
      var key = document.createElement("span");
      key.className = "key";
      key.style.background = c;
      legend.appendChild(key);
      var upper = breaks[k];
      legend.appendChild(document.createTextNode(" " + format.format(lower) + (upper !== undefined ? "–" + format.format(upper) : "+") + " "));
      lower = upper;
    });
  }).catch(function () { status.textContent = text.error; });
})();
