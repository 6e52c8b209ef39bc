// Progressive enhancement only: every feature works without this file.
(function () {
  "use strict";
  // Ask before irreversible actions marked with data-confirm.
  document.addEventListener("submit", function (e) {
    var form = e.target;
    var by = e.submitter;
    var msg = (by && by.getAttribute("data-confirm")) || (form.getAttribute && form.getAttribute("data-confirm"));
    if (msg && !window.confirm(msg)) { e.preventDefault(); }
  });
})();

// Vote without a reload: the vote buttons submit the page's one vote form (through their
// form and formaction attributes); here the same request goes with fetch and the server
// answers JSON.
(function () {
  "use strict";
  if (!window.fetch || !window.URLSearchParams) { return; }
  document.addEventListener("submit", function (e) {
    var button = e.submitter;
    if (!button || !button.formAction || !/\/p\/[^/]+\/vote$/.test(button.formAction)) { return; }
    e.preventDefault();
    var form = e.target;
    var box = button.closest(".vote");
    var body = new URLSearchParams(new FormData(form));
    body.set(button.name, button.value);
    fetch(button.formAction, {
      method: "POST",
      body: body,
      headers: { "Accept": "application/json" },
      credentials: "same-origin"
    }).then(function (r) {
      if (!r.ok) { throw new Error(String(r.status)); }
      return r.json();
    }).then(function (data) {
      var score = box.querySelector(".score");
      // Announced to screen readers: the new score is the answer to pressing the button.
      score.setAttribute("aria-live", "polite");
      score.textContent = data.score;
      var buttons = box.querySelectorAll("button");
      for (var i = 0; i < buttons.length; i++) {
        var mine = buttons[i].classList.contains("vote-up") ? 1 : -1;
        var active = data.value === mine;
        buttons[i].classList.toggle("active", active);
        buttons[i].setAttribute("aria-pressed", active ? "true" : "false");
        buttons[i].value = active ? 0 : mine;
      }
    }).catch(function () {
      // Fall back to a plain submission (form.submit() fires no submit event).
      var value = document.createElement("input");
      value.type = "hidden";
      value.name = button.name;
      value.value = button.value;
      form.appendChild(value);
      form.action = button.formAction;
      form.submit();
    });
  });
})();

// Issue 21: after a failed submit, focus goes to the form's error summary (an alert that
// links every problem to its field) or, on a form without one, to the first invalid
// field, whose aria-describedby reads its error; so the problem is announced and the
// keyboard starts where it must.
(function () {
  "use strict";
  function focusProblem() {
    var target = document.querySelector("[data-error-summary]") || document.querySelector("main [aria-invalid=true]");
    if (target && !document.activeElement.closest("[data-error-summary]")) { target.focus(); }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", focusProblem);
  } else {
    focusProblem();
  }
})();
