// The corporate website (issue 18) in a real browser: a host page on another site
// (http://localhost:P1) embeds every widget from Parley (http://127.0.0.1:P2), in Debian's
// Chromium with third-party cookies blocked. Run from the repository root:
//   node tests/browser/embed.mjs
// Env: PARLEY_BIN (default target/debug/parley), CHROMIUM (default /usr/bin/chromium).
import { spawn } from "node:child_process";
import { createHmac, randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, mkdirSync } from "node:fs";
import { createServer as createHttpServer } from "node:http";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";

const bin = process.env.PARLEY_BIN || "target/debug/parley";
const browserPath = process.env.CHROMIUM || "/usr/bin/chromium";
const shots = "target/browser-shots";
mkdirSync(shots, { recursive: true });

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => { const { port } = s.address(); s.close(() => resolve(port)); });
    s.on("error", reject);
  });
}

async function waitFor(url, ms = 30000) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    try { if ((await fetch(url)).ok) return; } catch {}
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`server did not answer ${url}`);
}

const results = [];
async function flow(name, fn) {
  try { await fn(); results.push([name, true]); console.log(`ok   ${name}`); }
  catch (e) { results.push([name, false]); console.log(`FAIL ${name}\n     ${e.stack || e}`); }
}
function expect(cond, msg) { if (!cond) throw new Error(msg); }
async function eventually(fn, msg, ms = 10000) {
  const until = Date.now() + ms;
  let last;
  while (Date.now() < until) {
    try { if (await fn()) return; } catch (e) { last = e; }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`${msg}${last ? ` (${last.message})` : ""}`);
}

// ----- Parley, on 127.0.0.1 -----
const dataDir = mkdtempSync(join(tmpdir(), "parley-embed-"));
const parleyPort = await freePort();
const parley = `http://127.0.0.1:${parleyPort}`;
const server = spawn(bin, ["--data-dir", dataDir, "serve", "--demo", "--bind", `127.0.0.1:${parleyPort}`], {
  stdio: ["ignore", "ignore", "inherit"],
  env: { ...process.env, PARLEY_MAIL__POLL_INTERVAL_MS: "100", RUST_LOG: "warn",
    PARLEY_DEMO__HOST_BIND: `127.0.0.1:${await freePort()}` },
});

// ----- The company's site, on localhost (another site), and a foreign one -----
const hostPort = await freePort();
const host = `http://localhost:${hostPort}`;
const evilPort = await freePort();
const evil = `http://localhost:${evilPort}`;
const productUrl = `${host}/products/widget-pro`;
let site = { id: "", secret: "" };

const b64url = (buf) => Buffer.from(buf).toString("base64url");
/** Parley Connect: what the company's backend signs for its signed-in visitor. */
function assertion({ sub = "crm-4711", name = "Dana Visitor", email = "dana@visitor.example",
  exp = Math.floor(Date.now() / 1000) + 120, nonce = randomBytes(16).toString("hex"), secret = site.secret,
  aud = parley } = {}) {
  const payload = b64url(JSON.stringify({ sub, email, name, exp, nonce, aud }));
  const signed = `${site.id}.${payload}`;
  return `${signed}.${b64url(createHmac("sha256", secret).update(signed).digest())}`;
}

const escapeAttr = (s) => s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
const hostCsp = `default-src 'self'; script-src 'self' ${parley}; connect-src ${parley}; frame-src ${parley} ${evil}; ` +
  `img-src 'self' ${parley} data:; style-src 'self'; base-uri 'none'; object-src 'none'`;

