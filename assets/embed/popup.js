// The sign-in popup's last page: hands the one-time code to the frame that opened it
// (same origin as this page: the target origin is our own), then closes. Without an
// opener the page's own text tells the member to return to the page.
(function () {
  "use strict";
  var el = document.getElementById("parley-code");
  var code = el && el.getAttribute("data-code");
  if (!code || !window.opener) {
    return;
  }
  try {
    window.opener.postMessage({ parley: 1, type: "code", code: code }, location.origin);
  } catch (e) {
    return;
  }
  window.close();
})();
