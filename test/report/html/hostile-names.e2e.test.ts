import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_PATH_LENGTH } from "../../../src/tar/path.js";
import { buildImage } from "../../helpers/build-image.js";
import { foreignRequests, launchBrowser, openReport, screenshot } from "../../helpers/browser.js";
import { outputDir, runCli } from "./cli-run.js";

const SCRIPT_NAME = "etc/<script>window.__pwned=1;alert(1)</script>.conf";
const IMG_NAME = `etc/"><img src=x onerror="window.__pwned=2">.bin`;
const QUOTES = "etc/'single' \"double\" `back` ${x} &amp; </style></script>";
const CONTROL = "etc/ctl\u0001\u001b[31mred\nnew\tline";
// the longest path the tar reader takes (32 KiB), nested 150 directories deep; the command below is 100 KB
const LONG = Array.from({ length: 150 }, (_, i) => `d${i}`.padEnd(200, "x")).join("/").slice(0, MAX_PATH_LENGTH - 10) + "/long.bin";
const COMMAND = `RUN echo </script><script>window.__pwned=3</script> ${"<b>x</b>".repeat(12_500)}`;

describe("--html with hostile names (in chromium)", () => {
  let browser: Browser;
  let html: string;

  beforeAll(async () => {
    const built = await buildImage(
      {
        layers: [
          { entries: [{ path: "etc", type: "dir" }, { path: SCRIPT_NAME, size: 300_000 }, { path: IMG_NAME, size: 200_000 }, { path: QUOTES, size: 100_000 }, { path: CONTROL, size: 90_000 }, { path: LONG, size: 80_000 }], createdBy: COMMAND },
          { entries: [{ path: SCRIPT_NAME.replace(/[^/]+$/, ".wh.$&") }, { path: CONTROL, size: 50_000 }], createdBy: "RUN rm '/etc/<script>…'" },
        ],
        tags: ["hostile:1"],
      },
      { format: "docker-archive" },
    );
    const dir = outputDir();
    html = join(dir, "hostile.html");
    const run = await runCli([built.path, "--html", html], dir);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("the names are text in the file, never markup", async () => {
    const text = await readFile(html, "utf8");
    expect(text).not.toContain("<script>window.__pwned");
    expect(text).not.toContain("<img");
    expect(text.match(/<script\b/g)).toHaveLength(2); // the data (JSON) and the page's own script
  });

  it("nothing runs: no dialog, no request, no error, the names shown as they are", async () => {
    const opened = await openReport(browser, html);
    const { page } = opened;
    expect(await page.evaluate<unknown>("window.__pwned")).toBeUndefined();
    expect(opened.dialogs).toEqual([]);
    expect(opened.errors).toEqual([]);
    expect(foreignRequests(opened, html)).toEqual([]);
    expect(await page.locator("img, iframe, object, embed").count()).toBe(0);

    // the waste list shows the deleted file's path as text
    const paths = await page.locator("[data-testid=waste] tbody td:last-child").allTextContents();
    expect(paths).toContain(`/${SCRIPT_NAME}`);
    // zoom into /etc and read the tooltips of the hostile names
    await page.locator(".block.open", { has: page.locator(":scope > .label", { hasText: /^\/ / }) }).first().click({ position: { x: 8, y: 6 } });
    const tooltip = page.locator("[data-testid=tooltip]");
    const titles: string[] = [];
    for (const box of await page.locator(".block:not(.open)").all()) {
      await box.hover();
      await expect.poll(() => tooltip.isVisible()).toBe(true);
      titles.push((await tooltip.locator(".tip-title").textContent()) ?? "");
    }
    expect(titles).toContain(`/${IMG_NAME}`);
    expect(titles).toContain(`/${QUOTES}`);
    expect(titles).toContain("/etc/ctl\\x01\\x1b[31mred\\x0anew\\x09line"); // control characters made visible
    expect(titles.some((title) => title.startsWith("/d0") && title.includes("…") && title.endsWith("/long.bin"))).toBe(true);
    await screenshot(page, "hostile");
    expect(await page.evaluate<unknown>("window.__pwned")).toBeUndefined();
    expect(opened.dialogs).toEqual([]);
    expect(opened.errors).toEqual([]);
    await page.close();
  });
});
