// tests/web/browser.js: the browser setup every page test shares (page.test.js, sweep.test.js).
// Usage:
//   const { withBrowser } = require("./browser");
//   withBrowser(url, { requestFailed: true }, async ({ browser, page, errors, outside, check, watch }) => {
//     ...; check(ok, "what");
//   });
// withBrowser launches Debian's chromium ($CHROMIUM, default /usr/bin/chromium) headless
// through playwright-core with a fresh profile (--user-data-dir, through
// playwright's own option) and a 1400x1300 viewport, and opens one page
// watched by watch(page, errors, outside): its console errors and page errors
// go to errors, every request outside url to outside, and with
// requestFailed its failed requests to errors too. check(ok, what) prints
// "ok   what" or "FAIL what" and counts the failures; an exception out of the
// body is one more failure, printed with its stack. Afterwards the browser
// is closed, the profile removed, and the process exits 0 when every check
// passed, else 1.
"use strict";
const path = require("path");
const fs = require("fs");
const os = require("os");
const { chromium } = require(path.join(__dirname, "../../web/node_modules/playwright-core"));

function watch(page, url, errors, outside, requestFailed) {
  page.on("console", m => { if (m.type() === "error") errors.push(m.text()); });
  page.on("pageerror", e => errors.push(String(e)));
  if (url !== null)
    page.on("request", r => { if (!r.url().startsWith(url)) outside.push(r.url()); });
  if (requestFailed)
    page.on("requestfailed", r => errors.push("failed: " + r.url()));
}

async function withBrowser(url, opts, body) {
  let failed = 0;
  const check = (ok, what) => {
    console.log((ok ? "ok   " : "FAIL ") + what);
    if (!ok) failed++;
  };
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "gf-chromium-"));
  let browser = null;
  try {
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
      headless: true,
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--no-first-run", "--disable-sync"],
      viewport: { width: 1400, height: 1300 },
      timeout: 30000
    });
    const page = await browser.newPage();
    const errors = [];
    const outside = [];
    watch(page, url, errors, outside, opts.requestFailed);
    await body({
      browser, page, errors, outside, check,
      // another page's watchers: errors to errs, requests outside url to out
      // (none when out is null)
      watch: (p, errs, out) => watch(p, out ? url : null, errs, out, false)
    });
  } catch (e) {
    check(false, (opts.name || "browser test") + ": " + (e && e.stack ? e.stack : e));
  } finally {
    if (browser) await browser.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
  process.exit(failed ? 1 : 0);
}

module.exports = { withBrowser };
