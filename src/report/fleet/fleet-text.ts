import { sides } from "../../fleet/summarize.js";
import { noun, signedBytes } from "../../text/format.js";
import type { FleetImage, FleetReportJson, FleetTrend } from "../../fleet/types.js";
import { bytes, percent } from "../format.js";
import { printable } from "../../text/escape.js";
import { fleetFails } from "../../fleet/fleet-report.js";

export interface FleetTextOptions {
  color: boolean;
  width?: number;
}

/** The fleet report for a terminal or a CI log. */
export function formatFleetText(report: FleetReportJson, options: FleetTextOptions): string {
  const bold = (text: string): string => (options.color ? `\u001b[1m${text}\u001b[0m` : text);
  const width = Math.max(60, options.width ?? 100);
  const { summary: s } = report;
  const out: string[] = [];
  const shard = report.shard ? ` (shard ${report.shard.index + 1}/${report.shard.count})` : "";
  out.push(
    `${bold("Fleet:")} ${s.references} ${noun(s.references, "reference")}, ${s.images} distinct ${noun(s.images, "image")}, ${s.failed} not analysed${shard}`,
  );
  out.push(`Rules: ${s.passed} pass, ${s.failedRules} fail${report.ignoreBase ? " (on the images' own layers)" : ""}`);
  out.push(`Bytes: ${bytes(s.totalBytes)}, wasted ${bytes(s.wastedBytes)}`);
  out.push(`  yours      ${bytes(s.yours.sizeBytes)}, wasted ${bytes(s.yours.wastedBytes)}`);
  out.push(`  inherited  ${bytes(s.inherited.sizeBytes)}, wasted ${bytes(s.inherited.wastedBytes)}`);
  const unknown = s.pull.unknownSizeLayers > 0 ? ` (${s.pull.unknownSizeLayers} blob sizes unknown)` : "";
  out.push(
    `Pull: ${bytes(s.pull.sharedBytes)} with each shared layer fetched once (${s.pull.distinctLayers} distinct of ${s.pull.layers} layers), ${bytes(s.pull.perImageBytes)} image by image${unknown}`,
  );

  if (s.bases.length > 0) {
    out.push("", bold("Bases"), `  ${"Images".padStart(6)}  ${"Inherited".padStart(9)}  Base (evidence)`);
    for (const base of s.bases)
      out.push(clip(`  ${String(base.images).padStart(6)}  ${bytes(base.inheritedBytes).padStart(9)}  ${base.name} (${base.evidence})`, width));
  }
  if (s.worst.length > 0) {
    out.push("", bold("Most waste"), `  ${"Wasted".padStart(9)}  ${"Yours".padStart(9)}  ${"Eff".padStart(7)}  Image`);
    for (const image of s.worst) {
      out.push(
        clip(
          `  ${bytes(image.wastedBytes).padStart(9)}  ${bytes(image.yoursWastedBytes).padStart(9)}  ${percent(image.efficiency).padStart(7)}  ${image.reference}`,
          width,
        ),
      );
      for (const hint of image.hints) out.push(clip(`      ${hint.severity} ${hint.id} ${bytes(hint.bytes)}: ${hint.message}`, width));
    }
  }
  if (s.hints.length > 0) {
    out.push("", bold("Hints across the fleet"), `  ${"Images".padStart(6)}  ${"Bytes".padStart(9)}  Hint`);
    for (const hint of s.hints) out.push(`  ${String(hint.images).padStart(6)}  ${bytes(hint.bytes).padStart(9)}  ${hint.id}`);
  }
  if (s.packages.length > 0) {
    out.push("", bold("Packages that cost most across images"), `  ${"Images".padStart(6)}  ${"Bytes".padStart(9)}  ${"In base".padStart(7)}  Package`);
    for (const pkg of s.packages) {
      out.push(
        clip(
          `  ${String(pkg.images).padStart(6)}  ${bytes(pkg.bytes).padStart(9)}  ${String(pkg.inheritedIn).padStart(7)}  ${pkg.ecosystem}:${pkg.name}`,
          width,
        ),
      );
    }
  }
  out.push("", bold("Images"), `  ${"Verdict".padEnd(7)}  ${"Eff".padStart(7)}  ${"Size".padStart(9)}  ${"Wasted".padStart(9)}  ${"Yours".padStart(9)}  Image`);
  for (const row of report.images) out.push(clip(imageLine(row), width));
  if (report.baseline) out.push("", ...trendLines(report.baseline, width, bold));
  // the run's result, as --ci decides it: the last line of a CI log
  out.push(`Result: ${fleetFails(report) ? "FAIL" : "PASS"}`);
  return out.join("\n") + "\n";
}

function imageLine(row: FleetImage): string {
  if (row.status !== "ok") return `  ${"ERROR".padEnd(7)}  ${printable(row.reference)}: ${printable(row.error ?? "")}`;
  const same = row.sameAs !== undefined ? ` (= ${row.sameAs})` : "";
  const verdict = (row.verdict ?? "pass").toUpperCase();
  const yours = sides(row).yours.wastedBytes;
  return `  ${verdict.padEnd(7)}  ${percent(row.efficiency ?? 1).padStart(7)}  ${bytes(row.totalBytes ?? 0).padStart(9)}  ${bytes(row.wastedBytes ?? 0).padStart(9)}  ${bytes(yours).padStart(9)}  ${printable(row.reference)}${same}`;
}

function trendLines(trend: FleetTrend, width: number, bold: (text: string) => string): string[] {
  const lines = [bold(`Since ${trend.baseline}: ${trend.regressions} ${noun(trend.regressions, "regression")}, ${trend.changed.length} changed`)];
  for (const change of trend.changed) {
    const delta =
      change.efficiencyDelta !== undefined
        ? ` efficiency ${signed((change.efficiencyDelta ?? 0) * 100, 2)} points, wasted ${signedBytes(change.wastedDelta ?? 0)}, size ${signedBytes(change.sizeDelta ?? 0)}`
        : "";
    const reasons = change.reasons.length > 0 ? `: ${change.reasons.join("; ")}` : "";
    lines.push(clip(`  ${change.change.padEnd(7)}  ${change.reference}${delta}${reasons}`, width));
  }
  return lines;
}

/** One line of at most `width` characters, its indentation kept (format.ts's clip trims it). */
function clip(line: string, width: number): string {
  const text = printable(line.replace(/[\r\n\t]+/g, " "));
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}

function signed(value: number, digits: number): string {
  return `${value >= 0 ? "+" : ""}${value.toFixed(digits)}`;
}
