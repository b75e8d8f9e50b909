// The territory layer of the incident map: "who controls what, on this date". Loaded
// before the map script, it waits for the map's "konbit:map" event, then shows the
// checkbox and the date; the layer is fetched from actors' territory data (a reader
// without access to the registry gets a 404, and the controls stay hidden).
(function () {
  "use strict";
  var box = document.getElementById("map");
  var toggle = document.getElementById("territory-toggle");
  var date = document.getElementById("territory-date");
  if (!box || !toggle || !date || !window.L) { return; }
  var colours = { controls: "#b3261e", contests: "#e8a317" };
  var layer = null;
  date.value = new Date().toISOString().slice(0, 10);

  function load(map) {
    if (layer) { map.removeLayer(layer); layer = null; }
    if (!toggle.checked) { return; }
    fetch(date.dataset.url + "?on=" + encodeURIComponent(date.value), { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (doc) {
        if (!doc || !toggle.checked) { return; }
        layer = L.geoJSON({ type: "FeatureCollection", features: doc.features.filter(function (f) { return f.geometry; }) }, {
          style: function (f) {
            var c = colours[f.properties.control] || "#555";
            return { color: c, weight: 1, fillColor: c, fillOpacity: 0.3 };
          },
          onEachFeature: function (f, l) {
            var p = f.properties;
            l.bindTooltip(p.group + ": " + p.control_label + " " + p.place + " (" + p.grade + ")");
          }
        }).addTo(map);
      });
  }

  box.addEventListener("konbit:map", function (event) {
    var map = event.detail;
    fetch(date.dataset.url + "?on=" + date.value, { credentials: "same-origin", method: "HEAD" })
      .then(function (r) { if (r.ok) { toggle.closest("p").hidden = false; } });
    toggle.addEventListener("change", function () { load(map); });
    date.addEventListener("change", function () { load(map); });
  });
})();
