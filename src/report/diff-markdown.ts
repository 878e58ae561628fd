import { formatPackageDiffMarkdown } from "./diff-packages.js";
import { formatContentDiffMarkdown } from "./content-diff-text.js";
import type { FileChange, ImageDiff, TopList, WasteChange } from "../diff/types.js";
import { signedBytes } from "../text/format.js";
import { byteFigures, headlineFigures, pointsDelta, sideTitle, verdictIcon, verdictText } from "./diff-format.js";
import { bytes, clip, mdCell, percent, wasteKind, wasteLayers } from "./format.js";
import { codeCell, codeSpan, formatHintsMarkdown } from "./hints-markdown.js";
import { hintWhere } from "./hints-where.js";

/**
 * The diff as a pull-request comment or CI step summary: a headline (size Δ, efficiency Δ, verdict), the figures,
 * the changed layers, the new hints with their fixes, and the rest folded in <details>.
 */
export function formatDiffMarkdown(diff: ImageDiff, top = 10): string {
  const out: string[] = [];
  out.push(
    `### ${verdictIcon(diff)} layerscope diff: ${headlineFigures(diff)} — ${verdictText(diff)}`,
    "",
    `Base ${codeSpan(sideTitle(diff.base))} → head ${codeSpan(sideTitle(diff.head))}`,
    "",
    "| Figure | Base | Head | Δ |",
    "|---|---:|---:|---:|",
  );
  for (const [name, delta, change] of byteFigures(diff)) out.push(`| ${name} | ${bytes(delta.base)} | ${bytes(delta.head)} | ${change} |`);
  for (const [name, delta] of [
    ["Efficiency (layerscope)", diff.efficiency.layerscope],
    ["Efficiency (Dive)", diff.efficiency.dive],
  ] as const) {
    out.push(`| ${name} | ${percent(delta.base)} | ${percent(delta.head)} | ${pointsDelta(delta)} |`);
  }

  if (diff.checks.length > 0) {
    out.push("", "| Check | Status | Detail |", "|---|---|---|");
    for (const check of diff.checks) out.push(`| ${check.name} | ${check.status === "pass" ? "✅ pass" : "❌ fail"} | ${mdCell(check.message)} |`);
  }

  const { shared, onlyBase, onlyHead } = diff.layers;
  out.push("", `#### Changed layers (${shared.length} shared)`, "");
  if (onlyBase.length + onlyHead.length === 0) out.push("No layer changed.");
  else {
    out.push("| | Layer | Size | Instruction |", "|---|---:|---:|---|");
    for (const layer of onlyBase)
      out.push(`| ➖ base | ${layer.index} | ${bytes(layer.sizeBytes)} | ${codeCell(clip(layer.command || "(no command)", 100))} |`);
    for (const layer of onlyHead)
      out.push(`| ➕ head | ${layer.index} | ${bytes(layer.sizeBytes)} | ${codeCell(clip(layer.command || "(no command)", 100))} |`);
  }

  out.push("");
  if (diff.hints.new.length > 0) out.push(formatHintsMarkdown(diff.hints.new, "New hints").trimEnd());
  else out.push("No new hints.");

  if (diff.hints.gone.length > 0) {
    out.push(
      "",
      details(
        `Hints fixed (${diff.hints.gone.length})`,
        diff.hints.gone.map((hint) => `- \`${hint.id}\` (${hintWhere(hint)} of base): ${mdCell(hint.message)}`),
      ),
    );
  }
  const wasteTables = [...wasteTable("New waste", diff.waste.new, top), ...wasteTable("Waste gone", diff.waste.gone, top)];
  out.push(
    "",
    details(
      `Waste: ${diff.waste.new.count} new ${items(diff.waste.new.count)} (${bytes(diff.waste.new.bytes)}), ${diff.waste.gone.count} gone (${bytes(diff.waste.gone.bytes)})`,
      wasteTables,
    ),
  );
  const fileTables = (["added", "removed", "grown", "shrunk"] as const).flatMap((kind) => fileTable(kind, diff.files[kind], top));
  const counts = (["added", "removed", "grown", "shrunk"] as const).map((kind) => `${diff.files[kind].count} ${kind}`).join(", ");
  out.push("", details(`Largest file changes (${counts})`, fileTables));
  const packages = formatPackageDiffMarkdown(diff.packages, top);
  if (packages) out.push(packages.trimEnd());
  const content = formatContentDiffMarkdown(diff.content);
  if (content) out.push(content.trimEnd());
  return out.join("\n") + "\n";
}

function items(count: number): string {
  return count === 1 ? "item" : "items";
}

function details(summary: string, body: string[]): string {
  const lines = body.length > 0 ? body : ["None."];
  while (lines.at(-1) === "") lines.pop();
  return ["<details>", `<summary>${mdCell(summary)}</summary>`, "", ...lines, "", "</details>"].join("\n");
}

function wasteTable(title: string, list: TopList<WasteChange>, top: number): string[] {
  if (list.count === 0) return [];
  const rows = list.items
    .slice(0, top)
    .map((item) => `| ${bytes(item.bytes)} | ${mdCell(wasteKind(item))} | ${wasteLayers(item)} | ${mdCell(clip(item.path, 120))} |`);
  return [`**${title}** (${list.count}, ${bytes(list.bytes)})`, "", "| Bytes | Kind | Layers | Path |", "|---:|---|---|---|", ...rows, ""];
}

function fileTable(kind: string, list: TopList<FileChange>, top: number): string[] {
  if (list.count === 0) return [];
  const rows = list.items
    .slice(0, top)
    .map((item) => `| ${signedBytes(item.delta)} | ${bytes(item.baseBytes)} | ${bytes(item.headBytes)} | ${mdCell(clip(item.path, 120))} |`);
  return [`**${kind}** (${list.count})`, "", "| Δ | Base | Head | Path |", "|---:|---:|---:|---|", ...rows, ""];
}
