/* The Certificates tab: copy the openssl command (static/js/confirm.js asks before disabling a certificate,
   canceling or approving a request). The page works without it (the copy buttons then stay hidden). */
(function () {
  "use strict";

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    // Plain-HTTP pages (a laptop install) have no clipboard API: select the text and copy it.
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.className = "certificates-offscreen";
      document.body.appendChild(area);
      area.select();
      var copied = false;
      try { copied = document.execCommand("copy"); } catch (error) { copied = false; }
      document.body.removeChild(area);
      if (copied) { resolve(); } else { reject(new Error("copy failed")); }
    });
  }

  function init() {
    document.querySelectorAll("[data-copy-target]").forEach(function (button) {
      var source = document.getElementById(button.getAttribute("data-copy-target"));
      if (!source) { return; }
      button.hidden = false;
      button.addEventListener("click", function () {
        copyText(source.textContent.trim()).then(function () {
          button.textContent = "Copied";
        }, function () {
          button.textContent = "Select and copy";
        });
        window.setTimeout(function () { button.textContent = "Copy"; }, 2000);
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
