/* The incident form for the field: choices that follow each other (sub-event types
   the event type, units the contingent), a map to drop the pin, "use my location",
   and the commune of the pin filled in. The form works without it. */
(function () {
  "use strict";
  var text = {};
  var source = document.getElementById("pin-text");
  if (source) { text = JSON.parse(source.textContent); }

  // Show only the options group whose label is the chosen option's text.
  function follow(leader, follower) {
    if (!leader || !follower) { return; }
    var groups = Array.prototype.slice.call(follower.querySelectorAll("optgroup"));
    function apply() {
      var chosen = leader.options[leader.selectedIndex];
      var label = chosen && chosen.value ? chosen.text : "";
      groups.forEach(function (group) {
        var shown = !label || group.label === label;
        group.hidden = !shown;
        group.disabled = !shown;
      });
      var current = follower.options[follower.selectedIndex];
      if (current && current.parentNode.tagName === "OPTGROUP" && current.parentNode.disabled) {
        follower.value = "";
      }
    }
    leader.addEventListener("change", apply);
    apply();
  }
  follow(document.getElementById("id_event_type"), document.getElementById("id_sub_event_type"));
  follow(document.getElementById("id_reporting_contingent"), document.getElementById("id_reporting_unit"));

  var box = document.getElementById("pin-map");
  var lat = document.getElementById("id_latitude");
  var lon = document.getElementById("id_longitude");
  var commune = document.getElementById("id_commune");
  var status = document.getElementById("pin-status");
  if (!box || !lat || !lon || !window.L) { return; }

  var map = L.map(box, { maxZoom: 18 }).setView([18.9, -72.6], 7);
  if (box.dataset.tiles) { L.tileLayer(box.dataset.tiles, { maxZoom: 18 }).addTo(map); }
  var marker = null;
  var communes = [];

  function inRing(x, y, ring) {
    var inside = false;
    for (var i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      var xi = ring[i][0], yi = ring[i][1], xj = ring[j][0], yj = ring[j][1];
      if ((yi > y) !== (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi) { inside = !inside; }
    }
    return inside;
  }
  function inPolygon(x, y, rings) {
    if (!inRing(x, y, rings[0])) { return false; }
    for (var k = 1; k < rings.length; k++) { if (inRing(x, y, rings[k])) { return false; } }
    return true;
  }
  function communeAt(la, lo) {
    for (var i = 0; i < communes.length; i++) {
      var g = communes[i].geometry;
      if (!g) { continue; }
      var polygons = g.type === "Polygon" ? [g.coordinates] : g.coordinates;
      for (var p = 0; p < polygons.length; p++) {
        if (inPolygon(lo, la, polygons[p])) { return communes[i].properties; }
      }
    }
    return null;
  }

  function say(message) { if (status) { status.textContent = message; } }

  function place(la, lo, fill) {
    var point = [la, lo];
    if (marker) { marker.setLatLng(point); } else {
      marker = L.circleMarker(point, { radius: 9, color: "#b3261e", weight: 3, fillOpacity: 0.5 }).addTo(map);
    }
    if (fill) {
      lat.value = la.toFixed(5);
      lon.value = lo.toFixed(5);
    }
    var found = communeAt(la, lo);
    if (found && commune) {
      commune.value = found.name + " (" + found.pcode + ")";
      say((text.in_commune || "%s").replace("%s", found.name + ", " + found.department_name));
    } else if (communes.length) {
      say(text.outside || "");
    }
  }

  function fromInputs() {
    var la = parseFloat(lat.value), lo = parseFloat(lon.value);
    if (!isNaN(la) && !isNaN(lo)) { place(la, lo, false); map.setView([la, lo], Math.max(map.getZoom(), 12)); }
  }

  map.on("click", function (event) { place(event.latlng.lat, event.latlng.lng, true); });
  lat.addEventListener("change", fromInputs);
  lon.addEventListener("change", fromInputs);

  fetch(box.dataset.communes, { credentials: "same-origin" })
    .then(function (r) { return r.ok ? r.json() : null; })
    .then(function (doc) {
      if (!doc) { return; }
      communes = doc.features || [];
      L.geoJSON(doc, {
        style: { color: "#555", weight: 1, fillColor: "#eee", fillOpacity: 0.4 },
        interactive: false
      }).addTo(map);
      if (lat.value && lon.value) { fromInputs(); }
    })
    .catch(function () { /* the pin still works without the communes */ });

  var locate = document.getElementById("use-location");
  if (locate && navigator.geolocation) {
    locate.hidden = false;
    locate.addEventListener("click", function () {
      say(text.locating || "");
      navigator.geolocation.getCurrentPosition(function (position) {
        var la = position.coords.latitude, lo = position.coords.longitude;
        place(la, lo, true);
        map.setView([la, lo], 14);
      }, function () {
        say(text.no_location || "");
      }, { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
    });
  }
})();
