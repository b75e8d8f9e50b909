/* Konbit's few lines of page behaviour; pages work without them. */
(function () {
  "use strict";
  function ready() {
    // Filters stay folded on a phone and open on a wider screen.
    if (window.matchMedia("(min-width: 48rem)").matches) {
      document.querySelectorAll("details.filterbox").forEach(function (box) { box.open = true; });
    }
    // The language menu applies the choice at once.
    document.querySelectorAll("form.lang select").forEach(function (select) {
      select.addEventListener("change", function () { select.form.submit(); });
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", ready); } else { ready(); }
})();
