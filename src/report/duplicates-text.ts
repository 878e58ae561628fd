import type { DuplicateReport } from "../analysis/duplicate-types.js";
import { thousands } from "../analysis/thousands.js";
import { bytes, clipPath, mdCell } from "./format.js";

const TOP_GROUPS = 10;
const PATHS_SHOWN = 3;

/** The cost line every form prints: what finding the duplicates hashed. */
function duplicatesCost(report: DuplicateReport): string {
  return `hashed ${thousands(report.hashedFiles)} of ${thousands(report.candidates)} files of a size another file shares (${bytes(report.hashedBytes)}; files under ${bytes(report.minSize)} not looked at)`;
}

/** `Duplicates (… a single copy each would save …)` and the largest groups; empty without a report. */
export function formatDuplicatesSection(report: DuplicateReport | undefined, width: number): string[] {
  if (!report) return [];
  const lines = [`Identical files at different paths: ${thousands(report.groups.length)} groups, ${bytes(report.savedBytes)} a single copy each would save`];
  lines.push(`  ${duplicatesCost(report)}`);
  for (const group of report.groups.slice(0, TOP_GROUPS)) {
    const head = `  ${bytes(group.savedBytes).padStart(9)}  ${`${group.copies.length} × ${bytes(group.size)}`.padEnd(16)}  `;
    const indent = " ".repeat(head.length);
    group.copies.slice(0, PATHS_SHOWN).forEach((copy, i) => {
      const layer = ` (layer ${copy.layer})`;
      lines.push((i === 0 ? head : indent) + clipPath(copy.path, width - head.length - layer.length) + layer);
    });
    if (group.copies.length > PATHS_SHOWN) lines.push(`${indent}+${group.copies.length - PATHS_SHOWN} more`);
  }
  if (report.groups.length > TOP_GROUPS) lines.push(`  … ${thousands(report.groups.length - TOP_GROUPS)} more groups (--json lists them all)`);
  return lines;
}

export function formatDuplicatesMarkdown(report: DuplicateReport | undefined): string {
  if (!report) return "";
  const out = ["", `#### Identical files at different paths: ${bytes(report.savedBytes)} to save`, "", `${mdCell(duplicatesCost(report))}.`, ""];
  if (report.groups.length === 0) return [...out, "None found."].join("\n") + "\n";
  out.push("| Saved | Copies | Paths (layer) |", "|---:|---:|---|");
  for (const group of report.groups.slice(0, TOP_GROUPS)) {
    const paths = group.copies.slice(0, PATHS_SHOWN).map((copy) => `${clipPath(copy.path, 80)} (${copy.layer})`);
    if (group.copies.length > PATHS_SHOWN) paths.push(`+${group.copies.length - PATHS_SHOWN} more`);
    out.push(`| ${bytes(group.savedBytes)} | ${group.copies.length} × ${bytes(group.size)} | ${mdCell(paths.join(", "))} |`);
  }
  if (report.groups.length > TOP_GROUPS) out.push("", `${thousands(report.groups.length - TOP_GROUPS)} more groups in the JSON report.`);
  return out.join("\n") + "\n";
}
