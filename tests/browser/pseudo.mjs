// Issue 21: the pseudo-locale run. Parley starts with the pseudo-locale on; the main
// pages are read with ?lang=en-XA, where every message from a .ftl file is accented,
// lengthened and wrapped, whole and with its variables, in [brackets] (dates written for
// the language are bracketed too; a message placed into another nests). Any visible text
// (or aria-label, placeholder, title, alt) outside the brackets that is not user content
// is a hard-coded string: the run lists them grouped by page and exits non-zero.
// User content (titles, posts, usernames, sub-community names and descriptions, tags, the
// site's name) is excluded: marked `data-content` in the views, or by the selectors below.
// Run from the repository root:  node tests/browser/pseudo.mjs
import { freePort, startDemo, signIn } from "./lib.mjs";

// The demo's example host page (its origin may frame the Widgets widgets).
const HOST_PORT = await freePort();
const HOST = `http://localhost:${HOST_PORT}`;
const PAGE_URL = encodeURIComponent(`${HOST}/products/widget-pro-3000`);

/** User content, never translated. */
const USER_CONTENT = [
  "[data-content]", ".prose", ".snippet", "mark", "a[href^='/u/']", ".byline", ".me",
  ".topic-title", ".topic-heading h1", "h1.topic-heading", ".crumbs a", ".badge.community", ".tag", "a[href*='/tag/']",
  ".community-card h3", ".community-card p", ".community-banner h1", ".community-banner .lead", "a[href^='/c/']",
  ".brand", ".hero h1", ".hero .lead", "a[href^='/t/']", ".revision", "pre.diff", "pre.matched-text", "code",
  // The embedded widgets' titles, authors and comments (fragments, frames, frame.js).
  ".parley-title", ".parley-author", "[data-similar-list] a", ".comment .author", ".comment .body",
  // The language menu names each language in itself ("English", "Français").
  ".language-menu [lang]",
  // Form values the viewer or an admin typed.
  "textarea", "select option",
].join(", ");

/** Pages by role; `{topic}` is a question with answers found through the page. */
const PAGES = {
  anonymous: [null, ["/", "/latest", "/c/widgets", "{topic}", "/search?q=widgets", "/u/carla", "/login", "/signup",
    "/password/reset", "/no-such-page",
    // The embedded widgets' frames and fragments, as the demo's host page loads them.
    `/embed/v1/frame/comments?community=widgets&page=widget-pro-3000&url=${PAGE_URL}&origin=${encodeURIComponent(HOST)}`,
    `/embed/v1/frame/ask?community=widgets&origin=${encodeURIComponent(HOST)}`,
    `/embed/v1/comments.html?community=widgets&page=widget-pro-3000&url=${PAGE_URL}`,
    "/embed/v1/topics.html?community=widgets"]],
  member: ["chen", ["/", "{topic}", "/c/widgets/new", "/notifications", "/settings/account", "/settings/profile",
    "/settings/notifications", "/settings/tokens", "/c/widgets/leaderboard"]],
  employee: ["erin", ["/queue", "/teams/widgets-product"]],
  moderator: ["mona", ["/review"]],
  admin: ["ada", ["/admin", "/admin/settings", "/admin/users", "/admin/moderation", "/admin/outcomes", "/admin/outbox",
    "/admin/audit", "/admin/webhooks", "/admin/teams", "/admin/embedding", "/admin/sso", "/admin/tokens", "/admin/search",
    "/admin/communities/new", "/admin/invitations", "/admin/inbound", "/admin/embedding/acme-demo-site/edit", "/c/widgets/edit", "/c/widgets/members",
    "/c/widgets/categories", "/c/widgets/moderation", "/c/widgets/embedding", "/c/widgets/search-insights",
    "/c/widgets/outcomes", "/c/widgets/invitations", "/c/widgets/wiki-requests"]],
};

