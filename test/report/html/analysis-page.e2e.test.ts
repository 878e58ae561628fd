import { readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import prettyBytes from "pretty-bytes";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { groupWaste } from "../../../src/analysis/waste-groups.js";
import type { JsonReport } from "../../../src/report/json.js";
import { buildAnalysisPage } from "../../../src/report/html/analysis-page.js";
import { formatHtmlReport, readPageAsset } from "../../../src/report/html/write-html.js";
import { analyzePair, dockerfileOf, pairImage } from "../../analysis/hints/pair-images.js";
import { foreignRequests, launchBrowser, openReport, pageFigures, screenshot } from "../../helpers/browser.js";
import { outputDir, runCli } from "./cli-run.js";

const percent = (fraction: number): string => `${(fraction * 100).toFixed(2)}%`;

describe("layerscope IMAGE --html (apt-split-cleanup, in chromium)", () => {
  let browser: Browser;
  let html: string;
  let report: JsonReport;

  beforeAll(async () => {
    const dir = outputDir();
    const image = pairImage("apt-split-cleanup");
    await writeFile(join(dir, "Dockerfile"), dockerfileOf("apt-split-cleanup"));
    html = join(dir, "report.html");
    const run = await runCli([image, "--html", html, "--json", "report.json", "--dockerfile", "Dockerfile"], dir);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    report = JSON.parse(await readFile(join(dir, "report.json"), "utf8")) as JsonReport;
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("is one self-contained file that opens with no error and no request", async () => {
    const text = await readFile(html, "utf8");
    expect(text).not.toMatch(/<(link|img|iframe)\b|\bsrc=["']?https?:/i);
    expect((await stat(html)).size).toBeLessThan(1_000_000);
    const opened = await openReport(browser, html);
    expect(opened.errors).toEqual([]);
    expect(foreignRequests(opened, html)).toEqual([]);
    console.log(`apt-split-cleanup report: ${(await stat(html)).size} bytes, drawn in ${opened.readyMs} ms`);
    await opened.page.close();
  });

  it("shows the JSON report's figures", async () => {
    const { page } = await openReport(browser, html);
    const figures = await pageFigures(page);
    const { image } = report;
    for (const key of ["totalBytes", "finalBytes", "wastedBytes", "deletedBytes", "shadowedBytes", "junkBytes", "efficiency", "layerCount", "fileCount"] as const) {
      expect(Number(figures[key]), key).toBe(image[key]);
    }
    expect(Number(figures.diveEfficiency)).toBe(image.dive.efficiencyScore);
    expect(Number(figures.diveWastedBytes)).toBe(image.dive.inefficientBytes);
    expect(Number(figures.diveUserWastedPercent)).toBe(image.dive.userWastedPercent);
    expect(figures.verdict).toBe(report.rules.some((rule) => rule.status === "fail") ? "fail" : "pass");
    expect(report.ruleSet?.chosenBy).toBe("default");
    expect(await page.locator("[data-testid=decided-by]").textContent()).toBe("Decided by layerscope's rule set (the default).");
    const shown = async (key: string): Promise<string> => (await page.locator(`[data-figure=${key}] .figure-value`).textContent()) ?? "";
    expect(await shown("totalBytes")).toBe(prettyBytes(image.totalBytes));
    expect(await shown("deletedBytes")).toBe(prettyBytes(image.deletedBytes));
    expect(await shown("efficiency")).toBe(percent(image.efficiency));
    expect(await shown("diveEfficiency")).toBe(percent(image.dive.efficiencyScore));
    // one bar a layer, with its instruction
    const rows = page.locator("[data-testid=layers-chart] .layer-row");
    expect(await rows.count()).toBe(report.layers.length);
    expect(await rows.nth(1).textContent()).toContain("RUN apt-get update");
    // the packages table: one row a package (the largest 100 until filtered), with the JSON report's bytes
    expect(report.packages.length).toBeGreaterThan(50);
    const packages = page.locator("[data-testid=packages] tbody tr");
    expect(await packages.count()).toBe(Math.min(report.packages.length, 100));
    const first = await packages.first().locator("td").allTextContents();
    expect(first.slice(0, 2)).toEqual([prettyBytes(report.packages[0].bytes), report.packages[0].name]);
    await page.close();
  });

  it("hovering a block shows its path, bytes, layer, instruction and Dockerfile line; clicking zooms, the path zooms out", async () => {
    const { page, errors } = await openReport(browser, html);
    const biggest = report.waste[0];
    const name = biggest.path.split("/").at(-1)!;
    const block = page.locator(".block:not(.open)", { has: page.locator(".label", { hasText: name }) }).first();
    await block.hover();
    const tooltip = page.locator("[data-testid=tooltip]");
    await expect.poll(() => tooltip.isVisible()).toBe(true);
    const tip = (await tooltip.locator("div").allTextContents()).join("\n");
    expect(tip.split("\n")[0]).toBe(biggest.path);
    expect(tip).toContain(`${prettyBytes(biggest.bytes)} · deleted`);
    expect(tip).toContain(`shipped by: layer ${biggest.addedBy}: RUN apt-get update`);
    expect(tip).toContain("Dockerfile line 4");
    expect(tip).toContain(`removed by: layer ${biggest.removedBy}: RUN apt-get clean`);
    await screenshot(page, "analysis-hover", false);

    await block.click();
    const crumbs = page.locator(".crumbs .crumb");
    await expect.poll(() => crumbs.allTextContents()).toEqual(["image", "deleted and shadowed", "layer 1: RUN apt-get update", "deleted", "/var", "lib/apt/lists"]);
    expect(await page.locator(".block:not(.open)").count()).toBeGreaterThanOrEqual(2);
    await screenshot(page, "analysis-zoomed", false);
    await crumbs.first().click();
    await expect.poll(() => crumbs.allTextContents()).toEqual(["image"]);

    // colour by waste kind: the deleted file is painted as deleted
    await page.locator("[data-testid=color-toggle] button[data-mode=kind]").click();
    expect(await block.getAttribute("style")).toContain("var(--deleted)");
    await screenshot(page, "analysis-by-kind", false);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("the waste list, grouped by directory and layers, filters and sorts", async () => {
    const { page } = await openReport(browser, html);
    const rows = page.locator("[data-testid=waste] tbody tr");
    const groups = groupWaste(report.waste);
    expect(groups.length).toBeLessThan(report.waste.length);
    expect(await rows.count()).toBe(Math.min(groups.length, 300));
    // the apt lists layer 3 deleted are one row, with their file count, above the smaller single files
    const lists = groups.find((group) => group.path === "/var/lib/apt/lists/")!;
    expect(lists.files).toBe(report.waste.filter((item) => item.path.startsWith("/var/lib/apt/lists/")).length);
    const cells = await rows.nth(groups.indexOf(lists)).locator("td").allTextContents();
    expect(cells).toEqual([prettyBytes(lists.bytes), "deleted", `${lists.addedBy} → ${lists.removedBy}`, String(lists.files), "/var/lib/apt/lists/"]);
    await page.locator("[data-testid=waste-filter]").fill("pkgcache");
    const expected = groups.filter((group) => `${group.path} ${group.largest}`.includes("pkgcache"));
    await expect.poll(() => rows.count()).toBe(expected.length);
    await page.locator("[data-testid=waste] th", { hasText: "path" }).click();
    const paths = await page.locator("[data-testid=waste] tbody tr td:last-child").allTextContents();
    expect(paths).toEqual(expected.map((group) => group.path).sort());
    await page.locator("[data-testid=waste-filter]").fill("");
    const hints = await page.locator("[data-testid=hints] li").allTextContents();
    expect(hints).toHaveLength(report.hints.length);
    expect(hints[0]).toContain(report.hints[0].fix.slice(0, 40));
    const removable = page.locator("[data-testid=hints-removable]");
    expect(Number(await removable.getAttribute("data-bytes"))).toBe(report.hintsRemovableBytes);
    expect(await removable.textContent()).toBe(`Removable by the hints together: ${prettyBytes(report.hintsRemovableBytes!)} of the image's ${prettyBytes(report.image.totalBytes)} (a byte several hints name counts once)`);
    await page.close();
  });

  it("a big report's data, embedded gzipped, draws the same figures", async () => {
    const analysis = await analyzePair("apt-split-cleanup");
    const data = buildAnalysisPage(analysis, { rules: report.rules, hints: report.hints, generator: "test" });
    const gzipped = join(outputDir(), "gzipped.html");
    await writeFile(gzipped, formatHtmlReport(data, readPageAsset(), { compressAbove: 0 }));
    expect(await readFile(gzipped, "utf8")).toContain('{"gzipBase64":"');
    const { page, errors } = await openReport(browser, gzipped);
    const figures = await pageFigures(page);
    expect(Number(figures.totalBytes)).toBe(report.image.totalBytes);
    expect(Number(figures.deletedBytes)).toBe(report.image.deletedBytes);
    expect(await page.locator("[data-testid=waste] tbody tr").count()).toBe(Math.min(groupWaste(report.waste).length, 300));
    expect(errors).toEqual([]);
    await page.close();
  });

  it("draws in the light and the dark theme (screenshots in test-output/html)", async () => {
    for (const scheme of ["light", "dark"] as const) {
      const { page, errors } = await openReport(browser, html, scheme);
      const background = await page.evaluate<string>("getComputedStyle(document.body).backgroundColor");
      expect(background).toBe(scheme === "light" ? "rgb(246, 247, 249)" : "rgb(15, 19, 24)");
      await screenshot(page, `analysis-${scheme}`);
      expect(errors).toEqual([]);
      await page.close();
    }
  });
});
