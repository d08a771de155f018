// tests/web/sweep.test.js: the page's Sweep panel (web/sweep.js) in Debian's
// chromium with playwright-core.
// Usage: node tests/web/sweep.test.js URL SCREENSHOT.png
// Runs the stress example (40 runs) from the panel and checks: the specs
// come from the server's examples, progress is shown, and the three charts
// render with data: the fan charts of deliveries and saving per week (a
// P10-P90 band and a P50 line over 52 weeks), the histogram of the Moroccan
// ports' tonnes (bars counting every run that solved) and the tornado (a
// bar per input end, ranked as the sweep's result); no console error, no
// request outside the server. The screenshot is of the panel.
// Exits 0 when every check passes; prints one line per check.
"use strict";
const fs = require("fs");
const { withBrowser } = require("./browser");

const url = process.argv[2];
const shot = process.argv[3];

withBrowser(url, { name: "sweep panel" }, async ({ page, errors, outside, check }) => {
  await page.goto(url, { waitUntil: "load", timeout: 20000 });
  await page.waitForSelector("#sweep-go:not([disabled])", { timeout: 20000 });
  const specs = await page.evaluate(() =>
    Array.from(document.querySelectorAll("#sweep-spec option")).map(o => o.value));
  check(specs.indexOf("sweep-stress") >= 0 && specs.indexOf("sweep-freight-fob") >= 0,
        "the panel lists the shipped specs (" + specs.join(", ") + ")");
  await page.selectOption("#sweep-spec", "sweep-stress");
  await page.fill("#sweep-runs", "40");
  await page.click("#sweep-go");
  await page.waitForFunction(() => /runs/.test(document.getElementById("sweep-progress").textContent),
                             null, { timeout: 20000 });
  check(true, "progress is shown: " + await page.textContent("#sweep-progress"));
  await page.waitForSelector("#sweep-panel[data-done]", { timeout: 90000 });
  const id = await page.getAttribute("#sweep-panel", "data-done");
  const sweep = await page.evaluate(i => fetch("api/v1/sweeps/" + i).then(r => r.json()), id);
  const seen = await page.evaluate(() => {
    const d = s => (document.querySelector(s) || { getAttribute: () => "" }).getAttribute("d") || "";
    return {
      bandDel: d("#chart-sweep-delivered path.fan-band"),
      lineDel: d("#chart-sweep-delivered path.fan-median"),
      bandSav: d("#chart-sweep-saving path.fan-band"),
      lineSav: d("#chart-sweep-saving path.fan-median"),
      hist: Array.from(document.querySelectorAll("#chart-sweep-hubs rect.hist-in"))
        .map(r => +r.getAttribute("height")),
      torn: Array.from(document.querySelectorAll("#chart-sweep-tornado rect.bar")).length,
      tornLabels: Array.from(document.querySelectorAll("#chart-sweep-tornado .inputs .tick text"))
        .map(t => t.textContent),
      progress: document.getElementById("sweep-progress").textContent
    };
  });
  const points = s => (s.match(/[ML]/g) || []).length;
  check(sweep.status === "done" && sweep.result.solved === 40, "the sweep solved its 40 runs");
  check(points(seen.lineDel) === 52 && points(seen.bandDel) >= 104,
        "fan chart of deliveries: a P50 line and a P10-P90 band over 52 weeks");
  check(points(seen.lineSav) === 52 && points(seen.bandSav) >= 104,
        "fan chart of saving: a P50 line and a P10-P90 band over 52 weeks");
  check(!/NaN/.test(seen.bandDel + seen.lineDel + seen.bandSav + seen.lineSav),
        "the fan charts hold numbers only");
  check(seen.hist.length > 0 && seen.hist.every(h => h > 0),
        "histogram of the Moroccan ports' tonnes has bars (" + seen.hist.length + ")");
  const inputs = sweep.result.tornado.map(r => r.input);
  check(seen.torn >= inputs.length && JSON.stringify(seen.tornLabels) === JSON.stringify(inputs),
        "tornado: " + seen.torn + " bars, inputs in the result's rank order (" +
        seen.tornLabels.join(", ") + ")");
  check(/saving P10 \$[0-9.]+M?, P50/.test(seen.progress), "the saving's spread is stated: " +
        seen.progress);
  await (await page.$("#sweep-panel")).screenshot({ path: shot });
  check(fs.statSync(shot).size > 10000, "screenshot written: " + shot);
  check(errors.length === 0, "no console error (" + errors.join("; ") + ")");
  check(outside.length === 0, "no request outside the server (" + outside.join(", ") + ")");
});
