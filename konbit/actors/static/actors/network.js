// The network view: nodes and links from the data endpoint, laid out by d3-force and
// drawn as plain SVG (no d3-selection); the figures table comes from networkx on the
// server. Dragging a node pins it; the layout stops itself after a few seconds.
(function () {
  "use strict";
  var svg = document.getElementById("network");
  if (!svg || !window.d3 || !d3.forceSimulation) { return; }
  var NS = "http://www.w3.org/2000/svg";
  var status = document.getElementById("map-status");

  function el(tag, attrs, parent) {
    var node = document.createElementNS(NS, tag);
    Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (parent) { parent.appendChild(node); }
    return node;
  }

  function figures(nodes) {
    var body = document.querySelector("#network-figures tbody");
    if (!body) { return; }
    nodes.slice().sort(function (a, b) { return b.betweenness - a.betweenness || b.degree - a.degree; })
      .forEach(function (n) {
        var row = document.createElement("tr");
        [n.label, n.degree, n.betweenness, n.broker ? "✓" : ""].forEach(function (v) {
          var cell = document.createElement("td");
          cell.textContent = v;
          row.appendChild(cell);
        });
        body.appendChild(row);
      });
  }

  fetch(svg.dataset.url, { credentials: "same-origin" })
    .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
    .then(function (doc) {
      var width = svg.clientWidth || 600, height = svg.clientHeight || 400;
      svg.setAttribute("viewBox", "0 0 " + width + " " + height);
      var edges = el("g", {}, svg), dots = el("g", {}, svg);
      var links = doc.links.map(function (l) {
        return { source: l.source, target: l.target, kind: l.kind,
                 line: el("line", { "class": l.kind, "stroke-width": 1.5 }, edges) };
      });
      var nodes = doc.nodes.map(function (n) {
        var g = el("g", {}, dots);
        var kind = n.kind === "coalition" ? "coalition" : n.kind === "person" ? "person"
          : n.kind === "state_force" ? "state" : "group";
        var circle = el("circle", { r: 5 + Math.min(10, n.degree * 1.5), "class": kind }, g);
        var title = el("title", {}, circle);
        title.textContent = n.label + " (" + n.degree + ")";
        var text = el("text", { dx: 9, dy: 4 }, g);
        text.textContent = n.label;
        n.node = g;
        return n;
      });
      figures(doc.nodes);
      var simulation = d3.forceSimulation(nodes)
        .force("link", d3.forceLink(links).id(function (d) { return d.id; }).distance(60))
        .force("charge", d3.forceManyBody().strength(-160))
        .force("center", d3.forceCenter(width / 2, height / 2))
        .force("collide", d3.forceCollide(14));
      simulation.on("tick", function () {
        links.forEach(function (l) {
          l.line.setAttribute("x1", l.source.x); l.line.setAttribute("y1", l.source.y);
          l.line.setAttribute("x2", l.target.x); l.line.setAttribute("y2", l.target.y);
        });
        nodes.forEach(function (n) {
          n.x = Math.max(8, Math.min(width - 8, n.x)); n.y = Math.max(8, Math.min(height - 8, n.y));
          n.node.setAttribute("transform", "translate(" + n.x + "," + n.y + ")");
        });
      });
      // Drag to pin a node (pointer events: mouse and touch alike).
      var dragged = null;
      function point(event) {
        var box = svg.getBoundingClientRect();
        return [(event.clientX - box.left) * width / box.width, (event.clientY - box.top) * height / box.height];
      }
      nodes.forEach(function (n) {
        n.node.addEventListener("pointerdown", function (event) {
          dragged = n; svg.setPointerCapture(event.pointerId); simulation.alphaTarget(0.2).restart();
        });
      });
      svg.addEventListener("pointermove", function (event) {
        if (!dragged) { return; }
        var p = point(event); dragged.fx = p[0]; dragged.fy = p[1];
      });
      svg.addEventListener("pointerup", function () { dragged = null; simulation.alphaTarget(0); });
      if (status) { status.textContent = nodes.length + " · " + links.length; }
    })
    .catch(function () { if (status) { status.textContent = "!"; } });
})();
