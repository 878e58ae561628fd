import type { Hint } from "../analysis/hints/types.js";
import { bytes, clip, mdCell } from "./format.js";
import { removableText, type RemovableTotal } from "./hints-removable.js";
import { hintWhere } from "./hints-where.js";

const ICON: Record<Hint["severity"], string> = { error: "🛑 error", warning: "⚠️ warning", info: "ℹ️ info" };

/**
 * The hints as a Markdown section (`#### Hints` and a table with the fix of each), or "" when there are none.
 * `title` replaces the heading (the diff report uses "New hints").
 */
export function formatHintsMarkdown(hints: readonly Hint[], title = "Hints", dockerfileName = "Dockerfile", removable?: RemovableTotal): string {
  if (hints.length === 0) return "";
  const out = [`#### ${title} (${hints.length})`, ""];
  if (removable) out.push(removableText(removable.bytes, removable.imageBytes), "");
  out.push("| Severity | Hint | Where | Bytes | Problem | Fix |", "|---|---|---|---:|---|---|");
  for (const hint of hints) {
    const where = hint.instruction ? `${hintWhere(hint, dockerfileName)}: ${codeCell(clip(hint.instruction, 60))}` : hintWhere(hint, dockerfileName);
    out.push(
      `| ${ICON[hint.severity]} | \`${hint.id}\` | ${where} | ${hint.bytes > 0 ? bytes(hint.bytes) : ""} | ${mdCell(hint.message)} | ${mdFix(hint.fix)} |`,
    );
  }
  return out.join("\n") + "\n";
}

/** The fix keeps its `code` spans; only what would break the table is escaped. */
function mdFix(text: string): string {
  return text.replace(/\s+/g, " ").replace(/\|/g, "\\|").replace(/</g, "&lt;");
}

/** Text as a code span inside a table cell: backticks would end the span, pipes the cell. */
export function codeCell(text: string): string {
  return codeSpan(text).replace(/\|/g, "\\|");
}

/** Text as a code span outside a table, where a backslash in a code span shows as it is: only backticks change. */
export function codeSpan(text: string): string {
  return "`" + text.replace(/\s+/g, " ").replace(/`/g, "'") + "`";
}
