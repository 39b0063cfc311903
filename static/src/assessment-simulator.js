/* What-if simulator (/evaluasi/simulasi/): recompute scores through the JSON API on every change.
   The page works without this script (the form is a plain GET); this only makes it instant. */
(function () {
  "use strict";
  var form = document.getElementById("sim-form");
  if (!form) { return; }
  var api = form.getAttribute("data-api");
  var result = document.getElementById("sim-result");
  var errorBox = result.querySelector("[data-error]");
  var pending = null;
  var decimals = parseInt(form.getAttribute("data-decimals") || "2", 10);
  var lang = document.documentElement.lang || "id";

  function format(value) {
    // The API already rounded `value` half-up; this only writes it the local way (3,28 in Indonesian).
    return value.toLocaleString(lang, { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
  }

  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  function levels() {
    var out = {};
    form.querySelectorAll("select[data-indicator]").forEach(function (select) {
      out[select.getAttribute("data-indicator")] = parseInt(select.value, 10);
    });
    return out;
  }

  function show(key, score) {
    var box = result.querySelector('[data-score="' + key + '"]');
    if (!box) { return; }
    box.querySelector("[data-value]").textContent = format(score.value);
    box.querySelector("[data-predicate]").textContent = score.predicate;
    box.setAttribute("data-predicate-name", score.predicate);
    var bar = box.querySelector("[data-bar]");
    if (bar) { bar.style.width = (score.exact / 5 * 100).toFixed(1) + "%"; }
  }

  function render(data) {
    show("index", data.index);
    data.domains.forEach(function (domain) {
      show("domain-" + domain.number, domain);
      domain.aspects.forEach(function (aspect) { show("aspect-" + aspect.number, aspect); });
    });
    errorBox.hidden = true;
    result.setAttribute("data-state", "ready");
  }

  function recompute() {
    if (pending) { pending.abort(); }
    pending = new AbortController();
    result.setAttribute("data-state", "busy");
    fetch(api, {
      method: "POST",
      headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": csrfToken() },
      credentials: "same-origin",
      body: JSON.stringify({ levels: levels() }),
      signal: pending.signal
    }).then(function (response) {
      return response.json().then(function (body) {
        if (!response.ok) { throw new Error((body.error && body.error.message) || response.statusText); }
        return body;
      });
    }).then(render).catch(function (err) {
      if (err.name === "AbortError") { return; }
      errorBox.textContent = err.message;
      errorBox.hidden = false;
      result.setAttribute("data-state", "error");
    });
  }

  function showCriterion(select) {
    var text = select.parentNode.querySelector("[data-criterion-text]");
    var option = select.options[select.selectedIndex];
    if (text && option) { text.textContent = option.getAttribute("data-criterion"); }
  }

  form.addEventListener("change", function (event) {
    var target = event.target;
    if (target.hasAttribute("data-autosubmit")) {
      form.querySelectorAll("select[data-indicator]").forEach(function (s) { s.disabled = true; });
      form.submit();
      return;
    }
    if (target.hasAttribute("data-start")) {
      form.querySelectorAll("select[data-indicator]").forEach(function (select) {
        select.value = target.value;
        showCriterion(select);
      });
    } else if (target.hasAttribute("data-indicator")) {
      showCriterion(target);
    }
    recompute();
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    recompute();
  });
  result.setAttribute("data-state", "ready");
})();
