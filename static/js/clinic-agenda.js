// The agenda page: choosing another location, view or date shows it at once (the Show button stays for no-JS).
(function () {
  "use strict";
  document.querySelectorAll("[data-agenda-picker]").forEach(function (form) {
    form.querySelectorAll("select, input[type=date]").forEach(function (field) {
      field.addEventListener("change", function () {
        if (field.type !== "date" || field.value) {
          form.submit();
        }
      });
    });
  });
})();
