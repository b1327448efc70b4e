/* The fee calculator of a permit page (browser/templates/fee_calculator.pt):
   asks <permit-type>/@fee for the answer typed and shows the amount without
   reloading the page.  Without JavaScript the form asks the page itself. */
(function () {
  "use strict";
  function setup(form) {
    var url = form.getAttribute("data-fee-url");
    var answer = form.getAttribute("data-answer");
    var input = form.querySelector("input[name]");
    var output = document.getElementById("ptsp-fee-result");
    if (!url || !answer || !input || !output) {
      return;
    }
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var query = encodeURIComponent(answer) + "=" + encodeURIComponent(input.value.trim());
      output.textContent = "…";
      fetch(url + "?" + query, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      })
        .then(function (response) {
          return response.json().then(function (data) {
            return { ok: response.ok, data: data };
          });
        })
        .then(function (result) {
          output.textContent = "";
          if (result.ok) {
            input.removeAttribute("aria-invalid");
            var label = document.createElement("span");
            label.textContent = form.getAttribute("data-label") || "Perkiraan biaya: ";
            var strong = document.createElement("strong");
            strong.textContent = result.data.formatted;
            output.appendChild(label);
            output.appendChild(strong);
          } else {
            input.setAttribute("aria-invalid", "true");
            var error = result.data && result.data.error ? result.data.error : {};
            var errors = error.errors || {};
            var span = document.createElement("span");
            span.className = "text-danger";
            span.textContent = errors[answer] || error.message || "";
            output.appendChild(span);
          }
        })
        .catch(function () {
          form.submit();
        });
    });
  }
  function init() {
    var forms = document.querySelectorAll("form.ptsp-fee-form");
    for (var i = 0; i < forms.length; i++) {
      setup(forms[i]);
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
