// Progressive enhancement only: every feature works without this file.
(function () {
  "use strict";
  // Ask before irreversible actions marked with data-confirm.
  document.addEventListener("submit", function (e) {
    var form = e.target;
    var msg = form.getAttribute && form.getAttribute("data-confirm");
    if (msg && !window.confirm(msg)) { e.preventDefault(); }
  });
})();

// Vote without a reload: the same form, sent with fetch; the server answers JSON.
(function () {
  "use strict";
  if (!window.fetch || !window.URLSearchParams) { return; }
  document.addEventListener("submit", function (e) {
    var form = e.target;
    if (!form.action || !/\/p\/[^/]+\/vote$/.test(form.action)) { return; }
    e.preventDefault();
    var box = form.closest(".vote");
    fetch(form.action, {
      method: "POST",
      body: new URLSearchParams(new FormData(form)),
      headers: { "Accept": "application/json" },
      credentials: "same-origin"
    }).then(function (r) {
      if (!r.ok) { throw new Error(String(r.status)); }
      return r.json();
    }).then(function (data) {
      box.querySelector(".score").textContent = data.score;
      var forms = box.querySelectorAll("form");
      for (var i = 0; i < forms.length; i++) {
        var button = forms[i].querySelector("button");
        var up = button.classList.contains("vote-up");
        var mine = up ? 1 : -1;
        var active = data.value === mine;
        button.classList.toggle("active", active);
        button.setAttribute("aria-pressed", active ? "true" : "false");
        forms[i].querySelector("input[name=value]").value = active ? 0 : mine;
      }
    }).catch(function () { form.submit(); });
  });
})();
