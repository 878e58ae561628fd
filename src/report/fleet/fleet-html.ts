import { createHash } from "node:crypto";
import { noun, signedBytes } from "../../text/format.js";
import { sides } from "../../fleet/summarize.js";
import type { FleetReportJson } from "../../fleet/types.js";
import { bytes, percent } from "../format.js";
import { documentHead, escapeText, jsonForScript } from "../html/write-html.js";
import { printable } from "../../text/escape.js";

const STYLE = `
body { font: 14px/1.4 system-ui, sans-serif; margin: 24px; color: #1d2430; background: #fff; }
@media (prefers-color-scheme: dark) { body { color: #dde3ea; background: #14181d; } th { background: #222a33 !important; } }
h1 { font-size: 20px; margin: 0 0 4px; } h2 { font-size: 16px; margin: 28px 0 8px; }
table { border-collapse: collapse; width: 100%; } th, td { padding: 3px 8px; border-bottom: 1px solid #8884; text-align: left; vertical-align: top; }
th { background: #eef1f5; position: sticky; top: 0; } td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.fail { color: #c0392b; font-weight: 600; } .pass { color: #2e8b57; } .error { color: #b8860b; } .note { color: #777; font-size: 12px; }
.figures { display: flex; flex-wrap: wrap; gap: 10px; } .figure { border: 1px solid #8885; border-radius: 6px; padding: 6px 12px; min-width: 130px; }
.figure b { display: block; font-size: 18px; } meter { width: 80px; }
`;

type Cell = string | { html: string } | { num: string };

/**
 * The fleet report as one static HTML document: tables only, no script, and a Content-Security-Policy that allows
 * its one style and nothing else, so no image name can run or fetch anything. The report's JSON rides along in a
 * `<script type="application/json">` that never runs, for anyone who wants the data.
 */
export function formatFleetHtml(report: FleetReportJson): string {
  const { summary: s } = report;
  const csp = `default-src 'none'; style-src 'sha256-${createHash("sha256").update(STYLE).digest("base64")}'; base-uri 'none'; form-action 'none'`;
  return [
    ...documentHead(csp, `layerscope fleet: ${s.images} ${noun(s.images, "image")}`, STYLE),
    "<body>",
    `<h1>layerscope fleet: ${s.images} ${noun(s.images, "image")}</h1>`,
    `<p class="note">${s.references} ${noun(s.references, "reference")}, ${s.failed} not analysed${report.ignoreBase ? "; rules on the images' own layers" : ""}</p>`,
    figuresHtml(s),
    ...summarySections(s),
    section("Images", ["Image", "Verdict", "Efficiency", "Size", "Wasted", "Yours / wasted", "Base"], report.images.map(imageRow)),
    ...(report.baseline ? [trendSection(report.baseline)] : []),
    `<script type="application/json" id="layerscope-fleet">${jsonForScript(report)}</script>`,
    "</body>",
    "</html>",
    "",
  ].join("\n");
}

type Summary = FleetReportJson["summary"];

/** The fleet's totals as a row of boxed figures. */
function figuresHtml(s: Summary): string {
  const figures: [string, string][] = [
    ["bytes, all layers", bytes(s.totalBytes)],
    ["wasted", bytes(s.wastedBytes)],
    ["yours / wasted", `${bytes(s.yours.sizeBytes)} / ${bytes(s.yours.wastedBytes)}`],
    ["inherited / wasted", `${bytes(s.inherited.sizeBytes)} / ${bytes(s.inherited.wastedBytes)}`],
    ["pull, shared layers once", bytes(s.pull.sharedBytes)],
    ["pull, image by image", bytes(s.pull.perImageBytes)],
    ["rules pass / fail", `${s.passed} / ${s.failedRules}`],
  ];
  return `<div class="figures">${figures.map(([label, value]) => `<div class="figure"><b>${escapeText(value)}</b>${escapeText(label)}</div>`).join("")}</div>`;
}

