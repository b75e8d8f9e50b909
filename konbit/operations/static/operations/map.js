// The incident map: commune polygons from the gazetteer as the base layer (a tile
// layer only when the site configures one), incidents from the map data endpoint for
// the current view: points when few, grid cells counted on the server otherwise.
(function () {
  "use strict";
  var box = document.getElementById("map");
  if (!box || !window.L) { return; }
  var status = document.getElementById("map-status");
  var labelData = document.getElementById("acled-labels");
  var labels = labelData ? JSON.parse(labelData.textContent) : {};
  var map = L.map(box, { preferCanvas: true }).setView([18.9, -72.6], 8);
  if (box.dataset.tiles) {
    L.tileLayer(box.dataset.tiles, { maxZoom: 18 }).addTo(map);
  }
  fetch(box.dataset.communes, { credentials: "same-origin" })
    .then(function (r) { return r.ok ? r.json() : null; })
    .then(function (doc) {
      if (!doc) { return; }
      L.geoJSON(doc, {
        style: { color: "#555", weight: 1, fillColor: "#eee", fillOpacity: 0.4 },
        onEachFeature: function (f, layer) {
          if (f.properties && f.properties.name) { layer.bindTooltip(f.properties.name); }
        }
      }).addTo(map).bringToBack();
    });
  var layer = L.layerGroup().addTo(map);
  var pending = null;

  function popup(id) {
    var url = box.dataset.incidents.replace(/map\/$/, "") + id + "/";
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (i) {
        var div = document.createElement("div");
        var title = document.createElement("strong");
        title.textContent = i.event_date + " · " + (labels[i.sub_event_type] || i.sub_event_type);
        var text = document.createElement("p");
        text.textContent = [i.location, i.actor1, i.actor2].filter(Boolean).join(" · ") +
          " · " + i.fatalities;
        var link = document.createElement("a");
        link.href = box.dataset.detail + id + "/";
        link.textContent = box.dataset.open;
        div.appendChild(title); div.appendChild(text); div.appendChild(link);
        return div;
      });
  }

  function load() {
    var b = map.getBounds();
    var bbox = [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map(function (v) {
      return Math.max(-180, Math.min(180, v)).toFixed(4);
    });
    bbox[1] = Math.max(-90, bbox[1]); bbox[3] = Math.min(90, bbox[3]);
    var url = box.dataset.incidents + "?bbox=" + bbox.join(",") + "&zoom=" + map.getZoom() +
      (box.dataset.query ? "&" + box.dataset.query : "");
    if (pending) { pending.abort(); }
    pending = new AbortController();
    status.textContent = box.dataset.loading;
    fetch(url, { credentials: "same-origin", signal: pending.signal, headers: { Accept: "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        layer.clearLayers();
        (data.points || []).forEach(function (p) {
          var marker = L.circleMarker([p.lat, p.lon], { radius: 6, color: "#b3261e", weight: 1, fillOpacity: 0.8 });
          marker.bindPopup(function () {
            var holder = document.createElement("div");
            holder.textContent = box.dataset.loading;
            popup(p.id).then(function (div) { holder.replaceChildren(div); });
            return holder;
          });
          layer.addLayer(marker);
        });
        (data.cells || []).forEach(function (c) {
          var size = Math.round(18 + Math.min(30, Math.log(c.count) * 5));
          var icon = L.divIcon({ className: "cell-count", html: String(c.count), iconSize: [size, size] });
          var marker = L.marker([c.lat, c.lon], { icon: icon });
          marker.on("click", function () { map.setView([c.lat, c.lon], map.getZoom() + 2); });
          layer.addLayer(marker);
        });
        status.textContent = data.total + "";
      })
      .catch(function (e) { if (e.name !== "AbortError") { status.textContent = String(e); } });
  }
  map.on("moveend", load);
  load();
})();
