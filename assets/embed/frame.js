// Parley's interactive frames (comments, ask box), on Parley's origin inside a host page.
// Writes carry an embed token (memory + sessionStorage, per community) as a bearer token.
// Messages: to the host only at the validated host origin; from the host only when
// origin and source match; from the sign-in popup only from our own origin.
(function () {
  "use strict";
  var body = document.body;
  var d = body.dataset;
  var hostOrigin = d.hostOrigin;
  var community = d.community;
  var storageKey = "parley-embed-token:" + community;
  var token = null;
  var popup = null;
  var $ = function (sel, root) { return (root || document).querySelector(sel); };
  var $$ = function (sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); };
  // The frame's messages in its language (`data-texts`, from the .ftl files), with
  // {placeholders} filled here.
  var texts = {};
  try { texts = JSON.parse(d.texts || "{}"); } catch (e) { texts = {}; }
  function T(key, vars) {
    var s = texts[key] || key;
    Object.keys(vars || {}).forEach(function (k) { s = s.split("{" + k + "}").join(String(vars[k])); });
    return s;
  }
  var lang = document.documentElement.lang || "";

  try { token = window.sessionStorage.getItem(storageKey); } catch (e) { token = null; }

  function toHost(msg) {
    if (window.parent === window || !hostOrigin) return;
    msg.parley = 1;
    window.parent.postMessage(msg, hostOrigin);
  }

  function hostEvent(name, detail) {
    toHost({ type: "event", name: name, detail: detail });
  }

  function show(text, isError) {
    var box = $("[data-message]");
    if (!box) return;
    box.textContent = text || "";
    box.hidden = !text;
    box.classList.toggle("error", !!isError);
  }

  function problemText(status, data) {
    if (data && (data.detail || data.title)) return data.detail || data.title;
    return T("error", { status: status });
  }

  // fetch with JSON in and out; resolves {ok, status, data}; never rejects.
  function call(method, path, payload, withToken) {
    var headers = { Accept: "application/json" };
    if (payload !== undefined) headers["Content-Type"] = "application/json";
    if (withToken && token) headers.Authorization = "Bearer " + token;
    return fetch(path, {
      method: method,
      headers: headers,
      body: payload === undefined ? undefined : JSON.stringify(payload),
      credentials: "same-origin",
      cache: "no-store"
    }).then(function (res) {
      return res.text().then(function (text) {
        var data = null;
        try { data = text ? JSON.parse(text) : null; } catch (e) { data = null; }
        return { ok: res.ok, status: res.status, data: data };
      });
    }).catch(function () {
      return { ok: false, status: 0, data: { detail: T("unreachable") } };
    });
  }

  function setSession(data) {
    if (!data || !data.token) return;
    token = data.token;
    try { window.sessionStorage.setItem(storageKey, token); } catch (e) { /* partitioned storage may be off */ }
    var who = $("[data-who]");
    if (who && data.user) {
      who.textContent = T("signed-in-as", { name: data.user.display_name || data.user.username });
      who.hidden = false;
    }
    var button = $("[data-signin-button]");
    if (button) button.hidden = true;
    signedInChanged();
  }

  function forgetToken() {
    token = null;
    try { window.sessionStorage.removeItem(storageKey); } catch (e) { /* ignore */ }
    var button = $("[data-signin-button]");
    if (button) button.hidden = false;
    signedInChanged();
  }

  function exchange(path, payload, silent) {
    return call("POST", path, payload, false).then(function (r) {
      if (r.ok) setSession(r.data);
      else if (!silent) show(problemText(r.status, r.data), true);
      return r.ok;
    });
  }

  function trySameSiteSession() {
    var meta = $("meta[name=csrf-token]");
    var headers = { Accept: "application/json", "Content-Type": "application/json" };
    if (meta) headers["X-CSRF-Token"] = meta.getAttribute("content");
    fetch("/embed/v1/session", {
      method: "POST", headers: headers, credentials: "same-origin",
      body: JSON.stringify({ community: community })
    }).then(function (res) {
      return res.ok ? res.json().then(setSession) : null;
    }).catch(function () { /* no first-party session: other layers remain */ });
  }

  function openSignIn() {
    popup = window.open("/embed/v1/signin?community=" + encodeURIComponent(community),
      "parley-signin", "width=480,height=640");
    if (!popup) show(T("popup-blocked"), true);
  }

  window.addEventListener("message", function (e) {
    var msg = e.data;
    if (!msg || typeof msg !== "object" || msg.parley !== 1) return;
    if (msg.type === "connect" && e.origin === hostOrigin && e.source === window.parent
        && typeof msg.assertion === "string") {
      exchange("/embed/v1/session/connect", { assertion: msg.assertion, community: community, origin: hostOrigin }, false);
    } else if (msg.type === "code" && e.origin === location.origin
        && (popup === null || e.source === popup) && typeof msg.code === "string") {
      exchange("/embed/v1/session/code", { code: msg.code, community: community }, false);
    }
  });

  var signInButton = $("[data-signin-button]");
  if (signInButton) {
    signInButton.addEventListener("click", openSignIn);
    if (token) signInButton.hidden = true;
  }

  function whenUnauthorised(r) {
    if (r.status === 401) {
      forgetToken();
      show(T("session-ended"), true);
      return true;
    }
    return false;
  }

  // ----- Comments -----
  var parentId = null;

  function decorate() {
    $$("[data-comments] article[data-post-id]").forEach(function (article) {
      if ($(".actions", article)) return;
      var id = article.getAttribute("data-post-id");
      var actions = document.createElement("div");
      actions.className = "actions";
      var vote = document.createElement("button");
      vote.type = "button"; vote.className = "vote"; vote.title = T("vote-up");
      vote.setAttribute("data-vote", id); vote.textContent = "\u25B2";
      actions.appendChild(vote);
      if (!article.classList.contains("nested")) {
        var reply = document.createElement("button");
        reply.type = "button"; reply.className = "reply";
        reply.setAttribute("data-reply", id); reply.textContent = T("reply");
        actions.appendChild(document.createTextNode(" "));
        actions.appendChild(reply);
      }
      article.appendChild(actions);
    });
  }

  function pageParams() {
    var p = $("[data-page]");
    return p ? { page: p.getAttribute("data-page"), url: p.getAttribute("data-url"), title: p.getAttribute("data-title") } : null;
  }

  function refreshComments() {
    var page = pageParams();
    var q = "community=" + encodeURIComponent(community) + "&page=" + encodeURIComponent(page.page)
      + "&url=" + encodeURIComponent(page.url) + (lang ? "&lang=" + encodeURIComponent(lang) : "");
    return fetch("/embed/v1/comments.html?" + q, { cache: "no-store", credentials: "omit" })
      .then(function (res) {
        if (!res.ok) throw new Error(String(res.status));
        return res.text();
      })
      .then(function (html) {
        var holder = $("[data-comments]");
        var doc = new DOMParser().parseFromString(html, "text/html");
        var section = $(".parley-comments", doc);
        if (holder && section) {
          holder.replaceChildren(document.importNode(section, true));
          decorate();
        }
      })
      .catch(function () { show(T("reload-failed"), true); });
  }

  function setReplying(id) {
    parentId = id;
    var note = $("[data-replying]");
    if (note) note.hidden = !id;
    var area = $("#comment-body");
    if (area && id) area.focus();
  }

  function setupComments() {
    decorate();
    var form = $("[data-composer]");
    var holder = $("[data-comments]");
    holder.addEventListener("click", function (e) {
      var target = e.target;
      if (!(target instanceof Element)) return;
      var replyId = target.getAttribute("data-reply");
      var voteId = target.getAttribute("data-vote");
      if (replyId) setReplying(replyId);
      if (voteId) {
        if (!token) { show(T("sign-in-to-vote"), true); return; }
        call("POST", "/api/v1/posts/" + encodeURIComponent(voteId) + "/vote", { value: 1 }, true).then(function (r) {
          if (whenUnauthorised(r)) return;
          if (!r.ok) { show(problemText(r.status, r.data), true); return; }
          var article = target.closest("article");
          var score = article && $(".score", article);
          if (score && r.data && typeof r.data.score === "number") score.textContent = String(r.data.score);
          show("", false);
        });
      }
    });
    var cancel = $("[data-cancel-reply]");
    if (cancel) cancel.addEventListener("click", function () { setReplying(null); });
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var area = $("#comment-body");
      if (!token) { show(T("sign-in-to-comment"), true); return; }
      var page = pageParams();
      var payload = { community: community, url: page.url, body: area.value, origin: hostOrigin };
      if (page.page) payload.page = page.page;
      if (page.title) payload.title = page.title;
      if (parentId) payload.parent_id = parentId;
      var button = $("button[type=submit]", form);
      button.disabled = true;
      call("POST", "/embed/v1/comments", payload, true).then(function (r) {
        button.disabled = false;
        if (whenUnauthorised(r)) return;
        if (!r.ok) { show(problemText(r.status, r.data), true); return; }
        area.value = "";
        setReplying(null);
        var postId = r.data && r.data.post ? r.data.post.id : null;
        hostEvent("parley:commented", { post_id: postId, state: r.data.state });
        if (r.data.state === "published") {
          show("", false);
          refreshComments();
        } else {
          show(T("comment-held"), false);
        }
      });
    });
  }

  // ----- Ask -----
  var anonymousAsk = (function () {
    var el = $("[data-anonymous-ask]");
    return el ? el.getAttribute("data-anonymous-ask") === "true" : false;
  })();
  var asked = false;

  function signedInChanged() {
    if (d.frame !== "ask" || asked) return;
    var form = $("[data-ask]");
    var gate = $("[data-ask-signin]");
    var open = anonymousAsk || !!token;
    if (form) form.hidden = !open;
    if (gate) gate.hidden = open;
  }

  function renderSimilar(items) {
    var section = $("[data-similar]");
    var list = $("[data-similar-list]");
    list.replaceChildren();
    (items || []).forEach(function (item) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = item.url; a.target = "_blank"; a.rel = "noopener";
      a.textContent = item.title;
      a.addEventListener("click", function () {
        call("POST", "/embed/v1/events", { kind: "similar_clicked", community: community, topic_id: item.id }, false);
        hostEvent("parley:similar-clicked", { topic_id: item.id, url: item.url });
      });
      var meta = document.createElement("span");
      meta.className = "meta";
      meta.textContent = " " + T(item.answers === 1 || (item.answers === 0 && lang === "fr") ? "answers-one" : "answers-other", { n: item.answers });
      li.appendChild(a);
      li.appendChild(meta);
      list.appendChild(li);
    });
    section.hidden = !items || items.length === 0;
  }

  function setupAsk() {
    var form = $("[data-ask]");
    var title = $("#ask-title");
    var timer = null;
    var last = null;
    function lookUp() {
      var q = title.value.trim();
      if (q === last) return;
      last = q;
      call("GET", "/embed/v1/similar.json?community=" + encodeURIComponent(community) + "&q=" + encodeURIComponent(q), undefined, false)
        .then(function (r) {
          if (r.ok) renderSimilar(r.data);
          else show(problemText(r.status, r.data), true);
        });
    }
    title.addEventListener("input", function () {
      if (timer) window.clearTimeout(timer);
      timer = window.setTimeout(lookUp, 300);
    });
    lookUp();
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      if (!token) { show(T("sign-in-to-ask"), true); openSignIn(); return; }
      var button = $("button[type=submit]", form);
      button.disabled = true;
      var payload = { community: community, title: title.value, body: $("#ask-body").value, origin: hostOrigin };
      call("POST", "/embed/v1/ask", payload, true).then(function (r) {
        button.disabled = false;
        if (whenUnauthorised(r)) return;
        if (!r.ok) { show(problemText(r.status, r.data), true); return; }
        asked = true;
        form.hidden = true;
        var thanks = $("[data-thanks]");
        var link = $("[data-thanks-link]");
        if (link && r.data.url) link.href = r.data.url;
        thanks.hidden = false;
        show(r.data.state === "held" ? T("question-held") : "", false);
        hostEvent("parley:asked", { topic_id: r.data.topic_id, url: r.data.url, state: r.data.state });
      });
    });
    signedInChanged();
  }

  // ----- Height and start-up -----
  function reportHeight() {
    toHost({ type: "resize", height: Math.ceil(document.documentElement.scrollHeight) });
  }
  if (typeof ResizeObserver === "function") {
    new ResizeObserver(reportHeight).observe(document.documentElement);
  }

  if (d.frame === "comments") setupComments();
  if (d.frame === "ask") setupAsk();
  if (!token) trySameSiteSession();
  // The frame's title (in its language) becomes the iframe's accessible name.
  toHost({ type: "ready", title: document.title });
  reportHeight();
})();
