import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, openReport, pageFigures, screenshot } from "../../helpers/browser.js";
import { realImage } from "../../helpers/realimages.js";
import { outputDir, runCli } from "./cli-run.js";

describe("layerscope IMAGE --baseline BASE --html (apt-cleanup against base, in chromium)", () => {
  let browser: Browser;
  let dir: string;

  beforeAll(async () => {
    dir = outputDir();
    await writeFile(join(dir, ".layerscope.yaml"), "diff:\n  max-size-increase: 5%\n");
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("shows the diff: limits that failed the run beside the rules that passed", async () => {
    const run = await runCli([realImage("apt-cleanup", "oci"), "--baseline", realImage("base", "oci"), "--ci", "--html", "report.html"], dir);
    expect([run.status, run.stderr]).toEqual([1, ""]);
    const opened = await openReport(browser, join(dir, "report.html"));
    expect(opened.errors).toEqual([]);
    const figures = await pageFigures(opened.page);
    expect([figures.verdict, figures.baselineVerdict]).toEqual(["pass", "fail"]);
    const checks = await opened.page.locator("[data-testid=baseline-checks] li").allTextContents();
    expect(checks).toEqual([expect.stringMatching(/^FAIL max-size-increase: size \+16\.3 MB \(limit \+5% of 117 MB = 5\.83 MB\)$/)]);
    await screenshot(opened.page, "baseline-section", false);
    await opened.page.close();
  });

  it("shows nothing of the baseline when the config sets no limit, as the run does not fail on it", async () => {
    const plain = outputDir();
    const run = await runCli([realImage("apt-cleanup", "oci"), "--baseline", realImage("base", "oci"), "--ci", "--html", "report.html"], plain);
    expect(run.status).toBe(0);
    const opened = await openReport(browser, join(plain, "report.html"));
    expect(await opened.page.locator("[data-testid=baseline-checks]").count()).toBe(0);
    expect((await pageFigures(opened.page)).baselineVerdict).toBeUndefined();
    await opened.page.close();
  });
});