// Each widget gets its own assertion: a nonce is good for one sign-in.
function productPage(connect, extra = "", askConnect = "") {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Widget Pro 3000 — Acme</title>
<script src="${parley}/embed/v1/parley.js" defer></script><script src="/host.js" defer></script></head>
<body><h1>Widget Pro 3000</h1>
<section><h2>Solved questions</h2><parley-topics community="widgets" state="solved" limit="5"></parley-topics></section>
<p>Unanswered: <parley-count community="widgets" state="unanswered"></parley-count>;
comments on this page: <parley-count community="widgets" page="widget-pro"></parley-count></p>
<parley-ask community="widgets"${askConnect ? ` connect="${escapeAttr(askConnect)}"` : ""}></parley-ask>
<parley-comments community="widgets" page="widget-pro" url="${productUrl}" title="Widget Pro 3000"${connect ? ` connect="${escapeAttr(connect)}"` : ""}></parley-comments>
${extra}</body></html>`;
}
// The host page's own script: records the widgets' DOM events for the test to read.
const hostJs = `window.parleyEvents = [];
for (const n of ["parley:asked", "parley:similar-clicked", "parley:commented"])
  document.addEventListener(n, (e) => window.parleyEvents.push({ name: n, detail: e.detail }));`;

const hostServer = createHttpServer((req, res) => {
  const u = new URL(req.url, host);
  if (u.pathname === "/host.js") { res.setHeader("Content-Type", "text/javascript"); return res.end(hostJs); }
  res.setHeader("Content-Type", "text/html; charset=utf-8");
  res.setHeader("Content-Security-Policy", hostCsp);
  const mode = u.searchParams.get("assertion");
  if (u.pathname === "/products/widget-pro") {
    const connect = mode === "none" ? "" : mode === "forged" ? assertion({ secret: "not-the-secret" })
      : mode === "expired" ? assertion({ exp: Math.floor(Date.now() / 1000) - 10 })
      : mode === "too-long" ? assertion({ exp: Math.floor(Date.now() / 1000) + 3600 })
      : mode === "given" ? u.searchParams.get("value") : assertion();
    const extra = u.searchParams.get("evil") ? `<iframe id="evil" src="${evil}/meddle?value=${encodeURIComponent(assertion())}"></iframe>` : "";
    return res.end(productPage(connect, extra, mode ? "" : assertion()));
  }
  if (u.pathname === "/xss") {
    // Attributes a careless CMS might fill from user input.
    const bad = `"><img src=x onerror="window.xss=1">`;
    return res.end(`<!doctype html><html><head><script src="${parley}/embed/v1/parley.js" defer></script></head><body>
<parley-topics community="widgets" tag="${escapeAttr(bad)}"></parley-topics>
<parley-comments community="widgets" page="${escapeAttr(bad)}" url="${productUrl}" title="${escapeAttr(bad)}"></parley-comments>
<parley-topics community="widgets" sort="latest" limit="20"></parley-topics></body></html>`);
  }
  res.statusCode = 404; res.end("not found");
}).listen(hostPort, "127.0.0.1");

// A site that is not allowed: it tries to frame Parley, and to talk to the frames of the
// allowed page it is itself framed in.
const evilServer = createHttpServer((req, res) => {
  const u = new URL(req.url, evil);
  res.setHeader("Content-Type", "text/html; charset=utf-8");
  if (u.pathname === "/meddle") {
    return res.end(`<!doctype html><html><body><script>
      const value = ${JSON.stringify(u.searchParams.get("value") || "")};
      // A forged widget event to the host page, and a stolen assertion to Parley's frames.
      parent.postMessage({ parley: 1, type: "event", name: "parley:commented", detail: { forged: true } }, "*");
      parent.postMessage({ parley: 1, type: "resize", height: 5000 }, "*");
      for (let i = 0; i < parent.frames.length; i++) {
        try { parent.frames[i].postMessage({ parley: 1, type: "connect", assertion: value }, "*"); } catch (e) {}
      }
    </script></body></html>`);
  }
  return res.end(`<!doctype html><html><body><h1>Not the company</h1>
<script src="${parley}/embed/v1/parley.js"></script>
<parley-comments community="widgets" page="widget-pro" url="${productUrl}"></parley-comments>
<iframe id="direct" src="${parley}/embed/v1/frame/comments?community=widgets&page=widget-pro&origin=${encodeURIComponent(host)}"></iframe>
</body></html>`);
}).listen(evilPort, "127.0.0.1");

