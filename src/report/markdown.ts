import type { RuleResult } from "../analysis/rules-types.js";
import type { ImageAnalysis } from "../analysis/types.js";
import { printable } from "../tar/path.js";
import { bytes, clipPath, countRules, imageTitle, percent, wasteKind, wasteLayers } from "./format.js";
import { formatPackagesMarkdown } from "./packages-text.js";
import { baseMarkdownRows } from "./base-section.js";

/** Text safe inside a Markdown table cell: one line, Markdown punctuation backslash-escaped, no HTML. */
export function mdCell(text: string): string {
  return printable(text.replace(/\s+/g, " "))
    .replace(/[\\`*_~[\]|#]/g, (char) => `\\${char}`)
    .replace(/</g, "&lt;");
}

/** A summary fit for `$GITHUB_STEP_SUMMARY` or a pull-request comment. */
export function formatMarkdownReport(summary: ImageAnalysis, rules: readonly RuleResult[], topWaste = 10): string {
  const { image } = summary;
  const dive = image.dive;
  const counts = countRules(rules);
  const out: string[] = [];
  const verdict =
    rules.length === 0 ? "analysed" : counts.failed > 0 ? `❌ FAIL: ${counts.failed} of ${rules.length} rules failed` : "✅ PASS";
  out.push(`### layerscope: ${verdict}`, "");
  out.push(`Image ${mdCell(imageTitle(image))}, ${image.layerCount} layers, ${bytes(image.totalBytes)}.`, "");

  out.push("| Figure | Value |", "|---|---:|");
  const figures: [string, string][] = [
    ["Efficiency (layerscope)", percent(image.efficiency)],
    ["Wasted bytes", bytes(image.wastedBytes)],
    ["… shadowed", bytes(image.shadowedBytes)],
    ["… deleted", bytes(image.deletedBytes)],
    ["… junk", bytes(image.junkBytes)],
    ["Efficiency (Dive)", percent(dive.efficiencyScore)],
    ["Inefficient bytes (Dive)", bytes(dive.inefficientBytes)],
    ["User wasted (Dive)", percent(dive.userWastedPercent)],
    ...baseMarkdownRows(image.base),
  ];
  for (const [name, value] of figures) out.push(`| ${name} | ${mdCell(value)} |`);

  const shown = summary.waste.slice(0, topWaste);
  if (shown.length > 0) {
    out.push("", `#### Top waste${summary.waste.length > shown.length ? ` (${shown.length} of ${summary.waste.length})` : ""}`, "");
    out.push("| Bytes | Kind | Layers | Path |", "|---:|---|---|---|");
    for (const item of shown) {
      out.push(`| ${bytes(item.bytes)} | ${mdCell(wasteKind(item))} | ${wasteLayers(item)} | ${mdCell(clipPath(item.path, 120))} |`);
    }
  }

  const packages = formatPackagesMarkdown(summary.packages);
  if (packages) out.push(packages.trimEnd());

  if (rules.length > 0) {
    out.push("", "#### Rules", "", "| Status | Rule | Detail |", "|---|---|---|");
    for (const rule of rules) {
      const status = rule.status === "pass" ? "✅ pass" : rule.status === "fail" ? "❌ fail" : "⏭️ skip";
      out.push(`| ${status} | ${mdCell(rule.name)} | ${mdCell(rule.message)} |`);
    }
  }
  return out.join("\n") + "\n";
}
