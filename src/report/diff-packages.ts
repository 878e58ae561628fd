import type { PackageChange, PackageDiff } from "../diff/types.js";
import { printable } from "../text/escape.js";
import { signedBytes } from "../text/format.js";
import { mdCell } from "./format.js";

const KINDS = ["added", "removed", "upgraded", "resized"] as const;

function versions(change: PackageChange): string {
  if (change.baseVersion !== undefined && change.headVersion !== undefined && change.baseVersion !== change.headVersion) {
    return `${change.baseVersion} → ${change.headVersion}`;
  }
  return change.headVersion ?? change.baseVersion ?? "";
}

function layers(change: PackageChange): string {
  if (change.headLayer !== undefined) return `head layer ${change.headLayer}`;
  return `base layer ${change.baseLayer ?? "?"}`;
}

/** The summary line: counts of each kind and the change of the packages' bytes */
function packageDiffSummary(diff: PackageDiff): string {
  return `${KINDS.map((kind) => `${diff[kind].length} ${kind}`).join(", ")}; package bytes ${signedBytes(diff.bytes.delta)}`;
}

export function formatPackageDiffText(diff: PackageDiff | undefined, top: number): string[] {
  if (!diff) return [];
  const lines = [`Packages: ${packageDiffSummary(diff)}`];
  for (const kind of KINDS) {
    const list = diff[kind];
    if (list.length === 0) continue;
    lines.push(`  ${kind}: ${list.length}${list.length > top ? ` (largest ${top})` : ""}`);
    for (const change of list.slice(0, top)) {
      // names and versions come from the image's package databases: their control characters made visible
      lines.push(`    ${signedBytes(change.delta).padStart(10)}  ${printable(`${change.ecosystem}:${change.name} ${versions(change)}`)}  (${layers(change)})`);
    }
  }
  return lines;
}

export function formatPackageDiffMarkdown(diff: PackageDiff | undefined, top: number): string {
  if (!diff) return "";
  const out = ["", "#### Packages", "", mdCell(packageDiffSummary(diff))];
  const rows = KINDS.flatMap((kind) => diff[kind].slice(0, top).map((change) => ({ kind, change })));
  if (rows.length > 0) {
    out.push("", "| Change | Package | Version | Bytes | Layer |", "|---|---|---|---:|---|");
    for (const { kind, change } of rows) {
      out.push(
        `| ${kind} | ${mdCell(`${change.ecosystem}:${change.name}`)} | ${mdCell(versions(change))} | ${signedBytes(change.delta)} | ${layers(change)} |`,
      );
    }
  }
  return out.join("\n") + "\n";
}
