/* Confirm before submit, site-wide: a form or a submit button with data-confirm="Question?" asks first and is
   sent only when the person agrees. Loaded once by templates/base.html; pages work without it (no question). */
(function () {
  "use strict";

  // A button's question is asked when it is clicked (a form may have several buttons that need different ones).
  document.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-confirm], input[type=submit][data-confirm]");
    if (button && !window.confirm(button.getAttribute("data-confirm"))) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);

  // A form's question is asked whenever it is submitted, by any button or the Enter key. Asked here, in the
  // capture phase, it is asked once: no later submit handler sees the question's form, answered yes or no.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (!question) { return; }
    if (!window.confirm(question)) { event.preventDefault(); }
    event.stopImmediatePropagation();
  }, true);
})();
