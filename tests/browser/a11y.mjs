// Issue 21: axe-core (WCAG 2.0/2.1/2.2 A and AA) on every page type, for every role, in
// English and French, plus a sample in the emulated dark colour scheme. Any violation
// fails the run; the violations are listed by rule, page and selector.
// Run from the repository root:  node tests/browser/a11y.mjs
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { startDemo, signIn } from "./lib.mjs";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"];
const STRUCTURE = ["heading-order", "page-has-heading-one", "landmark-one-main", "landmark-no-duplicate-banner",
  "landmark-no-duplicate-contentinfo", "landmark-unique", "region", "skip-link"];

/** Pages every role sees, then the pages a role adds. `{topic}` is a question with answers. */
const COMMON = ["/", "/latest", "/c/widgets", "{topic}", "/search?q=widgets", "/u/carla", "/no-such-page"];
const SIGNED_IN = ["/c/widgets/new", "/settings/account", "/settings/profile", "/settings/notifications", "/notifications"];
const ROLES = {
  anonymous: { user: null, pages: [...COMMON, "/login", "/signup", "/password/reset"] },
  member: { user: "chen", pages: [...COMMON, ...SIGNED_IN] },
  employee: { user: "erin", pages: [...COMMON, ...SIGNED_IN, "/queue"] },
  moderator: { user: "mona", pages: [...COMMON, ...SIGNED_IN, "/review", "/c/widgets/moderation"] },
  admin: {
    user: "ada",
    pages: [...COMMON, ...SIGNED_IN, "/queue", "/review", "/admin", "/admin/settings", "/admin/users", "/admin/outbox",
      "/admin/tokens", "/admin/sso", "/admin/audit", "/admin/webhooks", "/admin/webhooks/new", "/admin/embedding",
      "/admin/communities/new", "/admin/moderation", "/admin/search", "/admin/teams", "/admin/outcomes"],
  },
};
const DARK_SAMPLE = ["/", "/latest", "{topic}", "/c/widgets/new", "/login", "/admin/outcomes", "/no-such-page"];

const violations = []; // { rule, impact, page, targets, help }
let checked = 0;

async function audit(page, url, label) {
  const res = await page.goto(url);
  if (!res) throw new Error(`no response for ${url}`);
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(async ([tags, STRUCTURE]) => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] });
    // Structure the brief asks for beyond the WCAG-tagged rules: landmarks, one main,
    // a first-level heading, headings in order, a working skip link.
    const s = await axe.run(document, { runOnly: { type: "rule", values: STRUCTURE }, resultTypes: ["violations"] });
    return [...r.violations, ...s.violations].map((v) => ({ id: v.id, impact: v.impact, help: v.help,
      targets: v.nodes.map((n) => n.target.join(" ") + (n.failureSummary ? ` — ${n.failureSummary.split("\n").slice(1).join(" ").trim()}` : "")) }));
  }, [TAGS, STRUCTURE]);
  checked++;
  for (const v of result) violations.push({ rule: v.id, impact: v.impact, help: v.help, page: label, targets: v.targets });
  return res.status();
}

