#!/usr/bin/env node
// Screenshot of an HTML report in Debian's chromium (the picture in docs/html-report.md). Usage:
//   node scripts/html-screenshot.mjs REPORT.html OUT.png [--width 1100] [--height 860] [--dark] [--hover TEXT]
// --hover TEXT hovers the first treemap block whose label holds TEXT, so the picture shows a tooltip.
import { pathToFileURL } from "node:url";
import { resolve } from "node:path";
import { chromium } from "playwright-core";

const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : fallback);
const [report, out] = args;
if (!report || !out) {
  console.error("usage: node scripts/html-screenshot.mjs REPORT.html OUT.png [--width W] [--height H] [--dark] [--hover TEXT]");
  process.exit(2);
}
const browser = await chromium.launch({ executablePath: process.env.LAYERSCOPE_CHROMIUM ?? "/usr/bin/chromium", args: ["--no-sandbox"] });
try {
  const page = await browser.newPage({
    viewport: { width: Number(option("width", "1100")), height: Number(option("height", "860")) },
    colorScheme: args.includes("--dark") ? "dark" : "light",
  });
  await page.goto(pathToFileURL(resolve(report)).href);
  await page.waitForSelector("body[data-ready=true]");
  const hover = option("hover", undefined);
  if (hover)
    await page
      .locator(".block:not(.open)", { has: page.locator(".label", { hasText: hover }) })
      .first()
      .hover();
  await page.screenshot({ path: out });
} finally {
  await browser.close();
}
