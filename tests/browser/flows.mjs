// Browser flows: a real Parley (debug or release binary) on SQLite, driven in headless
// Chromium. Run from the repository root:  node tests/browser/flows.mjs
// Env: PARLEY_BIN (default target/debug/parley), CHROMIUM (default /usr/bin/chromium).
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, mkdirSync, statSync } from "node:fs";
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

/** The newest mail in the file transport's folder, with quoted-printable soft breaks undone. */
function newestMail(dir) {
  const files = readdirSync(dir).filter((f) => f.endsWith(".eml"))
    .map((f) => ({ f, t: statSync(join(dir, f)).mtimeMs })).sort((a, b) => b.t - a.t);
  if (!files.length) throw new Error("no mail written");
  return readFileSync(join(dir, files[0].f), "utf8").replace(/=\r?\n/g, "").replace(/=3D/g, "=");
}

const results = [];
async function flow(name, fn) {
  try { await fn(); results.push([name, true]); console.log(`ok   ${name}`); }
  catch (e) { results.push([name, false]); console.log(`FAIL ${name}\n     ${e.stack || e}`); }
}
function expect(cond, msg) { if (!cond) throw new Error(msg); }

const dataDir = mkdtempSync(join(tmpdir(), "parley-browser-"));
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const server = spawn(bin, ["--data-dir", dataDir, "serve", "--demo", "--bind", `127.0.0.1:${port}`], {
  stdio: ["ignore", "ignore", "inherit"],
  // The demo's example corporate page on a free port too (its default, 8081, may be taken).
  env: { ...process.env, PARLEY_MAIL__POLL_INTERVAL_MS: "100", RUST_LOG: "warn",
    PARLEY_DEMO__HOST_BIND: `127.0.0.1:${await freePort()}` },
});
let browser;
try {
  await waitFor(`${base}/healthz`);
  browser = await chromium.launch({
    executablePath: browserPath,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync"],
  });
  const cspViolations = [];
  const newPage = async () => {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    page.on("console", (m) => { if (/Content Security Policy|Refused to/.test(m.text())) cspViolations.push(m.text()); });
    return page;
  };

  const customer = await newPage();
  let topicUrl;

  await flow("a customer signs up, confirms by the mailed link and signs in", async () => {
    await customer.goto(`${base}/signup`);
    await customer.getByLabel("Username").fill("Browser_Bea");
    await customer.getByLabel("Email", { exact: true }).fill("bea@customer.example");
    await customer.getByLabel("Password").fill("a long browser passphrase");
    await customer.getByRole("button", { name: "Sign up" }).click();
    await customer.waitForURL(/\/login\?notice=check_email/);
    let link;
    for (let i = 0; i < 50 && !link; i++) {
      try { link = newestMail(join(dataDir, "mail")).match(/http:\/\/[^\s"<]+\/confirm\/[0-9a-f]{64}/)?.[0]; } catch {}
      if (!link) await new Promise((r) => setTimeout(r, 100));
    }
    expect(link, "confirmation link not found in mail");
    await customer.goto(link);
    await customer.getByRole("button", { name: "Confirm my email" }).click();
    await customer.waitForURL(/\/login/);
    await customer.getByLabel("Username or email").fill("bea@customer.example");
    await customer.getByLabel("Password").fill("a long browser passphrase");
    await customer.getByRole("button", { name: "Sign in" }).click();
    await customer.waitForURL(`${base}/`);
    expect(await customer.locator("header").getByText("Browser_Bea").count() > 0, "username not in header");
    await customer.screenshot({ path: join(shots, "home-signed-in.png"), fullPage: true });
  });

  await flow("the customer asks a question in Widgets, previewing it first", async () => {
    await customer.goto(`${base}/c/widgets`);
    await customer.getByRole("link", { name: "Ask or start a topic" }).click();
    await customer.getByLabel("Title").fill("Can Widgets export to CSV from the browser?");
    await customer.getByLabel("Tags").fill("export csv");
    await customer.getByLabel("Details").fill("I need a **CSV** export for my finance team.");
    await customer.getByRole("button", { name: "Preview" }).click();
    expect(await customer.locator("section.preview strong").textContent() === "CSV", "preview did not render");
    await customer.getByRole("button", { name: "Post", exact: true }).click();
    await customer.waitForURL(/\/t\/[0-9a-f-]+\//);
    topicUrl = customer.url();
    expect(await customer.locator("h1").textContent() === "Can Widgets export to CSV from the browser?", "title missing");
    expect(await customer.locator(".badge.state-unanswered").count() === 1, "not unanswered");
  });

  await flow("an employee answers as the brand and the customer accepts it", async () => {
    const erin = await newPage();
    await erin.goto(`${base}/login`);
    await erin.getByLabel("Username or email").fill("erin");
    await erin.getByLabel("Password").fill("parley-demo");
    await erin.getByRole("button", { name: "Sign in" }).click();
    await erin.waitForURL(`${base}/`);
    await erin.goto(`${base}/queue`);
    await erin.getByRole("link", { name: "Can Widgets export to CSV from the browser?" }).click();
    await erin.getByLabel("Answer", { exact: true }).fill("Yes: open **Reports → Export** and choose CSV.");
    await erin.getByLabel(/Answer as/).check();
    await erin.getByRole("button", { name: "Post answer" }).click();
    await erin.waitForURL(/#p2$/);
    expect(await erin.locator("article.post.official").count() === 1, "official post not marked");
    await customer.goto(topicUrl);
    // Voting works without a page load (progressive enhancement).
    let navigated = false;
    customer.once("framenavigated", () => { navigated = true; });
    await customer.locator("article.post.official").getByRole("button", { name: "Vote up" }).click();
    await customer.waitForFunction(() => document.querySelector("article.post.official .score")?.textContent === "1");
    expect(!navigated, "voting reloaded the page");
    await customer.getByRole("button", { name: "Accept this answer" }).click();
    await customer.waitForURL(topicUrl);
    expect(await customer.locator(".badge.state-solved").count() >= 1, "question not solved");
    expect(await customer.locator("article.post.official .score").textContent() === "1", "the vote was not saved");
    await customer.screenshot({ path: join(shots, "solved-question.png"), fullPage: true });
  });

  await flow("an employees-only sub-community does not exist for the customer", async () => {
    const res = await customer.goto(`${base}/c/support-team`);
    expect(res.status() === 404, `expected 404, got ${res.status()}`);
    await customer.goto(`${base}/`);
    expect(await customer.getByText("Internal: Support Team").count() === 0, "private community listed");
  });

  await flow("the asker sees the unread badge, opens the notification and lands on the answer", async () => {
    const badge = customer.locator("header a.notifications-link span.count-badge");
    await customer.goto(`${base}/c/widgets/new`);
    await customer.getByLabel("Title").fill("Does the Widgets API paginate long result lists?");
    await customer.getByLabel("Details").fill("Our nightly sync pulls thousands of orders.");
    await customer.getByRole("button", { name: "Post", exact: true }).click();
    await customer.waitForURL(/\/t\/[0-9a-f-]+\//);
    const questionUrl = customer.url();
    expect(await badge.count() === 0, "the asker starts with no unread notifications");

    const carla = await newPage();
    await carla.goto(`${base}/login`);
    await carla.getByLabel("Username or email").fill("carla");
    await carla.getByLabel("Password").fill("parley-demo");
    await carla.getByRole("button", { name: "Sign in" }).click();
    await carla.waitForURL(`${base}/`);
    await carla.goto(questionUrl);
    await carla.getByLabel("Answer", { exact: true }).fill("Yes: follow the `next` cursor in each response.");
    await carla.getByRole("button", { name: "Post answer" }).click();
    await carla.waitForURL(/#p2$/);

    await customer.goto(`${base}/`);
    expect(await badge.textContent() === "1", `badge shows ${await badge.count() ? await badge.textContent() : "nothing"}`);
    await customer.locator("header a.notifications-link").click();
    await customer.waitForURL(`${base}/notifications`);
    const entry = customer.locator("li.notification.unread").filter({ hasText: "Does the Widgets API paginate long result lists?" });
    expect(await entry.count() === 1, "the notification is listed unread");
    expect((await entry.textContent()).includes("carla answered your question"), "the entry names carla's answer");
    await customer.screenshot({ path: join(shots, "notifications.png"), fullPage: true });
    await entry.locator(".notification-body a").click();
    await customer.waitForURL((u) => u.href.startsWith(questionUrl.split("#")[0]) && u.hash === "#p2");
    expect((await customer.locator("article#p2").textContent()).includes("follow the"), "landed on the answer");
    expect(await badge.count() === 0, "the badge is gone on the page that read it");
    await customer.goto(`${base}/notifications`);
    expect(await badge.count() === 0, "the badge stays gone");
    expect(await customer.locator("li.notification.unread").count() === 0, "nothing unread");
  });

  await flow("the customer searches from the header and sees similar questions while asking", async () => {
    await customer.goto(`${base}/`);
    // "/" focuses the header's search box; "exports" finds "export" (stemming).
    await customer.keyboard.press("/");
    expect(await customer.evaluate(() => document.activeElement?.id) === "header-q", "/ did not focus the search box");
    await customer.keyboard.type("exports csv");
    await customer.keyboard.press("Enter");
    await customer.waitForURL(/\/search\?/);
    const hit = customer.locator("main").getByRole("link", { name: "Can Widgets export to CSV from the browser?" });
    expect(await hit.count() >= 1, "the question is not among the results");
    expect(await customer.locator("main mark").count() > 0, "no highlighted match");
    await customer.screenshot({ path: join(shots, "search.png"), fullPage: true });

    await customer.goto(`${base}/c/widgets/new`);
    await customer.getByLabel("Title").pressSequentially("How can I rotate my Widgets API key", { delay: 20 });
    const suggestion = customer.locator("[data-similar-items] a", { hasText: "How do I rotate a Widgets API key without downtime?" });
    await suggestion.waitFor({ timeout: 10000 });
    expect(await suggestion.getAttribute("target") === "_blank", "a suggestion does not open in a new tab");
    // The badge's words come from the page (the reader's language), not from the script.
    const badge = customer.locator("[data-similar-items] li", { hasText: "How do I rotate a Widgets API key without downtime?" }).locator(".badge.state-solved");
    expect((await badge.textContent()) === "Solved", "the solved suggestion has no 'Solved' badge");
  });

  await flow("no Content-Security-Policy violations on any page visited", async () => {
    expect(cspViolations.length === 0, `CSP violations: ${cspViolations.join(" | ")}`);
  });
} finally {
  if (browser) await browser.close();
  server.kill("SIGTERM");
  rmSync(dataDir, { recursive: true, force: true });
}
const passed = results.filter(([, ok]) => ok).length;
const failed = results.length - passed;
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && results.length > 0 ? 0 : 1);