/** The bases, the images that waste most, the hints and the packages across the fleet. */
function summarySections(s: Summary): string[] {
  return [
    section(
      "Bases",
      ["Base", "Evidence", "Images", "Inherited bytes"],
      s.bases.map((base) => [base.name, base.evidence, { num: String(base.images) }, { num: bytes(base.inheritedBytes) }]),
    ),
    section(
      "Most waste",
      ["Image", "Wasted", "Yours", "Efficiency", "Top hints"],
      s.worst.map((image) => [
        image.reference,
        { num: bytes(image.wastedBytes) },
        { num: bytes(image.yoursWastedBytes) },
        { num: percent(image.efficiency) },
        image.hints.map((hint) => `${hint.id} ${bytes(hint.bytes)}: ${hint.message}`).join(" · "),
      ]),
    ),
    section(
      "Hints across the fleet",
      ["Hint", "Images", "Bytes"],
      s.hints.map((hint) => [hint.id, { num: String(hint.images) }, { num: bytes(hint.bytes) }]),
    ),
    section(
      "Packages that cost most across images",
      ["Package", "Images", "Bytes", "In the base of"],
      s.packages.map((pkg) => [`${pkg.ecosystem}:${pkg.name}`, { num: String(pkg.images) }, { num: bytes(pkg.bytes) }, { num: String(pkg.inheritedIn) }]),
    ),
  ];
}

/** One image's row: its verdict, efficiency gauge, size, waste, own share and base (or why it was not analysed). */
function imageRow(row: FleetReportJson["images"][number]): Cell[] {
  if (row.status !== "ok") return [row.reference, { html: `<span class="error">not analysed</span>` }, "", "", "", "", row.error ?? ""];
  const split = sides(row);
  const verdict =
    row.verdict === "fail" ? `<span class="fail">FAIL</span> ${escapeText(printable((row.failedRules ?? []).join(", ")))}` : `<span class="pass">PASS</span>`;
  const efficiency = row.efficiency ?? 1;
  return [
    row.reference + (row.sameAs !== undefined ? ` (= ${row.sameAs})` : ""),
    { html: verdict },
    { html: `<meter min="0" max="1" low="0.8" high="0.95" optimum="1" value="${efficiency}"></meter> ${percent(efficiency)}` },
    { num: bytes(row.totalBytes ?? 0) },
    { num: bytes(row.wastedBytes ?? 0) },
    { num: `${bytes(split.yours.sizeBytes)} / ${bytes(split.yours.wastedBytes)}` },
    row.base?.name ?? "",
  ];
}

/** The images that changed since the baseline report, and why. */
function trendSection(trend: NonNullable<FleetReportJson["baseline"]>): string {
  return section(
    `Since ${trend.baseline}: ${trend.regressions} ${noun(trend.regressions, "regression")}`,
    ["Image", "Change", "Wasted", "Size", "Why"],
    trend.changed.map((change) => [
      change.reference,
      change.change,
      { num: change.wastedDelta !== undefined ? signedBytes(change.wastedDelta) : "" },
      { num: change.sizeDelta !== undefined ? signedBytes(change.sizeDelta) : "" },
      change.reasons.join("; "),
    ]),
  );
}

function section(title: string, head: string[], rows: Cell[][]): string {
  if (rows.length === 0) return "";
  const cell = (value: Cell): string => {
    if (typeof value === "string") return `<td>${escapeText(printable(value))}</td>`;
    if ("html" in value) return `<td>${value.html}</td>`;
    return `<td class="num">${escapeText(value.num)}</td>`;
  };
  const headRow = head
    .map((name, i) => `<th${rows[0] && typeof rows[0][i] === "object" && "num" in (rows[0][i] as object) ? ' class="num"' : ""}>${escapeText(name)}</th>`)
    .join("");
  return `<h2>${escapeText(printable(title))}</h2>\n<table><thead><tr>${headRow}</tr></thead><tbody>\n${rows.map((row) => `<tr>${row.map(cell).join("")}</tr>`).join("\n")}\n</tbody></table>`;
}
