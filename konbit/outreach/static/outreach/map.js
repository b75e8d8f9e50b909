// The outreach map: the communes of the gazetteer (places' GeoJSON, the base layer of
// operations' map), each shaded by the activities held there under the page's
// filters (the page's own data, json_script); a click shows its figures and a link
// to its activities. A tile layer only when the site configures one.
(function () {
  "use strict";
  var box = document.getElementById("map");
  var source = document.getElementById("map-text");
  var rows = document.getElementById("by-commune");
  if (!box || !source || !rows || !window.L) { return; }
  var text = JSON.parse(source.textContent);
  var byCommune = {};
  JSON.parse(rows.textContent).forEach(function (r) { byCommune[r.commune] = r; });
  var top = 0;
  Object.keys(byCommune).forEach(function (k) { top = Math.max(top, byCommune[k].activities); });
  var SHADES = ["#deebf7", "#9ecae1", "#4292c6", "#08519c"];

  function shade(count) {
    if (!count) { return null; }
    var step = Math.min(SHADES.length - 1, Math.floor(SHADES.length * count / (top + 1)));
    return SHADES[step];
  }

  var map = L.map(box, { preferCanvas: true, maxZoom: 14 }).setView([18.9, -72.6], 8);
  if (box.dataset.tiles) { L.tileLayer(box.dataset.tiles, { maxZoom: 14 }).addTo(map); }

  function line(parent, tag, value) {
    var node = document.createElement(tag);
    node.textContent = value;
    parent.appendChild(node);
    return node;
  }

  function popup(name, r) {
    var div = document.createElement("div");
    div.className = "map-popup";
    line(div, "strong", name);
    if (!r) { line(div, "p", text.none); return div; }
    var list = document.createElement("dl");
    [["activities", r.activities], ["reached", r.reached], ["children", r.children], ["adults", r.adults]]
      .forEach(function (pair) {
        line(list, "dt", text[pair[0]]);
        line(list, "dd", pair[1].toLocaleString());
      });
    div.appendChild(list);
    var link = line(div, "a", text.open);
    var query = (box.dataset.query ? box.dataset.query + "&" : "") + "commune=" + encodeURIComponent(r.commune);
    link.href = box.dataset.list + "?" + query;
    return div;
  }

  fetch(box.dataset.communes, { credentials: "same-origin" })
    .then(function (r) { return r.ok ? r.json() : null; })
    .then(function (doc) {
      if (!doc) { return; }
      var layer = L.geoJSON(doc, {
        style: function (f) {
          var r = byCommune[f.properties && f.properties.pcode];
          var fill = shade(r && r.activities);
          return { color: "#555", weight: 1, fillColor: fill || "#f4f4f4", fillOpacity: fill ? 0.8 : 0.4 };
        },
        onEachFeature: function (f, item) {
          var p = f.properties || {};
          var r = byCommune[p.pcode];
          item.bindTooltip(p.name + (r ? " · " + r.activities : ""));
          item.on("click", function (e) {
            L.popup().setLatLng(e.latlng).setContent(popup(p.name, r)).openOn(map);
          });
        }
      }).addTo(map);
      var legend = L.control({ position: "bottomright" });
      legend.onAdd = function () {
        var div = L.DomUtil.create("div", "map-legend");
        line(div, "strong", text.activities);
        SHADES.forEach(function (color, i) {
          var row = line(div, "div", "");
          var key = document.createElement("i");
          key.style.background = color;
          row.appendChild(key);
          var low = Math.ceil(i * (top + 1) / SHADES.length) || 1;
          var high = Math.ceil((i + 1) * (top + 1) / SHADES.length) - 1;
          row.appendChild(document.createTextNode(low >= high ? String(low) : low + "–" + high));
        });
        return div;
      };
      if (top) { legend.addTo(map); }
      var shown = Object.keys(byCommune);
      if (shown.length) {
        var bounds = L.latLngBounds([]);
        layer.eachLayer(function (item) {
          if (byCommune[item.feature.properties.pcode]) { bounds.extend(item.getBounds()); }
        });
        if (bounds.isValid()) { map.fitBounds(bounds.pad(0.3)); }
      }
    })
    .catch(function () { /* the figures are on the statistics page */ });
})();
