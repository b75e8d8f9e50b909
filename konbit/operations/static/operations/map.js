// The incident map. Base layer: the communes of the gazetteer (a tile layer only when
// the site configures one). Incidents: those of the view, from the map data endpoint,
// either as points (up to the server's limit), clustered here by leaflet.markercluster
// so that zooming in needs no new request, or as grid cells counted by the server,
// drawn as the same bubbles; a click on a bubble zooms in, a click on a point shows
// the incident from the fields the endpoint gave (nothing else is fetched).
(function () {
  "use strict";
  var box = document.getElementById("map");
  var source = document.getElementById("map-text");
  if (!box || !source || !window.L || !L.markerClusterGroup) { return; }
  var text = JSON.parse(source.textContent);
  var status = document.getElementById("map-status");
  var MAX_ZOOM = 18;
  var map = L.map(box, { preferCanvas: true, maxZoom: MAX_ZOOM }).setView([18.9, -72.6], 8);
  // Other parts add their layers to this map (e.g. actors' territory layer).
  box.konbitMap = map;
  box.dispatchEvent(new CustomEvent("konbit:map", { detail: map }));
  if (box.dataset.tiles) {
    L.tileLayer(box.dataset.tiles, { maxZoom: MAX_ZOOM }).addTo(map);
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
    })
    .catch(function () { /* the incidents still show without the communes */ });

  var compact;
  try {
    compact = new Intl.NumberFormat(document.documentElement.lang || undefined, { notation: "compact" });
  } catch (e) {
    compact = { format: String };
  }

  // One look for the browser's clusters and the server's cells.
  function bubble(count) {
    var size = count < 10 ? "small" : count < 100 ? "medium" : "large";
    return L.divIcon({
      html: "<div><span>" + compact.format(count) + "</span></div>",
      className: "marker-cluster marker-cluster-" + size,
      iconSize: L.point(40, 40)
    });
  }

  var clusters = L.markerClusterGroup({
    chunkedLoading: true,
    showCoverageOnHover: false,
    maxClusterRadius: 60,
    iconCreateFunction: function (cluster) { return bubble(cluster.getChildCount()); }
  }).addTo(map);
  var cells = L.layerGroup().addTo(map);

  function line(parent, tag, value) {
    var node = document.createElement(tag);
    node.textContent = value;
    parent.appendChild(node);
    return node;
  }

  // ACLED's values are stored in English; the popup shows them in the reader's language.
  function acled(value) { return (text.acled && text.acled[value]) || value; }

  function incidentPopup(p) {
    var div = document.createElement("div");
    div.className = "map-popup";
    line(div, "strong", p.date + " · " + acled(p.sub_event_type || p.event_type));
    var list = document.createElement("dl");
    [["event_type", acled(p.event_type)],
     ["category", p.category ? (text.categories[p.category] || p.category) : ""],
     ["location", p.location]].forEach(function (pair) {
      if (!pair[1]) { return; }
      line(list, "dt", text.fields[pair[0]]);
      line(list, "dd", pair[1]);
    });
    div.appendChild(list);
    var link = line(div, "a", text.open);
    link.href = box.dataset.detail + p.id + "/";
    return div;
  }

  clusters.on("click", function (e) {
    if (e.layer.incident) {
      L.popup().setLatLng(e.layer.getLatLng()).setContent(incidentPopup(e.layer.incident)).openOn(map);
    }
  });

  function cellMarker(c) {
    var marker = L.marker([c.lat, c.lon], { icon: bubble(c.count), title: String(c.count) });
    marker.on("click", function () {
      if (map.getZoom() < MAX_ZOOM) {
        map.setView([c.lat, c.lon], Math.min(map.getZoom() + 2, MAX_ZOOM));
      } else {
        var div = document.createElement("div");
        div.className = "map-popup";
        line(div, "strong", text.here + " " + c.count.toLocaleString());
        line(div, "p", text.crowded);
        L.popup().setLatLng([c.lat, c.lon]).setContent(div).openOn(map);
      }
    });
    return marker;
  }

  // The box and the answer of the last request. When the answer held every incident
  // as a point, a view inside that box (a zoom in, a small pan) is redrawn by the
  // clusters alone, without asking the server again.
  var loaded = null;
  var pending = null;

  // The incidents of the view itself (the request's box is a little larger): those
  // of the points, or of the cells whose centre is in view.
  function showCount() {
    if (!loaded) { return; }
    var view = map.getBounds();
    var count = 0;
    (loaded.data.points || loaded.data.cells).forEach(function (item) {
      if (view.contains([item.lat, item.lon])) { count += item.count || 1; }
    });
    status.textContent = text.in_view + " " + count.toLocaleString() +
      (loaded.data.cells ? " · " + text.counted : "");
  }

  function clamp(v, low, high) { return Math.max(low, Math.min(high, v)); }

  function load() {
    var view = map.getBounds();
    if (loaded && loaded.data.points && loaded.bounds.contains(view)) { showCount(); return; }
    var b = view.pad(0.15);
    var west = clamp(b.getWest(), -180, 180), east = clamp(b.getEast(), -180, 180);
    var south = clamp(b.getSouth(), -90, 90), north = clamp(b.getNorth(), -90, 90);
    var bounds = L.latLngBounds([south, west], [north, east]);
    var url = box.dataset.incidents + "?bbox=" + [west, south, east, north].map(function (v) {
      return v.toFixed(4);
    }).join(",") + "&zoom=" + map.getZoom() + (box.dataset.query ? "&" + box.dataset.query : "");
    if (pending) { pending.abort(); }
    pending = new AbortController();
    status.textContent = text.loading;
    fetch(url, { credentials: "same-origin", signal: pending.signal, headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : Promise.reject(new Error(text.error)); })
      .then(function (data) {
        clusters.clearLayers();
        cells.clearLayers();
        if (data.points) {
          clusters.addLayers(data.points.map(function (p) {
            var marker = L.circleMarker([p.lat, p.lon], { radius: 7, color: "#fff", weight: 1, fillColor: "#b3261e", fillOpacity: 0.9 });
            marker.incident = p;
            return marker;
          }));
        }
        (data.cells || []).forEach(function (c) { cells.addLayer(cellMarker(c)); });
        loaded = { bounds: bounds, data: data };
        showCount();
      })
      .catch(function (e) {
        if (e.name !== "AbortError") { loaded = null; status.textContent = e.message || text.error; }
      });
  }
  map.on("moveend", load);
  load();
})();