let browser;
const cspViolations = [];
try {
  await waitFor(`${parley}/healthz`);
  browser = await chromium.launch({
    executablePath: browserPath,
    headless: true,
    // Third-party cookies blocked (the phase-out setting; Playwright's contexts, like
    // incognito windows, block them too): checked below from inside the frame.
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--test-third-party-cookie-phaseout"],
  });
  // `watched`: CSP messages count as violations (not on the foreign site, whose refused
  // frames are the point of its test).
  const newPage = async (watched = true) => {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    if (watched) page.on("console", (m) => { if (/Content Security Policy|Refused to/.test(m.text())) cspViolations.push(`${page.url()}: ${m.text()}`); });
    return page;
  };
  const signIn = async (page, user) => {
    await page.goto(`${parley}/login`);
    await page.getByLabel("Username or email").fill(user);
    await page.getByLabel("Password").fill("parley-demo");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL((u) => !u.pathname.startsWith("/login"));
  };
  const frameOf = async (page, kind) => {
    let found;
    await eventually(async () => {
      found = page.frames().find((f) => f.url().startsWith(`${parley}/embed/v1/frame/${kind}`));
      return found && (await found.locator("body[data-frame]").count()) > 0;
    }, `the ${kind} frame did not load`);
    return found;
  };

  // ----- The company's setup, as the demo admin: a Connect site and the embedding settings -----
  const admin = await newPage();
  await flow("an admin registers the company's site for Parley Connect and allows it to embed Widgets", async () => {
    await signIn(admin, "ada");
    await admin.goto(`${parley}/admin/embedding`);
    await admin.getByLabel("Name").fill("Acme website");
    await admin.getByLabel("Origins").fill(host);
    await admin.getByRole("button", { name: "Create host site" }).click();
    const secret = (await admin.locator("#site-secret-value").textContent()).trim();
    const id = (await admin.locator("#site-id").textContent()).trim();
    expect(secret.startsWith("pcs_") && id, `no secret shown once: ${secret} ${id}`);
    site = { id, secret };

    await admin.goto(`${parley}/c/widgets/embedding`);
    const origins = admin.getByLabel("Allowed origins");
    const before = await origins.inputValue();
    await origins.fill(`${before}\n${host}`.trim());
    const prefixes = admin.getByLabel("URL prefixes for page comments");
    await prefixes.fill(`${await prefixes.inputValue()}\n${host}/products/`.trim());
    await admin.getByRole("button", { name: /Save/ }).click();
    await admin.waitForLoadState();
    expect((await admin.getByLabel("Allowed origins").inputValue()).includes(host), "origin not saved");
  });

  const visitor = await newPage();
  await flow("the read-only widgets render in Shadow DOM on the company's page", async () => {
    await visitor.goto(`${productUrl}?assertion=none`);
    await eventually(() => visitor.evaluate(() => {
      const r = document.querySelector("parley-topics").shadowRoot;
      return r && r.querySelectorAll("a[href*='/t/']").length > 0;
    }), "no topics in <parley-topics>'s shadow root");
    await eventually(() => visitor.evaluate(() => /^\d+$/.test(document.querySelector("parley-count").shadowRoot?.textContent.trim() || "")),
      "no number in <parley-count>");
    // Isolated: the host's document does not see the widget's markup.
    expect(await visitor.evaluate(() => document.querySelectorAll(".parley-topic, .parley-list").length) === 0,
      "widget markup leaked into the host document");
    await visitor.screenshot({ path: `${shots}/embed-host-page.png`, fullPage: true });
  });

  await flow("third-party cookies are blocked inside Parley's frame", async () => {
    const frame = await frameOf(visitor, "comments");
    expect(await frame.evaluate(() => document.hasStorageAccess()) === false, "the frame has cookie access");
  });

  let threadUrl;
  await flow("a visitor signed in by Parley Connect comments from the company's page", async () => {
    await visitor.goto(productUrl);
    const frame = await frameOf(visitor, "comments");
    await eventually(async () => /Signed in as Dana Visitor/.test(await frame.locator("[data-who]").textContent()),
      "Connect did not sign the visitor in");
    await frame.getByLabel("Your comment").fill("Does the Widget Pro 3000 work with the **v2 API**?");
    await frame.getByRole("button", { name: "Post comment" }).click();
    await eventually(async () => (await frame.locator("[data-comments]").textContent()).includes("work with the v2 API"),
      "the comment did not appear in the frame");
    await eventually(() => visitor.evaluate(() => window.parleyEvents.some((e) => e.name === "parley:commented")),
      "no parley:commented DOM event on the host page");
    await visitor.goto(productUrl);
    threadUrl = await (await frameOf(visitor, "comments")).locator("a.continue").getAttribute("href");
    expect(/\/t\//.test(threadUrl), `no link to the thread: ${threadUrl}`);
  });

  await flow("an employee answers as the brand in the community and the reply appears on the company's page", async () => {
    const erin = await newPage();
    await signIn(erin, "erin");
    await erin.goto(new URL(threadUrl, parley).toString());
    await erin.getByLabel("Reply", { exact: true }).fill("Yes: the Widget Pro 3000 speaks the v2 API out of the box.");
    await erin.getByLabel(/as .* \(official\)/).check();
    await erin.locator('#reply button[value="post"]').click();
    await erin.waitForLoadState();
    await visitor.goto(productUrl);
    const frame = await frameOf(visitor, "comments");
    await eventually(async () => (await frame.locator("[data-comments] .official, [data-comments] [data-official]").count()) > 0 &&
      (await frame.locator("[data-comments]").textContent()).includes("speaks the v2 API"),
      "the brand reply is not shown, highlighted, on the host page");
  });

  await flow("a comment with a card number is held and never shown on the company's page", async () => {
    const frame = await frameOf(visitor, "comments");
    await eventually(async () => /Signed in as/.test(await frame.locator("[data-who]").textContent()), "not signed in");
    await frame.getByLabel("Your comment").fill("My card is 4111 1111 1111 1111, please charge it");
    await frame.getByRole("button", { name: "Post comment" }).click();
    await eventually(async () => /review/i.test(await frame.locator("[data-message]").textContent()), "no 'after review' message");
    await visitor.goto(productUrl);
    const again = await frameOf(visitor, "comments");
    expect(!(await again.locator("body").textContent()).includes("4111 1111"), "the held comment is shown in the frame");
    const fragment = await (await fetch(`${parley}/embed/v1/comments.html?community=widgets&page=widget-pro`)).text();
    expect(!fragment.includes("4111 1111"), "the held comment is in the fragment");
  });

  for (const mode of ["forged", "expired", "too-long"]) {
    await flow(`a ${mode} assertion is refused and signs nobody in`, async () => {
      const page = await newPage();
      await page.goto(`${productUrl}?assertion=${mode}`);
      const frame = await frameOf(page, "comments");
      await eventually(async () => (await frame.locator("[data-message]").textContent()).length > 0 ||
        await frame.locator("[data-signin-button]").isVisible(), "the frame did not settle");
      await new Promise((r) => setTimeout(r, 500));
      expect(!/Signed in as/.test(await frame.locator("[data-who]").textContent()), `${mode} assertion signed someone in`);
      await page.context().close();
    });
  }

  await flow("a replayed assertion is refused", async () => {
    const once = assertion({ sub: "crm-replay", name: "Replay Ray" });
    const first = await newPage();
    await first.goto(`${productUrl}?assertion=given&value=${encodeURIComponent(once)}`);
    await eventually(async () => /Signed in as Replay Ray/.test(await (await frameOf(first, "comments")).locator("[data-who]").textContent()),
      "the first use did not sign in");
    const second = await newPage();
    await second.goto(`${productUrl}?assertion=given&value=${encodeURIComponent(once)}`);
    const frame = await frameOf(second, "comments");
    await new Promise((r) => setTimeout(r, 1000));
    expect(!/Signed in as/.test(await frame.locator("[data-who]").textContent()), "the replayed assertion signed in");
  });

  await flow("a site that is not allowed cannot frame Parley, and its postMessage is ignored", async () => {
    const page = await newPage(false);
    await page.goto(`${evil}/`);
    await new Promise((r) => setTimeout(r, 1500));
    for (const f of page.frames().filter((f) => f.url().startsWith(`${parley}/embed/v1/frame/`))) {
      expect((await f.locator("[data-composer]").count()) === 0, `Parley's frame rendered inside ${evil}`);
    }
    // Framed inside the allowed page, the foreign frame's messages change nothing.
    const meddled = await newPage(false);
    await meddled.goto(`${productUrl}?assertion=none&evil=1`);
    const frame = await frameOf(meddled, "comments");
    await new Promise((r) => setTimeout(r, 1500));
    expect(!(await meddled.evaluate(() => window.parleyEvents.some((e) => e.detail && e.detail.forged))), "a forged event reached the host page");
    expect(!/Signed in as/.test(await frame.locator("[data-who]").textContent()), "a foreign connect message signed in");
  });

  await flow("the ask box shows similar questions and posts a question from the company's page", async () => {
    await visitor.goto(productUrl);
    const frame = await frameOf(visitor, "ask");
    await eventually(async () => /Signed in as/.test(await frame.locator("[data-who]").textContent()), "ask frame not signed in");
    await frame.getByLabel("Your question").fill("How do I reset the Widget Pro 3000 API key?");
    await eventually(async () => (await frame.locator("[data-similar-list] a").count()) > 0, "no similar questions");
    await frame.getByLabel("Details").fill("The old key leaked into a log file; I need a new one.");
    await frame.getByRole("button", { name: "Ask" }).click();
    await eventually(() => visitor.evaluate(() => window.parleyEvents.some((e) => e.name === "parley:asked")),
      "no parley:asked DOM event");
  });

  await flow("XSS in titles, bodies and attributes comes out escaped", async () => {
    const erin = await newPage();
    await signIn(erin, "erin");
    await erin.goto(`${parley}/c/widgets/new`);
    await erin.getByLabel("Title").fill(`<img src=x onerror="window.xss=1"> breaks the widget?`);
    await erin.getByLabel("Details").fill(`<script>window.xss=1</script><img src=x onerror="window.xss=1"> in the body`);
    await erin.getByRole("button", { name: /Post|Create/ }).click();
    await erin.waitForLoadState();
    const page = await newPage();
    await page.goto(`${host}/xss`);
    await eventually(() => page.evaluate(() => [...document.querySelectorAll("parley-topics")].some((t) =>
      (t.shadowRoot?.textContent || "").includes("breaks the widget"))), "the topic is not listed");
    await new Promise((r) => setTimeout(r, 800));
    expect(await page.evaluate(() => window.xss === undefined), "injected script ran on the host page");
    for (const f of page.frames()) expect(await f.evaluate(() => window.xss === undefined).catch(() => true), "injected script ran in a frame");
  });

  await flow("a private sub-community answers nothing to any embed endpoint", async () => {
    for (const path of ["/embed/v1/topics.html?community=support-team", "/embed/v1/count.json?community=support-team",
      "/embed/v1/comments.html?community=support-team&page=x", `/embed/v1/frame/comments?community=support-team&page=x&origin=${encodeURIComponent(host)}`,
      `/embed/v1/frame/ask?community=support-team&origin=${encodeURIComponent(host)}`, "/embed/v1/similar.json?community=support-team&q=api"]) {
      const res = await fetch(`${parley}${path}`, { headers: { Origin: host } });
      expect(res.status === 404, `${path} answered ${res.status}`);
    }
  });

  await flow("no Content Security Policy violation on the company's page or in Parley's frames", async () => {
    expect(cspViolations.length === 0, `violations:\n${cspViolations.join("\n")}`);
  });
} finally {
  if (browser) await browser.close();
  server.kill("SIGTERM");
  hostServer.close();
  evilServer.close();
  rmSync(dataDir, { recursive: true, force: true });
}

const failed = results.filter(([, ok]) => !ok).length;
console.log(`\n${results.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
