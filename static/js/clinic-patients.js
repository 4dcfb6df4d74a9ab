/* Patients pages: confirm steps that change a patient's record (forms with data-confirm), focus the search
   box with "/", and open the "New patient" form at its first field. The pages work without it. */
(function () {
  "use strict";

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  });

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
