/* Clinic workflows pages: drag-and-drop of a workflow's steps (the ↑/↓ buttons do the same without JavaScript;
   static/js/confirm.js asks before a destructive form is sent). */
(function () {
  "use strict";

  document.querySelectorAll("[data-reorder-form]").forEach(function (list) {
    var form = document.getElementById(list.dataset.reorderForm);
    var dragged = null;
    if (!form) {
      return;
    }
    function currentOrder() {
      return Array.prototype.map.call(list.querySelectorAll("[data-step-id]"), function (item) {
        return item.dataset.stepId;
      }).join(",");
    }
    var saved = currentOrder();
    list.addEventListener("dragstart", function (event) {
      dragged = event.target.closest("[data-step-id]");
      if (dragged) {
        dragged.classList.add("is-dragging");
        event.dataTransfer.effectAllowed = "move";
        event.dataTransfer.setData("text/plain", dragged.dataset.stepId);
      }
    });
    list.addEventListener("dragover", function (event) {
      var target = event.target.closest("[data-step-id]");
      if (!dragged || !target || target === dragged) {
        return;
      }
      event.preventDefault();
      var box = target.getBoundingClientRect();
      var after = event.clientY > box.top + box.height / 2;
      list.insertBefore(dragged, after ? target.nextSibling : target);
    });
    list.addEventListener("dragend", function () {
      if (!dragged) {
        return;
      }
      dragged.classList.remove("is-dragging");
      dragged = null;
      var order = currentOrder();
      if (order !== saved) {
        form.elements.order.value = order;
        form.submit();
      }
    });
  });
})();