/** Runs in the page: every hard-coded text, with where it was found. */
function findUntranslated(userContent) {
  const letters = /\p{L}/u;
  // Innermost brackets first, until none is left: "[by [Dec 4, 2026]]" is all inside.
  const outside = (s) => {
    for (let prev = null; prev !== s;) { prev = s; s = s.replace(/\[[^\[\]]*\]/g, ""); }
    return s.replace(/[\[\]]/g, "");
  };
  const found = [];
  const describe = (el) => {
    const parts = [];
    for (let e = el; e && e !== document.body && parts.length < 3; e = e.parentElement) {
      parts.unshift(e.tagName.toLowerCase() + (e.id ? `#${e.id}` : "") + (e.classList.length ? "." + [...e.classList].join(".") : ""));
    }
    return parts.join(" > ");
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (!el || el.closest("script, style, noscript, template") || el.closest(userContent)) continue;
    if (!el.checkVisibility({ checkOpacity: false, checkVisibilityCSS: true }) && !el.closest(".visually-hidden, .skip-link")) continue;
    const text = n.textContent.replace(/\s+/g, " ").trim();
    if (letters.test(outside(text))) found.push({ where: describe(el), text });
  }
  for (const el of document.body.querySelectorAll("[aria-label], [placeholder], [title], [alt]")) {
    if (el.closest(userContent)) continue;
    for (const attr of ["aria-label", "placeholder", "title", "alt"]) {
      const v = el.getAttribute(attr);
      if (v && letters.test(outside(v))) found.push({ where: `${describe(el)} @${attr}`, text: v });
    }
  }
  // The document title: the part before " · " is the page's own.
  const own = document.title.split(" · ").slice(0, -1).join(" · ");
  if (own && letters.test(outside(own)) && !document.querySelector("h1")?.closest(userContent)) found.push({ where: "title", text: own });
  return found;
}

const { base, browser, stop } = await startDemo({
  PARLEY_I18N__PSEUDO_LOCALE: "true", PARLEY_DEMO__HOST_BIND: `127.0.0.1:${HOST_PORT}`,
});
const report = new Map(); // page -> [{where, text}]
let checked = 0;
let failedToRun = null;
try {
  const probe = await (await browser.newContext()).newPage();
  await probe.goto(`${base}/c/widgets`);
  const hrefs = await probe.locator("main a[href^='/t/']").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
  let topic = null;
  for (const h of hrefs) {
    await probe.goto(base + h);
    if ((await probe.locator("article.post").count()) >= 2) { topic = h.split("#")[0]; break; }
  }
  if (!topic) throw new Error("no topic with answers in the demo's Widgets");
  // The pseudo-locale is really on: the shell's own text comes back bracketed.
  await probe.goto(`${base}/?lang=en-XA`);
  if ((await probe.locator("html").getAttribute("lang")) !== "en-XA" || !(await probe.locator(".skip-link").textContent()).startsWith("[")) {
    throw new Error("?lang=en-XA did not select the pseudo-locale (is PARLEY_I18N__PSEUDO_LOCALE honoured?)");
  }
  await probe.context().close();

  for (const [role, [user, pages]] of Object.entries(PAGES)) {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    if (user) await signIn(page, base, user);
    for (const p of pages) {
      const path = p.replace("{topic}", topic);
      await page.goto(`${base}${path}${path.includes("?") ? "&" : "?"}lang=en-XA`);
      const found = await page.evaluate(findUntranslated, USER_CONTENT);
      checked++;
      if (found.length) report.set(`${role} ${path}`, found);
    }
    await ctx.close();
  }
} catch (e) {
  failedToRun = e;
} finally {
  await stop();
}

if (failedToRun) {
  console.log(`FAIL the pseudo-locale run could not complete\n     ${failedToRun.stack || failedToRun}`);
  process.exit(1);
}
if (checked === 0) { console.log("FAIL no page was checked"); process.exit(1); }
if (report.size) {
  let total = 0;
  for (const list of report.values()) total += list.length;
  console.log(`FAIL ${total} hard-coded string(s) on ${report.size} of ${checked} pages (not from a .ftl file):`);
  for (const [page, list] of report) {
    console.log(`\n  ${page}`);
    const seen = new Set();
    for (const { where, text } of list) {
      const key = `${where}|${text}`;
      if (seen.has(key)) continue;
      seen.add(key);
      console.log(`    "${text.slice(0, 100)}"   (${where})`);
    }
  }
  process.exit(1);
}
console.log(`ok   every visible string on ${checked} pages comes from a .ftl file`);
