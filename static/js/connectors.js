/* The connector version page: filter the endpoint picker as you type, tick an object's fields together and
   keep the field counts current (static/js/confirm.js asks before moves that cannot be undone). The page works
   without it. */
(function () {
  "use strict";

  function filterEndpoints(input) {
    var terms = input.value.toLowerCase().split(/\s+/).filter(Boolean);
    var anyVisible = false;
    document.querySelectorAll("[data-endpoint-group]").forEach(function (group) {
      var groupVisible = false;
      group.querySelectorAll("[data-endpoint]").forEach(function (row) {
        var text = row.getAttribute("data-search") || "";
        var match = terms.every(function (term) { return text.indexOf(term) !== -1; });
        row.classList.toggle("d-none", !match);
        groupVisible = groupVisible || match;
      });
      group.classList.toggle("d-none", !groupVisible);
      anyVisible = anyVisible || groupVisible;
    });
    var none = document.querySelector("[data-search-none]");
    if (none) { none.classList.toggle("d-none", anyVisible); }
    var note = document.querySelector("[data-search-note]");
    if (note) { note.hidden = true; }
  }

  function fieldBoxes(picker) {
    return Array.prototype.slice.call(picker.querySelectorAll("input[data-path]"));
  }

  // A parent is ticked when all its fields are, half-ticked when some are.
  function refreshPicker(picker) {
    var boxes = fieldBoxes(picker);
    boxes.slice().reverse().forEach(function (box) {
      var prefix = box.getAttribute("data-path") + ".";
      var children = boxes.filter(function (other) { return other.getAttribute("data-path").indexOf(prefix) === 0; });
      if (!children.length) { return; }
      var ticked = children.filter(function (child) { return child.checked; }).length;
      box.checked = ticked === children.length;
      box.indeterminate = ticked > 0 && ticked < children.length;
    });
    var count = picker.querySelector("[data-allowed-count]");
    if (count) { count.textContent = boxes.filter(function (box) { return box.checked; }).length; }
  }

  function tickField(picker, box) {
    var prefix = box.getAttribute("data-path") + ".";
    fieldBoxes(picker).forEach(function (other) {
      if (other.getAttribute("data-path").indexOf(prefix) === 0) { other.checked = box.checked; }
    });
    refreshPicker(picker);
  }

  function plural(count, word) { return count + " " + word + (count === 1 ? "" : "s"); }

  // The counts above the picker follow the ticks; they say so until the design is saved.
  function refreshTotals(form) {
    var endpoints = 0;
    var fields = 0;
    form.querySelectorAll("[data-endpoint-group]").forEach(function (group) {
      var ticked = 0;
      group.querySelectorAll("[data-endpoint]").forEach(function (row) {
        var box = row.querySelector(".connectors-endpoint-check");
        if (!box || !box.checked) { return; }
        ticked += 1;
        fields += row.querySelectorAll("input[data-path]:checked").length;
      });
      var count = group.querySelector("[data-group-count]");
      if (count) { count.textContent = ticked; }
      endpoints += ticked;
    });
    var totals = form.querySelector("[data-design-totals]");
    if (totals) {
      totals.textContent = plural(endpoints, "endpoint") + " enabled · " + plural(fields, "field") + " allowed · not saved yet";
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    var design = document.querySelector("form.connectors-design");
    if (design) { design.addEventListener("change", function () { refreshTotals(design); }); }

    var search = document.querySelector("[data-endpoint-search]");
    if (search) {
      search.addEventListener("input", function () { filterEndpoints(search); });
      // Filtering happens in place, so unsaved ticks survive; without this script the form reloads the page.
      search.form.addEventListener("submit", function (event) { event.preventDefault(); filterEndpoints(search); });
    }

    document.querySelectorAll("[data-field-picker]").forEach(function (picker) {
      picker.addEventListener("change", function (event) {
        if (event.target.matches("input[data-path]")) { tickField(picker, event.target); }
      });
      var tools = picker.querySelector("[data-field-tools]");
      if (tools) {
        tools.hidden = false;
        [["[data-fields-all]", true], ["[data-fields-none]", false]].forEach(function (pair) {
          tools.querySelector(pair[0]).addEventListener("click", function () {
            fieldBoxes(picker).forEach(function (box) { box.checked = pair[1]; box.indeterminate = false; });
            refreshPicker(picker);
            refreshTotals(picker.closest("form"));
          });
        });
      }
      refreshPicker(picker);
    });
  });
})();
