import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildImage } from "../../helpers/build-image.js";
import { foreignRequests, launchBrowser, openReport, screenshot } from "../../helpers/browser.js";
import { runInProcess } from "../../helpers/cli-io.js";
import { tempDirs } from "../../helpers/temp-dirs.js";

const temp = tempDirs();
const copy = Buffer.alloc(50_000, "x");

describe("the HTML pages' content diffs and identical files (in chromium)", () => {
  let browser: Browser;
  let dir = "";
  let base = "";
  let head = "";

  beforeAll(async () => {
    dir = temp("layerscope-look-html-");
    const layer = (conf: string) => [
      { path: "etc/app.conf", content: conf },
      { path: "opt/one", content: copy },
      { path: "opt/two", content: copy },
      { path: "etc/<img src=x onerror=alert(1)>", content: conf },
    ];
    base = (await buildImage({ layers: [layer("a=1\n")] }, { format: "docker-archive", dir, name: "base.tar" })).path;
    head = (await buildImage({ layers: [layer("a=2\n<script>alert(1)</script>\n")] }, { format: "docker-archive", dir, name: "head.tar" })).path;
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("draws each modified file's unified diff as text, coloured by line", async () => {
    const html = join(dir, "diff.html");
    expect((await runInProcess(["diff", base, head, "--content", "--html", html])).status).toBe(0);
    const opened = await openReport(browser, html);
    expect(opened.errors).toEqual([]);
    expect(opened.dialogs).toEqual([]);
    expect(foreignRequests(opened, html)).toEqual([]);
    const files = opened.page.locator("[data-testid=content-file]");
    expect(await files.count()).toBe(2);
    const conf = opened.page.locator('[data-testid=content-file][data-path="/etc/app.conf"]');
    expect(await conf.locator(".patch-add").allTextContents()).toEqual(["+a=2\n", "+<script>alert(1)</script>\n"]);
    expect(await conf.locator(".patch-del").allTextContents()).toEqual(["-a=1\n"]);
    await screenshot(opened.page, "diff-content");
  });

  it("lists identical files with the saving and the cost", async () => {
    const html = join(dir, "analysis.html");
    expect((await runInProcess([head, "--duplicates", "--html", html])).status).toBe(0);
    const opened = await openReport(browser, html);
    expect(opened.errors).toEqual([]);
    expect(await opened.page.locator("[data-testid=duplicates-summary]").textContent()).toMatch(
      /^1 group; a single copy each would save 50 kB\. Found by hashing 2 of 2 files/,
    );
    expect(await opened.page.locator("[data-testid=duplicates] tbody tr").allTextContents()).toEqual(["50 kB2 × 50 kB/opt/one (layer 0), /opt/two (layer 0)"]);
    await screenshot(opened.page, "analysis-duplicates");
  });
});
