// The booking page: with JavaScript, changing location, type or day refreshes the free times in place
// (GET /api/booking/availability); without it, the "Show free times" button reloads the page.
(function () {
  "use strict";
  var choice = document.querySelector("[data-booking-choice]");
  var details = document.querySelector("[data-booking-details]");
  if (!choice) {
    return;
  }

  function field(name) {
    return choice.querySelector("[name=" + name + "]");
  }

  function message(container, text) {
    var paragraph = document.createElement("p");
    paragraph.className = "text-body-secondary mb-0";
    paragraph.textContent = text;
    container.replaceChildren(paragraph);
  }

  function renderSlots(container, slots) {
    if (!slots.length) {
      message(container, "No free times on this day. Choose another date above.");
      return;
    }
    var nodes = [];
    slots.forEach(function (slot, index) {
      var input = document.createElement("input");
      input.className = "btn-check";
      input.type = "radio";
      input.name = "slot";
      input.id = "slot-" + (index + 1);
      input.value = slot.startsAt;
      input.required = true;
      var label = document.createElement("label");
      label.className = "btn btn-outline-primary";
      label.htmlFor = input.id;
      label.textContent = slot.time;
      nodes.push(input, label);
    });
    container.replaceChildren.apply(container, nodes);
  }

  function refresh() {
    var location = field("location").value;
    var type = field("appointment_type").value;
    var day = field("date").value;
    if (!location || !type || !day) {
      return;
    }
    var container = details.querySelector("[data-booking-slots]");
    var params = new URLSearchParams({ locationId: location, appointmentTypeId: type, date: day });
    details.querySelector("[data-booking-hidden=location]").value = location;
    details.querySelector("[data-booking-hidden=appointment_type]").value = type;
    details.querySelector("[data-booking-hidden=date]").value = day;
    var summary = document.querySelector("[data-booking-summary]");
    if (summary) {
      summary.hidden = true; // it describes the previous choice
    }
    var heading = document.getElementById("booking-step-2");
    if (heading) {
      var when = new Date(day + "T12:00:00");
      heading.textContent = "2. Choose a time on " + when.toLocaleDateString(undefined, {
        weekday: "long", day: "numeric", month: "long", year: "numeric"
      });
    }
    message(container, "Looking for free times…");
    fetch(details.dataset.availabilityUrl + "?" + params.toString(), { headers: { Accept: "application/json" } })
      .then(function (response) {
        return response.json().then(function (body) {
          return { ok: response.ok, body: body };
        });
      })
      .then(function (result) {
        if (result.ok) {
          renderSlots(container, result.body.slots);
        } else {
          var errors = Object.values(result.body).flat();
          message(container, errors.length ? errors.join(" ") : "This day cannot be booked.");
        }
      })
      .catch(function () {
        message(container, "The free times could not be loaded; press “Show free times”.");
      });
  }

  ["location", "appointment_type", "date"].forEach(function (name) {
    var input = field(name);
    if (!input) {
      return;
    }
    input.addEventListener("change", function () {
      if (details) {
        refresh();
      } else if (input.type !== "date" || input.value) {
        choice.submit();
      }
    });
  });
})();
