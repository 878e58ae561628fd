import { sides } from "../../fleet/summarize.js";
import { noun, signedBytes } from "../../text/format.js";
import type { FleetReportJson } from "../../fleet/types.js";
import { bytes, percent } from "../format.js";
import { mdCell } from "../format.js";
import { fleetFails } from "../../fleet/fleet-report.js";

/** The fleet report as Markdown (a CI step summary, an issue body). */
export function formatFleetMarkdown(report: FleetReportJson): string {
  const { summary: s } = report;
  const verdict = fleetFails(report) ? "❌" : "✅";
  const regressions = report.baseline ? `, ${report.baseline.regressions} ${noun(report.baseline.regressions, "regression")}` : "";
  const out: string[] = [
    `### layerscope fleet ${verdict}: ${s.images} ${noun(s.images, "image")}, ${s.failedRules} failing the rules, ${s.failed} not analysed${regressions}`,
    "",
  ];
  out.push("| Figure | Value |", "|---|---:|");
  const figures: [string, string][] = [
    ["References", String(s.references)],
    ["Distinct images", String(s.images)],
    ["Bytes (all layers)", bytes(s.totalBytes)],
    ["Wasted", bytes(s.wastedBytes)],
    ["Yours: bytes, wasted", `${bytes(s.yours.sizeBytes)}, ${bytes(s.yours.wastedBytes)}`],
    ["Inherited: bytes, wasted", `${bytes(s.inherited.sizeBytes)}, ${bytes(s.inherited.wastedBytes)}`],
    ["Pull, shared layers once", `${bytes(s.pull.sharedBytes)} (${s.pull.distinctLayers} of ${s.pull.layers} layers)`],
    ["Pull, image by image", bytes(s.pull.perImageBytes)],
  ];
  for (const [name, value] of figures) out.push(`| ${name} | ${mdCell(value)} |`);
  if (s.bases.length > 0) {
    out.push("", "#### Bases", "", "| Base | Evidence | Images | Inherited bytes |", "|---|---|---:|---:|");
    for (const base of s.bases) out.push(`| ${mdCell(base.name)} | ${base.evidence} | ${base.images} | ${bytes(base.inheritedBytes)} |`);
  }
  if (s.worst.length > 0) {
    out.push("", "#### Most waste", "", "| Image | Wasted | Yours | Efficiency | Top hints |", "|---|---:|---:|---:|---|");
    for (const image of s.worst) {
      const hints = image.hints.map((hint) => `${hint.id} (${bytes(hint.bytes)})`).join(", ");
      out.push(
        `| ${mdCell(image.reference)} | ${bytes(image.wastedBytes)} | ${bytes(image.yoursWastedBytes)} | ${percent(image.efficiency)} | ${mdCell(hints)} |`,
      );
    }
  }
  if (s.packages.length > 0) {
    out.push("", "#### Packages that cost most across images", "", "| Package | Images | Bytes | In the base of |", "|---|---:|---:|---:|");
    for (const pkg of s.packages) out.push(`| ${mdCell(`${pkg.ecosystem}:${pkg.name}`)} | ${pkg.images} | ${bytes(pkg.bytes)} | ${pkg.inheritedIn} |`);
  }
  out.push("", "#### Images", "", "| Image | Verdict | Efficiency | Size | Wasted | Yours wasted | Base |", "|---|---|---:|---:|---:|---:|---|");
  for (const row of report.images) {
    if (row.status !== "ok") {
      out.push(`| ${mdCell(row.reference)} | ⚠️ not analysed | | | | | ${mdCell(row.error ?? "")} |`);
      continue;
    }
    const verdict = row.verdict === "fail" ? `❌ ${mdCell((row.failedRules ?? []).join(", "))}` : "✅";
    const same = row.sameAs !== undefined ? ` (= ${row.sameAs})` : "";
    out.push(
      `| ${mdCell(row.reference + same)} | ${verdict} | ${percent(row.efficiency ?? 1)} | ${bytes(row.totalBytes ?? 0)} | ${bytes(row.wastedBytes ?? 0)} | ${bytes(sides(row).yours.wastedBytes)} | ${mdCell(row.base?.name ?? "")} |`,
    );
  }
  if (report.baseline) {
    const trend = report.baseline;
    out.push(
      "",
      `#### Since ${mdCell(trend.baseline)}: ${trend.regressions} ${noun(trend.regressions, "regression")}`,
      "",
      "| Image | Change | Wasted | Size | Why |",
      "|---|---|---:|---:|---|",
    );
    for (const change of trend.changed) {
      out.push(
        `| ${mdCell(change.reference)} | ${change.change} | ${change.wastedDelta !== undefined ? signedBytes(change.wastedDelta) : ""} | ${change.sizeDelta !== undefined ? signedBytes(change.sizeDelta) : ""} | ${mdCell(change.reasons.join("; "))} |`,
      );
    }
  }
  return out.join("\n") + "\n";
}
