// For each HTML report under DIR: FILE.data.json, the data the report embeds, and FILE.dom.txt, every text and
// title the page draws from it (Debian's chromium through playwright-core). scripts/report-snapshot.sh calls it, so
// that two snapshots compare what the HTML reports hold and show even when the page's script itself changed.
//   node scripts/html-snapshot.mjs DIR
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { gunzipSync } from "node:zlib";
import { chromium } from "playwright-core";

const dir = process.argv[2];
const files = readdirSync(dir, { recursive: true }).map(String).filter((name) => name.endsWith(".html")).map((name) => join(dir, name));
const browser = await chromium.launch({ executablePath: process.env.LAYERSCOPE_CHROMIUM ?? "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
try {
  for (const file of files) {
    const html = readFileSync(file, "utf8");
    const embedded = /<script type="application\/json" id="layerscope-data">([\s\S]*?)<\/script>/.exec(html)?.[1] ?? "";
    let data = JSON.parse(embedded);
    if (typeof data.gzipBase64 === "string") data = JSON.parse(gunzipSync(Buffer.from(data.gzipBase64, "base64")).toString("utf8"));
    writeFileSync(`${file}.data.json`, `${JSON.stringify(data, null, 1)}\n`);
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(pathToFileURL(file).href);
    await page.waitForSelector("body[data-ready=true]", { timeout: 120_000 });
    const shown = await page.evaluate(() => {
      const lines = [];
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (node.nodeType === Node.TEXT_NODE) {
          if (!["SCRIPT", "STYLE"].includes(node.parentElement?.tagName ?? "")) lines.push(node.textContent);
        } else if (node.getAttribute("title")) lines.push(`[title] ${node.getAttribute("title")}`);
      }
      return lines.join("\n");
    });
    writeFileSync(`${file}.dom.txt`, `${shown}\n`);
    await page.close();
  }
} finally {
  await browser.close();
}
