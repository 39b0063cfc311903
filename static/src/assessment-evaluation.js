// Evaluation pages: confirm before closing a stage, warn before leaving an answer form with unsaved changes.
// No inline scripts (CSP); the pages work without this file.
(function () {
  "use strict";
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.getAttribute("data-confirm"))) {
        event.preventDefault();
      }
    });
  });
  var answer = document.querySelector("form[data-layer-form]");
  if (answer) {
    var dirty = false;
    answer.addEventListener("input", function () { dirty = true; });
    answer.addEventListener("change", function () { dirty = true; });
    answer.addEventListener("submit", function () { dirty = false; });
    window.addEventListener("beforeunload", function (event) {
      if (dirty) {
        event.preventDefault();
        event.returnValue = "";
      }
    });
  }
})();
