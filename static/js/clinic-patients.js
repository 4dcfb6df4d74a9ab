/* Patients pages: focus the search box with "/", and open the "New patient" form at its first field
   (static/js/confirm.js asks before steps with data-confirm). The pages work without it. */
(function () {
  "use strict";

  document.addEventListener("keydown", function (event) {
    var search = document.querySelector("[data-patients-search]");
    var typing = /^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement && document.activeElement.tagName);
    if (event.key === "/" && search && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      search.focus();
      search.select();
    }
  });

  ["new-patient", "new-entry"].forEach(function (id) {
    var panel = document.getElementById(id);
    if (!panel) { return; }
    panel.addEventListener("shown.bs.collapse", function () {
      var first = panel.querySelector("input:not([type=hidden]), textarea, select");
      if (first) { first.focus(); }
    });
  });
}());
