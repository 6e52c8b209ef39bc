// Search, progressively enhanced (issue 19): everything works without this file.
// - The "/" key focuses the header's search box (unless typing in a field already).
// - The composer shows up to five similar questions as the title is typed (debounced);
//   each opens in a new tab, and a click on one is recorded (a possible deflection,
//   cancelled by the server if this composer then posts).
(function () {
  "use strict";

  document.addEventListener("keydown", function (e) {
    if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey) { return; }
    var t = e.target;
    var tag = t && t.tagName;
    if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (t && t.isContentEditable)) { return; }
    var box = document.querySelector("[data-search-shortcut]");
    if (!box) { return; }
    e.preventDefault();
    box.focus();
    box.select();
  });

  if (!window.fetch) { return; }

  function randomId() {
    if (window.crypto && window.crypto.randomUUID) { return window.crypto.randomUUID(); }
    var b = new Uint8Array(16);
    window.crypto.getRandomValues(b);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  function setup(section) {
    var input = document.getElementById(section.getAttribute("data-similar-for"));
    var list = section.querySelector("[data-similar-items]");
    var form = section.closest("form");
    if (!input || !list || !form) { return; }
    var composer = form.querySelector("[data-composer-id]");
    if (composer && !composer.value) { composer.value = randomId(); }
    var csrf = form.querySelector("input[name=csrf_token]");
    var community = section.getAttribute("data-similar-community") || "";
    var timer = null;
    var last = null;
    var log = null;

    function render(items) {
      list.replaceChildren();
      items.forEach(function (item) {
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = item.url;
        a.target = "_blank";
        a.rel = "noopener";
        a.textContent = item.title;
        a.addEventListener("click", function () { clicked(item); });
        li.appendChild(a);
        if (item.solved) {
          var s = document.createElement("span");
          s.className = "badge state-solved";
          s.textContent = section.getAttribute("data-label-solved") || "";
          li.appendChild(document.createTextNode(" "));
          li.appendChild(s);
        }
        if (item.official) {
          var o = document.createElement("span");
          o.className = "badge official";
          o.textContent = section.getAttribute("data-label-official") || "";
          li.appendChild(document.createTextNode(" "));
          li.appendChild(o);
        }
        list.appendChild(li);
      });
      section.hidden = items.length === 0;
    }

    function clicked(item) {
      var headers = { "Content-Type": "application/json" };
      if (csrf) { headers["X-CSRF-Token"] = csrf.value; }
      fetch("/search/similar/click", {
        method: "POST",
        credentials: "same-origin",
        headers: headers,
        keepalive: true,
        body: JSON.stringify({ topic: item.id, query: last || "", log: log, composer: composer ? composer.value : null })
      }).catch(function () {});
    }

    function lookUp() {
      var q = input.value.trim();
      if (q === last) { return; }
      last = q;
      if (q.length < 3) { render([]); return; }
      var url = "/search/similar.json?q=" + encodeURIComponent(q) + "&c=" + encodeURIComponent(community);
      fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (r) {
          if (!r.ok) { throw new Error(String(r.status)); }
          log = r.headers.get("x-search-log");
          return r.json();
        })
        .then(function (items) { if (input.value.trim() === q) { render(items || []); } })
        .catch(function () { render([]); });
    }

    input.addEventListener("input", function () {
      if (timer) { clearTimeout(timer); }
      timer = setTimeout(lookUp, 350);
    });
    if (input.value.trim()) { lookUp(); }
  }

  function start() {
    var sections = document.querySelectorAll("[data-similar-for]");
    for (var i = 0; i < sections.length; i++) { setup(sections[i]); }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
