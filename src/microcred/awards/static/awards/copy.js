// Copy buttons: <button type="button" data-copy="text to copy" data-copied="#status-id">Copy link</button>.
// Loaded as a file (the Content-Security-Policy forbids inline scripts).
(function () {
  "use strict";

  function announce(button, text) {
    var target = document.querySelector(button.getAttribute("data-copied") || "");
    if (target) {
      target.textContent = text;
    }
  }

  function copy(button) {
    var text = button.getAttribute("data-copy") || "";
    if (!navigator.clipboard || !navigator.clipboard.writeText) {
      announce(button, "Copying is not available here: select the link and copy it.");
      return;
    }
    navigator.clipboard.writeText(text).then(
      function () {
        announce(button, "Link copied.");
      },
      function () {
        announce(button, "Could not copy: select the link and copy it.");
      }
    );
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-copy]") : null;
    if (button) {
      event.preventDefault();
      copy(button);
    }
  });
})();
