#!/usr/bin/env node
// The HTML report on a big image: its size, and how long Debian's chromium takes to open it until it is drawn and
// interactive (data-ready), then to zoom (click) and show a tooltip (hover). Median of --runs page loads, each in a
// fresh page of one browser. Usage: npm run build && node scripts/bench-html.mjs [IMAGE] [--runs 5]
// (IMAGE defaults to the big benchmark image of ../shared/realimages, built on demand.)
import { execFileSync } from "node:child_process";
import { mkdtempSync, statSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const args = process.argv.slice(2);
const runsAt = args.indexOf("--runs");
const runs = runsAt >= 0 ? Number(args[runsAt + 1]) : 5;
const image =
  args.find((arg, i) => !arg.startsWith("--") && args[i - 1] !== "--runs") ??
  execFileSync("../shared/realimages/images.sh", ["path", "big", "docker-archive"], { encoding: "utf8" }).trim();
const report = join(mkdtempSync(join(tmpdir(), "layerscope-bench-html-")), "report.html");

let start = Date.now();
execFileSync("node", ["bin/layerscope.js", image, "--html", report], { stdio: ["ignore", "ignore", "inherit"] });
const writeMs = Date.now() - start;
const bytes = statSync(report).size;

const browser = await chromium.launch({ executablePath: process.env.LAYERSCOPE_CHROMIUM ?? "/usr/bin/chromium", args: ["--no-sandbox"] });
const samples = [];
try {
  for (let run = 0; run < runs; run++) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    start = Date.now();
    await page.goto(pathToFileURL(report).href);
    await page.waitForSelector("body[data-ready=true]");
    const openMs = Date.now() - start;
    const inPageMs = Number(await page.evaluate(() => document.body.dataset.readyMs));
    // zoom into the second open block (a directory under the top one), then back out; then hover a file
    const zoom = await page.evaluate(async () => {
      const block = document.querySelectorAll(".block.open")[1];
      const t0 = performance.now();
      block?.dispatchEvent(new MouseEvent("click", { bubbles: true }));
      const t1 = performance.now();
      document.querySelector(".crumbs .crumb")?.dispatchEvent(new MouseEvent("click", { bubbles: true }));
      return { zoomInMs: t1 - t0, zoomOutMs: performance.now() - t1 };
    });
    start = Date.now();
    await page.locator(".block:not(.open)").first().hover();
    await page.locator("[data-testid=tooltip]").waitFor({ state: "visible" });
    samples.push({ openMs, inPageMs, ...zoom, hoverMs: Date.now() - start });
    await page.close();
  }
} finally {
  await browser.close();
}
const median = (key) => samples.map((s) => s[key]).sort((a, b) => a - b)[Math.floor(samples.length / 2)];
console.log(
  JSON.stringify(
    {
      image,
      bytes,
      writeMs,
      runs,
      openMs: median("openMs"),
      inPageMs: median("inPageMs"),
      zoomInMs: Math.round(median("zoomInMs")),
      zoomOutMs: Math.round(median("zoomOutMs")),
      hoverMs: median("hoverMs"),
      samples,
      loadavg: loadavg().map((x) => x.toFixed(1)),
    },
    null,
    1,
  ),
);
