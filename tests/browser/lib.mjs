// Shared harness for the accessibility, keyboard and pseudo-locale runs: a real Parley
// demo on SQLite on a free port, Debian's Chromium driven by playwright-core.
// Env: PARLEY_BIN (default target/debug/parley), CHROMIUM (default /usr/bin/chromium).
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";

export const DEMO_PASSWORD = "parley-demo";

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => { const { port } = s.address(); s.close(() => resolve(port)); });
    s.on("error", reject);
  });
}

async function waitFor(url, ms = 60000) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    try { if ((await fetch(url)).ok) return; } catch {}
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`server did not answer ${url}`);
}

/** Starts the demo (extra env merged in) and Chromium; returns { base, browser, dataDir, stop }. */
export async function startDemo(extraEnv = {}) {
  const bin = process.env.PARLEY_BIN || "target/debug/parley";
  const dataDir = mkdtempSync(join(tmpdir(), "parley-a11y-"));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server = spawn(bin, ["--data-dir", dataDir, "serve", "--demo", "--bind", `127.0.0.1:${port}`], {
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, PARLEY_MAIL__POLL_INTERVAL_MS: "100", RUST_LOG: "warn",
      PARLEY_DEMO__HOST_BIND: `127.0.0.1:${await freePort()}`, ...extraEnv },
  });
  let browser;
  const stop = async () => {
    if (browser) await browser.close();
    server.kill("SIGTERM");
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await waitFor(`${base}/healthz`);
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
      headless: true,
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"],
    });
  } catch (e) { await stop(); throw e; }
  return { base, browser, dataDir, stop };
}

/** Signs in through the form (mouse-free is not required here; keyboard.mjs does that). */
export async function signIn(page, base, username) {
  await page.goto(`${base}/login`);
  await page.locator("#f-login").fill(username);
  await page.locator("#f-password").fill(DEMO_PASSWORD);
  await Promise.all([
    page.waitForURL((u) => !u.pathname.startsWith("/login")),
    page.locator("#f-password").press("Enter"),
  ]);
}
