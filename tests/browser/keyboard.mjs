// Issue 21: the keyboard-only flow. With Tab, Shift+Tab, Enter and Space only (no click,
// no mouse), a member signs in, asks a question, another member answers it, and the asker
// accepts the answer. On the way every focused element must show a visible focus style,
// and the skip link must appear and move focus to the main content.
// Elements are found by ids, addresses and form actions, not by English text, so the run
// keeps working whatever language the views are translated into.
// Run from the repository root:  node tests/browser/keyboard.mjs
import { DEMO_PASSWORD, startDemo } from "./lib.mjs";

const results = [];
async function step(name, fn) {
  try { await fn(); results.push([name, true]); console.log(`ok   ${name}`); }
  catch (e) { results.push([name, false]); console.log(`FAIL ${name}\n     ${e.stack || e}`); throw e; }
}
function expect(cond, msg) { if (!cond) throw new Error(msg); }

/** Describes the focused element and whether its focus is visible (outline or ring). */
async function focused(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return { tag: "body", visible: true };
    const s = getComputedStyle(el);
    const outline = s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2;
    const ring = s.boxShadow && s.boxShadow !== "none";
    return { tag: el.tagName.toLowerCase(), id: el.id, text: (el.textContent || el.value || "").trim().slice(0, 40), visible: outline || ring };
  });
}

/** Presses Tab (or Shift+Tab) until the focused element matches `selector`. */
async function tabTo(page, selector, { back = false, max = 400 } = {}) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(back ? "Shift+Tab" : "Tab");
    const f = await focused(page);
    expect(f.visible, `focus is not visible on <${f.tag} id="${f.id}"> "${f.text}"`);
    if (await page.evaluate((sel) => document.activeElement?.matches(sel) ?? false, selector)) return;
  }
  throw new Error(`${selector} was not reached with ${back ? "Shift+Tab" : "Tab"}`);
}

async function signIn(page, base, username) {
  await page.goto(`${base}/login?lang=en`);
  await tabTo(page, "#f-login");
  await page.keyboard.type(username);
  await tabTo(page, "#f-password");
  await page.keyboard.type(DEMO_PASSWORD);
  await tabTo(page, "main form button[type=submit]");
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith("/login")), page.keyboard.press("Enter")]);
  expect(await page.locator(`header a.me[href="/u/${username}"]`).count() === 1, `${username} is not signed in`);
}

const { base, browser, stop } = await startDemo();
const title = "Keyboard only: can Widgets rotate API keys on a schedule?";
let ok = false;
try {
  const asker = await (await browser.newContext()).newPage();
  let topicUrl;

  await step("the skip link appears on the first Tab and moves focus to the main content", async () => {
    await asker.goto(`${base}/?lang=en`);
    await asker.keyboard.press("Tab");
    const f = await focused(asker);
    expect(await asker.evaluate(() => document.activeElement?.classList.contains("skip-link")), `first Tab focused <${f.tag}> "${f.text}"`);
    const box = await asker.locator(".skip-link").boundingBox();
    expect(box && box.x >= 0 && box.y >= 0 && box.width > 20, "the focused skip link is off screen");
    expect(f.visible, "the skip link has no visible focus");
    await asker.keyboard.press("Enter");
    expect(await asker.evaluate(() => document.activeElement?.id === "main"), "Enter on the skip link did not focus main");
  });

  await step("a member signs in with the keyboard", async () => {
    await signIn(asker, base, "chen");
  });

  await step("the member asks a question with the keyboard", async () => {
    await asker.goto(`${base}/c/widgets?lang=en`);
    await tabTo(asker, 'main a[href="/c/widgets/new"]');
    await Promise.all([asker.waitForURL(/\/c\/widgets\/new/), asker.keyboard.press("Enter")]);
    await tabTo(asker, "#f-title");
    await asker.keyboard.type(title);
    await tabTo(asker, "#f-body");
    await asker.keyboard.type("We rotate credentials every 90 days. Is there a schedule option?");
    await tabTo(asker, 'main button[type=submit][value="post"]');
    await Promise.all([asker.waitForURL(/\/t\/[0-9a-f-]+\//), asker.keyboard.press("Enter")]);
    topicUrl = asker.url().split("#")[0];
    expect((await asker.locator("h1").textContent()).trim() === title, "the question's title is not the page heading");
    expect(await asker.locator(".badge.state-unanswered").count() === 1, "the new question is not unanswered");
  });

  await step("another member answers it with the keyboard", async () => {
    const answerer = await (await browser.newContext()).newPage();
    await signIn(answerer, base, "carla");
    await answerer.goto(`${topicUrl}?lang=en`);
    await tabTo(answerer, "main form[action$='/reply'] textarea#f-body");
    await answerer.keyboard.type("Not yet on a schedule: rotate from Settings, API keys, and both keys work for a day.");
    await tabTo(answerer, "main form[action$='/reply'] button[type=submit][value=post]");
    await Promise.all([answerer.waitForURL(/#p\d+$/), answerer.keyboard.press("Enter")]);
    expect((await answerer.locator("article#p2").textContent()).includes("both keys work for a day"), "the answer is not on the page");
    await answerer.context().close();
  });

  await step("the asker accepts the answer with the keyboard", async () => {
    await asker.goto(`${topicUrl}?lang=en`);
    // Space presses a button: the vote goes without a page load and the score says so.
    await tabTo(asker, "article#p2 button.vote-up");
    await asker.keyboard.press("Space");
    await asker.waitForFunction(() => document.querySelector("article#p2 .score")?.textContent.trim() === "1");
    expect(await asker.locator("article#p2 button.vote-up").getAttribute("aria-pressed") === "true", "the vote button is not pressed");
    await tabTo(asker, "main button[formaction$='/accept']");
    await Promise.all([asker.waitForNavigation(), asker.keyboard.press("Enter")]);
    await asker.goto(`${topicUrl}?lang=en`);
    expect(await asker.locator(".badge.state-solved").count() >= 1, "the question is not solved");
    expect(await asker.locator("article#p2.accepted").count() === 1, "the answer is not marked accepted");
  });

  await step("Shift+Tab walks back through the page with a visible focus", async () => {
    await asker.goto(`${base}/latest?lang=en`);
    await tabTo(asker, "#header-q");
    await tabTo(asker, ".skip-link", { back: true });
  });
  ok = true;
} catch {
  // The failing step printed its error.
} finally {
  await stop();
}
const passed = results.filter(([, r]) => r).length;
console.log(`${passed} passed, ${results.length - passed} failed`);
process.exit(ok && passed === results.length ? 0 : 1);