const { base, browser, stop } = await startDemo();
let failedToRun = null;
try {
  // A question with answers, found through the page rather than guessed.
  const probe = await (await browser.newContext()).newPage();
  await probe.goto(`${base}/c/widgets`);
  const hrefs = await probe.locator("main a[href^='/t/']").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
  let topic = null;
  for (const h of hrefs) {
    await probe.goto(base + h);
    if ((await probe.locator("article.post").count()) >= 2) { topic = h.split("#")[0]; break; }
  }
  if (!topic) throw new Error("no topic with answers in the demo's Widgets");
  await probe.context().close();
  const resolve = (p) => p.replace("{topic}", topic);

  for (const [role, { user, pages }] of Object.entries(ROLES)) {
    for (const lang of ["en", "fr"]) {
      const ctx = await browser.newContext({ bypassCSP: true, locale: lang === "fr" ? "fr-FR" : "en-GB" });
      const page = await ctx.newPage();
      if (user) await signIn(page, base, user);
      for (const p of pages) {
        const path = resolve(p);
        const url = `${base}${path}${path.includes("?") ? "&" : "?"}lang=${lang}`;
        await audit(page, url, `${role} ${lang} ${path}`);
      }
      await ctx.close();
    }
    console.log(`checked ${role}`);
  }

  // Form errors: every invalid field points at its error, the summary is an alert and
  // takes focus, and the page with errors passes axe too. The browser's own validation
  // is switched off so the server's errors are the ones shown.
  for (const lang of ["en", "fr"]) {
    const ctx = await browser.newContext({ bypassCSP: true });
    const page = await ctx.newPage();
    for (const [path, fill] of [
      ["/signup", { "#f-username": "x", "#f-email": "not-an-address", "#f-password": "short" }],
      ["/login", { "#f-login": "nobody-here", "#f-password": "wrong password" }],
    ]) {
      await page.goto(`${base}${path}?lang=${lang}`);
      for (const [sel, v] of Object.entries(fill)) await page.locator(sel).fill(v);
      await Promise.all([page.waitForNavigation(), page.evaluate(() => {
        const f = document.querySelector("main form:has(#f-password)");
        f.noValidate = true;
        f.requestSubmit();
      })]);
      const label = `anonymous ${lang} ${path} (with errors)`;
      const problems = await page.evaluate(() => {
        const out = [];
        const invalid = [...document.querySelectorAll("main [aria-invalid=true]")];
        if (!invalid.length) out.push("no field is marked aria-invalid");
        for (const el of invalid) {
          const ids = (el.getAttribute("aria-describedby") || "").split(/\s+/).filter(Boolean);
          const errors = ids.map((id) => document.getElementById(id)).filter((e) => e && e.classList.contains("error") && e.textContent.trim());
          if (!errors.length) out.push(`#${el.id} is not described by its error`);
        }
        const summary = document.querySelector("main [role=alert]");
        if (!summary) out.push("no error summary with role=alert");
        else if (document.activeElement !== summary && !invalid.includes(document.activeElement)) {
          out.push(`focus is on <${document.activeElement?.tagName.toLowerCase()}>, not on the errors`);
        }
        return out;
      });
      if (problems.length) violations.push({ rule: "form-errors", impact: "serious", help: "form errors must be tied to their fields and announced", page: label, targets: problems });
      await page.addScriptTag({ content: axeSource });
      const r = await page.evaluate(async (tags) => (await axe.run(document, { runOnly: { type: "tag", values: tags } })).violations
        .map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(" ")) })), TAGS);
      checked++;
      for (const v of r) violations.push({ rule: v.id, impact: v.impact, help: v.help, page: label, targets: v.targets });
    }
    await ctx.close();
  }
  console.log("checked form errors");

  for (const [role, user] of [["anonymous", null], ["admin", "ada"]]) {
    const ctx = await browser.newContext({ bypassCSP: true, colorScheme: "dark", reducedMotion: "reduce" });
    const page = await ctx.newPage();
    if (user) await signIn(page, base, user);
    // Every page of the role in English, the sample in French too.
    for (const p of ROLES[role].pages) {
      const path = resolve(p);
      for (const lang of DARK_SAMPLE.includes(p) ? ["en", "fr"] : ["en"]) {
        await audit(page, `${base}${path}${path.includes("?") ? "&" : "?"}lang=${lang}`, `${role} dark ${lang} ${path}`);
      }
    }
    // The dark scheme is really applied (a test that cannot fail is a defect).
    await page.goto(`${base}/`);
    const bg = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
    const [r, g, b] = bg.match(/\d+/g).map(Number);
    if (r + g + b > 3 * 80) violations.push({ rule: "dark-theme", impact: "serious", help: `prefers-color-scheme: dark leaves the page light (${bg})`, page: `${role} dark /`, targets: ["body"] });
    // Reduced motion: nothing animates, no smooth scrolling.
    const motion = await page.evaluate(() => {
      const bad = [];
      for (const el of document.querySelectorAll("*")) {
        const s = getComputedStyle(el);
        const dur = (v) => v.split(",").some((d) => parseFloat(d) > 0.01);
        if (dur(s.transitionDuration) || (s.animationName !== "none" && dur(s.animationDuration)) || s.scrollBehavior === "smooth") bad.push(el.tagName.toLowerCase() + (el.className ? "." + String(el.className).split(" ").join(".") : ""));
      }
      return bad.slice(0, 10);
    });
    if (motion.length) violations.push({ rule: "reduced-motion", impact: "serious", help: "motion left on under prefers-reduced-motion: reduce", page: `${role} reduced-motion /`, targets: motion });
    await ctx.close();
  }
  console.log("checked the dark scheme and reduced motion");
} catch (e) {
  failedToRun = e;
} finally {
  await stop();
}

if (failedToRun) {
  console.log(`FAIL the accessibility run could not complete\n     ${failedToRun.stack || failedToRun}`);
  process.exit(1);
}
if (violations.length) {
  const byRule = new Map();
  for (const v of violations) {
    if (!byRule.has(v.rule)) byRule.set(v.rule, []);
    byRule.get(v.rule).push(v);
  }
  console.log(`FAIL ${violations.length} accessibility violation(s) on ${checked} page checks:`);
  for (const [rule, list] of byRule) {
    console.log(`\n  ${rule} (${list[0].impact}): ${list[0].help}`);
    for (const v of list) {
      console.log(`    ${v.page}`);
      for (const t of v.targets.slice(0, 5)) console.log(`      ${t}`);
      if (v.targets.length > 5) console.log(`      … and ${v.targets.length - 5} more`);
    }
  }
  process.exit(1);
}
if (checked === 0) { console.log("FAIL no page was checked"); process.exit(1); }
console.log(`ok   axe-core found no WCAG 2.2 A/AA violation on ${checked} page checks`);
