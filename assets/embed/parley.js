/* Parley widgets loader: <parley-topics>, <parley-count>, <parley-comments>, <parley-ask>.
 * No framework, no eval, no inline styles: read-only parts render Parley's sanitised
 * fragments in a shadow root styled by a constructed stylesheet (or a <style> inside the
 * shadow root where constructed sheets are missing); interactive parts are iframes on
 * Parley's origin that talk to this page only by origin-checked postMessage. */
(function () {
  "use strict";
  if (!window.customElements || customElements.get("parley-topics")) return;

  var me = document.currentScript ||
    document.querySelector('script[src*="/embed/v1/parley.js"]');
  var PARLEY = new URL(me ? me.src : location.href, location.href).origin;
  var HOST = location.origin;
  /* The widgets' language: `data-lang` on an element, else on this script tag; absent,
   * Parley uses the sub-community's default language. */
  var LANG = (me && me.getAttribute("data-lang")) || "";
  function langOf(el) { return el.getAttribute("data-lang") || LANG; }
  /* The loader's own texts, in each language Parley speaks: the server replaces this
   * object with its Fluent messages when it serves the script (`embed::loader`). */
  var TEXTS = /*parley-texts*/{"en": {"failed": "The community's topics could not be loaded.",
    "comments": "Comments", "ask": "Ask the community"}}/*end-parley-texts*/;
  /* A text in the element's language, else the host page's, else English. */
  function text(el, key) {
    var l = (langOf(el) || document.documentElement.lang || "en").slice(0, 2).toLowerCase();
    return (TEXTS[l] || TEXTS.en)[key];
  }
  var REFRESH_MS = 60000;

  var CSS = [
    ":host{display:block;font-family:var(--parley-font,inherit);color:var(--parley-text,inherit);",
    "--pa:var(--parley-accent,var(--parley-community-accent,#2f6fde))}",
    ":host([hidden]){display:none}:host(parley-count){display:inline}",
    "a{color:var(--pa);text-decoration:none}a:hover,a:focus{text-decoration:underline}",
    ".parley-list{list-style:none;margin:0;padding:0}",
    ".parley-topic{padding:.55em 0;border-bottom:1px solid rgba(127,127,127,.25)}",
    ".parley-title{font-weight:600}",
    ".parley-meta{display:block;font-size:.85em;color:var(--parley-muted,#6b7280)}",
    ".parley-badge{display:inline-block;font-size:.72em;padding:.05em .55em;margin-left:.3em;",
    "border:1px solid currentColor;border-radius:var(--parley-radius,999px);vertical-align:middle}",
    ".parley-solved{color:#15803d}.parley-answered{color:var(--pa)}.parley-unanswered{color:#b45309}",
    ".parley-more{margin:.6em 0 0;font-size:.9em}",
    ".parley-empty,.parley-error{color:var(--parley-muted,#6b7280)}",
    ".parley-official{border-left:3px solid var(--pa);padding-left:.6em}",
    ".parley-count{display:inline}",
    "iframe{display:block;width:100%;border:0;min-height:0;border-radius:var(--parley-radius,0)}",
    ".parley-frame-pending{height:0;overflow:hidden}"
  ].join("");

  var sheet = null;
  try {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
  } catch (e) {
    sheet = null;
  }

  function shadowOf(el) {
    var root = el.shadowRoot || el.attachShadow({ mode: "open" });
    if (sheet && "adoptedStyleSheets" in root) {
      root.adoptedStyleSheets = [sheet];
    } else if (!root.querySelector("style")) {
      var s = document.createElement("style");
      s.textContent = CSS;
      root.appendChild(s);
    }
    return root;
  }

  function url(path, params) {
    var u = new URL(path, PARLEY);
    Object.keys(params).forEach(function (k) {
      var v = params[k];
      if (v !== null && v !== undefined && v !== "") u.searchParams.set(k, v);
    });
    return u.toString();
  }

  function attrs(el, names) {
    var out = {};
    names.forEach(function (n) { out[n] = el.getAttribute(n); });
    out.lang = langOf(el);
    return out;
  }

  function get(u, as) {
    return fetch(u, { mode: "cors", credentials: "omit" }).then(function (r) {
      if (!r.ok) throw new Error("Parley answered " + r.status);
      return as === "json" ? r.json() : r.text();
    });
  }

  /* Parley's fragment (escaped and sanitised by Parley) into `box`; the sub-community's
   * accent becomes the default of --parley-accent. */
  function put(host, box, html) {
    box.innerHTML = html;
    var section = box.querySelector("[data-accent]");
    var accent = section && section.getAttribute("data-accent");
    if (accent && /^#[0-9a-fA-F]{3,8}$/.test(accent)) {
      host.style.setProperty("--parley-community-accent", accent);
    }
    box.querySelectorAll("a[href]").forEach(function (a) { a.target = "_top"; });
  }

  function failed(box, text) {
    box.textContent = "";
    var p = document.createElement("p");
    p.className = "parley-error";
    p.textContent = text;
    box.appendChild(p);
  }

  /* A read-only element: renders on connect and on attribute change (once per task). */
  function readOnly(name, observed, render) {
    var C = function () { return Reflect.construct(HTMLElement, [], C); };
    C.prototype = Object.create(HTMLElement.prototype);
    C.prototype.constructor = C;
    Object.setPrototypeOf(C, HTMLElement);
    Object.defineProperty(C, "observedAttributes", { get: function () { return observed; } });
    C.prototype.connectedCallback = function () { this._render(); };
    C.prototype.attributeChangedCallback = function () { if (this.isConnected) this._render(); };
    C.prototype._render = function () {
      var self = this;
      if (self._queued) return;
      self._queued = true;
      Promise.resolve().then(function () { self._queued = false; render(self); });
    };
    customElements.define(name, C);
    return C;
  }

  var TOPIC_ATTRS = ["community", "kind", "state", "tag", "sort", "limit"];
  var live = new Set();

  var Topics = readOnly("parley-topics", TOPIC_ATTRS, function (el) {
    var root = shadowOf(el);
    var box = root.querySelector(".parley-box");
    if (!box) {
      box = document.createElement("div");
      box.className = "parley-box";
      box.setAttribute("aria-live", "polite");
      root.appendChild(box);
    }
    el._at = Date.now();
    return get(url("/embed/v1/topics.html", attrs(el, TOPIC_ATTRS)), "text")
      .then(function (html) { put(el, box, html); })
      .catch(function () { if (!box.firstChild) failed(box, text(el, "failed")); });
  });
  Topics.prototype.connectedCallback = function () { live.add(this); this._render(); };
  Topics.prototype.disconnectedCallback = function () { live.delete(this); };

  /* Lists refresh every minute while the page is visible, and on coming back to it. */
  function refresh(force) {
    if (document.visibilityState !== "visible") return;
    live.forEach(function (el) {
      if (force || Date.now() - (el._at || 0) >= REFRESH_MS - 1000) el._render();
    });
  }
  setInterval(refresh, REFRESH_MS);
  document.addEventListener("visibilitychange", function () { refresh(false); });

  var COUNT_ATTRS = ["community", "state", "kind", "page", "url"];
  readOnly("parley-count", COUNT_ATTRS, function (el) {
    var root = shadowOf(el);
    var out = root.querySelector(".parley-count");
    if (!out) {
      out = document.createElement("span");
      out.className = "parley-count";
      out.setAttribute("part", "count");
      root.appendChild(out);
    }
    return get(url("/embed/v1/count.json", attrs(el, COUNT_ATTRS)), "json")
      .then(function (j) { out.textContent = String(Number(j.count) || 0); })
      .catch(function () { out.textContent = "–"; });
  });

  /* ----- Frames: the comments thread and the ask box, on Parley's origin ----- */
  var frames = new Map();

  window.addEventListener("message", function (e) {
    if (e.origin !== PARLEY) return;
    var el = frames.get(e.source);
    var m = e.data;
    if (!el || !el._iframe || e.source !== el._iframe.contentWindow) return;
    if (!m || typeof m !== "object" || m.parley !== 1) return;
    if (m.type === "ready") {
      // The frame names itself in its language (the title below is the fallback).
      if (typeof m.title === "string" && m.title) el._iframe.title = m.title.slice(0, 200);
      el._ready = true;
      el._shown();
      el._connect();
    } else if (m.type === "resize") {
      var h = Math.max(0, Math.min(20000, Math.ceil(Number(m.height) || 0)));
      el._iframe.style.setProperty("height", h + "px");
    } else if (m.type === "event" && typeof m.name === "string" && /^parley:[a-z-]+$/.test(m.name)) {
      el.dispatchEvent(new CustomEvent(m.name, {
        detail: m.detail && typeof m.detail === "object" ? m.detail : {},
        bubbles: true,
        composed: true
      }));
    }
  });

  function framed(name, observed, src, title, preview) {
    var C = function () { return Reflect.construct(HTMLElement, [], C); };
    C.prototype = Object.create(HTMLElement.prototype);
    C.prototype.constructor = C;
    Object.setPrototypeOf(C, HTMLElement);
    Object.defineProperty(C, "observedAttributes", { get: function () { return observed; } });
    C.prototype.connectedCallback = function () { this._build(); };
    C.prototype.disconnectedCallback = function () {
      if (this._iframe) frames.delete(this._iframe.contentWindow);
    };
    C.prototype.attributeChangedCallback = function (attr) {
      if (!this.isConnected || !this._iframe) return;
      if (attr === "connect") this._connect();
      else this._build();
    };
    C.prototype._build = function () {
      var root = shadowOf(this);
      if (this._iframe) frames.delete(this._iframe.contentWindow);
      root.querySelectorAll(".parley-box,iframe").forEach(function (n) { n.remove(); });
      this._ready = false;
      var box = null;
      if (preview) {
        box = document.createElement("div");
        box.className = "parley-box";
        root.appendChild(box);
        var self = this;
        get(preview(this), "text")
          .then(function (html) { if (!self._ready) put(self, box, html); })
          .catch(function () { /* the frame still loads */ });
      }
      this._box = box;
      var f = document.createElement("iframe");
      f.src = src(this);
      var t = name === "parley-comments" && this.getAttribute("title");
      f.title = t ? text(this, title) + ": " + t : text(this, title);
      f.loading = "lazy";
      f.width = "100%";
      f.className = "parley-frame-pending";
      f.setAttribute("referrerpolicy", "strict-origin-when-cross-origin");
      root.appendChild(f);
      this._iframe = f;
      if (f.contentWindow) frames.set(f.contentWindow, this);
      var el = this;
      f.addEventListener("load", function () {
        if (f.contentWindow) frames.set(f.contentWindow, el);
      });
    };
    C.prototype._shown = function () {
      this._iframe.classList.remove("parley-frame-pending");
      if (this._box) this._box.remove();
      this._box = null;
    };
    C.prototype._connect = function () {
      var a = this.getAttribute("connect");
      if (this._ready && a && this._iframe.contentWindow) {
        this._iframe.contentWindow.postMessage({ parley: 1, type: "connect", assertion: a }, PARLEY);
      }
    };
    customElements.define(name, C);
  }

  framed("parley-comments", ["community", "page", "url", "title", "connect"],
    function (el) {
      return url("/embed/v1/frame/comments", {
        community: el.getAttribute("community"), page: el.getAttribute("page"),
        url: el.getAttribute("url"), title: el.getAttribute("title"), origin: HOST,
        lang: langOf(el)
      });
    },
    "comments",
    function (el) {
      return url("/embed/v1/comments.html", {
        community: el.getAttribute("community"), page: el.getAttribute("page"),
        url: el.getAttribute("url"), lang: langOf(el)
      });
    });

  framed("parley-ask", ["community", "connect"],
    function (el) {
      return url("/embed/v1/frame/ask", { community: el.getAttribute("community"), origin: HOST, lang: langOf(el) });
    },
    "ask",
    null);
})();
