import type { PackageInfo, PackageReport } from "../packages/types.js";
import { printable } from "../text/escape.js";
import { bytes, clip, mdCell } from "./format.js";

/** "requested", "dependency (of curl)", "recommended (by curl)", plus ", build tool" */
function packageWhy(pkg: PackageInfo): string {
  const by = pkg.pulledBy?.length ? ` (${pkg.reason === "recommended" ? "by" : "of"} ${pkg.pulledBy[0]}${pkg.pulledBy.length > 1 ? ", …" : ""})` : "";
  const base = pkg.reason === "requested" || pkg.reason === "unneeded" ? pkg.reason : pkg.reason + by;
  return pkg.buildTool ? `${base}, build tool` : base;
}

/** `3` or `3 (line 5)`, `1 → 4` when a later layer upgraded it */
function packageLayer(pkg: PackageInfo): string {
  const layers = pkg.upgradedLayer !== undefined ? `${pkg.layer} → ${pkg.upgradedLayer}` : String(pkg.layer);
  return pkg.line !== undefined ? `${layers} (line ${pkg.line})` : layers;
}

function packageName(pkg: PackageInfo): string {
  return `${pkg.ecosystem}:${pkg.name}`;
}

/** One line of totals: what the packages own, what nothing owns, and per-ecosystem counts. */
export function packageTotalsLine(report: PackageReport): string {
  const counts = report.ecosystems.map((eco) => `${report.packages.filter((p) => p.ecosystem === eco).length} ${eco}`).join(", ");
  return `${counts || "no"} packages own ${bytes(report.ownedBytes)}; ${bytes(report.unownedBytes)} in ${report.unownedFiles} files belong to no package`;
}

/** A table of packages, one a line: bytes, files, layer, package, version, why. */
export function formatPackageTable(packages: readonly PackageInfo[], width = 100): string[] {
  const size = Math.max(5, ...packages.map((p) => bytes(p.bytes).length));
  const files = Math.max(5, ...packages.map((p) => String(p.files).length));
  const layer = Math.max(5, ...packages.map((p) => packageLayer(p).length));
  const name = Math.min(40, Math.max(7, ...packages.map((p) => packageName(p).length)));
  const version = Math.min(28, Math.max(7, ...packages.map((p) => p.version.length)));
  const lines = [
    `  ${"Bytes".padStart(size)}  ${"Files".padStart(files)}  ${"Layer".padEnd(layer)}  ${"Package".padEnd(name)}  ${"Version".padEnd(version)}  Why`,
  ];
  for (const p of packages) {
    const line = `  ${bytes(p.bytes).padStart(size)}  ${String(p.files).padStart(files)}  ${packageLayer(p).padEnd(layer)}  ${clip(packageName(p), name).padEnd(name)}  ${clip(p.version, version).padEnd(version)}  ${printable(packageWhy(p))}`;
    lines.push(line.length <= width ? line : `${line.slice(0, width - 1)}…`);
  }
  return lines;
}

/** The "Packages" section of the text report: totals, the largest few, warnings. */
export function formatPackagesSection(report: PackageReport | undefined, width: number, top = 10): string[] {
  if (!report) return [];
  const shown = report.packages.slice(0, top);
  const lines = [`Packages${report.packages.length > shown.length ? ` (largest ${shown.length} of ${report.packages.length})` : ""}`];
  lines.push(`  ${packageTotalsLine(report)}`);
  if (shown.length > 0) lines.push(...formatPackageTable(shown, width));
  for (const warning of report.warnings) lines.push(`  warning: ${printable(warning)}`);
  return lines;
}

export function formatPackagesMarkdown(report: PackageReport | undefined, top = 10): string {
  if (!report) return "";
  const shown = report.packages.slice(0, top);
  const out = ["", `#### Packages${report.packages.length > shown.length ? ` (largest ${shown.length} of ${report.packages.length})` : ""}`, ""];
  out.push(mdCell(packageTotalsLine(report)), "");
  if (shown.length > 0) {
    out.push("| Bytes | Files | Layer | Package | Version | Why |", "|---:|---:|---|---|---|---|");
    for (const p of shown) {
      out.push(`| ${bytes(p.bytes)} | ${p.files} | ${packageLayer(p)} | ${mdCell(packageName(p))} | ${mdCell(p.version)} | ${mdCell(packageWhy(p))} |`);
    }
  }
  for (const warning of report.warnings) out.push("", `⚠️ ${mdCell(warning)}`);
  return out.join("\n") + "\n";
}
