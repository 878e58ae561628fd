import { readFile } from "node:fs/promises";
import { join } from "node:path";
import prettyBytes from "pretty-bytes";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DiffJsonReport } from "../../../src/report/diff-json.js";
import { pairImage } from "../../analysis/hints/pair-images.js";
import { foreignRequests, launchBrowser, openReport, screenshot } from "../../helpers/browser.js";
import { outputDir, runCli } from "./cli-run.js";

describe("layerscope diff BASE HEAD --html (hint-build-multi → hint-build-single, in chromium)", () => {
  let browser: Browser;
  let html: string;
  let report: DiffJsonReport;

  beforeAll(async () => {
    const dir = outputDir();
    html = join(dir, "diff.html");
    const dockerfile = join(process.cwd(), "test/images/hint-build-single/Dockerfile");
    const run = await runCli(
      ["diff", pairImage("hint-build-multi"), pairImage("hint-build-single"), "--dockerfile", dockerfile, "--html", html, "--json", "diff.json"],
      dir,
    );
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    report = JSON.parse(await readFile(join(dir, "diff.json"), "utf8")) as DiffJsonReport;
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("shows both images' figures, the layers, the new hints and the largest changes", async () => {
    const opened = await openReport(browser, html);
    const { page } = opened;
    expect(opened.errors).toEqual([]);
    expect(foreignRequests(opened, html)).toEqual([]);
    expect(await page.locator("[data-testid=references]").textContent()).toBe(`${report.base.reference} → ${report.head.reference}`);
    const row = (key: string) => page.locator(`[data-testid=diff-figures] tr[data-figure=${key}]`);
    for (const [key, delta] of [
      ["total", report.size.total],
      ["final", report.size.final],
      ["wasted", report.size.wasted],
      ["removable", report.hints.removable],
      ["efficiency", report.efficiency.layerscope],
      ["diveEfficiency", report.efficiency.dive],
    ] as const) {
      expect([await row(key).getAttribute("data-base"), await row(key).getAttribute("data-head"), await row(key).getAttribute("data-delta")], key).toEqual([
        String(delta.base),
        String(delta.head),
        String(delta.delta),
      ]);
    }
    expect(await row("total").locator("td").allTextContents()).toEqual([
      prettyBytes(report.size.total.base),
      prettyBytes(report.size.total.head),
      prettyBytes(report.size.total.delta, { signed: true }),
    ]);
    expect(await page.locator("[data-testid=layers-shared] tbody tr").count()).toBe(report.layers.shared.length);
    expect(await page.locator("[data-testid=layers-only-head] tbody tr").count()).toBe(report.layers.onlyHead.length);
    expect(await page.locator("[data-testid=hints-new] li").count()).toBe(report.hints.new.length);
    const verdict = page.locator("[data-testid=verdict]");
    expect([await verdict.getAttribute("data-outcome"), await verdict.getAttribute("data-verdict")]).toEqual([report.assessment.outcome, report.verdict]);
    // docker archives: plain layer tars, no pull size to compare
    expect(await verdict.textContent()).toBe("⚠️ worse: bigger, more waste, 2 new hints (no limits set)");
    expect(report.size.compressed).toBeUndefined();
    expect(await page.locator("[data-testid=hints-removable]").textContent()).toContain(
      `head: Removable by the hints together: ${prettyBytes(report.hints.removable.head)} of the image's`,
    );
    const largest = [...report.files.added.items, ...report.files.grown.items].sort((a, b) => Math.abs(b.delta) - Math.abs(a.delta))[0];
    expect(await page.locator("[data-testid=file-changes] tbody tr").first().locator("td").last().textContent()).toBe(largest.path);
    await screenshot(page, "diff");
    await page.close();
  });

  it("the treemap of size changes: hover names the change, click zooms", async () => {
    const { page, errors } = await openReport(browser, html, "dark");
    const block = page.locator(".block:not(.open)", { has: page.locator(".label", { hasText: "pkgcache.bin" }) }).first();
    await block.hover();
    const tooltip = page.locator("[data-testid=tooltip]");
    await expect.poll(() => tooltip.isVisible()).toBe(true);
    const tip = await tooltip.locator("div").allTextContents();
    const change = report.files.added.items.find((item) => item.path === "/var/cache/apt/pkgcache.bin")!;
    expect(tip[0]).toBe(change.path);
    expect(tip[1]).toBe(`added: 0 B → ${prettyBytes(change.headBytes)} (${prettyBytes(change.delta, { signed: true })})`);
    expect(tip.join("\n")).toMatch(/layer \d+ of head: RUN apt-get update/);
    await block.click();
    await expect.poll(() => page.locator(".crumbs .crumb").allTextContents()).toEqual(["/", "var", "cache/apt"]);
    await screenshot(page, "diff-zoomed", false);
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe("layerscope diff BASE HEAD --html: both images' layers on one scale (apt-nocleanup → apt-cleanup)", () => {
  it("draws the base layer the two share at one length, though the longest layer differs", async () => {
    const dir = outputDir();
    const html = join(dir, "diff.html");
    const run = await runCli(["diff", pairImage("apt-nocleanup"), pairImage("apt-cleanup"), "--html", html], dir);
    expect(run.status).toBe(0);
    const browser = await launchBrowser();
    try {
      const { page, errors } = await openReport(browser, html);
      expect(errors).toEqual([]);
      // each "Layers of" card's bars, each the sum of its parts' widths (in % of the chart)
      const bars = await page.evaluate<number[][]>(`
        [...document.querySelectorAll("section")]
          .filter((card) => card.querySelector("h2")?.textContent?.startsWith("Layers of "))
          .map((card) => [...card.querySelectorAll(".layer-row")].map((row) =>
            [...row.querySelectorAll(".bar-part")].reduce((sum, part) => sum + Number.parseFloat(part.style.width), 0)))
      `);
      expect(bars).toHaveLength(2);
      // apt-nocleanup's apt layer is its longest bar; apt-cleanup's longest is the shared base layer
      expect(Math.max(...bars[0], ...bars[1])).toBeCloseTo(100, 3);
      expect(bars[0][0]).toBeLessThan(90);
      expect(bars[0][0]).toBeCloseTo(bars[1][0], 3);
    } finally {
      await browser.close();
    }
  });
});
