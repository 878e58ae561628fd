import type { RuleResult, RuleSetChoice } from "../analysis/rules-types.js";
import type { ImageAnalysis } from "../analysis/types.js";
import type { DiffCheck } from "../diff/types.js";
import { thousands } from "../analysis/thousands.js";
import { groupWaste } from "../analysis/waste-groups.js";
import { bytes, clipPath, imageTitle, mdCell, percent, ruleSetText, runResult, wasteHeading, wasteKind, wasteLayers } from "./format.js";
import { formatPackagesMarkdown } from "./packages-text.js";
import { formatDuplicatesMarkdown } from "./duplicates-text.js";
import { baseMarkdownRows } from "./base-section.js";

/**
 * A summary fit for `$GITHUB_STEP_SUMMARY` or a pull-request comment. With `--baseline`, the headline counts the
 * `diff:` limits too (the diff's own section follows the report), so that it fails when the run does.
 */
export function formatMarkdownReport(
  summary: ImageAnalysis,
  rules: readonly RuleResult[],
  topWaste = 10,
  ruleSet?: RuleSetChoice,
  baselineChecks: readonly DiffCheck[] = [],
): string {
  const { image } = summary;
  const dive = image.dive;
  const out: string[] = [];
  out.push(`### layerscope: ${headline(rules, baselineChecks)}`, "");
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

  const groups = groupWaste(summary.waste);
  const shown = groups.slice(0, topWaste);
  if (shown.length > 0) {
    out.push("", `#### ${wasteHeading(groups, shown.length)}`, "");
    out.push("| Bytes | Kind | Layers | Files | Path |", "|---:|---|---|---:|---|");
    for (const group of shown) {
      out.push(
        `| ${bytes(group.bytes)} | ${mdCell(wasteKind(group))} | ${wasteLayers(group)} | ${thousands(group.files)} | ${mdCell(clipPath(group.path, 120))} |`,
      );
    }
  }

  const duplicates = formatDuplicatesMarkdown(summary.duplicates);
  if (duplicates) out.push(duplicates.trimEnd());

  const packages = formatPackagesMarkdown(summary.packages);
  if (packages) out.push(packages.trimEnd());

  if (rules.length > 0) {
    out.push("", "#### Rules", "", ...(ruleSet ? [`Decided by ${ruleSetText(ruleSet)}.`, ""] : []), "| Status | Rule | Detail |", "|---|---|---|");
    for (const rule of rules) {
      const status = rule.status === "pass" ? "✅ pass" : rule.status === "fail" ? "❌ fail" : "⏭️ skip";
      out.push(`| ${status} | ${mdCell(rule.name)} | ${mdCell(rule.message)} |`);
    }
  }
  return out.join("\n") + "\n";
}

function headline(rules: readonly RuleResult[], baselineChecks: readonly DiffCheck[]): string {
  const result = runResult(rules, baselineChecks);
  if (result !== "PASS") return `❌ ${result}`;
  return rules.length === 0 ? "analysed" : "✅ PASS";
}
