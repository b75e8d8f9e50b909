// A map of territory: communes (or sections) a group controls (red) or contests
// (amber), from the element's data-url (GeoJSON, or {territory, incidents} for a
// group's page, whose incidents are drawn as small points). No tile layer is needed:
// the polygons carry their names.
(function () {
  "use strict";
  var box = document.getElementById("group-map");
  if (!box || !window.L) { return; }
  var status = document.getElementById("map-status");
  var map = L.map(box, { preferCanvas: true }).setView([18.9, -72.6], 8);
  if (box.dataset.tiles) { L.tileLayer(box.dataset.tiles, { maxZoom: 18 }).addTo(map); }
  var colours = { controls: "#b3261e", contests: "#e8a317" };

  function label(p) {
    return p.group + ": " + p.control_label + " " + p.place + " (" + (p.from || "?") + " – " +
      (p.until || "…") + ", " + p.grade + ")";
  }

  fetch(box.dataset.url, { credentials: "same-origin" })
    .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
    .then(function (doc) {
      var territory = doc.territory || doc;
      var features = (territory.features || []).filter(function (f) { return f.geometry; });
      var layer = L.geoJSON({ type: "FeatureCollection", features: features }, {
        style: function (f) {
          var c = colours[f.properties.control] || "#555";
          return { color: c, weight: 1, fillColor: c, fillOpacity: 0.35 };
        },
        onEachFeature: function (f, l) { l.bindTooltip(label(f.properties)); }
      }).addTo(map);
      var bounds = layer.getBounds();
      if (doc.incidents) {
        var points = L.geoJSON(doc.incidents, {
          pointToLayer: function (f, latlng) {
            return L.circleMarker(latlng, { radius: 3, color: "#0b5cad", weight: 1, fillOpacity: 0.7 });
          },
          onEachFeature: function (f, l) { l.bindTooltip(f.properties.date + " " + f.properties.type); }
        }).addTo(map);
        if (points.getBounds().isValid()) { bounds = bounds.isValid() ? bounds.extend(points.getBounds()) : points.getBounds(); }
      }
      if (bounds.isValid()) { map.fitBounds(bounds, { maxZoom: 12 }); }
      if (status) { status.textContent = features.length + " / " + (territory.features || []).length; }
    })
    .catch(function () { if (status) { status.textContent = "!"; } });
})();
