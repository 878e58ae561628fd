import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";

/** Debian's chromium (installed by .ci/run); playwright-core drives it and downloads nothing. */
const CHROMIUM = process.env.LAYERSCOPE_CHROMIUM ?? "/usr/bin/chromium";
/** Screenshots of the browser tests, for a person to look at (ignored by git). */
const SHOTS_DIR = resolve(process.cwd(), "test-output/html");

export async function launchBrowser(): Promise<Browser> {
  // root in CI and here: chromium refuses to run as root with its sandbox on
  return chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--disable-gpu"] });
}

export interface OpenedPage {
  page: Page;
  /** Console errors and uncaught exceptions */
  errors: string[];
  /** Every URL the page asked for, the report's own file:// included */
  requests: string[];
  /** Dialogs (alert, confirm, prompt) the page opened: a hostile name that ran would open one */
  dialogs: string[];
  /** Milliseconds from navigation to the page's `data-ready` (drawn, handlers attached) */
  readyMs: number;
}

/** Opens a report from disk, as a person would, and waits until it is drawn. */
export async function openReport(browser: Browser, file: string, colorScheme: "light" | "dark" = "light"): Promise<OpenedPage> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, colorScheme });
  const opened: OpenedPage = { page, errors: [], requests: [], dialogs: [], readyMs: 0 };
  page.on("console", (message) => {
    if (message.type() === "error") opened.errors.push(message.text());
  });
  page.on("pageerror", (error) => opened.errors.push(String(error)));
  page.on("request", (request) => opened.requests.push(request.url()));
  page.on("dialog", (dialog) => {
    opened.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  const start = Date.now();
  await page.goto(pathToFileURL(file).href);
  await page.waitForSelector("body[data-ready=true]", { timeout: 60_000 });
  opened.readyMs = Date.now() - start;
  return opened;
}

/** The requests other than the report itself (none are allowed). */
export function foreignRequests(opened: OpenedPage, file: string): string[] {
  const own = pathToFileURL(file).href;
  return opened.requests.filter((url) => url !== own);
}

export async function screenshot(page: Page, name: string, fullPage = true): Promise<string> {
  mkdirSync(SHOTS_DIR, { recursive: true });
  const path = resolve(SHOTS_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage });
  return path;
}

/** The exact figures the page shows, by key (`data-figure` → `data-value`). */
export async function pageFigures(page: Page): Promise<Record<string, string>> {
  return page.$$eval("[data-figure]", (nodes) => Object.fromEntries(nodes.map((node) => [node.getAttribute("data-figure") ?? "", node.getAttribute("data-value") ?? ""])));
}
