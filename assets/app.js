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
      box.querySelector(".score").textContent = data.score;
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
