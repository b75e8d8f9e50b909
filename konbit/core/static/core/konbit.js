/* Konbit's few lines of page behaviour; pages work without them. */
(function () {
  "use strict";
  function ready() {
    // Filters stay folded on a phone and open on a wider screen.
    if (window.matchMedia("(min-width: 48rem)").matches) {
      document.querySelectorAll("details.filterbox").forEach(function (box) { box.open = true; });
    }
    // The menu: always shown on a wide screen, one part's drop-down open at a time;
    // on a phone, behind "Menu", with every part unfolded.
    var menu = document.getElementById("menu");
    if (menu) {
      var wide = window.matchMedia("(min-width: 48rem)");
      var groups = Array.prototype.slice.call(menu.querySelectorAll("details.group"));
      var fit = function () {
        menu.open = wide.matches;
        groups.forEach(function (group) { group.open = !wide.matches; });
      };
      fit();
      wide.addEventListener("change", fit);
      groups.forEach(function (group) {
        group.addEventListener("toggle", function () {
          if (group.open && wide.matches) {
            groups.forEach(function (other) { if (other !== group) { other.open = false; } });
          }
        });
      });
      var fold = function () { if (wide.matches) { groups.forEach(function (group) { group.open = false; }); } };
      document.addEventListener("click", function (event) { if (!menu.contains(event.target)) { fold(); } });
      document.addEventListener("keydown", function (event) { if (event.key === "Escape") { fold(); } });
    }
    // A chooser of several records: a suggestion chosen in the box is added as a line.
    document.addEventListener("input", function (event) {
      var box = event.target;
      if (!box.dataset || !box.dataset.chooserAdd || !box.list) { return; }
      var chosen = Array.prototype.some.call(box.list.options, function (o) { return o.value === box.value; });
      var lines = document.getElementById(box.dataset.chooserAdd);
      if (!chosen || !lines) { return; }
      var have = lines.value.split("\n").map(function (l) { return l.trim(); }).filter(Boolean);
      if (have.indexOf(box.value) < 0) { have.push(box.value); }
      lines.value = have.join("\n");
      box.value = "";
    });
    // The language menu applies the choice at once.
    document.querySelectorAll("form.lang select").forEach(function (select) {
      select.addEventListener("change", function () { select.form.submit(); });
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", ready); } else { ready(); }
})();
